"""One plan month by month, the trade-off curve, and the best split.

`simulate` is checked row by row against `reference.run`, a scalar month loop written from
MODEL.md; the best split against the curve, against the reference NPV around it, and against the
direction the literature says the optimum moves.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given

import reference
from reference import scenarios
from strategy import Scenario, best_split, simulate, tradeoff
from strategy.model.plans import (
    around_best,
    first_best,
    project_at,
    share_grid,
    stacked_parameters,
)

COLUMNS = [
    "month",
    "customers",
    "new_customers",
    "lost_customers",
    "customers_end",
    "churn_rate",
    "retention_spend",
    "acquisition_spend",
    "revenue",
    "profit",
    "discounted_profit",
]
COMPARED = [
    "customers",
    "new_customers",
    "lost_customers",
    "customers_end",
    "churn_rate",
    "revenue",
    "profit",
    "discounted_profit",
]
OBJECTIVE_COLUMN = {"npv": "npv", "revenue": "revenue", "customers": "customers_end"}

REFERENCE_CASES: dict[str, Scenario] = {
    "defaults": Scenario(),
    "all_retention": Scenario(retention_share=1.0),
    "all_acquisition": Scenario(retention_share=0.0),
    "no_budget": Scenario(budget=0),
    "market_limit": Scenario(market=12_000),
    "market_tight": Scenario(
        customers=10_000,
        market=10_050,
        capacity=5_000,
        churn=0.02,
        churn_floor=0.0,
        retention_share=0.1,
        months=60,
    ),
    "market_overshoot_clamped": Scenario(
        customers=100, market=200, capacity=10_000, budget=5_000_000, retention_share=0.2
    ),
    "churn_at_floor": Scenario(churn=0.05, churn_floor=0.05),
    "no_churn": Scenario(churn=0.0, churn_floor=0.0),
    "no_customers": Scenario(customers=0),
    "no_customers_market": Scenario(customers=0, market=3_000, retention_share=0.7),
    "highest_churn": Scenario(churn=0.5, churn_floor=0.0, months=120),
    "huge_base": Scenario(customers=10_000_000, budget=100_000_000, retention_share=0.9),
    "tiny_cac_capacity": Scenario(cac=0.01, capacity=1.0, budget=3, retention_share=0.5),
    "costly_customers": Scenario(cac=100_000, cac_multiplier=20, budget=7_654_321),
    "one_month": Scenario(months=1, discount=0.5),
    "no_discount_no_margin": Scenario(discount=0.0, margin=0.0, uplift=2.0),
    "full_margin_no_arpu": Scenario(margin=1.0, arpu=0.0),
    # Stress shocks, alone, together, at month 1, beyond the horizon, and with a market.
    "churn_shock": Scenario(shock_loss=0.25, shock_month=12),
    "launch": Scenario(launch_adoption=0.5, launch_month=12),
    "budget_cut": Scenario(budget_cut=0.5, budget_cut_month=12),
    "cac_inflation": Scenario(cac_inflation=1.0, cac_inflation_month=12),
    "all_shocks": Scenario(
        shock_loss=0.25,
        shock_month=6,
        launch_adoption=0.5,
        launch_adoption_new=0.2,
        launch_price=250.0,
        launch_month=10,
        budget_cut=0.3,
        budget_cut_month=18,
        cac_inflation=0.8,
        cac_inflation_month=24,
    ),
    "all_shocks_month_1": Scenario(
        shock_loss=0.9,
        shock_month=1,
        launch_adoption=1.0,
        launch_month=1,
        budget_cut=1.0,
        budget_cut_month=1,
        cac_inflation=3.0,
        cac_inflation_month=1,
    ),
    "all_shocks_last_month": Scenario(
        shock_loss=0.5,
        shock_month=36,
        launch_adoption=0.6,
        launch_month=36,
        budget_cut=0.4,
        budget_cut_month=36,
        cac_inflation=2.0,
        cac_inflation_month=36,
    ),
    "shocks_beyond_horizon": Scenario(
        months=24,
        shock_loss=0.5,
        shock_month=25,
        launch_adoption=0.5,
        launch_month=30,
        budget_cut=0.5,
        budget_cut_month=120,
        cac_inflation=1.0,
        cac_inflation_month=25,
    ),
    "shocks_in_a_market": Scenario(
        market=12_000,
        capacity=3_000,
        budget=400_000,
        retention_share=0.2,
        shock_loss=0.3,
        shock_month=20,
        launch_adoption=0.4,
        launch_month=5,
        cac_inflation=0.5,
        cac_inflation_month=8,
        budget_cut=0.25,
        budget_cut_month=30,
    ),
    "shocks_no_customers": Scenario(
        customers=0, shock_loss=0.5, shock_month=1, launch_adoption=0.5, launch_month=2, months=12
    ),
}


@pytest.mark.parametrize("scenario", REFERENCE_CASES.values(), ids=REFERENCE_CASES.keys())
def test_simulate_matches_the_reference_model(scenario: Scenario) -> None:
    """The vectorised engine and a plain scalar reading of MODEL.md agree month by month."""
    table = simulate(scenario)
    months = reference.run(scenario)
    # Relative agreement; absolute slack only where a value can be 0 or cross it (profit).
    money = 1e-9 * (scenario.budget + scenario.margin * max(m.revenue for m in months) + 1)
    slack = {"churn_rate": 1e-15, "profit": money, "discounted_profit": money}
    for column in COMPARED:
        expected = [getattr(month, column) for month in months]
        assert table[column].tolist() == pytest.approx(
            expected, rel=1e-9, abs=slack.get(column, 1e-9)
        ), column
    # Spend each month is the budget, less any cut from the cut's month on.
    cut = [
        1 - scenario.budget_cut if t + 1 >= scenario.budget_cut_month else 1.0
        for t in range(scenario.months)
    ]
    assert (table.retention_spend + table.acquisition_spend).tolist() == pytest.approx(
        [scenario.budget * c for c in cut], rel=1e-12, abs=1e-9
    )


def test_simulate_table_layout(defaults: Scenario) -> None:
    """One row per month t = 0 … H − 1, with the columns the app charts and exports."""
    table = simulate(defaults.model_copy(update={"months": 24}))
    assert list(table.columns) == COLUMNS
    assert table.month.tolist() == list(range(24))
    assert table.customers.iloc[0] == 10_000
    assert (table.retention_spend == 0.4 * 50_000).all()
    assert (table.acquisition_spend == 0.6 * 50_000).all()


def test_discounting_uses_the_monthly_equivalent_rate() -> None:
    """Month 12 is discounted by exactly one year: (1 + d)^−1 (MODEL.md d_m)."""
    table = simulate(Scenario(discount=0.25))
    assert table.discounted_profit.iloc[12] == pytest.approx(
        table.profit.iloc[12] / 1.25, rel=1e-12
    )
    assert table.discounted_profit.iloc[0] == table.profit.iloc[0]


# --- Trade-off curve ------------------------------------------------------------------------


def test_tradeoff_has_201_shares_from_0_to_1(defaults: Scenario) -> None:
    """MODEL.md: the curve has 201 points, every half percent of the budget."""
    curve = tradeoff(defaults)
    assert list(curve.columns) == ["retention_share", "npv", "revenue", "customers_end"]
    assert len(curve) == 201
    assert curve.retention_share.tolist() == pytest.approx([i / 200 for i in range(201)], abs=1e-15)
    assert curve.retention_share.iloc[0] == 0.0 and curve.retention_share.iloc[-1] == 1.0


@pytest.mark.parametrize(
    "scenario",
    [Scenario(), Scenario(market=11_000, customers=9_000), Scenario(budget=0)],
    ids=["defaults", "market", "no_budget"],
)
@pytest.mark.parametrize("row", [0, 1, 37, 80, 83, 150, 199, 200])
def test_tradeoff_rows_are_the_plans_at_those_shares(scenario: Scenario, row: int) -> None:
    """Each point of the curve is the plan with that share: its NPV (sum of discounted profit),
    revenue (sum) and final base equal simulate's, and the reference model's."""
    point = tradeoff(scenario).iloc[row]
    plan = scenario.model_copy(update={"retention_share": float(point.retention_share)})
    table = simulate(plan)
    assert point.npv == pytest.approx(table.discounted_profit.sum(), rel=1e-12)
    assert point.revenue == pytest.approx(table.revenue.sum(), rel=1e-12)
    assert point.customers_end == pytest.approx(table.customers_end.iloc[-1], rel=1e-12)
    months = reference.run(plan)
    assert point.npv == pytest.approx(reference.objective(months, "npv"), rel=1e-9)
    assert point.customers_end == pytest.approx(reference.objective(months, "customers"), rel=1e-9)


@pytest.mark.parametrize("points", [2, 3, 11])
def test_tradeoff_grid_size_is_adjustable(defaults: Scenario, points: int) -> None:
    """A coarser grid keeps both ends of the range."""
    shares = tradeoff(defaults, points=points).retention_share.tolist()
    assert shares == pytest.approx([i / (points - 1) for i in range(points)], abs=1e-15)


@pytest.mark.parametrize("points", [1, 0, -3])
def test_tradeoff_needs_at_least_two_points(defaults: Scenario, points: int) -> None:
    """A one-point 'curve' cannot show a trade-off."""
    with pytest.raises(ValueError, match="at least 2"):
        tradeoff(defaults, points=points)


# --- Best split -----------------------------------------------------------------------------


def test_best_split_is_refined_off_the_grid(defaults: Scenario) -> None:
    """The zoom makes the answer continuous: on the defaults the optimum is not a 0.005 step."""
    best = best_split(defaults)
    steps = best.best_share * 200
    assert abs(steps - round(steps)) > 1e-3
    curve = tradeoff(defaults)
    assert best.best_value > curve.npv.max()


def test_best_split_is_a_local_maximum_of_the_reference_npv(defaults: Scenario) -> None:
    """Nudging the answer either way by 0.001 of the budget cannot beat it (reference model),
    and its value is the reference NPV at that share."""
    best = best_split(defaults)
    assert 0.40 < best.best_share < 0.43  # between the grid's best and its neighbours
    assert best.best_value == pytest.approx(reference.npv_at(defaults, best.best_share), rel=1e-9)
    for nudge in (-1e-3, 1e-3):
        assert reference.npv_at(defaults, best.best_share + nudge) < best.best_value


@pytest.mark.parametrize("share", [0.0, 0.25, 0.4, 1.0])
def test_with_no_budget_the_plan_is_the_best(share: float) -> None:
    """Every split of nothing is the same plan; the answer is the user's own share, not an
    arbitrary end of the grid, and the gain is zero."""
    best = best_split(Scenario(budget=0, retention_share=share))
    assert best.best_share == share == best.plan_share
    assert best.gain == 0.0
    assert best.plan_value == pytest.approx(reference.npv_at(Scenario(budget=0), share), rel=1e-9)


def test_a_plan_already_at_the_optimum_is_kept(defaults: Scenario) -> None:
    """If the plan is the best split, best_split reports the plan's own share."""
    optimum = best_split(defaults).best_share
    best = best_split(defaults.model_copy(update={"retention_share": optimum}))
    assert best.best_share == optimum == best.plan_share
    assert best.gain == 0.0


