"""The shared frame every page gets: language, currency, the share-link check, warm start."""

from __future__ import annotations

import gc
import logging
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from urllib.parse import urlencode, urlsplit, urlunsplit

import plotly.graph_objects as go
import streamlit as st

from strategy import (
    METRICS, RANGED_FIELDS, Problem, Reading, Reason, Scenario, read_link, share_query,
)

from .answer import notice_lines
from .fields import GOAL_TARGET_MAX
from .controls import coded_choice, current_reading
from .save_load import shown
from .takeaways import Section
from .i18n import CURRENCIES, DEFAULT_CURRENCY, LANGUAGES, Translator, language_from_locale

FRAME_CHOICES: dict[str, tuple[str, ...]] = {"lang": tuple(LANGUAGES), "currency": CURRENCIES}
# The explorer's charts and the uncertainty page's views, one tab each; the open one is in
# the URL (`chart=base`, `view=map`).
EXPLORER_CHARTS: tuple[str, ...] = ("tradeoff", "base", "marginal")
UNCERTAINTY_VIEWS: tuple[str, ...] = ("bands", "sensitivity", "map")
# Parameters of a page's own question or view rather than of the scenario (checked by their
# widgets).
PAGE_PARAMETERS: tuple[str, ...] = ("goal_metric", "goal_target", "map_x", "map_y", "chart",
                                    "view")
# The choices among them (the target is a number from 0 to GOAL_TARGET_MAX).
PAGE_CHOICES: dict[str, tuple[str, ...]] = {
    "goal_metric": METRICS, "map_x": RANGED_FIELDS, "map_y": RANGED_FIELDS,
    "chart": EXPLORER_CHARTS, "view": UNCERTAINTY_VIEWS}
_LINK_PROBLEMS = "link_problems"  # problems found in the link that opened this session
_LINK_SCENARIO = "link_scenario"  # the scenario first shown for it; the notice ends on a change
_LOG = logging.getLogger(__name__)


@st.cache_resource
def warm_start() -> None:
    """Once per process: build a first figure (slow the first time), then freeze the objects
    alive so far out of the garbage collector, which Streamlit runs after every rerun."""
    go.Figure().to_plotly_json()
    gc.collect()
    gc.freeze()


def check_link() -> None:
    """On a session's first run, before any widget reads the URL, note what in it is unusable.

    Widgets silently drop what they cannot take; this names it for the user."""
    if _LINK_PROBLEMS in st.session_state:
        return
    query = _link_query()
    problems = list(link_reading().problems)
    for name, options in FRAME_CHOICES.items():
        given = query.get(name, [])
        if given and given[-1] not in options:
            problems.append(Problem(name, given[-1], "invalid_choice"))
    for name in PAGE_PARAMETERS:
        given = query.get(name, [])
        if given and (reason := _page_problem(name, given[-1])) is not None:
            problems.append(Problem(name, given[-1], reason))
    st.session_state[_LINK_PROBLEMS] = tuple(problems)


def _link_query() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params}


def link_reading() -> Reading:
    """The scenario the address bar holds, for a page without the sidebar's widgets (which
    read it themselves), with what in it could not be used."""
    return read_link(_link_query(), other_parameters=(*FRAME_CHOICES, *PAGE_PARAMETERS))


def _page_problem(name: str, text: str) -> Reason | None:
    """Why a page parameter's value cannot be used (an empty goal target asks nothing)."""
    if name == "goal_target":
        return None if text == "" else _target_problem(text)
    return None if text in PAGE_CHOICES[name] else "invalid_choice"


def _page_view() -> dict[str, str]:
    """The page's own view and question as the address bar holds them now (the open chart,
    the map's axes, the goal-seek's), the usable ones only: a link shares them too."""
    return {name: value for name in PAGE_PARAMETERS
            if (value := st.query_params.get(name)) and _page_problem(name, value) is None}


def _target_problem(text: str) -> Reason | None:
    """Why the goal-seek's target from a link cannot be used (its widget drops it silently)."""
    try:
        value = float(text)
    except ValueError:
        return "not_a_number"
    if not math.isfinite(value):
        return "not_a_number"
    return None if 0 <= value <= GOAL_TARGET_MAX else "out_of_range"


