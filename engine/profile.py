"""A person's facts: read from a file and options, validated, and normalised for the rules."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, BinaryIO

from .amounts import AmountError, nutrient_and_form, plain, read_taken
from .errors import ProfileError, shown
from .factmodel import NAMES_NOT_RECOGNISED, TAKEN_MAX, ProfileModel
from .names import MAX_NAME, name_reader, visible
from .numberreader import NumberError, read_dose_number, read_number
from .vocabulary import UNIT_TEXT, Vocabulary, name_key

TRUE_WORDS = {"true", "yes", "y", "1", "on"}
FALSE_WORDS = {"false", "no", "n", "0", "off"}


def read_field_number(value: Any) -> float | int:
    """The number a scalar field's `value` is, exactly as written, read by engine.numberreader as every
    number is (a dose's too); ValueError says what is wrong, in words."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"{shown(value)} is not a number")
    if isinstance(value, (int, float)):
        return value
    return read_number(value)


def _as_number(text: str) -> Any:
    """A YAML or JSON number's text as the number engine.numberreader reads (its point the decimal mark, as
    the format says), else the text itself, refused when the field is read (YAML 1.1 reads 1_0 as 10,
    017 as 15, 1:30 as 90 and 1e400 as infinity)."""
    try:
        return read_number(text, point_is_decimal=True)
    except NumberError:
        return text


_EXPONENT = re.compile(r"-?[0-9]{1,20}(?:\.[0-9]{1,20})?[eE][+-]?[0-9]{1,2}")


def _json_number(text: str) -> Any:
    """A JSON number as written: as _as_number reads it, and an exponent form ('1e5', '2.5E3', the
    format's own) as its exact value when that is whole and has at most 15 digits; else the text itself,
    refused when the field is read (a JSON reader's 1e400 is infinity, 1.5e0 is not whole)."""
    if _EXPONENT.fullmatch(text):
        value = Decimal(text)
        if value == value.to_integral_value() and abs(value) < 10 ** 15:
            return int(value)
        return text
    return _as_number(text)


def _number(field_name: str, low: float, high: float, what: str) -> Callable[[Any], float]:
    def parse(value: Any) -> float:
        try:
            number = read_field_number(value)
        except NumberError as err:
            raise ProfileError(field_name, f"{_within(err, value, low, high)}; accepted: {what}") from None
        except ValueError as err:
            raise ProfileError(field_name, f"{err}; accepted: {what}") from None
        finite = isinstance(number, int) or math.isfinite(number)  # an int is compared exactly, never overflows
        if not (finite and low <= number <= high):
            raise ProfileError(field_name, f"{shown(value)} is out of range; accepted: {what}")
        return tidy(float(number))
    return parse


def _within(err: NumberError, value: Any, low: float, high: float) -> str:
    """An ambiguous number's refusal suggesting only the readings in the field's range ('--age 3.999':
    3.999, never 3999); the reader's own refusal when both or neither are in range."""
    kept = [(number, forms) for number, forms in err.readings if low <= number <= high]
    if not err.readings or len(kept) == len(err.readings):
        return str(err)
    if not kept:
        return f"{shown(value)} is out of range whether its point is a decimal or a thousands separator"
    number, forms = kept[0]
    return (f"{shown(value)} is ambiguous: a point before three digits may separate thousands; "
            f"write {' or '.join(forms)} for {number.normalize():f}")


def tidy(number: float) -> float | int:
    """Round to 3 decimals and use an int when whole: durable-rules misreads some float texts."""
    number = round(number, 3)
    return int(number) if number == int(number) else number


def _choice(field_name: str, choices: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = str(value).strip().casefold() if isinstance(value, str) else None
        if text not in choices:
            raise ProfileError(field_name, f"{shown(value)} is not accepted; accepted: {' or '.join(choices)}")
        return text
    return parse


def _flag(field_name: str) -> Callable[[Any], bool]:
    def parse(value: Any) -> bool:
        if isinstance(value, bool):
            return value
        text = value.strip().casefold() if isinstance(value, str) else value if isinstance(value, int) else None
        if text in TRUE_WORDS or text == 1:
            return True
        if text in FALSE_WORDS or text == 0:
            return False
        raise ProfileError(field_name, f"{shown(value)} is not accepted; accepted: true or false")
    return parse


def field_reader(model: ProfileModel, name: str) -> Callable[[Any], Any]:
    """The reader of one scalar profile field, from its declared type (rules/facts.yaml `profile`)."""
    spec = model.declared[name]
    if spec["type"] == "number":
        return _number(name, spec["min"], spec["max"], model.accepted(name))
    if spec["type"] == "enum":
        return _choice(name, tuple(str(v) for v in spec["values"]))
    return _flag(name)


@dataclass
class Supplement:
    """One supplement the person takes now, in the nutrient's canonical unit."""

    nutrient: str
    amount: float
    unit: str
    form: str | None
    given: str
    read_as: str | None = None  # of a nutrient taken as salts: "salt" (its weight was given) or "elemental"
    salt_weight: float | None = None  # the salt's weight given, in the canonical unit, when read_as is "salt"

    def as_dict(self) -> dict[str, Any]:
        return {"nutrient": self.nutrient, "amount": self.amount, "unit": self.unit,
                "form": self.form, "given": self.given, "read_as": self.read_as, "salt_weight": self.salt_weight}


# Who gave a supplement in a raw profile, in the order they win: an option's or a question's dose of
# a nutrient replaces the profile file's (or the options') doses of that nutrient, and the output says so.
FROM_FILE, FROM_OPTION, FROM_QUESTION = 0, 1, 2
REPLACED_BY = {FROM_OPTION: "replaced-by-option", FROM_QUESTION: "replaced-by-question"}


class RawProfile(dict):
    """A raw profile (field -> value as given) that remembers who gave each item of a list field:
    `origins[field]` holds FROM_FILE, FROM_OPTION or FROM_QUESTION per item."""

    def __init__(self, *args: Any, origins: dict[str, list[int]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.origins: dict[str, list[int]] = dict(origins or {})


def joined_lists(mine: Mapping[str, Any], theirs: Mapping[str, Any], origin: int) -> RawProfile:
    """`mine` with `theirs` given by `origin`: a scalar of theirs replaces mine; a list of theirs is added
    to mine (a supplement of theirs then replaces mine of the same nutrient: normalise_profile)."""
    origins = {k: list(v) for k, v in getattr(mine, "origins", {}).items()}
    joined = RawProfile(mine, origins=origins)
    for name, value in theirs.items():
        if isinstance(value, list) and mine.get(name) is not None:
            before = mine[name] if isinstance(mine[name], list) else [mine[name]]
            joined[name] = [*before, *value]
            joined.origins[name] = [*origins.get(name, [FROM_FILE] * len(before)), *[origin] * len(value)]
        else:
            joined[name] = value
            joined.origins.pop(name, None)
    return joined


@dataclass
class Profile:
    """Normalised facts, what was assumed, and what could not be recognised."""

    model: ProfileModel = field(default_factory=lambda: ProfileModel({}, ()))
    values: dict[str, Any] = field(default_factory=dict)
    taking: list[Supplement] | None = None  # the supplements field's items
    names: dict[str, list[str]] = field(default_factory=dict)  # names field -> ids given
    assumed: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # (message code, values)
    unrecognised: dict[str, list[str]] = field(default_factory=dict)

    def facts(self) -> dict[str, Any]:
        """The flat facts the rules read; a missing field stays missing (unknown)."""
        facts: dict[str, Any] = dict(self.values)
        if self.taking is not None:
            for supplements_field in self.model.supplements_fields:
                for nutrient in self.model.nutrients:
                    facts[self.model.taken_fact(supplements_field, nutrient)] = tidy(
                        sum(s.amount for s in self.taking if s.nutrient == nutrient))
        for name, ids in self.names.items():
            facts[name] = frozenset(ids)
        if self.names:
            facts[NAMES_NOT_RECOGNISED] = bool(self.unrecognised)
        return facts

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.values)
        if self.taking is not None:
            for supplements_field in self.model.supplements_fields:
                out[supplements_field] = [s.as_dict() for s in self.taking]
        out.update({name: list(ids) for name, ids in self.names.items()})
        out["unknown"] = [f for f in self.model.fields if f not in out]
        out["assumed"] = [code for code, _ in self.assumed]  # worded per language by the resolver
        out["unrecognised"] = {k: list(v) for k, v in self.unrecognised.items()}
        return out


# A profile's bounds: a person's facts fit in a few lines; anything far beyond is refused, not read.
MAX_PROFILE_BYTES = 1_000_000  # a profile file or standard input
MAX_TEXT = 500  # characters in one value
MAX_ITEMS = 100  # items in one list (taking, medications, conditions)
MAX_DEPTH = 20  # nesting of YAML or JSON collections


def load_json(text: str) -> Any:
    """JSON with a profile's bounds (depth, a key given twice refused, a long digit string kept as
    text); raises ValueError saying what is wrong, or ProfileError naming a key given twice."""
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_int=_as_number,
                          parse_float=_json_number, parse_constant=str)  # NaN, Infinity: text, as YAML's .nan
    except RecursionError:
        raise ValueError("nested too deep") from None
    except _GivenTwice as twice:
        raise ProfileError(_field_name(twice.key), f"given twice{_key_lines(text, twice.key)}; give it once") from None


class _GivenTwice(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise _GivenTwice(key)
        data[key] = value
    return data


_JSON_KEY = re.compile(r'"((?:[^"\\\n]|\\.){0,2000})"\s*:')


def _key_lines(text: str, key: str) -> str:
    """Where a JSON text writes `key` as a key, as YAML's refusal says it ('(lines 2 and 5)'): json's
    hook sees no positions, so the text is scanned for the key, however it is escaped. Nothing for a
    text of one line (a JSON Lines row: its line is named already)."""
    if "\n" not in text.strip():
        return ""
    lines = []
    for found in _JSON_KEY.finditer(text):
        try:
            written = json.loads(f'"{found[1]}"')
        except ValueError:
            continue
        if written == key:
            lines.append(text.count("\n", 0, found.start()) + 1)
    if len(lines) < 2:
        return ""
    if len(lines) == 2:
        return f" (lines {lines[0]} and {lines[1]})"
    shown_lines = ", ".join(str(line) for line in lines[:5])
    return f" in one object (the key is written at lines {shown_lines}{', ...' if len(lines) > 5 else ''})"


def read_profile_file(path: str, stdin: BinaryIO | None = None) -> dict[str, Any]:
    """Read a YAML or JSON profile file ('-' reads `stdin`, the standard input's bytes)."""
    name = "standard input" if path == "-" else shown(path, 200)
    if path == "-":
        if stdin is None:
            raise ProfileError("PROFILE", "standard input is closed; give a profile file or pipe one in")
        text = _read_text(stdin, name)
    else:
        try:
            with open(path, "rb") as handle:
                text = _read_text(handle, name)
        except OSError as err:
            raise ProfileError("PROFILE", f"cannot read {name}: {err.strerror}") from None
    import yaml  # only for a profile file: the commands' start-up need not import it

    from .profileyaml import ProfileLoader

    try:
        data = load_json(text) if path.endswith(".json") else _json_or_yaml(text, ProfileLoader)
    except (yaml.YAMLError, ValueError) as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else (f" at line {err.lineno}" if hasattr(err, "lineno") else "")
        nested = f": {err}" if str(err).startswith("nested") else _directive_problem(err, text)
        raise ProfileError("PROFILE", f"{name} is not valid YAML or JSON{where}{nested}") from None
    except RecursionError:
        raise ProfileError("PROFILE", f"{name}: nested more than {MAX_DEPTH} deep") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ProfileError("PROFILE", f"{name} must be a mapping of field: value")
    return data


_DIRECTIVE = re.compile(r"\s*%YAML[ \t]+([0-9]{1,3}\.[0-9]{1,3})")


def _directive_problem(err: Exception, text: str) -> str:
    """What is wrong with a `%YAML` directive, in words (PyYAML says 'expected <document start>' or
    'incompatible YAML document'): PyYAML reads YAML 1.1 and 1.2 documents, each after a '---' line."""
    directive = _DIRECTIVE.match(text)
    problem = str(getattr(err, "problem", "") or "")
    if directive is None:
        return ""
    if "incompatible" in problem:
        return f": %YAML {directive[1]} is not supported; accepted: %YAML 1.1 or %YAML 1.2 (or none)"
    if "document start" in problem:
        return ": a %YAML directive must be followed by a line '---' before the profile"
    return ""


def _json_or_yaml(text: str, loader: Any) -> Any:
    """Text that is a JSON object is read as JSON, as a .json file is (standard input has no name to
    tell): YAML would read `{"age": 7e1}` otherwise (its 7e1 is text). Anything else is YAML (a flow
    mapping such as `{age: 70}` is no JSON)."""
    import yaml

    if text.lstrip().startswith("{"):
        try:
            return load_json(text)
        except json.JSONDecodeError:
            pass
    return yaml.load(text, Loader=loader)


def _read_text(handle: BinaryIO, name: str) -> str:
    """The whole text of a profile, or a refusal: too large, unreadable, or not UTF-8."""
    try:
        data = handle.read(MAX_PROFILE_BYTES + 1)
    except (OSError, ValueError):  # ValueError: a stream already closed
        raise ProfileError("PROFILE", f"cannot read {name}") from None
    if len(data) > MAX_PROFILE_BYTES:
        raise ProfileError("PROFILE", f"{name} is larger than {MAX_PROFILE_BYTES:,} bytes; "
                                      "a profile is a few lines")
    try:
        return data.decode("utf-8-sig")  # a byte-order mark (Windows editors) is not JSON
    except UnicodeDecodeError as err:
        raise ProfileError("PROFILE", f"{name} is not UTF-8 text (byte {err.start + 1})") from None


def _field_name(key: Any) -> str:
    """A key as a field name in a message: text as it is (ProfileError escapes it), anything else in words."""
    return key if isinstance(key, str) else shown(key)


def _check_bounds(name: str, value: Any) -> None:
    """Refuse a value beyond a profile's bounds before reading it: long text, a long list, a list
    inside a list, a `taking` mapping with more than its four keys or holding a collection."""
    items = value if isinstance(value, list) else [value]
    if len(items) > MAX_ITEMS:
        raise ProfileError(name, f"{shown(value)} is too many; accepted: up to {MAX_ITEMS} items")
    for item in items:
        if isinstance(item, list):
            raise ProfileError(name, f"{shown(item)} is not accepted inside a list; accepted: text items")
        parts = [item]
        if isinstance(item, dict):
            if len(item) > 4:
                raise ProfileError(name, f"{shown(item)} has {len(item)} keys; accepted: nutrient, amount, unit, form")
            parts = [*item, *item.values()]
            if any(isinstance(part, (list, dict)) for part in parts):
                raise ProfileError(name, "a mapping's values must be text or numbers; accepted: "
                                         "{nutrient, amount, unit, form}")
        for part in parts:
            if isinstance(part, str) and len(part) > MAX_TEXT:
                raise ProfileError(name, f"{shown(part)} is too long (at most {MAX_TEXT} characters)")


def normalise_profile(raw: Mapping[str, Any], vocab: Vocabulary) -> Profile:
    """Validate every field and convert units; raises ProfileError naming the first bad field."""
    model = vocab.profile
    unknown = [k for k in raw if k not in model.fields]
    if unknown:
        raise ProfileError(_field_name(unknown[0]), f"unknown field; accepted fields: {', '.join(model.fields)}")
    for name, value in raw.items():
        _check_bounds(name, value)
    profile = Profile(model)
    for name in model.scalar_fields:
        if raw.get(name) is not None:
            profile.values[name] = field_reader(model, name)(raw[name])
    for name in model.scalar_fields:  # a fact given only when another has a value ('only_when', 'assumes')
        spec = model.declared[name]
        if not profile.values.get(name):  # not given, or a yes/no given as no
            continue
        for other, wanted in spec.get("only_when", {}).items():
            if profile.values.get(other, wanted) != wanted:
                raise ProfileError(name, f"is accepted only when {other} is {wanted} (or not given)")
        for other, value in spec.get("assumes", {}).items():
            if other not in profile.values:
                profile.values[other] = value
                profile.assumed.append((f"assumed-{other}-from-{name}", {}))
    for name in model.supplements_fields:
        if raw.get(name) is not None:
            items = _as_list(name, raw[name])
            origins = getattr(raw, "origins", {}).get(name)
            given_by = origins if origins and len(origins) == len(items) else [FROM_FILE] * len(items)
            parts = [(part, origin) for item, origin in zip(items, given_by, strict=True)
                     for part in _split_items(item)]
            if len(parts) > MAX_ITEMS:
                raise ProfileError(name, f"{len(parts)} items are too many; accepted: up to {MAX_ITEMS} items")
            profile.taking = [_supplement(part, vocab, profile, name) for part, _ in parts]
            if origins:
                profile.taking = _replaced_by_later(profile.taking, [origin for _, origin in parts], profile)
    for name in model.names_fields:
        if raw.get(name) is not None:
            profile.names[name] = _names(name, model.declared[name]["vocabulary"], raw[name], vocab, profile)
    return profile


def _replaced_by_later(taking: list[Supplement], origins: list[int], profile: Profile) -> list[Supplement]:
    """The supplements without those a later giver (an option, a question) gives the nutrient of; each
    one set aside is a note the person sees ('replaced-by-option': the file's dose and the one used)."""
    latest: dict[str, int] = {}
    for item, origin in zip(taking, origins, strict=True):
        latest[item.nutrient] = max(origin, latest.get(item.nutrient, origin))
    kept = []
    for item, origin in zip(taking, origins, strict=True):
        if origin == latest[item.nutrient]:
            kept.append(item)
            continue
        used = "; ".join(s.given for s, o in zip(taking, origins, strict=True)
                         if s.nutrient == item.nutrient and o == latest[item.nutrient])
        profile.assumed.append((REPLACED_BY[latest[item.nutrient]], {"given": item.given, "used": used}))
    return kept


def _as_list(field_name: str, value: Any) -> list[Any]:
    if isinstance(value, (str, dict)):
        return [value]
    if not isinstance(value, list):
        raise ProfileError(field_name, "must be a list")
    return value


def _split_items(item: Any) -> list[Any]:
    """A text of items separated by ';' as its items, wherever a list is given as one text (a YAML or
    JSON profile, JSON Lines, an option), as a CSV cell is read; anything else as it is."""
    if not isinstance(item, str) or ";" not in item:
        return [item]
    return [part.strip() for part in item.split(";") if part.strip()] or [item]


def _names(kind: str, table: str, value: Any, vocab: Vocabulary, profile: Profile) -> list[str]:
    """The ids of the names given (engine.names reads strengths, salts, brands, stages); the parts
    not recognised are kept for the warning the person sees."""
    reader = name_reader(vocab, table)
    ids: list[str] = []
    for name in _as_list(kind, value):
        if not isinstance(name, str) or not name.strip():
            raise ProfileError(kind, f"{shown(name)} is not accepted; accepted: a list of names")
        if len(name) > MAX_NAME:
            raise ProfileError(kind, f"{shown(name)} is too long ({len(name)} characters; at most {MAX_NAME})")
        _refuse_a_fact_of_its_own(kind, name, vocab)
        reading = reader.read(name)
        ids += [ident for ident in reading.ids if ident not in ids]
        for part in reading.not_recognised:
            if part not in profile.unrecognised.get(kind, []):
                profile.unrecognised.setdefault(kind, []).append(part)
            possible = reader.possible_class(part)  # 'Warfarine': possibly warfarin, on the safe side
            if possible is not None and possible not in ids:
                ids.append(possible)
    return ids


def _refuse_a_fact_of_its_own(kind: str, name: str, vocab: Vocabulary) -> None:
    """A name that is a profile fact of its own (vocabulary `fact_names`: 'pregnant') is refused in one
    line naming that fact, never read as a name not recognised (which would give the amounts without it)."""
    fact = vocab.fact_names.get(name_key(plain(visible(name))))
    if fact is None:
        return
    option = str(vocab.profile.declared.get(fact, {}).get("option", {}).get("name", "")).split("/")[0]
    how = f"{option}, or {fact}: true in a profile" if option else f"{fact}: true in a profile"
    raise ProfileError(kind, f"{shown(name)} is a fact of its own, not one of the {kind}: give {fact} ({how})")


def _supplement(item: Any, vocab: Vocabulary, profile: Profile, name: str) -> Supplement:
    """One supplement (text or mapping), read by engine.amounts and converted to the canonical unit;
    the declaration's `accepted` and `examples` word the errors."""
    spec = vocab.profile.declared[name]
    accepted_text = str(spec.get("accepted", "'<nutrient> [form] <amount> <unit>' or {nutrient, amount, unit, form}"))
    examples = str(spec.get("examples", "see README"))
    try:
        if isinstance(item, str):
            taken = read_taken(item, vocab)
            nutrient, form, amount, unit = taken.nutrient, taken.form, taken.number, taken.unit
            from_source = taken.from_source
            unit_text = UNIT_TEXT.get(taken.unit, taken.unit)  # the unit as people read it (µg), not its id
            given = item.strip()
        elif isinstance(item, dict):
            from_source = False
            _check_supplement_keys(name, item)
            amount = item["amount"]
            if isinstance(amount, str):  # read as a dose's number is written anywhere ('5,000', '5k', '五千')
                amount = read_dose_number(amount, vocab.numerals, vocab.multipliers, vocab.numeral_points)
            form_text = item.get("form")
            nutrient, form = nutrient_and_form(str(item["nutrient"]), None if form_text is None else str(form_text),
                                               vocab)
            unit_text = str(item["unit"])
            unit = vocab.unit(unit_text)
            named = item["nutrient"] if form_text is None else f"{item['nutrient']} {form_text}"
            given = f"{named} {item['amount']} {item['unit']}"
        else:
            raise ProfileError(name, f"{shown(item)} is not accepted; accepted: {accepted_text}")
    except (AmountError, NumberError) as err:
        problem = str(err) if "accepted" in str(err) else f"{err}; accepted: {examples}"
        raise ProfileError(name, problem) from None
    amount = _number(name, 0, TAKEN_MAX, f"an amount from 0 to {TAKEN_MAX}")(amount)
    return _to_canonical(name, nutrient, float(amount), unit, unit_text, form, given, vocab, profile, from_source)


SUPPLEMENT_KEYS = ("nutrient", "amount", "unit", "form")
ACCEPTED_KEYS = f"accepted keys: {', '.join(SUPPLEMENT_KEYS)} (form optional)"


def _check_supplement_keys(name: str, item: dict) -> None:
    """A supplement mapping holds nutrient, amount and unit, and form at most: else name the key."""
    unknown = [key for key in item if key not in SUPPLEMENT_KEYS]
    if unknown:
        key = unknown[0]
        raise ProfileError(name, f"unknown key {shown(key)} in a supplement; {ACCEPTED_KEYS}")
    missing = [key for key in SUPPLEMENT_KEYS[:3] if key not in item]
    if missing:
        raise ProfileError(name, f"a supplement without {shown(missing[0])}; {ACCEPTED_KEYS}")


def _to_canonical(name: str, nutrient: str, amount: float, unit: str | None, unit_text: str, form: str | None,
                  given: str, vocab: Vocabulary, profile: Profile, from_source: bool = False) -> Supplement:
    """A supplement in its nutrient's canonical unit: a salt's weight counted by the salt's share; an
    amount a label states of a source ('Calcium (as calcium carbonate) 600 mg') as the nutrient's own."""
    factors = vocab.unit_factors[nutrient]
    if unit not in factors:
        accepted = vocab.accepted_units(nutrient)
        label = vocab.nutrient_entries.get(nutrient, {}).get("short", nutrient)  # 'D3', never the id 'd3'
        raise ProfileError(name, f"{shown(unit_text)} is not a unit for {label}; accepted: {accepted}")
    amount *= factors[unit]
    read_as = salt_weight = None
    if nutrient == vocab.salt_nutrient and from_source:
        read_as = "source"
    elif nutrient == vocab.salt_nutrient and vocab.salt_fractions:  # a salt counts by its share; the echo says which
        if form is None:
            form = str(vocab.nutrient_entries[nutrient]["default_form"])
            profile.assumed.append((f"assumed-{form}-{nutrient}", {"given": given}))
        fraction = vocab.salt_fractions[form]
        read_as, salt_weight = ("elemental", None) if fraction == 1 else ("salt", tidy(amount))
        amount *= fraction
    return Supplement(nutrient, tidy(amount), vocab.canonical_units[nutrient], form, given, read_as, salt_weight)
