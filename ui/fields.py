"""How each scenario field is shown: widget kind, step, display format (no Streamlit here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from strategy import Scenario, field_bounds

from .i18n import LANGUAGES, Translator


@dataclass(frozen=True)
class Control:
    """How one scenario field is shown: widget kind, step and display format."""

    field: str
    step: float
    display: Literal["percent", "number", "multiplier"] = "number"
    widget: Literal["slider", "number_input", "selectbox"] = "slider"

    @property
    def default(self) -> Any:
        return Scenario.model_fields[self.field].default

    def bounds(self) -> tuple[Any, Any]:
        low, high = field_bounds(self.field)
        kind = int if isinstance(self.step, int) else float
        return kind(low), kind(high)


HEADLINE: tuple[Control, ...] = (
    Control("customers", 100),
    Control("churn", 0.001, "percent"),
    Control("cac_multiplier", 0.1, "multiplier"),
    Control("budget", 1000),
    Control("retention_share", 0.01, "percent"),
)
MORE: tuple[Control, ...] = (
    Control("churn_floor", 0.001, "percent"),
    Control("newcomer_churn", 0.01, "percent", widget="number_input"),
    Control("cac", 1.0, widget="number_input"),
    Control("capacity", 10.0, widget="number_input"),
    Control("market", 1000, widget="number_input"),
    Control("arpu", 1.0, widget="number_input"),
    Control("uplift", 0.01, "percent"),
    Control("margin", 0.01, "percent"),
    Control("months", 1),
    Control("discount", 0.005, "percent"),
    Control("objective", 0, widget="selectbox"),
)
# The stress tests of SOURCES.md: each shock is off at 0 (its size) and hits at a month.
SHOCKS: tuple[Control, ...] = (
    Control("growth_target", 0.01, "percent"),
    Control("shock_loss", 0.01, "percent"),
    Control("shock_month", 1),
    Control("launch_adoption", 0.01, "percent"),
    Control("launch_adoption_new", 0.005, "percent"),
    Control("launch_price", 1.0, widget="number_input"),
    Control("launch_month", 1),
    Control("budget_cut", 0.01, "percent"),
    Control("budget_cut_month", 1),
    Control("cac_inflation", 0.05, "percent"),
    Control("cac_inflation_month", 1),
)
# The Monte Carlo's draws and seed; the ranges themselves have their own table (`ui/ranges`).
UNCERTAINTY: tuple[Control, ...] = (
    Control("draws", 100, widget="number_input"),
    Control("seed", 1, widget="number_input"),
)
CONTROLS: tuple[Control, ...] = HEADLINE + MORE + SHOCKS + UNCERTAINTY
# The goal-seek's target (a page's own question, not a scenario field): the widget's range.
GOAL_TARGET_MAX = 1e12
PAGE_BOUNDS: dict[str, tuple[float, float]] = {"goal_target": (0.0, GOAL_TARGET_MAX)}
DISPLAY: dict[str, str] = {control.field: control.display for control in CONTROLS}


def none_text(tr: Translator, field: str) -> str:
    """What an optional field left empty means: no market limit, newcomers like the base."""
    return tr(f"field.{field}.none")


def format_field(tr: Translator, field: str, value: Any) -> str:
    """A field's value the way the user reads it: 5.0%, 12,000, 5.0×, a choice's name."""
    if field == "lang":
        return LANGUAGES[value]
    if value is None:
        return none_text(tr, field)
    if field == "ranges":
        return "; ".join(tr("field.range", field=tr(f"field.{item.field}.label",
                                                    currency=tr.currency),
                            low=format_field(tr, item.field, item.low),
                            high=format_field(tr, item.field, item.high))
                         for item in value) or tr("field.no_ranges")
    if isinstance(value, str):
        return tr(f"objective.{value}") if field == "objective" else value
    display = DISPLAY.get(field, "number")
    if display == "percent":
        return tr.percent(value)
    if display == "multiplier":
        return tr.number(value, 1) + "×"
    return tr.number(value, 0 if float(value).is_integer() else 2)
