"""Class 2, knowledge-base side: small files that ask for unbounded work are refused fast, with one
line naming the bound (engine/limits.py) and never the expanded value. Hypothesis builds hostile
YAML the way attackers write it: deep, wide and aliased. (Profiles have their own bounds and tests:
test_profile_*.py.)"""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bonekb.engine.errors import KnowledgeBaseError
from bonekb.engine.limits import (
    MAX_CONDITION_BRANCHES,
    MAX_CONDITION_DEPTH,
    MAX_CONDITION_VALUES,
    MAX_NESTING,
    MAX_RULES,
    MAX_YAML_ALIASES,
    MAX_YAML_NODES,
)
from bonekb.engine.yamlsource import parse_yaml

from .hostile_kb import add_rule_file, assert_one_line_refusal, billion_laughs, rule, run


def test_billion_laughs_in_a_rule_file_fails_fast_without_the_expanded_value(kb_copy):
    (kb_copy / "rules" / "zz-laughs.yaml").write_text(billion_laughs(), encoding="utf-8")
    for command in (["recommend", "--age", "40"], ["audit"], ["rules", "list"]):
        result = run(*command, "--kb", str(kb_copy), timeout=20)
        line = result.stderr.strip() or result.stdout.strip().splitlines()[0]
        assert "MAX_YAML_NODES" in line and "lol" not in line and "Traceback" not in result.stderr


@pytest.mark.parametrize("text", [
    "a: " + "[" * 20_000 + "]" * 20_000,
    "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 3000)),
    "a: " + "{b: " * 5000 + "1" + "}" * 5000,
])
def test_yaml_nested_20000_deep_is_one_line(kb_copy, text):
    (kb_copy / "rules" / "zz-deep.yaml").write_text(text, encoding="utf-8")
    assert_one_line_refusal(run("recommend", "--kb", str(kb_copy), "--age", "40"), "rules/zz-deep.yaml")


@pytest.mark.parametrize("text", ["a: &x [*x]\n", "a: &x {b: *x}\n", "rules: &r [{id: x, when: *r}]\n"])
def test_a_self_referencing_alias_is_one_line(kb_copy, text):
    (kb_copy / "rules" / "zz-self.yaml").write_text(text, encoding="utf-8")
    assert_one_line_refusal(run("recommend", "--kb", str(kb_copy), "--age", "40"), "contains it")


def _nested_when(depth: int) -> dict:
    when = {"fact": "age", "above": 1}
    for i in range(depth):
        when = {"all": [when, {"fact": "age", "below": 100 + i}]}
    return when


@pytest.mark.parametrize(("when", "words"), [
    ({"fact": "medications", "includes": [f"m{i}" for i in range(10_000)]}, "MAX_CONDITION_VALUES"),
    ({"fact": "age", "one_of": list(range(10_000))}, "MAX_CONDITION_VALUES"),
    ({"any": [{"fact": "age", "equals": i} for i in range(3_000)]}, "MAX_CONDITION_BRANCHES"),
    (_nested_when(MAX_CONDITION_DEPTH + 1), "MAX_CONDITION_DEPTH"),
    (_nested_when(20), "MAX_CONDITION_DEPTH"),
])
def test_rule_width_and_depth_are_bounded(kb_copy, when, words):
    add_rule_file(kb_copy, [rule(when=when)])
    started = time.monotonic()
    assert_one_line_refusal(run("recommend", "--kb", str(kb_copy), "--age", "40"), "rules/zz-hostile.yaml", words)
    assert time.monotonic() - started < 20


def test_a_200_deep_when_is_one_line(kb_copy):
    (kb_copy / "rules" / "zz-hostile.yaml").write_text(
        "rules:\n  - id: deep\n    title: x\n    sources: [DOSE-4]\n    then: {}\n    when: "
        + "{not: " * 200 + "{fact: age, above: 1}" + "}" * 200 + "\n", encoding="utf-8")
    assert_one_line_refusal(run("recommend", "--kb", str(kb_copy), "--age", "40"), "rules/zz-hostile.yaml")


