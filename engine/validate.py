"""Structural checks of a knowledge base: schema, references, fact types, cycles.

They yield Findings; `load_knowledge_base` refuses a knowledge base with an error among them,
and the audit reports all of them beside its own checks.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .conditions import NUMERIC_OPERATORS, Test, tests_of, to_nnf
from .errors import KnowledgeBaseError
from .knowledge import KnowledgeBase, Rule, read_knowledge_base
from .yamlsource import YamlDocument

if TYPE_CHECKING:  # a knowledge base checked before yields no findings: start-up
    from .findings import Finding

_OPTION_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["name", "help"],
    "properties": {"name": {"type": "string", "pattern": "^--[a-z0-9][a-z0-9-]*(/--[a-z0-9][a-z0-9-]*)?$"},
                   "help": {"type": "string"},
                   "shortcuts": {"type": "array", "items": {
                       "type": "object", "additionalProperties": False, "required": ["name", "value", "help"],
                       "properties": {"name": {"type": "string", "pattern": "^--[a-z0-9][a-z0-9-]*$"},
                                      "value": {"type": ["string", "boolean"]}, "help": {"type": "string"}}}}},
}
_PROFILE_FACT_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["type", "option"],
    "properties": {
        "type": {"enum": ["number", "enum", "bool", "supplements", "names"]},
        "min": {"type": "number"}, "max": {"type": "number"}, "whole": {"type": "boolean"},
        "unit": {"type": "string"},
        "values": {"type": "array", "minItems": 1, "items": {"type": "string"}},
        "vocabulary": {"type": "string"},
        "accepted": {"type": "string"}, "examples": {"type": "string"},
        "who": {"type": "boolean", "description": "Says who the person is: `ask` says whom an answer is for."},
        "situation": {"type": "boolean",
                      "description": "Stated in a question, makes it about that situation (when_named keywords)."},
        "only_when": {"type": "object", "additionalProperties": {"type": ["string", "boolean"]}},
        "assumes": {"type": "object", "additionalProperties": {"type": ["string", "boolean"]}},
        "option": _OPTION_SCHEMA,
    },
    "allOf": [
        {"if": {"properties": {"type": {"const": "number"}}}, "then": {"required": ["min", "max"]}},
        {"if": {"properties": {"type": {"const": "enum"}}}, "then": {"required": ["values"]}},
        {"if": {"properties": {"type": {"const": "names"}}}, "then": {"required": ["vocabulary"]}},
    ],
}
_FACT_NAME = {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"}
_FACT_NAMES = {"type": "array", "items": _FACT_NAME}
# rules/facts.yaml `figures`: how the sources band their figures, in these facts (the audit's T007, T008).
_FIGURES_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "ages": {**_FACT_NAME, "description": "The number fact in years that claims' and references' ages band."},
        "split_by": {**_FACT_NAMES, "description": "Enum facts a reference figure may be for one value of."},
        "life_stages": {"type": "object", "additionalProperties": _FACT_NAMES,
                        "description": "A reference figure's life_stage -> the bool facts that put a person in it."},
        "qualifiers": {"type": "object", "additionalProperties": _FACT_NAME,
                       "description": "A claim amount's key -> the fact whose value it is for."},
        "tile_ages": {**_FACT_NAMES, "description": "Derived facts whose rules on the ages fact alone tile the ages."},
    },
}
# rules/facts.yaml: the facts rules derive (`facts`) and the person's facts a profile gives (`profile`).
FACTS_FILE_SCHEMA = {
    "type": "object", "additionalProperties": False, "required": ["facts", "profile"],
    "properties": {"figures": _FIGURES_SCHEMA,
                   "facts": {"type": "object", "additionalProperties": {
        "type": "object", "additionalProperties": False, "required": ["values", "description"],
        "properties": {"values": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                       "multiple": {"type": "boolean"}, "description": {"type": "string"},
                       "result": {"description": "The contract's result key that shows this fact.",
                                  "enum": ["groups", "sun"]}}}},
                   "profile": {"type": "object", "minProperties": 1,
                               "propertyNames": {"pattern": "^[a-z][a-z0-9_]*$"},
                               "additionalProperties": _PROFILE_FACT_SCHEMA}},
}


def _messages_file_schema(kb: KnowledgeBase) -> dict[str, Any]:
    """rules/messages.yaml: every message the engine composes for this knowledge base, worded in every language."""
    from .resolve import required_messages

    message = {"type": "object", "required": list(kb.languages),
               "properties": {**{lang: {"type": "string"} for lang in kb.languages},
                              "sources": {"type": "array", "items": {"type": "string"}}}}
    return {"type": "object", "required": ["messages"],
            "properties": {"messages": {"type": "object", "required": required_messages(kb),
                                        "additionalProperties": message}}}


@cache
def schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped in engine/schemas/."""
    from importlib.resources import files

    return json.loads(files("bonekb.engine").joinpath("schemas", f"{name}.schema.json").read_text("utf-8"))


