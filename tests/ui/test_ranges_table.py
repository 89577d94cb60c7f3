"""The sidebar's ranges table: what it shows, how its edits become the `ranges` link value."""

from __future__ import annotations

import pytest

import strategy
from strategy import Range
from ui.i18n import Translator
from ui.ranges import edited_text, table_rows

from apptest import ranges_shown

TR = Translator("en", "EUR")
RANGES = (Range("customers", 8000, 12000), Range("churn", 0.03, 0.08))


def test_percent_inputs_are_edited_in_percent() -> None:
    frame = table_rows(RANGES, TR)
    assert frame["input"].tolist() == ["Customers", "Churn (%)"]
    assert frame["low"].tolist() == [8000, 3.0] and frame["high"].tolist() == [12000, 8.0]
    assert edited_text(frame, {}, TR) == "customers-8000-12000_churn-0.03-0.08"


@pytest.mark.parametrize("edits, text", [
    ({"edited_rows": {"1": {"high": 9.5}}}, "customers-8000-12000_churn-0.03-0.095"),
    ({"deleted_rows": [0]}, "churn-0.03-0.08"),
    ({"added_rows": [{"input": "CAC multiplier", "low": 3, "high": 20}]},
     "customers-8000-12000_churn-0.03-0.08_cac_multiplier-3-20"),
    ({"added_rows": [{"input": "Margin (%)", "low": 40}]},  # no high end yet: left out
     "customers-8000-12000_churn-0.03-0.08"),
    ({"edited_rows": {"0": {"low": 15000}}}, "customers-15000-12000_churn-0.03-0.08"),
])
def test_edits_become_the_link_value(edits: dict, text: str) -> None:
    assert edited_text(table_rows(RANGES, TR), edits, TR) == text


def test_a_low_end_above_the_high_end_is_named_and_left_out() -> None:
    reading = strategy.read_inputs({"ranges": "customers-15000-12000_churn-0.03-0.08"})
    assert reading.scenario.ranges == (Range("churn", 0.03, 0.08),)
    [problem] = reading.problems
    assert (problem.parameter, problem.given, problem.reason) == \
        ("ranges", "customers-15000-12000", "range_order")


def test_a_link_with_bad_ranges_names_each_and_keeps_the_good_one(open_app) -> None:
    app = open_app({"ranges": "churn-0.03-0.08_margin-0.5-2_nothing-1-2_churn-0.01-0.02"},
                   page="app_pages/uncertainty.py")
    assert not app.exception
    [notice] = [warning.value for warning in app.warning]
    for given, reason in (("margin\\-0\\.5\\-2", "outside the input's own range 0.0% to 100.0%"),
                          ("nothing\\-1\\-2", "not an input that can be given as a range"),
                          ("churn\\-0\\.01\\-0\\.02", "a second range for the same input")):
        assert given in notice and reason in notice
    assert ranges_shown(app) == (Range("churn", 0.03, 0.08),)
