"""The scenario: every input of the model, validated, immutable.

Field bounds mirror the ranges of the widgets in the app, so a value the app can show is a value
the model accepts, and a value from a crafted link that the model rejects is one the app drops.
"""

from __future__ import annotations

import re
from typing import Any, Literal, NamedTuple

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic.json_schema import JsonDict

Objective = Literal["npv", "revenue", "customers"]
OBJECTIVES: tuple[Objective, ...] = ("npv", "revenue", "customers")

# Inputs nobody knows exactly, which may be given as a low–high range (issue 4; the new-product
# stress test's adoption rates, issue 3). Not the plan's split (the decision), the horizon,
# the months of shocks or the growth target (the question asked).
RANGED_FIELDS: tuple[str, ...] = (
    "customers",
    "churn",
    "churn_floor",
    "cac",
    "cac_multiplier",
    "budget",
    "capacity",
    "newcomer_churn",
    "arpu",
    "uplift",
    "margin",
    "discount",
    "shock_loss",
    "launch_adoption",
    "launch_adoption_new",
    "launch_price",
    "budget_cut",
    "cac_inflation",
)
# Why a range cannot be used (each is also a links.inputs.Reason).
RangeProblem = Literal["range_unknown", "range_format", "range_order", "range_bounds"]
# How a range reads in a link: `cac_multiplier-3-20`, ranges joined by "_" (only characters
# that both Python and browsers leave unescaped, so the link stays readable).
_RANGE_TEXT = re.compile(r"([a-z_]+?)-(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)")


class Range(NamedTuple):
    """An input known only to lie between `low` and `high`.

    A scenario's `ranges` hold them; draws are triangular, peaking at the input's own value
    (stretched to include it when it lies outside).

    >>> Range("churn", 0.04, 0.06).text()
    'churn-0.04-0.06'
    """

    field: str
    low: float
    high: float

    def text(self) -> str:
        return f"{self.field}-{plain_number(self.low)}-{plain_number(self.high)}"


def plain_number(value: float) -> str:
    """A number without an exponent or sign, shortest exact form: 0.00001, 20."""
    return np.format_float_positional(value, trim="-")


def ranges_text(ranges: tuple[Range, ...]) -> str:
    """Ranges as one link parameter.

    Returns the text `parse_ranges` reads back: `input-low-high` per range, joined by "_".

    >>> ranges_text((Range("cac_multiplier", 3, 20), Range("launch_adoption_new", 0.05, 0.2)))
    'cac_multiplier-3-20_launch_adoption_new-0.05-0.2'
    """
    return "_".join(item.text() for item in ranges)


def parse_ranges(text: str) -> list[tuple[str, Range | None]]:
    """Each range written in `text` with its parsed value, or None where it cannot be read."""
    found: list[tuple[str, Range | None]] = []
    for piece in re.split(r"_(?=[a-z])(?<=\d_)", text) if text else []:
        match = _RANGE_TEXT.fullmatch(piece)
        found.append((piece, Range(match[1], float(match[2]), float(match[3])) if match else None))
    return found


def range_problem(item: Range) -> RangeProblem | None:
    """Why a range cannot be used, as a reason code, or None."""
    if item.field not in RANGED_FIELDS:
        return "range_unknown"
    if not (np.isfinite(item.low) and np.isfinite(item.high)):
        return "range_format"
    if item.low > item.high:
        return "range_order"
    low, high = field_bounds(item.field)
    if item.low < low or item.high > high:
        return "range_bounds"
    return None


# Each stress shock: its case (as the stress tests name it), the field of its size (0: off)
# and the field of the month it hits.
SHOCKS: tuple[tuple[str, str, str], ...] = (
    ("churn_shock", "shock_loss", "shock_month"),
    ("launch", "launch_adoption", "launch_month"),
    ("budget_cut", "budget_cut", "budget_cut_month"),
    ("cac_inflation", "cac_inflation", "cac_inflation_month"),
)


def _unit(unit: str) -> JsonDict:
    """A field's unit, as JSON schema extra."""
    return {"unit": unit}


