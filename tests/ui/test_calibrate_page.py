"""The calibration page through AppTest (without a file: AppTest cannot upload; the browser
test uploads), and its view helpers on a real calibration."""

from __future__ import annotations

import numpy as np
import pytest

from strategy import Scenario
from strategy.calibration import calibrate
from strategy.orders import read_orders, sample_orders_csv, simulate_orders
from ui import calibrate_view as cv
from ui.i18n import Translator, catalog

from test_charts import validated

PAGE = "app_pages/calibrate.py"


@pytest.mark.parametrize("language", ["en", "hu"])
def test_without_a_file_the_page_asks_for_one(open_app, language: str) -> None:
    app = open_app({"lang": language}, page=PAGE)
    assert not app.exception and not app.error
    tr = Translator(language)
    assert [info.value for info in app.info] == [tr("calibrate.ask")]
    assert app.title[0].value == tr("calibrate.heading")


def test_a_link_straight_here_is_the_base_and_its_rejects_are_named(open_app) -> None:
    """What the data cannot tell keeps the link's values; what the link got wrong is said."""
    app = open_app({"lang": "en", "cac_multiplier": "4.5", "budget": "abc"}, page=PAGE)
    assert not app.exception and not app.error
    base = app.session_state["calibrate_base"]
    assert base.cac_multiplier == 4.5
    assert base.budget == Scenario().budget
    tr = Translator("en")
    [notice] = [w.value for w in app.warning if w.value.startswith(tr("notice.title"))]
    assert "budget = “abc”: not a number" in notice


@pytest.fixture(scope="module")
def found():
    orders = simulate_orders(months=18, customers=500, new_per_month=40, seed=2)
    return calibrate(orders)


@pytest.mark.parametrize("language", ["en", "hu"])
def test_every_estimate_and_method_is_worded(found, language: str) -> None:
    tr = Translator(language, "EUR")
    table = cv.summary(found, tr)
    assert len(table) == sum(np.isfinite(e.value) for e in found.estimates.values())
    assert all("{" not in text for text in table.to_numpy().ravel())
    words = catalog(language)
    for key, estimate in found.estimates.items():
        assert f"calibrate.estimate.{key}" in words and f"calibrate.method.{estimate.method}" in words
    assert table.iloc[1, 1] == tr.number(found.estimates["customers"].value)


def test_the_summary_csv_opens_in_excel_with_accents(found) -> None:
    data = cv.summary_csv(found, Translator("hu", "HUF"))
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Becslés" in data.decode("utf-8-sig").splitlines()[0]


def test_the_charts_show_the_months_and_cohorts(found) -> None:
    tr = Translator()
    months = validated(cv.months_figure(found.monthly, tr))
    assert len(months.data[0].x) == len(found.monthly)
    # Months as numbers ("2025-01"): Plotly's default date ticks name them in English.
    assert months.layout.xaxis.tickformat == months.layout.xaxis.hoverformat == "%Y-%m"
    cohorts = validated(cv.cohorts_figure(found.cohorts, tr))
    assert len(cohorts.data[0].z) == len(found.cohorts)


def test_the_sample_file_reads_cleanly() -> None:
    reading = read_orders(sample_orders_csv().encode())
    assert reading.report.problem is None and reading.report.used == reading.report.rows
