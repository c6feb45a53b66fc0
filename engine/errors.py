"""The errors bonekb shows to people: each carries what to name (a field, or a file and line)."""

from __future__ import annotations


class BonekbError(Exception):
    """Root of bonekb's own errors: the CLI prints them as one line and exits 2."""

    exit_code = 2


class ProfileError(BonekbError):
    """A profile value that is not accepted: names the field and what is accepted."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        shown = field if field and field.isprintable() else repr(field)  # an unknown key may hold a newline
        super().__init__(f"profile: {shown}: {problem}")


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


class RuleActionError(BonekbError):
    """A rule action failed inside the engine (durable-rules would otherwise swallow it)."""

    exit_code = 1


def shown(value: object, limit: int = 40) -> str:
    """A value as an error may quote it: its repr cut to `limit` characters, control characters escaped."""
    text = value if isinstance(value, str) else type(value).__name__ if isinstance(value, (dict, list)) else str(value)
    cut = text[:limit]
    quoted = cut.encode("unicode_escape").decode("ascii") if not cut.isprintable() else cut
    return f"'{quoted}'" + ("…" if len(text) > limit else "")
