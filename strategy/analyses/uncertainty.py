"""How sure is the answer? Monte Carlo over the inputs the scenario gives as ranges.

Each draw takes every ranged input at once from a triangular distribution that peaks at the
scenario's own value, over the range stretched to include that value; the other inputs stay at
their point values. All draws × all grid shares are projected in one array pass (in chunks of
draws that fit the processor's cache), and every split is judged by the scenario's objective.

Codes and numbers only: the app words them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model.engine import parameters
from ..model.plans import TIE, first_best, project_at, project_shares, share_grid
from ..model.scenario import Objective, Range, Scenario, number_of

PERCENTILES = (10.0, 50.0, 90.0)
NEAR_BEST = 0.05  # a plan within 5% of a draw's best value counts as near the best there
# Draws per chunk times projected splits: small enough that a month's arrays stay in cache.
_CHUNK_CELLS = 20_000


@dataclass(frozen=True)
class Outcome:
    """What one split risks across the draws: its objective's P10, P50, P90 and mean.

    An `UncertaintyReport` has one for the best mean, the best bad case and the plan.

    >>> from strategy import Scenario, uncertainty
    >>> robust = uncertainty(Scenario(draws=100)).robust
    >>> robust.p10 <= robust.p50 <= robust.p90
    True
    """

    share: float
    p10: float
    p50: float
    p90: float
    mean: float


@dataclass(frozen=True)
class UncertaintyReport:
    """The trade-off curve as bands over the draws, and the splits worth comparing.

    Returned by `uncertainty`: how sure the answer is, given the scenario's `ranges`.

    >>> from strategy import Scenario, uncertainty
    >>> report = uncertainty(Scenario(draws=100))
    >>> report.objective, report.shares.size, report.plan.share
    ('npv', 201, 0.4)
    """

    objective: Objective
    shares: np.ndarray  # the share grid
    deterministic: np.ndarray  # the objective at each share, every input at its point value
    p10: np.ndarray  # … and across the draws, at each share
    p50: np.ndarray
    p90: np.ndarray
    mean: np.ndarray
    mean_best: Outcome  # the grid share with the best mean
    robust: Outcome  # the grid share with the best P10: the best bad case
    plan: Outcome  # the scenario's own split
    fan_p10: np.ndarray  # customers at the start and at each month's end, at mean_best.share
    fan_p50: np.ndarray
    fan_p90: np.ndarray
    p_retention_beats_acquisition: float  # draws whose best share ≥ 0.5 beats every share < 0.5
    p_plan_within_5pct: float  # draws where the plan comes within 5% of that draw's best
    stretched: tuple[Range, ...]  # ranges widened to include the point value, as drawn


def drawn_range(scenario: Scenario, item: Range) -> Range:
    """The range as drawn: stretched to include the scenario's own value of the input."""
    value = number_of(scenario, item.field)
    return Range(item.field, min(item.low, value), max(item.high, value))


