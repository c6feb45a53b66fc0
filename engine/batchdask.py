"""`bonekb batch --dask ADDRESS`: the chunks of rows evaluated on Dask workers, results in input order.

- One Evaluator (one durable-rules engine) per worker process, opened by the first chunk that
  process runs and kept for the next ones (`_worker_evaluator`); its C ruleset is freed when the
  process ends (RuleSession's finalizer), and every person's session is deleted as it is done.
- Each chunk is one task with its own key; Dask recomputes the tasks of a worker that dies, and
  the client takes each chunk's result once, by its index, so no row is lost or doubled.
- A few chunks per worker thread are in flight; results are taken as they complete (the progress
  bar follows them) and handed on in input order.
- `local` starts a LocalCluster of `jobs` worker processes of one thread each, closed at the end.
- A stop signal (Ctrl-C) is checked while waiting: the futures are cancelled, the client closed,
  and the caller removes its temporary files.
The workers import bonekb (and the knowledge base directory, if one is given, is read on them):
on a remote cluster, install the same bonekb there.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from distributed import WorkerPlugin  # this module is imported only once the dask extra is found

from .batchinput import Record
from .errors import InputError, shown

Chunk = list[tuple[Record, str | None]]

# In each worker process: (kb_dir, lang) -> its evaluator, opened once.
_evaluators: dict[tuple[str | None, str], Any] = {}


def _worker_evaluator(kb_dir: str | None, lang: str) -> Any:
    key = (kb_dir, lang)
    if key not in _evaluators:
        from .evaluate import Evaluator

        _evaluators[key] = Evaluator.open(kb_dir)
    return _evaluators[key]


def evaluate_chunk_on_worker(records: list[Record], kb_dir: str | None, lang: str) -> Chunk:
    """A Dask task: one chunk, through this worker process's evaluator."""
    from .batch import evaluate_records

    return evaluate_records(records, _worker_evaluator(kb_dir, lang), lang)


class IgnoreTerminalSignals(WorkerPlugin):
    """In each local worker process (a restarted one too): Ctrl-C and a closed terminal reach the
    whole process group, but only the batch decides to stop (it cancels the tasks, closes the cluster)."""

    def setup(self, worker: Any) -> None:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGHUP):
                signal.signal(signum, signal.SIG_IGN)


@contextlib.contextmanager
def _client(address: str, jobs: int) -> Iterator[Any]:
    from distributed import Client, LocalCluster

    if address == "local":
        # CRITICAL: a worker still beating its heart as Ctrl-C closes the scheduler logs an ERROR with a
        # traceback; bonekb says what happened in its own one line (the run's errors come back as futures).
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=":0",
                               silence_logs=logging.CRITICAL)
        try:
            with Client(cluster) as client:
                client.register_plugin(IgnoreTerminalSignals(), name="bonekb-ignore-terminal-signals")
                yield client
        finally:
            cluster.close()
        return
    try:
        client = Client(address, timeout="20s")
    except (OSError, TimeoutError, ValueError) as err:
        raise InputError("--dask", f"cannot reach a Dask scheduler at {shown(address, 200)}: "
                                   f"{shown(str(err), 120)}") from None
    with client:
        yield client


def dask_chunks(chunks: Iterator[list[Record]], address: str, jobs: int, kb_dir: str | None, lang: str,
                check_stop: Callable[[], None], progress: Callable[[int], None] | None = None) -> Iterator[Chunk]:
    """Evaluate `chunks` on the Dask cluster at `address` ('local': a LocalCluster of `jobs` workers);
    yield their results in input order, calling `progress` with each chunk's size as it completes."""
    from distributed import as_completed
    from distributed.scheduler import KilledWorker

    from .batch import WorkerDied

    with _client(address, jobs) as client:
        threads = sum(client.nthreads().values()) or jobs
        window = 4 * max(threads, 1)
        done: dict[int, Chunk] = {}
        futures: dict[Any, int] = {}
        arriving = as_completed()
        source = enumerate(chunks)
        next_out, exhausted = 0, False
        run = uuid.uuid4().hex  # task keys of this run alone, on a cluster others may share
        try:
            while True:
                while not exhausted and len(futures) < window:
                    item = next(source, None)
                    if item is None:
                        exhausted = True
                        break
                    index, chunk = item
                    future = client.submit(evaluate_chunk_on_worker, chunk, kb_dir, lang, pure=False,
                                           key=f"bonekb-chunk-{run}-{index}")
                    futures[future] = index
                    arriving.add(future)
                if not futures:
                    return
                while not arriving.has_ready():
                    check_stop()
                    time.sleep(0.02)
                for future in arriving.next_batch(block=False):
                    index = futures.pop(future)
                    try:
                        done[index] = future.result()
                    except KilledWorker:
                        raise WorkerDied("Dask gave up on a chunk of rows: the workers running it died too often "
                                         "(killed, or out of memory); the run stopped and wrote nothing") from None
                    future.release()
                    if progress:
                        progress(len(done[index]))
                while next_out in done:
                    yield done.pop(next_out)
                    next_out += 1
        finally:
            pending = list(futures)
            if pending:
                client.cancel(pending)
