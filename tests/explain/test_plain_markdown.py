"""The templates' plain Markdown read without markdown-it (start-up) gives the text markdown-it's
tokens give: over generated Markdown that mixes the plain forms with everything else, and over every
golden file; what the reader is not sure of goes to markdown-it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bonekb.engine.explain import plainmarkdown, render

GOLDEN = Path(__file__).parent / "golden"

WORDS = ["calcium", "K2", "MK-7", "鈣", "維生素D3", "800–1000", "IU", "µg", "[DOSE-4]", "[REF-ODS-K, REF-IOM-2011]",
         "(the article hedges this)", "（提示）", "：", "，", "。", "、", ",", ".", ":", ";", "!", "?", "+", "$", "°",
         "“quoted”", "'", '"', "`code`", "`x`", "` y `", "`", "``a``", "*", "**", "***", " ", "  ", "\u3000",
         "\u00a0", "1.", "2)", "-", "#", "_", "__", "=", "&amp;", "&", "<b>", ">", "\\*", "\\", "[x](y)",
         "[x]: y", "[x]", "~", "~~", "|", "![i](j)", "\t", "e.g.", "1500", "—", "…", "\u2028", "A", "b"]
PREFIXES = ["", "", "", "- ", "- ", "# ", "## ", "### ", "####### ", "1. ", "2) ", "  ", "    ", "> ", "* ", "+ ",
            "-", "#", "[", "---", "***", "===", "- - -", "-  ", "```", "~~~", "| a | b |"]


def _line(prefix: str, words: list[str]) -> str:
    return prefix + "".join(words)


LINE = st.builds(_line, st.sampled_from(PREFIXES), st.lists(st.sampled_from(WORDS), max_size=8))
# Plain lines more often, so that the reader's own path is exercised, not only its refusals.
PLAIN_WORD = st.sampled_from(["calcium", "K2", "鈣", "800–1000 IU", "[DOSE-4]", "（提示）", "：", ", ", ". ", " ",
                              "**bold**", "*em*", "`code`", "**粗體**", "*（注意）*", "(x)", "“q”"])
PLAIN_LINE = st.builds(_line, st.sampled_from(["", "", "- ", "# ", "## ", "1. ", "2. ", "10. ", "01. "]),
                       st.lists(PLAIN_WORD, max_size=8))
MARKDOWN = st.lists(st.one_of(LINE, PLAIN_LINE, PLAIN_LINE, st.just("")), max_size=12).map("\n".join)


def _full(markdown: str, monkeypatch: pytest.MonkeyPatch) -> str:
    with monkeypatch.context() as patch:
        patch.setattr(plainmarkdown, "tokens", lambda _markdown: None)
        return render.markdown_to_text(markdown)


def _shape(tokens: list) -> list[tuple]:
    """What render reads of block tokens: their types and tags, and each inline token's text."""
    return [(t.type, t.tag, render._inline_text(t) if t.type == "inline" else "") for t in tokens]


@settings(max_examples=1500, deadline=None)
@given(MARKDOWN)
def test_the_plain_reading_is_markdown_its(markdown):
    plain = plainmarkdown.tokens(markdown)
    if plain is not None:
        full = render._parser().parse(markdown)
        assert _shape(plain) == _shape(full)
        assert render.text_of(plain) == render.text_of(full)


@pytest.mark.parametrize("path", sorted(GOLDEN.glob("*/*.md")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden_markdown_gives_the_same_text(path, monkeypatch):
    markdown = path.read_text(encoding="utf-8")
    assert render.markdown_to_text(markdown) == _full(markdown, monkeypatch)


@pytest.mark.parametrize("name", ["why-k2.md", "why-calcium.md", "ask-how_much.md", "ask-too_much.md",
                                  "ask-interactions.md"])
@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_the_general_answers_need_no_markdown_parser(name, lang):
    """What `why k2` and `ask` write without a person is read here: markdown-it is not imported."""
    assert plainmarkdown.tokens((GOLDEN / lang / name).read_text(encoding="utf-8")) is not None


@pytest.mark.parametrize("markdown", ["a\\*b", "[x](https://e.org)", "| a | b |\n|---|---|", "2) one", "  - nested",
                                      "> quote", "a  \nb", "***", "a *b", "a**b*", "&amp;", "<b>x</b>",
                                      "[x]: /url\n\n[x]", "```\ncode\n```", "text\n===", "- - -",
                                      "text\n2. more", "- item\n1. numbered", "1. item\n- bullet", "1.  two spaces",
                                      "1. item\n   indented"])
def test_other_markdown_is_left_to_markdown_it(markdown, monkeypatch):
    assert plainmarkdown.tokens(markdown) is None
    assert render.markdown_to_text(markdown) == _full(markdown, monkeypatch)
