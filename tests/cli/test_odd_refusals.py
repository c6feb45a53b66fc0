"""Refusals that named the wrong thing, or acceptances that should have been refusals: a salt's weight
with its elemental amount compared as elemental, a dose taken several times a day refused naming the
frequency (never 'form twice'), a plus sign, a trailing mark, '=' between a label's two amounts read as
ask reads it, an ambiguous number's suggestions kept to the field's range, a rules/ symlink out of the
knowledge base named as such, and a JSON exponent number read exactly."""

from __future__ import annotations

import pytest


def _refusal(result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.mark.parametrize(("text", "elemental"), [("calcium carbonate 1250 mg (500 mg)", 500),
                                                 ("calcium citrate 1,000 mg (210 mg)", 210)])
def test_a_salts_weight_and_its_elemental_amount_agree(run_cli, text, elemental):
    item, = run_cli.json("recommend", "--taking", text)["profile"]["taking"]
    assert (item["amount"], item["read_as"]) == (elemental, "salt")


def test_a_salts_weight_and_another_elemental_amount_are_compared_as_elemental(run_cli):
    line = _refusal(run_cli("recommend", "--taking", "calcium carbonate 1250 mg (600 mg)"))
    assert "1250 mg of the salt is 500 mg of elemental calcium, not 600 mg" in line


@pytest.mark.parametrize(("text", "said"), [("D3 1000 IU twice daily", "twice daily"), ("D3 1000 IU bid", "bid"),
                                            ("D3 1000 IU x2", "x2"), ("D3 1000 IU 每天兩次", "每天兩次")])
def test_a_dose_taken_several_times_a_day_is_refused_naming_the_frequency(run_cli, text, said):
    line = _refusal(run_cli("recommend", "--taking", text))
    assert f"is taken 2 times a day ('{said}')" in line and "2,000 IU if each is 1,000 IU" in line
    assert "form" not in line


def test_a_plus_sign_is_refused_as_a_sign(run_cli):
    line = _refusal(run_cli("recommend", "--taking", "D3 +5000 IU"))
    assert "plus sign" in line and "form" not in line


def test_a_trailing_mark_is_refused(run_cli):
    line = _refusal(run_cli("recommend", "--taking", "D3 5000 IU -"))
    assert "ends with '-'" in line


def test_a_labels_amounts_joined_by_equals_are_read_as_ask_reads_them(run_cli):
    item, = run_cli.json("recommend", "--taking", "D3 50 mcg = 2000 IU")["profile"]["taking"]
    assert item["amount"] == 2000
    assert "differ" in _refusal(run_cli("recommend", "--taking", "D3 50 mcg = 3000 IU"))


def test_an_ambiguous_age_suggests_only_an_age_in_range(run_cli):
    line = _refusal(run_cli("recommend", "--age", "3.999"))
    assert "3.9990" in line and "3999" not in line.replace("3.999", "")


def test_a_rules_symlink_out_of_the_knowledge_base_is_named(run_cli, tmp_path, kb_copy):
    (tmp_path / "kb").mkdir()
    (tmp_path / "kb" / "rules").symlink_to(kb_copy / "rules")
    line = _refusal(run_cli("recommend", "--kb", str(tmp_path / "kb"), "--age", "50"))
    assert "symbolic link out of the knowledge base" in line


def test_a_json_exponent_number_is_read_exactly(run_cli, tmp_path):
    path = tmp_path / "p.json"
    path.write_text('{"age": 50, "diet_calcium": 1e3}', encoding="utf-8")
    assert run_cli.json("recommend", str(path))["profile"]["diet_calcium"] == 1000
    path.write_text('{"age": 50, "diet_calcium": 1.5e0}', encoding="utf-8")
    assert "diet_calcium" in _refusal(run_cli("recommend", str(path)))
