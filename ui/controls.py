"""Scenario widgets: one widget per `Scenario` field, keyed and bound to the URL by field name.

Ranges and defaults come from the pydantic model, so the widgets, the link and the engine agree.
Widget values are read back through `strategy.read_inputs`, which replaces anything invalid
(a churn floor above churn, say) and says what it used instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypedDict

import streamlit as st

from strategy import OBJECTIVES, Reading, Scenario, read_inputs, read_link

from . import ranges
from .url import write_choice
from .fields import (
    CONTROLS, HEADLINE, MORE, SHOCKS, UNCERTAINTY, Control, decimals, format_field, none_text,
    points, scale_options, step_at, stepped_options,
)
from .i18n import Translator
from .phone import close_sidebar_after_changes

# Fields whose widgets cannot be bound to the URL (their values are not the field's, or their
# labels would be written there): kept in session state and synced with the URL by hand.
HELD = frozenset(control.field for control in CONTROLS if control.widget == "select_slider"
                 or (control.widget == "log_slider" and control.display == "percent"))
WIDGET_FORMATS = {"percent": "percent", "number": "localized"}


class _Common(TypedDict):
    """What every field's widget is given (a bound one is given `bind` on top)."""

    label: str
    help: str
    key: str
    on_change: Callable[[], None] | None


def field_widget(control: Control, tr: Translator,
                 on_change: Callable[[], None] | None = None) -> None:
    """The widget of one scenario field, keyed and bound to the URL by the field's name (the
    benchmark's bare page draws the budget's this way too)."""
    common: _Common = {
        "label": tr(f"field.{control.field}.label", currency=tr.currency),
        "help": tr(f"field.{control.field}.help"),
        "key": control.field,
        "on_change": on_change,
    }
    if control.widget == "selectbox":
        coded_choice(st.selectbox, options=OBJECTIVES, default=control.default,
                     format_func=lambda code: tr(f"objective.{code}"), **common)
        return
    low, high = control.bounds()
    if control.widget == "log_slider":
        # A full rerun, not the page's results alone: the other half of the pair must follow.
        common["on_change"] = None
        common["help"] += " " + tr("field.scale_help")
    if control.widget == "log_slider" and control.display == "percent":
        _log_scale(control, _points_box(control, common), tr)
        return
    if control.widget == "select_slider":
        _stepped_slider(control, common, tr)
        return
    if control.widget in ("number_input", "log_slider"):
        # A log slider's box keeps Streamlit's own format (None, as when none is given).
        box_format = number_format(control, _current(control)) \
            if control.widget == "number_input" else None
        step = step_at(control, _current(control))
        value = st.number_input(min_value=low, max_value=high, value=control.default, step=step,
                                format=box_format, placeholder=None if control.default is not None
                                else none_text(tr, control.field), bind="query-params", **common)
        if control.widget == "log_slider":
            _log_scale(control, value, tr)
        return
    st.slider(min_value=low, max_value=high, value=control.default, step=control.step,
              format=WIDGET_FORMATS[control.display], bind="query-params", **common)


def _current(control: Control) -> Any:
    """A bound field's value before its widget is drawn: a widget reads the URL only then."""
    if control.field in st.session_state:
        return st.session_state[control.field]
    try:
        return float(st.query_params[control.field])
    except (KeyError, ValueError):
        return control.default


def number_format(control: Control, value: float | None) -> str | None:
    """A float box shows the decimals its value needs (150, 150.5; not 150.00): sprintf
    formats cannot write the language's decimal comma, so none is shown when none is needed.
    Whole-number fields keep Streamlit's own."""
    if not isinstance(control.step, float):
        return None
    least = decimals(control.step, 0)
    return f"%.{decimals(value, least, 2) if value is not None else least}f"


