"""The strategy map, switching points and tornado: what the best split hinges on."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from reference import scenarios

from strategy import Scenario, best_split, field_bounds
from strategy.model.scenario import RANGED_FIELDS, Range
from strategy.analyses.strategy_map import (
    LOG_FIELDS,
    map_axis,
    strategy_map,
    switching_points,
    tornado,
    variant,
)

AXES = [
    ("customers", "cac_multiplier"),
    ("churn", "budget"),
    ("churn", "churn_floor"),
    ("churn_floor", "cac"),
    ("capacity", "arpu"),
    ("uplift", "margin"),
    ("discount", "launch_price"),
    ("shock_loss", "budget_cut"),
    ("launch_adoption", "cac_inflation"),
]
SCENARIOS = {
    "defaults": Scenario(),
    "shocks_and_market": Scenario(
        customers=20_000, market=60_000, shock_loss=0.2, launch_adoption=0.3, objective="customers"
    ),
    "zeros": Scenario(customers=0, budget=0, arpu=0, churn_floor=0.0, objective="revenue"),
}


@pytest.mark.parametrize(("x", "y"), AXES, ids=[f"{x}-{y}" for x, y in AXES])
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_user_cell_is_the_explorers_best_split(name: str, x: str, y: str) -> None:
    """The user's own scenario is a cell, and its best share is `best_split`'s, exactly; every
    share lies in [0, 1]; axes rise, hold the user's value and stay within the inputs' ranges
    (the base below the market)."""
    scenario = SCENARIOS[name]
    found = strategy_map(scenario, x, y, points=7)
    assert found.best_share.shape == found.best_value.shape == (7, 7)
    row, column = found.user_cell
    assert (found.x_values[column], found.y_values[row]) == (
        getattr(scenario, x),
        getattr(scenario, y),
    )
    assert found.best_share[row, column] == best_split(scenario).best_share
    assert found.best_value[row, column] == best_split(scenario).best_value
    assert ((found.best_share >= 0) & (found.best_share <= 1)).all()
    for field, axis in ((x, found.x_values), (y, found.y_values)):
        low, high = field_bounds(field)
        assert (np.diff(axis) >= 0).all() and low <= axis[0] and axis[-1] <= high
        if field == "customers" and scenario.market is not None:
            assert axis[-1] < scenario.market


@given(
    scenarios(shocks=True),
    st.lists(st.sampled_from(RANGED_FIELDS), min_size=2, max_size=2, unique=True),
)
def test_user_cell_agrees_on_any_scenario_and_axes(scenario: Scenario, axes: list[str]) -> None:
    """Any valid scenario, any two inputs: the user's cell is `best_split`'s answer."""
    found = strategy_map(scenario, *axes, points=3)
    assert found.best_share[found.user_cell] == best_split(scenario).best_share
    assert np.isfinite(found.best_value).all()


def test_every_cell_is_the_best_split_of_its_scenario() -> None:
    """Cells are searched in chunks of stacked scenarios; each is what `best_split` says for
    its own scenario, churn floor clipped to the cell's churn."""
    found = strategy_map(Scenario(), "churn", "churn_floor", points=12)
    for row, column in [(0, 0), (0, 11), (5, 3), (11, 0), (11, 11), (7, 9)]:
        churn, floor = found.x_values[column], found.y_values[row]
        alone = Scenario(churn=churn, churn_floor=min(floor, churn))
        assert found.best_share[row, column] == best_split(alone).best_share


def test_default_map_is_40_by_40_and_larger_bases_lean_to_retention() -> None:
    """The default map spans a tenth to ten times the base (log-spaced) and the whole
    multiplier range; along the user's multiplier the best share rises with the base from
    1,000 to 50,000 (MODEL.md) until all of the budget goes to retention."""
    found = strategy_map(Scenario())
    assert found.best_share.shape == (40, 40)
    assert (found.x_values[0], found.x_values[-1]) == (1_000, 100_000)
    assert (found.y_values[0], found.y_values[-1]) == (1, 20)
    row, column = found.user_cell
    along = found.best_share[row, found.x_values <= 50_000]
    assert (np.diff(along) >= 0).all() and (np.diff(along)[along[1:] < 1] > 0).all()
    assert along[0] < 0.2 and along[-1] == 1.0
    assert found.best_share[row, column] == pytest.approx(0.4129, abs=1e-4)


