"""The monthly customer-base recursion, on arrays.

Every parameter may be an array; all of them broadcast together with the retention and
acquisition spend, so one call projects a whole grid of splits (or a stack of scenarios times
a grid) at once. Only the months are a Python loop: each month depends on the one before. How
the loop is laid out and where each stress shock enters: docs/model-derivations.md.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from .scenario import SHOCKS, Scenario

# Fields that enter the recursion as numbers (everything but the horizon, the objective and
# the stress tests' growth target). Shock months are numbers too (counted from 1), so a batch
# may stack scenarios whose shocks hit in different months.
SHOCK_FIELDS: tuple[str, ...] = (
    "shock_loss",
    "shock_month",
    "launch_adoption",
    "launch_adoption_new",
    "launch_price",
    "launch_month",
    "budget_cut",
    "budget_cut_month",
    "cac_inflation",
    "cac_inflation_month",
)
NUMERIC_FIELDS: tuple[str, ...] = (
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
    "discount",
    *SHOCK_FIELDS,
)
# The size of each shock; a shock whose size is 0 is off (the launch: no existing buyers).
SHOCK_SIZES: tuple[str, ...] = tuple(size for _, size, _ in SHOCKS)


def parameters(scenario: Scenario) -> dict[str, np.ndarray]:
    """The scenario's numbers as 0-d arrays; an absent market limit becomes infinity, and
    newcomers who churn like the base (no `newcomer_churn`) NaN."""
    values = {name: getattr(scenario, name) for name in NUMERIC_FIELDS}
    values["market"] = np.inf if scenario.market is None else scenario.market
    values["newcomer_churn"] = (
        np.nan if scenario.newcomer_churn is None else scenario.newcomer_churn
    )
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
        """The value a split is judged by: NPV of profit, total revenue, final customers, or
        (for the goal-seek) the last month's revenue."""
        if name == "npv":
            return self.discounted_profit.sum(axis=-1)
        if name == "revenue":
            return self.revenue.sum(axis=-1)
        if name == "customers":
            return self.customers[..., -1]
        if name == "final_revenue":  # the run-rate reached: revenue of the last month
            return self.revenue[..., -1]
        raise ValueError(f"unknown objective {name!r}")

    def column(self, index: int | slice | tuple[int, int] | np.ndarray | None) -> Paths:
        """One split (or a run of them) out of a projection whose batch is a row of splits:
        any numpy index of the batch (a row and column, an array of columns, np.newaxis)."""
        return Paths(*(getattr(self, part.name)[index] for part in fields(self)))


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
    """k_r times the retention spend; exactly 0 without spend, even where k_r is infinite
    (a product that overflows is infinite too: any spend then buys the floor)."""
    with np.errstate(invalid="ignore", over="ignore"):
        return np.where(retention_spend > 0, retention_effectiveness(p) * retention_spend, 0.0)


def churn_at(p: dict[str, np.ndarray], retention_spend: np.ndarray, base: np.ndarray) -> np.ndarray:
    """Monthly churn when `retention_spend` is spread over `base` customers (c0 when base is 0)."""
    neg_pressure = _neg_pressure(p, retention_spend)
    out = np.empty(np.broadcast_shapes(np.shape(neg_pressure), np.shape(base)))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return _churn_into(
            out,
            p["churn_floor"],
            p["churn"] - p["churn_floor"],
            neg_pressure,
            np.where(base > 0, base, np.inf),
        )


def _neg_pressure(p: dict[str, np.ndarray], retention_spend: np.ndarray) -> np.ndarray:
    """−pressure, kept finite so that an empty base (given as infinity) divides it to 0."""
    return -np.minimum(retention_pressure(p, retention_spend), np.finfo(float).max)


def _churn_into(
    out: np.ndarray, floor: np.ndarray, span: np.ndarray, neg_pressure: np.ndarray, base: np.ndarray
) -> np.ndarray:
    """c_min + (c0 − c_min) · exp(−pressure / base) into `out`: the hot path, no temporaries."""
    np.divide(neg_pressure, base, out=out)
    np.exp(out, out=out)
    np.multiply(out, span, out=out)
    np.add(out, floor, out=out)
    return out


def new_at_unlimited_market(
    p: dict[str, np.ndarray], acquisition_spend: np.ndarray, cac_factor: np.ndarray | float = 1.0
) -> np.ndarray:
    """b * tanh(A / (b * CAC * cac_factor)): slope 1/CAC at zero spend, saturating at the
    capacity b (`cac_factor`: the CAC inflation of a stress test, 1 without)."""
    return p["capacity"] * np.tanh(acquisition_spend / (p["capacity"] * p["cac"] * cac_factor))


def shocks_on(p: dict[str, np.ndarray], months: int) -> bool:
    """Whether any shock of the batch has a size and hits within the horizon."""
    if not any(p[size].any() for size in SHOCK_SIZES):  # the common case, kept cheap
        return False
    return any(bool(np.any((p[size] > 0) & (p[month] <= months))) for _, size, month in SHOCKS)


