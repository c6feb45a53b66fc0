"""Half-width punctuation next to CJK text: what zh-Hant writing uses full-width marks for.

Traditional Chinese text uses full-width marks (：，（）？；！【】); a half-width ',' or ':' beside a
Chinese character, or square brackets around Chinese words, is a slip a reader notices; so is a
space after a full-width mark (`stray_spaces`, checked in rendered output). `misplaced_marks` finds them in one text (a
template with its Jinja tags and code spans masked, or a rule's zh-Hant message); the audit (M006)
and the tests over rendered output both use it.
"""

from __future__ import annotations

import re

HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）", "[": "【", "]": "】"}
# Code point ranges of CJK letters and full-width forms (a set of ranges, not a regular expression:
# a character class this wide takes ~14 ms to compile, on every zh answer's start-up).
_WIDE_RANGES = ((0x2E80, 0x2FFF), (0x3000, 0x303F), (0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
                (0xF900, 0xFAFF), (0xFF00, 0xFFEF))
# What a reader never sees as written: Jinja tags and comments, $placeholders, Markdown code spans.
_MASKED = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\$\{?\w+\}?|`[^`\n]*`", re.DOTALL)


def mask(text: str) -> str:
    """The text with Jinja tags, $placeholders and code spans blanked (positions kept)."""
    return _MASKED.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def is_wide(char: str) -> bool:
    """Whether the (first) character is a CJK letter or a full-width form."""
    if not char:
        return False
    point = ord(char[0])
    return any(low <= point <= high for low, high in _WIDE_RANGES)


def _neighbour(text: str, index: int, step: int) -> str:
    index += step
    while 0 <= index < len(text) and text[index] in " \t*_":  # spaces and Markdown emphasis
        index += step
    return text[index] if 0 <= index < len(text) else ""


def misplaced_marks(text: str) -> list[int]:
    """Indexes of half-width marks that stand beside CJK text: a mark whose nearest character on
    either side (spaces skipped) is wide, and a bracket whose partner is such a mark or that
    encloses CJK text."""
    found = {i for i, ch in enumerate(text) if ch in HALF_TO_FULL and ch not in "[]"
             and (is_wide(_neighbour(text, i, -1)) or is_wide(_neighbour(text, i, 1)))}
    for opening, closing in ("()", "[]"):
        stack: list[int] = []
        for i, ch in enumerate(text):
            if ch == opening:
                stack.append(i)
            elif ch == closing and stack:
                start = stack.pop()
                if start in found or i in found or any(is_wide(c) for c in text[start + 1:i]):
                    found |= {start, i}
    return sorted(found)


# A space a reader sees after a full-width mark (`）、 250`, `。 [DOSE-3]`): Chinese sets none there.
# A space before a full-width opening mark (`125 微克 （5000`) likewise; Markdown's own marks (a list's `-`, a
# table's `|`, emphasis) keep theirs.
_SPACE_AFTER_FULL = re.compile(r"(?<=[，、。：；！？）】」』])[ \t]+(?=[^\s|])|(?<=[^\s|*#>.+-])[ \t]+(?=[（【「『])")


def stray_spaces(text: str) -> list[int]:
    """Indexes of spaces after a full-width mark, or before a full-width opening one, inside a line."""
    return [m.start() for m in _SPACE_AFTER_FULL.finditer(text)]


def without_stray_spaces(text: str) -> str:
    """The text without the spaces `stray_spaces` finds."""
    return _SPACE_AFTER_FULL.sub("", text)


def to_full_width(text: str) -> str:
    """The text with every misplaced half-width mark replaced by its full-width form."""
    marks = set(misplaced_marks(mask(text)))
    return "".join(HALF_TO_FULL[ch] if i in marks else ch for i, ch in enumerate(text))
