"""The monthly customer-base recursion, on arrays.

Every parameter may be an array; all of them broadcast together with the retention and
acquisition spend, so one call projects a whole grid of splits (or a stack of scenarios times
a grid) at once. Only the months are a Python loop: each month depends on the one before.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .scenario import Scenario

# Fields that enter the recursion as numbers (everything but the horizon and the objective).
NUMERIC_FIELDS: tuple[str, ...] = (
    "customers", "churn", "churn_floor", "cac", "cac_multiplier", "budget",
    "retention_share", "capacity", "market", "arpu", "uplift", "margin", "discount",
)


def parameters(scenario: Scenario) -> dict[str, np.ndarray]:
    """The scenario's numbers as 0-d arrays; an absent market limit becomes infinity."""
    values = {name: getattr(scenario, name) for name in NUMERIC_FIELDS}
    values["market"] = np.inf if scenario.market is None else scenario.market
    return {name: np.asarray(value, dtype=float) for name, value in values.items()}


@dataclass(frozen=True)
class Paths:
    """Month-by-month results; the last axis is the month, the leading axes are the batch."""

    customers: np.ndarray  # base at the start of each month, and after the last: H + 1 values
    new_customers: np.ndarray
    lost_customers: np.ndarray
    churn_rate: np.ndarray
    revenue: np.ndarray
    profit: np.ndarray
    discounted_profit: np.ndarray

    def objective(self, name: str) -> np.ndarray:
        """The value a split is judged by: NPV of profit, total revenue, or final customers."""
        if name == "npv":
            return self.discounted_profit.sum(axis=-1)
        if name == "revenue":
            return self.revenue.sum(axis=-1)
        if name == "customers":
            return self.customers[..., -1]
        raise ValueError(f"unknown objective {name!r}")


def retention_effectiveness(p: dict[str, np.ndarray]) -> np.ndarray:
    """k_r = m / ((c0 - c_min) * CAC): the first saved customer costs CAC / m.

    Where churn equals its floor, money cannot lower churn; k_r is then 0 and unused. Where
    churn is a hair above it, k_r may overflow to infinity: any spend then buys the floor.
    """
    span = p["churn"] - p["churn_floor"]
    safe_span = np.where(span > 0, span, 1.0)
    with np.errstate(over="ignore", divide="ignore"):  # span × CAC may underflow to 0
        return np.where(span > 0, p["cac_multiplier"] / (safe_span * p["cac"]), 0.0)


def retention_pressure(p: dict[str, np.ndarray], retention_spend: np.ndarray) -> np.ndarray:
    """k_r times the retention spend; exactly 0 without spend, even where k_r is infinite."""
    with np.errstate(invalid="ignore"):
        return np.where(retention_spend > 0, retention_effectiveness(p) * retention_spend, 0.0)


def churn_at(p: dict[str, np.ndarray], retention_spend: np.ndarray, base: np.ndarray) -> np.ndarray:
    """Monthly churn when `retention_spend` is spread over `base` customers (c0 when base is 0)."""
    return _churn(p, retention_pressure(p, retention_spend), base)


def _churn(p: dict[str, np.ndarray], pressure: np.ndarray, base: np.ndarray) -> np.ndarray:
    """c_min + (c0 - c_min) * exp(-pressure / base), where pressure = k_r * retention spend."""
    with np.errstate(divide="ignore", invalid="ignore"):
        decay = np.exp(-pressure / base)
    return np.where(base > 0, p["churn_floor"] + (p["churn"] - p["churn_floor"]) * decay, p["churn"])


def new_at_unlimited_market(p: dict[str, np.ndarray], acquisition_spend: np.ndarray) -> np.ndarray:
    """b * tanh(A / (b * CAC)): slope 1/CAC at zero spend, saturating at the capacity b."""
    return p["capacity"] * np.tanh(acquisition_spend / (p["capacity"] * p["cac"]))


def project(
    p: dict[str, np.ndarray],
    retention_spend: np.ndarray,
    acquisition_spend: np.ndarray,
    months: int,
) -> Paths:
    """Run the recursion for `months` months with constant monthly spend."""
    shape = np.broadcast_shapes(
        np.shape(retention_spend), np.shape(acquisition_spend), *(np.shape(v) for v in p.values())
    )
    retention_spend = np.broadcast_to(retention_spend, shape)
    spend = retention_spend + acquisition_spend
    unlimited_new = new_at_unlimited_market(p, acquisition_spend)
    market = p["market"]
    limited_market = bool(np.isfinite(market).any())
    repeat_revenue = p["arpu"] * (1 + p["uplift"])
    months_axis = np.arange(months).reshape((months,) + (1,) * len(shape))
    discount_factor = (1 + p["discount"]) ** (-months_axis / 12)

    # Months first while filling, so each month is one contiguous block; moved last at the end.
    customers = np.empty((months + 1,) + shape)
    new = np.empty((months,) + shape)
    lost = np.empty_like(new)
    churn = np.empty_like(new)
    revenue = np.empty_like(new)
    pressure = retention_pressure(p, retention_spend)
    base = np.broadcast_to(p["customers"], shape).astype(float)
    customers[0] = base
    for t in range(months):
        churn[t] = _churn(p, pressure, base)
        lost[t] = churn[t] * base
        kept = base - lost[t]
        if limited_market:
            # The market term slows acquisition as the base fills the market; the clamp keeps
            # the discrete step from overshooting it (a departure from MODEL.md, see README).
            arriving = np.maximum(unlimited_new * (1 - base / market), 0.0)
            new[t] = np.minimum(arriving, np.maximum(market - kept, 0.0))
        else:
            new[t] = unlimited_new
        revenue[t] = repeat_revenue * kept + p["arpu"] * new[t]
        base = customers[t + 1] = kept + new[t]
    profit = p["margin"] * revenue - spend
    discounted = profit * discount_factor
    return Paths(*(np.moveaxis(a, 0, -1) for a in (customers, new, lost, churn, revenue, profit,
                                                     discounted)))