@pytest.mark.parametrize(
    ("field", "value", "axis_ends"),
    [
        ("customers", 10_000, (1_000, 100_000)),
        ("customers", 0, (0, 100_000)),
        ("cac_multiplier", 5, (1, 20)),
        ("budget", 2, (0.2, 20)),
        ("churn", 0.25, (0.5 / 14, 0.5 - 0.5 / 14)),
        ("churn_floor", 0.01, (0.05 / 14, 0.05 - 0.05 / 14)),  # up to the churn, 0.05
    ],
)
def test_map_axes(field: str, value: float, axis_ends: tuple[float, float]) -> None:
    """Log inputs: a tenth to ten times the value, within the field's range (from 0 to ten
    times the default for a value of 0), evenly spaced in the logarithm; fractions: the
    centres of equal cells over the field's range; the value itself always on the axis."""
    axis = map_axis(Scenario(**{field: value}), field, 7)
    assert (axis[0], axis[-1]) == pytest.approx(axis_ends, abs=1e-12)
    assert value in axis
    others = np.delete(axis, np.flatnonzero(axis == value))
    steps = np.diff(np.log(others) if field in LOG_FIELDS and value > 0 else others)
    wide = ~np.isclose(steps, steps.min())  # the one step that spans the replaced point
    assert wide.sum() <= 1 and steps[wide] == pytest.approx(2 * steps.min())


def test_map_rejects_axes_it_cannot_draw() -> None:
    with pytest.raises(ValueError, match="two different"):
        strategy_map(Scenario(), "churn", "churn")
    with pytest.raises(ValueError, match="cannot be a map axis"):
        strategy_map(Scenario(), "months", "churn")


def test_variant_keeps_the_floor_under_the_churn_and_the_base_under_the_market() -> None:
    scenario = Scenario(churn=0.05, churn_floor=0.04, customers=10_000, market=20_000)
    moved = variant(scenario, churn=0.03, customers=30_000)
    assert (moved.churn, moved.churn_floor, moved.customers) == (0.03, 0.03, 20_000)
    assert variant(scenario, churn=0.08).churn_floor == 0.04


# --- Switching points -----------------------------------------------------------------------


def _sides_around(scenario: Scenario, field: str, value: float) -> tuple[float, float]:
    """Best shares 1% below and 1% above `value` of `field` (the floor kept under the churn)."""
    return tuple(
        best_split(variant(scenario, **{field: value * factor})).best_share
        for factor in (0.99, 1.01)
    )


def test_default_switching_points_by_hand() -> None:
    """On the defaults the best split is acquisition-heavy (0.41); it turns retention-heavy
    with a larger base (MODEL.md: larger bases favour retention), with dearer acquisition
    (CAC near 200: when CAC falls, a retention-heavy optimum turns acquisition-heavy) and with
    more churn; a larger budget or capacity keeps it acquisition-heavy above its switch. ARPU
    and margin scale the value but never move the best split."""
    scenario = Scenario()
    points = {point.field: point for point in switching_points(scenario)}
    assert best_split(scenario).best_share < 0.5
    assert 10_000 < points["customers"].value < 20_000
    assert 190 < points["cac"].value < 210
    assert 0.05 < points["churn"].value < 0.08
    for field, above in (
        ("customers", "retention"),
        ("cac", "retention"),
        ("churn", "retention"),
        ("budget", "acquisition"),
        ("capacity", "acquisition"),
    ):
        point = points[field]
        assert point.above == above
        below_share, above_share = _sides_around(scenario, field, point.value)
        assert (above_share >= 0.5) == (above == "retention") != (below_share >= 0.5)
    for field in ("arpu", "margin"):
        assert (points[field].value, points[field].above) == (None, None)
        assert (points[field].low, points[field].high) == pytest.approx(
            (0.1, 100_000) if field == "arpu" else (0.5 / 49, 1 - 0.5 / 49)
        )


