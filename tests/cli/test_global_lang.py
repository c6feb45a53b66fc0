"""--lang before the command, as the README lists it with --kb: `bonekb --lang zh-Hant recommend ...`."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("args", [
    ["recommend", "--age", "70"],
    ["why", "k2"],
    ["explain", "--age", "70"],
    ["ask", "how much k2 should I take?"],
    ["rules", "show", "table.adults"],
])
def test_lang_before_the_command_is_the_same_as_after_it(run_cli, args):
    before = run_cli("--lang", "zh-Hant", *args)
    after = run_cli(*args, "--lang", "zh-Hant")
    assert before.exit_code == 0, before.output
    assert before.stdout == after.stdout


def test_lang_before_the_command_gives_chinese_output(run_cli):
    shown = run_cli("--lang", "zh-Hant", "recommend", "--age", "70").stdout
    assert "每日建議量" in shown and "Daily amounts" not in shown


def test_the_commands_own_lang_wins_over_the_one_before_it(run_cli):
    shown = run_cli("--lang", "zh-Hant", "recommend", "--age", "70", "--lang", "en").stdout
    assert "Daily amounts" in shown and "每日建議量" not in shown


def test_lang_before_the_command_with_kb_before_it_too(run_cli, kb_copy):
    result = run_cli("--kb", str(kb_copy), "--lang", "zh-Hant", "recommend", "--age", "70")
    assert result.exit_code == 0, result.output
    assert "每日建議量" in result.stdout


def test_a_language_not_declared_before_the_command_is_refused(run_cli, one_line_refusal):
    one_line_refusal(run_cli("--lang", "fr", "recommend", "--age", "70"), "--lang", "fr", "zh-Hant")


@pytest.mark.parametrize(("args", "named"), [
    (["audit"], "'audit'"),
    (["rules", "graph"], "'rules graph'"),
    (["test"], "'test'"),
])
def test_lang_before_a_command_without_lang_is_refused_not_ignored(run_cli, args, named, one_line_refusal):
    one_line_refusal(run_cli("--lang", "zh-Hant", *args), "--lang", named)
