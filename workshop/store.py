"""Rooms and submissions in SQL, through a SQLAlchemy Engine: SQLite or PostgreSQL (no Streamlit).

Every change is one transaction. A submission is keyed by (room, participant), so a resend or
a change of mind updates the one row: it lands exactly once. The room's row is locked while a
submission is checked against the room's phase, its cap and the sender's rate limit
(PostgreSQL: `SELECT … FOR UPDATE`; SQLite: `BEGIN IMMEDIATE`), so fifty people pressing Submit
at once, on one replica or several, neither lose a row nor pass the cap.
"""

from __future__ import annotations

import importlib.util
import json
import re
import time
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import (
    Column, Engine, Float, Integer, MetaData, String, Table, delete, event, func, insert,
    select, update,
)
from sqlalchemy.engine import Connection

from .room import (
    DEFAULT_CAP, DEFAULT_TTL_S, ESTIMATES, GUESS, SUBMIT_RULE, Entry, Phase, RateRule, Room,
    Submission, new_code, new_token, token_hash, token_matches,
)

MIGRATIONS = Path(__file__).parent / "migrations"
_STEP = re.compile(r"(\d{3})_[a-z0-9_]+\.(sql|py)")
_WRITE = "rooms_write"  # execution option: this transaction writes
_MIGRATION_LOCK = 15_150_001  # PostgreSQL advisory lock: one replica migrates at a time

metadata = MetaData()
rooms = Table(
    "rooms", metadata,
    Column("code", String, primary_key=True), Column("token_hash", String, nullable=False),
    Column("scenario", String, nullable=False), Column("phase", String, nullable=False),
    Column("cap", Integer, nullable=False), Column("created_at", Float, nullable=False),
    Column("expires_at", Float, nullable=False),
)
submissions = Table(
    "submissions", metadata,
    Column("room_code", String, primary_key=True), Column("participant", String, primary_key=True),
    Column("name", String, nullable=False), Column("churn", Float),
    Column("cac_multiplier", Float), Column("newcomer_churn", Float),
    Column("retention_share", Float, nullable=False), Column("revision", Integer, nullable=False),
    Column("submitted_at", Float, nullable=False), Column("window_start", Float, nullable=False),
    Column("window_count", Integer, nullable=False),
)
schema_version = Table("schema_version", metadata, Column("version", Integer, primary_key=True),
                       Column("applied_at", Float, nullable=False))

Outcome = Literal["saved", "updated", "no_room", "locked", "closed", "full", "rate_limited"]


class Forbidden(PermissionError):
    """The facilitator token does not match the room's."""


def prepare(engine: Engine) -> Engine:
    """Make `engine` safe for concurrent writers and bring the schema up to date.

    SQLite: wait for a lock rather than fail (busy timeout), write-ahead log so readers never
    block, and take the write lock at the start of each writing transaction (`BEGIN
    IMMEDIATE`, see `_writing`), so a read-then-write never deadlocks; reads take no lock.
    Call once per engine, before it is used."""
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event does it
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA busy_timeout = 30000")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection: Connection) -> None:
            writing = connection.get_execution_options().get(_WRITE, False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

        engine.dispose()  # connections opened before the listeners would lack them
    migrate(engine)
    return engine


def _writing(engine: Engine) -> Engine:
    """The engine for a transaction that writes (SQLite: it takes the write lock first)."""
    return engine.execution_options(**{_WRITE: True})


def steps() -> list[tuple[int, Path]]:
    """The migrations in the order they apply: `001_rooms.sql`, `002_….py`, …"""
    found = [(int(match[1]), path) for path in MIGRATIONS.iterdir()
             if (match := _STEP.fullmatch(path.name))]
    return sorted(found)


def migrate(engine: Engine) -> int:
    """Apply the migrations not yet applied, in one transaction; return the schema version."""
    with _writing(engine).begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
        connection.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
            "applied_at DOUBLE PRECISION NOT NULL)")
        current = connection.scalar(select(func.max(schema_version.c.version))) or 0
        for number, path in steps():
            if number <= current:
                continue
            if path.suffix == ".sql":
                for statement in _statements(path.read_text(encoding="utf-8")):
                    connection.exec_driver_sql(statement)
            else:
                _python_step(path).upgrade(connection)
            connection.execute(insert(schema_version).values(version=number,
                                                             applied_at=time.time()))
            current = number
    return current


def _statements(text: str) -> list[str]:
    """A migration's statements (split at `;`; comments dropped)."""
    lines = [line.split("--")[0] for line in text.splitlines()]
    return [part.strip() for part in "\n".join(lines).split(";") if part.strip()]


def _python_step(path: Path) -> Any:
    spec = importlib.util.spec_from_file_location(f"workshop_migration_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load migration {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def create_room(engine: Engine, scenario: dict[str, str], now: float | None = None,
                ttl_s: float = DEFAULT_TTL_S, cap: int = DEFAULT_CAP) -> tuple[Room, str]:
    """A new room for a scenario (its share query) and the facilitator's token, which is
    returned once and stored only as a hash. Expired rooms are removed on the way."""
    now = time.time() if now is None else now
    token = new_token()
    purge_expired(engine, now)
    for _ in range(20):  # a clash of codes is rare; try another
        room = Room(new_code(), token_hash(token), json.dumps(scenario, sort_keys=True),
                    "open", cap, now, now + ttl_s)
        with _writing(engine).begin() as connection:
            if connection.scalar(select(rooms.c.code).where(rooms.c.code == room.code)):
                continue
            connection.execute(insert(rooms).values(**room.__dict__))
        return room, token
    raise RuntimeError("no free room code found")


