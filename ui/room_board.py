"""The facilitator's wall in a room: the code, the join link and its QR code, the controls,
and the board that redraws itself as the phones submit."""

from __future__ import annotations

import streamlit as st
from sqlalchemy import Engine

import strategy
from workshop import board, store
from workshop.room import Entry, Room

from . import room_state as rs
from . import room_view as rv
from .chart_style import CHART_CONFIG
from .errors import friendly_errors
from .i18n import Translator
from .save_load import download
from .takeaways import report_html


def facilitator(tr: Translator, engine: Engine, found: Room, token: str) -> None:
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
    _controls(tr, engine, found, token)
    _live_board(tr, engine, found.code)


def _controls(tr: Translator, engine: Engine, found: Room, token: str) -> None:
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
def _live_board(tr: Translator, engine: Engine, code: str) -> None:
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
        _exports(tr, engine, found, entries)


def _exports(tr: Translator, engine: Engine, found: Room, entries: list[Entry]) -> None:
    """The team's links and the downloads, in the board's fragment so they follow new guesses."""
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
        download(tr("room.report_download"), lambda: _report(tr, engine, code),
                 f"room-{code}-report.html", "text/html", "room_report")


def _reveal_if_shown(engine: Engine, code: str) -> board.Reveal | None:
    found = store.get_room(engine, code)
    if found is None or found.phase != "revealed":
        return None
    return board.reveal(board.room_scenario(found), store.entries(engine, code))


def _report(tr: Translator, engine: Engine, code: str) -> str:
    found = store.get_room(engine, code)
    if found is None:  # expired since the board was drawn: the download has nothing to build
        raise LookupError(f"room {code} is gone")
    entries = store.entries(engine, code)
    scenario = board.room_scenario(found)
    reveal = board.reveal(scenario, entries)
    section = rv.report_section(found, entries, board.spreads(entries), reveal, tr)
    link = rv.app_link("", strategy.share_query(scenario), tr)
    return report_html(scenario, link, tr, extra=[section])
