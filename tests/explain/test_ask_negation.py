"""`bonekb ask` as a tester found it reading how people say they do not, no longer or might not take a
medicine, and amounts and questions it dropped or misread. Safety first: a warfarin user never gets
vitamin K amounts because of how the question was phrased, and nothing written is dropped silently.
Each case failed before its fix (the Chinese stop '我不吃华法林了' and the double negative '我不是不吃华法林'
dropped warfarin; 'without warfarin' read it with no word said; '半克' was dropped and '1/2 tablet'
read as 2 tablets; a statement got the generic cannot-answer)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

WARFARIN_EN = ["warfarin", "Warfarin", "Coumadin", "Jantoven"]
WARFARIN_HANT = ["華法林", "可邁丁"]
WARFARIN_HANS = ["华法林", "可迈丁"]
ASK_EN = [", can I take K2?", ". Can I take vitamin K2?", ", is K2 ok?", " - how much K2 can I take?"]
ASK_HANT = ["，可以吃K2嗎？", "，可以吃維生素K2嗎", "，K2要吃多少？", "。K2可以吃嗎？"]
ASK_HANS = ["，可以吃K2吗？", "，可以吃维生素K2吗", "，K2要吃多少？", "。K2可以吃吗？"]


def _safe_answer(run_cli, question: str, kind: str) -> None:
    """The question is answered with warfarin read (its avoid warning, no K1 or K2 amount) and a note of
    `kind` that the reader sees, quoting the words as written; never a 'denied' note."""
    data = run_cli.json("ask", question)
    result = data["result"]
    assert any(w["code"] == "interaction-warfarin-vitamin-k" and w["severity"] == "avoid"
               for w in result["warnings"]), (question, data["facts"], data["notes"])
    assert not any(r["nutrient"] in ("k1", "k2") for r in result["recommendations"]), question
    kinds = [n["kind"] for n in data["notes"]]
    assert kind in kinds and "denied" not in kinds, (question, data["notes"])
    said = next(n["said"] for n in data["notes"] if n["kind"] == kind)
    assert said in question
    assert said in data["text"].replace("\n", "").replace(" ", "") or said in data["text"], (said, data["text"][:400])


# --- 1. a stopped medicine stays, with a note: the Chinese 了 / 已經不 / 不再 / 停了 forms as English ----------

@pytest.mark.parametrize("question", [
    "我不吃华法林了，可以吃K2吗？", "我不吃華法林了，可以吃K2嗎？", "I don't take warfarin anymore, can I take K2?",
    "I no longer take warfarin, can I take K2?", "I'm no longer on warfarin, can I take K2?",
    "我已經不吃華法林，可以吃K2嗎？", "我已经不吃华法林，可以吃K2吗？", "我不再吃华法林，可以吃K2吗",
    "我停了华法林，可以吃K2吗", "I stopped warfarin, can I take K2?", "I'm off warfarin, can I take K2?",
])
def test_a_stopped_medicine_stays_with_a_note(run_cli, question):
    _safe_answer(run_cli, question, "past")


_STOPPED_EN = st.builds(
    lambda form, drug, ask: form.format(d=drug) + ask,
    st.sampled_from(["I don't take {d} anymore", "I do not take {d} any more", "I'm not on {d} anymore",
                     "i dont take {d} anymore", "I don’t take {d} any longer", "I no longer take {d}",
                     "I am no longer on {d}", "I no longer use {d}",
                     "I'm not taking {d} anymore", "I quit {d}", "I stopped taking {d}", "I'm off {d}"]),
    st.sampled_from(WARFARIN_EN), st.sampled_from(ASK_EN))


def _stopped_zh(drugs: list[str], asks: list[str], already: str, no: str) -> st.SearchStrategy[str]:
    verbs = ["吃", "服用"]
    return st.builds(
        lambda who, form, verb, drug, ask: who + form.format(v=verb, d=drug, already=already, no=no) + ask,
        st.sampled_from(["我", "我媽", "", "我爸爸"]),
        st.sampled_from(["不{v}{d}了", "{no}{v}{d}了", "{already}不{v}{d}", "{already}{no}{v}{d}", "不再{v}{d}",
                         "早就不{v}{d}了", "停了{d}", "{already}停用{d}", no[0] + "{v}{d}了"]),
        st.sampled_from(verbs), st.sampled_from(drugs), st.sampled_from(asks))


@SETTINGS
@given(st.one_of(_STOPPED_EN, _stopped_zh(WARFARIN_HANT, ASK_HANT, "已經", "沒有"),
                 _stopped_zh(WARFARIN_HANS, ASK_HANS, "已经", "没有")))
def test_every_way_of_saying_a_medicine_was_stopped_keeps_it(run_cli, question):
    """Property: however a stop is written (en, zh-Hant, zh-Hans), warfarin is read, its avoid warning
    given, no K1 or K2 amount, and a 'past' note quotes the words."""
    _safe_answer(run_cli, question, "past")


def test_a_plain_denial_is_still_not_read_and_said(run_cli):
    """What is denied outright stays a denial (with its note): the stop words did not swallow it."""
    for question in ("I don't take warfarin, can I take K2?", "我沒有吃華法林，可以吃K2嗎？",
                     "我没有吃华法林，K2要吃多少？"):
        data = run_cli.json("ask", question)
        assert "medications" not in data["facts"], question
        assert [n["kind"] for n in data["notes"]] == ["denied"], question


# --- 2. a double negative is a yes, never a denial ---------------------------------------------------------

@pytest.mark.parametrize("question", [
    "我不是不吃华法林，可以吃K2吗", "我不是不吃華法林，可以吃K2嗎",
    "it's not that I don't take warfarin, can I take K2?",
    "我並非沒有吃華法林，可以吃K2嗎", "我并非没有吃华法林，可以吃K2吗", "我没有不吃华法林，K2可以吃吗",
])
def test_a_double_negative_reads_the_medicine_with_a_note(run_cli, question):
    _safe_answer(run_cli, question, "double")


_DOUBLE_EN = st.builds(
    lambda opener, denial, drug, ask: f"{opener} {denial} {drug}{ask}",
    st.sampled_from(["it's not that I", "It’s not that I", "it is not that I", "Not that I", "I'm not saying I",
                     "I never said I", "it's not true that I", "I didn't say I"]),
    st.sampled_from(["don't take", "do not take", "dont take", "don’t take"]),
    st.sampled_from(WARFARIN_EN), st.sampled_from(ASK_EN))


def _double_zh(drugs: list[str], asks: list[str], words: dict[str, str]) -> st.SearchStrategy[str]:
    openers = ["我不是", "不是我", f"我{words['並非']}", f"{words['並非']}我", f"我{words['並不是']}",
               f"我{words['不是說']}"]
    denials = ["不吃", f"{words['沒有']}吃", f"{words['沒']}吃", f"{words['沒有']}服用"]
    return st.one_of(
        st.builds(lambda o, n, d, a: o + n + d + a, st.sampled_from(openers), st.sampled_from(denials),
                  st.sampled_from(drugs), st.sampled_from(asks)),
        st.builds(lambda d, a: f"我{words['沒有']}不吃{d}{a}", st.sampled_from(drugs), st.sampled_from(asks)))


HANT = {"並非": "並非", "並不是": "並不是", "不是說": "不是說", "沒有": "沒有", "沒": "沒"}
HANS = {"並非": "并非", "並不是": "并不是", "不是說": "不是说", "沒有": "没有", "沒": "没"}


@SETTINGS
@given(st.one_of(_DOUBLE_EN, _double_zh(WARFARIN_HANT, ASK_HANT, HANT), _double_zh(WARFARIN_HANS, ASK_HANS, HANS)))
def test_every_double_negative_keeps_the_medicine(run_cli, question):
    _safe_answer(run_cli, question, "double")


def test_a_double_negative_amount_is_read_and_said(run_cli):
    data = run_cli.json("ask", "it's not that I don't take 5000 IU of D3, is it too much?")
    assert data["facts"]["taking"] == ["D3 5000 IU"]
    assert [n["kind"] for n in data["notes"]] == ["double"]


def test_a_double_negative_condition_is_read(run_cli):
    data = run_cli.json("ask", "我不是沒有腎結石，鈣要吃多少？")
    assert data["facts"].get("conditions") == ["腎結石"]
    assert [n["kind"] for n in data["notes"]] == ["double"]


# --- 3. without / if I don't take: read as taken (safe side), and the answer says so -------------------------

@pytest.mark.parametrize("question", [
    "Without warfarin, can I take K2?", "不用华法林的话，可以吃K2吗？", "不用華法林的話，可以吃K2嗎？",
    "如果不吃華法林，可以吃K2嗎？", "If I don't take warfarin, can I take K2?", "If I stop warfarin, can I take K2?",
])
def test_a_medicine_gone_without_hypothetically_is_read_with_a_note(run_cli, question):
    _safe_answer(run_cli, question, "hypothetical")


_WITHOUT_EN = st.builds(
    lambda form, drug, ask: form.format(d=drug) + ask,
    st.sampled_from(["Without {d}", "without {d}", "If I don't take {d}", "if i dont take {d}", "If I didn't take {d}",
                     "What if I'm not on {d}", "If I stop {d}", "if I stopped {d}", "Suppose I stop taking {d}",
                     "If I came off {d}", "In case I don't take {d}"]),
    st.sampled_from(WARFARIN_EN), st.sampled_from(ASK_EN))


def _without_zh(drugs: list[str], asks: list[str], words: dict[str, str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda form, drug, ask: form.format(d=drug) + ask,
        st.sampled_from(["不用{d}的話" if words["沒有"] == "沒有" else "不用{d}的话", "如果不吃{d}", "如果{no}吃{d}",
                         "要是不服用{d}", "假如停用{d}", "萬一不吃{d}" if words["沒有"] == "沒有" else "万一不吃{d}",
                         "我如果不用{d}", "不服用{d}的話" if words["沒有"] == "沒有" else "不服用{d}的话"]).map(
            lambda f: f.replace("{no}", words["沒有"])),
        st.sampled_from(drugs), st.sampled_from(asks))


@SETTINGS
@given(st.one_of(_WITHOUT_EN, _without_zh(WARFARIN_HANT, ASK_HANT, HANT), _without_zh(WARFARIN_HANS, ASK_HANS, HANS)))
def test_every_hypothetical_stop_keeps_the_medicine(run_cli, question):
    _safe_answer(run_cli, question, "hypothetical")


# --- 4. a fraction before a unit or a count is refused in one line, never dropped nor read as a whole -------

@pytest.mark.parametrize(("question", "named"), [
    ("I take half a gram of calcium", "half a gram"), ("我每天吃半克钙", "半克"), ("我每天吃半克鈣", "半克"),
    ("我每天吃半粒钙片", "半粒"), ("我每天吃半顆鈣片", "半顆"), ("I take 1/2 tablet of calcium 600 mg", "1/2 tablet"),
    ("I take 0.5 tablet of calcium 600 mg", "0.5 tablet"), ("I take ½ capsule of D3 1000 IU", "½ capsule"),
])
def test_a_fraction_is_refused_in_one_line_naming_it(run_cli, one_line_refusal, question, named):
    """'半克' was dropped silently and '1/2 tablet' read as 2 tablets."""
    one_line_refusal(run_cli("ask", question), named, "QUESTION")


def _fraction_question(lang: str) -> st.SearchStrategy[tuple[str, str]]:
    """(question, the fraction as written) in the way people write a part of a dose."""
    if lang == "en":
        fractions = st.sampled_from(["half", "a half", "one half", "1/2", "1 / 2", "½", "¼", "quarter", "0.5", "1.5",
                                     "a quarter", "3/4"])
        ends = st.sampled_from(["a tablet", "tablet", "tablets", "a capsule", "capsule", "softgel", "a pill", "pill",
                                "tab", "a gram", "g", "gram", "mg"])
        templates = st.sampled_from(["I take {f} {e} of calcium", "how much K2? I take {f} {e} of MK-7 a day",
                                     "is {f} {e} of Caltrate enough?", "I'm 70, I take {f} {e} of D3 daily"])
    else:
        hant = lang == "zh-Hant"
        fractions = st.sampled_from(["半", "半個" if hant else "半个", "二分之一", "四分之一", "三分之一", "1/2", "½",
                                     "0.5"])
        ends = st.sampled_from(["粒", "顆" if hant else "颗", "片", "膠囊" if hant else "胶囊", "錠" if hant else "锭",
                                "克", "毫克"])
        templates = st.sampled_from(["我每天吃{f}{e}鈣片" if hant else "我每天吃{f}{e}钙片",
                                     "我每天吃{f}{e}的維生素D3，夠嗎？" if hant else "我每天吃{f}{e}的维生素D3，够吗？",
                                     "K2每天{f}{e}可以嗎" if hant else "K2每天{f}{e}可以吗"])

    def make(template: str, fraction: str, end: str) -> tuple[str, str]:
        if fraction[0].isdigit() and "/" not in fraction and "." in fraction and end in ("g", "gram", "a gram", "mg",
                                                                                          "克", "毫克"):
            end = "tablet" if lang == "en" else "粒"  # a decimal before a unit is an amount (0.5 g): not a fraction
        return template.format(f=fraction, e=end), fraction
    return st.builds(make, templates, fractions, ends)


@SETTINGS
@given(st.one_of(_fraction_question("en"), _fraction_question("zh-Hant"), _fraction_question("zh-Hans")))
def test_every_fraction_of_a_dose_is_refused_naming_it(run_cli, one_line_refusal, case):
    """Property: a part of a tablet or a fraction before a unit, in en, zh-Hant and zh-Hans, is refused
    in one line (exit 2) that names it, never read as a whole number nor dropped."""
    question, fraction = case
    line = one_line_refusal(run_cli("ask", question), "QUESTION")
    assert " ".join(fraction.split()) in line or fraction.replace(" ", "") in line.replace(" ", ""), (question, line)


# --- 5. a statement without a question is answered as a check of what is taken, and said so ---------------

@pytest.mark.parametrize(("question", "nutrient", "taken"), [
    ("I take Caltrate 600 mg", "calcium", "Caltrate 600 mg"), ("我每天吃钙片600毫克", "calcium", "钙片 600 毫克"),
    ("我每天吃鈣片600毫克", "calcium", "鈣片 600 毫克"), ("I take 5000 IU of D3.", "d3", "D3 5000 IU"),
])
def test_a_statement_is_answered_as_a_check_of_what_is_taken(run_cli, question, nutrient, taken):
    """It got the generic cannot-answer (exit 1); now the amounts for the person, compared with what is
    taken, and a line saying the statement was read as that check."""
    data = run_cli.json("ask", question)
    assert data["answered"] and data["intent"] == "how_much" and data["nutrients"] == [nutrient]
    assert {"kind": "statement", "said": taken} in data["notes"]
    text = run_cli("ask", question).output
    assert taken in text and ("asked no question" in text or "沒有提出問題" in text or "没有提出问题" in text)


_STATEMENT = st.one_of(
    st.builds(lambda who, amount: f"{who} {amount}", st.sampled_from(["I take", "I'm taking", "i take", "I use"]),
              st.sampled_from(["Caltrate 600 mg", "5000 IU of D3", "D3 2,000 IU daily", "K2 MK-7 100 mcg",
                               "calcium citrate 500 mg a day", "1.25 g calcium carbonate"])),
    st.builds(lambda who, amount: who + amount, st.sampled_from(["我每天吃", "我吃", "我在吃", "每天補充"]),
              st.sampled_from(["鈣片600毫克", "維生素D3 1000國際單位", "K2 100微克", "碳酸鈣1250毫克", "挺立600毫克"])),
    st.builds(lambda who, amount: who + amount, st.sampled_from(["我每天吃", "我吃", "每天补充"]),
              st.sampled_from(["钙片600毫克", "维生素D3 1000国际单位", "K2 100微克", "碳酸钙1250毫克"])))


@SETTINGS
@given(_STATEMENT)
def test_every_statement_of_an_amount_is_answered(run_cli, question):
    """Property: a statement of an amount taken is answered (exit 0) as how much, with the amount read,
    never the generic cannot-answer; with no question word at all ('daily' and 'a day' are how-much
    words), it says it read a statement."""
    data = run_cli.json("ask", question)
    assert data["answered"] and data["intent"] == "how_much" and data["facts"]["taking"], question
    asked = "daily" in question or "a day" in question
    assert ("statement" in [n["kind"] for n in data["notes"]]) != asked, (question, data["notes"])


# --- 6. an age range, side effects, vitamin K with warfarin -------------------------------------------------

@pytest.mark.parametrize(("question", "named", "example"), [
    ("how much calcium for a 45-50 year old woman", "45-50 year old", "'45 year old'"),
    ("how much calcium for a 45 to 50 years old woman", "45 to 50 years old", "'45 years old'"),
    ("45到50歲的女性要吃多少鈣", "45到50歲", "'45歲'"), ("45-50岁的女性要吃多少钙", "45-50岁", "'45岁'"),
    ("I'm aged 45-50, how much D3?", "aged 45-50", "'aged 45'"),
])
def test_an_age_range_is_refused_as_a_range(run_cli, one_line_refusal, question, named, example):
    """'45-50' said '45' was not understood; now: the range is not accepted, give one age."""
    line = one_line_refusal(run_cli("ask", question), named, "range", example)
    assert "not understood" not in line


@pytest.mark.parametrize(("question", "words"), [
    ("side effects of K2", "side effects"), ("what are the side effects of D3?", "side effects"),
    ("K2有什麼副作用？", "副作用"), ("钙有什么副作用", "副作用"),
])
def test_side_effects_say_they_are_not_covered_and_give_what_is(run_cli, flat, question, words):
    """'side effects of K2' got the cannot-answer; now a line saying the article and references do not list
    side effects, then what they say (the upper limit and who must be careful)."""
    data = run_cli.json("ask", question)
    assert data["answered"] and data["intent"] == "what_is"
    assert {"kind": "side_effects", "said": words} in data["notes"]
    text = flat(run_cli("ask", question).output)
    assert "do not list side effects" in text or "沒有列出副作用" in text or "没有列出副作用" in text


@pytest.mark.parametrize("question", ["vitamin K with warfarin", "can I take vitamin k with warfarin?",
                                      "維生素K和華法林可以一起吃嗎", "维生素K和华法林可以一起吃吗", "維他命K 可邁丁"])
def test_vitamin_k_with_warfarin_gets_the_warfarin_warning_for_k1_and_k2(run_cli, question):
    """It got the not-understood list; it is an interaction question about both K1 and K2."""
    data = run_cli.json("ask", question)
    assert data["answered"] and data["intent"] == "interactions"
    assert data["nutrients"] == ["k2", "k1"]
    assert any(w["code"] == "interaction-warfarin-vitamin-k" and w["severity"] == "avoid"
               for w in data["result"]["warnings"])
    assert not any(r["nutrient"] in ("k1", "k2") for r in data["result"]["recommendations"])


@pytest.mark.parametrize("question", [
    "我不确定有没有吃华法林，K2要吃多少?", "我不確定有沒有吃華法林，K2要吃多少？", "我好像沒有吃華法林，K2要吃多少？",
    "how much K2? I'm not on warfarin yet", "I'm not sure I'm not on warfarin, how much K2?",
    "how much K2? I'm not on warfarin now but will start next week",
])
def test_an_uncertain_or_not_yet_denial_keeps_the_medicine_with_a_note(run_cli, question):
    """A second tester: 'not sure whether', 'it seems I don't', 'not yet' were read as plain denials, so a
    person who may be on warfarin got vitamin K amounts; read on the safe side, with the note."""
    _safe_answer(run_cli, question, "hypothetical")


@pytest.mark.parametrize("question", ["how much K2? I take war\u200bfarin", "我吃華\u200b法林，K2要吃多少?",
                                      "how much K2? I take Cou\u00admadin", "how much K2? I take warfa\u2060rin"])
def test_an_invisible_character_inside_a_medicine_in_a_question_never_hides_it(run_cli, question):
    data = run_cli.json("ask", question, "--age", "60")
    assert not any(r["nutrient"] in ("k1", "k2") for r in data["result"]["recommendations"]), data["facts"]
    assert any(w["severity"] == "avoid" and {"k1", "k2"} <= set(w["nutrients"]) for w in data["result"]["warnings"])
