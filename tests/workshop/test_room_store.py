"""The room store on SQLite and PostgreSQL: nothing lost, nothing doubled, nothing forged."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import Engine, inspect

from workshop import room, store
from workshop.room import RateRule, Submission

SCENARIO = {"churn": "0.05", "cac_multiplier": "5.0"}
NOW = 1_800_000_000.0


def guess(share: float = 0.3, **values: object) -> Submission:
    return Submission(retention_share=share, **values)


def test_schema_is_the_migrations_and_the_tables_agree(engines: Callable[[], Engine]) -> None:
    engine = engines()
    assert store.migrate(engine) == store.steps()[-1][0]
    seen = inspect(engine)
    for table in (store.rooms, store.submissions, store.schema_version):
        assert {c["name"] for c in seen.get_columns(table.name)} == set(table.columns.keys())
    # Running the migrations again changes nothing and records no step twice.
    assert store.migrate(engines()) == store.steps()[-1][0]
    with engine.connect() as connection:
        versions = connection.execute(store.schema_version.select()).all()
    assert [row.version for row in versions] == [number for number, _ in store.steps()]


def test_fifty_concurrent_submissions_land_exactly_once(engines: Callable[[], Engine]) -> None:
    engine = engines()
    made, _ = store.create_room(engine, SCENARIO, now=NOW)
    people = [room.new_participant() for _ in range(50)]
    start = threading.Barrier(50)

    def send(index: int) -> str:
        start.wait()
        return store.submit(engine, made.code, people[index],
                            guess(index / 49, name=f"p{index}"), now=NOW + 1)

    with ThreadPoolExecutor(50) as pool:
        outcomes = list(pool.map(send, range(50)))
    assert outcomes == ["saved"] * 50
    stored = store.entries(engine, made.code)
    assert sorted(e.participant for e in stored) == sorted(people)
    assert {e.submission.name: e.submission.retention_share for e in stored} == {
        f"p{i}": pytest.approx(i / 49) for i in range(50)}
    # Everyone sends again at once (a change of mind, a resend): still one row each.
    with ThreadPoolExecutor(50) as pool:
        again = list(pool.map(send, range(50)))
    assert again == ["updated"] * 50
    assert store.joined(engine, made.code) == 50
    assert {e.revision for e in store.entries(engine, made.code)} == {2}


def test_cap_holds_under_concurrency(engines: Callable[[], Engine]) -> None:
    engine = engines()
    made, _ = store.create_room(engine, SCENARIO, now=NOW, cap=10)
    with ThreadPoolExecutor(25) as pool:
        outcomes = list(pool.map(lambda _: store.submit(
            engine, made.code, room.new_participant(), guess(), now=NOW), range(25)))
    assert sorted(outcomes) == sorted(["saved"] * 10 + ["full"] * 15)
    assert store.joined(engine, made.code) == 10


def test_a_restart_keeps_rooms_and_a_second_replica_sees_them(
        engines: Callable[[], Engine]) -> None:
    first = engines()
    made, token = store.create_room(first, SCENARIO, now=NOW)
    assert store.submit(first, made.code, "alice", guess(0.6, name="Alice"), now=NOW) == "saved"
    first.dispose()  # the server stops
    second = engines()  # a restart, or another replica on the same database
    again = store.get_room(second, made.code, now=NOW)
    assert again == made
    assert [e.submission.name for e in store.entries(second, made.code)] == ["Alice"]
    # A change made through one engine is seen through the other at once.
    third = engines()
    assert store.set_phase(third, made.code, token, "revealed", now=NOW).phase == "revealed"
    assert store.get_room(second, made.code, now=NOW).phase == "revealed"
    assert store.submit(second, made.code, "bob", guess(), now=NOW) == "locked"


def test_rooms_expire_after_a_week_and_are_removed(engines: Callable[[], Engine]) -> None:
    engine = engines()
    made, _ = store.create_room(engine, SCENARIO, now=NOW)
    assert made.expires_at - made.created_at == 7 * 24 * 3600
    store.submit(engine, made.code, "alice", guess(), now=NOW)
    week = NOW + 7 * 24 * 3600
    assert store.get_room(engine, made.code, now=week - 1) is not None
    assert store.get_room(engine, made.code, now=week) is None
    assert store.submit(engine, made.code, "bob", guess(), now=week) == "no_room"
    assert store.purge_expired(engine, now=week) == 1
    assert store.entries(engine, made.code) == []
    assert store.purge_expired(engine, now=week) == 0


def test_only_the_token_can_reveal_reset_or_close(engines: Callable[[], Engine]) -> None:
    engine = engines()
    made, token = store.create_room(engine, SCENARIO, now=NOW)
    other, other_token = store.create_room(engine, SCENARIO, now=NOW)
    store.submit(engine, made.code, "alice", guess(), now=NOW)
    for forged in (None, "", other_token, token[:-1], token + "x", token.upper()):
        for act in (lambda t: store.set_phase(engine, made.code, t, "revealed", now=NOW),
                    lambda t: store.set_phase(engine, made.code, t, "closed", now=NOW),
                    lambda t: store.reset(engine, made.code, t, now=NOW)):
            with pytest.raises(store.Forbidden):
                act(forged)
    assert store.get_room(engine, made.code, now=NOW).phase == "open"
    assert store.joined(engine, made.code) == 1
    assert store.set_phase(engine, made.code, token, "locked", now=NOW).phase == "locked"
    assert store.submit(engine, made.code, "alice", guess(0.9), now=NOW) == "locked"
    assert store.reset(engine, made.code, token, now=NOW).phase == "open"
    assert store.joined(engine, made.code) == 0
    assert store.set_phase(engine, made.code, token, "closed", now=NOW).phase == "closed"
    assert store.submit(engine, made.code, "alice", guess(), now=NOW) == "closed"
    # A wrong or guessed code is no room at all, with or without a token.
    assert store.get_room(engine, "AAAAAA", now=NOW) is None
    assert store.facilitated(engine, "AAAAAA", token, now=NOW) is None
    assert store.submit(engine, "AAAAAA", "alice", guess(), now=NOW) == "no_room"
    # The token is never stored, only its hash.
    assert token not in repr(store.get_room(engine, made.code, now=NOW))
    assert other.code != made.code


def test_a_flood_from_one_participant_is_rate_limited(engines: Callable[[], Engine]) -> None:
    engine = engines()
    made, _ = store.create_room(engine, SCENARIO, now=NOW)
    rule = RateRule(5, 60.0)
    outcomes = [store.submit(engine, made.code, "alice", guess(i / 10), now=NOW + i, rule=rule)
                for i in range(8)]
    assert outcomes == ["saved"] + ["updated"] * 4 + ["rate_limited"] * 3
    assert store.own_entry(engine, made.code, "alice").submission.retention_share == 0.4
    # Someone else is not held up, and the limit lifts once the window has passed.
    assert store.submit(engine, made.code, "bob", guess(), now=NOW + 8, rule=rule) == "saved"
    assert store.submit(engine, made.code, "alice", guess(0.9), now=NOW + 61,
                        rule=rule) == "updated"


def test_a_scripted_name_is_stored_as_plain_text(engines: Callable[[], Engine]) -> None:
    engine = engines()
    made, _ = store.create_room(engine, SCENARIO, now=NOW)
    name = "<script>alert(1)</script> **bold** [x](javascript:y)"[:40]
    store.submit(engine, made.code, "mallory", guess(name=name), now=NOW)
    assert store.own_entry(engine, made.code, "mallory").submission.name == name
