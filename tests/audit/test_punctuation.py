"""M006 and engine/punctuation.py: half-width marks beside Chinese text, where a zh-Hant reader meets them."""

from __future__ import annotations

import pytest

from bonekb.engine.audit.runner import run_audit
from bonekb.engine.punctuation import mask, misplaced_marks, to_full_width


@pytest.mark.parametrize(("text", "marks"), [
    ("您好,請注意", [","]),
    ("高血鈣 (hypercalcaemia) 時", ["(", ")"]),            # brackets beside Chinese text, English inside
    ("（如 Xenical, Alli）", []),                            # a comma between English words stays
    ("[REF-IOM-2001, REF-ODS-K]", []),
    ("**您提供的資料**:年齡", [":"]),                         # Markdown emphasis is looked through
    ("每日 500 mg (約 40%)", ["(", ")"]),                    # a bracket pair around Chinese text
    ("11:00 到 14:00", []),
])
def test_misplaced_marks(text, marks):
    assert [text[i] for i in misplaced_marks(text)] == marks


def test_masking_keeps_jinja_and_code_spans_out_and_positions_in():
    text = '您好{{ f(1, 2) }}，請執行 `bonekb ask "K2?"`:'
    masked = mask(text)
    assert len(masked) == len(text) and "f(1, 2)" not in masked and "K2?" not in masked
    assert to_full_width(text) == '您好{{ f(1, 2) }}，請執行 `bonekb ask "K2?"`：'


def _m006(kb_copy):
    return [r.finding for r in run_audit(kb_copy, select=["M006"]).reported]


def test_the_shipped_knowledge_base_has_none():
    assert [str(r.finding) for r in run_audit(select=["M006"]).reported] == []


def test_a_template_line_is_found_and_its_jinja_is_not(kb_copy):
    """A language's own template (which wins over the shared one) is checked as its catalog is."""
    shared = kb_copy / "explanations" / "help.md.j2"
    path = kb_copy / "explanations" / "zh-Hant" / "help.md.j2"
    path.write_text(shared.read_text(encoding="utf-8") + '\n{{ ", ".join(x) }}請注意:這一行\n', encoding="utf-8")
    found = _m006(kb_copy)
    line = path.read_text(encoding="utf-8").count("\n")
    assert [(f.path, f.line) for f in found] == [("explanations/zh-Hant/help.md.j2", line)]
    assert "use '：'" in found[0].message


def test_a_words_file_value_with_placeholders_is_found(kb_copy):
    path = kb_copy / "explanations" / "zh-Hant" / "words.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('actual: "您的資料為 $fact：$value"', 'actual: "您的資料為 $fact:$value"'),
                    encoding="utf-8")
    found = _m006(kb_copy)
    assert [f.path for f in found] == ["explanations/zh-Hant/words.yaml"] and "':'" in found[0].message


def test_a_catalog_text_is_found(kb_copy):
    path = kb_copy / "explanations" / "zh-Hant" / "words.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("it_is_for_when: 它需要", "it_is_for_when: 它:需要"), encoding="utf-8")
    found = _m006(kb_copy)
    assert [f.path for f in found] == ["explanations/zh-Hant/words.yaml"] and "':'" in found[0].message


def test_the_articles_quotes_are_verbatim_and_not_checked(kb, kb_copy):
    assert any(":" in q or "," in q for c in kb.claims.values() for q in c.get("quote", []))
    assert _m006(kb_copy) == []
