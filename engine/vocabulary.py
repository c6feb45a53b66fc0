"""Names people use for nutrients, units, calcium salts, medications and conditions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

NUTRIENTS = ("calcium", "d3", "k2", "k1")
# Unit ids as people read them (rules and profiles write micrograms as "ug").
UNIT_TEXT = {"mg": "mg", "IU": "IU", "ug": "µg"}


def name_key(name: str) -> str:
    """Case, spaces, hyphens, underscores and dots do not matter when matching a name."""
    return re.sub(r"[\s\-_.·()（）]", "", str(name).casefold())


@dataclass
class Vocabulary:
    """Lookups built from rules/vocabulary.yaml."""

    nutrient_names: dict[str, str] = field(default_factory=dict)
    canonical_units: dict[str, str] = field(default_factory=dict)
    unit_factors: dict[str, dict[str, float]] = field(default_factory=dict)
    k2_forms: dict[str, str] = field(default_factory=dict)
    unit_names: dict[str, str] = field(default_factory=dict)
    salts: dict[str, str] = field(default_factory=dict)
    salt_fractions: dict[str, float] = field(default_factory=dict)
    medications: dict[str, str] = field(default_factory=dict)
    conditions: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Vocabulary:
        vocab = cls()
        for nutrient, entry in data["nutrients"].items():
            vocab.canonical_units[nutrient] = entry["unit"]
            vocab.unit_factors[nutrient] = {u: float(f) for u, f in entry["units"].items()}
            for name in [nutrient, *entry["names"]]:
                vocab.nutrient_names[name_key(name)] = nutrient
            for name, form in entry.get("forms", {}).items():
                vocab.k2_forms[name_key(name)] = form
        for unit, spellings in data["unit_spellings"].items():
            for spelling in [unit, *spellings]:
                vocab.unit_names[name_key(spelling)] = unit
        for salt, entry in data["calcium_salts"].items():
            vocab.salt_fractions[salt] = float(entry["fraction"])
            for name in [salt, *entry["names"]]:
                vocab.salts[name_key(name)] = salt
        for kind in ("medications", "conditions"):
            table = getattr(vocab, kind)
            for ident, names in data[kind].items():
                for name in [ident, *names]:
                    table[name_key(name)] = ident
        return vocab

    def nutrient(self, name: str) -> str | None:
        """The nutrient id for a name ('MK-7' -> 'k2'), or None."""
        return self.nutrient_names.get(name_key(name))

    def unit(self, name: str) -> str | None:
        return self.unit_names.get(name_key(name))

    def accepted_units(self, nutrient: str) -> str:
        units = self.unit_factors[nutrient]
        return ", ".join(UNIT_TEXT.get(u, u) for u in units)
