"""The audit's evaluator agrees with the engine's static evaluator, and its cells say what the engine does."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bonekb.engine.audit.space import SliceEvaluator, interval_label, valid_person
from bonekb.engine.static import StaticEvaluator
from bonekb.engine.trace import Evaluation
from bonekb.engine.validate import load_knowledge_base

from .cases import remove_rule

FLAG = st.booleans()
SCALARS = {
    "age": st.one_of(st.sampled_from([0, 0.5, 3.999, 4, 8.5, 13.999, 14, 18.999, 19, 45, 50.5, 64.999, 65, 71]),
                     st.integers(0, 130)),
    "sex": st.sampled_from(["female", "male"]),
    "menopause": st.sampled_from(["pre", "peri", "post"]),
    "pregnant": FLAG, "breastfeeding": FLAG,
    "sun": st.sampled_from(["low", "enough"]),
    "sun_minutes": st.sampled_from([0, 14.999, 15, 30, 1440]),
    "sun_midday": FLAG, "arms_legs_bare": FLAG, "sunscreen": FLAG, "mostly_indoors": FLAG,
    "diet_calcium": st.sampled_from([0, 800, 1300, 10000]),
}
AMOUNTS = st.sampled_from([0, 0.5, 100, 1000])


@st.composite
def people(draw: st.DrawFn, kb: Any) -> dict[str, Any]:
    facts = draw(st.fixed_dictionaries({}, optional=SCALARS))
    if draw(FLAG):
        facts.update({f"taking_{n}": draw(AMOUNTS) for n in ("calcium", "d3", "k2", "k1")})
    for kind in ("medications", "conditions"):
        if draw(FLAG):
            ids = sorted(set(kb.vocabulary.name_tables[kind].values()))
            facts[kind] = frozenset(draw(st.lists(st.sampled_from(ids), max_size=2)))
    return facts


def _trace(evaluation: Evaluation) -> list[tuple[Any, ...]]:
    return [(f.rule, f.overridden_by, f.derived, f.conflicts) for f in evaluation.firings]


@pytest.fixture(scope="module")
def evaluators(kb):
    return SliceEvaluator(kb, [r.id for r in kb.rules]), StaticEvaluator(kb)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_audit_fires_what_the_static_evaluator_fires(kb, evaluators, data):
    person = data.draw(people(kb))
    assume(valid_person(person, kb))
    ours, static = evaluators
    a, b = ours.evaluate(person), static.evaluate(person)
    assert _trace(a) == _trace(b)
    assert a.derived == b.derived


def test_a_reported_gap_is_what_the_engine_does_for_a_person_in_it(kb_copy):
    """After removing the adults' row, a man of 30 gets his calcium from the general advice only."""
    remove_rule(kb_copy, "table.adults")
    kb = load_knowledge_base(kb_copy)
    evaluation = StaticEvaluator(kb).evaluate({"age": 30, "sex": "male"})
    active = [kb.rule_by_id[f.rule] for f in evaluation.firings if f.overridden_by is None]
    calcium = [r.id for r in active if any(i["nutrient"] == "calcium" for i in r.recommendations)]
    assert calcium == ["advice.dose3"]
    assert evaluation.derived["group"] == ("adults",)


@pytest.mark.parametrize(("interval", "words"), [
    ((0, True, 4, False), "under 4"),
    ((19, True, 65, False), "19–64"),
    ((65, True, 130, True), "65 or more"),
    ((0.5, True, 1, False), "0.5 to under 1"),
    ((0, False, 130, True), "above 0"),
    ((19, True, 19, True), "19"),
])
def test_age_intervals_in_words(interval, words):
    assert interval_label(interval, 0, 130, True) == words


def test_a_person_the_profile_refuses_is_no_cell(kb):
    assert not valid_person({"sex": "male", "menopause": "post"}, kb)
    assert not valid_person({"menopause": "post"}, kb)  # the profile would add sex: female
    assert not valid_person({"taking_calcium": 500}, kb)  # taking gives all four amounts
    assert valid_person({"sex": "female", "menopause": "post", "age": 30}, kb)


def _overlapping_d3_rules(count: int) -> dict[str, Any]:
    """`count` rules that all give D3, over overlapping age bands of one sex each."""
    return {"rules": [
        {"id": f"gen.d3-{i}", "title": f"Generated D3 rule {i}", "sources": ["REF-ODS-D"],
         "when": {"all": [{"fact": "age", "at_least": 19 + i % 40}, {"fact": "age", "below": 60 + i % 50},
                          {"fact": "sex", "equals": ("female", "male")[i % 2]}]},
         "then": {"recommend": [{"nutrient": "d3", "kind": "supplement", "min": 800, "max": 1000 + i, "unit": "IU"}]}}
        for i in range(count)]}


def test_many_rules_on_the_same_facts_are_tested_per_class_not_per_cell(kb_copy, monkeypatch):
    """Before: every rule's condition was tested in every cell (cells x rules: 200 D3 rules took 8 s).
    Now a rule that tests only cell facts is tested once per combination of its facts' classes."""
    import yaml

    from bonekb.engine.audit import space as space_module
    from bonekb.engine.audit.amounts import answer_slice

    count = 60
    (kb_copy / "rules" / "zz-d3.yaml").write_text(yaml.safe_dump(_overlapping_d3_rules(count)), encoding="utf-8")
    tested: dict[str, int] = {}
    plain_init = space_module.SliceEvaluator.__init__

    def counting_init(self, kb, rule_ids):
        plain_init(self, kb, rule_ids)

        def counted(rule, condition):
            def test(facts):
                tested[rule.id] = tested.get(rule.id, 0) + 1
                return condition(facts)
            return test
        self.rules = [(rule, counted(rule, condition)) for rule, condition in self.rules]

    monkeypatch.setattr(space_module.SliceEvaluator, "__init__", counting_init)
    kb = load_knowledge_base(str(kb_copy))
    run = answer_slice(kb).run_of("gen.d3-0")
    combinations = len(run.classes[run.facts.index("age")]) * len(run.classes[run.facts.index("sex")])
    assert len(run.cells) > 4 * combinations  # the run has other facts: per cell would be far more work
    for i in range(count):
        assert 0 < tested[f"gen.d3-{i}"] <= combinations, (i, tested[f"gen.d3-{i}"], len(run.cells))
    fired = sum(f"gen.d3-{i}" in cell.fired() for cell in run.cells for i in range(count))
    assert fired > 0


def test_the_rule_index_fires_what_testing_every_rule_fires(kb):
    """Every cell of the shipped knowledge base's answer slice: the indexed evaluation and the plain one
    (every rule tested in order) give the same firings."""
    from bonekb.engine.audit.amounts import answer_slice

    runs = answer_slice(kb).runs
    assert sum(len(run.cells) for run in runs) > 100
    for run in runs:
        plain = SliceEvaluator(kb, run.rules)
        for cell in run.cells:
            assert _trace(plain.evaluate(cell.facts)) == _trace(cell.evaluation), cell.facts
