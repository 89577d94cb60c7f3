"""A Streamlit session driven over the server's own websocket protocol, as a browser drives it.

Reusable for load tests: one `Session` per simulated user.
"""

from __future__ import annotations

import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.sync.client import connect

_DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


class RerunFailed(RuntimeError):
    """The script raised, or did not compile: a measurement of it would be meaningless."""


class Session:
    """One browser tab: opens the app, then changes widgets and waits for each rerun."""

    def __init__(self, port: int, query_string: str = "", timeout: float = 60) -> None:
        self._socket = connect(f"ws://127.0.0.1:{port}/_stcore/stream",
                               subprotocols=["streamlit"], max_size=None,
                               open_timeout=timeout)
        self._timeout = timeout
        self._query_string = query_string
        self._page_hash = ""
        self.widget_ids: dict[str, str] = {}  # widget key -> id, from the elements received
        self.rerun({})

    def close(self) -> None:
        self._socket.close()

    def rerun(self, changes: dict[str, float]) -> float:
        """Send slider values (by key) as the browser does; seconds until the run finished."""
        states = []
        for key, value in changes.items():
            state = WidgetState(id=self.widget_ids[key])
            state.double_array_value.data.append(value)
            states.append(state)
        message = BackMsg()
        message.rerun_script.query_string = self._query_string
        message.rerun_script.page_script_hash = self._page_hash
        message.rerun_script.widget_states.widgets.extend(states)
        started = time.perf_counter()
        self._socket.send(message.SerializeToString())
        self._wait_until_finished()
        return time.perf_counter() - started

    def _wait_until_finished(self) -> None:
        deadline = time.monotonic() + self._timeout
        while True:
            data = self._socket.recv(timeout=max(deadline - time.monotonic(), 0.1))
            message = ForwardMsg()
            message.ParseFromString(data)
            kind = message.WhichOneof("type")
            if kind == "new_session":
                self._page_hash = message.new_session.page_script_hash
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                if element.WhichOneof("type") == "exception":
                    raise RerunFailed(element.exception.message)
                if element.WhichOneof("type") == "slider":
                    self.widget_ids[element.slider.query_param_key] = element.slider.id
            elif kind == "script_finished":
                if message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise RerunFailed("the script did not compile")
                if message.script_finished in _DONE:
                    return
