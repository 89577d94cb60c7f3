"""Reading untrusted inputs (widget values, share links): keep the good values, name the bad ones
with the reason and the value used instead, never raise; and links that round-trip exactly."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reference import scenarios
from strategy import Problem, Reading, Scenario, field_bounds, read_inputs, read_link, share_query
from strategy.links.inputs import FIELDS

DEFAULTS = Scenario()

# parameter, value in the link, reason, value used instead
BAD_VALUES: list[tuple[str, str | list[str], str, Any]] = [
    ("churn", "abc", "not_a_number", 0.05),
    ("budget", "-5", "out_of_range", 50_000),
    ("churn_floor", "0.2", "above_churn", 0.05),
    ("colour", "blue", "unknown", None),
    ("arpu", "nan", "not_a_number", 40.0),
    ("arpu", "NaN", "not_a_number", 40.0),
    ("uplift", "inf", "not_a_number", 0.31),
    ("discount", "-inf", "not_a_number", 0.1),
    ("cac", "1e308", "out_of_range", 150.0),
    ("budget", "1e308", "out_of_range", 50_000),
    ("margin", "", "empty", 0.6),
    ("objective", "foo", "invalid_choice", "npv"),
    ("objective", "NPV", "invalid_choice", "npv"),
    ("customers", "-1", "out_of_range", 10_000),
    ("customers", "ten", "not_a_number", 10_000),
    ("months", "0", "out_of_range", 36),
    ("months", "121", "out_of_range", 36),
    ("retention_share", "1.5", "out_of_range", 0.4),
    ("market", "abc", "not_a_number", None),
    ("market", "5000", "not_above_customers", None),
    ("market", "10000", "not_above_customers", None),
    ("market", "0", "out_of_range", None),
]


@pytest.mark.parametrize(
    ("parameter", "given", "reason", "used"),
    BAD_VALUES,
    ids=[f"{p}={g}" for p, g, _, _ in BAD_VALUES],
)
def test_a_bad_value_is_named_with_its_reason_and_replacement(
    parameter: str, given: str, reason: str, used: Any
) -> None:
    """Each bad parameter yields exactly one problem: what the link said, why it was refused,
    and what the app used instead; the good parameters beside it are kept."""
    reading = read_link(
        {"customers": "10000", "arpu": "55", "months": "24", parameter: given}
        if parameter not in ("customers", "arpu", "months")
        else {"capacity": "900", parameter: given}
    )
    assert reading.problems == (Problem(parameter, given, reason, used),)
    if parameter in FIELDS:
        assert getattr(reading.scenario, parameter) == used
    if parameter not in ("customers", "arpu", "months"):
        assert (reading.scenario.arpu, reading.scenario.months) == (55.0, 24)
    else:
        assert reading.scenario.capacity == 900.0


@pytest.mark.parametrize(
    ("parameter", "given"), [("customers", "2.5"), ("months", "12.5"), ("budget", "100.25")]
)
def test_a_fraction_in_a_whole_number_field_is_not_a_whole_number(
    parameter: str, given: str
) -> None:
    """ "2.5" customers is a number, just not a whole one: the reason code for that exists
    (`not_whole_number`, which widgets already get for 2.5) and a link should get it too."""
    assert read_inputs({parameter: 2.5}).problems[0].reason == "not_whole_number"
    (problem,) = read_link({parameter: given}).problems
    assert (problem.parameter, problem.given, problem.used) == (
        parameter,
        given,
        getattr(DEFAULTS, parameter),
    )
    assert problem.reason == "not_whole_number"


def test_a_garbage_link_keeps_every_good_value() -> None:
    """One link with many faults: every good value survives, every bad one is named once."""
    link: dict[str, str | list[str]] = {
        "customers": "20000",
        "churn": "0.08",
        "churn_floor": "0.2",
        "cac": ["100", "200"],
        "cac_multiplier": "3",
        "budget": "-5",
        "retention_share": "0.25",
        "capacity": "1e308",
        "market": "abc",
        "arpu": "nan",
        "uplift": "inf",
        "margin": "",
        "months": "48",
        "discount": "0.2",
        "objective": "foo",
        "utm_source": "mail",
    }
    reading = read_link(link)
    scenario = reading.scenario
    assert (
        scenario.customers,
        scenario.churn,
        scenario.cac,
        scenario.cac_multiplier,
        scenario.retention_share,
        scenario.months,
        scenario.discount,
    ) == (20_000, 0.08, 200.0, 3.0, 0.25, 48, 0.2)
    assert set(reading.problems) == {
        Problem("cac", "100, 200", "repeated", 200.0),
        Problem("churn_floor", "0.2", "above_churn", 0.08),
        Problem("budget", "-5", "out_of_range", 50_000),
        Problem("capacity", "1e308", "out_of_range", 800.0),
        Problem("market", "abc", "not_a_number", None),
        Problem("arpu", "nan", "not_a_number", 40.0),
        Problem("uplift", "inf", "not_a_number", 0.31),
        Problem("margin", "", "empty", 0.6),
        Problem("objective", "foo", "invalid_choice", "npv"),
        Problem("utm_source", "mail", "unknown", None),
    }
    assert len(reading.problems) == 10
    assert scenario.churn_floor == 0.08
    assert (scenario.budget, scenario.capacity, scenario.market, scenario.arpu) == (
        50_000,
        800.0,
        None,
        40.0,
    )


def test_a_repeated_parameter_is_read_by_its_last_value() -> None:
    """A repeated parameter is reported; the last value is used, and checked like any other."""
    assert read_link({"cac": ["100", "200"]}).problems == (
        Problem("cac", "100, 200", "repeated", 200.0),
    )
    last_bad = read_link({"cac": ["100", "abc"]})
    assert last_bad.problems == (
        Problem("cac", "100, abc", "repeated", 150.0),
        Problem("cac", "abc", "not_a_number", 150.0),
    )
    single = read_link({"cac": ["90"]})
    assert single.problems == () and single.scenario.cac == 90


def test_a_parameter_with_no_value_is_empty() -> None:
    """`?churn` with nothing after it (an empty list from the query parser) is an empty value."""
    assert read_link({"churn": []}).problems == (Problem("churn", "", "empty", 0.05),)


def test_a_bad_floor_is_not_reported_as_above_churn() -> None:
    """With churn 0.005 and churn_floor "abc", the floor is not a number; the default floor
    (0.01) that replaces it is then above churn and is lowered to 0.005. No problem may claim
    that "abc" is above churn: an above_churn problem quotes a number above the churn used."""
    reading = read_link({"churn": "0.005", "churn_floor": "abc"})
    assert reading.scenario.churn_floor == 0.005
    assert Problem("churn_floor", "abc", "not_a_number", 0.005) in reading.problems
    for problem in reading.problems:
        if problem.reason == "above_churn":
            assert _number(problem.given) > reading.scenario.churn, problem


def _number(text: str) -> float:
    """The text as a number; NaN (which compares false with everything) if it is not one."""
    try:
        return float(text)
    except ValueError:
        return float("nan")


def test_caller_parameters_are_skipped() -> None:
    """Parameters the app keeps for itself (language, page) are not the model's business."""
    reading = read_link(
        {"lang": "hu", "page": "x", "budget": "70000"}, other_parameters=["lang", "page"]
    )
    assert reading.problems == () and reading.scenario.budget == 70_000


