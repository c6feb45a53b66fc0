"""Single-number mutants of the shipped knowledge base, built in memory, and whether the audit catches each.

A mutant changes one numeric literal of a rule file, of vocabulary.yaml, or of the structured
figures of claims.yaml and references.yaml: amounts times 1.2, age boundaries plus and minus 1,
a condition's other numbers (thresholds such as taking_calcium above 500) all three; each that
changes the value. It is the shipped knowledge base with that one document re-parsed from the changed text,
so no file is written and the audit runs in-process.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from bonekb.engine.audit.registry import checks
from bonekb.engine.audit.runner import run_audit
from bonekb.engine.knowledge import SPECIAL_FILES, KnowledgeBase, _rules_of
from bonekb.engine.vocabulary import Vocabulary
from bonekb.engine.yamlsource import parse_yaml

# Files of rules/ whose every number is mutated, and those where only the numbers under `figures` are.
FIGURE_FILES = ("claims.yaml", "references.yaml")
SKIPPED_FILES = tuple(set(SPECIAL_FILES) - {*FIGURE_FILES, "vocabulary.yaml"})
FIGURE_CODES = ("T006", "T007", "T008")
THRESHOLD_KEYS = frozenset({"at_least", "at_most", "above", "below"})


@dataclass(frozen=True)
class Mutant:
    """One number of one file changed."""

    path: str  # relative to the knowledge base root
    where: str  # the number's place: keys, and list items by their id when they have one
    line: int
    start: int
    end: int
    old: str
    new: str

    @property
    def key(self) -> str:
        return f"{self.path} {self.where}: {self.old} -> {self.new}"


def _number_text(value: float) -> str:
    value = round(value, 6)
    return str(int(value)) if float(value).is_integer() else repr(value)


def _variants(text: str, kind: str) -> list[str]:
    """Amounts times 1.2; boundaries plus and minus 1; thresholds (a condition's number that is no age) both."""
    value = float(text)
    changes = {"amount": (value * 1.2,), "boundary": (value + 1, value - 1),
               "threshold": (value * 1.2, value + 1, value - 1)}[kind]
    out = []
    for changed in changes:
        new = _number_text(changed)
        if float(new) != value and new not in out:
            out.append(new)
    return out


def _scalar(node: yaml.Node, key: str) -> str | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key and isinstance(v, yaml.ScalarNode):
                return str(v.value)
    return None


def _numbers(node: yaml.Node, where: str, kind: str, in_figures: bool,
             figures_only: bool) -> Iterator[tuple[str, str, yaml.Node]]:
    """(place, kind, node) of every number under node; kind is amount, boundary or threshold."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag.endswith((":int", ":float")) and (in_figures or not figures_only):
            yield where, kind, node
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = str(key.value)
            if name in THRESHOLD_KEYS:
                child = "boundary" if _scalar(node, "fact") == "age" else "threshold"
            elif name in ("ages", "boundaries") or (name in ("min", "max") and _scalar(node, "what") == "ages"):
                child = "boundary"
            else:
                child = kind
            yield from _numbers(value, f"{where}.{name}" if where else name, child,
                                in_figures or name == "figures", figures_only)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            ids = [v.value for k, v in item.value if k.value == "id"] if isinstance(item, yaml.MappingNode) else []
            yield from _numbers(item, f"{where}[{ids[0] if ids else i}]", kind, in_figures, figures_only)


def mutants(root: Path) -> list[Mutant]:
    """Every single-number mutant of the knowledge base at root."""
    found = []
    for path in sorted((root / "rules").rglob("*.yaml")):
        name = path.relative_to(root).as_posix()
        if path.parent == root / "rules" and path.name in SKIPPED_FILES:
            continue
        text = path.read_text(encoding="utf-8")
        figures_only = path.parent == root / "rules" and path.name in FIGURE_FILES
        tree = yaml.compose(text, Loader=yaml.SafeLoader)
        for where, kind, node in _numbers(tree, "", "amount", False, figures_only):
            old = text[node.start_mark.index:node.end_mark.index]
            for new in _variants(node.value, kind):
                found.append(Mutant(name, where, node.start_mark.line + 1, node.start_mark.index,
                                    node.end_mark.index, old, new))
    return found


def mutated(base: KnowledgeBase, mutant: Mutant) -> KnowledgeBase:
    """The knowledge base with the mutant's one document re-parsed from its changed text."""
    text = (base.root / mutant.path).read_text(encoding="utf-8")
    document = parse_yaml(text[:mutant.start] + mutant.new + text[mutant.end:], mutant.path)
    name = mutant.path.removeprefix("rules/")
    if name == "claims.yaml":
        return dataclasses.replace(base, claims_document=document)
    if name == "references.yaml":
        return dataclasses.replace(base, references_document=document)
    if name == "vocabulary.yaml":
        return dataclasses.replace(base, vocabulary=Vocabulary.from_data(document.data, base.facts_document.data))
    documents = [document if d.path == mutant.path else d for d in base.documents]
    return dataclasses.replace(base, documents=documents, rules=[r for d in documents for r in _rules_of(d)])


def caught_by(kb: KnowledgeBase) -> str | None:
    """The code of an error the audit reports for this knowledge base, or None.

    The figure checks run first, alone (they are what should catch a changed number, and they are
    fast); only when they find nothing does the whole audit run. A figure check's error counts as
    the audit's: were the knowledge base structurally broken, the audit would report that instead,
    an error too.
    """
    registry = checks()
    for code in FIGURE_CODES:
        if any(f.severity == "error" for f in registry[code].run(kb)):
            return code
    report = run_audit(kb)
    return next((f.code for f in report.standing if f.severity == "error"), None)