@cache
def nutrient_validator(name: str, nutrients: tuple[str, ...], languages: tuple[str, ...] = (),
                       units: tuple[str, ...] | None = None, life_stages: tuple[str, ...] | None = None) -> Any:
    """The validator of a schema whose `nutrient` is one of this knowledge base's nutrients, whose
    `unit` and `life_stage` (where given) are ones it declares, and whose `text` is worded in each of
    its declared languages (the shipped schema, for editors, accepts any language tag)."""
    from jsonschema import Draft202012Validator

    with_nutrients = {**schema(name)}
    declared = {"nutrient": nutrients, "unit": units, "life_stage": life_stages}
    with_nutrients["$defs"] = {**with_nutrients["$defs"],
                               **{key: {"enum": list(values)} for key, values in declared.items()
                                  if values is not None and key in with_nutrients["$defs"]}}
    text = with_nutrients["$defs"].get("text")
    if languages and isinstance(text, dict):  # a language not declared may be there too, unread
        from .languages import LANGUAGE_TAG

        worded = {"type": "string", "minLength": 1}
        with_nutrients["$defs"]["text"] = {**text, "required": list(languages),
                                           "properties": {lang: worded for lang in languages},
                                           "propertyNames": {"pattern": f"^{LANGUAGE_TAG.pattern}$"},
                                           "additionalProperties": worded}
    return Draft202012Validator(with_nutrients)


@cache
def _validator(name: str) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(FACTS_FILE_SCHEMA if name == "facts" else schema(name))


def _finding(doc: YamlDocument, path: tuple, code: str, severity: str, message: str) -> Finding:
    pos = doc.position(path)
    from .findings import Finding

    return Finding(pos.path, pos.line, pos.column, code, severity, message)


def schema_findings(doc: YamlDocument, name: str, validator: Any = None) -> Iterator[Finding]:
    """S001: the file does not match its JSON Schema; in a rule file, located by the rule's id."""
    for _, problem in _schema_errors(doc, name, validator):
        yield problem


def _schema_errors(doc: YamlDocument, name: str, validator: Any = None) -> Iterator[tuple[tuple, Finding]]:
    """Each schema error with its path in the data, so a rule's can be told from the file's."""
    from jsonschema.exceptions import best_match

    for error in (validator or _validator(name)).iter_errors(doc.data):
        specific = best_match(error.context) if error.context else error
        path = tuple(specific.absolute_path)
        if name == "rules" and len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
            message = _rule_message(doc, path, specific)
        else:
            message = f"{_clipped('/'.join(map(str, path)) or 'top level')}: {_clipped(specific.message)}"
        yield path, _finding(doc, path, "S001", "error", message)


def _rule_message(doc: YamlDocument, path: tuple, error: Any) -> str:
    """A schema error inside a rule, named by the rule's id rather than its index in the file:
    `rule 'group.teens': 'sources' is required`, `rule 'x', then/recommend/0: ...`."""
    item = doc.data["rules"][path[1]]
    ident = item.get("id") if isinstance(item, dict) else None
    rule = f"rule '{_clipped(ident, 80)}'" if isinstance(ident, str) else f"rule {path[1] + 1} of the file (no id)"
    rest = _clipped("/".join(str(p) for p in path[2:]))
    problem = _clipped(error.message.replace(" is a required property", " is required")
                       if error.validator == "required" else error.message)
    return f"{rule}, {rest}: {problem}" if rest else f"{rule}: {problem}"


