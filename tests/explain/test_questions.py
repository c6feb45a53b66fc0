"""Questions in English and Chinese: the nutrient (vocabulary names) and the intent (intents.yaml)."""

from __future__ import annotations

import re

import pytest

from bonekb.engine.errors import InputError
from bonekb.engine.languages import declared_languages
from bonekb.engine.questions import QuestionReader, scripts_of

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


# A question in simplified characters is read in Simplified Chinese where the manifest declares it,
# else in the one Chinese it declares (zh-Hant's keywords hold simplified spellings too).
SIMPLIFIED = "zh-Hans" if "zh-Hans" in declared_languages() else "zh-Hant"


@pytest.mark.parametrize(("text", "lang"), [
    ("why K2?", "en"), ("為什麼需要K2?", "zh-Hant"), ("为什么需要K2?", SIMPLIFIED),
    ("维生素K2有什么作用？", SIMPLIFIED), ("我该吃多少钙", SIMPLIFIED), ("維生素D上限是多少？", "zh-Hant"),
    ("how much 鈣 for a 70 year old?", "zh-Hant"), ("is 125 µg of K2 too much?", "en"),
    ("ＷＨＹ Ｋ２？", "en"), ("K2?", "en")])
def test_language_of_the_question(reader, text, lang):
    assert reader.language(text) == lang


@pytest.mark.parametrize(("text", "script"), [
    ("ビタミンK2は必要ですか？", "katakana"), ("カルシウムはどのくらい？", "hiragana"),
    ("비타민 K2가 필요합니까?", "hangul"), ("Зачем нужен K2?", "cyrillic")])
def test_a_question_in_a_script_no_declared_language_uses_is_refused(reader, text, script):
    """Japanese kana is not read as Chinese (it once was: 'has CJK'); the refusal names the languages read."""
    with pytest.raises(InputError) as caught:
        reader.language(text)
    message = str(caught.value)
    assert message.startswith("QUESTION: ") and script in message
    assert "English (en)" in message and "繁體中文 (zh-Hant)" in message


def test_scripts_are_named_by_unicode():
    assert scripts_of("K2 鈣 か カ") == {"latin": 1, "han": 1, "hiragana": 1, "katakana": 1}


def test_the_languages_are_the_manifests(kb_copy):
    """A knowledge base that declares only English reads a Chinese question as not in its languages."""
    from bonekb.engine.validate import load_knowledge_base

    manifest = kb_copy / "rules" / "manifest.yaml"
    manifest.write_text(re.sub(r"(?m)^languages: .*$", "languages: [en]", manifest.read_text(encoding="utf-8")),
                        encoding="utf-8")
    reader = QuestionReader(load_knowledge_base(kb_copy))
    assert reader.languages() == ("en",)
    assert reader.read("why K2?").intent == "why"
    with pytest.raises(InputError, match=r"han.*accepted: a question in English \(en\)$"):
        reader.read("為什麼需要K2?")


def test_intents_are_data(kb_copy):
    """A new keyword in intents.yaml is understood with no code change."""
    from bonekb.engine.validate import load_knowledge_base

    path = kb_copy / "explanations" / "en" / "intents.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"what for",', '"what for", "wherefore",'),
                    encoding="utf-8")
    assert QuestionReader(load_knowledge_base(kb_copy)).read("Wherefore K2").intent == "why"


def test_examples_are_answerable(reader):
    for lang in declared_languages():
        examples = reader.examples(lang)
        assert len(examples) == 7
        assert all(reader.read(e).understood for e in examples)


def test_a_language_that_declares_no_scripts_is_written_in_those_of_its_words(kb_copy):
    """A knowledge base written before `scripts` existed still reads its questions."""
    from bonekb.engine.validate import load_knowledge_base

    for lang in declared_languages():
        path = kb_copy / "explanations" / lang / "intents.yaml"
        path.write_text("\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                                  if not line.startswith("scripts:")) + "\n", encoding="utf-8")
    reader = QuestionReader(load_knowledge_base(kb_copy))
    assert [reader.language(q) for q in ("why K2?", "為什麼需要K2?", "how much 鈣 for a 70 year old?")] == \
        ["en", "zh-Hant", "zh-Hant"]
    with pytest.raises(InputError, match="hiragana"):
        reader.language("K2は必要ですか？")
