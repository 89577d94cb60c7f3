"""Goal-seek: the smallest monthly budget whose best split reaches a target.

f(B) is the best value of the metric ("customers" at the horizon, or "revenue" in its last
month) over all splits of a monthly budget B. f does not fall as B grows (apart from a market
limit's corner cases), so a ladder of budgets brackets the answer and regula falsi closes it.
Why f rises, and where it may not: docs/model-derivations.md ("The goal-seek").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Literal, Protocol

import numpy as np

from ..model.engine import parameters, project
from ..model.plans import (
    COARSE_STRIDE,
    BestSplit,
    Measure,
    best_splits,
    project_at,
    search_rows,
    share_grid,
)
from ..model.scenario import Scenario, field_bounds

Metric = Literal["customers", "revenue"]
METRICS: tuple[Metric, ...] = ("customers", "revenue")
# Why a target cannot be reached: the market is too small for it (or stops the base first),
# even b new customers a month with churn at its floor fall short, it needs more budget than
# the budget's range allows, or the stress test's budget cut takes all of it from month 1.
Limit = Literal["market", "capacity", "budget_range", "budget_cut"]

_MEASURES: dict[Metric, Measure] = {"customers": "customers", "revenue": "final_revenue"}
BUDGET_MAX = float(field_bounds("budget")[1])
RELATIVE_TOLERANCE = 1e-4  # of the budget found
# A value this close to the target (relative) reaches it: the metric's top can be a plateau in
# floating point (tanh at exactly 1.0), where "the smallest budget reaching it" is rounding
# noise; just below the target it is a real crossing of a rising curve.
TARGET_TOLERANCE = 1e-9
SMALLEST_BUDGET = 1e-6  # below this budget (currency per month) the answer counts as found
_STEP = 4.0  # factor by which the bracket widens from today's budget until it holds the answer
_START_LEAST = 1_000.0  # the bracket starts from today's budget, or this when it is smaller
# The ladder's rungs, as powers of _STEP around the start: the four where answers usually lie,
# in one cheap stacked search, and only if the answer is not between two of them, all fourteen.
_RUNGS = (range(-1, 3), range(-5, 9))
_GUARD = 1e-3  # share of the bracket kept between a probe and either end
_PAIR_WIDTH = 0.02  # a bracket narrower than this (in log budget) is probed in pairs …
_HALF_STEP = RELATIVE_TOLERANCE / 2  # … this far either side of the secant's estimate
_NO_PLAN = {name: Scenario.model_fields[name].default for name in ("budget", "retention_share")}
_PROBE_ZOOM_POINTS = 21  # the probes' zoom: every fifth share, then 21 points around the best
# Inside a bracket, a probe tries 21 shares around the best share interpolated from the
# bracket's ends: half as far either side as those ends' shares lie apart, and at least 0.01
# (so they are 0.001 apart or more, closer as the bracket closes).
_WINDOW_POINTS = 21
_LEAST_HALF_WIDTH = 0.01
_COARSE_POINTS = share_grid()[::COARSE_STRIDE].size
_SATURATING = 1e300  # acquisition spend that buys the full capacity b: tanh(1e300 / …) = 1


@dataclass(frozen=True)
class BudgetAnswer:
    """The smallest monthly budget whose best split reaches `target`, or why none does.

    Returned by `required_budget`; `limit` names what stops an unreachable target.

    >>> from strategy import Scenario, required_budget
    >>> answer = required_budget(Scenario(), 20_000, "customers")
    >>> answer.metric, answer.reachable, answer.limit
    ('customers', True, None)
    """

    metric: Metric
    target: float
    reachable: bool
    budget: float | None  # the smallest budget found (0 when today's course already reaches it)
    best_share: float | None  # the best retention share at that budget
    value: float | None  # what the best split reaches there (≥ target)
    limit: Limit | None  # what stands in the way, when unreachable


def reached(scenario: Scenario, budget: float, metric: Metric) -> BestSplit:
    """f(budget): the best split of `budget` by `metric`, and the value it reaches."""
    [found] = _reached_at(scenario, [budget], metric)
    return found


def _reached_at(scenario: Scenario, budgets: Sequence[float], metric: Metric) -> list[BestSplit]:
    """f at each budget by the full search (`best_splits`), the budgets searched together."""
    return [
        found
        for found, _, _ in best_splits(
            [scenario.model_copy(update={"budget": budget}) for budget in budgets],
            _MEASURES[metric],
        )
    ]


class Found(Protocol):
    """What a search found at one budget: the best split's share and value."""

    @property
    def best_share(self) -> float: ...

    @property
    def best_value(self) -> float: ...


@dataclass(frozen=True)
class Probe:
    """The best of the shares a probe tried at one budget, and its value (`BestSplit` is what
    the full search found)."""

    best_share: float
    best_value: float


Search = Callable[[Sequence[float]], Sequence[Found]]  # f at each of some budgets
Bracket = tuple[float, Found, float, Found]  # low, f(low) < target ≤ f(high), high
# f at budgets inside a bracket, which says where their best shares lie.
SearchInside = Callable[[Sequence[float], Bracket], Sequence[Found]]


