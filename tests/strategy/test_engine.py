"""The recursion itself: every "Checks that must hold" of MODEL.md, and the engine's helpers.

Expected values come from MODEL.md's closed forms worked by hand here (N0 (1 − c0)^t, 1/CAC,
m/CAC, b, c_min), never from the engine.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given

from reference import scenarios
from strategy import Scenario, simulate, tradeoff
from strategy.model.engine import (
    Paths,
    churn_at,
    new_at_unlimited_market,
    parameters,
    project,
    retention_effectiveness,
)

HUGE_BUDGET = 100_000_000  # the top of the budget range


# --- B = 0 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("customers", "churn", "floor", "share", "months"),
    [
        (10_000, 0.05, 0.01, 0.4, 36),
        (10_000, 0.05, 0.05, 1.0, 36),  # churn at its floor
        (1, 0.5, 0.0, 0.0, 120),  # fastest decay, longest horizon
        (10_000_000, 0.013, 0.002, 0.7, 60),
        (0, 0.05, 0.01, 0.4, 12),  # nobody to lose
        (5_000, 0.0, 0.0, 0.5, 24),  # no churn at all
    ],
)
def test_no_budget_decays_geometrically(
    customers: int, churn: float, floor: float, share: float, months: int
) -> None:
    """MODEL.md check: B = 0 gives N_t = N0 (1 − c0)^t and no new customers, for any split."""
    table = simulate(
        Scenario(
            customers=customers,
            churn=churn,
            churn_floor=floor,
            budget=0,
            retention_share=share,
            months=months,
        )
    )
    expected = [customers * (1 - churn) ** t for t in range(months + 1)]
    assert table.customers.tolist() == pytest.approx(expected[:-1], rel=1e-12, abs=0)
    assert table.customers_end.tolist() == pytest.approx(expected[1:], rel=1e-12, abs=0)
    assert (table.new_customers == 0).all()
    assert table.churn_rate.tolist() == pytest.approx([churn] * months, rel=1e-15, abs=0)


# --- Saturation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("customers", "churn", "floor", "cac", "multiplier"),
    [
        (10_000, 0.05, 0.01, 150.0, 5.0),
        (10_000, 0.2, 0.03, 400.0, 1.0),
        (1_000, 0.5, 0.0, 1_000.0, 20.0),
    ],
)
def test_all_retention_with_huge_budget_reaches_the_churn_floor(
    customers: int, churn: float, floor: float, cac: float, multiplier: float
) -> None:
    """MODEL.md check: s = 1, huge B drives churn to c_min, and buys nobody new."""
    table = simulate(
        Scenario(
            customers=customers,
            churn=churn,
            churn_floor=floor,
            cac=cac,
            cac_multiplier=multiplier,
            budget=HUGE_BUDGET,
            retention_share=1.0,
        )
    )
    assert table.churn_rate.tolist() == pytest.approx([floor] * 36, rel=0, abs=1e-12)
    assert (table.new_customers == 0).all()


@pytest.mark.parametrize(("capacity", "cac"), [(800.0, 150.0), (50_000.0, 40.0), (1.0, 0.01)])
def test_all_acquisition_with_huge_budget_reaches_capacity(capacity: float, cac: float) -> None:
    """MODEL.md check: s = 0, huge B brings b new customers a month (no market limit), while
    churn stays at c0 because nothing is spent on retention."""
    table = simulate(Scenario(capacity=capacity, cac=cac, budget=HUGE_BUDGET, retention_share=0.0))
    assert table.new_customers.tolist() == pytest.approx([capacity] * 36, rel=1e-12)
    assert table.churn_rate.tolist() == pytest.approx([0.05] * 36, rel=1e-15)


def test_all_acquisition_with_huge_budget_meets_the_market_limit() -> None:
    """MODEL.md check: with a market, saturated acquisition brings b (1 − N_t/M) (clamped to the
    room left), so the base settles where c0·N = b (1 − N/M)."""
    market = 12_000
    table = simulate(Scenario(market=market, budget=HUGE_BUDGET, retention_share=0.0, months=120))
    base = 10_000.0
    for row in table.itertuples():
        kept = base * (1 - 0.05)
        expected_new = min(800 * (1 - base / market), market - kept)
        assert row.new_customers == pytest.approx(expected_new, rel=1e-9, abs=1e-9)
        base = kept + expected_new
    assert table.customers_end.iloc[-1] == pytest.approx(base, rel=1e-9)
    # The fixed point of N = 0.95 N + 800 (1 − N/12000) is N = 12000·800/(0.05·12000 + 800).
    assert base == pytest.approx(12_000 * 800 / (600 + 800), rel=1e-6)


def test_market_clamp_stops_the_base_at_the_market() -> None:
    """Where b (1 − N/M) exceeds the room left, MODEL.md's step would overshoot M (100 + 5,000
    > 200); the engine's documented clamp lands the base exactly on M, and keeps it there."""
    table = simulate(
        Scenario(
            customers=100,
            market=200,
            capacity=10_000,
            churn=0.0,
            churn_floor=0.0,
            budget=HUGE_BUDGET,
            retention_share=0.0,
            months=6,
        )
    )
    assert table.new_customers.tolist() == [100.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    assert table.customers_end.tolist() == [200.0] * 6


def test_market_clamp_refills_exactly_what_churn_took() -> None:
    """At the market, churn takes 5% (10 of 200) and the (1 − N/M) term brings nobody that month;
    the month after, b (1 − 190/200) = 500 would overshoot, and the clamp lets exactly the 19.5
    that fit back in: the base alternates 200, 190, 200 and never exceeds M."""
    table = simulate(
        Scenario(
            customers=100,
            market=200,
            capacity=10_000,
            churn=0.05,
            churn_floor=0.05,
            budget=HUGE_BUDGET,
            retention_share=0.0,
            months=5,
        )
    )
    assert table.customers_end.tolist() == pytest.approx(
        [200.0, 190.0, 200.0, 190.0, 200.0], rel=1e-12
    )
    assert table.new_customers.tolist() == pytest.approx(
        [105.0, 0.0, 19.5, 0.0, 19.5], rel=1e-12, abs=1e-12
    )


# --- First unit of spend -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cac", "capacity"), [(150.0, 800.0), (20.0, 5_000.0), (2_500.0, 100.0), (0.5, 1_000_000.0)]
)
def test_first_unit_of_acquisition_buys_one_over_cac(cac: float, capacity: float) -> None:
    """MODEL.md check: d new / dA at A = 0 is 1/CAC (finite difference over the first 1 of
    spend, and over a 1e-6 step of the engine's acquisition curve)."""
    first = simulate(Scenario(cac=cac, capacity=capacity, budget=1, retention_share=0.0))
    assert first.new_customers.iloc[0] == pytest.approx(1 / cac, rel=1e-5)
    h = 1e-6
    p = parameters(Scenario(cac=cac, capacity=capacity))
    slope = float(new_at_unlimited_market(p, np.asarray(h))) / h
    assert slope == pytest.approx(1 / cac, rel=1e-9)


