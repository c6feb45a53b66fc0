"""The rules evaluated in plain Python, with the engine's semantics: the floor for speed, and the
second opinion for the differential check (engine and static evaluator must fire the same rules).

durable-rules' agenda, as measured: after each action the first rule (by firing order) with a
pending match fires. Here: repeatedly fire the first rule in firing order whose condition holds
over the person's facts and the facts derived so far, until none is left.
"""

from __future__ import annotations

from typing import Any

from .conditions import Condition, holds_nnf, to_nnf
from .knowledge import KnowledgeBase, Rule
from .trace import Evaluation, RulePlan
from .validate import firing_order


class StaticEvaluator:
    """Evaluates the rules of a checked knowledge base without the engine."""

    def __init__(self, kb: KnowledgeBase) -> None:
        order = firing_order(kb)
        if order is None:
            raise ValueError("rules have a dependency cycle; validate the knowledge base first")
        self.kb = kb
        self.plan = RulePlan(kb)
        derived = self.plan.derived_names
        # (rule, condition, reads, whether it reads derived facts), in firing order
        self.rules: list[tuple[Rule, Condition, set[str], bool]] = []
        for rid in order:
            rule = kb.rule_by_id[rid]
            self.rules.append((rule, to_nnf(rule.condition), set(rule.reads), bool(derived & set(rule.reads))))

    def evaluate(self, facts: dict[str, Any]) -> Evaluation:
        evaluation = Evaluation()
        known: dict[str, Any] = dict(facts)
        fired: set[str] = set()
        # A condition's truth changes only when a derived fact it reads does: a rule reading none is
        # tested once per person, the others once per change of the derived facts (`version`).
        tested: dict[str, tuple[int, bool]] = {}
        version = 0
        while True:
            for rule, condition, reads, chains in self.rules:  # noqa: B007 - the loop finds the rule to fire
                if rule.id in fired:
                    continue
                seen = tested.get(rule.id)
                if seen is None or (chains and seen[0] != version):
                    seen = tested[rule.id] = (version, holds_nnf(condition, known))
                if seen[1]:
                    break
            else:
                return evaluation
            fired.add(rule.id)
            if self.plan.fire(rule, evaluation, self._matched(known, reads)):
                version += 1
                for name, value in evaluation.derived.items():
                    known[name] = frozenset(value) if name in self.plan.multiple else value

    def _matched(self, known: dict[str, Any], reads: set[str]) -> dict[str, Any]:
        matched = {}
        for name in sorted(reads):
            value = known.get(name)
            matched[name] = sorted(value) if isinstance(value, (set, frozenset)) else value
        return matched
