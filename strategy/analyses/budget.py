"""The budget level: which monthly budget, split at its best, maximises the objective.

Blattberg & Deighton optimise both the level of spend and its split; `best_split` answers only
the second. f(B) = the best value over all splits of a monthly budget B. For NPV, money is
spent every month, so f rises while the next unit of budget earns more than it costs and falls
after: the best budget is where the next unit breaks even. Revenue and customers at the horizon
do not subtract what is spent, so they grow with money (`goal_seek` argues why) and their best
budget is the top of the budget field's range.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..model.economics import NEXT_BUDGET_STEP
from ..model.engine import parameters
from ..model.plans import (
    TIE,
    BestSplit,
    around_best,
    best_split,
    best_splits,
    first_best,
    project_at,
    share_grid,
)
from ..model.scenario import Objective, Scenario, field_bounds

BUDGET_MIN, BUDGET_MAX = (float(bound) for bound in field_bounds("budget"))
# Objectives that do not subtract the spend: more money never lowers them.
GROWS_WITH_BUDGET: frozenset[Objective] = frozenset({"revenue", "customers"})
# The plan's budget is "near" the best one when, split at its best, it reaches within 1% of the
# best value (of its size): closer than that, moving the budget is not worth a meeting.
NEAR = 0.01
# The ladder: no budget, then 1 to 100,000,000 a month, √10 apart; each refinement spreads its
# budgets over two rungs either side of the best one (two, as a coarse round's best may be a
# neighbour of the true one): the budget to about 0.5% (1.33 · 8⁻²), where f is flat to far
# below what the page shows.
_LADDER = np.concatenate([[BUDGET_MIN], np.logspace(0.0, np.log10(BUDGET_MAX), 17)])
# Budgets per refinement: first 17 (3 times finer), each with its best grid split, as rungs
# √10 apart say little about the shares between them; then twice 33 (8 times finer), each
# trying shares around the best share interpolated from its neighbours'.
_REFINE_POINTS = (17, 33, 33)
# Inside a refinement, each budget tries 21 shares around the best share interpolated from the
# neighbours' (one projection, not a search of the whole grid), ever closer together.
_WINDOW_POINTS = 21
_LAST_WIDTH = 5e-4
_GRID_STEP = float(share_grid()[1])

Position = Literal["below", "near", "above"]


@dataclass(frozen=True)
class BestBudget:
    """The budget (and its best split) that maximises the objective, against the plan's.

    Returned by `best_budget`: whether the plan's budget lies below, near or above the best.

    >>> from strategy import Scenario, best_budget
    >>> found = best_budget(Scenario())
    >>> found.objective, found.position, found.budget > found.plan_budget
    ('npv', 'below', True)
    """

    objective: Objective
    budget: float  # monthly budget that maximises the objective, within the field's range
    best_share: float  # its best retention share
    value: float  # the objective there
    plan_budget: float
    plan_share: float  # the best split of the plan's own budget
    plan_value: float  # … and the objective it reaches
    value_of_next_step: float  # objective change from NEXT_BUDGET_STEP more a month at plan_share
    next_budget_step: float = NEXT_BUDGET_STEP

    @property
    def grows_with_budget(self) -> bool:
        """More money never lowers this objective: its best budget is the range's top."""
        return self.objective in GROWS_WITH_BUDGET

    @property
    def position(self) -> Position:
        """Where the plan's budget stands: near the best (its best split reaches within `NEAR`
        of the best value), or below or above it."""
        if self.plan_value >= self.value - NEAR * abs(self.value):
            return "near"
        return "below" if self.plan_budget < self.budget else "above"


def best_budget(scenario: Scenario, plan: BestSplit | None = None) -> BestBudget:
    """The monthly budget (0 to 100,000,000) whose best split maximises the objective.

    For revenue and customers at the horizon, which grow with money, that is the top of the
    range. For NPV a ladder of budgets is searched with every row's best grid split, refined
    three times over the two rungs either side of the best one, and a last window gives its
    split to about 1e-4, as `best_split` does. Shocks apply as in every projection.

    Args:
        scenario: the business and its plan.
        plan: `best_split(scenario)`, passed in when known.

    Returns:
        A `BestBudget`: the budget, its best split and value, the plan's budget at its own best
        split, and what the next 1,000 a month adds there.

    >>> found = best_budget(Scenario())
    >>> round(found.budget, -3), found.position
    (185000.0, 'below')
    """
    plan = best_split(scenario) if plan is None else plan
    if scenario.objective in GROWS_WITH_BUDGET:
        [(found, _, _)] = best_splits([scenario.model_copy(update={"budget": BUDGET_MAX})])
        budget, best_share, value = BUDGET_MAX, found.best_share, found.best_value
    else:
        budget, best_share, value = _search(scenario)
    if value < plan.best_value - TIE * max(1.0, abs(value)):  # a peak the ladder missed
        budget, best_share, value = float(scenario.budget), plan.best_share, plan.best_value
    return BestBudget(
        objective=scenario.objective,
        budget=float(budget),
        best_share=best_share,
        value=value,
        plan_budget=float(scenario.budget),
        plan_share=plan.best_share,
        plan_value=plan.best_value,
        value_of_next_step=_next_step(scenario, plan),
    )


