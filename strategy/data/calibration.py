"""The scenario a shop's own orders tell: base size, churn, newcomers, revenue, loyalty uplift,
and with monthly marketing spend its acquisition cost and today's split.

The base, its churn and its revenue come from a BG/NBD model fitted to the orders
(`purchase_model`, `base_forecast`): customers alive today, the monthly churn whose decline
matches the model's forecast of their purchases over the next year, and the revenue per
customer that makes the scenario's revenue with no marketing the model's forecast. Newcomer
churn is the share of first-time buyers with no second order within the inactivity window.
A holdout check (`holdout`) fits the model without the last quarter and forecasts it.

The month-end counts are a description beside it: a customer is active at a month's end if
they ordered within the inactivity window before it, and the window's churn (lapsed, net of
those who came back, over the previous month's active) moves with the window, so the scenario
does not use it unless the model cannot be fitted (nobody bought twice). The first months of
the data are a warm-up: customers who bought before the data began are invisible until they
order again, so months before one window has passed are left out of the rates.

Every estimate carries a method code (the app words it) and, where it has one, its spread over
the months pooled and a 90% interval inside the quantity's range. Pure numpy/scipy over sorted
arrays: no Python loop over orders or customers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from typing import Literal

import numpy as np
import pandas as pd

from .base_forecast import Z90, BaseForecast, base_forecast
from .holdout import Holdout, Purchases, holdout_check
from .purchase_model import PurchaseModel, Summary, fit
from ..model.scenario import RANGED_FIELDS, Range, Scenario, field_bounds

MIN_INACTIVITY_DAYS = 31  # a window of a month or more spans a month end, so counts see it
MAX_INACTIVITY_DAYS = 1096
GAP_PERCENTILE = 90  # default window: 9 in 10 repeat orders come sooner
NO_REPEAT_DAYS = 365  # default window when nobody ordered twice
RECENT_MONTHS = 12  # the scenario describes the business as of its last year
CAPACITY_USE = 0.8  # newcomers may use at most this share of acquisition capacity
NEWCOMER_DAYS = 365  # newcomer churn from the first-time buyers of this many days
# What the data cannot tell about a business that wins nobody new (a closed cohort).
ACQUISITION_INPUTS: tuple[str, ...] = ("capacity", "cac", "budget", "retention_share")
MODEL_INPUTS: tuple[str, ...] = (  # MODEL.md's inputs, in its order
    "customers",
    "churn",
    "churn_floor",
    "cac",
    "cac_multiplier",
    "budget",
    "retention_share",
    "capacity",
    "market",
    "newcomer_churn",
    "arpu",
    "uplift",
    "margin",
    "months",
    "discount",
)
# The decimals a link carries of each input the data tells: no finer than the estimates can
# tell (a churn's interval spans a point or more) and on the widgets' steps (ui/fields.py:
# churn and its floor 0.1 percentage point, uplift, the split and newcomer churn a point,
# money in cents, counts whole), so the explorer shows the linked value exactly.
LINK_DECIMALS: dict[str, int] = {
    "customers": 0,
    "budget": 0,
    "capacity": 0,
    "churn": 3,
    "churn_floor": 3,
    "newcomer_churn": 2,
    "uplift": 2,
    "retention_share": 2,
    "arpu": 2,
    "cac": 2,
}
FRACTIONS = (
    "churn",
    "churn_observed",
    "churn_window",
    "newcomer_churn",
    "retention_share",
    "repeat_revenue_share",
)

Method = Literal[
    "active_in_window",  # customers who ordered within the inactivity window before the end
    "bgnbd_alive",  # customers alive today by the fitted BG/NBD model (expected count)
    "bgnbd_base_decay",  # monthly churn whose decline matches the model's next-year purchases
    "bgnbd_revenue_matched",  # ARPU so that ARPU·(1+uplift) per customer gives the model's
    # forecast revenue of today's base next month
    "revenue_matched_kept_uplift",  # as revenue_matched, with the uplift the data cannot tell
    "no_second_order_share",  # first-time buyers with no second order within the window
    "given",  # the caller's value
    "gap_percentile",  # GAP_PERCENTILE-th percentile of days between a customer's orders
    "no_repeat_orders",  # nobody ordered twice: NO_REPEAT_DAYS
    "net_lapse_pooled",  # (lapsed − came back) / active at the month's start, pooled
    "no_retention_spend_inverse",  # churn without retention spend that gives the observed
    # churn at today's retention spend per customer, through the model's churn curve
    "least_squares_slope",  # change of monthly churn per month
    "first_orders_per_month",  # customers whose first order falls in the month
    "revenue_per_active",  # revenue / customers active at the month's end
    "repeat_vs_first_order_value",  # average repeat order over average first order, minus 1
    # (per order, as the literature's "31% more"; the model applies it per month)
    "revenue_matched",  # revenue per newcomer a month such that the model's revenue,
    # ARPU·((1+uplift)·existing + newcomers), equals the data's
    "orders_after_first_share",  # revenue of orders after a customer's first / all revenue
    "acquisition_spend_per_new",  # acquisition spend / newcomers (average CAC)
    "tanh_inverse",  # marginal CAC at zero spend that gives today's newcomers at today's spend
    "retention_spend_per_active",  # retention spend / customers active at the month's start
    "retention_spend_per_alive",  # mean retention spend / the scenario's customers
    "spend_mean",  # mean monthly spend, both sides
    "spend_ratio",  # retention spend / all spend
    "raised_for_newcomers",  # capacity raised so today's newcomers use CAPACITY_USE of it
]
CalibrationProblem = Literal["no_orders", "too_short"]
CalibrationNotice = Literal[
    "spend_outside_orders",
    "no_acquisition_spend",
    "no_newcomers",
    "closed_cohort",
    "uplift_kept",
    "no_repeat_purchases",
]


@dataclass(frozen=True)
class Estimate:
    """A number from the data, how it was found, and its spread.

    In a `Calibration`'s `estimates`: the standard error of the monthly values' mean and their
    lowest and highest (None where there is no spread), and a 90% interval, always inside the
    quantity's range (None where there is none).

    >>> Estimate(0.05, "observed", interval=(0.04, 0.06)).interval
    (0.04, 0.06)
    """

    value: float
    method: Method
    standard_error: float | None = None
    low: float | None = None
    high: float | None = None
    interval: tuple[float, float] | None = None


@dataclass(frozen=True)
class Calibration:
    """The scenario built from the data and what it rests on.

    Returned by `calibrate`. `estimated` fields come from the data (`clipped` ones held at their
    bounds), `adjusted` ones changed only to keep the scenario valid, `kept` ones are the base
    scenario's. `monthly` has one row per complete month (`usable` marks those past the
    warm-up); `cohorts` the share of each first-purchase month's customers who ordered k months
    later. `purchase_model` is the BG/NBD fit to all the orders (alpha in its `time_unit`,
    weeks), `holdout` its check on the last quarter; `assumed` names the kept inputs the link had
    to assume for a closed cohort.

    >>> from strategy import calibrate, simulate_orders
    >>> result = calibrate(simulate_orders(months=12, customers=300, new_per_month=30, seed=2))
    >>> result.estimated, result.estimates["churn"].method
    (('customers', 'newcomer_churn', 'arpu', 'uplift', 'churn'), 'bgnbd_base_decay')
    """

    scenario: Scenario
    problem: CalibrationProblem | None = None
    estimates: dict[str, Estimate] = field(default_factory=dict)
    estimated: tuple[str, ...] = ()
    clipped: tuple[str, ...] = ()
    adjusted: tuple[str, ...] = ()
    kept: tuple[str, ...] = MODEL_INPUTS
    notices: tuple[CalibrationNotice, ...] = ()
    monthly: pd.DataFrame = field(default_factory=pd.DataFrame)
    cohorts: pd.DataFrame = field(default_factory=pd.DataFrame)
    cohort_sizes: pd.Series = field(default_factory=lambda: pd.Series(dtype=int))
    purchase_model: PurchaseModel | None = None
    holdout: Holdout | None = None
    assumed: tuple[str, ...] = ()
    last_newcomer: pd.Timestamp | None = None

    @property
    def closed_cohort(self) -> bool:
        """No first-time customers in the recent months: the data says nothing of acquisition."""
        return "closed_cohort" in self.notices

    def ranges(self) -> tuple[Range, ...]:
        """The estimated inputs' 90% intervals as the uncertainty page's ranges (around the
        scenario's value and its rounded one)."""
        found = []
        rounded = self.rounded()
        for name in RANGED_FIELDS:
            estimate = self.estimates.get(name)
            if name not in self.estimated or estimate is None or estimate.interval is None:
                continue
            low, high = estimate.interval
            shown = getattr(rounded, name)
            found.append(
                _range(name, min(low, shown), max(high, shown), getattr(self.scenario, name))
            )
        return tuple(found)

    def rounded(self) -> Scenario:
        """The scenario as a link carries it: each input the data told (or that was adjusted
        for it) to its `LINK_DECIMALS`, kept inside its estimate's 90% interval when the
        unrounded value was, and the churn floor not above the churn."""
        if self.problem is not None:
            return self.scenario
        update: dict[str, float] = {}
        for name in dict.fromkeys((*self.estimated, *self.adjusted)):
            value = getattr(self.scenario, name)
            if name not in LINK_DECIMALS or not isinstance(value, float):
                continue
            estimate = self.estimates.get(name) if name in self.estimated else None
            update[name] = round_estimate(
                value,
                LINK_DECIMALS[name],
                field_bounds(name),
                estimate.interval if estimate else None,
            )
        churn = update.get("churn", self.scenario.churn)
        if update.get("churn_floor", self.scenario.churn_floor) > churn:
            update["churn_floor"] = churn
        return self.scenario.model_copy(update=update)

    def with_ranges(self) -> Scenario:
        """The rounded scenario with the estimates' ranges in place of any it had for those
        inputs."""
        ranges = {item.field: item for item in self.scenario.ranges} | {
            item.field: item for item in self.ranges()
        }
        return self.rounded().model_copy(
            update={"ranges": tuple(ranges[name] for name in RANGED_FIELDS if name in ranges)}
        )


def round_estimate(
    value: float,
    decimals: int,
    bounds: tuple[float, float],
    interval: tuple[float, float] | None = None,
) -> float:
    """`value` to `decimals` decimals: the nearest such number within `bounds` and, when
    `value` lies in `interval`, within it too (else the nearer of the two neighbours that
    is); the nearest one when none is."""
    exact = Decimal(repr(value))
    step = Decimal(1).scaleb(-decimals)
    neighbours = {
        float(exact.quantize(step, rounding=mode))
        for mode in (ROUND_HALF_EVEN, ROUND_FLOOR, ROUND_CEILING)
    }
    candidates = sorted(neighbours, key=lambda candidate: abs(candidate - value))
    inside = interval if interval is not None and interval[0] <= value <= interval[1] else None
    for candidate in candidates:
        if bounds[0] <= candidate <= bounds[1] and (
            inside is None or inside[0] <= candidate <= inside[1]
        ):
            return candidate
    return candidates[0]


def calibrate(
    orders: pd.DataFrame,
    spend: pd.DataFrame | None = None,
    inactivity_days: int | None = None,
    base: Scenario | None = None,
    end: str | pd.Timestamp | None = None,
) -> Calibration:
    """The scenario a shop's own orders (and spend) tell, with each estimate and its interval.

    Args:
        orders: `customer_id`, `date`, `amount`, as `read_orders` gives.
        spend: optional monthly spend (`month`, `acquisition`, `retention`).
        inactivity_days: the window after which a customer counts as lost (clipped to
            [31, 1096]; by default from the gaps between repeat orders).
        base: the scenario whose fields the data replaces (default `Scenario()`).
        end: the day the data runs to (default: its last order).

    Returns:
        A `Calibration`: the scenario, the estimates, and what could not be estimated.

    >>> from strategy import simulate_orders
    >>> result = calibrate(simulate_orders(months=12, customers=300, new_per_month=30, seed=2))
    >>> result.problem, round(result.scenario.churn, 3)
    (None, 0.048)
    """
    base = base or Scenario()
    log = _Log.of(orders, end)
    if log is None:
        return Calibration(base, "no_orders")
    window = _window(log, inactivity_days)
    days = int(window.value)
    active = Estimate(float((log.last_day > log.end - days).sum()), "active_in_window")
    grid = _Grid.of(log, days)
    estimates = {"inactivity_days": window, "active_in_window": active}
    if not len(grid.usable):
        return _too_short(base, estimates, grid)
    purchases = Purchases.of(log.customer, log.day, log.amount)
    model, forecast = _purchase_model(purchases, log.end)
    found, notices = _base_estimates(grid, forecast, active)
    estimates |= found
    closed = grid.new[grid.recent].sum() == 0
    if closed:
        notices.append("closed_cohort")
        estimates.pop("new_customers", None)
    newcomer = _newcomer_churn(purchases, log, days)
    if newcomer is not None and not closed:
        estimates["newcomer_churn"] = newcomer
    if "uplift" not in estimates:
        notices.append("uplift_kept")
    estimates |= _arpu(estimates, forecast, grid, base)
    spend_estimates, spend_notices = _spend_estimates(grid, spend)
    estimates |= spend_estimates
    holdout = holdout_check(purchases, log.end)
    last_newcomer = pd.Timestamp(np.datetime64(int(log.day[log.first].max()), "D"))
    notices = [*spend_notices, *notices]
    return _fitted(
        base, _with_intervals(estimates), grid, tuple(notices), model, holdout, last_newcomer
    )


def _too_short(base: Scenario, estimates: dict[str, Estimate], grid: _Grid) -> Calibration:
    """The calibration of orders spanning too few months to estimate from."""
    return Calibration(
        base,
        "too_short",
        estimates,
        monthly=grid.table(),
        cohorts=grid.cohorts,
        cohort_sizes=grid.cohort_sizes,
    )


def _base_estimates(
    grid: _Grid, forecast: BaseForecast | None, active: Estimate
) -> tuple[dict[str, Estimate], list[CalibrationNotice]]:
    """The base's estimates: from the order grid, and from the purchase model when fitted."""
    notices: list[CalibrationNotice] = []
    estimates = _order_estimates(grid)
    if forecast is None:
        notices.append("no_repeat_purchases")
        estimates["customers"] = Estimate(active.value, "active_in_window")
        if "churn_window" in estimates:
            estimates["churn_observed"] = estimates["churn_window"]
    else:
        estimates |= _model_estimates(forecast)
    return estimates, notices


# --- the order log as sorted arrays -----------------------------------------------------------


@dataclass(frozen=True)
class _Log:
    """Orders sorted by customer, then day (days as integers)."""

    customer: np.ndarray  # codes 0 … n−1
    day: np.ndarray
    amount: np.ndarray
    first: np.ndarray  # a customer's first order
    last_day: np.ndarray  # per customer
    end: int

    @classmethod
    def of(cls, orders: pd.DataFrame, end: str | pd.Timestamp | None) -> _Log | None:
        day = orders["date"].to_numpy("datetime64[D]").astype(np.int64)
        limit = (
            day.max(initial=np.iinfo(np.int64).min)
            if end is None
            else int(np.datetime64(pd.Timestamp(end).date(), "D").astype(np.int64))
        )
        keep = day <= limit
        if not keep.any():
            return None
        customer = pd.factorize(orders["customer_id"])[0][keep]
        day, amount = day[keep], orders["amount"].to_numpy(float)[keep]
        order = np.lexsort((day, customer))
        customer, day, amount = customer[order], day[order], amount[order]
        first = np.r_[True, customer[1:] != customer[:-1]]
        last = np.r_[first[1:], True]
        return cls(customer, day, amount, first, day[last], int(limit))


def _window(log: _Log, given: int | None) -> Estimate:
    """The inactivity window in days: the caller's, else a high percentile of order gaps."""
    if given is not None:
        return Estimate(float(np.clip(given, MIN_INACTIVITY_DAYS, MAX_INACTIVITY_DAYS)), "given")
    gaps = np.diff(log.day)[~log.first[1:]]
    gaps = gaps[gaps > 0]
    if not len(gaps):
        return Estimate(float(NO_REPEAT_DAYS), "no_repeat_orders")
    days = np.ceil(np.percentile(gaps, GAP_PERCENTILE))
    return Estimate(
        float(np.clip(days, MIN_INACTIVITY_DAYS, MAX_INACTIVITY_DAYS)), "gap_percentile"
    )


# --- month-end counts -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Grid:
    """Counts and revenue of complete months 0 … K−1, by spells (docs/model-derivations.md)."""

    first_month: np.datetime64
    active: np.ndarray  # at each month's end
    new: np.ndarray
    returned: np.ndarray
    lapsed: np.ndarray  # active at the previous month's end, not at this one's
    revenue: np.ndarray
    first_order_revenue: np.ndarray
    orders: np.ndarray
    usable: np.ndarray  # months past the warm-up, whose churn and newcomers are known
    cohorts: pd.DataFrame
    cohort_sizes: pd.Series

    @classmethod
    def of(cls, log: _Log, window: int) -> _Grid:
        first_month = log.day.min().astype("datetime64[D]").astype("datetime64[M]")
        month = _month(log.day, first_month)
        months = int(_month(np.array([log.end + 1]), first_month)[0])  # complete months
        reach = _month(log.day + window, first_month) - 1  # last month end still active
        reach_before = np.r_[-2, reach[:-1]]
        opens = log.first | (month > reach_before + 1)
        closes = np.r_[opens[1:], True]
        start, stop, newcomer = month[opens], reach[closes], log.first[opens]

        def count(where: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
            inside = (where >= 0) & (where < months)
            return np.bincount(
                where[inside], None if weights is None else weights[inside], minlength=months
            )[:months]

        active = np.cumsum(count(start) - count(stop + 1))
        lapsed = np.r_[0, count(stop)[:-1]]
        first_of = np.maximum.accumulate(np.where(log.first, np.arange(len(month)), 0))
        month_ends = (first_month + np.arange(months) + 1).astype("datetime64[D]").astype(
            np.int64
        ) - 1
        complete_since = np.searchsorted(month_ends, log.day.min() + window - 1)
        usable = np.arange(months)
        usable = usable[(usable - 1 >= complete_since) & (usable <= months - 1)]
        cohorts, sizes = _cohorts(log, month, month[first_of], months, first_month)
        return cls(
            first_month,
            active,
            count(start[newcomer]),
            count(start[~newcomer]),
            lapsed,
            count(month, log.amount),
            count(month, np.where(log.first, log.amount, 0)),
            count(month),
            usable,
            cohorts,
            sizes,
        )

    @property
    def recent(self) -> np.ndarray:
        return self.usable[-RECENT_MONTHS:]

    def table(self) -> pd.DataFrame:
        """One row per complete month; churn is that month's, on the previous month's base."""
        before = np.r_[0, self.active[:-1]]
        with np.errstate(divide="ignore", invalid="ignore"):
            churn = (self.lapsed - self.returned) / before
            gross = self.lapsed / before
        usable = np.isin(np.arange(len(self.active)), self.usable)
        return pd.DataFrame(
            {
                "active": self.active,
                "new": self.new,
                "returned": self.returned,
                "lapsed": self.lapsed,
                "churn": np.where(usable, churn, np.nan),
                "churn_gross": np.where(usable, gross, np.nan),
                "revenue": self.revenue,
                "first_order_revenue": self.first_order_revenue,
                "orders": self.orders,
                "usable": usable,
            },
            index=pd.DatetimeIndex(self.first_month + np.arange(len(self.active)), name="month"),
        )


def _month(day: np.ndarray, first_month: np.datetime64) -> np.ndarray:
    """Month number of each day, counted from `first_month`."""
    return (day.astype("datetime64[D]").astype("datetime64[M]") - first_month).astype(np.int64)


def _cohorts(
    log: _Log, month: np.ndarray, cohort: np.ndarray, months: int, first_month: np.datetime64
) -> tuple[pd.DataFrame, pd.Series]:
    """Share of each first-purchase month's customers ordering k months later (NaN: incomplete)."""
    seen = (log.first | (month != np.r_[-1, month[:-1]])) & (month < months)
    cell = cohort[seen] * months + (month - cohort)[seen]
    counts = np.bincount(cell, minlength=months * months).reshape(months, months)
    sizes = counts[:, :1].sum(axis=1)  # newcomers of each month (none without months)
    with np.errstate(divide="ignore", invalid="ignore"):
        shares = counts / sizes[:, None]
    observed = np.add.outer(np.arange(months), np.arange(months)) < months
    index = pd.DatetimeIndex(first_month + np.arange(months), name="first_month")
    keep = sizes > 0
    return (
        pd.DataFrame(np.where(observed, shares, np.nan)[keep], index=index[keep]),
        pd.Series(sizes[keep], index=index[keep], name="customers"),
    )


# --- estimates ----------------------------------------------------------------------------------


def _estimate(value: float, monthly: np.ndarray, method: Method) -> Estimate | None:
    """None when the value cannot be had (no months, or sums beyond floating point)."""
    monthly = monthly[np.isfinite(monthly)]
    if not np.isfinite(value):
        return None
    with np.errstate(over="ignore", invalid="ignore"):
        error = monthly.std(ddof=1) / np.sqrt(len(monthly)) if len(monthly) >= 2 else np.nan
    spread = bool(np.isfinite(error))
    return Estimate(
        float(value),
        method,
        float(error) if spread else None,
        float(monthly.min()) if spread else None,
        float(monthly.max()) if spread else None,
    )


def _ratio(numerator: np.ndarray, denominator: np.ndarray, method: Method) -> Estimate | None:
    """Pooled ratio over the months, with the spread of the month-by-month ratios."""
    with np.errstate(all="ignore"):
        return _estimate(numerator.sum() / denominator.sum(), numerator / denominator, method)


def _order_estimates(grid: _Grid) -> dict[str, Estimate]:
    """The estimates the recent months of the order grid give directly."""
    months = grid.recent
    base = grid.active[months - 1].astype(float)
    new = grid.new[months].astype(float)
    revenue = grid.revenue[months]
    existing = grid.active[months] - new
    first_orders, repeat_orders = grid.first_order_revenue[months], grid.orders[months] - new
    with np.errstate(all="ignore"):
        uplift = _estimate(
            ((revenue - first_orders).sum() / repeat_orders.sum())
            / (first_orders.sum() / new.sum())
            - 1,
            ((revenue - first_orders) / repeat_orders) / (first_orders / new) - 1,
            "repeat_vs_first_order_value",
        )
    found = {
        "churn_window": _ratio(
            (grid.lapsed[months] - grid.returned[months]).astype(float), base, "net_lapse_pooled"
        ),
        "new_customers": _estimate(new.mean(), new, "first_orders_per_month"),
        "revenue_per_active": _ratio(
            revenue, grid.active[months].astype(float), "revenue_per_active"
        ),
        "uplift": uplift,
        "repeat_revenue_share": _ratio(revenue - first_orders, revenue, "orders_after_first_share"),
        "churn_trend": _trend(grid),
    }
    found["existing"] = Estimate(float(existing.sum()), "active_in_window")  # for _arpu
    found["revenue"] = Estimate(float(revenue.sum()), "revenue_per_active")
    found["new_total"] = Estimate(float(new.sum()), "first_orders_per_month")
    return {name: estimate for name, estimate in found.items() if estimate is not None}


INTERNAL = ("existing", "revenue", "new_total")  # sums _arpu needs, not shown


def _purchase_model(
    purchases: Purchases, end: int
) -> tuple[PurchaseModel | None, BaseForecast | None]:
    """The BG/NBD fit up to `end` and today's base from it; (None, None) when it cannot forecast."""
    data = Summary.from_orders(purchases.customer, purchases.day, end)
    if data.x.max(initial=0) == 0:
        return None, None
    model = fit(data)
    recent = (purchases.day > end - 365) & ~purchases.first
    repeats = purchases.revenue[recent] if recent.any() else purchases.revenue[~purchases.first]
    forecast = base_forecast(model, data, float(repeats.mean()))
    numbers = (forecast.customers, forecast.churn, forecast.revenue_per_customer)
    if not all(np.isfinite(number) for number in numbers) or forecast.customers < 0.5:
        return model, None
    return model, forecast


def _model_estimates(forecast: BaseForecast) -> dict[str, Estimate]:
    """The estimates of the base that the fitted purchase model gives."""
    intervals = forecast.intervals
    return {
        "customers": Estimate(
            forecast.customers, "bgnbd_alive", interval=intervals.get("customers")
        ),
        "churn_observed": Estimate(
            forecast.churn, "bgnbd_base_decay", interval=intervals.get("churn")
        ),
    }


def _newcomer_churn(purchases: Purchases, log: _Log, window: int) -> Estimate | None:
    """Recent first-time buyers' share with no second order in the window, Wilson's 90% interval."""
    first_day = purchases.day[purchases.first]
    second = np.r_[purchases.first[1:], True]  # the customer's next purchase is not theirs
    following = np.r_[purchases.day[1:], 0]
    next_day = np.where(second, np.iinfo(np.int64).max, following)[purchases.first]
    latest = log.end - window
    eligible = (
        (first_day <= latest)
        & (first_day > latest - NEWCOMER_DAYS)
        & (first_day >= log.day.min() + window)
    )
    count = int(eligible.sum())
    if not count:
        return None
    lapsed = float((next_day[eligible] - first_day[eligible] > window).sum())
    share = lapsed / count
    centre = (share + Z90**2 / (2 * count)) / (1 + Z90**2 / count)
    half = (
        Z90 / (1 + Z90**2 / count) * np.sqrt(share * (1 - share) / count + Z90**2 / (4 * count**2))
    )
    return Estimate(
        share,
        "no_second_order_share",
        float(np.sqrt(share * (1 - share) / count)),
        interval=(
            float(np.clip(centre - half, 0.0, share)),
            float(np.clip(centre + half, share, 1.0)),
        ),
    )


def _arpu(
    estimates: dict[str, Estimate], forecast: BaseForecast | None, grid: _Grid, base: Scenario
) -> dict[str, Estimate]:
    """Revenue per new customer a month and the uplift used: together, the data's revenue."""
    uplift = estimates.get("uplift")
    loyal = 1 + float(np.clip(uplift.value if uplift else base.uplift, *field_bounds("uplift")))
    if forecast is not None:
        # Per customer of the scenario's whole number of customers, so the revenue is the same.
        scale = forecast.customers / max(round(forecast.customers), 1) / loyal
        interval = forecast.intervals.get("revenue_per_customer")
        return {
            "arpu": Estimate(
                forecast.revenue_per_customer * scale,
                "bgnbd_revenue_matched",
                interval=None if interval is None else (interval[0] * scale, interval[1] * scale),
            )
        }
    existing, new = estimates["existing"].value, estimates["new_total"].value
    if loyal * existing + new <= 0:
        return {}
    return {
        "arpu": Estimate(
            estimates["revenue"].value / (loyal * existing + new),
            "revenue_matched" if uplift else "revenue_matched_kept_uplift",
        )
    }


def _with_intervals(estimates: dict[str, Estimate]) -> dict[str, Estimate]:
    """Value ± 1.645 standard errors, in range, for estimates without an interval; sums dropped."""
    done = {}
    for name, estimate in estimates.items():
        if name in INTERNAL:
            continue
        if estimate.interval is None and estimate.standard_error is not None:
            low, high = quantity_range(name)
            spread = Z90 * estimate.standard_error
            estimate = replace(
                estimate,
                interval=(
                    float(np.clip(estimate.value - spread, low, high)),
                    float(np.clip(estimate.value + spread, low, high)),
                ),
            )
        done[name] = estimate
    return done


def quantity_range(name: str) -> tuple[float, float]:
    """Where an estimate's values can lie: fractions in [0, 1], the uplift above −100%, the
    churn trend anywhere, counts and money from 0."""
    if name in FRACTIONS:
        return 0.0, 1.0
    if name == "uplift":
        return -1.0, np.inf
    if name == "churn_trend":
        return -1.0, 1.0
    return 0.0, np.inf


def _range(name: str, low: float, high: float, value: float) -> Range:
    """A link-friendly range: three digits rounded outwards, in bounds, around the value."""
    bottom, top = field_bounds(name)
    low, high = min(low, value), max(high, value)
    if name in ("customers", "budget"):
        low, high = np.floor(low), np.ceil(high)
    else:
        low, high = _rounded(low, np.floor), _rounded(high, np.ceil)
    return Range(name, float(np.clip(low, bottom, top)), float(np.clip(high, bottom, top)))


def _rounded(value: float, direction) -> float:
    """`value` rounded by `direction` (floor or ceil) to three significant digits."""
    if value == 0 or not np.isfinite(value):
        return float(value)
    scale = 10.0 ** (np.floor(np.log10(abs(value))) - 2)
    return float(np.round(direction(value / scale) * scale, 12))


def _trend(grid: _Grid) -> Estimate | None:
    """Least-squares slope of monthly churn over all usable months, with its standard error."""
    churn = grid.table()["churn"].to_numpy()[grid.usable]
    keep = np.isfinite(churn)
    if keep.sum() < 3:
        return None
    x, y = grid.usable[keep].astype(float), churn[keep]
    x_centred = x - x.mean()
    slope = (x_centred * (y - y.mean())).sum() / (x_centred**2).sum()
    residuals = y - y.mean() - slope * x_centred
    error = np.sqrt((residuals**2).sum() / (len(y) - 2) / (x_centred**2).sum())
    return Estimate(float(slope), "least_squares_slope", float(error))


def _spend_estimates(
    grid: _Grid, spend: pd.DataFrame | None
) -> tuple[dict[str, Estimate], tuple[CalibrationNotice, ...]]:
    """Average CAC, retention spend per customer, budget and split over recent spend months."""
    if spend is None or spend.empty:
        return {}, ()
    where = _month(spend["month"].to_numpy("datetime64[D]"), grid.first_month)
    inside = (where >= 0) & (where < len(grid.active))
    covered = np.bincount(where[inside], minlength=len(grid.active)) > 0
    months = grid.recent[covered[grid.recent]]
    if not len(months):
        return {}, ("spend_outside_orders",)

    def monthly(column: str) -> np.ndarray:
        return np.bincount(
            where[inside], spend[column].to_numpy(float)[inside], minlength=len(grid.active)
        )[months]

    acquisition, retention = monthly("acquisition"), monthly("retention")
    total = acquisition + retention
    found = {
        "cac_average": _ratio(
            acquisition, grid.new[months].astype(float), "acquisition_spend_per_new"
        ),
        "retention_spend_per_customer": _ratio(
            retention, grid.active[months - 1].astype(float), "retention_spend_per_active"
        ),
        "budget": _estimate(total.mean(), total, "spend_mean"),
        "retention_share": _ratio(retention, total, "spend_ratio"),
        "acquisition_spend": _estimate(acquisition.mean(), acquisition, "spend_mean"),
        "newcomers_with_spend": _estimate(
            grid.new[months].mean(), grid.new[months].astype(float), "first_orders_per_month"
        ),
    }
    notices: tuple[CalibrationNotice, ...] = (
        ("no_acquisition_spend",)
        if acquisition.sum() <= 0
        else ("no_newcomers",)
        if grid.new[months].sum() == 0
        else ()
    )
    return {name: estimate for name, estimate in found.items() if estimate is not None}, notices


# --- the scenario -------------------------------------------------------------------------------


def _fitted(
    base: Scenario,
    estimates: dict[str, Estimate],
    grid: _Grid,
    notices: tuple[CalibrationNotice, ...],
    model: PurchaseModel | None,
    holdout: Holdout | None,
    last_newcomer: pd.Timestamp,
) -> Calibration:
    """`base` with the data's values clipped into bounds, and the fields tied to them kept valid."""
    values: dict[str, float] = {}
    clipped: list[str] = []

    def use(name: str, value: float) -> None:
        low, high = field_bounds(name)
        if not low <= value <= high:
            clipped.append(name)
        value = float(np.clip(value, low, high))
        values[name] = round(value) if name in ("customers", "budget") else value

    for name in ("customers", "newcomer_churn", "arpu", "uplift", "budget", "retention_share"):
        if name in estimates:
            use(name, estimates[name].value)
    adjusted: dict[str, object] = {}
    if _estimate_cac(base, estimates, adjusted):
        use("cac", estimates["cac"].value)
    _spend_per_customer(estimates, values)
    if "churn_observed" in estimates:
        estimates["churn"] = _churn(base, estimates, values.get("cac", base.cac))
        use("churn", estimates["churn"].value)
    if base.churn_floor > values.get("churn", base.churn):
        adjusted["churn_floor"] = values["churn"]
    if base.market is not None and base.market <= values["customers"]:
        adjusted["market"] = None
    scenario = Scenario.model_validate({**base.model_dump(), **values, **adjusted})
    kept = tuple(name for name in MODEL_INPUTS if name not in values and name not in adjusted)
    assumed = tuple(
        name for name in ACQUISITION_INPUTS if name in kept and "closed_cohort" in notices
    )
    return Calibration(
        scenario,
        None,
        estimates,
        tuple(values),
        tuple(clipped),
        tuple(adjusted),
        kept,
        notices,
        grid.table(),
        grid.cohorts,
        grid.cohort_sizes,
        model,
        holdout,
        assumed,
        last_newcomer,
    )


def _estimate_cac(
    base: Scenario, estimates: dict[str, Estimate], adjusted: dict[str, object]
) -> bool:
    """CAC (and a capacity raised to fit the newcomers) into `estimates`, when spend tells it."""
    acquisition = estimates.get("acquisition_spend")
    newcomers = estimates.get("newcomers_with_spend")
    if acquisition is None or newcomers is None:
        return False
    if not (acquisition.value > 0 and newcomers.value > 0):
        return False
    capacity = max(base.capacity, newcomers.value / CAPACITY_USE)
    if capacity > base.capacity:
        estimates["capacity"] = Estimate(capacity, "raised_for_newcomers")
        adjusted["capacity"] = capacity
    estimates["cac"] = Estimate(
        float(acquisition.value / (capacity * np.arctanh(newcomers.value / capacity))),
        "tanh_inverse",
    )
    return True


def _spend_per_customer(estimates: dict[str, Estimate], values: dict[str, float]) -> None:
    """Retention spend per customer as the scenario's churn curve sees it (into `estimates`)."""
    budget, share = estimates.get("budget"), estimates.get("retention_share")
    if "retention_spend_per_customer" not in estimates or budget is None or share is None:
        return
    if values.get("customers", 0) > 0:
        estimates["retention_spend_per_customer"] = Estimate(
            budget.value * share.value / values["customers"], "retention_spend_per_alive"
        )


def _churn(base: Scenario, estimates: dict[str, Estimate], cac: float) -> Estimate:
    """The scenario's churn: the observed one, or with retention spend the churn without any."""
    observed = estimates["churn_observed"]
    per_customer = estimates.get("retention_spend_per_customer")
    if per_customer is None or per_customer.value <= 0:
        return observed
    spent = base.cac_multiplier * per_customer.value / cac
    interval = observed.interval or (None, None)
    points = np.array(
        [
            observed.value,
            *(
                np.nan if point is None else point
                for point in (observed.low, observed.high, *interval)
            ),
        ]
    )
    # A churn is a fraction: the inversion can pass 1 where spend seems to buy little.
    unspent = np.clip(_unspent(points, base.churn_floor, spent), 0.0, 1.0)
    error = observed.standard_error
    if error is not None:
        ends = _unspent(
            np.array([max(observed.value - error, 0), observed.value + error]),
            base.churn_floor,
            spent,
        )
        error = float((ends[1] - ends[0]) / 2)
    low, high, interval_low, interval_high = (
        None if np.isnan(point) else float(point) for point in unspent[1:]
    )
    return Estimate(
        float(unspent[0]),
        "no_retention_spend_inverse",
        error,
        low,
        high,
        None if interval_low is None or interval_high is None else (interval_low, interval_high),
    )


def _unspent(observed: np.ndarray, floor: float, spent: float) -> np.ndarray:
    """The churn without spend behind an observed one, by bisection (docs/model-derivations.md)."""
    target = observed - floor
    low, high = np.zeros_like(target), np.maximum(target, 0) + spent
    for _ in range(80):
        middle = (low + high) / 2
        with np.errstate(over="ignore"):
            below = middle * np.exp(-spent / np.maximum(middle, 1e-300)) < target
        low, high = np.where(below, middle, low), np.where(below, high, middle)
    return np.where(target > 0, floor + high, observed)
