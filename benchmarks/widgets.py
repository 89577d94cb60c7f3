"""What a browser holds for each widget, and what it sends when the user changes one.

The frontend keeps one `WidgetState` per widget on the page and sends all of them with every
rerun, so the server deserialises the whole set each time; a client that sent only the changed
widget would measure a cheaper rerun than users get. The encodings below were checked against
the BackMsgs Chromium sends to Streamlit 1.67 (sliders: double arrays, even for ints; select
sliders: string arrays of the options' labels; choice widgets: the option's label as a string;
number inputs: a double or an int, empty when None).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from streamlit.proto.Element_pb2 import Element
from streamlit.proto.NumberInput_pb2 import NumberInput
from streamlit.proto.Slider_pb2 import Slider
from streamlit.proto.WidgetStates_pb2 import WidgetState

Value = float | int | str | bool | Sequence[float] | None
SUPPORTED = ("slider", "number_input", "selectbox", "radio", "checkbox", "text_input", "text_area")
# Press-once widgets: the browser sends nothing for them until clicked. A file uploader holds
# no state until a file is chosen (taken from the frontend's source, not recorded).
TRIGGERS = ("button", "download_button", "file_uploader")  # submit buttons are `button`s too
# Stateful widgets this client cannot imitate yet: refuse rather than send a wrong state.
UNSUPPORTED = ("multiselect", "color_picker", "date_input", "time_input", "date_time_input",
               "camera_input", "audio_input", "chat_input", "button_group",
               "component_instance", "bidi_component", "feedback", "menu_button", "pagination")
_SELECTABLE = ("plotly_chart", "vega_lite_chart", "dataframe", "deck_gl_json_chart",
               "echarts_chart")


class UnsupportedWidget(NotImplementedError):
    """The page has a widget whose browser state this client does not know how to send."""


@dataclass
class Widget:
    """One widget as the browser knows it: its id, its URL parameter and its current state."""

    kind: str
    id: str
    key: str | None  # the user key, when the widget has one (ids end in it)
    query_param_key: str | None  # set when the widget is bound to the URL
    default: Value
    state: WidgetState
    proto: Any

    def value(self) -> Value:
        """The value the browser would send now (a single slider value unwrapped)."""
        return _read(self.state)


def user_key(widget_id: str) -> str | None:
    """Keyed widgets get ids like `$$ID-<hash>-<key>`; unkeyed ones have no key to find."""
    if widget_id.startswith("$$ID-"):
        parts = widget_id.split("-", 2)
        return parts[2] if len(parts) == 3 and parts[2] != "None" else None
    return None


def widget_from_element(element: Element, known: Widget | None) -> Widget | None:
    """The widget an element describes, or None if the element holds no browser state.

    Like the frontend, a widget already on the page keeps its state unless the server sets
    a value (`set_value`)."""
    kind = element.WhichOneof("type")
    if kind in TRIGGERS or kind is None:
        return None
    if kind in UNSUPPORTED:
        raise UnsupportedWidget(f"widget type {kind!r} is not imitated by benchmarks.widgets")
    if kind in _SELECTABLE:
        if getattr(getattr(element, kind), "selection_mode", None):
            raise UnsupportedWidget(f"{kind} with selections is not imitated")
        return None
    if kind not in SUPPORTED:
        return None
    proto = getattr(element, kind)
    query_param_key = proto.query_param_key if proto.HasField("query_param_key") else None
    default = _default(kind, proto)
    if known is not None and known.kind == kind and not proto.set_value:
        state = known.state
    else:
        state = _encode(kind, proto, _current(kind, proto, default))
    return Widget(kind, proto.id, user_key(proto.id), query_param_key, default, state, proto)


def with_value(widget: Widget, value: Value) -> Widget:
    """The widget after the user sets `value` (labels for choice widgets)."""
    return Widget(widget.kind, widget.id, widget.key, widget.query_param_key, widget.default,
                  _encode(widget.kind, widget.proto, value), widget.proto)


def url_value(value: Value) -> list[str] | None:
    """How the frontend writes a value into the URL (`String(x)` in JS); None clears it."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return [_js_string(item) for item in value]
    return [_js_string(value)]


def encode_query(parameters: dict[str, list[str]]) -> str:
    """The query string as the frontend writes it: keys sorted, repeated for arrays,
    encodeURIComponent's strict escaping, spaces as `+`."""
    parts = [f"{quote(name, safe='-_.~')}={quote(item, safe='-_.~')}"
             for name in sorted(parameters) for item in parameters[name]]
    return "&".join(parts).replace("%20", "+")


def _js_string(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _labelled(kind: str, proto: Any) -> bool:
    """A select slider: a `slider` element whose value is its options' labels."""
    return kind == "slider" and proto.type == Slider.Type.SELECT_SLIDER


def _default(kind: str, proto: Any) -> Value:
    if _labelled(kind, proto):
        return [proto.options[int(index)] for index in proto.default]
    if kind == "slider":
        return list(proto.default)
    if kind in ("selectbox", "radio"):
        return proto.options[proto.default] if proto.HasField("default") else None
    if kind in ("number_input", "text_input", "text_area"):
        return proto.default if proto.HasField("default") else None
    return proto.default  # checkbox (toggles are checkboxes too)


def _current(kind: str, proto: Any, default: Value) -> Value:
    if not proto.set_value:
        return default
    if _labelled(kind, proto):
        return list(proto.raw_value)
    if kind == "slider":
        return list(proto.value)
    if kind in ("selectbox", "radio"):
        return proto.raw_value if proto.HasField("raw_value") else None
    if kind in ("number_input", "text_input", "text_area"):
        return proto.value if proto.HasField("value") else None
    return proto.value


def _encode(kind: str, proto: Any, value: Value) -> WidgetState:
    state = WidgetState(id=proto.id)
    if value is None:
        return state  # the browser sends the id alone for an empty widget
    items = value if isinstance(value, Sequence) and not isinstance(value, str) else [value]
    if _labelled(kind, proto):
        state.string_array_value.data.extend(str(item) for item in items)
    elif kind == "slider":
        state.double_array_value.data.extend(float(item) for item in items)
    elif kind == "number_input":
        if isinstance(value, Sequence) and not isinstance(value, str):
            raise TypeError(f"a number input holds one number, not {value!r}")
        if proto.data_type == NumberInput.INT:
            state.int_value = int(value)
        else:
            state.double_value = float(value)
    elif kind in ("selectbox", "radio", "text_input", "text_area"):
        state.string_value = str(value)
    else:
        state.bool_value = bool(value)
    return state


def _read(state: WidgetState) -> Value:
    field = state.WhichOneof("value")
    if field is None:
        return None
    if field in ("double_array_value", "string_array_value"):
        data = list(getattr(state, field).data)
        return data[0] if len(data) == 1 else data
    return getattr(state, field)
