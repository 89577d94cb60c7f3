"""The board's numbers: spreads and medians of what people typed, the model's through strategy."""

from __future__ import annotations

import pytest

import strategy
from strategy import Range
from workshop import board
from workshop.room import Entry, Submission

SCENARIO = strategy.Scenario(ranges=(Range("arpu", 30, 50),))


def entry(share: float, **values: float) -> Entry:
    return Entry(f"p{share}", Submission(retention_share=share, **values), 1, 0.0)


ENTRIES = [entry(0.2, churn=0.03, cac_multiplier=4.0), entry(0.5, churn=0.08),
           entry(0.9, churn=0.06, cac_multiplier=10.0, newcomer_churn=0.4)]


def test_spreads_count_only_those_who_gave_a_value() -> None:
    spreads = board.spreads(ENTRIES)
    assert spreads["churn"].values == (0.03, 0.08, 0.06)
    assert (spreads["churn"].low, spreads["churn"].median, spreads["churn"].high) == (
        0.03, 0.06, 0.08)
    assert spreads["cac_multiplier"].median == 7.0
    assert spreads["newcomer_churn"].values == (0.4,)
    assert spreads["retention_share"].median == 0.5
    assert board.spreads([]) == {}


def test_the_team_scenario_takes_the_medians_and_the_rest_from_the_room() -> None:
    team = board.team_reading(SCENARIO, ENTRIES)
    assert (team.scenario.churn, team.scenario.cac_multiplier,
            team.scenario.newcomer_churn) == (0.06, 7.0, 0.4)
    assert team.scenario.budget == SCENARIO.budget and team.problems == ()
    # A team churn below the room's floor: the floor follows, and the reading says so.
    low = board.team_reading(SCENARIO, [entry(0.5, churn=0.005)])
    assert low.scenario.churn_floor == 0.005
    assert [p.reason for p in low.problems] == ["above_churn"]
    assert board.team_reading(SCENARIO, []).scenario == SCENARIO


def test_the_teams_spread_becomes_ranges_and_keeps_the_rooms_others() -> None:
    ranges = board.team_ranges(SCENARIO, ENTRIES)
    assert set(ranges) == {Range("arpu", 30, 50), Range("churn", 0.03, 0.08),
                           Range("cac_multiplier", 4.0, 10.0)}  # one newcomer value: no range
    query = board.uncertainty_query(SCENARIO, ENTRIES)
    reading = strategy.read_link(query)
    assert reading.problems == ()
    assert reading.scenario.range_of("churn") == Range("churn", 0.03, 0.08)
    assert reading.scenario.churn == 0.06


def test_the_reveal_is_the_models_answer() -> None:
    shown = board.reveal(SCENARIO, ENTRIES)
    best = strategy.best_split(SCENARIO)
    assert shown.best == best
    assert shown.team == strategy.best_split(board.team_reading(SCENARIO, ENTRIES).scenario)
    assert shown.team.best_share != best.best_share
    for share in (0.2, 0.5, 0.9):
        at = strategy.best_split(SCENARIO.model_copy(update={"retention_share": share}))
        assert shown.values[share] == pytest.approx(at.plan_value, rel=1e-12)
        assert shown.left_on_table(share) == pytest.approx(best.best_value - at.plan_value)
        assert shown.left_on_table(share) > 0
    curve = strategy.tradeoff(SCENARIO)
    assert shown.curve.equals(curve)
