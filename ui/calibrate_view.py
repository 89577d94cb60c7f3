"""How the calibration page shows its numbers (no Streamlit): each estimate's unit, the
summary table, the monthly, cohort and holdout charts, the sentences about the purchase
model, the holdout check and what a closed cohort made the link assume, and the corrections
a user can make to how a file was read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from strategy import (
    Calibration, Estimate, FileReport, Holdout, PurchaseModel, ReadOptions, Scenario, share_query,
)

from .answer import plain
from .chart_style import (
    BLUE, BROWN, GREY, VERMILION, axis, f32, figure, value_axis, value_ticks,
)
from .choices import literal_choices
from .fields import format_field
from .i18n import Translator
from .settings import frame_query

Unit = Literal["percent", "money", "count", "days", "points"]
# The unit of each estimate the calibration can return; anything else is shown as a count.
UNITS: dict[str, Unit] = {
    "inactivity_days": "days", "customers": "count", "new_customers": "count",
    "active_in_window": "count", "churn_window": "percent", "newcomer_churn": "percent",
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
    """The 90% interval (inside the quantity's range: never "± a standard error" that reaches
    below zero), and the monthly values' range, where the estimate has them."""
    parts = []
    if estimate.interval is not None:
        parts.append(tr("calibrate.interval", low=shown(tr, key, estimate.interval[0]),
                        high=shown(tr, key, estimate.interval[1])))
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
            for key, estimate in ordered(found) if np.isfinite(estimate.value)]
    columns = [tr("calibrate.column.estimate"), tr("calibrate.column.value"),
               tr("calibrate.column.spread"), tr("calibrate.column.method")]
    return pd.DataFrame(rows, columns=columns).iloc[:, :None if methods else 3]


def methods(found: Calibration, tr: Translator) -> str:
    """How each estimate was found, one Markdown line each."""
    return "\n".join(f"- **{label(tr, key)}**: {tr(f'calibrate.method.{estimate.method}')}"
                     for key, estimate in ordered(found))


FIRST = ("customers", "churn", "churn_observed", "newcomer_churn", "new_customers", "arpu",
         "uplift")  # the scenario's own numbers first, the descriptions after


def ordered(found: Calibration) -> list[tuple[str, Estimate]]:
    """The estimates, the scenario's headline inputs first; the churn at today's spend only
    where retention spend makes it differ from the churn without any."""
    same = found.estimates.get("churn") == found.estimates.get("churn_observed")
    return sorted(((key, estimate) for key, estimate in found.estimates.items()
                   if not (same and key == "churn_observed")),
                  key=lambda item: FIRST.index(item[0]) if item[0] in FIRST else len(FIRST))


def summary_csv(found: Calibration, tr: Translator) -> bytes:
    """The summary for Excel: UTF-8 with a byte-order mark, columns in the chosen language."""
    return summary(found, tr).to_csv(index=False).encode("utf-8-sig")


def months_figure(monthly: pd.DataFrame, tr: Translator) -> go.Figure:
    """Churn each month (past the warm-up) and newcomers each month, on two axes."""
    months = [str(month)[:7] for month in monthly.index]
    traces: list[dict[str, Any]] = [
        {"type": "bar", "x": months, "y": f32(monthly["new"]), "name": tr("calibrate.chart.new"),
         "marker": {"color": BROWN}, "yaxis": "y2", "opacity": 0.55,
         "hovertemplate": "%{y:,.0f}"},
        {"type": "scatter", "x": months, "y": f32(monthly["churn"]), "mode": "lines+markers",
         "name": tr("calibrate.chart.churn"), "line": {"color": BLUE, "width": 3},
         "connectgaps": False, "hovertemplate": "%{y:.1%}"},
    ]
    # Months as numbers ("2025-01"): Plotly's own date ticks name them in English. A date axis
    # still spaces the ticks to the width (a category axis turns 12 of them on a phone).
    chart = figure(tr, traces, axis(tr("chart.month_axis"), type="date", tickformat="%Y-%m",
                                    hoverformat="%Y-%m"),
                   axis(tr("calibrate.chart.churn"), tickformat=".0%", rangemode="tozero"))
    chart.update_layout(yaxis2={"title": {"text": tr("calibrate.chart.new")}, "overlaying": "y",
                                "side": "right", "rangemode": "tozero", "showgrid": False,
                                **value_ticks(tr, traces[0]["y"], zero=True)})
    return chart


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
    chart = figure(tr, traces, axis(tr("calibrate.chart.since")),
                   axis(tr("calibrate.chart.cohort"), autorange="reversed", type="category",
                        automargin=True))  # month labels: wider than the fixed margin
    chart.update_layout(hovermode="closest", height=max(300, 18 * len(z) + 120))
    return chart


# The detections a user can correct (encoding, separator, decimal mark, date style), each
# with the choices `strategy` reads.
CORRECTIONS: dict[str, tuple[str, ...]] = {
    name: literal_choices(ReadOptions, name)
    for name in ("encoding", "separator", "decimal", "date_format")}


