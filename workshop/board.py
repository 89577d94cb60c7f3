"""What the facilitator's board shows, from the stored submissions and `strategy`'s model.

The spread of the team's estimates and the team's median scenario are statistics of what people
typed; everything the model says (the curve, the best splits, what a guess is worth) comes from
`strategy`. A board is recomputed only when the submissions change (`reveal` is cached).
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

import strategy
from strategy import BestSplit, Range, Reading, Scenario, best_splits

from .room import ESTIMATES, GUESS, Entry, Room


@dataclass(frozen=True)
class Spread:
    """How far apart the team's values of one input are."""

    field: str
    values: tuple[float, ...]

    @property
    def low(self) -> float:
        return min(self.values)

    @property
    def high(self) -> float:
        return max(self.values)

    @property
    def median(self) -> float:
        return statistics.median(self.values)


def room_scenario(room: Room) -> Scenario:
    """The scenario a room was created for (stored as its share query)."""
    return strategy.read_link(json.loads(room.scenario)).scenario


def spreads(entries: Sequence[Entry]) -> dict[str, Spread]:
    """Each estimate and the guess of the best split, over those who gave one."""
    found = {}
    for field in (*ESTIMATES, GUESS):
        values = tuple(value for entry in entries
                       if (value := getattr(entry.submission, field)) is not None)
        if values:
            found[field] = Spread(field, values)
    return found


def team_reading(scenario: Scenario, entries: Sequence[Entry]) -> Reading:
    """The room's scenario with each estimate at the team's median (what the model then
    needs corrected, a churn floor above the team's churn say, is reported by the reading)."""
    medians = {field: spread.median for field, spread in spreads(entries).items()
               if field in ESTIMATES}
    return strategy.read_inputs(strategy.share_query(scenario) | medians)


def team_ranges(scenario: Scenario, entries: Sequence[Entry]) -> tuple[Range, ...]:
    """The team's spread as ranges (lowest to highest estimate) for the uncertainty page; the
    scenario's own ranges of other inputs are kept."""
    ours = {field: Range(field, spread.low, spread.high)
            for field, spread in spreads(entries).items()
            if field in ESTIMATES and spread.high > spread.low}
    kept = tuple(item for item in scenario.ranges if item.field not in ours)
    return (*kept, *ours.values())


def uncertainty_query(scenario: Scenario, entries: Sequence[Entry]) -> dict[str, str]:
    """The share link of the team's median scenario with the team's spread as ranges."""
    team = team_reading(scenario, entries).scenario
    return strategy.share_query(team.model_copy(update={"ranges": team_ranges(team, entries)}))


@dataclass(frozen=True)
class Reveal:
    """The model's answer against the team's: the curve, the best split of the room's scenario
    and of the team's median scenario, and what each guessed share is worth."""

    curve: pd.DataFrame
    best: BestSplit
    team: BestSplit
    values: dict[float, float]  # a guessed share -> the objective at it

    def left_on_table(self, share: float) -> float:
        """What a guess gives up against the best split (never negative)."""
        return max(self.best.best_value - self.values[share], 0.0)


def reveal(scenario: Scenario, entries: Sequence[Entry]) -> Reveal:
    """The board after the reveal (cached by the scenario and the distinct guesses)."""
    guesses = tuple(sorted({entry.submission.retention_share for entry in entries}))
    return _reveal(scenario, team_reading(scenario, entries).scenario, guesses)


@lru_cache(maxsize=64)
def _reveal(scenario: Scenario, team: Scenario, guesses: tuple[float, ...]) -> Reveal:
    best = strategy.best_split(scenario)
    at_guesses = best_splits([scenario.model_copy(update={"retention_share": share})
                              for share in guesses]) if guesses else []
    values = {share: found.plan_value for share, (found, _, _) in zip(guesses, at_guesses,
                                                                      strict=True)}
    return Reveal(strategy.tradeoff(scenario), best, strategy.best_split(team), values)
