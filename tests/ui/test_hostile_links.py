"""Hostile and broken links, end to end: 200 of the fuzz test's links opened in the app.

`tests/strategy/test_link_fuzz.py` generates ten thousand links and checks the functions that
read them. Here a fixed sample of them is opened through AppTest on the page of its kind, the
way a browser opens a link: stress and compare links on their pages, and the explorer's
scenario links in turn on the explorer, the uncertainty page and the calibration page (which
draws no sidebar: the link's scenario is the base its estimates start from). Each run must
show:

- no exception element, and no error element: the app shows none on purpose for a link (the
  plain "something went wrong" of `ui.errors.friendly_errors` stands for a caught exception, so it
  counts as a failure here);
- a notice line for every parameter the link's reading rejects, and for every parameter the
  widgets (or the compare page) did not use as the link gave it;
- nothing from the link rendered as HTML or Markdown: no Markdown element allows HTML, no link
  text with a Markdown or HTML character appears unescaped, chart trace names are HTML-escaped,
  and no message template is left with an unfilled `{placeholder}`.

Links that run into a known bug are marked `xfail(strict=True)` with the bug's description
(the fuzz test's KNOWN_BUGS where they show in the link's reading, and APP_BUGS below), and
each app bug has its smallest link as a test of its own at the end. The sample takes 30–70 s
on the shared 2-core development machine (0.15–0.35 s per link).
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from strategy import METRICS, Scenario, read_comparison, read_inputs, read_link
from ui.answer import plain
from ui.fields import CONTROLS
from ui.page_parameters import PAGE_PARAMETERS
from ui.settings import FRAME_CHOICES
from ui.i18n import Translator

_FUZZ = Path(__file__).resolve().parents[1] / "strategy" / "test_link_fuzz.py"
_spec = importlib.util.spec_from_file_location("link_fuzz_links", _FUZZ)
assert _spec is not None and _spec.loader is not None
fuzz = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = fuzz  # dataclasses look their module up
_spec.loader.exec_module(fuzz)

SAMPLE = 200
PAGES = {"explorer": None, "stress": "app_pages/stress.py", "compare": "app_pages/compare.py"}
# Pages with the explorer's sidebar, or none, that take the explorer's scenario links in turn.
SCENARIO_PAGES = (None, "app_pages/uncertainty.py", "app_pages/calibrate.py")
CALIBRATE = SCENARIO_PAGES[-1]
GOAL_TARGET_MAX = 1e12  # the goal-seek's number_input (app_pages/stress.py)

# Known bugs seen only in the app (the fuzz test's KNOWN_BUGS come on top).
REPEATED_UNKNOWN = "repeated_unknown"
BIG_MONEY = "big_money"
PAGE_PARAMETER = "page_parameter"
NOT_A_COMPARISON = "not_a_comparison"
RANGE_BOUNDS_TEXT = "range_bounds_text"
# Bugs this test found, by tag, while unfixed (each link that meets one is a strict xfail).
# All five found so far are fixed: a repeated unknown parameter, amounts of 1e28 or more, the
# stress and uncertainty pages' own parameters, a compare link with nothing to compare, and
# the bounds of a range in a compare link.
APP_BUGS: dict[str, str] = {}
_COMPARE_PARAMETER = re.compile(r"[A-Z](\..*)?", re.DOTALL)


def sample() -> list[Any]:
    """Every 50th link: all three kinds, with the fuzz test's mix of hostile values."""
    made = fuzz.links()
    step = len(made) // SAMPLE
    return [made[index] for index in range(0, step * SAMPLE, step)]


def page_of(link: Any) -> str | None:
    """The page a link opens on: its kind's, the explorer's links spread over SCENARIO_PAGES."""
    if link.kind == "explorer":
        return SCENARIO_PAGES[link.number % len(SCENARIO_PAGES)]
    return PAGES[link.kind]


def _good_target(text: str) -> bool:
    try:
        value = float(text)
    except ValueError:
        return text == ""  # empty: no target asked, the widget's own empty state
    return math.isfinite(value) and 0 <= value <= GOAL_TARGET_MAX


