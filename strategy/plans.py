"""One plan month by month, every split on a grid, and the best split."""

from __future__ import annotations

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
    shares = np.append(share_grid(points), scenario.retention_share)
    return search(scenario, shares, project_shares(scenario, shares), measure)[0]


def search(scenario: Scenario, shares: np.ndarray, paths: Paths,
           measure: Measure | None = None) -> tuple[BestSplit, Paths]:
    """The best split from a projected grid whose last column is the plan, refined by zooming
    in around the best point; also the best split's own projection, so callers that
    draw it need not project it again. Judged by `measure`, or else the scenario's objective."""
    objective = scenario.objective if measure is None else measure
    values = paths.objective(objective)
    plan_value = float(values[-1])
    projected = [paths]
    step = float(shares[1] - shares[0])
    for _ in range(_REFINE_ROUNDS):
        centre = shares[int(np.argmax(values))]
        zoom = np.clip(np.linspace(centre - step, centre + step, _REFINE_POINTS), 0.0, 1.0)
        projected.append(project_shares(scenario, zoom))
        shares = np.concatenate([shares, zoom])
        values = np.concatenate([values, projected[-1].objective(objective)])
        step = 2 * step / (_REFINE_POINTS - 1)
    best = int(np.argmax(values))
    if plan_value >= float(values[best]) - 1e-12 * max(1.0, abs(float(values[best]))):
        best = len(paths.customers) - 1  # the plan's own column
    found = BestSplit(objective, float(shares[best]), float(values[best]),
                      scenario.retention_share, plan_value)
    for part in projected:
        if best < len(part.customers):
            return found, part.column(best)
        best -= len(part.customers)
    raise AssertionError("the best split is one of the projected columns")
