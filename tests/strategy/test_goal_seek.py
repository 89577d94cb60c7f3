"""Goal-seek: the smallest monthly budget whose best split reaches a target.

Expected values come from closed forms worked by hand (B = 0 decays geometrically; churn at its
floor with b arrivals a month is the capacity ceiling) and from f itself around the answer.
"""

from __future__ import annotations

import math
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reference
from reference import scenarios
from strategy import BudgetAnswer, Scenario, required_budget
from strategy.analyses.goal_seek import (
    BUDGET_MAX,
    SMALLEST_BUDGET,
    TARGET_TOLERANCE,
    ceiling,
    reached,
)


def f(scenario: Scenario, budget: float, metric: str) -> float:
    return reached(scenario, budget, metric).best_value  # type: ignore[arg-type]


@pytest.mark.parametrize("share", [0.0, 0.4, 1.0])
def test_a_target_reached_with_no_budget_needs_none(share: float) -> None:
    """B = 0 keeps N_H = N0 (1 − c0)^H, and last month's revenue ARPU (1 + u) N0 (1 − c0)^H."""
    scenario = Scenario(retention_share=share)
    decayed = 10_000 * 0.95**36
    for metric, target, value in (
        ("customers", decayed * (1 - 1e-12), decayed),
        ("customers", 100.0, decayed),
        ("revenue", 40 * 1.31 * decayed * (1 - 1e-12), 40 * 1.31 * decayed),
    ):
        answer = required_budget(scenario, target, metric)  # type: ignore[arg-type]
        assert answer == BudgetAnswer(
            metric,
            target,
            True,
            0.0,
            share,  # type: ignore[arg-type]
            pytest.approx(value, rel=1e-12),
            None,
        )
    # Just above what no budget keeps needs some budget.
    budget = required_budget(scenario, decayed * 1.001, "customers").budget
    assert budget is not None and budget > 0


def test_the_default_target_is_found_to_the_tolerance() -> None:
    """Keep today's 10,000 customers after 36 months: f(B) ≥ target > f(B (1 − 1e-4))."""
    scenario = Scenario()
    answer = required_budget(scenario, 10_000, "customers")
    assert answer.reachable and answer.limit is None
    assert answer.budget is not None and 40_000 < answer.budget < 60_000
    assert answer.value == pytest.approx(f(scenario, answer.budget, "customers"), rel=1e-15)
    assert answer.value >= 10_000
    assert f(scenario, answer.budget * (1 - 1e-4), "customers") < 10_000
    plan = scenario.model_copy(
        update={"budget": answer.budget, "retention_share": answer.best_share}
    )
    assert reference.objective(reference.run(plan), "customers") == pytest.approx(
        answer.value, rel=1e-9
    )


def test_a_revenue_target_is_the_last_months_revenue() -> None:
    scenario = Scenario()
    answer = required_budget(scenario, 600_000, "revenue")
    assert answer.reachable and answer.budget is not None
    plan = scenario.model_copy(
        update={"budget": answer.budget, "retention_share": answer.best_share}
    )
    months = reference.run(plan)
    assert months[-1].revenue == pytest.approx(answer.value, rel=1e-9)
    assert answer.value >= 600_000 > f(scenario, 0.999 * answer.budget, "revenue")


@pytest.mark.parametrize("target", [20_001, 25_000, 1e9])
def test_a_target_above_the_market_is_unreachable_for_the_market(target: float) -> None:
    answer = required_budget(Scenario(market=20_000), target, "customers")
    assert answer == BudgetAnswer("customers", target, False, None, None, None, "market")


def test_a_market_that_stops_the_base_first_is_the_limit() -> None:
    """With M = 12,000, churn at its 1% floor and 800 arrivals a month the base settles near
    800 / (0.01 + 800/12,000) ≈ 10,435 < 11,000, though the market itself is above it."""
    scenario = Scenario(market=12_000)
    assert ceiling(scenario, "customers", market=False) > 11_000
    assert required_budget(scenario, 11_000, "customers").limit == "market"


def test_more_than_the_capacity_can_bring_is_unreachable_for_capacity() -> None:
    """Churn at its floor and b new customers every month: N_H = N0 (1 − c_min)^H +
    b Σ_{j<H} (1 − c_min)^j; a target above it cannot be reached at any budget."""
    most = 10_000 * 0.99**36 + 800 * sum(0.99**j for j in range(36))
    assert ceiling(Scenario(), "customers", market=False) == pytest.approx(most, rel=1e-12)
    assert required_budget(Scenario(), most * 1.001, "customers").limit == "capacity"
    revenue = required_budget(Scenario(), 40 * (1.31 * most + 800) * 1.001, "revenue")
    assert revenue.limit == "capacity" and not revenue.reachable


def test_reachable_in_principle_but_beyond_the_budget_range() -> None:
    """CAC 100,000: even the top budget buys about 1,000 customers a month of a capacity of a
    million, so a million customers is a matter of budget, not of the capacity."""
    scenario = Scenario(cac=100_000, capacity=1_000_000)
    assert f(scenario, BUDGET_MAX, "customers") < 1e6 < ceiling(scenario, "customers", False)
    assert required_budget(scenario, 1e6, "customers").limit == "budget_range"


