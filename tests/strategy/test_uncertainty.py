"""Monte Carlo over ranged inputs: bands, the mean-best and robust splits, the fan chart."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from reference import scenarios

from strategy import Scenario, field_bounds
from strategy.model.plans import project_shares, share_grid, tradeoff_columns
from strategy.model.scenario import RANGED_FIELDS, Range
from strategy.analyses.uncertainty import (
    UncertaintyReport,
    draw_parameters,
    triangular,
    uncertainty,
)

COLUMN = {"npv": "npv", "revenue": "revenue", "customers": "customers_end"}
ARRAYS = ("shares", "deterministic", "p10", "p50", "p90", "mean", "fan_p10", "fan_p50", "fan_p90")


def _point_ranges(scenario: Scenario, fields: tuple[str, ...]) -> tuple[Range, ...]:
    """Zero-width ranges at the scenario's own values."""
    return tuple(
        Range(field, float(getattr(scenario, field)), float(getattr(scenario, field)))
        for field in fields
    )


def _same(a: UncertaintyReport, b: UncertaintyReport) -> bool:
    """Every array and number of two reports bitwise equal."""
    return all(np.array_equal(getattr(a, name), getattr(b, name)) for name in ARRAYS) and (
        a.mean_best,
        a.robust,
        a.plan,
        a.p_retention_beats_acquisition,
        a.p_plan_within_5pct,
        a.stretched,
    ) == (
        b.mean_best,
        b.robust,
        b.plan,
        b.p_retention_beats_acquisition,
        b.p_plan_within_5pct,
        b.stretched,
    )


# --- Draws ----------------------------------------------------------------------------------


def test_triangular_inverse_cdf_by_hand() -> None:
    """u = 0 gives the low end, u = 1 the high end, u = (c − a)/(b − a) the mode; a quarter
    of the mass of triangle (0, 0, 2) lies below 2 − √3 (1 − (2 − x)²/4 = 1/4 at x = 2 − √3);
    a zero-width range gives its one value, exactly."""
    low, mode, high = np.array(1.0), np.array(2.0), np.array(5.0)
    assert triangular(np.array(0.0), low, mode, high) == 1.0
    assert triangular(np.array(1.0), low, mode, high) == 5.0
    assert triangular(np.array(0.25), low, mode, high) == pytest.approx(2.0, abs=1e-15)
    assert triangular(np.array(0.25), np.array(0.0), np.array(0.0), np.array(2.0)) == (
        pytest.approx(2 - np.sqrt(3), abs=1e-15)
    )
    point = np.array(0.3)
    assert triangular(np.random.default_rng(0).random(5), point, point, point).tolist() == [0.3] * 5


def test_draws_follow_the_triangle_with_its_mode_at_the_point() -> None:
    """Cac multiplier 5 over 3–20: draws inside the range, mean (3 + 5 + 20)/3, and below 5
    exactly (5 − 3)/(20 − 3) of them (the mass left of the mode)."""
    scenario = Scenario(draws=5000, ranges=(Range("cac_multiplier", 3, 20),))
    drawn = draw_parameters(scenario)["cac_multiplier"]
    assert drawn.shape == (5000, 1)
    assert drawn.min() >= 3 and drawn.max() <= 20
    assert drawn.mean() == pytest.approx(28 / 3, abs=0.15)
    assert (drawn < 5).mean() == pytest.approx(2 / 17, abs=0.015)


def test_a_range_that_misses_the_point_is_stretched_to_it() -> None:
    """Cac multiplier 2 with a 3–20 range is drawn over 2–20, peaking at 2, and the report
    says which range was stretched; a range holding its point is not listed."""
    scenario = Scenario(
        cac_multiplier=2,
        draws=2000,
        ranges=(Range("cac_multiplier", 3, 20), Range("churn", 0.02, 0.08)),
    )
    drawn = draw_parameters(scenario)["cac_multiplier"]
    assert drawn.min() >= 2 and (drawn < 3).mean() > 0.05
    assert uncertainty(scenario).stretched == (Range("cac_multiplier", 2.0, 20.0),)


def test_churn_floor_is_clipped_to_each_drawn_churn_and_the_base_to_the_market() -> None:
    """Churn drawn from 0.01–0.08 with a floor of 0.04: in draws below 0.04 the floor is the
    drawn churn. A base drawn up to 50,000 with a market of 20,000 stops at the market, and no
    month of any draw exceeds it."""
    scenario = Scenario(
        churn=0.05,
        churn_floor=0.04,
        customers=10_000,
        market=20_000,
        ranges=(Range("customers", 5_000, 50_000), Range("churn", 0.01, 0.08)),
    )
    p = draw_parameters(scenario)
    low = p["churn"] < 0.04
    assert low.any() and (p["churn_floor"][low] == p["churn"][low]).all()
    assert (p["churn_floor"][~low] == 0.04).all()
    assert p["customers"].max() == 20_000
    report = uncertainty(scenario)
    assert report.fan_p90.max() <= 20_000
    assert np.isfinite(report.p10).all() and np.isfinite(report.p90).all()