@pytest.mark.parametrize("objective", ["npv", "revenue", "customers"])
def test_best_split_reports_the_plan_and_the_gain(objective: str) -> None:
    """plan_value is the objective of the plan itself; gain is best minus plan."""
    scenario = Scenario(objective=objective, retention_share=0.9)  # type: ignore[arg-type]
    best = best_split(scenario)
    expected_plan = reference.objective(reference.run(scenario), objective)
    assert best.objective == objective
    assert best.plan_share == 0.9
    assert best.plan_value == pytest.approx(expected_plan, rel=1e-9)
    assert best.gain == best.best_value - best.plan_value > 0
    curve = tradeoff(scenario)
    assert best.best_value >= curve[OBJECTIVE_COLUMN[objective]].max()


@given(scenarios())
def test_best_split_beats_every_grid_point_and_the_plan(scenario: Scenario) -> None:
    """The refined optimum is at least the best grid value and at least the plan's value, and
    is a share in [0, 1]."""
    best = best_split(scenario)
    grid_best = float(tradeoff(scenario)[OBJECTIVE_COLUMN[scenario.objective]].max())
    assert best.best_value >= grid_best - 1e-12 * max(1.0, abs(grid_best))
    assert best.best_value >= best.plan_value
    assert 0.0 <= best.best_share <= 1.0
    assert best.plan_share == scenario.retention_share
    assert best.gain >= 0