def _budget_rows(scenario: Scenario, budgets: Sequence[float]) -> dict[str, np.ndarray]:
    """The parameters with a row per budget, built once: the budget only scales the spends."""
    p = {name: np.full((len(budgets), 1), value) for name, value in parameters(scenario).items()}
    p["budget"] = np.asarray(budgets, dtype=float)[:, None]
    return p


def _probes(
    scenario: Scenario, budgets: Sequence[float], metric: Metric, zoom: bool = True
) -> list[Found]:
    """f at each budget in one pass, cheaper than the full search (docs/model-derivations.md)."""
    rows = len(budgets)
    p = _budget_rows(scenario, budgets)
    coarse = share_grid()[::COARSE_STRIDE]
    shares = np.broadcast_to(np.append(coarse, scenario.retention_share), (rows, coarse.size + 1))
    paths = project_at(p, shares, scenario.months)
    if not zoom:
        values = paths.objective(_MEASURES[metric])
        best = np.argmax(values, axis=-1)
        return [
            Probe(float(shares[row, column]), float(values[row, column]))
            for row, column in enumerate(best)
        ]
    return [
        Probe(found.best_share, found.best_value)
        for found, _ in search_rows(
            [scenario] * rows,
            p,
            shares,
            paths,
            _MEASURES[metric],
            _PROBE_ZOOM_POINTS,
            step=float(coarse[1] - coarse[0]),
        )
    ]


def _window_probes(
    scenario: Scenario, budgets: Sequence[float], metric: Metric, bracket: Bracket
) -> list[Found]:
    """f at budgets inside a bracket, from 21 shares each (see docs/model-derivations.md)."""
    low, low_found, high, high_found = bracket
    x = np.log(np.asarray(budgets, dtype=float))[:, None]
    along = (x - math.log(low)) / (math.log(high) - math.log(low))
    centre = low_found.best_share + along * (high_found.best_share - low_found.best_share)
    half_width = max(abs(high_found.best_share - low_found.best_share) / 2, _LEAST_HALF_WIDTH)
    window = np.clip(centre + np.linspace(-half_width, half_width, _WINDOW_POINTS), 0.0, 1.0)
    coarse = np.broadcast_to(share_grid()[::COARSE_STRIDE], (len(budgets), _COARSE_POINTS))
    shares = np.concatenate([window, coarse], axis=-1)
    p = _budget_rows(scenario, budgets)
    values = project_at(p, shares, scenario.months).objective(_MEASURES[metric])
    best = np.argmax(values[:, :_WINDOW_POINTS], axis=-1)
    found: list[Found] = []
    for row, column in enumerate(best):
        share, value = window[row, column], values[row, column]
        at_edge = column in (0, _WINDOW_POINTS - 1) and 0.0 < share < 1.0
        if at_edge or values[row, _WINDOW_POINTS:].max() > value:
            found += _probes(scenario, [budgets[row]], metric)
        else:
            found.append(Probe(float(share), float(value)))
    return found


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
    if scenario.budget_cut >= 1 and scenario.budget_cut_month <= 1:
        return "budget_cut"  # the whole budget is cut from the first month: none is spent
    if metric == "customers" and scenario.market is not None and target > scenario.market:
        return "market"
    if ceiling(scenario, metric, market=False) < target:
        return "capacity"
    if scenario.market is not None and ceiling(scenario, metric, market=True) < target:
        return "market"
    return "budget_range"


