"""A refusal that suggests how to write a number suggests only what is then read: feeding a
suggestion back is accepted, or refused for another, honest reason (out of range), never the same
refusal again. Before: `--age 3.999` was refused with "write 3999, 3,999 or 3.999"."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bonekb.engine.numberreader import NumberError, read_number

NUMBER_LIKE = re.compile(r"[+\-\u2212]?[0-9][0-9,. ]*")


def proposed_forms(message: str) -> list[str]:
    """Every form a refusal's words propose, as a person reads them: what follows 'write' up to the
    end of its clause (the readings after 'for' set aside), and numbers in parentheses ('(1.25)')."""
    forms: list[str] = []
    for clause in re.findall(r"\bwrite (.+?)(?:;|$)", message):
        for part in re.split(r",? or |, ", re.sub(r" for [^,;]+", "", clause)):
            if NUMBER_LIKE.fullmatch(part.strip()):
                forms.append(part.strip())
    forms += [inner for inner in re.findall(r"\(([^()]*)\)", message) if NUMBER_LIKE.fullmatch(inner)]
    return forms


@st.composite
def numbers_as_typed(draw) -> str:
    """Numbers as people type them: thousands separators of each kind (a point too, as much of Europe
    writes it), decimals of any length, signs, full-width digits."""
    head = draw(st.text(string.digits, min_size=1, max_size=4))
    separator = draw(st.sampled_from([",", ".", " ", "，", "．", "\u00a0"]))
    groups = draw(st.lists(st.text(string.digits, min_size=2, max_size=4), max_size=2))
    text = separator.join([head, *groups])
    if draw(st.booleans()):
        text += draw(st.sampled_from([".", "．", ","])) + draw(st.text(string.digits, min_size=1, max_size=5))
    if draw(st.booleans()):
        text = text.translate({ord(d): 0xFF10 + int(d) for d in string.digits})
    return draw(st.sampled_from(["", "-", "+"])) + text


@settings(max_examples=1500, deadline=None, database=None)
@given(numbers_as_typed())
def test_every_suggested_form_is_read(text):
    try:
        read_number(text)
    except NumberError as err:
        message = str(err)
        assert all(form in message for form in err.suggestions), (message, err.suggestions)
        for form in {*err.suggestions, *proposed_forms(message)}:
            try:
                read_number(form)
            except NumberError as again:
                raise AssertionError(f"{text!r} suggests {form!r}, which is refused: {again}") from None


@pytest.mark.parametrize(("written", "meant"), [("3.999", 3.999), ("1.250", 1.25), ("12.500", 12.5), ("1.000", 1)])
def test_the_decimal_reading_of_an_ambiguous_point_can_be_written(written, meant):
    with pytest.raises(NumberError) as raised:
        read_number(written)
    err = raised.value
    assert meant in [read_number(form) for form in err.suggestions]
    assert int(written.replace(".", "")) in [read_number(form) for form in err.suggestions]


def test_the_suggestions_are_the_forms_the_message_names():
    with pytest.raises(NumberError) as raised:
        read_number("3.999")
    err = raised.value
    assert sorted(proposed_forms(str(err))) == sorted(err.suggestions)


def _refusal(result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.mark.parametrize(("option", "written", "template"), [
    ("--age", "3.999", "{}"),
    ("--age", "70.500", "{}"),
    ("--sun-minutes", "12.500", "{}"),
    ("--diet-calcium", "1.200", "{}"),
    ("--taking", "1.250", "calcium carbonate {} mg"),
    ("--taking", "2.500", "D3 {} IU"),
])
def test_feeding_a_suggestion_back_on_the_command_line_is_never_the_same_refusal(run_cli, option, written,
                                                                                  template):
    refused = _refusal(run_cli("recommend", option, template.format(written)))
    forms = proposed_forms(refused)
    assert forms, refused
    for form in forms:
        again = run_cli("recommend", option, template.format(form))
        if again.exit_code != 0:
            assert _refusal(again) != refused and "ambiguous" not in again.stderr, (form, again.stderr)
