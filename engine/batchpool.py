"""Worker processes for `bonekb batch --jobs N`, each with a pipe of its own.

concurrent.futures.ProcessPoolExecutor sends every worker's results down one shared pipe, under one
lock: a worker killed in the middle of writing a result leaves half a message there, and the pool's
manager thread waits for the rest for ever (the parent's run, its shutdown and the interpreter's exit
with it). Here each worker has its own pipe and takes one chunk at a time: a worker that dies is its
pipe's end of file, or its process sentinel, seen within one poll; the others are then killed.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

POLL_SECONDS = 0.05


class WorkerGone(Exception):
    """A worker process ended, or its pipe broke, while the run still needed it."""


def _serve(conn: Connection, initializer: Callable[..., None], initargs: tuple[Any, ...],
           work: Callable[[Any], Any]) -> None:
    """A worker's loop: a chunk in, ('ok', result) or ('error', exception) out, until end of file."""
    initializer(*initargs)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        try:
            reply = ("ok", work(task))
        except Exception as err:  # the parent raises it, as a pool's future would
            reply = ("error", err)
        conn.send(reply)


class WorkerPool:
    """`jobs` worker processes that map a function over chunks, results yielded in input order."""

    def __init__(self, jobs: int, work: Callable[[Any], Any], initializer: Callable[..., None],
                 initargs: tuple[Any, ...]) -> None:
        context = multiprocessing.get_context()
        self.workers: list[tuple[multiprocessing.process.BaseProcess, Connection]] = []
        try:
            for _ in range(jobs):
                ours, theirs = context.Pipe()
                process = context.Process(target=_serve, args=(theirs, initializer, initargs, work), daemon=True)
                process.start()
                theirs.close()  # the worker holds the only other end: its death is our end of file
                self.workers.append((process, ours))
        except BaseException:
            self.close(kill=True)
            raise

    def map_in_order(self, tasks: Iterable[Any], check: Callable[[], None], ahead: int) -> Iterator[Any]:
        """Each task's result in input order; at most `ahead` results wait for an earlier one.
        `check` is called at every poll (a stop signal raises there)."""
        tasks = iter(tasks)
        idle = list(range(len(self.workers)))
        busy: dict[int, int] = {}  # worker -> task number
        done: dict[int, Any] = {}
        sent = returned = 0
        exhausted = False
        while True:
            while idle and not exhausted and sent - returned < ahead:
                task = next(tasks, None)
                if task is None:
                    exhausted = True
                    break
                worker = idle.pop()
                self._send(worker, task)
                busy[worker] = sent
                sent += 1
            if returned in done:
                yield done.pop(returned)
                returned += 1
                continue
            if not busy:
                return
            check()
            for worker in self._ready(busy):
                done[busy.pop(worker)] = self._receive(worker)
                idle.append(worker)

    def _send(self, worker: int, task: Any) -> None:
        try:
            self.workers[worker][1].send(task)
        except OSError:  # a broken pipe: the worker is gone
            raise WorkerGone from None

    def _ready(self, busy: dict[int, int]) -> list[int]:
        """The busy workers with a result to read; WorkerGone when one has ended."""
        conns = {self.workers[w][1]: w for w in busy}
        sentinels = {self.workers[w][0].sentinel: w for w in range(len(self.workers))}
        ready = wait([*conns, *sentinels], timeout=POLL_SECONDS)
        readable = [conns[c] for c in ready if c in conns]
        if any(s in sentinels for s in ready) and not readable:
            raise WorkerGone
        return readable

    def _receive(self, worker: int) -> Any:
        try:
            status, value = self.workers[worker][1].recv()
        except (EOFError, OSError):  # ended before, or in the middle of, its result
            raise WorkerGone from None
        if status == "error":
            raise value
        return value

    def close(self, kill: bool = False) -> None:
        """End the workers: at the end of their input (the pipe closed), or at once with `kill`;
        never a wait on a worker that does not end."""
        for process, conn in self.workers:
            if kill and process.is_alive():
                process.kill()
            conn.close()
        for process, _ in self.workers:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()
