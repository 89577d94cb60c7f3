"""The compare page's editor (no Streamlit): one row per input, one text column per scenario,
each value written as the user reads it in their locale and what they type read back."""

from __future__ import annotations

import typing
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import pandas as pd
from babel.numbers import format_decimal, get_decimal_symbol, get_group_symbol

from strategy import Scenario

from .choices import literal_choices
from .fields import DISPLAY, none_text
from .i18n import Translator, catalog

NAME_ROW = "name"


def field_label(tr: Translator, field: str) -> str:
    """A field's label; its name when the catalog has none yet (a field just added)."""
    key = f"field.{field}.label"
    return tr(key, currency=tr.currency) if key in catalog(tr.language) else field


def optional(field: str) -> bool:
    """Whether a field may be left empty (None: "none")."""
    info = Scenario.model_fields[field]
    return info.default is None and type(None) in typing.get_args(info.annotation)


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
    if optional(field) and text.lower() in ("", "none", none_text(tr, field).lower()):
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
