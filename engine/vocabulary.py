"""Names people use for nutrients, units, salts, medications and conditions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .factmodel import ProfileModel

# Unit ids as people read them (rules and profiles write micrograms as "ug").
UNIT_TEXT = {"mg": "mg", "IU": "IU", "ug": "µg"}


def _days(days: Any) -> float:
    """The days a period spans, as its key in `period_words` gives them ('7'): a number above zero."""
    try:
        value = float(days)
    except (TypeError, ValueError):
        raise TypeError(f"period_words key {str(days)[:40]!r}: the days the period spans, a number") from None
    if not 0 < value < 10_000:
        raise TypeError(f"period_words key {str(days)[:40]!r}: the days the period spans, above 0")
    return value


def name_key(name: str) -> str:
    """Case, spaces, hyphens, underscores and dots do not matter when matching a name."""
    return re.sub(r"[\s\-_.·()（）]", "", str(name).casefold())


@dataclass
class Vocabulary:
    """Lookups built from rules/vocabulary.yaml."""

    nutrient_names: dict[str, str] = field(default_factory=dict)
    canonical_units: dict[str, str] = field(default_factory=dict)
    unit_factors: dict[str, dict[str, float]] = field(default_factory=dict)
    forms: dict[str, dict[str, str]] = field(default_factory=dict)  # nutrient -> name key -> form
    unit_names: dict[str, str] = field(default_factory=dict)
    unit_spellings: dict[str, str] = field(default_factory=dict)  # as written (casefolded) -> unit id
    amount_words: list[str] = field(default_factory=list)
    period_words: list[str] = field(default_factory=list)
    times_words: dict[str, int] = field(default_factory=dict)  # word (casefolded) -> times a day it says
    period_days: dict[str, float] = field(default_factory=dict)  # period word (casefolded) -> days it spans
    numerals: dict[str, int] = field(default_factory=dict)  # a numeral character ('五', '萬') -> its value
    multipliers: dict[str, int] = field(default_factory=dict)  # a word after a number ('k', '萬'), casefolded -> factor
    numeral_points: str = ""  # the decimal points between numerals ('點': 一點二 is 1.2)
    salts: dict[str, str] = field(default_factory=dict)  # name key -> salt of the salt nutrient
    salt_fractions: dict[str, float] = field(default_factory=dict)  # salt -> the nutrient's share of its weight
    salts_without_fraction: dict[str, str] = field(default_factory=dict)  # name key -> salt
    brands: dict[str, str] = field(default_factory=dict)  # name key of a brand -> the form its label states
    source_words: list[str] = field(default_factory=list)  # a label's '(as calcium carbonate)': 'as', 'from'
    name_tables: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> name key -> id
    names_as_written: dict[str, list[str]] = field(default_factory=dict)  # kind -> names to suggest
    # kind -> name key -> what it is: names known, but of what no source of the knowledge base covers
    not_covered: dict[str, dict[str, str]] = field(default_factory=dict)
    name_words: dict[str, list[str]] = field(default_factory=dict)  # word list -> words
    fact_names: dict[str, str] = field(default_factory=dict)  # name key -> the profile fact it is ('pregnant')
    # kind -> class -> the class a name not recognised but close to one of its names is read as possibly
    possible_classes: dict[str, dict[str, str]] = field(default_factory=dict)
    readers: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)  # engine.names, built once
    nutrients: tuple[str, ...] = ()  # ids in the order results list them
    nutrient_entries: dict[str, dict[str, Any]] = field(default_factory=dict)  # as declared
    diet_facts: dict[str, str] = field(default_factory=dict)  # nutrient -> profile fact of its intake from food
    name_examples: str = ""  # a few names people write, for an error that lists what is accepted
    nutrients_accepted: str = ""  # the nutrients an error about a dose lists as accepted
    salt_nutrient: str | None = None  # the nutrient that declares `salts`, counted by each one's fraction
    profile: ProfileModel = field(default_factory=lambda: ProfileModel({}, ()))

    @property
    def declared_units(self) -> tuple[str, ...]:
        """The unit ids rules, claims, references and scenarios may write: those `unit_spellings`
        declares, then the nutrients' own `unit` and `units`."""
        return tuple(dict.fromkeys([*self.unit_names.values(), *self.canonical_units.values(),
                                    *(u for factors in self.unit_factors.values() for u in factors)]))

    @property
    def nutrient_forms_for_questions(self) -> dict[str, str]:
        """Forms a question may name to ask about one nutrient's form (the nutrient declaring `asked_forms`)."""
        return {key: form for n, entry in self.nutrient_entries.items() if entry.get("asked_forms")
                for key, form in self.forms[n].items()}

    @classmethod
    def from_data(cls, data: dict[str, Any], facts: dict[str, Any] | None = None) -> Vocabulary:
        vocab = cls()
        moved = [str(key) for key in data if str(key).endswith(("salts", "salts_without_fraction"))]
        if moved:
            raise TypeError(f"'{moved[0][:40]}': salts are declared by the nutrient taken as them, "
                            "under nutrients.<id>.salts and salts_without_fraction")
        vocab.nutrients = tuple(str(n) for n in data["nutrients"])
        vocab.name_examples = str(data.get("name_examples", ""))
        vocab.nutrients_accepted = str(data.get("nutrients_accepted") or ", ".join(
            str(entry.get("short", n)) for n, entry in data["nutrients"].items()))
        for nutrient, entry in data["nutrients"].items():
            vocab.nutrient_entries[nutrient] = dict(entry)
            if entry.get("diet_fact"):
                vocab.diet_facts[nutrient] = str(entry["diet_fact"])
            if entry.get("salts") or entry.get("salts_without_fraction"):
                vocab._read_salts(nutrient, entry)
            vocab.canonical_units[nutrient] = entry["unit"]
            vocab.unit_factors[nutrient] = {u: float(f) for u, f in entry["units"].items()}
            for name in [nutrient, *entry["names"]]:
                vocab.nutrient_names[name_key(name)] = nutrient
            vocab.forms[nutrient] = {name_key(name): form for name, form in entry.get("forms", {}).items()}
            vocab._read_brands(nutrient, entry)
        for unit, spellings in data["unit_spellings"].items():
            for spelling in [unit, *spellings]:
                vocab.unit_names[name_key(spelling)] = unit
                vocab.unit_spellings[str(spelling).casefold()] = unit
        vocab.amount_words = [str(w) for w in data.get("amount_words", [])]
        vocab.source_words = [str(w) for w in data.get("source_words", [])]
        vocab._read_periods(data.get("period_words") or [])
        vocab._read_numbers(data)
        for times, words in (data.get("times_words") or {}).items():
            for word in words:
                vocab.times_words[str(word).casefold()] = int(times)
        vocab.profile = ProfileModel.from_data((facts or {}).get("profile", {}), vocab.nutrients)
        for kind in {spec["vocabulary"] for spec in vocab.profile.declared.values() if spec["type"] == "names"}:
            table = vocab.name_tables.setdefault(kind, {})
            vocab.names_as_written[kind] = []
            for ident, names in data[kind].items():
                for name in [ident, *names]:
                    table[name_key(name)] = ident
                vocab.names_as_written[kind] += [str(n) for n in names]
        for kind, entries in (data.get("not_covered") or {}).items():
            table = vocab.not_covered.setdefault(str(kind), {})
            for ident, names in (entries or {}).items():
                for name in [ident, *names]:
                    table[name_key(name)] = str(ident)
        vocab.name_words = {kind: [str(w) for w in words] for kind, words in data.get("name_words", {}).items()}
        for kind, classes in (data.get("possible_classes") or {}).items():
            vocab.possible_classes[str(kind)] = {str(c): str(p) for c, p in (classes or {}).items()}
        for fact, names in (data.get("fact_names") or {}).items():
            for name in names:
                vocab.fact_names[name_key(name)] = str(fact)
        return vocab

    def _read_salts(self, nutrient: str, entry: dict[str, Any]) -> None:
        """The salts one nutrient is taken as (its `salts` and `salts_without_fraction`); one nutrient may."""
        if self.salt_nutrient is not None:
            raise TypeError(f"'salts' of {nutrient}: only one nutrient may declare salts ({self.salt_nutrient} does)")
        self.salt_nutrient = nutrient
        for salt, spec in (entry.get("salts") or {}).items():
            self.salt_fractions[salt] = float(spec["fraction"])
            for name in [salt, *spec["names"]]:
                self.salts[name_key(name)] = salt
        for salt, names in (entry.get("salts_without_fraction") or {}).items():
            for name in [salt, *names]:
                self.salts_without_fraction[name_key(name)] = salt

    def _read_periods(self, periods: Any) -> None:
        """Period words by the days they span ({7: [weekly, ...]}), or a list of words of no stated span."""
        grouped = periods.items() if isinstance(periods, dict) else [(None, periods)]
        for days, words in grouped:
            for word in words:
                self.period_words.append(str(word))
                if days is not None:
                    self.period_days[str(word).casefold()] = _days(days)

    def _read_numbers(self, data: dict[str, Any]) -> None:
        """How a dose's number may be written besides digits: `numerals` ({value: [characters]}),
        `multipliers` ({factor: [words]}) and `numeral_points` ([characters]); keys are text (the JSON
        cache keeps them)."""
        for key, target in (("numerals", self.numerals), ("multipliers", self.multipliers)):
            for value, words in (data.get(key) or {}).items():
                if not str(value).isdigit() or not isinstance(words, list):
                    raise TypeError(f"{key} key {str(value)[:40]!r}: a whole number, with a list of words")
                for word in words:
                    if key == "numerals" and len(str(word)) != 1:
                        raise TypeError(f"numerals {str(word)[:40]!r}: one character")
                    target[str(word).casefold()] = int(value)
        self.numeral_points = "".join(str(w) for w in data.get("numeral_points") or [] if len(str(w)) == 1)

    def _read_brands(self, nutrient: str, entry: dict[str, Any]) -> None:
        """A nutrient's supplement brands (`brands: {name: form}`): each a name of the nutrient, whose
        amount is of the form given (a salt of the salt nutrient, or one of its `forms`' values)."""
        for brand, form in (entry.get("brands") or {}).items():
            key = name_key(brand)
            self.nutrient_names[key] = nutrient
            if form is None:
                continue
            self.brands[key] = str(form)
            if nutrient == self.salt_nutrient and str(form) in self.salt_fractions:
                self.salts[key] = str(form)
            elif nutrient == self.salt_nutrient and str(form) in self.salts_without_fraction.values():
                self.salts_without_fraction[key] = str(form)  # refused as its salt is, naming it
            elif str(form) in self.forms[nutrient].values():
                self.forms[nutrient][key] = str(form)
            else:
                raise TypeError(f"brand {brand!r} of {nutrient}: form {str(form)[:40]!r} is not one of its salts "
                                "or forms")

    def nutrient(self, name: str) -> str | None:
        """The nutrient id for a name ('MK-7' -> 'k2'), or None."""
        return self.nutrient_names.get(name_key(name))

    def form(self, nutrient: str, name: str) -> str | None:
        """The form a name states ('MK-7' -> 'MK-7', 'ergocalciferol' -> 'D2'), or None."""
        return self.forms.get(nutrient, {}).get(name_key(name))

    def unit(self, name: str) -> str | None:
        return self.unit_names.get(name_key(name))

    def accepted_units(self, nutrient: str) -> str:
        units = self.unit_factors[nutrient]
        return ", ".join(UNIT_TEXT.get(u, u) for u in units)
