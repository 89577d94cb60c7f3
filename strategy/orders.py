"""Order and marketing-spend files as tables: what a shop's own system exports, read unaided.

Shops export CSV, TSV, whitespace-aligned text from older systems, or Excel, in UTF-8,
Windows-1250 or Latin-1, with decimal commas and thousands separators and dates in local
styles. Each of these is detected, reported, and can be overridden by the caller (`ReadOptions`).
Reading never raises on a file's content: an unusable file gives one problem code, a bad row is
skipped, counted and shown by its line number, and the rest is used. Work is vectorised over
columns and over the distinct values of a column, never a Python loop over rows.

Limits: a quoted field spanning lines shifts the line numbers reported after it; in a
whitespace-separated file a space cannot also group thousands.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict

MAX_BYTES = 50_000_000  # the upload limit: about 1.5 million order lines of CSV
MAX_FIELDS = 100  # more fields than this on a line: not a row of an order table
MAX_LINE_CHARS = 10_000  # nor is a longer line
EXAMPLES = 5  # skipped rows shown by line number
PREVIEW_CHARS = 20  # of each cell of the first row, shown to tell headerless columns apart
SAMPLE_ROWS = 2_000  # rows that decide which column is which
SNIFF_LINES = 200  # lines that decide the separator
STYLE_VALUES = 20_000  # distinct values of a column that decide its date or number style
USABLE_SHARE = 0.5  # a column holds dates (numbers, ids) if half its sample reads as such
REPEATERS = 5  # customers with repeat orders that can show a number column follows the customer
ONE_TO_ONE = 0.9  # ... and it does, one value per customer, when it has about as many values
YEARS = (1900, 2100)  # dates outside are typing errors

Encoding = Literal["utf-8", "utf-8-sig", "utf-16", "cp1250", "latin-1"]
Separator = Literal[",", ";", "\t", "|", "whitespace"]
DecimalMark = Literal[".", ","]
DateFormat = Literal["iso", "hungarian", "dmy", "mdy", "compact", "year_month", "month_year"]
Role = Literal["customer_id", "date", "amount", "month", "acquisition", "retention"]
Kind = Literal["id", "date", "month", "amount"]
RowReason = Literal["too_long", "no_customer", "bad_date", "bad_amount", "negative_amount"]
ROW_REASONS: tuple[RowReason, ...] = (
    "too_long", "no_customer", "bad_date", "bad_amount", "negative_amount")
FileProblem = Literal[
    "cannot_open", "too_large", "empty", "not_text", "old_excel", "bad_spreadsheet",
    "line_too_long", "too_many_columns", "no_rows", "unknown_column",
    "no_customer_id_column", "no_date_column", "no_amount_column",
    "no_month_column", "no_acquisition_column", "no_retention_column",
    "all_dates_bad", "all_amounts_bad", "all_amounts_negative", "no_usable_rows",
]
Notice = Literal["ambiguous_dates", "ambiguous_decimal", "ambiguous_amount"]


class ReadOptions(BaseModel):
    """What the caller knows better than the detection; None (or absent) means "detect".
    `columns` maps a role to a column's header name or 0-based position."""

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
    """What was detected (or given) and what was skipped; `problem` says why nothing could be
    used. `columns` are 0-based positions; `names` the header's cells (empty without one);
    `preview` the first row's cells, so headerless columns can be told apart. `alternatives`
    are columns that could have been a role found by content (with notice `ambiguous_amount`:
    a one-click correction through `ReadOptions.columns`)."""

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
        return ReadOptions(encoding=self.encoding, separator=self.separator,
                           decimal=self.decimal, date_format=self.date_format,
                           header=self.header, columns=dict(self.columns))


@dataclass(frozen=True)
class TableReading:
    """The normalised table (no rows, same columns, when `report.problem` is set)."""

    table: pd.DataFrame
    report: FileReport


@dataclass(frozen=True)
class _Column:
    role: Role
    kind: Kind
    words: tuple[str, ...]  # header words, best first, without accents or case


@dataclass(frozen=True)
class _Spec:
    columns: tuple[_Column, ...]
    date_formats: tuple[DateFormat, ...]


