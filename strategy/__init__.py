"""Acquire or retain? The strategy engine: pure Python (pydantic + numpy + pandas).

Public API, stable for notebooks and other tools:
`Scenario`, `simulate`, `tradeoff`, `best_split`, `unit_economics`, `marginal_view`,
`marginal_curve`, `sensitivity`, `recommend`, `analyse` (all of the explorer's numbers in one
call), `read_inputs`, `read_link`, `share_query`, `stress` (the plan and the best split under
each stress shock, against a revenue-growth target: `StressReport` of `StressRow`s) and
`required_budget` (goal-seek: the smallest budget whose best split reaches a target number of
customers or monthly revenue at the horizon, as a `BudgetAnswer`), `uncertainty` (Monte Carlo
over the scenario's `ranges`: P10/P50/P90 bands, the robust and the mean-best split, as an
`UncertaintyReport`), `strategy_map` (the best split over two inputs), `switching_points`
(where the best split crosses 50%), `tornado` (each input's effect), `read_orders` /
`read_spend` (an order or spend export, any common dialect, as a normalised table and a report
of what was detected and skipped) and `calibrate` (the estimates and the `Scenario` they tell),
with `fit_orders` / `fit_summary` (the BG/NBD purchase model fitted to an order table or a
per-customer summary).
"""

from .analysis import Analysis, analyse
from .budget import BestBudget, best_budget
from .calibration import Calibration, Estimate, calibrate
from .comparison import Comparison, comparison_query, read_comparison
from .economics import MarginalView, UnitEconomics, marginal_curve, marginal_view, unit_economics
from .goal_seek import BudgetAnswer, required_budget
from .inputs import Problem, Reading, read_inputs, read_link, share_query
from .orders import (
    FileReport, ReadOptions, TableReading, read_orders, read_spend, sample_orders_csv,
)
from .purchase_model import PurchaseModel, fit_orders, fit_summary
from .plans import BestSplit, best_split, simulate, tradeoff
from .recommendation import Recommendation, recommend, sensitivity
from .scenario import OBJECTIVES, Objective, Scenario, field_bounds
from .strategy_map import (
    StrategyMap, SwitchingPoint, TornadoBar, strategy_map, switching_points, tornado,
)
from .stress import StressReport, StressRow, stress
from .uncertainty import Outcome, UncertaintyReport, uncertainty

__all__ = [
    "Comparison", "comparison_query", "read_comparison",
    "OBJECTIVES", "Analysis", "BestSplit", "BudgetAnswer", "MarginalView", "Objective", "Problem",
    "Reading", "Recommendation", "Scenario", "StressReport", "StressRow", "UnitEconomics",
    "analyse", "best_split", "field_bounds", "marginal_curve", "marginal_view", "read_inputs",
    "read_link", "recommend", "required_budget", "sensitivity", "share_query", "simulate",
    "stress", "tradeoff", "unit_economics",
    "Outcome", "StrategyMap", "SwitchingPoint", "TornadoBar", "UncertaintyReport",
    "strategy_map", "switching_points", "tornado", "uncertainty",
    "Calibration", "Estimate", "FileReport", "ReadOptions", "TableReading", "calibrate",
    "read_orders", "read_spend", "sample_orders_csv",
    "BestBudget", "best_budget",
    "PurchaseModel", "fit_orders", "fit_summary",
]