@pytest.mark.parametrize(
    ("customers", "churn", "floor", "cac", "multiplier"),
    [
        (10_000, 0.05, 0.01, 150.0, 5.0),
        (250_000, 0.1, 0.0, 60.0, 12.0),
        (2_000_000, 0.3, 0.29, 900.0, 1.0),
        (50_000, 0.02, 0.005, 10_000.0, 20.0),
    ],
)
def test_first_unit_of_retention_saves_m_over_cac(
    customers: int, churn: float, floor: float, cac: float, multiplier: float
) -> None:
    """MODEL.md check: the first unit of retention spend saves m/CAC customers (d lost / dR at
    R = 0 is −m/CAC), i.e. the first saved customer costs CAC/m."""
    scenario = Scenario(
        customers=customers,
        churn=churn,
        churn_floor=floor,
        cac=cac,
        cac_multiplier=multiplier,
        retention_share=1.0,
    )
    lost_free = simulate(scenario.model_copy(update={"budget": 0})).lost_customers.iloc[0]
    lost_one = simulate(scenario.model_copy(update={"budget": 1})).lost_customers.iloc[0]
    assert lost_free - lost_one == pytest.approx(multiplier / cac, rel=1e-4)


def test_first_unit_of_acquisition_with_a_market_is_scaled_by_the_room_left() -> None:
    """MODEL.md: new = b tanh(A/(b CAC)) (1 − N/M), so the first unit buys (1 − N/M)/CAC."""
    table = simulate(Scenario(customers=10_000, market=40_000, budget=1, retention_share=0.0))
    assert table.new_customers.iloc[0] == pytest.approx(0.75 / 150, rel=1e-5)


