"""The comparison's table (no Streamlit): results, then the inputs that differ, one column per
scenario, each cell marked where it differs from A; and each scenario's analysis, remembered."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import pandas as pd

from strategy import LETTERS, Analysis, Comparison, Scenario, analyse

from .charts import format_value
from .choices import literal_choices
from .compare_cells import field_label, optional
from .fields import DISPLAY, format_field
from .i18n import Translator

Entry = tuple[str, str, Scenario, Analysis]  # letter, name, scenario, analysis


def heading(letter: str, name: str, limit: int = 60) -> str:
    """A scenario's plain-text heading, "A · name" (for table headers and legends)."""
    shown = name if len(name) <= limit else name[: limit - 1] + "…"
    return shown if shown == letter else f"{letter} · {shown}"


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
    """A cell's text, marked ▲, ▼ or ≠ where it differs from A (a styled table was slow to send)."""
    if first or value == reference:
        return text
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool)
                  and math.isfinite(v) for v in (value, reference))
    if not numbers or kind == "choice":
        return f"{text} ≠"
    arrow = "▲" if value > reference else "▼"
    return f"{text} {arrow} {_difference(tr, kind, value, reference)}"


def _kind(field: str) -> str:
    if literal_choices(Scenario, field) or optional(field):
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