def _clipped(text: str, limit: int = 200) -> str:
    """A schema message quotes the value it refuses: at most `limit` characters of it, escaped."""
    cut = text[:limit]
    cut = cut if cut.isprintable() else cut.encode("unicode_escape").decode("ascii")
    return cut + ("…" if len(text) > limit else "")


@dataclass(frozen=True)
class Structure:
    """The structural findings, and what they leave sound for the checks that reason over the rules.

    broken: (file, index) of the rules with a schema error; outside: a schema error stands outside
    any rule (claims, facts, messages, a rule file's own shape), so nothing is sound.
    """

    findings: list[Finding]
    broken: frozenset[tuple[str, int]]
    outside: bool


def structural_findings(kb: KnowledgeBase) -> list[Finding]:
    """Every structural finding of a knowledge base, sorted by place."""
    return structure(kb).findings


def structure(kb: KnowledgeBase) -> Structure:
    """Check a knowledge base's structure.

    A schema error inside one rule drops that rule from the checks that follow (references, types,
    cycles), which still run over the other rules; a schema error anywhere else stops them, as
    they would reason over data of unknown shape.
    """
    found: list[Finding] = []
    broken: set[tuple[str, int]] = set()
    outside = False
    nutrients, units = kb.vocabulary.nutrients, kb.vocabulary.declared_units
    figure_names = tuple(dict.fromkeys(str(kb.vocabulary.nutrient_entries[n].get("figures_as", n))
                                       for n in nutrients))
    for doc in kb.documents:
        for path, problem in _schema_errors(doc, "rules", nutrient_validator("rules", nutrients, kb.languages, units)):
            found.append(problem)
            if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
                broken.add((doc.path, path[1]))
            else:
                outside = True
    for doc, name, validator in ((kb.claims_document, "claims",
                                  nutrient_validator("claims", nutrients, kb.languages, units)),
                                 (kb.references_document, "references",
                                  nutrient_validator("references", figure_names, units=units,
                                                     life_stages=declared_life_stages(kb))),
                                 (kb.facts_document, "facts", None),
                                 (kb.messages_document, "messages", _messages_validator(kb))):
        if name == "messages" and validator is None:  # the facts or vocabulary are broken: reported there
            continue
        for _, problem in _schema_errors(doc, name, validator):
            found.append(problem)
            outside = True
    if not outside:
        checked = without_rules(kb, [r for r in kb.rules if (r.file, r.index) in broken])
        found.extend(_identity_findings(checked))
        found.extend(_figure_declaration_findings(checked))
        found.extend(_message_source_findings(checked))
        for rule in checked.rules:
            found.extend(_rule_findings(checked, rule))
        found.extend(_cycle_findings(checked))
    return Structure(sorted(set(found)), frozenset(broken), outside)


def declared_life_stages(kb: KnowledgeBase) -> tuple[str, ...] | None:
    """The life stages a reference figure may be for: the keys of `figures.life_stages` in
    rules/facts.yaml (`figures` without them: none). None, any, when there is no `figures` (then no
    figure check bands a rule) or its shape is broken (facts.yaml's own schema reports why)."""
    data = kb.facts_document.data
    figures = data.get("figures") if isinstance(data, dict) else None
    stages = figures.get("life_stages", {}) if isinstance(figures, dict) else None
    return tuple(map(str, stages)) if isinstance(stages, dict) else None


def without_rules(kb: KnowledgeBase, dropped: list[Rule]) -> KnowledgeBase:
    """The knowledge base without some rules (and without overrides that named only them)."""
    if not dropped:
        return kb
    kept = [r for r in kb.rules if not any(r is d for d in dropped)]
    gone = {d.id for d in dropped} - {r.id for r in kept}
    kept = [replace(r, overrides=tuple(o for o in r.overrides if o not in gone)) if gone & set(r.overrides) else r
            for r in kept]
    return replace(kb, rules=kept)