_DAY_FORMATS: tuple[DateFormat, ...] = ("iso", "hungarian", "dmy", "mdy", "compact")
ORDERS = _Spec((
    _Column("customer_id", "id", (
        "customer", "client", "vevo", "ugyfel", "vasarlo", "megrendelo", "buyer", "partner",
        "member", "user", "email", "account", "cust")),
    _Column("date", "date", (
        "date", "datum", "created", "timestamp", "time", "idopont", "kelte", "kelt",
        "teljesites", "day")),
    _Column("amount", "amount", (
        "amount", "total", "osszeg", "brutto", "gross", "value", "ertek", "revenue", "bevetel",
        "sum", "fizetendo", "paid", "price", "netto", "net", "ar")),
), _DAY_FORMATS)
SPEND = _Spec((
    _Column("month", "month", ("month", "honap", "period", "idoszak", "date", "datum")),
    _Column("acquisition", "amount", (
        "acquisition", "akvizicio", "szerzes", "new", "uj", "prospecting")),
    _Column("retention", "amount", (
        "retention", "megtartas", "loyalty", "huseg", "crm", "existing", "meglevo")),
), (*_DAY_FORMATS, "year_month", "month_year"))
_ID_WORDS = ("id", "kod", "azonosito", "code", "no", "number", "szam", "email")  # word ends
_DTYPES: dict[Kind, str] = {"id": "str", "date": "datetime64[s]", "month": "datetime64[s]",
                            "amount": "float64"}

# Patterns avoid \d, \s and lookarounds, so that pandas runs them on pyarrow's RE2 (Python's
# re gives the same answers, ten times slower, on hundreds of thousands of distinct amounts).
_SPACES = " \u00a0\u202f"  # spaces and no-break spaces: they group thousands
_GROUPERS = _SPACES + "'’"  # and so do apostrophes
_BLANK = f"[\t{_SPACES}]*"
# Date styles: the pattern, and the order of its year, month (and day) groups.
_DATE_PATTERNS: dict[DateFormat, tuple[str, str]] = {
    "iso": (r"([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})(?:[T ].*)?", "ymd"),
    "hungarian": (rf"([0-9]{{4}})\.{_BLANK}([0-9]{{1,2}})\.{_BLANK}([0-9]{{1,2}})\.?(?: .*)?",
                  "ymd"),
    "dmy": (rf"([0-9]{{1,2}})[./-]{_BLANK}([0-9]{{1,2}})[./-]{_BLANK}([0-9]{{4}})\.?(?: .*)?",
            "dmy"),
    "mdy": (r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?: .*)?", "mdy"),
    "compact": (r"([0-9]{4})([0-9]{2})([0-9]{2})", "ymd"),
    "year_month": (rf"([0-9]{{4}})[-./]{_BLANK}([0-9]{{1,2}})\.?", "ym"),
    "month_year": (r"([0-9]{1,2})[-./]([0-9]{4})", "my"),
}
_CURRENCY = r"(?:[A-Za-z]{1,3}\.?|[€$£¥])"  # Ft, Ft., HUF, EUR, €, …
_AMOUNT = (f"^{_BLANK}{_CURRENCY}?{_BLANK}([+-]?){_BLANK}{_CURRENCY}?{_BLANK}"
           f"([0-9](?:[0-9.,{_GROUPERS}]*[0-9])?){_BLANK}{_CURRENCY}?{_BLANK}$")

# Windows-1250 or Latin-1: the one whose reading gives more of its own language's letters
# (ties go to Windows-1250: Hungarian ő and ű are Latin-1's õ and û).
_HUNGARIAN = set("áéíóöőúüűÁÉÍÓÖŐÚÜŰ€„”–—")
_WESTERN = set("àâäçèéêëîïôöùûüÿñãõåæøßáíóúÀÂÄÇÈÉÊËÎÏÔÖÙÛÜÑÃÕÅÆØÁÍÓÚ")
_BYTES = [bytes([value]) for value in range(256)]
_CP1250_TYPICAL = np.array([b.decode("cp1250", "replace") in _HUNGARIAN for b in _BYTES])
_LATIN1_TYPICAL = np.array([b.decode("latin-1") in _WESTERN for b in _BYTES])
_CP1250_UNDEFINED = [0x81, 0x83, 0x88, 0x90, 0x98]
_CONTROL = np.array([value < 32 and value not in (9, 10, 12, 13, 26) for value in range(256)])
_NOT_TEXT_SHARE = 0.01  # more control bytes than this: not a text file


Source = bytes | bytearray | memoryview | str | os.PathLike[str] | BinaryIO
"""A file's bytes, its path, or an open binary file, as pandas readers take them."""


def read_orders(data: Source, options: ReadOptions | None = None) -> TableReading:
    """Orders as `customer_id` (text), `date` (day), `amount` (number ≥ 0), and the report.

    >>> read_orders(b"customer,date,amount\nC1,2024-03-15,12.50\n").table["amount"].tolist()
    [12.5]
    """
    return _read(data, options or ReadOptions(), ORDERS)


