"""The room page's decisions as plain functions: the phone's id, the controls, a submission."""

from __future__ import annotations

import pytest

from ui import room_state as rs
from ui.i18n import Translator
from workshop import room

TR = Translator("en")


def test_a_phone_keeps_its_id_from_the_link_else_the_session() -> None:
    assert rs.participant_id("abc", "def") == "abc"
    assert rs.participant_id(None, "def") == "def"
    made = rs.participant_id("x" * (rs.PARTICIPANT_MAX + 1), None)
    assert made and len(made) <= rs.PARTICIPANT_MAX and made != "x" * 65
    assert rs.participant_id(None, None) != rs.participant_id(None, None)


@pytest.mark.parametrize(("phase", "usable"), [
    ("open", {"lock", "reveal", "close"}), ("locked", {"unlock", "reveal", "close"}),
    ("revealed", {"close"}), ("closed", set())])
def test_the_facilitator_may_use_what_the_phase_allows(phase: room.Phase, usable: set) -> None:
    actions = rs.phase_actions(phase)
    assert {action for action, (_, shown) in actions.items() if shown} == usable
    assert {action: to for action, (to, _) in actions.items()} == {
        "lock": "locked", "unlock": "open", "reveal": "revealed", "close": "closed"}


def test_a_form_becomes_a_submission_in_stored_units() -> None:
    typed = {field: None for field in room.ESTIMATES} | {"churn": 5.0}
    submission = rs.submission_of("Ann", typed, 70, TR)
    assert isinstance(submission, room.Submission)
    assert submission.churn == pytest.approx(0.05) and submission.retention_share == 0.7


def test_a_bad_form_says_what_to_fix() -> None:
    typed = {field: None for field in room.ESTIMATES}
    too_long = rs.submission_of("x" * (room.NAME_MAX + 1), typed, 50, TR)
    assert isinstance(too_long, str) and TR("room.name") in too_long
    message = rs.submission_of("Ann", typed | {"churn": 500.0}, 50, TR)
    assert isinstance(message, str) and TR("room.field.churn") in message
