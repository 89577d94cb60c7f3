"""Chart builders: plain functions from engine results to Plotly figures (no Streamlit).

The shared look, palette and array handling are `chart_style`'s.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from strategy import NEXT_BUDGET_STEP, BestSplit, equal_value_share

from .chart_style import (
    BLUE, BROWN, GREEN, GREY, LABEL_LINE, SHARE_AXIS, VERMILION, axis, f32, figure, value_axis,
    value_ticks,
)
from .i18n import Translator

# What the builders read: the engine's named columns, or the DataFrame of a public function.
Table = Mapping[str, np.ndarray] | pd.DataFrame
ESTABLISHED_BAND = (0.55, 0.65)  # SOURCES.md: established businesses put ~60% into retention


def _vertical_line(x: float, colour: str, dash: str, label: str, vertical: str
                   ) -> tuple[dict[str, Any], dict[str, Any]]:
    """A full-height line and its label, on the side facing the middle so it is never cut."""
    line = {"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1, "yref": "paper",
            "line": {"color": colour, "width": 2, "dash": dash}}
    note = {"x": x, "xref": "x", "y": 1 if vertical == "top" else 0, "yref": "paper",
            "text": label, "showarrow": False, "xanchor": "right" if x > 0.5 else "left",
            "yanchor": vertical}
    return line, note


def objective_column(objective: str) -> str:
    """Column of `strategy.tradeoff` that holds an objective."""
    return "customers_end" if objective == "customers" else objective


def format_value(tr: Translator, objective: str, value: float) -> str:
    """An objective's value in its unit: customers as a count, the others as money."""
    return tr.compact(value) if objective == "customers" else tr.money(value, compact=True)


def tradeoff_figure(curve: Table, best: BestSplit, tr: Translator) -> go.Figure:
    """The objective across all splits, the best and the plan marked, and the ~60% band."""
    objective = tr(f"objective.{best.objective}")
    band = {"type": "rect", "x0": ESTABLISHED_BAND[0], "x1": ESTABLISHED_BAND[1], "xref": "x",
            "y0": 0, "y1": 1, "yref": "paper", "fillcolor": GREY, "opacity": 0.18,
            "line": {"width": 0}, "layer": "below"}
    band_label = {"x": ESTABLISHED_BAND[0], "xref": "x", "y": 1, "yref": "paper",
                  "text": tr("chart.tradeoff.band"), "showarrow": False, "xanchor": "left",
                  "yanchor": "top", "font": {"size": 11}, "align": "left"}
    traces = [
        {"type": "scatter", "x": f32(curve["retention_share"]),
         "y": f32(curve[objective_column(best.objective)]), "mode": "lines", "name": objective,
         "line": {"color": BLUE, "width": 3}, "hovertemplate": "%{y:,.0f}<extra></extra>"},
        {"type": "scatter", "x": [best.best_share], "y": [best.best_value], "mode": "markers",
         "name": tr("chart.best"), "marker": {"color": GREEN, "size": 14, "symbol": "star"},
         "hovertemplate": f"{tr('chart.best')}: %{{y:,.0f}}<extra></extra>"},
        {"type": "scatter", "x": [best.plan_share], "y": [best.plan_value], "mode": "markers",
         "name": tr("chart.plan"),
         "marker": {"color": VERMILION, "size": 12, "symbol": "circle-open",
                    "line": {"width": 3}},
         "hovertemplate": f"{tr('chart.plan')}: %{{y:,.0f}}<extra></extra>"},
    ]
    return figure(tr, traces, axis(tr("chart.share_axis"), **SHARE_AXIS),
                  value_axis(tr, objective, traces), [band], [band_label])


def base_figure(plan: Table, best: Table, shares: BestSplit,
                tr: Translator) -> go.Figure:
    """Customers month by month under the plan and under the best split."""
    return customers_figure(tr, [
        customers_trace(plan, tr("chart.base.plan", share=tr.percent(shares.plan_share)),
                        VERMILION, "dot"),
        customers_trace(best, tr("chart.base.best", share=tr.percent(shares.best_share)),
                        GREEN, "solid"),
    ])