def read_spend(data: Source, options: ReadOptions | None = None) -> TableReading:
    """Monthly marketing spend as `month` (its first day), `acquisition`, `retention`."""
    return _read(data, options or ReadOptions(), SPEND)


def _read(data: Source, options: ReadOptions, spec: _Spec) -> TableReading:
    content = _content(data)
    if isinstance(content, str):
        return TableReading(_empty(spec), FileReport(content))
    raw, report = _raw_table(content, options)
    return TableReading(_empty(spec), report) if raw is None else _table(raw, report, options,
                                                                         spec)


def _content(data: Source) -> bytes | FileProblem:
    """The bytes to read, at most one past the limit (a huge file is not read whole), or why
    there are none: a path that cannot be opened is a problem of the file, not an error."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    if isinstance(data, (str, os.PathLike)):
        try:
            with open(data, "rb") as file:
                return file.read(MAX_BYTES + 1)
        except OSError:
            return "cannot_open"
    read = data.read(MAX_BYTES + 1)
    return read.encode("utf-8") if isinstance(read, str) else bytes(read)


def _empty(spec: _Spec) -> pd.DataFrame:
    return pd.DataFrame({column.role: pd.Series(dtype=_DTYPES[column.kind])
                         for column in spec.columns})


# --- bytes to cells ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Raw:
    """Every cell as stripped text, one row per line or sheet row (blank ones kept)."""

    cells: pd.DataFrame
    too_long: np.ndarray  # rows emptied for being too long or too wide
    first_line: int  # line (sheet row) number of the first row
    lines: list[str] | None  # the text's lines, when they match the rows one to one
    joiner: str  # how a row's cells are joined when it is shown

    def text(self, position: int) -> str:
        if self.lines is not None:
            return self.lines[position][:80]
        return self.joiner.join(self.cells.iloc[position])[:80]


def _raw_table(data: bytes, options: ReadOptions) -> tuple[_Raw | None, FileReport]:
    if len(data) > MAX_BYTES:
        return None, FileReport("too_large")
    if not data.strip():
        return None, FileReport("empty")
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return None, FileReport("old_excel")
    if data.startswith(b"PK\x03\x04"):
        return _sheet(data)
    encoding = options.encoding or _encoding(data)
    if encoding is None:
        return None, FileReport("not_text")
    text = data.decode(encoding, errors="replace").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    first = next((at for at, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return None, FileReport("empty", "text", encoding)
    if len(lines[first]) > MAX_LINE_CHARS:
        return None, FileReport("line_too_long", "text", encoding)
    separator = options.separator or _separator(lines)
    raw = _split(lines, separator)
    if raw.too_long[first]:
        return None, FileReport("too_many_columns", "text", encoding, separator)
    return raw, FileReport(kind="text", encoding=encoding, separator=separator)


def _encoding(data: bytes) -> Encoding | None:
    """The text encoding of `data`, or None when it is not text."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"
    head = np.frombuffer(data[:65_536], np.uint8)
    if (head == 0).any() or _CONTROL[head].mean() > _NOT_TEXT_SHARE:
        return None
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    counts = np.bincount(np.frombuffer(data, np.uint8), minlength=256)
    if counts[_CP1250_UNDEFINED].any():
        return "latin-1"
    return "cp1250" if counts[_CP1250_TYPICAL].sum() >= counts[_LATIN1_TYPICAL].sum() else "latin-1"


def _separator(lines: list[str]) -> Separator:
    """The delimiter that splits the first lines into the same, largest number of fields;
    whitespace only when no delimiter gives three fields (names may contain spaces)."""
    sample = [line for line in lines[:SNIFF_LINES * 2] if line.strip()][:SNIFF_LINES]
    body = sample[1:] or sample  # a header may be written differently
    best: tuple[Separator, int] | None = None
    for separator in (",", ";", "\t", "|"):
        fields = _steady([len(row) for row in csv.reader(body, delimiter=separator)])
        if fields >= 2 and (best is None or fields > best[1]):
            best = (separator, fields)
    if best is not None and best[1] >= 3:
        return best[0]
    if _steady([len(line.split()) for line in body]) >= 3:
        return "whitespace"
    return best[0] if best is not None else ","


def _steady(counts: list[int]) -> int:
    """The number of fields most lines have (more than half; else 0): a few garbage lines
    must not hide the separator."""
    if not counts:
        return 0
    fields, lines = Counter(counts).most_common(1)[0]
    return fields if lines > len(counts) / 2 else 0


