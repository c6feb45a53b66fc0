"""Hostile profiles: duplicate keys, deep or aliased YAML and JSON, a closed or non-UTF-8 standard
input, huge values, values that are not text, control characters. Each is one short, escaped line
and exit 2: no traceback, no hang, no last-wins, no Python repr, no raw escape sequence."""

from __future__ import annotations

import itertools
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bonekb.engine.errors import BonekbError


def _write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


LEVELS = "abcdefghi"
BILLION_LAUGHS = "age: [&a [" + ",".join(["lol"] * 9) + "], " + ", ".join(
    f"&{name} [" + ",".join([f"*{below}"] * 9) + "]" for below, name in itertools.pairwise(LEVELS)) + "]\n"


@pytest.mark.parametrize(("name", "text", "words"), [
    ("dup.yaml", "age: 30\nsex: male\nage: 70\n", ["age", "twice", "lines 1 and 3"]),
    ("dup-flow.yaml", "{age: 30, age: 70}\n", ["age", "twice"]),
    ("dup.json", '{"age": 30, "sex": "male", "age": 70}', ["age", "twice"]),
    ("dup-item.json", '{"taking": [{"nutrient": "d3", "amount": 5, "amount": 9000, "unit": "IU"}]}',
     ["amount", "twice"]),
    ("deep.json", '{"age": ' + "[" * 20000 + "]" * 20000 + "}", ["nested", "deep"]),
    ("deep.yaml", "age: " + "[" * 20000 + "]" * 20000 + "\n", ["nested", "deep"]),
    ("deep-block.yaml", "".join("  " * i + "k:\n" for i in range(300)), ["nested", "deep"]),
    ("date.yaml", "age: 2020-01-01\n", ["age", "a date (2020-01-01)"]),
    ("list-unit.yaml", "taking: [{nutrient: d3, amount: 5, unit: [ug]}]\n", ["taking"]),
    ("list-age.json", '{"age": [30]}', ["age", "a list of 1 item"]),
    ("too-many.yaml", "medications: [" + ", ".join(["warfarin"] * 500) + "]\n", ["medications", "100 items"]),
    ("nested-list.yaml", "conditions: [[ckd]]\n", ["conditions", "inside a list"]),
])
def test_hostile_profile_files_are_refused(run_cli, tmp_path, name, text, words, one_line_refusal):
    line = one_line_refusal(run_cli("recommend", _write(tmp_path, name, text)), *words)
    assert "datetime" not in line and "['" not in line


def test_billion_laughs_profile_is_refused_at_once(tmp_path):
    """A profile of nested aliases, 9**9 strings expanded: the message quoted the whole value before (a hang)."""
    path = _write(tmp_path, "laughs.yaml", BILLION_LAUGHS)
    done = subprocess.run([sys.executable, "-m", "bonekb", "recommend", path], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    assert len(done.stderr) < 300


def test_a_five_megabyte_value_is_quoted_by_a_short_prefix(run_cli, one_line_refusal):
    line = one_line_refusal(run_cli("recommend", "--sex", "x" * 5_000_000), "sex", "5000000 characters")
    assert len(line) < 200


def test_control_characters_are_shown_escaped(run_cli, one_line_refusal):
    line = one_line_refusal(run_cli("recommend", "--sex", "\x1b[2J\u202eelam"), "sex")
    assert "\x1b" not in line and "\u202e" not in line
    assert "\\x1b[2J\\u202eelam" in line


def test_a_key_with_control_characters_is_escaped(run_cli, tmp_path, one_line_refusal):
    line = one_line_refusal(run_cli("recommend", _write(tmp_path, "k.json", '{"\\u001b[31mage\\u202e": 1}')), "unknown")
    assert "\\x1b[31mage\\u202e" in line


def test_standard_input_not_utf8_is_refused(run_cli, one_line_refusal):
    one_line_refusal(run_cli("recommend", "-", input=b"age: \xff\xfe30\n"), "standard input", "UTF-8")


def test_standard_input_closed_is_refused(one_line_refusal):
    done = subprocess.run(["sh", "-c", f"exec '{sys.executable}' -m bonekb recommend - <&-"],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == [
        "bonekb: profile: standard input is closed; give a profile file or pipe one in"]


@settings(max_examples=300, deadline=None, database=None)
@given(st.one_of(st.text(max_size=3000), st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
                 st.integers(min_value=-10**5000, max_value=10**5000), st.floats(), st.none(), st.booleans(),
                 st.lists(st.text(max_size=5), max_size=5), st.dates(), st.datetimes()))
def test_shown_is_short_one_line_and_never_a_repr(value):
    from bonekb.engine.errors import shown

    text = shown(value)
    assert text.isprintable() and len(text) < 450  # 40 characters, each escaped in at most 10
    assert ("datetime" not in text and "[" not in text.replace("\\x1b[", "")) or isinstance(value, str)


@settings(max_examples=200, deadline=None, database=None)
@given(st.dictionaries(st.sampled_from(["age", "sex", "sun", "taking", "medications", "diet_calcium", "x\x1b"]),
                       st.one_of(st.text(max_size=50), st.integers(), st.floats(), st.lists(st.text(max_size=8)),
                                 st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=5)),
                       max_size=6))
def test_any_profile_is_a_result_or_one_printable_line(evaluator, raw):
    try:
        evaluator.evaluate(raw)
    except BonekbError as err:
        assert str(err).isprintable() and len(str(err)) < 400


@pytest.mark.parametrize("command", [["recommend"], ["explain"], ["why", "k2"]])
def test_names_echoed_to_the_terminal_are_escaped(run_cli, command):
    result = run_cli(*command, "--age", "40", "--medication", "\x1b[2J\u202eevil")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    assert "\\x1b[2J\\u202eevil" in result.stdout


def test_an_unknown_nutrient_is_quoted_short_and_escaped(run_cli, one_line_refusal):
    line = one_line_refusal(run_cli("why", "\x1b[2J" + "x" * 100_000), "NUTRIENT", "100004 characters")
    assert "\x1b" not in line and len(line) < 300


@pytest.mark.parametrize(("text", "key"), [
    ("taking:\n  nutrient: calcium\n  amount: 500\n  unit: mg\n  colour: red\n", "'colour'"),
    ("taking: [{nutrient: d3, amount: 25, unit: ug, brand: Nature}]\n", "'brand'"),
    ('{"taking": [{"nutrient": "d3", "amount": 25, "unit": "ug", "\\u001b[2J' + "k" * 100 + '": 1}]}',
     "'\\x1b[2J" + "k" * 36 + "…'"),
    ("taking: [{nutrient: d3, amount: 25, unit: ug, 7: x}]\n", "key 7"),
])
def test_a_taking_mapping_with_an_unknown_key_names_the_key(run_cli, tmp_path, text, key, one_line_refusal):
    """Before: 'a mapping is not accepted', naming neither the key nor the keys accepted."""
    line = one_line_refusal(run_cli("recommend", _write(tmp_path, "p.yaml", text)), "taking", key,
                     "accepted keys: nutrient, amount, unit, form")
    assert "a mapping is not accepted" not in line and "\x1b" not in line and len(line) < 200


def test_a_taking_mapping_without_a_unit_names_the_missing_key(run_cli, tmp_path, one_line_refusal):
    line = one_line_refusal(run_cli("recommend", _write(tmp_path, "p.yaml", "taking: [{nutrient: d3, amount: 25}]\n")),
                     "taking", "'unit'", "accepted keys: nutrient, amount, unit, form")
    assert "a mapping is not accepted" not in line
