"""The link that opened the session: what in it could not be used, told until the user
changes the scenario, together with what the current inputs needed corrected."""

from __future__ import annotations

from collections.abc import Collection

import streamlit as st

from strategy import Problem, Reading, read_link

from .answer import notice_lines
from .i18n import Translator
from .settings import FRAME_CHOICES
from .page_parameters import PAGE_PARAMETERS, page_problem

_OPENING_PROBLEMS = "link_problems"  # problems found in the link that opened this session
_LINK_SCENARIO = "link_scenario"  # the scenario first shown for it; the notice ends on a change


def check_link() -> None:
    """On a session's first run, before any widget reads the URL, note what in it is unusable.

    Widgets silently drop what they cannot take; this names it for the user."""
    if _OPENING_PROBLEMS in st.session_state:
        return
    query = link_query()
    problems = list(link_reading().problems)
    for name, options in FRAME_CHOICES.items():
        given = query.get(name, [])
        if given and given[-1] not in options:
            problems.append(Problem(name, given[-1], "invalid_choice"))
    for name in PAGE_PARAMETERS:
        given = query.get(name, [])
        if given and (reason := page_problem(name, given[-1])) is not None:
            problems.append(Problem(name, given[-1], reason))
    st.session_state[_OPENING_PROBLEMS] = tuple(problems)


def link_query() -> dict[str, list[str]]:
    """The address bar's parameters, each with all its values."""
    return {name: st.query_params.get_all(name) for name in st.query_params}


def link_reading() -> Reading:
    """The scenario the address bar holds, for a page without the sidebar's widgets (which
    read it themselves), with what in it could not be used."""
    return read_link(link_query(), other_parameters=(*FRAME_CHOICES, *PAGE_PARAMETERS))


def opening_problems() -> tuple[Problem, ...]:
    """What the opening link held that could not be used, not yet told by a page of its own."""
    return st.session_state.get(_OPENING_PROBLEMS, ())


def forget_opening_problems(parameters: Collection[str] | None = None) -> None:
    """A page told these (or all) of the opening link's problems, or they were its own
    parameters: no page should name them again."""
    st.session_state[_OPENING_PROBLEMS] = () if parameters is None else tuple(
        problem for problem in opening_problems() if problem.parameter not in parameters)


def link_problems(reading: Reading) -> list[Problem]:
    """What to tell the user: the opening link's problems until they change the scenario,
    and whatever the current inputs need corrected (e.g. a churn floor above churn)."""
    first = st.session_state.setdefault(_LINK_SCENARIO, reading.scenario)
    from_link = opening_problems() if reading.scenario == first else ()
    problems = {(p.parameter, p.reason): p for p in (*from_link, *reading.problems)}
    return list(problems.values())


def link_notice(reading: Reading, tr: Translator) -> None:
    """The notice naming what in the link or the inputs could not be used, and what was."""
    problems = link_problems(reading)
    if problems:
        st.warning("\n".join([tr("notice.title"), *(
            f"- {line}" for line in notice_lines(problems, reading.scenario, tr))]))
