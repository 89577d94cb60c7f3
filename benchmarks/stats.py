"""Medians and 95th percentiles, printed beside their targets.

Medians, not means: the machines are shared and a few slow samples say more about the
neighbours than about the code. Targets are reported as PASS/MISS, never asserted.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

NAME_WIDTH = 52


@dataclass(frozen=True)
class Summary:
    """The centre and the tail of one series of timings, in milliseconds."""

    count: int
    median_ms: float
    p95_ms: float

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Summary:
        if not seconds:
            raise ValueError("no timings to summarise")
        ms = [value * 1000 for value in seconds]
        p95 = statistics.quantiles(ms, n=20, method="inclusive")[-1] if len(ms) > 1 else ms[0]
        return cls(len(ms), statistics.median(ms), p95)


def verdict(value: float, limit: float) -> str:
    return "PASS" if value <= limit else "MISS"


def timing_line(name: str, summary: Summary, target_ms: float | None = None) -> str:
    """`name  median … ms  p95 … ms  [target ≤ … ms: PASS]`."""
    text = (f"  {name:<{NAME_WIDTH}} median {summary.median_ms:7.2f} ms   "
            f"p95 {summary.p95_ms:7.2f} ms   n={summary.count}")
    if target_ms is not None:
        text += f"   target ≤ {target_ms:g} ms: {verdict(summary.median_ms, target_ms)}"
    return text


def ratio_line(name: str, ratio: float, target: float) -> str:
    return (f"  {name:<{NAME_WIDTH}} ratio  {ratio:7.2f}      "
            f"target ≤ {target:g}: {verdict(ratio, target)}")


def value_line(name: str, value_ms: float, note: str = "") -> str:
    return f"  {name:<{NAME_WIDTH}} {value_ms:7.1f} ms" + (f"   {note}" if note else "")