def choose_language_and_currency() -> Translator:
    """Language from the link, else the browser, else English; both bound to the URL."""
    browser = language_from_locale(st.context.locale)
    chosen = st.session_state.get("lang") or st.query_params.get("lang")
    tr = Translator(chosen if chosen in LANGUAGES else browser)
    with st.sidebar:
        language, currency = st.columns(2)
        with language:
            coded_choice(st.radio, label=tr("app.language"), options=tuple(LANGUAGES),
                         default=browser, format_func=LANGUAGES.__getitem__, key="lang")
        currency.selectbox(
            tr("app.currency"), CURRENCIES, index=CURRENCIES.index(DEFAULT_CURRENCY),
            help=tr("app.currency_help"), key="currency", bind="query-params",
        )
    return translator()


def translator() -> Translator:
    """The language and currency chosen in the frame, for the page being drawn."""
    return Translator(st.session_state["lang"], st.session_state["currency"])


def link_problems(reading: Reading) -> list[Problem]:
    """What to tell the user: the opening link's problems until they change the scenario,
    and whatever the current inputs need corrected (e.g. a churn floor above churn)."""
    first = st.session_state.setdefault(_LINK_SCENARIO, reading.scenario)
    from_link = st.session_state.get(_LINK_PROBLEMS, ()) if reading.scenario == first else ()
    problems = {(p.parameter, p.reason): p for p in (*from_link, *reading.problems)}
    return list(problems.values())


def link_notice(reading: Reading, tr: Translator) -> None:
    """The notice naming what in the link or the inputs could not be used, and what was."""
    problems = link_problems(reading)
    if problems:
        st.warning("\n".join([tr("notice.title"), *(
            f"- {line}" for line in notice_lines(problems, reading.scenario, tr))]))


def share_popover(scenario: Scenario, tr: Translator, extra: Sequence[Section] = ()) -> None:
    """The Share control with the page's full link; also what the Save and load buttons save."""
    link = share_link(scenario, tr)
    shown().update(scenario=scenario, link=link, tr=tr, extra=tuple(extra))
    link_popover(link, tr("explorer.share"), tr("explorer.share_help"))


def link_popover(link: str, label: str, help_text: str) -> None:
    """A Share control: the full link, ready to copy, under a line saying what it reopens."""
    with st.popover(label, icon=":material/share:"):
        st.caption(help_text)
        st.code(link, language=None, wrap_lines=True)


def share_link(scenario: Scenario, tr: Translator) -> str:
    """The full link of this page for the scenario, language and currency: every field
    written out, so it means the same thing even if the app's defaults change."""
    return page_link(share_query(scenario), tr)


def page_link(query: dict[str, str], tr: Translator) -> str:
    """This page's full address with `query`, its view (`_page_view`), the language and the
    currency."""
    parts = urlsplit(st.context.url or "")
    query = query | _page_view() | {"lang": tr.language, "currency": tr.currency}
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), ""))


def live_results(key: str, tr: Translator, draw: Callable[[Scenario], None]) -> None:
    """A page's results in a keyed fragment, which the sidebar's widgets rerun alone
    (`on_change=lambda: st.rerun(key)`): the scenario the widgets hold, the notice naming what
    had to be corrected in it, then `draw(scenario)`; a failure is a plain message."""

    @st.fragment(key=key)
    def results() -> None:
        with friendly_errors(tr):
            reading = current_reading()
            link_notice(reading, tr)
            draw(reading.scenario)

    results()


@contextmanager
def friendly_errors(tr: Translator) -> Iterator[None]:
    """If drawing a scenario fails, say so plainly instead of showing a traceback (the details
    go to the server log). The inputs stay as they are, so the user can try another value."""
    try:
        yield
    except Exception:  # noqa: BLE001 - whatever failed, the user gets the plain message
        _LOG.exception("a page failed to draw")
        st.error(tr("app.error"))
