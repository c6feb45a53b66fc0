"""The one cache of compiled templates, through Jinja's own hook (jinja2.BytecodeCache): in this
process's memory, and across processes in the cache's templates/ folder (engine/checkcache.py) while
the cache is on.

Compiling the templates is most of what `why` and `ask` do. Jinja compiles a template to Python code;
this keeps that code under a key of the template's source (sha256), its name and file, and on disk
also bonekb's code digest (checkcache.code_digest: our environment, the sandbox's rewriting of loops
and buffers, the limits and filters it folds constants with, every engine/explain module), Jinja's
version and Python's bytecode version. Every rendering has an environment of its own (for its own
claim book), so the memory is what makes a template compiled or loaded once per process, with the
cache on or off; at most MAX_IN_MEMORY templates are kept.

Jinja's FileSystemBytecodeCache is not used: it names an entry by the template's name and file only
(not by the code that compiled it: another version of bonekb, with another sandbox, would load code
compiled without its bounds), trusts any file in its folder (no owner, mode, symlink or size check),
and reads the source's checksum with pickle (a damaged entry is an UnpicklingError, not a miss). A
compiled template is code, so its entry is loaded only as checkcache trusts an entry: a regular file
owned by this user, in a folder of this user's, neither writable by anyone else, and intact (sha256),
written to a temporary file and renamed into place; nothing here unpickles.
"""

from __future__ import annotations

import hashlib
import marshal
from functools import cache
from types import CodeType

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from ..checkcache import cache_root, code_digest, entry_key, read_entry, write_entry


@cache
def _compiler_digest() -> str:
    """What else decides the compiled code: all of bonekb's code, Jinja's and Python's versions."""
    import importlib.util

    return entry_key(code_digest(), jinja2.__version__, importlib.util.MAGIC_NUMBER)


class TemplateCodeCache(BytecodeCache):
    """Compiled templates by content: this process's memory first, then checkcache's entries."""

    MAX_IN_MEMORY = 256

    def __init__(self) -> None:
        self.in_memory: dict[tuple[str, str], CodeType] = {}

    def get_source_checksum(self, source: str) -> str:
        """sha256 of the source (Jinja's default is sha1)."""
        return hashlib.sha256(source.encode("utf-8", "surrogatepass")).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.in_memory.get((bucket.key, bucket.checksum))
        if code is None and cache_root() is not None:
            code = _stored(bucket)
            if code is not None:
                self._remember(bucket, code)
        if code is not None:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is None:
            return
        self._remember(bucket, bucket.code)
        if cache_root() is not None:
            write_entry("templates", _entry_key(bucket), marshal.dumps(bucket.code))

    def _remember(self, bucket: Bucket, code: CodeType) -> None:
        if len(self.in_memory) >= self.MAX_IN_MEMORY:
            self.in_memory.clear()
        self.in_memory[(bucket.key, bucket.checksum)] = code

    def clear(self) -> None:
        """Forget this process's compiled templates (the entries on disk stay: delete the folder)."""
        self.in_memory.clear()


def _entry_key(bucket: Bucket) -> str:
    return entry_key("template", _compiler_digest(), bucket.key, bucket.checksum)


def _stored(bucket: Bucket) -> CodeType | None:
    """The code a trusted templates/ entry holds for this bucket, or None."""
    body = read_entry("templates", _entry_key(bucket))
    if body is None:
        return None
    try:
        code = marshal.loads(body)
    except (EOFError, ValueError, TypeError):
        return None
    return code if isinstance(code, CodeType) else None


COMPILED_TEMPLATES = TemplateCodeCache()  # the one every environment of this process shares