# --- Accounting, on hand-picked and on arbitrary valid scenarios ---------------------------


def _assert_accounts(scenario: Scenario, table: pd.DataFrame) -> None:
    budget = scenario.budget
    spend = table.retention_spend + table.acquisition_spend
    assert spend.tolist() == pytest.approx([budget] * scenario.months, rel=1e-12, abs=1e-9)
    expected_profit = scenario.margin * table.revenue - budget
    tolerance = 1e-9 * (budget + scenario.margin * table.revenue.abs().max() + 1)
    assert np.allclose(table.profit, expected_profit, rtol=1e-12, atol=tolerance)
    flow = table.customers - table.lost_customers + table.new_customers
    assert np.allclose(table.customers_end, flow, rtol=1e-12, atol=1e-9)
    assert table.customers.iloc[1:].tolist() == table.customers_end.iloc[:-1].tolist()


@pytest.mark.parametrize(
    "scenario",
    [
        Scenario(),
        Scenario(retention_share=0.0),
        Scenario(retention_share=1.0),
        Scenario(budget=HUGE_BUDGET, retention_share=0.3),
        Scenario(budget=7, retention_share=0.1),
        Scenario(market=10_500, months=120),
    ],
    ids=["defaults", "all_acquisition", "all_retention", "huge_budget", "odd_split", "market"],
)
def test_monthly_spend_is_the_budget_and_profit_is_margin_times_revenue_less_it(
    scenario: Scenario,
) -> None:
    """MODEL.md: R_t + A_t = B, profit_t = g·revenue_t − B, N_{t+1} = N_t − lost_t + new_t."""
    _assert_accounts(scenario, simulate(scenario))


@given(scenarios())
def test_any_valid_scenario_gives_finite_values_within_the_market(scenario: Scenario) -> None:
    """MODEL.md checks: no NaN or inf for any valid input; 0 ≤ N_t ≤ M; spend = B each month."""
    table = simulate(scenario)
    numeric = table.to_numpy(dtype=float)
    assert np.isfinite(numeric).all(), table[~np.isfinite(numeric).all(axis=1)]
    curve = tradeoff(scenario)
    assert np.isfinite(curve.to_numpy(dtype=float)).all()
    market = math.inf if scenario.market is None else scenario.market
    for column in ("customers", "customers_end"):
        assert (table[column] >= 0).all() and (table[column] <= market).all()
    assert (curve.customers_end >= 0).all() and (curve.customers_end <= market).all()
    slack = 1e-12 * scenario.churn
    assert (table.churn_rate >= scenario.churn_floor - slack).all()
    assert (table.churn_rate <= scenario.churn + slack).all()
    assert (table.new_customers >= 0).all()
    _assert_accounts(scenario, table)


@pytest.mark.parametrize(("churn", "budget"), [(1e-306, 0), (5e-324, 0), (1e-306, 50_000)])
def test_tiny_churn_above_a_zero_floor_gives_no_nan(churn: float, budget: int) -> None:
    """A churn a hair above its floor is valid (c_min ≤ c0). With no retention spend the churn
    must simply be c0; the engine's k_r = m / ((c0 − c_min) CAC) overflows to inf for such a
    span, and inf · 0 (no retention spend) makes month 0 NaN, which then spreads."""
    table = simulate(
        Scenario(churn=churn, churn_floor=0.0, cac=0.01, budget=budget, retention_share=0.0)
    )
    assert table.churn_rate.tolist() == pytest.approx([churn] * 36, rel=1e-12)
    assert np.isfinite(table.to_numpy(dtype=float)).all()


# --- Engine helpers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("churn", "floor", "cac", "multiplier", "expected"),
    [(0.05, 0.01, 150.0, 5.0, 5 / 6), (0.3, 0.1, 20.0, 2.0, 0.5), (0.05, 0.05, 150.0, 5.0, 0.0)],
)
def test_retention_effectiveness(
    churn: float, floor: float, cac: float, multiplier: float, expected: float
) -> None:
    """k_r = m / ((c0 − c_min) CAC); 0 (unused) when churn is already at its floor."""
    p = parameters(Scenario(churn=churn, churn_floor=floor, cac=cac, cac_multiplier=multiplier))
    assert float(retention_effectiveness(p)) == pytest.approx(expected, rel=1e-14)


