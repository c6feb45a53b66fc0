"""A person's facts: read from a file and options, validated, and normalised for the rules."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ProfileError
from .vocabulary import NUTRIENTS, Vocabulary, name_key

_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


def _number(field_name: str, low: float, high: float, what: str) -> Callable[[Any], float]:
    def parse(value: Any) -> float:
        if isinstance(value, bool) or value is None:
            raise ProfileError(field_name, f"{value!r} is not accepted; accepted: {what}")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ProfileError(field_name, f"{value!r} is not a number; accepted: {what}") from None
        if not math.isfinite(number) or not low <= number <= high:
            raise ProfileError(field_name, f"{value!r} is out of range; accepted: {what}")
        return tidy(number)
    return parse


def tidy(number: float) -> float | int:
    """Round to 3 decimals and use an int when whole: durable-rules misreads some float texts."""
    number = round(number, 3)
    return int(number) if number == int(number) else number


def _choice(field_name: str, choices: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = str(value).strip().casefold() if isinstance(value, str) else None
        if text not in choices:
            raise ProfileError(field_name, f"{value!r} is not accepted; accepted: {' or '.join(choices)}")
        return text
    return parse


def _flag(field_name: str) -> Callable[[Any], bool]:
    def parse(value: Any) -> bool:
        if isinstance(value, bool):
            return value
        text = str(value).strip().casefold()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ProfileError(field_name, f"{value!r} is not accepted; accepted: true or false")
    return parse


# What the rules may test, with the values each can take (the audit reasons over these).
FACT_TYPES: dict[str, dict[str, Any]] = {
    "age": {"type": "number", "min": 0, "max": 130},
    "sex": {"type": "enum", "values": ["female", "male"]},
    "menopause": {"type": "enum", "values": ["pre", "peri", "post"]},
    "pregnant": {"type": "bool"},
    "breastfeeding": {"type": "bool"},
    "sun": {"type": "enum", "values": ["low", "enough"]},
    "sun_minutes": {"type": "number", "min": 0, "max": 1440},
    "sun_midday": {"type": "bool"},
    "arms_legs_bare": {"type": "bool"},
    "sunscreen": {"type": "bool"},
    "mostly_indoors": {"type": "bool"},
    "diet_calcium": {"type": "number", "min": 0, "max": 10000},
    **{f"taking_{n}": {"type": "number", "min": 0, "max": 1000000} for n in NUTRIENTS},
    "medications": {"type": "list", "vocabulary": "medications"},
    "conditions": {"type": "list", "vocabulary": "conditions"},
}

# How each number is described in an error; the range itself comes from FACT_TYPES.
_NUMBER_WORDS = {
    "age": "a number of years from {min} to {max}",
    "sun_minutes": "minutes of direct sun a day, {min} to {max}",
    "diet_calcium": "mg of calcium a day from food, {min} to {max}",
}


def _parser(name: str, spec: dict[str, Any]) -> Callable[[Any], Any]:
    """The reader of one scalar profile field, from its type in FACT_TYPES."""
    if spec["type"] == "number":
        return _number(name, spec["min"], spec["max"], _NUMBER_WORDS[name].format(**spec))
    if spec["type"] == "enum":
        return _choice(name, tuple(spec["values"]))
    return _flag(name)


# The contract's scalar profile fields (spec/contract.md), read as FACT_TYPES says.
SCALAR_FIELDS: dict[str, Callable[[Any], Any]] = {name: _parser(name, FACT_TYPES[name]) for name in (
    "age", "sex", "menopause", "pregnant", "breastfeeding", "sun", "sun_minutes", "sun_midday",
    "arms_legs_bare", "sunscreen", "mostly_indoors", "diet_calcium")}
LIST_FIELDS = ("taking", "medications", "conditions")
PROFILE_FIELDS = (*SCALAR_FIELDS, *LIST_FIELDS)


@dataclass
class Supplement:
    """One supplement the person takes now, in the nutrient's canonical unit."""

    nutrient: str
    amount: float
    unit: str
    form: str | None
    given: str

    def as_dict(self) -> dict[str, Any]:
        return {"nutrient": self.nutrient, "amount": self.amount, "unit": self.unit,
                "form": self.form, "given": self.given}


