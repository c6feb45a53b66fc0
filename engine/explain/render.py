"""Markdown, written once in the templates, as HTML (markdown-it-py) or as plain text for a terminal.

Text a person typed (medication names, what they take) is text: person_text() escapes what
Markdown would read as an image, a link or raw HTML, and shows control characters escaped.

Text is wrapped by display width (wcwidth's TextWrapper): a CJK character takes two columns, and
Chinese text, which has no spaces to break at, breaks between characters (never before a closing
mark or after an opening one); English words and ids such as REF-IOM-2011 are never split.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .controls import visible_controls

if TYPE_CHECKING:  # imported when Markdown is rendered: --format markdown needs no parser
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

WIDTH = 88
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>!|&#~])")
_LINE_START = re.compile(r"^(\d*)([-+=.)])")  # a list marker or a setext underline


def person_text(value: str) -> str:
    """Text a person gave, for a Markdown template: it reads as the same characters, never as markup.

    Surrounding whitespace is dropped (leading spaces would make Markdown an indented code block).
    """
    text = visible_controls(str(value).strip(), keep_newlines=False)
    return _LINE_START.sub(r"\1\\\2", _MARKDOWN_SPECIAL.sub(r"\\\1", text))


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """CommonMark (and GFM tables) with raw HTML off: anything HTML-like in the data is escaped."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def markdown_to_html(markdown: str) -> str:
    return _parser().render(markdown)


def markdown_to_text(markdown: str) -> str:
    """Headings underlined, lists bulleted, quotes indented, emphasis and links reduced to their words."""
    from .plainmarkdown import tokens  # the templates' plain Markdown needs no parser (start-up)

    parsed = tokens(markdown)
    return text_of(_parser().parse(markdown) if parsed is None else parsed)


def text_of(tokens: list[Any]) -> str:
    """Terminal text from markdown-it's block tokens (or plainmarkdown's, which are the same)."""
    lines: list[str] = []
    prefixes: list[str] = []
    bullets: list[str] = []
    heading: int | None = None
    table: list[list[str]] | None = None
    for token in tokens:
        if token.type == "table_open":
            table = []
        elif token.type == "table_close" and table is not None:
            lines.extend(_table_lines(table))
            table = None
            _blank(lines)
        elif token.type == "tr_open" and table is not None:
            table.append([])
        elif token.type == "inline" and table is not None:
            table[-1].append(_inline_text(token))
        elif token.type == "heading_open":
            heading = int(token.tag[1])
        elif token.type == "heading_close":
            heading = None
        elif token.type == "blockquote_open":
            prefixes.append("  │ ")
        elif token.type == "blockquote_close":
            prefixes.pop()
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            bullets.append("-" if token.type == "bullet_list_open" else "1.")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            bullets.pop()
            if not bullets:
                _blank(lines)
        elif token.type == "list_item_open":
            marker = f"{token.info}." if bullets and bullets[-1] == "1." else "-"
            prefixes.append(f"{'  ' * (len(bullets) - 1)}{marker} ")
        elif token.type == "list_item_close":
            prefixes.pop()
        elif token.type == "hr":
            lines.extend(["─" * 40, ""])
        elif token.type == "inline":
            _emit(lines, _inline_text(token), prefixes, heading)
        elif token.type == "paragraph_close" and not bullets:
            _blank(lines)
        elif token.type in ("fence", "code_block"):
            lines.extend("    " + line for line in token.content.rstrip("\n").split("\n"))
            _blank(lines)
    return visible_controls("\n".join(lines).rstrip() + "\n")