# Two rows with different best splits (about 0.41 and 0.71), each with its plan riding along.
AROUND_ROWS = [Scenario(), Scenario(churn=0.1, retention_share=0.9)]


@pytest.mark.parametrize("points", [2, 3, 11, 41, 56, 60, 100])
def test_around_best_projects_a_short_or_uneven_grid_whole(points: int) -> None:
    """A grid of at most 60 shares, or one whose every fifth share does not end on its last,
    is projected whole in one pass (a coarse pass would save nothing): every share of the grid
    in order, then the plan, for each row, with the values the plain projection gives."""
    p = stacked_parameters(AROUND_ROWS)
    grid = share_grid(points)
    shares, paths = around_best(p, grid, 36, "npv", plan=p["retention_share"])
    expected = np.concatenate([np.broadcast_to(grid, (2, points)), p["retention_share"]], axis=-1)
    np.testing.assert_array_equal(shares, expected)
    np.testing.assert_allclose(
        paths.objective("npv"), project_at(p, expected, 36).objective("npv"), rtol=1e-12
    )


# Rows whose best split is inside the grid and at either end of it: churn at its floor (no
# retention to buy: all acquisition), and acquisition that buys almost nothing (all retention).
EDGE_ROWS = [
    *AROUND_ROWS,
    Scenario(churn=0.05, churn_floor=0.05),
    Scenario(cac=100_000, capacity=1, churn_floor=0.0),
]