@pytest.mark.parametrize(
    "scenario",
    [
        Scenario(),
        Scenario(market=15_000, customers=2_000),
        Scenario(shock_loss=0.3, launch_adoption=0.5, budget_cut=0.5, cac_inflation=1.0),
    ],
    ids=["defaults", "market", "shocks"],
)
@pytest.mark.parametrize("metric", ["customers", "revenue"])
def test_f_is_non_decreasing_in_the_budget(scenario: Scenario, metric: str) -> None:
    budgets = np.concatenate([[0.0], np.geomspace(1, BUDGET_MAX, 40)])
    values = [f(scenario, b, metric) for b in budgets]
    assert all(a <= b * (1 + 1e-12) for a, b in pairwise(values)), values


def test_unknown_metric_and_bad_target_are_rejected() -> None:
    with pytest.raises(ValueError, match="metric"):
        required_budget(Scenario(), 1.0, "npv")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="finite"):
        required_budget(Scenario(), math.nan, "customers")


@given(
    st.booleans().flatmap(lambda shocks: scenarios(shocks=shocks)),
    st.sampled_from(["customers", "revenue"]),
    st.floats(0.02, 0.99),
)
@settings(max_examples=15)
def test_the_answer_reaches_the_target_and_a_little_less_does_not(
    scenario: Scenario, metric: str, fraction: float
) -> None:
    """For a target between f(0) and f(top): f(budget) reaches the target and f(0.99 budget)
    does not, with or without stress shocks. Reaching allows TARGET_TOLERANCE (1e-9 relative):
    at f(top) the curve can be a floating-point plateau (tanh at exactly 1.0), where exact
    equality would make the smallest budget rounding noise. An answer at or under
    SMALLEST_BUDGET (a millionth of a currency unit a month) counts as found by design, so a
    little less may reach the target too (hypothesis found one: a revenue target of 2e-9).
    Targets stop at 99% of the way to f(top): at f(top) itself, a market-limited base can be
    on a plateau where f falls slightly as the budget grows, which the goal-seek does not
    handle (`test_a_target_on_the_market_plateau_is_reached_far_below_the_top`, a known
    bug)."""
    scenario = scenario.model_copy(update={"months": min(scenario.months, 48)})
    low, high = f(scenario, 0.0, metric), f(scenario, BUDGET_MAX, metric)
    target = low + fraction * (high - low)
    reaches = lambda value: value >= target - TARGET_TOLERANCE * max(1.0, abs(target))
    answer = required_budget(scenario, target, metric)  # type: ignore[arg-type]
    assert answer.reachable and answer.budget is not None and answer.value is not None
    assert reaches(answer.value)
    assert reaches(f(scenario, answer.budget, metric))
    if answer.budget > SMALLEST_BUDGET:
        assert not reaches(f(scenario, 0.99 * answer.budget, metric))
    assert 0.0 <= answer.best_share <= 1.0  # type: ignore[operator]


def bisected(scenario: Scenario, target: float, metric: str) -> float:
    """The smallest budget reaching `target`, by plain bisection of the full search (slow,
    no shortcuts): what the goal-seek's probes must agree with."""
    low, high = 0.0, BUDGET_MAX
    while high - low > 1e-6 * high:
        middle = (low + high) / 2
        low, high = (low, middle) if f(scenario, middle, metric) >= target else (middle, high)
    return high


@pytest.mark.parametrize(
    "scenario",
    [
        Scenario(),
        Scenario(churn=0.12, cac=400),
        Scenario(market=60_000, customers=20_000),
        Scenario(shock_loss=0.25, launch_adoption=0.5, budget_cut=0.3, cac_inflation=0.5),
        Scenario(customers=500, capacity=5_000, churn_floor=0.04, months=12),
    ],
    ids=["defaults", "dear", "market", "shocks", "small"],
)
@pytest.mark.parametrize(("metric", "growth"), [("customers", 1.3), ("revenue", 1.8)])
def test_the_answer_is_the_smallest_budget_a_bisection_finds(
    scenario: Scenario, metric: str, growth: float
) -> None:
    """The probes (every fifth share, windows around the interpolated best share) find the
    budget that bisecting the full search finds, to the goal-seek's tolerance."""
    target = growth * f(scenario, scenario.budget, metric)
    answer = required_budget(scenario, target, metric)  # type: ignore[arg-type]
    assert answer.reachable and 0 < answer.budget < BUDGET_MAX  # type: ignore[operator]
    assert answer.budget == pytest.approx(bisected(scenario, target, metric), rel=1e-4)