def test_churn_at_follows_the_exponential_response() -> None:
    """churn = c_min + (c0 − c_min) exp(−k_r R / N); c0 on an empty base (MODEL.md)."""
    p = parameters(Scenario())
    spend = np.array([0.0, 1_000.0, 20_000.0, 20_000.0, 5_000.0])
    base = np.array([10_000.0, 10_000.0, 10_000.0, 0.0, 500.0])
    k = 5 / (0.04 * 150)
    expected = [
        0.05,
        0.01 + 0.04 * math.exp(-k * 0.1),
        0.01 + 0.04 * math.exp(-k * 2),
        0.05,
        0.01 + 0.04 * math.exp(-k * 10),
    ]
    assert churn_at(p, spend, base).tolist() == pytest.approx(expected, rel=1e-14)


def test_acquisition_curve_saturates_at_capacity() -> None:
    """new = b tanh(A / (b CAC)): 0 at A = 0, b·tanh(1) at A = b·CAC, → b as A grows."""
    p = parameters(Scenario())
    values = new_at_unlimited_market(p, np.array([0.0, 800 * 150, 1e9])).tolist()
    assert values == pytest.approx([0.0, 800 * math.tanh(1.0), 800.0], rel=1e-14, abs=0)


def test_parameters_turn_an_absent_market_into_infinity() -> None:
    """The market term (1 − N/M) switches off at M = ∞, as MODEL.md says."""
    assert float(parameters(Scenario()).get("market")) == math.inf
    assert float(parameters(Scenario(market=20_000))["market"]) == 20_000.0


@pytest.mark.parametrize("market", [None, 30_000, 10_050])
def test_a_batch_of_splits_equals_the_splits_run_one_by_one(market: int | None) -> None:
    """The engine broadcasts a grid of spends in one pass; each lane must be the lone run
    (with and without the market clamp, which has its own code path)."""
    p = parameters(Scenario(market=market))
    shares = np.array([0.0, 0.25, 0.4, 1.0])
    batch = project(p, shares * 50_000, (1 - shares) * 50_000, 36)
    for i, share in enumerate(shares):
        alone = project(p, np.asarray(share * 50_000), np.asarray((1 - share) * 50_000), 36)
        assert np.array_equal(batch.customers[i], alone.customers)
        assert np.array_equal(batch.discounted_profit[i], alone.discounted_profit)
    assert batch.customers.shape == (4, 37) and batch.revenue.shape == (4, 36)


def test_a_stack_of_scenarios_broadcasts_against_the_split_grid() -> None:
    """Parameters may be columns (scenarios) and spends rows (splits): one lane per pair."""
    p = parameters(Scenario())
    p["customers"] = np.array([[1_000.0], [50_000.0]])
    shares = np.array([0.0, 0.5, 1.0])
    paths = project(p, shares * 50_000, (1 - shares) * 50_000, 36)
    assert paths.customers.shape == (2, 3, 37)
    single = parameters(Scenario(customers=50_000))
    alone = project(single, np.asarray(25_000.0), np.asarray(25_000.0), 36)
    assert np.array_equal(paths.customers[1, 1], alone.customers)


def test_unknown_objective_is_an_error() -> None:
    """A typo in an objective name must not silently pick one."""
    paths: Paths = project(parameters(Scenario()), np.asarray(0.0), np.asarray(0.0), 3)
    with pytest.raises(ValueError, match="unknown objective"):
        paths.objective("profit")


# --- newcomers ------------------------------------------------------------------------------


@pytest.mark.parametrize("market", [None, 12_000])
@pytest.mark.parametrize("shock_loss", [0.0, 0.3])
def test_newcomers_churn_at_their_own_rate_in_their_first_month_then_like_the_base(
    market: int | None, shock_loss: float
) -> None:
    """Month 0 has no newcomers; from month 1 on, last month's new customers (less a churn
    shock's share of them) churn at newcomer_churn, the rest at the month's churn."""
    scenario = Scenario(newcomer_churn=0.5, market=market, shock_loss=shock_loss, shock_month=3)
    months = simulate(scenario)
    assert months.lost_customers[0] == pytest.approx(months.churn_rate[0] * 10_000, rel=1e-12)
    for t in range(1, 6):
        start = months.customers[t] * (1 - shock_loss if t == 2 else 1)
        newcomers = months.new_customers[t - 1] * (1 - shock_loss if t == 2 else 1)
        expected = months.churn_rate[t] * (start - newcomers) + 0.5 * newcomers
        shock = months.customers[t] - start
        assert months.lost_customers[t] == pytest.approx(expected + shock, rel=1e-12)


