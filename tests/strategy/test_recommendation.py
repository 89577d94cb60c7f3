"""The plain-language answer (which way to lean) and the sensitivity table behind it."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given

import reference
from reference import scenarios
from strategy import Scenario, best_split, recommend, sensitivity, tradeoff
from strategy.analyses.recommendation import SENSITIVITY_FIELDS

LEAN_CASES: list[tuple[str, Scenario, str]] = [
    ("no_budget", Scenario(budget=0), "no_budget"),
    ("no_budget_even_off_optimum", Scenario(budget=0, retention_share=1.0), "no_budget"),
    ("plan_is_the_best", Scenario(retention_share=0.4128625), "keep"),
    ("defaults_shift_under_2_points", Scenario(), "keep"),
    ("shift_over_2_points_but_gain_under_0.1%", Scenario(retention_share=0.44), "keep"),
    (
        "large_base_starved_of_retention",
        Scenario(customers=50_000, retention_share=0.1),
        "retention",
    ),
    (
        "small_base_starved_of_acquisition",
        Scenario(customers=1_000, retention_share=0.9),
        "acquisition",
    ),
    # 8.7 points from the best but within 0.7% of its value: the curve is flat there (the
    # 0.1% cut-off of before called it "lean to acquisition").
    ("defaults_flat_at_half", Scenario(retention_share=0.5), "keep"),
    ("defaults_flat_at_35%", Scenario(retention_share=0.35), "keep"),
    ("defaults_far_too_much_retention", Scenario(retention_share=0.7), "acquisition"),
    ("defaults_far_too_little_retention", Scenario(retention_share=0.2), "retention"),
    # The workshop's client: "lean to acquisition, +0.5%", while churn ±20% moves the best
    # share over 26-40%, the plan's 40% included.
    (
        "client_flat",
        Scenario(customers=25_000, churn=0.04, cac_multiplier=7, budget=120_000),
        "keep",
    ),
]


@pytest.mark.parametrize(
    ("scenario", "lean"),
    [(s, lean) for _, s, lean in LEAN_CASES],
    ids=[name for name, _, _ in LEAN_CASES],
)
def test_lean(scenario: Scenario, lean: str) -> None:
    """The lean code the app turns into its headline sentence."""
    assert recommend(scenario).lean == lean


def test_lean_thresholds_by_hand() -> None:
    """Keep when the shift is under 2 points ("close"), the gain under 1% ("flat"), or the best
    share's range under ±20% of the most sensitive input reaches the plan ("uncertain"); lean
    otherwise. At 0.45 the best is 3.7 points away but worth 0.13% more; at 0.2, 21 points and
    5.8%, outside the 33-49% that churn's ±20% gives."""
    close = recommend(Scenario(retention_share=0.42))
    flat = recommend(Scenario(retention_share=0.45))
    far = recommend(Scenario(retention_share=0.2))
    assert abs(close.shift) < 0.02 and (close.lean, close.keep) == ("keep", "close")
    assert abs(flat.shift) >= 0.02 and flat.gain_ratio < 0.01
    assert (flat.lean, flat.keep) == ("keep", "flat")
    assert far.gain_ratio >= 0.01 and far.most_sensitive_low > 0.2
    assert (far.lean, far.keep) == ("retention", None)
    # A plan inside the sensitivity's range of best shares, 1.1% from the best value.
    uncertain = recommend(Scenario(customers=3_000, cac_multiplier=15, retention_share=0.1))
    assert uncertain.gain_ratio >= 0.01 and abs(uncertain.shift) >= 0.02
    assert uncertain.most_sensitive_low <= 0.1 + 0.01
    assert (uncertain.lean, uncertain.keep) == ("keep", "uncertain")


