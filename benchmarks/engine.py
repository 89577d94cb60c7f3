"""Engine timings: the strategy calls the explorer makes on every slider change.

Run in this process, so they show the engine's own cost with no Streamlit around it; the
rerun benchmark shows what the page adds. Each series is bounded in count and in time.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

import strategy
from strategy import strategy_map, switching_points, tornado, uncertainty

from .stats import Summary, timing_line

TRADEOFF_TARGET_MS = 3.0
UNCERTAINTY_TARGET_MS = 300.0  # issue 4: 1,000 draws × 201 shares × 36 months
MAP_TARGET_MS = 1000.0  # issue 4: a 40 × 40 strategy map
BEST_BUDGET_TARGET_MS = 5.0  # issue 14: runs on every explorer rerun, "a few ms"


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
    """Print and return the engine medians, with the targets some of them have."""
    scenario = strategy.Scenario()
    plan = strategy.best_split(scenario)  # as analyse passes it: the explorer's own search
    series: list[tuple[str, Callable[[], object], int, float | None]] = [
        ("strategy.tradeoff(Scenario(), points=201)",
         lambda: strategy.tradeoff(scenario, points=201), 500, TRADEOFF_TARGET_MS),
        ("strategy.best_split (grid + a zoom round)",
         lambda: strategy.best_split(scenario), 200, None),
        ("strategy.sensitivity (10 inputs ±20%, 101 shares)",
         lambda: strategy.sensitivity(scenario), 100, None),
        ("strategy.recommend (best split + sensitivity)",
         lambda: strategy.recommend(scenario), 100, None),
        ("strategy.best_budget (budget ladder + 3 refinements)",
         lambda: strategy.best_budget(scenario, plan), 200, BEST_BUDGET_TARGET_MS),
        ("strategy.analyse (all the explorer shows)",
         lambda: strategy.analyse(scenario), 100, None),
        ("uncertainty (1,000 draws × 201 shares)",
         lambda: uncertainty(scenario), 30, UNCERTAINTY_TARGET_MS),
        ("strategy_map (40 × 40 best splits)",
         lambda: strategy_map(scenario), 7, MAP_TARGET_MS),
        ("switching_points (10 inputs, scan + 3 rounds)",
         lambda: switching_points(scenario), 7, None),
        ("tornado (11 inputs, both ends)",
         lambda: tornado(scenario), 50, None),
    ]
    print("Engine, in process (default Scenario: 201 shares × 36 months)")
    results: dict[str, Summary] = {}
    for name, function, count, target in series:
        results[name] = summary = Summary.of(repeat(function, count, budget_s=4.0))
        print(timing_line(name, summary, target))
    return results
