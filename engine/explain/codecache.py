"""Compiled templates remembered across processes, in the cache's templates/ folder (engine/checkcache.py).

Compiling the templates is most of what `why` and `ask` do. Jinja compiles a template to Python
code; this keeps that code (marshal) under a key of the template's source, its file, bonekb's code
digest (checkcache.code_digest: our environment, the sandbox's rewriting of loops, the limits and
filters it folds constants with, every engine/explain module), Jinja's version and Python's
bytecode version.
A compiled template is code, so its entry is loaded only as checkcache trusts an entry: a regular
file owned by this user, in a folder of this user's, neither writable by anyone else, and intact
(sha256). Jinja's own Bucket format (a pickled checksum) is not used: nothing here unpickles.
"""

from __future__ import annotations

import marshal
from functools import cache
from types import CodeType

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from ..checkcache import code_digest, entry_key, read_entry, write_entry


@cache
def _compiler_digest() -> str:
    """What else decides the compiled code: all of bonekb's code, Jinja's and Python's versions."""
    import importlib.util

    return entry_key(code_digest(), jinja2.__version__, importlib.util.MAGIC_NUMBER)


class TemplateCodeCache(BytecodeCache):
    """Jinja's bytecode cache hook, over checkcache's entries."""

    @staticmethod
    def _key(bucket: Bucket) -> str:
        return entry_key("template", _compiler_digest(), bucket.key, bucket.checksum)

    def load_bytecode(self, bucket: Bucket) -> None:
        body = read_entry("templates", self._key(bucket))
        if body is None:
            return
        try:
            code = marshal.loads(body)
        except (EOFError, ValueError, TypeError):
            return
        if isinstance(code, CodeType):
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            write_entry("templates", self._key(bucket), marshal.dumps(bucket.code))
