"""Languages are data: a fourth language is added to a copy of the knowledge base by writing data files
only (its catalog, its words in the rule files, one line of the manifest), and every command speaks it.

The made-up language is `zh-Hans-SG` (Simplified Chinese as written in Singapore): its catalog is the
shipped zh-Hans catalog with a few of its words changed, so the test can see that those words, and not
zh-Hans's, reach the reader. No Python file and no template is written or changed.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from bonekb.engine.languages import declared_languages

NEW = "zh-Hans-SG"
COPIED_FROM = "zh-Hans"
# Words of the new language that zh-Hans does not use, so the output shows which catalog spoke.
OWN_WORDS = {"words.yaml": [('amounts: "每日建议量"', 'amounts: "每日建议分量"'),
                            ("title: 钙、维生素D3、K2与K1：您的健康指导单",
                             "title: 钙、维生素D3、K2与K1：您的保健单张"),
                            ("title: 为什么需要$name？", "title: 为何需要$name？")],
             "pages.yaml": [("title: $name有什么作用？", "title: $name有啥作用？")]}
MESSAGE_OWN = ("您正在服用华法林（warfarin）", "您正在服用华法林（warfarin，新加坡）")

pytestmark = pytest.mark.skipif(COPIED_FROM not in declared_languages(),
                                reason=f"the shipped knowledge base does not declare {COPIED_FROM}")


def _add_language(node, where: str = "") -> None:
    """Every text worded in zh-Hans also worded in the new language (its words copied)."""
    if isinstance(node, dict):
        if isinstance(node.get(COPIED_FROM), str):
            node[NEW] = node[COPIED_FROM].replace(*MESSAGE_OWN)
        for value in node.values():
            _add_language(value)
    elif isinstance(node, list):
        for item in node:
            _add_language(item)


@pytest.fixture
def four_languages(kb_copy: Path) -> Path:
    """The shipped knowledge base with a fourth language, written as data: nothing else changes."""
    before = {p.relative_to(kb_copy) for p in kb_copy.rglob("*") if p.suffix in (".py", ".j2")}
    manifest = kb_copy / "rules" / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(re.sub(r"(?m)^languages: \[(.*)\]$", rf"languages: [\1, {NEW}]", text), encoding="utf-8")
    for path in (kb_copy / "rules").rglob("*.yaml"):
        if path.name != "manifest.yaml" and f"{COPIED_FROM}:" in path.read_text(encoding="utf-8"):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            _add_language(data)
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")
    shutil.copytree(kb_copy / "explanations" / COPIED_FROM, kb_copy / "explanations" / NEW)
    for name, changes in OWN_WORDS.items():
        path = kb_copy / "explanations" / NEW / name
        text = path.read_text(encoding="utf-8")
        for old, new in changes:
            assert old in text, f"{COPIED_FROM}'s {name} no longer has {old!r}: update this test's words"
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    after = {p.relative_to(kb_copy) for p in kb_copy.rglob("*") if p.suffix in (".py", ".j2")}
    assert after == before, "a language must be added without a Python file or a template"
    return kb_copy


def test_the_fourth_language_is_declared_and_offered(four_languages, run_cli):
    assert declared_languages(four_languages)[-1] == NEW
    assert f"--lang [{'|'.join(declared_languages(four_languages))}]" in \
        run_cli("--kb", str(four_languages), "why", "--help").output


def test_the_audit_passes_it_and_checks_its_catalog(four_languages, run_cli):
    audit = run_cli("--kb", str(four_languages), "audit", "--format", "json")
    assert audit.exit_code == 0, audit.output
    # ... and checks it: a text the new language lacks, and half-width punctuation in it, are errors
    words = four_languages / "explanations" / NEW / "words.yaml"
    text = words.read_text(encoding="utf-8")
    words.write_text(text.replace("    title: 为何需要$name？\n", "    title: 为何需要$name?\n", 1)
                     .replace("    case: 文章的论点\n", "", 1), encoding="utf-8")
    broken = run_cli("--kb", str(four_languages), "audit")
    assert broken.exit_code == 1
    assert re.search(rf"M003 \[error\].*'why\.case'.*{NEW}|M003 \[error\].*{NEW}.*'why\.case'", broken.output)
    assert re.search(rf"explanations/{NEW}/words\.yaml:\d+:\d+: M006 \[error\] half-width '\?'", broken.output)


def test_a_rule_text_missing_in_it_is_an_audit_error_at_its_line(four_languages, run_cli):
    path = four_languages / "rules" / "warnings.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["rules"][0]["then"]["warn"]["message"][NEW]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")
    audit = run_cli("--kb", str(four_languages), "audit")
    assert audit.exit_code == 1
    assert re.search(rf"rules/warnings\.yaml:\d+:\d+: S001 \[error\] rule '{data['rules'][0]['id']}', "
                     rf"then/warn/message: '{NEW}' is required", audit.output), audit.output


@pytest.mark.parametrize(("args", "own"), [
    (["why", "k2"], "为何需要维生素K2？"),
    (["recommend", "--age", "60", "--sex", "female", "--postmenopausal", "--medication", "warfarin"], "每日建议分量"),
    (["recommend", "--age", "60", "--medication", "warfarin"], "华法林（warfarin，新加坡）"),
    (["ask", "维生素K1有什么作用？"], "维生素K1有啥作用？"),
    (["explain", "--age", "60", "--sex", "female", "--postmenopausal"], "您的保健单张"),
    (["explain", "--age", "60", "--sex", "female", "--postmenopausal", "--format", "html"], "您的保健单张"),
    (["explain", "--age", "60", "--sex", "female", "--postmenopausal", "--format", "markdown"], "您的保健单张"),
])
def test_every_command_speaks_it(four_languages, run_cli, args, own):
    result = run_cli("--kb", str(four_languages), *args, "--lang", NEW)
    assert result.exit_code == 0, result.output
    assert own in result.stdout
    if "html" in args:
        assert f'lang="{NEW}"' in result.stdout


def test_json_output_names_it(four_languages, run_cli):
    data = run_cli.json("--kb", str(four_languages), "recommend", "--age", "60", "--medication", "warfarin",
                        "--lang", NEW)
    assert any("新加坡" in w["message"] for w in data["warnings"])


def test_batch_writes_its_messages(four_languages, run_cli, tmp_path):
    people = tmp_path / "people.csv"
    people.write_text("age,medications\n60,warfarin\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = run_cli("batch", str(people), "-o", str(out), "--kb", str(four_languages), "--lang", NEW)
    assert result.exit_code == 0, result.output
    assert "新加坡" in out.read_text(encoding="utf-8")
