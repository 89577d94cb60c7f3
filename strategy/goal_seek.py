"""Goal-seek: the smallest monthly budget whose best split reaches a target.

f(B) is the best value of the metric over all splits of a monthly budget B, re-optimised at each
B (the same grid-and-zoom search as `best_split`). Metrics: "customers" = customers at the
horizon (customers_end of the last month); "revenue" = revenue in the horizon's last month (the
monthly run-rate reached). The scenario's shocks apply as in every projection.

f is non-decreasing in B: at a larger budget the same share spends at least as much on each side,
so every month churn is no higher and new customers no fewer for a given base, and next month's
base rises with this month's (each extra customer keeps at least 1 − c0 of itself), so the base,
and revenue with it, is at least as large every month; the best split does at least as well as
that share. (The market term can break this where a month's arrivals exceed a large part of the
market itself; the answer then still reaches the target but may not be the very smallest.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

import numpy as np

from .engine import parameters, project
from .plans import BestSplit, Measure, best_split
from .scenario import Scenario, field_bounds

Metric = Literal["customers", "revenue"]
METRICS: tuple[Metric, ...] = ("customers", "revenue")
# Why a target cannot be reached: the market is too small for it (or stops the base first),
# even b new customers a month with churn at its floor fall short, or it needs more budget
# than the budget's range allows.
Limit = Literal["market", "capacity", "budget_range"]

_MEASURES: dict[Metric, Measure] = {"customers": "customers", "revenue": "final_revenue"}
BUDGET_MAX = float(field_bounds("budget")[1])
RELATIVE_TOLERANCE = 1e-4  # of the budget found
_SMALLEST = 1e-6  # below this budget (currency per month) the answer counts as found
_STEP = 4.0  # factor by which the bracket widens from today's budget until it holds the answer
_START_LEAST = 1_000.0  # the bracket starts from today's budget, or this when it is smaller
_GUARD = 1e-3  # share of the bracket kept between a probe and either end
_NO_PLAN = {name: Scenario.model_fields[name].default for name in ("budget", "retention_share")}
_SATURATING = 1e300  # acquisition spend that buys the full capacity b: tanh(1e300 / …) = 1


@dataclass(frozen=True)
class BudgetAnswer:
    """The smallest monthly budget whose best split reaches `target`, or why none does."""

    metric: Metric
    target: float
    reachable: bool
    budget: float | None  # the smallest budget found (0 when today's course already reaches it)
    best_share: float | None  # the best retention share at that budget
    value: float | None  # what the best split reaches there (≥ target)
    limit: Limit | None  # what stands in the way, when unreachable


def reached(scenario: Scenario, budget: float, metric: Metric) -> BestSplit:
    """f(budget): the best split of `budget` by `metric`, and the value it reaches."""
    return best_split(scenario.model_copy(update={"budget": budget}),
                      measure=_MEASURES[metric])


def ceiling(scenario: Scenario, metric: Metric, market: bool) -> float:
    """The metric if b new customers came every month (as far as the market lets them, when
    `market`) and churn sat at its floor, with no budget cut or dearer CAC: an upper bound of
    what any budget buys."""
    p = parameters(scenario)
    p["churn"] = p["churn_floor"]
    p["budget_cut"] = p["cac_inflation"] = np.asarray(0.0)
    if not market:
        p["market"] = np.asarray(np.inf)
    paths = project(p, np.asarray(0.0), np.asarray(_SATURATING), scenario.months)
    return float(paths.objective(_MEASURES[metric]))


def binding_limit(scenario: Scenario, target: float, metric: Metric) -> Limit:
    """Which limit stops a target that the largest budget does not reach."""
    if metric == "customers" and scenario.market is not None and target > scenario.market:
        return "market"
    if ceiling(scenario, metric, market=False) < target:
        return "capacity"
    if scenario.market is not None and ceiling(scenario, metric, market=True) < target:
        return "market"
    return "budget_range"


def required_budget(scenario: Scenario, target: float, metric: Metric) -> BudgetAnswer:
    """The smallest monthly budget in [0, the budget range's top] whose best split reaches
    `target` (to a relative tolerance of 1e-4 of the budget), with that split and its value.

    The bracket starts at the budget that replaces the base's churn at CAC and widens 4-fold
    (down while f still reaches the target, where f(0) reaching it means the answer is 0; up
    while it does not, to the range's top, beyond which it is unreachable and `limit` says
    why), then closes by regula falsi (Illinois) on the logarithm of the budget.
    """
    if metric not in METRICS:
        raise ValueError(f"unknown metric {metric!r}; expected one of {METRICS}")
    if not math.isfinite(target):
        raise ValueError(f"target must be a finite number, got {target!r}")
    # The answer does not depend on the plan (its budget and split), so moving those sliders
    # finds it remembered. With no budget every split is the same; the plan's is reported, as
    # `best_split` does on a flat curve.
    answer = _smallest_budget(scenario.model_copy(update=_NO_PLAN), float(target), metric)
    if answer.budget == 0.0:
        return replace(answer, best_share=scenario.retention_share)
    return answer


@lru_cache(maxsize=64)
def _smallest_budget(scenario: Scenario, target: float, metric: Metric) -> BudgetAnswer:
    """`required_budget` for a scenario whose plan fields are the defaults."""
    # Bracket from the budget that replaces the base's churn at the first customer's cost: the
    # scale of budgets that matter to this base, so a few steps of _STEP find f(low) < target ≤
    # f(high). Not from today's budget: the answer must not depend on the plan's budget.
    start = scenario.customers * scenario.churn * scenario.cac
    trial_budget = min(max(start, _START_LEAST), BUDGET_MAX)
    found = reached(scenario, trial_budget, metric)
    if found.best_value >= target:
        zero = reached(scenario, 0.0, metric)
        if zero.best_value >= target:  # today's course already reaches it
            return BudgetAnswer(metric, target, True, 0.0, zero.best_share, zero.best_value, None)
        high, low = trial_budget, 0.0
        while low == 0.0 and high > _SMALLEST:
            trial = reached(scenario, high / _STEP, metric)
            if trial.best_value >= target:
                high, found = high / _STEP, trial
            else:
                low, low_value = high / _STEP, trial.best_value
        if low == 0.0:  # a vanishing budget reaches it
            return BudgetAnswer(metric, target, True, high, found.best_share, found.best_value,
                                None)
    else:
        low, low_value = trial_budget, found.best_value
        while True:
            high = min(low * _STEP, BUDGET_MAX)
            found = reached(scenario, high, metric)
            if found.best_value >= target:
                break
            if high == BUDGET_MAX:
                return BudgetAnswer(metric, target, False, None, None, None,
                                    binding_limit(scenario, target, metric))
            low, low_value = high, found.best_value
    # Illinois (regula falsi that halves a stale end) on g(x) = f(e^x) − target: a handful of
    # best-split searches instead of a dozen for plain bisection, and the bracket always holds.
    a, b = math.log(low), math.log(high)
    ga, gb = low_value - target, found.best_value - target
    kept = 0  # which end stayed put last time: -1 the low one, +1 the high one
    while high - low > RELATIVE_TOLERANCE * high:
        x = (a * gb - b * ga) / (gb - ga) if gb != ga else (a + b) / 2
        margin = _GUARD * (b - a)  # never probe at an end, where nothing would be learnt
        x = min(max(x, a + margin), b - margin)
        trial = reached(scenario, math.exp(x), metric)
        if trial.best_value >= target:
            b, gb, high, found = x, trial.best_value - target, math.exp(x), trial
            if kept == -1:
                ga /= 2
            kept = -1
        else:
            a, ga, low = x, trial.best_value - target, math.exp(x)
            if kept == 1:
                gb /= 2
            kept = 1
    return BudgetAnswer(metric, target, True, high, found.best_share, found.best_value, None)
