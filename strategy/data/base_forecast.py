"""Today's base as the scenario sees it, from a fitted BG/NBD model: how many customers are
alive, the constant monthly churn that makes the scenario's base buy as the model forecasts,
and the monthly revenue per customer that makes its revenue match.

The model's base does not lose a fixed share a month: the loyal survive, so purchases fall
fast at first and slower later. The scenario's churn c is the one whose geometric decline has
the model's first month and the model's total over `FORECAST_MONTHS`: with no marketing the
scenario's revenue from today's base equals the model's forecast over that year, month one
exactly. Intervals come from the parameters' covariance by the delta method, on scales that
keep them inside their ranges (log for counts and money, logit for churn).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from .purchase_model import UNIT_DAYS, PurchaseModel, Summary

DAYS_PER_MONTH = 365.25 / 12
FORECAST_MONTHS = 12
Z90 = 1.6448536269514722  # two-sided 90% interval


@dataclass(frozen=True)
class BaseForecast:
    """`customers` alive (expected), their monthly `churn`, `revenue_per_customer` a month
    in the scenario's terms (ARPU·(1 + uplift)), the model's expected purchases in each of the
    next months, and a 90% interval for each of the three numbers."""

    customers: float
    churn: float
    revenue_per_customer: float
    purchases: np.ndarray
    intervals: dict[str, tuple[float, float]]


def base_forecast(
    model: PurchaseModel, data: Summary, value_per_purchase: float, months: int = FORECAST_MONTHS
) -> BaseForecast:
    """The scenario's base from the model fitted to `data`; `value_per_purchase`: the average
    revenue of a repeat purchase."""
    customers, churn, revenue, purchases = _numbers(model, data, value_per_purchase, months)
    return BaseForecast(
        customers,
        churn,
        revenue,
        purchases,
        _intervals(model, data, value_per_purchase, months, np.array([customers, churn, revenue])),
    )


def monthly_purchases(model: PurchaseModel, data: Summary, months: int) -> np.ndarray:
    """Expected purchases of today's customers in each of the next `months` months."""
    step = DAYS_PER_MONTH / UNIT_DAYS[model.time_unit]
    t = step * np.arange(1, months + 1)
    expected = model.expected_purchases(t[:, None], data.x, data.t_x, data.T)
    cumulative = (expected * data.weight).sum(axis=1)
    return np.diff(np.r_[0.0, cumulative])


def geometric_churn(purchases: np.ndarray) -> float:
    """The c at which (1 − c)^k, k = 0 … K−1, has the same total as `purchases` over their
    first month's; 0 when they do not fall, 1 when only the first month has any."""
    first, months = purchases[0], len(purchases)
    if not np.all(np.isfinite(purchases)):
        return float("nan")
    ratio = purchases.sum() / first if first > 0 else 1.0
    if ratio >= months - 1e-9:
        return 0.0
    if ratio <= 1 + 1e-12:
        return 1.0
    low, high = 0.0, 1.0  # (1 − (1 − c)^K) / c falls from K at 0 to 1 at 1: bisection
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (
            (middle, high) if (1 - (1 - middle) ** months) / middle > ratio else (low, middle)
        )
    return (low + high) / 2


def _numbers(
    model: PurchaseModel, data: Summary, value: float, months: int
) -> tuple[float, float, float, np.ndarray]:
    """Customers alive, churn, revenue per customer and monthly purchases, as points."""
    customers = float((data.weight * model.p_alive(data.x, data.t_x, data.T)).sum())
    purchases = monthly_purchases(model, data, months)
    churn = geometric_churn(purchases)
    kept = customers * (1 - churn)
    revenue = value * purchases[0] / kept if kept > 0 else 0.0
    return customers, churn, revenue, purchases


def _intervals(
    model: PurchaseModel, data: Summary, value: float, months: int, point: np.ndarray
) -> dict[str, tuple[float, float]]:
    """Delta-method 90% intervals for customers (log), churn (logit) and revenue (log)."""
    if model.covariance is None or not np.all(point > 0) or point[1] >= 1:
        return {}
    scaled = _scaled(point)
    step = 1e-4
    gradient = np.empty((3, 4))
    for i in range(4):  # one column per parameter: four forecasts, not a loop over customers
        moved = model.with_params(model.params * np.exp(step * np.eye(4)[i]))
        gradient[:, i] = (
            _scaled(np.array(_numbers(moved, data, value, months)[:3])) - scaled
        ) / step
    with np.errstate(all="ignore"):
        error = np.sqrt(
            np.maximum(np.einsum("ij,jk,ik->i", gradient, model.covariance, gradient), 0)
        )
        low, high = _unscaled(scaled - Z90 * error), _unscaled(scaled + Z90 * error)
    if not (np.all(np.isfinite(low)) and np.all(np.isfinite(high))):
        return {}
    # A zero-width interval can come back a rounding step off its point: it holds the point.
    low, high = np.minimum(low, point), np.maximum(high, point)
    return {
        name: (float(low[i]), float(high[i]))
        for i, name in enumerate(("customers", "churn", "revenue_per_customer"))
    }


def _scaled(values: np.ndarray) -> np.ndarray:
    """Customers, churn and revenue on the scales of their intervals: log, logit, log."""
    with np.errstate(all="ignore"):
        return np.array([np.log(values[0]), np.log(values[1] / (1 - values[1])), np.log(values[2])])


def _unscaled(values: np.ndarray) -> np.ndarray:
    """`_scaled` undone."""
    with np.errstate(over="ignore"):
        return np.array([np.exp(values[0]), 1 / (1 + np.exp(-values[1])), np.exp(values[2])])
