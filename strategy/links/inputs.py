"""Reading a scenario from untrusted values: widget values or a share link's query string.

Each value is checked on its own against its field; a bad one is replaced by the default and
reported, so the good ones are kept. Then the rules that tie fields together are applied the
same way. Nothing here raises on bad input: callers get a scenario and a list of problems.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Literal, cast

from pydantic import TypeAdapter, ValidationError

from ..model.scenario import Range, Scenario, field_bounds, parse_ranges, range_problem, ranges_text

if TYPE_CHECKING:
    from typing_extensions import TypeForm  # pydantic's own dependency

Reason = Literal[
    "unknown",
    "repeated",
    "empty",
    "not_a_number",
    "not_whole_number",
    "out_of_range",
    "invalid_choice",
    "above_churn",
    "not_above_customers",
    "invalid",
    # one range of `ranges`: unreadable, not an input that takes a range, low above high,
    # outside the input's own range, a second range for the same input
    "range_format",
    "range_unknown",
    "range_order",
    "range_bounds",
    "range_repeated",
    "not_json",
    "not_a_scenario_file",
    "unknown_version",  # a scenario file as a whole
    "too_long",
    "too_many",  # a comparison's scenario name; a fifth scenario
]

_REASONS: dict[str, Reason] = {
    "int_parsing": "not_a_number",
    "float_parsing": "not_a_number",
    "int_type": "not_a_number",
    "float_type": "not_a_number",
    "finite_number": "not_a_number",
    "int_from_float": "not_whole_number",
    "greater_than_equal": "out_of_range",
    "less_than_equal": "out_of_range",
    "greater_than": "out_of_range",
    "less_than": "out_of_range",
    "literal_error": "invalid_choice",
}
FIELDS: tuple[str, ...] = tuple(Scenario.model_fields)


@dataclass(frozen=True)
class Problem:
    """One input that could not be used as given.

    In a `Reading`: the parameter, what was given, why it was dropped (a `Reason` code the app
    words) and the value used instead.

    >>> from strategy import read_inputs
    >>> [problem] = read_inputs({"churn": "abc"}).problems
    >>> problem.parameter, problem.reason, problem.used
    ('churn', 'not_a_number', 0.05)
    """

    parameter: str
    given: str
    reason: Reason
    used: Any = None  # the value used instead (None: ignored, or "no limit" for market)

    @property
    def subject(self) -> str:
        """The input the given value is for: the parameter, or the input of one range."""
        return self.given.split("-")[0] if self.reason.startswith("range_") else self.parameter

    @property
    def bounds(self) -> tuple[float, float] | None:
        """The accepted range, for an out-of-range number or range."""
        if (
            self.reason in ("out_of_range", "range_bounds")
            and self.subject in Scenario.model_fields
        ):
            return field_bounds(self.subject)
        return None


@dataclass(frozen=True)
class Reading:
    """The scenario that was used, and what had to be dropped or corrected to get it.

    Returned by `read_inputs` and `read_link`, which never raise on bad input.

    >>> from strategy import read_link
    >>> reading = read_link({"churn": "0.08"})
    >>> reading.scenario.churn, reading.problems
    (0.08, ())
    """

    scenario: Scenario
    problems: tuple[Problem, ...]


@cache
def _adapter(name: str) -> TypeAdapter[Any]:
    """A validator of one field of the scenario, on its own."""
    field = Scenario.model_fields[name]
    # The annotation is known only at run time, so no checker can see this Annotated is a type.
    return TypeAdapter(cast("TypeForm[Any]", Annotated[field.annotation, field]))


def _check(name: str, value: Any) -> Reason | None:
    """Why `value` is not a valid value of field `name`, or None."""
    try:
        _adapter(name).validate_python(value)
    except ValidationError as error:
        return _REASONS.get(error.errors()[0]["type"], "invalid")
    return None


def read_inputs(values: Mapping[str, Any]) -> Reading:
    """Build a scenario from field values, replacing each bad one and saying why.

    Args:
        values: field name -> value (a widget's value, or text).

    Returns:
        A `Reading`: the scenario used and a `Problem` for each value dropped or corrected.
        Never raises on bad input.

    >>> reading = read_inputs({"churn": "abc", "budget": 9000})
    >>> reading.scenario.budget, [(p.parameter, p.reason) for p in reading.problems]
    (9000, [('churn', 'not_a_number')])
    """
    accepted: dict[str, Any] = {}
    dropped: list[tuple[str, str, Reason]] = []
    for name, value in values.items():
        if name == "ranges" and isinstance(value, (str, list, tuple)):
            value, bad = _good_ranges(value)
            dropped += bad
        if name not in Scenario.model_fields:
            dropped.append((name, _show(value), "unknown"))
            continue
        reason = "empty" if value == "" else _check(name, value)
        if reason is None:
            accepted[name] = _adapter(name).validate_python(value)
        else:
            dropped.append((name, _show(value), reason))
    defaults = Scenario.model_construct()
    churn = accepted.get("churn", defaults.churn)
    floor = accepted.get("churn_floor", defaults.churn_floor)
    if floor > churn:
        if "churn_floor" not in values or "churn_floor" in accepted:  # else already reported
            dropped.append(("churn_floor", _show(floor), "above_churn"))
        accepted["churn_floor"] = churn
    market = accepted.get("market")
    if market is not None and market <= accepted.get("customers", defaults.customers):
        dropped.append(("market", _show(market), "not_above_customers"))
        del accepted["market"]
    scenario = Scenario(**accepted)
    return Reading(
        scenario,
        tuple(
            Problem(
                name,
                given,
                reason,
                getattr(scenario, name) if name in Scenario.model_fields else None,
            )
            for name, given, reason in dropped
        ),
    )


def _good_ranges(value: str | Sequence[Any]) -> tuple[list[Range], list[tuple[str, str, Reason]]]:
    """The usable ranges of a link's text or a file's list, and each unusable one with why."""
    if isinstance(value, str):
        given = parse_ranges(value)
    else:
        given = [(_show(item), _as_range(item)) for item in value]
    good: list[Range] = []
    bad: list[tuple[str, str, Reason]] = []
    for text, item in given:
        if item is None:
            bad.append(("ranges", text, "range_format"))
            continue
        reason: Reason | None = range_problem(item)
        if reason is None and any(kept.field == item.field for kept in good):
            reason = "range_repeated"
        if reason is None:
            good.append(item)
        else:
            bad.append(("ranges", text, reason))
    return good, bad


def _as_range(item: Any) -> Range | None:
    """A file's [input, low, high] as a range, or None."""
    try:
        field, low, high = item
        return Range(str(field), float(low), float(high))
    except (TypeError, ValueError):
        return None


def read_link(
    query: Mapping[str, str | Sequence[str]], other_parameters: Iterable[str] = ()
) -> Reading:
    """Read a share link's parameters into a scenario, never raising.

    A repeated parameter is reported and read by its last value.

    Args:
        query: the link's parameters (a value, or a list of values per name).
        other_parameters: names that belong to the caller, skipped.

    Returns:
        A `Reading`, each problem saying what the link said.

    >>> reading = read_link({"churn": "0.08", "budget": ["1", "2"], "lang": "hu"}, ["lang"])
    >>> reading.scenario.churn, reading.scenario.budget, reading.problems[0].reason
    (0.08, 2, 'repeated')
    """
    skip = set(other_parameters)
    values: dict[str, str] = {}
    repeated: list[Problem] = []
    for name, given in query.items():
        if name in skip:
            continue
        if not isinstance(given, str):
            given = list(given)
            if len(given) > 1:
                repeated.append(Problem(name, ", ".join(given), "repeated"))
            given = given[-1] if given else ""
        values[name] = given
    reading = read_inputs({name: _number_text(name, text) for name, text in values.items()})
    used = lambda name: getattr(reading.scenario, name, None)
    return Reading(
        reading.scenario,
        (
            *(Problem(p.parameter, p.given, p.reason, used(p.parameter)) for p in repeated),
            # Say what the link said, not what it was parsed to.
            *(
                Problem(
                    p.parameter,
                    p.given if p.reason.startswith("range_") else values.get(p.parameter, p.given),
                    p.reason,
                    p.used,
                )
                for p in reading.problems
            ),
        ),
    )


def _number_text(name: str, text: str) -> str | int | float:
    """Whole floats ("1e5", "60000.0") read as whole numbers, as the app's sliders read them."""
    field = Scenario.model_fields.get(name)
    if field is None or field.annotation not in (int, int | None):
        return text
    try:
        number = float(text)
    except ValueError:
        return text
    # A fraction stays a float, so the field can say "not a whole number".
    return int(number) if number.is_integer() else number


def share_query(scenario: Scenario) -> dict[str, str]:
    """Every field as a query parameter: the scenario's share link.

    Defaults are included, so a link means the same thing even after the app's defaults change.
    An absent market limit is left out.

    >>> query = share_query(Scenario(churn=0.08))
    >>> query["churn"], "market" in query, read_link(query).scenario == Scenario(churn=0.08)
    ('0.08', False, True)
    """
    return {
        name: _show(getattr(scenario, name))
        for name in Scenario.model_fields
        if getattr(scenario, name) is not None
    }


def _show(value: Any) -> str:
    """A value as a link writes it: floats in shortest exact form, ranges as `input-low-high`."""
    if isinstance(value, tuple) and all(isinstance(item, Range) for item in value):
        return ranges_text(value)
    return repr(value) if isinstance(value, float) else str(value)
