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
from strategy import number_of
from ui import room_state as rs
from ui import room_view as rv
from ui.chart_style import CHART_CONFIG
from ui.controls import scenario_on_arrival
from ui.errors import friendly_errors
from ui.language import translator
from ui.link_check import forget_opening_problems, link_reading
from ui.save_load import download
from ui.takeaways import report_html
from workshop import board, room, store
from workshop.room import ESTIMATES, Entry, Room

tr = translator()
_ARRIVED = "room_scenario"  # the scenario of the page the facilitator came from
_JOINS, _CREATES = "room_join_times", "room_create_times"  # rate limits of this session
_SEEN_PHASE = "room_seen_phase"
_KEYS = "room_keys"  # room code -> this session's facilitator token
_PARTICIPANT = "room_participant"  # this phone's id


def forget_room_parameters() -> None:
    """The frame's link check takes `room`, `key` and `p` for unknown scenario inputs; they
    are this page's own, so no page should later say they could not be used."""
    forget_opening_problems(("room", "key", "p"))


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
                st.query_params["room"] = made.code
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
                st.query_params["room"] = code
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


def facilitator(engine: Engine, found: Room, token: str) -> None:
    """The wall: the code, the join link and its QR code; the controls; the live board."""
    join = rv.room_link(found.code, language=tr.language)
    code, qr = st.columns([3, 2])
    with code:
        st.markdown(f"## {tr('room.code_is', code=found.code)}")
        st.caption(tr("room.join_at"))
        st.code(join, language=None, wrap_lines=True)
        with st.expander(tr("room.private_link"), icon=":material/key:"):
            st.caption(tr("room.private_help"))
            st.code(rv.room_link(found.code, token, language=tr.language), language=None,
                    wrap_lines=True)
    qr.image(rv.qr_png(join), width=260, caption=tr("room.qr_caption"))
    controls(engine, found, token)
    live_board(engine, found.code)


def controls(engine: Engine, found: Room, token: str) -> None:
    """Lock or reopen, reveal, reset, close: each checked against the token by the store."""
    actions = rs.phase_actions(found.phase)
    buttons = st.columns(len(actions) + 1)
    for column, (action, (phase, shown)) in zip(buttons, actions.items(), strict=False):
        if column.button(tr(f"room.action.{action}"), key=f"room_{action}", disabled=not shown,
                         width="stretch"):
            store.set_phase(engine, found.code, token, phase)
            st.rerun()
    if buttons[-1].button(tr("room.action.reset"), key="room_reset", width="stretch",
                          help=tr("room.reset_help")):
        store.reset(engine, found.code, token)
        st.rerun()


@st.fragment(run_every=rv.BOARD_REFRESH_S)
def live_board(engine: Engine, code: str) -> None:
    """Redrawn every few seconds on its own: who joined, the spread, the guesses, the answer."""
    with friendly_errors(tr):
        found = store.get_room(engine, code)
        if found is None:
            st.error(tr("room.no_room"))
            return
        entries = store.entries(engine, code)
        scenario = board.room_scenario(found)
        spreads = board.spreads(entries)
        left, middle = st.columns(2)
        left.metric(tr("room.joined"), len(entries))
        middle.metric(tr("room.phase_label"), tr(f"room.phase.{found.phase}"))
        if not entries:
            st.info(tr("room.waiting"))
            return
        st.dataframe([dict(zip(rv.spread_header(tr), row, strict=True))
                      for row in rv.spread_rows(spreads, len(entries), tr)], hide_index=True)
        revealed = found.phase == "revealed"
        # Once locked, nobody can change a guess: the curve and what each guess leaves on the
        # table may show; the model's and the team's best splits wait for the reveal.
        curve = board.reveal(scenario, entries) if found.phase in ("locked", "revealed") \
            else None
        if revealed and curve is not None:
            best, team = st.columns(2)
            best.metric(tr("room.model_best"), tr.percent(curve.best.best_share))
            team.metric(tr("room.team_best"), tr.percent(curve.team.best_share),
                        help=tr("room.team_best_help"))
        title = "chart_title" if curve is not None else "chart_title_hidden"
        st.markdown(f"**{tr(f'room.{title}')}**")
        st.plotly_chart(rv.board_figure(entries, tr, curve, answer=revealed), key="room_chart",
                        config=CHART_CONFIG,
                        alt=tr(f"room.chart_alt.{found.phase if curve else 'open'}"))
        objective = scenario.objective
        st.dataframe([dict(zip(rv.entry_header(tr, revealed), row, strict=True))
                      for row in rv.entry_rows(entries, tr, curve if revealed else None,
                                               objective)],
                     hide_index=True)
        exports(engine, found, entries)


