"""`make bench`: engine timings and server rerun times, medians beside their targets."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import strategy

from .protocol import Session
from .server import ROOT, streamlit_server

REPEATS = 200
WARM_UP_RERUNS = 5
MEASURED_RERUNS = 40


def _timed(function: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def _report(name: str, seconds: list[float], target_ms: float | None = None) -> float:
    median = statistics.median(seconds) * 1000
    p95 = statistics.quantiles(seconds, n=20)[-1] * 1000
    verdict = "" if target_ms is None else (
        f"  target ≤ {target_ms:g} ms: {'PASS' if median <= target_ms else 'MISS'}")
    print(f"{name:<46} median {median:8.2f} ms   p95 {p95:8.2f} ms{verdict}")
    return median


def engine() -> None:
    scenario = strategy.Scenario()
    print("Engine (default scenario, 201 shares × 36 months)")
    _report("tradeoff", _timed(lambda: strategy.tradeoff(scenario), REPEATS), 3)
    _report("best_split", _timed(lambda: strategy.best_split(scenario), REPEATS))
    _report("sensitivity (10 inputs ±20%)", _timed(lambda: strategy.sensitivity(scenario), 50))
    _report("recommend (best split + sensitivity)",
            _timed(lambda: strategy.recommend(scenario), 50))


def reruns() -> None:
    """A budget slider moved back and forth, timed from send to finished run on each server."""
    print(f"\nServer time of one rerun after a slider change ({MEASURED_RERUNS} changes, "
          "websocket on loopback)")
    with streamlit_server(ROOT / "app.py") as app_port, \
            streamlit_server(ROOT / "benchmarks" / "bare_page.py") as bare_port:
        sessions = {"explorer": Session(app_port), "bare page": Session(bare_port)}
        times: dict[str, list[float]] = {name: [] for name in sessions}
        try:
            for change in range(WARM_UP_RERUNS + MEASURED_RERUNS):
                budget = 50_000 + 1_000 * (change % 7 + 1)
                for name, session in sessions.items():  # interleaved: same noise for both
                    elapsed = session.rerun({"budget": budget})
                    if change >= WARM_UP_RERUNS:
                        times[name].append(elapsed)
        finally:
            for session in sessions.values():
                session.close()
    bare = _report("bare page (same sliders, one small chart)", times["bare page"])
    explorer = _report("explorer", times["explorer"])
    ratio = explorer / bare
    print(f"{'explorer ÷ bare page':<46} ratio  {ratio:8.2f}      target ≤ 2: "
          f"{'PASS' if ratio <= 2 else 'MISS'}")


if __name__ == "__main__":
    engine()
    reruns()
