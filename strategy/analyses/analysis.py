"""Everything the explorer shows for one scenario, from as few projections as the numbers allow.

The page reruns this on every slider move, so the split grid, the grid with a nudge of spend
on each side (the marginal curve's derivatives), the plan and the plan with the next step of
budget on each side are projected together in one pass, and the best split's trajectory is
taken from the search that found it. Each part equals what its own public function
(`tradeoff`, `simulate`, `best_split`, `unit_economics`, `marginal_view`, `marginal_curve`,
`recommend`, `best_budget`) returns; tables come as named numpy columns
(`pd.DataFrame(columns)` makes the DataFrame), which the page draws from without paying for a
DataFrame on every rerun.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .budget import BestBudget, best_budget
from ..model.economics import (
    NEXT_BUDGET_STEP,
    MarginalView,
    UnitEconomics,
    marginal_columns_of,
    marginal_spend,
    marginal_view_of,
    nudged_spend,
    unit_economics_of,
)
from ..model.engine import parameters, project
from ..model.plans import GRID_POINTS, Columns, search, share_grid, tradeoff_columns, trajectory
from .recommendation import Recommendation, advise, sensitivity_columns
from ..model.scenario import Scenario


@dataclass(frozen=True)
class Analysis:
    """The answer, the numbers and the curves for one scenario.

    Returned by `analyse`: each part equals what its own public function returns, from fewer
    projections.

    >>> from strategy import Scenario, analyse, unit_economics
    >>> result = analyse(Scenario())
    >>> result.recommendation.lean, result.economics == unit_economics(Scenario())
    ('keep', True)
    """

    recommendation: Recommendation
    tradeoff: Columns  # the columns of `tradeoff(scenario)`
    plan: Columns  # … of `simulate(scenario)`
    best: Columns  # … of `simulate` at the best split
    economics: UnitEconomics
    margins: MarginalView
    marginal_curve: Columns  # … of `marginal_curve(scenario)`
    budget: BestBudget  # `best_budget(scenario)`: the budget level against the plan's


def analyse(scenario: Scenario, points: int = GRID_POINTS) -> Analysis:
    """Everything the explorer shows for one scenario, from as few projections as possible.

    One projection of the grid (nudged on each side too), the plan and the nudged plans, then
    the search and the rest; each part equals what its own public function returns.

    Args:
        scenario: the business and its plan.
        points: grid points of the trade-off curve.

    Returns:
        An `Analysis`: the recommendation, the curves as named columns, the economics and the
        best budget.

    >>> result = analyse(Scenario())
    >>> result.recommendation.lean, result.budget.position
    ('keep', 'below')
    """
    grid = share_grid(points)
    marginal_retention, marginal_acquisition = marginal_spend(scenario, grid)
    nudged_retention, nudged_acquisition = nudged_spend(scenario, NEXT_BUDGET_STEP)
    paths = project(
        parameters(scenario),
        np.concatenate([marginal_retention, nudged_retention]),
        np.concatenate([marginal_acquisition, nudged_acquisition]),
        scenario.months,
    )
    plan = marginal_retention.size  # the first nudged column is the plan itself
    best, best_paths = search(
        scenario,
        np.append(grid, scenario.retention_share),
        paths.column(np.append(np.arange(points), plan)),
    )
    plan_paths = paths.column(plan)
    return Analysis(
        recommendation=advise(scenario, best, sensitivity_columns(scenario), plan_paths),
        tradeoff=tradeoff_columns(grid, paths.column(slice(0, points))),
        plan=trajectory(scenario, scenario.retention_share, plan_paths),
        best=trajectory(scenario, best.best_share, best_paths),
        economics=unit_economics_of(scenario, plan_paths),
        margins=marginal_view_of(scenario, paths.column(slice(plan, None)), NEXT_BUDGET_STEP),
        marginal_curve=marginal_columns_of(scenario, grid, paths.column(slice(0, plan))),
        budget=best_budget(scenario, best),
    )
