"""The command line as a user calls it: bad input, profile files and stdin, browsing, --kb, the real command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bonekb import __version__


def _one_line_error(result, *words: str) -> str:
    """Exit 2, nothing on stdout, one line on stderr holding every word, and no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word.casefold() in lines[0].casefold(), (word, lines[0])
    return lines[0]


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- bad input ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "words"), [
    (["--age", "-3"], ["age", "0 to 130"]),
    (["--age", "abc"], ["age", "number"]),
    (["--age", "131"], ["age", "0 to 130"]),
    (["--sex", "x"], ["sex", "female", "male"]),
    (["--sex", "male", "--menopause", "post"], ["menopause", "female"]),
    (["--sex", "male", "--pregnant"], ["pregnant", "female"]),
    (["--menopause", "after"], ["menopause", "pre", "peri", "post"]),
    (["--sun", "lots"], ["sun", "low", "enough"]),
    (["--taking", "K2 5 kg"], ["taking", "kg", "k2"]),
    (["--taking", "calcium carbonate -500 mg"], ["taking", "-500", "out of range"]),
    (["--taking", "unobtainium 5 mg"], ["taking", "calcium"]),
    (["--taking", "calcium"], ["taking", "accepted"]),
    (["--taking", "calcium basalt 500 mg"], ["taking", "carbonate"]),
    (["--diet-calcium", "-1"], ["diet_calcium"]),
    (["--sun-minutes", "2000"], ["sun_minutes"]),
    (["--format", "xml"], ["--format", "xml", "json"]),
    (["--lang", "fr"], ["--lang", "zh-Hant"]),
])
def test_bad_options_are_one_line_and_exit_2(run_cli, args, words):
    _one_line_error(run_cli("recommend", *args), *words)


@pytest.mark.parametrize(("name", "text", "words"), [
    ("unknown.yaml", "age: 35\nshoe_size: 42\n", ["shoe_size", "unknown field", "accepted"]),
    ("unknown.json", '{"age": 35, "shoe_size": 42}', ["shoe_size", "unknown field", "accepted"]),
    ("newline-key.yaml", '"shoe\\nsize": 42\n', ["'shoe\\nsize'", "unknown field"]),
    ("empty-key.json", '{"": 1}', ["''", "unknown field"]),
    ("list.yaml", "- age: 35\n", ["mapping"]),
    ("scalar.json", '"age 35"', ["mapping"]),
    ("broken.yaml", "age: [35\n", ["not valid YAML", "line"]),
    ("broken.json", '{"age": 35,}', ["not valid", "line"]),
    ("bad-age.yaml", "age: -3\n", ["age", "0 to 130"]),
    ("bad-taking.yaml", "taking:\n  - {nutrient: k2, amount: 5, unit: kg}\n", ["taking", "kg"]),
    ("bad-item.yaml", "taking:\n  - {nutrient: k2, amount: 5, unit: ug, colour: red}\n", ["taking"]),
])
def test_bad_profile_files_are_one_line_and_exit_2(run_cli, in_tmp, name, text, words):
    (in_tmp / name).write_text(text, encoding="utf-8")
    _one_line_error(run_cli("recommend", name), *words)


def test_a_missing_profile_file_is_one_line(run_cli, in_tmp):
    _one_line_error(run_cli("recommend", "nowhere.yaml"), "nowhere.yaml", "cannot read")


def test_an_unknown_command_and_option_are_one_line(run_cli):
    _one_line_error(run_cli("recommand"), "recommand")
    _one_line_error(run_cli("recommend", "--agee", "3"), "--agee")


# --- profiles: files, stdin, options ------------------------------------------------------------