def _messages_validator(kb: KnowledgeBase) -> Any:
    """The validator of rules/messages.yaml, whose required codes depend on the knowledge base's
    declarations; None when those cannot be read (their own files report why)."""
    from jsonschema import Draft202012Validator

    try:
        return Draft202012Validator(_messages_file_schema(kb))
    except (KeyError, TypeError, AttributeError):
        return None


def _identity_findings(kb: KnowledgeBase) -> Iterator[Finding]:
    """S002: two rules, claims or references with one id."""
    seen: dict[str, Rule] = {}
    for rule in kb.rules:
        if rule.id in seen:
            first = seen[rule.id].position("id")
            yield _finding(rule.document, ("rules", rule.index, "id"), "S002", "error",
                           f"duplicate rule id '{rule.id}' (first at {first})")
        seen.setdefault(rule.id, rule)
    for doc, key in ((kb.claims_document, "claims"), (kb.references_document, "references")):
        ids: set[str] = set()
        for index, item in enumerate((doc.data or {}).get(key, [])):
            if item["id"] in ids:
                yield _finding(doc, (key, index, "id"), "S002", "error", f"duplicate id '{item['id']}'")
            ids.add(item["id"])
    for name in kb.derived_facts:
        if name in kb.vocabulary.profile.types:
            yield _finding(kb.facts_document, ("facts", name), "S002", "error",
                           f"derived fact '{name}' has the name of a profile fact")


def _figure_declaration_findings(kb: KnowledgeBase) -> Iterator[Finding]:
    """S003: rules/facts.yaml `figures` names a fact that is not declared, or not of the type its place needs."""
    declared = (kb.facts_document.data or {}).get("figures") or {}
    wanted: list[tuple[tuple, Any, str]] = [(("ages",), declared.get("ages"), "number")]
    wanted += [(("split_by", i), name, "enum") for i, name in enumerate(declared.get("split_by", []))]
    wanted += [(("life_stages", stage, i), name, "bool")
               for stage, names in (declared.get("life_stages") or {}).items() for i, name in enumerate(names)]
    wanted += [(("qualifiers", key), name, "enum") for key, name in (declared.get("qualifiers") or {}).items()]
    wanted += [(("tile_ages", i), name, "derived") for i, name in enumerate(declared.get("tile_ages", []))]
    for path, name, kind in wanted:
        if name is None:
            continue
        spec = kb.derived_facts.get(name) if kind == "derived" else fact_type(kb, name)
        if spec is None or (kind != "derived" and spec["type"] != kind):
            yield _finding(kb.facts_document, ("figures", *path), "S003", "error",
                           f"figures: '{_clipped(str(name), 80)}' is not a declared {kind} fact")


def _message_source_findings(kb: KnowledgeBase) -> Iterator[Finding]:
    """S004: a message the engine composes cites an id that is neither a claim nor a reference."""
    for code, message in kb.messages.items():
        for i, source in enumerate(message.get("sources", [])):
            if source not in kb.claims and source not in kb.references:
                yield _finding(kb.messages_document, ("messages", code, "sources", i), "S004", "error",
                               f"message '{code}' cites '{source}', which is neither a claim nor a reference")


def fact_type(kb: KnowledgeBase, name: str) -> dict[str, Any] | None:
    """The type of a profile fact or a derived fact; None when the name is unknown."""
    if name in kb.vocabulary.profile.types:
        return kb.vocabulary.profile.types[name]
    if name in kb.derived_facts:
        spec = kb.derived_facts[name]
        return {"type": "enum", "values": spec["values"], "derived": True, "multiple": spec.get("multiple", False)}
    return None


