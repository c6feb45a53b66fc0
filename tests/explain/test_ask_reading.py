"""`bonekb ask` reads a person's own words: keywords as whole words, what-if only with what-if words,
amounts in every form people write them (5k, 五千, 1.5萬) read exactly or refused, supplement brands.
Each case here failed on main before its fix (the guide: a number is never read as a different
number; a name not recognised is a warning the person sees; never silent)."""

from __future__ import annotations

import pytest


# 1. Keywords on word boundaries, and not inside a longer known term.
@pytest.mark.parametrize(("question", "intent"), [
    ("is Fosamax safe with calcium?", "interactions"),          # 'max' in 'Fosamax' was too_much
    ("I take Fosamax, is calcium ok?", "interactions"),
    ("I don't get enough sun, how much D3 do I need?", "how_much"),  # 'enough' in 'not enough sun'
    ("我有沒有需要吃K2", "why"),                                   # '沒有' in '有沒有' (is there)
    ("what's the max D3 per day?", "too_much"),                   # 'max' as a word still counts
    ("what's the UL for vitamin D?", "too_much"),
])
def test_a_keyword_counts_as_a_whole_word_and_not_inside_a_longer_term(run_cli, question, intent):
    assert run_cli.json("ask", question)["intent"] == intent


# 2. A negation is a fact, not a what-if question.
@pytest.mark.parametrize(("question", "intent", "sun"), [
    ("我沒有曬太陽，D3要吃多少？", "how_much", "low"),
    ("如果沒有曬太陽，D3要吃多少？", "how_much", "low"),
    ("what if I don't get sun, how much D3 should I take?", "how_much", "low"),
    ("I get plenty of sun, how much D3?", "how_much", "enough"),
])
def test_a_negation_is_a_fact_and_the_question_keeps_its_intent(run_cli, question, intent, sun):
    data = run_cli.json("ask", question)
    assert data["intent"] == intent
    assert data["facts"].get("sun") == sun
    assert data["result"]["sun"] == sun


@pytest.mark.parametrize(("question", "nutrients"), [
    ("如果不補充維生素K2會怎樣？", ["k2"]),
    ("只吃D3不吃K2會怎樣", ["k2"]),
    ("假如沒有吃K2的話呢", ["k2"]),
    ("what if I take D3 without K2", ["k2"]),
    ("what happens if I skip K2?", ["k2"]),
    ("I don't take K2", ["k2"]),                     # a negation alone still asks what if
])
def test_a_what_if_question_still_asks_what_if(run_cli, question, nutrients):
    data = run_cli.json("ask", question)
    assert data["intent"] == "what_if" and data["nutrients"] == nutrients


def test_a_stated_age_before_a_comma_is_read(run_cli):
    """'I'm 65, ...': the age was dropped because a comma followed it."""
    assert run_cli.json("ask", "I'm 65, I don't take calcium, how much D3?")["facts"]["age"] == 65
