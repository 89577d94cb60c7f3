"""The compare page through AppTest: it runs, a link restores every scenario, edits follow."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from streamlit.testing.v1 import AppTest

import strategy
from strategy import Comparison, Scenario, comparison_query, read_comparison
from ui.compare_cells import cell_text, parse_cell
from ui.i18n import Translator, catalog

from apptest import page_text

APP = str(Path(__file__).resolve().parents[2] / "app.py")
COMPARE = "app_pages/compare.py"
SHOWN = Comparison.of(("Today", Scenario(churn=0.072, budget=83_000)),
                      ("Price rise", Scenario(churn=0.072, budget=83_000, arpu=46.5)),
                      ("Capped", Scenario(market=900_000, objective="customers")))


def open_compare(query: dict[str, str | list[str]] | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for name, value in (query or {}).items():
        app.query_params[name] = value
    return app.switch_page(COMPARE).run()


def comparison_in_url(app: AppTest) -> Comparison:
    query = {name: app.query_params[name] for name in app.query_params}
    return read_comparison(query, other_parameters=("lang", "currency"))[0]


def table(app: AppTest):
    """The results table (first); the inputs editor comes last, below the results."""
    return app.dataframe[0].value


def test_the_page_runs_without_the_explorer_sliders() -> None:
    app = open_compare()
    assert not app.exception and not app.error and not app.warning
    assert not app.slider  # the explorer's scenario sliders are not drawn here
    assert {radio.key for radio in app.radio} == {"lang"}  # the frame's switch stays
    assert len(app.get("plotly_chart")) == 2
    assert comparison_in_url(app) == Comparison.of(Scenario())  # A = the explorer's scenario


def test_a_compare_link_restores_every_scenario_and_name() -> None:
    app = open_compare(comparison_query(SHOWN) | {"lang": "en", "currency": "EUR"})
    assert not app.exception and not app.warning
    assert comparison_in_url(app) == SHOWN
    editor = app.dataframe[-1].value
    assert list(editor.loc["name", ["A", "B", "C"]]) == ["Today", "Price rise", "Capped"]
    assert editor.loc["arpu", "B"] == "46.5"
    cards = [markdown.value for markdown in app.markdown if markdown.value.startswith("**")]
    assert "**B** · Price rise" in cards
    # Two objectives: one trade-off chart each, and one for the customer bases.
    assert len(app.get("plotly_chart")) == 3
    [link] = [code.value for code in app.code]
    query = dict(re.findall(r"[?&]([^=&]+)=([^&]*)", link))
    assert query["currency"] == "EUR" and query["B"] == "Price+rise"
    shown = table(app)
    best = strategy.best_split(SHOWN.scenarios[0][1])
    tr = Translator("en", "EUR")
    assert shown.loc["Best retention share", "A · Today"] == tr.percent(best.best_share)
    arpu = shown.loc["Monthly revenue per new customer (EUR)", "B · Price rise"]
    assert arpu.startswith("46.50 ▲") and "(+16.2%)" in arpu, arpu


def test_a_link_to_the_explorer_opens_each_scenario() -> None:
    app = open_compare(comparison_query(SHOWN))
    links = app.get("page_link")
    assert [link.label for link in links] == ["Open in explorer"] * 3
    for link, (_, scenario) in zip(links, SHOWN.scenarios, strict=True):
        query = dict(parse_qsl(link.proto.query_string))
        assert query.pop("lang") == "en" and query.pop("currency") == "USD"
        assert strategy.read_link(query) == strategy.Reading(scenario, ())


def test_adding_a_scenario_from_a_link_changes_the_url_and_the_results() -> None:
    app = open_compare()
    before = table(app)
    app.text_input(key="compare_add_link").input(
        "https://example.org/?churn=0.08&budget=90000&colour=red")
    [submit] = [button for button in app.button if button.label == "Add a scenario"]
    submit.click().run()
    assert not app.exception
    comparison = comparison_in_url(app)
    assert comparison.names == ("A", "B")
    assert comparison.scenarios[1][1] == Scenario(churn=0.08, budget=90_000)
    after = table(app)
    assert list(after.columns) == ["A", "B"] and after.shape != before.shape
    assert "▲" in after.loc["Monthly churn", "B"]
    [notice] = [warning.value for warning in app.warning]
    assert "colour" in notice and "ignored" in notice


def test_a_default_name_is_shown_once() -> None:
    """A scenario still called by its letter reads "A", not "A · A"; a named one "B · name"."""
    app = open_compare(comparison_query(Comparison.of(("A", Scenario()),
                                                      ("Price rise", Scenario(arpu=46.5)),
                                                      ("C", Scenario(churn=0.08)))))
    assert not app.exception
    cards = [markdown.value for markdown in app.markdown if markdown.value.startswith("**")]
    assert cards[:3] == ["**A**", "**B** · Price rise", "**C**"]
    assert list(table(app).columns) == ["A", "B · Price rise", "C"]


def test_removing_a_scenario_keeps_the_others() -> None:
    app = open_compare(comparison_query(SHOWN))
    app.button(key="compare_remove_A").click().run()
    assert comparison_in_url(app).names == ("Price rise", "Capped")


def test_a_bad_link_is_named_once_and_the_url_cleaned() -> None:
    app = open_compare({"A": "Mine", "A.churn": "abc", "E": "fifth", "B.budget": "-1"})
    [notice] = [warning.value for warning in app.warning]
    for named in ("A\\.churn = “abc”", "E = “fifth”", "B\\.budget = “\\-1”", "using 5.0%",
                  "only four scenarios"):
        assert named in notice, named
    assert set(app.query_params) == {"A", "B"}


def test_a_script_name_shows_as_text() -> None:
    name = "<script>alert('x')</script> \"quoted\" & more"
    app = open_compare(comparison_query(Comparison.of((name, Scenario()))))
    assert not app.exception
    texts = [element.value for element in app.markdown]
    assert not any("<script>" in text for text in texts)
    assert any("\\<script\\>" in text for text in texts)
    specs = " ".join(chart.proto.spec for chart in app.get("plotly_chart"))
    assert "<script>" not in specs and "&lt;script&gt;" in specs
    assert comparison_in_url(app).names == (name,)


def _english_only_words() -> set[str]:
    words = lambda language: {
        word.lower() for text in catalog(language).values()
        for word in re.findall(r"[A-Za-zÀ-ž]{4,}", text)
    }
    return words("en") - words("hu")


def test_the_hungarian_page_has_no_english_left() -> None:
    app = open_compare(comparison_query(SHOWN) | {"lang": "hu", "A.churn": "abc"})
    english = _english_only_words()
    texts = [*page_text(app), *(button.label for button in app.button),
             *(element.label for element in app.text_input),
             *map(str, table(app).index), *map(str, app.dataframe[-1].value["input"])]
    leftovers = {word for text in texts for word in re.findall(r"[A-Za-zÀ-ž]{4,}", text)
                 if word.lower() in english}
    names = {"Today", "Price", "rise", "Capped"}
    assert leftovers <= {"English", *Scenario.model_fields, *names}, leftovers
    assert app.title[0].value == "Forgatókönyvek összehasonlítása"


@pytest.mark.parametrize("language", ["en", "hu"])
@pytest.mark.parametrize("field, value", [
    ("churn", 0.0725), ("customers", 23_400), ("cac_multiplier", 7.5), ("market", None),
    ("market", 900_000), ("objective", "revenue"), ("arpu", 40.25), ("budget", 1_000_000),
])
def test_editor_cells_read_back_as_they_show(language: str, field: str, value) -> None:
    tr = Translator(language, "HUF")
    assert parse_cell(tr, field, cell_text(tr, field, value)) == value


@pytest.mark.parametrize("text, value", [("8", 0.08), ("8%", 0.08), ("7.5 %", 0.075),
                                         ("abc", "abc"), ("", "")])
def test_typed_percentages_are_percent(text: str, value) -> None:
    assert parse_cell(Translator(), "churn", text) == value
