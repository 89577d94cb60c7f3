"""How each scenario field is shown: widget kind, step, display format (no Streamlit here)."""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from strategy import Scenario, field_bounds

from .i18n import LANGUAGES, Translator


@dataclass(frozen=True)
class Control:
    """How one scenario field is shown: widget kind, step and display format.

    A `log_slider` is a number box (the exact value, typed; a percentage in points) with a
    slider on a logarithmic scale under it (`scale_options`), whose finest rung is
    `scale_unit`: a linear slider over 0–10,000,000 puts every real business at its left end,
    where a few pixels move the value tenfold (a churn floor of 1% sat at 2% of its track).
    A `select_slider` is a linear slider labelled in the app's language (7,5× in Hungarian)."""

    field: str
    step: float
    display: Literal["percent", "number", "multiplier"] = "number"
    widget: Literal["slider", "number_input", "selectbox", "log_slider", "select_slider"] = \
        "slider"
    relative_step: bool = False  # a number input's step grows with the value (`step_at`)
    scale_unit: float = 1  # a log_slider's finest rung

    @property
    def default(self) -> Any:
        return Scenario.model_fields[self.field].default

    def bounds(self) -> tuple[Any, Any]:
        low, high = field_bounds(self.field)
        kind = int if isinstance(self.step, int) else float
        return kind(low), kind(high)


HEADLINE: tuple[Control, ...] = (
    Control("customers", 100, widget="log_slider", relative_step=True),
    Control("churn", 0.001, "percent", widget="log_slider", scale_unit=0.0001),
    Control("cac_multiplier", 0.1, "multiplier", widget="select_slider"),
    Control("budget", 1000, widget="log_slider", relative_step=True),
    Control("retention_share", 0.01, "percent"),
)
MORE: tuple[Control, ...] = (
    Control("churn_floor", 0.001, "percent", widget="log_slider", scale_unit=0.0001),
    Control("newcomer_churn", 0.01, "percent", widget="number_input"),
    Control("cac", 1.0, widget="number_input", relative_step=True),
    Control("capacity", 10.0, widget="number_input", relative_step=True),
    Control("market", 1000, widget="number_input", relative_step=True),
    Control("arpu", 1.0, widget="number_input", relative_step=True),
    Control("uplift", 0.01, "percent"),
    Control("margin", 0.01, "percent"),
    Control("months", 1),
    Control("discount", 0.005, "percent"),
    Control("objective", 0, widget="selectbox"),
)
# The stress tests of SOURCES.md: each shock is off at 0 (its size) and hits at a month.
SHOCKS: tuple[Control, ...] = (
    Control("growth_target", 0.01, "percent", widget="log_slider", scale_unit=0.001),
    Control("shock_loss", 0.01, "percent"),
    Control("shock_month", 1),
    Control("launch_adoption", 0.01, "percent"),
    Control("launch_adoption_new", 0.005, "percent"),
    Control("launch_price", 1.0, widget="number_input", relative_step=True),
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


# The logarithmic slider's rungs in each decade: two significant digits, in steps of 1 from 10
# to 20, of 2 to 50 and of 5 to 100, so one rung is 4–10% of the value (a 1-2-5 ladder, finer).
MANTISSAS: tuple[int, ...] = (*range(10, 20), *range(20, 50, 2), *range(50, 100, 5))
# The slider spans one decade either side of the value and follows it after each move: a
# 6-pixel drag then moves it ~10%, where the whole 0–10,000,000 range would move it ~40%.
SCALE_REACH = len(MANTISSAS)


SCALE_UNITS: dict[str, float] = {
    control.field: control.scale_unit for control in CONTROLS if control.widget == "log_slider"}


@cache
def ladder(field: str) -> tuple[float, ...]:
    """Every rung of a field's logarithmic slider, from its lowest to its highest value (both
    included): two significant digits in multiples of its `scale_unit`, mirrored below zero
    for a field that can be negative (a growth target), with zero itself a rung."""
    whole = isinstance(Scenario.model_fields[field].default, int)
    low, high = (bound if whole else float(bound) for bound in field_bounds(field))
    unit = SCALE_UNITS[field]
    reach = max(abs(low), abs(high)) / unit
    magnitudes = {mantissa * 10**power // 10 for power in range(len(str(int(reach))) + 2)
                  for mantissa in MANTISSAS}
    rungs = {low, high, 0} if low <= 0 <= high else {low, high}
    for magnitude in magnitudes:
        amount = magnitude if whole else round(magnitude * unit, 12)
        rungs.update(rung for rung in (amount, -amount) if low <= rung <= high)
    return tuple(sorted(rungs))


def scale_options(field: str, value: float) -> list[float]:
    """What the logarithmic slider offers around `value`: the rungs a decade either side,
    and the value itself, so an exact value from a link or a file is shown as it is."""
    rungs = ladder(field)
    below, above = bisect.bisect_right(rungs, value) - 1, bisect.bisect_left(rungs, value)
    return sorted({*rungs[max(0, below - SCALE_REACH):above + SCALE_REACH + 1], value})


def stepped_options(control: Control, value: float) -> list[float]:
    """A linear slider's stops: every step of the field, and the value itself (exact)."""
    low, high = control.bounds()
    count = round((high - low) / control.step)
    return sorted({*(round(low + index * control.step, 10) for index in range(count + 1)),
                   value})


def decimals(value: float, least: int, most: int = 4) -> int:
    """The fewest decimals (from `least` to `most`) that show `value` exactly: a churn of
    1.25% from a link is shown as 1.25, not rounded to 1.3."""
    return next((places for places in range(least, most)
                 if abs(round(value, places) - value) < 1e-9), most)


def points(value: float) -> float:
    """A share in percentage points, without binary noise (0.07 → 7.0, not 7.000000000000001)."""
    return round(value * 100, 10)


def step_at(control: Control, value: float | None) -> Any:
    """A number input's step at `value`: its own step, or for a field spanning orders of
    magnitude the largest 1-2-5 number within 1% of the value when that is larger, so the
    arrow keys move 10,000 and 5,000,000 alike by a small share of themselves."""
    if not control.relative_step or not value or not math.isfinite(value):
        return control.step
    power = 10 ** math.floor(math.log10(abs(value) / 100))
    relative = max(m * power for m in (1, 2, 5) if m * power <= abs(value) / 100)
    if relative <= control.step:
        return control.step
    return type(control.step)(relative)


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