@pytest.mark.parametrize(
    ("parameter", "given", "value"),
    [
        ("customers", "1e3", 1_000),
        ("budget", "60000.0", 60_000),
        ("market", "1e9", 1_000_000_000),
        ("months", " 12 ", 12),
        ("churn", "0.1", 0.1),
        ("cac", "1e2", 100.0),
    ],
)
def test_numbers_in_other_notations_are_read(parameter: str, given: str, value: Any) -> None:
    """Whole numbers written as floats ("1e3", "60000.0") read as the sliders read them."""
    reading = read_link({parameter: given})
    assert reading.problems == ()
    assert getattr(reading.scenario, parameter) == value


@pytest.mark.parametrize(("reason", "bounds"), [("out_of_range", (0, 0.5)), ("not_a_number", None)])
def test_problem_bounds_only_for_out_of_range(reason: str, bounds: Any) -> None:
    """The notice shows the accepted range only when the value was outside it."""
    assert Problem("churn", "9", reason, 0.05).bounds == bounds  # type: ignore[arg-type]
    assert field_bounds("churn") == (0, 0.5)


def test_widget_values_are_checked_the_same_way() -> None:
    """read_inputs takes typed widget values too: a fraction of a customer, NaN, a string for
    a number are all refused with their reasons, and good values are kept."""
    reading = read_inputs({"customers": 2.5, "churn": float("nan"), "cac": "x", "budget": 1_000})
    assert {(p.parameter, p.reason) for p in reading.problems} == {
        ("customers", "not_whole_number"),
        ("churn", "not_a_number"),
        ("cac", "not_a_number"),
    }
    assert reading.scenario.budget == 1_000


