"""What a workshop takes home: the months as CSV and a self-contained HTML report (no Streamlit).

The CSV opens in Excel with accents intact (UTF-8 with a byte-order mark) and names its columns
in the chosen language. The report is one HTML file that opens offline: Plotly's JavaScript is
inlined once and every chart stays interactive. Every text in it is escaped; nothing a user typed
or a link carried can become markup.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

import plotly.graph_objects as go
import plotly.io as pio

import strategy
from strategy import Analysis, Scenario

from . import charts
from .answer import answer_sentences
from .fields import CONTROLS, format_field
from .i18n import Translator

# The monthly columns of a trajectory, in the order the CSV lists them.
CSV_COLUMNS: tuple[str, ...] = (
    "month", "customers", "new_customers", "lost_customers", "customers_end", "churn_rate",
    "retention_spend", "acquisition_spend", "revenue", "profit", "discounted_profit",
)


def trajectories_csv(result: Analysis, tr: Translator) -> bytes:
    """The plan's and the best split's months, one row per split and month (months from 1)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([tr("csv.split"), *(tr(f"csv.{column}") for column in CSV_COLUMNS)])
    best = result.recommendation.best
    for split, share, months in (("plan", best.plan_share, result.plan),
                                 ("best", best.best_share, result.best)):
        label = tr(f"csv.{split}", share=tr.percent(share))
        for row in zip(*(months[column] for column in CSV_COLUMNS), strict=True):
            month, *values = row
            writer.writerow([label, int(month) + 1, *(repr(float(value)) for value in values)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@dataclass(frozen=True)
class Section:
    """A part of the report: a heading and HTML built from escaped text."""

    heading: str
    html: str


def report_html(scenario: Scenario, link: str, tr: Translator,
                extra: Sequence[Section] = ()) -> str:
    """The workshop report for a scenario: inputs, answer, numbers, charts, assumptions and
    sources, the share link, and any `extra` sections (comparison, stress tests)."""
    result = strategy.analyse(scenario)
    best = result.recommendation.best
    figures = (
        charts.tradeoff_figure(result.tradeoff, best, tr),
        charts.base_figure(result.plan, result.best, best, tr),
        charts.marginal_figure(result.marginal_curve, scenario.retention_share, tr),
    )
    titles = (tr("chart.tradeoff.title", objective=tr(f"objective.{best.objective}")),
              tr("chart.base.title"), tr("chart.marginal.title"))
    chart_html = figures_html(figures, titles, with_plotly_js=True)
    sections = [
        Section(tr("report.answer"), "".join(
            f"<p>{escape(sentence)}</p>" for sentence in answer_sentences(
                result.recommendation, scenario, tr, result.budget))),
        Section(tr("report.inputs"), table(
            (tr("report.input"), tr("report.value")),
            [(tr(f"field.{c.field}.label", currency=tr.currency),
              format_field(tr, c.field, getattr(scenario, c.field))) for c in CONTROLS])),
        Section(tr("report.numbers"), table(
            (tr("report.measure"), tr("report.value")), _numbers(result, scenario, tr))
            + _definitions(scenario, tr)),
        Section(tr("report.charts"), chart_html),
        *extra,
        Section(tr("report.assumptions"), f"<p>{escape(tr('explorer.sources'))}</p>"),
        Section(tr("report.link"),
                f'<p><a href="{escape(link, quote=True)}">{escape(link)}</a></p>'),
    ]
    body = "".join(f"<section><h2>{escape(s.heading)}</h2>{s.html}</section>" for s in sections)
    return (
        f'<!DOCTYPE html><html lang="{tr.language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(tr('report.title'))}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(tr('report.title'))}</h1>"
        f"<p class=\"date\">{escape(tr('report.generated', date=date.today().isoformat()))}</p>"
        f"{body}</body></html>"
    )


def figures_html(figures: Sequence[go.Figure], titles: Sequence[str],
                 with_plotly_js: bool = False) -> str:
    """Titled interactive charts; Plotly's JavaScript is inlined once, with the report's own
    charts, and later sections' charts use it."""
    return "".join(
        f"<h3>{escape(title)}</h3>" + pio.to_html(
            figure, full_html=False, include_plotlyjs=with_plotly_js and index == 0,
            config={"displaylogo": False, "responsive": True},
            default_width="100%", default_height="360px")
        for index, (title, figure) in enumerate(zip(titles, figures, strict=True)))


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """An HTML table of plain texts, every cell escaped."""
    head = "".join(f"<th>{escape(cell)}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(cell))}</td>" for cell in row) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _numbers(result: Analysis, scenario: Scenario, tr: Translator) -> list[tuple[str, str]]:
    best, economics = result.recommendation.best, result.economics
    objective = tr(f"objective.{best.objective}")
    return [
        (tr("kpi.best_share"), tr.percent(best.best_share)),
        (tr("kpi.best_value", objective=objective),
         charts.format_value(tr, best.objective, best.best_value)),
        (tr("report.plan_value", objective=objective),
         charts.format_value(tr, best.objective, best.plan_value)),
        (tr("kpi.customers_end", months=scenario.months),
         tr.compact(float(result.plan["customers_end"][-1]))),
        (tr("kpi.clv"), tr.money(economics.clv)),
        (tr("kpi.ltv_cac"), tr.number(economics.ltv_to_cac, 1)),
        (tr("kpi.payback"), tr("kpi.payback_value",
                               months=tr.number(economics.payback_months, 1))),
    ]


def _definitions(scenario: Scenario, tr: Translator) -> str:
    """What the unit economics mean, in the words of the explorer's KPI help."""
    helps = (tr("kpi.clv_help", months=scenario.months,
                discount=format_field(tr, "discount", scenario.discount)),
             tr("kpi.ltv_cac_help"), tr("kpi.payback_help"))
    return "".join(f'<p class="note">{escape(text)}</p>' for text in helps)


_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "color:#1f2933;line-height:1.5}h1{margin-bottom:0}.date{color:#6b7280}"
    "table{border-collapse:collapse;margin:.5rem 0}td,th{border-bottom:1px solid #e5e7eb;"
    "padding:.25rem .75rem;text-align:left;vertical-align:top}a{overflow-wrap:anywhere}"
    "section{margin-top:2rem}.note{color:#4b5563;font-size:.9rem;margin:.25rem 0}"
)
