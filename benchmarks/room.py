"""Workshop-room participants and a facilitator's board over Streamlit's websocket protocol.

A participant opens `/room?room=CODE` on their phone, fills in the form and presses Submit;
the board is the facilitator's page whose fragment reruns every few seconds. `Participant`
adds to `protocol.Session` what a form needs: the fields are set without a rerun (a form sends
nothing until submitted), then the submit button's trigger goes with every widget's state.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypedDict, Unpack

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from .protocol import Run, Session
from .widgets import Value, user_key, with_value


class SessionOptions(TypedDict, total=False):
    """The options of a `Session` a room's page passes on (it sets the page and query)."""

    host: str
    locale: str
    timezone: str
    timeout: float
    errors_fail: bool


class Participant(Session):
    """A phone in the room."""

    def __init__(self, port: int, code: str, **options: Unpack[SessionOptions]) -> None:
        super().__init__(port, page="room", query_string=f"room={code}&lang=en", **options)

    def submit(self, values: Mapping[str, Value], button: str = "room_submit") -> Run:
        """Fill in the form's fields by key and press its submit button; wait for the rerun."""
        for key, value in values.items():
            widget = with_value(self.widget(key), value)
            self._page.widgets[widget.id] = widget
        [button_id] = [element.button.id for element in self.last_elements
                       if element.WhichOneof("type") == "button"
                       and user_key(element.button.id) == button]
        message = self._rerun_message()
        message.rerun_script.page_script_hash = self._page.script_hash
        message.rerun_script.widget_states.widgets.append(
            WidgetState(id=button_id, trigger_value=True))
        return self._exchange(message)

    def alerts(self) -> list[str]:
        """The notices the last run showed (success, info, warning, error)."""
        return [element.alert.body for element in self.last_elements
                if element.WhichOneof("type") == "alert"]


class Board(Session):
    """The facilitator's board; `refresh()` is one run of its fragment, as its timer asks."""

    def __init__(self, port: int, code: str, token: str,
                 **options: Unpack[SessionOptions]) -> None:
        super().__init__(port, page="room", query_string=f"room={code}&key={token}&lang=en",
                         **options)
        self.fragments: set[str] = set()  # the fragments the page drew (the board is one)

    def _read_delta(self, forward: ForwardMsg, seen: set[str]) -> int:
        if forward.delta.fragment_id:
            self.fragments.add(forward.delta.fragment_id)
        return super()._read_delta(forward, seen)

    def refresh(self) -> Run:
        [fragment] = self.fragments
        message = self._rerun_message()
        message.rerun_script.page_script_hash = self._page.script_hash
        message.rerun_script.fragment_id = fragment
        message.rerun_script.is_auto_rerun = True
        return self._exchange(message)

    def metrics(self) -> dict[str, str]:
        """The board's numbers as last drawn: label -> value."""
        return {element.metric.label: element.metric.body for element in self.last_elements
                if element.WhichOneof("type") == "metric"}
