"""Control characters shown, not run: ESC, U+202E and the like as \\x1b or \\u202e (cheap to import)."""

from __future__ import annotations

import re

# C0 and C1 controls, and the marks that reorder text on screen (bidi overrides and isolates)
_OTHER_CONTROLS = "\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile("[\x00-\x1f" + _OTHER_CONTROLS + "]")
_CONTROL_NOT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f" + _OTHER_CONTROLS + "]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible_controls(text: str, keep_newlines: bool = True) -> str:
    """Control and bidi characters as \\x1b or \\u202e, so a terminal neither runs nor hides them."""
    return (_CONTROL_NOT_NEWLINE if keep_newlines else _CONTROL).sub(_escaped, text)
