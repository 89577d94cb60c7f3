"""A room's rules: codes, tokens, what a participant may submit, rate limits (no Streamlit).

Codes are short and easy to read off a wall; the facilitator's token is long and secret, and
only its SHA-256 is stored, compared in constant time. A participant's name is plain text:
it is length-limited and stripped of control characters here, and every view shows it as text.
"""

from __future__ import annotations

import hashlib
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from strategy import field_bounds

# No 0/O, 1/I/L: a code read off a projector is typed right the first time.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6  # 31**6 ≈ 887 million codes: guessing one is hopeless at the join rate limit
TOKEN_BYTES = 24
NAME_MAX = 40  # characters
DEFAULT_CAP = 200  # participants in a room
DEFAULT_TTL_S = 7 * 24 * 3600  # a room lives a week, then it is removed
# The uncertain headline inputs participants estimate; the guess is of the best retention share.
ESTIMATES: tuple[str, ...] = ("churn", "cac_multiplier", "newcomer_churn")
GUESS = "retention_share"
Phase = Literal["open", "locked", "revealed", "closed"]
PHASES: tuple[Phase, ...] = ("open", "locked", "revealed", "closed")


@dataclass(frozen=True)
class RateRule:
    """At most `events` in any `window_s` seconds."""

    events: int
    window_s: float


SUBMIT_RULE = RateRule(10, 60.0)  # per participant: plenty for changing one's mind
JOIN_RULE = RateRule(20, 60.0)  # codes tried per session: stops guessing codes
CREATE_RULE = RateRule(5, 600.0)  # rooms created per session


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_participant() -> str:
    """A participant's private id, kept by their browser session."""
    return secrets.token_urlsafe(16)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def token_matches(token: str | None, stored_hash: str) -> bool:
    """Whether `token` is the room's: compared in constant time, so timing tells nothing."""
    return token is not None and secrets.compare_digest(token_hash(token), stored_hash)


def clean_code(text: str | None) -> str | None:
    """A typed code in its stored form (case and spaces forgiven), or None if it cannot be one."""
    code = "".join((text or "").split()).upper()
    ok = len(code) == CODE_LENGTH and all(char in CODE_ALPHABET for char in code)
    return code if ok else None


def allowed(times: list[float], now: float, rule: RateRule) -> tuple[bool, list[float]]:
    """Whether one more event is allowed now, and the times to keep (the new one included
    when allowed)."""
    recent = [time for time in times if now - time < rule.window_s]
    if len(recent) >= rule.events:
        return False, recent
    return True, [*recent, now]


class NameTooLong(ValueError):
    """A display name over NAME_MAX characters (said, not silently cut)."""


def clean_name(text: str | None) -> str:
    """A display name as plain text: control and format characters removed, whitespace
    collapsed. Markup is left as typed: it is never interpreted anywhere."""
    kept = "".join(char for char in (text or "")
                   if not unicodedata.category(char).startswith("C"))
    name = " ".join(kept.split())
    if len(name) > NAME_MAX:
        raise NameTooLong(name)
    return name


def _bounded(field: str, value: float | None) -> float | None:
    if value is None:
        return None
    low, high = field_bounds(field)
    if not low <= value <= high:
        raise ValueError(f"{field} must lie between {low:g} and {high:g}")
    return value


class Submission(BaseModel):
    """One participant's estimates (each optional) and their guess of the best split."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field("", max_length=NAME_MAX)
    churn: float | None = Field(None, allow_inf_nan=False)
    cac_multiplier: float | None = Field(None, allow_inf_nan=False)
    newcomer_churn: float | None = Field(None, allow_inf_nan=False)
    retention_share: float = Field(allow_inf_nan=False, ge=0, le=1)

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: str | None) -> str:
        return clean_name(value)

    @field_validator(*ESTIMATES)
    @classmethod
    def _estimate(cls, value: float | None, info: ValidationInfo) -> float | None:
        assert info.field_name is not None  # always set for a field validator
        return _bounded(info.field_name, value)


@dataclass(frozen=True)
class Room:
    """A room as stored (the token only as its hash)."""

    code: str
    token_hash: str
    scenario: str  # the scenario's share query, as JSON
    phase: Phase
    cap: int
    created_at: float
    expires_at: float


@dataclass(frozen=True)
class Entry:
    """A stored submission with who sent it and when."""

    participant: str
    submission: Submission
    revision: int
    submitted_at: float
