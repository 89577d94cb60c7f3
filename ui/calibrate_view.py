"""How the calibration page shows its numbers (no Streamlit): each estimate's unit, the
summary table, the monthly and cohort charts."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from strategy.calibration import Calibration, Estimate
from strategy.orders import FileReport

from .charts import BLUE, BROWN, _axis, _f32, _figure
from .answer import plain
from .i18n import Translator

Unit = Literal["percent", "money", "count", "days", "points"]
# The unit of each estimate the calibration can return; anything else is shown as a count.
UNITS: dict[str, Unit] = {
    "inactivity_days": "days", "customers": "count", "new_customers": "count",
    "newcomers_with_spend": "count", "capacity": "count",
    "churn": "percent", "churn_observed": "percent", "churn_floor": "percent",
    "uplift": "percent", "repeat_revenue_share": "percent", "retention_share": "percent",
    "churn_trend": "points",
    "arpu": "money", "revenue_per_active": "money", "cac": "money", "cac_average": "money",
    "budget": "money", "acquisition_spend": "money", "retention_spend_per_customer": "money",
}


def shown(tr: Translator, key: str, value: float) -> str:
    unit = UNITS.get(key, "count")
    if unit == "percent":
        return tr.percent(value)
    if unit == "points":
        return tr("calibrate.points", value=tr.signed(tr.number(value * 100, 2), value))
    if unit == "money":
        return tr.money(value)
    if unit == "days":
        return tr("calibrate.days", days=tr.number(value))
    return tr.number(value, 0 if abs(value) >= 100 else 1)


def spread(tr: Translator, key: str, estimate: Estimate) -> str:
    """± the standard error, and the monthly values' range, where the estimate has them."""
    parts = []
    if estimate.standard_error is not None and np.isfinite(estimate.standard_error):
        parts.append(tr("calibrate.standard_error",
                        value=shown(tr, key, estimate.standard_error)))
    if estimate.low is not None and estimate.high is not None:
        parts.append(tr("calibrate.range", low=shown(tr, key, estimate.low),
                        high=shown(tr, key, estimate.high)))
    return "; ".join(parts) or "–"


def label(tr: Translator, key: str) -> str:
    return tr(f"calibrate.estimate.{key}", currency=tr.currency)


def summary(found: Calibration, tr: Translator, methods: bool = True) -> pd.DataFrame:
    """One row per estimate: what, the value, how sure, and (for the file) how it was found."""
    rows = [[label(tr, key), shown(tr, key, estimate.value), spread(tr, key, estimate),
             tr(f"calibrate.method.{estimate.method}")]
            for key, estimate in found.estimates.items() if np.isfinite(estimate.value)]
    columns = [tr("calibrate.column.estimate"), tr("calibrate.column.value"),
               tr("calibrate.column.spread"), tr("calibrate.column.method")]
    return pd.DataFrame(rows, columns=columns).iloc[:, :None if methods else 3]


def methods(found: Calibration, tr: Translator) -> str:
    """How each estimate was found, one Markdown line each."""
    return "\n".join(f"- **{label(tr, key)}**: {tr(f'calibrate.method.{estimate.method}')}"
                     for key, estimate in found.estimates.items())


def summary_csv(found: Calibration, tr: Translator) -> bytes:
    """The summary for Excel: UTF-8 with a byte-order mark, columns in the chosen language."""
    return summary(found, tr).to_csv(index=False).encode("utf-8-sig")


def months_figure(monthly: pd.DataFrame, tr: Translator) -> go.Figure:
    """Churn each month (past the warm-up) and newcomers each month, on two axes."""
    months = [str(month)[:7] for month in monthly.index]
    traces: list[dict[str, Any]] = [
        {"type": "bar", "x": months, "y": _f32(monthly["new"]), "name": tr("calibrate.chart.new"),
         "marker": {"color": BROWN}, "yaxis": "y2", "opacity": 0.55,
         "hovertemplate": "%{y:,.0f}"},
        {"type": "scatter", "x": months, "y": _f32(monthly["churn"]), "mode": "lines+markers",
         "name": tr("calibrate.chart.churn"), "line": {"color": BLUE, "width": 3},
         "connectgaps": False, "hovertemplate": "%{y:.1%}"},
    ]
    # Months as numbers ("2025-01"): Plotly's own date ticks name them in English. A date axis
    # still spaces the ticks to the width (a category axis turns 12 of them on a phone).
    figure = _figure(tr, traces, _axis(tr("chart.month_axis"), type="date", tickformat="%Y-%m",
                                       hoverformat="%Y-%m"),
                     _axis(tr("calibrate.chart.churn"), tickformat=".0%", rangemode="tozero"))
    figure.update_layout(yaxis2={"title": {"text": tr("calibrate.chart.new")}, "overlaying": "y",
                                 "side": "right", "rangemode": "tozero", "showgrid": False})
    return figure


def cohorts_figure(cohorts: pd.DataFrame, tr: Translator) -> go.Figure:
    """Share of each first-purchase month's customers who ordered k months later."""
    values = cohorts.to_numpy(dtype=float)
    z = [[None if not np.isfinite(v) else round(float(v), 4) for v in row] for row in values]
    traces = [{"type": "heatmap", "x": [int(k) for k in cohorts.columns],
               "y": [str(month)[:7] for month in cohorts.index], "z": z, "zmin": 0, "zmax": 1,
               "colorscale": [[0, "#FFFFFF"], [1, BLUE]],
               "colorbar": {"tickformat": ".0%", "thickness": 12},
               "hovertemplate": f"%{{y}} · {tr('calibrate.chart.since')} %{{x}}: "
                                f"%{{z:.0%}}<extra></extra>"}]
    figure = _figure(tr, traces, _axis(tr("calibrate.chart.since")),
                     _axis(tr("calibrate.chart.cohort"), autorange="reversed", type="category",
                           automargin=True))  # month labels: wider than the fixed margin
    figure.update_layout(hovermode="closest", height=max(300, 18 * len(z) + 120))
    return figure


def column_names(report: FileReport, tr: Translator) -> tuple[str, ...]:
    """The file's columns as a user tells them apart (plain text, for a select box): the
    header's names, or without a header each column's number and first value."""
    if report.names:
        return tuple(str(name)[:40] for name in report.names)
    return tuple(tr("calibrate.column_number", number=at + 1, first=first)
                 for at, first in enumerate(report.preview))


def file_notice(report: FileReport, notice: str, tr: Translator) -> str:
    """A notice about reading the file (Markdown, the file's text escaped); the amount's
    names the column used and the others that could be it, so that the "Amount column"
    choice beside it is the correction."""
    if notice != "ambiguous_amount":
        return tr(f"calibrate.notice.{notice}")

    def shown(at: int) -> str:
        if report.names:
            return tr("calibrate.quoted", name=plain(str(report.names[at]), 40))
        return tr("calibrate.column_number", number=at + 1, first=plain(report.preview[at]))
    others = ", ".join(shown(at) for role, at in report.alternatives if role == "amount")
    return tr("calibrate.notice.ambiguous_amount", used=shown(dict(report.columns)["amount"]),
              others=others)
