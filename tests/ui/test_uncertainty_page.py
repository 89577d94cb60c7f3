"""The uncertainty page through AppTest: bands from a link's ranges, seed and draws."""

from __future__ import annotations

import pytest

import strategy
from strategy import uncertainty
from ui.charts import format_value
from ui.i18n import Translator

from apptest import page_text, ranges_shown, results_tables
from test_explorer import _english_only_words

PAGE = "app_pages/uncertainty.py"
TR = Translator()
LINK = {"ranges": "churn_floor-0.005-0.02_cac_multiplier-3-8", "draws": "300", "seed": "7",
        "customers": "20000"}


def outcome_table(app) -> list[list[str]]:
    return results_tables(app)[0].value.values.tolist()


@pytest.mark.parametrize(("view", "charts", "tables"), [
    (None, ["band_alt", "fan_alt"], 1),  # the bands' tab, open by default
    ("sensitivity", ["tornado_share_alt", "tornado_value_alt"], 2),  # + where it changes side
    ("map", ["map_alt"], 1),
])
def test_the_page_runs_clean_and_computes_only_the_open_tab(
        open_app, view: str | None, charts: list[str], tables: int) -> None:
    """A slider move reruns only what is in view: the map (~0.4 s) only on its own tab."""
    app = open_app({} if view is None else {"view": view}, page=PAGE)
    assert not app.exception and not app.error and not app.warning
    drawn = [chart.proto.alt for chart in app.get("plotly_chart")]
    assert len(drawn) == len(charts)
    for alt, key in zip(drawn, charts, strict=True):
        assert alt.startswith(TR(f"uncertainty.{key}")[:30])
    assert len(results_tables(app)) == tables
    assert app.markdown[0].value.startswith("### On your point values")


def test_a_link_reproduces_the_bands(open_app) -> None:
    """Ranges, draws and seed come from the link; the table shows that exact Monte Carlo."""
    app = open_app(LINK, page=PAGE)
    assert not app.exception and not app.warning
    assert ranges_shown(app) == strategy.read_link(LINK).scenario.ranges
    report = uncertainty(strategy.read_link(LINK).scenario)
    value = lambda v: format_value(TR, "npv", v)
    assert outcome_table(app)[0] == [
        TR("uncertainty.row.mean_best"), TR.percent(report.mean_best.share),
        value(report.mean_best.p10), value(report.mean_best.p50), value(report.mean_best.p90),
        value(report.mean_best.mean)]
    again = open_app(LINK, page=PAGE)
    assert outcome_table(again) == outcome_table(app)
    other = open_app(LINK | {"seed": "8"}, page=PAGE)
    assert outcome_table(other) != outcome_table(app)


def test_without_ranges_the_page_says_how_to_add_them(open_app) -> None:
    app = open_app({"ranges": ""}, page=PAGE)
    assert not app.exception and not app.warning
    assert [info.value for info in app.info] == [TR("uncertainty.no_ranges")]
    mean_best, _, _ = outcome_table(app)
    assert mean_best[2] == mean_best[3] == mean_best[4]  # P10 = P50 = P90: no spread


def test_an_input_drives_the_answer(open_app) -> None:
    app = open_app(LINK, page=PAGE)
    before = outcome_table(app)
    app.number_input(key="customers").set_value(60_000).run()
    assert not app.exception
    assert outcome_table(app) != before


@pytest.mark.parametrize("axes", [("budget", "churn"), ("churn", "churn")])
def test_the_map_axes_come_from_the_link(open_app, axes: tuple[str, str]) -> None:
    x, y = axes
    app = open_app({"map_x": x, "map_y": y, "view": "map"}, page=PAGE)
    assert not app.exception and not app.error
    if x == y:
        assert TR("uncertainty.map_same") in [info.value for info in app.info]
        assert len(app.get("plotly_chart")) == 0
    else:
        assert app.selectbox(key="map_x").value == x and app.selectbox(key="map_y").value == y
        assert "Monthly marketing budget" in app.get("plotly_chart")[-1].proto.alt


def test_the_hungarian_page_has_no_english_left(open_app) -> None:
    app = open_app({"lang": "hu"}, page=PAGE)
    english = _english_only_words()
    leftovers = {word for text in page_text(app) for word in text.split()
                 if word.strip(".,:;()“”").lower() in english}
    assert not leftovers, leftovers
