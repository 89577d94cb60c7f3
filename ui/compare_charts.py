"""Builders for the compare page (no Streamlit): overlaid figures, the comparison table, the
editor's cells and the notices.

Figures are plain specs like `ui.charts`, one colour and one dash per scenario (Okabe–Ito, so
they stay apart with the common colour-vision deficiencies and in black and white). Scenario
names are user text: Plotly reads a little HTML in trace names, so they go in escaped.
"""

from __future__ import annotations

import html
import math
import typing
from collections.abc import Callable, Sequence
from functools import lru_cache
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from strategy import (
    LETTERS, Analysis, Comparison, Problem, Scenario, analyse, field_bounds, field_of,
)

from .answer import plain
from .chart_style import (
    BLUE, BROWN, GREEN, SHARE_AXIS, VERMILION, axis, f32, figure, value_axis,
)
from .charts import customers_figure, customers_trace, format_value, objective_column
from .choices import literal_choices
from .fields import DISPLAY, format_field, none_text
from .i18n import Translator, catalog
from .takeaways import Section, figures_html, report_html, table

COLOURS = (BLUE, BROWN, GREEN, VERMILION)
DASHES = ("solid", "dash", "dot", "dashdot")
SYMBOLS = ("star", "diamond", "square", "triangle-up")
NAME_ROW = "name"
Entry = tuple[str, str, Scenario, Analysis]  # letter, name, scenario, analysis


# -- labels ----------------------------------------------------------------------------------

def field_label(tr: Translator, field: str) -> str:
    """A field's label; its name when the catalog has none yet (a field just added)."""
    key = f"field.{field}.label"
    return tr(key, currency=tr.currency) if key in catalog(tr.language) else field


def heading(letter: str, name: str, limit: int = 60) -> str:
    """A scenario's plain-text heading, "A · name" (for table headers and legends)."""
    shown = name if len(name) <= limit else name[: limit - 1] + "…"
    return shown if shown == letter else f"{letter} · {shown}"


def _optional(field: str) -> bool:
    info = Scenario.model_fields[field]
    return info.default is None and type(None) in typing.get_args(info.annotation)


# -- editor cells ----------------------------------------------------------------------------

@lru_cache(maxsize=4096)  # the same inputs are shown again on every rerun
def _decimal_text(tr: Translator, value: Decimal) -> str:
    return format_decimal(value, "#,##0.####", locale=tr.locale)


def cell_text(tr: Translator, field: str, value: Any) -> str:
    """A field's value as the editor shows it: exact enough to read back, in the user's
    locale. Percentages are written in % (5% is 5), multipliers with ×."""
    if value is None:
        return none_text(tr, field)
    if isinstance(value, str):
        key = f"{field}.{value}"
        return tr(key) if key in catalog(tr.language) else value
    if isinstance(value, bool):
        return str(value)
    number = Decimal(repr(value))
    display = DISPLAY.get(field, "number")
    if display == "percent":
        return _decimal_text(tr, number * 100) + "%"
    if display == "multiplier":
        return _decimal_text(tr, number) + "×"
    return _decimal_text(tr, number)


def parse_cell(tr: Translator, field: str, text: str) -> Any:
    """What the user typed in the editor, as the value to validate: a number or choice when it
    reads as one, else the text itself, so `read_inputs` names what is wrong with it."""
    text = str(text).strip()
    if _optional(field) and text.lower() in ("", "none", none_text(tr, field).lower()):
        return None
    choices = literal_choices(Scenario, field)
    if choices:
        for code in choices:
            if text.lower() in (code.lower(), cell_text(tr, field, code).lower()):
                return code
        return text
    cleaned = text
    for mark in ("%", "×", "x", "X", " ", "\u00a0", "\u202f", get_group_symbol(tr.locale)):
        if mark != get_decimal_symbol(tr.locale):
            cleaned = cleaned.replace(mark, "")
    cleaned = cleaned.replace(get_decimal_symbol(tr.locale), ".").replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return text
    if not number.is_finite():
        return text
    if DISPLAY.get(field, "number") == "percent":
        number /= 100
    if Scenario.model_fields[field].annotation in (int, int | None):
        return int(number) if number == number.to_integral_value() else float(number)
    return float(number)


# The inputs the editor shows, one row each: all but the ranges, which are a table of their
# own (the sidebar's); a scenario keeps its ranges through edits, links and files.
EDITED_FIELDS: tuple[str, ...] = tuple(field for field in Scenario.model_fields
                                       if field != "ranges")


