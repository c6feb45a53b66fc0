"""The explanations' words for ids (explanations/<lang>/words.yaml): nutrients, units, facts, tests."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from string import Template
from typing import Any

from ..conditions import Test
from ..errors import TemplateError
from ..numberformat import NumberFormat, number_format
from ..yamlsource import load_yaml

# The keys of words.yaml the code reads: tables of id -> words, and texts with $placeholders.
TABLES = ("nutrients", "units", "kinds", "severities", "status", "facts", "values", "tests", "ages", "recommend")
TEXTS = ("actual", "missing", "derived_actual", "list_separator", "taken_salt", "taken_elemental", "taken_source")


@dataclass(frozen=True)
class Words:
    """One language's words; every lookup falls back to the id itself, so new ids still read (the
    audit's M010 names each id a reader meets without its word)."""

    data: dict[str, Any]
    lang: str = "en"
    age_facts: frozenset[str] = frozenset()  # facts in years, shown as ages (engine/factmodel.py)

    @classmethod
    def load(cls, folder: Path, age_facts: frozenset[str] = frozenset()) -> Words:
        """The words of explanations/<lang>/ (the folder's name is the language)."""
        path = folder / "words.yaml"
        if not path.is_file():
            raise TemplateError(f"{path}: missing: every explanations language needs its words.yaml")
        document = load_yaml(path, str(path))
        data = document.data
        if not isinstance(data, dict):
            raise TemplateError(f"{path}: must be a mapping")
        for key, value in data.items():
            expected = dict if key in TABLES else str if key in TEXTS else object
            if not isinstance(value, expected):
                kind = "a mapping of id: words" if expected is dict else "a text"
                raise TemplateError(f"{document.position((key,))}: {key} must be {kind}")
        return cls(data, folder.name, age_facts)

    @property
    def full_width(self) -> bool:
        """Whether this language writes full-width marks beside its own script (words.yaml
        `writing: {punctuation: full-width}`): then a mark the person typed is shown full-width beside it, and a
        space the layout puts after a full-width mark is taken out (`）、 250`, `。 [DOSE-3]`)."""
        writing = self.data.get("writing")
        return isinstance(writing, dict) and writing.get("punctuation") == "full-width"

    def punctuated(self, text: str) -> str:
        """Text the person wrote, echoed: its half-width marks beside Chinese made full-width."""
        if not self.full_width:
            return text
        from ..punctuation import to_full_width

        return to_full_width(text)

    def typeset(self, markdown: str) -> str:
        """Rendered Markdown with the spaces Chinese sets none of (after a full-width mark) taken out."""
        if not self.full_width:
            return markdown
        from ..punctuation import without_stray_spaces

        return without_stray_spaces(markdown)

    @cached_property
    def numbers(self) -> NumberFormat:
        """How this language writes numbers, ranges, amounts and ages (engine/numberformat.py)."""
        return number_format(self.lang, self.data)

    def _table(self, table: str) -> dict[str, Any]:
        return self.data.get(table) or {}

    def word(self, table: str, key: Any) -> str:
        return str(self._table(table).get(key, key))

    def value(self, value: Any) -> str:
        """A fact's value in words: ids, yes/no, lists."""
        if isinstance(value, (tuple, list, set, frozenset)):
            items = sorted(value) if isinstance(value, (set, frozenset)) else value
            return str(self.data.get("list_separator", ", ")).join(self.value(v) for v in items)
        if isinstance(value, bool):
            return self.word("values", str(value).lower())
        if isinstance(value, (int, float)):
            return self.word("values", self.numbers.number(value))
        return self.word("values", str(value))

    def taken(self, items: list[Any]) -> str:
        """What a person takes, each item as given and, for a nutrient taken as salts, as read: the salt
        and its weight, the elemental amount, or the elemental amount a label states of its source
        (words.yaml `taken_salt`, `taken_elemental`, `taken_source`)."""
        return str(self.data.get("list_separator", ", ")).join(self._taken_item(item) for item in items)

    def _taken_item(self, item: Any) -> str:
        if not isinstance(item, dict):
            return self.value(item)
        given, read_as = self.punctuated(str(item["given"])), item.get("read_as")
        text = self.data.get(f"taken_{read_as}") if read_as in ("salt", "elemental", "source") else None
        if not text:
            return given
        amount, unit, weight = item["amount"], item["unit"], item.get("salt_weight")
        return self.fill(str(text), given=given, form=self.value(item["form"]),
                         amount=self.amount(amount, amount, unit),
                         weight=self.amount(weight, weight, unit) if weight is not None else "",
                         nutrient=self.word("nutrients", item["nutrient"]))

    def fact_value(self, fact: str, value: Any) -> str:
        """A fact's value in words, an age as an age (an infant's in months: 6個月, not 0.5)."""
        if fact in self.age_facts and isinstance(value, (int, float)) and not isinstance(value, bool):
            return self.numbers.age(value)
        return self.value(value)

    def amount(self, low: float, high: float, unit: str) -> str:
        """'75–150 µg'; one figure when the range is one figure."""
        return self.numbers.amount(low, high, unit)

    def test(self, test: Test) -> str:
        """A test of a rule's condition, said in this language."""
        tests = self._table("tests")
        if test.op == "present":
            key = "present" if test.value else "absent"
        else:
            key = f"{test.fact}.{test.op}" if f"{test.fact}.{test.op}" in tests else test.op
        text = str(tests.get(key, key))
        used = set(Template(text).get_identifiers())  # only what the words show: 0.5 as a fraction needs Babel
        fills = {"fact": lambda: self.word("facts", test.fact), "value": lambda: self.value(test.value),
                 "years": lambda: self.numbers.years(test.value)}
        return self.fill(text, **{name: fill() for name, fill in fills.items() if name in used})

    def actual(self, fact: str, facts: dict[str, Any]) -> str:
        """What the person's facts say of `fact` (or that they do not give it)."""
        if fact not in facts:
            return self.fill(str(self.data.get("missing", "$fact: not given")), fact=self.word("facts", fact))
        return self.fill(str(self.data.get("actual", "$fact: $value")), fact=self.word("facts", fact),
                         value=self.fact_value(fact, facts[fact]))

    @staticmethod
    def fill(text: str, **values: str) -> str:
        """string.Template, never str.format: words files are data and must not reach attributes."""
        return Template(text).safe_substitute(values)