# --- Collapse onto the deterministic answer ------------------------------------------------


@pytest.mark.parametrize("objective", ["npv", "revenue", "customers"])
def test_zero_width_ranges_collapse_onto_the_point_scenario(objective: str) -> None:
    """Every ranged input pinned at its value: the bands are the deterministic curve, the mean
    best is the curve's best grid share, and the fan is that split's own path."""
    scenario = Scenario(objective=objective, customers=20_000, draws=200)
    scenario = scenario.model_copy(
        update={
            "ranges": _point_ranges(
                scenario,
                ("customers", "churn", "churn_floor", "cac", "cac_multiplier", "budget", "arpu"),
            )
        }
    )
    report = uncertainty(scenario)
    curve = tradeoff_columns(share_grid(), project_shares(scenario, share_grid()))[
        COLUMN[objective]
    ]
    np.testing.assert_array_equal(report.deterministic, curve)
    for band in (report.p10, report.p50, report.p90, report.mean):
        np.testing.assert_allclose(band, curve, rtol=1e-12, atol=0)
    best = report.shares[np.argmax(curve)]
    assert report.mean_best.share == report.robust.share == best
    path = project_shares(scenario, np.asarray(best)).customers
    for fan in (report.fan_p10, report.fan_p50, report.fan_p90):
        np.testing.assert_allclose(fan, path, rtol=1e-12, atol=0)
    assert report.p_plan_within_5pct in (0.0, 1.0)
    assert report.stretched == ()


# --- Properties -----------------------------------------------------------------------------


@st.composite
def ranged_scenarios(draw: st.DrawFn) -> Scenario:
    """Any valid scenario with ranges on up to four inputs, each anywhere in its field."""
    base = draw(scenarios(shocks=True))
    fields = draw(st.lists(st.sampled_from(RANGED_FIELDS), max_size=4, unique=True))
    ranges = []
    for field in fields:
        bottom, top = (float(end) for end in field_bounds(field))
        ends = sorted(draw(st.floats(bottom, top, allow_nan=False)) for _ in range(2))
        ranges.append(Range(field, *ends))
    return Scenario.model_validate(
        {**base.model_dump(), "ranges": ranges, "draws": 100, "seed": draw(st.integers(0, 999_999))}
    )


def _tie(values: np.ndarray) -> float:
    """Rounding noise: values this close to the largest count as equal to it."""
    return 1e-12 * max(1.0, abs(float(values.max())))


def _first_best(values: np.ndarray) -> int:
    """The first of the values equal to the largest, up to rounding noise (a flat curve)."""
    return int(np.flatnonzero(values >= values.max() - _tie(values))[0])


@given(ranged_scenarios())
def test_bands_are_ordered_and_the_chosen_splits_are_the_best_of_their_kind(
    scenario: Scenario,
) -> None:
    """P10 ≤ P50 ≤ P90 at every share and month; the mean-best split has the largest mean and
    the robust one the largest P10 (so a P10 no lower than the mean-best's), each with its own
    column's numbers; probabilities are shares of draws (multiples of 1/100 in [0, 1])."""
    report = uncertainty(scenario)
    assert (report.p10 <= report.p50).all() and (report.p50 <= report.p90).all()
    assert (report.fan_p10 <= report.fan_p50).all() and (report.fan_p50 <= report.fan_p90).all()
    assert report.robust.p10 >= report.mean_best.p10 - _tie(report.p10)
    assert report.mean_best.mean >= report.robust.mean - _tie(report.mean)
    for outcome, column in (
        (report.mean_best, _first_best(report.mean)),
        (report.robust, _first_best(report.p10)),
    ):
        assert outcome.share == report.shares[column]
        assert (outcome.p10, outcome.p50, outcome.p90, outcome.mean) == (
            report.p10[column],
            report.p50[column],
            report.p90[column],
            report.mean[column],
        )
    for p in (report.p_retention_beats_acquisition, report.p_plan_within_5pct):
        assert 0 <= p <= 1 and p * 100 == pytest.approx(round(p * 100), abs=1e-9)
    assert report.fan_p50.shape == (scenario.months + 1,)