def _split(lines: list[str], separator: Separator) -> _Raw:
    """The lines as cells. Lines too long or too wide are emptied first (and marked), so one
    bad line cannot make a table of thousands of columns."""
    length, fields = _measure(lines, separator)
    too_long = (length > MAX_LINE_CHARS) | (fields > MAX_FIELDS)
    width = int(fields[~too_long].max(initial=1))
    kept = np.where(too_long, "", np.asarray(lines, dtype=object)) if too_long.any() else lines
    text = "\n".join(kept) + "\n"  # with its last newline a last blank line is a row too
    read = {"sep": r"\s+" if separator == "whitespace" else separator, "header": None,
            "names": range(width), "dtype": str, "keep_default_na": False, "na_filter": False,
            "skip_blank_lines": False, "index_col": False}
    try:
        cells = pd.read_csv(io.StringIO(text), **read)
    except pd.errors.ParserError:  # an unclosed quote: read quotes as plain characters
        cells = pd.read_csv(io.StringIO(text), quoting=csv.QUOTE_NONE, **read)
    cells = cells.apply(lambda column: column.str.strip())
    aligned = len(cells) == len(lines)
    return _Raw(cells, too_long if aligned else np.zeros(len(cells), bool), 1,
                lines if aligned else None,
                " " if separator == "whitespace" else separator)


def _measure(lines: list[str], separator: Separator) -> tuple[np.ndarray, np.ndarray]:
    """Each line's length in UTF-8 bytes and the most fields it can have (separators outside
    quotes or not, and runs of whitespace, each start a field), counted over the bytes."""
    text = np.frombuffer("\n".join(lines).encode("utf-8"), np.uint8)
    ends = np.flatnonzero(text == 10)
    length = np.diff(np.r_[-1, ends, len(text)]) - 1
    if separator == "whitespace":
        space = (text == 32) | (text == 9)
        marks = np.flatnonzero(space & ~np.r_[False, space[:-1]])
    else:
        marks = np.flatnonzero(text == ord(separator))
    fields = np.bincount(np.searchsorted(ends, marks), minlength=len(lines)) + 1
    return length, fields


def _sheet(data: bytes) -> tuple[_Raw | None, FileReport]:
    """The first sheet of an Excel workbook as text cells: dates in ISO form, numbers as
    Python writes them, so they read the same way as a CSV export's."""
    from openpyxl import load_workbook  # only for Excel uploads: keeps the app's start fast

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        first_line = sheet.min_row or 1
        rows = [row[:MAX_FIELDS] for row in sheet.iter_rows(values_only=True)]
        book.close()
    except Exception:  # noqa: BLE001 - any failure inside a foreign parser means "not a workbook"
        return None, FileReport("bad_spreadsheet", "xlsx")
    cells = pd.DataFrame.from_records(rows) if rows else pd.DataFrame()
    if cells.empty:
        return None, FileReport("empty", "xlsx")
    cells = cells.apply(lambda column: column.where(column.notna(), "").astype(str).str.strip())
    cells.columns = range(cells.shape[1])
    return (_Raw(cells, np.zeros(len(cells), bool), first_line, None, "\t"),
            FileReport(kind="xlsx"))


# --- cells to the table -----------------------------------------------------------------------

@dataclass(frozen=True)
class _Style:
    """How one column writes its dates or numbers."""

    date_format: DateFormat | None = None
    decimal: DecimalMark | None = None
    thousands: str | None = None
    notice: Notice | None = None


