"""Room: a workshop where everyone commits to their own estimates before the model speaks.

`/room` creates a room or joins one by code; `/room?room=CODE` is a participant's phone;
`/room?room=CODE&key=TOKEN` is the facilitator's board (the key then leaves the address bar),
which refreshes itself in a fragment.
Rooms live in the database behind `st.connection("rooms")` (workshop.store).
"""

from __future__ import annotations

import time

import streamlit as st
from sqlalchemy import Engine

import strategy
from ui import room_board, room_phone
from ui import room_view as rv
from ui.controls import scenario_on_arrival
from ui.errors import friendly_errors
from ui.language import translator
from ui.link_check import forget_opening_problems, link_reading
from workshop import room, store
from workshop.room import Room

tr = translator()
_ARRIVED = "room_scenario"  # the scenario of the page the facilitator came from
_JOINS, _CREATES = "room_join_times", "room_create_times"  # rate limits of this session
_KEYS = "room_keys"  # room code -> this session's facilitator token


def forget_room_parameters() -> None:
    """The frame's link check takes `room`, `key` and `p` for unknown scenario inputs; they
    are this page's own, so no page should later say they could not be used."""
    forget_opening_problems((rv.ROOM, rv.KEY, rv.PARTICIPANT))


def limited(key: str, rule: room.RateRule) -> bool:
    """Count one more attempt of this session; True when it is one too many."""
    ok, kept = room.allowed(st.session_state.get(key, []), time.time(), rule)
    st.session_state[key] = kept
    return not ok


def landing(engine: Engine) -> None:
    """No room yet: create one for the current scenario, or join one by its code."""
    scenario = scenario_on_arrival(_ARRIVED, otherwise=link_reading().scenario)
    create, join = st.columns(2, gap="large")
    with create:
        st.subheader(tr("room.create_heading"))
        st.caption(tr("room.create_help"))
        if st.button(tr("room.create"), key="room_create",
                     icon=":material/groups:"):
            if limited(_CREATES, room.CREATE_RULE):
                st.error(tr("room.too_many_rooms"))
            else:
                made, token = store.create_room(engine, strategy.share_query(scenario))
                st.query_params[rv.ROOM] = made.code
                st.session_state.setdefault(_KEYS, {})[made.code] = token
                st.rerun()
    with join:
        st.subheader(tr("room.join_heading"))
        join_form()


def join_form() -> None:
    with st.form("room_join"):
        typed = st.text_input(tr("room.code"), max_chars=12, placeholder="ABC234")
        if st.form_submit_button(tr("room.join"), icon=":material/login:"):
            code = room.clean_code(typed)
            if code is None:
                st.error(tr("room.bad_code"))
            else:
                st.query_params[rv.ROOM] = code
                st.rerun()


def find_room(engine: Engine, given: str) -> Room | None:
    """The room a link or a typed code names, or a clear message why there is none. Only
    failed look-ups count toward the session's limit: guessing codes is slow."""
    recent, _ = room.allowed(st.session_state.get(_JOINS, []), time.time(), room.JOIN_RULE)
    if not recent:
        st.error(tr("room.too_many_tries"))
        return None
    found = store.get_room(engine, room.clean_code(given))
    if found is None:
        limited(_JOINS, room.JOIN_RULE)
        st.error(tr("room.no_room"))
        st.text(given[:20])
        join_form()
    return found


def facilitator_key(given: str | None) -> str | None:
    """The facilitator's token for this room, moved out of the address bar as soon as it is
    read (into the session), so that a board on a projector never shows it."""
    keys = st.session_state.setdefault(_KEYS, {})
    if rv.KEY in st.query_params:
        keys[room.clean_code(given)] = st.query_params[rv.KEY]
        del st.query_params[rv.KEY]
    return keys.get(room.clean_code(given))


st.title(tr("room.heading"))
forget_room_parameters()
with friendly_errors(tr):
    engine = rv.rooms_engine()
    given = st.query_params.get(rv.ROOM)
    token = facilitator_key(given)
    if not given:
        st.caption(tr("room.intro"))
        landing(engine)
    elif (found := find_room(engine, given)) is not None:
        if token is None:
            room_phone.participant(tr, engine, found)
        else:
            try:
                store.facilitated(engine, found.code, token)
                room_board.facilitator(tr, engine, found, token)
            except store.Forbidden:
                st.error(tr("room.forbidden"))
