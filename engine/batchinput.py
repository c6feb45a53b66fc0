"""The rows of a batch input, read strictly so that every row is accounted for.

One line is one row: a profile never holds a line break, so a quote left open cannot swallow
the rows after it; that line alone is a bad row. Blank lines are skipped in both formats, a UTF-8
byte-order mark (Excel) is accepted, and each line is decoded and bounded on its own, so a line
that is not UTF-8 or is too long is a bad row and the run goes on. Every other line becomes a
Record: a profile, or the problem that makes it a bad row.
"""

from __future__ import annotations

import codecs
import csv
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from .errors import InputError, ProfileError, shown
from .factmodel import ProfileModel
from .profile import load_json

MAX_LINE_BYTES = 65_536  # one row; a profile is a few hundred bytes
CSV_HINT = "write a cell holding a comma or a quote in double quotes, a quote in it as \"\", all on one line"


@dataclass
class Record:
    """One input row: its number among the rows (from 1), its line in the file, and its profile or problem."""

    row: int
    line: int
    raw: dict[str, Any] | None
    error: str | None = None


def read_records(path: Path, fmt: str, model: ProfileModel) -> Iterator[Record]:
    """The rows of a CSV or JSON Lines file, one at a time (a CSV's columns are the declared facts)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise InputError("INPUT", f"{shown(str(path), 200)} is not a regular file; give a CSV or JSON Lines file")
        handle = path.open("rb")
    except OSError as err:
        raise InputError("INPUT", f"cannot read {shown(str(path), 200)}: {err.strerror}") from None
    with handle:
        lines = _lines(handle)
        yield from (_csv_records(lines, model) if fmt == "csv" else _jsonl_records(lines))


def count_records(path: Path, fmt: str) -> int:
    """How many rows the file holds (for the progress bar): its non-blank lines, less the CSV header;
    0 for what read_records refuses (a FIFO read here would be lost to the run)."""
    if not path.is_file():
        return 0
    with path.open("rb") as handle:
        lines = sum(1 for line in handle if line.strip() and line.strip() != codecs.BOM_UTF8)
    return max(lines - 1, 0) if fmt == "csv" else lines


def _lines(handle: BinaryIO) -> Iterator[tuple[int, str | None, str | None]]:
    """(line number, text without its line ending, None) for each line; (number, None, problem) for
    a line too long or not UTF-8. Blank lines are left out."""
    number = 0
    while data := handle.readline(MAX_LINE_BYTES + 1):
        number += 1
        if len(data) > MAX_LINE_BYTES:
            while data and not data.endswith(b"\n"):  # the rest of that line, read and dropped
                data = handle.readline(MAX_LINE_BYTES)
            yield number, None, f"the line is longer than {MAX_LINE_BYTES:,} bytes"
            continue
        if number == 1 and data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8):]
        if not data.strip():  # blank: ASCII white space only, as count_records counts
            continue
        try:
            yield number, data.decode("utf-8").rstrip("\r\n"), None
        except UnicodeDecodeError as err:
            yield number, None, f"the line is not UTF-8 text (byte {err.start + 1})"


def _csv_records(lines: Iterator[tuple[int, str | None, str | None]], model: ProfileModel) -> Iterator[Record]:
    columns: list[str] | None = None
    row = 0
    for number, text, problem in lines:
        if columns is None:
            if text is None:
                raise InputError("INPUT", f"line {number}, the header: {problem}")
            columns = _header(text, model)
            continue
        row += 1
        if text is None:
            yield Record(row, number, None, problem)
            continue
        try:
            cells = next(csv.reader([text], strict=True))
        except csv.Error as err:
            yield Record(row, number, None, f"not valid CSV ({err}); {CSV_HINT}")
            continue
        if len(cells) != len(columns):
            yield Record(row, number, None, f"row has {_count(len(cells), 'cell')}; the header has "
                                            f"{_count(len(columns), 'column')}")
            continue
        yield cells_record(row, number, columns, cells, model.list_fields)
    if columns is None:
        raise InputError("INPUT", "the file has no header line (it is empty or blank); accepted: a CSV whose "
                                  "first line names the columns (age,sex,taking,...)")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def cells_record(row: int, line: int, columns: list[str], cells: list[str | list[str]],
                 list_fields: tuple[str, ...]) -> Record:
    """A row of cells (CSV's, or a Parquet row's as text) as a Record: its profile, or "row has no values"."""
    raw = _csv_profile(columns, cells, list_fields)
    return Record(row, line, raw) if raw else Record(row, line, None, "row has no values")


def _header(text: str, model: ProfileModel) -> list[str]:
    try:
        columns = [name.strip() for name in next(csv.reader([text], strict=True))]
    except csv.Error as err:
        raise InputError("INPUT", f"the header is not valid CSV ({err}); {CSV_HINT}") from None
    return check_columns(columns, model)


def check_columns(columns: list[str], model: ProfileModel) -> list[str]:
    """The columns of a table of people, each a profile field given once; else one line naming the column."""
    for index, name in enumerate(columns):
        if not name:
            where = "the last column (a trailing comma?)" if index == len(columns) - 1 else f"column {index + 1}"
            raise InputError("INPUT", f"the header has an empty column name: {where}; give each column a "
                                      "profile field's name")
        if name not in model.fields:
            accepted = ", ".join(model.fields)
            raise InputError("INPUT", f"column {shown(name)} is not a profile field; accepted: {accepted}")
        if name in columns[:index]:
            raise InputError("INPUT", f"column {shown(name)} appears twice (columns {columns.index(name) + 1} "
                                      f"and {index + 1}); give each field once")
    return columns


def _csv_profile(columns: list[str], cells: list[str | list[str]], list_fields: tuple[str, ...]) -> dict[str, Any]:
    """A row as a raw profile: an empty cell is not given; list fields are ';'-separated text, or
    (from Parquet) a list of items."""
    raw: dict[str, Any] = {}
    for name, cell in zip(columns, cells, strict=True):
        if isinstance(cell, list):
            items = [item.strip() for item in cell if item.strip()]  # Parquet allows lists in list fields only
            if items:
                raw[name] = items
            continue
        text = cell.strip()
        if not text:
            continue
        raw[name] = [part.strip() for part in text.split(";") if part.strip()] if name in list_fields else text
    return raw


def _jsonl_records(lines: Iterator[tuple[int, str | None, str | None]]) -> Iterator[Record]:
    for row, (number, text, problem) in enumerate(lines, start=1):
        if text is None:
            yield Record(row, number, None, problem)
            continue
        try:
            data = load_json(text)
        except ProfileError as err:
            yield Record(row, number, None, str(err))
            continue
        except ValueError as err:
            where = f": {err.msg} at column {err.colno}" if hasattr(err, "colno") else f": {err}"
            yield Record(row, number, None, f"not valid JSON{where}")
            continue
        if isinstance(data, dict):
            yield Record(row, number, data)
        else:
            yield Record(row, number, None, "must be a JSON object of field: value")
