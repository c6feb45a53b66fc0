"""The knowledge base on disk: rule files, claims, references, vocabulary and derived facts."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from . import kbfiles
from .checkcache import remembered_digest, status_key, write_entry
from .conditions import Condition, facts_of, parse_condition
from .errors import KnowledgeBaseError, escaped
from .languages import languages_of
from .limits import MAX_CONDITION_BRANCHES, MAX_CONDITION_DEPTH, MAX_CONDITION_VALUES, MAX_RULES
from .vocabulary import Vocabulary
from .yamlsource import Position, YamlDocument, load_yaml

# Files in rules/ that are not rule files.
ARTICLE_FILE = "article.zh-Hant.txt"
SPECIAL_FILES = ("manifest.yaml", "claims.yaml", "references.yaml", "vocabulary.yaml", "facts.yaml", "messages.yaml")


@dataclass(eq=False)
class Rule:
    """A rule as written, with where it stands in its file."""

    id: str
    title: str
    sources: tuple[str, ...]
    condition: Condition
    then: dict[str, Any]
    overrides: tuple[str, ...]
    rationale: str
    waivers: tuple[dict[str, str], ...]
    document: YamlDocument
    index: int

    @property
    def file(self) -> str:
        return self.document.path

    def position(self, *path: Any) -> Position:
        """Where a part of this rule stands ('when', 'then', 'recommend', 0 ...)."""
        return self.document.position(("rules", self.index, *path))

    @property
    def reads(self) -> list[str]:
        """Fact names the condition reads."""
        return list(self._reads)

    @cached_property
    def _reads(self) -> tuple[str, ...]:  # asked hundreds of times while the rules are compiled
        return tuple(facts_of(self.condition))

    @property
    def derives(self) -> dict[str, Any]:
        return dict(self.then.get("derive", {}))

    @property
    def recommendations(self) -> list[dict[str, Any]]:
        return list(self.then.get("recommend", []))

    def waived(self, code: str) -> bool:
        return any(w.get("code") == code for w in self.waivers)


@dataclass(eq=False)
class KnowledgeBase:
    """Every file of a knowledge base, parsed (not yet validated: see validate.py)."""

    root: Path
    manifest: dict[str, Any]
    rules: list[Rule]
    claims_document: YamlDocument
    references_document: YamlDocument
    facts_document: YamlDocument
    vocabulary: Vocabulary
    messages_document: YamlDocument
    documents: list[YamlDocument] = field(default_factory=list)
    languages: tuple[str, ...] = ("en",)  # the manifest's `languages:` (engine/languages.py), the first the default

    @property
    def rules_dir(self) -> Path:
        return self.root / "rules"

    @property
    def explanations_dir(self) -> Path:
        return self.root / "explanations"

    @property
    def scenarios_dir(self) -> Path:
        return self.root / "scenarios"

    @property
    def version(self) -> str:
        return str(self.manifest.get("version", "unversioned"))

    @cached_property
    def rule_by_id(self) -> dict[str, Rule]:
        return {r.id: r for r in self.rules}

    @cached_property
    def claims(self) -> dict[str, dict[str, Any]]:
        return {c["id"]: c for c in (self.claims_document.data or {}).get("claims", [])}

    @cached_property
    def references(self) -> dict[str, dict[str, Any]]:
        return {r["id"]: r for r in (self.references_document.data or {}).get("references", [])}

    @cached_property
    def messages(self) -> dict[str, dict[str, Any]]:
        return dict((self.messages_document.data or {}).get("messages", {}))

    @cached_property
    def derived_facts(self) -> dict[str, dict[str, Any]]:
        return dict((self.facts_document.data or {}).get("facts", {}))

    @cached_property
    def article_text(self) -> str:
        """The article the claims quote: `source: {file: ...}` in claims.yaml, a file of rules/."""
        data = self.claims_document.data
        source = data.get("source") if isinstance(data, dict) else None
        name = str(source.get("file", ARTICLE_FILE)) if isinstance(source, dict) else ARTICLE_FILE
        return kbfiles.read_text(self.root, self.rules_dir / name, f"rules/{escaped(name[:80])}")

    @cached_property
    def digest(self) -> str:
        """sha256 over the rule and template files, so a result names the knowledge it came from.

        Every file is read through kbfiles: one that is not a knowledge-base file is refused here,
        as a KnowledgeBaseError naming it, instead of being hashed or blocking. What the files'
        status says (checkcache.py's digests/ entries, under every file's inode, size, mtime and
        ctime, and the code digest: this very method may differ in another version) saves reading
        them again while none of them changes: see checkcache.status_key.
        """
        paths = [path for folder in (self.rules_dir, self.explanations_dir)
                 for path in kbfiles.files(self.root, folder) if path.suffix != ".py"]
        key = status_key("knowledge base", paths)
        cached = remembered_digest(key)
        if cached is not None:
            return cached
        sha = hashlib.sha256()
        for path in paths:
            sha.update(path.relative_to(self.root).as_posix().encode())
            sha.update(b"\0")
            sha.update(kbfiles.read_bytes(self.root, path))
        digest = "sha256:" + sha.hexdigest()
        if key is not None:
            write_entry("digests", key, digest.encode())
        return digest


def shipped_root() -> Path:
    """The knowledge base that ships with bonekb: rules/ and explanations/ beside each other (found from
    the package's own path: importlib.resources costs start-up time for the same answer)."""
    import bonekb.rules

    return Path(bonekb.rules.__file__).parent.parent


def read_knowledge_base(root: Path | str | None = None) -> KnowledgeBase:
    """Parse every file of the knowledge base at `root` (the shipped one by default)."""
    root = Path(root) if root is not None else shipped_root()
    rules_dir = root / "rules"
    if not rules_dir.is_dir() or not kbfiles.inside(root, rules_dir):
        raise KnowledgeBaseError(str(root), "not a knowledge base: it has no rules/ folder")

    def special(name: str, required: bool = True) -> YamlDocument:
        path = rules_dir / name
        if not kbfiles.is_file(root, path):
            if required:
                raise KnowledgeBaseError(f"rules/{name}", "missing: every knowledge base needs this file")
            return YamlDocument(f"rules/{name}", {}, None)
        document = load_yaml(path, f"rules/{name}", root)
        if not isinstance(document.data, (dict, type(None))):
            raise KnowledgeBaseError(document.path, "must be a mapping of key: value at the top level", 1, 1)
        return document

    vocabulary_doc = special("vocabulary.yaml")
    try:
        facts_doc = special("facts.yaml")
        vocabulary = Vocabulary.from_data(vocabulary_doc.data, facts_doc.data)
    except (KeyError, TypeError, AttributeError) as err:
        raise KnowledgeBaseError("rules/vocabulary.yaml", f"malformed vocabulary: missing or bad {err}") from None
    manifest = special("manifest.yaml", required=False)
    if not isinstance(manifest.data, (dict, type(None))):
        raise KnowledgeBaseError(manifest.path, "must be a mapping, e.g. version: \"2026.11.1\"", 1, 1)
    languages = languages_of(manifest.data, manifest)
    documents = []
    rules: list[Rule] = []
    for path in kbfiles.files(root, rules_dir, "*.yaml"):
        relative = path.relative_to(root).as_posix()
        if path.parent == rules_dir and path.name in SPECIAL_FILES:
            continue
        document = load_yaml(path, relative, root)
        documents.append(document)
        rules.extend(_rules_of(document))
        if len(rules) > MAX_RULES:
            where = document.position(("rules",))
            raise KnowledgeBaseError(where.path, f"more than {MAX_RULES:,} rules in the knowledge base (MAX_RULES)",
                                     where.line, where.column)
    kb = KnowledgeBase(
        root=root,
        manifest=manifest.data or {},
        rules=rules,
        claims_document=special("claims.yaml"),
        references_document=special("references.yaml"),
        facts_document=facts_doc,
        vocabulary=vocabulary,
        messages_document=special("messages.yaml"),
        documents=documents,
        languages=languages,
    )
    kb.digest  # noqa: B018  every file of rules/ and explanations/ is a knowledge-base file, for every command
    return kb


def _rules_of(document: YamlDocument) -> list[Rule]:
    """Rules of a file whose shape the schema has not yet checked: tolerate what it will report."""
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        return []
    rules = []
    for index, item in enumerate(data["rules"]):
        if not isinstance(item, dict):
            continue
        _check_condition_bounds(document, ("rules", index, "when"), item.get("when"))
        try:
            condition = parse_condition(item.get("when"))
        except (TypeError, KeyError, AttributeError):
            condition = parse_condition(None)
        rules.append(Rule(
            id=str(item.get("id", f"<rule {index + 1}>")),
            title=str(item.get("title", "")),
            sources=_listed(item.get("sources")),
            condition=condition,
            then=item.get("then") if isinstance(item.get("then"), dict) else {},
            overrides=_listed(item.get("overrides")),
            rationale=str(item.get("rationale", "")),
            waivers=tuple(w for w in _listed(item.get("waivers")) if isinstance(w, dict)),
            document=document,
            index=index,
        ))
    return rules


def _listed(value: Any) -> tuple[Any, ...]:
    """A list as written, or nothing when it is not a list (the schema reports that: S001)."""
    return tuple(value) if isinstance(value, list) else ()


def _check_condition_bounds(document: YamlDocument, where: tuple[Any, ...], when: Any) -> None:
    """Refuse a `when` nested deeper, with more branches or more listed values than limits.py allows
    (before anything recurses over it or compiles it)."""
    stack = [(when, where, 1)]
    while stack:
        node, path, depth = stack.pop()
        if not isinstance(node, dict):
            continue
        problem = None
        for key in ("all", "any", "not"):
            if key not in node:
                continue
            items = node[key] if isinstance(node[key], list) else [node[key]]
            if depth > MAX_CONDITION_DEPTH:
                problem = f"conditions nested deeper than {MAX_CONDITION_DEPTH} levels (MAX_CONDITION_DEPTH)"
            elif len(items) > MAX_CONDITION_BRANCHES:
                problem = f"'{key}' has more than {MAX_CONDITION_BRANCHES} branches (MAX_CONDITION_BRANCHES)"
            else:
                sub = (*path, key) if key == "not" else None
                stack += [(item, sub or (*path, key, i), depth + 1) for i, item in enumerate(items)]
        for key in ("one_of", "includes"):
            if isinstance(node.get(key), list) and len(node[key]) > MAX_CONDITION_VALUES:
                problem = f"'{key}' lists more than {MAX_CONDITION_VALUES} values (MAX_CONDITION_VALUES)"
        if problem:
            pos = document.position(path)
            raise KnowledgeBaseError(pos.path, problem, pos.line, pos.column)