@pytest.mark.parametrize("points", [61, 201])
def test_around_best_keeps_nine_grid_shares_around_the_best_of_a_long_grid(points: int) -> None:
    """Over 60 shares (every fifth ending on the last): the nine consecutive grid shares
    centred on the best of every fifth share (moved inside the grid when that is an end),
    then the plan; they hold the full grid's best share."""
    p = stacked_parameters(EDGE_ROWS)
    rows = len(EDGE_ROWS)
    grid = share_grid(points)
    shares, paths = around_best(p, grid, 36, "npv", plan=p["retention_share"])
    assert shares.shape == (rows, 10)
    np.testing.assert_array_equal(shares[:, -1:], p["retention_share"])
    full = project_at(p, np.broadcast_to(grid, (rows, points)), 36).objective("npv")
    coarse = first_best(full[:, ::5]) * 5
    assert coarse[2] == first_best(full)[2] == 0  # the edge rows' bests are the grid's ends
    assert coarse[3] == first_best(full)[3] == points - 1
    for row, best in enumerate(first_best(full)):
        first = min(max(int(coarse[row]) - 4, 0), points - 9)
        np.testing.assert_array_equal(shares[row, :9], grid[first : first + 9])
        assert first <= best < first + 9
    np.testing.assert_allclose(
        paths.objective("npv"), project_at(p, shares, 36).objective("npv"), rtol=1e-12
    )


@pytest.mark.parametrize("points", [2, 3, 11, 56])
def test_best_split_on_a_short_grid_zooms_to_the_optimum(defaults: Scenario, points: int) -> None:
    """A short grid is searched whole, then zoomed around its best point (101 points across
    two grid steps): the answer beats every grid point and lies within half a zoom step of
    the optimum the default grid finds."""
    best = best_split(defaults, points=points)
    assert best.best_value >= tradeoff(defaults, points=points).npv.max()
    optimum = best_split(defaults).best_share
    assert abs(best.best_share - optimum) <= 1 / (100 * (points - 1)) + 1e-4


# --- The curve moves the way the literature says ---------------------------------------------

BASES = [1_000, 2_000, 5_000, 10_000, 20_000, 30_000, 50_000]


def test_best_retention_share_rises_with_the_base() -> None:
    """MODEL.md check: larger bases favour retention (each retention dollar is spread over more
    customers who would otherwise churn), so the best share is non-decreasing in N0 and rises
    overall from 1,000 to 50,000."""
    shares = [best_split(Scenario(customers=n)).best_share for n in BASES]
    assert all(a <= b for a, b in pairwise(shares)), shares
    assert shares[-1] - shares[0] > 0.5, shares


def test_a_large_base_is_retention_heavy() -> None:
    """With 50,000 customers the optimum puts more than half the budget into retention."""
    assert best_split(Scenario(customers=50_000)).best_share > 0.5


@pytest.mark.parametrize(("dear", "cheap"), [(300.0, 150.0), (300.0, 100.0), (250.0, 175.0)])
def test_cheaper_acquisition_turns_a_retention_heavy_optimum_acquisition_heavy(
    dear: float, cheap: float
) -> None:
    """MODEL.md check, on the default inputs: with CAC = 300 the optimum is retention-heavy;
    when CAC falls far enough it turns acquisition-heavy (the crossing is near CAC = 200, so
    the pairs keep clear of it)."""
    assert best_split(Scenario(cac=dear)).best_share > 0.5
    assert best_split(Scenario(cac=cheap)).best_share < 0.5


def test_best_share_falls_as_cac_falls_on_a_large_base() -> None:
    """On 50,000 customers cheaper acquisition also moves the optimum towards acquisition
    (non-increasing from CAC 150 down to 30), though in this model it levels off just above
    half: CAC also sets the cost of retention (CAC/m), so both sides get cheaper together."""
    cacs = [150.0, 100.0, 75.0, 50.0, 40.0, 30.0]
    shares = [best_split(Scenario(customers=50_000, cac=c)).best_share for c in cacs]
    assert all(a >= b for a, b in pairwise(shares)), shares
    assert shares[0] == 1.0 and shares[-1] < 0.6, shares


def test_plan_value_matches_simulate_for_each_objective() -> None:
    """The three objectives are the NPV of profit, total revenue and customers at horizon."""
    scenario = Scenario(market=30_000)
    table = simulate(scenario)
    expected = {
        "npv": table.discounted_profit.sum(),
        "revenue": table.revenue.sum(),
        "customers": table.customers_end.iloc[-1],
    }
    for objective, value in expected.items():
        plan = scenario.model_copy(update={"objective": objective})
        assert best_split(plan).plan_value == pytest.approx(value, rel=1e-12)
