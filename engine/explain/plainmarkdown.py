"""The few Markdown forms the templates write for `why` and `ask`, read without markdown-it (start-up).

Importing markdown-it-py costs about a third of the design card's packages together, and terminal
text needs only its tokens. Markdown made only of ATX headings, paragraphs, `- ` bullet items and
`1. ` numbered ones (not nested) and `**strong**` or `*emphasis*` around words gives here the
tokens markdown-it gives for it (the ones render.markdown_to_text reads: the same types, tags,
item numbers and inline text), and `code` of one backtick on each side around words. Anything
else (escapes, links, longer code marks, entities, tables, quotes, nested lists, `)` numbers,
indentation, an emphasis mark that is not plainly one) gives None, and markdown-it reads the text;
tests check over generated Markdown and every golden file that both readings give the same
terminal text.
"""

from __future__ import annotations

import re
import string
import unicodedata
from types import SimpleNamespace
from typing import Any

# Characters that start a construct this reader does not read: escapes, entities, HTML and autolinks,
# tables, `_` emphasis, strikethrough, links and images, and control characters (NUL, CR, tab).
_OTHER_SYNTAX = re.compile(r"[\\&<>|_~\x00-\x09\x0b-\x1f\x7f]|\]\(|!\[")
_CODE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")  # a code span of one backtick on each side
_HEADING = re.compile(r"(#{1,6}) (\S.*)")
_ITEM = "- "
# A numbered item as the templates write it: '1. ' (no leading zero, at most nine digits, a full stop).
_NUMBERED = re.compile(r"([1-9]\d{0,8})\. ")
# A line that is a thematic break, a numbered item, a setext underline or another bullet.
_OTHER_BLOCK = re.compile(r"[-*_=+#>]|\d+[.)]")
_STARS = re.compile(r"\*+")


def _token(type: str, tag: str = "", inline: list[Any] | None = None, content: str = "") -> Any:
    """What render.markdown_to_text reads of a markdown-it token (a namespace: a class would cost
    start-up time to make); `inline` is an inline token's own tokens (markdown-it's attribute)."""
    token = SimpleNamespace(type=type, tag=tag, info="", content=content, attrs={})
    token.children = inline
    return token


def tokens(markdown: str) -> list[Any] | None:
    """markdown-it's block tokens (and each inline token's children) for Markdown of the plain forms;
    None for anything else."""
    if _OTHER_SYNTAX.search(markdown):
        return None
    out: list[Any] = []
    paragraph: list[str] = []  # lines of the open paragraph (top level or in the open item)
    in_list = ""  # the open list's kind: "ul" (`- ` items), "ol" (`1. ` items) or "" (none)

    def close_paragraph() -> bool:
        if paragraph:
            inline = _inline("\n".join(paragraph))
            if inline is None:
                return False
            out.extend([_token("paragraph_open", "p"), inline, _token("paragraph_close", "p")])
            paragraph.clear()
        return True

    def close_list() -> None:
        nonlocal in_list
        if in_list:
            kind = "bullet_list" if in_list == "ul" else "ordered_list"
            out.extend([_token("list_item_close", "li"), _token(f"{kind}_close", in_list)])
            in_list = ""

    def open_item(kind: str, number: str = "") -> None:
        """An item of a list of `kind`: the open list's next, or a new list's first."""
        nonlocal in_list
        if in_list == kind:
            out.append(_token("list_item_close", "li"))
        else:
            close_list()
            out.append(_token("bullet_list_open" if kind == "ul" else "ordered_list_open", kind))
            in_list = kind
        item = _token("list_item_open", "li")
        item.info = number  # markdown-it's: the item's number as written ('' for a bullet)
        out.append(item)

    for line in markdown.split("\n"):
        if line != line.strip():  # indentation, trailing spaces (a hard break), other whitespace
            return None
        if not line:
            if not close_paragraph():
                return None
            continue
        heading = _HEADING.fullmatch(line)
        if heading:
            text = heading.group(2)
            inline = _inline(text) if not text.endswith("#") and _plain_start(text) else None
            if inline is None or not close_paragraph():
                return None
            close_list()
            level = f"h{len(heading.group(1))}"
            out.extend([_token("heading_open", level), inline, _token("heading_close", level)])
        elif line.startswith(_ITEM) or _NUMBERED.match(line):
            numbered = _NUMBERED.match(line)
            text = line[numbered.end():] if numbered else line[len(_ITEM):]
            kind = "ol" if numbered else "ul"
            # Right after a paragraph line, CommonMark's reading turns on more than this reader knows
            # (a numbered line may continue the paragraph; a list of another kind may start): only the
            # open list's next item, or a bullet list after a top-level paragraph.
            interrupts = bool(paragraph) and in_list != kind and not (kind == "ul" and not in_list)
            if not _plain_start(text) or interrupts or not close_paragraph():
                return None
            open_item(kind, numbered.group(1) if numbered else "")
            paragraph.append(text)
        elif _plain_start(line):
            if not paragraph:
                close_list()  # after a blank line a paragraph ends the list; else it continues the item
            paragraph.append(line)
        else:
            return None
    if not close_paragraph():
        return None
    close_list()
    return out


def _plain_start(text: str) -> bool:
    """Text that starts no block of its own: not a marker, a break or an underline (emphasis may open it)."""
    if not text or text[0].isspace() or text[0] == "[":  # a [label]: may define a link
        return False
    if text.startswith("*"):
        run = len(text) - len(text.lstrip("*"))
        return run <= 2 and len(text) > run and not text[run].isspace()
    return not _OTHER_BLOCK.match(text)


def _inline(text: str) -> Any:
    """The inline token: its text with the emphasis marks taken out, a soft break per line break;
    None when a `*` is not plainly the opening or closing of emphasis around words, or a backtick
    not plainly one side of a code span (of words, without `*`: its text is the words)."""
    codes = _CODE.findall(text)
    if any(code != code.strip() or "*" in code for code in codes) or "`" in _CODE.sub("", text):
        return None
    parts: list[str] = []
    opened = 0  # the length of the open emphasis run, 0 when none is open
    start = 0
    for run in _STARS.finditer(text):
        before = text[run.start() - 1] if run.start() else "\n"
        after = text[run.end()] if run.end() < len(text) else "\n"
        length = len(run.group())
        if length > 2:
            return None
        if opened == length and _right_flanking(before, after):
            opened = 0
        elif not opened and _left_flanking(before, after):
            opened = length
        else:
            return None
        parts.append(text[start:run.start()])
        start = run.end()
    if opened:
        return None
    parts.append(text[start:])
    pieces: list[Any] = []
    for i, line in enumerate("".join(parts).replace("`", "").split("\n")):
        if i:
            pieces.append(_token("softbreak", "br"))
        if line:
            pieces.append(_token("text", content=line))
    return _token("inline", inline=pieces, content=text)



# CommonMark's flanking rules, where this reader is sure of them: whitespace only a space or a line's
# end; punctuation surely ASCII's and Unicode's P categories, maybe also the S categories (symbols
# count as punctuation since CommonMark 0.31).
def _left_flanking(before: str, after: str) -> bool:
    return not after.isspace() and after != "*" and (
        not _maybe_punctuation(after) or before in " \n" or _punctuation(before))


def _right_flanking(before: str, after: str) -> bool:
    return not before.isspace() and before != "*" and (
        not _maybe_punctuation(before) or after in " \n" or _punctuation(after))


def _punctuation(char: str) -> bool:
    return char in string.punctuation or unicodedata.category(char).startswith("P")


def _maybe_punctuation(char: str) -> bool:
    return _punctuation(char) or unicodedata.category(char).startswith("S")
