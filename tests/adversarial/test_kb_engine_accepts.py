"""Class 4: the audit accepts only what the engine loads. It compiles the rules with durable-rules
(S011), rule literals are written as the engine parses them, and `recommend` refuses in one line
where it used to crash with 'Could not create ruleset'."""

from __future__ import annotations

import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bonekb.engine.audit.runner import run_audit
from bonekb.engine.errors import KnowledgeBaseError
from bonekb.engine.knowledge import read_knowledge_base, shipped_root
from bonekb.engine.limits import MAX_CONDITION_DEPTH
from bonekb.engine.session import RuleSession

from .hostile_kb import add_rule_file, assert_one_line_refusal, rule, run

DERIVED = [{"fact": "group", "equals": "adults"}, {"fact": "sun_level", "equals": "low"}]


def _errors(root, select=("S",)):
    return [r.finding for r in run_audit(root, select=list(select)).reported if r.finding.severity == "error"]


def test_a_literal_finer_than_profile_numbers_is_an_audit_error_and_a_one_line_refusal(kb_copy):
    add_rule_file(kb_copy, [rule(when={"fact": "age", "above": 0.00001})])
    assert [f.code for f in _errors(kb_copy)] == ["S006"]
    line = assert_one_line_refusal(run("recommend", "--kb", str(kb_copy), "--age", "40"), "S006", "3 decimals")
    assert "Could not create ruleset" not in line


def test_big_whole_literals_are_written_as_the_engine_parses_them(kb_copy):
    add_rule_file(kb_copy, [rule(when={"fact": "diet_calcium", "equals": 1.0e16})])
    assert _errors(kb_copy) == []
    result = run("recommend", "--kb", str(kb_copy), "--age", "40")
    assert result.returncode == 0, result.stderr


def test_too_many_joins_is_s011_and_recommend_refuses_in_one_line(kb_copy):
    add_rule_file(kb_copy, [rule(when={"all": [{"fact": "age", "above": 1}, *({"any": DERIVED} for _ in range(7))]})])
    assert [f.code for f in _errors(kb_copy)] == ["S011"]
    line = assert_one_line_refusal(run("recommend", "--kb", str(kb_copy), "--age", "40"), "S011", "hostile.rule")
    assert "108" in line


def test_an_any_that_multiplies_past_the_engine_is_refused_before_it_is_compiled(kb_copy):
    add_rule_file(kb_copy, [rule(when={"all": [{"any": DERIVED} for _ in range(MAX_CONDITION_DEPTH)]})])
    assert [f.code for f in _errors(kb_copy)] == ["S011"]
    assert_one_line_refusal(run("recommend", "--kb", str(kb_copy), "--age", "40", timeout=30), "S011", "4,096")


def test_conditions_as_deep_as_the_limit_allows_load_in_the_engine(kb_copy):
    when = {"fact": "age", "above": 1}
    for i in range(MAX_CONDITION_DEPTH - 1):
        when = {"all": [when, {"fact": "age", "below": 100 + i}]}
    add_rule_file(kb_copy, [rule(when=when)])
    assert _errors(kb_copy) == []
    assert run("recommend", "--kb", str(kb_copy), "--age", "40").returncode == 0


# Hypothesis: random conditions of the kinds the engine has limits on. Whatever the S checks pass,
# the engine loads; whatever they refuse, loading refuses in one KnowledgeBaseError.
numbers = st.one_of(st.integers(0, 130), st.floats(0, 130, allow_nan=False).map(lambda x: round(x, 6)),
                    st.sampled_from([0.00001, 0.00009, 0.0001, 0.5, 64.9999]))  # what the engine's parser trips on
leaves = st.one_of(
    st.builds(lambda op, v: {"fact": "age", op: v},
              st.sampled_from(["above", "below", "at_least", "at_most"]), numbers),
    st.sampled_from(DERIVED),
    st.builds(lambda v: {"fact": "sex", "equals": v}, st.sampled_from(["female", "male"])),
)
conditions = st.recursive(leaves, lambda inner: st.one_of(
    st.builds(lambda xs: {"all": xs}, st.lists(inner, min_size=1, max_size=8)),
    st.builds(lambda xs: {"any": xs}, st.lists(inner, min_size=1, max_size=3)),
    st.builds(lambda x: {"not": x}, inner)), max_leaves=32)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(st.lists(conditions, min_size=1, max_size=3))
def test_what_the_audit_passes_the_engine_loads(tmp_path_factory, whens):
    root = tmp_path_factory.mktemp("kb")
    for folder in ("rules", "explanations"):
        shutil.copytree(shipped_root() / folder, root / folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    add_rule_file(root, [rule(f"generated.r{i}", when) for i, when in enumerate(whens)])
    try:
        kb = read_knowledge_base(root)
    except KnowledgeBaseError:
        return  # refused at reading: a bound, one line
    errors = _errors(kb)
    if errors:
        with pytest.raises(KnowledgeBaseError):
            from bonekb.engine.validate import load_knowledge_base
            RuleSession(load_knowledge_base(root)).close()
    else:
        RuleSession(kb).close()
