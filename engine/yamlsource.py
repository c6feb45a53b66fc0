"""Load YAML safely while keeping where every value stands, so errors can say file:line:col."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import kbfiles
from .errors import KnowledgeBaseError, shown
from .limits import MAX_NESTING, MAX_YAML_ALIASES, MAX_YAML_NODES


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


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _check_bounds(root: yaml.Node, path: str) -> None:
    """Refuse a node tree that nests too deep, uses too many aliases, refers to itself, or expands
    (every alias copied out, as a reader sees the data) to too many nodes: the billion laughs."""
    sizes: dict[int, int] = {}
    depths: dict[int, int] = {}
    open_nodes: set[int] = set()
    aliases = 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            kids = _children(node)
            sizes[key] = 1 + sum(sizes[id(k)] for k in kids)
            depths[key] = 1 + max((depths[id(k)] for k in kids), default=0)
            mark = node.start_mark
            if sizes[key] > MAX_YAML_NODES:
                raise KnowledgeBaseError(path, f"more than {MAX_YAML_NODES:,} values once its aliases are "
                                               "expanded (MAX_YAML_NODES)", mark.line + 1, mark.column + 1)
            if depths[key] > MAX_NESTING:
                raise KnowledgeBaseError(path, f"nested deeper than {MAX_NESTING} levels (MAX_NESTING)",
                                         mark.line + 1, mark.column + 1)
            continue
        if key in sizes:
            aliases += 1
            if aliases > MAX_YAML_ALIASES:
                mark = node.start_mark
                raise KnowledgeBaseError(path, f"more than {MAX_YAML_ALIASES} aliases (MAX_YAML_ALIASES)",
                                         mark.line + 1, mark.column + 1)
            continue
        if key in open_nodes:
            mark = node.start_mark
            raise KnowledgeBaseError(path, "an alias refers to a value that contains it", mark.line + 1,
                                     mark.column + 1)
        if len(open_nodes) >= MAX_NESTING:
            mark = node.start_mark
            raise KnowledgeBaseError(path, f"nested deeper than {MAX_NESTING} levels (MAX_NESTING)",
                                     mark.line + 1, mark.column + 1)
        open_nodes.add(key)
        stack.append((node, True))
        stack.extend((kid, False) for kid in _children(node))


def _reject_duplicate_keys(root: yaml.Node | None, path: str) -> None:
    """YAML lets a later key silently replace an earlier one: in a rule file that hides a change."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, _ in node.value:
                key = str(key_node.value)
                if key in seen:
                    mark = key_node.start_mark
                    raise KnowledgeBaseError(path, f"duplicate key {shown(key)}", mark.line + 1, mark.column + 1)
                seen.add(key)
        stack.extend(reversed(_children(node)) if node is not None else ())


# libyaml's safe loader when PyYAML was built with it: the same safe constructors, ten times faster
# (every command reads the whole knowledge base, so this is most of a command's start-up).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, path: str) -> YamlDocument:
    """Parse YAML text with the safe loader only; syntax errors become KnowledgeBaseError."""
    loader = _SAFE_LOADER(text)
    try:
        root = loader.get_single_node()
        if root is not None:
            _check_bounds(root, path)
        _reject_duplicate_keys(root, path)
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = " ".join(p for p in (err.context, err.problem) if p) or "invalid YAML"
        raise KnowledgeBaseError(path, f"YAML syntax: {problem}", line, column) from None
    except yaml.YAMLError as err:
        raise KnowledgeBaseError(path, f"YAML: {shown(str(err), 80)}") from None
    except RecursionError:  # the pure-Python loader, where libyaml is missing, recurses per level
        raise KnowledgeBaseError(path, f"nested deeper than {MAX_NESTING} levels (MAX_NESTING)") from None
    finally:
        loader.dispose()
    return YamlDocument(path, data, root)


def load_yaml(path: Path, display: str | None = None, root: Path | None = None) -> YamlDocument:
    """Read and parse a YAML file of the knowledge base at `root` (kbfiles: confined and bounded);
    `display` is the name shown in errors. Without a root, the file's own folder confines it."""
    name = display or str(path)
    text = kbfiles.read_text(root if root is not None else path.parent, path, name)
    return parse_yaml(text, name)