# --- Never raises ---------------------------------------------------------------------------

NUMBERISH = st.one_of(
    st.floats().map(repr),
    st.integers().map(str),
    st.sampled_from(
        [
            "",
            " ",
            "nan",
            "-inf",
            "1e308",
            "1e-320",
            "0",
            "-0",
            "1_0",
            "0x1f",
            "٣",
            "None",
            "npv",
            "revenue",
            "customers",
            "true",
            "1e400",
            "9" * 400,
        ]
    ),
    st.text(max_size=12),
)
KEYS = st.one_of(st.sampled_from(FIELDS), st.text(max_size=12))


def _check_reading(values: dict[str, Any], reading: Reading) -> None:
    assert isinstance(reading.scenario, Scenario)
    assert reading.scenario.churn_floor <= reading.scenario.churn
    assert reading.scenario.market is None or reading.scenario.market > reading.scenario.customers
    for problem in reading.problems:
        assert problem.parameter in values or (problem.parameter, problem.reason) == (
            "churn_floor",
            "above_churn",
        )
        if problem.parameter in FIELDS:
            assert problem.used == getattr(reading.scenario, problem.parameter)
        else:
            assert problem.reason in ("unknown", "repeated") and problem.used is None
    for name in FIELDS:
        if name not in values and name != "churn_floor":
            assert getattr(reading.scenario, name) == getattr(DEFAULTS, name)


@given(st.dictionaries(KEYS, NUMBERISH, max_size=8))
def test_read_inputs_never_raises_on_strings(values: dict[str, str]) -> None:
    """Any mapping of strings gives a valid scenario and problems about the given keys only."""
    _check_reading(values, read_inputs(values))


@given(st.dictionaries(KEYS, st.one_of(NUMBERISH, st.lists(NUMBERISH, max_size=3)), max_size=8))
def test_read_link_never_raises(query: dict[str, str | list[str]]) -> None:
    """Any query string, with repeated parameters too, gives a valid scenario."""
    _check_reading(query, read_link(query))


# --- Share links round-trip -----------------------------------------------------------------


@given(scenarios())
def test_share_link_round_trips_exactly(scenario: Scenario) -> None:
    """A shared link reopens the very same scenario, bit for bit, with nothing to report."""
    query = share_query(scenario)
    assert all(isinstance(value, str) for value in query.values())
    reading = read_link(query)
    assert reading.problems == ()
    assert reading.scenario == scenario
    assert read_inputs(query).scenario == scenario


def test_share_query_writes_every_field_and_leaves_out_no_market() -> None:
    """Defaults are written too (a link must not change meaning if defaults change); an absent
    market limit and newcomers churning like the base are left out; floats are written in
    their shortest exact form."""
    query = share_query(Scenario(churn=0.1 + 0.2))
    assert set(query) == set(FIELDS) - {"market", "newcomer_churn"}
    assert query["churn"] == "0.30000000000000004"
    assert query["customers"] == "10000" and query["objective"] == "npv"
    assert share_query(Scenario(market=123_456))["market"] == "123456"
    assert share_query(Scenario(newcomer_churn=0.5))["newcomer_churn"] == "0.5"


def test_a_link_with_newcomer_churn_reads_it_and_a_bad_one_is_named() -> None:
    """newcomer_churn is a link parameter like any other: read as given, or dropped (back to
    "same as the base") with the reason when it is not a fraction."""
    assert read_link({"newcomer_churn": "0.45"}).scenario.newcomer_churn == 0.45
    reading = read_link({"newcomer_churn": "1.5"})
    assert reading.scenario.newcomer_churn is None
    assert [(p.parameter, p.reason) for p in reading.problems] == [
        ("newcomer_churn", "out_of_range")
    ]
