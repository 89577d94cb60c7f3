"""The calibration page through AppTest (without a file: AppTest cannot upload; the browser
test uploads), and its view helpers on a real calibration."""

from __future__ import annotations

import numpy as np
import pytest

from strategy import (
    PurchaseModel, Scenario, calibrate, read_link, read_orders, sample_orders, sample_orders_csv,
    simulate_orders,
)
from ui import calibrate_view as cv
from ui.fields import format_field
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
    same = found.estimates["churn"] == found.estimates["churn_observed"]  # shown once
    assert len(table) == sum(np.isfinite(e.value) for e in found.estimates.values()) - same
    assert all("{" not in text for text in table.to_numpy().ravel())
    words = catalog(language)
    for key, estimate in found.estimates.items():
        assert f"calibrate.estimate.{key}" in words
        assert f"calibrate.method.{estimate.method}" in words
    row = table[table.iloc[:, 0] == tr("calibrate.estimate.customers")]
    assert row.iloc[0, 1] == tr.number(found.estimates["customers"].value)
    assert table.iloc[0, 0] == tr("calibrate.estimate.customers")  # the scenario's first


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


# --- issue 14: the forecast check, intervals, a closed cohort, ranges ---------------------

TRUTH = PurchaseModel(0.5, 8.0, 0.9, 3.0, "weeks", 0, 0)


@pytest.fixture(scope="module")
def lapsing():
    return calibrate(sample_orders(TRUTH, 5_000, "2022-01-01", 730, "2024-01-01", seed=4))


@pytest.fixture(scope="module")
def closed():
    """Everybody joined in the first quarter of 2022."""
    return calibrate(sample_orders(TRUTH, 3_000, "2022-01-01", 90, "2023-09-30", seed=8))


@pytest.mark.parametrize("language", ["en", "hu"])
def test_the_holdout_check_is_a_sentence_and_a_chart(lapsing, language: str) -> None:
    tr = Translator(language, "EUR")
    holdout = lapsing.holdout
    text = cv.holdout_text(holdout, tr)
    assert "{" not in text and holdout.cutoff.strftime("%Y-%m-%d") in text
    assert tr.signed(tr.percent(holdout.revenue_error), holdout.revenue_error) in text
    figure = validated(cv.holdout_figure(holdout, tr))
    actual, forecast = figure.data
    assert len(actual.x) == len(holdout.monthly)
    assert len(forecast.x) == 1 + int(holdout.monthly["holdout"].sum())  # from the cut on
    assert figure.layout.shapes[0].x1 == actual.x[-1]
    assert "{" not in cv.model_text(lapsing.purchase_model, tr)
    assert tr("calibrate.time_unit.weeks") in cv.model_text(lapsing.purchase_model, tr)


@pytest.mark.parametrize("language", ["en", "hu"])
def test_no_interval_shown_reaches_below_zero(lapsing, language: str) -> None:
    """Before, churn was shown as "1.9% ± 1.2%" style spreads that reached below zero."""
    tr = Translator(language)
    table = cv.summary(lapsing, tr)
    assert not table.iloc[:, 2].str.contains("±").any()
    trend = table.iloc[:, 0] == tr("calibrate.estimate.churn_trend")  # a slope: may be < 0
    assert not table.loc[~trend].iloc[:, 2].str.contains("-[0-9]", regex=True).any()
    for key, estimate in lapsing.estimates.items():
        if estimate.interval is not None and cv.UNITS.get(key) in ("percent", "money", "count"):
            assert estimate.interval[0] >= 0, key


@pytest.mark.parametrize("language", ["en", "hu"])
def test_a_closed_cohort_is_named_and_the_link_says_what_it_assumed(closed,
                                                                     language: str) -> None:
    """Before: "0 ± 0 newcomers a month", and a link that silently kept 800 newcomers a month,
    CAC 150 and a 50,000 budget as if the data said so."""
    tr = Translator(language, "EUR")
    assert closed.closed_cohort
    table = cv.summary(closed, tr)
    assert tr("calibrate.estimate.new_customers") not in set(table.iloc[:, 0])
    base = Scenario()
    label, query, warning = cv.explorer_link(closed, base, tr)
    assert label == tr("calibrate.use_assumed")
    assert warning is not None and "{" not in warning
    for name in ("capacity", "cac", "budget", "retention_share"):
        assert cv.label(tr, name) in warning
        assert format_field(tr, name, getattr(base, name)) in warning
    assert query["capacity"] == str(base.capacity) and query["lang"] == language
    notice = tr("calibrate.calibration_notice.closed_cohort",
                month=closed.last_newcomer.strftime("%Y-%m"))
    assert closed.last_newcomer.strftime("%Y-%m") in notice and "2022-0" in notice


def test_an_open_business_link_assumes_nothing(lapsing) -> None:
    label, _, warning = cv.explorer_link(lapsing, Scenario(), Translator())
    assert (label, warning) == (Translator()("calibrate.use"), None)


def test_the_intervals_open_the_uncertainty_page_as_ranges(lapsing) -> None:
    query = cv.uncertainty_query(lapsing, Translator("hu", "HUF"))
    reading = read_link({key: value for key, value in query.items()
                         if key not in ("lang", "currency")})  # the frame's, not the scenario's
    assert not reading.problems
    ranged = {item.field for item in reading.scenario.ranges}
    assert {"customers", "churn", "arpu", "cac_multiplier"} <= ranged
    churn = reading.scenario.range_of("churn")
    low, high = lapsing.estimates["churn"].interval
    assert 0 <= churn.low <= low and high <= churn.high <= 0.5
    assert query["lang"] == "hu" and query["currency"] == "HUF"
