"""Differential check of the engine: durable-rules (RuleSession) and the plain-Python StaticEvaluator
must fire the same rules in the same order, with the same overridden_by, derived facts and conflicts.

Here over a knowledge base built to stress precedence (override chains, an overrider that itself
yields, conflicting derivations, chaining three levels deep, disjunctions over derived facts) and
over the shipped one; tests/scenarios/test_differential.py runs the same check over the scenarios.
(This file is not named test_differential.py: two test modules may not share a name without packages.)
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bonekb.engine.languages import declared_languages
from bonekb.engine.profile import normalise_profile
from bonekb.engine.session import RuleSession
from bonekb.engine.static import StaticEvaluator
from bonekb.engine.trace import Evaluation
from bonekb.engine.validate import load_knowledge_base

NOTE = {"note": {lang: "n" for lang in declared_languages()}}  # every declared language
FACTS = """
facts:
  level: {values: [l1, l2, l3], description: "single-valued, derived along an override chain"}
  tag: {values: [a, b, c], multiple: true, description: "multi-valued"}
  tier: {values: [x, y], description: "single-valued; two rules may disagree"}
"""
RULES = [
    # An override chain: l3 over l2 over l1. When l3 yields l2, l1 has no active overrider and
    # fires too, so `level` gets a conflict: both evaluators must record it the same way.
    {"id": "level.one", "when": {"fact": "age", "at_least": 0}, "then": {"derive": {"level": "l1"}}},
    {"id": "level.two", "when": {"fact": "age", "at_least": 30}, "overrides": ["level.one"],
     "then": {"derive": {"level": "l2"}}},
    {"id": "level.three", "when": {"fact": "age", "at_least": 60}, "overrides": ["level.two"],
     "then": {"derive": {"level": "l3"}}},
    {"id": "tag.a", "when": {"fact": "sex", "equals": "female"}, "then": {"derive": {"tag": "a"}}},
    {"id": "tag.b", "when": {"any": [{"fact": "age", "below": 20}, {"fact": "sun", "equals": "low"}]},
     "then": {"derive": {"tag": "b"}}},
    {"id": "tag.c", "when": {"fact": "level", "one_of": ["l3"]}, "then": {"derive": {"tag": "c"}}},
    {"id": "tier.x", "when": {"fact": "tag", "equals": "a"}, "then": {"derive": {"tier": "x"}}},
    {"id": "tier.y", "when": {"all": [{"fact": "tag", "equals": "b"}, {"fact": "level", "one_of": ["l2", "l3"]}]},
     "then": {"derive": {"tier": "y"}}},
    {"id": "out.any-tag", "when": {"any": [{"fact": "tag", "equals": "a"}, {"fact": "tag", "equals": "c"}]},
     "then": NOTE},
    {"id": "out.tier-y", "when": {"fact": "tier", "equals": "y"}, "overrides": ["out.any-tag"], "then": NOTE},
    {"id": "out.no-diet", "when": {"all": [{"fact": "diet_calcium", "present": False},
                                           {"fact": "level", "one_of": ["l1", "l3"]}]}, "then": NOTE},
    {"id": "out.not-young", "when": {"all": [{"not": {"fact": "age", "below": 50}}, {"fact": "tier", "equals": "x"}]},
     "then": NOTE},
    {"id": "out.always", "overrides": ["out.no-diet"], "when": {"fact": "tag", "equals": "c"}, "then": NOTE},
]
PEOPLE = st.fixed_dictionaries({}, optional={
    "age": st.one_of(st.sampled_from([0, 19.999, 20, 29.999, 30, 50, 59.999, 60, 130]), st.integers(0, 130)),
    "sex": st.sampled_from(["female", "male"]),
    "sun": st.sampled_from(["low", "enough"]),
    "diet_calcium": st.sampled_from([0, 800]),
})


def _trace(evaluation: Evaluation) -> dict[str, Any]:
    return {"firings": [(f.rule, f.overridden_by, f.derived, f.conflicts) for f in evaluation.firings],
            "derived": {k: sorted(v) if isinstance(v, tuple) else v for k, v in evaluation.derived.items()}}


@pytest.fixture(scope="module")
def stress_kb(tiny_kb):
    rules = [{"title": "t", "sources": ["DOSE-1"], **rule} for rule in RULES]
    return load_knowledge_base(tiny_kb(yaml.safe_dump({"rules": rules}, allow_unicode=True), FACTS))


def test_engine_and_static_agree_on_a_knowledge_base_built_to_stress_precedence(stress_kb):
    static = StaticEvaluator(stress_kb)
    seen: set[tuple[str, str | None]] = set()
    conflicts = 0
    with RuleSession(stress_kb) as session:

        @settings(max_examples=300, deadline=None, database=None)
        @given(facts=PEOPLE)
        def check(facts: dict[str, Any]) -> None:
            nonlocal conflicts
            engine, plain = session.evaluate(facts), static.evaluate(facts)
            assert _trace(engine) == _trace(plain), facts
            seen.update((f.rule, f.overridden_by) for f in engine.firings)
            conflicts += any(f.conflicts for f in engine.firings)

        check()
    # the hard cases were reached: a yielding overrider, an overridden rule, a conflict
    assert {("level.two", "level.three"), ("level.one", None), ("out.any-tag", "out.tier-y"),
            ("out.no-diet", "out.always")} <= seen
    assert conflicts


def test_a_known_hard_case_by_hand(stress_kb):
    facts = {"age": 70, "sex": "female", "sun": "low"}
    with RuleSession(stress_kb) as session:
        engine = session.evaluate(facts)
    plain = StaticEvaluator(stress_kb).evaluate(facts)
    assert _trace(engine) == _trace(plain)
    by_rule = {f.rule: f for f in engine.firings}
    assert by_rule["level.two"].overridden_by == "level.three"
    assert by_rule["level.one"].overridden_by is None and by_rule["level.one"].conflicts == {"level": "level.three"}
    assert engine.derived["level"] == "l3" and set(engine.derived["tag"]) == {"a", "b", "c"}
    assert engine.derived["tier"] == "x" and by_rule["tier.y"].conflicts == {"tier": "tier.x"}


def test_engine_and_static_agree_on_the_shipped_knowledge_base(kb, evaluator, profiles):
    static = StaticEvaluator(kb)

    @settings(max_examples=300, deadline=None, database=None)
    @given(raw=profiles)
    def check(raw: dict[str, Any]) -> None:
        facts = normalise_profile(raw, kb.vocabulary).facts()
        assert _trace(evaluator.session.evaluate(facts)) == _trace(static.evaluate(facts)), raw

    check()