def customers_trace(months: Table, name: str, colour: str, dash: str,
                    hover: str = "%{y:,.0f}") -> dict[str, Any]:
    """One trajectory's line: customers at the start of each month, and after the last."""
    steps = np.asarray(months["month"])
    customers = np.append(months["customers"], np.asarray(months["customers_end"])[-1])
    return {"type": "scatter", "x": np.append(steps, len(steps)).astype(np.int16),
            "y": f32(customers), "mode": "lines", "name": name,
            "line": {"color": colour, "width": 3, "dash": dash}, "hovertemplate": hover}


def customers_figure(tr: Translator, traces: list[dict[str, Any]],
                     shapes: Sequence[dict[str, Any]] = (),
                     annotations: Sequence[dict[str, Any]] = (),
                     legend_y: float = -0.2, label_lines: int = 0) -> go.Figure:
    """Customer lines over the months, the axis starting at 0."""
    return figure(tr, traces, axis(tr("chart.month_axis")),
                  value_axis(tr, tr("chart.customers_axis"), traces, zero=True), shapes,
                  annotations, legend_y, label_lines)


def marginal_figure(curve: Table, plan_share: float, tr: Translator) -> go.Figure:
    """What the next step of monthly budget adds to the objective over the horizon through
    retention and through acquisition, at every split (the derivative with respect to each
    side's spend, as that step's worth). The split where the two are equal is the best one;
    it is marked, with the plan."""
    retention = np.asarray(curve["value_of_next_step_retention"])
    acquisition = np.asarray(curve["value_of_next_step_acquisition"])
    traces = [
        {"type": "scatter", "x": f32(curve["retention_share"]), "y": f32(values),
         "mode": "lines", "name": tr(key), "line": {"color": colour, "width": 3, "dash": dash},
         "hovertemplate": "%{y:,.0f}"}
        for values, key, colour, dash in (
            (acquisition, "chart.marginal.acquire", BROWN, "solid"),
            (retention, "chart.marginal.retain", BLUE, "dash"),
        )
    ]
    lines = [_vertical_line(plan_share, VERMILION, "dot", tr("chart.plan"), "bottom")]
    equal = equal_value_share(curve)
    if equal is not None:
        lines.append(_vertical_line(equal, GREEN, "solid", tr("chart.marginal.cross"), "top"))
    view = _value_view(retention, acquisition)
    return figure(tr, traces, axis(tr("chart.share_axis"), **SHARE_AXIS),
                  axis(tr("chart.marginal.axis", step=tr.money(NEXT_BUDGET_STEP)),
                       range=view, **value_ticks(tr, view)),
                  [line for line, _ in lines], [label for _, label in lines])


def _value_view(*lines: np.ndarray) -> list[float]:
    """The value axis's range: a few outliers at the grid's ends must not flatten the rest."""
    values = np.concatenate(lines)
    low, high = np.percentile(values, [5, 95])
    spread = max(high - low, 1e-9 * max(abs(low), abs(high), 1.0))
    bottom = max(float(values.min()), low - spread)
    top = min(float(values.max()), high + spread)
    pad = 0.05 * (top - bottom) or 1.0
    return [bottom - pad, top + pad]


def stress_figure(lines: list[tuple[str, str, str, Table]], marks: list[tuple[int, str]],
                  tr: Translator) -> go.Figure:
    """Customers month by month under each case (label, colour, dash, months), with each
    shock's month marked. Months count from 1 and the line's point k is the base at the end of
    month k (0: today), so a shock of month 12 is marked at 12, where its drop shows. Shocks
    of the same month share one mark, their names one under the other, above the plot."""
    traces = [customers_trace(months, label, colour, dash)
              for label, colour, dash, months in lines]
    horizon = max(len(np.asarray(months["month"])) for *_, months in lines)
    by_month: dict[int, list[str]] = {}
    for month, label in marks:
        if month <= horizon:
            by_month.setdefault(month, []).append(label)
    shapes, labels, below = [], [], 0
    for month, names in sorted(by_month.items()):
        # The names above the plot, where no line runs (inside, they were written over the
        # curves, which sit near the top: the base is rarely lost), each month's on rows of
        # their own above the earlier months', so no two collide even on a phone.
        line, text = _vertical_line(month, GREY, "dot", "<br>".join(names), "bottom")
        text.update(y=1, yshift=LABEL_LINE * below, align="left",
                    xanchor="right" if month > horizon / 2 else "left")
        below += len(names)
        shapes.append(line)
        labels.append(text)
    # A line per case: lower legend, or on a phone they wrap onto "Month".
    return customers_figure(tr, traces, shapes, labels, legend_y=-0.3, label_lines=below)