def editor_frame(letters: str, names: Sequence[str], scenarios: Sequence[Scenario],
                 tr: Translator) -> pd.DataFrame:
    """One row per input (names first), one text column per scenario."""
    rows = {NAME_ROW: [tr("compare.name"), *names]}
    for field in EDITED_FIELDS:
        rows[field] = [field_label(tr, field),
                       *(cell_text(tr, field, getattr(s, field)) for s in scenarios)]
    return pd.DataFrame.from_dict(rows, orient="index", columns=["input", *letters])


# -- figures ---------------------------------------------------------------------------------

def _trace_name(letter: str, name: str) -> str:
    return html.escape(heading(letter, name, 30))


def tradeoff_overlay(entries: Sequence[Entry], tr: Translator) -> go.Figure:
    """Each scenario's objective across all splits, its best split starred. The entries share
    one objective (the page draws one chart per objective)."""
    traces = []
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
    traces = []
    for letter, name, _, result in entries:
        index = LETTERS.index(letter)
        shown = _trace_name(letter, name)
        share = tr.percent(result.recommendation.best.best_share)
        traces.append(customers_trace(
            result.best, tr("compare.base_trace", name=shown, share=share), COLOURS[index],
            DASHES[index], hover=f"{shown}: %{{y:,.0f}}<extra></extra>"))
    return customers_figure(tr, traces)


# -- the comparison table --------------------------------------------------------------------

def _signed_number(tr: Translator, value: float, digits: int) -> str:
    return tr.signed(tr.number(value, digits), value)


def _difference(tr: Translator, kind: str, value: float, reference: float) -> str:
    """"+1.0 pp (+20.0%)": the change from A, in the row's unit and relative to A."""
    change = value - reference
    if kind == "percent":
        absolute = tr("compare.points", value=_signed_number(tr, change * 100, 1))
    elif kind == "money":
        absolute = tr.signed(tr.money(change, compact=True), change)
    elif kind in ("ratio", "months"):
        absolute = _signed_number(tr, change, 1)
    else:
        absolute = tr.signed(tr.compact(change), change)
    if reference == 0:
        return absolute
    relative = change / abs(reference)
    return f"{absolute} ({tr.signed(tr.percent(relative), relative)})"


def _cell(tr: Translator, kind: str, value: Any, reference: Any, text: str,
          first: bool) -> str:
    """A cell's text, marked with ▲, ▼ or ≠ and the difference where it differs from A (the
    marks are the table's only highlight: a styled table took longer to send than all the
    rest of it)."""
    if first or value == reference:
        return text
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool)
                  and math.isfinite(v) for v in (value, reference))
    if not numbers or kind == "choice":
        return f"{text} ≠"
    arrow = "▲" if value > reference else "▼"
    return f"{text} {arrow} {_difference(tr, kind, value, reference)}"


def _kind(field: str) -> str:
    if literal_choices(Scenario, field) or _optional(field):
        return "choice" if literal_choices(Scenario, field) else "count"
    display = DISPLAY.get(field, "number")
    return {"percent": "percent", "multiplier": "ratio"}.get(display, "count")


def result_rows(tr: Translator, entry: Entry) -> dict[str, tuple[str, Any, str, str]]:
    """Result key -> (label, value, kind, shown text) for one scenario."""
    _, _, _, result = entry
    best, economics = result.recommendation.best, result.economics
    objective = best.objective
    kind = "count" if objective == "customers" else "money"
    end_plan = float(result.plan["customers_end"][-1])
    end_best = float(result.best["customers_end"][-1])
    months = tr("kpi.payback_value", months=tr.number(economics.payback_months, 1))
    value = lambda v: format_value(tr, objective, v)
    return {
        "objective": (tr("field.objective.label"), objective, "choice",
                      tr(f"objective.{objective}")),
        "best_share": (tr("kpi.best_share"), best.best_share, "percent",
                       tr.percent(best.best_share)),
        "best_value": (tr("compare.value_best"), (objective, best.best_value), kind,
                       value(best.best_value)),
        "plan_value": (tr("compare.value_plan"), (objective, best.plan_value), kind,
                       value(best.plan_value)),
        "customers_plan": (tr("compare.customers_plan"), end_plan, "count",
                           tr.compact(end_plan)),
        "customers_best": (tr("compare.customers_best"), end_best, "count",
                           tr.compact(end_best)),
        "clv": (tr("kpi.clv"), economics.clv, "money", tr.money(economics.clv)),
        "ltv_cac": (tr("kpi.ltv_cac"), economics.ltv_to_cac, "ratio",
                    tr.number(economics.ltv_to_cac, 1)),
        "payback": (tr("kpi.payback"), economics.payback_months, "months", months),
    }