class Scenario(BaseModel):
    """One plan for a customer base, in monthly periods (see MODEL.md for the equations).

    Every input of the model, validated and immutable: what every analysis takes. A bad value
    raises; `read_inputs` and `read_link` replace bad values instead.

    >>> from strategy import Scenario
    >>> scenario = Scenario(churn=0.08, shock_loss=0.2)
    >>> scenario.churn, scenario.months, scenario.shocks
    (0.08, 36, ('churn_shock',))
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    customers: int = Field(
        10_000,
        ge=0,
        le=10_000_000,
        description="Active customers today.",
        json_schema_extra=_unit("customers"),
    )
    churn: float = Field(
        0.05,
        ge=0,
        le=0.5,
        allow_inf_nan=False,
        description="Monthly churn with no retention spend.",
        json_schema_extra=_unit("fraction per month"),
    )
    churn_floor: float = Field(
        0.01,
        ge=0,
        le=0.5,
        allow_inf_nan=False,
        description="Lowest monthly churn that money can buy; at most `churn`.",
        json_schema_extra=_unit("fraction per month"),
    )
    cac: float = Field(
        150.0,
        ge=0.01,
        le=100_000,
        allow_inf_nan=False,
        description="Cost of the first newly acquired customer (marginal CAC at zero spend).",
        json_schema_extra=_unit("currency per customer"),
    )
    cac_multiplier: float = Field(
        5.0,
        ge=1,
        le=20,
        allow_inf_nan=False,
        description="CAC divided by the cost of retaining one customer at zero retention spend.",
        json_schema_extra=_unit("ratio"),
    )
    budget: int = Field(
        50_000,
        ge=0,
        le=100_000_000,
        description="Monthly marketing budget, split between retention and acquisition.",
        json_schema_extra=_unit("currency per month"),
    )
    retention_share: float = Field(
        0.4,
        ge=0,
        le=1,
        allow_inf_nan=False,
        description="Share of the budget the plan puts into retention; acquisition gets the rest.",
        json_schema_extra=_unit("fraction"),
    )
    capacity: float = Field(
        800.0,
        ge=1,
        le=1_000_000,
        allow_inf_nan=False,
        description="Most new customers per month that unlimited acquisition spend can bring.",
        json_schema_extra=_unit("customers per month"),
    )
    market: int | None = Field(
        None,
        ge=1,
        le=1_000_000_000,
        description="Reachable market: the most customers the business could ever have. "
        "None means no limit.",
        json_schema_extra=_unit("customers"),
    )
    newcomer_churn: float | None = Field(
        None,
        ge=0,
        le=1,
        allow_inf_nan=False,
        description="Churn of newly won customers in their first month after they are won "
        "(from their second month they churn like the base). None means the same as the base.",
        json_schema_extra=_unit("fraction per month"),
    )
    arpu: float = Field(
        40.0,
        ge=0,
        le=100_000,
        allow_inf_nan=False,
        description="Monthly revenue per new customer.",
        json_schema_extra=_unit("currency per customer per month"),
    )
    uplift: float = Field(
        0.31,
        ge=0,
        le=2,
        allow_inf_nan=False,
        description="Loyalty uplift: existing customers spend (1 + uplift) times ARPU.",
        json_schema_extra=_unit("fraction"),
    )
    margin: float = Field(
        0.6,
        ge=0,
        le=1,
        allow_inf_nan=False,
        description="Gross margin on revenue.",
        json_schema_extra=_unit("fraction"),
    )
    months: int = Field(
        36,
        ge=1,
        le=120,
        description="Horizon.",
        json_schema_extra=_unit("months"),
    )
    discount: float = Field(
        0.1,
        ge=0,
        le=0.5,
        allow_inf_nan=False,
        description="Annual discount rate for the NPV.",
        json_schema_extra=_unit("fraction per year"),
    )
    objective: Objective = Field(
        "npv",
        description="What the best split maximises: NPV of profit, total revenue, "
        "or customers at the horizon.",
        json_schema_extra=_unit("choice"),
    )

    # Stress shocks (MODEL.md "stress and uncertainty"). Each defaults to "no shock". Months of
    # shocks count from 1: month k is the engine's month t = k − 1, and "at the start of month
    # k" means before anything else happens in month t = k − 1. A month beyond the horizon
    # (k > months) never comes: the shock then has no effect.
    shock_loss: float = Field(
        0.0,
        ge=0,
        le=0.9,
        allow_inf_nan=False,
        description="Share of the customer base lost at once (churn or substitutes) at the "
        "start of month `shock_month`, before that month's churn.",
        json_schema_extra=_unit("fraction"),
    )
    shock_month: int = Field(
        12,
        ge=1,
        le=120,
        description="Month (counted from 1) at whose start the base loses `shock_loss`.",
        json_schema_extra=_unit("month"),
    )
    launch_adoption: float = Field(
        0.0,
        ge=0,
        le=1,
        allow_inf_nan=False,
        description="Share of the existing base that buys a new product launched at the start "
        "of month `launch_month`; 0 means no launch.",
        json_schema_extra=_unit("fraction"),
    )
    launch_adoption_new: float = Field(
        0.125,
        ge=0,
        le=1,
        allow_inf_nan=False,
        description="Probability that a customer acquired from the launch month on buys the "
        "new product (only when there is a launch).",
        json_schema_extra=_unit("fraction"),
    )
    launch_price: float = Field(
        100.0,
        ge=0,
        le=100_000,
        allow_inf_nan=False,
        description="One-off revenue per buyer of the new product (gross margin applies).",
        json_schema_extra=_unit("currency per customer"),
    )
    launch_month: int = Field(
        12,
        ge=1,
        le=120,
        description="Month (counted from 1) at whose start the new product launches.",
        json_schema_extra=_unit("month"),
    )
    budget_cut: float = Field(
        0.0,
        ge=0,
        le=1,
        allow_inf_nan=False,
        description="Share of the monthly budget removed from month `budget_cut_month` on; "
        "both sides shrink in proportion, the split stays.",
        json_schema_extra=_unit("fraction"),
    )
    budget_cut_month: int = Field(
        12,
        ge=1,
        le=120,
        description="Month (counted from 1) from whose start the budget is cut.",
        json_schema_extra=_unit("month"),
    )
    cac_inflation: float = Field(
        0.0,
        ge=0,
        le=3,
        allow_inf_nan=False,
        description="Acquisition gets (1 + cac_inflation) times dearer from month "
        "`cac_inflation_month` on; the cost of retention does not change.",
        json_schema_extra=_unit("fraction"),
    )
    cac_inflation_month: int = Field(
        12,
        ge=1,
        le=120,
        description="Month (counted from 1) from whose start acquisition is dearer.",
        json_schema_extra=_unit("month"),
    )
    growth_target: float = Field(
        0.1,
        ge=-1,
        le=10,
        allow_inf_nan=False,
        description="Revenue growth the stress tests ask for: total revenue over the horizon "
        "against the horizon at today's revenue, minus 1.",
        json_schema_extra=_unit("fraction"),
    )

    # Uncertainty (issue 4): which inputs are ranges, and how many draws from which seed. They
    # are part of the link, so a link reproduces the same bands.
    ranges: tuple[Range, ...] = Field(
        (Range("cac_multiplier", 3.0, 20.0), Range("launch_adoption_new", 0.05, 0.2)),
        description="Inputs given as low–high ranges (at most one range per input, in "
        "RANGED_FIELDS order). Defaults: the literature's 3–20× CAC multiplier and the 5–20% "
        "chance of selling a new product to a new customer (SOURCES.md).",
        json_schema_extra=_unit("ranges"),
    )
    draws: int = Field(
        1000,
        ge=100,
        le=5000,
        description="Monte Carlo draws of the ranged inputs.",
        json_schema_extra=_unit("draws"),
    )
    seed: int = Field(
        1,
        ge=0,
        le=999_999,
        description="Seed of the draws: the same seed gives the same bands.",
        json_schema_extra=_unit("seed"),
    )

    @field_validator("ranges", mode="before")
    @classmethod
    def _read_ranges(cls, value: Any) -> Any:
        """Ranges from a link's text form, or from a file's lists."""
        if isinstance(value, str):
            parsed = parse_ranges(value)
            if any(item is None for _, item in parsed):
                raise ValueError("ranges are written as input-low-high, joined by _")
            return [item for _, item in parsed]
        return value

    @field_validator("ranges", mode="after")
    @classmethod
    def _check_ranges(cls, value: tuple[Range, ...]) -> tuple[Range, ...]:
        """Usable ranges, at most one per input, in RANGED_FIELDS order."""
        for item in value:
            problem = range_problem(item)
            if problem is not None:
                raise ValueError(f"{problem}: {item.text()}")
        fields = [item.field for item in value]
        if len(set(fields)) < len(fields):
            raise ValueError("an input has more than one range")
        return tuple(sorted(value, key=lambda item: RANGED_FIELDS.index(item.field)))

    def range_of(self, field: str) -> Range | None:
        """The range given for `field`, if any."""
        return next((item for item in self.ranges if item.field == field), None)

    @model_validator(mode="after")
    def _check_related_fields(self) -> Scenario:
        """The churn floor at most the churn; the market above the base."""
        if self.churn_floor > self.churn:
            raise ValueError(
                f"churn_floor ({self.churn_floor:g}) must not be above churn ({self.churn:g})"
            )
        if self.market is not None and self.market <= self.customers:
            raise ValueError(
                f"market ({self.market}) must be larger than customers ({self.customers})"
            )
        return self

    @property
    def shocks(self) -> tuple[str, ...]:
        """The cases of the stress shocks that are on: a size above 0, a month within the
        horizon."""
        return tuple(
            case
            for case, size, month in SHOCKS
            if getattr(self, size) > 0 and getattr(self, month) <= self.months
        )

    def without_shocks(self) -> Scenario:
        """The same business with every stress shock off (their months and rates kept)."""
        return self.model_copy(update=dict.fromkeys((size for _, size, _ in SHOCKS), 0.0))

    @property
    def monthly_discount(self) -> float:
        """Monthly rate equivalent to the annual `discount`."""
        return (1 + self.discount) ** (1 / 12) - 1


def number_of(scenario: Scenario, field: str) -> float:
    """A ranged input as a number.

    Newcomers without a churn of their own count at the base's churn with no retention spend,
    c0 (where ranges, maps and tornado bars start from).

    >>> number_of(Scenario(churn=0.07), "newcomer_churn")
    0.07
    """
    value = getattr(scenario, field)
    return scenario.churn if value is None and field == "newcomer_churn" else float(value)


def field_bounds(name: str) -> tuple[float, float]:
    """Lowest and highest value a numeric field accepts: the range its widget offers.

    Returns the field's (ge, le) bounds, so callers can clip a value or word a range problem.

    >>> field_bounds("churn")
    (0, 0.5)
    """
    low, high = -float("inf"), float("inf")
    for rule in Scenario.model_fields[name].metadata:
        low = getattr(rule, "ge", getattr(rule, "gt", low))
        high = getattr(rule, "le", getattr(rule, "lt", high))
    return low, high
