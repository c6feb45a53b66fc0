"""A broken rule file is refused with its file, line, column and the problem, in the API and on the command line.

Each case edits one line of a copy of the shipped knowledge base (the `kb_copy` fixture).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bonekb.engine.errors import KnowledgeBaseError
from bonekb.engine.languages import declared_languages
from bonekb.engine.validate import firing_order, load_knowledge_base, rule_dependencies, structural_findings

# A rule text worded in every language the shipped manifest declares (a language is added as data).
WORDED = "{" + ", ".join(f"{lang}: n" for lang in declared_languages()) + "}"


TABLE = "rules/table.yaml"
CHILDREN_WHEN = "when: {fact: group, equals: children}\n    overrides: [advice.dose3]"


def _edit(root: Path, relative: str, old: str, new: str) -> int:
    """Replace the first `old` with `new`; return the 1-based line where `new` starts."""
    path = root / relative
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old):], encoding="utf-8")
    return text.count("\n", 0, at) + 1


def _col(line_text: str, needle: str) -> int:
    return line_text.index(needle) + 1


# (name, old text, new text, the code or words in the problem, the column of the value named: a
# needle inside `new`, or None when only the line is fixed)
CASES = [
    ("unknown operator", CHILDREN_WHEN, CHILDREN_WHEN.replace("equals", "equal"), ["S001", "equal"], "{fact"),
    ("unknown fact", CHILDREN_WHEN, CHILDREN_WHEN.replace("group", "groop"), ["S003", "groop"], "{fact"),
    ("type mismatch", CHILDREN_WHEN, CHILDREN_WHEN.replace("children", "kids"), ["S006", "kids"], "{fact"),
    ("negation on a derived fact", CHILDREN_WHEN,
     CHILDREN_WHEN.replace("{fact: group, equals: children}", "{not: {fact: group, equals: teens}}"),
     ["S007", "group", "overrides"], "{not"),
    ("unknown source", "sources: [TABLE-CHILD]", "sources: [TABLE-KID]", ["S004", "TABLE-KID"], "TABLE-KID"),
    ("no source", "sources: [TABLE-CHILD]", "sources: []", ["T001", "table.children"], "[]"),
    ("unknown override", "overrides: [advice.dose3]", "overrides: [advice.dose33]", ["S005", "advice.dose33"],
     "advice.dose33"),
    ("unit", "{nutrient: k2, kind: supplement, min: 15, max: 30, unit: ug}",
     "{nutrient: k2, kind: supplement, min: 15, max: 30, unit: mg}", ["S009", "written in µg, not mg"], None),
    ("min above max", "{nutrient: k2, kind: supplement, min: 15, max: 30, unit: ug}",
     "{nutrient: k2, kind: supplement, min: 35, max: 30, unit: ug}", ["S009", "min 35"], "{nutrient"),
    ("duplicate id", "- id: table.teens\n", "- id: table.children\n", ["S002", "table.children", "first at"], "table"),
    ("duplicate YAML key", "    sources: [TABLE-CHILD]\n", "    sources: [TABLE-CHILD]\n    sources: [TABLE-TEEN]\n",
     ["duplicate key 'sources'"], None),
    ("YAML syntax", "sources: [TABLE-CHILD]\n", "sources: [TABLE-CHILD\n", ["YAML syntax"], None),
    ("schema: unknown outcome", "    then:\n      recommend:", "    then:\n      recomend:", ["S001", "recomend"],
     None),
]


@pytest.mark.parametrize(("old", "new", "words", "needle"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_broken_rule_file_is_named_with_line_and_column(kb_copy, run_cli, old, new, words, needle):
    line = _edit(kb_copy, TABLE, old, new)
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(kb_copy)
    err = caught.value
    assert err.path == TABLE
    new_lines = new.count("\n")
    if words == ["duplicate key 'sources'"]:
        assert (err.line, err.column) == (line + 1, 5)   # the second key
    elif words == ["YAML syntax"]:
        assert line <= err.line <= line + 2
    else:
        assert line <= err.line <= line + new_lines, (err.line, line)
    if needle is not None:
        edited = (kb_copy / TABLE).read_text(encoding="utf-8").splitlines()[err.line - 1]
        assert err.column == _col(edited, needle), (edited, err.column)
    for word in words:
        assert word in err.problem, err.problem
    assert str(err).startswith(f"{TABLE}:{err.line}:{err.column}: ")
    # The command line: one line naming the same place and problem, exit 2, no traceback.
    for args in (["recommend", "--age", "35"], ["rules", "list"], ["claims", "show", "DOSE-1"]):
        result = run_cli(*args, "--kb", str(kb_copy))
        assert result.exit_code == 2, (args, result.output)
        assert result.stdout == ""
        assert result.stderr.splitlines() == [f"bonekb: {err}"]
        assert "Traceback" not in result.stderr


def test_a_cycle_in_overrides_is_named(kb_copy, run_cli):
    _edit(kb_copy, TABLE, "overrides: [advice.dose3]\n    then:\n      recommend:\n"
          "        - {nutrient: calcium, kind: total_intake, min: 1000, max: 1200",
          "overrides: [advice.dose3, table.postmenopausal]\n    then:\n      recommend:\n"
          "        - {nutrient: calcium, kind: total_intake, min: 1000, max: 1200")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(kb_copy)
    err = caught.value
    assert err.path == TABLE and err.line and err.column
    edited = (kb_copy / TABLE).read_text(encoding="utf-8").splitlines()[err.line - 1]
    assert edited.strip() in ("- id: table.adults", "- id: table.postmenopausal"), edited   # a rule on the cycle
    assert "S008" in err.problem and "cycle" in err.problem
    assert err.problem.endswith(": table.adults, table.postmenopausal")   # only the rules on the cycle
    result = run_cli("recommend", "--age", "35", "--kb", str(kb_copy))
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1 and "S008" in result.stderr


def test_a_rule_file_in_a_subfolder_is_checked_too(kb_copy):
    sub = kb_copy / "rules" / "extra"
    sub.mkdir()
    (sub / "more.yaml").write_text("rules:\n  - id: extra.one\n    title: t\n    sources: [NOPE-1]\n"
                                   "    then: {note: " + WORDED + "}\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(kb_copy)
    assert (caught.value.path, caught.value.line, caught.value.column) == ("rules/extra/more.yaml", 4, 15)


def test_missing_and_malformed_special_files(kb_copy, tmp_path):
    with pytest.raises(KnowledgeBaseError, match="no rules/ folder"):
        load_knowledge_base(tmp_path / "nowhere")
    manifest = kb_copy / "rules" / "manifest.yaml"
    shipped = manifest.read_text(encoding="utf-8")
    manifest.write_text("- version\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="must be a mapping") as caught:
        load_knowledge_base(kb_copy)
    assert (caught.value.path, caught.value.line) == ("rules/manifest.yaml", 1)
    manifest.write_text(shipped, encoding="utf-8")
    (kb_copy / "rules" / "vocabulary.yaml").write_text("nutrients: {}\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as caught:
        load_knowledge_base(kb_copy)
    assert caught.value.path == "rules/vocabulary.yaml"
    (kb_copy / "rules" / "claims.yaml").unlink()
    with pytest.raises(KnowledgeBaseError):
        load_knowledge_base(kb_copy)


def test_the_shipped_knowledge_base_has_no_structural_error(kb):
    assert [f for f in structural_findings(kb) if f.severity == "error"] == []


def test_firing_order_puts_every_rule_after_what_it_depends_on(kb):
    order = firing_order(kb)
    assert order is not None
    place = {rule_id: i for i, rule_id in enumerate(order)}
    for rule_id, before in rule_dependencies(kb).items():
        for other in before:
            assert place[other] < place[rule_id], (other, rule_id)
    # Overriding rules fire before those they override; derivations before their readers.
    assert place["table.postmenopausal"] < place["table.adults"] < place["advice.dose3"]
    assert place["group.adults"] < place["table.adults"]


@pytest.mark.parametrize(("old", "new", "problem"), [
    ("  no-diet-text:", "  no-diet-texts:", "'no-diet-text' is a required property"),
    ('    zh-Hant: "另有飲食中的 $diet $unit"', "", "'zh-Hant' is a required property"),
])
def test_a_message_the_engine_composes_must_be_there_in_every_language(kb_copy, run_cli, old, new, problem):
    _edit(kb_copy, "rules/messages.yaml", old, new)
    with pytest.raises(KnowledgeBaseError, match=problem) as caught:
        load_knowledge_base(kb_copy)
    assert caught.value.path == "rules/messages.yaml" and caught.value.line is not None
    result = run_cli("recommend", "--age", "70", "--diet-calcium", "2500", "--kb", str(kb_copy))
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "rules/messages.yaml:" in result.stderr and problem in result.stderr


def test_a_message_citing_an_unknown_source_is_s004_at_its_place(kb_copy, run_cli):
    line = _edit(kb_copy, "rules/messages.yaml", "sources: [DOSE-1]", "sources: [DOSE-99]")
    with pytest.raises(KnowledgeBaseError, match="S004 message 'taking-above-recommended' cites 'DOSE-99'") as caught:
        load_knowledge_base(kb_copy)
    assert (caught.value.path, caught.value.line) == ("rules/messages.yaml", line)
