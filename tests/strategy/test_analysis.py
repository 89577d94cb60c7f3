"""`analyse`: the explorer's numbers in one pass equal what each public function returns."""

from __future__ import annotations

import dataclasses
import math

import pandas as pd
import pytest
from hypothesis import given

from reference import scenarios
from strategy import (
    Scenario,
    analyse,
    best_budget,
    best_split,
    marginal_curve,
    marginal_view,
    recommend,
    simulate,
    tradeoff,
    unit_economics,
)
from test_plans import REFERENCE_CASES

# Columns of one pass and of separate passes may differ in the last bit (numpy's vector and
# scalar loops round differently), never more.
CLOSE = {"rel": 1e-12, "abs": 1e-9}


def _same_numbers(left: object, right: object) -> None:
    for field in dataclasses.fields(left):
        mine, theirs = getattr(left, field.name), getattr(right, field.name)
        if isinstance(mine, float) and math.isnan(mine):
            assert math.isnan(theirs), field.name
        else:
            assert mine == pytest.approx(theirs, **CLOSE), field.name


def _check(scenario: Scenario) -> None:
    result = analyse(scenario)
    pd.testing.assert_frame_equal(pd.DataFrame(result.tradeoff), tradeoff(scenario), rtol=1e-12)
    pd.testing.assert_frame_equal(pd.DataFrame(result.plan), simulate(scenario), rtol=1e-12)
    best = best_split(scenario)
    # The best split may be another point of equal value; its value must match.
    assert result.recommendation.best.best_value == pytest.approx(best.best_value, **CLOSE)
    assert result.recommendation.best.plan_value == pytest.approx(best.plan_value, **CLOSE)
    at_best = scenario.model_copy(update={"retention_share": result.recommendation.best.best_share})
    pd.testing.assert_frame_equal(pd.DataFrame(result.best), simulate(at_best), rtol=1e-12)
    separate = recommend(scenario)
    assert result.recommendation.lean == separate.lean
    assert result.recommendation.most_sensitive == separate.most_sensitive
    _same_numbers(result.economics, unit_economics(scenario))
    _same_numbers(result.margins, marginal_view(scenario))
    pd.testing.assert_frame_equal(pd.DataFrame(result.marginal_curve), marginal_curve(scenario))
    budget = best_budget(scenario)
    # The plan's best split comes from `search` here, from `best_split` there: equal in value.
    assert result.budget.plan_value == pytest.approx(budget.plan_value, **CLOSE)
    assert result.budget.budget == budget.budget
    assert result.budget.value == pytest.approx(budget.value, **CLOSE)


@pytest.mark.parametrize("scenario", REFERENCE_CASES.values(), ids=REFERENCE_CASES.keys())
def test_analyse_equals_the_separate_calls(scenario: Scenario) -> None:
    _check(scenario)


@given(scenarios())
def test_analyse_equals_the_separate_calls_on_any_scenario(scenario: Scenario) -> None:
    _check(scenario)


def test_the_best_trajectory_is_the_best_split_month_by_month() -> None:
    """On the defaults the best split is off the grid (found by zooming in): its trajectory
    still belongs to that exact share."""
    result = analyse(Scenario())
    share = result.recommendation.best.best_share
    assert round(share * 200) != share * 200
    assert result.best["retention_spend"][0] == pytest.approx(share * Scenario().budget)
    assert result.best["customers_end"][-1] != result.plan["customers_end"][-1]
