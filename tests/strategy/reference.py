"""An independent, scalar reading of MODEL.md, and a Hypothesis strategy for valid scenarios.

The reference is a plain month loop over Python floats written from MODEL.md's equations, not
from the engine: no numpy, no shared helpers. It includes the one documented departure of the
engine from MODEL.md: new customers are clamped so the base never exceeds the market
(new_t = min(new_t, M - kept_t)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hypothesis import strategies as st

from strategy import OBJECTIVES, Scenario, field_bounds


@dataclass(frozen=True)
class Month:
    """One month of the reference recursion."""

    customers: float
    new_customers: float
    lost_customers: float
    customers_end: float
    churn_rate: float
    revenue: float
    profit: float
    discounted_profit: float


def run(
    s: Scenario, retention: float | None = None, acquisition: float | None = None
) -> list[Month]:
    """MODEL.md month by month; spends default to the plan's s·B and (1 − s)·B.

    Profit subtracts what is spent each month (MODEL.md: profit_t = g·revenue_t − B, where
    B = R_t + A_t), so explicit spends may add up to more or less than the scenario's budget.
    """
    r = s.retention_share * s.budget if retention is None else retention
    a = (1 - s.retention_share) * s.budget if acquisition is None else acquisition
    m_limit = math.inf if s.market is None else float(s.market)
    c0, c_min = s.churn, s.churn_floor
    k_r = s.cac_multiplier / ((c0 - c_min) * s.cac) if c0 > c_min else 0.0
    d_m = (1 + s.discount) ** (1 / 12) - 1
    n = float(s.customers)
    months: list[Month] = []
    for t in range(s.months):
        if n == 0:
            churn = c0
        else:
            decay = 1.0 if r == 0 else math.exp(-k_r * r / n)
            churn = c_min + (c0 - c_min) * decay
        lost = churn * n
        kept = n - lost
        new = max(s.capacity * math.tanh(a / (s.capacity * s.cac)) * (1 - n / m_limit), 0.0)
        new = min(new, m_limit - kept)
        revenue = s.arpu * ((1 + s.uplift) * kept + new)
        profit = s.margin * revenue - (r + a)
        months.append(Month(n, new, lost, kept + new, churn, revenue, profit,
                            profit / (1 + d_m) ** t))
        n = kept + new
    return months


def objective(months: list[Month], name: str) -> float:
    """NPV of profit, total revenue, or customers at the horizon."""
    if name == "npv":
        return math.fsum(m.discounted_profit for m in months)
    if name == "revenue":
        return math.fsum(m.revenue for m in months)
    return months[-1].customers_end


def npv_at(s: Scenario, share: float) -> float:
    """Reference NPV of the scenario with its retention share replaced."""
    return objective(run(s.model_copy(update={"retention_share": share})), "npv")


def _number(name: str) -> st.SearchStrategy[float]:
    low, high = field_bounds(name)
    return st.floats(float(low), float(high), allow_nan=False, allow_infinity=False)


def _whole(name: str) -> st.SearchStrategy[int]:
    low, high = field_bounds(name)
    return st.integers(int(low), int(high))


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """Any scenario the model accepts: every field within `field_bounds`, churn_floor ≤ churn,
    market absent or above customers."""
    customers = draw(_whole("customers"))
    churn = draw(_number("churn"))
    market_high = int(field_bounds("market")[1])
    return Scenario(
        customers=customers,
        churn=churn,
        churn_floor=draw(st.floats(0.0, churn, allow_nan=False)),
        cac=draw(_number("cac")),
        cac_multiplier=draw(_number("cac_multiplier")),
        budget=draw(_whole("budget")),
        retention_share=draw(_number("retention_share")),
        capacity=draw(_number("capacity")),
        market=draw(st.none() | st.integers(customers + 1, market_high)),
        arpu=draw(_number("arpu")),
        uplift=draw(_number("uplift")),
        margin=draw(_number("margin")),
        months=draw(_whole("months")),
        discount=draw(_number("discount")),
        objective=draw(st.sampled_from(OBJECTIVES)),
    )