def _table_lines(rows: list[list[str]]) -> list[str]:
    """A table as aligned columns when it fits WIDTH; else one list item per row, its cells named by the header."""
    header, body = rows[0], rows[1:]
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(header))]
    if sum(widths) + 2 * (len(widths) - 1) <= WIDTH:
        def line(cells: list[str]) -> str:
            return "  ".join(c + " " * (w - display_width(c)) for c, w in zip(cells, widths, strict=True)).rstrip()
        return [line(header), line(["-" * w for w in widths]), *(line(row) for row in body)]
    wide = any(display_width(cell) > len(cell) for row in rows for cell in row)  # Chinese: full-width punctuation
    colon, semicolon = ("：", "；") if wide else (": ", "; ")
    lines: list[str] = []
    for row in body:
        text = row[0] + " — " + semicolon.join(f"{h}{colon}{c}" for h, c in zip(header[1:], row[1:], strict=True))
        _emit(lines, text, ["- "], None)
    return lines


# Chinese text has no spaces: a line may break before any wide character, except before closing
# punctuation (kept with what it closes) and after opening brackets (kept with what they open).
_OPENING = "（「『《〈"
_CLOSING = "）」』》〉。，、；：！？"
_WIDE = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
_CHUNK = rf"[{_OPENING}]*(?:[{_WIDE}]|[^\s{_WIDE}]+)[{_CLOSING}]*|\s+"  # compiled when wide text is wrapped


# Characters of English explanations beyond ASCII that take one column each (wcwidth says so; tests
# check it): text of these and printable ASCII is measured and wrapped without wcwidth's tables.
NARROW = frozenset(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
                   "–—‘’“”…µμ·─│")


def is_narrow(text: str) -> bool:
    return all(c in NARROW for c in text)


@lru_cache(maxsize=8)
def _narrow_wrapper(width: int) -> Any:
    """The standard library's wrapper, for text of NARROW characters: every character one column, no
    escape sequences, so it wraps as wcwidth's does without importing wcwidth's tables (start-up)."""
    import textwrap

    return textwrap.TextWrapper(width=width, break_long_words=False, break_on_hyphens=False)


def _wrapper_for(text: str, width: int) -> Any:
    return _narrow_wrapper(width) if is_narrow(text) else _wrapper(width)


@lru_cache(maxsize=8)
def _wrapper(width: int) -> Any:
    """wcwidth's TextWrapper (width in display cells), splitting wide text into characters."""
    import wcwidth

    chunk_pattern = re.compile(_CHUNK)  # a large character class: compiled only for wide text (start-up)

    class Wrapper(wcwidth.SequenceTextWrapper):
        def _split(self, text: str) -> list[str]:
            chunks: list[str] = []
            for chunk in super()._split(text):
                chunks.extend([chunk] if chunk.isascii() else chunk_pattern.findall(chunk))
            return chunks

    return Wrapper(width=width, break_long_words=False, break_on_hyphens=False)


def display_width(text: str) -> int:
    """Columns the text takes in a terminal (a CJK character takes two)."""
    if text.isascii() or is_narrow(text):  # at most one column each: the answer is its length
        return len(text)
    import wcwidth

    return max(wcwidth.wcswidth(text), len(text))


def _blank(lines: list[str]) -> None:
    if lines and lines[-1] != "":
        lines.append("")


def _emit(lines: list[str], text: str, prefixes: list[str], heading: int | None) -> None:
    if heading is not None:
        _blank(lines)
        lines.extend([text, ("=" if heading == 1 else "-") * min(display_width(text), WIDTH), ""])
        return
    first = "".join(prefixes)
    rest = "".join(" " * len(p) if p.endswith(("- ", ". ")) else p for p in prefixes)
    width = WIDTH - display_width(first)
    for i, paragraph_line in enumerate(text.split("\n")):
        wrapped = _wrapper_for(paragraph_line, width).wrap(paragraph_line) or [""]
        for j, line in enumerate(wrapped):
            lines.append((first if i == 0 and j == 0 else rest) + line)


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    link: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak",):
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "link_open":
            link.append(str(child.attrs.get("href", "")))
        elif child.type == "link_close" and link:
            href = link.pop()
            parts.append(f" ({href})")
    return "".join(parts)
