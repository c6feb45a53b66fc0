"""Fixtures for engine tests: small knowledge bases of our own rules, built on a copy of the shipped one."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from bonekb.engine.knowledge import SPECIAL_FILES


@pytest.fixture
def tiny_kb(kb_copy: Path) -> Callable[[str], Path]:
    """Write a knowledge base whose only rule file is the YAML given (claims, vocabulary etc. shipped)."""

    def write(rules_yaml: str, facts_yaml: str | None = None) -> Path:
        rules_dir = kb_copy / "rules"
        for path in rules_dir.rglob("*.yaml"):
            if not (path.parent == rules_dir and path.name in SPECIAL_FILES):
                path.unlink()
        (rules_dir / "test.yaml").write_text(rules_yaml, encoding="utf-8")
        if facts_yaml is not None:
            (rules_dir / "facts.yaml").write_text(facts_yaml, encoding="utf-8")
        return kb_copy

    return write
