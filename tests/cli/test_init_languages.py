"""`bonekb init --lang`: a new knowledge base declares the languages its author will write (English
alone by default), with each one's explanations and catalogs and no text in another, and passes
`audit` and `test` for every set of languages init accepts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bonekb.engine.starter import init_languages, without_languages

LANGUAGE_SETS = [("en",), ("zh-Hant",), ("zh-Hans",), ("en", "zh-Hans"), ("zh-Hans", "en", "zh-Hant")]


def _init(run_cli, target: Path, *languages: str):
    return run_cli("init", str(target), *[arg for lang in languages for arg in ("--lang", lang)])


def _language_keys(data: Any, where: str = "") -> list[str]:
    """Where a mapping in `data` has a language tag init knows as a key."""
    found = []
    if isinstance(data, dict):
        found += [f"{where}.{key}" for key in data if key in init_languages()]
        for key, value in data.items():
            found += _language_keys(value, f"{where}.{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _language_keys(value, f"{where}[{index}]")
    return found


def test_init_offers_the_languages_its_skeleton_declares():
    assert init_languages() == ("en", "zh-Hant", "zh-Hans")


@pytest.mark.parametrize("languages", LANGUAGE_SETS, ids="+".join)
def test_a_knowledge_base_in_any_set_of_languages_passes_audit_and_test(tmp_path, run_cli, languages):
    target = tmp_path / "kb"
    made = _init(run_cli, target, *languages)
    assert made.exit_code == 0, made.output
    assert f"in {', '.join(languages)}" in made.output
    manifest = yaml.safe_load((target / "rules" / "manifest.yaml").read_text(encoding="utf-8"))
    assert tuple(manifest["languages"]) == languages
    folders = sorted(p.name for p in (target / "explanations").iterdir() if p.is_dir())
    assert folders == sorted(languages)
    for lang in languages:
        names = sorted(p.name for p in (target / "explanations" / lang).iterdir())
        assert names == sorted(["calcium.md.j2", "d3.md.j2", "help.md.j2", "intents.yaml", "k1.md.j2", "k2.md.j2",
                                "words.yaml"])
    left_out = {lang for lang in init_languages() if lang not in languages}
    for path in sorted((target / "rules").rglob("*.yaml")):
        if path.name == "claims.yaml":  # a claim's `en` is its English wording, in every knowledge base
            continue
        found = [key for key in _language_keys(yaml.safe_load(path.read_text(encoding="utf-8")))
                 if key.rsplit(".", 1)[1] in left_out]
        assert found == [], (path.name, found[:3])
    audit = run_cli("--kb", str(target), "audit")
    assert audit.exit_code == 0 and audit.output.startswith("0 errors, 0 warnings, 0 info"), audit.output
    tested = run_cli("--kb", str(target), "test", "--require-coverage")
    assert tested.exit_code == 0 and "scenarios: 3 passed, 0 failed" in tested.output, tested.output


@pytest.mark.parametrize("languages", LANGUAGE_SETS, ids="+".join)
def test_each_language_answers_and_the_first_is_the_default(tmp_path, run_cli, one_line_refusal, languages):
    target = tmp_path / "kb"
    assert _init(run_cli, target, *languages).exit_code == 0
    lead = {"en": "Vitamin K2 is one form of vitamin K.", "zh-Hant": "維生素K2是維生素K的一種。",
            "zh-Hans": "维生素K2是维生素K的一种。"}
    assert lead[languages[0]] in run_cli("--kb", str(target), "why", "k2").output
    for lang in languages:
        why = run_cli("--kb", str(target), "why", "k2", "--lang", lang)
        assert why.exit_code == 0 and lead[lang] in why.output, why.output
        intents = yaml.safe_load((target / "explanations" / lang / "intents.yaml").read_text(encoding="utf-8"))
        asked = run_cli("--kb", str(target), "ask", intents["intents"][0]["example"], "--lang", lang)
        assert asked.exit_code == 0 and lead[lang] in asked.output, asked.output
    other = next(lang for lang in init_languages() if lang not in languages) if len(languages) < 3 else None
    if other is not None:
        one_line_refusal(run_cli("--kb", str(target), "why", "k2", "--lang", other), "--lang", other)


def test_english_alone_by_default(tmp_path, run_cli):
    made = run_cli("init", str(tmp_path / "kb"))
    assert made.exit_code == 0, made.output
    manifest = yaml.safe_load((tmp_path / "kb" / "rules" / "manifest.yaml").read_text(encoding="utf-8"))
    assert manifest["languages"] == ["en"]
    assert sorted(p.name for p in (tmp_path / "kb" / "explanations").iterdir() if p.is_dir()) == ["en"]


@pytest.mark.parametrize(("languages", "said"), [
    (("fr",), "--lang: 'fr' is not a language init can write; accepted: en, zh-Hant, zh-Hans"),
    (("en", "zh-hant"), "--lang: 'zh-hant' is not a language init can write"),
    (("en", "zh-Hant", "en"), "--lang: 'en' is given twice; accepted: en, zh-Hant, zh-Hans"),
    (("en\x1b[2J",), "'en\\x1b[2J' is not a language"),
])
def test_a_language_init_cannot_write_is_refused_before_anything_is_written(tmp_path, run_cli, one_line_refusal,
                                                                           languages, said):
    one_line_refusal(_init(run_cli, tmp_path / "kb", *languages), said)
    assert list(tmp_path.iterdir()) == []


def test_the_groups_output_language_is_not_taken_for_the_new_knowledge_bases(tmp_path, run_cli, one_line_refusal):
    line = one_line_refusal(run_cli("--lang", "zh-Hant", "init", str(tmp_path / "kb")), "'init'")
    assert "its own --lang, after its name, names the languages" in line
    assert list(tmp_path.iterdir()) == []


# --- dropping the texts of the languages left out, over texts as people write them ------------------

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40)
_MESSAGES = st.dictionaries(st.from_regex(r"[a-z][a-z0-9-]{0,12}", fullmatch=True),
                            st.fixed_dictionaries({lang: _TEXT for lang in ("en", "zh-Hant", "zh-Hans")},
                                                  optional={"sources": st.just(["DOSE-1"])}),
                            min_size=1, max_size=5)


@settings(max_examples=200, deadline=None)
@given(_MESSAGES, st.sets(st.sampled_from(["en", "zh-Hant", "zh-Hans"]), max_size=2), st.booleans())
def test_the_texts_left_out_are_dropped_and_the_rest_kept_exactly(messages, left_out, flow):
    text = yaml.safe_dump({"messages": messages}, allow_unicode=True, sort_keys=False, width=10**6,
                          default_flow_style=None if flow else False)
    kept = yaml.safe_load(without_languages(text, left_out))
    assert kept == {"messages": {key: {k: v for k, v in entry.items() if k not in left_out}
                                 for key, entry in messages.items()}}


def test_a_text_written_over_several_lines_is_dropped_whole():
    text = ("rules:\n  - id: a\n    then:\n      note:\n        en: >-\n          one\n          two\n"
            "        zh-Hant: |\n          三\n\n          四\n        zh-Hans: \"五\"\n    rationale: x\n")
    assert yaml.safe_load(without_languages(text, ["zh-Hant"])) == {
        "rules": [{"id": "a", "then": {"note": {"en": "one two", "zh-Hans": "五"}}, "rationale": "x"}]}
