"""The differential check: durable-rules and the static evaluator must fire the same rules, in the
same order, with the same overrides and derived facts, for every scenario and for generated people.
Any difference is a bug in one of them (the compiler's patterns, or the static semantics)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bonekb.engine.profile import normalise_profile
from bonekb.engine.scenarios import load_scenarios
from bonekb.engine.static import StaticEvaluator
from bonekb.engine.trace import Evaluation

EDGE_AGES = [0, 0.4, 0.5, 0.9, 1, 3, 3.9, 4, 8, 13, 13.5, 14, 18, 18.9, 19, 44, 45, 50, 64, 64.9, 65, 80, 130]
TAKING = ["calcium carbonate 1250 mg", "calcium citrate 500 mg", "calcium 0 mg", "calcium 3000 mg", "D3 1000 IU",
          "vitamin D 25 ug", "D3 0 IU", "D3 10000 IU", "K2 MK-7 100 ug", "K2 0 ug", "K1 100 ug", "K1 2000 ug"]


@pytest.fixture(scope="module")
def static(kb):
    return StaticEvaluator(kb)


def _trace(evaluation: Evaluation) -> dict[str, Any]:
    return {"firings": [(f.rule, f.overridden_by, f.derived, f.conflicts) for f in evaluation.firings],
            "derived": evaluation.derived}


def _agree(evaluator, static, facts: dict[str, Any]) -> None:
    engine = evaluator.session.evaluate(facts)
    plain = static.evaluate(facts)
    assert _trace(engine) == _trace(plain), f"engine and static evaluator disagree on {facts}"
    multiple, derived = static.plan.multiple, static.plan.derived_names
    for ours, theirs in zip(engine.firings, plain.firings, strict=True):
        # The matched facts agree, with two differences of what the engine can see: of a rule
        # whose alternatives join derived facts, it names only the derived facts of the alternative
        # that matched; of a multi-valued derived fact, the one value that matched.
        assert ours.facts.keys() <= theirs.facts.keys(), (ours.rule, facts)
        assert theirs.facts.keys() - ours.facts.keys() <= derived, (ours.rule, facts)
        for name, value in ours.facts.items():
            if name in multiple:
                assert value in theirs.facts[name], (ours.rule, name, facts)
            else:
                assert value == theirs.facts[name], (ours.rule, name, facts)


def _people(kb) -> st.SearchStrategy[dict[str, Any]]:
    """Raw profiles as a person writes them, edges of every rule's thresholds included."""
    vocab = kb.vocabulary
    flag = st.booleans()
    number = st.one_of(st.sampled_from([0, 5, 14.9, 15, 30, 400, 600, 800, 1000, 1200, 1300, 1500, 2500]),
                       st.integers(0, 3000))
    fields = {
        "age": st.one_of(st.sampled_from(EDGE_AGES), st.integers(0, 130)),
        "sex": st.sampled_from(["female", "male"]),
        "sun": st.sampled_from(["low", "enough"]),
        "sun_minutes": st.one_of(st.sampled_from([0, 14, 15, 16, 60]), st.integers(0, 1440)),
        "sun_midday": flag, "arms_legs_bare": flag, "sunscreen": flag, "mostly_indoors": flag,
        "diet_calcium": number,
        "taking": st.lists(st.sampled_from(TAKING), max_size=4),
        "medications": st.lists(st.sampled_from(sorted(set(vocab.name_tables["medications"].values()))), max_size=3),
        "conditions": st.lists(st.sampled_from(sorted(set(vocab.name_tables["conditions"].values()))), max_size=3),
    }
    female = {"menopause": st.sampled_from(["pre", "peri", "post"]), "pregnant": flag, "breastfeeding": flag}

    @st.composite
    def person(draw) -> dict[str, Any]:
        chosen = draw(st.fixed_dictionaries({}, optional=fields))
        if chosen.get("sex") != "male":
            chosen.update(draw(st.fixed_dictionaries({}, optional=female)))
        return chosen
    return person()


def test_engine_and_static_agree_on_every_scenario(kb, evaluator, static):
    scenarios = load_scenarios(kb)
    assert scenarios
    for scenario in scenarios:
        _agree(evaluator, static, normalise_profile(scenario.profile, kb.vocabulary).facts())


def test_engine_and_static_agree_on_generated_people(kb, evaluator, static):
    seen: set[str] = set()

    @settings(max_examples=1200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_people(kb))
    def check(raw: dict[str, Any]) -> None:
        facts = normalise_profile(raw, kb.vocabulary).facts()
        _agree(evaluator, static, facts)
        seen.update(f.rule for f in static.evaluate(facts).firings)

    check()
    # the generated people reach most rules, so the agreement is not only over trivial profiles
    assert len(seen) >= 0.8 * len(kb.rules), sorted({r.id for r in kb.rules} - seen)
