"""The comparison link: exact round trips, short links, every bad parameter named."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import pytest

from strategy.model.scenario import Range
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from strategy import Comparison, Scenario, comparison_query, field_bounds, read_comparison
from strategy.links.comparison import LONG_QUERY, NAME_LIMIT, SHORT_NAMES

from reference import scenarios

NAMES = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=NAME_LIMIT)


def through_url(query: dict[str, str]) -> dict[str, list[str]]:
    """What a browser gives back after the link is copied and opened."""
    return parse_qs(urlencode(query), keep_blank_values=True)


@given(st.lists(st.tuples(NAMES, scenarios()), min_size=1, max_size=4))
def test_round_trip_is_exact(items: list[tuple[str, Scenario]]) -> None:
    comparison = Comparison(scenarios=tuple(items))
    for short in (False, True, None):
        read, problems = read_comparison(through_url(comparison_query(comparison, short)))
        assert problems == ()
        assert read == comparison


@pytest.mark.parametrize(
    "name",
    [
        "Price rise & more = 5 # yes",
        "<script>alert('x')</script>",
        'He said "go"',
        "Árvíztűrő tükörfúrógép ✓ 東京",
        "  spaced  ",
        "A",
        "+%20",
    ],
)
def test_awkward_names_come_back_as_given(name: str) -> None:
    comparison = Comparison.of((name, Scenario(churn=0.0723)), ("B", Scenario(arpu=41.5)))
    assert read_comparison(through_url(comparison_query(comparison))) == (comparison, ())


def test_a_lists_changes_from_the_defaults_and_b_from_a() -> None:
    a = Scenario(churn=0.08, budget=60_000)
    b = a.model_copy(update={"arpu": 45.0})
    c = Scenario(market=900_000)
    query = comparison_query(Comparison.of(("Today", a), ("Price", b), ("Capped", c)))
    assert query == {
        "A": "Today",
        "A.churn": "0.08",
        "A.budget": "60000",
        "B": "Price",
        "B.arpu": "45",
        "C": "Capped",
        "C.churn": "0.05",
        "C.budget": "50000",
        "C.market": "900000",
    }
    # A market limit in A that B does not have is written as "none".
    query = comparison_query(Comparison.of(c, Scenario()))
    assert query == {"A": "A", "A.market": "900000", "B": "B", "B.market": "none"}
    assert read_comparison(query)[0].scenarios[1][1].market is None


def _everything_different(k: int) -> Scenario:
    values = {}
    for name, info in Scenario.model_fields.items():
        if name == "objective":
            values[name] = ("revenue", "customers", "npv", "revenue")[k]
            continue
        if name == "market":
            values[name] = 900_000 - 100_000 * k
            continue
        if name == "churn_floor":
            values[name] = 0.011 + 0.001 * k
            continue
        if name == "ranges":
            values[name] = (
                Range("churn", 0.03 + 0.001 * k, 0.08),
                Range("cac_multiplier", 3, 20 - k),
                Range("launch_adoption_new", 0.05, 0.2 - 0.01 * k),
            )
            continue
        low, high = field_bounds(name)
        value = info.default * (1.1 + 0.1 * k) if info.default else 0.05 + 0.01 * k
        value = min(max(value, low), high)
        values[name] = round(value) if info.annotation is int else round(value, 4)
    return Scenario(**values)


def test_four_scenarios_that_differ_everywhere_fit_in_a_link() -> None:
    comparison = Comparison.of(
        *((f"Scenario {k}: a long-ish name & more", _everything_different(k)) for k in range(4))
    )
    query = comparison_query(comparison) | {"lang": "hu", "currency": "EUR"}
    link = "https://acquire-or-retain.streamlit.app/compare?" + urlencode(query)
    assert len(link) < 2000, len(link)
    assert read_comparison(through_url(query), other_parameters=("lang", "currency")) == (
        comparison,
        (),
    )
    # Short names only when the full ones would make the link long.
    assert any(f".{short}=" in link for short in SHORT_NAMES.values())
    small = comparison_query(Comparison.of(Scenario(churn_floor=0.02)))
    assert small == {"A": "A", "A.churn_floor": "0.02"}
    assert len(urlencode(comparison_query(comparison, short=False))) > LONG_QUERY


def test_bad_parameters_are_named_and_the_rest_kept() -> None:
    comparison, problems = read_comparison(
        {
            "A": "Today",
            "A.churn": "abc",
            "A.budget": "-5",
            "A.colour": "red",
            "B": "x" * 70,
            "B.months": "48",
            "E": "Fifth",
            "F.churn": "0.1",
            "zz": "1",
            "C": ["one", "two"],
            "lang": "hu",
        },
        other_parameters=("lang",),
    )
    named = {(p.parameter, p.reason): p for p in problems}
    assert set(named) == {
        ("A.churn", "not_a_number"),
        ("A.budget", "out_of_range"),
        ("A.colour", "unknown"),
        ("B", "too_long"),
        ("E", "too_many"),
        ("F.churn", "too_many"),
        ("zz", "unknown"),
        ("C", "repeated"),
    }
    assert named["A.churn", "not_a_number"].used == 0.05
    assert named["A.budget", "out_of_range"].used == 50_000
    assert comparison.names == ("Today", "x" * NAME_LIMIT, "two")
    assert comparison.scenarios[1][1].months == 48
    assert named["B", "too_long"].used == "x" * NAME_LIMIT


def test_a_cross_field_rule_broken_against_a_is_named_for_b() -> None:
    _, problems = read_comparison({"A.market": "20000", "B.customers": "30000"})
    assert [(p.parameter, p.reason, p.used) for p in problems] == [
        ("B.market", "not_above_customers", None)
    ]


def test_missing_letters_close_up_and_nothing_gives_the_defaults() -> None:
    comparison, problems = read_comparison({"A": "one", "C": "three", "C.churn": "0.07"})
    assert problems == ()
    assert comparison.names == ("one", "three")
    assert comparison.scenarios[1][1] == Scenario(churn=0.07)
    assert read_comparison({}) == (Comparison.of(Scenario()), ())
    assert read_comparison({"B.churn": "0.2"})[0] == Comparison.of(Scenario(churn=0.2))


@pytest.mark.parametrize(
    "query",
    [
        {"A": ""},
        {"A": "\x00\n"},
        {"A.market": "none"},
        {"A.churn": ["0.1", "0.2"]},
        {"A.objective": "<b>"},
        {"A.months": "1e308"},
        {"A.churn": "nan"},
        {"A.": "1"},
        {"A.churn.x": "1"},
        {"Ä": "1"},
    ],
)
def test_odd_links_never_raise(query: dict) -> None:
    comparison, _ = read_comparison(query)
    assert 1 <= len(comparison.scenarios) <= 4


def test_a_comparison_holds_one_to_four_valid_names() -> None:
    with pytest.raises(ValidationError):
        Comparison(scenarios=())
    with pytest.raises(ValidationError):
        Comparison.of(*[Scenario()] * 5)
    with pytest.raises(ValidationError):
        Comparison.of(("x" * (NAME_LIMIT + 1), Scenario()))
    with pytest.raises(ValidationError):
        Comparison.of(("", Scenario()))
    two = Comparison.of(Scenario(), ("Mine", Scenario(churn=0.1)), Scenario(arpu=50.0))
    assert two.removed(0).names == ("Mine", "B")
    assert two.added(Scenario()).names == ("A", "Mine", "C", "D")
    assert two.replaced(1, name="\nNew\t").names == ("A", "New", "C")
