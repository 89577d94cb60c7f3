"""Bytes to cells: a text file's encoding and separator, or an Excel workbook's first sheet,
as a table of stripped text cells (the first of the three jobs of reading a file)."""

from __future__ import annotations

import codecs
import csv
import io
import os
from collections import Counter
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from .file_report import (
    MAX_BYTES,
    Encoding,
    FileProblem,
    FileReport,
    ReadOptions,
    Separator,
    Source,
)

MAX_FIELDS = 100  # more fields than this on a line: not a row of an order table
MAX_LINE_CHARS = 10_000  # nor is a longer line
SNIFF_LINES = 200  # lines that decide the separator

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


def file_bytes(data: Source) -> bytes | FileProblem:
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


@dataclass(frozen=True)
class RawCells:
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


def raw_cells(data: bytes, options: ReadOptions) -> tuple[RawCells | None, FileReport]:
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
    """The delimiter splitting the most fields alike; whitespace only after (names hold spaces)."""
    sample = [line for line in lines[: SNIFF_LINES * 2] if line.strip()][:SNIFF_LINES]
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
    """The field count of most lines (over half; else 0), so a few garbage lines cannot hide it."""
    if not counts:
        return 0
    fields, lines = Counter(counts).most_common(1)[0]
    return fields if lines > len(counts) / 2 else 0


def _split(lines: list[str], separator: Separator) -> RawCells:
    """The lines as cells; a too long or wide line is emptied first, so none makes a huge table."""
    length, fields = _measure(lines, separator)
    too_long = (length > MAX_LINE_CHARS) | (fields > MAX_FIELDS)
    width = int(fields[~too_long].max(initial=1))
    kept = np.where(too_long, "", np.asarray(lines, dtype=object)) if too_long.any() else lines
    text = "\n".join(kept) + "\n"  # with its last newline a last blank line is a row too

    def read(quoting: Literal[0, 3] = csv.QUOTE_MINIMAL) -> pd.DataFrame:
        """The text as a table of strings, every line a row and nothing read as missing."""
        return pd.read_csv(
            io.StringIO(text),
            sep=r"\s+" if separator == "whitespace" else separator,
            header=None,
            names=range(width),
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            index_col=False,
            quoting=quoting,
        )

    try:
        cells = read()
    except pd.errors.ParserError:  # an unclosed quote: read quotes as plain characters
        cells = read(csv.QUOTE_NONE)
    cells = cells.apply(lambda column: column.str.strip())
    aligned = len(cells) == len(lines)
    return RawCells(
        cells,
        too_long if aligned else np.zeros(len(cells), bool),
        1,
        lines if aligned else None,
        " " if separator == "whitespace" else separator,
    )


def _measure(lines: list[str], separator: Separator) -> tuple[np.ndarray, np.ndarray]:
    """Each line's length in UTF-8 bytes and the most fields it can have, counted over the bytes."""
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


def _sheet(data: bytes) -> tuple[RawCells | None, FileReport]:
    """An Excel workbook's first sheet as text cells, written as a CSV export of it would read."""
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
    return (
        RawCells(cells, np.zeros(len(cells), bool), first_line, None, "\t"),
        FileReport(kind="xlsx"),
    )
