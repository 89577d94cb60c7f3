"""Up to four named scenarios side by side, and the share link that carries them all.

The link stays short and readable: `?A=Today&A.churn=0.08&B=Price+rise&B.arpu=45`. Scenario A
lists only the fields that differ from `Scenario()`'s defaults; B, C and D list only the fields
that differ from A. Every scenario also carries its name (`A=<name>`), so a scenario equal to
its reference is still there. Floats are written in their shortest exact form, so a link reopens
every scenario exactly. When many fields differ, fields go by their initials (`B.cf` for
`B.churn_floor`) to keep the link well under 2,000 characters; both forms read back.

Reading a link never raises: every parameter that cannot be used is named, with the value used
instead, as `read_link` does for one scenario.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict, model_validator

from .inputs import Problem, Reason, read_link, share_query
from ..model.scenario import Scenario

LETTERS = "ABCD"
MOST = len(LETTERS)
NAME_LIMIT = 60
NO_LIMIT = "none"  # an optional field (market) left empty, when its reference has a value
_PARAMETER = re.compile(r"([A-Z])(?:\.(.*))?", re.DOTALL)  # always fullmatch: `$` allows "\n"
# A query string longer than this switches the link to short field names (initials).
LONG_QUERY = 1500


def _short_names() -> dict[str, str]:
    """Field -> short name in a link: initials (`churn_floor` -> `cf`) where unambiguous."""
    initials = {
        field: "".join(word[0] for word in field.split("_"))
        for field in Scenario.model_fields
        if "_" in field
    }
    taken = [*Scenario.model_fields, *initials.values()]
    return {field: short for field, short in initials.items() if taken.count(short) == 1}


SHORT_NAMES = _short_names()
_FIELDS_BY_NAME = {
    **{short: field for field, short in SHORT_NAMES.items()},
    **{field: field for field in Scenario.model_fields},
}


def clean_name(text: str, letter: str) -> str:
    """A usable scenario name from what a user typed.

    Control characters are dropped and the name is cut to `NAME_LIMIT` characters; the letter
    stands in when nothing is left, so every scenario has a name to show.

    >>> clean_name("Price\\x07 rise", "B"), clean_name("", "C")
    ('Price rise', 'C')
    """
    text = "".join(char for char in text if unicodedata.category(char) not in ("Cc", "Cs"))
    return text[:NAME_LIMIT] or letter


def checked_name(given: str, letter: str) -> tuple[str, Reason | None]:
    """The name used for a scenario named `given` (`clean_name`), and why it differs from
    `given`: "empty", "too_long" or "invalid" (control characters); None when it does not.

    >>> checked_name("", "B"), checked_name("Price rise", "B")
    (('B', 'empty'), ('Price rise', None))
    """
    name = clean_name(given, letter)
    if name == given:
        return name, None
    return name, ("empty" if given == "" else "too_long" if len(given) > NAME_LIMIT else "invalid")


class Comparison(BaseModel):
    """One to four `(name, Scenario)` pairs, in the order A, B, C, D.

    Returned by `read_comparison`; `comparison_query` writes it as a link.

    >>> from strategy import read_comparison
    >>> comparison, problems = read_comparison({"A": "Today", "B.churn": "0.08"})
    >>> comparison.names, [scenario.churn for _, scenario in comparison.scenarios]
    (('Today', 'B'), [0.05, 0.08])
    """

    model_config = ConfigDict(frozen=True)

    scenarios: tuple[tuple[str, Scenario], ...]

    @model_validator(mode="after")
    def _check(self) -> Comparison:
        """One to four scenarios, each with a usable name."""
        if not 1 <= len(self.scenarios) <= MOST:
            raise ValueError(f"a comparison holds 1 to {MOST} scenarios")
        for index, (name, _) in enumerate(self.scenarios):
            if name != clean_name(name, LETTERS[index]):
                raise ValueError(
                    f"scenario name {name!r} is empty, too long or has control characters"
                )
        return self

    @classmethod
    def of(cls, *scenarios: Scenario | tuple[str, Scenario]) -> Comparison:
        """Scenarios with their default names ("A", "B", …), or `(name, scenario)` pairs."""
        return cls(
            scenarios=tuple(
                item if isinstance(item, tuple) else (LETTERS[index % MOST], item)
                for index, item in enumerate(scenarios)
            )
        )

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.scenarios)

    @property
    def letters(self) -> str:
        return LETTERS[: len(self.scenarios)]

    def added(self, scenario: Scenario, name: str | None = None) -> Comparison:
        """This comparison with one more scenario at the end (named by its letter)."""
        letter = LETTERS[min(len(self.scenarios), MOST - 1)]
        name = letter if name is None else clean_name(name, letter)
        return Comparison(scenarios=(*self.scenarios, (name, scenario)))

    def removed(self, index: int) -> Comparison:
        """Without the scenario at `index`; names that were just a letter follow their place."""
        kept = [item for i, item in enumerate(self.scenarios) if i != index]
        return Comparison(
            scenarios=tuple(
                (LETTERS[i] if name in LETTERS else name, scenario)
                for i, (name, scenario) in enumerate(kept)
            )
        )

    def replaced(
        self, index: int, name: str | None = None, scenario: Scenario | None = None
    ) -> Comparison:
        """With the scenario at `index` renamed and/or changed."""
        items = list(self.scenarios)
        old_name, old_scenario = items[index]
        items[index] = (
            old_name if name is None else clean_name(name, LETTERS[index]),
            old_scenario if scenario is None else scenario,
        )
        return Comparison(scenarios=tuple(items))


def _differences(scenario: Scenario, reference: Scenario) -> dict[str, str]:
    """The fields of `scenario` that differ from `reference`, as link text."""
    mine, theirs = _texts(scenario), _texts(reference)
    changed = {name: text for name, text in mine.items() if theirs.get(name) != text}
    for name in theirs.keys() - mine.keys():  # an optional field left empty here
        changed[name] = NO_LIMIT
    return {name: changed[name] for name in Scenario.model_fields if name in changed}


def _texts(scenario: Scenario) -> dict[str, str]:
    """Fields as link text; whole floats without their ".0" (they read back the same)."""
    return {
        name: text.removesuffix(".0") if isinstance(getattr(scenario, name), float) else text
        for name, text in share_query(scenario).items()
    }


def comparison_query(comparison: Comparison, short: bool | None = None) -> dict[str, str]:
    """The query parameters of the comparison's link, in reading order.

    A lists the fields that differ from the defaults, B, C and D those that differ from A.

    Args:
        comparison: the scenarios.
        short: field initials (`B.cf`) or full names; by default full names unless the query
            would be over `LONG_QUERY` characters. A link in either form reads back the same.

    >>> comparison_query(Comparison.of(Scenario(), Scenario(churn=0.08)))
    {'A': 'A', 'B': 'B', 'B.churn': '0.08'}
    """
    if short is None:
        full = comparison_query(comparison, short=False)
        return (
            comparison_query(comparison, short=True) if len(urlencode(full)) > LONG_QUERY else full
        )
    query: dict[str, str] = {}
    first = comparison.scenarios[0][1]
    for index, (name, scenario) in enumerate(comparison.scenarios):
        letter = LETTERS[index]
        query[letter] = name
        reference = Scenario() if index == 0 else first
        query |= {
            f"{letter}.{SHORT_NAMES.get(field, field) if short else field}": text
            for field, text in _differences(scenario, reference).items()
        }
    return query


def is_comparison_query(query: Iterable[str]) -> bool:
    """Whether any parameter looks like a comparison's (`A`, `B.churn`, …).

    Returns True when a link should be read as a comparison rather than as one scenario.

    >>> is_comparison_query(["B.churn"]), is_comparison_query(["churn"])
    (True, False)
    """
    return any(_PARAMETER.fullmatch(name) for name in query)


def _last(given: str | Sequence[str]) -> tuple[str, bool]:
    """A parameter's last value, and whether it was given more than once."""
    if isinstance(given, str):
        return given, False
    values = list(given)
    return (values[-1] if values else ""), len(values) > 1


