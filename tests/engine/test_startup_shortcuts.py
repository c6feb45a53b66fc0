"""The shortcuts start-up takes never change an answer: each skips work only where that work could
not find anything (properties over generated text, against the work done in full)."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import wcwidth
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz
from tabulate import tabulate

from bonekb.engine import question_facts
from bonekb.engine.errors import InputError
from bonekb.engine.explain import render, resulttext
from bonekb.engine.question_facts import Span, find_names, phrase_pattern
from bonekb.engine.questions import QuestionReader
from bonekb.engine.spelling import CUTOFF, _may_be_close

NARROW_TEXT = st.text(alphabet=sorted(render.NARROW), max_size=300)


def test_every_narrow_character_takes_one_column():
    assert all(wcwidth.wcwidth(c) == 1 for c in render.NARROW)


@settings(max_examples=300, deadline=None)
@given(NARROW_TEXT, st.integers(min_value=8, max_value=88))
def test_narrow_text_wraps_and_measures_as_wcwidth_would(text, width):
    assert render._narrow_wrapper(width).wrap(text) == render._wrapper(width).wrap(text)
    assert render.display_width(text) == max(wcwidth.wcswidth(text), len(text))


def find_names_in_full(folded: str, names: dict[str, str]) -> list[tuple[Span, str]]:
    """find_names as it was: every name's pattern compiled and searched."""
    found, taken = [], []
    for key in sorted(names, key=len, reverse=True):
        if not key:
            continue
        for match in re.finditer(phrase_pattern(key), folded):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            found.append((Span(match.start(), match.end(), match.group()), names[key]))
    return sorted(found, key=lambda item: item[0].start)


def _spelt(kb):
    names = sorted(kb.vocabulary.nutrient_names) + sorted(n for t in kb.vocabulary.name_tables.values() for n in t)
    return st.lists(st.one_of(st.sampled_from(names), st.text(max_size=6),
                              st.sampled_from([" ", "-", ".", "·", "_", " of ", "5000 IU", "鈣"])),
                    max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_names_are_found_as_in_full(kb, data):
    text = data.draw(_spelt(kb)).casefold()
    for table in (kb.vocabulary.nutrient_names, *kb.vocabulary.name_tables.values()):
        assert find_names(text, table) == find_names_in_full(text, table)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40), st.sampled_from(["years old", "歲", "age", "i am", "aged", "mg", "iu", "µg", "weeks"]))
def test_a_phrase_that_matches_is_never_skipped(text, phrase):
    folded = (text + phrase.upper() + text).casefold()
    for candidate in (folded, text.casefold()):
        if re.search(phrase_pattern(phrase), candidate):
            assert question_facts._may_hold(candidate, [phrase])


@settings(max_examples=500, deadline=None)
@given(data=st.data())
def test_a_word_close_to_a_name_is_always_scored(kb, data):
    names = [n for n in kb.vocabulary.nutrient_names if len(n) >= 4 and n.isascii()]
    name = data.draw(st.sampled_from(names))
    edits = data.draw(st.lists(st.tuples(st.integers(0, len(name)), st.sampled_from("abcdeiklmnotuv0123 -"),
                                         st.booleans()), max_size=3))
    word = name
    for at, letter, insert in edits:
        at = min(at, len(word))
        word = word[:at] + letter + word[at + (0 if insert else 1):]
    letters = [Counter(n) for n in names]
    if any(fuzz.ratio(word, n) >= CUTOFF for n in names):
        assert _may_be_close(word, letters)


# Cells as the recommend table holds them (amounts, ranges, rule ids, sources), and what tabulate reads
# otherwise: numbers with separators, nan, inf, True, surrounding spaces, wide and control characters.
CELL = st.one_of(st.text(alphabet=sorted(render.NARROW), max_size=12),
                 st.sampled_from(["", "1000–1200 mg", "table.adults", "TABLE-ADULT, DOSE-4", "1,000", "1_000",
                                  "1e3", "-5", "0x1F", "nan", "inf", "Infinity", "True", "False", " pad ", "鈣",
                                  "維生素D3", "\x1b[31mred\x1b[0m", "a\nb", "\t", "\x01", "µg", "–"]),
                 st.none())


@settings(max_examples=500, deadline=None)
@given(st.integers(min_value=1, max_value=5).flatmap(
    lambda n: st.tuples(st.lists(CELL.filter(lambda c: c is not None), min_size=n, max_size=n),
                        st.lists(st.lists(CELL, min_size=n, max_size=n), min_size=1, max_size=6))))
def test_a_plain_table_is_laid_out_as_tabulate_does(table):
    """resulttext's table without tabulate (start-up) is tabulate's, or it is left to tabulate."""
    headers, rows = table
    plain = resulttext.plain_table(headers, rows)
    if plain is not None:
        assert plain == tabulate(rows, headers=headers, tablefmt="simple")
    assert resulttext._table(headers, rows) == tabulate(rows, headers=headers, tablefmt="simple")


