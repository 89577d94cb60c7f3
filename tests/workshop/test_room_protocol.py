"""Fifty phones submitting at once to a real server, over Streamlit's websocket protocol: every
submission lands exactly once, and the facilitator's board counts them in a fragment run."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from benchmarks.room import Board, Participant
from benchmarks.room_load import SERVED
from benchmarks.server import ROOT, StreamlitServer
from workshop import store

PEOPLE = 50


def test_fifty_participants_submit_at_once_and_land_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'rooms.sqlite3'}"
    monkeypatch.setenv("ROOMS_DATABASE_URL", url)  # the server inherits it
    engine = store.prepare(create_engine(url))
    made, token = store.create_room(engine, {"churn": "0.05"})
    start = threading.Barrier(PEOPLE)

    def person(number: int) -> list[str]:
        with Participant(server.port, made.code, timeout=120) as phone:
            start.wait()
            phone.submit({"room_name": f"P{number}", "room_churn": 2.0 + number / 10,
                          "room_guess": number * 2})
            return phone.alerts()

    with StreamlitServer(ROOT / "app.py", flags=SERVED, name="room") as server:
        with ThreadPoolExecutor(PEOPLE) as pool:
            shown = list(pool.map(person, range(PEOPLE)))
        with Board(server.port, made.code, token, timeout=60) as board:
            board.refresh()
            joined = board.metrics()["Joined"]
    saved = "Submitted. You can change it until the facilitator locks the room."
    assert all(saved in alerts for alerts in shown), [a for a in shown if saved not in a][:3]
    stored = store.entries(engine, made.code)
    assert sorted(e.submission.name for e in stored) == sorted(f"P{n}" for n in range(PEOPLE))
    assert {e.submission.name: e.submission.retention_share for e in stored} == {
        f"P{n}": pytest.approx(n * 2 / 100) for n in range(PEOPLE)}
    assert all(e.revision == 1 for e in stored)
    assert joined == str(PEOPLE)
    engine.dispose()