@pytest.mark.parametrize(
    ("scenario", "lean", "limits"),
    [
        # The client with retention 7x cheaper: the plan already buys churn down to 1.15%, next to
        # the 1% floor, so the answer is not more retention.
        (
            Scenario(
                customers=25_000,
                churn=0.04,
                churn_floor=0.01,
                cac_multiplier=7,
                budget=120_000,
                retention_share=0.6,
            ),
            "acquisition",
            ("churn_floor",),
        ),
        # A small base with much money: acquisition runs into its capacity of 800 a month.
        (
            Scenario(customers=50_000, budget=500_000, retention_share=0.1),
            "retention",
            ("capacity",),
        ),
        # Nine tenths of the reachable market are already customers.
        (
            Scenario(
                customers=9_000,
                market=10_000,
                churn=0.02,
                churn_floor=0.005,
                retention_share=0.1,
                budget=20_000,
            ),
            "retention",
            ("market",),
        ),
        (Scenario(budget=0), "no_budget", ()),
    ],
)
def test_the_answer_names_the_limit_that_drives_it(
    scenario: Scenario, lean: str, limits: tuple[str, ...]
) -> None:
    answer = recommend(scenario)
    assert (answer.lean, answer.limits) == (lean, limits)


@pytest.mark.parametrize("share", [0.1, 0.4, 0.9])
def test_recommendation_numbers_come_from_the_best_split(share: float) -> None:
    """shift = best share − plan share; gain ratio = (best − plan) / |plan| (NPV)."""
    scenario = Scenario(retention_share=share, customers=20_000)
    answer = recommend(scenario)
    best = best_split(scenario)
    assert answer.best == best
    assert answer.shift == pytest.approx(best.best_share - share, abs=1e-15)
    plan = reference.objective(reference.run(scenario), "npv")
    assert answer.gain_ratio == pytest.approx((best.best_value - plan) / abs(plan), rel=1e-6)


def test_gain_ratio_is_zero_without_budget() -> None:
    """No budget: nothing to gain, and no division by a zero gain."""
    answer = recommend(Scenario(budget=0))
    assert answer.gain_ratio == 0.0 and answer.best.gain == 0.0


def test_most_sensitive_input_is_the_largest_swing() -> None:
    """The answer names the input whose ±20% moves the best share most, with both shares."""
    scenario = Scenario(customers=30_000)
    answer = recommend(scenario)
    table = sensitivity(scenario)
    top = table.loc[table.swing == table.swing.max()].iloc[0]
    assert answer.most_sensitive == top.field
    assert (answer.most_sensitive_low, answer.most_sensitive_high) == (
        top.best_share_low,
        top.best_share_high,
    )
    assert abs(answer.most_sensitive_high - answer.most_sensitive_low) == table.swing.max()


# --- Sensitivity ----------------------------------------------------------------------------


def _reference_best_share(scenario: Scenario, points: int = 101) -> float:
    """Argmax of the reference NPV over an even share grid (first of equal values)."""
    shares = [i / (points - 1) for i in range(points)]
    values = [reference.npv_at(scenario, share) for share in shares]
    return shares[values.index(max(values))]


@pytest.mark.parametrize(
    "scenario",
    [Scenario(), Scenario(customers=40_000, market=60_000), Scenario(budget=0)],
    ids=["defaults", "market", "no_budget"],
)
def test_sensitivity_has_one_row_per_field_and_nonnegative_swings(scenario: Scenario) -> None:
    """One row per input, in display order; swing = |high − low| ≥ 0; shares on a 0.01 grid."""
    table = sensitivity(scenario)
    assert table.field.tolist() == list(SENSITIVITY_FIELDS)
    assert (table.swing >= 0).all()
    assert table.swing.tolist() == pytest.approx(
        (table.best_share_high - table.best_share_low).abs().tolist(), abs=1e-15
    )
    for column in ("best_share_low", "best_share_high", "best_share"):
        hundredths = table[column] * 100
        assert ((hundredths - hundredths.round()).abs() < 1e-9).all()
        assert table[column].between(0, 1).all()


