"""bonekb's cache: work start-up may reuse instead of redoing, each entry under a key of its content.

Every entry's key holds the code digest (code_digest: sha256 over every source file of bonekb's
code, engine/ with its subpackages, cli/ and bonekb/, engine's schemas, bonekb's version and Python's
bytecode tag): whatever code decides what an entry means is part of its key, so two installed
versions of bonekb (an upgrade, two virtualenvs, two checkouts of the repository, one checkout at
another commit) sharing one cache folder never load each other's entries.

One folder, $BONEKB_CACHE_DIR, else $XDG_CACHE_HOME/bonekb, else ~/.cache/bonekb, with one
subfolder per kind of entry:

- checked/: knowledge bases that passed the structural checks (empty entries), keyed by the
  knowledge base's digest (every rule and template file) and the code digest;
- options/: the profile options a rules/facts.yaml declares (cli/kboptions.py), keyed by the file
  and the code digest;
- yaml/: a YAML file's parsed data, as JSON, keyed by the file's text and the code digest;
- templates/: a template's compiled code (engine/explain/codecache.py), keyed by its source, its
  file, the code digest, Jinja's version and Python's bytecode version;
- derived/: what is worked out from a whole knowledge base and is the same while it is (the
  letters each language's catalogs alone use: engine/questions.py), keyed by the knowledge base's
  digest and the code digest;
- digests/: a content digest (of a knowledge base: knowledge.py; of the code itself), keyed by
  every file's status (path, device, inode, mode, size, mtime, ctime) on this machine (its host
  name: another machine may have other files at the same path, device and inode), and for a
  knowledge base the code digest too: a file written since, or in the last seconds, gives another
  key, and the digest is computed from the files' content again.

Change any part of a key and the entry is not found: the work is done again and a new entry
written. Only successes are remembered: a broken file is reported every time.

Safe to delete at any time, and shared by concurrent processes: an entry is written to a temporary
file and renamed into place, so a reader sees it whole or not at all. An entry is trusted only when
it is a regular file (not a symlink) owned by this user in a folder owned by this user, neither
writable by anyone else, no larger than MAX_ENTRY_BYTES, and its body matches the sha256 written
before it; anything else (corrupt, truncated, planted) is ignored and rewritten. BONEKB_NO_CACHE=1
(or true, yes, on) turns the cache off; a value not understood, or a relative BONEKB_CACHE_DIR, is one
warning line and the cache off (see _cache_root). A cache that cannot be read or written is the same
as no cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import time
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .knowledge import KnowledgeBase

MAX_ENTRY_BYTES = 32 * 1024 * 1024
_DIGEST = 32  # bytes of sha256 before every entry's body


NO_CACHE_OFF = ("1", "true", "yes", "on")  # BONEKB_NO_CACHE values that turn the cache off
NO_CACHE_ON = ("0", "false", "no", "off", "")  # and those that leave it on (unset is the same as empty)
_NO_CACHE_ACCEPTED = ", ".join(NO_CACHE_OFF) + " (cache off); " + ", ".join(NO_CACHE_ON[:-1]) + " or empty (cache on)"


def cache_root() -> Path | None:
    """The cache folder, or None when the cache is off (BONEKB_NO_CACHE, or a folder that cannot be
    trusted to be the same one from every directory)."""
    env = os.environ
    return _cache_root(env.get("BONEKB_NO_CACHE"), env.get("BONEKB_CACHE_DIR"), env.get("XDG_CACHE_HOME"),
                       env.get("HOME"))


@lru_cache(maxsize=8)
def _cache_root(no_cache: str | None, cache_dir: str | None, xdg: str | None, home: str | None) -> Path | None:
    """cache_root for these variables (asked for every entry: worked out once per process and values,
    so a warning is said once).

    BONEKB_NO_CACHE: 1, true, yes, on (any case) turn the cache off; 0, false, no, off, empty or unset
    leave it on; anything else is one warning line and the cache off (the safe side: the person meant
    something). BONEKB_CACHE_DIR must be absolute: a relative one would put a cache in whatever folder
    a command is run from (a knowledge base's repository, say), so it is one warning line and the
    cache off, never a folder the person did not name. XDG_CACHE_HOME that is relative is ignored, as
    the XDG Base Directory spec says (~/.cache is used), with one warning line."""
    switch = (no_cache or "").strip().lower()
    if switch in NO_CACHE_OFF:
        return None
    if switch not in NO_CACHE_ON:
        _warn(f"BONEKB_NO_CACHE={_shown(no_cache)} is not understood; accepted: {_NO_CACHE_ACCEPTED}. "
              "The cache is off")
        return None
    if cache_dir:
        if not os.path.isabs(cache_dir):
            _warn(f"BONEKB_CACHE_DIR={_shown(cache_dir)} is not an absolute path; accepted: an absolute path "
                  "(or unset: $XDG_CACHE_HOME/bonekb, else ~/.cache/bonekb). The cache is off")
            return None
        return Path(cache_dir)
    if xdg and not os.path.isabs(xdg):
        _warn(f"XDG_CACHE_HOME={_shown(xdg)} is not an absolute path, so it is ignored "
              "(the XDG Base Directory spec); the cache is in ~/.cache/bonekb")
        xdg = None
    base = xdg or os.path.join(os.path.expanduser("~"), ".cache")  # expanduser reads HOME
    if not os.path.isabs(base):  # no home folder to be found: no folder that is the same everywhere
        return None
    return Path(base) / "bonekb"


def _shown(value: str | None) -> str:
    from .errors import shown

    return shown(value or "")


def _warn(message: str) -> None:
    """One line on standard error: the cache's settings are read before any command has output."""
    import sys

    print(f"bonekb: warning: {message}", file=sys.stderr)


def entry_key(*parts: bytes | str) -> str:
    """A key over every part, each kept apart from the next."""
    sha = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        sha.update(len(data).to_bytes(8, "big") + data)
    return sha.hexdigest()


def _private(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (where the system has users)."""
    if not hasattr(os, "geteuid"):
        return True
    return info.st_uid == os.geteuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read_entry(kind: str, key: str) -> bytes | None:
    """The body of a trusted, intact entry, or None."""
    root = cache_root()
    if root is None:
        return None
    folder = root / kind
    try:
        if not _private(os.stat(folder)):
            return None
        fd = os.open(folder / key, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not _private(info) or info.st_size > MAX_ENTRY_BYTES + _DIGEST:
            return None
        data = os.read(fd, MAX_ENTRY_BYTES + _DIGEST + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    digest, body = data[:_DIGEST], data[_DIGEST:]
    if len(digest) < _DIGEST or hashlib.sha256(body).digest() != digest:
        return None
    return body


def write_entry(kind: str, key: str, body: bytes) -> None:
    """Store an entry whole (a temporary file renamed into place); silently nothing when not writable."""
    root = cache_root()
    if root is None or len(body) > MAX_ENTRY_BYTES:
        return
    import threading

    folder = root / kind
    temporary = folder / f".{key}.{os.getpid()}.{threading.get_ident()}.tmp"  # one writer per file
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            os.write(fd, hashlib.sha256(body).digest() + body)
        finally:
            os.close(fd)
        os.replace(temporary, folder / key)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)


@cache
def code_digest() -> str:
    """sha256 over everything of bonekb's own that decides what a cache entry means: every source file
    of its code (code_files), its version and Python's bytecode tag; remembered under the files'
    status like a knowledge base's digest."""
    import sys

    from bonekb import __version__

    paths = code_files()
    key = status_key("code", paths, code=False)
    cached = remembered_digest(key)
    if cached is not None:
        return cached.removeprefix("sha256:")
    sha = hashlib.sha256(f"bonekb {__version__} {sys.implementation.cache_tag}\0".encode())
    for path in paths:
        data = path.read_bytes()
        sha.update(f"{path.parent.name}/{path.name}\0{len(data)}\0".encode("utf-8", "surrogateescape") + data)
    if key is not None:
        write_entry("digests", key, b"sha256:" + sha.hexdigest().encode())
    return sha.hexdigest()


checker_digest = code_digest  # the checks' code is part of the code: one digest (the name others import)


def code_files() -> list[Path]:
    """bonekb's code: the .py files of the bonekb package, of cli/ and of engine/ and every subpackage
    of theirs (audit/, explain/, ...), and engine's JSON schemas, in a fixed order."""
    import bonekb
    import bonekb.cli

    engine = Path(__file__).parent
    paths = [*_named(engine / "schemas", ".json"), *_named(Path(bonekb.__file__).parent, ".py")]
    for package in (engine, Path(bonekb.cli.__file__).parent):
        paths.extend(_python_files(package))
    return sorted(paths)


def _python_files(package: Path) -> list[Path]:
    """The .py files of a package and of its subpackages (folders with an __init__.py)."""
    paths: list[Path] = []
    for entry in os.scandir(package):
        if entry.name.endswith(".py") and entry.is_file():
            paths.append(package / entry.name)
        elif entry.is_dir(follow_symlinks=False) and os.path.isfile(os.path.join(entry.path, "__init__.py")):
            paths.extend(_python_files(package / entry.name))
    return paths


def _named(folder: Path, suffix: str) -> list[Path]:
    """folder.glob('*' + suffix), without compiling a pattern (start-up)."""
    return [folder / name for name in os.listdir(folder) if name.endswith(suffix)]


_DIGEST_TEXT = re.compile(rb"sha256:[0-9a-f]{64}")
# A file changed this recently may change again within its file system's clock tick without its
# times showing it (git's "racy" files): its status is no key until it is older than this.
RACY_NS = 3_000_000_000


def status_key(what: str, paths: list[Path], *, code: bool = True) -> str | None:
    """A key of the digests/ entries over what every file's status says (not its content): its path,
    device, inode, mode, size, mtime and ctime, which a write to it changes (ctime cannot be set
    back), on this machine (its host name), and with `code` the code digest (the code that computes
    the digest: a checkout at another commit keeps the knowledge base's files as they were). None
    when the cache is off, or a file is not a plain regular file within limits (a symlink, a FIFO:
    the caller then reads the files and refuses them as always), or changed in the last RACY_NS."""
    if cache_root() is None:
        return None
    from bonekb import __version__

    from .limits import MAX_FILE_BYTES

    recent = time.time_ns() - RACY_NS
    host = os.uname().nodename if hasattr(os, "uname") else ""
    sha = hashlib.sha256(f"bonekb {__version__} digest of the {what} by status on {host}\0".encode()
                         + (code_digest().encode() if code else b""))
    try:
        for path in paths:
            info = os.lstat(path)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES or \
                    max(info.st_mtime_ns, info.st_ctime_ns) > recent:
                return None
            sha.update(f"{os.fspath(path)}\0{info.st_dev}:{info.st_ino}:{info.st_mode}:{info.st_size}:"
                       f"{info.st_mtime_ns}:{info.st_ctime_ns}\n".encode("utf-8", "surrogateescape"))
    except OSError:
        return None
    return sha.hexdigest()


def remembered_digest(key: str | None) -> str | None:
    """The digest ('sha256:...') a digests/ entry holds under `key`, when it is one."""
    body = read_entry("digests", key) if key is not None else None
    return body.decode() if body is not None and _DIGEST_TEXT.fullmatch(body) else None


def _checked_key(kb: KnowledgeBase) -> str:
    return entry_key(kb.digest, code_digest())


def checked_before(kb: KnowledgeBase) -> bool:
    """True when this knowledge base, as it is now, passed the checks of this code before."""
    try:
        return read_entry("checked", _checked_key(kb)) == b""
    except OSError:
        return False


def remember_checked(kb: KnowledgeBase) -> None:
    """Record that this knowledge base passed (silently nothing when the cache is not writable)."""
    with contextlib.suppress(OSError):
        write_entry("checked", _checked_key(kb), b"")
