"""Chart builders: plain functions from engine results to Plotly figures (no Streamlit).

Figures are written as plain specs and wrapped without Plotly's per-property validation, which
costs more than everything else on a rerun; the tests validate every figure in full instead.
Colours are told apart with the common colour-vision deficiencies and stand out in both themes.
Arrays go out as float32: half the bytes, and far more precision than a chart can show.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from copy import deepcopy
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from strategy import BestSplit
from strategy.economics import NEXT_BUDGET_STEP, equal_value_share

from .i18n import Translator

# What the builders read: the engine's named columns, or the DataFrame of a public function.
Table = Mapping[str, np.ndarray] | pd.DataFrame

# Okabe–Ito's blue, bluish green, vermilion and reddish purple, with a brown in place of its
# orange and a darker grey: every mark stands 3:1 or more against the chart in the light and
# the dark theme (WCAG 1.4.11; the orange gave 2.25:1, the grey 2.85:1 on white), and any two
# stay ΔE00 ≥ 10 apart for typical vision and the three dichromacies; periwinkle is a seventh
# for the stress chart's seven lines (tests/browser/test_keyboard_and_colour.py checks both).
BLUE, BROWN, GREEN, VERMILION = "#0072B2", "#8C5C38", "#009E73", "#D55E00"
PURPLE, GREY, PERIWINKLE = "#CC79A7", "#666666", "#8088F8"
ESTABLISHED_BAND = (0.55, 0.65)  # SOURCES.md: established businesses put ~60% into retention
_SHARE_AXIS = {"tickformat": ".0%", "range": [-0.02, 1.02]}
# Streamlit's frontend styles every chart for the app's theme itself; the Plotly template it
# registers adds only default colour scales and a colourway, which these charts set themselves.
# Leaving it out halves the bytes of each figure and a third of its cost on a rerun.
_NO_TEMPLATE: dict[str, Any] = {}
# Margins wide enough for the axes' ticks and titles, so the axes do not push them
# (`automargin`): a push that differs from the last draw makes Plotly draw the chart twice,
# which it did on nearly every slider move (new tick labels), a third of the browser's work.
_MARGIN = {"l": 70, "r": 10, "t": 30, "b": 50}
_LABEL_LINE = 16  # pixels: a line of annotation text
_TYPED_ARRAY_TYPES = {"float32": "f4", "int16": "i2"}  # the array types the builders write


def _figure(tr: Translator, traces: list[dict[str, Any]], x_axis: dict[str, Any],
            y_axis: dict[str, Any], shapes: list[dict[str, Any]] = (),
            annotations: list[dict[str, Any]] = (), legend_y: float = -0.2,
            label_lines: int = 0) -> go.Figure:
    """Shared look. Titles are written by the page above each chart, where they can wrap
    on a phone; Plotly titles cannot. `label_lines` of text get room above the plot."""
    layout = {
        "height": 360 + _LABEL_LINE * label_lines,
        "margin": {**_MARGIN, "t": _MARGIN["t"] + _LABEL_LINE * label_lines},
        "legend": {"orientation": "h", "yanchor": "top", "y": legend_y, "x": 0},
        "hovermode": "x unified",
        "separators": tr.separators,
        "xaxis": {"automargin": False, **x_axis},
        "yaxis": {"automargin": False, **y_axis},
        "shapes": list(shapes),
        "annotations": list(annotations),
        "template": _NO_TEMPLATE,
    }
    return _Figure({"data": traces, "layout": layout}, _validate=False)


class _Figure(go.Figure):
    """A figure whose only arrays are its traces' top-level ones (`x`, `y`), as the builders
    write them. Streamlit sends a figure as `to_dict()`, which walks every property looking
    for arrays to encode; knowing where they are, this one encodes just those, at a third of
    the cost. The result is what Plotly's own `to_dict()` returns."""

    def to_dict(self) -> dict[str, Any]:
        data = [{key: _typed_array(value) if isinstance(value, np.ndarray) else value
                 for key, value in deepcopy(trace).items()} for trace in self._data]
        return {"data": data, "layout": deepcopy(self._layout)}


def _typed_array(values: np.ndarray) -> dict[str, str]:
    """Plotly.js's typed-array form of a 1-d array: its bytes in base64, little-endian."""
    values = np.ascontiguousarray(values, dtype=values.dtype.newbyteorder("<"))
    return {"dtype": _TYPED_ARRAY_TYPES[values.dtype.name],
            "bdata": base64.b64encode(values.data).decode("ascii")}


