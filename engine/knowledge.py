"""The knowledge base on disk: rule files, claims, references, vocabulary and derived facts."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .conditions import Condition, facts_of, parse_condition
from .errors import KnowledgeBaseError
from .vocabulary import Vocabulary
from .yamlsource import Position, YamlDocument, load_yaml

# Files in rules/ that are not rule files.
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
        return facts_of(self.condition)

    @property
    def derives(self) -> dict[str, Any]:
        return dict(self.then.get("derive", {}))

    @property
    def recommendations(self) -> list[dict[str, Any]]:
        return list(self.then.get("recommend", []))

    def waived(self, code: str) -> bool:
        return any(w["code"] == code for w in self.waivers)


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
        source = (self.claims_document.data or {}).get("source", {})
        path = self.rules_dir / str(source.get("file", "article.zh-Hant.txt"))
        try:
            return path.read_text(encoding="utf-8")
        except OSError as err:
            raise KnowledgeBaseError(f"rules/{path.name}", f"cannot read the article: {err.strerror}") from None

    @cached_property
    def digest(self) -> str:
        """sha256 over the rule and template files, so a result names the knowledge it came from."""
        sha = hashlib.sha256()
        for folder in (self.rules_dir, self.explanations_dir):
            for path in sorted(folder.rglob("*")):
                if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".py":
                    sha.update(path.relative_to(self.root).as_posix().encode())
                    sha.update(b"\0")
                    sha.update(path.read_bytes())
        return "sha256:" + sha.hexdigest()


def shipped_root() -> Path:
    """The knowledge base that ships with bonekb: rules/ and explanations/ beside each other."""
    from importlib.resources import files

    return Path(str(files("bonekb.rules"))).parent


def read_knowledge_base(root: Path | str | None = None) -> KnowledgeBase:
    """Parse every file of the knowledge base at `root` (the shipped one by default)."""
    root = Path(root) if root is not None else shipped_root()
    rules_dir = root / "rules"
    if not rules_dir.is_dir():
        raise KnowledgeBaseError(str(root), "not a knowledge base: it has no rules/ folder")

    def special(name: str, required: bool = True) -> YamlDocument:
        path = rules_dir / name
        if not path.is_file():
            if required:
                raise KnowledgeBaseError(f"rules/{name}", "missing: every knowledge base needs this file")
            return YamlDocument(f"rules/{name}", {}, None)
        return load_yaml(path, f"rules/{name}")

    vocabulary_doc = special("vocabulary.yaml")
    try:
        facts_doc = special("facts.yaml")
        vocabulary = Vocabulary.from_data(vocabulary_doc.data, facts_doc.data)
    except (KeyError, TypeError, AttributeError) as err:
        raise KnowledgeBaseError("rules/vocabulary.yaml", f"malformed vocabulary: missing or bad {err}") from None
    manifest = special("manifest.yaml", required=False)
    if not isinstance(manifest.data, (dict, type(None))):
        raise KnowledgeBaseError(manifest.path, "must be a mapping, e.g. version: \"2026.11.1\"", 1, 1)
    documents = []
    rules: list[Rule] = []
    for path in sorted(rules_dir.rglob("*.yaml")):
        relative = path.relative_to(root).as_posix()
        if path.parent == rules_dir and path.name in SPECIAL_FILES:
            continue
        document = load_yaml(path, relative)
        documents.append(document)
        rules.extend(_rules_of(document))
    return KnowledgeBase(
        root=root,
        manifest=manifest.data or {},
        rules=rules,
        claims_document=special("claims.yaml"),
        references_document=special("references.yaml"),
        facts_document=facts_doc,
        vocabulary=vocabulary,
        messages_document=special("messages.yaml"),
        documents=documents,
    )


def _rules_of(document: YamlDocument) -> list[Rule]:
    """Rules of a file whose shape the schema has not yet checked: tolerate what it will report."""
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        return []
    rules = []
    for index, item in enumerate(data["rules"]):
        if not isinstance(item, dict):
            continue
        try:
            condition = parse_condition(item.get("when"))
        except (TypeError, KeyError, AttributeError):
            condition = parse_condition(None)
        rules.append(Rule(
            id=str(item.get("id", f"<rule {index + 1}>")),
            title=str(item.get("title", "")),
            sources=tuple(item.get("sources") or ()),
            condition=condition,
            then=item.get("then") if isinstance(item.get("then"), dict) else {},
            overrides=tuple(item.get("overrides") or ()),
            rationale=str(item.get("rationale", "")),
            waivers=tuple(item.get("waivers") or ()),
            document=document,
            index=index,
        ))
    return rules
