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

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from .cells import RawCells, file_bytes, raw_cells
from .file_report import (
    ROW_REASONS,
    DateFormat,
    DecimalMark,
    FileProblem,
    FileReport,
    Kind,
    Notice,
    ReadOptions,
    Role,
    SkippedRow,
    Source,
    TableReading,
)

EXAMPLES = 5  # skipped rows shown by line number
PREVIEW_CHARS = 20  # of each cell of the first row, shown to tell headerless columns apart
SAMPLE_ROWS = 2_000  # rows that decide which column is which
STYLE_VALUES = 20_000  # distinct values of a column that decide its date or number style
USABLE_SHARE = 0.5  # a column holds dates (numbers, ids) if half its sample reads as such
REPEATERS = 5  # customers with repeat orders that can show a number column follows the customer
ONE_TO_ONE = 0.9  # ... and it does, one value per customer, when it has about as many values
YEARS = (1900, 2100)  # dates outside are typing errors


@dataclass(frozen=True)
class _Column:
    """One column a table needs: its role, what it holds, and header words that name it."""

    role: Role
    kind: Kind
    words: tuple[str, ...]  # header words, best first, without accents or case


@dataclass(frozen=True)
class _Spec:
    """The columns of a kind of file (orders, spend) and the date styles it may use."""

    columns: tuple[_Column, ...]
    date_formats: tuple[DateFormat, ...]


_DAY_FORMATS: tuple[DateFormat, ...] = ("iso", "hungarian", "dmy", "mdy", "compact")
ORDERS = _Spec(
    (
        _Column(
            "customer_id",
            "id",
            (
                "customer",
                "client",
                "vevo",
                "ugyfel",
                "vasarlo",
                "megrendelo",
                "buyer",
                "partner",
                "member",
                "user",
                "email",
                "account",
                "cust",
            ),
        ),
        _Column(
            "date",
            "date",
            (
                "date",
                "datum",
                "created",
                "timestamp",
                "time",
                "idopont",
                "kelte",
                "kelt",
                "teljesites",
                "day",
            ),
        ),
        _Column(
            "amount",
            "amount",
            (
                "amount",
                "total",
                "osszeg",
                "brutto",
                "gross",
                "value",
                "ertek",
                "revenue",
                "bevetel",
                "sum",
                "fizetendo",
                "paid",
                "price",
                "netto",
                "net",
                "ar",
            ),
        ),
    ),
    _DAY_FORMATS,
)
SPEND = _Spec(
    (
        _Column("month", "month", ("month", "honap", "period", "idoszak", "date", "datum")),
        _Column(
            "acquisition",
            "amount",
            ("acquisition", "akvizicio", "szerzes", "new", "uj", "prospecting"),
        ),
        _Column(
            "retention",
            "amount",
            ("retention", "megtartas", "loyalty", "huseg", "crm", "existing", "meglevo"),
        ),
    ),
    (*_DAY_FORMATS, "year_month", "month_year"),
)
_ID_WORDS = ("id", "kod", "azonosito", "code", "no", "number", "szam", "email")  # word ends
_DTYPES: dict[Kind, str] = {
    "id": "str",
    "date": "datetime64[s]",
    "month": "datetime64[s]",
    "amount": "float64",
}

# Patterns avoid \d, \s and lookarounds, so that pandas runs them on pyarrow's RE2 (Python's
# re gives the same answers, ten times slower, on hundreds of thousands of distinct amounts).
_SPACES = " \u00a0\u202f"  # spaces and no-break spaces: they group thousands
_GROUPERS = _SPACES + "'’"  # and so do apostrophes
_BLANK = f"[\t{_SPACES}]*"
# Date styles: the pattern, and the order of its year, month (and day) groups.
_DATE_PATTERNS: dict[DateFormat, tuple[str, str]] = {
    "iso": (r"([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})(?:[T ].*)?", "ymd"),
    "hungarian": (
        rf"([0-9]{{4}})\.{_BLANK}([0-9]{{1,2}})\.{_BLANK}([0-9]{{1,2}})\.?(?: .*)?",
        "ymd",
    ),
    "dmy": (
        rf"([0-9]{{1,2}})[./-]{_BLANK}([0-9]{{1,2}})[./-]{_BLANK}([0-9]{{4}})\.?(?: .*)?",
        "dmy",
    ),
    "mdy": (r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})(?: .*)?", "mdy"),
    "compact": (r"([0-9]{4})([0-9]{2})([0-9]{2})", "ymd"),
    "year_month": (rf"([0-9]{{4}})[-./]{_BLANK}([0-9]{{1,2}})\.?", "ym"),
    "month_year": (r"([0-9]{1,2})[-./]([0-9]{4})", "my"),
}
_CURRENCY = r"(?:[A-Za-z]{1,3}\.?|[€$£¥])"  # Ft, Ft., HUF, EUR, €, …
_AMOUNT = (
    f"^{_BLANK}{_CURRENCY}?{_BLANK}([+-]?){_BLANK}{_CURRENCY}?{_BLANK}"
    f"([0-9](?:[0-9.,{_GROUPERS}]*[0-9])?){_BLANK}{_CURRENCY}?{_BLANK}$"
)


