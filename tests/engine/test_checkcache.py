"""A knowledge base that passed the checks is not checked again at start-up, and any change to its
files (or to the checking code) makes it checked again: the cache never hides a broken rule file."""

from __future__ import annotations

import pytest

from bonekb.engine import validate
from bonekb.engine.errors import KnowledgeBaseError
from bonekb.engine.validate import load_knowledge_base


def _count_checks(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = validate.structural_findings

    def counting(kb):
        calls.append(1)
        return real(kb)
    monkeypatch.setattr(validate, "structural_findings", counting)
    return calls


def test_a_passed_knowledge_base_is_checked_once(kb_copy, cache_dir, monkeypatch):
    calls = _count_checks(monkeypatch)
    first = load_knowledge_base(kb_copy)
    second = load_knowledge_base(kb_copy)
    assert len(calls) == 1
    assert len(list((cache_dir / "checked").iterdir())) == 1
    assert [r.id for r in first.rules] == [r.id for r in second.rules]


def test_a_changed_rule_file_is_checked_again_and_its_error_reported(kb_copy, cache_dir, monkeypatch):
    calls = _count_checks(monkeypatch)
    load_knowledge_base(kb_copy)
    table = kb_copy / "rules" / "table.yaml"
    table.write_text(table.read_text(encoding="utf-8").replace("sources: [TABLE-ADULT]", "sources: [NO-SUCH-CLAIM]", 1),
                     encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="S004"):
        load_knowledge_base(kb_copy)
    with pytest.raises(KnowledgeBaseError, match="S004"):  # a failure is never remembered
        load_knowledge_base(kb_copy)
    assert len(calls) == 3


def test_no_cache_when_turned_off(kb_copy, cache_dir, monkeypatch):
    monkeypatch.setenv("BONEKB_NO_CACHE", "1")
    calls = _count_checks(monkeypatch)
    load_knowledge_base(kb_copy)
    load_knowledge_base(kb_copy)
    assert len(calls) == 2
    assert not cache_dir.exists()


def test_an_unwritable_cache_is_no_cache(kb_copy, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("BONEKB_CACHE_DIR", str(blocker / "cache"))
    monkeypatch.delenv("BONEKB_NO_CACHE", raising=False)
    calls = _count_checks(monkeypatch)
    load_knowledge_base(kb_copy)
    load_knowledge_base(kb_copy)
    assert len(calls) == 2
