"""What a rule firing does, shared by the durable-rules session and the static evaluator.

A rule fires at most once per person. If a rule that overrides it has fired (overriding rules
fire first, by the firing order), it yields whole: nothing it says counts. Otherwise it derives
its facts: a multi-valued fact collects values; a single-valued fact keeps the first value
derived, and a different later value is recorded as a conflict (the audit reports those).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .knowledge import KnowledgeBase, Rule


@dataclass
class Firing:
    """One rule that fired: the facts it matched and what it derived (or whom it yielded to)."""

    rule: str
    facts: dict[str, Any]
    derived: dict[str, Any] = field(default_factory=dict)
    overridden_by: str | None = None
    conflicts: dict[str, str] = field(default_factory=dict)


@dataclass
class Evaluation:
    """What one person's evaluation produced, in firing order."""

    firings: list[Firing] = field(default_factory=list)
    derived: dict[str, Any] = field(default_factory=dict)
    derived_by: dict[str, str] = field(default_factory=dict)
    # the firings by rule id, kept by RulePlan.fire (a rule fires at most once per person)
    by_rule: dict[str, Firing] = field(default_factory=dict, repr=False, compare=False)

    def has_fired(self, rule_id: str) -> bool:
        return rule_id in self.by_rule


class RulePlan:
    """Per-rule facts computed once per knowledge base: who overrides it, which derived facts are multi-valued."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.overriders: dict[str, list[str]] = {r.id: [] for r in kb.rules}
        for rule in kb.rules:
            for other in rule.overrides:
                self.overriders.setdefault(other, []).append(rule.id)
        self.multiple = {name for name, spec in kb.derived_facts.items() if spec.get("multiple")}
        self.derived_names = set(kb.derived_facts)

    def fire(self, rule: Rule, evaluation: Evaluation, matched: dict[str, Any]) -> list[tuple[str, Any]]:
        """Record a firing; return the derived facts that are new (to assert into the engine)."""
        firing = Firing(rule.id, matched)
        evaluation.firings.append(firing)
        evaluation.by_rule[rule.id] = firing
        fired = evaluation.by_rule
        firing.overridden_by = next((r for r in self.overriders[rule.id]
                                     if r in fired and fired[r].overridden_by is None), None)
        if firing.overridden_by:
            return []
        new: list[tuple[str, Any]] = []
        for name, value in rule.derives.items():
            known = evaluation.derived.get(name)
            if name in self.multiple:
                if value in (known or ()):
                    continue
                evaluation.derived[name] = (*(known or ()), value)
            elif known is not None:
                if known != value:
                    firing.conflicts[name] = evaluation.derived_by[name]
                continue
            else:
                evaluation.derived[name] = value
                evaluation.derived_by[name] = rule.id
            firing.derived[name] = value
            new.append((name, value))
        return new