def get_room(engine: Engine, code: str | None, now: float | None = None) -> Room | None:
    """The room with this code, or None if there is none or it has expired."""
    if not code:
        return None
    now = time.time() if now is None else now
    with engine.begin() as connection:
        row = connection.execute(select(rooms).where(rooms.c.code == code)).mappings().first()
    if row is None or row["expires_at"] <= now:
        return None
    return Room(**dict(row))


def facilitated(engine: Engine, code: str, token: str | None,
                now: float | None = None) -> Room | None:
    """The room if `token` is its facilitator's, None if there is no such room.

    Raises Forbidden for a wrong token."""
    room = get_room(engine, code, now)
    if room is not None and not token_matches(token, room.token_hash):
        raise Forbidden(code)
    return room


def set_phase(engine: Engine, code: str, token: str | None, phase: Phase,
              now: float | None = None) -> Room | None:
    """Lock, unlock (open), reveal or close a room: only with its facilitator's token."""
    if facilitated(engine, code, token, now) is None:
        return None
    with _writing(engine).begin() as connection:
        connection.execute(update(rooms).where(rooms.c.code == code).values(phase=phase))
    return get_room(engine, code, now)


def reset(engine: Engine, code: str, token: str | None, now: float | None = None) -> Room | None:
    """Remove every submission and open the room again (facilitator only)."""
    if facilitated(engine, code, token, now) is None:
        return None
    with _writing(engine).begin() as connection:
        connection.execute(delete(submissions).where(submissions.c.room_code == code))
        connection.execute(update(rooms).where(rooms.c.code == code).values(phase="open"))
    return get_room(engine, code, now)


def submit(engine: Engine, code: str, participant: str, submission: Submission,
           now: float | None = None, rule: RateRule = SUBMIT_RULE) -> Outcome:
    """Store a participant's submission, or say why not. Exactly one row per participant."""
    now = time.time() if now is None else now
    values = submission.model_dump()
    with _writing(engine).begin() as connection:
        query = select(rooms.c.phase, rooms.c.cap, rooms.c.expires_at).where(rooms.c.code == code)
        if engine.dialect.name == "postgresql":
            query = query.with_for_update()
        room = connection.execute(query).first()
        if room is None or room.expires_at <= now:
            return "no_room"
        if room.phase != "open":
            return "closed" if room.phase == "closed" else "locked"
        mine = (submissions.c.room_code == code) & (submissions.c.participant == participant)
        old = connection.execute(select(submissions.c.window_start, submissions.c.window_count,
                                        submissions.c.revision).where(mine)).first()
        if old is None:
            joined = connection.scalar(select(func.count()).select_from(submissions)
                                       .where(submissions.c.room_code == code))
            if joined >= room.cap:
                return "full"
            connection.execute(insert(submissions).values(
                room_code=code, participant=participant, revision=1, submitted_at=now,
                window_start=now, window_count=1, **values))
            return "saved"
        in_window = now - old.window_start < rule.window_s
        if in_window and old.window_count >= rule.events:
            return "rate_limited"
        connection.execute(update(submissions).where(mine).values(
            revision=old.revision + 1, submitted_at=now,
            window_start=old.window_start if in_window else now,
            window_count=old.window_count + 1 if in_window else 1, **values))
        return "updated"


def entries(engine: Engine, code: str) -> list[Entry]:
    """Every submission in a room, oldest first."""
    with engine.begin() as connection:
        rows = connection.execute(select(submissions).where(submissions.c.room_code == code)
                                  .order_by(submissions.c.submitted_at,
                                            submissions.c.participant)).mappings().all()
    return [_entry(row) for row in rows]


def own_entry(engine: Engine, code: str, participant: str) -> Entry | None:
    """One participant's own submission, if any."""
    with engine.begin() as connection:
        row = connection.execute(select(submissions).where(
            (submissions.c.room_code == code) & (submissions.c.participant == participant))
        ).mappings().first()
    return None if row is None else _entry(row)


def joined(engine: Engine, code: str) -> int:
    with engine.begin() as connection:
        return connection.execute(select(func.count()).select_from(submissions)
                                  .where(submissions.c.room_code == code)).scalar_one()


def _entry(row: Any) -> Entry:
    fields = {name: row[name] for name in ("name", *ESTIMATES, GUESS)}
    return Entry(row["participant"], Submission.model_construct(**fields), row["revision"],
                 row["submitted_at"])


def purge_expired(engine: Engine, now: float | None = None) -> int:
    """Remove rooms past their expiry, with their submissions; return how many rooms."""
    now = time.time() if now is None else now
    with _writing(engine).begin() as connection:
        old = select(rooms.c.code).where(rooms.c.expires_at <= now)
        connection.execute(delete(submissions).where(submissions.c.room_code.in_(old)))
        return connection.execute(delete(rooms).where(rooms.c.expires_at <= now)).rowcount
