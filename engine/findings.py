"""One finding type for every check: the loader, the audit and their formatters share it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, order=True)
class Finding:
    """A problem found in a knowledge-base file, with where it stands."""

    path: str
    line: int
    column: int
    code: str
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code} [{self.severity}] {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
