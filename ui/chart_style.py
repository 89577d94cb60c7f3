"""The look every chart shares (no Streamlit): palette, layout, axes, arrays and ticks.

Figures are written as plain specs and wrapped without Plotly's per-property validation, which
costs more than everything else on a rerun; the tests validate every figure in full instead.
Colours are told apart with the common colour-vision deficiencies and stand out in both themes.
Arrays go out as float32: half the bytes, and far more precision than a chart can show.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Sequence
from copy import deepcopy
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .i18n import Translator

# Okabe–Ito's blue, bluish green, vermilion and reddish purple, with a brown in place of its
# orange and a darker grey: every mark stands 3:1 or more against the chart in the light and
# the dark theme (WCAG 1.4.11; the orange gave 2.25:1, the grey 2.85:1 on white), and any two
# stay ΔE00 ≥ 10 apart for typical vision and the three dichromacies; periwinkle is a seventh
# for the stress chart's seven lines (tests/browser/test_keyboard_and_colour.py checks both).
BLUE, BROWN, GREEN, VERMILION = "#0072B2", "#8C5C38", "#009E73", "#D55E00"
PURPLE, GREY, PERIWINKLE = "#CC79A7", "#666666", "#8088F8"
# What `st.plotly_chart` is given with every figure: no toolbar over the charts.
CHART_CONFIG: dict[str, Any] = {"displayModeBar": False}
SHARE_AXIS: dict[str, Any] = {"tickformat": ".0%", "range": [-0.02, 1.02]}
LABEL_LINE = 16  # pixels: a line of annotation text
# Streamlit's frontend styles every chart for the app's theme itself; the Plotly template it
# registers adds only default colour scales and a colourway, which these charts set themselves.
# Leaving it out halves the bytes of each figure and a third of its cost on a rerun.
_NO_TEMPLATE: dict[str, Any] = {}
# Margins wide enough for the axes' ticks and titles, so the axes do not push them
# (`automargin`): a push that differs from the last draw makes Plotly draw the chart twice,
# which it did on nearly every slider move (new tick labels), a third of the browser's work.
_MARGIN = {"l": 70, "r": 10, "t": 30, "b": 50}
_TYPED_ARRAY_TYPES = {"float32": "f4", "int16": "i2"}  # the array types the builders write
_TICKS = 5  # about as many value ticks as Plotly draws on a chart this tall


def figure(tr: Translator, traces: list[dict[str, Any]], x_axis: dict[str, Any],
           y_axis: dict[str, Any], shapes: Sequence[dict[str, Any]] = (),
           annotations: Sequence[dict[str, Any]] = (), legend_y: float = -0.2,
           label_lines: int = 0) -> go.Figure:
    """Shared look. Titles are written by the page above each chart, where they can wrap
    on a phone; Plotly titles cannot. `label_lines` of text get room above the plot."""
    layout = {
        "height": 360 + LABEL_LINE * label_lines,
        "margin": {**_MARGIN, "t": _MARGIN["t"] + LABEL_LINE * label_lines},
        "legend": {"orientation": "h", "yanchor": "top", "y": legend_y, "x": 0},
        "hovermode": "x unified",
        "separators": tr.separators,
        "xaxis": {"automargin": False, **x_axis},
        "yaxis": {"automargin": False, **y_axis},
        "shapes": list(shapes),
        "annotations": list(annotations),
        "template": _NO_TEMPLATE,
    }
    return Figure({"data": traces, "layout": layout}, _validate=False)


class Figure(go.Figure):
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


def axis(title: str, **settings: Any) -> dict[str, Any]:
    """An axis with its title."""
    return {"title": {"text": title}, **settings}


def f32(values: pd.Series | np.ndarray) -> np.ndarray:
    """An array as the builders send it: float32."""
    return np.asarray(values, dtype=np.float32)


def value_axis(tr: Translator, title: str, traces: Sequence[dict[str, Any]],
               zero: bool = False, **settings: Any) -> dict[str, Any]:
    """The y axis of traces that draw counts or money, ticked as `value_ticks`."""
    if zero:
        settings["rangemode"] = "tozero"
    return axis(title, **settings, **value_ticks(tr, *(trace["y"] for trace in traces),
                                                 zero=zero))


def value_ticks(tr: Translator, *values: Sequence[float | None] | np.ndarray,
                zero: bool = False) -> dict[str, Any]:
    """Ticks for a linear axis of counts or money, labelled as the KPIs and the text abbreviate
    (`tr.compact`: "12.5K", "12,5 E"), not with Plotly's own suffixes ("12.5k", "G").
    `values` are what the axis shows; `zero` keeps 0 in view (`rangemode="tozero"`)."""
    numbers = np.concatenate([np.asarray(v, dtype=float).ravel() for v in values]
                             or [np.empty(0)])
    numbers = numbers[np.isfinite(numbers)]
    if numbers.size == 0:
        return {}
    low, high = float(numbers.min()), float(numbers.max())
    if zero:
        low, high = min(low, 0.0), max(high, 0.0)
    step = _nice_step((high - low) / _TICKS if high > low else abs(high) or 1.0)
    ticks = [round(index * step, 9) for index in range(math.ceil(low / step - 1e-9),
                                                       math.floor(high / step + 1e-9) + 1)]
    ticks = ticks or [low]
    labels = [tr.compact(tick) for tick in ticks]
    if len(set(labels)) < len(labels):  # a narrow range far from 0: "1.2M" twice
        digits = max(0, -math.floor(math.log10(step)))
        labels = [tr.number(tick, digits) for tick in ticks]
    return {"tickmode": "array", "tickvals": ticks, "ticktext": labels}


def _nice_step(rough: float) -> float:
    """The smallest step of 1, 2 or 5 times a power of ten that is at least `rough`."""
    power = 10.0 ** math.floor(math.log10(rough))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= rough * (1 - 1e-9))


def log_ticks(low: float, high: float, tr: Translator) -> dict[str, Any]:
    """Readable ticks for a log axis: 1-2-5 steps over a short range, decades over a long one,
    every label in the user's locale, abbreviated as the text abbreviates."""
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
