"""Why a rule did not give this person its amount: the tests that failed, down to the profile's own facts.

A failing test on a derived fact ("applies to postmenopausal women") is followed to the rules that
would have derived that value, and the one closest to holding says what in the profile blocked it
("menopause is post; your profile says menopause: pre").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..conditions import Test, failing_tests
from ..knowledge import KnowledgeBase, Rule
from .words import Words

if TYPE_CHECKING:
    from ..trace import Evaluation

MAX_DEPTH = 2


def failed_conditions(kb: KnowledgeBase, rule: Rule, facts: dict[str, Any], evaluation: Evaluation,
                      words: Words, depth: int = 0) -> list[dict[str, Any]]:
    """Each failing test of the rule in words, with the person's value and, for derived facts, the cause."""
    out = []
    for test in failing_tests(rule.condition, facts):
        item: dict[str, Any] = {"fact": test.fact, "needs": words.test(test), "actual": None, "because": [],
                                "derived": test.fact in kb.derived_facts}
        if test.fact in kb.derived_facts:
            if test.fact in facts:
                item["actual"] = words.fill(str(words.data.get("derived_actual", "$fact: $value")),
                                            fact=words.word("facts", test.fact), value=words.value(facts[test.fact]))
            if depth < MAX_DEPTH:
                item["because"] = _cause(kb, test, facts, evaluation, words, depth)
        else:
            item["actual"] = words.actual(test.fact, facts)
        out.append(item)
    return out


def _cause(kb: KnowledgeBase, test: Test, facts: dict[str, Any], evaluation: Evaluation,
           words: Words, depth: int) -> list[dict[str, Any]]:
    """The failing tests of the deriving rule closest to holding (fewest failures)."""
    wanted = _wanted_values(test)
    options = []
    for rule in kb.rules:
        if test.fact in rule.derives and rule.derives[test.fact] in wanted and not evaluation.has_fired(rule.id):
            failed = failed_conditions(kb, rule, facts, evaluation, words, depth + 1)
            if failed:
                options.append(failed)
    return min(options, key=len) if options else []


def _wanted_values(test: Test) -> set[Any]:
    if test.op == "equals":
        return {test.value}
    if test.op in ("one_of", "includes"):
        return set(test.value)
    return set()


def person_facts(profile_facts: dict[str, Any], evaluation: Evaluation, kb: KnowledgeBase) -> dict[str, Any]:
    """The facts the rules saw at the end: the profile's and the derived ones (multi-valued as sets)."""
    facts = dict(profile_facts)
    for name, value in evaluation.derived.items():
        facts[name] = frozenset(value) if kb.derived_facts.get(name, {}).get("multiple") else value
    return facts
