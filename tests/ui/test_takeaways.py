"""Take-aways: the months as CSV and the self-contained workshop report."""

from __future__ import annotations

import csv
import io
import re

import pytest

import strategy
from ui.i18n import Translator
from ui.takeaways import CSV_COLUMNS, Section, report_html, table, trajectories_csv

NAME = 'Ünnepi <script>alert("x")</script> & “quotes”'


@pytest.mark.parametrize("language", ["en", "hu"])
def test_csv_opens_in_excel_with_accents_and_translated_columns(language: str) -> None:
    tr = Translator(language, "HUF")
    scenario = strategy.Scenario(months=12)
    data = trajectories_csv(strategy.analyse(scenario), tr)
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [tr("csv.split"), *(tr(f"csv.{column}") for column in CSV_COLUMNS)]
    assert len(rows) == 1 + 2 * 12
    if language == "hu":
        assert "Árbevétel" in rows[0]


def test_csv_values_are_the_engine_months_exactly() -> None:
    scenario = strategy.Scenario(retention_share=0.2)
    data = trajectories_csv(strategy.analyse(scenario), Translator())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))[1:]
    plan = strategy.simulate(scenario)
    plan_rows = rows[:scenario.months]
    assert [int(row[1]) for row in plan_rows] == list(range(1, scenario.months + 1))
    for index, column in enumerate(CSV_COLUMNS[1:], start=2):
        assert [float(row[index]) for row in plan_rows] == pytest.approx(
            plan[column].tolist(), rel=1e-12)


def test_table_cells_are_text_never_markup() -> None:
    html = table(["<b>head</b>"], [[NAME]])
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html


@pytest.mark.parametrize("language", ["en", "hu"])
def test_report_is_one_offline_file_with_interactive_charts(language: str) -> None:
    tr = Translator(language, "EUR")
    link = 'http://localhost:8501/?churn=0.07&x="><script>alert(1)</script>'
    html = report_html(strategy.Scenario(churn=0.07), link, tr,
                       [Section(NAME, table(["a"], [[NAME]]))])
    assert html.startswith("<!DOCTYPE html>")
    assert f'lang="{language}"' in html
    # plotly.js inlined exactly once, no script or style fetched from anywhere
    assert html.count("plotly.js v") >= 1
    assert not re.search(r"<script[^>]+src=", html)
    assert len(re.findall(r'class="plotly-graph-div"', html)) == 3
    # every user text escaped: the only <script> tags are Plotly's own
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert tr("report.title") in html
    assert tr("explorer.sources").split(":")[0] in html


@pytest.mark.parametrize("language", ["en", "hu"])
def test_the_report_answers_the_budget_and_defines_clv_as_the_explorer_does(
        language: str) -> None:
    """Issue 14: the workshop report carries the budget sentence and the CLV with the same
    definition (over the horizon, discounted at the scenario's rate) as the explorer's help."""
    from html import escape

    from ui.answer import budget_sentence
    from ui.fields import format_field

    tr = Translator(language, "EUR")
    scenario = strategy.Scenario(months=48, discount=0.15)
    html = report_html(scenario, "http://localhost:8501/", tr)
    result = strategy.analyse(scenario)
    assert f"<p>{escape(budget_sentence(result.budget, tr))}</p>" in html
    clv_help = tr("kpi.clv_help", months=48, discount=format_field(tr, "discount", 0.15))
    assert escape(clv_help) in html
    assert escape(tr.money(result.economics.clv)) in html
    assert ("48" in clv_help) and (format_field(tr, "discount", 0.15) in clv_help)


def test_the_comparison_report_shows_every_name_as_text() -> None:
    from ui.compare_report import comparison_report

    comparison = strategy.Comparison.of((NAME, strategy.Scenario()),
                                        ("B", strategy.Scenario(churn=0.08)))
    html = comparison_report(comparison, "http://localhost/compare?A=x", Translator())
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert html.count('class="plotly-graph-div"') == 5  # the scenario's three, two overlays
    assert Translator()("compare.heading") in html
