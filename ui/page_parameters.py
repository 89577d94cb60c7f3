"""A page's own view and question in the URL (the open chart, the map's axes, the goal-seek),
apart from the scenario: their keys, their choices, and which given values are usable."""

from __future__ import annotations

import math

import streamlit as st

from strategy import METRICS, RANGED_FIELDS, Reason

from .fields import GOAL_TARGET_MAX

# Widget keys, which are also the URL's parameters.
CHART, VIEW = "chart", "view"  # the explorer's open chart, the uncertainty page's open view
GOAL_METRIC, GOAL_TARGET = "goal_metric", "goal_target"  # the stress page's goal-seek
MAP_X, MAP_Y = "map_x", "map_y"  # the uncertainty page's strategy map
# The explorer's charts and the uncertainty page's views, one tab each.
EXPLORER_CHARTS: tuple[str, ...] = ("tradeoff", "base", "marginal")
UNCERTAINTY_VIEWS: tuple[str, ...] = ("bands", "sensitivity", "map")
PAGE_PARAMETERS: tuple[str, ...] = (GOAL_METRIC, GOAL_TARGET, MAP_X, MAP_Y, CHART, VIEW)
# The choices among them (the target is a number from 0 to GOAL_TARGET_MAX).
PAGE_CHOICES: dict[str, tuple[str, ...]] = {
    GOAL_METRIC: METRICS, MAP_X: RANGED_FIELDS, MAP_Y: RANGED_FIELDS,
    CHART: EXPLORER_CHARTS, VIEW: UNCERTAINTY_VIEWS}


def page_problem(name: str, text: str) -> Reason | None:
    """Why a page parameter's value cannot be used (an empty goal target asks nothing)."""
    if name == GOAL_TARGET:
        return None if text == "" else _target_problem(text)
    return None if text in PAGE_CHOICES[name] else "invalid_choice"


def _target_problem(text: str) -> Reason | None:
    """Why the goal-seek's target from a link cannot be used (its widget drops it silently)."""
    try:
        value = float(text)
    except ValueError:
        return "not_a_number"
    if not math.isfinite(value):
        return "not_a_number"
    return None if 0 <= value <= GOAL_TARGET_MAX else "out_of_range"


def page_view() -> dict[str, str]:
    """The page's own view and question as the address bar holds them now, the usable ones
    only: a link shares them too."""
    return {name: value for name in PAGE_PARAMETERS
            if (value := st.query_params.get(name)) and page_problem(name, value) is None}
