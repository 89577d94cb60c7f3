"""The plain-language answer: which side to lean to, what it gains, and what it hinges on."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from ..model.engine import Paths, parameters
from ..model.plans import BestSplit, Columns, best_splits, first_best, project_at, share_grid
from ..model.scenario import Scenario, field_bounds

# Inputs whose uncertainty the answer is tested against, in the order they are shown.
SENSITIVITY_FIELDS: tuple[str, ...] = (
    "customers",
    "churn",
    "cac_multiplier",
    "budget",
    "churn_floor",
    "cac",
    "capacity",
    "arpu",
    "uplift",
    "margin",
)
SENSITIVITY_CHANGE = 0.2
# A coarser grid than the trade-off curve: enough to rank inputs, at half the cost.
SENSITIVITY_POINTS = 101
GRID_STEP = 1 / (SENSITIVITY_POINTS - 1)  # the sensitivity's best shares are this close
# The plan counts as already right when the answer cannot tell it from the best: a shift
# smaller than 2 points of budget share; a curve so flat that the plan comes within 1% of the
# best value; or a best share that ±20% on the most sensitive input moves past the plan.
KEEP_SHIFT = 0.02
FLAT = 0.01
# A limit binds when the plan has used most of what it allows: three quarters of the churn
# money can remove, of the acquisition capacity, or of the reachable market (where new
# customers come at a quarter of the pace or less).
BOUND = 0.75

Lean = Literal["retention", "acquisition", "keep", "no_budget"]
Keep = Literal["close", "flat", "uncertain"]
Limit = Literal["churn_floor", "capacity", "market"]


def sensitivity(
    scenario: Scenario,
    fields: tuple[str, ...] = SENSITIVITY_FIELDS,
    change: float = SENSITIVITY_CHANGE,
    points: int = SENSITIVITY_POINTS,
) -> pd.DataFrame:
    """The best retention share with each input moved down and up by `change`.

    To a grid step (the lowest of equal ones); all perturbed scenarios run as one array pass:
    rows are scenarios, columns grid shares.

    Args:
        scenario: the business.
        fields: the inputs to move.
        change: the relative move, 0.2 = ±20%.
        points: grid points.

    Returns:
        A DataFrame by `field`: `best_share_low`, `best_share_high`, `swing`, `best_share`.

    >>> table = sensitivity(Scenario(), fields=("churn",))
    >>> table.best_share_low.round(2).tolist(), table.best_share_high.round(2).tolist()
    ([0.33], [0.49])
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
        least, most = field_bounds(name)
        stacked[name][row] = np.clip(float(base[name]) * factor, least, most)
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


def _best_grid_shares(
    scenario: Scenario, stacked: dict[str, np.ndarray], shares: np.ndarray
) -> np.ndarray:
    """Each row's best of all `shares`: coarse to fine may settle on another plateau value."""
    paths = project_at(stacked, shares, scenario.months)
    return shares[first_best(paths.objective(scenario.objective))]


@dataclass(frozen=True)
class Recommendation:
    """The advice for one scenario, as codes and numbers.

    Returned by `recommend`; the app turns them into a sentence in the user's language.

    >>> from strategy import Scenario, recommend
    >>> answer = recommend(Scenario())
    >>> answer.lean, answer.keep, round(answer.best.best_share, 2)
    ('keep', 'close', 0.41)
    """

    lean: Lean
    best: BestSplit
    gain_ratio: float  # gain relative to the plan's value (inf when the plan's value is 0)
    most_sensitive: str  # the input whose ±20% moves the best share most
    most_sensitive_low: float  # best share with that input 20% lower
    most_sensitive_high: float  # … and 20% higher
    keep: Keep | None = None  # why the plan is kept: too close, too flat or too uncertain to move
    limits: tuple[Limit, ...] = ()  # the limits the plan is up against, as they drive the answer
    plan_churn: float = 0.0  # the churn the plan buys in its first month
    plan_new: float = 0.0  # the new customers it brings in its first month
    plan_market_share: float = 0.0  # the most of the reachable market the base holds, now or
    # at the horizon

    @property
    def shift(self) -> float:
        """How far the best share is from the plan's (positive: more retention)."""
        return self.best.best_share - self.best.plan_share


def recommend(scenario: Scenario) -> Recommendation:
    """Lean to the side the best split favours, unless the plan is already close enough.

    Args:
        scenario: the business and its plan.

    Returns:
        A `Recommendation`: codes and numbers (the lean, why the plan is kept, the most
        sensitive input, the binding limits) that the app words.

    >>> answer = recommend(Scenario())
    >>> answer.lean, answer.keep, answer.most_sensitive
    ('keep', 'close', 'churn')
    """
    [(best, _, plan)] = best_splits([scenario])  # the search projects the plan too
    return advise(scenario, best, sensitivity_columns(scenario), plan)


def advise(scenario: Scenario, best: BestSplit, table: Columns, plan: Paths) -> Recommendation:
    """The recommendation from the scenario's best split, its sensitivity columns and the
    plan's projection."""
    plan_value = abs(best.plan_value)
    gain_ratio = (
        best.gain / plan_value if plan_value > 0 else (float("inf") if best.gain > 0 else 0.0)
    )
    shift = best.best_share - best.plan_share
    top = int(np.argmax(table["swing"]))  # the first of equal swings
    low, high = sorted((float(table["best_share_low"][top]), float(table["best_share_high"][top])))
    keep: Keep | None = None
    if abs(shift) < KEEP_SHIFT:
        keep = "close"
    elif gain_ratio < FLAT:
        keep = "flat"
    elif low - GRID_STEP <= best.plan_share <= high + GRID_STEP:
        keep = "uncertain"
    lean: Lean = (
        "no_budget"
        if scenario.budget == 0
        else "keep"
        if keep is not None
        else "retention"
        if shift > 0
        else "acquisition"
    )
    churn, new = float(plan.churn_rate[0]), float(plan.new_customers[0])
    held = (
        max(scenario.customers, float(plan.customers[-1])) / scenario.market
        if scenario.market is not None
        else 0.0
    )
    return Recommendation(
        lean=lean,
        best=best,
        gain_ratio=float(gain_ratio),
        most_sensitive=str(table["field"][top]),
        most_sensitive_low=float(table["best_share_low"][top]),
        most_sensitive_high=float(table["best_share_high"][top]),
        keep=keep if lean == "keep" else None,
        limits=binding_limits(scenario, lean, churn, new, held),
        plan_churn=churn,
        plan_new=new,
        plan_market_share=held,
    )


def binding_limits(
    scenario: Scenario, lean: Lean, churn: float, new: float, held: float
) -> tuple[Limit, ...]:
    """The limits the plan is up against that push the answer its way: a churn floor nearly
    reached makes more retention buy little (toward acquisition); an acquisition capacity
    nearly used or a market nearly filled makes more acquisition buy little (toward
    retention). A kept plan names any of them; no budget, none."""
    if lean == "no_budget":
        return ()
    reducible = scenario.churn - scenario.churn_floor
    found: list[Limit] = []
    if (
        lean in ("acquisition", "keep")
        and reducible > 0
        and churn - scenario.churn_floor <= (1 - BOUND) * reducible
    ):
        found.append("churn_floor")
    if lean in ("retention", "keep"):
        if new >= BOUND * scenario.capacity:
            found.append("capacity")
        if held >= BOUND:
            found.append("market")
    return tuple(found)