def test_switching_point_nearest_the_users_value_and_fields_in_order() -> None:
    """Only the inputs asked for, in their order; a base already on the retention side
    switches back to acquisition below the same value it switched at from below."""
    up = switching_points(Scenario(customers=5_000), fields=("cac", "customers"))
    down = switching_points(Scenario(customers=40_000), fields=("customers",))
    assert [point.field for point in up] == ["cac", "customers"]
    assert down[0].value == pytest.approx(up[1].value, rel=2e-3)
    assert down[0].above == "retention"


@pytest.mark.parametrize(
    ("cut", "between", "above"),
    [
        (0.1, (0.4, 0.55), "retention"),
        (0.95, (0.85, 0.93), "acquisition"),
    ],
)
def test_of_two_switches_the_one_nearest_the_users_value(
    cut: float,
    between: tuple[float, float],
    above: str,
) -> None:
    """Cutting the budget from month 12 first lifts the best share over 0.5 (near a 48% cut),
    then drops it back under (near 89%): a small cut is told about the first switch, a deep one
    about the second."""
    [point] = switching_points(Scenario(budget_cut=cut), fields=("budget_cut",))
    assert between[0] < point.value < between[1] and point.above == above


def test_no_switch_without_an_effect() -> None:
    """Judged by customers at the horizon, ARPU changes nothing: no switching point."""
    [point] = switching_points(Scenario(objective="customers"), fields=("arpu",))
    assert point.value is None and point.above is None


# --- Tornado --------------------------------------------------------------------------------


def test_tornado_bars_by_hand() -> None:
    """Each input moved ±20% (the multiplier across its 3–20 range, the new-product adoption
    across 5–20%), each end's best split as `best_split` finds it, largest value swing first."""
    scenario = Scenario()
    bars = tornado(scenario)
    assert [bar.swing for bar in bars] == sorted((bar.swing for bar in bars), reverse=True)
    by_field = {bar.field: bar for bar in bars}
    assert len(by_field) == len(bars) == 11
    assert (by_field["cac_multiplier"].low, by_field["cac_multiplier"].high) == (3.0, 20.0)
    assert by_field["cac_multiplier"].ranged and not by_field["churn"].ranged
    assert (by_field["launch_adoption_new"].low, by_field["launch_adoption_new"].high) == (
        0.05,
        0.2,
    )
    assert by_field["launch_adoption_new"].swing == 0.0  # no launch: no effect
    churn = by_field["churn"]
    assert (churn.low, churn.high) == pytest.approx((0.04, 0.06))
    for value, share, best in (
        (churn.low, churn.best_share_low, churn.best_value_low),
        (churn.high, churn.best_share_high, churn.best_value_high),
    ):
        found = best_split(scenario.model_copy(update={"churn": value}))
        assert (share, best) == (found.best_share, found.best_value)
    assert churn.best_share_low < churn.best_share_high  # more churn: more retention


def test_tornado_keeps_inputs_in_their_ranges_and_stretches_ranges() -> None:
    """Churn at its top (0.5) cannot rise 20%; a multiplier of 2 with a 3–20 range runs
    from 2; the floor is clipped to the lower churn."""
    scenario = Scenario(
        churn=0.5, churn_floor=0.45, cac_multiplier=2, ranges=(Range("cac_multiplier", 3, 20),)
    )
    by_field = {bar.field: bar for bar in tornado(scenario)}
    assert by_field["churn"].high == 0.5
    assert (by_field["cac_multiplier"].low, by_field["cac_multiplier"].high) == (2.0, 20.0)
    lower = by_field["churn"]
    assert (
        lower.best_share_low
        == best_split(scenario.model_copy(update={"churn": 0.4, "churn_floor": 0.4})).best_share
    )
