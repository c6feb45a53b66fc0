"""The text echo shows the names it did not recognise, as given and marked so, and leaves out an empty
list. Before, `--medication "Eliquis 5 mg" --condition gout` echoed `medications , conditions ` and
`medications: []` echoed `medications ` with nothing after it."""

from __future__ import annotations


def _person(run_cli, *args: str) -> str:
    result = run_cli("recommend", *args)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()[1]


def test_names_not_recognised_are_shown_as_given(run_cli):
    line = _person(run_cli, "--age", "60", "--medication", "Eliquis 5 mg", "--condition", "gout")
    assert line == "Person: age 60, medications Eliquis 5 mg (not recognised), conditions gout (not recognised)"


def test_names_not_recognised_in_zh_hant(run_cli):
    line = _person(run_cli, "--age", "60", "--medication", "Eliquis 5 mg", "--medication", "Synthroid",
                   "--condition", "gout", "--lang", "zh-Hant")
    assert "藥物 左旋甲狀腺素、Eliquis 5 mg（無法辨識）" in line and "健康狀況 gout（無法辨識）" in line


def test_an_empty_list_is_left_out(run_cli, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("age: 50\nmedications: []\nconditions: []\n", encoding="utf-8")
    assert _person(run_cli, str(path)) == "Person: age 50"


def test_a_name_not_recognised_is_escaped(run_cli):
    line = _person(run_cli, "--age", "60", "--medication", "Eli\x1b[31mquis")
    assert "\x1b" not in line and "(not recognised)" in line
