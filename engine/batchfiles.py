"""Where a batch writes, made safe before anything is written.

- An output or errors path is refused when it is the input, the other target, standard output
  ('-'), a symbolic link, or anything but a regular file (a device such as /dev/null, a FIFO):
  bonekb replaces only a file it could have written itself.
- Each target is locked (flock on `.NAME.lock` beside it) for the whole run, so a second run onto
  the same file refuses instead of racing the first to the final move.
- Temporary files are created with the umask's permissions, as the final files will be, and are
  named `.NAME.PID.RANDOM.part`; one whose process is gone (a run killed by SIGKILL or a power cut)
  is removed by the next run onto the same target; one of a live process is left alone.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import secrets
import stat
from collections.abc import Iterator
from glob import escape
from pathlib import Path

from .errors import InputError, OutputError, escaped, shown

_PART = re.compile(r"\.(?P<pid>[0-9]+)\.[0-9a-f]{8}\.part")


def check_targets(source: Path, output: Path, errors: Path) -> None:
    """Refuse targets that would lose data or write through to something else; see the module's doc."""
    for path, name in ((output, "OUTPUT"), (errors, "--errors")):
        where = shown(str(path), 200)
        if str(path) == "-":
            raise InputError(name, "'-' is not accepted: batch writes a file and moves it into place only when "
                                   "the run is complete; give a file name")
        if not path.parent.is_dir():
            raise InputError(name, f"{shown(str(path.parent), 200)} is not a directory")
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            continue
        if stat.S_ISLNK(mode):
            raise InputError(name, f"{where} is a symbolic link; bonekb replaces neither a link nor the file it "
                                   "points to; give the file's own path")
        if not stat.S_ISREG(mode):
            raise InputError(name, f"{where} is not a regular file (a device, a FIFO or a directory); "
                                   "give a file name")
    if _same_file(output, source):
        raise InputError("OUTPUT", f"{shown(str(output), 200)} is the input file; give another name")
    if _same_file(errors, source):
        raise InputError("--errors", f"{shown(str(errors), 200)} is the input file; give another name")
    if _same_file(errors, output):
        raise InputError("--errors", f"{shown(str(errors), 200)} is also the output file; give another name")


def _same_file(a: Path, b: Path) -> bool:
    """The same path once resolved, or the same file by another name (a hard link)."""
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one does not exist yet
        return False


@contextlib.contextmanager
def locked(target: Path, name: str) -> Iterator[None]:
    """Hold `target`'s lock for the block, or refuse at once when another run holds it."""
    lock = target.with_name(f".{target.name}.lock")
    busy = InputError(name, f"another bonekb batch is writing {shown(str(target), 200)} now; wait for it to "
                            "finish or give another name")
    for _ in range(3):  # the holder unlinks the lock as it finishes: then lock the new file
        try:
            handle = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666)
        except OSError as err:
            raise InputError(name, f"cannot create the lock file {shown(str(lock), 200)}: {err.strerror}") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(handle)
            raise busy from None
        try:
            current = os.stat(lock, follow_symlinks=False).st_ino
        except FileNotFoundError:
            current = None
        if current == os.fstat(handle).st_ino:
            break
        os.close(handle)
    else:
        raise busy
    try:
        yield
    finally:
        lock.unlink(missing_ok=True)  # while still held, so no run locks a file about to vanish
        os.close(handle)


def temporary(target: Path) -> Path:
    """A new empty file beside `target` (same file system, so the final move is atomic), with the
    permissions the umask gives any new file."""
    path = target.with_name(f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.part")
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666))
    except OSError as err:  # a name too long with the suffix, a full disk
        if err.errno in (errno.ENOSPC, errno.EDQUOT, errno.EIO):  # the disk, not the name: exit 74
            raise OutputError(escaped(str(target)), err) from None
        raise InputError("OUTPUT", f"cannot create a temporary file beside {shown(str(target), 200)}: "
                                   f"{err.strerror}") from None
    return path


def sweep_stale(target: Path) -> list[Path]:
    """Remove the temporary files of runs onto `target` whose process is gone; return them."""
    swept = []
    for path in target.parent.glob(f".{escape(target.name)}.*.part"):
        match = _PART.fullmatch(path.name[len(target.name) + 1:])
        if match and not _alive(int(match["pid"])) and path.is_file():
            path.unlink(missing_ok=True)
            swept.append(path)
    return swept


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except OverflowError:  # no process has such a number
        return False
    return True