def _stepped_slider(control: Control, common: _Common, tr: Translator) -> None:
    """A slider labelled in the language's numbers (7,5×), which a sprintf format cannot write."""
    key = scale_key(control.field)
    value = _held(control)
    st.session_state[key] = value
    on_change = common["on_change"]
    st.select_slider(
        common["label"], options=stepped_options(control, value), key=key, help=common["help"],
        format_func=lambda rung: scale_label(tr, control, rung),
        on_change=_follow_scale, args=(control.field, on_change))


def _points_box(control: Control, common: _Common) -> float:
    """A percentage's box, in points: not the field's value, so the field is held (`_held`)."""
    field, key = control.field, points_key(control.field)
    value = _held(control)
    st.session_state[key] = points(value)  # follows the slider, a link, a file, the menu
    least = decimals(points(control.step), 0)
    low, high = control.bounds()
    st.number_input(
        in_points(common["label"]), min_value=points(low), max_value=points(high),
        step=points(control.step), format=f"%.{decimals(points(value), least)}f", key=key,
        help=common["help"], on_change=_follow_points, args=(field,))
    return value


def in_points(label: str) -> str:
    """A percentage box's label: the unit it is typed in (the same in both languages)."""
    return f"{label} (%)"


def points_key(field: str) -> str:
    """The session key of a percentage's number box, in points (not a field, not in the URL)."""
    return f"{field}_points"


def _held(control: Control) -> float:
    """A field the URL cannot bind: the session's, or a value in the address bar it has not seen."""
    field = control.field
    given = st.query_params.get(field)
    if field not in st.session_state or (given is not None
                                         and given != st.session_state.get(_seen(field))):
        query = {name: st.query_params.get_all(name) for name in st.query_params}
        st.session_state[field] = getattr(read_link(query).scenario, field)
    _keep(field, st.session_state[field])
    return st.session_state[field]


def _seen(field: str) -> str:
    """The session key of what the address bar last held for a held field."""
    return f"{field}_in_link"


def _keep(field: str, value: float) -> None:
    """A held field's value into the session and the address bar, as a bound widget writes it."""
    st.session_state[field] = value
    write_choice(field, repr(value), repr(Scenario.model_fields[field].default))
    st.session_state[_seen(field)] = st.query_params.get(field)


def _follow_points(field: str) -> None:
    """Before the rerun: the field takes the box's value, from points."""
    _keep(field, round(st.session_state[points_key(field)] / 100, 12))


def scale_key(field: str) -> str:
    """The session key of a field's logarithmic slider (not a field, not in the URL)."""
    return f"{field}_scale"


def _log_scale(control: Control, value: float, tr: Translator) -> None:
    """A log-scale slider under a field's box, a decade either side; moved, it sets the field."""
    key = scale_key(control.field)
    st.session_state[key] = value  # follows the number input (typed, linked, loaded, menu)
    st.select_slider(
        tr("field.scale", field=tr(f"field.{control.field}.label", currency=tr.currency)),
        options=scale_options(control.field, value), key=key, label_visibility="collapsed",
        format_func=lambda rung: scale_label(tr, control, rung),
        on_change=_follow_scale, args=(control.field,))


def scale_label(tr: Translator, control: Control, rung: float) -> str:
    """A rung as the slider shows it, with the decimals it needs (0.01%, 7.25×)."""
    if control.display == "percent":
        return tr.percent(rung, decimals(points(rung), 1, 2))
    if control.display == "multiplier":
        return tr.number(rung, decimals(rung, 1, 2)) + "×"
    return format_field(tr, control.field, rung)


def _follow_scale(field: str, on_change: Callable[[], None] | None = None) -> None:
    """Before the rerun: the field takes the slider's value, never through `st.query_params`."""
    value = st.session_state[scale_key(field)]
    if field in HELD:
        _keep(field, value)
    else:
        st.session_state[field] = value
    if on_change is not None:
        on_change()