def _rule_findings(kb: KnowledgeBase, rule: Rule) -> Iterator[Finding]:
    where = ("rules", rule.index)
    if not rule.sources:
        yield _finding(rule.document, (*where, "sources"), "T001", "error",
                       f"rule '{rule.id}' names no source: cite a claim id or a reference id")
    for i, source in enumerate(rule.sources):
        if source not in kb.claims and source not in kb.references:
            yield _finding(rule.document, (*where, "sources", i), "S004", "error",
                           f"rule '{rule.id}' cites '{source}', which is neither a claim nor a reference")
    for i, other in enumerate(rule.overrides):
        if other not in kb.rule_by_id or other == rule.id:
            yield _finding(rule.document, (*where, "overrides", i), "S005", "error",
                           f"rule '{rule.id}' overrides '{other}', which is not another rule")
    for test in tests_of(to_nnf(rule.condition)):
        yield from _test_findings(kb, rule, test)
    for name, value in rule.derives.items():
        spec = kb.derived_facts.get(name)
        if spec is None:
            yield _finding(rule.document, (*where, "then", "derive", name), "S003", "error",
                           f"rule '{rule.id}' derives '{name}', which rules/facts.yaml does not declare")
        elif value not in spec["values"]:
            yield _finding(rule.document, (*where, "then", "derive", name), "S006", "error",
                           f"'{name}' cannot be {value!r}; declared values: {', '.join(spec['values'])}")
    for i, rec in enumerate(rule.recommendations):
        yield from _amount_findings(kb, rule, ("then", "recommend", i), rec, rec["min"], rec["max"])
    for i, limit in enumerate(rule.then.get("limit", [])):
        yield from _amount_findings(kb, rule, ("then", "limit", i), limit, 0, limit["max"])


def _amount_findings(kb: KnowledgeBase, rule: Rule, path: tuple, item: dict, low: float,
                     high: float) -> Iterator[Finding]:
    """S009: amounts in the unit profiles are converted to (rules/vocabulary.yaml), min not above max."""
    from .numberformat import EXACT

    unit = kb.vocabulary.canonical_units.get(item["nutrient"])
    if unit is not None and item["unit"] != unit:
        yield _finding(rule.document, ("rules", rule.index, *path, "unit"), "S009", "error",
                       f"{item['nutrient']} amounts are written in {EXACT.unit(unit)}, not {EXACT.unit(item['unit'])}")
    if low > high:
        yield _finding(rule.document, ("rules", rule.index, *path), "S009", "error",
                       f"min {low} is above max {high}")


def _test_findings(kb: KnowledgeBase, rule: Rule, test: Test) -> Iterator[Finding]:
    path = ("rules", rule.index, "when")
    spec = fact_type(kb, test.fact)
    if spec is None:
        yield _finding(rule.document, path, "S003", "error",
                       f"rule '{rule.id}' tests '{test.fact}', "
                       "which is neither a profile fact nor a declared derived fact")
        return
    problem = _type_problem(kb, spec, test)
    if problem:
        yield _finding(rule.document, path, "S006", "error", f"rule '{rule.id}': {test.fact}: {problem}")
    if spec.get("derived") and (test.op in ("not_equals", "not_one_of", "excludes")
                                or (test.op == "present" and not test.value)):
        yield _finding(rule.document, path, "S007", "error",
                       f"rule '{rule.id}' tests that derived fact '{test.fact}' is absent or different: "
                       "the engine checks negation only when a match starts, so declare precedence "
                       "with 'overrides' instead")


def _type_problem(kb: KnowledgeBase, spec: dict[str, Any], test: Test) -> str | None:
    kind = spec["type"]
    if test.op == "present":
        return None
    values = test.value if isinstance(test.value, tuple) else (test.value,)
    if test.op in NUMERIC_OPERATORS:
        if kind != "number":
            return f"'{test.op}' needs a number fact, and this one is {kind}"
        return _precision_problem(values)
    if kind == "list":
        if test.op not in ("includes", "excludes"):
            return f"a list fact is tested with 'includes', not '{test.op}'"
        known = set(kb.vocabulary.name_tables.get(spec["vocabulary"], {}).values())
        unknown = [v for v in values if v not in known]
        return (f"{_clipped(', '.join(map(str, unknown)), 80)} not in the vocabulary's {spec['vocabulary']}"
                if unknown else None)
    if test.op in ("includes", "excludes"):
        return f"'includes' applies to list facts; this one is {kind}"
    if kind == "number":
        bad = [v for v in values if isinstance(v, bool) or not isinstance(v, (int, float))]
        if not bad:
            return _precision_problem(values)
    elif kind == "bool":
        bad = [v for v in values if not isinstance(v, bool)]
    else:
        bad = [v for v in values if v not in spec["values"]]
    return f"{_clipped(', '.join(map(repr, bad)), 80)} is not a value it can take" if bad else None