@pytest.mark.parametrize(
    ("field", "column", "factor"),
    [
        ("customers", "best_share_low", 0.8),
        ("customers", "best_share_high", 1.2),
        ("churn", "best_share_low", 0.8),
        ("budget", "best_share_high", 1.2),
        ("cac", "best_share_low", 0.8),
        ("cac_multiplier", "best_share_high", 1.2),
    ],
)
def test_sensitivity_rows_are_the_best_share_of_the_perturbed_scenario(
    field: str, column: str, factor: float
) -> None:
    """Each row is the best 0.01-grid share of the scenario with one input moved by ±20%,
    as the reference model finds it."""
    scenario = Scenario()
    perturbed = scenario.model_copy(update={field: getattr(scenario, field) * factor})
    row = sensitivity(scenario).set_index("field").loc[field]
    assert row[column] == pytest.approx(_reference_best_share(perturbed), abs=1e-12)
    assert row.best_share == pytest.approx(_reference_best_share(scenario), abs=1e-12)


def test_sensitivity_keeps_perturbed_inputs_within_their_ranges() -> None:
    """Churn at its top (0.5) cannot go 20% higher: the "high" row is the unperturbed answer,
    although an unclipped churn of 0.6 would move the best share."""
    scenario = Scenario(churn=0.5, churn_floor=0.05, customers=30_000)
    row = sensitivity(scenario).set_index("field").loc["churn"]
    unclipped = scenario.model_copy(update={"churn": 0.6})
    assert _reference_best_share(unclipped) != _reference_best_share(scenario)  # it would matter
    assert row.best_share_high == row.best_share
    assert row.best_share == pytest.approx(_reference_best_share(scenario), abs=1e-12)


def test_sensitivity_with_churn_at_its_floor() -> None:
    """With churn at its floor, retention money buys nothing and the best share is 0; 20% more
    churn (0.06) or a 20% lower floor (0.04) opens a gap money can close, and retention comes
    back in, to the share the reference model finds."""
    scenario = Scenario(churn=0.05, churn_floor=0.05, customers=30_000)
    table = sensitivity(scenario).set_index("field")
    assert table.loc["churn", "best_share"] == 0.0
    more_churn = scenario.model_copy(update={"churn": 0.06})
    lower_floor = scenario.model_copy(update={"churn_floor": 0.04})
    assert table.loc["churn", "best_share_high"] == pytest.approx(
        _reference_best_share(more_churn), abs=1e-12
    )
    assert table.loc["churn_floor", "best_share_low"] == pytest.approx(
        _reference_best_share(lower_floor), abs=1e-12
    )
    assert table.loc["churn", "best_share_high"] > 0.1
    assert table.loc["churn_floor", "best_share_low"] > 0.1


def test_sensitivity_respects_a_custom_field_list_and_change() -> None:
    """Callers may ask about fewer inputs and a different change; rows follow their order."""
    scenario = Scenario()
    table = sensitivity(scenario, fields=("cac", "customers"), change=0.5)
    assert table.field.tolist() == ["cac", "customers"]
    cheaper = scenario.model_copy(update={"cac": 75.0})
    assert table.set_index("field").loc["cac", "best_share_low"] == pytest.approx(
        _reference_best_share(cheaper), abs=1e-12
    )


@given(scenarios())
@example(  # a plateau equal to 11 digits, where every fifth share then its window gave 0.48
    Scenario(
        customers=17,
        churn=0.34375,
        churn_floor=0.0,
        cac=0.2,
        cac_multiplier=3.203125,
        budget=19,
        retention_share=0.0,
        capacity=21.0,
        market=20,
        arpu=1.0,
        uplift=0.3125,
        margin=0.0,
        months=1,
        discount=0.0,
        objective="revenue",
    )
)
def test_sensitivity_finds_the_same_share_as_trying_every_grid_share(scenario: Scenario) -> None:
    """Sensitivity tries every fifth share, then the ones around the best: on the model's
    one-peaked curves that is the full 101-point grid's answer (the first of values equal to
    the largest to 1e-12 relative, so that rounding noise on a flat curve picks nothing)."""
    curve = tradeoff(scenario, points=101)
    column = {"npv": "npv", "revenue": "revenue", "customers": "customers_end"}
    values = curve[column[scenario.objective]].to_numpy()
    top = values.max()
    first_best = np.flatnonzero(values >= top - 1e-12 * max(1.0, abs(top)))[0]
    assert sensitivity(scenario).best_share.iloc[0] == curve.retention_share[first_best]
