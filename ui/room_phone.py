"""A participant's phone in a room: the estimates and the guess, changeable until the room
is locked; after the reveal, the answer against one's own guess. Nothing of anyone else's."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

import strategy
from strategy import number_of
from workshop import board, room, store
from workshop.room import ESTIMATES, Entry, Room

from . import room_state as rs
from . import room_view as rv
from .errors import friendly_errors
from .i18n import Translator

_SEEN_PHASE = "room_seen_phase"
_PARTICIPANT = "room_participant"  # this phone's id


def participant(tr: Translator, engine: Engine, found: Room) -> None:
    """A phone: the estimates and the guess, changeable until the room is locked; after the
    reveal, the answer against one's own guess. Nothing of anyone else's before it."""
    me = rs.participant_id(st.query_params.get(rv.PARTICIPANT), st.session_state.get(_PARTICIPANT))
    st.session_state[_PARTICIPANT] = me
    st.query_params[rv.PARTICIPANT] = me  # a reload of the phone's page keeps the same submission
    st.markdown(f"## {tr('room.code_is', code=found.code)}")
    _status(tr, engine, found.code)
    mine = store.own_entry(engine, found.code, me)
    if found.phase == "open":
        _estimates_form(tr, engine, found, me, mine)
    elif mine is not None:
        st.caption(tr("room.yours"))
        st.dataframe([dict(zip(rv.entry_header(tr, False), rv.entry_rows(
            [mine], tr, None, "npv")[0], strict=True))], hide_index=True)
    if found.phase == "revealed":
        _answer(tr, found, mine)


@st.fragment(run_every=rv.PHONE_REFRESH_S)
def _status(tr: Translator, engine: Engine, code: str) -> None:
    """The room's phase; when the facilitator locks or reveals, the whole phone page follows."""
    with friendly_errors(tr):  # a fragment's own runs are outside the page's handler
        found = store.get_room(engine, code)
        phase = "closed" if found is None else found.phase
        seen = st.session_state.setdefault(_SEEN_PHASE, phase)
        if phase != seen:
            st.session_state[_SEEN_PHASE] = phase
            st.rerun(scope="app")
        st.info(tr(f"room.phone.{phase}"))


def _estimates_form(tr: Translator, engine: Engine, found: Room, me: str,
                    mine: Entry | None) -> None:
    """The phone's form: a name, each estimate (optional) and the guess of the best split."""
    scenario = board.room_scenario(found)
    given = mine.submission if mine is not None else None
    with st.form("room_estimates"):
        name = st.text_input(tr("room.name"), value=given.name if given else "",
                             max_chars=room.NAME_MAX, help=tr("room.name_help"), key="room_name")
        typed: dict[str, float | None] = {}
        for field in ESTIMATES:
            now = getattr(given, field) if given else None
            scale = rs.typed_scale(field)
            low, high = strategy.field_bounds(field)
            typed[field] = st.number_input(
                tr(f"room.ask.{field}"), min_value=float(low * scale),
                max_value=float(high * scale), value=None if now is None else now * scale,
                step=0.1 if field in rs.PERCENT else 0.5, format="%.1f",
                placeholder=tr("room.no_view"), key=f"room_{field}",
                help=tr("room.ask_help", value=rv.estimate_text(
                    tr, field, number_of(scenario, field))))
        guess = st.slider(tr("room.ask.guess"), 0, 100, round((given.retention_share if given
                                                                else 0.5) * 100), format="%d%%",
                          help=tr("room.ask.guess_help"), key="room_guess")
        if st.form_submit_button(tr("room.submit"), icon=":material/send:",
                                 key="room_submit"):
            _send(tr, engine, found, me, name, typed, guess)


def _send(tr: Translator, engine: Engine, found: Room, me: str, name: str,
          typed: dict[str, float | None], guess: int) -> None:
    """Store the phone's submission, or say what to fix; and how it went."""
    submission = rs.submission_of(name, typed, guess, tr)
    if isinstance(submission, str):
        st.error(submission)
        return
    outcome = store.submit(engine, found.code, me, submission)
    if outcome in ("saved", "updated"):
        st.success(tr(f"room.outcome.{outcome}"))
    else:
        st.error(tr(f"room.outcome.{outcome}", cap=found.cap))


def _answer(tr: Translator, found: Room, mine: Entry | None) -> None:
    """After the reveal: the model's best split, and how far one's own guess was from it."""
    scenario = board.room_scenario(found)
    reveal = board.reveal(scenario, [mine] if mine else [])
    st.metric(tr("room.model_best"), tr.percent(reveal.best.best_share))
    if mine is not None:
        share = mine.submission.retention_share
        st.metric(tr("room.your_guess"), tr.percent(share),
                  delta=tr("room.points", points=tr.number(
                      abs(share - reveal.best.best_share) * 100, 1)), delta_color="off")
        st.caption(tr("room.your_left", value=rv.format_value(
            tr, scenario.objective, reveal.left_on_table(share))))
