"""examples/iron, a second knowledge base written from docs/authoring.md (the IOM's iron chapter),
used through every command as a person uses it: CliRunner in-process, and the installed command in
a real process from another directory. The expected figures are the source's (rules/source.txt),
written here by hand, not copied from bonekb's output."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

IRON = Path(__file__).resolve().parents[2] / "examples" / "iron"


def _iron(*args: str) -> tuple[str, ...]:
    return ("--kb", str(IRON), *args)


def _amounts(data: dict) -> dict[tuple[str, str], tuple[float, float]]:
    return {(r["nutrient"], r["kind"]): (r["min"], r["max"]) for r in data["recommendations"]}


def test_the_example_is_data_only():
    files = [p for p in IRON.rglob("*") if p.is_file()]
    assert files and not [p for p in files if p.suffix in (".py", ".pyc")]


def test_the_audit_finds_nothing(run_cli):
    result = run_cli(*_iron("audit"))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].startswith("0 errors, 0 warnings, 0 info"), result.stdout


def test_every_scenario_passes_and_every_rule_is_covered(run_cli):
    result = run_cli(*_iron("test", "--require-coverage"))
    assert result.exit_code == 0, result.output
    assert re.search(r"scenarios: (\d+) passed, 0 failed", result.stdout)
    (fired, total) = re.search(r"rule coverage: (\d+)/(\d+) rules", result.stdout).groups()
    assert fired == total and int(total) >= 20


@pytest.mark.parametrize(("profile", "iron"), [
    (("--age", "30", "--sex", "male"), 8),
    (("--age", "30", "--sex", "female"), 18),
    (("--age", "51", "--sex", "female"), 8),
    (("--age", "16", "--sex", "female"), 15),
    (("--age", "16", "--sex", "male"), 11),
    (("--age", "11",), 8),
    (("--age", "3",), 7),
    (("--age", "8",), 10),
    (("--age", "30", "--sex", "female", "--pregnant"), 27),
    (("--age", "30", "--sex", "female", "--breastfeeding"), 9),
    (("--age", "18", "--sex", "female", "--breastfeeding"), 10),
])
def test_recommend_gives_the_tables_daily_need(run_cli, profile, iron):
    data = run_cli.json(*_iron("recommend", *profile))
    assert data["in_scope"] is True
    assert _amounts(data) == {("iron", "total_intake"): (iron, iron)}
    assert all(r["sources"] and r["rule"] for r in data["recommendations"])


@pytest.mark.parametrize(("age", "limit"), [("13", 40), ("14", 45), ("70", 45)])
def test_the_upper_limit_changes_at_14(run_cli, age, limit):
    text = run_cli(*_iron("recommend", "--age", age, "--sex", "male", "--taking", f"iron {limit} mg")).stdout
    assert f"iron: upper limit {limit} mg" in text, text
    above = run_cli.json(*_iron("recommend", "--age", age, "--sex", "male", "--taking", f"iron {limit + 1} mg"))
    assert "above-upper-limit" in [w["code"] for w in above["warnings"]]
    within = run_cli.json(*_iron("recommend", "--age", age, "--sex", "male", "--taking", f"iron {limit} mg"))
    assert "above-upper-limit" not in [w["code"] for w in within["warnings"]]


@pytest.mark.parametrize(("profile", "rule"), [
    (("--age", "0"), "scope.infants"),
    (("--age", "12", "--sex", "female", "--pregnant"), "scope.young-pregnancy"),
    (("--age", "40", "--sex", "male", "--condition", "hereditary hemochromatosis"), "scope.iron-overload"),
    (("--sex", "female"), "scope.age-not-given"),
])
def test_people_it_does_not_cover_are_refused_with_the_reason(run_cli, profile, rule):
    data = run_cli.json(*_iron("recommend", *profile))
    assert data["in_scope"] is False and data["recommendations"] == []
    assert rule in [f["rule"] for f in data["fired"]]
    assert data["scope_notes"] and all(len(note) > 40 for note in data["scope_notes"])


def test_interactions_speak_to_a_person_who_takes_iron(run_cli):
    taking = _iron("recommend", "--age", "60", "--sex", "female", "--medication", "Synthroid",
                   "--medication", "Sinemet", "--taking", "iron 65 mg", "--taking", "calcium 500 mg")
    codes = {w["code"]: w for w in run_cli.json(*taking)["warnings"]}
    assert {"interaction-levothyroxine-iron", "interaction-levodopa-iron", "calcium-apart-from-iron",
            "above-upper-limit"} <= set(codes)
    assert "2 hours" in codes["interaction-levothyroxine-iron"]["message"]
    assert codes["above-upper-limit"]["severity"] == "avoid"
    not_taking = run_cli.json(*_iron("recommend", "--age", "60", "--sex", "female", "--medication", "levothyroxine"))
    assert not [w for w in not_taking["warnings"] if w["code"].startswith("interaction-")]


def test_a_dose_it_cannot_read_names_its_own_nutrients(run_cli):
    """The accepted nutrients are the knowledge base's, not the shipped one's (calcium, D3, K2, K1)."""
    result = run_cli(*_iron("recommend", "--taking", "unobtainium 325 mg"))
    assert result.exit_code == 2
    assert result.stderr.strip() == ("bonekb: profile: taking: 'unobtainium' is not a nutrient bonekb "
                                     "knows; accepted: iron, calcium and their names")
    iron_salt = run_cli(*_iron("recommend", "--taking", "ferrous sulfate 325 mg"))  # tests/cli/test_label_forms.py
    assert iron_salt.exit_code == 2 and "the elemental iron the label states" in iron_salt.stderr
    salt = run_cli(*_iron("recommend", "--taking", "calcium carbonate 1250 mg"))
    assert salt.exit_code == 2 and "calcium form 'carbonate' is not known; accepted: none" in salt.stderr


def test_the_text_shows_no_line_the_knowledge_base_has_no_words_for(run_cli):
    """No 'Groups: · Sun:' line (it has neither), and its own disclaimer from words.yaml `labels`."""
    for lang, disclaimer in (("en", "Institute of Medicine"), ("zh-Hant", "美國醫學研究院")):
        text = run_cli(*_iron("recommend", "--age", "30", "--sex", "female", "--lang", lang)).stdout
        assert "Groups" not in text and "群組" not in text and "Sun" not in text and "日曬" not in text
        assert disclaimer in text.splitlines()[-1]
        assert "article" not in text and "文章" not in text
    shipped = run_cli("recommend", "--age", "30").stdout
    assert "Groups: adults (19–64) · Sun: little sun" in shipped  # unchanged where the words exist


def test_why_iron_in_both_languages(run_cli):
    en = run_cli(*_iron("why", "iron", "--age", "30", "--sex", "female"))
    assert en.exit_code == 0, en.output
    assert "Why iron?" in en.stdout and "18 mg a day" in en.stdout and "[VITAMIN-C]" in en.stdout
    assert "If you take levothyroxine" in en.stdout  # the reference rules' warnings, before they apply
    zh = run_cli(*_iron("why", "iron", "--lang", "zh-Hant", "--age", "30", "--sex", "female"))
    assert zh.exit_code == 0, zh.output
    assert "鐵" in zh.stdout and "18 毫克" in zh.stdout


def test_explain_in_every_format(run_cli):
    profile = ("--age", "30", "--sex", "female", "--vegetarian", "--taking", "iron 18 mg")
    text = run_cli(*_iron("explain", *profile))
    assert text.exit_code == 0, text.output
    assert text.stdout.startswith("Iron: your handout") and "1.8 times" in text.stdout
    assert "Calcium" not in text.stdout  # named only where a calcium supplement is taken
    html = run_cli(*_iron("explain", *profile, "--format", "html"))
    assert html.exit_code == 0 and "<html" in html.stdout and "18 mg" in html.stdout
    data = run_cli.json(*_iron("explain", *profile))
    assert data["answered"] is True and "iron" in data["nutrients"]


def test_batch_reads_the_declared_columns(run_cli, tmp_path):
    source = tmp_path / "people.csv"
    source.write_text("age,sex,pregnant,vegetarian,taking,medications\n"
                      "30,female,,yes,iron 18 mg;calcium 500 mg,\n"
                      "28,female,yes,,,\n"
                      "0,,,,,\n"
                      "45,male,,,iron 50 mg,Synthroid\n", encoding="utf-8")
    output = tmp_path / "out.jsonl"
    result = run_cli("batch", str(source), "-o", str(output), "--kb", str(IRON))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [_amounts(r).get(("iron", "total_intake")) for r in rows] == [(18, 18), (27, 27), None, (8, 8)]
    assert [r["in_scope"] for r in rows] == [True, True, False, True]
    assert "calcium-apart-from-iron" in {w["code"] for w in rows[0]["warnings"]}
    assert {"above-upper-limit", "interaction-levothyroxine-iron"} <= {w["code"] for w in rows[3]["warnings"]}


def test_help_lists_its_facts(run_cli):
    helped = run_cli(*_iron("recommend", "--help")).stdout
    assert "--vegetarian / --not-vegetarian" in helped and "--diet-iron" in helped
    assert "--sun" not in helped and "--postmenopausal" not in helped


def test_the_installed_command_runs_the_example_from_another_directory(tmp_path):
    exe = shutil.which("bonekb") or shutil.which("bonekb", path=str(Path(sys.executable).parent))
    assert exe, "the bonekb console script is not installed (pip install -e .)"
    env = {**os.environ, "PYTHONPATH": ""}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([exe, "--kb", str(IRON), *args], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=120, check=False)

    audited, tested = run("audit"), run("test")
    assert audited.returncode == 0 and "0 errors" in audited.stdout, audited.stdout + audited.stderr
    assert tested.returncode == 0 and " 0 failed" in tested.stdout, tested.stdout + tested.stderr
    done = run("recommend", "--age", "25", "--sex", "female", "--pregnant", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert _amounts(json.loads(done.stdout)) == {("iron", "total_intake"): (27, 27)}
    bad = run("recommend", "--age", "-3")
    assert bad.returncode == 2 and len(bad.stderr.splitlines()) == 1 and "Traceback" not in bad.stderr


def test_an_ages_figure_needs_a_min_or_a_max(run_cli, tmp_path):
    """'≤ 18 y' is an ages figure with only `max` (from birth); one with neither is refused."""
    copy = tmp_path / "iron"
    shutil.copytree(IRON, copy)
    claims = copy / "rules" / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    assert "{what: ages, max: 18, unit: years}" in text
    claims.write_text(text.replace("{what: ages, max: 18, unit: years}", "{what: ages, unit: years}", 1),
                      encoding="utf-8")
    result = run_cli("--kb", str(copy), "audit")
    assert result.exit_code == 1
    assert re.search(r"rules/claims\.yaml:\d+:\d+: S\d{3} \[error\]", result.stdout), result.stdout


def test_why_tells_a_refused_person_the_reason_and_what_each_rule_needed(run_cli):
    refused = run_cli(*_iron("why", "iron", "--age", "45", "--sex", "male", "--condition", "hemochromatosis")).stdout
    assert re.search(r"The source does not cover you: You have a condition\s+in which the body keeps too much iron",
                     refused), refused
    adult = run_cli(*_iron("why", "iron", "--age", "45", "--sex", "male")).stdout
    assert re.search(r"Not for you: it needs age below 4\s+\(your profile says age: 45\)", adult), adult


def test_ask_over_a_knowledge_base_without_questions_says_so_in_one_line(run_cli):
    """examples/iron has no intents.yaml: ask said only that a file was missing."""
    result = run_cli(*_iron("ask", "how much iron should I take?"))
    assert result.exit_code == 2 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "has no questions file (explanations/en/intents.yaml)" in lines[0]
    assert "answers no questions" in lines[0] and "why" in lines[0]
    assert run_cli(*_iron("why", "iron")).exit_code == 0  # what the refusal says works, works
