"""Chart builders of the uncertainty page: bands, fan, tornado and the strategy map, and the
table of outcomes (no Streamlit). Same conventions as `charts`: plain specs, Okabe–Ito
colours, float32 arrays."""

from __future__ import annotations

import textwrap
from typing import Any, Literal

import numpy as np
import plotly.graph_objects as go

from strategy import LOG_FIELDS, Outcome, StrategyMap, TornadoBar, UncertaintyReport

from .chart_style import (
    BLUE, BROWN, GREEN, GREY, LABEL_LINE, SHARE_AXIS, VERMILION, axis, f32, figure, log_ticks,
    value_axis, value_ticks,
)
from .charts import customers_figure, format_value
from .fields import DISPLAY, format_field
from .i18n import Translator

BAND = "rgba(0, 114, 178, 0.22)"  # BLUE, see-through
# Best retention share: blue where acquisition leads, through pale grey to orange where
# retention leads (a diverging scale that colour-blind viewers can read).
# A fill, not a mark: Okabe–Ito orange reads better than the brown across a heatmap.
SHARE_SCALE = [[0.0, BLUE], [0.5, "#F0F0F0"], [1.0, "#E69F00"]]


def field_name(tr: Translator, field: str) -> str:
    return tr(f"field.{field}.label", currency=tr.currency)


def _band(x: np.ndarray, low: np.ndarray, high: np.ndarray, name: str) -> list[dict[str, Any]]:
    """A shaded band between two lines: the low edge, then the high edge filled down to it."""
    edge = {"type": "scatter", "x": x, "mode": "lines", "line": {"width": 0},
            "hoverinfo": "skip"}
    return [edge | {"y": f32(low), "showlegend": False},
            edge | {"y": f32(high), "fill": "tonexty", "fillcolor": BAND, "name": name}]


def _marker(outcome: Outcome, value: float, name: str, colour: str, symbol: str
            ) -> dict[str, Any]:
    return {"type": "scatter", "x": [outcome.share], "y": [value], "mode": "markers",
            "name": name, "marker": {"color": colour, "size": 13, "symbol": symbol,
                                     "line": {"width": 2, "color": colour}},
            "hovertemplate": f"{name}: %{{y:,.0f}}<extra></extra>"}


def outcomes(report: UncertaintyReport, tr: Translator) -> tuple[list[str], list[list[str]]]:
    """What each split worth comparing risks: its bad case, middle, good case and mean."""
    header = [tr("uncertainty.column.split"), tr("uncertainty.column.share"), "P10", "P50",
              "P90", tr("uncertainty.column.mean")]
    rows = [[tr(f"uncertainty.row.{name}"), tr.percent(outcome.share),
             *(format_value(tr, report.objective, value)
               for value in (outcome.p10, outcome.p50, outcome.p90, outcome.mean))]
            for name, outcome in (("mean_best", report.mean_best), ("robust", report.robust),
                                  ("plan", report.plan))]
    return header, rows


def band_figure(report: UncertaintyReport, tr: Translator) -> go.Figure:
    """The objective across splits: P10–P90 band, median, the point values' curve, and the
    splits that win on average, in the bad case, and the plan (each at its P10)."""
    objective = tr(f"objective.{report.objective}")
    shares = f32(report.shares)
    traces = [
        *_band(shares, report.p10, report.p90, tr("uncertainty.chart.band")),
        {"type": "scatter", "x": shares, "y": f32(report.p50), "mode": "lines",
         "name": tr("uncertainty.chart.median"), "line": {"color": BLUE, "width": 3},
         "hovertemplate": "%{y:,.0f}"},
        {"type": "scatter", "x": shares, "y": f32(report.deterministic), "mode": "lines",
         "name": tr("uncertainty.chart.point"), "line": {"color": GREY, "width": 2,
                                                          "dash": "dot"},
         "hovertemplate": "%{y:,.0f}"},
        _marker(report.mean_best, report.mean_best.mean, tr("uncertainty.row.mean_best"),
                GREEN, "star"),
        _marker(report.robust, report.robust.p10, tr("uncertainty.row.robust"), BROWN,
                "diamond"),
        _marker(report.plan, report.plan.p50, tr("uncertainty.row.plan"), VERMILION,
                "circle-open"),
    ]
    # Six legend entries, lower: on a phone they wrap onto the axis title.
    return figure(tr, traces, axis(tr("chart.share_axis"), **SHARE_AXIS),
                  value_axis(tr, objective, traces), legend_y=-0.3)


def fan_figure(report: UncertaintyReport, tr: Translator) -> go.Figure:
    """Customers month by month at the split best on average: P10–P90 and the median."""
    months = np.arange(report.fan_p50.size).astype(np.int16)
    traces = [*_band(months, report.fan_p10, report.fan_p90, tr("uncertainty.chart.band")),
              {"type": "scatter", "x": months, "y": f32(report.fan_p50), "mode": "lines",
               "name": tr("uncertainty.chart.median"), "line": {"color": BLUE, "width": 3},
               "hovertemplate": "%{y:,.0f}"}]
    return customers_figure(tr, traces)


_TORNADO_ROW_GAP, _TORNADO_FRAME = 8, 150  # pixels
# What a tornado's bars measure: the best share, or the objective's value there.
Measure = Literal["share", "value"]


