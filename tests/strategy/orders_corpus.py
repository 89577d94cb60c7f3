"""Order files for the reader's tests: one log written in each dialect shops export, and a
corpus of broken files, each with the problem it must be reported as."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from openpyxl import Workbook

from strategy.data.file_report import MAX_BYTES
from strategy.data.sample_orders import simulate_orders


def order_log() -> pd.DataFrame:
    """18 months of a shop whose orders often run past 1,000 (so thousands are grouped)."""
    return simulate_orders(
        start="2023-01-01",
        months=18,
        customers=300,
        new_per_month=40,
        churn=0.06,
        orders_per_month=1.0,
        first_order=900.0,
        seed=11,
    )


def amounts(log: pd.DataFrame, decimal: str, thousands: str) -> pd.Series:
    """Amounts written with two decimals, the given decimal mark and thousands separator."""
    return (
        log["amount"]
        .map(lambda value: f"{value:,.2f}")
        .str.replace(",", "\0")
        .str.replace(".", decimal)
        .str.replace("\0", thousands)
    )


def _frame(
    log: pd.DataFrame,
    names: tuple[str, str, str],
    date_format: str,
    decimal: str = ".",
    thousands: str = "",
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            names[0]: log["customer_id"],
            names[1]: log["date"].dt.strftime(date_format),
            names[2]: amounts(log, decimal, thousands),
        }
    )


def _xlsx(log: pd.DataFrame) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Orders")
    sheet.append(["Customer ID", "Order date", "Order total"])
    for customer, day, amount in zip(
        log["customer_id"], log["date"].dt.to_pydatetime(), log["amount"]
    ):
        sheet.append([customer, day, float(amount)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _numbered(log: pd.DataFrame) -> pd.DataFrame:
    """The log as an older system keeps it: each customer with a numeric id."""
    return log.assign(customer_id=log["customer_id"].str.lstrip("C"))


def _cdnow(log: pd.DataFrame) -> bytes:
    """CDNOW's layout: no header, aligned by spaces; the old customer number, a new one
    numbering the customers 1…N, the day as 19970101, a quantity, the amount with cents."""
    numbered = _numbered(log)
    new_number = numbered["customer_id"].rank(method="dense").astype(int).astype(str)
    columns = [
        numbered["customer_id"],
        new_number.str.zfill(4),
        numbered["date"].dt.strftime("%Y%m%d"),
        (numbered["amount"] // 15 + 1).astype(int).astype(str).str.rjust(3),
        numbered["amount"].map("{:.2f}".format).str.rjust(9),
    ]
    lines = " " + columns[0]
    for column in columns[1:]:
        lines = lines + " " + column
    return ("\r\n".join(lines) + "\r\n").encode("ascii")


@dataclass(frozen=True)
class Dialect:
    """How one export writes the log, what the reader must detect in it, and the table it
    must read (the log itself, unless the export renumbers or reorders it)."""

    write: Callable[[pd.DataFrame], bytes]
    detected: dict[str, object]
    read: Callable[[pd.DataFrame], pd.DataFrame] = lambda log: log


DIALECTS: dict[str, Dialect] = {
    "comma, UTF-8, ISO dates": Dialect(
        lambda log: (
            _frame(log, ("customer_id", "order_date", "amount"), "%Y-%m-%d")
            .to_csv(index=False)
            .encode("utf-8")
        ),
        {"encoding": "utf-8", "separator": ",", "decimal": ".", "date_format": "iso"},
    ),
    "semicolon, UTF-8 with BOM, 15.03.2024, 1.234,50": Dialect(
        lambda log: (
            _frame(log, ("Ügyfél", "Dátum", "Összeg"), "%d.%m.%Y", ",", ".")
            .to_csv(index=False, sep=";")
            .encode("utf-8-sig")
        ),
        {
            "encoding": "utf-8-sig",
            "separator": ";",
            "decimal": ",",
            "thousands": ".",
            "date_format": "dmy",
        },
    ),
    "tab, Windows-1250, 2024.03.15., 1 234,50": Dialect(
        lambda log: (
            _frame(log, ("Vevőkód", "Rendelés dátuma", "Bruttó érték"), "%Y.%m.%d.", ",", " ")
            .to_csv(index=False, sep="\t")
            .encode("cp1250")
        ),
        {
            "encoding": "cp1250",
            "separator": "\t",
            "decimal": ",",
            "thousands": " ",
            "date_format": "hungarian",
            "names": ("Vevőkód", "Rendelés dátuma", "Bruttó érték"),
        },
    ),
    "whitespace-aligned, Latin-1, 20240315, 1,234.50": Dialect(
        lambda log: (
            _frame(log, ("Client", "Date", "Amount"), "%Y%m%d", ".", ",")
            .assign(Contact="Muñoz")
            .to_string(index=False)
            .encode("latin-1")
        ),
        {
            "encoding": "latin-1",
            "separator": "whitespace",
            "decimal": ".",
            "thousands": ",",
            "date_format": "compact",
        },
    ),
    "comma, quoted, 03/15/2024, 1,234.50": Dialect(
        lambda log: (
            _frame(log, ("Customer", "Date", "Total"), "%m/%d/%Y", ".", ",")
            .to_csv(index=False, quoting=csv.QUOTE_ALL)
            .encode("utf-8")
        ),
        {"separator": ",", "decimal": ".", "thousands": ",", "date_format": "mdy"},
    ),
    "pipe, ISO with times, no header": Dialect(
        lambda log: (
            _frame(log, ("a", "b", "c"), "%Y-%m-%d 10:%M:%S")
            .to_csv(index=False, header=False, sep="|")
            .encode("utf-8")
        ),
        {"separator": "|", "date_format": "iso", "header": False},
    ),
    "tab, UTF-16 (Excel's Unicode text)": Dialect(
        lambda log: (
            _frame(log, ("Vásárló", "Dátum", "Érték"), "%Y-%m-%d", ",")
            .to_csv(index=False, sep="\t")
            .encode("utf-16")
        ),
        {"encoding": "utf-16", "separator": "\t", "decimal": ","},
    ),
    "Excel workbook": Dialect(_xlsx, {"kind": "xlsx", "date_format": "iso"}),
    "CDNOW: aligned, no header, two customer numbers, quantity, 29.33": Dialect(
        _cdnow,
        {
            "separator": "whitespace",
            "header": False,
            "date_format": "compact",
            "decimal": ".",
            "notices": ("ambiguous_amount",),
            "columns": (("customer_id", 0), ("date", 2), ("amount", 4)),
            "alternatives": (("amount", 3), ("amount", 1)),
        },
        _numbered,
    ),
}


def _zip_of_csv() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("orders.csv", "customer,date,amount\nC1,2024-01-01,10\n")
    return out.getvalue()


def _empty_workbook() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


GOOD_LINE = b"C1,2024-01-01,10\n"
BROKEN: dict[str, tuple[bytes, str]] = {
    "no bytes": (b"", "empty"),
    "only blank lines": (b"\r\n  \n\t\n", "empty"),
    "separators only": (b";;\n;;\n", "empty"),
    "a PNG image": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "not_text"),
    "control characters": (b"\x01\x02\x03\x04 orders \x05\x06\x07\x08\n" * 50, "not_text"),
    "old Excel (.xls)": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "old_excel"),
    "a zip that is not a workbook": (_zip_of_csv(), "bad_spreadsheet"),
    "a workbook with nothing in it": (_empty_workbook(), "empty"),
    "over the size limit": (GOOD_LINE * (MAX_BYTES // len(GOOD_LINE) + 1), "too_large"),
    "one huge line": (b"C1," * 4_000_000, "line_too_long"),
    "a header of 150 columns": (b"x," * 150 + b"\n" + GOOD_LINE, "too_many_columns"),
    "header only": (b"customer,date,amount\n", "no_rows"),
    "wrong columns": (b"product,quantity,colour\nshirt,2,red\nhat,1,blue\n", "no_date_column"),
    "no amount column": (b"customer,date\nC1,2024-01-01\nC2,2024-01-02\n", "no_amount_column"),
    "all dates bad": (
        b"customer,date,amount\nC1,yesterday,10\nC2,2024-13-45,20\n" + (b"C3,31.02.2024,5\n"),
        "all_dates_bad",
    ),
    "all amounts bad": (
        b"customer,date,amount\nC1,2024-01-01,ten\nC2,2024-01-02,n/a\n",
        "all_amounts_bad",
    ),
    "negative amounts only": (
        b"customer,date,amount\nC1,2024-01-01,-10\nC2,2024-01-02,-2.5\n",
        "all_amounts_negative",
    ),
    "no customer ids": (
        b"customer,date,amount\n,2024-01-01,10\n,2024-01-02,20\n",
        "no_usable_rows",
    ),
}
