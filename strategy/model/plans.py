"""One plan month by month, every split on a grid, and the best split."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from .engine import Paths, budget_factor, parameters, project
from .scenario import Objective, Scenario

# What a split can be judged by: the scenario's objectives, and the revenue of the horizon's
# last month (the run-rate reached), which the goal-seek asks for.
Measure = Objective | Literal["final_revenue"]

GRID_POINTS = 201
# One zoom round between the best grid point's neighbours: 101 points, 1e-4 of the budget
# apart (the page shows shares to 0.1%). A projection costs about the same for 41 columns as
# for 101, so one wide round is cheaper than two narrow ones.
_REFINE_POINTS = 101
_REFINE_ROUNDS = 1
COARSE_STRIDE = 5  # the coarse pass of `around_best` tries every fifth grid share
TIE = 1e-12  # values this close (relative) count as equal


def project_at(p: dict[str, np.ndarray], shares: np.ndarray, months: int) -> Paths:
    """Project parameters `p` (rows of scenarios, or one) for `months` months with `shares` of
    each row's budget on retention and the rest on acquisition (`shares` broadcast against
    the rows: a column of shares per row, or one row of shares for all)."""
    return project(p, shares * p["budget"], (1 - shares) * p["budget"], months)


def project_shares(scenario: Scenario, shares: np.ndarray) -> Paths:
    """Project the scenario for each retention share in `shares` (any shape).

    >>> paths = project_shares(Scenario(), np.array([0.0, 1.0]))
    >>> paths.customers.shape  # two splits, the base at the start of 36 months and after
    (2, 37)
    """
    return project_at(parameters(scenario), np.asarray(shares, dtype=float), scenario.months)


# A table as named numpy columns: what the page draws from, without the cost of a DataFrame
# (the public functions wrap the same columns in one).
Columns = dict[str, np.ndarray]


def simulate(scenario: Scenario) -> pd.DataFrame:
    """The plan's trajectory: one row per month t = 0 … months − 1.

    Args:
        scenario: the business and its plan (its `retention_share` of the budget).

    Returns:
        A DataFrame of the month's base, new and lost customers, churn, spend on each side,
        revenue, profit and discounted profit.

    >>> table = simulate(Scenario(months=12))
    >>> len(table), float(table.customers.iloc[0])
    (12, 10000.0)
    """
    share = scenario.retention_share
    return pd.DataFrame(trajectory(scenario, share, project_shares(scenario, np.asarray(share))))


def trajectory(scenario: Scenario, share: float, paths: Paths) -> Columns:
    """The month-by-month columns of one split, from its projection (a single column)."""
    retention_spend = np.full(scenario.months, share * scenario.budget)
    acquisition_spend = np.full(scenario.months, scenario.budget - share * scenario.budget)
    if scenario.budget_cut > 0 and scenario.budget_cut_month <= scenario.months:
        factor = budget_factor(parameters(scenario), np.arange(scenario.months))
        retention_spend, acquisition_spend = retention_spend * factor, acquisition_spend * factor
    return {
        "month": np.arange(scenario.months),
        "customers": paths.customers[:-1],
        "new_customers": paths.new_customers,
        "lost_customers": paths.lost_customers,
        "customers_end": paths.customers[1:],
        "churn_rate": paths.churn_rate,
        "retention_spend": retention_spend,
        "acquisition_spend": acquisition_spend,
        "revenue": paths.revenue,
        "profit": paths.profit,
        "discounted_profit": paths.discounted_profit,
    }


def share_grid(points: int = GRID_POINTS) -> np.ndarray:
    """Retention shares from 0 to 1 inclusive."""
    if points < 2:
        raise ValueError(f"points must be at least 2, got {points}")
    return np.linspace(0.0, 1.0, points)


def tradeoff(scenario: Scenario, points: int = GRID_POINTS) -> pd.DataFrame:
    """Every objective for each retention share on an even grid from 0 to 1.

    Args:
        scenario: the business (its own split is not used).
        points: grid points, at least 2.

    Returns:
        A DataFrame: `retention_share`, `npv`, `revenue`, `customers_end`.

    >>> tradeoff(Scenario(), points=5).retention_share.tolist()
    [0.0, 0.25, 0.5, 0.75, 1.0]
    """
    shares = share_grid(points)
    return pd.DataFrame(tradeoff_columns(shares, project_shares(scenario, shares)))


def tradeoff_columns(shares: np.ndarray, paths: Paths) -> Columns:
    """The trade-off curve from a projection of `shares` (one column each)."""
    return {
        "retention_share": shares,
        "npv": paths.objective("npv"),
        "revenue": paths.objective("revenue"),
        "customers_end": paths.objective("customers"),
    }


@dataclass(frozen=True)
class BestSplit:
    """The best retention share for the objective, against the scenario's own plan.

    Returned by `best_split`: the share to move towards and what it gains over the plan.

    >>> from strategy import Scenario, best_split
    >>> found = best_split(Scenario())
    >>> found.objective, found.plan_share, found.best_value > found.plan_value
    ('npv', 0.4, True)
    """

    objective: Measure
    best_share: float
    best_value: float
    plan_share: float
    plan_value: float

    @property
    def gain(self) -> float:
        """What moving from the plan to the best split adds to the objective."""
        return self.best_value - self.plan_value


def best_split(
    scenario: Scenario, points: int = GRID_POINTS, measure: Measure | None = None
) -> BestSplit:
    """The retention share that maximises the objective, against the plan's own.

    A grid search, then a zoom around the best grid point so the answer is not stepped. When the
    plan is already as good as the best (a flat curve, e.g. no budget), the plan's own share is
    reported as the best rather than an arbitrary end of the grid.

    Args:
        scenario: the business and its plan.
        points: grid points.
        measure: what to judge by, if not the scenario's objective.

    Returns:
        A `BestSplit` (best share and value, the plan's share and value, the gain).

    >>> found = best_split(Scenario())
    >>> round(found.best_share, 2), found.gain > 0
    (0.41, True)
    """
    [(found, _, _)] = best_splits([scenario], measure, points)
    return found


def search(
    scenario: Scenario, shares: np.ndarray, paths: Paths, measure: Measure | None = None
) -> tuple[BestSplit, Paths]:
    """The best split from a projected grid whose last column is the plan, refined by zooming
    in around the best point; also the best split's own projection, so callers that
    draw it need not project it again. Judged by `measure`, or else the scenario's objective."""
    [found] = search_rows(
        [scenario], stacked_parameters([scenario]), shares[None], paths.column(np.newaxis), measure
    )
    return found


def best_splits(
    scenarios: Sequence[Scenario],
    measure: Measure | None = None,
    points: int = GRID_POINTS,
    zoom_points: int = _REFINE_POINTS,
) -> list[tuple[BestSplit, Paths, Paths]]:
    """The best split of each scenario, all rows projected together.

    The grid is searched coarse to fine: every fifth share first (with the plan), then the
    shares around each row's best one, which finds the grid's best share whenever the curve
    has one peak (the model's curves do; tests check it against `analyse`, which projects
    every share), at half the cost; then the zoom of `search_rows`.

    Args:
        scenarios: scenarios with the same horizon and judged by the same measure.
        measure: what to judge by, if not the scenarios' objective.
        points, zoom_points: the grid's points and the zoom's.

    Returns:
        For each scenario: its `BestSplit`, the best split's projection and the plan's.

    >>> [round(best.best_share, 2) for best, _, _ in best_splits(
    ...     [Scenario(), Scenario(churn=0.1)])]
    [0.41, 0.71]
    """
    p = stacked_parameters(scenarios)
    (months,) = {scenario.months for scenario in scenarios}
    (objective,) = {scenario.objective if measure is None else measure for scenario in scenarios}
    # The largest coarse value, as the full grid's search takes the largest value.
    shares, paths = around_best(
        p,
        share_grid(points),
        months,
        objective,
        plan=p["retention_share"],
        pick=_largest,
    )
    plan_column = shares.shape[1] - 1
    grid_step = 1.0 / (points - 1)  # as the full grid's first step, whatever the window
    return [
        (best, best_paths, paths.column((row, plan_column)))
        for row, (best, best_paths) in enumerate(
            search_rows(scenarios, p, shares, paths, measure, zoom_points, grid_step)
        )
    ]


def ties(values: np.ndarray | float, top: np.ndarray | float) -> np.ndarray:
    """Whether each value equals `top` to `TIE` relative (or is above it).

    >>> ties(np.array([1.0, 1.0 - 1e-13, 0.99]), 1.0).tolist()
    [True, True, False]
    """
    return np.asarray(values) >= top - TIE * np.maximum(1.0, np.abs(top))


def first_best(values: np.ndarray) -> np.ndarray:
    """Index of the first value along the last axis that equals the largest one, to `TIE`
    relative: on a flat curve, rounding noise must not pick the answer."""
    return np.argmax(ties(values, values.max(axis=-1, keepdims=True)), axis=-1)


def _largest(values: np.ndarray) -> np.ndarray:
    """Index of the largest value along the last axis (the first of equal ones)."""
    return np.argmax(values, axis=-1)


def around_best(
    p: dict[str, np.ndarray],
    grid: np.ndarray,
    months: int,
    objective: Measure,
    plan: np.ndarray | None = None,
    pick: Callable[[np.ndarray], np.ndarray] = first_best,
) -> tuple[np.ndarray, Paths]:
    """For each row of stacked parameters, the grid shares next to its best one, projected:
    every fifth share first, then the nine around the best of those (on grids of over 60).
    They hold the grid's best share whenever the curve has one peak (the model's curves do;
    tests check it against a full grid), for a third to a half of the cost. `plan` (a column
    per row) rides along, last; `pick` chooses the best coarse share (the first of equal ones,
    by default)."""
    rows = len(p["budget"])
    # Short grids cost little more than their fixed overhead: one pass.
    stride = COARSE_STRIDE if (grid.size - 1) % COARSE_STRIDE == 0 and grid.size > 60 else 1
    extra = [] if plan is None else [plan]

    def projected(shares: np.ndarray) -> tuple[np.ndarray, Paths]:
        shares = np.concatenate([shares, *extra], axis=-1)
        return shares, project_at(p, shares, months)

    shares, paths = projected(np.broadcast_to(grid[::stride], (rows, grid[::stride].size)))
    if stride == 1:
        return shares, paths
    best = pick(paths.objective(objective)[:, : grid[::stride].size]) * stride
    first = np.clip(best - stride + 1, 0, grid.size - (2 * stride - 1))
    return projected(grid[first[:, None] + np.arange(2 * stride - 1)])


def stacked_parameters(scenarios: Sequence[Scenario]) -> dict[str, np.ndarray]:
    """Several scenarios' parameters as rows (shape (rows, 1)), to project side by side."""
    each = [parameters(scenario) for scenario in scenarios]
    return {name: np.stack([p[name] for p in each])[:, None] for name in each[0]}


def search_rows(
    scenarios: Sequence[Scenario],
    p: dict[str, np.ndarray],
    shares: np.ndarray,
    paths: Paths,
    measure: Measure | None = None,
    zoom_points: int = _REFINE_POINTS,
    step: float | None = None,
) -> list[tuple[BestSplit, Paths]]:
    """`search` for several scenarios at once, one per row: `p` holds their stacked
    parameters, `shares` and `paths` a row per scenario (its plan in the last column), and
    each zoom round projects all rows in one pass, which costs about what one row alone costs.
    The scenarios share their horizon and what they are judged by; `step` is the spacing of
    the grid the shares come from (by default, that of the first two)."""
    (objective,) = {scenario.objective if measure is None else measure for scenario in scenarios}
    (months,) = {scenario.months for scenario in scenarios}
    rows = np.arange(len(scenarios))
    values = paths.objective(objective)
    plan_values = values[:, -1]
    projected = [paths]
    step = float(shares[0, 1] - shares[0, 0]) if step is None else step
    for _ in range(_REFINE_ROUNDS):
        centre = shares[rows, np.argmax(values, axis=-1)]
        zoom = np.clip(np.linspace(centre - step, centre + step, zoom_points, axis=-1), 0.0, 1.0)
        projected.append(project_at(p, zoom, months))
        shares = np.concatenate([shares, zoom], axis=-1)
        values = np.concatenate([values, projected[-1].objective(objective)], axis=-1)
        step = 2 * step / (zoom_points - 1)
    best = np.argmax(values, axis=-1)
    top = values[rows, best]
    plan_column = paths.customers.shape[1] - 1
    best = np.where(ties(plan_values, top), plan_column, best)
    found = []
    for row, (scenario, column) in enumerate(zip(scenarios, best, strict=True)):
        # The best value found, also when the plan is reported for tying with it (`ties`).
        split = BestSplit(
            objective,
            float(shares[row, column]),
            float(top[row]),
            scenario.retention_share,
            float(plan_values[row]),
        )
        for part in projected:
            if column < part.customers.shape[1]:
                found.append((split, part.column((row, column))))
                break
            column -= part.customers.shape[1]
    return found
