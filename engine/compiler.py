"""Compile validated rules into durable-rules ruleset definitions (plain dicts).

Each fact the engine sees is one of two shapes:
  the person:     {"t": "p", <profile facts>}, list facts as {name: true} objects;
  a derived fact: {"t": "d", "n": <name>, "v": <value>}.
A rule's condition goes to negation normal form; tests of profile facts fold into one pattern on
the person, each test of a derived fact becomes a pattern of its own (a join). A disjunction that
involves derived facts is split into one durable rule per alternative; the action makes sure a
rule fires at most once per person. `pri` follows the dependency order of validate.firing_order,
so derivations and overriding rules fire before the rules that read or yield to them.
"""

from __future__ import annotations

from itertools import chain, product
from typing import Any

from .conditions import All, Any_, Condition, Test, tests_of, to_nnf
from .errors import KnowledgeBaseError
from .knowledge import KnowledgeBase
from .profile import tidy
from .validate import fact_type, firing_order

RULESET = "bonekb"
ENGINE_MAX_RULES = 4096  # durable-rules' MAX_ACTIONS: a ruleset of more fails with error 106
SINK_ACTION = "__sink__"
# A rule that every message reaches and that never fires, so no fact is ever "not handled".
SINK_RULE = {"all": [{"a": {"$ex": {"sid": 1}}}, {"b": {"__never__": 1}}], "pri": 65535, "run": SINK_ACTION}
# A rule every person fires first, doing nothing: durable-rules 2.0.28 may crash the process (double
# free) when it deletes a session in which no action ever started, as for a person no rule matches.
START_RULE = {"all": [{"p": {"t": "p"}}], "pri": 0, "run": SINK_ACTION}


def person_fact(facts: dict[str, Any]) -> dict[str, Any]:
    """The person as one durable-rules fact."""
    fact: dict[str, Any] = {"t": "p"}
    for name, value in facts.items():
        fact[name] = {v: True for v in sorted(value)} if isinstance(value, (set, frozenset)) else value
    return fact


def derived_fact(name: str, value: Any) -> dict[str, Any]:
    return {"t": "d", "n": name, "v": value}


def _literal(value: Any) -> Any:
    """A rule's literal as the engine parses it: numbers written as profile numbers are (profile.tidy:
    3 decimals, an int when whole), so `1e-05` or `1e+16` never reach the engine's parser."""
    if isinstance(value, tuple):
        return tuple(_literal(v) for v in value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return tidy(value)
    return value


def _person_test(test: Test) -> dict[str, Any]:
    f, v = test.fact, _literal(test.value)
    exists = {"$ex": {f: 1}}
    if test.op == "present":
        return exists if v else {"$nex": {f: 1}}
    if test.op == "equals":
        return {f: v}
    if test.op == "not_equals":
        return {"$and": [exists, {"$neq": {f: v}}]}
    if test.op == "one_of":
        return _or([{f: x} for x in v])
    if test.op == "not_one_of":
        return {"$and": [exists, *({"$neq": {f: x}} for x in v)]}
    if test.op == "includes":
        return _or([{"$ex": {f"{f}.{x}": 1}} for x in v])
    if test.op == "excludes":
        return {"$and": [exists, *({"$nex": {f"{f}.{x}": 1}} for x in v)]}
    operator = {"at_least": "$gte", "at_most": "$lte", "above": "$gt", "below": "$lt"}[test.op]
    return {operator: {f: v}}


def _or(items: list[dict[str, Any]]) -> dict[str, Any]:
    return items[0] if len(items) == 1 else {"$or": items}


def _person_condition(cond: Condition) -> dict[str, Any]:
    if isinstance(cond, Test):
        return _person_test(cond)
    parts = [_person_condition(c) for c in cond.items]
    if isinstance(cond, All):
        return {"$and": parts} if parts else {"t": "p"}
    return _or(parts)


def _derived_pattern(test: Test) -> dict[str, Any]:
    parts: list[dict[str, Any]] = [{"t": "d"}, {"n": test.fact}]
    test = Test(test.fact, test.op, _literal(test.value))
    if test.op == "equals":
        parts.append({"v": test.value})
    elif test.op == "one_of":
        parts.append(_or([{"v": x} for x in test.value]))
    return {"$and": parts}


def _terms(cond: Condition, is_derived: Any) -> list[list[Condition]]:
    """Disjunctive normal form over derived tests; subtrees on the person alone stay whole."""
    if not any(is_derived(t.fact) for t in tests_of(cond)) or isinstance(cond, Test):
        return [[cond]]
    if isinstance(cond, All):
        return [list(chain.from_iterable(combo)) for combo in product(*(_terms(c, is_derived) for c in cond.items))]
    assert isinstance(cond, Any_)
    return [term for c in cond.items for term in _terms(c, is_derived)]


def _term_count(cond: Condition, is_derived: Any) -> int:
    """How many terms _terms would make, counted without making them."""
    if isinstance(cond, Test) or not any(is_derived(t.fact) for t in tests_of(cond)):
        return 1
    counts = [_term_count(c, is_derived) for c in cond.items]
    if isinstance(cond, All):
        total = 1
        for count in counts:
            total = min(total * count, ENGINE_MAX_RULES + 1)
        return total
    return min(sum(counts), ENGINE_MAX_RULES + 1)


def compile_ruleset(kb: KnowledgeBase) -> dict[str, dict[str, Any]]:
    """The durable-rules definition of every rule, in firing order, plus the start and sink rules.

    Raises KnowledgeBaseError (S011, naming the rule) before compiling past the engine's 4,096 rules:
    an `any` over derived facts inside an `all` multiplies the rules a condition compiles to.
    """
    order = firing_order(kb)
    if order is None:
        raise ValueError("rules have a dependency cycle; validate the knowledge base first")

    def is_derived(name: str) -> bool:
        return bool((fact_type(kb, name) or {}).get("derived"))

    total = 2
    for rule in kb.rules:
        total += _term_count(to_nnf(rule.condition), is_derived)
        if total > ENGINE_MAX_RULES:
            where = rule.position("when")
            raise KnowledgeBaseError(where.path, f"S011 rule '{rule.id}': the rules compile to more than the "
                                     f"engine's {ENGINE_MAX_RULES:,} rules (an 'any' over derived facts compiles "
                                     "to one per branch)", where.line, where.column)
    ruleset: dict[str, dict[str, Any]] = {"aa#start": dict(START_RULE)}
    for pri, rule_id in enumerate(order):
        rule = kb.rule_by_id[rule_id]
        for n, term in enumerate(_terms(to_nnf(rule.condition), is_derived)):
            person = [c for c in term if not (isinstance(c, Test) and is_derived(c.fact))]
            patterns: list[dict[str, Any]] = [{"p": {"$and": [{"t": "p"}, _person_condition(All(tuple(person)))]}}]
            patterns += [{f"d{i}": _derived_pattern(c)} for i, c in enumerate(term) if c not in person]
            ruleset[f"{rule_id}#{n}"] = {"all": patterns, "pri": pri, "run": rule_id}
    ruleset["zz#sink"] = dict(SINK_RULE)
    return {RULESET: ruleset}
