"""bonekb for other engines: evaluate a pandas DataFrame (or a stream of them) of profiles.

The input's columns are `bonekb batch`'s CSV columns (profile fields; text, numbers, booleans,
lists of text in the list fields; null or NaN = not given), read by the same row reader and
normaliser as a batch, so the same bounds and bad-row rules apply. Columns named in `keep`
(a person's id, say) are copied to the output unchanged, first. The output has one row per input
row, in order, with the typed columns of engine/resulttable.py and an `error` column: null for a
result, the problem for a bad row (whose result columns are then null).

`evaluate_frames` takes and yields an iterator of DataFrames, as Spark's mapInPandas calls it; one
evaluator (one rules engine) per process is opened on first use and kept for the next calls.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .errors import InputError, shown
from .extras import require_extra
from .resulttable import arrow_schema, columns, result_row, spark_ddl

_evaluators: dict[str | None, Any] = {}


def _evaluator(kb: Path | str | None) -> Any:
    key = None if kb is None else str(kb)
    if key not in _evaluators:
        from .evaluate import Evaluator

        _evaluators[key] = Evaluator.open(key)
    return _evaluators[key]


def result_schema(keep: str = "", kb: Path | str | None = None) -> str:
    """The output's columns as a Spark DDL string; `keep` is the DDL of the kept columns ("person_id bigint")."""
    nutrients = _evaluator(kb).kb.vocabulary.nutrients
    return ", ".join(part for part in (keep, spark_ddl(nutrients, {"error": "string"})) if part)


def evaluate_frame(frame: Any, kb: Path | str | None = None, lang: str = "en", keep: Sequence[str] = ()) -> Any:
    """One DataFrame of people in, one DataFrame of results out (same rows, same order)."""
    return next(evaluate_frames([frame], kb=kb, lang=lang, keep=keep))


def evaluate_frames(frames: Iterable[Any], kb: Path | str | None = None, lang: str = "en",
                    keep: Sequence[str] = ()) -> Iterator[Any]:
    """Each DataFrame of people as a DataFrame of results; rows are numbered on across the frames."""
    require_extra("frame", "bonekb.evaluate_frame", ("pyarrow", "pandas"))
    import pyarrow as pa

    from .batch import evaluate_records
    from .batchparquet import records_of_batches

    evaluator = _evaluator(kb)
    keep = list(keep)
    nutrients = evaluator.kb.vocabulary.nutrients
    clash = [name for name in keep if name in columns(nutrients) or name == "error"]
    if clash:
        raise InputError("keep", f"{shown(clash[0])} is also an output column; rename it")
    extra = {"error": "string"}
    row = 0
    for frame in frames:
        missing = [name for name in keep if name not in frame.columns]
        if missing:
            raise InputError("keep", f"column {shown(missing[0])} is not in the frame")
        table = pa.Table.from_pandas(frame.drop(columns=keep), preserve_index=False)
        records = list(records_of_batches(table.schema, table.to_batches(), evaluator.kb.vocabulary.profile,
                                              first_row=row + 1))
        row += len(records)
        rows = []
        for record, line in evaluate_records(records, evaluator, lang):
            if line is None:
                rows.append({**dict.fromkeys(columns(nutrients)), "row": record.row, "error": record.error})
            else:
                rows.append({**result_row(line, nutrients), "error": None})
        out = pa.Table.from_pylist(rows, schema=arrow_schema(nutrients, extra)).to_pandas()
        for position, name in enumerate(keep):
            out.insert(position, name, frame[name].reset_index(drop=True))
        yield out
