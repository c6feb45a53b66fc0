"""Texts a result holds until it is shown: a rule's own words per language, or a message code with values.

The engine decides what to say (a code of rules/messages.yaml and the values it needs); the words
are chosen only when the result is shown, in the reader's language. A value may itself be a text
(a warning's words inside a note) and is shown in the same language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from string import Template
from typing import Any, Union


@dataclass
class Worded:
    """A message of rules/messages.yaml to be worded: its code and the values it is filled with."""

    code: str
    values: dict[str, Any] = field(default_factory=dict)


# A text: the words a rule gives in every language, or a message to be worded.
Text = Union[dict[str, str], Worded]  # noqa: UP007 (a runtime alias)

# Values named so are nutrient ids, shown in the reader's words (`name-<id>` messages).
NUTRIENT_VALUES = ("nutrient", "nutrients")


class Messages:
    """The knowledge base's own wording (rules/messages.yaml), filled with string.Template."""

    def __init__(self, texts: dict[str, dict[str, Any]]) -> None:
        self.texts = texts

    def has(self, code: str) -> bool:
        return code in self.texts

    def sources(self, code: str) -> list[str]:
        return list(self.texts[code].get("sources", []))

    def text(self, item: Text, lang: str) -> str:
        """A text in one language."""
        if isinstance(item, Worded):
            return Template(self.texts[item.code][lang]).safe_substitute(self._shown(item.values, lang))
        return item[lang]

    def _shown(self, values: dict[str, Any], lang: str) -> dict[str, Any]:
        """Whole numbers without '.0', nutrient ids in the reader's words ('d3' -> 'vitamin D3'), and
        a text inside the values in the same language."""
        shown = {}
        for key, value in values.items():
            if isinstance(value, (dict, Worded)):
                shown[key] = self.text(value, lang)
            elif key in NUTRIENT_VALUES:
                ids = [value] if isinstance(value, str) else value
                names = [self.texts.get(f"name-{n}", {}).get(lang, n) for n in ids]
                shown[key] = self.texts.get("name-separator", {}).get(lang, ", ").join(names)
            else:
                shown[key] = _number_text(value)
        return shown


def _number_text(value: Any) -> Any:
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return value
