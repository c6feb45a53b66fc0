"""What a knowledge-base file is: a regular file of bounded size inside the knowledge base's folder.

Every reader of a knowledge base (rules, claims, the article, templates, scenarios, intents, the
content digest) goes through here. A path is resolved (symlinks followed) without opening
anything outside: a file resolving outside the folder is refused with the same words whether or
not its target exists, so an error tells nothing about outside paths. Inside, a file must be a
regular file (not a FIFO, device or socket) no larger than limits.MAX_FILE_BYTES; it is opened
without blocking and read at most one byte past the limit, so a file that lies about its size
(/proc) is refused too.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from .errors import KnowledgeBaseError
from .limits import MAX_FILE_BYTES


def inside(root: Path, path: Path) -> bool:
    """Whether `path`, every symlink resolved, lies under `root` resolved."""
    return _under(os.path.realpath(root), os.path.realpath(path))


def _under(real_root: str, real_path: str) -> bool:
    """Whether a resolved path is a resolved root or lies under it (strings: pathlib costs start-up time)."""
    return real_path == real_root or real_path.startswith(real_root.rstrip(os.sep) + os.sep)


def read_bytes(root: Path, path: Path, display: str | None = None) -> bytes:
    """The bytes of a knowledge-base file, or KnowledgeBaseError naming it (never its content)."""
    name = display or _display(root, path)
    real = os.path.realpath(path)  # resolved once: what is checked is what is opened
    if not _under(os.path.realpath(root), real):
        raise KnowledgeBaseError(name, "refused: it resolves outside the knowledge base's folder")
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as err:
        raise KnowledgeBaseError(name, f"cannot read: {err.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise KnowledgeBaseError(name, "refused: not a regular file (a FIFO, device or socket)")
        if info.st_size > MAX_FILE_BYTES:
            raise KnowledgeBaseError(name, f"refused: larger than {MAX_FILE_BYTES:,} bytes (MAX_FILE_BYTES)")
        chunks, size = [], 0
        while size <= MAX_FILE_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_FILE_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise KnowledgeBaseError(name, f"refused: larger than {MAX_FILE_BYTES:,} bytes (MAX_FILE_BYTES)")
        return b"".join(chunks)
    except OSError as err:
        raise KnowledgeBaseError(name, f"cannot read: {err.strerror}") from None
    finally:
        os.close(fd)


def read_text(root: Path, path: Path, display: str | None = None) -> str:
    """A knowledge-base file as UTF-8 text (read whole or refused)."""
    data = read_bytes(root, path, display)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise KnowledgeBaseError(display or _display(root, path), "not UTF-8 text") from None


def files(root: Path, folder: Path, pattern: str = "*") -> Iterator[Path]:
    """Paths under `folder` matching `pattern`, sorted, without descending into symlinked folders.

    Each is a candidate to read with read_bytes/read_text, which refuses what is not a file of
    the knowledge base; folders are skipped.
    """
    if not folder.is_dir() or not inside(root, folder):
        return
    found = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        base = Path(dirpath)
        found += [base / n for n in filenames if _matches(n, pattern)]
        found += [base / d for d in dirnames if (base / d).is_symlink() and _matches(d, pattern)]
    yield from sorted(found)


def _matches(name: str, pattern: str) -> bool:
    """Path(name).match(pattern), without compiling a pattern for '*' and '*.suffix' on POSIX."""
    if os.name == "posix" and pattern.startswith("*") and not any(c in pattern[1:] for c in "*?[") and name:
        return name.endswith(pattern[1:])
    return Path(name).match(pattern)


def is_file(root: Path, path: Path) -> bool:
    """Whether a path names something to read: present (as anything but a folder) and not dangling inside."""
    return os.path.lexists(path) and not (path.is_dir() and not path.is_symlink())


def _display(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