def read_orders(data: Source, options: ReadOptions | None = None) -> TableReading:
    """An order file as a table: `customer_id` (text), `date` (day), `amount` (number ≥ 0).

    Args:
        data: the file's bytes, its path, or an open binary file (CSV, TSV, text or Excel).
        options: what the caller knows better than the detection.

    Returns:
        A `TableReading`: the table, and a `FileReport` of what was detected and skipped.

    >>> read_orders(b"customer,date,amount\\nC1,2024-03-15,12.50\\n").table["amount"].tolist()
    [12.5]
    """
    return _read(data, options or ReadOptions(), ORDERS)


def read_spend(data: Source, options: ReadOptions | None = None) -> TableReading:
    """A monthly marketing-spend file as `month` (its first day), `acquisition`, `retention`.

    Args and Returns: as `read_orders`.

    >>> reading = read_spend(b"month;acquisition;retention\\n2024-01;1000;500\\n")
    >>> reading.table["acquisition"].tolist(), reading.report.separator
    ([1000.0], ';')
    """
    return _read(data, options or ReadOptions(), SPEND)


def _read(data: Source, options: ReadOptions, spec: _Spec) -> TableReading:
    """A file's table by `spec`, or the report of why there is none."""
    content = file_bytes(data)
    if isinstance(content, str):
        return TableReading(_empty(spec), FileReport(content))
    raw, report = raw_cells(content, options)
    return TableReading(_empty(spec), report) if raw is None else _table(raw, report, options, spec)


def _empty(spec: _Spec) -> pd.DataFrame:
    """A table with the spec's columns and no rows."""
    return pd.DataFrame(
        {column.role: pd.Series(dtype=_DTYPES[column.kind]) for column in spec.columns}
    )


# --- cells to the table -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    """How one column writes its dates or numbers."""

    date_format: DateFormat | None = None
    decimal: DecimalMark | None = None
    thousands: str | None = None
    notice: Notice | None = None


def _table(raw: RawCells, report: FileReport, options: ReadOptions, spec: _Spec) -> TableReading:
    """The rows as the spec's typed columns; skipped rows counted, the first few shown."""

    def unusable(problem: FileProblem) -> TableReading:
        return TableReading(_empty(spec), replace(report, problem=problem))

    cells = raw.cells
    filled = (cells != "").any(axis=1).to_numpy() | raw.too_long
    at = np.flatnonzero(filled)
    if not len(at):
        return unusable("empty")
    header = (
        options.header
        if options.header is not None
        else not _looks_like_data(cells.iloc[at[0]], spec)
    )
    names = tuple(cells.iloc[at[0]]) if header else ()
    at = at[1:] if header else at
    report = replace(report, header=header, names=names, rows=len(at))
    if not len(at):
        return unusable("no_rows")
    data = cells.iloc[at]
    too_long = raw.too_long[at]
    sample = data[~too_long].iloc[:SAMPLE_ROWS]
    found = _map_columns(sample, names, spec, options)
    if isinstance(found, str):
        return unusable(found)
    mapping = found.columns
    report = replace(
        report,
        columns=tuple((role, index) for role, index in mapping.items()),
        alternatives=found.alternatives,
        preview=tuple(text[:PREVIEW_CHARS] for text in sample.iloc[0]) if len(sample) else (),
    )

    values, styles = _read_columns(data, mapping, spec, options)
    date_bad, amount_bad, negative, reasons = _reasons(values, spec, too_long)
    keep = reasons == 0
    report = _read_report(report, raw, at, styles, bool(found.alternatives), reasons)
    if not keep.any():
        return unusable(_why_unusable(date_bad, amount_bad, negative, too_long))
    table = pd.DataFrame({role: series[keep] for role, series in values.items()})
    return TableReading(table.reset_index(drop=True), report)