def _precision_problem(values: tuple[Any, ...]) -> str | None:
    """Profile numbers are rounded to 3 decimals (profile.tidy), so a literal must be too: 0.00001 would
    compare a rounded number with one it can never equal, and the engine cannot parse it."""
    from .profile import tidy

    finer = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)
             and (not math.isfinite(v) or tidy(v) != v)]
    return (f"{', '.join(map(repr, finer))} has more than 3 decimals (or is not finite): "
            "profile numbers are rounded to 3 decimals, so write the literal that way") if finer else None


def rule_dependencies(kb: KnowledgeBase) -> dict[str, set[str]]:
    """For each rule, the rules that must fire before it: those deriving what it reads, and those overriding it."""
    derivers: dict[str, set[str]] = {}
    for rule in kb.rules:
        for name in rule.derives:
            derivers.setdefault(name, set()).add(rule.id)
    before: dict[str, set[str]] = {rule.id: set() for rule in kb.rules}
    for rule in kb.rules:
        for name in rule.reads:
            before[rule.id] |= derivers.get(name, set()) - {rule.id}
        for other in rule.overrides:
            if other in before:
                before[other].add(rule.id)
    return before


def firing_order(kb: KnowledgeBase) -> list[str] | None:
    """Rule ids in an order that respects every dependency (file order breaks ties); None on a cycle.

    Kahn's algorithm with a heap of file positions: the rule placed next is always the first rule
    in file order whose dependencies are all placed, in O(n log n) rather than a rescan per rule."""
    import heapq

    before = rule_dependencies(kb)
    position = {r.id: i for i, r in reversed(list(enumerate(kb.rules)))}
    waiting = {rid: len(needs) for rid, needs in before.items()}
    after: dict[str, list[str]] = {}
    for rid, needs in before.items():
        for other in needs:
            after.setdefault(other, []).append(rid)
    ready = [position[rid] for rid, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        rid = kb.rules[heapq.heappop(ready)].id
        order.append(rid)
        for other in after.get(rid, ()):
            waiting[other] -= 1
            if waiting[other] == 0:
                heapq.heappush(ready, position[other])
    return order if len(order) == len(before) else None


def _cycle_findings(kb: KnowledgeBase) -> Iterator[Finding]:
    """S008: rules that depend on each other in a circle cannot be ordered."""
    if len(kb.rule_by_id) != len(kb.rules) or firing_order(kb) is not None:
        return
    before = rule_dependencies(kb)
    placed: set[str] = set()
    changed = True
    while changed:
        changed = False
        for rid, needs in before.items():
            if rid not in placed and needs <= placed:
                placed.add(rid)
                changed = True
    waiting = {rid for rid in before if rid not in placed}
    while True:  # drop rules that only wait behind the cycle: no other waiting rule waits for them
        needed = waiting & {other for rid in waiting for other in before[rid]}
        if needed == waiting:
            break
        waiting = needed
    stuck = [r for r in kb.rules if r.id in waiting]
    names = ", ".join(r.id for r in stuck)
    yield _finding(stuck[0].document, ("rules", stuck[0].index, "id"), "S008", "error",
                   f"rules depend on each other in a cycle (derived facts or overrides): {names}")


def load_knowledge_base(root: Path | str | None = None) -> KnowledgeBase:
    """Parse and check a knowledge base; the first error-level finding is raised as KnowledgeBaseError.

    A knowledge base that passed before, unchanged and under unchanged checks, is not checked again
    (engine/checkcache.py): the checks are most of a command's start-up time.
    """
    from .checkcache import checked_before, remember_checked

    kb = read_knowledge_base(root)
    if checked_before(kb):
        return kb
    for finding in structural_findings(kb):
        if finding.severity == "error":
            raise KnowledgeBaseError(finding.path, f"{finding.code} {finding.message}", finding.line, finding.column)
    remember_checked(kb)
    return kb


__all__ = ["fact_type", "firing_order", "load_knowledge_base", "structural_findings"]
