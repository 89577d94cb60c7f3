"""The scenario: MODEL.md's defaults and ranges, the cross-field rules, immutability."""

from __future__ import annotations

import math
import re
from typing import Any

import pytest
from pydantic import ValidationError

from strategy import OBJECTIVES, Scenario, field_bounds

# MODEL.md "Inputs" table, in the engine's field names.
MODEL_DEFAULTS: list[tuple[str, Any]] = [
    ("customers", 10_000),
    ("churn", 0.05),
    ("churn_floor", 0.01),
    ("cac", 150.0),
    ("cac_multiplier", 5.0),
    ("budget", 50_000),
    ("retention_share", 0.4),
    ("capacity", 800.0),
    ("market", None),
    ("arpu", 40.0),
    ("uplift", 0.31),
    ("margin", 0.6),
    ("months", 36),
    ("discount", 0.1),
    ("objective", "npv"),
]

MODEL_RANGES: list[tuple[str, float, float]] = [
    ("customers", 0, 10_000_000),
    ("churn", 0, 0.5),
    ("churn_floor", 0, 0.5),
    ("cac_multiplier", 1, 20),
    ("budget", 0, 100_000_000),
    ("retention_share", 0, 1),
    ("uplift", 0, 2),
    ("margin", 0, 1),
    ("months", 1, 120),
    ("discount", 0, 0.5),
]


@pytest.mark.parametrize(("field", "value"), MODEL_DEFAULTS)
def test_defaults_are_the_model_defaults(field: str, value: Any) -> None:
    """The app opens on MODEL.md's default inputs; a drifted default changes every answer."""
    assert getattr(Scenario(), field) == value


@pytest.mark.parametrize(("field", "low", "high"), MODEL_RANGES)
def test_field_bounds_are_the_model_ranges(field: str, low: float, high: float) -> None:
    """Widgets, link reading and Hypothesis all take their ranges from `field_bounds`."""
    assert field_bounds(field) == (low, high)


@pytest.mark.parametrize("field", ["cac", "capacity", "market"])
def test_divisor_fields_have_a_positive_lower_bound(field: str) -> None:
    """MODEL.md: CAC > 0, b > 0, M > N0. A zero CAC or capacity would divide by zero in
    tanh(A / (b·CAC)); a zero market in N/M."""
    low, high = field_bounds(field)
    assert 0 < low < high < math.inf


@pytest.mark.parametrize(("field", "low", "high"), MODEL_RANGES)
def test_bounds_are_inclusive_and_enforced(field: str, low: float, high: float) -> None:
    """Each end of a range is accepted; one step beyond it is rejected."""
    # churn and its floor are tied (floor ≤ churn): move one with the other out of the way.
    extra: dict[str, Any] = (
        {"churn": 0.5}
        if field == "churn_floor"
        else ({"churn_floor": 0.0} if field == "churn" else {})
    )
    whole = isinstance(getattr(Scenario(), field), int)
    step = 1 if whole else 1e-9
    for ok in (low, high):
        assert getattr(Scenario(**{**extra, field: ok}), field) == ok
    for bad in (low - step, high + step):
        with pytest.raises(ValidationError):
            Scenario(**{**extra, field: bad})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("churn", math.nan),
        ("cac", math.inf),
        ("arpu", -math.inf),
        ("cac", 0.0),
        ("capacity", 0.5),
        ("customers", 2.5),
        ("objective", "profit"),
        ("unknown", 1),
    ],
)
def test_rejects_invalid_values(field: str, value: Any) -> None:
    """NaN, infinities, zero CAC, fractional counts, unknown objectives and extra fields never
    reach the engine."""
    with pytest.raises(ValidationError):
        Scenario(**{field: value})


def test_rejects_churn_floor_above_churn_naming_both_fields() -> None:
    """A floor above churn would make retention spend raise churn; the message must say which
    two fields disagree so the app can point at them."""
    with pytest.raises(ValidationError) as caught:
        Scenario(churn=0.03, churn_floor=0.04)
    message = str(caught.value)
    assert "churn_floor" in message
    assert re.search(r"\bchurn\b", message)  # churn itself (\b excludes churn_floor)
    assert "0.04" in message and "0.03" in message


def test_churn_floor_equal_to_churn_is_allowed() -> None:
    """c_min = c0 is the edge of MODEL.md's range (retention cannot help) and must be valid."""
    assert Scenario(churn=0.03, churn_floor=0.03).churn_floor == 0.03


@pytest.mark.parametrize("market", [10_000, 9_999, 1])
def test_rejects_market_not_above_customers(market: int) -> None:
    """MODEL.md: M > N0; a market at or below the base leaves no room and names both fields."""
    with pytest.raises(ValidationError, match=r"market .*customers"):
        Scenario(customers=10_000, market=market)


def test_market_just_above_customers_is_allowed() -> None:
    """The smallest market MODEL.md allows is N0 + 1."""
    assert Scenario(customers=10_000, market=10_001).market == 10_001


def test_scenario_is_frozen() -> None:
    """Scenarios are shared between cached app calls; mutating one would corrupt the cache."""
    scenario = Scenario()
    with pytest.raises(ValidationError):
        scenario.churn = 0.2  # type: ignore[misc]
    assert scenario.churn == 0.05


def test_scenario_is_hashable_and_compares_by_value() -> None:
    """Frozen models hash by value, which the app's caches rely on."""
    assert Scenario(budget=10) == Scenario(budget=10)
    assert hash(Scenario(budget=10)) == hash(Scenario(budget=10))
    assert Scenario(budget=10) != Scenario(budget=11)


@pytest.mark.parametrize("annual", [0.0, 0.1, 0.25, 0.5])
def test_monthly_discount_compounds_to_the_annual_rate(annual: float) -> None:
    """MODEL.md: d_m = (1 + d)^(1/12) − 1, so twelve months compound to exactly d."""
    monthly = Scenario(discount=annual).monthly_discount
    product = 1.0
    for _ in range(12):
        product *= 1 + monthly
    assert product == pytest.approx(1 + annual, rel=1e-14)
    assert 0 <= monthly <= annual / 12 + 1e-15  # compounding: monthly is below the simple rate


def test_objectives_are_the_three_of_the_model() -> None:
    """MODEL.md: NPV of profit (default), revenue, customers at horizon."""
    assert OBJECTIVES == ("npv", "revenue", "customers")


def test_the_shocks_that_are_on_and_the_business_without_them() -> None:
    """A shock is on with a size above 0 and a month within the horizon; without_shocks turns
    every one off and keeps the rest of the business as it is."""
    assert Scenario().shocks == ()
    shocked = Scenario(shock_loss=0.25, budget_cut=0.3, budget_cut_month=40, cac_inflation=0.5)
    assert shocked.shocks == ("churn_shock", "cac_inflation")  # the cut's month 40 never comes
    calm = shocked.without_shocks()
    assert calm.shocks == () and calm.budget_cut == 0 and calm.budget_cut_month == 40
    assert (
        calm.model_copy(update={"shock_loss": 0.25, "budget_cut": 0.3, "cac_inflation": 0.5})
        == shocked
    )