def test_a_yaml_profile_file(run_cli, in_tmp):
    (in_tmp / "me.yaml").write_text(
        "age: 55\nsex: female\nmenopause: post\nsun: enough\ndiet_calcium: 700\n"
        "taking:\n  - calcium carbonate 1250 mg\n  - {nutrient: MK-7, amount: 100, unit: mcg}\n"
        "medications: [warfarin]\n", encoding="utf-8")
    data = run_cli.json("recommend", "me.yaml")
    assert data["groups"] == ["adults", "postmenopausal_women"]
    assert data["sun"] == "enough"
    assert data["profile"]["diet_calcium"] == 700
    assert [(t["nutrient"], t["amount"], t["form"]) for t in data["profile"]["taking"]] == [
        ("calcium", 500, "carbonate"), ("k2", 100, "MK-7")]
    assert data["profile"]["medications"] == ["vitamin_k_antagonist"]


def test_a_json_profile_file(run_cli, in_tmp):
    (in_tmp / "me.json").write_text(json.dumps({"age": 8, "sun": "low"}), encoding="utf-8")
    data = run_cli.json("recommend", "me.json")
    assert data["groups"] == ["children"]


def test_stdin_as_the_profile(run_cli):
    data = run_cli.json("recommend", "-", input="age: 16\nsun: enough\n")
    assert data["groups"] == ["teens"] and data["sun"] == "enough"
    data = run_cli.json("recommend", "-", input="")
    assert data["profile"]["unknown"][0] == "age"


def test_options_override_the_file(run_cli, in_tmp):
    (in_tmp / "me.yaml").write_text("age: 35\nsun: low\ntaking: [D3 1000 IU]\n", encoding="utf-8")
    data = run_cli.json("recommend", "me.yaml", "--age", "70", "--sun", "enough", "--taking", "D3 400 IU")
    assert data["profile"]["age"] == 70
    assert data["groups"] == ["older_adults"] and data["sun"] == "enough"
    assert [t["amount"] for t in data["profile"]["taking"]] == [400]
    kept = run_cli.json("recommend", "me.yaml", "--sex", "male")
    assert kept["profile"]["age"] == 35 and kept["profile"]["sex"] == "male"


def test_text_output_in_english_and_chinese(run_cli):
    en = run_cli("recommend", "--age", "35", "--sun", "low")
    assert en.exit_code == 0 and "table.adults.d3-low-sun" in en.stdout and "800–1500 IU" in en.stdout
    zh = run_cli("recommend", "--age", "35", "--sun", "low", "--lang", "zh-Hant")
    assert zh.exit_code == 0
    assert "維生素D3" in zh.stdout and "800–1500 國際單位" in zh.stdout and "TABLE-ADULT" in zh.stdout
    assert "表格" in zh.stdout  # a scope note in the article's language
    assert "成年人（19–64歲）" in zh.stdout and "年齡 35" in zh.stdout and "age 35" not in zh.stdout
    zh_json = run_cli.json("recommend", "--age", "35", "--lang", "zh-Hant")
    assert any("表格" in note for note in zh_json["scope_notes"])


def test_version(run_cli):
    result = run_cli("--version")
    assert result.exit_code == 0 and __version__ in result.stdout


# --- browsing rules and claims ------------------------------------------------------------------

def test_rules_list(run_cli, kb):
    result = run_cli("rules", "list")
    assert result.exit_code == 0
    for rule in kb.rules:
        assert rule.id in result.stdout
    listed = run_cli.json("rules", "list")
    assert [r["id"] for r in listed] == [r.id for r in kb.rules]
    assert all(r["sources"] and r["file"] and r["line"] >= 1 for r in listed)


def test_rules_show(run_cli):
    result = run_cli("rules", "show", "table.adults")
    assert result.exit_code == 0
    assert "TABLE-ADULT" in result.stdout and "group is adults" in result.stdout and "table.yaml" in result.stdout
    data = run_cli.json("rules", "show", "table.adults")
    assert data["id"] == "table.adults" and data["sources"] == ["TABLE-ADULT"]
    assert {"nutrient": "k2", "kind": "supplement", "min": 75, "max": 150, "unit": "ug"} in data["then"]["recommend"]


