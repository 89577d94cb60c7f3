"""`make load` (`python -m benchmarks.load`): a room full of people on one real server.

Two phases, each against its own `streamlit run app.py` on 127.0.0.1 (the server people run,
with the repository's `.streamlit/config.toml`), driven over Streamlit's websocket protocol by
`benchmarks.protocol.Session`, which sends what Chromium sends:

1. **Concurrent sessions** (30 by default, for 60 s): each session opens the explorer (one in
   five the stress page), then moves the sidebar sliders one at a time, waits for its rerun to
   finish, pauses a short think time, and moves the next one. Every rerun must finish without
   an exception or an error element and must draw the value it was sent (the share link holds
   it). Reported: reruns served, errors, p50/p95 rerun latency per page, the server's CPU time
   per rerun, and its memory (RSS from /proc) at the start, at the peak and at the end.
2. **Memory over a long session** (2,000 reruns by default): one session moves the sliders
   through ever new values back to back; the server's RSS is read every 100 reruns. Reported:
   the growth after the warm-up, per rerun, and the slope over the second half, against a limit.

Bounded in time and count: each phase stops at its deadline whatever the count, the memory
phase at its count; servers are always stopped. Exit status: 0 when every rerun succeeded and
memory stayed under the limit, 1 otherwise (errors listed), 130 when interrupted.
"""

from __future__ import annotations

import argparse
import io
import math
import os
import random
import signal
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

from streamlit.proto.Element_pb2 import Element

from .protocol import Session
from .server import ROOT, ServerFailed, StreamlitServer
from .stats import NAME_WIDTH, Summary, timing_line, value_line
from .widgets import Value

SESSIONS = 30
SECONDS = 60.0
THINK_S = (0.1, 0.4)  # a short pause before each change, drawn uniformly per change
STRESS_EVERY = 5  # every fifth session works on the stress page
MEMORY_RERUNS = 2_000
MEMORY_WARM_UP = 200  # reruns before the memory baseline (first-time caches, arenas)
MEMORY_SAMPLE_EVERY = 100
# The memory verdict: growth over the second half of the long session, per rerun. Keeping what
# one explorer rerun sends (~20 kB of messages, more as Python objects) would be far above
# this; allocator noise and bounded caches stay far below.
GROWTH_LIMIT_KB_PER_RERUN = 5.0
OPEN_TIMEOUT_S = 60.0  # a page load while 29 others load too
RUN_TIMEOUT_S = 30.0  # one rerun of the long session
MAX_CHANGES_PER_SESSION = 5_000  # a bound on count as well as on time
SEED = 6


# -- what the sessions move ------------------------------------------------------------------

@dataclass(frozen=True)
class Slider:
    """A sidebar slider, the values a session gives it, and how the share link writes them."""

    key: str
    value: Callable[[int], Value]  # the nth value: new each time, on the slider's step
    # How a session sets a field whose widget is not bound by its name (issue 15): the key
    # and value of the widget that holds it.
    via: Callable[[Value], dict[str, Value]] | None = None

    def text(self, value: Value) -> str:
        return repr(value) if isinstance(value, float) else str(value)

    def change(self, value: Value) -> dict[str, Value]:
        """What a session sends: the widget's key and value."""
        return self.via(value) if self.via is not None else {self.key: value}


def _churn_points(churn: Value) -> dict[str, Value]:
    """Churn as its widget takes it: typed in percentage points."""
    if not isinstance(churn, (int, float, str)):
        raise TypeError(f"churn is a number, not {churn!r}")
    return {"churn_points": round(float(churn) * 100, 10)}


# Ordinary scenarios: where a tiny base meets a large retention budget, the marginal cost of
# retention passes 1e28 and the explorer fails to format it (a known bug, BIG_MONEY in
# tests/ui/test_hostile_links.py); the load test measures load, so its values stay clear.
SLIDERS = (
    Slider("budget", lambda n: 20_000 + 1_000 * (n * 37 % 51)),
    Slider("churn", lambda n: round(0.02 + 0.001 * (n * 13 % 120), 3), via=_churn_points),
    Slider("customers", lambda n: 5_000 + 100 * (n * 29 % 300)),
    Slider("retention_share", lambda n: round(0.01 * (n * 7 % 71), 2)),
    Slider("cac_multiplier", lambda n: round(1.0 + 0.1 * (n * 11 % 190), 1),  # by its label
           via=lambda times: {"cac_multiplier_scale": f"{times:.1f}×"}),
)


