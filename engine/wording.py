"""Texts a result holds until it is shown: a rule's own words per language, or a message code with values.

The engine decides what to say (a code of rules/messages.yaml and the values it needs); the words
are chosen only when the result is shown, in the reader's language. A value may itself be a text
(a warning's words inside a note) and is shown in the same language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
    from .numberformat import NumberFormat


@dataclass
class Worded:
    """A message of rules/messages.yaml to be worded: its code and the values it is filled with."""

    code: str
    values: dict[str, Any] = field(default_factory=dict)


# A text: the words a rule gives in every language, or a message to be worded.
Text = Union[dict[str, str], Worded]  # noqa: UP007 (a runtime alias)

# Values named so are nutrient ids, shown in the reader's words (`name-<id>` messages).
NUTRIENT_VALUES = ("nutrient", "nutrients")
# A value named so is a unit id ('ug'), shown in the reader's words (µg, 微克).
UNIT_VALUE = "unit"


class Messages:
    """The knowledge base's own wording (rules/messages.yaml), filled with string.Template; its numbers
    and units as the language writes them (engine/numberformat.py, with the words of explanations/<lang>/)."""

    def __init__(self, texts: dict[str, dict[str, Any]], explanations: Path | None = None) -> None:
        self.texts = texts
        self.explanations = explanations

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
        """Numbers as the language writes them, nutrient ids and units in the reader's words ('d3' ->
        'vitamin D3', 'IU' -> 國際單位), and a text inside the values in the same language."""
        numbers = language_numbers(self.explanations, lang)
        shown: dict[str, Any] = {}
        for key, value in values.items():
            if isinstance(value, (dict, Worded)):
                shown[key] = self.text(value, lang)
            elif key in NUTRIENT_VALUES:
                ids = [value] if isinstance(value, str) else value
                names = [self.texts.get(f"name-{n}", {}).get(lang, n) for n in ids]
                shown[key] = self.texts.get("name-separator", {}).get(lang, ", ").join(names)
            elif key == UNIT_VALUE and isinstance(value, str):
                shown[key] = numbers.unit(value)
            else:
                shown[key] = numbers.number(value)
        return shown


@lru_cache(maxsize=32)
def language_numbers(explanations: Path | None, lang: str) -> NumberFormat:
    """The NumberFormat of a language, with the unit and age words of explanations/<lang>/words.yaml
    (international symbols when the knowledge base has no words for it)."""
    from .errors import BonekbError
    from .numberformat import NumberFormat

    if explanations is None:
        return NumberFormat(lang)
    from .explain.words import Words

    try:
        return Words.load(explanations / lang).numbers
    except BonekbError:
        return NumberFormat(lang)