def _table(raw: _Raw, report: FileReport, options: ReadOptions, spec: _Spec) -> TableReading:
    """The rows as the spec's typed columns; skipped rows counted, the first few shown."""

    def unusable(problem: FileProblem) -> TableReading:
        return TableReading(_empty(spec), _with(report, problem=problem))

    cells = raw.cells
    filled = (cells != "").any(axis=1).to_numpy() | raw.too_long
    at = np.flatnonzero(filled)
    if not len(at):
        return unusable("empty")
    header = options.header if options.header is not None else not _looks_like_data(
        cells.iloc[at[0]], spec)
    names = tuple(cells.iloc[at[0]]) if header else ()
    at = at[1:] if header else at
    report = _with(report, header=header, names=names, rows=len(at))
    if not len(at):
        return unusable("no_rows")
    data = cells.iloc[at]
    too_long = raw.too_long[at]
    sample = data[~too_long].iloc[:SAMPLE_ROWS]
    found = _map_columns(sample, names, spec, options)
    if isinstance(found, str):
        return unusable(found)
    mapping = found.columns
    report = _with(report, columns=tuple((role, index) for role, index in mapping.items()),
                   alternatives=found.alternatives,
                   preview=tuple(text[:PREVIEW_CHARS] for text in sample.iloc[0]) if len(
                       sample) else ())

    values: dict[Role, pd.Series] = {}
    styles: list[_Style] = []
    for column in spec.columns:
        cells_of = data[mapping[column.role]].reset_index(drop=True)
        style = _detect(cells_of, column.kind, spec, options)
        styles.append(style)
        values[column.role] = _parse(cells_of, column.kind, style)
    date_bad, amount_bad, negative, reasons = _reasons(values, spec, too_long)
    keep = reasons == 0
    report = _with(
        report,
        decimal=next((s.decimal for s in styles if s.decimal), None),
        thousands=next((s.thousands for s in styles if s.thousands), None),
        date_format=next((s.date_format for s in styles if s.date_format), None),
        notices=tuple(dict.fromkeys([*(s.notice for s in styles if s.notice), *(
            ["ambiguous_amount"] if found.alternatives else [])])),
        used=int(keep.sum()),
        skipped=tuple((reason, int(count)) for reason, count in zip(
            ROW_REASONS, np.bincount(reasons, minlength=len(ROW_REASONS) + 1)[1:]) if count),
        examples=tuple(SkippedRow(raw.first_line + int(at[i]), ROW_REASONS[reasons[i] - 1],
                                  raw.text(int(at[i])))
                       for i in np.flatnonzero(~keep)[:EXAMPLES]),
    )
    if not keep.any():
        readable = ~too_long
        return unusable(
            "all_dates_bad" if date_bad[readable].all()
            else "all_amounts_bad" if amount_bad[readable].all()
            else "all_amounts_negative" if (amount_bad | negative)[readable].all()
            else "no_usable_rows")
    table = pd.DataFrame({role: series[keep] for role, series in values.items()})
    return TableReading(table.reset_index(drop=True), report)


def _with(report: FileReport, **changes: object) -> FileReport:
    return FileReport(**{**report.__dict__, **changes})  # type: ignore[arg-type]