def test_ten_thousand_rules_are_refused_by_count(kb_copy):
    rules = [rule(f"many.r{i}", {"fact": "age", "above": i % 100}) for i in range(10_000)]
    for part in range(0, len(rules), 1000):
        add_rule_file(kb_copy, rules[part:part + 1000], f"zz-many-{part // 1000}.yaml")
    assert_one_line_refusal(run("recommend", "--kb", str(kb_copy), "--age", "40"), "MAX_RULES")


def test_the_limits_leave_room_for_the_shipped_knowledge_base(kb):
    deepest = max((_depth(r.document.data) for r in kb.rules), default=0)
    assert deepest < MAX_NESTING and len(kb.rules) < MAX_RULES / 10
    assert MAX_CONDITION_BRANCHES >= 10 and MAX_CONDITION_VALUES >= 10 and MAX_YAML_ALIASES >= 10


def _depth(data) -> int:
    if isinstance(data, dict):
        return 1 + max((_depth(v) for v in data.values()), default=0)
    if isinstance(data, list):
        return 1 + max((_depth(v) for v in data), default=0)
    return 0


# Hostile YAML as attackers write it: nesting in flow or block style, wide lists, chains of aliases.
def _flow(depth: int, opener: str) -> str:
    closer = {"[": "]", "{a: ": "}"}[opener]
    return "x: " + opener * depth + "1" + closer * depth


def _block(depth: int) -> str:
    return "x:\n" + "".join("  " * i + "- \n" if i % 2 else "  " * i + "k:\n" for i in range(1, depth))


@st.composite
def hostile_yaml(draw) -> str:
    kind = draw(st.sampled_from(["flow-list", "flow-map", "block", "wide", "laughs", "alias-chain", "self"]))
    if kind == "flow-list":
        return _flow(draw(st.integers(1, 30_000)), "[")
    if kind == "flow-map":
        return _flow(draw(st.integers(1, 5_000)), "{a: ")
    if kind == "block":
        return _block(draw(st.integers(1, 3_000)))
    if kind == "wide":
        return "x: [" + ", ".join(["1"] * draw(st.integers(1, 60_000))) + "]\n"
    if kind == "laughs":
        return billion_laughs(draw(st.integers(1, 12)), draw(st.integers(2, 12)), key="x")
    if kind == "alias-chain":
        count = draw(st.integers(1, 400))
        return "a0: &a0 [1]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]\n" for i in range(1, count))
    return draw(st.sampled_from(["x: &s [*s]\n", "x: &s {k: [1, *s]}\n", "x: &s [[[*s]]]\n"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_yaml())
def test_hostile_yaml_is_parsed_or_refused_in_one_short_line_fast(text):
    started = time.monotonic()
    try:
        data = parse_yaml(text, "rules/zz.yaml").data
    except KnowledgeBaseError as err:
        assert err.path == "rules/zz.yaml" and len(str(err)) < 300 and "lol" not in str(err)
    else:
        assert _count(data) <= MAX_YAML_NODES
    assert time.monotonic() - started < 5


def _count(data) -> int:
    stack, seen = [data], 0
    while stack:
        value = stack.pop()
        seen += 1
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return seen


@pytest.mark.parametrize("value", ["x" * 50_000, "\x1b[31m" + "y" * 1000 + "\u202e"])
def test_an_error_quotes_a_short_escaped_prefix_of_a_value(kb_copy, value):
    add_rule_file(kb_copy, [rule(when={"fact": "sex", "equals": value})])
    line = assert_one_line_refusal(run("recommend", "--kb", str(kb_copy), "--age", "40"), "rules/zz-hostile.yaml")
    assert "\x1b" not in line and "\u202e" not in line
    (kb_copy / "rules" / "zz-hostile.yaml").write_text(f"rules: {json.dumps(value)}\n", encoding="utf-8")
    line = assert_one_line_refusal(run("recommend", "--kb", str(kb_copy), "--age", "40"), "rules/zz-hostile.yaml")
    assert "\x1b" not in line and "\u202e" not in line