def tornado_figure(bars: tuple[TornadoBar, ...], measure: Measure,
                   centre: float, objective: str, tr: Translator) -> go.Figure:
    """Each input's low and high end side by side, as bars from `centre` (the best share, or
    its value, on the point values), in the order given (largest swing first, on top)."""
    # Long labels wrapped, so the bars keep their room on a phone; a long word stays whole
    # ("marketingköltségvetés").
    names = ["<br>".join(textwrap.wrap(field_name(tr, bar.field), 20, break_long_words=False))
             for bar in bars][::-1]
    ends: dict[str, list[float]] = {"low": [], "high": []}
    for bar in bars[::-1]:
        ends["low"].append(bar.best_share_low if measure == "share" else bar.best_value_low)
        ends["high"].append(bar.best_share_high if measure == "share" else bar.best_value_high)
    shown = (lambda v: tr.percent(v)) if measure == "share" else (
        lambda v: format_value(tr, objective, v))
    traces = []
    for end, colour in (("low", BLUE), ("high", BROWN)):
        values = np.asarray(ends[end], dtype=float)
        inputs = [format_field(tr, bar.field, getattr(bar, end)) for bar in bars[::-1]]
        traces.append({
            "type": "bar", "orientation": "h", "y": names, "x": f32(values - centre),
            "base": float(centre), "name": tr(f"uncertainty.chart.{end}_end"),
            "marker": {"color": colour},
            "customdata": [[value, given] for value, given in zip(
                [shown(v) for v in values], inputs, strict=True)],
            "hovertemplate": "%{customdata[1]}: %{customdata[0]}<extra></extra>"})
    measured = axis(tr("uncertainty.chart.best_share") if measure == "share"
                    else tr(f"objective.{objective}"),
                    **({"tickformat": ".0%"} if measure == "share" else value_ticks(
                        tr, [centre], *(ends.values()))))
    chart = figure(tr, traces, measured, {"automargin": True}, [{
        "type": "line", "x0": centre, "x1": centre, "xref": "x", "y0": 0, "y1": 1,
        "yref": "paper", "line": {"color": GREY, "width": 2, "dash": "dot"}}])
    # Each row as tall as its longest wrapped label and a gap, so neighbours do not touch; the
    # rest is the margins and the legend below.
    row = LABEL_LINE * max(name.count("<br>") + 1 for name in names) + _TORNADO_ROW_GAP
    chart.update_layout(barmode="overlay", hovermode="closest",
                        height=max(260, row * len(bars) + _TORNADO_FRAME))
    return chart


def map_figure(found: StrategyMap, tr: Translator) -> go.Figure:
    """The best retention share over two inputs, the line where it crosses 50% (the answer
    flips between acquisition-heavy and retention-heavy), and the user's scenario."""
    x, y = f32(found.x_values), f32(found.y_values)
    z = np.asarray(found.best_share, dtype=np.float32).round(4).tolist()
    row, column = found.user_cell
    traces = [
        {"type": "heatmap", "x": x, "y": y, "z": z, "zmin": 0, "zmax": 1,
         "colorscale": SHARE_SCALE, "name": tr("uncertainty.chart.best_share"),
         "colorbar": {"title": {"text": tr("uncertainty.chart.best_share"), "side": "top"},
                      "tickformat": ".0%", "orientation": "h", "y": -0.22, "yanchor": "top",
                      "thickness": 12, "len": 1, "x": 0, "xanchor": "left"},
         "hovertemplate": f"{field_name(tr, found.x)}: %{{x:{_hover(found.x)}}}<br>"
                          f"{field_name(tr, found.y)}: %{{y:{_hover(found.y)}}}<br>"
                          f"{tr('uncertainty.chart.best_share')}: %{{z:.1%}}<extra></extra>"},
        {"type": "contour", "x": x, "y": y, "z": z, "showscale": False,
         "contours": {"start": 0.5, "end": 0.5, "size": 1, "coloring": "none",
                      "showlabels": False},
         "line": {"color": GREY, "width": 3, "dash": "dash"},  # seen in light and dark
         "name": tr("uncertainty.chart.flip"), "showlegend": True, "hoverinfo": "skip"},
        {"type": "scatter", "x": [float(found.x_values[column])],
         "y": [float(found.y_values[row])], "mode": "markers",
         "name": tr("uncertainty.chart.you"),
         "marker": {"color": VERMILION, "size": 14, "symbol": "x",
                    "line": {"width": 2, "color": "#FFFFFF"}},
         "hovertemplate": f"{tr('uncertainty.chart.you')}<extra></extra>"},
    ]
    chart = figure(tr, traces, _map_axis(found.x, x, tr), _map_axis(found.y, y, tr))
    chart.update_layout(hovermode="closest", height=540, margin={"t": 40, "b": 120},
                        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0})
    return chart


def _hover(field: str) -> str:
    """A map input's hover format: a percentage, or four digits written out (not 1.235e+5)."""
    return ".1%" if DISPLAY.get(field) == "percent" else ",.4~r"


def _map_axis(field: str, values: np.ndarray, tr: Translator) -> dict[str, Any]:
    if field in LOG_FIELDS and values.min() > 0:
        return axis(field_name(tr, field), **log_ticks(float(values.min()),
                                                        float(values.max()), tr))
    if DISPLAY.get(field) == "percent":
        return axis(field_name(tr, field), tickformat=".0%")
    if DISPLAY.get(field) == "multiplier":
        return axis(field_name(tr, field))
    return axis(field_name(tr, field), **value_ticks(tr, values))