def _reasons(values: dict[Role, pd.Series], spec: _Spec, too_long: np.ndarray
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each row's first reason for being skipped (0 = used, else 1 + its index in
    ROW_REASONS), and which rows have bad dates, unreadable amounts and negative amounts."""
    empty_id = np.zeros(len(too_long), bool)
    date_bad, amount_bad, negative = empty_id.copy(), empty_id.copy(), empty_id.copy()
    for column in spec.columns:
        series = values[column.role]
        if column.kind == "id":
            empty_id |= (series == "").to_numpy()
        elif column.kind == "amount":
            amount_bad |= series.isna().to_numpy()
            negative |= (series < 0).to_numpy()
        else:
            date_bad |= series.isna().to_numpy()
    reasons = np.select([too_long, empty_id, date_bad, amount_bad, negative],
                        np.arange(1, len(ROW_REASONS) + 1), 0)
    return date_bad, amount_bad, negative, reasons


def _looks_like_data(row: pd.Series, spec: _Spec) -> bool:
    """A first row with a date in it is data, not a header."""
    texts = pd.Series(row.to_numpy(), dtype="str")
    return any(_dates(texts, style).notna().any() for style in spec.date_formats)


# --- which column is which --------------------------------------------------------------------

@dataclass(frozen=True)
class _Mapping:
    """Each role's column, and for an amount chosen by content, the other columns that could
    have been it (best first)."""

    columns: dict[Role, int]
    alternatives: tuple[tuple[Role, int], ...] = ()


def _map_columns(sample: pd.DataFrame, names: tuple[str, ...], spec: _Spec,
                 options: ReadOptions) -> _Mapping | FileProblem:
    """Each role's column: the caller's choice, else the best header name whose content fits,
    else by content alone (`_by_content`), else the best header name even though its content
    does not fit."""
    width = sample.shape[1]
    shares: dict[tuple[int, Kind], float] = {}

    def fits(index: int, kind: Kind) -> float:
        if (index, kind) not in shares:
            column = sample[index].reset_index(drop=True)
            parsed = _parse(column, kind, _detect(column, kind, spec, options))
            shares[index, kind] = float(
                ((parsed != "") if kind == "id" else parsed.notna()).mean()) if len(parsed) else 0
        return shares[index, kind]

    chosen: dict[Role, int] = {}
    for column in spec.columns:
        given = options.columns.get(column.role)
        if given is not None:
            index = _resolve(given, names, width)
            if index is None:
                return "unknown_column"
            chosen[column.role] = index
    for column in spec.columns:
        if column.role in chosen:
            continue
        for index in _named(names, column):
            if index not in chosen.values() and fits(index, column.kind) >= USABLE_SHARE:
                chosen[column.role] = index
                break
    by_content = _by_content(sample, spec, options, chosen, fits)
    for column in spec.columns:  # a named column that reads badly: its rows say why
        named = [index for index in _named(names, column) if index not in chosen.values()]
        if column.role not in chosen and named:
            chosen[column.role] = named[0]
    missing = [column.role for column in spec.columns if column.role not in chosen]
    if missing:
        return f"no_{missing[0]}_column"  # type: ignore[return-value]
    return _Mapping({column.role: chosen[column.role] for column in spec.columns}, by_content)


def _by_content(sample: pd.DataFrame, spec: _Spec, options: ReadOptions,
                chosen: dict[Role, int], fits: Callable[[int, Kind], float]
                ) -> tuple[tuple[Role, int], ...]:
    """Roles still open, by content (into `chosen`): dates first (the best read), then ids
    (with letters, else without cents, else the leftmost), then amounts (a column numbering
    rows or customers last, then one without cents, else the leftmost). Returns, for the
    order amount, the columns that could have been it but were not chosen, best first."""
    order = {"date": 0, "month": 0, "id": 1, "amount": 2}
    alternatives: list[tuple[Role, int]] = []
    for column in sorted(spec.columns, key=lambda column: order[column.kind]):
        free = [index for index in range(sample.shape[1]) if index not in chosen.values()
                and fits(index, column.kind) >= USABLE_SHARE]
        if column.role in chosen or not free:
            continue
        if column.kind in ("date", "month"):
            chosen[column.role] = max(free, key=lambda index: fits(index, column.kind))
        elif column.kind == "id":
            chosen[column.role] = min(free, key=lambda index: (
                fits(index, "amount") >= USABLE_SHARE, _has_cents(sample[index], spec, options),
                _numbers_rows(sample[index]), index))
        else:
            owner = chosen.get("customer_id")
            ranked = sorted(free, key=lambda index: (_identifies(
                sample[index], None if owner is None else sample[owner]),
                not _has_cents(sample[index], spec, options), index))
            chosen[column.role] = ranked[0]
            if column.role == "amount":
                alternatives += [(column.role, index) for index in ranked[1:]]
    return tuple(alternatives)


def _has_cents(column: pd.Series, spec: _Spec, options: ReadOptions) -> bool:
    """Whether any value is written with the column's decimal mark: amounts have cents, ids
    and counts do not."""
    column = column.reset_index(drop=True)
    decimal = _detect(column, "amount", spec, options).decimal
    assert decimal is not None
    return bool(_amounts(column[column != ""]).str.slice(1).str.contains(decimal, regex=False)
                .any())


def _numbers_rows(column: pd.Series) -> bool:
    """Whole numbers, all different and without gaps (1…N in any order): a row number, which
    is neither a customer (it never repeats) nor an amount."""
    values = column[column != ""]
    if not len(values) or not values.str.fullmatch("[0-9]+").all():
        return False
    numbers = pd.to_numeric(values, errors="coerce")
    return bool(numbers.is_unique and numbers.max() - numbers.min() + 1 == len(numbers))


def _identifies(column: pd.Series, owner: pd.Series | None) -> bool:
    """Whole numbers that identify rather than measure: zero-padded (0001), numbering the
    rows (all different, no gaps), or numbering the customers (one value per customer, over
    at least `REPEATERS` customers with more than one order, and as many values as customers)."""
    column = column.reset_index(drop=True)
    owner = None if owner is None else owner.reset_index(drop=True)
    filled = column != ""
    values = column[filled]
    if not len(values) or not values.str.fullmatch("[0-9]+").all():
        return False
    if ((values.str.len() > 1) & values.str.startswith("0")).any() or _numbers_rows(values):
        return True
    if owner is None:
        return False
    numbers = pd.to_numeric(values, errors="coerce")
    pairs = pd.DataFrame({"owner": owner[filled].to_numpy(), "value": numbers.to_numpy()})
    repeated = pairs[pairs["owner"].duplicated(keep=False)]
    per_owner = repeated.groupby("owner")["value"].nunique()
    return bool(len(per_owner) >= REPEATERS and (per_owner == 1).all()
                and pairs["value"].nunique() >= ONE_TO_ONE * pairs["owner"].nunique())


def _resolve(given: str | int, names: tuple[str, ...], width: int) -> int | None:
    if isinstance(given, int):
        return given if 0 <= given < width else None
    wanted = _words(given)
    return next((index for index, name in enumerate(names) if _words(name) == wanted), None)


def _named(names: tuple[str, ...], column: _Column) -> list[int]:
    """Columns whose header names the role, best first (an id column before a name column)."""
    ranked = []
    for index, name in enumerate(names):
        tokens = _words(name)
        rank = next((rank for rank, word in enumerate(column.words) if any(
            token == word or (len(word) >= 4 and (token.startswith(word) or token.endswith(word)))
            for token in tokens)), None)
        if rank is not None:
            ranked.append((rank, not (column.kind == "id" and any(
                token.endswith(_ID_WORDS) for token in tokens)), index))
    return [index for *_, index in sorted(ranked)]


def _words(name: str) -> list[str]:
    """A header's words without accents or case: "Rendelés dátuma" → rendeles, datuma;
    "CustomerID" → customer, id."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)
    plain = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode().lower()
    return re.findall(r"[a-z0-9]+", plain)