def coded_choice(widget: Callable[..., Any], *, key: str, options: tuple[str, ...], default: str,
                 on_change: Callable[[], None] | None = None, **arguments: Any) -> None:
    """A choice kept in the URL by its code (`objective=npv`, `lang=hu`).

    A bound choice widget would write its translated label to the URL instead, so a link
    would change meaning with the language; this one syncs `st.query_params` itself."""
    if key not in st.session_state:
        given = st.query_params.get(key)
        st.session_state[key] = given if given in options else default

    def changed() -> None:
        write_choice(key, st.session_state[key], default)
        if on_change is not None:
            on_change()

    widget(options=options, key=key, on_change=changed, **arguments)


def coded_tabs(key: str, labels: Mapping[str, str], default: str) -> dict[str, Any]:
    """Tabs whose open one is kept in the URL by its code (`chart=base`), like `coded_choice`;
    only the open tab's `.open` is true, so a page builds and sends just what is in view."""
    given = st.query_params.get(key)
    opened = given if given is not None and given in labels else default
    codes = {label: code for code, label in labels.items()}

    def changed() -> None:
        write_choice(key, codes.get(st.session_state[key], default), default)

    tabs = st.tabs(list(labels.values()), key=key, default=labels[opened], on_change=changed)
    return dict(zip(labels, tabs))


def scenario_inputs(tr: Translator, on_change: Callable[[], None] | None = None,
                    shocks_open: bool = False, ranges_open: bool = False) -> None:
    """The sidebar: the headline sliders, then the rest in a "More assumptions" expander, the
    stress tests in their own (open on the stress page), and the ranges (listed; the pages
    that use them edit them in their main area, where the table has room) with the draws."""
    keep_across_pages()
    ranges.start_value()
    with st.sidebar:
        st.subheader(tr("explorer.inputs"))
        for control in HEADLINE:
            field_widget(control, tr, on_change)
        with st.expander(tr("explorer.more")):
            for control in MORE:
                field_widget(control, tr, on_change)
        with st.expander(tr("explorer.shocks"), expanded=shocks_open):
            for control in SHOCKS:
                field_widget(control, tr, on_change)
        with st.expander(tr("explorer.ranges"), expanded=ranges_open):
            st.caption(tr("ranges.summary", ranges=format_field(
                tr, "ranges", read_inputs({ranges.KEY: st.session_state[ranges.KEY]})
                .scenario.ranges)))
            for control in UNCERTAINTY:
                field_widget(control, tr, on_change)
        close_sidebar_after_changes()
    ranges.write_url()  # also after a page switch, which clears what widgets do not bind


def keep_across_pages() -> None:
    """Make the values the widgets hold the session's own before the widgets are drawn.

    A widget seeded from a link holds the link's value only while the link is in the address
    bar; the menu opens the next page with a bare address, where the same widget would start
    from its default again. Written back through session state, the value is the session's
    (the Share link carries it; the address bar shows it again from the next change on). The
    objective, synced by hand, is written into the new address here."""
    for control in CONTROLS:
        if control.field in st.session_state:
            st.session_state[control.field] = st.session_state[control.field]
            if control.widget == "selectbox":
                write_choice(control.field, st.session_state[control.field], control.default)


def scenario_on_arrival(key: str, otherwise: Scenario | None = None) -> Scenario:
    """For a page that does not draw the sidebar's sliders: the scenario of the page the user
    came from. Those widgets' values last only for this page's first run, so they are kept
    under `key`; a session that starts on this page keeps `otherwise` (else the defaults)."""
    if any(control.field in st.session_state for control in CONTROLS
           if control.field not in HELD):  # the held ones stay in the session throughout
        st.session_state[key] = current_reading().scenario
    elif otherwise is not None:
        st.session_state.setdefault(key, otherwise)
    return st.session_state.get(key, Scenario())


def current_reading() -> Reading:
    """The scenario the widgets hold now, with anything unusable replaced and reported."""
    return read_inputs({
        field: st.session_state[field]
        for field in (*(control.field for control in CONTROLS), ranges.KEY)
        if field in st.session_state
    })
