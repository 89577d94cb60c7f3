"""The stress page through AppTest: shocks from a link, verdicts, the chart, goal-seek."""

from __future__ import annotations

import re

import pytest

import strategy
from ui.answer import literal_dollars
from ui.controls import points_key
from ui.i18n import Translator

from apptest import page_text, results_tables
from test_explorer import _english_only_words

PAGE = "app_pages/stress.py"
SHOCKS = {"shock_loss": "0.25", "shock_month": "6", "launch_adoption": "0.5",
          "launch_month": "9", "budget_cut": "0.3", "cac_inflation": "1.0",
          "growth_target": "0.05"}
TR = Translator()


def test_without_shocks_the_page_says_how_to_turn_one_on(open_app) -> None:
    app = open_app(page=PAGE)
    assert not app.exception and not app.error
    assert [info.value for info in app.info] == [TR("stress.no_shocks")]
    tables = results_tables(app)  # and, below them, the ranges table
    assert len(tables) == 1 and len(tables[0].value) == 1
    assert len(app.get("plotly_chart")) == 1


def test_a_link_with_shocks_shows_each_alone_and_together(open_app) -> None:
    app = open_app(SHOCKS, page=PAGE)
    assert not app.exception and not app.error and not app.warning
    scenario = strategy.Scenario(**{k: float(v) if "." in v else int(v)
                                    for k, v in SHOCKS.items()})
    report = strategy.stress(scenario)
    table = app.dataframe[0].value
    assert table.iloc[:, 0].tolist() == [TR(f"stress.case.{row.case}") for row in report.rows]
    assert [row.case for row in report.rows][-1] == "combined" and len(report.rows) == 6
    for shown, row in zip(table.itertuples(index=False), report.rows, strict=True):
        assert shown[1] == TR.percent(row.growth_plan)
        assert shown[2].startswith(TR("stress.pass") if row.passes_plan else TR("stress.fail"))
        assert shown[3] == TR.percent(row.best.best_share)
    for name, value in SHOCKS.items():  # the widgets hold the link's shocks
        if name == "growth_target":  # a box in points over a logarithmic slider (issue 15)
            assert app.number_input(key=points_key(name)).value == pytest.approx(
                float(value) * 100)
            continue
        widget = app.slider(key=name) if name != "launch_price" else app.number_input(key=name)
        assert widget.value == pytest.approx(float(value))


def test_the_verdict_follows_the_target(open_app) -> None:
    easy = open_app(SHOCKS | {"growth_target": "-0.5"}, page=PAGE)
    hard = open_app(SHOCKS | {"growth_target": "5"}, page=PAGE)
    assert all(cell.startswith(TR("stress.pass"))
               for cell in easy.dataframe[0].value.iloc[:, 2])
    assert all(cell.startswith(TR("stress.fail"))
               for cell in hard.dataframe[0].value.iloc[:, 2])
    assert easy.markdown[0].value.startswith("### " + TR("stress.headline.pass").split("{")[0])


def test_moving_a_shock_changes_the_results(open_app) -> None:
    app = open_app(SHOCKS, page=PAGE)
    before = app.dataframe[0].value.copy()
    app.slider(key="shock_loss").set_value(0.6).run()
    assert not app.exception
    assert not app.dataframe[0].value.equals(before)


def test_goal_seek_answers_with_the_engines_budget(open_app) -> None:
    app = open_app({"goal_target": "15000"}, page=PAGE)
    answer = strategy.required_budget(strategy.Scenario(), 15_000, "customers")
    assert answer.reachable
    [success] = app.success
    assert TR.money(answer.budget).replace("$", "\\$") in success.value
    assert TR.percent(answer.best_share) in success.value


def test_the_share_link_asks_the_same_goal_seek_question(open_app) -> None:
    app = open_app({"goal_target": "1200000", "goal_metric": "revenue"}, page=PAGE)
    [link] = [code.value for code in app.code]
    query = dict(re.findall(r"[?&]([^=&]+)=([^&]*)", link))
    assert query["goal_metric"] == "revenue" and float(query["goal_target"]) == 1_200_000


