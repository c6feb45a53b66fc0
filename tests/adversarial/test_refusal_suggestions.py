"""A refusal that suggests how to write a number or a dose suggests only what is then read: feeding a
suggestion back is accepted, or refused for another, honest reason (out of range), never the same
refusal again. Before: `--age 3.999` was refused with "write 3999, 3,999 or 3.999"."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bonekb.engine.errors import ProfileError
from bonekb.engine.knowledge import read_knowledge_base
from bonekb.engine.numberreader import NumberError, plain, read_number
from bonekb.engine.profile import normalise_profile

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


# --- every refusal of a dose: what it proposes is read --------------------------------------------

VOCAB = read_knowledge_base().vocabulary


@st.composite
def doses_as_typed(draw) -> str:
    """Doses as people type them, right and wrong: names, salts, label forms, brand-like words,
    numbers with separators of every kind, units, periods."""
    name = draw(st.sampled_from(["D3", "vitamin D", "Vitamin D3 (as cholecalciferol)", "calcium carbonate",
                                 "coral calcium", "Calcium (as calcium carbonate)", "calcium phosphate", "K2 MK-7",
                                 "Nature Made D3", "Caltrate", "鈣", "維生素D3", "algae calcium", "MK-7"]))
    number = draw(st.one_of(numbers_as_typed(), st.sampled_from(["1.250", "3.999", "50,000", "1,25", "1 000"])))
    unit = draw(st.sampled_from(["mg", "IU", "mcg", "µg", "毫克", "國際單位", "kg", ""]))
    period = draw(st.sampled_from(["", "", " weekly", " a month", " every other day", " 每週"]))
    second = draw(st.sampled_from(["", "", " (25 mcg)", " (1,000 IU)"]))
    return draw(st.sampled_from([f"{name} {number} {unit}{second}{period}", f"{number} {unit} {name}{period}"]))


def _proposals(message: str, text: str) -> list[str]:
    """The doses a refusal proposes: each quoted 'e.g.' dose, and the text with its number replaced by
    each number form the refusal proposes."""
    quoted = re.findall(r"'([^']*[0-9][^']*)'", message.partition("e.g.")[2]) if "e.g." in message else []
    numbers = proposed_forms(message)
    refused = re.search(r"'([^']+)' is ambiguous", message)
    written = plain(text)
    replaced = [written.replace(refused.group(1), form, 1) for form in numbers] if refused else []
    return [q for q in quoted if q not in text] + [r for r in replaced if r != written]


@settings(max_examples=800, deadline=None, database=None)
@given(doses_as_typed())
def test_every_dose_a_refusal_proposes_is_read_or_refused_otherwise(text):
    try:
        normalise_profile({"taking": [text]}, VOCAB)
    except ProfileError as err:
        message = str(err)
        for proposal in _proposals(message, text):
            try:
                normalise_profile({"taking": [proposal]}, VOCAB)
            except ProfileError as again:
                assert str(again) != message, f"{text!r} proposes {proposal!r}, refused the same way"
                assert "ambiguous" not in str(again), f"{text!r} proposes {proposal!r}: {again}"
