"""The stress page's table and chart lines as plain functions of the report."""

from __future__ import annotations

import strategy
from ui import stress_view as sv
from ui.i18n import Translator

TR = Translator("en")


def test_each_case_gets_a_row_and_a_line_and_each_shock_a_mark() -> None:
    scenario = strategy.Scenario(shock_loss=0.2, shock_month=6, budget_cut=0.3,
                                 budget_cut_month=9)
    report = strategy.stress(scenario)
    header, rows = sv.stress_table(report, TR)
    assert len(header) == 6 and not sv.ranged(report)
    assert [row[0] for row in rows] == [TR(f"stress.case.{row.case}") for row in report.rows]
    assert all(len(row) == len(header) for row in rows)
    lines = sv.chart_lines(report, TR)
    assert len(lines) == len(report.rows) + 1 and lines[-1][1] == sv.GREEN
    assert sv.shock_marks(report, scenario, TR) == [
        (6, TR("stress.case.churn_shock")), (9, TR("stress.case.budget_cut"))]


def test_a_verdict_says_pass_or_fail_and_by_how_much() -> None:
    row = strategy.stress(strategy.Scenario()).rows[0]
    text = sv.verdict(TR, row, True, 0.012)
    assert text.startswith(TR("stress.pass")) and text.endswith("+1.2%")
    assert sv.verdict(TR, row, False, -0.05).startswith(TR("stress.fail"))
    assert sv.across_ranges(TR, row, 0.1) == TR("stress.range_verdict.none")
