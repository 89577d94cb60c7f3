"""Engine timings: the strategy calls the explorer makes on every slider change.

Run in this process, so they show the engine's own cost with no Streamlit around it; the
rerun benchmark shows what the page adds. Each series is bounded in count and in time.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import strategy

from .stats import Summary, timing_line

TRADEOFF_TARGET_MS = 3.0


def repeat(function: Callable[[], object], count: int, budget_s: float) -> list[float]:
    """Seconds per call, after one untimed call; stops early (after 20) if over budget."""
    function()
    gc.collect()
    times: list[float] = []
    stop_at = time.monotonic() + budget_s
    for _ in range(count):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
        if len(times) >= 20 and time.monotonic() > stop_at:
            break
    return times


def run() -> dict[str, Summary]:
    """Print and return the engine medians; only `tradeoff` has a target."""
    scenario = strategy.Scenario()
    series: list[tuple[str, Callable[[], object], int, float | None]] = [
        ("strategy.tradeoff(Scenario(), points=201)",
         lambda: strategy.tradeoff(scenario, points=201), 500, TRADEOFF_TARGET_MS),
        ("strategy.best_split (grid + a zoom round)",
         lambda: strategy.best_split(scenario), 200, None),
        ("strategy.sensitivity (10 inputs ±20%, 101 shares)",
         lambda: strategy.sensitivity(scenario), 100, None),
        ("strategy.recommend (best split + sensitivity)",
         lambda: strategy.recommend(scenario), 100, None),
        ("strategy.analyse (all the explorer shows)",
         lambda: strategy.analyse(scenario), 100, None),
    ]
    print("Engine, in process (default Scenario: 201 shares × 36 months)")
    results: dict[str, Summary] = {}
    for name, function, count, target in series:
        results[name] = summary = Summary.of(repeat(function, count, budget_s=4.0))
        print(timing_line(name, summary, target))
    return results
