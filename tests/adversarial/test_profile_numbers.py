"""Numbers as people and attackers write them: read exactly as written, or refused in one short line.

Before: float() read '1_0' as 10 and '١٢' as 12, YAML read 017 as 15 and 1:30 as 90, a 400-digit
number raised OverflowError and 5,000 digits the int-limit ValueError (tracebacks)."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bonekb.engine.errors import ProfileError
from bonekb.engine.knowledge import read_knowledge_base
from bonekb.engine.profile import field_reader, tidy

MODEL = read_knowledge_base().vocabulary.profile
SCALAR_FIELDS = {name: field_reader(MODEL, name) for name in MODEL.scalar_fields}

NON_ASCII_DIGITS = "١٢٣٤٥٦٧٨٩٠۱۲۳०१२３４５๑๒𝟏𝟐"  # Arabic-Indic, Persian, Devanagari, full-width, Thai, maths
PLAIN = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")  # the one way a number is read: ASCII digits, one point
SEPARATORS = [",", ".", " ", "_", "'", "\u202f", "\u00a0", "\u066c", "，"]


def _one_short_line(err: ProfileError) -> str:
    text = str(err)
    assert "\n" not in text and text.isprintable(), text
    assert len(text) < 400, len(text)
    return text


@st.composite
def written_numbers(draw) -> str:
    """A number as typed: digits of any script, thousands separators, underscores, signs, decimals,
    exponents, padding, and the huge digit strings an attacker pastes."""
    kind = draw(st.sampled_from(["plain", "grouped", "script", "huge", "exotic", "noise"]))
    digits = draw(st.text(alphabet=string.digits, min_size=1, max_size=7))
    if kind == "plain":
        text = digits + (("." + draw(st.text(string.digits, min_size=1, max_size=4))) if draw(st.booleans()) else "")
    elif kind == "grouped":
        sep = draw(st.sampled_from(SEPARATORS))
        text = sep.join([digits, *draw(st.lists(st.text(string.digits, min_size=3, max_size=3), min_size=1,
                                                max_size=3))])
    elif kind == "script":
        text = draw(st.text(alphabet=NON_ASCII_DIGITS + string.digits, min_size=1, max_size=6))
    elif kind == "huge":
        text = draw(st.sampled_from(string.digits[1:])) * draw(st.sampled_from([21, 400, 4301, 5000, 20000]))
        text += draw(st.sampled_from(["", ".5", "e5"]))
    elif kind == "exotic":
        text = draw(st.sampled_from(["1e3", "1E-2", "0x1A", "0o17", "0b11", "1:30", ".inf", "nan", "Infinity",
                                     "1.", ".5", "--5", "+-5", "5-", "1__0", "0_1"]))
    else:
        text = draw(st.text(min_size=1, max_size=30))
    return draw(st.sampled_from(["", " ", "+", "-"])) + text + draw(st.sampled_from(["", " ", "\t"]))


@settings(max_examples=600, deadline=None, database=None)
@given(written_numbers())
def test_a_number_is_read_as_written_or_refused_in_one_line(text):
    parse = SCALAR_FIELDS["diet_calcium"]  # 0 to 10000
    try:
        value = parse(text)
    except ProfileError as err:
        _one_short_line(err)
        return
    plain = text.strip()
    assert PLAIN.fullmatch(plain), f"{text!r} was read as {value}"
    assert value == tidy(float(plain))


@settings(max_examples=200, deadline=None, database=None)
@given(st.one_of(st.integers(min_value=-10**6000, max_value=10**6000), st.floats(allow_nan=True)))
def test_numbers_given_as_values_are_compared_exactly(number):
    parse = SCALAR_FIELDS["age"]
    try:
        value = parse(number)
    except ProfileError as err:
        _one_short_line(err)
        assert not 0 <= number <= 130
        return
    assert value == tidy(float(number))


@pytest.mark.parametrize(("written", "problem"), [
    ("١٢", "digits 0-9"),
    ("１２", "digits 0-9"),
    ("1_0", "no separators or underscores"),
    ("1,000", "no separators"),
    ("1e3", "not a number"),
    ("9" * 400, "longer than a number"),
    ("9" * 5000, "too long"),
])
def test_cli_refuses_numbers_not_written_plainly(run_cli, written, problem):
    result = run_cli("recommend", "--age", written)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "age" in lines[0] and problem in lines[0]
    assert len(lines[0]) < 300


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("p.yaml", "age: 017\n", 17),  # YAML 1.1 would read octal 15
    ("p.yaml", "sun_minutes: 1:30\n", None),  # and sexagesimal 90
    ("p.yaml", "age: 1_0\n", None),  # and 10
    ("p.yaml", "age: 1.0e+400\n", None),  # and infinity
    ("p.yaml", "age: " + "9" * 400 + "\n", None),  # OverflowError before
    ("p.yaml", "age: " + "9" * 5000 + "\n", None),  # int-limit ValueError before
    ("p.json", '{"age": ' + "9" * 400 + "}", None),
    ("p.json", '{"age": ' + "9" * 5000 + "}", None),
    ("p.json", '{"age": 1e400}', None),
    ("p.json", '{"age": 70.5}', 70.5),
])
def test_profile_file_numbers_are_exact_or_one_line(run_cli, tmp_path, name, text, expected):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run_cli("recommend", str(path), "--format", "json")
    assert "Traceback" not in result.output
    if expected is None:
        assert result.exit_code == 2
        assert len(result.stderr.splitlines()) == 1 and len(result.stderr) < 300, result.stderr
    else:
        assert result.exit_code == 0, result.output
        assert '"age": ' + str(expected) in result.stdout
