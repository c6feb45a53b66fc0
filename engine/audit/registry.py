"""The audit's checks: each a small unit with a stable code, a severity, a family and a page of doc.

A check is a function of the knowledge base yielding Findings, registered with @check. Its
docstring is its page (`bonekb audit --explain CODE`): what it looks for, why it matters, how to
fix it. Codes never change meaning; a retired code is not reused.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from ..findings import Finding
from ..knowledge import KnowledgeBase
from ..yamlsource import Position

FAMILIES = {"S": "schema/reference", "T": "traceability", "L": "logic", "U": "safety", "M": "templates"}
CHECK_MODULES = ("schema", "traceability", "figures", "logic", "safety", "templates", "displaywords", "templaterisks")
CheckFunction = Callable[[KnowledgeBase], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    """One registered check."""

    code: str
    severity: str
    name: str
    doc: str
    run: CheckFunction
    needs_valid: bool

    @property
    def family(self) -> str:
        return FAMILIES[self.code[0]]

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0]


_CHECKS: dict[str, Check] = {}


def check(code: str, severity: str, name: str, *, needs_valid: bool = True,
          doc: str | None = None) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check. needs_valid: it reasons over rules, so it runs only when no structural error stands."""
    def register(func: CheckFunction) -> CheckFunction:
        if code in _CHECKS:
            raise ValueError(f"audit code {code} registered twice")
        _CHECKS[code] = Check(code, severity, name, inspect.cleandoc(doc or func.__doc__ or ""), func, needs_valid)
        return func
    return register


def checks() -> dict[str, Check]:
    """Every registered check by code (importing the check modules registers them)."""
    for module in CHECK_MODULES:
        importlib.import_module(f"{__package__}.{module}")
    return dict(sorted(_CHECKS.items()))


def finding(code: str, where: Position, message: str) -> Finding:
    """A finding of a registered check at a position, with the check's severity."""
    return Finding(where.path, where.line, where.column, code, _CHECKS[code].severity, message)


_CACHE: WeakKeyDictionary[KnowledgeBase, dict[str, Any]] = WeakKeyDictionary()


def per_kb(func: Callable[[KnowledgeBase], Any]) -> Callable[[KnowledgeBase], Any]:
    """Compute once per knowledge base what several checks share (the structural findings, the cells)."""
    def cached(kb: KnowledgeBase) -> Any:
        store = _CACHE.setdefault(kb, {})
        if func.__qualname__ not in store:
            store[func.__qualname__] = func(kb)
        return store[func.__qualname__]
    cached.__doc__ = func.__doc__
    return cached
