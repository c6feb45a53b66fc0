"""Person-given text is text (issue 10, class 6): what a person typed never becomes markup.

A medication, condition or supplement name is echoed in the handout; in Markdown and HTML it must
read as the characters typed (no remote image, no live link, no raw HTML), and in terminal text
its control characters (ESC, U+202E) are shown escaped. The HTML page forbids fetching anything.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from bonekb.cli.main import cli

IMAGE = "![x](http://evil.example/t.png)"
LINK = "[text](https://evil.example/page)"
RAW_HTML = "<img src=http://evil.example/raw.png>"
PERSON = ["--age", "60", "--sex", "female", "--postmenopausal"]


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def markdown_tokens(markdown: str) -> list[str]:
    """Every inline token type CommonMark reads in the Markdown (image, link_open, html_inline ...)."""
    parser = MarkdownIt("commonmark")
    return [child.type for token in parser.parse(markdown) for child in token.children or []]


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
@pytest.mark.parametrize("option", ["--medication", "--condition"])
def test_an_image_a_person_typed_is_not_an_image(option, lang):
    html = run("explain", *PERSON, option, IMAGE, "--format", "html", "--lang", lang)
    assert "<img" not in html and 'src="http://evil' not in html
    assert "![x](http://evil.example/t.png)" in html  # shown as typed
    markdown = run("explain", *PERSON, option, IMAGE, "--format", "markdown", "--lang", lang)
    assert "image" not in markdown_tokens(markdown)


@pytest.mark.parametrize("option", ["--medication", "--condition"])
def test_a_link_a_person_typed_is_not_a_link(option):
    html = run("explain", *PERSON, option, LINK, "--format", "html")
    assert 'href="https://evil' not in html
    assert LINK in html
    markdown = run("explain", *PERSON, option, LINK, "--format", "markdown")
    assert "link_open" not in markdown_tokens(markdown)


def test_raw_html_a_person_typed_is_escaped():
    html = run("explain", *PERSON, "--medication", RAW_HTML, "--format", "html")
    assert "<img" not in html
    markdown = run("explain", *PERSON, "--medication", RAW_HTML, "--format", "markdown")
    assert "html_inline" not in markdown_tokens(markdown)
    assert "&lt;img src=http://evil.example/raw.png&gt;" in html


@pytest.mark.parametrize("typed", ["# heading", "1. listed", "- nested", "+ nested", "=====", "a | b", "`code`",
                                   "*em* _em_", "&amp;", "\\[x]"])
def test_text_that_starts_a_list_item_stays_text(typed):
    """A value the templates put at the start of a list item opens no heading, list, table or code."""
    from bonekb.engine.explain.render import markdown_to_text, person_text

    markdown = f"- {person_text(typed)}\n"
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    assert [t.type for t in tokens] == ["bullet_list_open", "list_item_open", "paragraph_open", "inline",
                                        "paragraph_close", "list_item_close", "bullet_list_close"]
    assert [c.type for c in tokens[3].children] == ["text"] * len(tokens[3].children)
    assert markdown_to_text(markdown).strip() == f"- {typed}"


@pytest.mark.parametrize("command", ["explain", "recommend"])
def test_control_characters_are_shown_escaped_in_the_terminal(command):
    text = run(command, *PERSON, "--medication", "bad\x1b[31mred\u202eeman", "--format", "text")
    assert "\x1b" not in text and "\u202e" not in text
    assert "\\x1b" in text and "\\u202e" in text


def test_the_page_forbids_fetching_anything():
    html = run("explain", *PERSON, "--format", "html")
    match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert match, "no Content-Security-Policy meta"
    policy = {part.split()[0]: part.split()[1:] for part in match.group(1).split(";") if part.strip()}
    assert policy["default-src"] == ["'none'"]
    assert all("http" not in " ".join(values) and "*" not in values for values in policy.values())
    assert not re.search(r'(src|href)="(https?:)?//', html)


TYPED = st.text(alphabet=st.sampled_from(list("ab1.) -+=#*_[]()<>!|&;~`\\:/\"'\x1b\x07\u202e\u2066\n\t中鈣")),
                max_size=60)


@settings(max_examples=400, deadline=None)
@given(typed=TYPED, start_of_item=st.booleans())
def test_any_typed_text_reads_back_as_itself(typed, start_of_item):
    """Whatever is typed, a list item holding it (first or after a word) is one paragraph of plain text
    that says what was typed (its surrounding spaces aside)."""
    from bonekb.engine.explain.controls import visible_controls
    from bonekb.engine.explain.render import person_text

    before = "" if start_of_item else "x "
    tokens = MarkdownIt("commonmark").enable("table").parse(f"- {before}{person_text(typed)}\n")
    inline = [t for t in tokens if t.type == "inline"]
    assert [t.type for t in tokens if t.type.endswith("_open")] == ["bullet_list_open", "list_item_open",
                                                                    "paragraph_open"][:len(inline) + 2]
    children = inline[0].children or [] if inline else []
    assert {c.type for c in children} <= {"text"}
    expected = f"{before}{visible_controls(typed.strip(), keep_newlines=False)}".strip(" ")
    assert "".join(c.content for c in children) == expected
