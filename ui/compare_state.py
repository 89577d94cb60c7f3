"""What the compare page does with a link, an edit, a pasted link or a file (no Streamlit):
plain functions from the address bar's query and the user's input to the new comparison and
the notice that says what had to be corrected. The page only reads and writes its state."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from strategy import (
    LETTERS, MOST, Comparison, Problem, Scenario, clean_name, comparison_query, field_bounds,
    field_of, is_comparison_query, read_comparison, read_comparison_json, read_inputs,
    read_link,
)

from .answer import plain
from .compare_cells import EDITED_FIELDS, NAME_ROW, field_label, parse_cell
from .fields import format_field
from .i18n import Translator
from .settings import FRAME_CHOICES

Query = Mapping[str, Sequence[str]]  # the address bar: each parameter with all its values


@dataclass(frozen=True)
class Change:
    """A change's outcome: the new comparison (None: it stays), and the notice to show until
    the next change (its title's catalog key and its lines; no lines, no notice)."""

    comparison: Comparison | None
    title: str = ""
    lines: tuple[str, ...] = ()


def comparison_now(query: Query) -> Comparison:
    """The comparison the address bar holds (the page keeps it a valid one)."""
    return read_comparison(query, other_parameters=FRAME_CHOICES)[0]


def opened(query: Query, last: Mapping[str, str] | None, explorer: Scenario,
           untold: Sequence[Problem], tr: Translator) -> tuple[Comparison, list[str]]:
    """The comparison a run starts from, and the lines naming what could not be used: the
    link's comparison; without one, the last one shown or the explorer's scenario. `untold` is
    what the frame found unusable in the opening link; this page names it (with a comparison in
    the link, only the language's and the currency's: the rest were its own parameters)."""
    if is_comparison_query(query):
        comparison, problems = read_comparison(query, other_parameters=FRAME_CHOICES)
        frame = [problem for problem in untold if problem.parameter in FRAME_CHOICES]
        return comparison, problem_lines([*problems, *frame], tr) if problems else []
    comparison = read_comparison(last)[0] if last is not None else Comparison.of(explorer)
    return comparison, problem_lines(list(untold), tr)


def own_parameters(query: Query) -> dict[str, list[str]]:
    """The page's parameters in the address bar: all but the language and the currency."""
    return {name: list(values) for name, values in query.items() if name not in FRAME_CHOICES}


def written(query: Query, comparison: Comparison) -> bool:
    """Whether the address bar already holds the comparison, parameter for parameter and in
    reading order (A, A's fields, B, …), so that it need not be written again."""
    mine, wanted = own_parameters(query), comparison_query(comparison)
    return mine == {name: [value] for name, value in wanted.items()} and list(mine) == list(
        wanted)


def edits_applied(comparison: Comparison, edited_rows: Mapping[int | str, Mapping[str, str]],
                  tr: Translator) -> Change:
    """The editor's changed cells (row -> column letter -> text) applied, each value checked:
    the notice names what had to be corrected and what was used instead."""
    rows = [NAME_ROW, *EDITED_FIELDS]
    edits: dict[int, dict[str, str]] = {}
    for row, columns in edited_rows.items():
        for letter, text in columns.items():
            if letter in comparison.letters:
                edits.setdefault(LETTERS.index(letter), {})[rows[int(row)]] = text or ""
    lines: list[str] = []
    for index, cells in sorted(edits.items()):
        comparison = _edited(comparison, index, cells, tr, lines)
    return Change(comparison, "compare.edit_notice", tuple(lines))


def _edited(comparison: Comparison, index: int, cells: dict[str, str], tr: Translator,
            lines: list[str]) -> Comparison:
    """One scenario's edited cells applied; the lines of what was corrected added to `lines`."""
    letter = LETTERS[index]
    name, scenario = comparison.scenarios[index]
    if NAME_ROW in cells:
        name = clean_name(cells.pop(NAME_ROW), letter)
    if cells:
        values = {field: getattr(scenario, field) for field in Scenario.model_fields} | {
            field: parse_cell(tr, field, text) for field, text in cells.items()}
        reading = read_inputs(values)
        scenario = reading.scenario
        lines += problem_lines(
            [Problem(f"{letter}.{p.parameter}", cells.get(p.parameter, p.given), p.reason,
                     p.used) for p in reading.problems], tr,
            parameter=lambda p: f"{p.parameter[0]} · {field_label(tr, p.parameter[2:])}")
    return comparison.replaced(index, name=name, scenario=scenario)


def link_added(comparison: Comparison, text: str, explorer: Scenario,
               tr: Translator) -> Change:
    """A new scenario: every scenario of a pasted compare link (as many as fit), the one of a
    pasted explorer link, or with no text a copy of the explorer's scenario."""
    text = text.strip()
    if not text:
        return Change(comparison.added(explorer))
    query = parse_qs(urlsplit(text).query if "?" in text or "://" in text else text,
                     keep_blank_values=True)
    if not query:
        return Change(None, "compare.edit_notice", (tr("compare.not_a_link", given=plain(text)),))
    if is_comparison_query(query):
        linked, problems = read_comparison(query, other_parameters=FRAME_CHOICES)
        for name, scenario in linked.scenarios[: MOST - len(comparison.scenarios)]:
            comparison = comparison.added(scenario, name)
    else:
        reading = read_link(query, other_parameters=FRAME_CHOICES)
        problems = reading.problems
        comparison = comparison.added(reading.scenario)
    return Change(comparison, "notice.title", tuple(problem_lines(problems, tr)))


def file_loaded(data: bytes, name: str, tr: Translator) -> Change:
    """A comparison file in place of the comparison; what in it was unusable is named."""
    comparison, problems = read_comparison_json(data)
    if comparison is None:
        [problem] = problems
        return Change(None, "compare.file_notice", (tr(
            "files.unusable", name=plain(name), reason=tr(f"reason.{problem.reason}"),
            given=plain(problem.given)),))
    return Change(comparison, "compare.file_notice", tuple(problem_lines(problems, tr)))


def problem_lines(problems: Sequence[Problem], tr: Translator,
                  parameter: Callable[[Problem], str] | None = None) -> list[str]:
    """One Markdown line per problem of a comparison link or edit (`B.churn`, `B`, `E`, …):
    what was given, why it was not used, and what was used instead."""
    lines = []
    for problem in problems:
        field = field_of(problem.parameter)[1] or ""  # none for a scenario's name (`B`)
        known = field in Scenario.model_fields
        if problem.reason in ("too_many", "too_long"):
            reason = tr(f"compare.reason.{problem.reason}")
        elif problem.reason in ("out_of_range", "range_bounds") and known:
            subject = field if problem.reason == "out_of_range" else problem.subject
            low, high = field_bounds(subject)
            reason = tr(f"reason.{problem.reason}", low=format_field(tr, subject, low),
                        high=format_field(tr, subject, high))
        else:
            reason = tr(f"reason.{problem.reason}")
        shown = parameter(problem) if parameter else plain(problem.parameter)
        line = tr("notice.line", parameter=shown, given=plain(problem.given), reason=reason)
        if problem.reason in ("unknown", "too_many") or (problem.used is None and not known):
            used = tr("notice.ignored")
        else:
            used = tr("notice.shown_instead", used=format_field(tr, field, problem.used)
                      if known else plain(str(problem.used)))
        lines.append(f"{line}; {used}")
    return lines
