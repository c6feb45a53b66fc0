"""Names people write that bonekb misread or dropped, through `bonekb ask` and `bonekb recommend` as
people call them, driven by rules/vocabulary.yaml and the question words of explanations/*/intents.yaml:

- a Chinese medicine name no list knows ('我吃利伐沙班，' before it was listed, '我服用倍林達，') was
  dropped and `ask` answered "I cannot answer" (exit 1): it is a warning that names the word;
- the mainland and Taiwan names of listed classes (雷贝拉唑, 双氢克尿噻, 优甲乐) are read as their class;
- the direct oral anticoagulants (apixaban, rivaroxaban, dabigatran, edoxaban), which no source bonekb
  cites covers, are named as not covered by its sources (vocabulary `not_covered`), not "not recognised";
- supplement brands of mainland labels: '我吃迪巧 600毫克' dropped its amount; now it is read as the
  brand's declared form, and a brand of a salt with no elemental share (乐力钙) is refused naming it.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bonekb.engine.knowledge import shipped_root

ROOT = shipped_root()
VOCABULARY = yaml.safe_load((ROOT / "rules" / "vocabulary.yaml").read_text(encoding="utf-8"))
MESSAGES = yaml.safe_load((ROOT / "rules" / "messages.yaml").read_text(encoding="utf-8"))["messages"]
INTENTS = {lang: yaml.safe_load((ROOT / "explanations" / lang / "intents.yaml").read_text(encoding="utf-8"))
           for lang in ("zh-Hant", "zh-Hans")}
CJK = re.compile(r"[\u3400-\u9fff]")
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

LISTED = {ident: list(names) for ident, names in VOCABULARY["medications"].items()}
NOT_COVERED = {ident: list(names) for ident, names in VOCABULARY["not_covered"]["medications"].items()}
ALL_LISTED = {name_ for table in (LISTED, NOT_COVERED) for ident, names in table.items() for name_ in [ident, *names]}


def _message_before_name(code: str, lang: str) -> str:
    """The fixed words of a message before its `$name` (what the person reads before the name)."""
    return str(MESSAGES[code][lang]).split("$name")[0]


def _ask(run_cli, question: str, *options: str) -> dict:
    result = run_cli("ask", question, *options, "--format", "json")
    assert result.exit_code == 0, (question, result.output[-400:])
    return json.loads(result.stdout)


def _name_warnings(data: dict) -> list[str]:
    return [w["message"] for w in data["warnings"] if w["rule"] == "names.not-recognised"]


def _ways(name: str, generic: str) -> list[str]:
    """How people write a medication's name: as listed, in another case, with a strength, a salt, a
    dose form, or beside its generic or brand name."""
    if CJK.search(name):
        return [name, f"{name}5毫克", f"{name} 5 毫克", f"{name}錠", f"{name}片", f"{name}鈉"]
    return [name, name.upper(), name.title(), f"{name} 5 mg", f"{name} 5mg", f"{name} sodium", f"{name} tablets",
            f"{name} ({generic})"]


# --- the not covered: direct oral anticoagulants ------------------------------------------------------------------

NOT_COVERED_WAYS = [(name, written) for ident, names in NOT_COVERED.items() for name in names
                    for written in _ways(name, names[0] if names[0] != name else names[-1])]


@SETTINGS
@given(case=st.sampled_from(NOT_COVERED_WAYS), lang=st.sampled_from(["en", "zh-Hant", "zh-Hans"]),
       option=st.sampled_from(["--medication"]))
def test_a_medicine_no_source_covers_is_named_as_such_by_recommend(run_cli, case, lang, option):
    """`recommend --medication "Eliquis 5 mg"`: one caution per name, worded as not covered by bonekb's
    sources (ask a doctor or pharmacist), never "not recognised" with a did-you-mean, and no class of
    the rules (no warfarin warning is invented for it)."""
    _, written = case
    result = run_cli("recommend", "--age", "70", "--sex", "female", option, written, "--lang", lang, "--format", "json")
    assert result.exit_code == 0, result.output[-400:]
    data = json.loads(result.stdout)
    assert data["profile"]["medications"] == []
    assert data["profile"]["unrecognised"]["medications"] == [written.strip()]
    [message] = _name_warnings(data)
    assert message.startswith(_message_before_name("name-not-covered-medications", lang) + written.strip()), message
    assert not [w for w in data["warnings"] if w["code"].startswith("interaction-")], data["warnings"]


@pytest.mark.parametrize(("question", "name"), [
    ("我吃利伐沙班，可以吃K2吗？", "利伐沙班"),
    ("我服用达比加群，可以吃钙吗", "达比加群"),
    ("我在吃阿哌沙班，可以吃K2嗎？", "阿哌沙班"),
    ("我吃拜瑞妥可以吃K2嗎", "拜瑞妥"),
    ("我在吃阿哌沙班5毫克，可以吃K2嗎", "阿哌沙班"),  # the strength is the drug's, never K2 taken
    ("can I take k2 with apixaban?", "apixaban"),
    ("I take Eliquis 5 mg, can I take K2?", "Eliquis"),
    ("i take xarelto, can i take k2?", "xarelto"),
])
def test_ask_names_a_direct_oral_anticoagulant_as_not_covered(run_cli, question, name):
    """These made `ask` exit 1 ("I cannot answer") or said only "not recognised"."""
    data = _ask(run_cli, question)
    assert data["intent"] == "interactions"
    assert "taking" not in data["facts"]
    [message] = _name_warnings(data["result"])
    assert message.startswith(_message_before_name("name-not-covered-medications", data["lang"]) + name), message


def test_the_not_covered_warning_is_in_the_text_the_person_reads(run_cli):
    text = re.sub(r"\s*\n\s*", "", run_cli("ask", "我吃利伐沙班，可以吃K2吗？").output)
    assert "本工具采用的参考资料未涵盖药物「利伐沙班」" in text and "请向医生或药剂师询问" in text


# --- listed classes: every listed name, in a question, as people write it -----------------------------------------

LISTED_WAYS = [(ident, name, written) for table in (LISTED, NOT_COVERED) for ident, names in table.items()
               for name in names for written in _ways(name, names[0] if names[0] != name else names[-1])]
ASKED = {"en": ["I take {}, can I take K2?", "can I take calcium with {}?"],
         "zh": ["我在吃{}，可以吃K2嗎？", "我吃{}，可以吃钙吗？", "我服用{}，可以吃D3嗎"]}


@SETTINGS
@given(case=st.sampled_from(LISTED_WAYS), frame=st.integers(0, 2))
def test_every_listed_name_is_read_from_a_question_as_people_write_it(run_cli, case, frame):
    """Every medication name the vocabulary lists (and every name it knows as not covered), with a
    strength, salt or dose form, in English or Chinese questions: read as its class, or warned of as
    not covered, naming it; never dropped, and its strength never read as a nutrient taken."""
    ident, _, written = case
    frames = ASKED["zh" if CJK.search(written) else "en"]
    question = frames[frame % len(frames)].format(written)
    data = _ask(run_cli, question)
    assert data["facts"].get("medications"), (question, data["facts"])
    assert "taking" not in data["facts"], (question, data["facts"])
    profile = data["result"]["profile"]
    if ident in LISTED:
        assert ident in profile["medications"], (question, profile)
    else:
        assert profile["unrecognised"]["medications"], (question, profile)
        assert any(_message_before_name("name-not-covered-medications", data["lang"]) in m
                   for m in _name_warnings(data["result"])), question


@SETTINGS
@given(case=st.sampled_from(LISTED_WAYS), lang=st.sampled_from(["en", "zh-Hant", "zh-Hans"]))
def test_every_listed_name_is_read_by_recommend_as_people_write_it(run_cli, case, lang):
    """`recommend --medication` with any listed name as people write it: its class, or the not-covered
    caution naming it; nothing else not recognised."""
    ident, _, written = case
    result = run_cli("recommend", "--age", "60", "--medication", written, "--lang", lang, "--format", "json")
    assert result.exit_code == 0, result.output[-400:]
    data = json.loads(result.stdout)
    if ident in LISTED:
        assert data["profile"]["medications"] == [ident] and "medications" not in data["profile"]["unrecognised"]
    else:
        [message] = _name_warnings(data)
        assert message.startswith(_message_before_name("name-not-covered-medications", lang)), message


@pytest.mark.parametrize(("medication", "ident"), [
    ("雷贝拉唑", "acid_reducer"), ("雷貝拉唑鈉腸溶錠", "acid_reducer"), ("泮托拉唑 40毫克", "acid_reducer"),
    ("兰索拉唑", "acid_reducer"), ("蘭索拉唑", "acid_reducer"), ("Pariet 20 mg", "acid_reducer"),
    ("双氢克尿噻", "thiazide"), ("雙氫克尿噻 25毫克", "thiazide"),
    ("优甲乐", "levothyroxine"), ("優甲樂 50微克", "levothyroxine"), ("左甲状腺素钠片", "levothyroxine"),
])
def test_mainland_and_taiwan_names_of_listed_classes_are_recognised(run_cli, medication, ident):
    result = run_cli("recommend", "--age", "60", "--medication", medication, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["profile"]["medications"] == [ident] and "medications" not in data["profile"]["unrecognised"]


# --- Chinese names no list knows: a warning naming the word ---------------------------------------------------------

def _question_characters() -> set[str]:
    """Every character of the Chinese question words and of the nutrients' names: a generated name
    made of none of them is no word bonekb reads otherwise."""
    words = json.dumps(INTENTS, ensure_ascii=False) + json.dumps(VOCABULARY["nutrients"], ensure_ascii=False)
    return set(CJK.findall(words))


# Characters transliterated drug names are written with (阿哌沙班, 利伐沙班, 达比加群, 倍林達 ...).
POOL = sorted(set("阿哌沙班利伐达達比加群艾必克凝拜瑞妥普栓泰毕畢全里先安依度塞洛尔爾地平汀坦替唑嗪噻"
                  "霉黴素西林诺諾酮芬胺醇倍") - _question_characters())
CUES = sorted({str(c) for data in INTENTS.values() for c in data["facts"]["medications"]["after_cjk"]})
ENDS = ["，可以吃K2嗎？", "可以吃K2嗎？", "，钙片可以一起吃吗", "，D3要吃多少？", "，吃鈣要注意什麼？"]


def test_the_pool_of_name_characters_is_large_enough():
    assert len(POOL) >= 20, POOL


def test_the_taking_words_are_those_people_write():
    """'我吃利伐沙班', '我服用达比加群': not only 在吃 and 在服用."""
    assert {"吃", "服用", "在吃", "在服用"} <= set(CUES), CUES


@pytest.mark.parametrize(("question", "name"), [
    ("我吃倍林達，可以吃K2嗎？", "倍林達"), ("我服用倍林达，可以吃钙吗", "倍林达"),
    ("我每天吃保栓通可以吃鈣嗎", "保栓通"),
    ("媽媽在服用普拉格雷，D3要吃多少？", "普拉格雷"), ("我使用依诺肝素，钙片可以一起吃吗", "依诺肝素"),
])
def test_the_issues_chinese_names_are_warned_of_naming_them(run_cli, question, name):
    data = _ask(run_cli, question)
    assert data["facts"]["medications"] == [name]
    [message] = _name_warnings(data["result"])
    assert f"「{name}」" in message, message


@SETTINGS
@given(name=st.text(alphabet=POOL, min_size=2, max_size=6), cue=st.sampled_from(CUES), end=st.sampled_from(ENDS),
       before=st.sampled_from(["我", "我每天", "媽媽", ""]))
def test_a_chinese_medicine_name_no_list_knows_is_warned_of_naming_it(run_cli, name, cue, end, before):
    """'我吃利伐沙班，可以吃K2吗？' (before it was listed) answered "I cannot answer" (exit 1) and named
    nothing. A name after a taking word (`after_cjk`: 在吃, 服用, 吃 ...), up to the clause's end or a
    known word, that no list knows is a warning the person sees, naming the word as written."""
    assume(name not in ALL_LISTED)
    question = f"{before}{cue}{name}{end}"
    data = _ask(run_cli, question)
    assert data["facts"].get("medications") == [name], (question, data["facts"])
    assert data["result"]["profile"]["unrecognised"]["medications"] == [name]
    [message] = _name_warnings(data["result"])
    assert f"「{name}」" in message, message


@pytest.mark.parametrize("question", ["我在吃倍林達 90毫克，可以吃K2嗎", "我在吃达吉胶囊500毫克，可以吃钙吗"])
def test_a_chinese_name_no_list_knows_with_a_strength_is_refused_never_read_as_a_nutrient(run_cli, one_line_refusal,
                                                                                           question):
    """The strength was read as the nutrient's amount ('K2 90 毫克'): now refused, naming the word."""
    word = re.search(r"吃(\w+?)\s?\d", question).group(1)
    amount = re.search(r"\d+毫克", question).group()
    # said in the question's language (explanations/<lang>/refusals.yaml: unknown_name)
    one_line_refusal(run_cli("ask", question), word, amount, "bonekb", "：")