def test_no_newcomer_churn_gives_the_plain_recursion_to_the_bit_also_in_a_mixed_batch() -> None:
    """None (the default) is today's model exactly; stacked beside a scenario with
    newcomer_churn, its lane must still be the lone run, to the bit."""
    plain = parameters(Scenario())
    alone = project(plain, np.asarray(20_000.0), np.asarray(30_000.0), 36)
    mixed = parameters(Scenario())
    mixed["newcomer_churn"] = np.array([[np.nan], [0.4]])
    batch = project(mixed, np.asarray(20_000.0), np.asarray(30_000.0), 36)
    for part in ("customers", "lost_customers", "revenue", "discounted_profit"):
        assert np.array_equal(getattr(batch, part)[0, 0], getattr(alone, part))
    assert batch.customers[1, 0, -1] < alone.customers[-1]


def test_newcomers_who_leave_early_move_the_default_answer_toward_retention() -> None:
    """The issue's measure: half of newcomers leaving in their first month moves the default
    best split from about 41% to over 50% retention (acquisition buys less lasting value)."""
    from strategy import best_split

    assert best_split(Scenario()).best_share == pytest.approx(0.41, abs=0.01)
    assert best_split(Scenario(newcomer_churn=0.5)).best_share > 0.5


@given(scenarios())
def test_newcomer_churn_equal_to_the_base_churn_each_month_changes_nothing(
    scenario: Scenario,
) -> None:
    """With no retention spend the base churns at c0 every month, so newcomer_churn = c0 must
    give the same months as None (up to rounding): the newcomer term is a correction, not a
    new force."""
    still = scenario.model_copy(update={"retention_share": 0.0, "newcomer_churn": None})
    same = simulate(still.model_copy(update={"newcomer_churn": still.churn}))
    assert np.allclose(same.customers_end, simulate(still).customers_end, rtol=1e-9, atol=1e-9)


# --- discount, uplift and shocks, month by month ----------------------------------------------
# Closed forms with no budget (N_t = N0 (1 − c0)^t) or no base (new_t = b tanh(A / (b CAC))), so
# each month's number is known by hand: a flipped sign, a dropped term or a shock one month off
# changes one of them.


def _run(scenario: Scenario) -> Paths:
    """The scenario's own split, projected (one column)."""
    budget, share = scenario.budget, scenario.retention_share
    return project(
        parameters(scenario),
        np.asarray(share * budget),
        np.asarray(budget - share * budget),
        scenario.months,
    )


def test_profit_is_discounted_at_the_annual_rate_from_month_zero() -> None:
    """discounted_t = profit_t / (1 + d)^(t/12): month 0 is not discounted, month 12 by 1 + d."""
    scenario = Scenario(discount=0.1, months=25)
    paths = _run(scenario)
    t = np.arange(25)
    assert np.allclose(paths.discounted_profit, paths.profit / 1.1 ** (t / 12), rtol=1e-12)
    assert paths.discounted_profit[12] == pytest.approx(paths.profit[12] / 1.1, rel=1e-12)
    assert paths.objective("npv") == pytest.approx((paths.profit / 1.1 ** (t / 12)).sum())


def test_existing_customers_pay_arpu_times_one_plus_uplift_and_new_ones_arpu() -> None:
    """No budget: revenue_t = ARPU (1 + u) N0 (1 − c0)^(t+1). No base, acquisition only: the
    first month's new customers pay ARPU, and from their second month ARPU (1 + u)."""
    kept = _run(Scenario(customers=1_000, churn=0.05, budget=0, arpu=40.0, uplift=0.31, months=6))
    t = np.arange(6)
    assert np.allclose(kept.revenue, 40.0 * 1.31 * 1_000 * 0.95 ** (t + 1), rtol=1e-12)
    won = _run(
        Scenario(
            customers=0,
            churn=0.05,
            churn_floor=0.0,
            budget=10_000,
            retention_share=0.0,
            arpu=40.0,
            uplift=0.31,
            months=2,
        )
    )
    new = 800.0 * math.tanh(10_000 / (800.0 * 150.0))
    assert won.revenue[0] == pytest.approx(40.0 * new, rel=1e-12)
    assert won.revenue[1] == pytest.approx(40.0 * 1.31 * new * 0.95 + 40.0 * new, rel=1e-12)


