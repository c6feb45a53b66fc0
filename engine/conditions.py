"""The rule condition language: comparisons of one fact with literals, combined with all/any/not.

Semantics are three-valued and fixed here once: a comparison on a fact the profile does not have
is unknown, `not` of unknown stays unknown, and a rule fires only when its condition is true.
Negation is pushed down to the comparisons (negation normal form), where unknown becomes false;
the durable-rules compiler and the static evaluator both work on that form, so they agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Union

# Operators a rule file may use in a leaf, and the ones negation introduces.
LEAF_OPERATORS = ("equals", "one_of", "at_least", "at_most", "above", "below", "present", "includes")
NEGATED = {
    "equals": "not_equals", "not_equals": "equals",
    "one_of": "not_one_of", "not_one_of": "one_of",
    "at_least": "below", "below": "at_least",
    "at_most": "above", "above": "at_most",
    "includes": "excludes", "excludes": "includes",
}
NUMERIC_OPERATORS = frozenset({"at_least", "at_most", "above", "below"})


@dataclass(frozen=True)
class Test:
    """One comparison of a fact with a literal (a list for one_of/includes)."""

    fact: str
    op: str
    value: Any

    def negated(self) -> Test:
        if self.op == "present":
            return Test(self.fact, "present", not self.value)
        return Test(self.fact, NEGATED[self.op], self.value)


@dataclass(frozen=True)
class All:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Any_:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition = Union[Test, All, Any_, Not]  # noqa: UP007 - a runtime alias, kept readable for 3.10
TRUE = All(())


def parse_condition(data: Any, path: tuple = ()) -> Condition:
    """Build a condition from validated YAML data (see rules.schema.json)."""
    if data is None:
        return TRUE
    if "all" in data:
        return All(tuple(parse_condition(d, (*path, "all", i)) for i, d in enumerate(data["all"])))
    if "any" in data:
        return Any_(tuple(parse_condition(d, (*path, "any", i)) for i, d in enumerate(data["any"])))
    if "not" in data:
        return Not(parse_condition(data["not"], (*path, "not")))
    tests = []
    for op in LEAF_OPERATORS:
        if op in data:
            value = data[op]
            if op in ("one_of", "includes"):
                value = tuple(value) if isinstance(value, list) else (value,)
            tests.append(Test(data["fact"], op, value))
    return tests[0] if len(tests) == 1 else All(tuple(tests))


def to_nnf(cond: Condition, negate: bool = False) -> Condition:
    """Push negation down to the tests (De Morgan), so only tests carry it."""
    if isinstance(cond, Test):
        return cond.negated() if negate else cond
    if isinstance(cond, Not):
        return to_nnf(cond.item, not negate)
    items = tuple(to_nnf(c, negate) for c in cond.items)
    if isinstance(cond, All):
        return Any_(items) if negate else All(items)
    return All(items) if negate else Any_(items)


def tests_of(cond: Condition) -> Iterable[Test]:
    """Every test in a condition, in order."""
    if isinstance(cond, Test):
        yield cond
    elif isinstance(cond, Not):
        yield from tests_of(cond.item)
    else:
        for item in cond.items:
            yield from tests_of(item)


def facts_of(cond: Condition) -> list[str]:
    """The fact names a condition reads, first use first."""
    return list(dict.fromkeys(t.fact for t in tests_of(cond)))


def test_holds(test: Test, facts: Mapping[str, Any]) -> bool:
    """Evaluate one test; a missing fact makes every comparison false (unknown)."""
    if test.op == "present":
        return (test.fact in facts) == test.value
    if test.fact not in facts:
        return False
    actual = facts[test.fact]
    if isinstance(actual, (set, frozenset)):
        return _set_holds(test, actual)
    return _scalar_holds(test.op, actual, test.value)


def _set_holds(test: Test, actual: frozenset) -> bool:
    wanted = test.value if isinstance(test.value, tuple) else (test.value,)
    if test.op in ("includes", "one_of", "equals"):
        return any(v in actual for v in wanted)
    if test.op in ("excludes", "not_one_of", "not_equals"):
        return not any(v in actual for v in wanted)
    raise ValueError(f"operator {test.op} does not apply to a list fact")


def _scalar_holds(op: str, actual: Any, value: Any) -> bool:
    if op == "equals":
        return (actual == value and type(actual) is type(value)) or _same_number(actual, value)
    if op == "not_equals":
        return not _scalar_holds("equals", actual, value)
    if op == "one_of":
        return any(_scalar_holds("equals", actual, v) for v in value)
    if op == "not_one_of":
        return not _scalar_holds("one_of", actual, value)
    if isinstance(actual, bool) or not isinstance(actual, (int, float)):
        return False
    return {"at_least": actual >= value, "at_most": actual <= value,
            "above": actual > value, "below": actual < value}[op]


def _same_number(a: Any, b: Any) -> bool:
    numeric = (int, float)
    return (isinstance(a, numeric) and isinstance(b, numeric)
            and not isinstance(a, bool) and not isinstance(b, bool) and a == b)


def holds(cond: Condition, facts: Mapping[str, Any]) -> bool:
    """Evaluate a condition (any form) with the three-valued semantics above."""
    return holds_nnf(to_nnf(cond), facts)


def holds_nnf(cond: Condition, facts: Mapping[str, Any]) -> bool:
    """`holds` for a condition already in negation normal form (for callers that test it often)."""
    if isinstance(cond, Test):
        return test_holds(cond, facts)
    if isinstance(cond, All):
        return all(holds_nnf(c, facts) for c in cond.items)
    return any(holds_nnf(c, facts) for c in cond.items)


def failing_tests(cond: Condition, facts: Mapping[str, Any]) -> list[Test]:
    """The tests that keep a condition from holding (for 'why not'): the smallest blocking set found."""
    nnf = to_nnf(cond)
    return _failing(nnf, facts)


def _failing(cond: Condition, facts: Mapping[str, Any]) -> list[Test]:
    if isinstance(cond, Test):
        return [] if test_holds(cond, facts) else [cond]
    if isinstance(cond, All):
        return [t for c in cond.items for t in _failing(c, facts)]
    options = [_failing(c, facts) for c in cond.items]
    return min(options, key=len) if options else []


_OP_WORDS = {
    "equals": "is {v}", "not_equals": "is not {v}", "one_of": "is one of {v}",
    "not_one_of": "is none of {v}", "at_least": "is at least {v}", "at_most": "is at most {v}",
    "above": "is above {v}", "below": "is below {v}", "includes": "includes {v}",
    "excludes": "includes none of {v}",
}


def describe_test(test: Test) -> str:
    """A test in words: 'age is at least 19'."""
    if test.op == "present":
        return f"{test.fact} is {'given' if test.value else 'not given'}"
    value = test.value
    shown = ", ".join(_word(v) for v in value) if isinstance(value, tuple) else _word(value)
    return f"{test.fact} {_OP_WORDS[test.op].format(v=shown)}"


def _word(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def describe(cond: Condition) -> str:
    """A condition in words, for rule listings and reviewers."""
    if isinstance(cond, Test):
        return describe_test(cond)
    if isinstance(cond, Not):
        return f"not ({describe(cond.item)})"
    if not cond.items:
        return "always"
    joiner = " and " if isinstance(cond, All) else " or "
    parts = [describe(c) if isinstance(c, Test) else f"({describe(c)})" for c in cond.items]
    return joiner.join(parts)
