"""Standard output that fails in one line: a full disk, a quota or an I/O error while a command prints
is an OutputError (exit 74), never a traceback; a reader that went away (a broken pipe, `| head`)
ends the command quietly with 141, as SIGPIPE ends other tools."""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterator
from typing import Any

from bonekb.engine.errors import OutputError

STDOUT = "standard output"
BROKEN_PIPE_EXIT = 128 + 13  # SIGPIPE's number: what a shell reports for a tool ended by it


class StdoutBroken(OutputError):
    """Standard output's reader went away: nothing more to say to anyone."""

    exit_code = BROKEN_PIPE_EXIT


class GuardedStream:
    """A text stream whose write and flush errors are OutputError; everything else is the stream's."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: Any) -> int:
        try:
            return self._stream.write(text)
        except OSError as err:
            raise _failure(err) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as err:
            raise _failure(err) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _failure(err: OSError) -> OutputError:
    return StdoutBroken(STDOUT, err) if err.errno == errno.EPIPE else OutputError(STDOUT, err)


def discard_stdout() -> None:
    """Point the process's standard output at /dev/null, so what is still buffered cannot fail again
    (with Python's "Exception ignored" and exit 120) when the interpreter flushes it at exit."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.__stdout__.fileno())
        os.close(null)


@contextlib.contextmanager
def guarded_stdout() -> Iterator[None]:
    """sys.stdout guarded for the block (click.echo looks it up on every call)."""
    original = sys.stdout
    if original is None or isinstance(original, GuardedStream):
        yield
        return
    sys.stdout = GuardedStream(original)
    try:
        yield
    finally:
        if isinstance(sys.stdout, GuardedStream):
            sys.stdout = original


def stdout_failed(err: BaseException) -> bool:
    """Whether `err` is standard output failing. Then what is still buffered is discarded (done here,
    when the command ends, never inside a write: click probes a stream with writes it expects may fail)."""
    if isinstance(err, OutputError) and err.name == STDOUT:
        discard_stdout()
        return True
    return False
