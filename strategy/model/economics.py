"""Unit economics and the marginal view of a plan.

Costs that money cannot buy at any price (a saturated channel, churn already at its floor)
are reported as infinity: that is the honest answer, and the app shows it as such.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .engine import (
    Paths,
    churn_at,
    new_at_unlimited_market,
    parameters,
    project,
    retention_pressure,
)
from .plans import GRID_POINTS, Columns, project_shares, share_grid
from .scenario import Scenario

NEXT_BUDGET_STEP = 1_000
_DERIVATIVE_STEP = 1e-4  # of the budget: the nudge that measures a derivative
# Differences of the two sides' values this small, against the objective's size (with the
# spend an NPV subtracts), are rounding: a flat curve (no margin, no budget) has no peak.
_ROUNDING = 1e-13
_UNBOUNDED = 1e15  # a steady state beyond this many customers counts as none
_DOUBLINGS = 52  # 2**51 > 1e15: enough doublings of a base of at least 1 to pass it


@dataclass(frozen=True)
class UnitEconomics:
    """Per-customer health marks of the plan, at the churn it buys in its first month.

    Returned by `unit_economics`: lifetime value against acquisition cost, and payback.

    >>> from strategy import Scenario, unit_economics
    >>> economics = unit_economics(Scenario())
    >>> round(economics.churn_rate, 3), round(economics.payback_months, 1)
    (0.018, 5.4)
    """

    churn_rate: float  # monthly churn the plan buys
    clv: float  # discounted margin of a newly won customer over the horizon (`customer_value`)
    average_cac: float  # acquisition spend per new customer (the first one's cost at zero spend)
    ltv_to_cac: float  # clv / average CAC
    payback_months: float  # months until the new customer's CLV, summed so far, repays it
    steady_state_customers: float  # base at which new customers equal churned ones


@dataclass(frozen=True)
class MarginalView:
    """What the next unit of money buys on each side, at the plan, in its first month.

    Returned by `marginal_view`: where the next step of budget does more.

    >>> from strategy import Scenario, marginal_view
    >>> view = marginal_view(Scenario())
    >>> view.next_budget_step, round(view.marginal_cost_acquire), round(view.marginal_cost_retain)
    (1000, 160, 159)
    """

    next_budget_step: float
    value_of_next_step_retention: float  # objective change when it goes to retention
    value_of_next_step_acquisition: float
    marginal_cost_acquire: float  # cost of one more new customer
    marginal_cost_retain: float  # cost of keeping one more customer
    average_cost_acquire: float
    average_cost_retain: float

    @property
    def marginal_cost_ratio(self) -> float:
        """The ratio Pfeifer says the "5x" rule should be about."""
        return _ratio(self.marginal_cost_acquire, self.marginal_cost_retain)

    @property
    def average_cost_ratio(self) -> float:
        """The ratio people usually quote as "5x"."""
        return _ratio(self.average_cost_acquire, self.average_cost_retain)


def _ratio(numerator: float, denominator: float) -> float:
    """Cost ratio; NaN (undefined) when either side cannot be bought at any price."""
    if np.isinf(numerator) or np.isinf(denominator):
        return float("nan")
    return numerator / denominator if denominator else float("inf")


def month_zero(scenario: Scenario) -> Scenario:
    """The scenario as its first month sees it: shocks that hit at the start of month 1 folded
    into the inputs (a smaller base, a cut budget, a dearer CAC with the cost of retention,
    CAC/m, unchanged), so the month-0 figures describe the month the projection runs. Later
    shocks do not touch month 0 and leave the scenario as it is."""
    update: dict[str, float] = {}
    if scenario.shock_month == 1 and scenario.shock_loss > 0:
        update["customers"] = scenario.customers * (1 - scenario.shock_loss)
    if scenario.budget_cut_month == 1 and scenario.budget_cut > 0:
        update["budget"] = scenario.budget * (1 - scenario.budget_cut)
    if scenario.cac_inflation_month == 1 and scenario.cac_inflation > 0:
        update["cac"] = scenario.cac * (1 + scenario.cac_inflation)
        update["cac_multiplier"] = scenario.cac_multiplier * (1 + scenario.cac_inflation)
    # Unvalidated on purpose: the folded numbers may be fractional or past a widget's range.
    return scenario.model_copy(update=update) if update else scenario


def marginal_costs(scenario: Scenario, shares: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Marginal cost to acquire and to retain one customer in month 0, for each share."""
    p = parameters(scenario)
    retention = np.asarray(shares, dtype=float) * scenario.budget
    acquisition = scenario.budget - retention
    room = 1 - scenario.customers / p["market"]
    with np.errstate(over="ignore", divide="ignore"):
        acquire = (
            scenario.cac * np.cosh(acquisition / (scenario.capacity * scenario.cac)) ** 2 / room
        )
        if scenario.customers > 0 and scenario.churn > scenario.churn_floor:
            exponent = retention_pressure(p, retention) / scenario.customers
            retain = scenario.cac / scenario.cac_multiplier * np.exp(exponent)
        else:
            retain = np.full_like(retention, np.inf)
    return acquire, retain


