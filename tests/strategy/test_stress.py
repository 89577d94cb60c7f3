"""Stress shocks in the engine (closed forms worked by hand, the reference loop) and the stress
report. A shock in month k hits at the start of t = k − 1."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import reference
from reference import scenarios
from strategy import (
    Scenario,
    StressReport,
    analyse,
    best_split,
    field_bounds,
    simulate,
    stress,
    tradeoff,
    unit_economics,
)
from strategy.model.plans import project_shares
from strategy.model.scenario import Range
from strategy.analyses.stress import adoption_ends

QUIET = {"shock_loss": 0.0, "launch_adoption": 0.0, "budget_cut": 0.0, "cac_inflation": 0.0}


# --- Shocks in the engine ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("loss", "month", "months"), [(0.25, 12, 36), (0.9, 1, 24), (0.5, 36, 36), (0.1, 7, 10)]
)
def test_churn_shock_with_no_budget_is_a_step_in_the_geometric_decay(
    loss: float, month: int, months: int
) -> None:
    """B = 0, shock q in month k: N_t = N0 (1 − c0)^t up to t = k − 1, then × (1 − q); the
    month of the shock loses q·N + c0·(1 − q)·N."""
    n0, c0 = 10_000, 0.05
    table = simulate(Scenario(budget=0, shock_loss=loss, shock_month=month, months=months))
    k = month - 1
    start = [n0 * (1 - c0) ** t * ((1 - loss) if t > k else 1.0) for t in range(months)]
    end = [n0 * (1 - c0) ** (t + 1) * ((1 - loss) if t >= k else 1.0) for t in range(months)]
    assert table.customers.tolist() == pytest.approx(start, rel=1e-12, abs=0)
    assert table.customers_end.tolist() == pytest.approx(end, rel=1e-12, abs=0)
    shocked = n0 * (1 - c0) ** k
    assert table.lost_customers.iloc[k] == pytest.approx(
        loss * shocked + c0 * (1 - loss) * shocked, rel=1e-12
    )
    assert table.churn_rate.tolist() == pytest.approx([c0] * months, rel=1e-15)


@pytest.mark.parametrize("month", [1, 12, 36])
def test_launch_revenue_with_no_budget_is_exact(month: int) -> None:
    """B = 0: no new customers, so the launch adds adoption · N_{k−1} · price in its month only,
    on top of ARPU (1 + u) N (1 − c0)."""
    s = Scenario(budget=0, launch_adoption=0.5, launch_price=80.0, launch_month=month)
    table = simulate(s)
    n = [10_000 * 0.95**t for t in range(36)]
    expected = [
        40 * 1.31 * n[t] * 0.95 + (0.5 * n[t] * 80 if t == month - 1 else 0.0) for t in range(36)
    ]
    assert table.revenue.tolist() == pytest.approx(expected, rel=1e-12)
    assert table.profit.tolist() == pytest.approx([0.6 * r for r in expected], rel=1e-12)


def test_launch_new_buyers_pay_from_the_launch_month_on() -> None:
    """From the launch on, each month adds adoption_new · new · price; before it, nothing."""
    plain = simulate(Scenario())
    s = Scenario(launch_adoption=0.5, launch_adoption_new=0.2, launch_price=100.0, launch_month=10)
    table = simulate(s)
    extra = (table.revenue - plain.revenue).to_numpy()
    assert (extra[:9] == 0).all()
    assert extra[9] == pytest.approx(
        0.5 * plain.customers[9] * 100 + 0.2 * plain.new_customers[9] * 100, rel=1e-12
    )
    assert extra[10:].tolist() == pytest.approx(
        (0.2 * plain.new_customers[10:] * 100).tolist(), rel=1e-12
    )
    assert table.customers.tolist() == plain.customers.tolist()  # the base is untouched


def test_no_launch_means_no_new_buyers_either() -> None:
    """launch_adoption = 0 is "no launch": launch_adoption_new and the price do nothing."""
    assert simulate(Scenario(launch_adoption_new=1.0, launch_price=100_000.0)).equals(
        simulate(Scenario())
    )


def test_budget_cut_halves_the_spend_from_its_month_on() -> None:
    """Both spend columns are halved from the cut's month, the split stays, and acquisition
    buys what half the money buys; before the cut nothing changes."""
    plain = simulate(Scenario())
    table = simulate(Scenario(budget_cut=0.5, budget_cut_month=12))
    assert table.retention_spend.tolist() == [20_000.0] * 11 + [10_000.0] * 25
    assert table.acquisition_spend.tolist() == [30_000.0] * 11 + [15_000.0] * 25
    pd.testing.assert_frame_equal(table.iloc[:11], plain.iloc[:11])
    half = 800 * math.tanh(15_000 / (800 * 150))
    assert table.new_customers.iloc[11:].tolist() == pytest.approx([half] * 25, rel=1e-12)
    assert table.profit.iloc[11:].tolist() == pytest.approx(
        (0.6 * table.revenue.iloc[11:] - 25_000).tolist(), rel=1e-12
    )


def test_cac_inflation_lowers_new_customers_after_its_month_and_not_before() -> None:
    """From the month on, new = b tanh(A / (b · CAC · (1 + i))); retention costs the same, so
    churn in the month itself (same base, same spend) is unchanged."""
    plain = simulate(Scenario())
    table = simulate(Scenario(cac_inflation=1.0, cac_inflation_month=12))
    pd.testing.assert_frame_equal(table.iloc[:11], plain.iloc[:11])
    dear = 800 * math.tanh(30_000 / (800 * 300))
    assert table.new_customers.iloc[11:].tolist() == pytest.approx([dear] * 25, rel=1e-12)
    assert (table.new_customers.iloc[11:] < plain.new_customers.iloc[11:]).all()
    assert table.churn_rate.iloc[11] == plain.churn_rate.iloc[11]
    assert (table.retention_spend == plain.retention_spend).all()


@pytest.mark.parametrize(
    "update",
    [
        {"shock_loss": 0.5, "shock_month": 37},
        {"launch_adoption": 0.5, "launch_month": 40},
        {"budget_cut": 1.0, "budget_cut_month": 120},
        {"cac_inflation": 3.0, "cac_inflation_month": 37},
    ],
)
def test_a_shock_beyond_the_horizon_never_happens(update: dict[str, float]) -> None:
    """A month past the horizon is accepted and changes nothing, bit for bit."""
    assert simulate(Scenario(**update)).equals(simulate(Scenario()))


@given(scenarios(), st.integers(1, 120), st.integers(1, 120), st.floats(0, 1), st.floats(0, 1e5))
@settings(max_examples=30)
def test_shocks_off_are_bit_identical_to_no_shocks(
    scenario: Scenario, month: int, other: int, adoption_new: float, price: float
) -> None:
    """With every shock's size at 0 (whatever its month, launch price or new-buyer share) the
    engine gives exactly the numbers of the scenario with default shock fields."""
    off = scenario.model_copy(
        update={
            **QUIET,
            "shock_month": month,
            "launch_month": other,
            "budget_cut_month": month,
            "cac_inflation_month": other,
            "launch_adoption_new": adoption_new,
            "launch_price": price,
        }
    )
    assert simulate(off).equals(simulate(scenario))
    assert tradeoff(off).equals(tradeoff(scenario))
    assert best_split(off) == best_split(scenario)


@given(scenarios(shocks=True))
@settings(max_examples=40)
def test_shocked_paths_stay_valid_and_match_the_reference(scenario: Scenario) -> None:
    """Any shocks: customers in [0, M], nothing NaN or infinite, and the scalar reference."""
    table = simulate(scenario)
    assert np.isfinite(table.to_numpy(dtype=float)).all()
    assert (table.customers >= 0).all() and (table.customers_end >= 0).all()
    if scenario.market is not None:
        assert (table.customers_end <= scenario.market).all()
    months = reference.run(scenario)
    scale = scenario.budget + max(m.revenue for m in months) + 1
    for column in (
        "customers",
        "customers_end",
        "new_customers",
        "lost_customers",
        "revenue",
        "profit",
    ):
        expected = [getattr(m, column) for m in months]
        slack = 1e-9 * (
            scale if column in ("revenue", "profit") else max(1.0, max(m.customers for m in months))
        )
        assert table[column].tolist() == pytest.approx(expected, rel=1e-9, abs=slack), column


def test_month_one_shocks_reach_the_month_zero_figures() -> None:
    """Unit economics describe month 0: a cut, a dearer CAC or a lost share of the base that
    hit at the start of month 1 are in them (as if the scenario had started that way)."""
    shocked = Scenario(budget_cut=0.5, budget_cut_month=1, cac_inflation=1.0, cac_inflation_month=1)
    same = Scenario(budget=25_000, cac=300.0, cac_multiplier=10.0)  # CAC/m stays 30
    got, want = unit_economics(shocked), unit_economics(same)
    for name in (
        "churn_rate",
        "clv",
        "average_cac",
        "ltv_to_cac",
        "payback_months",
        "steady_state_customers",
    ):
        assert getattr(got, name) == pytest.approx(getattr(want, name), rel=1e-9), name
    analysis = analyse(shocked)
    assert analysis.economics == got
    assert analysis.margins.average_cost_acquire == pytest.approx(
        analyse(same).margins.average_cost_acquire, rel=1e-9
    )


SHOCK_DEFAULTS_AND_RANGES = [
    ("shock_loss", 0.0, 0, 0.9),
    ("shock_month", 12, 1, 120),
    ("launch_adoption", 0.0, 0, 1),
    ("launch_adoption_new", 0.125, 0, 1),
    ("launch_price", 100.0, 0, 100_000),
    ("launch_month", 12, 1, 120),
    ("budget_cut", 0.0, 0, 1),
    ("budget_cut_month", 12, 1, 120),
    ("cac_inflation", 0.0, 0, 3),
    ("cac_inflation_month", 12, 1, 120),
    ("growth_target", 0.1, -1, 10),
]


@pytest.mark.parametrize(("field", "default", "low", "high"), SHOCK_DEFAULTS_AND_RANGES)
def test_shock_fields_default_to_no_shock_within_the_widget_ranges(
    field: str, default: float, low: float, high: float
) -> None:
    assert getattr(Scenario(), field) == default
    assert field_bounds(field) == (low, high)
    assert Scenario.model_fields[field].description
    assert Scenario.model_fields[field].json_schema_extra["unit"]  # type: ignore[index]
    step = 1 if isinstance(default, int) else 1e-9
    for bad in (low - step, high + step):
        with pytest.raises(ValidationError):
            Scenario(**{field: bad})


@given(scenarios(shocks=True))
@settings(max_examples=15)
def test_everything_the_explorer_shows_runs_under_any_shocks(scenario: Scenario) -> None:
    """analyse (trade-off, best split, unit economics, marginal view, sensitivity) and the
    stress report work, with no warning (warnings are errors here) and finite trajectories."""
    analysis = analyse(scenario)
    for column in (*analysis.plan.values(), *analysis.best.values(), *analysis.tradeoff.values()):
        assert np.isfinite(column.astype(float)).all()
    report = stress(scenario)
    assert report.rows[0].case == "baseline" and report.target == scenario.growth_target
    for row in report.rows:
        assert row.best.best_value >= row.best.plan_value
        assert (row.problem is None) == (scenario.customers * scenario.arpu > 0)


# --- The stress report ----------------------------------------------------------------------


def test_no_shock_gives_the_baseline_only() -> None:
    report = stress(Scenario())
    assert isinstance(report, StressReport)
    assert [row.case for row in report.rows] == ["baseline"]
    assert report.target == 0.1


def test_each_active_shock_alone_then_all_combined() -> None:
    scenario = Scenario(shock_loss=0.25, launch_adoption=0.5, cac_inflation=0.5)
    report = stress(scenario)
    assert [row.case for row in report.rows] == [
        "baseline",
        "churn_shock",
        "launch",
        "cac_inflation",
        "combined",
    ]
    sizes = {
        row.case: (
            row.scenario.shock_loss,
            row.scenario.launch_adoption,
            row.scenario.budget_cut,
            row.scenario.cac_inflation,
        )
        for row in report.rows
    }
    assert sizes == {
        "baseline": (0, 0, 0, 0),
        "churn_shock": (0.25, 0, 0, 0),
        "launch": (0, 0.5, 0, 0),
        "cac_inflation": (0, 0, 0, 0.5),
        "combined": (0.25, 0.5, 0, 0.5),
    }
    assert report.row("combined").scenario == scenario  # type: ignore[union-attr]
    assert report.row("budget_cut") is None
    today = 10_000 * 40 * 1.31
    for row in report.rows:
        assert row.best == best_split(row.scenario)
        plan = simulate(row.scenario).revenue.sum() / (36 * today) - 1
        best = (
            simulate(
                row.scenario.model_copy(update={"retention_share": row.best.best_share})
            ).revenue.sum()
            / (36 * today)
            - 1
        )
        assert row.growth_plan == pytest.approx(plan, rel=1e-12)
        assert row.growth_best == pytest.approx(best, rel=1e-12)
        assert row.margin_plan == row.growth_plan - 0.1
        assert row.passes_plan == (row.growth_plan >= 0.1)
        assert row.passes_best == (row.growth_best >= 0.1)
        assert row.problem is None


def test_a_single_shock_has_no_combined_row() -> None:
    assert [row.case for row in stress(Scenario(budget_cut=0.3)).rows] == ["baseline", "budget_cut"]


def test_growth_with_no_budget_is_the_geometric_sum() -> None:
    """B = 0: revenue_t = ARPU (1 + u) N0 (1 − c0)^(t+1), so growth = mean of (1 − c0)^(t+1) − 1;
    a launch of half the base in month k adds 0.5 N0 (1 − c0)^(k−1) · price / (H · today)."""
    scenario = Scenario(
        budget=0, launch_adoption=0.5, launch_price=200.0, launch_month=12, growth_target=-0.54
    )
    report = stress(scenario)
    plain = sum(0.95 ** (t + 1) for t in range(36)) / 36 - 1
    launch = 0.5 * 10_000 * 0.95**11 * 200 / (36 * 10_000 * 40 * 1.31)
    base, launched = report.rows
    assert base.growth_plan == pytest.approx(plain, rel=1e-12)
    assert launched.growth_plan == pytest.approx(plain + launch, rel=1e-12)
    assert base.growth_best == base.growth_plan  # no budget: every split is the plan
    assert not base.passes_plan and launched.passes_plan  # −0.555 < −0.54 < −0.525
    assert launched.margin_plan == pytest.approx(plain + launch + 0.54, rel=1e-12)


def test_no_revenue_today_fails_with_a_code() -> None:
    report = stress(Scenario(customers=0, shock_loss=0.5))
    for row in report.rows:
        assert math.isnan(row.growth_plan) and math.isnan(row.growth_best)
        assert not row.passes_plan and not row.passes_best
        assert row.problem == "no_revenue_today"


def test_growth_of_the_best_split_uses_its_own_projection() -> None:
    """growth_best is the revenue growth of the split the row reports as best."""
    row = stress(Scenario(objective="revenue", shock_loss=0.3)).rows[1]
    total = project_shares(row.scenario, np.asarray(row.best.best_share)).objective("revenue")
    assert row.growth_best == pytest.approx(float(total) / (36 * 10_000 * 40 * 1.31) - 1, rel=1e-12)
    assert row.growth_best >= row.growth_plan  # the revenue-best split has the most revenue


def test_rows_carry_the_trajectories_they_judge() -> None:
    """The page draws each case from the row: the plan's and the best split's months are what
    `simulate` gives for them."""
    scenario = Scenario(shock_loss=0.25, launch_adoption=0.5, budget_cut=0.3, cac_inflation=0.5)
    for row in stress(scenario).rows:
        at_best = row.scenario.model_copy(update={"retention_share": row.best.best_share})
        for months, expected in (
            (row.plan_months, simulate(row.scenario)),
            (row.best_months, simulate(at_best)),
        ):
            for column in expected.columns:
                assert np.asarray(months[column]) == pytest.approx(
                    expected[column].to_numpy(), rel=1e-12, abs=1e-9
                ), (row.case, column)


def test_a_launch_with_adoption_ranges_is_judged_at_both_ends() -> None:
    """The adoption rates at the low ends of their ranges give the plan's low growth, at the
    high ends its high growth; the rates themselves lie between."""
    ranges = (Range("launch_adoption", 0.6, 0.7), Range("launch_adoption_new", 0.05, 0.2))
    scenario = Scenario(launch_adoption=0.65, launch_adoption_new=0.1, ranges=ranges)
    row = stress(scenario).row("launch")
    assert row is not None and row.growth_plan_range is not None
    ends = [
        stress(scenario.model_copy(update={"launch_adoption": a, "launch_adoption_new": n})).row(
            "launch"
        )
        for a, n in ((0.6, 0.05), (0.7, 0.2))
    ]
    assert row.growth_plan_range == pytest.approx([end.growth_plan for end in ends], rel=1e-12)
    low, high = row.growth_plan_range
    assert low < row.growth_plan < high
    assert stress(scenario).row("baseline").growth_plan_range is None  # no launch there


def test_an_adoption_range_stretches_to_include_the_rate_and_needs_a_launch() -> None:
    scenario = Scenario(launch_adoption=0.5, ranges=(Range("launch_adoption", 0.6, 0.7),))
    low, high = adoption_ends(scenario)
    assert (low.launch_adoption, high.launch_adoption) == (0.5, 0.7)
    assert adoption_ends(scenario.model_copy(update={"launch_adoption": 0.0})) is None
    assert adoption_ends(Scenario(launch_adoption=0.5, ranges=())) is None