@dataclass
class Profile:
    """Normalised facts, what was assumed, and what could not be recognised."""

    values: dict[str, Any] = field(default_factory=dict)
    taking: list[Supplement] | None = None
    medications: list[str] | None = None
    conditions: list[str] | None = None
    assumed: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # (message code, values)
    unrecognised: dict[str, list[str]] = field(default_factory=dict)

    def facts(self) -> dict[str, Any]:
        """The flat facts the rules read; a missing field stays missing (unknown)."""
        facts: dict[str, Any] = dict(self.values)
        if self.taking is not None:
            for nutrient in NUTRIENTS:
                facts[f"taking_{nutrient}"] = tidy(sum(s.amount for s in self.taking if s.nutrient == nutrient))
        if self.medications is not None:
            facts["medications"] = frozenset(self.medications)
        if self.conditions is not None:
            facts["conditions"] = frozenset(self.conditions)
        return facts

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.values)
        if self.taking is not None:
            out["taking"] = [s.as_dict() for s in self.taking]
        if self.medications is not None:
            out["medications"] = list(self.medications)
        if self.conditions is not None:
            out["conditions"] = list(self.conditions)
        out["unknown"] = [f for f in PROFILE_FIELDS if f not in out]
        out["assumed"] = [code for code, _ in self.assumed]  # worded per language by the resolver
        out["unrecognised"] = {k: list(v) for k, v in self.unrecognised.items()}
        return out


