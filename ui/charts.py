"""Chart builders: plain functions from engine results to Plotly figures (no Streamlit).

Colours are the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies.
Arrays go out as float32: half the bytes, and far more precision than a chart can show.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from strategy import BestSplit

from .i18n import Translator

BLUE, ORANGE, GREEN, VERMILION, GREY = "#0072B2", "#E69F00", "#009E73", "#D55E00", "#999999"
ESTABLISHED_BAND = (0.55, 0.65)  # SOURCES.md: established businesses put ~60% into retention


def _layout(figure: go.Figure, tr: Translator, x_title: str, y_title: str) -> go.Figure:
    """Shared look. Titles are written by the page above each chart, where they can wrap
    on a phone; Plotly titles cannot."""
    figure.update_layout(
        height=360,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        legend={"orientation": "h", "yanchor": "top", "y": -0.2, "x": 0},
        hovermode="x unified",
        separators=tr.separators,
    )
    figure.update_xaxes(title_text=x_title)
    figure.update_yaxes(title_text=y_title)
    return figure


def _f32(values: pd.Series | np.ndarray) -> np.ndarray:
    return np.asarray(values, dtype=np.float32)


def objective_column(objective: str) -> str:
    """Column of `strategy.tradeoff` that holds an objective."""
    return "customers_end" if objective == "customers" else objective


def format_value(tr: Translator, objective: str, value: float) -> str:
    """An objective's value in its unit: customers as a count, the others as money."""
    return tr.compact(value) if objective == "customers" else tr.money(value, compact=True)


def tradeoff_figure(curve: pd.DataFrame, best: BestSplit, tr: Translator) -> go.Figure:
    """The objective across all splits, the best and the plan marked, and the ~60% band."""
    objective = tr(f"objective.{best.objective}")
    value_format = ",.0f"
    figure = go.Figure()
    figure.add_vrect(
        x0=ESTABLISHED_BAND[0], x1=ESTABLISHED_BAND[1], fillcolor=GREY, opacity=0.18,
        line_width=0, annotation_text=tr("chart.tradeoff.band"), annotation_position="top left",
        annotation_font_size=11,
    )
    figure.add_scatter(
        x=_f32(curve.retention_share), y=_f32(curve[objective_column(best.objective)]),
        mode="lines", name=objective, line={"color": BLUE, "width": 3},
        hovertemplate=f"%{{y:{value_format}}}<extra></extra>",
    )
    figure.add_scatter(
        x=[best.best_share], y=[best.best_value], mode="markers", name=tr("chart.best"),
        marker={"color": GREEN, "size": 14, "symbol": "star"},
        hovertemplate=f"{tr('chart.best')}: %{{y:{value_format}}}<extra></extra>",
    )
    figure.add_scatter(
        x=[best.plan_share], y=[best.plan_value], mode="markers", name=tr("chart.plan"),
        marker={"color": VERMILION, "size": 12, "symbol": "circle-open", "line": {"width": 3}},
        hovertemplate=f"{tr('chart.plan')}: %{{y:{value_format}}}<extra></extra>",
    )
    figure.update_xaxes(tickformat=".0%", range=[-0.02, 1.02])
    return _layout(figure, tr, tr("chart.share_axis"), objective)


def base_figure(plan: pd.DataFrame, best: pd.DataFrame, shares: BestSplit,
                tr: Translator) -> go.Figure:
    """Customers month by month under the plan and under the best split."""
    figure = go.Figure()
    for frame, share, key, colour, dash in (
        (plan, shares.plan_share, "chart.base.plan", VERMILION, "dot"),
        (best, shares.best_share, "chart.base.best", GREEN, "solid"),
    ):
        months = np.append(frame.month.to_numpy(), len(frame))
        customers = np.append(frame.customers.to_numpy(), frame.customers_end.iloc[-1])
        figure.add_scatter(
            x=months.astype(np.int16), y=_f32(customers), mode="lines",
            name=tr(key, share=tr.percent(share)), line={"color": colour, "width": 3, "dash": dash},
            hovertemplate="%{y:,.0f}",
        )
    figure.update_yaxes(rangemode="tozero")
    return _layout(figure, tr, tr("chart.month_axis"), tr("chart.customers_axis"))