def marginal_curve(scenario: Scenario, points: int = GRID_POINTS) -> pd.DataFrame:
    """What the next unit of monthly spend is worth on each side over the horizon, by split.

    Args:
        scenario: the business.
        points: grid points.

    Returns:
        A DataFrame by `retention_share`: the `objective`, `value_of_next_step_retention` and
        `…_acquisition` (what the next `NEXT_BUDGET_STEP` a month adds), and `rounding`. The two
        values meet where the split is best (`equal_value_share`).

    >>> curve = marginal_curve(Scenario(), points=11)
    >>> list(curve.columns)[:2], len(curve)
    (['retention_share', 'objective'], 11)
    """
    return pd.DataFrame(marginal_columns(scenario, points))


def marginal_columns(scenario: Scenario, points: int = GRID_POINTS) -> Columns:
    """`marginal_curve` as named columns."""
    shares = share_grid(points)
    paths = project(parameters(scenario), *marginal_spend(scenario, shares), scenario.months)
    return marginal_columns_of(scenario, shares, paths)


def derivative_step(scenario: Scenario) -> float:
    """The nudge of monthly spend whose effect measures a derivative: small against the
    budget (1e-4 of it), so the curves meet within a small fraction of a grid step of the
    best split, and large enough that rounding in the objective (1e-16 of it) stays far below
    what the nudge changes."""
    return _DERIVATIVE_STEP * max(scenario.budget, 1.0)