def required_budget(scenario: Scenario, target: float, metric: Metric) -> BudgetAnswer:
    """The smallest monthly budget whose best split reaches `target` (to 1e-4 of the budget).

    A ladder of budgets searched together brackets the answer (0: f(0) reaching the target means
    the answer is 0; the range's top: f there short of it means unreachable, and `limit` says
    why), then the bracket closes by regula falsi (Illinois) on the logarithm of the budget.

    Args:
        scenario: the business (its budget and split are not used).
        target: customers at the horizon, or revenue in its last month.
        metric: "customers" or "revenue".

    Returns:
        A `BudgetAnswer`: the budget, its best split and value, or why none reaches the target.

    >>> answer = required_budget(Scenario(), 20_000, "customers")
    >>> answer.reachable, round(answer.budget, -3)
    (True, 131000.0)
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
    """`required_budget` at default plan fields: probes find the budget, the search its split."""
    probe: Search = lambda budgets: _probes(scenario, budgets, metric)
    inside: SearchInside = lambda budgets, bracket: _window_probes(
        scenario, budgets, metric, bracket
    )
    full: Search = lambda budgets: _reached_at(scenario, budgets, metric)
    asked, target = target, target - TARGET_TOLERANCE * max(1.0, abs(target))
    # A stacked search over a ladder of budgets brackets the answer: no budget, the range's
    # top, and 4-fold steps around the budget that replaces the base's churn at the first
    # customer's cost (the scale of budgets that matter to this base; not today's budget,
    # which the answer must not depend on).
    start = min(max(scenario.customers * scenario.churn * scenario.cac, _START_LEAST), BUDGET_MAX)
    for rungs in _RUNGS:  # the usual neighbourhood first, the whole ladder if it is not there
        ladder = sorted({0.0, BUDGET_MAX, *(min(start * _STEP**k, BUDGET_MAX) for k in rungs)})
        probed = _probes(scenario, ladder, metric, zoom=False)
        top = next((k for k, found in enumerate(probed) if found.best_value >= target), None)
        if top == 0 or (top is not None and 1 < top < len(ladder) - 1):
            break  # reached with no budget, or between two rungs above 0
        # Otherwise the whole ladder: also when no rung reached the target, as every fifth
        # share can miss the narrow best split of a big budget on a market-limited base.
    if probed[0].best_value >= target:  # today's course already reaches it
        return _reachable(metric, asked, 0.0, probed[0])
    if probed[-1].best_value < target:
        if full([BUDGET_MAX])[0].best_value < target:
            return BudgetAnswer(
                metric, asked, False, None, None, None, binding_limit(scenario, asked, metric)
            )
        probed[-1] = full([BUDGET_MAX])[0]

    top = next(k for k, found in enumerate(probed) if found.best_value >= target)
    bracket = (ladder[top - 1], probed[top - 1], ladder[top], probed[top])
    # Window probes close the bracket, and the full search its last pairs (so the answer's
    # split mostly comes with them); where the full search at the answer falls short of what
    # the probes saw (a flat or many-topped curve), the full probes close it again.
    for search_inside in (inside, lambda budgets, _: probe(budgets)):
        _, _, high, found = _close(probe, search_inside, full, target, bracket)
        at_high = found if isinstance(found, BestSplit) else full([high])[0]
        if at_high.best_value >= target:
            return _reachable(metric, asked, high, at_high)
    return _reachable(metric, asked, high, found)


def _reachable(metric: Metric, target: float, budget: float, found: Found) -> BudgetAnswer:
    """The answer: `budget` reaches `target` with the split `found`."""
    return BudgetAnswer(metric, target, True, budget, found.best_share, found.best_value, None)


def _below(search: Search, target: float, high: float, high_found: Found) -> Bracket:
    """A bracket under `high`, stepping down 4-fold until a budget falls short (else from 0)."""
    while high > SMALLEST_BUDGET:
        [trial] = search([high / _STEP])
        if trial.best_value < target:
            return high / _STEP, trial, high, high_found
        high, high_found = high / _STEP, trial
    return 0.0, search([0.0])[0], high, high_found


def _close(
    search: Search, inside: SearchInside, pairs: Search, target: float, bracket: Bracket
) -> Bracket:
    """Narrow a bracket, then check its bottom by the full search (docs/model-derivations.md)."""
    low, low_found, high, high_found = bracket
    while True:
        if low == 0.0:
            low, low_found, high, high_found = _below(search, target, high, high_found)
            if low == 0.0:
                return low, low_found, high, high_found
        low, low_found, high, high_found = _narrow(
            inside, pairs, target, (low, low_found, high, high_found)
        )
        if isinstance(low_found, BestSplit):
            return low, low_found, high, high_found
        [checked] = pairs([low])
        if checked.best_value < target:
            return low, checked, high, high_found
        low, high, high_found = 0.0, low, checked  # the answer is below it


def _narrow(inside: SearchInside, pairs: Search, target: float, bracket: Bracket) -> Bracket:
    """Narrow a bracket by regula falsi on f(e^x) − target (docs/model-derivations.md)."""
    low, low_found, high, high_found = bracket
    a, b = math.log(low), math.log(high)
    ga, gb = low_found.best_value - target, high_found.best_value - target
    kept = 0  # which end stayed put last time: -1 the low one, +1 the high one
    while high - low > RELATIVE_TOLERANCE * high:
        x = (a * gb - b * ga) / (gb - ga) if gb != ga else (a + b) / 2
        margin = _GUARD * (b - a)  # never probe at an end, where nothing would be learnt
        x = min(max(x, a + margin), b - margin) if gb != 0.0 else (a + b) / 2
        # Near the end, probe just either side of the estimate in one stacked search: when the
        # secant is as good as it is there, the two close the bracket at once.
        near = b - a < _PAIR_WIDTH
        tried = [max(x - _HALF_STEP, a + margin), min(x + _HALF_STEP, b - margin)] if near else [x]
        budgets = [math.exp(x) for x in tried]
        probed = pairs(budgets) if near else inside(budgets, (low, low_found, high, high_found))
        for x, trial in zip(tried, probed, strict=True):
            if not a < x < b:
                continue  # the first of the pair already moved this end past it
            if trial.best_value >= target:
                b, gb, high, high_found = x, trial.best_value - target, math.exp(x), trial
                if kept == -1:
                    ga /= 2
                kept = -1
            else:
                a, ga, low, low_found = x, trial.best_value - target, math.exp(x), trial
                if kept == 1:
                    gb /= 2
                kept = 1
    return low, low_found, high, high_found