# --- reading dates and numbers ----------------------------------------------------------------

def _distinct(column: pd.Series) -> pd.Series:
    """Up to STYLE_VALUES distinct non-empty values, spread over the column."""
    values = column[column != ""].unique()
    if len(values) > STYLE_VALUES:
        values = values[np.linspace(0, len(values) - 1, STYLE_VALUES).astype(int)]
    return pd.Series(values, dtype="str")


def _detect(column: pd.Series, kind: Kind, spec: _Spec, options: ReadOptions) -> _Style:
    if kind == "id":
        return _Style()
    values = _distinct(column)
    if kind == "amount":
        core = _amounts(values)
        digits = core[core.str.startswith("=")].str.slice(1).str.lstrip("+-")
        return _number_style(digits, options.decimal)
    formats = ((options.date_format,) if options.date_format
               else spec.date_formats if kind == "month" else _DAY_FORMATS)
    shares = {style: _dates(values, style).notna().mean() if len(values) else 0.0
              for style in formats}
    best = max(formats, key=lambda style: shares[style])  # ties: the first listed
    ambiguous = {best, *(style for style in ("dmy", "mdy") if shares.get(style) == shares[best])}
    return _Style(date_format=best,
                  notice="ambiguous_dates" if {"dmy", "mdy"} <= ambiguous else None)


def _parse(column: pd.Series, kind: Kind, style: _Style) -> pd.Series:
    """The column's values as ids, days, first days of months or numbers (NaT/NaN where they
    cannot be read), each distinct text read once."""
    if kind == "id":
        return column
    codes, uniques = pd.factorize(column)
    texts = pd.Series(uniques, dtype="str")
    if kind == "amount":
        assert style.decimal is not None
        read = _numbers(texts, style.decimal).to_numpy(float)
    else:
        assert style.date_format is not None
        dates = _dates(texts, style.date_format).to_numpy("datetime64[s]")
        read = dates.astype("datetime64[M]").astype("datetime64[s]") if kind == "month" else dates
    return pd.Series(read[codes])


def _dates(texts: pd.Series, style: DateFormat) -> pd.Series:
    """Dates written in `style`, each rewritten as `=year-month-day` and read by one format
    (NaT where the style does not fit)."""
    pattern, order = _DATE_PATTERNS[style]
    rewrite = "=" + "-".join(f"\\{order.index(part) + 1}" if part in order else "1"
                             for part in "ymd")
    core = texts.str.replace(f"^{_BLANK}{pattern}{_BLANK}$", rewrite, regex=True)
    dates = pd.to_datetime(core.where(core.str.startswith("=")), format="=%Y-%m-%d",
                           errors="coerce")
    return dates.where(dates.dt.year.between(*YEARS))


def _amounts(texts: pd.Series) -> pd.Series:
    """Amounts stripped of currency and spaces around, as `=` + sign + digits and marks;
    other texts unchanged (so without the `=`)."""
    return texts.str.replace(_AMOUNT, r"=\1\2", regex=True)


def _numbers(texts: pd.Series, decimal: DecimalMark) -> pd.Series:
    """Amounts with an optional sign and currency; thousands grouped in threes by spaces,
    apostrophes or the other mark."""
    core = _amounts(texts)
    groups = f"[{_GROUPERS}{re.escape(',' if decimal == '.' else '.')}]"
    point = re.escape(decimal)
    valid = core.str.fullmatch(
        rf"=[+-]?(?:[0-9]{{1,3}}(?:{groups}[0-9]{{3}})+|[0-9]+)(?:{point}[0-9]+)?")
    plain = core.str.replace(groups, "", regex=True).str.replace(decimal, ".", regex=False)
    return pd.to_numeric(plain.str.slice(1).where(valid.fillna(False).astype(bool)),
                         errors="coerce")


