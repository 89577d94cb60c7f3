"""Acquire or retain? The strategy engine: pure Python (pydantic + numpy + pandas).

Public API, stable for notebooks and other tools:
`Scenario`, `simulate`, `tradeoff`, `best_split`, `unit_economics`, `marginal_view`,
`marginal_curve`, `sensitivity`, `recommend`, `analyse` (all of the explorer's numbers in one
call), `read_inputs`, `read_link`, `share_query`, `stress` (the plan and the best split under
each stress shock, against a revenue-growth target: `StressReport` of `StressRow`s) and
`required_budget` (goal-seek: the smallest budget whose best split reaches a target number of
customers or monthly revenue at the horizon, as a `BudgetAnswer`).
"""

from .analysis import Analysis, analyse
from .comparison import Comparison, comparison_query, read_comparison
from .economics import MarginalView, UnitEconomics, marginal_curve, marginal_view, unit_economics
from .goal_seek import BudgetAnswer, required_budget
from .inputs import Problem, Reading, read_inputs, read_link, share_query
from .plans import BestSplit, best_split, simulate, tradeoff
from .recommendation import Recommendation, recommend, sensitivity
from .scenario import OBJECTIVES, Objective, Scenario, field_bounds
from .stress import StressReport, StressRow, stress

__all__ = [
    "Comparison", "comparison_query", "read_comparison",
    "OBJECTIVES", "Analysis", "BestSplit", "BudgetAnswer", "MarginalView", "Objective", "Problem",
    "Reading", "Recommendation", "Scenario", "StressReport", "StressRow", "UnitEconomics",
    "analyse", "best_split", "field_bounds", "marginal_curve", "marginal_view", "read_inputs",
    "read_link", "recommend", "required_budget", "sensitivity", "share_query", "simulate",
    "stress", "tradeoff", "unit_economics",
]
