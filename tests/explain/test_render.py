"""Markdown to terminal text and to HTML: markup reduced to words, raw HTML never passed through."""

from __future__ import annotations

from bonekb.engine.explain.render import markdown_to_html, markdown_to_text


def test_text_keeps_the_words_and_drops_the_markup():
    text = markdown_to_text("# Title\n\nSome *soft* and **strong** `code` [K2-1]\n\n## Part\n\n"
                            "1. first\n2. second\n\n- a [link](https://example.org)\n\n> quoted\n")
    assert text == ("Title\n=====\n\nSome soft and strong code [K2-1]\n\nPart\n----\n\n"
                    "1. first\n2. second\n\n- a link (https://example.org)\n\n  │ quoted\n")


def test_long_lines_wrap_and_list_items_hang():
    text = markdown_to_text("- " + "word " * 40)
    lines = text.splitlines()
    assert len(lines) > 1 and all(len(line) <= 88 for line in lines)
    assert lines[0].startswith("- word") and lines[1].startswith("  word")


def test_chinese_headings_are_underlined_for_double_width():
    assert markdown_to_text("## 您的情況").splitlines()[1] == "-" * 8


def test_html_escapes_raw_html():
    html = markdown_to_html("<script>alert(1)</script> and <b>bold</b>")
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>" not in html


def test_chinese_text_wraps_by_display_width_between_characters():
    from wcwidth import wcswidth

    paragraph = ("參考資料為鈣訂有每日建議攝取量（RDA），依年齡與性別而不同。[REF-IOM-2011, REF-ODS-CA] "
                 "隨機數據還表明，補充鈣會顯著增加心血管疾病（CVD）和冠心病（CHD）的風險。") * 3
    lines = markdown_to_text("- " + paragraph).splitlines()
    assert len(lines) > 2
    assert all(wcswidth(line) <= 88 for line in lines)
    assert all(wcswidth(line) >= 70 for line in lines[:-1])                # full lines, not early breaks
    assert not any(line.strip()[0] in "）」』。，、；：！？" for line in lines)  # no line starts with a closing mark
    assert not any(line.rstrip().endswith(("（", "「")) for line in lines)
    assert "REF-IOM-2011," in "\n".join(lines) and "REF-ODS-CA]" in "\n".join(lines)  # ids are never split
    assert "".join(line[2:] for line in lines).replace(" ", "") == paragraph.replace(" ", "")
