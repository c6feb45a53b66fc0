"""`bonekb ask` as people ask: the facts a question states, too-much and interaction questions,
several nutrients, bare names and misspellings (issue 9), through the CLI in both languages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bonekb.engine.knowledge import read_knowledge_base
from bonekb.engine.languages import declared_languages
from bonekb.engine.question_facts import merge_stated


@pytest.mark.parametrize(("question", "amounts", "rule", "whom"), [
    ("how much calcium for a 45 year old woman", "1000–1200 mg a day", "table.adults", "For a woman of 45"),
    ("我70歲要吃多少鈣", "每日 1200–1500 毫克", "table.older-adults", "針對70歲的人"),
    ("how much calcium for a woman of 60 after menopause?", "1200–1500 mg a day", "table.postmenopausal",
     "For a woman of 60, after menopause"),
    ("停經後的女性，60歲，鈣要吃多少", "每日 1200–1500 毫克", "table.postmenopausal", "針對60歲、停經後的女性"),
])
def test_the_question_s_facts_give_the_person_s_own_amounts(run_cli, flat, question, amounts, rule, whom):
    result = run_cli("ask", question)
    text = flat(result.stdout)
    assert result.exit_code == 0
    assert amounts in text and rule in text and whom in text
    assert "It depends on who you are" not in text and "取決於您是誰" not in text


def test_options_win_over_the_question_and_the_answer_says_so(run_cli, flat):
    data = run_cli.json("ask", "how much calcium for a 45 year old woman", "--age", "70", "--sex", "male")
    assert data["result"]["profile"]["age"] == 70 and data["result"]["profile"]["sex"] == "male"
    assert sorted(data["overridden"]) == ["age", "sex"]
    assert "For a man of 70" in flat(data["markdown"]) and "not used" in data["markdown"]
    zh = run_cli.json("ask", "我70歲要吃多少鈣", "--age", "40")
    assert zh["result"]["profile"]["age"] == 40 and "未採用" in zh["markdown"]


def test_a_medication_in_the_question_adds_to_those_given(run_cli):
    data = run_cli.json("ask", "can I take k2 with warfarin?", "--medication", "levothyroxine")
    assert sorted(data["result"]["profile"]["medications"]) == ["levothyroxine", "vitamin_k_antagonist"]


@pytest.mark.parametrize("question", ["can I take k2 with warfarin?", "K2和華法林可以一起吃嗎", "k2 and coumadin",
                                      "吃华法林可以吃维生素K2吗"])
def test_k2_with_warfarin_is_answered_with_the_interaction_rule(run_cli, question):
    data = run_cli.json("ask", question)
    assert data["answered"] and data["intent"] == "interactions" and data["nutrients"] == ["k2"]
    warning = next(w for w in data["result"]["warnings"] if w["code"] == "interaction-warfarin-vitamin-k")
    assert warning["message"] in data["markdown"] and warning["code"] not in data["markdown"]
    # traced by its rule in the JSON and by its sources on the line; the rule's id is no word of the answer
    assert warning["rule"] == "interaction.vitamin-k-antagonist" not in data["markdown"]
    assert "REF-THEUWISSEN-2013" in data["markdown"]
    assert {"REF-ODS-K", "REF-THEUWISSEN-2013"} <= set(data["sources"])
    k2_warnings = [w["code"] for w in data["result"]["warnings"] if "k2" in w["nutrients"]]
    assert k2_warnings == ["interaction-warfarin-vitamin-k"]
    simplified = "zh-Hans" if "zh-Hans" in declared_languages() else "zh-Hant"  # 华法林, 维生素: simplified
    assert data["lang"] == ("en" if question.isascii() else simplified if "华" in question else "zh-Hant")


def test_a_condition_in_the_question_is_checked(run_cli):
    data = run_cli.json("ask", "Can I take vitamin D with kidney stones?")
    assert data["intent"] == "interactions" and data["result"]["profile"]["conditions"] == ["kidney_stones"]
    zh = run_cli.json("ask", "有腎結石可以補鈣嗎？")
    assert "腎結石" in zh["markdown"] and "condition.kidney-stones" not in zh["markdown"]  # a word, not the rule's id
    assert "condition.kidney-stones" in {w["rule"] for w in zh["result"]["warnings"]}  # which the JSON traces


def test_an_interaction_no_rule_warns_of_says_so_without_promising(run_cli, flat):
    text = flat(run_cli("ask", "k2 with digoxin").stdout)
    assert "No rule bonekb holds warns about vitamin K2 with digoxin" in text and "pharmacist" in text


@pytest.mark.parametrize(("question", "phrases"), [
    ("is 5000 IU of D3 too much?", ["5000 IU a day is above the upper limit at every age",
                                    "UL 4000 IU: upper limit 4000 IU a day; 5000 IU is above it",
                                    "You now take 5000 IU of vitamin D3 a day"]),
    ("每天吃5000 IU的D3會太多嗎", ["每日 5000 國際單位 在所有年齡都超過上限",
                                  "滿9歲，未滿71歲：上限每日 4000 國際單位；5000 國際單位超過上限"]),
])
def test_an_amount_is_compared_with_every_upper_limit(run_cli, flat, question, phrases):
    result = run_cli("ask", question)
    assert result.exit_code == 0
    text = flat(result.stdout)
    assert all(p in text for p in phrases), text


def test_with_an_age_the_person_s_own_upper_limit(run_cli, flat):
    text = flat(run_cli("ask", "is 5000 IU of D3 too much for a 40 year old?").stdout)
    assert "Your upper limit: 4000 IU a day" in text and "above it" in text
    assert "reference.d3.9-70" not in text  # the rule is named in the JSON, the reader reads its title
    fired = run_cli.json("ask", "is 5000 IU of D3 too much for a 40 year old?")["result"]["fired"]
    assert "reference.d3.9-70" in [f["rule"] for f in fired]
    zh = flat(run_cli("ask", "70歲每天吃2000毫克鈣會不會過量").stdout)
    assert "您的上限：飲食與補充劑合計每日 2000 毫克" in zh and "未超過上限" in zh


@pytest.mark.parametrize(("question", "limit"), [
    ("what's the upper limit for vitamin D?", "UL 4000 IU: upper limit **4000 IU** a day"),
    ("維生素D上限是多少", "滿9歲，未滿71歲：上限每日 **4000 國際單位**"),
    ("max calcium per day?", "UL 2500 mg: upper limit **2500 mg** a day")])
def test_the_upper_limit_question_gives_the_limits(run_cli, flat, question, limit):
    data = run_cli.json("ask", question)
    assert data["intent"] == "too_much" and limit in flat(data["markdown"])
    assert "REF-IOM-2011" in data["sources"]


def test_vitamin_k_has_no_upper_limit_and_says_so(run_cli, flat):
    assert "None of the reference rules sets a tolerable upper intake level (UL) for vitamin K2" in flat(
        run_cli("ask", "is 500 mcg of k2 too much").stdout)


@pytest.mark.parametrize(("question", "titles"), [
    ("how much k2 and k1", ["# How much vitamin K2?", "# How much vitamin K1?"]),
    ("K2和K1各要吃多少", ["# 維生素K2要吃多少？", "# 維生素K1要吃多少？"])])
def test_several_nutrients_are_each_answered(run_cli, question, titles):
    data = run_cli.json("ask", question)
    assert data["nutrients"] == ["k2", "k1"]
    assert all(t in data["markdown"] for t in titles)
    disclaimer = "not a diagnosis" if question.isascii() else "並非診斷"
    assert data["markdown"].count(disclaimer) == 1


@pytest.mark.parametrize(("question", "title"), [("k2", "# What does vitamin K2 do?"), ("鈣", "# 鈣有什麼作用？"),
                                                 ("MK-7?", "**MK-7** is a form of vitamin K2")])
def test_a_bare_name_is_a_what_is_question(run_cli, question, title):
    data = run_cli.json("ask", question)
    assert data["intent"] == "what_is" and title in data["markdown"]


@pytest.mark.parametrize(("question", "phrase"), [("what is mk-7", "**MK-7** is a form of vitamin K2."),
                                                  ("MK-7是什麼", "**MK-7** 是維生素K2的一種形式。"),
                                                  ("whats menaquinone-7", "**MK-7** is a form of vitamin K2.")])
def test_a_form_is_said_to_be_a_form(run_cli, question, phrase):
    assert phrase in run_cli.json("ask", question)["markdown"]


@pytest.mark.parametrize(("question", "nutrient", "written"), [("vitamn d", "d3", "vitamn d"),
                                                               ("calcum", "calcium", "calcum"),
                                                               ("how much vitamine d3 a day", "d3", "vitamine d3")])
def test_a_misspelt_name_is_read_when_only_one_is_close(run_cli, question, nutrient, written):
    data = run_cli.json("ask", question)
    assert data["answered"] and data["nutrients"] == [nutrient] and data["misspelt"] == {nutrient: written}
    assert f"You wrote “{written}”: read as" in data["markdown"]


def test_a_misspelling_close_to_several_names_asks_which(run_cli):
    result = run_cli("ask", "what does vitamin k do?")
    assert result.exit_code == 1
    assert "Did you mean vitamin K2 or vitamin K1?" in result.stdout


@pytest.mark.parametrize("question", ["how much vitamin C?", "how much magnesium should I take",
                                      "which vitamin is best"])
def test_other_nutrients_are_not_corrected_to_ours(run_cli, question):
    result = run_cli("ask", question)
    assert result.exit_code == 1 and "Did you mean" not in result.stdout


def test_not_pregnant_is_read_as_not_pregnant(run_cli):
    data = run_cli.json("ask", "I'm not pregnant, how much D3 for a 30 year old woman?")
    assert data["result"]["profile"]["pregnant"] is False and data["result"]["in_scope"]
    pregnant = run_cli.json("ask", "how much D3 for a pregnant woman of 30?")
    assert pregnant["result"]["profile"]["pregnant"] is True and not pregnant["result"]["in_scope"]


def test_an_amount_the_profile_reader_refuses_is_one_line_exit_2(run_cli):
    result = run_cli("ask", "is 5000 mg of D3 too much?")
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "taking" in result.stderr


def test_question_facts_merge():
    model = read_knowledge_base().vocabulary.profile
    merged, overridden = merge_stated({"age": 45, "sex": "female", "medications": ["warfarin"], "menopause": "post"},
                                      {"age": 70, "sex": "male", "medications": ["levothyroxine"]}, model)
    assert merged == {"age": 70, "sex": "male", "medications": ["levothyroxine", "warfarin"]}
    assert overridden == ["age", "sex", "menopause"]
    assert merge_stated({"taking": ["D3 5000 IU"]}, {}, model) == ({"taking": ["D3 5000 IU"]}, [])


def test_the_installed_command_answers_a_safety_question(tmp_path):
    """A real process, from another directory, as a person runs it."""
    bonekb = Path(sys.executable).parent / "bonekb"
    result = subprocess.run([str(bonekb), "ask", "is 5000 IU of D3 too much for a 50 year old?"], capture_output=True,
                            text=True, cwd=tmp_path, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "Your upper limit: 4000 IU a day" in " ".join(result.stdout.split())


def test_a_question_too_long_is_refused_in_one_line(run_cli):
    result = run_cli("ask", "how much calcium " * 100)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.strip().splitlines()[-1].endswith(
        "Invalid value for QUESTION: is 1700 characters long; accepted: a question of at most 1000 characters")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("question", "lang", "lead", "not_lead"), [
    ("我沒有懷孕，鈣要吃多少", "zh-Hant", "針對您，依您問題中的資料：懷孕：否", "針對人"),
    ("I'm not pregnant, how much calcium", "en", "For you, from what your question says: pregnant: no", "For someone"),
])
def test_who_the_answer_is_for_reads_as_a_phrase_without_age_or_sex(run_cli, flat, question, lang, lead, not_lead):
    text = flat(run_cli("ask", question, "--lang", lang).stdout)
    assert lead in text and not_lead not in text, text


@pytest.mark.parametrize(("question", "lang", "gave", "sun"), [
    ("我沒有曬太陽，D3要吃多少？", "zh-Hant", "您提供的資料：", "日曬較少"),
    ("I get little sun, how much D3?", "en", "What you gave:", "little sun"),
])
def test_sun_from_the_question_is_said_once_and_not_as_given_directly(run_cli, question, lang, gave, sun):
    text = run_cli("ask", question, "--lang", lang).stdout
    line = next(p for p in text.split("\n\n") if p.startswith(gave))
    assert line.count(sun) == 1, line
    assert "直接提供" not in text and "as you gave it" not in text
