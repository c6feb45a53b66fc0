"""Safe YAML with positions: every value knows its file:line:col, and broken or unsafe YAML is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonekb.engine.errors import KnowledgeBaseError
from bonekb.engine.yamlsource import Position, load_yaml, parse_yaml

TEXT = """\
rules:
  - id: first
    when: {fact: age, below: 4}
    sources: [DOSE-1, TEAM-1]
  - id: second
"""


def test_positions_are_one_based_line_and_column():
    doc = parse_yaml(TEXT, "rules/x.yaml")
    assert doc.data["rules"][0]["sources"] == ["DOSE-1", "TEAM-1"]
    assert doc.position(("rules", 0, "id")) == Position("rules/x.yaml", 2, 9)
    assert doc.position(("rules", 0, "when", "below")) == Position("rules/x.yaml", 3, 30)
    assert doc.position(("rules", 0, "sources", 1)) == Position("rules/x.yaml", 4, 23)
    assert doc.position(("rules", 1)) == Position("rules/x.yaml", 5, 5)
    assert str(doc.position(("rules", 1, "id"))) == "rules/x.yaml:5:9"


def test_a_missing_path_falls_back_to_its_nearest_parent():
    doc = parse_yaml(TEXT, "x.yaml")
    assert doc.position(("rules", 0, "then", "recommend")) == doc.position(("rules", 0))
    assert doc.position(("rules", 7)) == doc.position(("rules",))
    assert doc.position(()) == Position("x.yaml", 1, 1)


def test_an_empty_file():
    doc = parse_yaml("", "empty.yaml")
    assert doc.data is None and doc.position(("rules",)) == Position("empty.yaml", 1, 1)


@pytest.mark.parametrize(("text", "line", "column", "words"), [
    ("rules:\n  - id: a\n    title: x\n    title: y\n", 4, 5, ["duplicate key 'title'"]),
    ("a: 1\nb:\n  c: 1\n  c: 2\n", 4, 3, ["duplicate key 'c'"]),
    ("a: 1\na: 2\n", 2, 1, ["duplicate key 'a'"]),
    ("rules:\n  - id: [a\n  - id: b\n", None, None, ["YAML syntax"]),
    ('a: "open\n', None, None, ["YAML syntax"]),
    ("a: 1\n b: 2\n", 2, None, ["YAML syntax"]),
    ("a: *nowhere\n", 1, 4, ["YAML syntax", "alias"]),
    ("a: !!python/object/apply:os.system [echo hi]\n", 1, 4, ["YAML syntax", "constructor"]),
])
def test_broken_yaml_names_file_line_and_column(text, line, column, words):
    with pytest.raises(KnowledgeBaseError) as caught:
        parse_yaml(text, "rules/bad.yaml")
    err = caught.value
    assert err.path == "rules/bad.yaml"
    assert err.line is not None and err.column is not None
    if line is not None:
        assert err.line == line
    if column is not None:
        assert err.column == column
    message = str(err)
    assert message.startswith(f"rules/bad.yaml:{err.line}:{err.column}: ")
    for word in words:
        assert word in message


def test_unsafe_tags_never_run(tmp_path: Path):
    marker = tmp_path / "ran"
    with pytest.raises(KnowledgeBaseError):
        parse_yaml(f"a: !!python/object/apply:pathlib.Path.touch [!!python/object/apply:pathlib.Path ['{marker}']]\n",
                   "evil.yaml")
    assert not marker.exists()


def test_load_yaml_names_unreadable_files(tmp_path: Path):
    with pytest.raises(KnowledgeBaseError, match=r"rules/none\.yaml: cannot read"):
        load_yaml(tmp_path / "none.yaml", "rules/none.yaml")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("a: caf\xe9\n".encode("latin-1"))
    with pytest.raises(KnowledgeBaseError, match="not UTF-8"):
        load_yaml(latin)
    good = tmp_path / "good.yaml"
    good.write_text("a: 鈣\n", encoding="utf-8")
    assert load_yaml(good).data == {"a": "鈣"} and load_yaml(good).path == str(good)