def test_same_seed_same_report_other_seed_other_bands() -> None:
    """The draws come from the seed alone; another seed draws other values."""
    scenario = Scenario(ranges=(Range("customers", 5_000, 20_000), Range("churn", 0.03, 0.08)))
    again = Scenario.model_validate(scenario.model_dump())
    assert _same(uncertainty(scenario), uncertainty(again))
    other = uncertainty(scenario.model_copy(update={"seed": 2}))
    first = uncertainty(scenario)
    for name in ("p10", "p50", "p90", "mean", "fan_p50"):
        assert not np.array_equal(getattr(first, name), getattr(other, name))


def test_fan_at_the_horizon_is_the_curve_at_the_mean_best_split() -> None:
    """Judged by customers at the horizon, the fan's last month is the bands' column at the
    mean-best share; its first month is the drawn base (its percentiles)."""
    scenario = Scenario(
        objective="customers",
        draws=500,
        ranges=(Range("customers", 5_000, 20_000), Range("churn", 0.03, 0.08)),
    )
    report = uncertainty(scenario)
    column = int(np.flatnonzero(report.shares == report.mean_best.share)[0])
    assert (report.fan_p10[-1], report.fan_p50[-1], report.fan_p90[-1]) == (
        report.p10[column],
        report.p50[column],
        report.p90[column],
    )
    drawn = draw_parameters(scenario)["customers"]
    assert report.fan_p50[0] == np.percentile(drawn, 50)
    assert report.p10[column] < report.p90[column]  # the bands are not a single line


@pytest.mark.parametrize(
    "scenario",
    [
        Scenario(
            retention_share=0.5,
            draws=100,
            ranges=(Range("customers", 2_000, 40_000), Range("cac_multiplier", 3, 20)),
        ),
        Scenario(
            margin=0.05,
            retention_share=0.3,
            draws=100,
            ranges=(Range("customers", 2_000, 40_000), Range("cac_multiplier", 3, 20)),
        ),
    ],
    ids=["profitable", "loss_making"],
)
def test_bands_and_probabilities_match_each_draw_solved_on_its_own(scenario: Scenario) -> None:
    """Each draw as a scenario of its own, projected alone: the bands are the percentiles of
    those curves; the probabilities count how often the best split at 0.5 or above beats every
    one below, and how often the plan comes within 5% of the draw's best (of |best| when the
    best loses money). The base ranges across the switch near 13,000 customers, so both sides
    win some draws."""
    p = draw_parameters(scenario)
    shares = np.append(share_grid(), scenario.retention_share)
    curves = np.array(
        [
            project_shares(
                scenario.model_copy(update={"customers": customers, "cac_multiplier": multiplier}),
                shares,
            ).objective("npv")
            for customers, multiplier in zip(
                p["customers"][:, 0], p["cac_multiplier"][:, 0], strict=True
            )
        ]
    )
    grid, best = curves[:, :-1], curves.max(axis=-1)
    wins = grid[:, share_grid() >= 0.5].max(axis=-1) > grid[:, share_grid() < 0.5].max(axis=-1)
    near = best - curves[:, -1] <= 0.05 * np.abs(best)
    report = uncertainty(scenario)
    bands = np.percentile(grid, [10, 50, 90], axis=0)
    for band, expected in zip(
        (report.p10, report.p50, report.p90, report.mean), (*bands, grid.mean(axis=0)), strict=True
    ):
        np.testing.assert_allclose(band, expected, rtol=1e-12, atol=0)
    assert (report.plan.p10, report.plan.p90) == (
        np.percentile(curves[:, -1], 10),
        np.percentile(curves[:, -1], 90),
    )
    assert 0 < report.p_retention_beats_acquisition < 1
    assert report.p_retention_beats_acquisition == wins.mean()
    assert 0 < report.p_plan_within_5pct < 1
    assert report.p_plan_within_5pct == near.mean()


def test_no_budget_ties_every_split() -> None:
    """With no budget every split gives the same value in every draw: retention never beats
    acquisition (a tie is not a win) and the plan is always within 5% of the best."""
    report = uncertainty(Scenario(budget=0, ranges=(Range("churn", 0.02, 0.1),)))
    assert report.p_retention_beats_acquisition == 0.0
    assert report.p_plan_within_5pct == 1.0


def test_plan_outcome_is_the_plan_column() -> None:
    """The plan's outcome is its own share projected in every draw (not the nearest grid
    share): at an off-grid share its P50 lies between its grid neighbours' for a one-peaked
    curve sloping there."""
    scenario = Scenario(retention_share=0.8123, ranges=(Range("customers", 5_000, 20_000),))
    report = uncertainty(scenario)
    assert report.plan.share == 0.8123
    left, right = np.searchsorted(report.shares, 0.8123) - 1, np.searchsorted(report.shares, 0.8123)
    assert (
        min(report.p50[left], report.p50[right])
        < report.plan.p50
        < max(report.p50[left], report.p50[right])
    )