def read_profile_file(path: str, stdin_text: str | None = None) -> dict[str, Any]:
    """Read a YAML or JSON profile file ('-' reads standard input)."""
    if path == "-":
        text = stdin_text if stdin_text is not None else ""
        name = "standard input"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8-sig")  # a byte-order mark (Windows editors) is not JSON
        except OSError as err:
            raise ProfileError("PROFILE", f"cannot read {path}: {err.strerror}") from None
        except UnicodeDecodeError:
            raise ProfileError("PROFILE", f"{path} is not UTF-8 text") from None
        name = path
    try:
        data = json.loads(text) if name.endswith(".json") else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else (f" at line {err.lineno}" if hasattr(err, "lineno") else "")
        raise ProfileError("PROFILE", f"{name} is not valid YAML or JSON{where}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ProfileError("PROFILE", f"{name} must be a mapping of field: value")
    return data


def normalise_profile(raw: Mapping[str, Any], vocab: Vocabulary) -> Profile:
    """Validate every field and convert units; raises ProfileError naming the first bad field."""
    unknown = [k for k in raw if k not in PROFILE_FIELDS]
    if unknown:
        raise ProfileError(str(unknown[0]), f"unknown field; accepted fields: {', '.join(PROFILE_FIELDS)}")
    profile = Profile()
    for name, parse in SCALAR_FIELDS.items():
        if raw.get(name) is not None:
            profile.values[name] = parse(raw[name])
    if "menopause" in profile.values:
        if profile.values.get("sex") == "male":
            raise ProfileError("menopause", "is accepted only when sex is female (or not given)")
        if "sex" not in profile.values:
            profile.values["sex"] = "female"
            profile.assumed.append(("assumed-sex-from-menopause", {}))
    for flag in ("pregnant", "breastfeeding"):
        if profile.values.get(flag) and profile.values.get("sex") == "male":
            raise ProfileError(flag, "is accepted only when sex is female (or not given)")
    if raw.get("taking") is not None:
        profile.taking = [_supplement(item, vocab, profile) for item in _as_list("taking", raw["taking"])]
    for kind in ("medications", "conditions"):
        if raw.get(kind) is not None:
            setattr(profile, kind, _names(kind, raw[kind], getattr(vocab, kind), profile))
    return profile


def _as_list(field_name: str, value: Any) -> list[Any]:
    if isinstance(value, (str, dict)):
        return [value]
    if not isinstance(value, list):
        raise ProfileError(field_name, "must be a list")
    return value


def _names(kind: str, value: Any, table: dict[str, str], profile: Profile) -> list[str]:
    ids: list[str] = []
    for name in _as_list(kind, value):
        if not isinstance(name, str) or not name.strip():
            raise ProfileError(kind, f"{name!r} is not accepted; accepted: a list of names")
        ident = table.get(name_key(name))
        if ident is None:
            profile.unrecognised.setdefault(kind, []).append(name.strip())
        elif ident not in ids:
            ids.append(ident)
    return ids


# The amount keeps its sign, so "D3 -5 IU" is refused as out of range rather than read as 5 IU of "D3 -".
_TAKING_TEXT = re.compile(r"^(?P<what>.+?)\s*(?P<amount>-?\d+(?:\.\d+)?)\s*(?P<unit>[^\d\s][^\d]*)$")


def _supplement(item: Any, vocab: Vocabulary, profile: Profile) -> Supplement:
    accepted = ("'<nutrient> [form] <amount> <unit>', e.g. 'calcium carbonate 1250 mg', "
                "or {nutrient, amount, unit, form}")
    if isinstance(item, str):
        match = _TAKING_TEXT.match(item.strip())
        if not match:
            raise ProfileError("taking", f"{item!r} is not accepted; accepted: {accepted}")
        what, amount, unit, given = match["what"], match["amount"], match["unit"], item.strip()
        form = None
    elif isinstance(item, dict):
        extra = set(item) - {"nutrient", "amount", "unit", "form"}
        if extra or not {"nutrient", "amount", "unit"} <= set(item):
            raise ProfileError("taking", f"{item!r} is not accepted; accepted: {accepted}")
        what, amount, unit, form = str(item["nutrient"]), item["amount"], str(item["unit"]), item.get("form")
        given = f"{what} {amount} {unit}"
    else:
        raise ProfileError("taking", f"{item!r} is not accepted; accepted: {accepted}")
    nutrient, form = _nutrient_and_form(what, form, vocab)
    amount = _number("taking", 0, 1000000, "an amount from 0 to 1000000")(amount)
    return _to_canonical(nutrient, float(amount), unit, form, given, vocab, profile)


def _nutrient_and_form(what: str, form: Any, vocab: Vocabulary) -> tuple[str, str | None]:
    key = name_key(what)
    if key in vocab.salts:
        return "calcium", vocab.salts[key]
    nutrient = vocab.nutrient(what)
    if nutrient is not None:
        return nutrient, _form(nutrient, form if form is not None else what, vocab)
    words = what.split()
    for cut in range(len(words) - 1, 0, -1):
        nutrient = vocab.nutrient(" ".join(words[:cut]))
        if nutrient is not None:
            rest = " ".join(words[cut:])
            return nutrient, _form(nutrient, form if form is not None else rest, vocab)
    raise ProfileError("taking", f"{what!r} is not a nutrient bonekb knows; "
                                 "accepted: calcium, D3, K2, K1 and their names")


def _form(nutrient: str, text: Any, vocab: Vocabulary) -> str | None:
    if text is None:
        return None
    key = name_key(text)
    if nutrient == "calcium":
        if key in vocab.salts:
            return vocab.salts[key]
        if vocab.nutrient(text) == "calcium":
            return None
        raise ProfileError("taking", f"calcium form {text!r} is not known; accepted: {', '.join(vocab.salt_fractions)}")
    if nutrient == "k2":
        return vocab.k2_forms.get(key)
    return None


def _to_canonical(nutrient: str, amount: float, unit_text: str, form: str | None, given: str,
                  vocab: Vocabulary, profile: Profile) -> Supplement:
    unit = vocab.unit(unit_text)
    factors = vocab.unit_factors[nutrient]
    if unit not in factors:
        accepted = vocab.accepted_units(nutrient)
        raise ProfileError("taking", f"{unit_text!r} is not a unit for {nutrient}; accepted: {accepted}")
    amount *= factors[unit]
    if nutrient == "calcium":
        if form is None:
            profile.assumed.append(("assumed-elemental-calcium", {"given": given}))
            form = "elemental"
        amount *= vocab.salt_fractions[form]
    return Supplement(nutrient, tidy(amount), vocab.canonical_units[nutrient], form, given)
