"""What the calibration page says about reading an order file: a message for every problem
and notice the reader can give, and the amount notice naming the columns to choose from."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import pytest

from strategy import FileProblem, Notice, read_orders
from ui import calibrate_view as cv
from ui.i18n import Translator, catalog

CDNOW = Path(__file__).parent.parent / "data" / "cdnow_sample.txt"


@pytest.mark.parametrize("language", ["en", "hu"])
def test_every_file_problem_and_notice_has_a_message(language: str) -> None:
    keys = catalog(language)
    assert {f"calibrate.problem.{code}" for code in get_args(FileProblem)} <= keys.keys()
    assert {f"calibrate.notice.{code}" for code in get_args(Notice)} <= keys.keys()


@pytest.mark.parametrize(("language", "used", "others"), [
    ("en", "column 5 (29\\.33 …)", "column 4 (2 …), column 2 (0001 …)"),
    ("hu", "5. oszlop (29\\.33 …)", "4. oszlop (2 …), 2. oszlop (0001 …)"),
])
def test_a_headerless_file_names_its_columns_by_number_and_first_value(
        language: str, used: str, others: str) -> None:
    report = read_orders(CDNOW).report
    tr = Translator(language)
    assert cv.column_names(report, tr)[:2] == (
        tr("calibrate.column_number", number=1, first="00004"),
        tr("calibrate.column_number", number=2, first="0001"))
    assert cv.file_notice(report, "ambiguous_amount", tr) == tr(
        "calibrate.notice.ambiguous_amount", used=used, others=others)
    assert tr("calibrate.role.amount") in cv.file_notice(report, "ambiguous_amount", tr)


def test_header_names_in_the_notice_are_quoted_and_escaped() -> None:
    rows = "".join(f"K{n % 8};{n % 8 + 1};2024-01-{n % 28 + 1:02d};{n % 5 + 1};{n + 10}.5\n"
                   for n in range(40))
    report = read_orders(("Vevő;[Sorszám](x);Nap;Db;Érték*\n" + rows).encode()).report
    assert dict(report.columns)["amount"] == 4  # by name
    content = read_orders(("a;[Sorszám](x);b;*Db*;c\n" + rows).encode()).report
    assert content.alternatives == (("amount", 3), ("amount", 1))
    tr = Translator("en")
    assert cv.column_names(content, tr) == ("a", "[Sorszám](x)", "b", "*Db*", "c")
    assert cv.file_notice(content, "ambiguous_amount", tr) == tr(
        "calibrate.notice.ambiguous_amount", used="“c”",
        others="“\\*Db\\*”, “\\[Sorszám\\]\\(x\\)”")
    assert cv.file_notice(content, "ambiguous_dates", tr) == tr(
        "calibrate.notice.ambiguous_dates")
