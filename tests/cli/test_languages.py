"""The languages a knowledge base declares (rules/manifest.yaml `languages:`) are the ones --lang offers."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonekb.engine.errors import KnowledgeBaseError
from bonekb.engine.knowledge import read_knowledge_base
from bonekb.engine.languages import declared_languages

# The shipped manifest's line, whatever languages it declares (a language is added as data).
SHIPPED_LINE = "languages: [" + ", ".join(declared_languages()) + "]"


def declare(kb: Path, line: str) -> Path:
    manifest = kb / "rules" / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert SHIPPED_LINE in text
    manifest.write_text(text.replace(SHIPPED_LINE, line), encoding="utf-8")
    return kb


def test_the_shipped_knowledge_base_declares_english_first_and_traditional_chinese():
    assert declared_languages()[0] == "en" and "zh-Hant" in declared_languages()


def test_a_knowledge_base_reads_the_languages_its_manifest_declares(kb_copy):
    declare(kb_copy, "languages: [zh-Hant, en]")
    assert declared_languages(kb_copy) == ("zh-Hant", "en")
    assert read_knowledge_base(kb_copy).languages == ("zh-Hant", "en")


def test_without_a_manifest_a_knowledge_base_is_in_english(kb_copy):
    (kb_copy / "rules" / "manifest.yaml").unlink()
    assert declared_languages(kb_copy) == ("en",)


@pytest.mark.parametrize("where", ["before", "after"])
def test_lang_offers_the_knowledge_bases_languages_first_the_default(kb_copy, run_cli, where):
    declare(kb_copy, "languages: [zh-Hant, en]")
    args = ["--kb", str(kb_copy), "recommend", "--help"] if where == "before" else \
        ["recommend", "--kb", str(kb_copy), "--help"]
    shown = run_cli(*args).output
    assert "--lang [zh-Hant|en]" in shown
    assert "[default: zh-Hant]" in shown
    result = run_cli("--kb", str(kb_copy), "recommend", "--age", "40", "--sex", "male")
    assert result.exit_code == 0, result.output
    assert "每日建議量" in result.output  # the first declared language is the default


def test_a_language_the_knowledge_base_does_not_declare_is_refused_in_one_line(kb_copy, run_cli):
    declare(kb_copy, "languages: [en]")
    for args in (["--kb", str(kb_copy), "recommend", "--age", "40", "--lang", "zh-Hant"],
                 ["rules", "list", "--kb", str(kb_copy), "--lang", "zh-Hant"],
                 ["why", "k2", "--kb", str(kb_copy), "--lang", "zh-Hant"]):
        result = run_cli(*args)
        assert result.exit_code == 2
        assert result.stderr.strip().count("\n") == 0
        assert "'zh-Hant' is not 'en'" in result.stderr or "'zh-Hant' is not one of 'en'" in result.stderr
    english = run_cli("--kb", str(kb_copy), "recommend", "--age", "40", "--sex", "male")
    assert english.exit_code == 0, english.output
    assert "Daily amounts" in english.output
    assert run_cli("recommend", "--age", "40", "--lang", "zh-Hant").exit_code == 0  # the shipped one still has it


def test_batch_offers_the_knowledge_bases_languages(kb_copy, run_cli):
    declare(kb_copy, "languages: [en]")
    assert "--lang [en]" in run_cli("batch", "--kb", str(kb_copy), "--help").output


@pytest.mark.parametrize(("line", "problem"), [
    ("languages: [en, 'en us']", "'en us' is not a language tag"),
    ("languages: [en, en]", "'en' is declared twice"),
    ("languages: []", "must be a list of one language or more"),
    ("languages: en", "must be a list of one language or more"),
])
def test_a_bad_languages_declaration_is_one_line_naming_the_manifest(kb_copy, run_cli, line, problem):
    declare(kb_copy, line)
    with pytest.raises(KnowledgeBaseError) as caught:
        declared_languages(kb_copy)
    assert caught.value.path == "rules/manifest.yaml" and caught.value.line == 6
    result = run_cli("--kb", str(kb_copy), "recommend", "--age", "40")
    assert result.exit_code == 2
    assert result.stderr.startswith("bonekb: rules/manifest.yaml:6:")
    assert problem in result.stderr and result.stderr.strip().count("\n") == 0


def _add_language(node, new: str, copied_from: str):
    """Every text worded in `copied_from` also worded in `new` (its words copied, for the test)."""
    if isinstance(node, dict):
        if copied_from in node and "zh-Hant" in node and isinstance(node[copied_from], str):
            node[new] = node[copied_from]
        for value in node.values():
            _add_language(value, new, copied_from)
    elif isinstance(node, list):
        for item in node:
            _add_language(item, new, copied_from)


def test_a_language_added_as_data_is_offered_and_spoken(kb_copy, run_cli):
    """A knowledge base declaring [en, fr] (fr's words copied from en, with one label changed): --lang
    offers fr, recommend speaks it, the audit finds its explanations; no Python involved."""
    import shutil

    import yaml

    declare(kb_copy, "languages: [en, fr]")
    for path in (kb_copy / "rules").rglob("*.yaml"):
        if path.name == "manifest.yaml":
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        _add_language(data, "fr", "en")
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copytree(kb_copy / "explanations" / "en", kb_copy / "explanations" / "fr")
    words = kb_copy / "explanations" / "fr" / "words.yaml"
    words.write_text(words.read_text(encoding="utf-8").replace('amounts: "Daily amounts"',
                                                               'amounts: "Apports quotidiens"'), encoding="utf-8")
    assert "--lang [en|fr]" in run_cli("--kb", str(kb_copy), "why", "--help").output
    result = run_cli("--kb", str(kb_copy), "recommend", "--age", "40", "--sex", "male", "--lang", "fr")
    assert result.exit_code == 0, result.output
    assert "\nApports quotidiens\n" in result.stdout
    assert run_cli("--kb", str(kb_copy), "recommend", "--age", "40", "--lang", "zh-Hant").exit_code == 2
    audit = run_cli("audit", str(kb_copy), "--select", "M007,S001,M003")
    assert audit.exit_code == 0, audit.output
