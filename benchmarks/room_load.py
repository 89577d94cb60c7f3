"""The workshop room under load (`make load`, after the slider load) and its `make bench` figures.

Load: one real server (`streamlit run app.py`, rooms in a temporary SQLite file), one room,
50 participants on phones and the facilitator's board refreshing its fragment every 3 s, for
60 s. Each phone opens the join link, then submits new estimates and a new guess every 7–12 s
(under the room's limit of 10 a minute) and must be told "Submitted"/"Updated". At the end the
database must hold exactly one row per phone with its last values, and the board must count
them all. Reported: submissions, errors (must be 0), submit and board-refresh latency, the
server's CPU time per board refresh (alone, after the reveal, 50 guesses on the curve) and its
memory. Bench: a submit round trip and one board refresh on a quiet server, against the bare
page's rerun.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine

from workshop import store
from workshop.room import Submission

from .load import MemoryWatch, cpu_seconds, rss_mb
from .room import Board, Participant
from .server import ROOT, ServerFailed, StreamlitServer
from .stats import NAME_WIDTH, Summary, timing_line, value_line

PEOPLE = 50
SECONDS = 60.0
THINK_S = (7.0, 12.0)  # a phone changes its mind every 7–12 s (the limit is 10 a minute)
BOARD_EVERY_S = 3.0  # as the board's run_every
OPEN_TIMEOUT_S = 90.0
SEED = 15
# As deployed (the Dockerfile's server): no file watcher, which would drop the app's modules
# whenever a file of the working tree changes and have fifty sessions import them at once.
SERVED = ("--server.fileWatcherType", "none")
SAVED = ("Submitted. You can change it", "Updated. You can change it")


@dataclass
class Phone:
    """What one participant saw and last sent."""

    number: int
    submits: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    last: tuple[str, float, int] | None = None  # name, churn in %, guess in %


def _values(rng: random.Random, number: int) -> tuple[str, float, int]:
    return f"P{number}", round(rng.uniform(2, 9), 1), rng.randrange(0, 101)


def _submit(phone: Participant, values: tuple[str, float, int]) -> float:
    name, churn, guess = values
    run = phone.submit({"room_name": name, "room_churn": churn, "room_guess": guess})
    if not any(alert.startswith(SAVED) for alert in phone.alerts()):
        raise AssertionError(f"not saved: {phone.alerts()}")
    return run.seconds


def _as_sent(submission: Submission) -> tuple[str, float, int]:
    """A stored submission as the values its phone sent: name, churn in %, guess in %."""
    if submission.churn is None:  # every phone sends a churn
        raise TypeError(f"{submission.name}'s churn was not stored")
    return (submission.name, round(submission.churn * 100, 1),
            round(submission.retention_share * 100))


def _participant(port: int, code: str, log: Phone, seconds: float,
                 think: tuple[float, float], start: threading.Barrier) -> None:
    rng = random.Random(SEED * 1000 + log.number)
    try:
        with Participant(port, code, timeout=OPEN_TIMEOUT_S) as phone:
            start.wait(timeout=OPEN_TIMEOUT_S)
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                values = _values(rng, log.number)
                log.submits.append(_submit(phone, values))
                log.last = values
                time.sleep(rng.uniform(*think))
    except Exception as error:  # noqa: BLE001 - every failure is counted and shown
        log.errors.append(f"phone {log.number}: {type(error).__name__}: {error}")


@dataclass
class RoomLoad:
    phones: list[Phone]
    board_runs: list[float]
    board_errors: list[str]
    joined_shown: str
    stored_right: bool
    seconds: float
    rss: tuple[float, float, float]  # start, peak, end
    cpu_per_refresh_s: float
    alone_refreshes: list[float]
    server_log: str


def load(people: int = PEOPLE, seconds: float = SECONDS,
         think: tuple[float, float] = THINK_S) -> RoomLoad:
    folder = Path(tempfile.mkdtemp(prefix="room-load-"))
    url = f"sqlite:///{folder / 'rooms.sqlite3'}"
    os.environ["ROOMS_DATABASE_URL"] = url  # the server inherits it
    engine = store.prepare(create_engine(url))
    made, token = store.create_room(engine, {})
    phones = [Phone(n) for n in range(people)]
    board_runs: list[float] = []
    board_errors: list[str] = []
    with StreamlitServer(ROOT / "app.py", flags=SERVED, name="room load server") as server:
        pid = server.pid
        with Board(server.port, made.code, token, timeout=OPEN_TIMEOUT_S) as board:
            rss_start = rss_mb(pid)
            watch = MemoryWatch(pid)
            watch.start()
            start = threading.Barrier(people)
            threads = [threading.Thread(target=_participant, daemon=True, args=(
                server.port, made.code, phone, seconds, think, start)) for phone in phones]
            began = time.monotonic()
            for thread in threads:
                thread.start()
            while any(thread.is_alive() for thread in threads) and \
                    time.monotonic() < began + seconds + 2 * OPEN_TIMEOUT_S:
                time.sleep(BOARD_EVERY_S)
                try:
                    board_runs.append(board.refresh().seconds)
                except Exception as error:  # noqa: BLE001
                    board_errors.append(f"board: {type(error).__name__}: {error}")
                    break
            elapsed = time.monotonic() - began
            for n, thread in enumerate(threads):
                thread.join(timeout=5)
                if thread.is_alive():
                    phones[n].errors.append(f"phone {n} was still waiting at the deadline")
            board.refresh()
            joined = board.metrics().get("Joined", "")
            # The heaviest board: revealed, every guess on the curve. Alone, for its CPU cost.
            store.set_phase(engine, made.code, token, "revealed")
            board.refresh()
            cpu_before = cpu_seconds(pid)
            alone = [board.refresh().seconds for _ in range(20)]
            cpu_per_refresh = (cpu_seconds(pid) - cpu_before) / len(alone)
            rss_end = rss_mb(pid)
            peak = watch.stop()
            log = server.log_tail(40)
    stored = {e.participant: e for e in store.entries(engine, made.code)}
    lasts = sorted(phone.last for phone in phones if phone.last)
    kept = sorted(_as_sent(e.submission) for e in stored.values())
    engine.dispose()
    return RoomLoad(phones, board_runs, board_errors, joined, kept == lasts
                    and len(stored) == people, elapsed, (rss_start, peak, rss_end),
                    cpu_per_refresh, alone, log)


def report_load(result: RoomLoad) -> list[str]:
    submits = [s for phone in result.phones for s in phone.submits]
    errors = [e for phone in result.phones for e in phone.errors] + result.board_errors
    if not result.stored_right:
        errors.append("the database does not hold exactly one row per phone with its last "
                      "values")
    if result.joined_shown != str(len(result.phones)):
        errors.append(f"the board showed {result.joined_shown!r} joined, not "
                      f"{len(result.phones)}")
    print(f"\n3. A workshop room: {len(result.phones)} phones submitting every "
          f"{THINK_S[0]:g}–{THINK_S[1]:g} s and the board refreshing every "
          f"{BOARD_EVERY_S:g} s, {result.seconds:.0f} s")
    print(f"  {'submissions served':<{NAME_WIDTH}} {len(submits):7d}")
    print(f"  {'errors':<{NAME_WIDTH}} {len(errors):7d}   (must be 0)")
    print(f"  {'rows in the database, each the last sent':<{NAME_WIDTH}} "
          f"{'yes' if result.stored_right else 'NO':>7}   board showed {result.joined_shown}")
    if submits:
        print(timing_line("submit round trip under load", Summary.of(submits)))
    if result.board_runs:
        print(timing_line("board refresh (fragment) under load", Summary.of(result.board_runs)))
    print(timing_line(f"board refresh alone, revealed ({len(result.phones)} guesses)",
                      Summary.of(result.alone_refreshes)))
    print(value_line("server CPU time per board refresh, revealed",
                     result.cpu_per_refresh_s * 1000))
    start, peak, end = result.rss
    print(f"  {'server memory (RSS)':<{NAME_WIDTH}} start {start:6.0f} MB   "
          f"peak {peak:6.0f} MB   end {end:6.0f} MB")
    return errors


def bench(bare_median_ms: float | None = None) -> list[str]:
    """`make bench`: a submit round trip and a board refresh on a quiet server."""
    folder = Path(tempfile.mkdtemp(prefix="room-bench-"))
    url = f"sqlite:///{folder / 'rooms.sqlite3'}"
    os.environ["ROOMS_DATABASE_URL"] = url
    engine = store.prepare(create_engine(url))
    made, token = store.create_room(engine, {})
    rng = random.Random(SEED)
    submits, hidden, revealed = [], [], []
    with StreamlitServer(ROOT / "app.py", flags=SERVED, name="room bench server") as server:
        for number in range(25):  # one submission each: the limit is 10 a minute per phone
            with Participant(server.port, made.code, timeout=60) as phone:
                submits.append(_submit(phone, _values(rng, number)))
        with Board(server.port, made.code, token, timeout=60) as board:
            hidden = [board.refresh().seconds for _ in range(20)]
            store.set_phase(engine, made.code, token, "revealed")
            board.refresh()
            revealed = [board.refresh().seconds for _ in range(20)]
    engine.dispose()
    lines = ["\nWorkshop room (25 phones, one submission each; the board with their 25 guesses)"]
    for name, runs in (("participant: submit round trip", submits[5:]),
                       ("board refresh (fragment), before the reveal", hidden),
                       ("board refresh (fragment), revealed", revealed)):
        summary = Summary.of(runs)
        ratio = (f"   {summary.median_ms / bare_median_ms:.1f}× the bare page's rerun"
                 if bare_median_ms else "")
        lines.append(timing_line(name, summary) + ratio)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.room_load",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=PEOPLE)
    parser.add_argument("--seconds", type=float, default=SECONDS)
    options = parser.parse_args(argv)
    if not 1 <= options.people <= 200 or not 1 <= options.seconds <= 600:
        parser.error("bounds: 1–200 people, 1–600 seconds")
    if isinstance(sys.stdout, io.TextIOWrapper):  # not when a caller replaced it
        sys.stdout.reconfigure(line_buffering=True)
    try:
        result = load(options.people, options.seconds)
        errors = report_load(result)
        if errors:
            print(f"\nThe server's log ends:\n{result.server_log}", file=sys.stderr)
    except ServerFailed as error:
        print(f"\nCould not run the room load test: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nInterrupted; the server was stopped.", file=sys.stderr)
        return 130
    if errors:
        print(f"\n{len(errors)} errors, e.g.:", file=sys.stderr)
        for message in errors[:10]:
            print(f"  {message[:400]}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