def corrected(report: FileReport, styles: Mapping[str, str | None],
              columns: Mapping[str, int]) -> ReadOptions:
    """The options to read the file with: the detection, with the styles and column positions
    the user picked where they differ from it (an unpicked style stays detected)."""
    chosen: dict[str, object] = {name: value for name, value in styles.items()
                                 if value is not None and value != getattr(report, name)}
    detected: dict[str, int] = dict(report.columns)
    moved = {role: at for role, at in columns.items() if at != detected[role]}
    if moved:
        chosen["columns"] = moved
    return report.as_options().model_copy(update=chosen)


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


def model_text(model: PurchaseModel, tr: Translator) -> str:
    """The fitted BG/NBD parameters, alpha with its time unit."""
    return tr("calibrate.model_params", r=tr.number(model.r, 3), alpha=tr.number(model.alpha, 3),
              a=tr.number(model.a, 3), b=tr.number(model.b, 3),
              unit=tr(f"calibrate.time_unit.{model.time_unit}"),
              customers=tr.number(model.customers))


def holdout_text(holdout: Holdout, tr: Translator) -> str:
    """How far the forecast of the last quarter was from what happened, in one sentence."""
    seen = holdout.monthly[holdout.monthly["holdout"]]
    return tr("calibrate.holdout_text", cutoff=holdout.cutoff.strftime("%Y-%m-%d"),
              end=holdout.end.strftime("%Y-%m-%d"),
              purchases=tr.number(seen["forecast_purchases"].sum()),
              actual_purchases=tr.number(seen["actual_purchases"].sum()),
              purchases_error=tr.signed(tr.percent(holdout.purchases_error),
                                        holdout.purchases_error),
              revenue=tr.money(seen["forecast_revenue"].sum()),
              actual_revenue=tr.money(seen["actual_revenue"].sum()),
              revenue_error=tr.signed(tr.percent(holdout.revenue_error),
                                      holdout.revenue_error))


def holdout_figure(holdout: Holdout, tr: Translator) -> go.Figure:
    """Revenue in month-long periods: what happened, and over the held-out quarter what the
    model fitted before it forecast (from the cut's actual value), the quarter shaded."""
    table = holdout.monthly
    ends = [day.strftime("%Y-%m-%d") for day in table.index]
    held = table["holdout"].to_numpy()
    actual = table["actual_revenue"].to_numpy()
    before = np.flatnonzero(~held)
    start = [ends[before[-1]]] if len(before) else []
    cut = ends[before[-1]] if len(before) else ends[0]
    traces: list[dict[str, Any]] = [
        {"type": "scatter", "x": ends, "y": f32(actual), "mode": "lines+markers",
         "name": tr("calibrate.chart.actual_revenue"), "line": {"color": BLUE, "width": 3},
         "hovertemplate": "%{y:,.0f}"},
        {"type": "scatter", "x": start + [end for end, inside in zip(ends, held) if inside],
         "y": f32(np.r_[actual[before[-1:]], table["forecast_revenue"].to_numpy()[held]]),
         "mode": "lines+markers", "name": tr("calibrate.chart.forecast_revenue"),
         "line": {"color": VERMILION, "width": 3, "dash": "dash"},
         "marker": {"symbol": "diamond", "size": 9}, "hovertemplate": "%{y:,.0f}"},
    ]
    shapes = [{"type": "rect", "xref": "x", "yref": "paper", "x0": cut, "x1": ends[-1],
               "y0": 0, "y1": 1, "fillcolor": GREY, "opacity": 0.15, "line": {"width": 0},
               "layer": "below"}]
    annotations = [{"x": ends[-1], "y": 1, "xref": "x", "yref": "paper", "xanchor": "right",
                    "yanchor": "bottom", "showarrow": False,
                    "text": tr("calibrate.chart.holdout")}]
    return figure(tr, traces, axis(tr("calibrate.chart.period_end"), type="date",
                                    tickformat="%Y-%m", hoverformat="%Y-%m-%d"),
                  value_axis(tr, tr("calibrate.chart.revenue", currency=tr.currency), traces,
                             zero=True), shapes, annotations, label_lines=1)


def assumed_text(found: Calibration, base: Scenario, tr: Translator) -> str:
    """For a closed cohort: the acquisition inputs the link keeps, each with its value."""
    values = "; ".join(f"{label(tr, name)}: {format_field(tr, name, getattr(base, name))}"
                       for name in found.assumed)
    return tr("calibrate.assumed", values=values)


def explorer_link(found: Calibration, base: Scenario, tr: Translator
                  ) -> tuple[str, dict[str, str], str | None]:
    """The explorer link's label and query, and for a closed cohort the warning that names
    what it had to assume (the link keeps the user's acquisition inputs, not the data's)."""
    query = share_query(found.rounded()) | frame_query(tr)
    if found.assumed:
        return tr("calibrate.use_assumed"), query, assumed_text(found, base, tr)
    return tr("calibrate.use"), query, None


def uncertainty_query(found: Calibration, tr: Translator) -> dict[str, str] | None:
    """The uncertainty page's query with the estimates' intervals as ranges (None without)."""
    if not found.ranges():
        return None
    return share_query(found.with_ranges()) | frame_query(tr)
