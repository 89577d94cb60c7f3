"""The holdout check: the purchase model fitted on all but the last quarter of the data, and
how well it forecasts that quarter's purchases and revenue.

Purchases are customer-days (several orders on one day are one purchase, as in the fit).
The forecast has two parts: the customers known at the cut (the model's conditional
expectation, FHL 2005 eq. 10) and the quarter's newcomers as they actually came (acquisition
is the scenario's other half, not the purchase model's), each with its first purchase and the
repeat purchases the model expects of a customer just won (eq. 9) for the days left. Revenue is
purchases times the average first and repeat purchase of the year before the cut.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .purchase_model import UNIT_DAYS, PurchaseModel, Summary, fit

HOLDOUT_MONTHS = 3
MIN_FIT_MONTHS = 3  # the fit needs at least this much data before the cut
SHOWN_MONTHS = 12  # months before the cut in the chart
VALUE_DAYS = 365  # first and repeat purchase values from this many days before the cut


@dataclass(frozen=True)
class Holdout:
    """The purchase model's check on the last months: fitted before the cut, forecast after.

    `monthly`: one row per month-long period ending at the cut or in the holdout (index: the
    period's last day), actual and forecast purchases and revenue (forecast only in the
    holdout); the totals' relative errors (forecast / actual − 1) and the model it used.

    >>> from strategy import calibrate, simulate_orders
    >>> result = calibrate(simulate_orders(months=12, customers=300, new_per_month=30, seed=2))
    >>> str(result.holdout.cutoff.date()), round(result.holdout.purchases_error, 2)
    ('2023-09-30', -0.01)
    """

    cutoff: pd.Timestamp
    end: pd.Timestamp
    monthly: pd.DataFrame
    purchases_error: float
    revenue_error: float
    model: PurchaseModel


@dataclass(frozen=True)
class Purchases:
    """Customer-days: each customer's purchases (code, day, revenue), sorted, first marked."""

    customer: np.ndarray
    day: np.ndarray
    revenue: np.ndarray
    first: np.ndarray

    @classmethod
    def of(cls, customer: np.ndarray, day: np.ndarray, amount: np.ndarray) -> Purchases:
        order = np.lexsort((day, customer))
        customer, day, amount = customer[order], day[order], amount[order]
        opens = np.r_[True, (customer[1:] != customer[:-1]) | (day[1:] != day[:-1])]
        start = np.flatnonzero(opens)
        who = customer[start]
        return cls(
            who,
            day[start],
            np.add.reduceat(amount, start) if len(start) else amount,
            np.r_[True, who[1:] != who[:-1]] if len(who) else np.zeros(0, bool),
        )


def holdout_check(
    purchases: Purchases, end_day: int, months: int = HOLDOUT_MONTHS
) -> Holdout | None:
    """None when the data is too short for a fit before the holdout, or the fit has no
    purchases to go on."""
    end = pd.Timestamp(np.datetime64(end_day, "D"))
    cutoff = end - pd.DateOffset(months=months)
    cut = _day(cutoff)
    start = int(purchases.day.min()) if len(purchases.day) else end_day
    if cut < _day(pd.Timestamp(np.datetime64(start, "D")) + pd.DateOffset(months=MIN_FIT_MONTHS)):
        return None
    before = purchases.day <= cut
    data = Summary.from_orders(purchases.customer[before], purchases.day[before], cut)
    if data.x.max(initial=0) == 0:
        return None
    model = fit(data)
    edges = np.array(
        [
            _day(end - pd.DateOffset(months=k))  # month-long periods to the end
            for k in range(SHOWN_MONTHS + months, -1, -1)
        ]
    )
    edges = edges[edges >= start - 1]  # periods that begin before the data are left out
    order = np.argsort(purchases.day, kind="stable")
    positions = np.searchsorted(purchases.day[order], edges, side="right")
    actual_purchases = np.diff(positions)
    actual_revenue = np.diff(np.r_[0.0, np.cumsum(purchases.revenue[order])][positions])
    holdout = edges[1:] > cut
    forecast_purchases, forecast_revenue = _forecast(
        model, data, purchases, cut, edges[edges >= cut]
    )
    index = pd.DatetimeIndex(edges[1:].astype("datetime64[D]"), name="period_end")
    monthly = pd.DataFrame(
        {
            "actual_purchases": actual_purchases.astype(float),
            "actual_revenue": actual_revenue,
            "forecast_purchases": np.r_[np.full((~holdout).sum(), np.nan), forecast_purchases],
            "forecast_revenue": np.r_[np.full((~holdout).sum(), np.nan), forecast_revenue],
            "holdout": holdout,
        },
        index=index,
    )
    seen = monthly[holdout]
    with np.errstate(divide="ignore", invalid="ignore"):
        purchases_error = seen["forecast_purchases"].sum() / seen["actual_purchases"].sum() - 1
        revenue_error = seen["forecast_revenue"].sum() / seen["actual_revenue"].sum() - 1
    return Holdout(cutoff, end, monthly, float(purchases_error), float(revenue_error), model)


def _forecast(
    model: PurchaseModel, data: Summary, purchases: Purchases, cut: int, edges: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Purchases and revenue between consecutive `edges` (days, the first is the cut)."""
    unit = UNIT_DAYS[model.time_unit]
    t = (edges - cut) / unit
    existing = (model.expected_purchases(t[:, None], data.x, data.t_x, data.T) * data.weight).sum(
        axis=1
    )
    span = int(edges[-1] - cut)
    new = purchases.first & (purchases.day > cut) & (purchases.day <= edges[-1])
    arrivals = np.bincount(purchases.day[new] - cut, minlength=span + 1)[: span + 1]
    expected_new = model.expected_new(np.arange(span + 1) / unit)  # repeats by age in days
    # By day d, the newcomers of each day s ≤ d have made E_new(d − s) repeats: a convolution.
    newcomer_repeats = np.convolve(arrivals, expected_new)[: span + 1][(edges - cut).astype(int)]
    newcomer_firsts = np.cumsum(arrivals)[(edges - cut).astype(int)]
    recent = (purchases.day > cut - VALUE_DAYS) & (purchases.day <= cut)
    first_value = _mean(
        purchases.revenue[recent & purchases.first], purchases.revenue[purchases.day <= cut]
    )
    repeat_value = _mean(
        purchases.revenue[recent & ~purchases.first], purchases.revenue[purchases.day <= cut]
    )
    repeats = np.diff(existing + newcomer_repeats)
    new = np.diff(newcomer_firsts)
    return repeats + new, repeats * repeat_value + new * first_value


def _mean(values: np.ndarray, fallback: np.ndarray) -> float:
    """The mean of `values`, else of `fallback`, else 0."""
    chosen = values if len(values) else fallback
    return float(chosen.mean()) if len(chosen) else 0.0


def _day(timestamp: pd.Timestamp) -> int:
    """A timestamp's day as days since 1970-01-01."""
    return int(np.datetime64(timestamp.date(), "D").astype(np.int64))
