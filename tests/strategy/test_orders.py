"""Reading order and spend files: every dialect to the same table, broken files to one clear
problem, bad rows to counted, located reasons, and every detection overridable."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from orders_corpus import BROKEN, DIALECTS, amounts, order_log
from strategy.data.calibration import calibrate
from strategy.data.file_report import MAX_BYTES, ReadOptions, SkippedRow
from strategy.data.orders import EXAMPLES, read_orders, read_spend
from strategy.data.sample_orders import sample_orders_csv

LOG = order_log()
REFERENCE = calibrate(LOG)


@pytest.mark.parametrize("name", DIALECTS)
def test_every_dialect_reads_to_the_same_orders_and_estimates(name: str) -> None:
    dialect = DIALECTS[name]
    reading = read_orders(dialect.write(LOG))
    report = reading.report
    assert report.problem is None
    assert (report.rows, report.used, report.skipped, report.notices) == (
        len(LOG),
        len(LOG),
        (),
        dialect.detected.get("notices", ()),
    )
    assert {key: getattr(report, key) for key in dialect.detected} == dialect.detected
    pd.testing.assert_frame_equal(reading.table, dialect.read(LOG))
    assert calibrate(reading.table).estimates == REFERENCE.estimates


@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_file_gives_its_problem_and_no_rows(name: str) -> None:
    data, problem = BROKEN[name]
    reading = read_orders(data)
    assert reading.report.problem == problem
    assert reading.report.used == 0
    assert list(reading.table.columns) == ["customer_id", "date", "amount"]
    assert reading.table.empty


def test_the_size_limit_is_exact() -> None:
    at_limit = b"a" * MAX_BYTES  # passes the size check, then fails as one huge line
    assert read_orders(at_limit).report.problem == "line_too_long"
    assert read_orders(at_limit + b"a").report.problem == "too_large"


def test_bad_rows_are_counted_located_and_the_rest_used() -> None:
    good = "".join(f"C{n};2024-01-{n % 28 + 1:02d};{n},50\n" for n in range(1, 200))
    data = (
        "customer;date;amount\n"
        + good
        + "@@ not an order\n"
        + "C9;2024-02-30;3\n"
        + ";2024-01-03;4\n"
        + "C3;2024-01-04;-5\n"
        + "Total;;1245\n"
        + "C5;2999-01-01;5\n"
        + "x;" * 200
        + "\n"
        + "\n"
        + "C4;2024-01-05;1 234,50\n"
    ).encode("cp1250")
    report = read_orders(data).report
    assert (report.problem, report.separator, report.decimal) == (None, ";", ",")
    assert report.rows == 199 + 8
    assert report.used == 200
    assert dict(report.skipped) == {
        "bad_date": 4,
        "no_customer": 1,
        "negative_amount": 1,
        "too_long": 1,
    }
    assert report.examples == (
        SkippedRow(201, "bad_date", "@@ not an order"),
        SkippedRow(202, "bad_date", "C9;2024-02-30;3"),
        SkippedRow(203, "no_customer", ";2024-01-03;4"),
        SkippedRow(204, "negative_amount", "C3;2024-01-04;-5"),
        SkippedRow(205, "bad_date", "Total;;1245"),
    )
    assert len(report.examples) == EXAMPLES


def test_a_few_garbage_lines_do_not_hide_the_separator() -> None:
    data = (
        b"customer;date;amount\nC1;2024-01-01;5\n==== page 2 ====\nC2;2024-01-02;6\n"
        b"C3;2024-01-03;7\nprinted by SYSTEM\n"
    )
    report = read_orders(data).report
    assert (report.separator, report.used, dict(report.skipped)) == (";", 3, {"bad_date": 2})


@pytest.mark.parametrize(
    ("written", "decimal", "values"),
    [
        (["1,500", "2,250"], ".", [1500.0, 2250.0]),
        (["1.500", "2.250"], ",", [1500.0, 2250.0]),
        (["1,500", "12,5"], ",", [1.5, 12.5]),
        (["1.500", "12.5"], ".", [1.5, 12.5]),
    ],
)
def test_a_lone_mark_before_three_digits_is_a_guess(
    written: list[str], decimal: str, values: list[float]
) -> None:
    text = "customer\tdate\tamount\n" + "".join(f"C1\t2024-01-01\t{amount}\n" for amount in written)
    report = read_orders(text.encode()).report
    guessed = all(len(amount.split(decimal == "." and "," or ".")[-1]) == 3 for amount in written)
    assert report.decimal == decimal
    assert report.notices == (("ambiguous_decimal",) if guessed else ())
    assert read_orders(text.encode()).table["amount"].tolist() == values


@pytest.mark.parametrize(
    "amount", ["1.23,50", "12 34", "1.2.3,4", "1 2345,00", "--5", "1e5", "1 23,5", "Ft", ""]
)
def test_badly_grouped_or_unreadable_amounts_are_skipped(amount: str) -> None:
    text = f"customer;date;amount\nC1;2024-01-01;1 234,50\nC2;2024-01-02;{amount}\n"
    reading = read_orders(text.encode())
    assert reading.report.decimal == ","
    assert dict(reading.report.skipped) == {"bad_amount": 1}
    assert reading.table["amount"].tolist() == [1234.5]


def test_one_row_without_header_is_read_by_content() -> None:
    reading = read_orders(b"2024-03-15;1001;12,5\n")
    assert reading.report.header is False
    assert dict(reading.report.columns) == {"date": 0, "customer_id": 1, "amount": 2}
    assert reading.table.to_dict("records") == [
        {"customer_id": "1001", "date": pd.Timestamp("2024-03-15"), "amount": 12.5}
    ]


CDNOW = Path(__file__).parent.parent / "data" / "cdnow_sample.txt"


def test_the_cdnow_sample_reads_its_amounts_not_a_customer_number() -> None:
    """The CDNOW sample (lifetimes, MIT): headerless, aligned, old and new customer numbers,
    day, quantity, amount. The new number (1…N) was read as the amount: 33 times the revenue."""
    cells = pd.read_csv(CDNOW, sep=r"\s+", header=None, dtype=str)
    reading = read_orders(CDNOW)
    report, table = reading.report, reading.table
    assert (report.problem, report.header, report.used, report.skipped) == (None, False, 6919, ())
    assert dict(report.columns) == {"customer_id": 0, "date": 2, "amount": 4}
    assert table["customer_id"].nunique() == 2357
    assert (table["date"].min(), table["date"].max()) == (
        pd.Timestamp("1997-01-01"),
        pd.Timestamp("1998-06-30"),
    )
    assert table["amount"].sum() == pytest.approx(cells[4].astype(float).sum(), abs=1e-6)
    assert table["amount"].sum() == pytest.approx(244_091.94, abs=0.005)
    assert calibrate(table).problem is None


def test_two_plausible_amounts_are_named_and_one_option_switches() -> None:
    """The quantity could be the amount too, and the customer number was taken for it: the
    report names the choice and the others, and `columns` switches with one entry."""
    report = read_orders(CDNOW).report
    assert report.notices == ("ambiguous_amount",)
    assert report.alternatives == (("amount", 3), ("amount", 1))
    assert report.preview[:5] == ("00004", "0001", "19970101", "2", "29.33")
    quantity = read_orders(
        CDNOW,
        report.as_options().model_copy(update={"columns": {**dict(report.columns), "amount": 3}}),
    )
    quantities = pd.read_csv(CDNOW, sep=r"\s+", header=None)[3]
    assert quantity.report.notices == ()
    assert quantity.table["amount"].tolist() == quantities.astype(float).tolist()


@pytest.mark.parametrize("numbers", ["customers", "rows"])
def test_a_column_numbering_customers_or_rows_is_not_the_amount(numbers: str) -> None:
    """Whole numbers without zero padding: one per customer (over five repeat customers), or
    1…N down the rows. The amount is the one that varies, even without cents."""
    customers = [f"K{n % 8}" for n in range(40)]
    number = (
        [str(n % 8 + 1) for n in range(40)]
        if numbers == "customers"
        else [str(n + 1) for n in range(40)]
    )
    text = "".join(
        f"{customer};{number[n]};2024-01-{n % 28 + 1:02d};{(n * 37) % 90 + 10}\n"
        for n, customer in enumerate(customers)
    )
    report = read_orders(text.encode()).report
    assert dict(report.columns) == {"customer_id": 0, "date": 2, "amount": 3}
    assert report.alternatives == (("amount", 1),)


@pytest.mark.parametrize(
    ("values", "numbers_customers"),
    [
        (10, True),  # one number per customer
        (9, True),  # 90% of the customers' count: still numbering them (two share one)
        (8, False),  # under 90%: a value some customers share, not their number
        (2, False),  # two price plans, each customer on one
    ],
)
def test_a_column_numbers_the_customers_with_about_as_many_values_as_customers(
    values: int, numbers_customers: bool
) -> None:
    """Ten customers with four orders each, and a whole number that never changes within a
    customer: with at least 90% as many distinct values as customers it numbers them, and the
    whole-number column that varies is the amount; with fewer it is a plausible amount, and
    the leftmost of the two is read as it, the other named as the alternative."""
    number = [str(min(n % 10, values - 1) + 1) for n in range(40)]
    text = "".join(
        f"K{n % 10};{number[n]};2024-01-{n % 28 + 1:02d};{(n * 37) % 90 + 10}\n" for n in range(40)
    )
    report = read_orders(text.encode()).report
    amount, other = (3, 1) if numbers_customers else (1, 3)
    assert dict(report.columns) == {"customer_id": 0, "date": 2, "amount": amount}
    assert report.alternatives == (("amount", other),)


def test_a_headerless_file_with_one_amount_has_no_notice() -> None:
    report = read_orders(b"C1;2024-01-01;10\nC2;2024-01-02;2,50\n").report
    assert (report.notices, report.alternatives) == ((), ())


@pytest.mark.parametrize(
    "kind", ["str", "Path", "open file", "bytes", "bytearray", "memoryview", "BytesIO"]
)
def test_orders_come_from_a_path_an_open_file_or_bytes(kind: str, tmp_path: Path) -> None:
    data = sample_orders_csv().encode()
    path = tmp_path / "orders.csv"
    path.write_bytes(data)
    expected = read_orders(data)
    with open(path, "rb") as file:
        source = {
            "str": str(path),
            "Path": path,
            "open file": file,
            "bytes": data,
            "bytearray": bytearray(data),
            "memoryview": memoryview(data),
            "BytesIO": io.BytesIO(data),
        }[kind]
        reading = read_orders(source)
    assert reading.report == expected.report
    assert reading.report.used > 200
    pd.testing.assert_frame_equal(reading.table, expected.table)


def test_spend_comes_from_a_path_too(tmp_path: Path) -> None:
    path = tmp_path / "spend.csv"
    path.write_bytes(b"month,acquisition,retention\n2024-01,100,50\n")
    assert read_spend(path).table["acquisition"].tolist() == [100.0]
    assert read_spend(str(path)).report == read_spend(path.read_bytes()).report


@pytest.mark.parametrize("reader", [read_orders, read_spend])
def test_a_missing_path_is_a_problem_not_a_traceback(reader, tmp_path: Path) -> None:
    for missing in (tmp_path / "nope.csv", str(tmp_path / "nope.csv"), tmp_path):
        reading = reader(missing)
        assert (reading.report.problem, reading.report.used) == ("cannot_open", 0)
        assert reading.table.empty


def test_a_large_file_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with open(path, "wb") as file:
        file.truncate(MAX_BYTES * 3)
    assert read_orders(path).report.problem == "too_large"
    assert read_orders(io.BytesIO(b"x" * (MAX_BYTES + 1))).report.problem == "too_large"


def test_columns_are_found_by_name_whatever_their_order_and_extras() -> None:
    data = (
        "Rendelésszám;Összeg (Ft);Megjegyzés;Teljesítés dátuma;Vevő neve;Vevőkód\n"
        "5001;12 500;;2024.03.15.;Kiss Éva;V-17\n"
    ).encode()
    report = read_orders(data).report
    assert dict(report.columns) == {"customer_id": 5, "date": 3, "amount": 1}
    assert read_orders(data).table["amount"].tolist() == [12_500.0]


def test_every_detection_can_be_overridden() -> None:
    data = b"id|when|paid|note\nA|03/04/2024|1.500|x\nB|05/06/2024|2.250|y\n"
    report = read_orders(data).report
    assert (report.date_format, report.decimal) == ("dmy", ",")
    assert set(report.notices) == {"ambiguous_dates", "ambiguous_decimal"}
    reading = read_orders(data, ReadOptions(date_format="mdy", decimal="."))
    assert reading.table["date"].tolist() == [
        pd.Timestamp("2024-03-04"),
        pd.Timestamp("2024-05-06"),
    ]
    assert reading.table["amount"].tolist() == [1.5, 2.25]
    assert reading.report.notices == ()
    by_name = read_orders(data, ReadOptions(columns={"customer_id": "note", "amount": 2}))
    assert by_name.table["customer_id"].tolist() == ["x", "y"]
    assert (
        read_orders(data, ReadOptions(columns={"customer_id": "nope"})).report.problem
        == "unknown_column"
    )
    assert read_orders(data, ReadOptions(columns={"amount": 9})).report.problem == (
        "unknown_column"
    )
    as_text = read_orders(data, ReadOptions(separator=","))
    assert as_text.report.problem == "no_date_column"
    headerless = read_orders(data, ReadOptions(header=False))
    assert headerless.report.rows == 3
    assert dict(headerless.report.skipped) == {"bad_date": 1}


def test_a_forced_encoding_is_used() -> None:
    data = "vevő,dátum,összeg\nŐ1,2024-01-01,5\n".encode("cp1250")
    assert read_orders(data).table["customer_id"].tolist() == ["Ő1"]
    forced = read_orders(data, ReadOptions(encoding="latin-1"))
    assert forced.report.encoding == "latin-1"
    assert forced.table["customer_id"].tolist() == ["Õ1"]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Vevő;Dátum;Összeg\nŐry Ödön;2024-01-01;5\n", "cp1250"),
        ("Client;Date;Amount\nMuñoz;2024-01-01;5\n", "latin-1"),
        ("Client;Date;Amount\nAnaïs Bérénger;2024-01-01;5\n", "latin-1"),
        ("Ügyfél;Dátum;Érték\nÁrvíztűrő;2024-01-01;5\n", "cp1250"),
    ],
)
def test_single_byte_encodings_are_told_apart(text: str, encoding: str) -> None:
    reading = read_orders(text.encode(encoding))
    assert reading.report.encoding == encoding
    assert reading.table["customer_id"].tolist() == [text.split("\n")[1].split(";")[0]]


_STYLES = [(".", ""), (".", ","), (".", " "), (",", ""), (",", "."), (",", " "), (",", "\u00a0")]


@given(
    st.lists(st.integers(0, 10**9), min_size=3, max_size=40),
    st.sampled_from(_STYLES),
    st.sampled_from(["", " Ft", "€", "HUF "]),
    st.permutations(range(4)),
    st.booleans(),
    st.booleans(),
)
def test_amounts_read_back_in_every_number_style(
    cents: list[int],
    style: tuple[str, str],
    currency: str,
    order: list[int],
    header: bool,
    numbered: bool,
) -> None:
    """Detected, not told: the decimal mark, the columns in any order, with a header or
    without one, beside a column numbering the rows (a whole number, a poor amount)."""
    decimal, thousands = style
    values = pd.Series(cents) / 100
    written = amounts(pd.DataFrame({"amount": values}), decimal, thousands)
    written = (
        currency + written if currency.endswith(" ") or currency == "€" else (written + currency)
    )
    columns = pd.DataFrame(
        {
            "customer": [f"C{n % 7}" for n in range(len(cents))],
            "date": "2024-01-01",
            "amount": written,
            "line": [str(n + 1) for n in range(len(cents))],
        }
    )
    kept = [name for name in columns.columns[order] if numbered or name != "line"]
    text = columns[kept].to_csv(sep="\t", index=False, header=header)
    reading = read_orders(text.encode())
    report = reading.report
    assert (report.decimal, report.used) == (decimal, len(cents))
    assert dict(report.columns)["amount"] == kept.index("amount")
    np.testing.assert_allclose(reading.table["amount"], values, rtol=0, atol=1e-9)
    assert reading.table["customer_id"].tolist() == columns["customer"].tolist()


@pytest.mark.parametrize(
    ("written", "decimal"),
    [
        (["1.234,50", "12.345,00", "2.000,75"], ","),
        (["1,234.50", "12,345.00", "2,000.75"], "."),
        (["1 234,50", "12'345.00", "1.000.000,00"], None),
    ],
)
def test_the_last_of_two_marks_is_the_decimal_mark(written: list[str], decimal: str | None) -> None:
    """Every amount with both marks (no lone mark to outvote a wrong reading of them): an
    inverted vote would read none of them."""
    text = "customer;date;amount\n" + "".join(
        f"C{n};2024-01-01;{amount}\n" for n, amount in enumerate(written)
    )
    reading = read_orders(text.encode())
    if decimal is None:  # mixed styles: only the ones in the detected style are read
        assert reading.report.decimal == ","
        assert reading.table["amount"].tolist() == [1234.5, 1_000_000.0]
        return
    assert (reading.report.decimal, reading.report.skipped) == (decimal, ())
    assert reading.table["amount"].tolist() == [1234.5, 12345.0, 2000.75]


_DATE_STYLES = {
    "iso": "%Y-%m-%d",
    "hungarian": "%Y. %m. %d.",
    "dmy": "%d/%m/%Y",
    "mdy": "%m/%d/%Y",
    "compact": "%Y%m%d",
}


@given(
    st.lists(st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)), min_size=1, max_size=30),
    st.sampled_from(sorted(_DATE_STYLES)),
)
def test_dates_read_back_in_every_date_style(days: list[dt.date], style: str) -> None:
    text = "customer;date;amount\n" + "".join(
        f"C1;{day.strftime(_DATE_STYLES[style])};1\n" for day in days
    )
    reading = read_orders(text.encode(), ReadOptions(date_format=style))  # type: ignore[arg-type]
    assert reading.table["date"].tolist() == [pd.Timestamp(day) for day in days]


@given(st.binary(max_size=400))
def test_any_bytes_give_a_reading_never_an_exception(data: bytes) -> None:
    reading = read_orders(data)
    assert (reading.report.problem is None) == (reading.report.used > 0)
    assert len(reading.table) == reading.report.used


@given(st.text(alphabet='C1;,.-/ 2024\n\tx"Ft', max_size=300))
def test_any_text_gives_a_reading_never_an_exception(text: str) -> None:
    reading = read_orders(("customer;date;amount\n" + text).encode())
    assert (reading.report.problem is None) == (reading.report.used > 0)
    if reading.report.columns:  # every row was judged: used or skipped, with a reason
        assert reading.report.used + sum(count for _, count in reading.report.skipped) == (
            reading.report.rows
        )
    assert (reading.table["amount"] >= 0).all()


def test_the_report_as_options_reads_the_same_way() -> None:
    data = DIALECTS["tab, Windows-1250, 2024.03.15., 1 234,50"].write(LOG.head(50))
    first = read_orders(data)
    again = read_orders(data, first.report.as_options())
    assert again.report == first.report
    pd.testing.assert_frame_equal(again.table, first.table)


def test_the_sample_file_reads_and_calibrates_cleanly() -> None:
    reading = read_orders(sample_orders_csv().encode())
    assert reading.report.problem is None
    assert reading.report.skipped == ()
    assert 200 <= reading.report.used <= 2_000
    assert calibrate(reading.table).problem is None


def test_spend_reads_hungarian_months_and_names() -> None:
    data = (
        "Hónap;Megtartás (Ft);Ügyfélszerzés (Ft)\n"
        "2024.01.;150 000;400 000\n2024.02.;160 000;380 000\n"
    ).encode("cp1250")
    reading = read_spend(data)
    assert reading.report.date_format == "year_month"
    assert dict(reading.report.columns) == {"month": 0, "acquisition": 2, "retention": 1}
    assert reading.table.to_dict("list") == {
        "month": [pd.Timestamp("2024-01-01"), pd.Timestamp("2024-02-01")],
        "acquisition": [400_000.0, 380_000.0],
        "retention": [150_000.0, 160_000.0],
    }


def test_spend_by_full_dates_falls_to_their_month() -> None:
    reading = read_spend(b"month,acquisition,retention\n15/03/2024,100,50\n")
    assert reading.table["month"].tolist() == [pd.Timestamp("2024-03-01")]


def test_spend_without_a_retention_column_says_so() -> None:
    reading = read_spend(b"month,acquisition\n2024-01,100\n2024-02,120\n")
    assert reading.report.problem == "no_retention_column"
    assert list(reading.table.columns) == ["month", "acquisition", "retention"]
