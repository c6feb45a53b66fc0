"""A knowledge base built from a copy of the shipped one and the data in magnesium_kb/ (no Python)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from bonekb.engine.knowledge import shipped_root

OVERLAY = Path(__file__).parent / "magnesium_kb"


def merged(base: Any, extra: Any) -> Any:
    """Mappings merged key by key, lists appended, anything else replaced."""
    if isinstance(base, dict) and isinstance(extra, dict):
        return {**base, **{k: merged(base[k], v) if k in base else v for k, v in extra.items()}}
    if isinstance(base, list) and isinstance(extra, list):
        return base + extra
    return extra


def build(root: Path) -> Path:
    """The shipped knowledge base with the overlay's YAML merged into it and its other files added."""
    ignore = shutil.ignore_patterns("__pycache__", "*.py")
    for folder in ("rules", "explanations", "scenarios"):
        shutil.copytree(shipped_root() / folder, root / folder, ignore=ignore)
    for path in OVERLAY.rglob("*"):
        if path.is_dir() or path.name == "README.md":
            continue
        target = root / path.relative_to(OVERLAY)
        if path.suffix == ".append":  # text added at the end of the shipped file (the article's new lines)
            shipped = target.with_suffix("")
            shipped.write_text(shipped.read_text(encoding="utf-8") + path.read_text(encoding="utf-8"), encoding="utf-8")
        elif path.suffix == ".yaml" and target.exists():
            data = merged(yaml.safe_load(target.read_text(encoding="utf-8")),
                          yaml.safe_load(path.read_text(encoding="utf-8")))
            target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return root


@pytest.fixture(scope="session")
def magnesium_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("magnesium-kb"))
