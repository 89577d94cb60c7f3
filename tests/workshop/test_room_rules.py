"""A room's rules without a database: codes, tokens, names, estimates, rate limits."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from workshop import room
from workshop.room import NAME_MAX, Submission


def test_codes_are_short_readable_and_random() -> None:
    codes = {room.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) == 6 and set(code) <= set(room.CODE_ALPHABET) for code in codes)
    assert not set("01OIL") & set("".join(codes))


def test_a_typed_code_is_forgiven_case_and_spaces_but_nothing_else() -> None:
    code = room.new_code()
    assert room.clean_code(f" {code[:3].lower()} {code[3:]} ") == code
    for wrong in ("", None, "ABC", "ABCDEFG", "ABCDE0", "ABC'; DROP TABLE rooms;--", "ÁBCDEF"):
        assert room.clean_code(wrong) is None


def test_tokens_match_only_themselves() -> None:
    token = room.new_token()
    stored = room.token_hash(token)
    assert len(token) >= 32 and token not in stored
    assert room.token_matches(token, stored)
    for forged in (None, "", token[:-1], token + "A", room.new_token(), stored):
        assert not room.token_matches(forged, stored)


def test_names_are_plain_limited_text() -> None:
    assert Submission(name="  Anna\u200b \n Kovács\x00 ", retention_share=0.5).name == \
        "Anna Kovács"
    assert Submission(retention_share=0.5).name == ""
    hostile = "<script>alert('x')</script>"
    assert Submission(name=hostile, retention_share=0.5).name == hostile
    assert Submission(name="x" * NAME_MAX, retention_share=0.5).name == "x" * NAME_MAX
    with pytest.raises(room.NameTooLong):
        room.clean_name("x" * (NAME_MAX + 1))
    with pytest.raises(ValidationError):
        Submission(name="x" * (NAME_MAX + 1), retention_share=0.5)


@pytest.mark.parametrize("values", [
    {"retention_share": 1.2}, {"retention_share": -0.1}, {"retention_share": float("nan")},
    {"retention_share": 0.5, "churn": 0.9}, {"retention_share": 0.5, "cac_multiplier": 0.5},
    {"retention_share": 0.5, "newcomer_churn": 1.5}, {"retention_share": 0.5, "extra": 1},
    {},
])
def test_estimates_outside_the_models_bounds_are_refused(values: dict) -> None:
    with pytest.raises(ValidationError):
        Submission(**values)


def test_rate_rule_allows_a_burst_then_waits_for_the_window() -> None:
    rule = room.RateRule(3, 10.0)
    times: list[float] = []
    seen = []
    for now in (0, 1, 2, 3, 9.9, 10.5, 12.1):
        ok, times = room.allowed(times, now, rule)
        seen.append(ok)
    assert seen == [True, True, True, False, False, True, True]
