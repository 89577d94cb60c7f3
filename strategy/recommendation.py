"""The plain-language answer: which side to lean to, what it gains, and what it hinges on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from .engine import parameters
from .plans import BestSplit, Columns, around_best, best_split, first_best, share_grid
from .scenario import Scenario, field_bounds

# Inputs whose uncertainty the answer is tested against, in the order they are shown.
SENSITIVITY_FIELDS: tuple[str, ...] = (
    "customers", "churn", "cac_multiplier", "budget", "churn_floor", "cac", "capacity",
    "arpu", "uplift", "margin",
)
SENSITIVITY_CHANGE = 0.2
# A coarser grid than the trade-off curve: enough to rank inputs, at half the cost.
SENSITIVITY_POINTS = 101
# Below these the plan counts as already right: a shift smaller than 2 points of budget share,
# or a gain smaller than 0.1% of the plan's value, is not worth a meeting.
KEEP_SHIFT = 0.02
KEEP_GAIN_RATIO = 0.001

Lean = Literal["retention", "acquisition", "keep", "no_budget"]


def sensitivity(
    scenario: Scenario,
    fields: tuple[str, ...] = SENSITIVITY_FIELDS,
    change: float = SENSITIVITY_CHANGE,
    points: int = SENSITIVITY_POINTS,
) -> pd.DataFrame:
    """Best retention share (to a grid step; the lowest of equal ones) with each input moved
    down and up by `change`.

    All perturbed scenarios run as one array pass: rows are scenarios, columns grid shares.
    """
    return pd.DataFrame(sensitivity_columns(scenario, fields, change, points))


def sensitivity_columns(
    scenario: Scenario,
    fields: tuple[str, ...] = SENSITIVITY_FIELDS,
    change: float = SENSITIVITY_CHANGE,
    points: int = SENSITIVITY_POINTS,
) -> Columns:
    """`sensitivity` as named columns."""
    base = parameters(scenario)
    rows = [(name, factor) for name in fields for factor in (1 - change, 1 + change)]
    stacked = {key: np.full((len(rows) + 1, 1), float(value)) for key, value in base.items()}
    for row, (name, factor) in enumerate(rows, start=1):
        low, high = field_bounds(name)
        stacked[name][row] = np.clip(float(base[name]) * factor, low, high)
    stacked["churn_floor"] = np.minimum(stacked["churn_floor"], stacked["churn"])
    best = _best_grid_shares(scenario, stacked, share_grid(points))
    low, high = best[1::2], best[2::2]
    return {
        "field": np.array(fields),
        "best_share_low": low,
        "best_share_high": high,
        "swing": np.abs(high - low),
        "best_share": np.full(len(fields), best[0]),
    }


def _best_grid_shares(scenario: Scenario, stacked: dict[str, np.ndarray], shares: np.ndarray
                      ) -> np.ndarray:
    """The best of `shares` for each row of stacked parameters (`plans.around_best`)."""
    window, paths = around_best(stacked, shares, scenario.months, scenario.objective)
    rows = np.arange(len(window))
    return window[rows, first_best(paths.objective(scenario.objective))]


@dataclass(frozen=True)
class Recommendation:
    """Codes and numbers; the app turns them into a sentence in the user's language."""

    lean: Lean
    best: BestSplit
    gain_ratio: float  # gain relative to the plan's value (inf when the plan's value is 0)
    most_sensitive: str  # the input whose ±20% moves the best share most
    most_sensitive_low: float  # best share with that input 20% lower
    most_sensitive_high: float  # … and 20% higher

    @property
    def shift(self) -> float:
        """How far the best share is from the plan's (positive: more retention)."""
        return self.best.best_share - self.best.plan_share


def recommend(scenario: Scenario) -> Recommendation:
    """Lean to the side the best split favours, unless the plan is already close enough."""
    return advise(scenario, best_split(scenario), sensitivity_columns(scenario))


def advise(scenario: Scenario, best: BestSplit, table: Columns) -> Recommendation:
    """The recommendation from the scenario's best split and its sensitivity columns."""
    plan = abs(best.plan_value)
    gain_ratio = best.gain / plan if plan > 0 else (float("inf") if best.gain > 0 else 0.0)
    shift = best.best_share - best.plan_share
    if scenario.budget == 0:
        lean: Lean = "no_budget"
    elif abs(shift) < KEEP_SHIFT or gain_ratio < KEEP_GAIN_RATIO:
        lean = "keep"
    else:
        lean = "retention" if shift > 0 else "acquisition"
    top = int(np.argmax(table["swing"]))  # the first of equal swings
    return Recommendation(
        lean=lean,
        best=best,
        gain_ratio=float(gain_ratio),
        most_sensitive=str(table["field"][top]),
        most_sensitive_low=float(table["best_share_low"][top]),
        most_sensitive_high=float(table["best_share_high"][top]),
    )
