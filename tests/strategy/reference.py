"""An independent, scalar reading of MODEL.md, and a Hypothesis strategy for valid scenarios.

The reference is a plain month loop over Python floats written from MODEL.md's equations, not
from the engine: no numpy, no shared helpers. It includes the one documented departure of the
engine from MODEL.md: new customers are clamped so the base never exceeds the market
(new_t = min(new_t, M - kept_t)). Stress shocks follow the Scenario's field descriptions (a shock
in month k hits at the start of t = k − 1): the churn shock removes q·N_t before the month's
churn and counts it as lost; a budget cut scales both spends from its month on; CAC inflation
multiplies CAC inside tanh only; a launch (adoption > 0) adds adoption·N·price in its month (N
after that month's churn shock) and adoption_new·new·price from then on. Newcomers (last
month's new customers, after that month's churn shock) churn at `newcomer_churn` when it is
given, the rest of the base at churn_t.
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
    r0 = s.retention_share * s.budget if retention is None else retention
    a0 = (1 - s.retention_share) * s.budget if acquisition is None else acquisition
    m_limit = math.inf if s.market is None else float(s.market)
    c0, c_min = s.churn, s.churn_floor
    k_r = s.cac_multiplier / ((c0 - c_min) * s.cac) if c0 > c_min else 0.0
    d_m = (1 + s.discount) ** (1 / 12) - 1
    n = float(s.customers)
    newcomers = 0.0  # customers won last month, in their first month in the base
    months: list[Month] = []
    for t in range(s.months):
        month = t + 1  # shock months count from 1
        cut = 1 - s.budget_cut if month >= s.budget_cut_month else 1.0
        r, a = r0 * cut, a0 * cut
        cac = s.cac * (1 + s.cac_inflation) if month >= s.cac_inflation_month else s.cac
        start = n
        if month == s.shock_month:
            n = n * (1 - s.shock_loss)
            newcomers = newcomers * (1 - s.shock_loss)
        if n == 0:
            churn = c0
        else:
            decay = 1.0 if r == 0 else math.exp(-k_r * r / n)
            churn = c_min + (c0 - c_min) * decay
        if s.newcomer_churn is None:
            lost = churn * n
        else:
            lost = churn * (n - newcomers) + s.newcomer_churn * newcomers
        kept = n - lost
        lost += start - n  # the churn shock's customers (0 in other months)
        new = max(s.capacity * math.tanh(a / (s.capacity * cac)) * (1 - n / m_limit), 0.0)
        new = min(new, m_limit - kept)
        revenue = s.arpu * ((1 + s.uplift) * kept + new)
        if s.launch_adoption > 0 and month >= s.launch_month:
            buyers = s.launch_adoption_new * new
            if month == s.launch_month:
                buyers += s.launch_adoption * n
            revenue += s.launch_price * buyers
        profit = s.margin * revenue - (r + a)
        months.append(
            Month(start, new, lost, kept + new, churn, revenue, profit, profit / (1 + d_m) ** t)
        )
        n, newcomers = kept + new, new
    return months


def objective(months: list[Month], name: str) -> float:
    """NPV of profit, total revenue, customers at the horizon, or the last month's revenue."""
    if name == "final_revenue":
        return months[-1].revenue
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


SHOCK_FIELDS = (
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
    "growth_target",
)


@st.composite
def scenarios(draw: st.DrawFn, shocks: bool = False) -> Scenario:
    """Any scenario the model accepts: every field within `field_bounds`, churn_floor ≤ churn,
    market absent or above customers. Stress shocks stay at their defaults (off) unless
    `shocks`, which draws each of them (and the growth target) over its whole range."""
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
        newcomer_churn=draw(st.none() | _number("newcomer_churn")),
        arpu=draw(_number("arpu")),
        uplift=draw(_number("uplift")),
        margin=draw(_number("margin")),
        months=draw(_whole("months")),
        discount=draw(_number("discount")),
        objective=draw(st.sampled_from(OBJECTIVES)),
        **(
            {
                name: draw(_whole(name) if name.endswith("month") else _number(name))
                for name in SHOCK_FIELDS
            }
            if shocks
            else {}
        ),
    )