def _params() -> list[Any]:
    cases = []
    for link in sample():
        # A known bug of the reading, where it shows in this link's reading.
        shows = link.known_bugs if fuzz.failures_of(link) else set()
        bugs = {tag: fuzz.KNOWN_BUGS[tag] for tag in shows}
        marks = [pytest.mark.xfail(reason="; ".join(bugs.values()), strict=True)] if bugs else []
        page = Path(page_of(link) or "explorer").stem
        cases.append(pytest.param(link, id=f"{link.kind}-{link.number:04d}-{page}", marks=marks))
    return cases


# -- reading what the app shows --------------------------------------------------------------

TEXT_KINDS = ("markdown", "caption", "warning", "info", "error", "success", "title", "header",
              "subheader")
_UNFILLED = re.compile(r"(?<!\\)\{[a-z_]+(?<!\\)\}")
_SPECIALS = set("<>[]`*|$#")


def notice_lines(app: AppTest, tr: Translator) -> list[str]:
    """The lines of the link notice (a warning that starts with the notice's title)."""
    lines = []
    for warning in app.warning:
        first, *rest = warning.value.split("\n")
        if first == tr("notice.title"):
            lines += rest
    return lines


def named(lines: list[str], parameter: str) -> bool:
    return any(line.startswith(f"- {plain(parameter)} = ") for line in lines)


def shown_texts(app: AppTest) -> list[str]:
    return [element.value for kind in TEXT_KINDS for element in app.get(kind)]


def link_texts(link: Any) -> set[str]:
    """Everything the link says that Markdown or HTML would read as markup."""
    texts = {text for name, values in link.query.items() for text in (name, *values)}
    return {text for text in texts if len(text) >= 3 and _SPECIALS & set(text)}


def markup_failures(app: AppTest, link: Any) -> list[str]:
    failures = []
    texts = shown_texts(app)
    hostile = link_texts(link)
    for element in (*app.markdown, *app.caption):
        if element.proto.allow_html:
            failures.append(f"HTML allowed in {element.value[:80]!r}")
    for text in texts:
        for given in hostile:  # escaped, each special character has a backslash before it
            if re.search(r"(?<!\\)" + re.escape(given), text):
                failures.append(f"link text {given[:60]!r} shown unescaped in {text[:120]!r}")
        if _UNFILLED.search(text):
            failures.append(f"unfilled placeholder in {text[:160]!r}")
    for chart in app.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for trace in spec.get("data", []):
            for key in ("name", "hovertemplate", "text"):
                value = trace.get(key)
                if isinstance(value, str) and any(given in value for given in hostile
                                                  if "<" in given):
                    failures.append(f"chart trace {key} {value[:80]!r} holds raw HTML")
    return failures


def state_scenario(app: AppTest) -> Scenario:
    """The scenario the widgets hold (as `ui.controls.current_reading` reads it)."""
    values = {}
    for name in (*(control.field for control in CONTROLS), "ranges"):
        try:
            values[name] = app.session_state[name]
        except KeyError:
            continue
    return read_inputs(values).scenario


def frame_rejects(query: dict[str, list[str]]) -> list[str]:
    """The language and currency the link gives that are not among the choices."""
    return [name for name, options in FRAME_CHOICES.items()
            if name in query and query[name] and query[name][-1] not in options]


def scenario_failures(app: AppTest, link: Any, lines: list[str], page: str | None) -> list[str]:
    failures = []
    reading = read_link(link.query, other_parameters=(*FRAME_CHOICES, *PAGE_PARAMETERS))
    expected = {problem.parameter for problem in reading.problems} | set(frame_rejects(link.query))
    failures += [f"{name[:60]!r} rejected but not named in the notice"
                 for name in sorted(expected) if not named(lines, name)]
    shown = app.session_state["calibrate_base"] if page == CALIBRATE else state_scenario(app)
    for name in Scenario.model_fields:
        if getattr(shown, name) != getattr(reading.scenario, name) and not named(lines, name):
            failures.append(f"{name}: the page holds {getattr(shown, name)!r}, the link says "
                            f"{getattr(reading.scenario, name)!r}, and the notice is silent")
    if link.kind == "stress":
        for name, check in (("goal_metric", lambda text: text in METRICS),
                            ("goal_target", _good_target)):
            given = link.query.get(name)
            if given and not check(given[-1]) and not named(lines, name):
                failures.append(f"{name}={given[-1][:40]!r} dropped by its widget, not named")
    return failures