def crossing_share(curve: pd.DataFrame) -> float | None:
    """Retention share where the marginal cost to retain first reaches the cost to acquire."""
    with np.errstate(invalid="ignore"):  # both infinite: no crossing there
        gap = np.log(curve.marginal_cost_retain.to_numpy()) - np.log(
            curve.marginal_cost_acquire.to_numpy())
    finite = np.isfinite(gap)
    above = np.flatnonzero(finite & (gap >= 0))
    if not finite.any() or above.size == 0 or above[0] == 0:
        return None
    i = above[0]
    low, high = gap[i - 1], gap[i]
    shares = curve.retention_share.to_numpy()
    if not np.isfinite(low):
        return float(shares[i])
    return float(shares[i - 1] + (shares[i] - shares[i - 1]) * -low / (high - low))


def _inward(vertical: str, share: float) -> str:
    """Put a line's label on the side facing the middle, so it is never cut at the edge."""
    return f"{vertical} {'left' if share > 0.5 else 'right'}"


def marginal_figure(curve: pd.DataFrame, plan_share: float, tr: Translator) -> go.Figure:
    """Marginal cost to acquire and to retain one customer across splits (log scale)."""
    acquire = curve.marginal_cost_acquire.to_numpy()
    retain = curve.marginal_cost_retain.to_numpy()
    finite = np.concatenate([acquire[np.isfinite(acquire)], retain[np.isfinite(retain)]])
    # Cap the view: costs that explode at the ends would flatten the part that matters.
    low = max(float(finite.min()), 1e-6) if finite.size else 1.0
    high = min(float(finite.max()), low * 1e4) if finite.size else 10.0
    figure = go.Figure()
    for values, key, colour, dash in (
        (acquire, "chart.marginal.acquire", ORANGE, "solid"),
        (retain, "chart.marginal.retain", BLUE, "dash"),
    ):
        shown = np.where(values <= high * 10, values, np.nan)  # off the chart: not drawn
        figure.add_scatter(
            x=_f32(curve.retention_share), y=_f32(shown), mode="lines", name=tr(key),
            line={"color": colour, "width": 3, "dash": dash}, hovertemplate="%{y:,.0f}",
            connectgaps=False,
        )
    cross = crossing_share(curve)
    if cross is not None:
        figure.add_vline(x=cross, line={"color": GREEN, "width": 2},
                         annotation_text=tr("chart.marginal.cross"),
                         annotation_position=_inward("top", cross))
    figure.add_vline(x=plan_share, line={"color": VERMILION, "width": 2, "dash": "dot"},
                     annotation_text=tr("chart.plan"),
                     annotation_position=_inward("bottom", plan_share))
    ticks = [mantissa * 10.0 ** power
             for power in range(int(np.floor(np.log10(low))), int(np.ceil(np.log10(high))) + 1)
             for mantissa in ((1, 2, 5) if np.log10(high / low) < 3 else (1,))]
    ticks = [tick for tick in ticks if low / 1.3 <= tick <= high * 1.3]
    figure.update_yaxes(type="log", range=[np.log10(low) - 0.1, np.log10(high) + 0.1],
                        tickvals=ticks, ticktext=[tr.compact(tick) if tick >= 1 else
                                  tr.number(tick, int(-np.floor(np.log10(tick))))
                                  for tick in ticks])
    figure.update_xaxes(tickformat=".0%", range=[-0.02, 1.02])
    return _layout(figure, tr, tr("chart.share_axis"),
                   tr("chart.marginal.axis", currency=tr.currency))
