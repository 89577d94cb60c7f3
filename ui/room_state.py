"""What the room page decides from a phone's input or a room's phase (no Streamlit): who the
phone is, which controls the facilitator may use, and a typed submission or why it is not."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError

from workshop import room
from workshop.room import ESTIMATES, GUESS, Phase

from .i18n import Translator

# Percent inputs are typed in percent on a phone; stored as fractions.
PERCENT = frozenset({"churn", "newcomer_churn"})
PARTICIPANT_MAX = 64  # characters of a participant's id in a link


def typed_scale(field: str) -> float:
    """How many of the phone's typed units make one stored unit (5 for 5% churn is 100)."""
    return 100 if field in PERCENT else 1


def participant_id(from_link: str | None, from_session: str | None) -> str:
    """The phone's id: the link's (a reload keeps the submission), else the session's, else
    a new one; an id too long to be ours is replaced."""
    given = from_link or from_session
    return given if given and len(given) <= PARTICIPANT_MAX else room.new_participant()


def phase_actions(phase: Phase) -> dict[str, tuple[Phase, bool]]:
    """The facilitator's controls: each action, the phase it moves to and whether it may now."""
    return {
        "lock": ("locked", phase == "open"), "unlock": ("open", phase == "locked"),
        "reveal": ("revealed", phase in ("open", "locked")),
        "close": ("closed", phase != "closed"),
    }


def submission_of(name: str, typed: Mapping[str, float | None], guess: int,
                  tr: Translator) -> room.Submission | str:
    """A phone's form as a submission (`guess` in percent), or the message saying what to fix."""
    values = {field: None if value is None else value / typed_scale(field)
              for field, value in typed.items()}
    try:
        return room.Submission(name=name, retention_share=guess / 100, **values)
    except room.NameTooLong:
        return tr("room.name_too_long", most=room.NAME_MAX)
    except ValidationError as error:
        fields = sorted({str(problem["loc"][0]) for problem in error.errors() if problem["loc"]})
        return tr("room.bad_estimate", fields=", ".join(
            tr(f"room.field.{f}") if f in (*ESTIMATES, GUESS) else tr("room.name")
            for f in fields))
