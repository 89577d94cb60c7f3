"""Stress tests: does the plan still reach the revenue growth it needs when things go wrong?

The articles' questions (SOURCES.md): if we lost a quarter of the base to churn or substitutes,
if half of the base bought a new product, would that reach the growth we need? Each shock that is
on in the scenario is tried alone, then all of them together, against a baseline with every shock
off; for each case the plan is judged and the split is re-optimised under that shock.

When each shock hits (months count from 1; month k is the engine's t = k − 1; a month beyond the
horizon never comes, so that shock then changes nothing): `churn_shock` at the start of
`shock_month`, before that month's churn; `launch` in `launch_month` (existing buyers) and every
month from then on (new customers who buy); `budget_cut` and `cac_inflation` from the start of
their month to the end of the horizon.

Codes and numbers only: the app words them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, cast

import numpy as np

from ..model.engine import Paths
from ..model.plans import (
    BestSplit,
    Columns,
    best_splits,
    project_at,
    stacked_parameters,
    trajectory,
)
from ..model.scenario import SHOCKS as SCENARIO_SHOCKS
from ..model.scenario import Scenario

Case = Literal["baseline", "churn_shock", "launch", "budget_cut", "cac_inflation", "combined"]
StressProblem = Literal["no_revenue_today"]

# Each shock's case and the field whose size turns it on (0 is off).
SHOCKS: tuple[tuple[Case, str], ...] = tuple(
    (cast(Case, case), size) for case, size, _ in SCENARIO_SHOCKS
)


@dataclass(frozen=True)
class StressRow:
    """One case: the plan and the best split under it, and the revenue growth of each.

    Growth is total revenue over the horizon ÷ (months × today's monthly revenue, customers ·
    ARPU · (1 + uplift)) − 1. With no revenue today growth is undefined: NaN, the row fails and
    `problem` says why.

    >>> from strategy import Scenario, stress
    >>> row = stress(Scenario()).row("baseline")
    >>> row.case, round(row.growth_plan, 2), row.passes_plan, row.problem
    ('baseline', 0.02, False, None)
    """

    case: Case
    scenario: Scenario  # the scenario this case runs (the shocks of the case on, others off)
    best: BestSplit  # plan and best split by the scenario's objective, under this case
    growth_plan: float
    growth_best: float
    passes_plan: bool  # growth_plan ≥ target
    passes_best: bool
    margin_plan: float  # growth_plan − target
    margin_best: float
    plan_months: Columns  # the plan month by month under this case (as `simulate`'s columns)
    best_months: Columns  # the best split month by month under this case
    problem: StressProblem | None = None
    # With a launch whose adoption is given as ranges: the growth of the plan and of this
    # case's best split with both adoption rates at their low ends, and at their high ends.
    growth_plan_range: tuple[float, float] | None = None
    growth_best_range: tuple[float, float] | None = None


@dataclass(frozen=True)
class StressReport:
    """The stress test of a scenario: a `StressRow` per case.

    Returned by `stress`: the baseline, each shock that is on alone, and (when two or more are
    on) all of them.

    >>> from strategy import Scenario, stress
    >>> report = stress(Scenario(shock_loss=0.25))
    >>> [row.case for row in report.rows], report.target
    (['baseline', 'churn_shock'], 0.1)
    """

    rows: tuple[StressRow, ...]
    target: float  # the revenue growth asked for (the scenario's growth_target)

    def row(self, case: Case) -> StressRow | None:
        """The row of `case`, or None when that case was not run."""
        return next((row for row in self.rows if row.case == case), None)


def active_shocks(scenario: Scenario) -> tuple[Case, ...]:
    """The shocks that are on (size above 0), in the report's order; a shock dated beyond the
    horizon counts as on, though it never hits."""
    return tuple(case for case, size in SHOCKS if getattr(scenario, size) > 0)


def cases(scenario: Scenario) -> tuple[tuple[Case, Scenario], ...]:
    """The scenario of each case: every shock off, then each active one alone, then all."""
    baseline = scenario.without_shocks()
    active = active_shocks(scenario)
    sizes = dict(SHOCKS)
    out: list[tuple[Case, Scenario]] = [("baseline", baseline)]
    out += [
        (case, baseline.model_copy(update={sizes[case]: getattr(scenario, sizes[case])}))
        for case in active
    ]
    if len(active) > 1:
        out.append(("combined", scenario))
    return tuple(out)


def revenue_growth(scenario: Scenario, total_revenue: np.ndarray) -> np.ndarray:
    """Total revenue over the horizon against `months` months of today's revenue, minus 1
    (NaN when there is no revenue today)."""
    today = scenario.customers * scenario.arpu * (1 + scenario.uplift)
    if today <= 0:
        return np.full(np.shape(total_revenue), np.nan)
    with np.errstate(over="ignore"):  # a vanishing revenue today: growth is infinite
        return np.asarray(total_revenue) / (scenario.months * today) - 1


# The launch's adoption rates, which SOURCES.md gives as ranges (60–70% vs 5–20%).
ADOPTION_FIELDS: tuple[str, ...] = ("launch_adoption", "launch_adoption_new")


def adoption_ends(scenario: Scenario) -> tuple[Scenario, Scenario] | None:
    """The scenario with every ranged adoption rate at its low end, and at its high end (a
    range stretched to include the rate itself), or None without a launch or such a range."""
    given = [item for item in scenario.ranges if item.field in ADOPTION_FIELDS]
    if scenario.launch_adoption <= 0 or not given:
        return None
    ends = [
        {item.field: min(item.low, getattr(scenario, item.field)) for item in given},
        {item.field: max(item.high, getattr(scenario, item.field)) for item in given},
    ]
    low, high = (scenario.model_copy(update=end) for end in ends)
    return low, high


def _growth_ranges(
    run: Sequence[Scenario],
    best_shares: Sequence[float],
) -> list[tuple[tuple[float, float], tuple[float, float]] | None]:
    """Growth of plan and best split at the adoption rates' ends, for cases with a ranged launch."""
    ends = [adoption_ends(scenario) for scenario in run]
    rows = [(index, end) for index, pair in enumerate(ends) if pair is not None for end in pair]
    if not rows:
        return [None] * len(run)
    p = stacked_parameters([end for _, end in rows])
    shares = np.array([[run[index].retention_share, best_shares[index]] for index, _ in rows])
    (months,) = {end.months for _, end in rows}
    totals = project_at(p, shares, months).objective("revenue")
    growth = np.array([revenue_growth(end, total) for (_, end), total in zip(rows, totals)])
    out: list[tuple[tuple[float, float], tuple[float, float]] | None] = [None] * len(run)
    for k in range(0, len(rows), 2):  # the low end, then the high end, of one case
        out[rows[k][0]] = (
            (float(growth[k, 0]), float(growth[k + 1, 0])),
            (float(growth[k, 1]), float(growth[k + 1, 1])),
        )
    return out