def test_rules_show_an_unknown_id_suggests(run_cli):
    line = _one_line_error(run_cli("rules", "show", "table.adult"), "table.adult", "did you mean")
    assert "table.adults" in line


def test_claims_list_and_show(run_cli, kb):
    listed = run_cli("claims", "list")
    assert listed.exit_code == 0
    assert all(claim_id in listed.stdout for claim_id in kb.claims)
    shown = run_cli("claims", "show", "K2-1")
    assert shown.exit_code == 0
    assert "osteocalcin" in shown.stdout.casefold() and "「" in shown.stdout
    data = run_cli.json("claims", "show", "k2-1")
    assert data["id"] == "K2-1"
    table = run_cli.json("claims", "show", "TABLE-ADULT")
    assert "table.adults" in table["rules"]
    _one_line_error(run_cli("claims", "show", "K2-99"), "K2-99")


# --- another knowledge base -----------------------------------------------------------------------

def test_kb_option_uses_the_copy(run_cli, kb_copy):
    table = kb_copy / "rules" / "table.yaml"
    text = table.read_text(encoding="utf-8")
    old = "{nutrient: k2, kind: supplement, min: 75, max: 150, unit: ug}"
    assert text.count(old) == 1
    table.write_text(text.replace(old, "{nutrient: k2, kind: supplement, min: 76, max: 151, unit: ug}"), "utf-8")
    data = run_cli.json("recommend", "--age", "35", "--kb", str(kb_copy))
    k2 = next(r for r in data["recommendations"] if r["nutrient"] == "k2")
    assert (k2["min"], k2["max"]) == (76, 151)
    shipped = run_cli.json("recommend", "--age", "35")
    assert shipped["knowledge_base"]["digest"] != data["knowledge_base"]["digest"]
    assert run_cli.json("rules", "show", "table.adults", "--kb", str(kb_copy))["then"]["recommend"][2]["min"] == 76


def test_kb_option_on_a_folder_that_is_not_one(run_cli, tmp_path):
    _one_line_error(run_cli("recommend", "--age", "35", "--kb", str(tmp_path)), "rules/")


# --- the installed command, in a real process -----------------------------------------------------

