"""Chart builders are plain functions: test the figures without a server."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import pytest

import strategy
from strategy import equal_value_share
from ui import charts
from ui.chart_style import GREY, LABEL_LINE
from ui.i18n import Translator

TR = Translator("en", "EUR")


def validated(figure: go.Figure) -> go.Figure:
    """The builders skip Plotly's validation for speed; check every property here instead
    (an invalid one raises), and hand back the figure with its arrays as built."""
    go.Figure({"data": [trace.to_plotly_json() for trace in figure.data],
               "layout": figure.layout.to_plotly_json()})
    return figure


@pytest.fixture(scope="module")
def scenario() -> strategy.Scenario:
    return strategy.Scenario(customers=20_000, retention_share=0.2)


def test_tradeoff_marks_the_best_split_the_plan_and_the_60_percent_band(scenario) -> None:
    best = strategy.best_split(scenario)
    figure = validated(charts.tradeoff_figure(strategy.tradeoff(scenario), best, TR))
    curve, best_marker, plan_marker = figure.data
    assert len(curve.x) == 201 and curve.y.dtype == np.float32
    assert (best_marker.x[0], best_marker.y[0]) == (best.best_share, best.best_value)
    assert (plan_marker.x[0], plan_marker.y[0]) == (0.2, best.plan_value)
    assert max(curve.y) <= np.float32(best.best_value)
    [band] = figure.layout.shapes
    assert (band.x0, band.x1) == charts.ESTABLISHED_BAND
    assert figure.layout.yaxis.title.text == "NPV of profit"


def test_base_chart_runs_both_plans_to_the_horizon(scenario) -> None:
    best = strategy.best_split(scenario)
    plan = strategy.simulate(scenario)
    best_run = strategy.simulate(scenario.model_copy(update={"retention_share": best.best_share}))
    figure = validated(charts.base_figure(plan, best_run, best, TR))
    assert [len(trace.x) for trace in figure.data] == [37, 37]
    assert figure.data[0].y[-1] == pytest.approx(plan.customers_end.iloc[-1], rel=1e-6)
    assert "20.0%" in figure.data[0].name


def test_marginal_chart_marks_where_the_values_are_equal_at_the_best_split(scenario) -> None:
    """Issue 14: the chart shows what the next 1,000 a month adds over the horizon on each side
    (linear: NPV per 1,000 can be negative), and its "equal" line is the best split, within
    the grid's step. The first-month cost crossing it replaced sat at 0.777 here, the best at
    0.680."""
    curve = strategy.marginal_curve(scenario)
    equal = equal_value_share(curve)
    best = strategy.best_split(scenario)
    assert equal is not None and abs(equal - best.best_share) <= 0.005
    retention = np.interp(equal, curve.retention_share, curve.value_of_next_step_retention)
    acquisition = np.interp(equal, curve.retention_share, curve.value_of_next_step_acquisition)
    assert retention == pytest.approx(acquisition, rel=0.02)
    figure = validated(charts.marginal_figure(curve, scenario.retention_share, TR))
    assert figure.layout.yaxis.type is None  # linear, not log
    assert figure.layout.yaxis.title.text == "Value of the next €1,000 a month"
    acquire_line, retain_line = figure.data
    assert np.allclose(retain_line.y, curve.value_of_next_step_retention, rtol=1e-6)
    assert np.allclose(acquire_line.y, curve.value_of_next_step_acquisition, rtol=1e-6)
    assert sorted(shape.x0 for shape in figure.layout.shapes) == sorted([equal, 0.2])
    assert [note.text for note in figure.layout.annotations] == ["Your plan", "Equal: best split"]


def test_the_value_axis_keeps_the_middle_in_view_when_an_end_explodes() -> None:
    """Where the first unit of one side's spend is worth a hundred times the rest (churn a hair
    above its floor), the axis stays on the part with the answer; otherwise it shows all."""
    flat = np.linspace(10.0, 20.0, 201)
    assert charts._value_view(flat, flat[::-1]) == pytest.approx([9.5, 20.5])
    spiky = flat.copy()
    spiky[0] = 5_000.0
    low, high = charts._value_view(spiky, flat[::-1])
    assert high < 40.0 and low < 10.0


def test_no_equal_point_when_retention_cannot_lower_churn() -> None:
    """Money spent on retention buys nothing here: acquisition is worth more at every split,
    the best split is all acquisition, and no "equal" line is drawn (only the plan's)."""
    scenario = strategy.Scenario(churn=0.03, churn_floor=0.03)
    curve = strategy.marginal_curve(scenario)
    assert equal_value_share(curve) is None
    assert (curve.value_of_next_step_retention < curve.value_of_next_step_acquisition).all()
    figure = validated(charts.marginal_figure(curve, scenario.retention_share, TR))
    assert len(figure.layout.shapes) == 1  # only the plan line


def test_charts_use_the_language_separators() -> None:
    scenario = strategy.Scenario()
    figure = validated(charts.tradeoff_figure(
        strategy.tradeoff(scenario), strategy.best_split(scenario), Translator("hu", "HUF")))
    assert figure.layout.separators == ",\u00a0"
    assert figure.layout.xaxis.title.text == "A költségvetés megtartásra jutó része"


@pytest.mark.parametrize("objective", ["npv", "customers"])
def test_figures_are_sent_exactly_as_plotly_would_send_them(objective: str) -> None:
    """The builders' figures encode their arrays themselves (faster); what Streamlit sends must
    be byte for byte what Plotly's own `to_dict` gives, with no template left to style them."""
    scenario = strategy.Scenario(objective=objective, market=80_000)
    result = strategy.analyse(scenario)
    best = result.recommendation.best
    for figure in (charts.tradeoff_figure(result.tradeoff, best, TR),
                   charts.base_figure(result.plan, result.best, best, TR),
                   charts.marginal_figure(result.marginal_curve, scenario.retention_share, TR)):
        ours, plotlys = figure.to_dict(), go.Figure.to_dict(figure)
        assert json.dumps(ours, sort_keys=True) == json.dumps(plotlys, sort_keys=True)
        assert all("bdata" in trace["y"] for trace in ours["data"] if len(trace["y"]) > 1)
        assert ours["layout"]["template"] == {}


def test_the_uncertainty_figures_are_valid_and_show_the_report() -> None:
    from strategy import strategy_map, tornado, uncertainty
    from ui import uncertainty_charts as uc

    scenario = strategy.Scenario(draws=200, months=12)
    report = uncertainty(scenario)
    band = validated(uc.band_figure(report, TR))
    low, high, median = band.data[0], band.data[1], band.data[2]
    assert np.allclose(low.y, report.p10, rtol=1e-6) and np.allclose(high.y, report.p90, rtol=1e-6)
    assert high.fill == "tonexty" and np.allclose(median.y, report.p50, rtol=1e-6)
    assert [trace.x[0] for trace in band.data[4:]] == [
        report.mean_best.share, report.robust.share, report.plan.share]
    fan = validated(uc.fan_figure(report, TR))
    assert len(fan.data[2].y) == scenario.months + 1
    bars = tornado(scenario)
    best = strategy.best_split(scenario)
    share = validated(uc.tornado_figure(bars, "share", best.best_share, "npv", TR))
    low_bars = share.data[0]
    assert low_bars.base == best.best_share
    assert np.allclose(np.asarray(low_bars.x) + best.best_share,
                       [bar.best_share_low for bar in bars][::-1], atol=1e-6)
    validated(uc.tornado_figure(bars, "value", best.best_value, "npv", TR))
    # Rows tall enough for the longest label (three lines of 16 px here): at 44 px a row, as
    # before, the last two labels ran into each other.
    lines = max(name.count("<br>") + 1 for name in low_bars.y)
    assert lines == 3 and share.layout.height >= len(bars) * (3 * 16 + 8) + 150
    found = strategy_map(scenario, "customers", "churn", points=6)
    heat = validated(uc.map_figure(found, TR))
    assert heat.layout.xaxis.type == "log" and heat.layout.yaxis.tickformat == ".0%"
    _, column = found.user_cell
    assert heat.data[2].x[0] == found.x_values[column] == scenario.customers
    assert heat.data[1].contours.start == 0.5
    # Hover writes the inputs out, as a percentage or in full (",.4g" gave "1.235e+5").
    assert "%{x:,.4~r}" in heat.data[0].hovertemplate
    assert "%{y:.1%}" in heat.data[0].hovertemplate


def test_shocks_of_the_same_month_share_one_mark(scenario) -> None:
    """Two shocks in month 12 and one in month 20: two marks, the first naming both, each at
    its own month's number (they were drawn a month early, at 11 and 19)."""
    plan = strategy.simulate(scenario)
    figure = validated(charts.stress_figure(
        [("plan", GREY, "solid", plan)],
        [(12, "the churn shock"), (20, "the launch"), (12, "the budget cut")], TR))
    assert [shape.x0 for shape in figure.layout.shapes] == [12, 20]
    assert [note.text for note in figure.layout.annotations] == [
        "the churn shock<br>the budget cut", "the launch"]
    # Above the plot (inside, they were written over the curves), each month's names on rows
    # of their own above the earlier month's, in a top margin with a row for every name.
    assert [(note.y, note.yanchor, note.yshift) for note in figure.layout.annotations] == [
        (1, "bottom", 0), (1, "bottom", 2 * LABEL_LINE)]
    unmarked = charts.stress_figure([("plan", GREY, "solid", plan)], [], TR)
    assert figure.layout.margin.t == unmarked.layout.margin.t + 3 * LABEL_LINE
    assert figure.layout.height == 360 + 3 * LABEL_LINE


def test_a_churn_shock_is_marked_where_its_drop_shows() -> None:
    """A quarter of the base lost in month 12: the line's point 12 (the base at the end of
    month 12) is the first one down, and the mark says 12, the month the user set."""
    shocked = strategy.Scenario(shock_loss=0.25, shock_month=12, budget=0)
    figure = validated(charts.stress_figure(
        [("plan", GREY, "solid", strategy.simulate(shocked))], [(12, "the shock")], TR))
    [line] = figure.data
    x, y = list(line.x), list(line.y)
    assert y[x.index(12)] < 0.8 * y[x.index(11)]
    assert y[x.index(11)] > 0.9 * y[x.index(10)]
    assert [shape.x0 for shape in figure.layout.shapes] == [12]


def _value_axes(language: str) -> dict[str, dict]:
    """Every builder's axis of counts or money, as sent, for a business big enough that its
    ticks reach the thousands and millions (where the abbreviations differ)."""
    from ui import calibrate_view as cv
    from ui import compare_charts as cc
    from ui.compare_table import entries_of
    from ui import uncertainty_charts as uc

    tr = Translator(language, "EUR")
    scenario = strategy.Scenario(customers=200_000, market=2_000_000, budget=400_000,
                                 draws=100, months=12)
    result = strategy.analyse(scenario)
    best = result.recommendation.best
    report = strategy.uncertainty(scenario)
    bars = strategy.tornado(scenario)
    entries = entries_of(strategy.Comparison.of(scenario))
    found = strategy.calibrate(strategy.read_orders(
        strategy.sample_orders_csv().encode()).table, None, None, base=scenario)
    figures = {
        "tradeoff": charts.tradeoff_figure(result.tradeoff, best, tr),
        "base": charts.base_figure(result.plan, result.best, best, tr),
        "marginal": charts.marginal_figure(result.marginal_curve, 0.2, tr),
        "stress": charts.stress_figure([("plan", GREY, "solid", result.plan)], [], tr),
        "compare_tradeoff": cc.tradeoff_overlay(entries, tr),
        "compare_base": cc.base_overlay(entries, tr),
        "bands": uc.band_figure(report, tr), "fan": uc.fan_figure(report, tr),
        "holdout": cv.holdout_figure(found.holdout, tr),
    }
    axes = {name: figure.to_dict()["layout"]["yaxis"] for name, figure in figures.items()}
    tornado = uc.tornado_figure(bars, "value", best.best_value, best.objective, tr)
    axes["tornado"] = tornado.to_dict()["layout"]["xaxis"]
    axes["newcomers"] = cv.months_figure(found.monthly, tr).to_dict()["layout"]["yaxis2"]
    return axes


@pytest.mark.parametrize("language", ["en", "hu"])
def test_value_axes_abbreviate_as_the_kpis_and_the_text(language: str) -> None:
    """Issue 18: "K"/"k" and "M"/"E" differed between KPI tiles, axes and text (Plotly's own
    ticks read "10k", "2M", "1G"). Every axis of counts or money is labelled by `tr.compact`,
    the KPIs' and the text's abbreviation, in both languages."""
    tr = Translator(language, "EUR")
    suffixes = set()
    for name, value_axis in _value_axes(language).items():
        ticks = value_axis.get("tickvals")
        assert ticks, f"{name}: Plotly's own tick labels"
        assert value_axis["ticktext"] == [tr.compact(tick) for tick in ticks], name
        suffixes |= {label.lstrip("-0123456789.,\u00a0 ") for label in value_axis["ticktext"]}
    assert suffixes - {""} <= ({"K", "M"} if language == "en" else {"E", "M"})
    assert suffixes - {""}, "no axis reached the thousands"


def test_the_outcomes_table_names_each_split_and_its_values_in_its_unit() -> None:
    from ui import uncertainty_charts as uc

    report = strategy.uncertainty(strategy.Scenario(draws=100, months=12))
    header, rows = uc.outcomes(report, TR)
    assert header[2:5] == ["P10", "P50", "P90"] and len(rows) == 3
    assert rows[2][1] == TR.percent(report.plan.share)
    assert rows[0][2] == charts.format_value(TR, report.objective, report.mean_best.p10)