@pytest.mark.xfail(
    strict=True,
    reason=(
        "known bug: with a market limit, the best split at a huge budget needs a finer share than "
        "the search's grid (a fixed acquisition amount), so f falls slightly as the budget grows; "
        "a target on that plateau is answered near the top of the budget range although a "
        "hundredth of it reaches the target"
    ),
)
def test_a_target_on_the_market_plateau_is_reached_far_below_the_top() -> None:
    """Found by hypothesis (target = f(top)): f(1e6) = 22.4999999997, f(1e8) = 22.4999940."""
    scenario = Scenario(
        customers=22,
        churn=0.25,
        churn_floor=0.25,
        cac=4390.0,
        cac_multiplier=1.0,
        budget=0,
        retention_share=0.0,
        capacity=56.0,
        market=24,
        arpu=0.0,
        uplift=0.0,
        margin=0.0,
        months=2,
    )
    target = f(scenario, BUDGET_MAX, "customers")
    answer = required_budget(scenario, target, "customers")
    assert answer.budget is not None and answer.budget <= 1e6


# Wrong answers hypothesis found, all on bases where the best split is narrow: a one-month
# horizon, or a market-limited base whose best split is a kink (acquire just enough to fill the
# market). Each is (scenario, target, metric); its comment says what was answered before.
NARROW_SPLITS = {
    # The ladder's every-fifth-share probe called the 250 rung short: 250 instead of 247.18.
    "ladder_rung": (
        Scenario(
            customers=266,
            churn=0.4296875,
            churn_floor=0.3984375,
            cac=0.4921875,
            cac_multiplier=6.0,
            budget=0,
            retention_share=0.0,
            capacity=973.0,
            market=317,
            arpu=0.0,
            uplift=0.0,
            margin=0.0,
            months=1,
        ),
        233.48513822826303,
        "customers",
    ),
    # A window probe at 15.218 saw 19.177 and called it short; f(15.0) is 19.207: the answer
    # came out at 15.218 instead of 14.879.
    "kink": (
        Scenario(
            customers=5,
            churn=0.5,
            churn_floor=0.0,
            cac=1.0,
            cac_multiplier=2.0,
            budget=0,
            retention_share=0.0,
            capacity=32.0,
            market=6,
            arpu=2.0,
            uplift=0.0,
            margin=0.0,
            months=1,
            launch_adoption=1.0,
            launch_adoption_new=1.0,
            launch_price=1.0,
            launch_month=1,
        ),
        19.1875,
        "revenue",
    ),
    # The range's top needs 99.97% retention; every fifth share called it short and the ladder
    # stopped: 64 million instead of 18,352 (f is flat from 30,000 on).
    "top_rung": (
        Scenario(
            customers=777,
            churn=0.0,
            churn_floor=0.0,
            cac=286.0,
            cac_multiplier=1.0,
            budget=0,
            retention_share=0.0,
            capacity=504.0,
            market=874,
            arpu=0.0,
            uplift=0.0,
            margin=0.0,
            months=10,
            launch_adoption=1.0,
            launch_adoption_new=1.0,
            launch_price=1.0,
            launch_month=1,
        ),
        3.5796879484384463,
        "revenue",
    ),
}


@pytest.mark.parametrize(
    ("scenario", "target", "metric"), NARROW_SPLITS.values(), ids=NARROW_SPLITS.keys()
)
def test_a_narrow_best_split_is_not_missed(scenario: Scenario, target: float, metric: str) -> None:
    """A budget that a probe (a subset of the shares) called short is checked by the full
    search, and a ladder that no rung reached by its probes is climbed whole."""
    answer = required_budget(scenario, target, metric)  # type: ignore[arg-type]
    assert answer.budget == pytest.approx(bisected(scenario, target, metric), rel=1e-4)


@pytest.mark.parametrize(
    "plan",
    [
        {"budget": 0},
        {"budget": 3_000_000},
        {"retention_share": 0.9},
        {"budget": 12_345, "retention_share": 0.0},
    ],
)
def test_the_answer_does_not_depend_on_the_plan(plan: dict[str, float]) -> None:
    """The smallest budget is a property of the base, not of today's plan (which is why the
    answer may be remembered across moves of the budget and split sliders)."""
    base = Scenario(churn=0.07, shock_loss=0.2)
    target = 1.3 * reached(base, base.budget, "customers").best_value
    assert required_budget(base.model_copy(update=plan), target, "customers") == required_budget(
        base, target, "customers"
    )
    answer = required_budget(Scenario(**plan), target, "customers")  # a fresh computation
    assert reached(Scenario(**plan), answer.budget, "customers").best_value >= target


def test_a_budget_cut_of_everything_from_month_one_is_the_limit() -> None:
    """No budget is ever spent, so no budget helps: the answer says the cut is why."""
    scenario = Scenario(budget_cut=1.0, budget_cut_month=1)
    answer = required_budget(scenario, 2 * scenario.customers, "customers")
    assert (answer.reachable, answer.limit) == (False, "budget_cut")
    assert (
        required_budget(
            scenario.model_copy(update={"budget_cut_month": 2}), 2 * scenario.customers, "customers"
        ).limit
        != "budget_cut"
    )
