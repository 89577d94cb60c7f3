"""Acquire or retain? The strategy engine: pure Python (pydantic + numpy + pandas).

Public API, stable for notebooks and other tools:
`Scenario`, `simulate`, `tradeoff`, `best_split`, `unit_economics`, `marginal_view`,
`marginal_curve`, `sensitivity`, `recommend`, `analyse` (all of the explorer's numbers in one
call), `read_inputs`, `read_link`, `share_query`.
"""

from .analysis import Analysis, analyse
from .economics import MarginalView, UnitEconomics, marginal_curve, marginal_view, unit_economics
from .inputs import Problem, Reading, read_inputs, read_link, share_query
from .plans import BestSplit, best_split, simulate, tradeoff
from .recommendation import Recommendation, recommend, sensitivity
from .scenario import OBJECTIVES, Objective, Scenario, field_bounds

__all__ = [
    "OBJECTIVES", "Analysis", "BestSplit", "MarginalView", "Objective", "Problem", "Reading",
    "Recommendation", "Scenario", "UnitEconomics", "analyse", "best_split", "field_bounds",
    "marginal_curve", "marginal_view", "read_inputs", "read_link", "recommend", "sensitivity",
    "share_query", "simulate", "tradeoff", "unit_economics",
]