def budget_factor(p: dict[str, np.ndarray], months_axis: np.ndarray) -> np.ndarray:
    """Share of the budget left in each month: 1 − budget_cut from month `budget_cut_month`
    (counted from 1, so from t = budget_cut_month − 1) on, 1 before."""
    return np.where(months_axis >= p["budget_cut_month"] - 1, 1 - p["budget_cut"], 1.0)


class Newcomers:
    """Customers in their first month in the base (won the month before), who churn at
    `newcomer_churn` instead of the base's churn; rows without one (NaN) churn like the base,
    and a batch where no row has one skips all of this, keeping the plain recursion's numbers."""

    def __init__(self, p: dict[str, np.ndarray]) -> None:
        given = np.isfinite(p["newcomer_churn"])
        self.tracked = bool(given.any())
        self.rate = np.where(given, p["newcomer_churn"], 0.0)
        self.given = given.astype(float)

    def extra_lost(self, churn: np.ndarray, newcomers: np.ndarray) -> np.ndarray:
        """Newcomers lost beyond the base's churn: (newcomer_churn − churn) · newcomers."""
        return (self.rate - churn) * newcomers * self.given

    @staticmethod
    def of(new: np.ndarray) -> np.ndarray:
        """Each month's newcomers from the months-first new customers: last month's, 0 first."""
        return np.concatenate([np.zeros_like(new[:1]), new[:-1]])


def project(
    p: dict[str, np.ndarray],
    retention_spend: np.ndarray,
    acquisition_spend: np.ndarray,
    months: int,
) -> Paths:
    """Run the recursion for `months` months with constant monthly spend (before shocks).

    Args:
        p: the parameters (`parameters`), each an array; all broadcast with the spends.
        retention_spend, acquisition_spend: monthly spend on each side.
        months: the horizon.

    Returns:
        The month-by-month `Paths`, the month last. With no shock on, the loop is the plain
        recursion (no extra array operation per month); how each shock enters is written
        out in docs/model-derivations.md ("The engine's month").

    >>> p = parameters(Scenario(customers=1_000, churn=0.05))
    >>> paths = project(p, np.asarray(0.0), np.asarray(0.0), 2)
    >>> paths.customers.round(2).tolist()  # no budget: N0 (1 − c0)^t
    [1000.0, 950.0, 902.5]
    """
    shape = np.broadcast(retention_spend, acquisition_spend, *p.values()).shape
    months_axis = np.arange(months).reshape((months,) + (1,) * len(shape))
    drive = _drive(p, retention_spend, acquisition_spend, months_axis, shape)
    newcomers = Newcomers(p)
    customers, churn, new = _run_months(p, drive, newcomers, shape)
    return _accounts(p, drive, newcomers, customers, churn, new, months_axis)


@dataclass(frozen=True)
class _Drive:
    """What drives each month: spends, arrivals, −pressure and the shocks' kept shares."""

    spend: np.ndarray
    unlimited_new: np.ndarray
    neg_pressure: np.ndarray
    keep: np.ndarray | None  # None: no shock is on, every month is the same
    shock_months: frozenset[int]  # the months in which the churn shock takes customers
    months: int


def _drive(
    p: dict[str, np.ndarray],
    retention_spend: np.ndarray,
    acquisition_spend: np.ndarray,
    months_axis: np.ndarray,
    shape: tuple[int, ...],
) -> _Drive:
    """The month-by-month inputs of the loop: constant without shocks, months first with."""
    months = months_axis.shape[0]
    retention_spend = np.broadcast_to(retention_spend, shape)
    spend = retention_spend + acquisition_spend
    if not shocks_on(p, months):
        return _Drive(
            spend,
            new_at_unlimited_market(p, acquisition_spend),
            _neg_pressure(p, retention_spend),
            None,
            frozenset(),
            months,
        )
    full = (months,) + shape
    keep = np.broadcast_to(
        np.where(months_axis == p["shock_month"] - 1, 1 - p["shock_loss"], 1.0), full
    )
    shock_months = frozenset(
        np.flatnonzero((keep != 1.0).any(axis=tuple(range(1, keep.ndim)))).tolist()
    )
    factor = budget_factor(p, months_axis)
    inflation = np.where(months_axis >= p["cac_inflation_month"] - 1, 1 + p["cac_inflation"], 1.0)
    return _Drive(
        spend * factor,
        np.broadcast_to(new_at_unlimited_market(p, acquisition_spend * factor, inflation), full),
        np.broadcast_to(_neg_pressure(p, retention_spend * factor), full),
        keep,
        shock_months,
        months,
    )


