"""One plan month by month, every split on a grid, and the best split."""

from __future__ import annotations

from collections.abc import Sequence
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


def project_shares(scenario: Scenario, shares: np.ndarray) -> Paths:
    """Project the scenario for each retention share in `shares` (any shape)."""
    shares = np.asarray(shares, dtype=float)
    return project(
        parameters(scenario), shares * scenario.budget, (1 - shares) * scenario.budget,
        scenario.months,
    )


# A table as named numpy columns: what the page draws from, without the cost of a DataFrame
# (the public functions wrap the same columns in one).
Columns = dict[str, np.ndarray]


def simulate(scenario: Scenario) -> pd.DataFrame:
    """The plan's trajectory: one row per month t = 0 … months − 1."""
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
    """Every objective for each retention share on an even grid from 0 to 1."""
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
    """The best retention share for the objective, against the scenario's own plan."""

    objective: Measure
    best_share: float
    best_value: float
    plan_share: float
    plan_value: float

    @property
    def gain(self) -> float:
        """What moving from the plan to the best split adds to the objective."""
        return self.best_value - self.plan_value


def best_split(scenario: Scenario, points: int = GRID_POINTS,
               measure: Measure | None = None) -> BestSplit:
    """Grid search, then zoom in around the best grid point so the answer is not stepped.

    When the plan is already as good as the best (a flat curve, e.g. no budget), the plan's
    own share is reported as the best rather than an arbitrary end of the grid. The split is
    judged by the scenario's objective unless `measure` names another.
    """
    [(found, _, _)] = best_splits([scenario], measure, points)
    return found


def search(scenario: Scenario, shares: np.ndarray, paths: Paths,
           measure: Measure | None = None) -> tuple[BestSplit, Paths]:
    """The best split from a projected grid whose last column is the plan, refined by zooming
    in around the best point; also the best split's own projection, so callers that
    draw it need not project it again. Judged by `measure`, or else the scenario's objective."""
    [found] = search_rows([scenario], stacked_parameters([scenario]), shares[None],
                          paths.column(np.newaxis), measure)
    return found


def best_splits(scenarios: Sequence[Scenario], measure: Measure | None = None,
                points: int = GRID_POINTS) -> list[tuple[BestSplit, Paths, Paths]]:
    """The best split of each scenario (same horizon) with its projection and the plan's, all
    rows projected together: two array passes in all, whatever the number of scenarios."""
    p = stacked_parameters(scenarios)
    grid = share_grid(points)
    shares = np.concatenate([np.broadcast_to(grid, (len(scenarios), grid.size)),
                             p["retention_share"]], axis=-1)
    months, = {scenario.months for scenario in scenarios}
    paths = project(p, shares * p["budget"], (1 - shares) * p["budget"], months)
    return [(best, best_paths, paths.column((row, grid.size))) for row, (best, best_paths)
            in enumerate(search_rows(scenarios, p, shares, paths, measure))]


def stacked_parameters(scenarios: Sequence[Scenario]) -> dict[str, np.ndarray]:
    """Several scenarios' parameters as rows (shape (rows, 1)), to project side by side."""
    each = [parameters(scenario) for scenario in scenarios]
    return {name: np.stack([p[name] for p in each])[:, None] for name in each[0]}


def search_rows(scenarios: Sequence[Scenario], p: dict[str, np.ndarray], shares: np.ndarray,
                paths: Paths, measure: Measure | None = None) -> list[tuple[BestSplit, Paths]]:
    """`search` for several scenarios at once, one per row: `p` holds their stacked
    parameters, `shares` and `paths` a row per scenario (its plan in the last column), and
    each zoom round projects all rows in one pass, which costs about what one row alone costs.
    The scenarios share their horizon and what they are judged by."""
    objective, = {scenario.objective if measure is None else measure for scenario in scenarios}
    months, = {scenario.months for scenario in scenarios}
    rows = np.arange(len(scenarios))
    values = paths.objective(objective)
    plan_values = values[:, -1]
    projected = [paths]
    step = float(shares[0, 1] - shares[0, 0])
    for _ in range(_REFINE_ROUNDS):
        centre = shares[rows, np.argmax(values, axis=-1)]
        zoom = np.clip(np.linspace(centre - step, centre + step, _REFINE_POINTS, axis=-1),
                       0.0, 1.0)
        projected.append(project(p, zoom * p["budget"], (1 - zoom) * p["budget"], months))
        shares = np.concatenate([shares, zoom], axis=-1)
        values = np.concatenate([values, projected[-1].objective(objective)], axis=-1)
        step = 2 * step / (_REFINE_POINTS - 1)
    best = np.argmax(values, axis=-1)
    top = values[rows, best]
    plan_column = paths.customers.shape[1] - 1
    best = np.where(plan_values >= top - 1e-12 * np.maximum(1.0, np.abs(top)), plan_column, best)
    found = []
    for row, (scenario, column) in enumerate(zip(scenarios, best, strict=True)):
        split = BestSplit(objective, float(shares[row, column]), float(values[row, column]),
                          scenario.retention_share, float(plan_values[row]))
        for part in projected:
            if column < part.customers.shape[1]:
                found.append((split, part.column((row, column))))
                break
            column -= part.customers.shape[1]
    return found