def move(step: int) -> tuple[Slider, Value]:
    """The slider and value of a session's nth change: sliders in turn, values cycling
    through many distinct ones (so the server sees ever new scenarios, as people make)."""
    slider = SLIDERS[step % len(SLIDERS)]
    return slider, slider.value(step // len(SLIDERS) + 1)


def shows(elements: list[Element], slider: Slider, value: Value) -> bool:
    """The run drew the change: the page's share link holds the new value."""
    wanted = f"{slider.key}={slider.text(value)}"
    for element in elements:
        if element.WhichOneof("type") == "code":
            text = element.code.code_text
            at = text.find(wanted)
            while at >= 0:
                end = at + len(wanted)
                if text[at - 1] in "?&" and (end == len(text) or text[end] == "&"):
                    return True
                at = text.find(wanted, end)
    return False


# -- the server's process --------------------------------------------------------------------

def rss_mb(pid: int) -> float:
    """Resident set size of the process, from /proc (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise ServerFailed(f"no VmRSS for process {pid}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the process so far, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class MemoryWatch(threading.Thread):
    """Reads the server's RSS twice a second until stopped; keeps the peak."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = rss_mb(pid)
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.wait(0.5):
            try:
                self.peak = max(self.peak, rss_mb(self.pid))
            except (OSError, ServerFailed):
                return

    def stop(self) -> float:
        self._halt.set()
        self.join(timeout=2)
        return self.peak


# -- phase 1: many sessions ------------------------------------------------------------------

@dataclass
class SessionLog:
    """What one simulated person saw."""

    page: str
    open_s: float = 0.0
    moving: tuple[float, float] = (0.0, 0.0)  # monotonic start and end of the slider moves
    reruns: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _person(port: int, number: int, seconds: float, think: tuple[float, float],
            start: threading.Barrier, opened: threading.Barrier, log: SessionLog) -> None:
    rng = random.Random(SEED * 1000 + number)
    session = Session(port, page="stress" if log.page == "stress" else "",
                      timeout=OPEN_TIMEOUT_S)
    try:
        start.wait(timeout=OPEN_TIMEOUT_S)  # everyone opens the link at once
        try:
            log.open_s = session.open().seconds
        finally:
            opened.wait(timeout=2 * OPEN_TIMEOUT_S)  # then everyone starts working
        began = time.monotonic()
        deadline = began + seconds
        step = number * 7  # each person starts elsewhere in the sequence
        while time.monotonic() < deadline and len(log.reruns) < MAX_CHANGES_PER_SESSION:
            time.sleep(rng.uniform(*think))
            slider, value = move(step)
            step += 1
            try:
                run = session.change(slider.change(value))
            except Exception as error:  # noqa: BLE001 - every failure is counted and shown
                log.errors.append(f"{slider.key}={value}: {type(error).__name__}: {error}")
                break  # the session's state is unknown now; a person would reload
            if not shows(session.last_elements, slider, value):
                log.errors.append(f"{slider.key}={value}: the run did not draw the new value")
            log.reruns.append(run.seconds)
        log.moving = (began, time.monotonic())
    except Exception as error:  # noqa: BLE001
        log.errors.append(f"session {number} could not open or run: "
                          f"{type(error).__name__}: {error}")
    finally:
        session.close()


@dataclass
class LoadResult:
    sessions: list[SessionLog]
    seconds: float
    think: tuple[float, float]
    rss_start: float
    rss_peak: float
    rss_end: float
    rss_after_close: float
    cpu_open_s: float  # server CPU time while the sessions opened their page
    cpu_s: float  # server CPU time while they moved sliders


def concurrent(sessions: int, seconds: float, think: tuple[float, float] = THINK_S) -> LoadResult:
    with StreamlitServer(ROOT / "app.py", name="load server") as server:
        pid = server.pid
        # A first page load builds the process's caches (imports, warm_start), as the first
        # visitor of a deployed app does; the load starts after it.
        with Session(server.port, timeout=OPEN_TIMEOUT_S) as first:
            first.change({"budget": 51_000})
        time.sleep(1)
        rss_start, cpu_start = rss_mb(pid), cpu_seconds(pid)
        watch = MemoryWatch(pid)
        watch.start()
        logs = [SessionLog("stress" if n % STRESS_EVERY == STRESS_EVERY - 1 else "explorer")
                for n in range(sessions)]
        start = threading.Barrier(sessions)
        opened = threading.Barrier(sessions + 1)  # and this thread, to read the CPU time
        threads = [threading.Thread(target=_person, args=(server.port, n, seconds, think,
                                                            start, opened, logs[n]), daemon=True)
                   for n in range(sessions)]
        for thread in threads:
            thread.start()
        try:
            opened.wait(timeout=3 * OPEN_TIMEOUT_S)
        except threading.BrokenBarrierError:
            pass  # a session that could not open says so in its log
        cpu_moving = cpu_seconds(pid)
        limit = time.monotonic() + OPEN_TIMEOUT_S + seconds + 5
        for thread in threads:
            thread.join(timeout=max(0.0, limit - time.monotonic()))
        windows = [log.moving for log in logs if log.moving[1]]
        elapsed = (max(end for _, end in windows) - min(begin for begin, _ in windows)) \
            if windows else 0.0
        rss_end = rss_mb(pid)
        cpu_s = cpu_seconds(pid) - cpu_moving
        stuck = [n for n, thread in enumerate(threads) if thread.is_alive()]
        for n in stuck:
            logs[n].errors.append(f"session {n} was still waiting at the deadline")
        peak = watch.stop()
        time.sleep(3)  # sessions closed: what the server gives back
        server.check_alive()
        return LoadResult(logs, elapsed, think, rss_start, peak, rss_end, rss_mb(pid),
                          cpu_moving - cpu_start, cpu_s)


# -- phase 2: one long session ---------------------------------------------------------------

@dataclass
class MemoryResult:
    reruns: int
    samples: list[tuple[int, float]]  # (reruns so far, RSS MB)
    latencies: list[float]
    errors: list[str]
    seconds: float

    def growth_mb(self) -> float:
        """RSS at the end against RSS after the warm-up."""
        base = next(rss for count, rss in self.samples if count >= MEMORY_WARM_UP)
        return self.samples[-1][1] - base

    def slope_kb(self, since: int) -> float:
        """Least-squares growth per rerun (kB) over the samples from `since` reruns on."""
        points = [(count, rss) for count, rss in self.samples if count >= since]
        if len(points) < 3:
            return float("nan")
        return statistics.linear_regression(*zip(*points)).slope * 1024


def long_session(reruns: int, seconds: float) -> MemoryResult:
    with StreamlitServer(ROOT / "app.py", name="memory server") as server:
        pid = server.pid
        samples: list[tuple[int, float]] = []
        latencies: list[float] = []
        errors: list[str] = []
        began = time.monotonic()
        with Session(server.port, timeout=RUN_TIMEOUT_S) as session:
            samples.append((0, rss_mb(pid)))
            for step in range(reruns):
                if time.monotonic() - began > seconds:
                    errors.append(f"stopped at its time limit ({seconds:g} s) after {step} "
                                  "reruns; is the machine very busy?")
                    break
                slider, value = move(step)
                try:
                    run = session.change(slider.change(value))
                except Exception as error:  # noqa: BLE001
                    errors.append(f"{slider.key}={value}: {type(error).__name__}: {error}")
                    break
                if not shows(session.last_elements, slider, value):
                    errors.append(f"{slider.key}={value}: the run did not draw the new value")
                latencies.append(run.seconds)
                if (step + 1) % MEMORY_SAMPLE_EVERY == 0 or step + 1 == reruns:
                    samples.append((step + 1, rss_mb(pid)))
        return MemoryResult(len(latencies), samples, latencies, errors,
                            time.monotonic() - began)


# -- the report ------------------------------------------------------------------------------

def report_load(result: LoadResult) -> list[str]:
    runs = [seconds for log in result.sessions for seconds in log.reruns]
    errors = [error for log in result.sessions for error in log.errors]
    print(f"\n1. {len(result.sessions)} concurrent sessions on one server for "
          f"{result.seconds:.0f} s (each: open a page, then move a slider, wait for the rerun, "
          f"think {result.think[0] * 1000:g}–{result.think[1] * 1000:g} ms, repeat)")
    print(f"  {'reruns served':<{NAME_WIDTH}} {len(runs):7d}")
    print(f"  {'reruns per second':<{NAME_WIDTH}} {len(runs) / max(result.seconds, 1e-9):7.1f}")
    print(f"  {'errors':<{NAME_WIDTH}} {len(errors):7d}   (must be 0)")
    if runs:
        print(timing_line("rerun latency, every page", Summary.of(runs)))
    for page in ("explorer", "stress"):
        page_runs = [s for log in result.sessions if log.page == page for s in log.reruns]
        sessions = sum(log.page == page for log in result.sessions)
        if page_runs:
            print(timing_line(f"  {page} ({sessions} sessions)", Summary.of(page_runs)))
    opens = [log.open_s for log in result.sessions if log.open_s]
    if opens:
        print(timing_line("first page load, all sessions at once", Summary.of(opens)))
        print(value_line("server CPU time per first page load",
                         result.cpu_open_s / len(opens) * 1000))
    if runs:
        cpu_ms = result.cpu_s / len(runs) * 1000
        print(value_line("server CPU time per rerun", cpu_ms,
                         f"({result.cpu_s:.0f} CPU-s in {result.seconds:.0f} s of slider moves)"))
        # One process runs Python on one core at a time (the GIL): this bounds its throughput.
        print(f"  {'one server process can serve at most':<{NAME_WIDTH}} "
              f"{1000 / cpu_ms:7.1f} reruns per second (1 / CPU time per rerun)")
    print(f"  {'server memory (RSS)':<{NAME_WIDTH}} start {result.rss_start:6.0f} MB   "
          f"peak {result.rss_peak:6.0f} MB   end {result.rss_end:6.0f} MB   "
          f"3 s after the sessions closed {result.rss_after_close:6.0f} MB")
    if len(result.sessions):
        print(f"  {'memory per open session (peak − start) / sessions':<{NAME_WIDTH}} "
              f"{(result.rss_peak - result.rss_start) / len(result.sessions):7.1f} MB")
    return errors


def report_memory(result: MemoryResult) -> tuple[list[str], bool]:
    print(f"\n2. One session, {result.reruns} reruns back to back ({result.seconds:.0f} s), "
          f"server RSS every {MEMORY_SAMPLE_EVERY} reruns")
    if result.latencies:
        print(timing_line("rerun latency", Summary.of(result.latencies)))
    within = True
    if len(result.samples) > 2 and result.samples[-1][0] >= MEMORY_WARM_UP:
        start, end = result.samples[0][1], result.samples[-1][1]
        growth = result.growth_mb()
        counted = result.samples[-1][0] - MEMORY_WARM_UP
        half = result.samples[-1][0] // 2
        slope = result.slope_kb(since=half)
        within = not slope > GROWTH_LIMIT_KB_PER_RERUN  # nan (too few samples) passes
        verdict = "PASS" if within else "MISS"
        print(f"  {'server memory (RSS)':<{NAME_WIDTH}} start {start:6.0f} MB   "
              f"after {MEMORY_WARM_UP} reruns {end - growth:6.0f} MB   end {end:6.0f} MB")
        print(f"  {f'growth after the warm-up ({counted} reruns)':<{NAME_WIDTH}} "
              f"{growth:+7.1f} MB   {growth * 1024 / max(counted, 1):+.2f} kB per rerun")
        print(f"  {'slope over the second half (least squares)':<{NAME_WIDTH}} " + (
            f"{slope:+7.2f} kB per rerun   limit {GROWTH_LIMIT_KB_PER_RERUN:g}: {verdict}"
            if not math.isnan(slope) else "    n/a (fewer than 3 samples: run more reruns)"))
        print(f"  {'':<{NAME_WIDTH}} RSS by reruns: " + ", ".join(
            f"{count}: {rss:.0f}" for count, rss in result.samples[:: max(1, len(
                result.samples) // 10)]))
    else:
        print("  too few reruns for a memory figure")
    return result.errors, within


def _stop_on_sigterm(number: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # unwinds the `with` blocks, which stop the servers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__
                                     .split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=SESSIONS)
    parser.add_argument("--seconds", type=float, default=SECONDS)
    parser.add_argument("--think", type=float, nargs=2, default=THINK_S, metavar=("LOW", "HIGH"),
                        help="seconds a person pauses before each change, drawn uniformly "
                             f"(default {THINK_S[0]:g} {THINK_S[1]:g})")
    parser.add_argument("--reruns", type=int, default=MEMORY_RERUNS,
                        help="reruns of the memory phase (0 skips it)")
    options = parser.parse_args(argv)
    if not 1 <= options.sessions <= 200 or not 1 <= options.seconds <= 600 or \
            not 0 <= options.reruns <= 20_000 or not 0 <= options.think[0] <= \
            options.think[1] <= 60:
        parser.error("bounds: 1–200 sessions, 1–600 seconds, 0–20000 reruns, "
                     "0 ≤ think LOW ≤ HIGH ≤ 60")
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    if isinstance(sys.stdout, io.TextIOWrapper):  # not when a caller replaced it
        sys.stdout.reconfigure(line_buffering=True)  # each phase's report as soon as it is done
    started = time.monotonic()
    try:
        load = concurrent(options.sessions, options.seconds, tuple(options.think))
        errors = report_load(load)
        within = True
        if options.reruns:
            # Allow ~0.25 s per rerun: the explorer reruns in ~30 ms on this machine, ~55 ms
            # back to back (see README, "Speed"), with room for a busy machine.
            memory = long_session(options.reruns, seconds=max(60.0, options.reruns * 0.25))
            memory_errors, within = report_memory(memory)
            errors += memory_errors
    except ServerFailed as error:
        print(f"\nCould not run the load test: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted; the servers were stopped.", file=sys.stderr)
        return 130
    print(f"\n({time.monotonic() - started:.0f} s)")
    if errors:
        print(f"\n{len(errors)} errors, e.g.:", file=sys.stderr)
        for message in errors[:10]:
            print(f"  {message[:400]}", file=sys.stderr)
        return 1
    if not within:
        print(f"\nMemory grew more than {GROWTH_LIMIT_KB_PER_RERUN:g} kB per rerun over the "
              "second half of the long session.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
