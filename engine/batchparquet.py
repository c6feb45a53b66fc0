"""Parquet in and out for `bonekb batch` and the DataFrame API (pyarrow, from the dask extra).

In: the columns are the CSV's (profile field names, each once). A row's cells become the same text
a CSV cell would hold and go through the same row reader (batchinput.cells_record) and profile
normaliser, so every bound, bad-row rule and count applies. Accepted column types: text, whole and
decimal numbers (a decimal that is whole is written as the whole number; NaN and infinity are
refused by the normaliser as any text would be), true/false, and lists of text in the list fields
(taking, medications, conditions). A null cell is not given. A row whose cells come to more than
MAX_LINE_BYTES is a bad row, as a CSV line would be. Categories (dictionary-encoded text) and
decimals (read as their exact text) are accepted too. For a Parquet row the errors file's "line" is
its position in the file (from 1), as its "row".

Out: one row per person with the typed columns of engine/resulttable.py, in input order, written
in row groups of ROW_GROUP people as the run goes (flat memory).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .batchinput import MAX_LINE_BYTES, Record, cells_record, check_columns
from .errors import InputError, shown
from .extras import require_extra
from .factmodel import ProfileModel
from .resulttable import arrow_schema, result_row

ROW_GROUP = 10_000
TYPES_HINT = "accepted: text, whole or decimal numbers, true/false, and lists of text in "


def _open(path: Path) -> Any:
    require_extra("INPUT", "a Parquet file")
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not path.is_file():
        raise InputError("INPUT", f"{shown(str(path), 200)} is not a regular file; give a Parquet file")
    try:
        return pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as err:
        raise InputError("INPUT", f"{shown(str(path), 200)} is not a Parquet file bonekb can read: "
                                  f"{shown(str(err), 120)}") from None


def count_parquet(path: Path) -> int:
    """How many rows the file holds, from its footer (for the progress bar); 0 when unreadable."""
    try:
        return _open(path).metadata.num_rows
    except InputError:
        return 0


def read_parquet_records(path: Path, model: ProfileModel, batch_rows: int = 1_000) -> Iterator[Record]:
    """The rows of a Parquet file, one at a time, read in batches of `batch_rows`."""
    file = _open(path)
    yield from records_of_batches(file.schema_arrow, file.iter_batches(batch_size=batch_rows), model)


def records_of_batches(schema: Any, batches: Any, model: ProfileModel, first_row: int = 1) -> Iterator[Record]:
    """Records from Arrow record batches of people (a Parquet file's, or a DataFrame's)."""
    columns = check_columns([field.name for field in schema], model)
    for field in schema:
        _check_type(field, model.list_fields)
    row = first_row - 1
    for batch in batches:
        values = [batch.column(i).to_pylist() for i in range(batch.num_columns)]
        for cells in zip(*values, strict=True):
            row += 1
            texts = [_cell(cell) for cell in cells]
            size = sum(len(t.encode("utf-8")) if isinstance(t, str) else sum(len(i.encode("utf-8")) for i in t)
                       for t in texts)
            if size > MAX_LINE_BYTES:
                yield Record(row, row, None, f"the row is longer than {MAX_LINE_BYTES:,} bytes")
                continue
            yield cells_record(row, row, columns, texts, model.list_fields)


def _check_type(field: Any, list_fields: tuple[str, ...]) -> None:
    import pyarrow.types as t

    kind = field.type
    if t.is_list(kind) or t.is_large_list(kind):
        if field.name in list_fields and (t.is_string(kind.value_type) or t.is_large_string(kind.value_type)
                                          or t.is_null(kind.value_type)):
            return
    elif t.is_dictionary(kind):  # pandas' categories
        if t.is_string(kind.value_type) or t.is_large_string(kind.value_type):
            return
    elif any(check(kind) for check in (t.is_string, t.is_large_string, t.is_integer, t.is_floating,
                                       t.is_decimal, t.is_boolean, t.is_null)):
        return
    raise InputError("INPUT", f"column {shown(field.name)} holds {shown(str(kind), 60)}; "
                              f"{TYPES_HINT}{', '.join(list_fields)}")


def _cell(value: Any) -> str | list[str]:
    """A Parquet value as the text a CSV cell would hold (a list of text stays a list)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if math.isfinite(value) and value.is_integer() else repr(value)
    if isinstance(value, list):
        return [item for item in value if item is not None]
    return str(value)


class ParquetResults:
    """Results written to a Parquet file in row groups, as JSON lines arrive."""

    def __init__(self, path: Path, nutrients: tuple[str, ...]) -> None:
        import pyarrow.parquet as pq

        self.nutrients = nutrients
        self.schema = arrow_schema(nutrients)
        self.writer = pq.ParquetWriter(path, self.schema)
        self.rows: list[dict[str, Any]] = []

    def write(self, line: str) -> None:
        self.rows.append(result_row(line, self.nutrients))
        if len(self.rows) >= ROW_GROUP:
            self.flush()

    def flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []

    def close(self) -> None:
        self.flush()
        self.writer.close()