def exports(engine: Engine, found: Room, entries: list[Entry]) -> None:
    """Open the team's view in the app; take the submissions home (built on click). Part of
    the board's fragment, so the links follow every new submission."""
    code = found.code
    scenario = board.room_scenario(found)
    team = board.team_reading(scenario, entries).scenario
    explorer, uncertainty = st.columns(2)
    explorer.link_button(tr("room.open_explorer"), rv.app_link(
        "", strategy.share_query(team), tr), icon=":material/balance:", width="stretch")
    uncertainty.link_button(tr("room.open_uncertainty"), rv.app_link(
        "uncertainty", board.uncertainty_query(scenario, entries), tr),
        icon=":material/bar_chart:", width="stretch")
    csv, report = st.columns(2)
    with csv:
        download(tr("room.csv_download"), lambda: rv.submissions_csv(
            store.entries(engine, code), tr, _reveal_if_shown(engine, code)),
            f"room-{code}.csv", "text/csv", "room_csv")
    with report:
        download(tr("room.report_download"), lambda: _report(engine, code),
                 f"room-{code}-report.html", "text/html", "room_report")


def _reveal_if_shown(engine: Engine, code: str) -> board.Reveal | None:
    found = store.get_room(engine, code)
    if found is None or found.phase != "revealed":
        return None
    return board.reveal(board.room_scenario(found), store.entries(engine, code))


def _report(engine: Engine, code: str) -> str:
    found = store.get_room(engine, code)
    entries = store.entries(engine, code)
    scenario = board.room_scenario(found)
    reveal = board.reveal(scenario, entries)
    section = rv.report_section(found, entries, board.spreads(entries), reveal, tr)
    link = rv.app_link("", strategy.share_query(scenario), tr)
    return report_html(scenario, link, tr, extra=[section])


def participant(engine: Engine, found: Room) -> None:
    """A phone: the estimates and the guess, changeable until the room is locked; after the
    reveal, the answer against one's own guess. Nothing of anyone else's before it."""
    me = rs.participant_id(st.query_params.get("p"), st.session_state.get(_PARTICIPANT))
    st.session_state[_PARTICIPANT] = me
    st.query_params["p"] = me  # a reload of the phone's page keeps the same submission
    st.markdown(f"## {tr('room.code_is', code=found.code)}")
    status(engine, found.code)
    mine = store.own_entry(engine, found.code, me)
    if found.phase == "open":
        estimates_form(engine, found, me, mine)
    elif mine is not None:
        st.caption(tr("room.yours"))
        st.dataframe([dict(zip(rv.entry_header(tr, False), rv.entry_rows(
            [mine], tr, None, "npv")[0], strict=True))], hide_index=True)
    if found.phase == "revealed":
        answer(found, mine)


@st.fragment(run_every=rv.PHONE_REFRESH_S)
def status(engine: Engine, code: str) -> None:
    """The room's phase; when the facilitator locks or reveals, the whole phone page follows."""
    with friendly_errors(tr):  # a fragment's own runs are outside the page's handler
        found = store.get_room(engine, code)
        phase = "closed" if found is None else found.phase
        seen = st.session_state.setdefault(_SEEN_PHASE, phase)
        if phase != seen:
            st.session_state[_SEEN_PHASE] = phase
            st.rerun(scope="app")
        st.info(tr(f"room.phone.{phase}"))


def estimates_form(engine: Engine, found: Room, me: str, mine: Entry | None) -> None:
    scenario = board.room_scenario(found)
    given = mine.submission if mine is not None else None
    with st.form("room_estimates"):
        name = st.text_input(tr("room.name"), value=given.name if given else "",
                             max_chars=room.NAME_MAX, help=tr("room.name_help"), key="room_name")
        typed = {}
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
            send(engine, found, me, name, typed, guess)


def send(engine: Engine, found: Room, me: str, name: str, typed: dict[str, float | None],
         guess: int) -> None:
    submission = rs.submission_of(name, typed, guess, tr)
    if isinstance(submission, str):
        st.error(submission)
        return
    outcome = store.submit(engine, found.code, me, submission)
    if outcome in ("saved", "updated"):
        st.success(tr(f"room.outcome.{outcome}"))
    else:
        st.error(tr(f"room.outcome.{outcome}", cap=found.cap))


def answer(found: Room, mine: Entry | None) -> None:
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


def facilitator_key(given: str | None) -> str | None:
    """The facilitator's token for this room, moved out of the address bar as soon as it is
    read (into the session), so that a board on a projector never shows it."""
    keys = st.session_state.setdefault(_KEYS, {})
    if "key" in st.query_params:
        keys[room.clean_code(given)] = st.query_params["key"]
        del st.query_params["key"]
    return keys.get(room.clean_code(given))


st.title(tr("room.heading"))
forget_room_parameters()
with friendly_errors(tr):
    engine = rv.rooms_engine()
    given = st.query_params.get("room")
    token = facilitator_key(given)
    if not given:
        st.caption(tr("room.intro"))
        landing(engine)
    elif (found := find_room(engine, given)) is not None:
        if token is None:
            participant(engine, found)
        else:
            try:
                store.facilitated(engine, found.code, token)
                facilitator(engine, found, token)
            except store.Forbidden:
                st.error(tr("room.forbidden"))
