"""Unit economics and the marginal view, against MODEL.md's formulas worked out here.

Month-0 quantities (churn bought, customers won and saved) are computed in the tests from the
model's equations; marginal costs are also checked as finite differences of the reference model,
so they hold whatever closed form the engine uses.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

import reference
from strategy import Scenario, best_split, marginal_curve, marginal_view, simulate, unit_economics
from strategy.economics import steady_state_customers


def _month0(s: Scenario) -> dict[str, float]:
    """Spends, churn bought, customers won and saved in month 0, straight from MODEL.md."""
    retention = s.retention_share * s.budget
    acquisition = s.budget - retention
    span = s.churn - s.churn_floor
    k_r = s.cac_multiplier / (span * s.cac) if span > 0 else 0.0
    churn = (s.churn_floor + span * math.exp(-k_r * retention / s.customers) if s.customers
             else s.churn)
    room = 1.0 if s.market is None else 1 - s.customers / s.market
    won = s.capacity * math.tanh(acquisition / (s.capacity * s.cac)) * room
    return {"retention": retention, "acquisition": acquisition, "churn": churn, "won": won,
            "saved": (s.churn - churn) * s.customers}


ECONOMICS_CASES: dict[str, Scenario] = {
    "defaults": Scenario(),
    "all_retention": Scenario(retention_share=1.0),
    "all_acquisition": Scenario(retention_share=0.0),
    "market": Scenario(market=25_000, customers=15_000),
    "churn_at_floor": Scenario(churn=0.08, churn_floor=0.08, retention_share=0.3),
    "big_spender": Scenario(customers=400_000, budget=2_000_000, cac=320, cac_multiplier=7,
                            uplift=1.2, margin=0.35, arpu=15),
}


@pytest.mark.parametrize("scenario", ECONOMICS_CASES.values(), ids=ECONOMICS_CASES.keys())
def test_unit_economics_follow_the_model_formulas(scenario: Scenario) -> None:
    """MODEL.md: CLV = g·ARPU·(1+u)/churn (churn the plan buys in month 0), LTV:CAC = CLV over
    the average CAC (spend per customer won; CAC itself when nothing is spent), and CAC payback
    = average CAC / (g·ARPU·(1+u)) months."""
    month0 = _month0(scenario)
    monthly_margin = scenario.margin * scenario.arpu * (1 + scenario.uplift)
    average_cac = (month0["acquisition"] / month0["won"] if month0["acquisition"] > 0
                   else scenario.cac)
    economics = unit_economics(scenario)
    assert economics.churn_rate == pytest.approx(month0["churn"], rel=1e-12)
    assert economics.clv == pytest.approx(monthly_margin / month0["churn"], rel=1e-12)
    assert economics.average_cac == pytest.approx(average_cac, rel=1e-12)
    assert economics.ltv_to_cac == pytest.approx(monthly_margin / month0["churn"] / average_cac,
                                                 rel=1e-12)
    assert economics.payback_months == pytest.approx(average_cac / monthly_margin, rel=1e-12)


def test_unit_economics_on_the_defaults_by_hand(defaults: Scenario) -> None:
    """Worked once in full: churn = 0.01 + 0.04·e^(−5/3); a customer earns 0.6·40·1.31 = 31.44
    a month; 30,000 of acquisition buys 800·tanh(0.25) customers."""
    churn = 0.01 + 0.04 * math.exp(-5 / 3)
    average_cac = 30_000 / (800 * math.tanh(0.25))
    economics = unit_economics(defaults)
    assert economics.clv == pytest.approx(31.44 / churn, rel=1e-12)
    assert economics.payback_months == pytest.approx(average_cac / 31.44, rel=1e-12)
    assert economics.average_cac > 150  # diminishing returns: the average is above the first


def test_average_cac_counts_the_customers_the_plan_actually_gets() -> None:
    """Average CAC is acquisition spend per new customer in month 0. Where the market clamp
    binds (100 customers, market 200, capacity 10,000), simulate brings 105 new customers, so
    the average CAC is the spend over 105, not over the 5,000 the unclamped formula gives."""
    scenario = Scenario(customers=100, market=200, capacity=10_000, churn=0.05,
                        churn_floor=0.05, budget=100_000_000, retention_share=0.0)
    first_new = simulate(scenario).new_customers.iloc[0]
    assert first_new == pytest.approx(105.0, rel=1e-12)
    assert unit_economics(scenario).average_cac == pytest.approx(100_000_000 / first_new,
                                                                 rel=1e-9)


@pytest.mark.parametrize(
    ("update", "field", "expected"),
    [({"churn": 0.0, "churn_floor": 0.0}, "clv", math.inf),
     ({"churn": 0.0, "churn_floor": 0.0}, "ltv_to_cac", math.inf),
     ({"margin": 0.0}, "clv", 0.0), ({"margin": 0.0}, "payback_months", math.inf),
     ({"arpu": 0.0}, "payback_months", math.inf)],
)
def test_unit_economics_limits(update: dict[str, float], field: str, expected: float) -> None:
    """A customer who never churns is worth infinitely much if they earn anything; one who
    earns nothing is worth nothing and never pays back."""
    assert getattr(unit_economics(Scenario(**update)), field) == expected


STEADY_CASES: dict[str, Scenario] = {
    "defaults": Scenario(),
    "market": Scenario(market=14_000),
    "all_acquisition": Scenario(retention_share=0.0),
    "mostly_retention": Scenario(retention_share=0.95, budget=200_000),
    "tiny_base": Scenario(customers=0, budget=5_000),
    "high_churn": Scenario(churn=0.4, churn_floor=0.1, capacity=50_000, budget=3_000_000),
}


@pytest.mark.parametrize("scenario", STEADY_CASES.values(), ids=STEADY_CASES.keys())
def test_steady_state_is_where_new_customers_equal_churned_ones(scenario: Scenario) -> None:
    """At N*, MODEL.md's new customers b·tanh(A/(b·CAC))·(1 − N*/M) equal churn(N*)·N*; a
    little below N* the base grows, a little above it shrinks."""
    retention = scenario.retention_share * scenario.budget
    acquisition = scenario.budget - retention
    span = scenario.churn - scenario.churn_floor
    k_r = scenario.cac_multiplier / (span * scenario.cac)
    market = math.inf if scenario.market is None else scenario.market

    def net_inflow(n: float) -> float:
        new = scenario.capacity * math.tanh(acquisition / (scenario.capacity * scenario.cac))
        churn = scenario.churn_floor + span * math.exp(-k_r * retention / n)
        return new * (1 - n / market) - churn * n

    steady = unit_economics(scenario).steady_state_customers
    assert steady == steady_state_customers(scenario)
    lost = (scenario.churn_floor + span * math.exp(-k_r * retention / steady)) * steady
    assert abs(net_inflow(steady)) <= 1e-6 * lost
    assert net_inflow(steady * 0.99) > 0 > net_inflow(steady * 1.01)


def test_a_base_at_its_steady_state_stays_there() -> None:
    """Started at N* (rounded to a whole customer), ten years of the plan keep the base within
    a customer of it: the fixed point is the one the recursion itself has."""
    steady = unit_economics(Scenario()).steady_state_customers
    table = simulate(Scenario(customers=round(steady), months=120))
    assert np.abs(table.customers_end - steady).max() < 1.0


def test_without_acquisition_the_steady_state_is_empty() -> None:
    """No acquisition spend means no inflow: the only steady state is an empty base."""
    assert unit_economics(Scenario(retention_share=1.0)).steady_state_customers == 0.0
    assert unit_economics(Scenario(budget=0)).steady_state_customers == 0.0


def test_without_churn_there_is_no_finite_steady_state() -> None:
    """With zero churn and no market every month adds customers and none leave, so the base
    grows without bound: the honest steady state is infinity, not a large finite number."""
    steady = unit_economics(Scenario(churn=0.0, churn_floor=0.0)).steady_state_customers
    assert steady == math.inf


def test_without_churn_the_market_is_the_steady_state() -> None:
    """With zero churn the base fills the market and stays there."""
    steady = unit_economics(Scenario(churn=0.0, churn_floor=0.0, market=30_000))
    assert steady.steady_state_customers == pytest.approx(30_000, rel=1e-9)


# --- Marginal view ----------------------------------------------------------------------------

@pytest.mark.parametrize(("cac", "multiplier"), [(150.0, 5.0), (40.0, 1.0), (900.0, 20.0)])
def test_first_retained_customer_costs_cac_over_m(cac: float, multiplier: float) -> None:
    """MODEL.md: at zero retention spend (s = 0) keeping one more customer costs CAC/m."""
    view = marginal_view(Scenario(cac=cac, cac_multiplier=multiplier, retention_share=0.0))
    assert view.marginal_cost_retain == pytest.approx(cac / multiplier, rel=1e-12)
    assert view.average_cost_retain == pytest.approx(cac / multiplier, rel=1e-12)


@pytest.mark.parametrize(("cac", "market", "expected"),
                         [(150.0, None, 150.0), (80.0, None, 80.0), (150.0, 40_000, 200.0)])
def test_first_acquired_customer_costs_cac(cac: float, market: int | None, expected: float) -> None:
    """MODEL.md: at zero acquisition spend (s = 1) the next new customer costs CAC, or
    CAC / (1 − N/M) with a market (here 10,000 of 40,000: 150 / 0.75 = 200)."""
    view = marginal_view(Scenario(cac=cac, market=market, retention_share=1.0))
    assert view.marginal_cost_acquire == pytest.approx(expected, rel=1e-12)


MARGINAL_CASES: dict[str, Scenario] = {
    "defaults": Scenario(),
    "retention_heavy": Scenario(retention_share=0.8, customers=30_000),
    "market": Scenario(market=20_000, retention_share=0.25),
    "costly": Scenario(cac=600, cac_multiplier=3, budget=400_000, capacity=2_000),
}


@pytest.mark.parametrize("scenario", MARGINAL_CASES.values(), ids=MARGINAL_CASES.keys())
def test_marginal_costs_are_finite_differences_of_the_model(scenario: Scenario) -> None:
    """Marginal cost = 1 / (customers per extra unit of spend) in month 0, measured as a central
    difference of the reference model: new customers for acquisition, lost ones for retention."""
    retention = scenario.retention_share * scenario.budget
    acquisition = scenario.budget - retention
    h = 0.5

    def first(r: float, a: float) -> reference.Month:
        return reference.run(scenario, retention=r, acquisition=a)[0]

    won = (first(retention, acquisition + h).new_customers
           - first(retention, acquisition - h).new_customers)
    saved = (first(retention - h, acquisition).lost_customers
             - first(retention + h, acquisition).lost_customers)
    view = marginal_view(scenario)
    assert view.marginal_cost_acquire == pytest.approx(2 * h / won, rel=1e-6)
    assert view.marginal_cost_retain == pytest.approx(2 * h / saved, rel=1e-6)


@pytest.mark.parametrize("scenario", MARGINAL_CASES.values(), ids=MARGINAL_CASES.keys())
def test_average_costs_and_both_ratios(scenario: Scenario) -> None:
    """Average cost = spend / customers bought in month 0; the view carries both ratios, the
    marginal one (Pfeifer's) and the average one (the quoted "5x"), and they differ."""
    month0 = _month0(scenario)
    average_acquire = month0["acquisition"] / month0["won"]
    average_retain = month0["retention"] / month0["saved"]
    view = marginal_view(scenario)
    assert view.average_cost_acquire == pytest.approx(average_acquire, rel=1e-12)
    assert view.average_cost_retain == pytest.approx(average_retain, rel=1e-9)
    assert view.average_cost_ratio == pytest.approx(average_acquire / average_retain, rel=1e-9)
    assert view.marginal_cost_ratio == pytest.approx(
        view.marginal_cost_acquire / view.marginal_cost_retain, rel=1e-12)
    assert abs(view.average_cost_ratio - view.marginal_cost_ratio) > 0.1


def test_on_the_defaults_the_average_ratio_overstates_the_marginal_one(defaults: Scenario) -> None:
    """Pfeifer's point, on the defaults: acquisition looks 2.5x dearer on average, but at the
    margin the two costs are nearly equal (the plan is near the optimum)."""
    view = marginal_view(defaults)
    assert view.average_cost_ratio == pytest.approx(2.4839, abs=1e-3)
    assert view.marginal_cost_ratio == pytest.approx(1.0046, abs=1e-3)


@pytest.mark.parametrize("objective", ["npv", "revenue", "customers"])
def test_value_of_the_next_step_is_the_objective_change(objective: str) -> None:
    """The next 1,000 of budget on either side changes the objective by what the reference
    model says it does (the extra 1,000 is spent, so it also lowers profit)."""
    scenario = Scenario(objective=objective)  # type: ignore[arg-type]
    r, a = 20_000.0, 30_000.0

    def value(retention: float, acquisition: float) -> float:
        return reference.objective(reference.run(scenario, retention, acquisition), objective)

    view = marginal_view(scenario)
    assert view.next_budget_step == 1_000
    assert view.value_of_next_step_retention == pytest.approx(
        value(r + 1_000, a) - value(r, a), rel=1e-7)
    assert view.value_of_next_step_acquisition == pytest.approx(
        value(r, a + 1_000) - value(r, a), rel=1e-7)


def test_retention_cannot_be_bought_with_churn_at_its_floor_or_no_customers() -> None:
    """Costs money cannot buy are infinite, and a ratio with an infinite side is undefined."""
    for scenario in (Scenario(churn=0.05, churn_floor=0.05), Scenario(customers=0)):
        view = marginal_view(scenario)
        assert view.marginal_cost_retain == math.inf
        assert view.average_cost_retain == math.inf
        assert math.isnan(view.marginal_cost_ratio)


def test_marginal_curve_spans_the_grid_and_its_ends(defaults: Scenario) -> None:
    """201 shares; retaining starts at CAC/m (nothing spent on retention) and acquiring ends at
    CAC (nothing spent on acquisition); each cost rises with the spend on its own side."""
    curve = marginal_curve(defaults)
    assert list(curve.columns) == ["retention_share", "marginal_cost_acquire",
                                   "marginal_cost_retain"]
    assert len(curve) == 201
    assert curve.marginal_cost_retain.iloc[0] == pytest.approx(30.0, rel=1e-12)
    assert curve.marginal_cost_acquire.iloc[-1] == pytest.approx(150.0, rel=1e-12)
    assert (np.diff(curve.marginal_cost_retain) > 0).all()
    assert (np.diff(curve.marginal_cost_acquire) < 0).all()
    plan = marginal_view(defaults)
    row = curve.iloc[80]  # share 0.4, the plan's
    assert row.marginal_cost_acquire == pytest.approx(plan.marginal_cost_acquire, rel=1e-12)
    assert row.marginal_cost_retain == pytest.approx(plan.marginal_cost_retain, rel=1e-12)


def test_marginal_costs_cross_near_the_best_split(defaults: Scenario) -> None:
    """Pfeifer: at an interior optimum the marginal cost to acquire equals the marginal cost to
    retain. The curve's crossing (month-0 costs) lies within 3 points of the NPV-best share
    (which also weighs the later months and the loyalty uplift): 0.401 against 0.413."""
    curve = marginal_curve(defaults)
    gap = (curve.marginal_cost_acquire - curve.marginal_cost_retain).to_numpy()
    sign_changes = np.flatnonzero(np.diff(np.sign(gap)))
    assert len(sign_changes) == 1
    i = int(sign_changes[0])
    x0, x1 = curve.retention_share.iloc[i], curve.retention_share.iloc[i + 1]
    crossing = x0 + (x1 - x0) * gap[i] / (gap[i] - gap[i + 1])
    best = best_split(defaults)
    assert 0 < best.best_share < 1
    assert abs(crossing - best.best_share) < 0.03
