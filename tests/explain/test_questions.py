"""Questions in English and Chinese: the nutrient (vocabulary names) and the intent (intents.yaml)."""

from __future__ import annotations

import pytest

from bonekb.engine.questions import QuestionReader, question_language

CASES = [
    ("why do I need K2?", "k2", "why"),
    ("What does K1 do?", "k1", "what_is"),
    ("how much D3 should I take?", "d3", "how_much"),
    ("is calcium alone enough?", "calcium", "enough"),
    ("What if I skip MK-7?", "k2", "what_if"),
    ("How much vitamin D do I need?", "d3", "how_much"),
    ("what is phylloquinone", "k1", "what_is"),
    ("Why cholecalciferol", "d3", "why"),
    ("為什麼需要維生素K2？", "k2", "why"),
    ("為什麼需要K2？", "k2", "why"),
    ("我該吃多少鈣？", "calcium", "how_much"),
    ("维生素d3要吃多少", "d3", "how_much"),
    ("維生素K1有什麼作用?", "k1", "what_is"),
    ("只吃鈣就夠了嗎?", "calcium", "enough"),
    ("如果不補充K2會怎樣?", "k2", "what_if"),
]


@pytest.fixture(scope="module")
def reader(kb):
    return QuestionReader(kb)


@pytest.mark.parametrize(("text", "nutrient", "intent"), CASES)
def test_recognises_nutrient_and_intent(reader, text, nutrient, intent):
    question = reader.read(text)
    assert (question.nutrient, question.intent) == (nutrient, intent)
    assert question.understood


@pytest.mark.parametrize("text", ["did you eat?", "what time is it", "can I have a cat", "why?"])
def test_short_names_do_not_match_inside_words(reader, text):
    assert reader.read(text).nutrient is None
    assert not reader.read(text).understood


def test_language_of_the_question():
    assert question_language("why K2?") == "en"
    assert question_language("為什麼需要K2?") == "zh-Hant"
    assert question_language("为什么需要K2?") == "zh-Hant"


def test_intents_are_data(kb_copy):
    """A new keyword in intents.yaml is understood with no code change."""
    from bonekb.engine.validate import load_knowledge_base

    path = kb_copy / "explanations" / "en" / "intents.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"what for",', '"what for", "wherefore",'),
                    encoding="utf-8")
    assert QuestionReader(load_knowledge_base(kb_copy)).read("Wherefore K2").intent == "why"


def test_examples_are_answerable(reader):
    for lang in ("en", "zh-Hant"):
        examples = reader.examples(lang)
        assert len(examples) == 7
        assert all(reader.read(e).understood for e in examples)
