"""Load YAML safely while keeping where every value stands, so errors can say file:line:col."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import KnowledgeBaseError


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in a file."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass
class YamlDocument:
    """Parsed data and the node tree it came from (for positions)."""

    path: str
    data: Any
    root: yaml.Node | None

    def position(self, path: tuple[Any, ...] | list[Any] = ()) -> Position:
        """Where the value at `path` (keys and indexes) stands; the nearest parent if it is missing."""
        node = self.root
        best = node
        for step in path:
            node = _child(node, step)
            if node is None:
                break
            best = node
        if best is None:
            return Position(self.path, 1, 1)
        mark = best.start_mark
        return Position(self.path, mark.line + 1, mark.column + 1)


def _child(node: yaml.Node | None, step: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == step or (isinstance(step, str) and str(key_node.value) == step):
                return value_node
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return node.value[step]
    return None


def _reject_duplicate_keys(node: yaml.Node | None, path: str) -> None:
    """YAML lets a later key silently replace an earlier one: in a rule file that hides a change."""
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                mark = key_node.start_mark
                raise KnowledgeBaseError(path, f"duplicate key '{key}'", mark.line + 1, mark.column + 1)
            seen.add(key)
            _reject_duplicate_keys(value_node, path)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _reject_duplicate_keys(item, path)


# libyaml's safe loader when PyYAML was built with it: the same safe constructors, ten times faster
# (every command reads the whole knowledge base, so this is most of a command's start-up).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, path: str) -> YamlDocument:
    """Parse YAML text with the safe loader only; syntax errors become KnowledgeBaseError."""
    loader = _SAFE_LOADER(text)
    try:
        root = loader.get_single_node()
        _reject_duplicate_keys(root, path)
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = " ".join(p for p in (err.context, err.problem) if p) or "invalid YAML"
        raise KnowledgeBaseError(path, f"YAML syntax: {problem}", line, column) from None
    except yaml.YAMLError as err:
        raise KnowledgeBaseError(path, f"YAML: {err}") from None
    finally:
        loader.dispose()
    return YamlDocument(path, data, root)


def load_yaml(path: Path, display: str | None = None) -> YamlDocument:
    """Read and parse a YAML file; `display` is the name shown in errors."""
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise KnowledgeBaseError(name, f"cannot read: {err.strerror}") from None
    except UnicodeDecodeError:
        raise KnowledgeBaseError(name, "not UTF-8 text") from None
    return parse_yaml(text, name)
