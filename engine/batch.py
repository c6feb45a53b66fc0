"""Many people at once: profiles from CSV, JSON Lines or Parquet, results as JSON Lines (or Parquet's
typed columns, engine/batchparquet.py) in input order; on local processes or a Dask cluster
(engine/batchdask.py).

Built to run over hundreds of thousands of rows with flat memory, no half files and no lost row:
- every non-blank data line is a row, and every row ends as a result or a bad row (rows =
  results + bad rows); rows are read lazily (engine/batchinput.py) and sent to workers in chunks,
  with only a few chunks in flight;
- the knowledge base is loaded, and compiled into the engine, once before any worker starts, so
  a broken one is one error;
- each worker process holds one Evaluator (one durable-rules engine), opened once; a worker that
  dies (killed, out of memory) ends the run with exit 1 and a message, never a wait or a respawn;
- the targets are checked and locked first (engine/batchfiles.py); the output and errors are
  written to temporary files beside them and moved into place only when the run is complete;
- SIGINT, SIGTERM and SIGHUP become a flag the parent checks between chunks (never an exception
  inside the pool's locks), then the temporary files are removed and the run exits 128 + signal.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .batchfiles import check_targets, locked, sweep_stale, temporary
from .batchinput import Record, count_records, read_records
from .batchpool import WorkerGone, WorkerPool
from .errors import BonekbError, InputError, OutputError, ProfileError, escaped, shown
from .factmodel import ProfileModel
from .knowledge import KnowledgeBase

__all__ = ["Record", "Summary", "count_records", "detect_format", "read_records", "records_of", "rows_in",
           "run_batch"]

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".parquet": "parquet"}
CHUNK = 250
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class WorkerDied(BonekbError):
    """A worker process ended without finishing its rows: the run stops, nothing is written."""

    exit_code = 1


class Stopped(BonekbError):
    """The run was stopped by a signal; its exit status is 128 + the signal's number, as a shell's."""

    def __init__(self, signum: int) -> None:
        self.exit_code = 128 + signum
        super().__init__(f"batch stopped by {signal.Signals(signum).name}; nothing was written")


@dataclass
class Summary:
    rows: int = 0
    results: int = 0
    errors: int = 0


def detect_format(path: Path, given: str | None) -> str:
    """csv, jsonl or parquet, as given or from the file name's suffix."""
    if given:
        return given
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise InputError("INPUT", f"{path.name}: cannot tell the format from the name; accepted: .csv, .jsonl, "
                           ".parquet (or give --input-format csv|jsonl|parquet)")
    return fmt


# The names batch writes: JSON Lines (a name without a suffix too), or Parquet for OUTPUT.
OUTPUT_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", "": "jsonl", ".parquet": "parquet"}
ERRORS_SUFFIXES = (".jsonl", ".ndjson", "")


def output_format(path: Path) -> str:
    """parquet for a .parquet OUTPUT, else JSON Lines."""
    return "parquet" if path.suffix.lower() == ".parquet" else "jsonl"


def check_suffixes(output: Path, errors_path: Path) -> None:
    """Refuse a name whose suffix says a format batch does not write (out.csv would hold JSON Lines)."""
    if output.suffix.lower() not in OUTPUT_SUFFIXES:
        raise InputError("OUTPUT", f"{shown(output.name, 80)}: batch does not write {shown(output.suffix, 20)}; "
                                   "accepted: .jsonl or .ndjson (JSON Lines), .parquet")
    if errors_path.suffix.lower() not in ERRORS_SUFFIXES:
        raise InputError("--errors", f"{shown(errors_path.name, 80)}: the errors file is JSON Lines, not "
                                     f"{shown(errors_path.suffix, 20)}; accepted: .jsonl or .ndjson")


def records_of(source: Path, fmt: str, model: ProfileModel) -> Iterator[Record]:
    """The rows of `source`, read lazily by the reader of its format (columns: the declared facts)."""
    if fmt == "parquet":
        from .batchparquet import read_parquet_records

        return read_parquet_records(source, model)
    return read_records(source, fmt, model)


