"""Many people at once: profiles from CSV or JSON Lines, results as JSON Lines in input order.

Built to run over hundreds of thousands of rows with flat memory and no half files:
- rows are read lazily and sent to workers in chunks, with only a few chunks in flight;
- each worker process holds one Evaluator (one durable-rules engine), opened once;
- a row with bad data becomes a line of the errors file (row number and the one-line problem),
  and the run goes on; any other failure stops the run;
- the output and errors are written to temporary files beside their targets and moved into place
  only when the run is complete, so an interrupted run leaves no file that looks whole;
- Ctrl-C with worker processes: the workers ignore SIGINT (a terminal sends it to the whole
  process group) and the parent turns it into a flag it checks between results, so the pool is
  never interrupted inside its own locks, where terminating it could deadlock.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import tempfile
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from .errors import InputError, ProfileError
from .factmodel import ProfileModel
from .knowledge import KnowledgeBase

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}
CHUNK = 250


@dataclass
class Record:
    """One input row: its number among the rows (from 1), the line it starts on, and its profile or problem."""

    row: int
    line: int
    raw: dict[str, Any] | None
    error: str | None = None


@dataclass
class Summary:
    rows: int = 0
    results: int = 0
    errors: int = 0


def detect_format(path: Path, given: str | None) -> str:
    """csv or jsonl, as given or from the file name's suffix."""
    if given:
        return given
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError("INPUT", f"{path.name}: cannot tell the format from the name; accepted: .csv, .jsonl "
                           "(or give --input-format csv|jsonl)")
    return fmt


def read_records(path: Path, fmt: str, model: ProfileModel) -> Iterator[Record]:
    """The rows of a CSV or JSON Lines file, one at a time (a CSV's columns are the declared facts)."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as err:
        raise InputError("INPUT", f"cannot read {path}: {err.strerror}") from None
    with handle:
        try:
            yield from (_csv_records(handle, model) if fmt == "csv" else _jsonl_records(handle))
        except UnicodeDecodeError:
            raise InputError("INPUT", f"{path} is not UTF-8 text") from None


def count_records(path: Path, fmt: str) -> int:
    """How many rows the file holds (for the progress bar); a quick pass that parses nothing."""
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:  # read_records reports bad text
        if fmt == "csv":
            return max(sum(1 for _ in csv.reader(handle)) - 1, 0)
        return sum(1 for line in handle if line.strip())


def _csv_records(handle: TextIO, model: ProfileModel) -> Iterator[Record]:
    reader = csv.reader(handle)
    header = next(reader, None)
    if header is None:
        return
    columns = [name.strip() for name in header]
    unknown = [c for c in columns if c not in model.declared]
    if unknown:
        accepted = ", ".join(model.fields)
        raise InputError("INPUT", f"column '{unknown[0]}' is not a profile field; accepted: {accepted}")
    line = reader.line_num + 1
    for row, cells in enumerate(reader, start=1):
        if len(cells) != len(columns) and any(c.strip() for c in cells):
            yield Record(row, line, None, f"row has {len(cells)} cells; the header has {len(columns)} columns")
        else:
            yield Record(row, line, _csv_profile(columns, cells, model.list_fields))
        line = reader.line_num + 1


def _csv_profile(columns: list[str], cells: list[str], list_fields: tuple[str, ...]) -> dict[str, Any]:
    """A CSV row as a raw profile: an empty cell is not given; list fields are ';'-separated."""
    raw: dict[str, Any] = {}
    for name, cell in zip(columns, cells, strict=False):
        text = cell.strip()
        if not text:
            continue
        raw[name] = [part.strip() for part in text.split(";") if part.strip()] if name in list_fields else text
    return raw


def _jsonl_records(handle: TextIO) -> Iterator[Record]:
    row = 0
    for line, text in enumerate(handle, start=1):
        if not text.strip():
            continue
        row += 1
        try:
            data = json.loads(text)
        except json.JSONDecodeError as err:
            yield Record(row, line, None, f"not valid JSON: {err.msg} at column {err.colno}")
            continue
        if not isinstance(data, dict):
            yield Record(row, line, None, "must be a JSON object of field: value")
        else:
            yield Record(row, line, data)


# One evaluator per worker process, opened by the pool's initializer.
_worker: dict[str, Any] = {}


def _open_worker(kb_dir: str | None, lang: str, kb: KnowledgeBase | None = None) -> None:
    """Open this process's evaluator: over `kb` when the caller loaded it already, else from `kb_dir`."""
    from .evaluate import Evaluator

    _worker["evaluator"] = Evaluator(kb) if kb is not None else Evaluator.open(kb_dir)
    _worker["lang"] = lang


