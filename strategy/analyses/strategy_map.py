"""What the answer hinges on: the best split over two inputs at once (the strategy map), the
value of each input at which the answer changes side (switching points), and how far each
input's uncertainty moves the best split and its value (tornado).

Every best split here comes from `plans.best_splits`, the search behind `best_split`, so each
cell or bar agrees with what the explorer shows for that scenario. Rows of scenarios are searched
together, in chunks that keep the arrays in the processor's cache.

Axes. Inputs that span decades (LOG_FIELDS) are spaced evenly in the logarithm: on the map from
a tenth to ten times the user's value (from 0 to ten times the input's default, evenly, when the
user's value is 0); for switching points over the field's whole range (from a millionth of its
top when the range starts at 0). Other inputs (fractions) run over their field's whole range at
the centres of equal cells, so neither end is a degenerate case (no margin, no churn at all);
the churn floor runs up to the user's churn, the base stays below the market. Each map axis
holds the user's own value exactly, in place of its nearest point, so the user's scenario is a
cell.

Codes and numbers only: the app words them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..model.plans import best_splits
from .recommendation import SENSITIVITY_CHANGE, SENSITIVITY_FIELDS
from ..model.scenario import RANGED_FIELDS, Scenario, field_bounds, number_of
from .uncertainty import drawn_range

Side = Literal["retention", "acquisition"]

LOG_FIELDS: tuple[str, ...] = (
    "customers",
    "budget",
    "cac",
    "cac_multiplier",
    "capacity",
    "arpu",
    "launch_price",
)
MAP_SPAN = 10.0  # a map's log axis: the user's value ÷ 10 to × 10
_SCAN_FLOOR = 1e-6  # a switching scan of a log input whose range starts at 0 starts here × top
_SCAN_POINTS = 49
_PROBES = 7  # points tried inside each bracket per narrowing round
_ROUNDS = 3  # each round narrows a bracket 8-fold
_CHUNK_ROWS = 200  # scenarios per search pass


def variant(scenario: Scenario, **update: float) -> Scenario:
    """The scenario with some inputs changed, kept consistent as the Monte Carlo draws are: the
    churn floor at most the churn, the base at most the market."""
    changed = scenario.model_copy(update=update)
    keep = {"churn_floor": min(changed.churn_floor, changed.churn)}
    if changed.market is not None:
        keep["customers"] = min(changed.customers, changed.market)
    return changed.model_copy(update=keep)


def best_of(scenarios: Sequence[Scenario]) -> tuple[np.ndarray, np.ndarray]:
    """Best share and best value of each scenario (same horizon and objective), searched
    together a chunk at a time."""
    found = [
        best
        for start in range(0, len(scenarios), _CHUNK_ROWS)
        for best, _, _ in best_splits(scenarios[start : start + _CHUNK_ROWS])
    ]
    return (
        np.array([best.best_share for best in found]),
        np.array([best.best_value for best in found]),
    )


def _top(scenario: Scenario, field: str) -> float:
    """The highest value the input may take here."""
    if field == "churn_floor":
        return scenario.churn
    if field == "customers" and scenario.market is not None:
        return float(scenario.market - 1)
    return float(field_bounds(field)[1])


def _cell_centres(low: float, high: float, points: int) -> np.ndarray:
    """The centres of `points` equal cells from `low` to `high`: never an end itself."""
    edges = np.linspace(low, high, points + 1)
    return (edges[:-1] + edges[1:]) / 2


def map_axis(scenario: Scenario, field: str, points: int) -> np.ndarray:
    """A map axis around the user's value (see the module's note), holding it exactly."""
    value = number_of(scenario, field)
    bottom, top = float(field_bounds(field)[0]), _top(scenario, field)
    if field in LOG_FIELDS and value / MAP_SPAN > 0:  # (a denormal value / 10 is 0)
        axis = np.geomspace(max(bottom, value / MAP_SPAN), min(top, value * MAP_SPAN), points)
    elif field in LOG_FIELDS:
        axis = np.linspace(0.0, min(top, MAP_SPAN * Scenario.model_fields[field].default), points)
    else:
        axis = _cell_centres(bottom, top, points)
    axis[np.argmin(np.abs(axis - value))] = value
    return axis


@dataclass(frozen=True)
class StrategyMap:
    """The best retention share over a grid of two inputs; rows follow `y`, columns `x`.

    Returned by `strategy_map`: where the answer changes as two uncertain inputs move.

    >>> from strategy import Scenario, strategy_map
    >>> found = strategy_map(Scenario(), points=3)
    >>> found.x, found.y, found.best_share.shape
    ('customers', 'cac_multiplier', (3, 3))
    """

    x: str
    y: str
    x_values: np.ndarray
    y_values: np.ndarray
    best_share: np.ndarray  # shape (len(y_values), len(x_values))
    best_value: np.ndarray  # the objective at each cell's best share
    user_cell: tuple[int, int]  # (row, column) of the user's own scenario


def strategy_map(
    scenario: Scenario, x: str = "customers", y: str = "cac_multiplier", points: int = 40
) -> StrategyMap:
    """Where the best split leans as two inputs change together, around the user's values.

    Args:
        scenario: the business.
        x, y: two different inputs of `RANGED_FIELDS`.
        points: values per axis (each holds the user's own value exactly).

    Returns:
        A `StrategyMap`: the best share and value at each cell, and the user's cell.

    >>> found = strategy_map(Scenario(), points=3)
    >>> found.best_share.shape, found.user_cell
    ((3, 3), (1, 1))
    """
    for field in (x, y):
        if field not in RANGED_FIELDS:
            raise ValueError(f"{field!r} cannot be a map axis; expected one of {RANGED_FIELDS}")
    if x == y:
        raise ValueError("the map needs two different inputs")
    xs, ys = map_axis(scenario, x, points), map_axis(scenario, y, points)
    shares, values = best_of(
        [variant(scenario, **{x: float(vx), y: float(vy)}) for vy in ys for vx in xs]
    )
    user = (
        int(np.flatnonzero(ys == number_of(scenario, y))[0]),
        int(np.flatnonzero(xs == number_of(scenario, x))[0]),
    )
    return StrategyMap(
        x, y, xs, ys, shares.reshape(ys.size, xs.size), values.reshape(ys.size, xs.size), user
    )


@dataclass(frozen=True)
class SwitchingPoint:
    """Where the best split changes side as one input moves across its range.

    Returned by `switching_points`, the other inputs at the user's values: a best share of 0.5
    or more is retention-heavy; `above` is the side above the point.

    >>> from strategy import Scenario, switching_points
    >>> [point] = switching_points(Scenario(), fields=("churn",))
    >>> point.field, round(point.value, 3), point.above
    ('churn', 0.062, 'retention')
    """

    field: str
    value: float | None  # None: the best split stays on one side over the whole range scanned
    above: Side | None  # the side the best split takes above `value`
    low: float  # the range scanned
    high: float


def scan_axis(scenario: Scenario, field: str) -> np.ndarray:
    """The input's whole range, where a switching point is looked for."""
    bottom, top = float(field_bounds(field)[0]), _top(scenario, field)
    if field in LOG_FIELDS:
        return np.geomspace(max(bottom, top * _SCAN_FLOOR), top, _SCAN_POINTS)
    return _cell_centres(bottom, top, _SCAN_POINTS)


def _coordinate(field: str, values: np.ndarray) -> np.ndarray:
    """Where a switching point is searched for an input: its logarithm for LOG_FIELDS."""
    return np.log(values) if field in LOG_FIELDS else np.asarray(values, dtype=float)


def switching_points(
    scenario: Scenario, fields: tuple[str, ...] = SENSITIVITY_FIELDS
) -> tuple[SwitchingPoint, ...]:
    """For each input, the value at which the best share crosses 0.5.

    Nearest the user's own value when it crosses more than once. All inputs' scans are one
    stacked search; then every bracket where the side changes is narrowed at once, `_PROBES`
    points per bracket a round, and the crossing is read off the last bracket by linear
    interpolation of the best share (in the logarithm for LOG_FIELDS).

    Args:
        scenario: the business.
        fields: the inputs to scan over their whole range.

    Returns:
        A `SwitchingPoint` per input: the value (None when the side never changes) and the side
        above it.

    >>> [point] = switching_points(Scenario(), fields=("churn",))
    >>> round(point.value, 3), point.above
    (0.062, 'retention')
    """
    logged = np.array([field in LOG_FIELDS for field in fields])
    scans, coords, shares = _scan(scenario, fields)
    changes = (shares[:, :-1] >= 0.5) != (shares[:, 1:] >= 0.5)
    here = np.array(
        [
            _coordinate(field, np.clip(number_of(scenario, field), scan[0], scan[-1]))
            for field, scan in zip(fields, scans, strict=True)
        ]
    )
    distance = np.abs((coords[:, :-1] + coords[:, 1:]) / 2 - here[:, None])
    rows = np.flatnonzero(changes.any(axis=-1))
    nearest = np.argmin(np.where(changes, distance, np.inf), axis=-1)[rows]
    a, b = coords[rows, nearest], coords[rows, nearest + 1]
    share_a, share_b = shares[rows, nearest], shares[rows, nearest + 1]
    for _ in range(_ROUNDS):
        a, b, share_a, share_b = _narrow(scenario, fields, logged, rows, a, b, share_a, share_b)
    crossing = a + (0.5 - share_a) * (b - a) / (share_b - share_a)
    values = dict(
        zip(rows.tolist(), np.where(logged[rows], np.exp(crossing), crossing).tolist(), strict=True)
    )
    sides = dict(zip(rows.tolist(), share_b >= 0.5, strict=True))
    return tuple(
        SwitchingPoint(
            field,
            values.get(row),
            None if row not in sides else "retention" if sides[row] else "acquisition",
            float(scans[row, 0]),
            float(scans[row, -1]),
        )
        for row, field in enumerate(fields)
    )


def _scan(scenario: Scenario, fields: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each input's scan, where on it the crossing is sought, and the best share at each point."""
    scans = np.array([scan_axis(scenario, field) for field in fields])
    coords = np.array([_coordinate(field, scan) for field, scan in zip(fields, scans, strict=True)])
    shares, _ = best_of(
        [
            variant(scenario, **{field: float(v)})
            for field, scan in zip(fields, scans, strict=True)
            for v in scan
        ]
    )
    return scans, coords, shares.reshape(scans.shape)


def _narrow(
    scenario: Scenario,
    fields: tuple[str, ...],
    logged: np.ndarray,
    rows: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    share_a: np.ndarray,
    share_b: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """One round for all brackets: keep the first of `_PROBES` pieces whose ends differ in side."""
    coords = np.linspace(a, b, _PROBES + 2, axis=-1)
    inner = np.where(logged[rows, None], np.exp(coords), coords)[:, 1:-1]
    probes, _ = best_of(
        [
            variant(scenario, **{fields[row]: float(v)})
            for row, values in zip(rows, inner, strict=True)
            for v in values
        ]
    )
    shares = np.concatenate(
        [share_a[:, None], probes.reshape(inner.shape), share_b[:, None]], axis=-1
    )
    piece = np.argmax((shares[:, :-1] >= 0.5) != (shares[:, 1:] >= 0.5), axis=-1)
    at = np.arange(len(rows))
    return coords[at, piece], coords[at, piece + 1], shares[at, piece], shares[at, piece + 1]


@dataclass(frozen=True)
class TornadoBar:
    """One input moved down and up, and the best split and its value at each end.

    Returned by `tornado`: by 20%, or to the ends of the scenario's range for the input
    (`ranged`).

    >>> from strategy import Scenario, tornado
    >>> bar = next(bar for bar in tornado(Scenario(), fields=("churn",)) if bar.field == "churn")
    >>> bar.ranged, round(bar.best_share_low, 2), round(bar.best_share_high, 2)
    (False, 0.33, 0.49)
    """

    field: str
    low: float  # the input's value at each end, as used (within its field's range)
    high: float
    ranged: bool  # the ends are the scenario's range for this input, not ±20%
    best_share_low: float
    best_share_high: float
    best_value_low: float
    best_value_high: float

    @property
    def swing(self) -> float:
        """How far the input's uncertainty moves the best value: the bar's length."""
        return abs(self.best_value_high - self.best_value_low)


def _ends(scenario: Scenario, field: str) -> tuple[float, float]:
    """The input's range as drawn, or its value ±20% within its field's range."""
    item = scenario.range_of(field)
    if item is not None:
        drawn = drawn_range(scenario, item)
        return drawn.low, drawn.high
    value = number_of(scenario, field)
    bottom, top = field_bounds(field)
    low, high = (
        float(np.clip(value * (1 + sign * SENSITIVITY_CHANGE), bottom, top)) for sign in (-1, 1)
    )
    return low, high


def tornado(
    scenario: Scenario, fields: tuple[str, ...] = SENSITIVITY_FIELDS
) -> tuple[TornadoBar, ...]:
    """Each input moved to both ends: the best split and its value there.

    Each input of `fields`, and each input the scenario gives a range for, moved to the ends of
    that range or by ±20%; bars sorted by swing of the best value, largest first (ties keep the
    fields' order).

    Args:
        scenario: the business and its ranges.
        fields: the inputs moved by ±20% unless a range is given for them.

    Returns:
        A `TornadoBar` per input.

    >>> [bar.field for bar in tornado(Scenario(), fields=("churn",))]
    ['cac_multiplier', 'churn', 'launch_adoption_new']
    """
    names = [*fields, *(item.field for item in scenario.ranges if item.field not in fields)]
    moved = [variant(scenario, **{field: end}) for field in names for end in _ends(scenario, field)]
    shares, values = best_of(moved)
    bars = [
        TornadoBar(
            field,
            float(getattr(moved[2 * i], field)),
            float(getattr(moved[2 * i + 1], field)),
            scenario.range_of(field) is not None,
            float(shares[2 * i]),
            float(shares[2 * i + 1]),
            float(values[2 * i]),
            float(values[2 * i + 1]),
        )
        for i, field in enumerate(names)
    ]
    return tuple(sorted(bars, key=lambda bar: -bar.swing))
