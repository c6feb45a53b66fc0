"""A list option adds to the profile file's list; it never silently drops the file's entries (before,
`--medication Warfarin` dropped the file's Synthroid and its caution, `--taking "K2 100 mcg"` dropped the
file's calcium 1600 mg and D3 2000 IU and the above-limit warning). An option's dose of a nutrient the
file also gives replaces the file's, and the output says so. A question's amount wins for that question."""

from __future__ import annotations

import pytest

FILE = """\
age: 60
sex: female
medications: [Synthroid]
conditions: [kidney stones]
taking:
  - calcium 1600 mg
  - D3 2000 IU
"""


@pytest.fixture
def profile_file(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(FILE, encoding="utf-8")
    return str(path)


def _rules(data: dict) -> set[str]:
    return {w["rule"] for w in data["warnings"]}


def test_a_medication_option_adds_to_the_files(run_cli, profile_file):
    data = run_cli.json("recommend", profile_file, "--medication", "Warfarin")
    assert set(data["profile"]["medications"]) == {"levothyroxine", "vitamin_k_antagonist"}
    assert {"interaction.levothyroxine", "interaction.vitamin-k-antagonist"} <= _rules(data)


def test_a_condition_option_adds_to_the_files(run_cli, profile_file):
    data = run_cli.json("recommend", profile_file, "--condition", "osteoporosis")
    assert set(data["profile"]["conditions"]) == {"kidney_stones", "low_bone_density"}
    assert "condition.kidney-stones" in _rules(data)


def test_a_taking_option_of_another_nutrient_keeps_the_files_doses(run_cli, profile_file):
    data = run_cli.json("recommend", profile_file, "--taking", "K2 100 mcg")
    taken = {t["nutrient"]: t["amount"] for t in data["profile"]["taking"]}
    assert taken == {"calcium": 1600, "d3": 2000, "k2": 100}
    assert not [a for a in data["profile"]["assumed"] if "replaced" in a]


def test_a_taking_option_of_the_same_nutrient_replaces_and_says_so(run_cli, profile_file):
    data = run_cli.json("recommend", profile_file, "--taking", "D3 1000 IU")
    taken = {t["nutrient"]: t["amount"] for t in data["profile"]["taking"]}
    assert taken == {"calcium": 1600, "d3": 1000}
    said = [a for a in data["profile"]["assumed"] if "D3 2000 IU" in a and "D3 1000 IU" in a]
    assert len(said) == 1, data["profile"]["assumed"]
    text = run_cli("recommend", profile_file, "--taking", "D3 1000 IU").stdout
    assert "the file's 'D3 2000 IU' is replaced by 'D3 1000 IU' from the options" in text
    zh = run_cli("recommend", profile_file, "--taking", "D3 1000 IU", "--lang", "zh-Hant").stdout
    assert "設定檔的「D3 2000 IU」由選項的「D3 1000 IU」取代" in zh


def test_a_scalar_option_still_replaces_the_files(run_cli, profile_file):
    assert run_cli.json("recommend", profile_file, "--age", "30")["profile"]["age"] == 30


@pytest.mark.parametrize(("question", "lang_words", "compared"), [
    ("is 5000 IU of D3 too much?", "in place of D3 2000 IU", "5000 IU a day is above it"),
    ("5000 IU 的 D3 會太多嗎？", "取代您選項或個人資料中的 D3 2000 IU", "每日 5000 國際單位 超過上限"),
])
def test_the_amount_a_question_asks_about_is_the_one_compared(run_cli, tmp_path, question, lang_words, compared):
    path = tmp_path / "p.yaml"
    path.write_text("age: 50\ntaking: [D3 2000 IU]\n", encoding="utf-8")
    out = run_cli("ask", question, str(path)).stdout
    flat = "".join(out.split())  # the terminal wraps Chinese text anywhere: compare without spaces
    assert "notused" not in flat and "未採用" not in flat, out
    assert "".join(lang_words.split()) in flat and "".join(compared.split()) in flat, out
