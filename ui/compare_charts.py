"""The compare page's figures (no Streamlit): each scenario's curve overlaid on one chart.

Figures are plain specs like `ui.charts`, one colour and one dash per scenario (Okabe–Ito, so
they stay apart with the common colour-vision deficiencies and in black and white). Scenario
names are user text: Plotly reads a little HTML in trace names, so they go in escaped.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go

from strategy import LETTERS

from .chart_style import (
    BLUE, BROWN, GREEN, SHARE_AXIS, VERMILION, axis, f32, figure, value_axis,
)
from .charts import customers_figure, customers_trace, objective_column
from .compare_table import Entry, heading
from .i18n import Translator

COLOURS = (BLUE, BROWN, GREEN, VERMILION)
DASHES = ("solid", "dash", "dot", "dashdot")
SYMBOLS = ("star", "diamond", "square", "triangle-up")


def _trace_name(letter: str, name: str) -> str:
    return html.escape(heading(letter, name, 30))


def tradeoff_overlay(entries: Sequence[Entry], tr: Translator) -> go.Figure:
    """Each scenario's objective across all splits, its best split starred. The entries share
    one objective (the page draws one chart per objective)."""
    traces: list[dict[str, Any]] = []
    for letter, name, _, result in entries:
        index = LETTERS.index(letter)
        best = result.recommendation.best
        shown = _trace_name(letter, name)
        traces += [
            {"type": "scatter", "x": f32(result.tradeoff["retention_share"]),
             "y": f32(result.tradeoff[objective_column(best.objective)]), "mode": "lines",
             "name": shown, "legendgroup": letter,
             "line": {"color": COLOURS[index], "width": 3, "dash": DASHES[index]},
             "hovertemplate": f"{shown}: %{{y:,.0f}}<extra></extra>"},
            {"type": "scatter", "x": [best.best_share], "y": [best.best_value],
             "mode": "markers", "name": f"{shown}: {tr('chart.best')}", "legendgroup": letter,
             "showlegend": False,
             "marker": {"color": COLOURS[index], "size": 14, "symbol": SYMBOLS[index],
                        "line": {"width": 1, "color": "white"}},
             "hovertemplate": f"{shown}, {tr('chart.best')}: %{{y:,.0f}}<extra></extra>"},
        ]
    objective = tr(f"objective.{entries[0][3].recommendation.best.objective}")
    return figure(tr, traces, axis(tr("chart.share_axis"), **SHARE_AXIS),
                  value_axis(tr, objective, traces))


def base_overlay(entries: Sequence[Entry], tr: Translator) -> go.Figure:
    """Customers month by month, each scenario at its own best split."""
    traces: list[dict[str, Any]] = []
    for letter, name, _, result in entries:
        index = LETTERS.index(letter)
        shown = _trace_name(letter, name)
        share = tr.percent(result.recommendation.best.best_share)
        traces.append(customers_trace(
            result.best, tr("compare.base_trace", name=shown, share=share), COLOURS[index],
            DASHES[index], hover=f"{shown}: %{{y:,.0f}}<extra></extra>"))
    return customers_figure(tr, traces)