def _axis(title: str, **settings: Any) -> dict[str, Any]:
    return {"title": {"text": title}, **settings}


def _f32(values: pd.Series | np.ndarray) -> np.ndarray:
    return np.asarray(values, dtype=np.float32)


def _vertical_line(x: float, colour: str, dash: str, label: str, vertical: str
                   ) -> tuple[dict[str, Any], dict[str, Any]]:
    """A full-height line and its label, the label on the side facing the middle so it is
    never cut at the edge of the chart."""
    line = {"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1, "yref": "paper",
            "line": {"color": colour, "width": 2, "dash": dash}}
    label = {"x": x, "xref": "x", "y": 1 if vertical == "top" else 0, "yref": "paper",
             "text": label, "showarrow": False, "xanchor": "right" if x > 0.5 else "left",
             "yanchor": vertical}
    return line, label


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
        {"type": "scatter", "x": _f32(curve["retention_share"]),
         "y": _f32(curve[objective_column(best.objective)]), "mode": "lines", "name": objective,
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
    return _figure(tr, traces, _axis(tr("chart.share_axis"), **_SHARE_AXIS), _axis(objective),
                   [band], [band_label])


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
            "y": _f32(customers), "mode": "lines", "name": name,
            "line": {"color": colour, "width": 3, "dash": dash}, "hovertemplate": hover}


def customers_figure(tr: Translator, traces: list[dict[str, Any]],
                     shapes: list[dict[str, Any]] = (),
                     annotations: list[dict[str, Any]] = (),
                     legend_y: float = -0.2, label_lines: int = 0) -> go.Figure:
    """Customer lines over the months, the axis starting at 0."""
    return _figure(tr, traces, _axis(tr("chart.month_axis")),
                   _axis(tr("chart.customers_axis"), rangemode="tozero"), shapes, annotations,
                   legend_y, label_lines)


def _log_ticks(low: float, high: float, tr: Translator) -> dict[str, Any]:
    """Readable ticks for a log axis: 1-2-5 steps over a short range, decades over a long one,
    every label a full number in the user's locale."""
    steps = (1, 2, 5) if np.log10(high / low) < 3 else (1,)
    ticks = [step * 10.0 ** power
             for power in range(int(np.floor(np.log10(low))), int(np.ceil(np.log10(high))) + 1)
             for step in steps]
    ticks = [tick for tick in ticks if low / 1.3 <= tick <= high * 1.3]
    return {"type": "log", "range": [np.log10(low) - 0.1, np.log10(high) + 0.1],
            "tickvals": ticks,
            "ticktext": [_tick_label(tr, tick) for tick in ticks]}


@lru_cache(maxsize=512)
def _tick_label(tr: Translator, tick: float) -> str:
    """A 1-2-5 tick's label; the same few recur on every rerun, and Babel is slow to format."""
    return tr.compact(tick) if tick >= 1 else tr.number(tick, int(-np.floor(np.log10(tick))))


def marginal_figure(curve: Table, plan_share: float, tr: Translator) -> go.Figure:
    """What the next step of monthly budget adds to the objective over the horizon through
    retention and through acquisition, at every split (the derivative with respect to each
    side's spend, as that step's worth). The split where the two are equal is the best one;
    it is marked, with the plan."""
    retention = np.asarray(curve["value_of_next_step_retention"])
    acquisition = np.asarray(curve["value_of_next_step_acquisition"])
    traces = [
        {"type": "scatter", "x": _f32(curve["retention_share"]), "y": _f32(values),
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
    return _figure(tr, traces, _axis(tr("chart.share_axis"), **_SHARE_AXIS),
                   _axis(tr("chart.marginal.axis", step=tr.money(NEXT_BUDGET_STEP)),
                         range=_value_view(retention, acquisition)),
                   [line for line, _ in lines], [label for _, label in lines])


def _value_view(*lines: np.ndarray) -> list[float]:
    """The value axis's range: every value, unless a few (where one side's first unit of
    spend is worth a great deal, at an end of the grid) would flatten the rest; those leave
    the chart above or below, no further than one spread of the middle 90% beyond it."""
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
        text.update(y=1, yshift=_LABEL_LINE * below, align="left",
                    xanchor="right" if month > horizon / 2 else "left")
        below += len(names)
        shapes.append(line)
        labels.append(text)
    # A line per case: lower legend, or on a phone they wrap onto "Month".
    return customers_figure(tr, traces, shapes, labels, legend_y=-0.3, label_lines=below)