def _open_pool_worker(kb_dir: str | None, lang: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent alone decides to stop the run
    _open_worker(kb_dir, lang)


def _evaluate_chunk(records: list[Record]) -> list[tuple[Record, str | None]]:
    """Each record with its result as one JSON line, or None and the record's error set."""
    evaluator, lang = _worker["evaluator"], _worker["lang"]
    out: list[tuple[Record, str | None]] = []
    for record in records:
        if record.raw is None:
            out.append((record, None))
            continue
        try:
            result = evaluator.evaluate(record.raw)
        except ProfileError as err:
            record.error = str(err)
            out.append((record, None))
            continue
        out.append((record, json.dumps({"row": record.row, **result.as_dict(lang)}, ensure_ascii=False)))
    return out


def _chunks(records: Iterator[Record], size: int) -> Iterator[list[Record]]:
    chunk: list[Record] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _in_order(chunks: Iterator[list[Record]], jobs: int, kb_dir: str | None, lang: str,
              kb: KnowledgeBase) -> Iterator[list[tuple[Record, str | None]]]:
    """Evaluate chunks in this process (jobs 1, over the loaded `kb`) or in a pool, a few chunks in
    flight, in input order."""
    if jobs == 1:
        _open_worker(kb_dir, lang, kb)
        try:
            for chunk in chunks:
                yield _evaluate_chunk(chunk)
        finally:
            _worker.pop("evaluator").close()
        return
    import multiprocessing

    interrupted = threading.Event()
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, lambda *_: interrupted.set()) if in_main_thread else None
    pool = multiprocessing.Pool(jobs, initializer=_open_pool_worker, initargs=(kb_dir, lang))
    try:
        pending: deque[Any] = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(_evaluate_chunk, (chunk,)))
            if len(pending) >= 4 * jobs:
                yield _result_of(pending.popleft(), interrupted)
        while pending:
            yield _result_of(pending.popleft(), interrupted)
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        if in_main_thread:
            signal.signal(signal.SIGINT, previous)


def _result_of(pending: Any, interrupted: threading.Event) -> list[tuple[Record, str | None]]:
    """Wait for a chunk's results, raising KeyboardInterrupt here (a safe point) once Ctrl-C came."""
    import multiprocessing

    while not interrupted.is_set():
        try:
            return pending.get(timeout=0.05)
        except multiprocessing.TimeoutError:
            continue
    raise KeyboardInterrupt


def run_batch(source: Path, fmt: str, output: Path, errors_path: Path, *, jobs: int = 1, kb_dir: str | None = None,
              lang: str = "en", progress: Callable[[int], None] | None = None, chunk_size: int = CHUNK) -> Summary:
    """Evaluate every row of `source`; write results to `output` and bad rows to `errors_path`, both
    only when the whole run is done."""
    from .validate import load_knowledge_base

    kb = load_knowledge_base(kb_dir)  # a broken knowledge base is one error here, not one per worker
    for path, name in ((output, "OUTPUT"), (errors_path, "--errors")):
        if not path.parent.is_dir():
            raise InputError(name, f"{path.parent} is not a directory")
    summary = Summary()
    out_tmp = _temporary(output)
    err_tmp = _temporary(errors_path)
    try:
        with open(out_tmp, "w", encoding="utf-8") as out, open(err_tmp, "w", encoding="utf-8") as err:
            records = read_records(source, fmt, kb.vocabulary.profile)
            for done in _in_order(_chunks(records, chunk_size), jobs, kb_dir, lang, kb):
                for record, line in done:
                    summary.rows += 1
                    if line is None:
                        summary.errors += 1
                        err.write(json.dumps({"row": record.row, "line": record.line, "error": record.error},
                                             ensure_ascii=False) + "\n")
                    else:
                        summary.results += 1
                        out.write(line + "\n")
                if progress:
                    progress(len(done))
        os.replace(err_tmp, errors_path)
        os.replace(out_tmp, output)
    except BaseException:
        for path in (out_tmp, err_tmp):
            path.unlink(missing_ok=True)
        raise
    return summary


def _temporary(target: Path) -> Path:
    """An empty file beside `target` (same file system, so the final move is atomic)."""
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(handle)
    return Path(name)