@pytest.mark.parametrize(("query", "limit"), [
    ({"goal_target": "50000", "market": "30000"}, "market"),
    ({"goal_target": "900000"}, "capacity"),
])
def test_goal_seek_says_which_limit_binds(open_app, query: dict[str, str], limit: str) -> None:
    app = open_app(query, page=PAGE)
    assert not app.exception
    answer = strategy.required_budget(
        strategy.Scenario(**{k: int(v) for k, v in query.items() if k != "goal_target"}),
        float(query["goal_target"]), "customers")
    assert answer.limit == limit
    [warning] = app.warning
    assert TR(f"goal.unreachable.{limit}").split("{target}")[1][:20] in warning.value


def test_extreme_shocks_draw_without_errors(open_app) -> None:
    top = {name: str(strategy.field_bounds(name)[1]) for name in (
        "shock_loss", "launch_adoption", "launch_adoption_new", "budget_cut", "cac_inflation")}
    app = open_app(top | {"shock_month": "1", "launch_month": "1", "budget_cut_month": "1",
                          "cac_inflation_month": "1", "goal_target": "1e12"}, page=PAGE)
    assert not app.exception and not app.error


def test_the_hungarian_page_has_no_english_left(open_app) -> None:
    app = open_app(SHOCKS | {"lang": "hu", "goal_target": "15000"}, page=PAGE)
    english = _english_only_words()
    leftovers = {
        word for text in page_text(app) for word in re.findall(r"[A-Za-zÀ-ž]{4,}", text)
        if word.lower() in english
    }
    assert leftovers <= {"English"}, leftovers
    assert app.title[0].value == "Stressztesztek"


def test_a_launch_shows_the_plan_across_the_adoption_ranges(open_app) -> None:
    """SOURCES gives the chances of selling a new product as ranges: the table judges the plan
    at both ends of them (by default 5–20% for a new customer)."""
    query = {"launch_adoption": "0.5", "ranges": "launch_adoption-0.4-0.7",
             "growth_target": "0.055"}
    app = open_app(query, page=PAGE)
    assert not app.exception and not app.error and not app.warning
    table = app.dataframe[0].value.set_index(TR("stress.column.case"))
    column = table[TR("stress.column.adoption_range")]
    row = strategy.stress(strategy.read_link(query).scenario).row("launch")
    low, high = row.growth_plan_range
    assert low < 0.055 <= high  # the target is met only when adoption is high
    assert column[TR("stress.case.launch")] == (
        f"{TR.percent(low)} – {TR.percent(high)} {TR('stress.range_verdict.high_only')}")
    assert column[TR("stress.case.baseline")] == "–"
    assert TR("stress.range_note") in page_text(app)


def test_the_goal_seek_says_it_counts_the_shocks_and_what_it_takes_without_them(
        open_app) -> None:
    """With a churn shock on, the goal-seek's budget includes it: the page says so and gives
    the budget without the shocks (30,000 customers: 181,728 with, 128,815 without)."""
    client = {"customers": "25000", "churn": "0.04", "cac_multiplier": "7", "budget": "120000",
              "shock_loss": "0.25"}
    app = open_app(client | {"goal_metric": "customers", "goal_target": "30000"}, page=PAGE)
    assert not app.exception and not app.error
    scenario = strategy.read_link(client).scenario
    shocked = strategy.required_budget(scenario, 30_000, "customers")
    calm = strategy.required_budget(scenario.without_shocks(), 30_000, "customers")
    assert calm.budget < 0.8 * shocked.budget
    [success] = app.success
    assert TR.money(shocked.budget) in success.value
    assert literal_dollars(TR("goal.with_shocks", shocks=TR("stress.case.churn_shock"),
                              budget=TR.money(calm.budget),
                              share=TR.percent(calm.best_share))) in [
        caption.value for caption in app.caption]


def test_the_growth_target_is_explained_as_an_example(open_app) -> None:
    """The 10% the page starts from is named as an example to replace, not a benchmark."""
    app = open_app(SHOCKS | {"growth_target": "0.1"}, page=PAGE)
    notes = [caption.value for caption in app.caption]
    assert any("only an example" in note for note in notes), notes
    assert "not a benchmark" in TR("field.growth_target.help")