def comparison_table(entries: Sequence[Entry], tr: Translator) -> pd.DataFrame:
    """Results, then the inputs that are not the same everywhere: one column per scenario, the
    text of each cell (marked where it differs from A)."""
    columns = [heading(letter, name, 24) for letter, name, _, _ in entries]
    texts: dict[str, list[str]] = {}
    results = [result_rows(tr, entry) for entry in entries]
    for key, (label, reference, kind, _) in results[0].items():
        cells = []
        for index, rows in enumerate(results):
            _, value, _, text = rows[key]
            if isinstance(value, tuple):  # a value in its objective's unit
                same_unit = value[0] == reference[0]
                cells.append(_cell(tr, kind if same_unit else "choice", value[1] if same_unit
                                   else value, reference[1] if same_unit else reference,
                                   text, index == 0))
            else:
                cells.append(_cell(tr, kind, value, reference, text, index == 0))
        texts[label] = cells
    first = entries[0][2]
    for field in Scenario.model_fields:
        if field == "objective" or all(getattr(s, field) == getattr(first, field)
                                       for _, _, s, _ in entries):
            continue
        cells = [_cell(tr, _kind(field), getattr(s, field), getattr(first, field),
                       format_field(tr, field, getattr(s, field)), index == 0)
                 for index, (_, _, s, _) in enumerate(entries)]
        texts[field_label(tr, field)] = cells
    return pd.DataFrame.from_dict(texts, orient="index", columns=columns)


# -- notices ---------------------------------------------------------------------------------

def problem_lines(problems: Sequence[Problem], tr: Translator,
                  parameter: Callable[[Problem], str] | None = None) -> list[str]:
    """One Markdown line per problem of a comparison link or edit (`B.churn`, `B`, `E`, …):
    what was given, why it was not used, and what was used instead."""
    lines = []
    for problem in problems:
        _, field = field_of(problem.parameter)
        known = field in Scenario.model_fields
        if problem.reason in ("too_many", "too_long"):
            reason = tr(f"compare.reason.{problem.reason}")
        elif problem.reason in ("out_of_range", "range_bounds") and known:
            subject = field if problem.reason == "out_of_range" else problem.subject
            low, high = field_bounds(subject)
            reason = tr(f"reason.{problem.reason}", low=format_field(tr, subject, low),
                        high=format_field(tr, subject, high))
        else:
            reason = tr(f"reason.{problem.reason}")
        shown = parameter(problem) if parameter else plain(problem.parameter)
        line = tr("notice.line", parameter=shown, given=plain(problem.given), reason=reason)
        if problem.reason in ("unknown", "too_many") or (problem.used is None and not known):
            used = tr("notice.ignored")
        else:
            used = tr("notice.shown_instead", used=format_field(tr, field, problem.used)
                      if known else plain(str(problem.used)))
        lines.append(f"{line}; {used}")
    return lines


@lru_cache(maxsize=32)
def analysed(scenario: Scenario) -> Analysis:
    """`strategy.analyse`, remembered: an edit on the compare page changes one scenario of up
    to four, and the others need not be computed again (scenarios are immutable, and nothing
    downstream changes an analysis)."""
    return analyse(scenario)


def entries_of(comparison: Comparison) -> list[Entry]:
    """Letter, name, scenario and analysis of each scenario of the comparison."""
    return [(LETTERS[index], name, scenario, analysed(scenario))
            for index, (name, scenario) in enumerate(comparison.scenarios)]


def comparison_report(comparison: Comparison, link: str, translate: Translator) -> str:
    """The workshop report: scenario A in full, then the comparison's table and charts."""
    entries = entries_of(comparison)
    frame = comparison_table(entries, translate)
    rows = [[str(label), *map(str, values)] for label, values in zip(
        frame.index, frame.to_numpy(), strict=True)]
    section = Section(translate("compare.heading"), table(["", *map(str, frame.columns)], rows)
                      + figures_html([tradeoff_overlay(entries, translate),
                                      base_overlay(entries, translate)],
                                     [translate("compare.results"),
                                      translate("compare.base_title")]))
    return report_html(comparison.scenarios[0][1], link, translate, [section])
