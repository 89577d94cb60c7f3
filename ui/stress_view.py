"""How the stress page shows its report (no Streamlit): the table of cases and verdicts, and
the chart's lines and shock marks."""

from __future__ import annotations

from strategy import Scenario, StressReport, StressRow

from .chart_style import BLUE, BROWN, GREEN, GREY, PERIWINKLE, PURPLE, VERMILION
from .charts import Table
from .i18n import Translator

# Colour and dash of each case's line on the chart.
CASE_LOOK = {
    "baseline": (GREY, "solid"), "churn_shock": (VERMILION, "dot"),
    "launch": (BLUE, "dash"), "budget_cut": (BROWN, "dashdot"),
    "cac_inflation": (PURPLE, "longdash"), "combined": (PERIWINKLE, "solid"),
}
SHOCK_MONTH = {"churn_shock": "shock_month", "launch": "launch_month",
               "budget_cut": "budget_cut_month", "cac_inflation": "cac_inflation_month"}


def verdict(tr: Translator, row: StressRow, passes: bool, margin: float) -> str:
    """Pass or fail and by how much; or why growth cannot be told."""
    if row.problem is not None:
        return tr(f"stress.problem.{row.problem}")
    mark = tr("stress.pass") if passes else tr("stress.fail")
    return f"{mark} {tr.signed(tr.percent(margin), margin)}"  # short: the table fits a laptop


def across_ranges(tr: Translator, row: StressRow, target: float) -> str:
    """The plan's growth with the adoption rates at the low and the high ends of their ranges."""
    if row.growth_plan_range is None:
        return tr("stress.range_verdict.none")
    low, high = row.growth_plan_range
    reach = "both" if low >= target else ("high_only" if high >= target else "neither")
    return f"{tr.percent(low)} – {tr.percent(high)} {tr(f'stress.range_verdict.{reach}')}"


def ranged(report: StressReport) -> bool:
    """Whether any case was also run across the adoption rates' ranges."""
    return any(row.growth_plan_range is not None for row in report.rows)


def stress_table(report: StressReport, tr: Translator) -> tuple[list[str], list[list[str]]]:
    """Header and rows: each case's growth and verdict for the plan and for its best split,
    and across the adoption ranges where there are any."""
    header = [tr("stress.column.case"), tr("stress.column.growth_plan"),
              tr("stress.column.verdict_plan"), tr("stress.column.best_share"),
              tr("stress.column.growth_best"), tr("stress.column.verdict_best")]
    rows = [[tr(f"stress.case.{row.case}"), tr.percent(row.growth_plan),
             verdict(tr, row, row.passes_plan, row.margin_plan), tr.percent(row.best.best_share),
             tr.percent(row.growth_best), verdict(tr, row, row.passes_best, row.margin_best)]
            for row in report.rows]
    if ranged(report):
        header.append(tr("stress.column.adoption_range"))
        for cells, row in zip(rows, report.rows, strict=True):
            cells.append(across_ranges(tr, row, report.target))
    return header, rows


def chart_lines(report: StressReport, tr: Translator) -> list[tuple[str, str, str, Table]]:
    """The plan under each case, then the best split under the last (all shocks together)."""
    last = report.rows[-1]
    lines: list[tuple[str, str, str, Table]] = [
        (tr("stress.line.plan", case=tr(f"stress.case.{row.case}")), *CASE_LOOK[row.case],
         row.plan_months) for row in report.rows]
    lines.append((tr("stress.line.best", case=tr(f"stress.case.{last.case}"),
                     share=tr.percent(last.best.best_share)), GREEN, "solid",
                  last.best_months))
    return lines


def shock_marks(report: StressReport, scenario: Scenario, tr: Translator
                ) -> list[tuple[int, str]]:
    """Each shock's month and name, for the chart's marks."""
    return [(getattr(scenario, SHOCK_MONTH[row.case]), tr(f"stress.case.{row.case}"))
            for row in report.rows if row.case in SHOCK_MONTH]