def rows_in(source: Path, fmt: str) -> int:
    """How many rows `source` holds, for the progress bar."""
    if fmt == "parquet":
        from .batchparquet import count_parquet

        return count_parquet(source)
    return count_records(source, fmt)


# One evaluator per worker process, opened by the pool's initializer.
_worker: dict[str, Any] = {}


def _open_worker(kb_dir: str | None, lang: str, kb: KnowledgeBase | None = None) -> None:
    """Open this process's evaluator: over `kb` when the caller loaded it already, else from `kb_dir`."""
    from .evaluate import Evaluator

    _worker["evaluator"] = Evaluator(kb) if kb is not None else Evaluator.open(kb_dir)
    _worker["lang"] = lang


def _open_pool_worker(kb_dir: str | None, lang: str) -> None:
    # The parent alone decides to stop the run (a terminal sends SIGINT and SIGHUP to the whole
    # group). SIGTERM is how the pool ends a worker: it must kill, not set the flag inherited from the parent.
    for signum in (signal.SIGINT, signal.SIGHUP):
        signal.signal(signum, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _open_worker(kb_dir, lang)


def _evaluate_chunk(records: list[Record]) -> list[tuple[Record, str | None]]:
    return evaluate_records(records, _worker["evaluator"], _worker["lang"])


def evaluate_records(records: list[Record], evaluator: Any, lang: str) -> list[tuple[Record, str | None]]:
    """Each record with its result as one JSON line, or None and the record's error set."""
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


class _StopFlag:
    """The stop signals, turned into a flag for the run's safe points while installed."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self.installed: dict[int, Any] = {}

    def __enter__(self) -> _StopFlag:
        if threading.current_thread() is threading.main_thread():
            for signum in STOP_SIGNALS:
                self.installed[signum] = signal.signal(signum, self._set)
        return self

    def _set(self, signum: int, _frame: Any) -> None:
        self.signum = signum

    def check(self) -> None:
        if self.signum is not None:
            raise Stopped(self.signum)

    def __exit__(self, *exc: object) -> None:
        for signum, previous in self.installed.items():
            signal.signal(signum, previous)


def _in_order(chunks: Iterator[list[Record]], jobs: int, kb_dir: str | None, lang: str, kb: KnowledgeBase,
              stop: _StopFlag, dask: str | None = None,
              progress: Callable[[int], None] | None = None) -> Iterator[list[tuple[Record, str | None]]]:
    """Evaluate chunks in this process (jobs 1, over the loaded `kb`), in a pool, or on Dask (which
    reports `progress` itself), a few chunks in flight, in input order."""
    if dask is not None:
        from .batchdask import dask_chunks

        _open_worker(kb_dir, lang, kb)  # the engine refuses a ruleset here, once, not on every worker
        _worker.pop("evaluator").close()
        yield from dask_chunks(chunks, dask, jobs, kb_dir, lang, stop.check, progress)
        return
    if jobs == 1:
        _open_worker(kb_dir, lang, kb)
        try:
            for chunk in chunks:
                done = _evaluate_chunk(chunk)
                stop.check()
                yield done
        finally:
            _worker.pop("evaluator").close()
        return
    _open_worker(kb_dir, lang, kb)  # the engine refuses a ruleset here, once, not in every worker
    _worker.pop("evaluator").close()
    pool = WorkerPool(jobs, _evaluate_chunk, _open_pool_worker, (kb_dir, lang))
    finished = False
    try:
        yield from pool.map_in_order(chunks, stop.check, ahead=4 * jobs)
        finished = True
    except WorkerGone:
        stop.check()  # the signal reached the workers too
        raise WorkerDied("a worker process ended before finishing its rows (killed, or out of memory); "
                         "the run stopped and wrote nothing") from None
    finally:
        pool.close(kill=not finished)


def run_batch(source: Path, fmt: str, output: Path, errors_path: Path, *, jobs: int = 1, kb_dir: str | None = None,
              lang: str = "en", progress: Callable[[int], None] | None = None, chunk_size: int = CHUNK,
              dask: str | None = None) -> Summary:
    """Evaluate every row of `source`; write results to `output` (JSON Lines, or Parquet for a .parquet
    name) and bad rows to `errors_path`, both only when the whole run is done. The errors file is
    written only when some row was bad; an errors file left by an earlier run onto the same path is
    removed, so it always belongs to the output. `dask`: a scheduler's address, or 'local'."""
    from .extras import require_extra
    from .validate import load_knowledge_base

    if dask is not None:
        require_extra("--dask", "--dask")
    if fmt == "parquet":
        require_extra("INPUT", "a Parquet INPUT")
    if output_format(output) == "parquet":
        require_extra("OUTPUT", "a Parquet OUTPUT")
    check_targets(source, output, errors_path)
    check_suffixes(output, errors_path)
    kb = load_knowledge_base(kb_dir)  # a broken knowledge base is one error here, not one per worker
    with locked(output, "OUTPUT"), locked(errors_path, "--errors"), _StopFlag() as stop:
        for target in (output, errors_path):
            sweep_stale(target)
        summary = Summary()
        out_tmp = temporary(output)
        err_tmp = temporary(errors_path)
        try:
            results = _results_file(out_tmp, output, kb.vocabulary.nutrients)
            with results as out, _written(_JsonLines, err_tmp, errors_path) as err:
                chunks = _chunks(records_of(source, fmt, kb.vocabulary.profile), chunk_size)
                for done in _in_order(chunks, jobs, kb_dir, lang, kb, stop, dask, progress):
                    for record, line in done:
                        summary.rows += 1
                        if line is None:
                            summary.errors += 1
                            err.write(json.dumps({"row": record.row, "line": record.line, "error": record.error},
                                                 ensure_ascii=False))
                        else:
                            summary.results += 1
                            out.write(line)
                    if progress and dask is None:
                        progress(len(done))
            stop.check()
            if summary.errors:
                os.replace(err_tmp, errors_path)
            else:
                err_tmp.unlink()
                errors_path.unlink(missing_ok=True)
            os.replace(out_tmp, output)
        except BaseException:
            for path in (out_tmp, err_tmp):
                path.unlink(missing_ok=True)
            raise
    return summary


class _JsonLines:
    def __init__(self, path: Path) -> None:
        self.handle = open(path, "w", encoding="utf-8")  # noqa: SIM115 (closed by close())

    def write(self, line: str) -> None:
        self.handle.write(line + "\n")

    def close(self) -> None:
        self.handle.close()


class _Guarded:
    """A writer whose failures (a full disk, a quota, an I/O error) are one OutputError naming the
    file the person asked for, not the temporary file nor a traceback."""

    def __init__(self, writer: Any, target: Path) -> None:
        self.writer = writer
        self.target = target

    def write(self, line: str) -> None:
        try:
            self.writer.write(line)
        except OSError as err:
            raise OutputError(escaped(str(self.target)), err) from None

    def close(self) -> None:
        try:
            self.writer.close()
        except OSError as err:
            raise OutputError(escaped(str(self.target)), err) from None


@contextlib.contextmanager
def _written(make: Callable[[Path], Any], path: Path, target: Path) -> Iterator[_Guarded]:
    """A writer made by `make` into the temporary `path` of `target`, closed at the end."""
    try:
        writer = _Guarded(make(path), target)
    except OSError as err:
        raise OutputError(escaped(str(target)), err) from None
    try:
        yield writer
    finally:
        writer.close()


def _results_file(path: Path, target: Path, nutrients: tuple[str, ...]) -> contextlib.AbstractContextManager[Any]:
    """A writer of result lines into `path`: JSON Lines as they are, or Parquet's typed columns."""
    if output_format(target) == "parquet":
        from .batchparquet import ParquetResults

        return _written(lambda where: ParquetResults(where, nutrients), path, target)
    return _written(_JsonLines, path, target)
