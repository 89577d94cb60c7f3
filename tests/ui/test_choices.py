"""Choices read from the models' `Literal` types: what a page offers is what strategy takes."""

from __future__ import annotations

import typing

import pytest

from strategy import ReadOptions, Scenario
from ui.choices import literal_choices


def test_a_literal_field_gives_its_values_optional_or_not() -> None:
    assert literal_choices(Scenario, "objective") == typing.get_args(
        Scenario.model_fields["objective"].annotation)
    assert literal_choices(ReadOptions, "decimal") == (".", ",")
    assert "whitespace" in literal_choices(ReadOptions, "separator")


@pytest.mark.parametrize(("model", "field"), [(Scenario, "customers"), (ReadOptions, "header"),
                                              (ReadOptions, "columns")])
def test_other_fields_give_none(model: type, field: str) -> None:
    assert literal_choices(model, field) == ()


def test_every_correction_the_calibrate_page_offers_is_read_and_worded() -> None:
    """Each detected style the page lets the user correct is one `ReadOptions` takes, and
    each has its words in both languages (the encodings are shown by their names)."""
    from ui.i18n import LANGUAGES, catalog

    for name in ("separator", "decimal", "date_format"):
        for code in literal_choices(ReadOptions, name):
            ReadOptions.model_validate({name: code})
            for language in LANGUAGES:
                assert f"calibrate.{name}.{code}" in catalog(language)


def test_a_correction_changes_only_what_the_user_picked_differently() -> None:
    """The calibrate page's choices to options: a style picked as detected, or left empty,
    stays detected; a moved column is read from where the user put it."""
    from strategy import read_orders, sample_orders_csv
    from ui import calibrate_view as cv

    report = read_orders(sample_orders_csv().encode()).report
    assert cv.corrected(report, {name: getattr(report, name) for name in cv.CORRECTIONS},
                        dict(report.columns)) == report.as_options()
    other = "," if report.decimal == "." else "."
    (role, at), *_ = report.columns
    options = cv.corrected(report, {"decimal": other, "separator": None}, {role: at + 1})
    assert options.decimal == other and options.separator == report.separator
    assert options.columns == {role: at + 1}