def test_the_installed_console_script(tmp_path):
    exe = shutil.which("bonekb") or shutil.which("bonekb", path=str(Path(sys.executable).parent))
    assert exe, "the bonekb console script is not installed (pip install -e .)"
    env = {**os.environ, "PYTHONPATH": ""}
    done = subprocess.run([exe, "recommend", "--age", "35", "--sex", "female", "--sun", "low", "--format", "json"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    recs = {(r["nutrient"], r["kind"]): (r["min"], r["max"], r["unit"]) for r in data["recommendations"]}
    assert data["groups"] == ["adults"]
    assert recs == {("calcium", "total_intake"): (1000, 1200, "mg"), ("calcium", "supplement"): (300, 500, "mg"),
                    ("d3", "supplement"): (800, 1500, "IU"), ("k2", "supplement"): (75, 150, "ug"),
                    ("k1", "supplement"): (80, 150, "ug")}
    bad = subprocess.run([exe, "recommend", "--age", "-3"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=60, check=False)
    assert bad.returncode == 2 and len(bad.stderr.splitlines()) == 1 and "Traceback" not in bad.stderr
    module = subprocess.run([sys.executable, "-m", "bonekb", "--version"], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert module.returncode == 0 and __version__ in module.stdout


def test_a_group_without_its_subcommand_shows_its_help(run_cli):
    result = run_cli("rules")
    assert result.output.startswith("Usage: ") and " rules [OPTIONS] COMMAND" in result.output
    assert "list" in result.output and "show" in result.output


def test_a_profile_file_with_a_byte_order_mark(run_cli, in_tmp):
    (in_tmp / "bom.json").write_bytes(b"\xef\xbb\xbf" + json.dumps({"age": 16}).encode())
    (in_tmp / "bom.yaml").write_bytes(b"\xef\xbb\xbfage: 16\n")
    assert run_cli.json("recommend", "bom.json")["groups"] == ["teens"]
    assert run_cli.json("recommend", "bom.yaml")["groups"] == ["teens"]


@pytest.mark.parametrize(("taking", "nutrient", "amount"), [
    ("Ca 500 mg", "calcium", 500), ("鈣 500 毫克", "calcium", 500), ("钙 0.5 g", "calcium", 500),
    ("碳酸鈣 1250 mg", "calcium", 500), ("vitamin D 1000 IU", "d3", 1000), ("維生素D3 25 微克", "d3", 1000),
    ("维生素D3 1000 IU", "d3", 1000), ("cholecalciferol 1000 iu", "d3", 1000), ("MK7 100 mcg", "k2", 100),
    ("menaquinone 0.1 mg", "k2", 100), ("vitamin K2 100 µg", "k2", 100), ("維生素K2 100 ug", "k2", 100),
    ("phytonadione 100 ug", "k1", 100), ("Vitamin K1 100 micrograms", "k1", 100), ("维生素K1 100 ug", "k1", 100),
])
def test_the_contracts_nutrient_names_and_units(run_cli, taking, nutrient, amount):
    data = run_cli.json("recommend", "--age", "35", "--taking", taking)
    assert [(t["nutrient"], t["amount"]) for t in data["profile"]["taking"]] == [(nutrient, amount)]


def test_a_supplement_as_a_mapping_with_a_form(run_cli):
    profile = {"age": 35, "taking": [{"nutrient": "calcium", "amount": 1250, "unit": "mg", "form": "carbonate"},
                                     {"nutrient": "vitamin K2", "amount": "100", "unit": "ug", "form": "MK-7"}]}
    data = run_cli.json("recommend", "-", input=json.dumps(profile))
    assert [(t["nutrient"], t["amount"], t["form"]) for t in data["profile"]["taking"]] == [
        ("calcium", 500, "carbonate"), ("k2", 100, "MK-7")]


def test_postmenopausal_flag_contradicting_menopause_is_a_usage_error(run_cli):
    result = run_cli("recommend", "--postmenopausal", "--menopause", "pre", "--age", "50")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "bonekb: profile: menopause: --postmenopausal contradicts --menopause pre; give one"]


def test_assumptions_and_unrecognised_names_are_worded_in_the_chosen_language(run_cli):
    args = ("recommend", "--age", "50", "--menopause", "post", "--taking", "calcium 500 mg", "--medication", "Zorblax")
    zh = run_cli.json(*args, "--lang", "zh-Hant")
    en = run_cli.json(*args)
    assert any("視為女性" in a for a in zh["profile"]["assumed"])
    assert any("元素鈣" in n for n in zh["scope_notes"])
    assert any("無法辨識藥物" in w["message"] and "Zorblax" in w["message"] for w in zh["warnings"])
    assert any("not recognised" in w["message"] and "Zorblax" in w["message"] for w in en["warnings"])
    assert any("taken as female" in a for a in en["profile"]["assumed"])
    assert not any("taken as female" in n for n in zh["scope_notes"])


def test_the_chinese_amounts_table_aligns_by_display_width(run_cli):
    """tabulate pads wide characters by their two columns when wcwidth is installed."""
    from wcwidth import wcswidth

    lines = run_cli("recommend", "--age", "70", "--sex", "female", "--postmenopausal", "--lang", "zh-Hant",
                    "--taking", "calcium carbonate 1250 mg").stdout.splitlines()
    start = lines.index("每日建議量") + 1
    table = lines[start:lines.index("", start)]
    rule = table[1]
    assert set(rule) <= {"-", " "}
    gaps = [i for i, ch in enumerate(rule) if ch == " "]      # the two-space gaps between columns
    assert gaps
    for row in table[2:]:
        cells = "".join(ch * wcswidth(ch) for ch in row)         # one character per display column
        assert all(cells[i] == " " for i in gaps if i < len(cells)), (row, gaps)
