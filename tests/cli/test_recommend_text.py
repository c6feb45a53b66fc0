"""`bonekb recommend` as text, as a person calls it: the template and words of the language, in both
languages; the layout and words are the knowledge base's data (explanations/recommend.txt.j2, or a language's own)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

GOLDEN = Path(__file__).parents[1] / "explain" / "golden"
# The person of tests/explain's golden recommend-post60.txt, as a profile file.
POST60 = {"age": 60, "sex": "female", "menopause": "post", "sun": "low", "diet_calcium": 700,
          "taking": ["calcium carbonate 1000 mg", "D3 800 IU", "K2 100 ug", "K1 50 ug"]}
WARFARIN60 = ("--age", "60", "--sex", "female", "--medication", "warfarin", "--taking", "D3 5000 IU")


def _without_digest(text: str) -> str:
    return re.sub(r"sha256:[0-9a-f]+…", "sha256:…", text, count=1)


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_the_command_prints_the_golden_text_of_its_language(run_cli, tmp_path, lang):
    profile = tmp_path / "post60.yaml"
    profile.write_text(yaml.safe_dump(POST60), encoding="utf-8")
    result = run_cli("recommend", str(profile), "--lang", lang)
    assert result.exit_code == 0, result.output
    golden = (GOLDEN / lang / "recommend-post60.txt").read_text(encoding="utf-8")
    assert _without_digest(result.stdout) == golden + "\n"


def test_chinese_text_says_units_in_chinese_in_the_warnings_too(run_cli):
    out = run_cli("recommend", *WARFARIN60, "--lang", "zh-Hant").stdout
    warnings = out.split("警示\n", 1)[1].split("\n\n", 1)[0]
    assert "超過適用於您的每日上限 4000 國際單位" in warnings
    assert re.search(r"\d (IU|mg|ug|µg)\b", warnings) is None, warnings
    english = run_cli("recommend", *WARFARIN60).stdout
    assert "above your upper limit of 4000 IU a day" in english


def test_the_words_and_layout_are_the_knowledge_bases_data(run_cli, kb_copy):
    """Changing words.yaml and the template changes the output: nothing of it is in Python."""
    words = kb_copy / "explanations" / "en" / "words.yaml"
    words.write_text(words.read_text(encoding="utf-8").replace('amounts: "Daily amounts"', 'amounts: "Per day"'),
                     encoding="utf-8")
    template = kb_copy / "explanations" / "recommend.txt.j2"  # shared by every language
    template.write_text(template.read_text(encoding="utf-8").replace("{{ t.disclaimer }}", "{{ t.disclaimer }} (KB)"),
                        encoding="utf-8")
    out = run_cli("recommend", "--kb", str(kb_copy), "--age", "40", "--sex", "male").stdout
    assert "\nPer day\n" in out and "Daily amounts" not in out
    assert out.endswith("take. (KB)\n")


def test_a_person_typing_control_characters_cannot_reach_the_terminal(run_cli):
    out = run_cli("recommend", "--age", "40", "--medication", "evil\x1b[2Jname").stdout
    assert "\x1b" not in out and "\\x1b[2Jname" in out
