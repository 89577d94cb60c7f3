"""A Streamlit session driven over the server's own websocket protocol, the way a browser tab
drives it: one `Session` per simulated user, so a load test can open many.

What the frontend of Streamlit 1.67 does, and this client copies (checked against the frames
headless Chromium sends):
- connects to `ws://HOST:PORT/_stcore/stream` with the subprotocols `streamlit` and an auth
  token (`PLACEHOLDER_AUTH_TOKEN` when it has none), and an `Origin` of the page;
- opens the page with a `rerun_script` BackMsg carrying empty widget states and its context
  (timezone, locale, URL); later reruns name the page by its hash (from the `navigation`
  message with `st.navigation`, else from `new_session`);
- on a widget change sends the state of *every* widget on the page, the query string with the
  URL-bound widgets rewritten (a value equal to the default is left out), and the fragment id
  of the changed widget when it sits inside a fragment (none for the sidebar sliders, whose
  `on_change` callback asks the server for the keyed fragment itself).
A run is over at the `script_finished` ForwardMsg that ends it: `FINISHED_EARLY_FOR_RERUN` is
followed by the run that replaced it (a full run whose callback calls `st.rerun("results")`).
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import TracebackType
from typing import Self
from urllib.parse import parse_qs

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin, Subprotocol

from .widgets import Value, Widget, encode_query, url_value, widget_from_element, with_value

NO_AUTH_TOKEN = "PLACEHOLDER_AUTH_TOKEN"  # what the frontend sends without an XSRF cookie
_STATUS = ForwardMsg.ScriptFinishedStatus
_DONE = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


class RerunFailed(RuntimeError):
    """The page raised, showed an error or did not compile: timing it would be meaningless."""


@dataclass(frozen=True)
class Run:
    """One interaction as the user waits for it: from sending the BackMsg to the end."""

    seconds: float
    finished: tuple[str, ...]  # every script_finished status, e.g. early-for-rerun, fragment
    messages: int
    bytes_received: int
    elements: int


@dataclass
class _Page:
    """What the session has learnt from the server so far."""

    script_hash: str = ""  # sent back with every rerun, as the frontend's current page
    navigated: bool = False  # st.navigation sent the page hash (new_session names the main script)
    widgets: dict[str, Widget] = field(default_factory=dict)  # by widget id
    fragment_of: dict[str, str] = field(default_factory=dict)  # widget id -> fragment id


class Session:
    """One browser tab on one page. `open()` loads it; `change(...)` moves widgets by key."""

    def __init__(self, port: int, *, host: str = "127.0.0.1", page: str = "",
                 query_string: str = "", locale: str = "en-US", timezone: str = "UTC",
                 timeout: float = 30.0, errors_fail: bool = True) -> None:
        self.origin = f"http://{host}:{port}"
        self.url = f"{self.origin}/{page}" + (f"?{query_string}" if query_string else "")
        self._stream = f"ws://{host}:{port}/_stcore/stream"
        self._page_name = page
        self._query = parse_qs(query_string, keep_blank_values=True)
        self._locale, self._timezone = locale, timezone
        self._timeout = timeout
        self._errors_fail = errors_fail  # an st.error on the page counts as a failed run
        self._page = _Page()
        self._socket: ClientConnection | None = None
        self.last_elements: list[Element] = []  # drawn by the last run, to check the result

    # -- lifecycle ---------------------------------------------------------------------------
    def open(self) -> Run:
        """Connect and run the page once, as a browser loading the URL does."""
        self._socket = connect(
            self._stream, subprotocols=[Subprotocol("streamlit"), Subprotocol(NO_AUTH_TOKEN)],
            origin=Origin(self.origin),
            open_timeout=self._timeout, close_timeout=2, max_size=None, proxy=None,
            legacy=True,  # a plain connection object; this class closes it
        )
        message = self._rerun_message()
        message.rerun_script.page_name = self._page_name
        return self._exchange(message)

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    # -- interactions ------------------------------------------------------------------------
    def widget(self, key: str) -> Widget:
        """The widget with this user key (or URL parameter) on the page as last drawn."""
        for widget in self._page.widgets.values():
            if key in (widget.key, widget.query_param_key):
                return widget
        raise KeyError(f"no widget with key {key!r} on the page "
                       f"(known: {sorted(w.key or w.id for w in self._page.widgets.values())})")

    def change(self, values: Mapping[str, Value]) -> Run:
        """Set widgets by key, as a user releasing a slider does, and wait for the rerun."""
        fragments: set[str] = set()  # the frontend sends one fragment id per batch
        for key, value in values.items():
            widget = with_value(self.widget(key), value)
            self._page.widgets[widget.id] = widget
            fragments.add(self._page.fragment_of.get(widget.id, ""))
            if widget.query_param_key is not None:
                self._write_url(widget.query_param_key, widget, value)
        message = self._rerun_message()
        message.rerun_script.page_script_hash = self._page.script_hash
        if len(fragments) == 1:  # the frontend batches one fragment's changes together
            message.rerun_script.fragment_id = fragments.pop()
        return self._exchange(message)

    def _write_url(self, key: str, widget: Widget, value: Value) -> None:
        written = url_value(value)
        if written is None or written == url_value(widget.default):
            self._query.pop(key, None)
        else:
            self._query[key] = written

    def _rerun_message(self) -> BackMsg:
        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string = encode_query(self._query)
        rerun.widget_states.SetInParent()  # sent even when empty, as the frontend does
        rerun.widget_states.widgets.extend(w.state for w in self._page.widgets.values())
        context = rerun.context_info
        context.timezone, context.timezone_offset = self._timezone, 0
        context.locale, context.url = self._locale, self.url
        context.is_embedded, context.color_scheme = False, "light"
        return message

    # -- reading the answer ------------------------------------------------------------------
    def _exchange(self, message: BackMsg) -> Run:
        if self._socket is None:
            raise RuntimeError("session is not open")
        finished: list[str] = []
        seen: set[str] = set()
        self.last_elements = []
        messages = received = elements = 0
        self._drain()
        started = time.perf_counter()
        deadline = time.monotonic() + self._timeout
        self._socket.send(message.SerializeToString())
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no end of run within {self._timeout:g} s at {self.url}")
            data = self._socket.recv(timeout=remaining)
            if isinstance(data, str):
                raise RerunFailed("the server sent a text frame; Streamlit only sends protobufs")
            messages += 1
            received += len(data)
            forward = ForwardMsg()
            forward.ParseFromString(data)
            kind = forward.WhichOneof("type")
            if kind == "delta":
                elements += self._read_delta(forward, seen)
            elif kind == "new_session":
                if not self._page.navigated:  # a single-page app names its page here
                    self._page.script_hash = forward.new_session.page_script_hash
                seen.clear()
                self.last_elements = []
            elif kind == "navigation":  # st.navigation: the page being shown
                self._page.navigated = True
                self._page.script_hash = forward.navigation.page_script_hash
            elif kind == "session_event" and forward.session_event.HasField(
                    "script_compilation_exception"):
                raise RerunFailed("the script did not compile: "
                                  f"{forward.session_event.script_compilation_exception.message}")
            elif kind == "page_not_found":
                raise RerunFailed(f"page not found: {forward.page_not_found.page_name!r}")
            elif kind == "script_finished":
                status = forward.script_finished
                finished.append(_STATUS.Name(status))
                if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise RerunFailed("the script did not compile")
                if status in _DONE:
                    if status == ForwardMsg.FINISHED_SUCCESSFULLY:
                        self._forget_widgets_not_in(seen)
                    return Run(time.perf_counter() - started, tuple(finished), messages,
                               received, elements)

    def _drain(self) -> None:
        """Drop what arrived after the last run ended (its "not running" status), so each
        run's counts start clean. Nothing is waited for."""
        assert self._socket is not None
        while True:
            try:
                self._socket.recv(timeout=0)
            except TimeoutError:
                return

    def _read_delta(self, forward: ForwardMsg, seen: set[str]) -> int:
        delta = forward.delta
        if delta.WhichOneof("type") != "new_element":
            return 0
        element = delta.new_element
        self.last_elements.append(element)
        kind = element.WhichOneof("type")
        if kind == "exception":
            shown = element.exception
            raise RerunFailed("the page raised: " + ": ".join(
                part for part in (shown.type, shown.message, "\n".join(shown.stack_trace)) if part))
        if kind == "alert" and element.alert.format == Alert.ERROR and self._errors_fail:
            raise RerunFailed(f"the page shows an error: {element.alert.body}")
        proto = getattr(element, kind) if kind else None
        widget_id = getattr(proto, "id", "")
        if widget_id:
            widget = widget_from_element(element, self._page.widgets.get(widget_id))
            if widget is not None:
                self._page.widgets[widget.id] = widget
                self._page.fragment_of[widget.id] = delta.fragment_id
                seen.add(widget.id)
        return 1

    def _forget_widgets_not_in(self, seen: set[str]) -> None:
        """After a full run the frontend drops the state of widgets no longer drawn."""
        for widget_id in set(self._page.widgets) - seen:
            del self._page.widgets[widget_id]
            self._page.fragment_of.pop(widget_id, None)
