"""`bonekb ask` as a tester used it: the question's language among the declared ones, names it does not
know, amounts it must not misread, and who the answer is about. Each case failed before its fix."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("question", ["ビタミンK2は必要ですか？", "비타민 K2가 필요합니까?"])
def test_a_question_in_an_undeclared_language_gets_one_line_naming_the_languages_read(run_cli, question):
    result = run_cli("ask", question)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert "QUESTION" in lines[0] and "English (en)" in lines[0] and "繁體中文 (zh-Hant)" in lines[0]


def test_lang_given_still_reads_the_question(run_cli):
    """--lang chooses the answer's language; the question is still read (and refused if unreadable)."""
    assert run_cli("ask", "ビタミンK2は必要ですか？", "--lang", "en").exit_code == 2
    assert run_cli.json("ask", "why K2?", "--lang", "zh-Hant")["lang"] == "zh-Hant"
