"""The JSON Schema of a profile, generated from the knowledge base's declarations (rules/facts.yaml
`profile`, the nutrients and units of rules/vocabulary.yaml), for editors and for programs that
write profiles.

It gives each field's canonical forms: a number in its declared range, an enum's values, a bool, a
supplement as text or {nutrient, amount, unit, form} with the units of that nutrient, and a list of
names. What it accepts, the profile reader accepts; the reader also accepts a little more that a
schema cannot say exactly (a value's case, a number written with thousands separators, which is
checked against its range only when read).
"""

from __future__ import annotations

from typing import Any

from .amounts import MAX_TEXT as MAX_DOSE_TEXT
from .factmodel import TAKEN_MAX
from .names import MAX_NAME
from .numberreader import MAX_DECIMALS
from .profile import FALSE_WORDS, MAX_ITEMS, MAX_PROFILE_BYTES, TRUE_WORDS
from .vocabulary import Vocabulary

DRAFT = "https://json-schema.org/draft/2020-12/schema"
SHIPPED_ID = "https://bonekb.example/schemas/profile.schema.json"


def profile_schema(vocab: Vocabulary, schema_id: str = SHIPPED_ID, title: str = "A bonekb profile") -> dict[str, Any]:
    """The profile's JSON Schema for the knowledge base whose vocabulary (and declared facts) is `vocab`."""
    model = vocab.profile
    properties: dict[str, Any] = {}
    conditions: list[dict[str, Any]] = []
    for name, spec in model.declared.items():
        field = _field(vocab, spec)
        help_text = (spec.get("option") or {}).get("help")
        if help_text:
            field = {"description": str(help_text), **field}
        properties[name] = field
        for other, wanted in spec.get("only_when", {}).items():  # refused unless the other is that value
            conditions.append({"if": {"required": [name], "properties": {name: {"not": {"const": False}}}},
                               "then": {"properties": {other: {"const": wanted}}}})
    schema: dict[str, Any] = {
        "$schema": DRAFT, "$id": schema_id, "title": title,
        "description": f"Every field is optional; an unknown field is refused. A file is at most "
                       f"{MAX_PROFILE_BYTES:,} bytes; numbers have at most {MAX_DECIMALS} decimals. "
                       "Generated from the knowledge base's rules/facts.yaml and rules/vocabulary.yaml.",
        "type": "object", "additionalProperties": False, "properties": properties,
    }
    if conditions:
        schema["allOf"] = conditions
    return schema


def _field(vocab: Vocabulary, spec: dict[str, Any]) -> dict[str, Any]:
    kind = spec["type"]
    if kind == "number":
        number = {"type": "number", "minimum": spec["min"], "maximum": spec["max"]}
        return {**number, **({"x-unit": spec["unit"]} if spec.get("unit") else {})}
    if kind == "enum":
        return {"enum": [str(v) for v in spec["values"]]}
    if kind == "bool":
        return {"anyOf": [{"type": "boolean"}, {"enum": sorted(TRUE_WORDS | FALSE_WORDS)}]}
    if kind == "supplements":
        item = {"anyOf": [{"type": "string", "minLength": 1, "maxLength": MAX_DOSE_TEXT}, _supplement(vocab)]}
        return {"anyOf": [{"type": "array", "maxItems": MAX_ITEMS, "items": item}, item]}
    name = {"type": "string", "minLength": 1, "maxLength": MAX_NAME, "pattern": r"\S"}
    examples = sorted(vocab.name_tables.get(spec["vocabulary"], {}).values())
    listed = {"type": "array", "maxItems": MAX_ITEMS, "items": name}
    return {"anyOf": [listed, name], **({"examples": [sorted(set(examples))[:5]]} if examples else {})}


def _forms(vocab: Vocabulary, nutrient: str) -> list[str]:
    """The forms a mapping may give a nutrient: its salts (with a share), or its declared forms."""
    if nutrient == vocab.salt_nutrient:
        return list(vocab.salt_fractions)
    return sorted(set(vocab.forms.get(nutrient, {}).values()))


def _supplement(vocab: Vocabulary) -> dict[str, Any]:
    """A supplement as a mapping: a nutrient of the knowledge base, in one of its units, in one of its forms."""
    by_nutrient = []
    for nutrient in vocab.nutrients:
        forms = _forms(vocab, nutrient)
        then: dict[str, Any] = {"properties": {"unit": {"enum": sorted(vocab.unit_factors[nutrient])},
                                               **({"form": {"enum": forms}} if forms else {})}}
        if not forms:
            then["not"] = {"required": ["form"]}
        by_nutrient.append({"if": {"properties": {"nutrient": {"const": nutrient}}}, "then": then})
    return {
        "type": "object", "additionalProperties": False, "required": ["nutrient", "amount", "unit"],
        "properties": {"nutrient": {"enum": list(vocab.nutrients)},
                       "amount": {"type": "number", "minimum": 0, "maximum": TAKEN_MAX},
                       "unit": {"enum": sorted({u for n in vocab.nutrients for u in vocab.unit_factors[n]})},
                       "form": {"type": "string"}},
        "allOf": by_nutrient,
    }
