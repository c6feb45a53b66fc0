"""Load YAML safely while keeping where every value stands, so errors can say file:line:col.

A file that parsed before is read from the cache (engine/checkcache.py, yaml/) as JSON under a key
of its text and the reading code; its node tree, needed only for positions, is parsed again when
a position is asked for. Only data that JSON gives back exactly is cached (no dates, no keys that
are not strings).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import kbfiles
from .errors import KnowledgeBaseError, shown
from .limits import MAX_FILE_BYTES, MAX_NESTING, MAX_YAML_ALIASES, MAX_YAML_NODES

if TYPE_CHECKING:
    import yaml

# The largest cached data of one file, as JSON (its aliases expanded): larger data is parsed each time.
MAX_CACHED_JSON = 4 * MAX_FILE_BYTES


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
    text: str | None = field(default=None, repr=False)  # to parse the node tree again (data from the cache)

    def node_tree(self) -> yaml.Node | None:
        """The node tree behind the data (parsed again when the data came from the cache)."""
        if self.root is None and self.text is not None:
            self.root = _parse(self.text, self.path).root
        return self.root

    def position(self, path: tuple[Any, ...] | list[Any] = ()) -> Position:
        """Where the value at `path` (keys and indexes) stands; the nearest parent if it is missing."""
        node = self.node_tree()
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
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == step or (isinstance(step, str) and str(key_node.value) == step):
                return value_node
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return node.value[step]
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    """A mapping's keys and values, a sequence's items (a scalar's value is a str): no import of yaml per node."""
    value = node.value
    if not isinstance(value, list):
        return []
    return [n for pair in value for n in pair] if value and isinstance(value[0], tuple) else list(value)


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
    import yaml

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


def parse_yaml(text: str, path: str) -> YamlDocument:
    """Parse YAML text with the safe loader only; syntax errors become KnowledgeBaseError.

    The data of a text that parsed before comes from the cache."""
    from .checkcache import cache_root, code_digest, entry_key, read_entry

    key = entry_key("yaml", code_digest(), text) if cache_root() is not None else None
    if key is not None:
        body = read_entry("yaml", key)
        if body is not None:
            try:
                return YamlDocument(path, json.loads(body), None, text)
            except (ValueError, RecursionError):
                pass  # not what this code writes: parse again and rewrite it
    document = _parse(text, path)
    if key is not None:
        _remember(key, document.data)
    return document


def _remember(key: str, data: Any) -> None:
    """Cache data that JSON gives back exactly (dates, sets and keys that are not strings would not be)."""
    from .checkcache import write_entry

    try:
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    except (TypeError, ValueError, RecursionError):
        return
    if len(body) <= MAX_CACHED_JSON and json.loads(body) == data:
        write_entry("yaml", key, body)


def _parse(text: str, path: str) -> YamlDocument:
    """Parse with libyaml's safe loader when PyYAML was built with it (the same safe constructors, ten
    times faster), checking bounds and duplicate keys before constructing any data."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
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
    return YamlDocument(path, data, root, text)


def load_yaml(path: Path, display: str | None = None, root: Path | None = None) -> YamlDocument:
    """Read and parse a YAML file of the knowledge base at `root` (kbfiles: confined and bounded);
    `display` is the name shown in errors. Without a root, the file's own folder confines it."""
    name = display or str(path)
    text = kbfiles.read_text(root if root is not None else path.parent, path, name)
    return parse_yaml(text, name)

