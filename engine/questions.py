"""Understanding a question: which nutrient (the vocabulary's names) and which intent (intents.yaml).

Both are data. Nutrient names come from rules/vocabulary.yaml, matched case-insensitively with
spaces and hyphens optional, and not inside a longer word ("d" does not match "did"); intents and
their keywords come from explanations/<lang>/intents.yaml, tried in the file's order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .errors import TemplateError
from .knowledge import KnowledgeBase
from .yamlsource import load_yaml

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SEPARATORS = r"[\s\-_.·]*"


@dataclass(frozen=True)
class Question:
    """What was understood; nutrient or intent is None when not recognised."""

    text: str
    lang: str
    nutrient: str | None
    intent: str | None
    template: str | None

    @property
    def understood(self) -> bool:
        return self.nutrient is not None and self.template is not None


def question_language(text: str) -> str:
    """zh-Hant when the question has Chinese characters (simplified ones too), else en."""
    return "zh-Hant" if _CJK.search(text) else "en"


class QuestionReader:
    """Recognises nutrients and intents for one knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    @cached_property
    def _nutrient_patterns(self) -> list[tuple[re.Pattern[str], str]]:
        """One pattern per known name key, longest first, so 'vitamin d3' wins over 'd'."""
        names = sorted(self.kb.vocabulary.nutrient_names.items(), key=lambda item: -len(item[0]))
        return [(re.compile(r"(?<![a-z0-9])" + _SEPARATORS.join(map(re.escape, key)) + r"(?![a-z0-9])"), nutrient)
                for key, nutrient in names]

    def nutrient(self, text: str) -> str | None:
        """The nutrient named first in the text."""
        folded = text.casefold()
        found = [(m.start(), -len(m.group()), nutrient) for pattern, nutrient in self._nutrient_patterns
                 for m in [pattern.search(folded)] if m]
        return min(found)[2] if found else None

    def intents(self, lang: str) -> list[dict[str, Any]]:
        path = self.kb.explanations_dir / lang / "intents.yaml"
        if not path.is_file():
            raise TemplateError(f"{path}: missing: `bonekb ask` needs the intents of each language")
        document = load_yaml(path, str(path), self.kb.root)
        data = document.data
        if not isinstance(data, dict) or not isinstance(data.get("intents"), list):
            raise TemplateError(f"{path}: must hold a list `intents` of {{id, template, keywords, example}}")
        for index, intent in enumerate(data["intents"]):
            if not (isinstance(intent, dict) and {"id", "template"} <= intent.keys()
                    and isinstance(intent.get("keywords"), list)):
                raise TemplateError(f"{document.position(('intents', index))}: an intent needs an id, a template "
                                    "and a list of keywords")
        return data["intents"]

    def read(self, text: str) -> Question:
        lang = question_language(text)
        folded = text.casefold()
        intent = next((i for i in self.intents(lang) if any(str(k).casefold() in folded for k in i["keywords"])), None)
        return Question(text, lang, self.nutrient(text), intent and intent["id"], intent and intent["template"])

    def examples(self, lang: str) -> list[str]:
        return [str(i["example"]) for i in self.intents(lang) if i.get("example")]
