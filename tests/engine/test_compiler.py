"""Rules compiled to durable-rules: the shape of the ruleset, and every operator run by the real engine.

The engine is the implementation and conditions.holds the definition: over generated people, a
rule fires in durable-rules exactly when its condition holds (missing facts included).
"""

from __future__ import annotations

import copy

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bonekb.engine.compiler import RULESET, SINK_RULE, START_RULE, compile_ruleset, person_fact
from bonekb.engine.conditions import holds
from bonekb.engine.languages import declared_languages
from bonekb.engine.session import RuleSession
from bonekb.engine.validate import firing_order, load_knowledge_base

NOTE = {"note": {lang: "n" for lang in declared_languages()}}  # every declared language

# One rule per operator and per way of combining them, on profile facts only.
CONDITIONS = {
    "equals-text": {"fact": "sex", "equals": "female"},
    "equals-bool": {"fact": "pregnant", "equals": True},
    "equals-number": {"fact": "age", "equals": 35},
    "one-of": {"fact": "sun", "one_of": ["low", "enough"]},
    "one-of-single": {"fact": "menopause", "one_of": ["peri"]},
    "at-least": {"fact": "age", "at_least": 19},
    "at-most": {"fact": "diet_calcium", "at_most": 800},
    "above": {"fact": "taking_calcium", "above": 0},
    "below": {"fact": "sun_minutes", "below": 15.5},
    "band": {"fact": "age", "at_least": 19, "below": 65},
    "present": {"fact": "age", "present": True},
    "absent": {"fact": "sun", "present": False},
    "includes": {"fact": "medications", "includes": "digoxin"},
    "includes-any": {"fact": "conditions", "includes": ["kidney_stones", "hypercalcaemia"]},
    "not-equals": {"not": {"fact": "sex", "equals": "female"}},
    "not-one-of": {"not": {"fact": "sun", "one_of": ["low"]}},
    "not-below": {"not": {"fact": "age", "below": 4}},
    "not-includes": {"not": {"fact": "medications", "includes": ["digoxin", "thiazide"]}},
    "not-present": {"not": {"fact": "diet_calcium", "present": True}},
    "not-all": {"not": {"all": [{"fact": "age", "at_least": 19}, {"fact": "sex", "equals": "male"}]}},
    "not-any": {"not": {"any": [{"fact": "sunscreen", "equals": True}, {"fact": "mostly_indoors", "equals": True}]}},
    "any-missing": {"any": [{"fact": "sunscreen", "equals": False}, {"fact": "sunscreen", "present": False}]},
    "nested": {"all": [{"fact": "age", "at_least": 45},
                       {"any": [{"fact": "sex", "equals": "female"}, {"not": {"fact": "menopause", "present": True}}]},
                       {"not": {"fact": "taking_d3", "above": 1000}}]},
}

# A derived fact, tested alone, joined with the person, and in a disjunction (split into two durable rules).
DERIVED_FACTS = """
facts:
  band:
    values: [young, old]
    description: test
  tag:
    values: [a, b]
    multiple: true
    description: test
"""
DERIVED_RULES = [
    {"id": "derive.young", "when": {"fact": "age", "below": 30}, "then": {"derive": {"band": "young"}}},
    {"id": "derive.old", "when": {"fact": "age", "at_least": 30}, "then": {"derive": {"band": "old"}}},
    {"id": "derive.tag-a", "when": {"fact": "sex", "present": True}, "then": {"derive": {"tag": "a"}}},
    {"id": "derive.tag-b", "when": {"fact": "sex", "equals": "male"}, "then": {"derive": {"tag": "b"}}},
    {"id": "join.old-man", "when": {"all": [{"fact": "band", "equals": "old"}, {"fact": "sex", "equals": "male"}]},
     "then": NOTE},
    {"id": "split.any-band", "when": {"any": [{"fact": "band", "equals": "young"}, {"fact": "band", "equals": "old"}]},
     "then": NOTE},
    {"id": "tags.both", "when": {"all": [{"fact": "tag", "equals": "a"}, {"fact": "tag", "equals": "b"}]},
     "then": NOTE},
    {"id": "tags.one-of", "when": {"fact": "tag", "one_of": ["b"]}, "then": NOTE},
]


def _rules_yaml(rules: list[dict]) -> str:
    return yaml.safe_dump({"rules": [{"title": "t", "sources": ["DOSE-1"], **r} for r in rules]}, allow_unicode=True)


@pytest.fixture(scope="module")
def operator_kb(tiny_kb):
    rules = [{"id": f"op.{name}", "when": when, "then": NOTE} for name, when in CONDITIONS.items()]
    return load_knowledge_base(tiny_kb(_rules_yaml(rules + DERIVED_RULES), DERIVED_FACTS))


@pytest.fixture(scope="module")
def operator_session(operator_kb):
    with RuleSession(operator_kb) as session:
        yield session