def _next_step(scenario: Scenario, plan: BestSplit) -> float:
    """What NEXT_BUDGET_STEP more a month adds to the objective at the plan's best split."""
    p = parameters(scenario)
    p["budget"] = p["budget"] + NEXT_BUDGET_STEP
    paths = project_at(p, np.asarray(plan.best_share), scenario.months)
    return float(paths.objective(scenario.objective)) - plan.best_value


def _search(scenario: Scenario) -> tuple[float, float, float]:
    """The best budget on a ladder, refined between its neighbours, with its share and value."""
    budgets = _LADDER
    shares, values = _grid_values(scenario, budgets)
    width = 2 * _GRID_STEP  # how far a row's best share may lie from the interpolated one
    for round_, points in enumerate(_REFINE_POINTS):
        best = int(np.argmax(values))
        # Two rungs either side: a coarse round's best may be a neighbour of the true one.
        around = slice(max(best - 2, 0), min(best + 3, budgets.size))
        low, high = budgets[around][0], budgets[around][-1]
        refined = np.linspace(low, high, points) if low <= 0 else np.geomspace(low, high, points)
        # The best share moves smoothly with the budget: between the neighbours' best shares.
        # (With no budget every share is the same: its neighbour's stands for it.)
        known = np.where(budgets[around] > 0, shares[around], shares[around][-1])
        centre = np.interp(np.log1p(refined), np.log1p(budgets[around]), known)
        width = max(float(np.ptp(known)), width)
        budgets = refined
        if round_ == 0:
            shares, values = _grid_values(scenario, budgets)
            width = 2 * _GRID_STEP
            continue
        tried, projected = _window(scenario, budgets, centre, width)
        best_columns = first_best(projected)
        shares, values = (
            part[np.arange(budgets.size), best_columns] for part in (tried, projected)
        )
        width = 2 * width / (_WINDOW_POINTS - 1)  # the step between the shares just tried
    # The budget's split within two of the last steps (or 5e-4) either side, to a tenth of the
    # last step or 5e-5 (finer than `best_split`'s zoom, 1e-4).
    best = budgets[np.argmax(values)][None]
    tried, projected = _window(
        scenario, best, shares[np.argmax(values)][None], max(2 * width, _LAST_WIDTH)
    )
    column = first_best(projected)
    return float(best[0]), float(tried[0, column[0]]), float(projected[0, column[0]])


def _rows(scenario: Scenario, budgets: np.ndarray) -> dict[str, np.ndarray]:
    """The scenario's parameters with a row per budget (the budget only scales the spends)."""
    p = {name: np.full((budgets.size, 1), value) for name, value in parameters(scenario).items()}
    p["budget"] = budgets[:, None]
    return p


def _grid_values(scenario: Scenario, budgets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """f and the share reaching it at each budget, over the whole split grid, in one projection."""
    window, paths = around_best(
        _rows(scenario, budgets), share_grid(), scenario.months, scenario.objective
    )
    values = paths.objective(scenario.objective)
    rows, best = np.arange(budgets.size), first_best(values)
    return window[rows, best], values[rows, best]


def _window(
    scenario: Scenario, budgets: np.ndarray, centre: np.ndarray, width: float
) -> tuple[np.ndarray, np.ndarray]:
    """Shares near each budget's `centre` and both ends (often the best split), valued."""
    p = _rows(scenario, budgets)
    window = np.clip(centre[:, None] + np.linspace(-width, width, _WINDOW_POINTS), 0.0, 1.0)
    shares = np.concatenate([window, np.broadcast_to([0.0, 1.0], (budgets.size, 2))], axis=1)
    values = project_at(p, shares, scenario.months).objective(scenario.objective)
    return shares, values
