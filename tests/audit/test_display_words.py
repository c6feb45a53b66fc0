"""M010: an id a reader meets without a word in a language's words.yaml reached the reader as the id
(engine/explain/words.py falls back to it silently): the audit names each one."""

from __future__ import annotations

import pytest
import yaml

from bonekb.engine.audit.displaywords import displayed_ids
from bonekb.engine.audit.runner import run_audit
from bonekb.engine.knowledge import read_knowledge_base


def _m010(root) -> list[str]:
    return [r.finding.message for r in run_audit(root, select=["M010"]).reported]


@pytest.mark.parametrize(("lang", "table", "ident"), [
    ("en", "facts", "sun_level"), ("zh-Hant", "values", "postmenopausal_women"), ("en", "values", "carbonate"),
    ("zh-Hant", "values", "vitamin_k_antagonist"), ("en", "nutrients", "k2"), ("zh-Hant", "facts", "taking_d3"),
    ("en", "values", "coral"), ("zh-Hant", "facts", "names_not_recognised"),
])
def test_a_missing_display_word_is_an_error_naming_table_language_and_id(kb_copy, lang, table, ident):
    words = kb_copy / "explanations" / lang / "words.yaml"
    data = yaml.safe_load(words.read_text(encoding="utf-8"))
    del data[table][ident]
    words.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert _m010(kb_copy) == [f"{table} has no word for {ident!r} in {lang}: a reader sees the id"]


def test_the_shipped_and_example_knowledge_bases_have_every_word():
    assert _m010(None) == []
    assert _m010("examples/iron") == []


def test_the_ids_checked_include_what_the_trace_shows():
    ids = displayed_ids(read_knowledge_base())
    assert {"sun_level", "group", "taking_calcium", "names_not_recognised"} <= set(ids["facts"])
    assert {"low", "older_adults", "true", "false", "kidney_stones", "carbonate", "coral"} <= set(ids["values"])


def test_an_id_the_check_names_is_shown_as_the_id_when_missing(kb_copy, run_cli):
    """What M010 guards against, as a reader meets it: the id in zh-Hant output."""
    words = kb_copy / "explanations" / "zh-Hant" / "words.yaml"
    words.write_text(words.read_text(encoding="utf-8").replace("  low: 日曬較少\n", ""), encoding="utf-8")
    shown = run_cli("recommend", "--kb", str(kb_copy), "--age", "40", "--lang", "zh-Hant").stdout
    assert "日曬：low" in shown
    assert _m010(kb_copy) == ["values has no word for 'low' in zh-Hant: a reader sees the id"]