def _number_style(digits: pd.Series, decimal: DecimalMark | None) -> _Style:
    """The decimal mark: the last of two different marks; a single mark followed by other than
    three digits; a mark used twice groups thousands. "1,234" alone is read as thousands, and
    said to be a guess."""
    notice: Notice | None = None
    if decimal is None:
        comma, dot = digits.str.rfind(","), digits.str.rfind(".")
        commas, dots = digits.str.count(","), digits.str.count(r"\.")
        after = digits.str.len() - np.maximum(comma, dot) - 1
        both, only_comma, only_dot = (comma >= 0) & (dot >= 0), (dot < 0) & (comma >= 0), (
            comma < 0) & (dot >= 0)
        comma_votes = ((both & (comma > dot)) | (only_comma & (commas == 1) & (after != 3))
                       | (only_dot & (dots > 1))).sum()
        dot_votes = ((both & (dot > comma)) | (only_dot & (dots == 1) & (after != 3))
                     | (only_comma & (commas > 1))).sum()
        guesses = (only_dot & (after == 3)).sum() - (only_comma & (after == 3)).sum()
        if comma_votes != dot_votes:
            decimal = "," if comma_votes > dot_votes else "."
        else:
            decimal = "," if guesses > 0 else "."
            notice = "ambiguous_decimal" if guesses else None
    other = "," if decimal == "." else "."
    found = {mark: int(digits.str.contains(pattern).sum()) for mark, pattern in
             ((other, re.escape(other)), (" ", f"[{_SPACES}]"), ("'", "['’]"))}
    thousands = max(found, key=lambda mark: found[mark])
    return _Style(decimal=decimal, thousands=thousands if found[thousands] else None,
                  notice=notice)


# --- the sample file --------------------------------------------------------------------------

DAYS_PER_MONTH = 365.25 / 12


def simulate_orders(*, start: str = "2023-01-01", months: int = 24, customers: int = 1_000,
                    new_per_month: float = 100.0, churn: float = 0.05,
                    orders_per_month: float = 1.0, first_order: float = 40.0,
                    uplift: float = 0.31, seed: int = 1) -> pd.DataFrame:
    """An order log with known answers: `customers` active at `start`, `new_per_month`
    arriving (Poisson), each leaving with monthly probability `churn` and ordering
    `orders_per_month` times a month (Poisson) while active. A newcomer's first order averages
    `first_order`; every later order, and every order of the customers there at the start,
    (1 + `uplift`) times that."""
    rng = np.random.default_rng(seed)
    days = (pd.Timestamp(start) + pd.DateOffset(months=months) - pd.Timestamp(start)).days
    arrivals = rng.poisson(new_per_month * days / DAYS_PER_MONTH)
    join = np.concatenate([np.zeros(customers), np.sort(rng.uniform(0, days, arrivals))])
    hazard = -np.log1p(-churn) / DAYS_PER_MONTH
    life = rng.exponential(1 / hazard, len(join)) if hazard > 0 else np.full(len(join), np.inf)
    leave = np.minimum(join + life, days)
    repeats = rng.poisson(orders_per_month / DAYS_PER_MONTH * (leave - join))
    owner = np.concatenate([np.arange(customers, len(join)), np.repeat(np.arange(len(join)),
                                                                       repeats)])
    first = np.arange(len(owner)) < arrivals
    day = np.where(first, join[owner], join[owner] + rng.uniform(0, 1, len(owner))
                   * (leave - join)[owner])
    mean = np.where(first, first_order, first_order * (1 + uplift))
    amount = np.round(rng.gamma(4.0, mean / 4.0), 2)
    table = pd.DataFrame({
        "customer_id": "C" + pd.Series(owner, dtype="str").str.zfill(5),
        "date": (np.datetime64(start, "D") + day.astype(int)).astype("datetime64[s]"),
        "amount": amount,
    })
    return table.sort_values(["date", "customer_id"], kind="stable").reset_index(drop=True)


def sample_orders_csv() -> str:
    """A small, good order file (a year of a small shop) for people to see the expected form."""
    orders = simulate_orders(start="2024-01-01", months=12, customers=40, new_per_month=6,
                             seed=7)
    return orders.rename(columns={"date": "order_date"}).to_csv(
        index=False, date_format="%Y-%m-%d", float_format="%.2f")
