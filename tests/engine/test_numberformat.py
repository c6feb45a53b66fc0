"""Numbers, ranges, amounts and ages are written by one NumberFormat per language (engine/numberformat.py)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bonekb.engine.explain.words import Words
from bonekb.engine.knowledge import shipped_root
from bonekb.engine.numberformat import EXACT, NumberFormat

ZH = Words.load(shipped_root() / "explanations" / "zh-Hant").numbers
EN = Words.load(shipped_root() / "explanations" / "en").numbers


@pytest.mark.parametrize(("value", "shown"), [(4000, "4000"), (4000.0, "4000"), (2.5, "2.5"), (0.1 + 0.2, "0.3"),
                                             (1234567.5, "1234570"), (1e-7, "0.0000001"), (-2.0, "-2")])
def test_a_figure_is_whole_without_point_zero_or_grouping_and_a_fraction_has_six_digits(value, shown):
    assert EN.number(value) == shown


def test_a_fraction_has_the_languages_decimal_mark():
    assert NumberFormat("de").number(2.5) == "2,5"
    assert ZH.number(2.5) == "2.5"
    assert NumberFormat("xx-Unknown").number(2.5) == "2.5"  # a language Babel does not know: English's mark


def test_the_audits_figures_keep_every_digit():
    assert EXACT.number(0.1 + 0.2) == "0.30000000000000004"
    assert EXACT.number(1234567.5) == "1234567.5"


@pytest.mark.parametrize(("numbers", "amount"), [(EN, "75–150 µg"), (ZH, "75–150 微克")])
def test_an_amount_is_a_range_with_the_languages_unit_word(numbers, amount):
    assert numbers.amount(75, 150.0, "ug") == amount
    assert numbers.amount(400, 400, "IU") == ("400 IU" if numbers is EN else "400 國際單位")


def test_a_unit_without_words_in_a_language_shows_its_symbol():
    assert NumberFormat("fr").unit("ug") == "µg"
    assert NumberFormat("fr").unit("mmol") == "mmol"


@pytest.mark.parametrize(("years", "zh", "en"), [(0.5, "6個月", "6 months"), (0.25, "3個月", "3 months"),
                                                (1, "1歲", "1 year"), (1 / 12, "1個月", "1 month"),
                                                (71.0, "71歲", "71 years")])
def test_an_age_under_a_year_is_said_in_months(years, zh, en):
    assert ZH.years(years) == zh
    assert EN.years(years) == en


@given(st.one_of(st.integers(-10**9, 10**9), st.floats(-1e9, 1e9, allow_nan=False)))
def test_a_figure_reads_back_as_itself_to_six_significant_digits(value):
    shown = EN.number(value)
    assert "e" not in shown and "," not in shown
    assert math.isclose(float(shown), value, rel_tol=1e-5, abs_tol=1e-300) or abs(value) < 1e-300
