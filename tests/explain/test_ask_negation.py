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
