"""The uncertainty page's slow answers, remembered per scenario (scenarios are immutable and
hashable): a language switch or a change of map axes must not redo the Monte Carlo."""

from __future__ import annotations

from functools import lru_cache

from strategy import (
    Scenario, StrategyMap, SwitchingPoint, TornadoBar, UncertaintyReport, strategy_map,
    switching_points, tornado, uncertainty,
)


@lru_cache(maxsize=16)
def bands(scenario: Scenario) -> UncertaintyReport:
    return uncertainty(scenario)


@lru_cache(maxsize=16)
def bars(scenario: Scenario) -> tuple[TornadoBar, ...]:
    return tornado(scenario)


@lru_cache(maxsize=16)
def switches(scenario: Scenario) -> tuple[SwitchingPoint, ...]:
    return switching_points(scenario)


@lru_cache(maxsize=16)
def strategy_map_of(scenario: Scenario, x: str, y: str) -> StrategyMap:
    return strategy_map(scenario, x, y)