def test_the_churn_shock_takes_its_share_at_the_start_of_its_month_before_churn() -> None:
    """shock_month 3 is t = 2: N_3 = N0 (1 − c0)^3 (1 − s); t = 2 loses s N_2 + c0 (1 − s) N_2."""
    paths = _run(
        Scenario(customers=1_000, churn=0.05, budget=0, shock_loss=0.25, shock_month=3, months=5)
    )
    plain = 1_000 * 0.95 ** np.arange(6)
    assert np.allclose(paths.customers[:3], plain[:3], rtol=1e-12)
    assert np.allclose(paths.customers[3:], plain[3:] * 0.75, rtol=1e-12)
    assert paths.lost_customers[2] == pytest.approx(plain[2] * (0.25 + 0.05 * 0.75), rel=1e-12)
    assert paths.lost_customers[1] == pytest.approx(plain[1] * 0.05, rel=1e-12)


def test_the_budget_cut_shrinks_both_spends_from_its_month_on() -> None:
    """budget_cut_month 3: months t = 0, 1 spend B, from t = 2 on B (1 − cut)."""
    scenario = Scenario(budget=10_000, budget_cut=0.4, budget_cut_month=3, months=5)
    paths = _run(scenario)
    spend = scenario.margin * paths.revenue - paths.profit
    assert np.allclose(spend, [10_000, 10_000, 6_000, 6_000, 6_000], rtol=1e-12)
    no_base = _run(
        Scenario(
            customers=0,
            budget=10_000,
            retention_share=0.0,
            budget_cut=0.4,
            budget_cut_month=3,
            months=4,
        )
    )
    before, after = (800.0 * math.tanh(a / (800.0 * 150.0)) for a in (10_000, 6_000))
    assert np.allclose(no_base.new_customers, [before, before, after, after], rtol=1e-12)


def test_cac_inflation_makes_acquisition_dearer_from_its_month_on() -> None:
    """cac_inflation_month 2: t = 0 buys b tanh(A / (b CAC)), from t = 1 on with CAC (1 + i)."""
    paths = _run(
        Scenario(
            customers=0,
            budget=10_000,
            retention_share=0.0,
            cac_inflation=1.0,
            cac_inflation_month=2,
            months=3,
        )
    )
    before, after = (800.0 * math.tanh(10_000 / (800.0 * cac)) for cac in (150.0, 300.0))
    assert np.allclose(paths.new_customers, [before, after, after], rtol=1e-12)


def test_the_launch_sells_to_the_base_in_its_month_and_to_new_customers_from_then_on() -> None:
    """launch_month 2 (t = 1): the base buys adoption · N_1 · price then; new customers buy
    adoption_new · new · price every month from t = 1 on."""
    base = {
        "customers": 1_000,
        "churn": 0.05,
        "budget": 0,
        "arpu": 40.0,
        "uplift": 0.31,
        "months": 4,
    }
    plain = _run(Scenario(**base))
    launched = _run(Scenario(**base, launch_adoption=0.6, launch_price=100.0, launch_month=2))
    extra = launched.revenue - plain.revenue
    assert np.allclose(extra, [0.0, 0.6 * 1_000 * 0.95 * 100.0, 0.0, 0.0], rtol=1e-12, atol=1e-9)
    won = {"customers": 0, "budget": 10_000, "retention_share": 0.0, "months": 3}
    plain = _run(Scenario(**won))
    launched = _run(
        Scenario(
            **won,
            launch_adoption=0.6,
            launch_adoption_new=0.125,
            launch_price=100.0,
            launch_month=2,
        )
    )
    new, held = plain.new_customers, plain.customers
    expected = [0.0, (0.6 * held[1] + 0.125 * new[1]) * 100.0, 0.125 * new[2] * 100.0]
    assert np.allclose(launched.revenue - plain.revenue, expected, rtol=1e-12, atol=1e-9)
