"""Text for a person at a terminal. A result's layout and words are the knowledge base's
(explanations/recommend.txt.j2 and words.yaml, rendered by engine/explain/resulttext.py)."""

from __future__ import annotations


def terminal_safe(text: str) -> str:
    """Text for a terminal: control characters a person typed (ESC, U+202E) shown escaped, so a
    name cannot recolour, clear or reorder the screen; line breaks kept."""
    from bonekb.engine.errors import escaped

    return "\n".join(escaped(line) for line in text.split("\n"))
