"""The room page's pieces: its database, links, QR code, board chart, tables and exports.

The chart, tables, CSV and report section are plain functions (testable without a server).
Names are what participants typed: they go into tables and CSV as text, into the chart's
hover text and the report escaped, and never into Markdown or HTML.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import TypedDict

import numpy as np
import plotly.graph_objects as go
import segno
import streamlit as st
from sqlalchemy import Engine
from streamlit.errors import StreamlitSecretNotFoundError

from workshop import store
from workshop.board import Reveal, Spread
from workshop.room import ESTIMATES, GUESS, Entry, Room

from .chart_style import BLUE, BROWN, GREEN, PURPLE, value_axis
from .charts import format_value, objective_column
from .fields import format_field
from .i18n import Translator
from .settings import LANGUAGE, frame_query
from .share import app_address
from .takeaways import Section, table

ROOT = Path(__file__).resolve().parents[1]
URL_VARIABLE = "ROOMS_DATABASE_URL"
BOARD_REFRESH_S = 3  # the wall's board
PHONE_REFRESH_S = 5  # a participant's view of the room's phase
# The room page's link parameters: the room's code, the facilitator's token, the phone's id.
ROOM, KEY, PARTICIPANT = "room", "key", "p"


def database_url() -> str | None:
    """Where rooms live: `ROOMS_DATABASE_URL`, else `.streamlit/secrets.toml`'s
    `[connections.rooms] url` (None here: st.connection reads it), else the SQLite file."""
    if os.environ.get(URL_VARIABLE):
        return os.environ[URL_VARIABLE]
    try:
        if st.secrets.get("connections", {}).get("rooms", {}).get("url"):
            return None
    except (FileNotFoundError, StreamlitSecretNotFoundError):  # no secrets file: the default
        pass
    return f"sqlite:///{_data_folder() / 'rooms.sqlite3'}"


def _data_folder() -> Path:
    """`.data/` beside the app, else one in the user's home (the code may be owned by root)."""
    for folder in (ROOT / ".data", Path.home() / ".acquire-or-retain"):
        try:
            folder.mkdir(exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            return folder
    raise PermissionError("no writable folder for the rooms' SQLite file: set "
                          f"{URL_VARIABLE}")


class _Address(TypedDict, total=False):
    """Where `st.connection` finds the database when the secrets file does not say."""

    url: str


@st.cache_resource
def _prepared(url: str | None) -> Engine:
    """The engine behind `st.connection`, safe for concurrent writers, migrated once per process."""
    address: _Address = {"url": url} if url else {}
    # A room's phones submit in bursts: more connections than SQLAlchemy's 5 + 10, each held
    # for one short transaction.
    connection = st.connection("rooms", type="sql", pool_size=10, max_overflow=40,
                               pool_timeout=60, **address)
    engine = store.prepare(connection.engine)
    store.purge_expired(engine)  # at each start too, not only when a room is created
    return engine


def rooms_engine() -> Engine:
    return _prepared(database_url())


def room_link(code: str, token: str | None = None, participant: str | None = None,
              language: str | None = None) -> str:
    """The room page's full address: to join, or (with the token) to run the room."""
    query = {ROOM: code} | ({KEY: token} if token else {}) \
        | ({PARTICIPANT: participant} if participant else {}) \
        | ({LANGUAGE: language} if language else {})
    return app_address("/room", query)


def app_link(page: str, query: dict[str, str], tr: Translator) -> str:
    """A full share link to another page of the app (`""` is the explorer)."""
    return app_address("/" + page, query | frame_query(tr))


def qr_png(link: str) -> bytes:
    """The join link as a QR code, big enough to scan off a projector (segno: pure Python)."""
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="png", scale=10, border=2)
    return out.getvalue()


def estimate_text(tr: Translator, field: str, value: float | None) -> str:
    return "–" if value is None else format_field(tr, field, value)


def spread_rows(spreads: dict[str, Spread], joined: int, tr: Translator) -> list[list[str]]:
    """One row per estimate: how many gave one, lowest, median, highest."""
    return [[tr(f"room.field.{field}"), f"{len(spread.values)} / {joined}",
             estimate_text(tr, field, spread.low), estimate_text(tr, field, spread.median),
             estimate_text(tr, field, spread.high)]
            for field, spread in spreads.items()]


def spread_header(tr: Translator) -> list[str]:
    return [tr("room.column.input"), tr("room.column.given"), tr("room.column.low"),
            tr("room.column.median"), tr("room.column.high")]


def entry_header(tr: Translator, revealed: bool) -> list[str]:
    header = [tr("room.column.name"), *(tr(f"room.field.{f}") for f in (*ESTIMATES, GUESS))]
    return header + ([tr("room.column.value"), tr("room.column.left"),
                      tr("room.column.distance")] if revealed else [])


def entry_rows(entries: Sequence[Entry], tr: Translator, reveal: Reveal | None,
               objective: str) -> list[list[str]]:
    """Every submission as text; with the reveal, what its guess is worth and how far it is."""
    rows = []
    for entry in entries:
        given = entry.submission
        row = [given.name or tr("room.anonymous"),
               *(estimate_text(tr, field, getattr(given, field)) for field in (*ESTIMATES, GUESS))]
        if reveal is not None:
            share = given.retention_share
            row += [format_value(tr, objective, reveal.values[share]),
                    format_value(tr, objective, reveal.left_on_table(share)),
                    tr("room.points", points=tr.number(abs(share - reveal.best.best_share)
                                                       * 100, 1))]
        rows.append(row)
    return rows