def read_comparison(
    query: Mapping[str, str | Sequence[str]], other_parameters: Iterable[str] = ()
) -> tuple[Comparison, tuple[Problem, ...]]:
    """Read a comparison link, never raising.

    A bad parameter is named (its problem's `parameter` is the link's, such as "B.churn") with
    what was used instead. Letters missing in between close up (A and C make A and B); with no
    scenario at all, A holds the defaults.

    Args:
        query: the link's parameters.
        other_parameters: names that belong to the caller, skipped.

    Returns:
        The `Comparison` and the problems found.

    >>> comparison, problems = read_comparison({"A": "Today", "C.churn": "0.08"})
    >>> comparison.names, comparison.scenarios[1][1].churn, problems
    (('Today', 'B'), 0.08, ())
    """
    problems: list[Problem] = []
    names, fields = _sort_parameters(query, set(other_parameters), problems)
    present = sorted(names.keys() | fields.keys())
    if not present:
        return Comparison.of(Scenario()), tuple(problems)

    scenarios: dict[str, Scenario] = {}
    for letter in present:  # A first: the others are read against it
        reference = scenarios.get("A", Scenario())
        scenarios[letter] = _read_scenario(letter, fields.get(letter, {}), reference, problems)
    items = []
    for index, letter in enumerate(present):
        if letter not in names:
            items.append((LETTERS[index], scenarios[letter]))
            continue
        given, parameter = names[letter]
        name, reason = checked_name(given, LETTERS[index])
        if reason is not None:
            problems.append(Problem(parameter, given, reason, name))
        items.append((name, scenarios[letter]))
    return Comparison(scenarios=tuple(items)), tuple(problems)


