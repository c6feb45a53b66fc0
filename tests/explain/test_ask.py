"""`bonekb ask "QUESTION" [PROFILE]`: answered through the same rules and templates, in the question's language."""

from __future__ import annotations

import pytest

PRE50 = ("--age", "50", "--sex", "female", "--menopause", "pre")


@pytest.mark.parametrize("question", ["why do I need K2?", "為什麼需要K2？", "為什麼需要維生素K2？"])
def test_why_k2_is_answered_with_osteocalcin_and_mgp(run_cli, question):
    data = run_cli.json("ask", question)
    assert data["answered"] and data["intent"] == "why" and data["nutrient"] == "k2"
    assert {"K2-1", "K2-2"} <= set(data["sources"])
    assert data["lang"] == ("en" if question.isascii() else "zh-Hant")
    assert ("osteocalcin" if question.isascii() else "骨鈣素") in data["markdown"]


def test_with_a_profile_the_personal_amounts_appear(run_cli, flat):
    assert "75–150 µg a day" in flat(run_cli("ask", "why do I need K2?", *PRE50).stdout)
    assert "每日 75–150 微克" in flat(run_cli("ask", "為什麼需要K2？", *PRE50).stdout)
    assert "75–150 µg" not in run_cli("ask", "why do I need K2?").stdout


def test_how_much_with_and_without_a_profile(run_cli, flat):
    general = flat(run_cli("ask", "how much D3 should I take?").stdout)
    assert "- Adults: 800–1500 IU (supplement)" in general and "[DOSE-6]" in general
    personal = flat(run_cli("ask", "how much D3 should I take?", "--age", "70", "--sun", "enough").stdout)
    assert "600–800 IU a day" in personal and "table.older-adults.d3-enough-sun" in personal
    assert "800–1500" not in personal


def test_how_much_calcium_in_chinese(run_cli, flat):
    text = flat(run_cli("ask", "我該吃多少鈣？", "--age", "16").stdout)
    assert "鈣要吃多少" in text and "每日 400–600 毫克" in text and "每日 1300 毫克" in text


def test_is_calcium_alone_enough(run_cli):
    data = run_cli.json("ask", "is calcium alone enough?", "--taking", "calcium carbonate 1250 mg", "--age", "40")
    assert data["intent"] == "enough"
    assert {"CA-2", "CA-3", "CA-4"} <= set(data["sources"])
    alone = next(w for w in data["result"]["warnings"] if w["code"] == "calcium-alone")
    assert alone["message"] in data["markdown"]  # the person's own warning, in words
    assert "calcium-alone" not in data["markdown"]  # never by its code
    assert "the evidence is mixed" in data["markdown"]  # CA-3's evidence


@pytest.mark.parametrize(("question", "expected"), [
    ("What does K1 do?", "K1-1"), ("What if I don't take K2?", "K2-3"), ("維生素K1有什麼作用?", "K1-2")])
def test_other_intents(run_cli, question, expected):
    data = run_cli.json("ask", question)
    assert data["answered"] and expected in data["sources"]


def test_lang_option_wins_over_the_question_language(run_cli):
    assert run_cli.json("ask", "為什麼需要K2？", "--lang", "en")["markdown"].startswith("# Why vitamin K2?")
    assert run_cli.json("ask", "why K2?", "--lang", "zh-Hant")["markdown"].startswith("# 為什麼需要維生素K2？")


@pytest.mark.parametrize("question", ["what time is it?", "how much vitamin C?", "is K2 vegan?"])
def test_a_question_it_cannot_answer_lists_what_it_can(run_cli, question):
    result = run_cli("ask", question)
    assert result.exit_code == 1
    assert "I cannot answer that question" in result.stdout
    assert "Why do I need K2?" in result.stdout and "How much D3 should I take?" in result.stdout


def test_a_chinese_question_it_cannot_answer(run_cli):
    result = run_cli("ask", "今天天氣如何?")
    assert result.exit_code == 1 and "無法回答這個問題" in result.stdout and "我該吃多少鈣？" in result.stdout


@pytest.mark.parametrize("question", ["", "   "])
def test_an_empty_question_is_bad_input(run_cli, question):
    result = run_cli("ask", question)
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Invalid value for QUESTION: is empty; accepted: a question such as 'why do I need K2?'" in result.stderr


@pytest.mark.parametrize("intent", ["  - id: why\n    template: why.md.j2\n", "  - why\n"])
def test_a_malformed_intent_is_one_line_naming_its_place(run_cli, kb_copy, intent):
    (kb_copy / "explanations" / "en" / "intents.yaml").write_text("intents:\n" + intent, encoding="utf-8")
    result = run_cli("ask", "why do I need K2?", "--kb", str(kb_copy))
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "intents.yaml:2:5: an intent needs an id, a template and a list of keywords" in result.stderr