def _read_report(
    report: FileReport,
    raw: RawCells,
    at: np.ndarray,
    styles: list[_Style],
    ambiguous_amount: bool,
    reasons: np.ndarray,
) -> FileReport:
    """The report with the styles read, the rows used, and the rows skipped (a few shown)."""
    keep = reasons == 0
    return replace(
        report,
        decimal=next((s.decimal for s in styles if s.decimal), None),
        thousands=next((s.thousands for s in styles if s.thousands), None),
        date_format=next((s.date_format for s in styles if s.date_format), None),
        notices=tuple(
            dict.fromkeys(
                [
                    *(s.notice for s in styles if s.notice),
                    *(("ambiguous_amount",) if ambiguous_amount else ()),
                ]
            )
        ),
        used=int(keep.sum()),
        skipped=tuple(
            (reason, int(count))
            for reason, count in zip(
                ROW_REASONS, np.bincount(reasons, minlength=len(ROW_REASONS) + 1)[1:]
            )
            if count
        ),
        examples=tuple(
            SkippedRow(
                raw.first_line + int(at[i]), ROW_REASONS[reasons[i] - 1], raw.text(int(at[i]))
            )
            for i in np.flatnonzero(~keep)[:EXAMPLES]
        ),
    )


def _why_unusable(
    date_bad: np.ndarray, amount_bad: np.ndarray, negative: np.ndarray, too_long: np.ndarray
) -> FileProblem:
    """Why no row could be used: every readable row's date bad, or amount, or its sign."""
    readable = ~too_long
    if date_bad[readable].all():
        return "all_dates_bad"
    if amount_bad[readable].all():
        return "all_amounts_bad"
    if (amount_bad | negative)[readable].all():
        return "all_amounts_negative"
    return "no_usable_rows"


def _read_columns(
    data: pd.DataFrame, mapping: dict[Role, int], spec: _Spec, options: ReadOptions
) -> tuple[dict[Role, pd.Series], list[_Style]]:
    """Each role's column parsed in its detected style, and the styles."""
    values: dict[Role, pd.Series] = {}
    styles: list[_Style] = []
    for column in spec.columns:
        cells_of = data[mapping[column.role]].reset_index(drop=True)
        style = _detect(cells_of, column.kind, spec, options)
        styles.append(style)
        values[column.role] = _parse(cells_of, column.kind, style)
    return values, styles


