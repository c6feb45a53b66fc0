"""What an evaluation yields: the contract's JSON shape, as dataclasses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .wording import Messages, Text

SEVERITY_ORDER = {"avoid": 0, "caution": 1, "info": 2}
KIND_ORDER = {"total_intake": 0, "supplement": 1}


@dataclass
class Recommendation:
    nutrient: str
    kind: str
    min: float
    max: float
    unit: str
    form: str | None
    rule: str
    sources: list[str]
    current: dict[str, Any] | None = None
    adjusted: list[dict[str, Any]] = field(default_factory=list)

    def sort_key(self, nutrients: tuple[str, ...]) -> tuple[int, int]:
        """Nutrients in the knowledge base's order, then the total before the supplement."""
        return nutrients.index(self.nutrient), KIND_ORDER[self.kind]

    def as_dict(self) -> dict[str, Any]:
        out = {"nutrient": self.nutrient, "kind": self.kind, "min": self.min, "max": self.max,
               "unit": self.unit, "form": self.form, "rule": self.rule, "sources": list(self.sources)}
        if self.current is not None:
            out["current"] = self.current
        if self.adjusted:
            out["adjusted"] = self.adjusted
        return out


@dataclass
class Warning:
    code: str
    severity: str
    nutrients: list[str]
    rule: str
    sources: list[str]
    message: Text
    withhold: bool = False
    speaks_if: dict[str, Any] | None = None

    def as_dict(self, lang: str, wording: Messages) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "nutrients": list(self.nutrients),
                "rule": self.rule, "sources": list(self.sources), "message": wording.text(self.message, lang)}


@dataclass
class Result:
    """One person's recommendations, warnings and trace."""

    knowledge_base: dict[str, str]
    profile: dict[str, Any]
    in_scope: bool
    scope_notes: list[Text]
    groups: list[str]
    sun: str | None
    recommendations: list[Recommendation]
    warnings: list[Warning]
    fired: list[dict[str, Any]]
    reference_intakes: list[dict[str, Any]] = field(default_factory=list)
    limits: list[dict[str, Any]] = field(default_factory=list)
    wording: Messages = field(default_factory=lambda: Messages({}))  # the words for the texts, per language

    def text(self, item: Text, lang: str) -> str:
        """One of this result's texts (a warning's message, a note) in one language."""
        return self.wording.text(item, lang)

    def recommendation(self, nutrient: str, kind: str = "supplement") -> Recommendation | None:
        return next((r for r in self.recommendations if r.nutrient == nutrient and r.kind == kind), None)

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "knowledge_base": dict(self.knowledge_base),
            "profile": {**self.profile, "assumed": [self.text(t, lang) for t in self.profile.get("assumed", [])]},
            "in_scope": self.in_scope,
            "scope_notes": [self.text(note, lang) for note in self.scope_notes],
            "groups": list(self.groups),
            "sun": self.sun,
            "recommendations": [r.as_dict() for r in self.recommendations],
            "warnings": [w.as_dict(lang, self.wording) for w in self.warnings],
            "fired": [dict(f) for f in self.fired],
            "reference_intakes": list(self.reference_intakes),
            "limits": list(self.limits),
        }
