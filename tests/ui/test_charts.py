"""Chart builders are plain functions: test the figures without a server."""

from __future__ import annotations

import json

import numpy as np
import plotly.graph_objects as go
import pytest

import strategy
from ui import charts
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


def test_marginal_chart_marks_where_the_costs_cross(scenario) -> None:
    curve = strategy.marginal_curve(scenario)
    cross = charts.crossing_share(curve)
    assert cross is not None and 0 < cross < 1
    acquire, retain = np.interp(cross, curve.retention_share,
                                curve.marginal_cost_acquire), np.interp(
        cross, curve.retention_share, curve.marginal_cost_retain)
    assert acquire == pytest.approx(retain, rel=0.02)
    figure = validated(charts.marginal_figure(curve, scenario.retention_share, TR))
    assert figure.layout.yaxis.type == "log"
    assert sorted(shape.x0 for shape in figure.layout.shapes) == sorted([cross, 0.2])


def test_no_crossing_when_retention_cannot_lower_churn() -> None:
    scenario = strategy.Scenario(churn=0.03, churn_floor=0.03)
    curve = strategy.marginal_curve(scenario)
    assert charts.crossing_share(curve) is None
    figure = validated(charts.marginal_figure(curve, scenario.retention_share, TR))
    assert np.isnan(figure.data[1].y).all()  # retaining is impossible: nothing drawn
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