def _reasons(
    values: dict[Role, pd.Series], spec: _Spec, too_long: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each row's first skip reason (0: used, else 1 + its ROW_REASONS index), and the bad rows."""
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
    reasons = np.select(
        [too_long, empty_id, date_bad, amount_bad, negative], np.arange(1, len(ROW_REASONS) + 1), 0
    )
    return date_bad, amount_bad, negative, reasons


def _looks_like_data(row: pd.Series, spec: _Spec) -> bool:
    """A first row with a date in it is data, not a header."""
    texts = pd.Series(row.to_numpy(), dtype="str")
    return any(_dates(texts, style).notna().any() for style in spec.date_formats)


# --- which column is which --------------------------------------------------------------------


# The problem of a file without a column for the role.
_NO_COLUMN: dict[Role, FileProblem] = {
    "customer_id": "no_customer_id_column",
    "date": "no_date_column",
    "amount": "no_amount_column",
    "month": "no_month_column",
    "acquisition": "no_acquisition_column",
    "retention": "no_retention_column",
}


@dataclass(frozen=True)
class _Mapping:
    """Each role's column, and for an amount found by content, the other candidates (best first)."""

    columns: dict[Role, int]
    alternatives: tuple[tuple[Role, int], ...] = ()


def _map_columns(
    sample: pd.DataFrame, names: tuple[str, ...], spec: _Spec, options: ReadOptions
) -> _Mapping | FileProblem:
    """Each role's column: given, else a fitting header, else by content, else a header anyway."""
    width = sample.shape[1]
    shares: dict[tuple[int, Kind], float] = {}

    def fits(index: int, kind: Kind) -> float:
        if (index, kind) not in shares:
            column = sample[index].reset_index(drop=True)
            parsed = _parse(column, kind, _detect(column, kind, spec, options))
            shares[index, kind] = (
                float(((parsed != "") if kind == "id" else parsed.notna()).mean())
                if len(parsed)
                else 0
            )
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
    by_content = _byfile_bytes(sample, spec, options, chosen, fits)
    for column in spec.columns:  # a named column that reads badly: its rows say why
        named = [index for index in _named(names, column) if index not in chosen.values()]
        if column.role not in chosen and named:
            chosen[column.role] = named[0]
    missing = [column.role for column in spec.columns if column.role not in chosen]
    if missing:
        return _NO_COLUMN[missing[0]]
    return _Mapping({column.role: chosen[column.role] for column in spec.columns}, by_content)


def _byfile_bytes(
    sample: pd.DataFrame,
    spec: _Spec,
    options: ReadOptions,
    chosen: dict[Role, int],
    fits: Callable[[int, Kind], float],
) -> tuple[tuple[Role, int], ...]:
    """Open roles by content, into `chosen`; the amount's other candidates, best first."""
    order = {"date": 0, "month": 0, "id": 1, "amount": 2}
    alternatives: list[tuple[Role, int]] = []

    def cells(index: int) -> pd.Series:
        """The sample's column `index` (a lambda's untyped index would read as a frame)."""
        return sample[index]

    for column in sorted(spec.columns, key=lambda column: order[column.kind]):
        free = [
            index
            for index in range(sample.shape[1])
            if index not in chosen.values() and fits(index, column.kind) >= USABLE_SHARE
        ]
        if column.role in chosen or not free:
            continue
        if column.kind in ("date", "month"):
            chosen[column.role] = max(free, key=lambda index: fits(index, column.kind))
        elif column.kind == "id":
            chosen[column.role] = min(
                free,
                key=lambda index: (
                    fits(index, "amount") >= USABLE_SHARE,
                    _has_cents(cells(index), spec, options),
                    _numbers_rows(cells(index)),
                    index,
                ),
            )
        else:
            owner = chosen.get("customer_id")
            ranked = sorted(
                free,
                key=lambda index: (
                    _identifies(cells(index), None if owner is None else cells(owner)),
                    not _has_cents(cells(index), spec, options),
                    index,
                ),
            )
            chosen[column.role] = ranked[0]
            if column.role == "amount":
                alternatives += [(column.role, index) for index in ranked[1:]]
    return tuple(alternatives)


def _has_cents(column: pd.Series, spec: _Spec, options: ReadOptions) -> bool:
    """Whether some value has the decimal mark: amounts have cents, ids and counts do not."""
    column = column.reset_index(drop=True)
    decimal = _detect(column, "amount", spec, options).decimal
    assert decimal is not None
    return bool(
        _amounts(column[column != ""]).str.slice(1).str.contains(decimal, regex=False).any()
    )


def _numbers_rows(column: pd.Series) -> bool:
    """Whole numbers 1…N, all different: a row number, neither a customer nor an amount."""
    values = column[column != ""]
    if not len(values) or not values.str.fullmatch("[0-9]+").all():
        return False
    numbers = pd.to_numeric(values, errors="coerce")
    return bool(numbers.is_unique and numbers.max() - numbers.min() + 1 == len(numbers))


def _identifies(column: pd.Series, owner: pd.Series | None) -> bool:
    """Whole numbers that identify, not measure: zero-padded, or numbering rows or customers."""
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
    return bool(
        len(per_owner) >= REPEATERS
        and (per_owner == 1).all()
        and pairs["value"].nunique() >= ONE_TO_ONE * pairs["owner"].nunique()
    )


def _resolve(given: str | int, names: tuple[str, ...], width: int) -> int | None:
    """The column a caller's header name or position points at, or None."""
    if isinstance(given, int):
        return given if 0 <= given < width else None
    wanted = _words(given)
    return next((index for index, name in enumerate(names) if _words(name) == wanted), None)


def _named(names: tuple[str, ...], column: _Column) -> list[int]:
    """Columns whose header names the role, best first (an id column before a name column)."""
    ranked = []
    for index, name in enumerate(names):
        tokens = _words(name)
        rank = next(
            (
                rank
                for rank, word in enumerate(column.words)
                if any(
                    token == word
                    or (len(word) >= 4 and (token.startswith(word) or token.endswith(word)))
                    for token in tokens
                )
            ),
            None,
        )
        if rank is not None:
            ranked.append(
                (
                    rank,
                    not (
                        column.kind == "id" and any(token.endswith(_ID_WORDS) for token in tokens)
                    ),
                    index,
                )
            )
    return [index for *_, index in sorted(ranked)]


def _words(name: str) -> list[str]:
    """A header's words without accents or case: "Rendelés dátuma" → rendeles, datuma."""
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
    """How a column writes its dates or numbers, from its distinct values."""
    if kind == "id":
        return _Style()
    values = _distinct(column)
    if kind == "amount":
        core = _amounts(values)
        digits = core[core.str.startswith("=")].str.slice(1).str.lstrip("+-")
        return _number_style(digits, options.decimal)
    formats = (
        (options.date_format,)
        if options.date_format
        else spec.date_formats
        if kind == "month"
        else _DAY_FORMATS
    )
    shares = {
        style: _dates(values, style).notna().mean() if len(values) else 0.0 for style in formats
    }
    best = max(formats, key=lambda style: shares[style])  # ties: the first listed
    ambiguous = {best, *(style for style in ("dmy", "mdy") if shares.get(style) == shares[best])}
    return _Style(
        date_format=best, notice="ambiguous_dates" if {"dmy", "mdy"} <= ambiguous else None
    )


def _parse(column: pd.Series, kind: Kind, style: _Style) -> pd.Series:
    """The values as ids, days, months or numbers (NaT/NaN if unreadable), each text read once."""
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
    """Dates in `style`, rewritten as `=year-month-day` and read by one format (NaT where unfit)."""
    pattern, order = _DATE_PATTERNS[style]
    rewrite = "=" + "-".join(
        f"\\{order.index(part) + 1}" if part in order else "1" for part in "ymd"
    )
    core = texts.str.replace(f"^{_BLANK}{pattern}{_BLANK}$", rewrite, regex=True)
    dates = pd.to_datetime(
        core.where(core.str.startswith("=")), format="=%Y-%m-%d", errors="coerce"
    )
    return dates.where(dates.dt.year.between(*YEARS))


def _amounts(texts: pd.Series) -> pd.Series:
    """Amounts as `=` + sign + digits and marks, currency and spaces gone; other texts unchanged."""
    return texts.str.replace(_AMOUNT, r"=\1\2", regex=True)


def _numbers(texts: pd.Series, decimal: DecimalMark) -> pd.Series:
    """Amounts with optional sign and currency; thousands in threes by space, ' or other mark."""
    core = _amounts(texts)
    groups = f"[{_GROUPERS}{re.escape(',' if decimal == '.' else '.')}]"
    point = re.escape(decimal)
    valid = core.str.fullmatch(
        rf"=[+-]?(?:[0-9]{{1,3}}(?:{groups}[0-9]{{3}})+|[0-9]+)(?:{point}[0-9]+)?"
    )
    plain = core.str.replace(groups, "", regex=True).str.replace(decimal, ".", regex=False)
    return pd.to_numeric(
        plain.str.slice(1).where(valid.fillna(False).astype(bool)), errors="coerce"
    )


def _number_style(digits: pd.Series, decimal: DecimalMark | None) -> _Style:
    """The decimal and thousands marks; "1,234" alone reads as thousands, a guess said so."""
    notice: Notice | None = None
    if decimal is None:
        comma, dot = digits.str.rfind(","), digits.str.rfind(".")
        commas, dots = digits.str.count(","), digits.str.count(r"\.")
        after = digits.str.len() - np.maximum(comma, dot) - 1
        both, only_comma, only_dot = (
            (comma >= 0) & (dot >= 0),
            (dot < 0) & (comma >= 0),
            (comma < 0) & (dot >= 0),
        )
        comma_votes = (
            (both & (comma > dot))
            | (only_comma & (commas == 1) & (after != 3))
            | (only_dot & (dots > 1))
        ).sum()
        dot_votes = (
            (both & (dot > comma))
            | (only_dot & (dots == 1) & (after != 3))
            | (only_comma & (commas > 1))
        ).sum()
        guesses = (only_dot & (after == 3)).sum() - (only_comma & (after == 3)).sum()
        if comma_votes != dot_votes:
            decimal = "," if comma_votes > dot_votes else "."
        else:
            decimal = "," if guesses > 0 else "."
            notice = "ambiguous_decimal" if guesses else None
    other = "," if decimal == "." else "."
    found = {
        mark: int(digits.str.contains(pattern).sum())
        for mark, pattern in ((other, re.escape(other)), (" ", f"[{_SPACES}]"), ("'", "['’]"))
    }
    thousands = max(found, key=lambda mark: found[mark])
    return _Style(decimal=decimal, thousands=thousands if found[thousands] else None, notice=notice)