MEDS = ["digoxin", "thiazide", "orlistat"]
CONDS = ["kidney_stones", "hypercalcaemia", "malabsorption"]
AGES = st.one_of(st.integers(0, 130), st.sampled_from([3.999, 4, 18.999, 19, 35, 45, 64.999, 65]),
                 st.floats(0, 130).map(lambda x: round(x, 3)))
PROFILE_FACTS = {
    "age": AGES, "sex": st.sampled_from(["female", "male"]), "menopause": st.sampled_from(["pre", "peri", "post"]),
    "pregnant": st.booleans(), "sun": st.sampled_from(["low", "enough"]),
    "sun_minutes": st.sampled_from([0, 10, 15, 15.5, 16, 30]), "sunscreen": st.booleans(),
    "mostly_indoors": st.booleans(), "diet_calcium": st.sampled_from([0, 500, 800, 800.5, 1200]),
    "taking_calcium": st.sampled_from([0, 0.5, 500]), "taking_d3": st.sampled_from([0, 1000, 1000.5, 4000]),
    "medications": st.frozensets(st.sampled_from(MEDS)), "conditions": st.frozensets(st.sampled_from(CONDS)),
}
PEOPLE = st.fixed_dictionaries({}, optional=PROFILE_FACTS)


@settings(max_examples=250, deadline=None)
@given(facts=PEOPLE)
def test_durable_rules_fires_a_rule_exactly_when_its_condition_holds(operator_kb, operator_session, facts):
    evaluation = operator_session.evaluate(facts)
    fired = [f.rule for f in evaluation.firings]
    assert len(fired) == len(set(fired)), "a rule fired twice for one person"
    derived = {"band": "young" if facts.get("age", 99) < 30 else "old"} if "age" in facts else {}
    tags = frozenset(t for t, ok in (("a", "sex" in facts), ("b", facts.get("sex") == "male")) if ok)
    if tags:
        derived["tag"] = tags
    known = {**facts, **derived}
    expected = {rule.id for rule in operator_kb.rules if holds(rule.condition, known)}
    assert set(fired) == expected
    assert evaluation.derived.get("band") == derived.get("band")
    assert frozenset(evaluation.derived.get("tag", ())) == tags


def test_matched_facts_name_what_the_condition_read(operator_session):
    evaluation = operator_session.evaluate({"age": 40, "sex": "male", "medications": frozenset({"digoxin"})})
    firings = {f.rule: f for f in evaluation.firings}
    assert firings["op.includes"].facts == {"medications": ["digoxin"]}
    assert firings["join.old-man"].facts == {"band": "old", "sex": "male"}
    assert firings["op.not-present"].facts == {"diet_calcium": None}   # matched as not given
    assert firings["derive.old"].derived == {"band": "old"}


def test_the_shipped_ruleset_shape(kb):
    compiled = compile_ruleset(kb)
    assert list(compiled) == [RULESET]
    ruleset = compiled[RULESET]
    order = firing_order(kb)
    assert order is not None and sorted(order) == sorted(r.id for r in kb.rules)
    runs: dict[str, set[int]] = {}
    for name, rule in ruleset.items():
        runs.setdefault(rule["run"], set()).add(rule["pri"])
        assert name.startswith(f"{rule['run']}#") or rule in (SINK_RULE, START_RULE)
        first = rule["all"][0]
        assert "p" in first or "a" in first   # the person pattern comes first (or the sink's)
    assert ruleset["zz#sink"] == SINK_RULE and SINK_RULE["pri"] == 65535
    assert next(iter(ruleset.values())) == START_RULE and START_RULE["pri"] == 0
    for pri, rule_id in enumerate(order):
        assert runs[rule_id] == {pri}, rule_id   # every rule, at its place in the firing order
    assert set(runs) == {*order, SINK_RULE["run"]}


def test_compiling_is_deterministic_and_registration_does_not_change_the_kb(kb):
    first = compile_ruleset(kb)
    assert compile_ruleset(kb) == first
    snapshot = copy.deepcopy(first)
    with RuleSession(kb):
        pass
    assert compile_ruleset(kb) == snapshot


def test_a_disjunction_over_a_derived_fact_becomes_one_durable_rule_per_alternative(operator_kb):
    ruleset = compile_ruleset(operator_kb)[RULESET]
    assert sorted(n for n in ruleset if n.startswith("split.any-band#")) == ["split.any-band#0", "split.any-band#1"]
    assert [n for n in ruleset if n.startswith("op.nested#")] == ["op.nested#0"]   # person-only: one pattern
    join = ruleset["join.old-man#0"]["all"]
    assert len(join) == 2 and "d0" in join[1]


def test_person_fact_turns_lists_into_objects():
    fact = person_fact({"age": 40, "medications": frozenset({"thiazide", "digoxin"})})
    assert fact == {"t": "p", "age": 40, "medications": {"digoxin": True, "thiazide": True}}
