"""What reading an order or spend file found: the options a caller may give, the report of
what was detected and skipped, and the normalised table (`orders.py` reads, `cells.py` splits
the bytes)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import BinaryIO, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict

MAX_BYTES = 50_000_000  # the upload limit: about 1.5 million order lines of CSV

Encoding = Literal["utf-8", "utf-8-sig", "utf-16", "cp1250", "latin-1"]
Separator = Literal[",", ";", "\t", "|", "whitespace"]
DecimalMark = Literal[".", ","]
DateFormat = Literal["iso", "hungarian", "dmy", "mdy", "compact", "year_month", "month_year"]
Role = Literal["customer_id", "date", "amount", "month", "acquisition", "retention"]
Kind = Literal["id", "date", "month", "amount"]
RowReason = Literal["too_long", "no_customer", "bad_date", "bad_amount", "negative_amount"]
ROW_REASONS: tuple[RowReason, ...] = (
    "too_long",
    "no_customer",
    "bad_date",
    "bad_amount",
    "negative_amount",
)
FileProblem = Literal[
    "cannot_open",
    "too_large",
    "empty",
    "not_text",
    "old_excel",
    "bad_spreadsheet",
    "line_too_long",
    "too_many_columns",
    "no_rows",
    "unknown_column",
    "no_customer_id_column",
    "no_date_column",
    "no_amount_column",
    "no_month_column",
    "no_acquisition_column",
    "no_retention_column",
    "all_dates_bad",
    "all_amounts_bad",
    "all_amounts_negative",
    "no_usable_rows",
]
Notice = Literal["ambiguous_dates", "ambiguous_decimal", "ambiguous_amount"]


class ReadOptions(BaseModel):
    """What the caller knows better than the detection; None (or absent) means "detect".

    Passed to `read_orders` and `read_spend`. `columns` maps a role to a column's header name
    or 0-based position.

    >>> from strategy import read_orders
    >>> text = b"customer,date,amount\\nC1,2024-03-15,1.250\\n"
    >>> read_orders(text, ReadOptions(decimal=",")).table["amount"].tolist()
    [1250.0]
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    encoding: Encoding | None = None
    separator: Separator | None = None
    decimal: DecimalMark | None = None
    date_format: DateFormat | None = None
    header: bool | None = None
    columns: dict[Role, str | int] = {}


@dataclass(frozen=True)
class SkippedRow:
    """A row that could not be used: its line in the file (row of the sheet), why, and its
    start as written."""

    line: int
    reason: RowReason
    text: str


@dataclass(frozen=True)
class FileReport:
    """What reading a file detected (or was given) and what it skipped.

    In a `TableReading`; `problem` says why nothing could be used. `columns` are 0-based
    positions; `names` the header's cells (empty without one); `preview` the first row's cells,
    so headerless columns can be told apart. `alternatives` are columns that could have been a
    role found by content (with notice `ambiguous_amount`: a one-click correction through
    `ReadOptions.columns`).

    >>> from strategy import read_orders
    >>> report = read_orders(b"customer;date;amount\\nC1;2024-03-15;12,50\\n").report
    >>> report.separator, report.decimal, report.used
    (';', ',', 1)
    """

    problem: FileProblem | None = None
    kind: Literal["text", "xlsx"] | None = None
    encoding: Encoding | None = None
    separator: Separator | None = None
    decimal: DecimalMark | None = None
    thousands: str | None = None
    date_format: DateFormat | None = None
    header: bool | None = None
    names: tuple[str, ...] = ()
    columns: tuple[tuple[Role, int], ...] = ()
    rows: int = 0
    used: int = 0
    skipped: tuple[tuple[RowReason, int], ...] = ()
    examples: tuple[SkippedRow, ...] = ()
    notices: tuple[Notice, ...] = ()
    alternatives: tuple[tuple[Role, int], ...] = ()
    preview: tuple[str, ...] = ()

    def as_options(self) -> ReadOptions:
        """The detection as options, for a caller that changes one of them and reads again."""
        return ReadOptions(
            encoding=self.encoding,
            separator=self.separator,
            decimal=self.decimal,
            date_format=self.date_format,
            header=self.header,
            columns=dict(self.columns),
        )


@dataclass(frozen=True)
class TableReading:
    """The normalised table read from a file, and the report of how.

    Returned by `read_orders` and `read_spend`; the table has no rows, but the same columns,
    when `report.problem` is set.

    >>> from strategy import read_orders
    >>> reading = read_orders(b"customer,date,amount\\nC1,2024-03-15,12.50\\n")
    >>> list(reading.table.columns), reading.report.problem
    (['customer_id', 'date', 'amount'], None)
    """

    table: pd.DataFrame
    report: FileReport


Source = bytes | bytearray | memoryview | str | os.PathLike[str] | BinaryIO
"""A file's bytes, its path, or an open binary file, as pandas readers take them."""
