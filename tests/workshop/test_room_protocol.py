"""Fifty phones submitting at once to a real server, over Streamlit's websocket protocol: every
submission lands exactly once, and the facilitator's board counts them in a fragment run."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

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


def test_two_replicas_on_one_postgresql_share_a_room_and_a_restart_keeps_it(
        postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text('CREATE DATABASE "rooms_replicas"'))
    admin.dispose()
    url = postgres_url.rsplit("/", 1)[0] + "/rooms_replicas"
    monkeypatch.setenv("ROOMS_DATABASE_URL", url)
    engine = store.prepare(create_engine(url))
    made, token = store.create_room(engine, {})
    with StreamlitServer(ROOT / "app.py", flags=SERVED, name="replica 1") as one, \
            StreamlitServer(ROOT / "app.py", flags=SERVED, name="replica 2") as two:
        with Participant(one.port, made.code, timeout=60) as phone:
            phone.submit({"room_name": "On replica 1", "room_guess": 35})
            assert any(alert.startswith("Submitted.") for alert in phone.alerts())
        with Board(two.port, made.code, token, timeout=60) as board:
            board.refresh()
            assert board.metrics()["Joined"] == "1"
    # Both replicas gone; a new one on the same database still has the room.
    with StreamlitServer(ROOT / "app.py", flags=SERVED, name="replica 3") as three, \
            Board(three.port, made.code, token, timeout=60) as board:
        board.refresh()
        assert board.metrics()["Joined"] == "1"
    assert [e.submission.name for e in store.entries(engine, made.code)] == ["On replica 1"]
    engine.dispose()
