"""The condition language: parsing, three-valued truth (unknown is never true), negation normal form, words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bonekb.engine.conditions import (
    TRUE,
    All,
    Any_,
    Not,
    describe,
    describe_test,
    facts_of,
    failing_tests,
    holds,
    parse_condition,
    to_nnf,
)
from bonekb.engine.conditions import Test as Leaf  # pytest would try to collect a class named Test

AGE_UNDER_4 = Leaf("age", "below", 4)


def test_parse_leaf_all_any_not():
    assert parse_condition(None) == TRUE
    assert parse_condition({"fact": "age", "below": 4}) == AGE_UNDER_4
    assert parse_condition({"fact": "age", "at_least": 19, "below": 65}) == All(
        (Leaf("age", "at_least", 19), Leaf("age", "below", 65)))
    assert parse_condition({"not": {"any": [{"fact": "sun", "equals": "low"}, {"fact": "medications",
                                                                                 "includes": "digoxin"}]}}) == Not(
        Any_((Leaf("sun", "equals", "low"), Leaf("medications", "includes", ("digoxin",)))))
    assert parse_condition({"fact": "sex", "one_of": ["female"]}) == Leaf("sex", "one_of", ("female",))


def test_no_condition_always_holds():
    assert holds(TRUE, {}) is True


@pytest.mark.parametrize("cond", [
    AGE_UNDER_4,
    Not(AGE_UNDER_4),
    Leaf("age", "at_least", 4),
    Not(Not(AGE_UNDER_4)),
    Leaf("sex", "equals", "female"),
    Leaf("sex", "not_equals", "female"),
    Not(Leaf("sex", "equals", "female")),
    Leaf("sex", "one_of", ("female", "male")),
    Not(Leaf("sex", "one_of", ("female",))),
    Leaf("medications", "includes", ("digoxin",)),
    Not(Leaf("medications", "includes", ("digoxin",))),
    Not(All((AGE_UNDER_4, Leaf("sex", "equals", "male")))),
    Any_((AGE_UNDER_4, Not(AGE_UNDER_4))),
])
def test_a_test_on_a_missing_fact_is_false_and_so_is_its_negation(cond):
    assert holds(cond, {}) is False


def test_excluded_middle_holds_once_the_fact_is_known():
    either = Any_((AGE_UNDER_4, Not(AGE_UNDER_4)))
    assert holds(either, {"age": 2}) and holds(either, {"age": 40})
    assert holds(Not(AGE_UNDER_4), {"age": 40}) and not holds(Not(AGE_UNDER_4), {"age": 3})


def test_present_is_two_valued():
    given_ = Leaf("age", "present", True)
    assert holds(given_, {"age": 1}) and not holds(given_, {})
    assert holds(Not(given_), {}) and not holds(Not(given_), {"age": 1})
    assert holds(Leaf("age", "present", False), {})


@pytest.mark.parametrize(("op", "value", "actual", "expected"), [
    ("at_least", 19, 19, True), ("at_least", 19, 18.99, False),
    ("below", 65, 64.99, True), ("below", 65, 65, False),
    ("at_most", 0, 0, True), ("at_most", 0, 0.001, False),
    ("above", 0, 0.001, True), ("above", 0, 0, False),
    ("equals", 35, 35.0, True),
    ("equals", True, 1, False),       # a bool is not a number
    ("equals", 1, True, False),
    ("equals", "5", 5, False),        # durable-rules would compare these as text: we never do
    ("at_least", 4, "10", False),     # a number test on text is false, not a text comparison
    ("at_least", 0, True, False),
    ("one_of", ("low", "enough"), "low", True),
    ("one_of", ("low",), "enough", False),
])
def test_scalar_comparisons(op, value, actual, expected):
    assert holds(Leaf("x", op, value), {"x": actual}) is expected


def test_list_facts():
    meds = {"medications": frozenset({"digoxin", "thiazide"})}
    assert holds(Leaf("medications", "includes", ("digoxin",)), meds)
    assert holds(Leaf("medications", "includes", ("orlistat", "thiazide")), meds)
    assert not holds(Leaf("medications", "includes", ("orlistat",)), meds)
    assert holds(Not(Leaf("medications", "includes", ("orlistat",))), meds)
    assert not holds(Not(Leaf("medications", "includes", ("digoxin",))), meds)
    assert holds(Not(Leaf("medications", "includes", ("digoxin",))), {"medications": frozenset()})


def test_to_nnf_pushes_negation_to_the_tests():
    a, b = Leaf("age", "below", 4), Leaf("sex", "equals", "male")
    assert to_nnf(Not(All((a, b)))) == Any_((Leaf("age", "at_least", 4), Leaf("sex", "not_equals", "male")))
    assert to_nnf(Not(Any_((a, b)))) == All((Leaf("age", "at_least", 4), Leaf("sex", "not_equals", "male")))
    assert to_nnf(Not(Not(a))) == a
    assert to_nnf(Not(Leaf("x", "present", True))) == Leaf("x", "present", False)
    assert to_nnf(Not(Leaf("m", "includes", ("a",)))) == Leaf("m", "excludes", ("a",))
    assert to_nnf(Not(Leaf("n", "at_most", 3))) == Leaf("n", "above", 3)
    assert to_nnf(Not(Leaf("s", "one_of", ("a",)))) == Leaf("s", "not_one_of", ("a",))


def test_facts_of_and_failing_tests():
    cond = All((Leaf("age", "at_least", 19), Any_((Leaf("sex", "equals", "female"), Leaf("sex", "present", False))),
                Leaf("menopause", "present", False)))
    assert facts_of(cond) == ["age", "sex", "menopause"]
    assert failing_tests(cond, {"age": 50, "sex": "male", "menopause": "pre"}) == [
        Leaf("sex", "equals", "female"), Leaf("menopause", "present", False)]
    assert failing_tests(cond, {"age": 50}) == []
    assert failing_tests(Not(AGE_UNDER_4), {}) == [Leaf("age", "at_least", 4)]


def test_describe_in_words():
    assert describe(TRUE) == "always"
    assert describe_test(Leaf("age", "at_least", 19)) == "age is at least 19"
    assert describe_test(Leaf("sun", "present", False)) == "sun is not given"
    assert describe_test(Leaf("sun_midday", "equals", True)) == "sun_midday is yes"
    both = Leaf("medications", "includes", ("digoxin", "thiazide"))
    assert describe_test(both) == "medications includes digoxin, thiazide"
    cond = All((Leaf("age", "at_least", 19), Any_((Leaf("sex", "equals", "female"), Leaf("sex", "present", False)))))
    assert describe(cond) == "age is at least 19 and (sex is female or sex is not given)"
    assert describe(Not(AGE_UNDER_4)) == "not (age is below 4)"


# --- properties: negation never makes unknown true, and is exact once everything is known ---------

FACTS = {"age": st.integers(0, 130), "sex": st.sampled_from(["female", "male"]), "flag": st.booleans(),
         "medications": st.frozensets(st.sampled_from(["digoxin", "thiazide", "orlistat"]))}
LEAVES = st.one_of(
    st.builds(Leaf, st.just("age"), st.sampled_from(["at_least", "at_most", "above", "below", "equals"]),
              st.integers(0, 130)),
    st.builds(Leaf, st.just("sex"), st.just("equals"), st.sampled_from(["female", "male"])),
    st.builds(Leaf, st.just("flag"), st.just("equals"), st.booleans()),
    st.builds(Leaf, st.just("medications"), st.just("includes"),
              st.lists(st.sampled_from(["digoxin", "thiazide", "orlistat"]), min_size=1, max_size=2).map(tuple)),
    st.builds(Leaf, st.sampled_from(list(FACTS)), st.just("present"), st.booleans()),
)
CONDITIONS = st.recursive(LEAVES, lambda inner: st.one_of(
    st.builds(Not, inner),
    st.lists(inner, min_size=1, max_size=3).map(lambda items: All(tuple(items))),
    st.lists(inner, min_size=1, max_size=3).map(lambda items: Any_(tuple(items))),
), max_leaves=8)


@settings(max_examples=300, deadline=None)
@given(cond=CONDITIONS, facts=st.fixed_dictionaries({}, optional=FACTS))
def test_a_condition_and_its_negation_are_never_both_true(cond, facts):
    assert not (holds(cond, facts) and holds(Not(cond), facts))
    assert holds(to_nnf(cond), facts) == holds(cond, facts)


@settings(max_examples=300, deadline=None)
@given(cond=CONDITIONS, facts=st.fixed_dictionaries(FACTS))
def test_with_every_fact_known_negation_is_classical(cond, facts):
    assert holds(Not(cond), facts) == (not holds(cond, facts))