def marginal_spend(scenario: Scenario, shares: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Retention and acquisition spend of each share, then of each with `derivative_step`
    more on retention, then on acquisition: one projection gives both derivatives."""
    retention, acquisition = shares * scenario.budget, (1 - shares) * scenario.budget
    step = derivative_step(scenario)
    return (
        np.concatenate([retention, retention + step, retention]),
        np.concatenate([acquisition, acquisition, acquisition + step]),
    )


def marginal_columns_of(scenario: Scenario, shares: np.ndarray, paths: Paths) -> Columns:
    """The marginal curve from the projection of `marginal_spend`: the objective at each share
    and its derivative with respect to each side's monthly spend, over the whole horizon, as
    what the next `NEXT_BUDGET_STEP` a month adds at that rate. Their difference is the slope
    of the trade-off curve over the budget (d objective / d share = B·(retention − acquisition)),
    so where it changes sign from + to − the curve peaks."""
    value, retention, acquisition = paths.objective(scenario.objective).reshape(3, shares.size)
    scale = NEXT_BUDGET_STEP / derivative_step(scenario)
    # What rounding in the objective (and in the spend it subtracts) can make of a difference.
    size = float(np.abs(value).max()) + (scenario.objective == "npv") * (
        scenario.budget * scenario.months
    )
    return {
        "retention_share": shares,
        "objective": value,
        "value_of_next_step_retention": (retention - value) * scale,
        "value_of_next_step_acquisition": (acquisition - value) * scale,
        "rounding": np.full(shares.size, _ROUNDING * size * scale),
    }


def equal_value_share(curve: Mapping[str, np.ndarray] | pd.DataFrame) -> float | None:
    """The retention share where the next unit of spend is worth the same on both sides.

    That is the best split (to a fraction of the grid's step), interpolated between the grid
    points around it; of several such peaks, the highest.

    Args:
        curve: `marginal_curve`'s table (or its columns).

    Returns:
        The share, or None where the best split is an end of the grid (or the curve is flat),
        as there the two values need not meet.

    >>> round(equal_value_share(marginal_curve(Scenario())), 2)
    0.41
    """
    shares = np.asarray(curve["retention_share"])
    value = np.asarray(curve["objective"])
    gap = np.asarray(curve["value_of_next_step_retention"]) - np.asarray(
        curve["value_of_next_step_acquisition"]
    )
    gap = np.where(np.abs(gap) > np.asarray(curve["rounding"]), gap, 0.0)
    # A peak: the gap falls from ≥ 0 to ≤ 0 (not 0 to 0, a flat stretch); ≥ and ≤ for kinks,
    # where the market limit makes the curve jump and the derivatives are 0 on one side.
    peaks = np.flatnonzero((gap[:-1] >= 0) & (gap[1:] <= 0) & ((gap[:-1] > 0) | (gap[1:] < 0)))
    if peaks.size == 0:
        return None
    i = int(peaks[np.argmax(np.maximum(value[peaks], value[peaks + 1]))])
    if max(value[i], value[i + 1]) < max(value[0], value[-1]):
        return None  # an end of the grid does better than any peak inside it
    return float(shares[i] + (shares[i + 1] - shares[i]) * gap[i] / (gap[i] - gap[i + 1]))


def _first_month(scenario: Scenario, plan: Paths) -> tuple[float, float, float, float, float]:
    """Month 0's spends, customers saved and won, and churn, as the plan's projection has them."""
    retention = scenario.retention_share * scenario.budget
    churn = float(plan.churn_rate[0])
    saved = (scenario.churn - churn) * scenario.customers
    return retention, scenario.budget - retention, saved, float(plan.new_customers[0]), churn


def nudged_spend(
    scenario: Scenario, step: float = NEXT_BUDGET_STEP
) -> tuple[np.ndarray, np.ndarray]:
    """Retention and acquisition spend of the plan, then with `step` more on each side."""
    r = scenario.retention_share * scenario.budget
    a = scenario.budget - r
    return np.array([r, r + step, r]), np.array([a, a, a + step])


def marginal_view(scenario: Scenario, step: float = NEXT_BUDGET_STEP) -> MarginalView:
    """Value of the next `step` of monthly budget on each side, and the cost ratios.

    Args:
        scenario: the business and its plan.
        step: the extra monthly budget.

    Returns:
        A `MarginalView`: what `step` more adds on each side, and the marginal and average
        costs of acquiring and of retaining a customer in the first month.

    >>> view = marginal_view(Scenario())
    >>> view.next_budget_step, round(view.marginal_cost_ratio, 2)
    (1000, 1.0)
    """
    nudged = project(parameters(scenario), *nudged_spend(scenario, step), scenario.months)
    return marginal_view_of(scenario, nudged, step)


def marginal_view_of(
    scenario: Scenario, nudged: Paths, step: float = NEXT_BUDGET_STEP
) -> MarginalView:
    """The marginal view from the projection of `nudged_spend` (the plan is its first column)."""
    values = nudged.objective(scenario.objective)
    scenario = month_zero(scenario)
    acquire, retain = marginal_costs(scenario, np.asarray(scenario.retention_share))
    retention, acquisition, saved, won, _ = _first_month(scenario, nudged.column(0))
    return MarginalView(
        next_budget_step=step,
        value_of_next_step_retention=float(values[1] - values[0]),
        value_of_next_step_acquisition=float(values[2] - values[0]),
        marginal_cost_acquire=float(acquire),
        marginal_cost_retain=float(retain),
        average_cost_acquire=average_cost(acquisition, won, scenario.cac),
        average_cost_retain=average_cost(retention, saved, scenario.cac / scenario.cac_multiplier),
    )


def average_cost(spend: float, customers: float, first_cost: float) -> float:
    """Spend per customer bought; with no spend, the cost of the first one."""
    if spend <= 0:
        return first_cost
    return spend / customers if customers > 0 else float("inf")


def steady_state_customers(scenario: Scenario) -> float:
    """Base at which the plan's new customers equal its churned ones.

    The gap between them falls as the base grows (churned customers rise, market room shrinks),
    so the answer is bracketed by doubling and then narrowed 64-fold per step, each step one
    array evaluation rather than a loop of scalar ones.
    """
    p = parameters(scenario)
    retention = np.asarray(scenario.retention_share * scenario.budget)
    unlimited = float(new_at_unlimited_market(p, np.asarray(scenario.budget - retention)))
    market = float(p["market"])

    def gap(base: np.ndarray) -> np.ndarray:
        arriving = np.maximum(unlimited * (1 - base / market), 0.0)
        return arriving - churn_at(p, retention, base) * base

    if unlimited <= 0:
        return 0.0
    ceiling = min(market, _UNBOUNDED)
    highs = max(float(scenario.customers), 1.0) * 2.0 ** np.arange(_DOUBLINGS)
    high = float(highs[np.argmax((gap(highs) <= 0) | (highs >= ceiling))])
    if high >= _UNBOUNDED and gap(np.asarray(high)) > 0:
        return float("inf")  # no churn to balance the new customers: the base grows forever
    low, high = 0.0, min(high, market)
    while high - low > 1e-9 * high:
        points = np.linspace(low, high, 65)
        last_growing = int(np.flatnonzero(gap(points) > 0)[-1])  # gap(0) > 0, gap(high) ≤ 0
        low, high = float(points[last_growing]), float(points[last_growing + 1])
    return (low + high) / 2


def unit_economics(scenario: Scenario) -> UnitEconomics:
    """CLV, LTV:CAC, CAC payback and steady-state base of the plan (MODEL.md formulas).

    Args:
        scenario: the business and its plan.

    Returns:
        `UnitEconomics`, at the churn the plan buys in its first month.

    >>> economics = unit_economics(Scenario())
    >>> round(economics.clv), round(economics.ltv_to_cac, 1)
    (741, 4.8)
    """
    plan = project_shares(scenario, np.asarray(scenario.retention_share))
    return unit_economics_of(scenario, plan)


def unit_economics_of(scenario: Scenario, plan: Paths) -> UnitEconomics:
    """Unit economics from the plan's projection (in month 0, shocks at month 1 included)."""
    scenario = month_zero(scenario)
    _, acquisition, _, won, churn = _first_month(scenario, plan)
    average_cac = average_cost(acquisition, won, scenario.cac)
    monthly = customer_value(scenario, churn)
    clv = float(monthly.sum())
    return UnitEconomics(
        churn_rate=churn,
        clv=clv,
        average_cac=average_cac,
        ltv_to_cac=clv / average_cac,
        payback_months=payback_months(monthly, average_cac),
        steady_state_customers=steady_state_customers(scenario),
    )


def customer_value(scenario: Scenario, churn: float) -> np.ndarray:
    """What a customer won in month 0 is expected to bring in each month of the horizon, as
    gross margin discounted at the scenario's monthly rate: ARPU in the month it is won, then
    (1 + uplift)·ARPU in every later month it survives. It churns at `newcomer_churn` (when
    given, else at `churn`) in its first month in the base, then at `churn`. The sum is the CLV:
    bounded by the horizon like the NPV beside it, so finite at zero churn."""
    months = np.arange(scenario.months)
    newcomer = churn if scenario.newcomer_churn is None else scenario.newcomer_churn
    survival = np.where(months == 0, 1.0, (1 - newcomer) * (1 - churn) ** np.maximum(months - 1, 0))
    revenue = scenario.arpu * np.where(months == 0, 1.0, 1 + scenario.uplift) * survival
    return scenario.margin * revenue / (1 + scenario.monthly_discount) ** months


def payback_months(monthly: np.ndarray, cost: float) -> float:
    """Months (fractional, each month's value earned evenly through it) until the running sum
    of `monthly` reaches `cost`; infinity when the horizon's sum never does."""
    earned = np.concatenate([[0.0], np.cumsum(monthly)])
    reached = np.flatnonzero(earned >= cost)
    if reached.size == 0:
        return float("inf")
    month = int(reached[0])
    if month == 0:
        return 0.0
    before = earned[month - 1]
    return month - 1 + float((cost - before) / (earned[month] - before))