def _row(
    case: Case,
    scenario: Scenario,
    best: BestSplit,
    best_paths: Paths,
    plan_paths: Paths,
    ranges: tuple[tuple[float, float], tuple[float, float]] | None,
) -> StressRow:
    """A case's verdicts from its plan's and its best split's projections."""
    totals = np.array([plan_paths.objective("revenue"), best_paths.objective("revenue")])
    growth_plan, growth_best = (float(g) for g in revenue_growth(scenario, totals))
    target = scenario.growth_target
    return StressRow(
        case=case,
        scenario=scenario,
        best=best,
        growth_plan=growth_plan,
        growth_best=growth_best,
        passes_plan=bool(growth_plan >= target),
        passes_best=bool(growth_best >= target),
        margin_plan=growth_plan - target,
        margin_best=growth_best - target,
        plan_months=trajectory(scenario, scenario.retention_share, plan_paths),
        best_months=trajectory(scenario, best.best_share, best_paths),
        problem="no_revenue_today" if np.isnan(growth_plan) else None,
        growth_plan_range=None if ranges is None else ranges[0],
        growth_best_range=None if ranges is None else ranges[1],
    )


def stress(scenario: Scenario) -> StressReport:
    """Judge the plan and the best split against `growth_target` under each shock that is on.

    The cases' best splits are searched together (`best_splits`), with both trajectories of each
    case taken from those passes; one more pass judges the launch cases at the ends of the
    adoption ranges.

    Args:
        scenario: the business, its plan, its shocks and its growth target.

    Returns:
        A `StressReport`: the baseline (every shock off), each shock alone and, with two or more
        on, all of them together.

    >>> report = stress(Scenario(shock_loss=0.25))
    >>> [row.case for row in report.rows], report.row("churn_shock").passes_plan
    (['baseline', 'churn_shock'], False)
    """
    run = cases(scenario)
    found = best_splits([shocked for _, shocked in run])
    ranges = _growth_ranges(
        [shocked for _, shocked in run], [best.best_share for best, _, _ in found]
    )
    return StressReport(
        rows=tuple(
            _row(case, shocked, *searched, ranged)
            for (case, shocked), searched, ranged in zip(run, found, ranges, strict=True)
        ),
        target=scenario.growth_target,
    )