# Per letter: the scenario's name as given and its parameter; the fields given for it.
_Names = dict[str, tuple[str, str]]
_Fields = dict[str, dict[str, str | Sequence[str]]]


def _sort_parameters(
    query: Mapping[str, str | Sequence[str]], skip: set[str], problems: list[Problem]
) -> tuple[_Names, _Fields]:
    """A comparison link's parameters by letter (names, fields); the others into `problems`."""
    names: _Names = {}
    fields: _Fields = {}
    for parameter, given in query.items():
        if parameter in skip:
            continue
        match = _PARAMETER.fullmatch(parameter)
        if match is None:
            problems.append(Problem(parameter, _shown(given), "unknown"))
            continue
        letter, field = match.groups()
        if letter not in LETTERS:
            problems.append(Problem(parameter, _shown(given), "too_many"))
            continue
        if field is None:
            name, repeated = _last(given)
            if repeated:
                problems.append(Problem(parameter, _shown(given), "repeated", name))
            names[letter] = (name, parameter)
        elif field in _FIELDS_BY_NAME:
            given_fields = fields.setdefault(letter, {})
            full = _FIELDS_BY_NAME[field]
            if full in given_fields:  # under its long and its short name: one repeated
                earlier = given_fields[full]  # parameter (named by its long name), the last counts
                given = [
                    *([earlier] if isinstance(earlier, str) else earlier),
                    *([given] if isinstance(given, str) else given),
                ]
            given_fields[full] = given
        else:
            problems.append(Problem(parameter, _shown(given), "unknown"))
    return names, fields


def _read_scenario(
    letter: str,
    given: Mapping[str, str | Sequence[str]],
    reference: Scenario,
    problems: list[Problem],
) -> Scenario:
    """One scenario: its reference's fields, with the ones its link gives replaced."""
    query: dict[str, str | Sequence[str]] = dict(share_query(reference))
    for field, text in given.items():
        value, _ = _last(text)
        optional = (
            Scenario.model_fields[field].is_required() is False
            and Scenario.model_fields[field].default is None
        )
        if optional and value.strip().lower() == NO_LIMIT:
            query.pop(field, None)
            if isinstance(text, str) or len(list(text)) <= 1:
                continue
            problems.append(Problem(f"{letter}.{field}", _shown(text), "repeated", None))
            continue
        query[field] = text
    reading = read_link(query)
    for problem in reading.problems:
        problems.append(
            Problem(f"{letter}.{problem.parameter}", problem.given, problem.reason, problem.used)
        )
    return reading.scenario


def _shown(given: str | Sequence[str]) -> str:
    """A parameter's values as one text."""
    return given if isinstance(given, str) else ", ".join(given)


def field_of(parameter: str) -> tuple[str | None, str | None]:
    """The letter and the field a comparison parameter names.

    Returns (None, None) for a parameter that is not a comparison's; a scenario's name
    parameter (`B`) gives its letter and no field.

    >>> field_of("B.churn"), field_of("churn")
    (('B', 'churn'), (None, None))
    """
    match = _PARAMETER.fullmatch(parameter)
    return (match.group(1), match.group(2)) if match else (None, None)