def comparison_failures(app: AppTest, link: Any, lines: list[str]) -> list[str]:
    failures = []
    expected, problems = read_comparison(link.query, other_parameters=FRAME_CHOICES)
    names = {problem.parameter for problem in problems} | set(frame_rejects(link.query))
    failures += [f"{name[:60]!r} rejected but not named in the notice"
                 for name in sorted(names) if not named(lines, name)]
    if any(_COMPARE_PARAMETER.fullmatch(name) for name in link.query):
        shown = read_comparison(app.session_state["compare_last"])[0]
        if shown != expected:
            failures.append(f"the page shows {shown.names}, the link reads as {expected.names}")
    else:
        failures += [f"{name[:60]!r} is not a compare parameter and is not named"
                     for name in link.query if name not in FRAME_CHOICES
                     and not named(lines, name)]
    return failures


@pytest.mark.parametrize("link", _params())
def test_a_hostile_link_opens_cleanly(open_app: Callable[..., AppTest], link: Any) -> None:
    page = page_of(link)
    app = open_app(link.query, page=page)
    failures = [f"exception: {element.value}" for element in app.exception]
    failures += [f"error shown: {element.value[:200]}" for element in app.error]
    tr = Translator(app.session_state["lang"], app.session_state["currency"])
    lines = notice_lines(app, tr)
    if link.kind == "compare":
        failures += comparison_failures(app, link, lines)
    else:
        failures += scenario_failures(app, link, lines, page)
    failures += markup_failures(app, link)
    failures += [f"reading: {failure}" for failure in fuzz.failures_of(link)]  # the fuzz test's
    assert not failures, fuzz.describe(link, failures)


def test_the_sample_is_what_the_issue_asks_for() -> None:
    """200 links, every page, hostile markup among them; the app's own parameters are the
    ones the fuzz test skips."""
    links = sample()
    assert len(links) == SAMPLE
    assert {link.kind for link in links} == set(PAGES)
    assert {page_of(link) for link in links} == {*PAGES.values(), *SCENARIO_PAGES}
    assert sum(bool(link_texts(link)) for link in links) >= 30
    assert set(fuzz.OTHER_PARAMETERS) == {*FRAME_CHOICES, *PAGE_PARAMETERS}
    assert fuzz.FRAME_VALUES == {name: tuple(options) for name, options in FRAME_CHOICES.items()}


# The smallest link of each app bug found (all fixed), kept as one-line checks.
SMALLEST = [
    (REPEATED_UNKNOWN, {"colour": ["red", "blue"]}, None, "colour"),
    (BIG_MONEY, {"budget": ["10000000"]}, None, None),
    (PAGE_PARAMETER, {"goal_target": ["abc"]}, "app_pages/stress.py", "goal_target"),
    (PAGE_PARAMETER, {"goal_metric": ["profit"]}, "app_pages/stress.py", "goal_metric"),
    (NOT_A_COMPARISON, {"colour": ["red"]}, "app_pages/compare.py", "colour"),
    (RANGE_BOUNDS_TEXT, {"A": ["x"], "A.ranges": ["cac_multiplier-0-50"]},
     "app_pages/compare.py", "A.ranges"),
]


@pytest.mark.parametrize(("bug", "query", "page", "parameter"), [
    pytest.param(*case, id=f"{case[0]}-{next(iter(case[1]))}") for case in SMALLEST
])
def test_the_smallest_link_of_each_app_bug(open_app: Callable[..., AppTest], bug: str,
                                          query: dict[str, list[str]], page: str | None,
                                          parameter: str | None) -> None:
    app = open_app(query, page=page)
    assert not app.exception and not app.error
    assert not [text for text in shown_texts(app) if _UNFILLED.search(text)]
    if parameter is not None:
        tr = Translator(app.session_state["lang"], app.session_state["currency"])
        assert named(notice_lines(app, tr), parameter)