@pytest.mark.parametrize("question", ["我吃早餐後吃鈣可以嗎", "我要吃多少鈣？", "我吃綜合維他命，D3要吃多少？",
                                      "我吃兩顆鈣片夠嗎", "钙片什么时候吃？", "服用方法是什麼？我吃鈣片",
                                      "我吃了一年的D3，够吗", "我吃很久的鈣片了，還要吃D3嗎", "使用說明：D3要吃多少",
                                      "我吃完飯再吃鈣可以嗎", "我吃得很健康，還要吃鈣嗎", "我吃奶粉，鈣夠嗎"])
def test_everyday_words_after_a_taking_word_are_not_medicines(run_cli, question):
    result = run_cli("ask", question, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    assert "medications" not in json.loads(result.stdout)["facts"], question


# --- supplement brands of mainland labels -------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "elemental"), [
    ("迪巧 600 mg", 600), ("迪巧600毫克", 600), ("迪巧钙 300毫克", 300), ("钙尔奇 600毫克", 600),
    ("鈣爾奇 600 mg", 600),
])
def test_a_mainland_brand_is_read_as_its_label_states(run_cli, written, elemental):
    result = run_cli("recommend", "--age", "60", "--taking", written, "--format", "json")
    assert result.exit_code == 0, result.output
    [item] = json.loads(result.stdout)["profile"]["taking"]
    assert (item["nutrient"], item["amount"], item["form"]) == ("calcium", elemental, "elemental")


def test_ask_reads_the_amount_beside_a_mainland_brand(run_cli):
    """'我吃迪巧 600毫克' dropped the 600 mg: it is read as the brand's elemental calcium."""
    data = _ask(run_cli, "我吃迪巧 600毫克，够吗？")
    assert data["facts"]["taking"] == ["迪巧 600 毫克"]
    [item] = data["result"]["profile"]["taking"]
    assert (item["amount"], item["form"]) == (600, "elemental")


@pytest.mark.parametrize(("args", "word"), [
    (("recommend", "--taking", "乐力钙 250 mg"), "乐力钙"), (("recommend", "--taking", "樂力鈣250毫克"), "樂力鈣"),
    (("ask", "我吃乐力钙 250毫克，够吗？"), "乐力钙"),
    (("recommend", "--taking", "氨基酸螯合钙 250 mg"), "氨基酸螯合钙"),
])
def test_a_calcium_of_a_salt_without_a_share_is_refused_naming_it(run_cli, one_line_refusal, args, word):
    """乐力钙, an amino acid chelate: no reference gives its elemental share, so its weight is not counted."""
    one_line_refusal(run_cli(*args), word, "no share of elemental calcium")
