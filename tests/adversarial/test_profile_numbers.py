"""Numbers as people and attackers write them: read exactly as written, or refused in one short line,
by the one reader of numbers (engine.numberreader) for a scalar field and a dose alike.

Before: float() read '1_0' as 10 and '١٢' as 12, YAML read 017 as 15 and 1:30 as 90, a 400-digit
number raised OverflowError and 5,000 digits the int-limit ValueError (tracebacks); and a field
refused '1,200' that a dose accepted."""

from __future__ import annotations

import json
import re
import string
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bonekb.engine.amounts import AmountError, read_taken
from bonekb.engine.errors import ProfileError
from bonekb.engine.knowledge import read_knowledge_base
from bonekb.engine.numberreader import plain
from bonekb.engine.profile import field_reader, tidy

VOCAB = read_knowledge_base().vocabulary
MODEL = VOCAB.profile
SCALAR_FIELDS = {name: field_reader(MODEL, name) for name in MODEL.scalar_fields}

NON_ASCII_DIGITS = "١٢٣٤٥٦٧٨٩٠۱۲۳०१२３４５๑๒𝟏𝟐"  # Arabic-Indic, Persian, Devanagari, full-width, Thai, maths
# What is read (after full-width forms as ASCII): digits, or groups of three after a thousands
# separator (one kind: comma or space), a point and at most three decimals (zeros after them change
# nothing: '3.9990', the unambiguous form of 3.999), a sign in front.
ACCEPTED = re.compile(r"[+\-\u2212]? ?(?:[0-9]+|[1-9][0-9]{0,2}(?P<sep>[, ])[0-9]{3}(?:(?P=sep)[0-9]{3})*)"
                      r"(?:\.[0-9]{1,3}0*|\.0+)?")
# Refused though it fits: a point before exactly three digits may separate thousands (1.250 = 1250?).
AMBIGUOUS = re.compile(r"[+\-\u2212]? ?[1-9][0-9]{0,2}\.[0-9]{3}")
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


def _stated(text: str) -> Decimal:
    """The number a text accepted by ACCEPTED states: its digits without separators, and its sign."""
    written = plain(text)
    value = Decimal(re.sub(r"[^0-9.]", "", written))
    return -value if written[:1] in "-\u2212" else value


@settings(max_examples=600, deadline=None, database=None)
@given(written_numbers())
def test_a_number_is_read_as_written_or_refused_in_one_line(text):
    parse = SCALAR_FIELDS["diet_calcium"]  # 0 to 10000
    try:
        value = parse(text)
    except ProfileError as err:
        _one_short_line(err)
        return
    written = plain(text)
    assert ACCEPTED.fullmatch(written) and not AMBIGUOUS.fullmatch(written), f"{text!r} was read as {value}"
    assert Decimal(str(value)) == _stated(text)


@settings(max_examples=600, deadline=None, database=None)
@given(written_numbers().filter(lambda text: not text.strip().startswith(("+", "-"))))
def test_a_dose_and_a_field_read_a_number_alike(text):
    """The same acceptance everywhere: a number given to --diet-calcium and the same number in a
    dose ('D3 <number> IU') are both read, as the same number, or both refused."""
    try:
        as_field: Decimal | None = Decimal(str(SCALAR_FIELDS["diet_calcium"](text)))
    except ProfileError:
        as_field = None
    try:
        as_dose: Decimal | None = Decimal(str(read_taken(f"D3 {text.strip()} IU", VOCAB).number))
    except AmountError:
        as_dose = None
    if as_field is not None and as_dose is not None:
        assert as_field == as_dose
    elif as_dose is not None:  # a dose may be above the field's range (10000), never otherwise refused
        assert as_dose > 10000, f"{text!r}: a dose reads {as_dose}, the field refuses it"
    elif as_field is not None:
        raise AssertionError(f"{text!r}: the field reads {as_field}, a dose refuses it")


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
    ("1_0", "is not a number"),
    ("1,00", "ambiguous"),       # a decimal comma?
    ("1.250", "ambiguous"),      # 1250 where a point separates thousands
    ("1,000 000", "mixes separators"),
    ("1e3", "not a number"),
    ("9" * 400, "longer than a number"),
    ("9" * 5000, "too long"),
])
def test_cli_refuses_numbers_that_could_mean_another(run_cli, written, problem):
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


@pytest.mark.parametrize(("written", "expected"), [
    ("1,200", 1200), ("1 200", 1200), ("1\u202f200", 1200), ("１，２００", 1200), ("１２００", 1200),
    ("1,200.5", 1200.5),
])
def test_cli_reads_a_field_with_thousands_separators_as_a_dose_is_read(run_cli, written, expected):
    data = run_cli.json("recommend", "--age", "40", "--diet-calcium", written)
    assert data["profile"]["diet_calcium"] == expected


def test_a_profile_file_reads_text_as_an_option_is_read_and_numbers_as_the_format_says(run_cli, tmp_path):
    """Quoted, '1,200' is text, read as an option's; '1.200' as text may mean 1200 and is refused. Unquoted,
    1.200 is a YAML number, whose point is the decimal mark by the format's grammar."""
    path = tmp_path / "p.yaml"
    path.write_text('age: 40\ndiet_calcium: "1,200"\n', encoding="utf-8")
    assert run_cli.json("recommend", str(path))["profile"]["diet_calcium"] == 1200
    path.write_text('age: 40\ndiet_calcium: "1.200"\n', encoding="utf-8")
    result = run_cli("recommend", str(path))
    assert result.exit_code == 2 and "diet_calcium: '1.200' is ambiguous" in result.stderr
    path.write_text("age: 40.125\ndiet_calcium: 1.200\n", encoding="utf-8")
    data = run_cli.json("recommend", str(path))
    assert (data["profile"]["age"], data["profile"]["diet_calcium"]) == (40.125, 1.2)


def test_a_batch_cell_reads_numbers_and_a_labels_dose_as_an_option_does(run_cli, tmp_path):
    source = tmp_path / "people.csv"
    source.write_text('age,diet_calcium,taking\n40,"1,200","Vitamin D3 125 mcg (5,000 IU)"\n41,1 300,\n'
                      '42,"1,20",\n', encoding="utf-8")
    output = tmp_path / "out.jsonl"
    result = run_cli("batch", str(source), "-o", str(output))
    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [row["profile"]["diet_calcium"] for row in rows[:2]] == [1200, 1300]
    assert rows[0]["profile"]["taking"][0]["amount"] == 5000
    errors = (tmp_path / "out.jsonl.errors.jsonl").read_text(encoding="utf-8")
    assert result.exit_code == 1 and "'1,20' is ambiguous" in errors