def board_figure(entries: Sequence[Entry], tr: Translator, reveal: Reveal | None,
                 answer: bool = True) -> go.Figure:
    """Every guess on the share axis; given the curve (`reveal`: once the room is locked), on
    the trade-off curve with what each leaves on the table; with `answer` (after the reveal),
    the model's best split and the team-median scenario's best split marked too."""
    shares = np.array([entry.submission.retention_share for entry in entries], dtype=float)
    names = [escape(entry.submission.name or tr("room.anonymous")) for entry in entries]
    layout = {"height": 380, "margin": {"l": 70, "r": 10, "t": 30, "b": 50},
              "legend": {"orientation": "h", "yanchor": "top", "y": -0.2, "x": 0},
              "separators": tr.separators,
              "xaxis": {"title": {"text": tr("chart.share_axis")}, "tickformat": ".0%",
                        "range": [-0.02, 1.02]}}
    if reveal is None:
        # A dot plot: guesses of the same share stack up.
        traces = [{"type": "scatter", "x": shares, "y": _stacked(shares), "mode": "markers",
                   "name": tr("room.chart.guesses"), "text": names,
                   "marker": {"color": BROWN, "size": 14},
                   "hovertemplate": "%{text}: %{x:.0%}<extra></extra>"}]
        layout["yaxis"] = {"title": {"text": tr("room.chart.count")}, "rangemode": "tozero",
                           "dtick": 1}
        return go.Figure({"data": traces, "layout": layout})
    objective = reveal.best.objective
    values = np.array([reveal.values[s] for s in shares], dtype=float)
    left = [format_value(tr, objective, reveal.left_on_table(s)) for s in shares]
    traces = [
        {"type": "scatter", "x": reveal.curve["retention_share"],
         "y": reveal.curve[objective_column(objective)], "mode": "lines",
         "name": tr(f"objective.{objective}"), "line": {"color": BLUE, "width": 3},
         "hoverinfo": "skip"},
        {"type": "scatter", "x": shares, "y": values, "mode": "markers",
         "name": tr("room.chart.guesses"), "customdata": left, "text": names,
         "marker": {"color": BROWN, "size": 12, "line": {"width": 1, "color": "white"}},
         "hovertemplate": "%{text}: %{x:.0%}<br>" + tr("room.chart.left")
         + ": %{customdata}<extra></extra>"},
    ]
    layout["yaxis"] = value_axis(tr, tr(f"objective.{objective}"), traces)
    if not answer:
        return go.Figure({"data": traces, "layout": layout})
    traces.append({"type": "scatter", "x": [reveal.best.best_share],
                   "y": [reveal.best.best_value], "mode": "markers",
                   "name": tr("room.chart.best"),
                   "marker": {"color": GREEN, "size": 18, "symbol": "star"}})
    team = reveal.team.best_share
    shapes = [{"type": "line", "x0": team, "x1": team, "xref": "x", "y0": 0, "y1": 1,
               "yref": "paper", "line": {"color": PURPLE, "width": 2, "dash": "dash"}}]
    traces.append({"type": "scatter", "x": [team, team], "y": [None, None], "mode": "lines",
                   "name": tr("room.chart.team"),
                   "line": {"color": PURPLE, "width": 2, "dash": "dash"}})
    layout["shapes"] = shapes
    return go.Figure({"data": traces, "layout": layout})


def _stacked(shares: Iterable[float]) -> list[int]:
    """Each guess's height in the dot plot: the guesses of its share so far, itself included."""
    seen: dict[float, int] = {}
    heights = []
    for share in shares:
        seen[share] = seen.get(share, 0) + 1
        heights.append(seen[share])
    return heights


def _csv_cell(text: str) -> str:
    """A name as a spreadsheet shows it, never as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def submissions_csv(entries: Sequence[Entry], tr: Translator, reveal: Reveal | None) -> bytes:
    """The room's submissions, one row each, plain numbers (UTF-8 with BOM for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = ["name", *ESTIMATES, "guess", "submitted_utc", "revision"]
    columns += ["value_at_guess", "left_on_table", "distance_points"] if reveal else []
    writer.writerow([tr(f"room.csv.{column}") for column in columns])
    for entry in entries:
        given = entry.submission
        row = [_csv_cell(given.name), *("" if getattr(given, f) is None else repr(getattr(
            given, f)) for f in ESTIMATES), repr(given.retention_share),
            datetime.fromtimestamp(entry.submitted_at, UTC).isoformat(timespec="seconds"),
            entry.revision]
        if reveal is not None:
            share = given.retention_share
            row += [repr(reveal.values[share]), repr(reveal.left_on_table(share)),
                    repr(round(abs(share - reveal.best.best_share) * 100, 4))]
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def report_section(room: Room, entries: Sequence[Entry], spreads: dict[str, Spread],
                   reveal: Reveal, tr: Translator) -> Section:
    """The room in the workshop report: the team's spread, the answers and every guess."""
    objective = reveal.best.objective
    summary = tr("room.summary", joined=len(entries),
                 best=tr.percent(reveal.best.best_share),
                 team=tr.percent(reveal.team.best_share))
    html = (f"<p>{escape(tr('room.report_intro', code=room.code))}</p>"
            f"<p>{escape(summary)}</p>"
            + table(spread_header(tr), spread_rows(spreads, len(entries), tr))
            + table(entry_header(tr, True), entry_rows(entries, tr, reveal, objective)))
    return Section(tr("room.report_heading"), html)
