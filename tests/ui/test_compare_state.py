"""The compare page's changes as plain functions: a link, an edit, a pasted link, a file."""

from __future__ import annotations

from strategy import (
    Comparison, Problem, Scenario, comparison_json, comparison_query, read_comparison,
)
from ui import compare_state as cs
from ui.i18n import Translator

TR = Translator("en", "EUR")
TWO = Comparison.of(("Today", Scenario(churn=0.07)), ("Price rise", Scenario(arpu=46.5)))


def query_of(comparison: Comparison, **extra: str) -> dict[str, list[str]]:
    return {name: [value] for name, value in (comparison_query(comparison) | extra).items()}


def test_a_compare_link_opens_its_comparison_and_names_what_was_dropped() -> None:
    query = query_of(TWO) | {"B.churn": ["abc"]}
    untold = (Problem("lang", "xx", "invalid_choice"), Problem("A", "Today", "unknown"))
    comparison, lines = cs.opened(query, None, Scenario(), untold, TR)
    assert comparison == TWO
    assert len(lines) == 2 and "B\\.churn" in lines[0] and "lang" in lines[1]
    assert cs.opened(query_of(TWO), None, Scenario(), untold, TR) == (TWO, [])


def test_without_a_compare_link_the_last_one_else_the_explorers_scenario() -> None:
    explorer = Scenario(budget=90_000)
    assert cs.opened({}, comparison_query(TWO), explorer, (), TR) == (TWO, [])
    comparison, lines = cs.opened({"churn": ["abc"]}, None, explorer,
                                  (Problem("churn", "abc", "not_a_number", 0.05),), TR)
    assert comparison == Comparison.of(explorer) and len(lines) == 1


def test_the_url_is_written_only_when_it_is_not_the_comparison_already() -> None:
    query = query_of(TWO, lang="hu")
    assert cs.written(query, TWO)
    assert "lang" not in cs.own_parameters(query)
    assert not cs.written(query_of(TWO.removed(1)) | {"B": ["Price rise"]}, TWO.removed(1))
    assert not cs.written(dict(reversed(query_of(TWO).items())), TWO)  # the reading order


def test_an_edit_is_checked_and_what_was_corrected_is_named() -> None:
    # Row 0 is the name; the others follow EDITED_FIELDS.
    churn_row = 1 + list(cs.EDITED_FIELDS).index("churn")
    change = cs.edits_applied(TWO, {"0": {"B": "Higher price"}, str(churn_row): {
        "A": "8%", "B": "abc", "E": "1%"}}, TR)
    names = change.comparison.names
    assert names == ("Today", "Higher price")
    assert change.comparison.scenarios[0][1].churn == 0.08
    assert change.comparison.scenarios[1][1].churn == TWO.scenarios[1][1].churn
    assert change.title == "compare.edit_notice"
    [line] = change.lines
    assert line.startswith("B · ") and "abc" in line


def test_adding_copies_the_explorer_or_reads_a_pasted_link() -> None:
    explorer = Scenario(customers=30_000)
    assert cs.link_added(TWO, "  ", explorer, TR) == cs.Change(TWO.added(explorer))
    pasted = cs.link_added(TWO, "https://x.example/?churn=0.09&arpu=abc", explorer, TR)
    assert pasted.comparison.scenarios[2][1].churn == 0.09
    assert pasted.title == "notice.title" and "arpu" in pasted.lines[0]
    compare = cs.link_added(TWO, "?" + "&".join(
        f"{name}={value}" for name, value in comparison_query(TWO).items()), explorer, TR)
    assert compare.comparison.names == ("Today", "Price rise", "Today", "Price rise")
    refused = cs.link_added(TWO, "https://x.example/", explorer, TR)
    assert refused.comparison is None and refused.title == "compare.edit_notice"
    assert "x\\.example" in refused.lines[0]


def test_a_file_replaces_the_comparison_or_says_why_it_cannot() -> None:
    loaded = cs.file_loaded(comparison_json(TWO).encode(), "two.json", TR)
    assert loaded == cs.Change(TWO, "compare.file_notice", ())
    broken = cs.file_loaded(b"{", "broken.json", TR)
    assert broken.comparison is None and "broken\\.json" in broken.lines[0]


def test_the_comparison_now_is_the_urls() -> None:
    assert cs.comparison_now(query_of(TWO, currency="EUR")) == read_comparison(
        comparison_query(TWO))[0]