def _run_months(
    p: dict[str, np.ndarray], drive: _Drive, newcomers: Newcomers, shape: tuple[int, ...]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The month loop, months first: each month one contiguous block, written in place."""
    months, keep = drive.months, drive.keep
    market = p["market"]
    limited_market = bool(np.isfinite(market).any())
    floor, span = p["churn_floor"], p["churn"] - p["churn_floor"]
    # A base that starts above 0 stays above 0 (churn is at most 0.5), so only a batch with an
    # empty starting base needs the month-by-month check for it.
    may_be_empty = bool((p["customers"] <= 0).any())
    customers = np.empty((months + 1,) + shape)
    churn = np.empty((months,) + shape)
    new = np.empty_like(churn)
    kept, room, hit = np.empty(shape), np.empty(shape), np.empty(shape)
    customers[0, ...] = np.broadcast_to(p["customers"], shape)
    arrived: np.ndarray | None = None  # last month's new customers: this month's newcomers
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for t in range(months):
            base = customers[t, ...]
            pressure, arriving = drive.neg_pressure, drive.unlimited_new
            if keep is not None:
                if t in drive.shock_months:
                    base = np.multiply(base, keep[t, ...], out=hit)
                pressure, arriving = drive.neg_pressure[t, ...], drive.unlimited_new[t, ...]
            _churn_into(
                churn[t, ...],
                floor,
                span,
                pressure,
                np.where(base > 0, base, np.inf) if may_be_empty else base,
            )
            np.multiply(churn[t, ...], base, out=kept)
            if newcomers.tracked and arrived is not None:
                np.add(
                    kept,
                    newcomers.extra_lost(
                        churn[t, ...], arrived * keep[t, ...] if keep is not None else arrived
                    ),
                    out=kept,
                )
            np.subtract(base, kept, out=kept)
            if limited_market:
                _fill_market(base, kept, arriving, market, room, new[t, ...], customers[t + 1, ...])
                arrived = new[t, ...]
            else:
                np.add(kept, arriving, out=customers[t + 1, ...])
                arrived = arriving
    if not limited_market:
        new[...] = drive.unlimited_new
    return customers, churn, new


def _fill_market(
    base: np.ndarray,
    kept: np.ndarray,
    arriving: np.ndarray,
    market: np.ndarray,
    room: np.ndarray,
    new: np.ndarray,
    after: np.ndarray,
) -> None:
    """Market-clamped new customers and the base after them, in place (model-derivations.md)."""
    np.divide(base, market, out=room)
    np.subtract(1.0, room, out=room)
    np.multiply(room, arriving, out=room)
    np.maximum(room, 0.0, out=room)
    np.subtract(market, kept, out=new)
    np.maximum(new, 0.0, out=new)
    np.minimum(room, new, out=new)
    np.add(kept, new, out=after)


def _accounts(
    p: dict[str, np.ndarray],
    drive: _Drive,
    newcomers: Newcomers,
    customers: np.ndarray,
    churn: np.ndarray,
    new: np.ndarray,
    months_axis: np.ndarray,
) -> Paths:
    """Lost customers, revenue and profits in whole-array steps, moved to the month-last `Paths`."""
    repeat_revenue = p["arpu"] * (1 + p["uplift"])
    if drive.keep is None:
        lost = churn * customers[:-1]  # the same operations as in the loop, so the same numbers
        if newcomers.tracked:
            lost += newcomers.extra_lost(churn, newcomers.of(new))
        revenue = repeat_revenue * (customers[:-1] - lost) + p["arpu"] * new
    else:
        lost, revenue = _shocked_accounts(
            p, drive.keep, newcomers, customers, churn, new, months_axis
        )
    profit = p["margin"] * revenue - drive.spend
    discounted = profit * (1 + p["discount"]) ** (-months_axis / 12)
    months_last = (*range(1, customers.ndim), 0)
    return Paths(
        *(
            a.transpose(months_last)
            for a in (customers, new, lost, churn, revenue, profit, discounted)
        )
    )


def _shocked_accounts(
    p: dict[str, np.ndarray],
    keep: np.ndarray,
    newcomers: Newcomers,
    customers: np.ndarray,
    churn: np.ndarray,
    new: np.ndarray,
    months_axis: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Lost customers and revenue of a projection with shocks on, the shocks' own included."""
    exposed = customers[:-1] * keep  # the base each month's churn worked on, as in the loop
    lost = churn * exposed  # as in the loop
    if newcomers.tracked:
        lost += newcomers.extra_lost(churn, newcomers.of(new) * keep)
    kept_all = exposed - lost
    lost += customers[:-1] - exposed  # the customers the churn shock took
    revenue = p["arpu"] * (1 + p["uplift"]) * kept_all + p["arpu"] * new
    launched = (p["launch_adoption"] > 0) & (months_axis >= p["launch_month"] - 1)
    buyers = np.where(launched, p["launch_adoption_new"] * new, 0.0)
    buyers += np.where(months_axis == p["launch_month"] - 1, p["launch_adoption"] * exposed, 0.0)
    revenue += p["launch_price"] * buyers
    return lost, revenue
