"""Fixtures for engine tests: small knowledge bases of our own rules, built on a copy of the shipped one."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bonekb.engine.knowledge import SPECIAL_FILES, shipped_root


@pytest.fixture(scope="session")
def tiny_kb(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """Make a knowledge base whose only rule file is the YAML given (claims, vocabulary etc. as shipped)."""

    def make(rules_yaml: str, facts_yaml: str | None = None) -> Path:
        root = tmp_path_factory.mktemp("tiny-kb")
        shutil.copytree(shipped_root() / "rules", root / "rules", ignore=shutil.ignore_patterns("__pycache__", "*.py"))
        rules_dir = root / "rules"
        for path in rules_dir.rglob("*.yaml"):
            if not (path.parent == rules_dir and path.name in SPECIAL_FILES):
                path.unlink()
        (rules_dir / "test.yaml").write_text(rules_yaml, encoding="utf-8")
        if facts_yaml is not None:
            (rules_dir / "facts.yaml").write_text(facts_yaml, encoding="utf-8")
        return root

    return make
