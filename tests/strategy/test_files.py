"""Scenario files: the JSON a workshop downloads and loads back."""

from __future__ import annotations

import json

import pytest
from hypothesis import given

from reference import scenarios
from strategy import Comparison, Scenario
from strategy.links.files import (
    comparison_json,
    read_comparison_json,
    read_scenario_json,
    scenario_json,
)


@given(scenarios())
def test_round_trip_is_exact(scenario: Scenario) -> None:
    reading = read_scenario_json(scenario_json(scenario).encode("utf-8"))
    assert reading.problems == ()
    assert reading.scenario == scenario
    assert reading.scenario.model_dump() == scenario.model_dump()  # same types, same floats


def test_file_is_readable_and_names_its_format() -> None:
    document = json.loads(scenario_json(Scenario(churn=0.0712345678901234)))
    assert document["format"] == "acquire-or-retain/scenario"
    assert document["version"] == 1
    assert document["scenario"]["churn"] == 0.0712345678901234
    assert set(document["scenario"]) == set(Scenario.model_fields)


def test_a_byte_order_mark_is_accepted() -> None:
    data = "\ufeff" + scenario_json(Scenario(budget=12_345))
    assert read_scenario_json(data.encode("utf-8")).scenario.budget == 12_345


def test_a_bad_value_is_named_and_the_rest_kept() -> None:
    document = json.loads(scenario_json(Scenario(budget=12_345)))
    document["scenario"]["churn"] = "lots"
    document["scenario"]["surprise"] = 1
    reading = read_scenario_json(json.dumps(document))
    assert reading.scenario.budget == 12_345
    assert reading.scenario.churn == Scenario().churn
    assert {(p.parameter, p.reason) for p in reading.problems} == {
        ("churn", "not_a_number"),
        ("surprise", "unknown"),
    }


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not_json"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not_json"),
        (b"{not json", "not_json"),
        (b"[1, 2, 3]", "not_a_scenario_file"),
        (b'{"format": "something-else", "scenario": {}}', "not_a_scenario_file"),
        (
            b'{"format": "acquire-or-retain/scenario", "version": 1, "scenario": 5}',
            "not_a_scenario_file",
        ),
        (
            b'{"format": "acquire-or-retain/scenario", "version": 99, "scenario": {}}',
            "unknown_version",
        ),
        (b" " * 1_000_001, "not_a_scenario_file"),
    ],
)
def test_an_unusable_file_gives_one_problem_and_the_defaults(data: bytes, reason: str) -> None:
    reading = read_scenario_json(data)
    assert reading.scenario == Scenario()
    assert [(p.parameter, p.reason) for p in reading.problems] == [("file", reason)]


NAMES = ['Today <script>alert("x")</script>', "Ár & „idézet”", "東京"]


@given(scenarios(), scenarios())
def test_comparison_round_trip_is_exact(first: Scenario, second: Scenario) -> None:
    comparison = Comparison.of((NAMES[0], first), (NAMES[1], second), ("C", Scenario()))
    read, problems = read_comparison_json(comparison_json(comparison).encode("utf-8"))
    assert problems == ()
    assert read == comparison


def test_a_comparison_file_names_bad_values_by_scenario() -> None:
    document = json.loads(comparison_json(Comparison.of(Scenario(), Scenario(budget=9_000))))
    document["scenarios"][1]["scenario"]["churn"] = -1
    document["scenarios"][1]["name"] = "x" * 200
    document["scenarios"] += [document["scenarios"][0]] * 4
    read, problems = read_comparison_json(json.dumps(document))
    assert read is not None and len(read.scenarios) == 4
    assert read.scenarios[1][1].budget == 9_000
    assert {(p.parameter, p.reason) for p in problems} == {
        ("#5", "too_many"),
        ("#6", "too_many"),
        ("B", "too_long"),
        ("B.churn", "out_of_range"),
    }


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"{",
        b'{"format": "acquire-or-retain/scenario", "version": 1, "scenario": {}}',
        b'{"format": "acquire-or-retain/comparison", "version": 1, "scenarios": []}',
        b'{"format": "acquire-or-retain/comparison", "version": 1, "scenarios": {}}',
    ],
)
def test_an_unusable_comparison_file_gives_one_problem(data: bytes) -> None:
    read, problems = read_comparison_json(data)
    assert read is None
    assert [p.parameter for p in problems] == ["file"]


def test_a_comparison_file_names_its_scenario_names_as_a_link_does() -> None:
    """One check for both (`checked_name`): an empty name is "empty" in a file too, a name
    with a control character "invalid", a name that is not text "invalid"."""
    document = json.loads(comparison_json(Comparison.of(*[Scenario()] * 4)))
    for item, name in zip(document["scenarios"], ["", "a\x07b", 5, "Fine"], strict=True):
        item["name"] = name
    read, problems = read_comparison_json(json.dumps(document))
    assert read is not None and read.names == ("A", "ab", "5", "Fine")
    assert [(p.parameter, p.reason) for p in problems] == [
        ("A", "empty"),
        ("B", "invalid"),
        ("C", "invalid"),
    ]
