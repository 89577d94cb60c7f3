"""Acquire or retain? The strategy engine: pure Python (pydantic + numpy + pandas + scipy).

This module is the one public face: the app, the workshop, the benchmarks and notebooks import
from `strategy` only. Inside, `model` holds the scenario and the monthly recursion, `analyses`
the questions asked of it, `links` the ways a scenario comes in and goes out, and `data` a
shop's own files and the calibration they give. README.md lists the main calls.
"""

from .analyses.analysis import Analysis, analyse
from .analyses.budget import NEAR, BestBudget, best_budget
from .analyses.goal_seek import METRICS, BudgetAnswer, required_budget
from .analyses.recommendation import FLAT, Recommendation, recommend, sensitivity
from .analyses.strategy_map import (
    LOG_FIELDS,
    StrategyMap,
    SwitchingPoint,
    TornadoBar,
    strategy_map,
    switching_points,
    tornado,
)
from .analyses.stress import StressReport, StressRow, stress
from .analyses.uncertainty import Outcome, UncertaintyReport, uncertainty
from .data.calibration import Calibration, Estimate, calibrate
from .data.file_report import (
    MAX_BYTES,
    DateFormat,
    DecimalMark,
    Encoding,
    FileProblem,
    FileReport,
    Notice,
    ReadOptions,
    Separator,
    TableReading,
)
from .data.holdout import Holdout
from .data.orders import read_orders, read_spend
from .data.purchase_model import PurchaseModel, fit_orders, fit_summary, sample_orders
from .data.sample_orders import sample_orders_csv, simulate_orders
from .links.comparison import (
    LETTERS,
    MOST,
    Comparison,
    clean_name,
    comparison_query,
    field_of,
    is_comparison_query,
    read_comparison,
)
from .links.files import comparison_json, read_comparison_json, read_scenario_json, scenario_json
from .links.inputs import Problem, Reading, Reason, read_inputs, read_link, share_query
from .model.economics import (
    NEXT_BUDGET_STEP,
    MarginalView,
    UnitEconomics,
    equal_value_share,
    marginal_curve,
    marginal_view,
    unit_economics,
)
from .model.plans import BestSplit, best_split, best_splits, simulate, tradeoff
from .model.scenario import (
    OBJECTIVES,
    RANGED_FIELDS,
    Objective,
    Range,
    Scenario,
    field_bounds,
    number_of,
    ranges_text,
)

__all__ = [
    "Comparison",
    "comparison_query",
    "read_comparison",
    "OBJECTIVES",
    "Analysis",
    "BestSplit",
    "BudgetAnswer",
    "MarginalView",
    "Objective",
    "Problem",
    "Reading",
    "Recommendation",
    "Scenario",
    "StressReport",
    "StressRow",
    "UnitEconomics",
    "analyse",
    "best_split",
    "field_bounds",
    "marginal_curve",
    "marginal_view",
    "read_inputs",
    "read_link",
    "recommend",
    "required_budget",
    "sensitivity",
    "share_query",
    "simulate",
    "stress",
    "tradeoff",
    "unit_economics",
    "Outcome",
    "StrategyMap",
    "SwitchingPoint",
    "TornadoBar",
    "UncertaintyReport",
    "strategy_map",
    "switching_points",
    "tornado",
    "uncertainty",
    "Calibration",
    "Estimate",
    "FileReport",
    "ReadOptions",
    "TableReading",
    "calibrate",
    "read_orders",
    "read_spend",
    "sample_orders_csv",
    "BestBudget",
    "best_budget",
    "PurchaseModel",
    "fit_orders",
    "fit_summary",
    # What the app, the workshop and the benchmarks use besides: constants the pages word,
    # the link and file helpers, and the test data of the calibration.
    "FLAT",
    "LETTERS",
    "LOG_FIELDS",
    "MAX_BYTES",
    "METRICS",
    "MOST",
    "NEAR",
    "NEXT_BUDGET_STEP",
    "RANGED_FIELDS",
    "DateFormat",
    "DecimalMark",
    "Encoding",
    "FileProblem",
    "Holdout",
    "Notice",
    "Range",
    "Reason",
    "Separator",
    "best_splits",
    "clean_name",
    "comparison_json",
    "equal_value_share",
    "field_of",
    "is_comparison_query",
    "number_of",
    "ranges_text",
    "read_comparison_json",
    "read_scenario_json",
    "sample_orders",
    "scenario_json",
    "simulate_orders",
]