def test_the_recommend_table_of_plain_text_needs_no_tabulate():
    headers = ["Nutrient", "Kind", "Amount", "Form", "You take now", "Rule", "Sources"]
    rows = [["calcium", "supplement", "300–500 mg", "elemental calcium", "", "table.adults", "TABLE-ADULT"],
            ["vitamin K2", "supplement", "75–150 µg", None, "100 µg (within)", "table.adults", "TABLE-ADULT"]]
    assert resulttext.plain_table(headers, rows) == tabulate(rows, headers=headers, tablefmt="simple")
    assert resulttext.plain_table(headers, [[*rows[0][:4], "1,000", *rows[0][5:]]]) is None  # a number: tabulate's


QUESTION_TEXT = st.lists(st.sampled_from(["how much", "D3", "mg", "IU", "mcg", "ug", "micrograms", "g", "k2", "鈣",
                                          "μg", "毫克", "為什麼", "?", " ", "5000", "calcium", "am", "is", "oil",
                                          "Mg", "MCG", "x", "warfarin", "ça", "ü", "ｍｇ", "の"]),
                         max_size=8).map(" ".join)


class UnitsAlwaysTakenOut(QuestionReader):
    def _units_count_for_nothing(self, text: str) -> bool:
        return False


def _language(reader: QuestionReader, text: str) -> str:
    try:
        return reader.language(text)
    except InputError as err:
        return str(err)


@settings(max_examples=500, deadline=None)
@given(QUESTION_TEXT)
def test_a_questions_language_is_found_as_with_the_units_taken_out(kb, text):
    """QuestionReader.language skips taking the unit names out where that could change nothing."""
    assert _language(QuestionReader(kb), text) == _language(UnitsAlwaysTakenOut(kb), text)


COUNT_WORDS = ["tablet", "tablets", "x", "×", "months of age", "month old", "粒", "膠囊", "soft-gel", "caps.", "次"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(COUNT_WORDS), min_size=1, max_size=6),
       st.lists(st.one_of(st.sampled_from([*COUNT_WORDS, " ", "-", "_", ".", "·", "\u3000", "\t", "s", "a", "0", "5"]),
                          st.text(max_size=3)), max_size=8).map("".join),
       st.integers(min_value=0, max_value=4))
def test_a_phrase_after_a_number_is_found_as_its_pattern_finds_it(words, text, at):
    """phrase_follows tells what the alternation of the phrases' patterns, matched there, tells."""
    folded = ("12 " + text).casefold()
    pattern = re.compile(r"[\s\-]*(?:" + "|".join(phrase_pattern(w, bounded_before=False)
                                                 for w in sorted(words, key=len, reverse=True)) + ")")
    keys = question_facts.phrase_keys(words)
    assert question_facts.phrase_follows(folded, at, keys) == bool(pattern.match(folded, at))


def test_each_language_s_own_letters_come_from_the_cache_as_they_were_worked_out(kb, tmp_path, monkeypatch):
    """The letters only one language's catalogs use (how 简体 is told from 繁體) are read from the cache
    under the knowledge base's digest; what is read there is what reading every catalog gives."""
    monkeypatch.setenv("BONEKB_NO_CACHE", "1")
    computed = QuestionReader(kb)._remembered_own_letters()
    monkeypatch.delenv("BONEKB_NO_CACHE")
    monkeypatch.setenv("BONEKB_CACHE_DIR", str(tmp_path / "cache"))
    written = QuestionReader(kb)._remembered_own_letters()
    assert list((tmp_path / "cache" / "derived").iterdir())
    monkeypatch.setattr(QuestionReader, "_catalog_texts", lambda *_: pytest.fail("the catalogs were read again"))
    assert QuestionReader(kb)._remembered_own_letters() == written == computed
    assert {"么", "钙"} <= computed["zh-Hans"] and {"麼", "鈣"} <= computed["zh-Hant"]


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_an_age_after_its_word_is_found_as_the_pattern_with_every_unit_found_it(kb, data):
    """'aged 70' is an age and 'aged 70 mg' is not: the unit after the number is looked for with
    phrase_follows, not with the units' alternation inside the pattern; the ages found are the same."""
    reader = QuestionReader(kb).fact_reader()
    before = reader.words["age"]["before"]
    units = reader._unit_names
    gap = st.sampled_from(["", " ", "  ", "-", ".", ",", "5", "a", "d", "\u3000", " - "])
    segment = st.tuples(st.sampled_from(before), gap, st.integers(0, 2000).map(str), gap,
                        st.one_of(st.sampled_from(units), gap)).map("".join)
    folded = data.draw(st.lists(st.one_of(segment, gap), max_size=5).map("".join)).casefold()
    alternation = question_facts._alternation(before)
    full = rf"{alternation}\s*(?P<n>\d{{1,3}})(?!\d|[.,]\d|\s*(?:{reader.units_pattern}))"
    expected = [m.start("n") for m in re.finditer(full, folded)]
    found = [m.start("n") for m in re.finditer(rf"{alternation}\s*(?P<n>\d{{1,3}})(?!\d|[.,]\d)", folded)
             if not question_facts.phrase_follows(folded, m.end("n"), reader._unit_keys, hyphens=False)]
    assert found == expected