def triangular(u: np.ndarray, low: np.ndarray, mode: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Inverse CDF of the triangular distribution at uniform `u`. Unlike numpy's sampler it
    accepts a zero-width range (low = high), giving exactly that value."""
    width = high - low
    cut = np.divide(mode - low, width, out=np.zeros_like(width), where=width > 0)
    below = low + np.sqrt(u * width * (mode - low))
    above = high - np.sqrt((1 - u) * width * (high - mode))
    return np.where(u < cut, below, above)


def draw_parameters(scenario: Scenario) -> dict[str, np.ndarray]:
    """The engine's parameters with each ranged input replaced by a column of draws (shape
    (draws, 1)); the churn floor is kept at most the drawn churn, the base at most the market."""
    p = parameters(scenario)
    if not scenario.ranges:
        return p
    ranges = [drawn_range(scenario, item) for item in scenario.ranges]
    low, high = (np.array([getattr(item, end) for item in ranges]) for end in ("low", "high"))
    mode = np.array([number_of(scenario, item.field) for item in ranges])
    u = np.random.default_rng(scenario.seed).random((scenario.draws, len(ranges)))
    drawn = triangular(u, low, mode, high)
    for column, item in enumerate(ranges):
        p[item.field] = drawn[:, column, None]
    p["churn_floor"] = np.minimum(p["churn_floor"], p["churn"])
    p["customers"] = np.minimum(p["customers"], p["market"])
    return p


def objective_values(
    scenario: Scenario, p: dict[str, np.ndarray], shares: np.ndarray
) -> np.ndarray:
    """The objective of every draw (rows) at every share (columns), a chunk of draws at a
    time: the same numbers as one pass, without arrays too large for the cache."""
    rows = max(np.shape(value)[0] if np.ndim(value) else 1 for value in p.values())
    step = max(1, _CHUNK_CELLS // shares.size)
    chunks = []
    for start in range(0, rows, step):
        part = {
            name: value[start : start + step] if np.ndim(value) else value
            for name, value in p.items()
        }
        paths = project_at(part, shares, scenario.months)
        chunks.append(
            np.broadcast_to(
                paths.objective(scenario.objective), (min(step, rows - start), shares.size)
            )
        )
    return np.concatenate(chunks)


def _outcome(share: float, bands: np.ndarray, mean: float) -> Outcome:
    """One split's bands (P10, P50, P90) and mean as an `Outcome`."""
    p10, p50, p90 = (float(band) for band in bands)
    return Outcome(share, p10, p50, p90, float(mean))


def uncertainty(scenario: Scenario) -> UncertaintyReport:
    """Monte Carlo over the scenario's `ranges`: how sure the answer is.

    Same seed, same report: the draws come from `scenario.seed` alone.

    Args:
        scenario: the business, its ranges, its draws and seed.

    Returns:
        An `UncertaintyReport`: P10/P50/P90 of the objective at every share, the mean-best and
        the robust split, the base's fan at the mean-best split, and how often each side wins.

    >>> report = uncertainty(Scenario(draws=200))
    >>> report.shares.size, round(report.p_retention_beats_acquisition, 2)
    (201, 0.0)
    """
    shares = share_grid()
    p = draw_parameters(scenario)
    values = objective_values(scenario, p, np.append(shares, scenario.retention_share))
    grid, plan = values[:, :-1], values[:, -1]
    bands = np.percentile(grid, PERCENTILES, axis=0)
    mean = grid.mean(axis=0)
    best_mean, robust = int(first_best(mean)), int(first_best(bands[0]))

    retention = shares >= 0.5
    acquisition_best = grid[:, ~retention].max(axis=-1)
    beats = grid[:, retention].max(axis=-1) > (
        acquisition_best + TIE * np.maximum(1.0, np.abs(acquisition_best))
    )
    best = values.max(axis=-1)
    near = best - plan <= NEAR_BEST * np.abs(best)

    share = float(shares[best_mean])
    fan = project_at(p, np.asarray(share), scenario.months).customers
    fan_bands = np.percentile(fan.reshape(-1, scenario.months + 1), PERCENTILES, axis=0)
    return UncertaintyReport(
        objective=scenario.objective,
        shares=shares,
        deterministic=project_shares(scenario, shares).objective(scenario.objective),
        p10=bands[0],
        p50=bands[1],
        p90=bands[2],
        mean=mean,
        mean_best=_outcome(share, bands[:, best_mean], mean[best_mean]),
        robust=_outcome(float(shares[robust]), bands[:, robust], mean[robust]),
        plan=_outcome(scenario.retention_share, np.percentile(plan, PERCENTILES), plan.mean()),
        fan_p10=fan_bands[0],
        fan_p50=fan_bands[1],
        fan_p90=fan_bands[2],
        p_retention_beats_acquisition=float(beats.mean()),
        p_plan_within_5pct=float(near.mean()),
        stretched=tuple(
            drawn for item in scenario.ranges if (drawn := drawn_range(scenario, item)) != item
        ),
    )
