"""The ranges table: which inputs are uncertain, and between what values (`Scenario.ranges`).

One widget for one field: an editable table whose rows are the ranges. Its value lives in
`st.session_state["ranges"]` as the link's text form (`cac_multiplier-3-20_…`) and in the URL
parameter `ranges`, kept in step by hand because a table cannot be bound to the URL. Percent
inputs are edited in percent (5 for 5%), as their sliders show them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from strategy import RANGED_FIELDS, Range, Scenario, ranges_text, read_inputs

from .fields import DISPLAY
from .i18n import Translator
from .url import write_choice

KEY = "ranges"
_VERSION = "ranges_version"  # a new table after each edit, drawn from the value it produced
DEFAULT_TEXT = ranges_text(Scenario.model_fields[KEY].default)


def _scale(field: str) -> float:
    return 100.0 if DISPLAY.get(field) == "percent" else 1.0


def _label(tr: Translator, field: str) -> str:
    """A short name, so the table stays narrow enough for a phone."""
    label = tr(f"ranges.short.{field}", currency=tr.currency)
    return f"{label} (%)" if _scale(field) == 100.0 else label


def table_rows(ranges: tuple[Range, ...], tr: Translator) -> pd.DataFrame:
    """The ranges as the table shows them: input label, low, high (percent inputs in %)."""
    return pd.DataFrame({
        "input": [_label(tr, item.field) for item in ranges],
        "low": [item.low * _scale(item.field) for item in ranges],
        "high": [item.high * _scale(item.field) for item in ranges],
    })


def edited_text(frame: pd.DataFrame, edits: dict[str, Any], tr: Translator) -> str:
    """The ranges text after the table's edits; rows missing an input or an end are left out,
    the rest kept as typed (`strategy` names what is wrong with them: low above high, say)."""
    pieces = [piece for piece in _edited_rows(frame, edits, tr) if piece is not None]
    return ranges_text(tuple(pieces))


def half_filled(frame: pd.DataFrame, edits: dict[str, Any], tr: Translator) -> bool:
    """Whether a row of the edited table is still being filled in (an input or an end
    missing): the table must then stay as the user left it, not be redrawn without it."""
    return None in _edited_rows(frame, edits, tr)


def _edited_rows(frame: pd.DataFrame, edits: dict[str, Any], tr: Translator
                 ) -> list[Range | None]:
    """Each row of the edited table as a range, or None where it is incomplete."""
    rows = frame.to_dict("records")
    for index, change in edits.get("edited_rows", {}).items():
        rows[int(index)].update(change)
    deleted = set(edits.get("deleted_rows", []))
    rows = [row for i, row in enumerate(rows) if i not in deleted] + edits.get("added_rows", [])
    fields = {_label(tr, field): field for field in RANGED_FIELDS}
    found: list[Range | None] = []
    for row in rows:
        field, low, high = fields.get(row.get("input")), row.get("low"), row.get("high")
        if field is None or low is None or high is None or pd.isna(low) or pd.isna(high):
            found.append(None)
            continue
        scale = _scale(field)
        found.append(Range(field, float(f"{low / scale:.10g}"), float(f"{high / scale:.10g}")))
    return found


def ranges_table(tr: Translator, on_change: Callable[[], None] | None = None) -> None:
    """The editable ranges table; a change rewrites the value and the URL, then `on_change`."""
    frame = table_rows(read_inputs({KEY: st.session_state[KEY]}).scenario.ranges, tr)
    key = f"ranges_table_{st.session_state.setdefault(_VERSION, 0)}"

    def changed() -> None:
        edits = st.session_state[key]
        text = edited_text(frame, edits, tr)
        if text == st.session_state[KEY] and half_filled(frame, edits, tr):
            return  # a row being filled in: the same table keeps it until it is complete
        st.session_state[KEY] = text
        write_url()
        st.session_state[_VERSION] += 1
        if on_change is not None:
            on_change()

    st.caption(tr("field.ranges.help"))
    st.data_editor(
        frame, key=key, num_rows="dynamic", hide_index=True, on_change=changed,
        column_config={
            "input": st.column_config.SelectboxColumn(
                tr("ranges.input"), options=[_label(tr, field) for field in RANGED_FIELDS],
                required=True, width=150),  # with the two ends, fits a phone
            "low": st.column_config.NumberColumn(tr("ranges.low"), format="%g", min_value=0,
                                                 width=70),
            "high": st.column_config.NumberColumn(tr("ranges.high"), format="%g", min_value=0,
                                                  width=70),
        },
    )


def write_url() -> None:
    """The ranges into the URL, left out when they are the defaults (as bound widgets do)."""
    write_choice(KEY, st.session_state[KEY], DEFAULT_TEXT)


def start_value() -> None:
    """On a session's first run, the ranges from the link (or the defaults)."""
    if KEY not in st.session_state:
        st.session_state[KEY] = st.query_params.get(KEY, DEFAULT_TEXT)
