"""Remember which knowledge bases passed the structural checks, so start-up need not check them again.

Checking a knowledge base against its JSON Schemas costs more than the rest of a command's start
(importing jsonschema and walking every rule file), and its answer depends only on the files and
on the code that checks them. So a pass is remembered under a key made of the knowledge base's
digest (every rule and template file), the checking code and schemas (engine/*.py,
engine/schemas/*.json) and bonekb's version: change any of them and the knowledge base is checked
again. Only passes are remembered; a broken knowledge base is reported every time.

Markers are empty files in $BONEKB_CACHE_DIR, else $XDG_CACHE_HOME/bonekb/checked, else
~/.cache/bonekb/checked. BONEKB_NO_CACHE=1 turns this off. A cache that cannot be read or
written is the same as no cache.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from .knowledge import KnowledgeBase


def _folder() -> Path | None:
    if os.environ.get("BONEKB_NO_CACHE"):
        return None
    if os.environ.get("BONEKB_CACHE_DIR"):
        return Path(os.environ["BONEKB_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bonekb" / "checked"


@cache
def _checker_digest() -> str:
    """sha256 over the code and schemas that decide whether a knowledge base passes."""
    from bonekb import __version__

    engine = Path(__file__).parent
    sha = hashlib.sha256(__version__.encode())
    for path in sorted([*engine.glob("*.py"), *(engine / "schemas").glob("*.json")]):
        sha.update(path.name.encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def _marker(kb: KnowledgeBase) -> Path | None:
    folder = _folder()
    if folder is None:
        return None
    key = hashlib.sha256(f"{kb.digest}\0{_checker_digest()}".encode()).hexdigest()
    return folder / key


def checked_before(kb: KnowledgeBase) -> bool:
    """True when this knowledge base, as it is now, passed the checks of this code before."""
    try:
        marker = _marker(kb)
        return marker is not None and marker.is_file()
    except OSError:
        return False


def remember_checked(kb: KnowledgeBase) -> None:
    """Record that this knowledge base passed (silently nothing when the cache is not writable)."""
    try:
        marker = _marker(kb)
        if marker is not None:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
    except OSError:
        pass
