"""Shared settings for the strategy-engine tests.

Hypothesis runs derandomised by default, so a red run is reproducible and the failure count does
not drift between runs; `--hypothesis-profile=explore` searches with fresh random seeds and more
examples. No example database is written (the tests leave nothing behind in the repository).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

from strategy import Scenario

settings.register_profile(
    "strategy",
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "explore",
    max_examples=500,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("strategy")


@pytest.fixture
def defaults() -> Scenario:
    """The scenario every widget starts from (MODEL.md defaults)."""
    return Scenario()
