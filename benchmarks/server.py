"""A real Streamlit server in a subprocess, on a free loopback port, stopped on exit.

Rerun times are only meaningful against the server people run (`streamlit run`), not an
in-process imitation, so the benchmark starts real ones. Everything binds to 127.0.0.1.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Self

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
# The flags every benchmark server gets: no browser, no telemetry, loopback only.
BASE_FLAGS = ("--server.headless", "true", "--browser.gatherUsageStats", "false",
              "--server.address", HOST)
# Talk to the server directly even if the environment names an HTTP proxy.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    """A port nothing listens on right now (the server binds it a moment later)."""
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


class ServerFailed(RuntimeError):
    """The server did not come up, or died: nothing it would report could be trusted."""


class StreamlitServer:
    """`streamlit run SCRIPT` on 127.0.0.1; use as a context manager so it always stops.

    `flags` are extra `--section.option value` pairs (e.g. to switch an option off for an
    informational comparison). Output goes to a log file whose tail is shown on failure.
    """

    def __init__(self, script: Path, flags: tuple[str, ...] = (), name: str | None = None,
                 start_timeout: float = 90.0) -> None:
        self.script = script
        self.flags = flags
        self.name = name or script.name
        self.start_timeout = start_timeout
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None
        # Open for the server's whole life, closed and removed in `stop()`.
        self._log = tempfile.NamedTemporaryFile(  # noqa: SIM115
            prefix="bench-streamlit-", suffix=".log", delete=False)

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def launch(self) -> None:
        """Start the process without waiting, so several servers can boot side by side."""
        self.port = free_port()
        environment = dict(os.environ)
        # The bare page imports the app's `ui` package; make that independent of the cwd.
        environment["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(ROOT), environment.get("PYTHONPATH")]))
        self._process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(self.script), *BASE_FLAGS,
             "--server.port", str(self.port), *self.flags],
            cwd=ROOT, env=environment, stdin=subprocess.DEVNULL, stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def wait_healthy(self) -> None:
        """Block until `/_stcore/health` answers 200; fail with the server's log if not."""
        deadline = time.monotonic() + self.start_timeout
        while True:
            self.check_alive()
            try:
                with _DIRECT.open(f"{self.base_url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise ServerFailed(f"{self.name} not healthy after {self.start_timeout:g} s\n"
                                   f"{self.log_tail()}")
            time.sleep(0.2)

    @property
    def pid(self) -> int:
        """The server's process id, for reading its memory and CPU time from /proc."""
        self.check_alive()
        assert self._process is not None  # check_alive raised otherwise
        return self._process.pid

    def check_alive(self) -> None:
        if self._process is None or self._process.poll() is not None:
            raise ServerFailed(f"{self.name} is not running\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        """The end of the server's output, for error messages."""
        self._log.flush()
        text = Path(self._log.name).read_text(errors="replace").splitlines()
        return "\n".join(f"  | {line}" for line in text[-lines:])

    def stop(self) -> None:
        """SIGTERM (Streamlit shuts down cleanly on it), then SIGKILL if it hangs."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        self._log.close()
        Path(self._log.name).unlink(missing_ok=True)

    def __enter__(self) -> Self:
        self.launch()
        try:
            self.wait_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.stop()
