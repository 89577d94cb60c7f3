"""A scenario as a JSON file: what a workshop takes home and loads back next time.

The file names its format and version, then every field with its value, so it reads well in an
editor and means the same thing after the app's defaults change. Reading never raises: a broken
or foreign file gives the default scenario and one problem saying what is wrong; a good file with
a bad value keeps everything else and names the value, as a share link does.
"""

from __future__ import annotations

import json
from typing import Any

from .comparison import LETTERS, MOST, Comparison, checked_name
from .inputs import Problem, Reading, read_inputs
from ..model.scenario import Scenario

FORMAT = "acquire-or-retain/scenario"
COMPARISON_FORMAT = "acquire-or-retain/comparison"
VERSION = 1
MAX_BYTES = 1_000_000  # a scenario is well under 2 kB; anything this big is not one


def scenario_json(scenario: Scenario) -> str:
    """The scenario as an indented JSON document (UTF-8 text); floats in their exact form.

    Returns the file `read_scenario_json` reads back to the same scenario.

    >>> print(scenario_json(Scenario())[:59])
    {
      "format": "acquire-or-retain/scenario",
      "version": 1,
    """
    return (
        json.dumps(
            {"format": FORMAT, "version": VERSION, "scenario": scenario.model_dump()},
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


def read_scenario_json(data: bytes | str) -> Reading:
    """The scenario in a file written by `scenario_json`, and what in it could not be used.

    Never raises: a broken or foreign file gives the default scenario and one problem.

    >>> read_scenario_json(scenario_json(Scenario(churn=0.08))).scenario.churn
    0.08
    >>> [problem.reason for problem in read_scenario_json(b"{").problems]
    ['not_json']
    """
    document, problem = _document(data, FORMAT, "scenario", dict)
    if problem is not None:
        return Reading(Scenario(), (problem,))
    values: dict[str, Any] = document["scenario"]
    return read_inputs(values)


def comparison_json(comparison: Comparison) -> str:
    """A comparison as JSON: each scenario's name and every field, in the order A, B, …

    Returns the file `read_comparison_json` reads back to the same comparison.

    >>> '"name": "Today"' in comparison_json(Comparison.of(("Today", Scenario())))
    True
    """
    return (
        json.dumps(
            {
                "format": COMPARISON_FORMAT,
                "version": VERSION,
                "scenarios": [
                    {"name": name, "scenario": scenario.model_dump()}
                    for name, scenario in comparison.scenarios
                ],
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


def read_comparison_json(data: bytes | str) -> tuple[Comparison | None, tuple[Problem, ...]]:
    """The comparison in a file written by `comparison_json`, and what in it could not be used.

    Returns:
        The `Comparison` (None if the file is unusable) and the problems; bad values are named
        as `A.churn`, `B.name`, …

    >>> comparison, problems = read_comparison_json(comparison_json(Comparison.of(Scenario())))
    >>> comparison.names, problems
    (('A',), ())
    """
    document, problem = _document(data, COMPARISON_FORMAT, "scenarios", list)
    if problem is not None:
        return None, (problem,)
    items = [item for item in document["scenarios"] if isinstance(item, dict)]
    problems: list[Problem] = []
    if not items:
        return None, (Problem("file", _start(data), "not_a_scenario_file"),)
    problems += [
        Problem(f"#{index + 1}", str(item.get("name", ""))[:80], "too_many")
        for index, item in enumerate(items)
        if index >= MOST
    ]
    pairs = []
    for letter, item in zip(LETTERS, items):
        given = str(item.get("name", ""))
        name, reason = checked_name(given, letter)
        if reason is None and name != item.get("name"):
            reason = "invalid"  # a name that is not text (a number, null)
        if reason is not None:
            problems.append(Problem(letter, given[:80], reason, name))
        values = item.get("scenario")
        reading = read_inputs(values if isinstance(values, dict) else {})
        problems += [
            Problem(f"{letter}.{p.parameter}", p.given, p.reason, p.used) for p in reading.problems
        ]
        pairs.append((name, reading.scenario))
    return Comparison(scenarios=tuple(pairs)), tuple(problems)


def _document(
    data: bytes | str, kind: str, key: str, holds: type
) -> tuple[dict[str, Any], Problem | None]:
    """The parsed file of format `kind` whose `key` holds a `holds`, or what makes it unusable."""
    if len(data) > MAX_BYTES:
        return {}, Problem("file", f"{len(data):,} bytes", "not_a_scenario_file")
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
        document = json.loads(text)
    except (UnicodeDecodeError, ValueError):
        return {}, Problem("file", _start(data), "not_json")
    if (
        not isinstance(document, dict)
        or document.get("format") != kind
        or not isinstance(document.get(key), holds)
    ):
        return {}, Problem("file", _start(data), "not_a_scenario_file")
    if document.get("version") != VERSION:
        return {}, Problem("file", f"version {document.get('version')!r}", "unknown_version")
    return document, None


def _start(data: bytes | str) -> str:
    """The first characters of a file, for the message that says it is not a scenario."""
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    return " ".join(text[:40].split())
