"""The person's facts a knowledge base declares (rules/facts.yaml `profile`), read into types and readers.

A knowledge base says which facts a profile may hold, of which type (number, enum, bool, supplements
of its nutrients, names of its vocabulary), how each is written on the command line and in a CSV,
and which facts constrain others. Nothing here names a fact: it is all read from the declaration.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from string import Template
from typing import Any

SCALAR_TYPES = ("number", "enum", "bool")
# A fact the engine adds when names are given and some are not recognised (rules may test it).
NAMES_NOT_RECOGNISED = "names_not_recognised"
# Each supplements fact gives one number per nutrient: `<fact>_<nutrient>`, in the canonical unit.
TAKEN_MAX = 1000000


@dataclass(frozen=True)
class ProfileModel:
    """The declared facts, in their order, and what follows from them."""

    declared: dict[str, dict[str, Any]]
    nutrients: tuple[str, ...]
    types: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_data(cls, declared: dict[str, Any], nutrients: tuple[str, ...]) -> ProfileModel:
        declared = {str(name): dict(spec) for name, spec in (declared or {}).items()}
        types: dict[str, dict[str, Any]] = {}
        for name, spec in declared.items():
            kind = spec["type"]
            if kind == "number":
                types[name] = {"type": "number", "min": spec["min"], "max": spec["max"]}
            elif kind == "enum":
                types[name] = {"type": "enum", "values": list(spec["values"])}
            elif kind == "bool":
                types[name] = {"type": "bool"}
            elif kind == "supplements":
                types.update({f"{name}_{n}": {"type": "number", "min": 0, "max": TAKEN_MAX} for n in nutrients})
            elif kind == "names":
                types[name] = {"type": "list", "vocabulary": spec["vocabulary"]}
        if any(spec["type"] == "names" for spec in declared.values()):
            types[NAMES_NOT_RECOGNISED] = {"type": "bool"}
        return cls(declared, tuple(nutrients), types)

    @property
    def age_fields(self) -> frozenset[str]:
        """Number facts in years (`unit: years`): shown as ages, an infant's in months."""
        return frozenset(n for n, s in self.declared.items() if s["type"] == "number" and s.get("unit") == "years")

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field a profile may give, in the declared order."""
        return tuple(self.declared)

    @property
    def scalar_fields(self) -> tuple[str, ...]:
        return tuple(n for n, s in self.declared.items() if s["type"] in SCALAR_TYPES)

    @property
    def list_fields(self) -> tuple[str, ...]:
        return tuple(n for n, s in self.declared.items() if s["type"] not in SCALAR_TYPES)

    @property
    def supplements_fields(self) -> tuple[str, ...]:
        return tuple(n for n, s in self.declared.items() if s["type"] == "supplements")

    @property
    def names_fields(self) -> tuple[str, ...]:
        return tuple(n for n, s in self.declared.items() if s["type"] == "names")

    @property
    def who_fields(self) -> tuple[str, ...]:
        """Facts that say who the person is (`who: true`): an answer says whom it is for with these."""
        return tuple(n for n, s in self.declared.items() if s.get("who"))

    @property
    def situation_fields(self) -> tuple[str, ...]:
        """Facts that, stated in a question, make it about that situation (`situation: true`)."""
        return tuple(n for n, s in self.declared.items() if s.get("situation"))

    def taken_fact(self, supplements_field: str, nutrient: str) -> str:
        return f"{supplements_field}_{nutrient}"

    def taken_facts(self) -> tuple[str, ...]:
        return tuple(self.taken_fact(f, n) for f in self.supplements_fields for n in self.nutrients)

    def accepted(self, name: str) -> str:
        """How an error describes a number's accepted values ('a number of years from 0 to 130')."""
        spec = self.declared[name]
        default = f"a number from {spec['min']} to {spec['max']}"
        return Template(str(spec.get("accepted", default))).safe_substitute(min=spec["min"], max=spec["max"])

    @cached_property
    def whole_number_facts(self) -> frozenset[str]:
        """Facts counted in whole units, so an interval [19, 65) reads '19–64'."""
        return frozenset(n for n, s in self.declared.items() if s.get("whole"))

    @cached_property
    def coupled(self) -> tuple[frozenset[str], ...]:
        """Facts whose values constrain each other (only_when, assumes), and the intakes of one list."""
        groups: list[set[str]] = []
        for name, spec in self.declared.items():
            linked = {name, *spec.get("only_when", {}), *spec.get("assumes", {})}
            if len(linked) < 2:
                continue
            for group in groups:
                if group & linked:
                    group |= linked
                    break
            else:
                groups.append(set(linked))
        taken = [frozenset(self.taken_fact(f, n) for n in self.nutrients) for f in self.supplements_fields]
        return (*(frozenset(g) for g in groups), *taken)
