"""The errors bonekb shows to people: each carries what to name (a field, or a file and line)."""

from __future__ import annotations

import datetime
import os
import re
from typing import Any

_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def escaped(text: str) -> str:
    """`text` with every character a terminal would act on (ESC, newlines, bidi overrides such as
    U+202E) written as a visible escape, so a message shows what was given and cannot rewrite the screen."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _ESCAPES.get(ch) or _code(ch) for ch in text)


def _code(ch: str) -> str:
    point = ord(ch)
    return f"\\x{point:02x}" if point < 0x100 else f"\\u{point:04x}" if point < 0x10000 else f"\\U{point:08x}"


def shown(value: Any, limit: int = 40) -> str:
    """A value as an error message quotes it: text in quotes, cut to `limit` characters and escaped;
    anything else said in words (a list, a date, a 400-digit number), never a Python repr."""
    if isinstance(value, str):
        cut = f"…' ({len(value)} characters)" if len(value) > limit else "'"
        return f"'{escaped(value[:limit])}{cut}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (null)"
    if isinstance(value, int):
        digits = len(str(abs(value))) if value.bit_length() < 1000 else int(value.bit_length() * 0.30103) + 1
        return str(value) if digits <= limit else f"a number of {'about ' if digits > 300 else ''}{digits} digits"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime.datetime):
        return "a date and time"
    if isinstance(value, datetime.date):
        return f"a date ({value.isoformat()})"
    if isinstance(value, (list, tuple)):
        return f"a list of {len(value)} item{'' if len(value) == 1 else 's'}"
    if isinstance(value, dict):
        return "a mapping"
    return f"a value of type {escaped(type(value).__name__)}"


class BonekbError(Exception):
    """Root of bonekb's own errors: the CLI prints them as one line and exits 2."""

    exit_code = 2


class ProfileError(BonekbError):
    """A profile value that is not accepted: names the field and what is accepted."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        name = field if field and field.isprintable() and len(field) <= 40 else shown(field)  # a key may hold a newline
        # PROFILE, the file as a whole: its problem names the file itself ("profile: p.yaml is not valid YAML")
        super().__init__(f"profile: {problem}" if field == "PROFILE" else f"profile: {name}: {problem}")


class InputError(BonekbError):
    """A command's other input (a file, a name) that is not accepted: names it and what is accepted."""

    def __init__(self, name: str, problem: str) -> None:
        self.name = name
        self.problem = problem
        super().__init__(f"{name}: {problem}")


class KnowledgeBaseError(BonekbError):
    """A broken knowledge-base file: names the file, line, column and the problem."""

    def __init__(self, path: str, problem: str, line: int | None = None, column: int | None = None) -> None:
        self.path = path
        self.problem = problem
        self.line = line
        self.column = column
        where = path if line is None else f"{path}:{line}:{column or 1}"
        super().__init__(f"{where}: {problem}")


class TemplateError(BonekbError):
    """An explanation template that cannot be rendered safely."""


class OutputError(BonekbError):
    """A write that failed (a full disk, a quota, an I/O error): names what was being written and the
    system's words for the problem; its own exit status, EX_IOERR (74), so it is told from bad input."""

    exit_code = 74

    def __init__(self, name: str, err: OSError) -> None:
        self.name = name
        self.errno = err.errno
        number = err.errno or _errno_in(str(err))  # pyarrow says it only in its message: "[errno 28] ..."
        words = os.strerror(number) if number else "an input/output error"
        super().__init__(f"cannot write {name}: {escaped(words[:1].lower() + words[1:])}")


def _errno_in(message: str) -> int | None:
    found = re.search(r"\[errno (\d+)\]", message, re.IGNORECASE)
    return int(found[1]) if found else None


class RuleActionError(BonekbError):
    """A rule action failed inside the engine (durable-rules would otherwise swallow it)."""

    exit_code = 1
