"""Plain data for the templates: claims, a person's chain of firings, why-not, amounts and warnings.

Templates get only dicts, lists and strings (and ClaimBook's bound methods claim, cite and cited),
never engine objects: a sandboxed template can call an object's ordinary methods, so none are handed over.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..conditions import tests_of
from ..errors import TemplateError
from ..knowledge import KnowledgeBase
from .render import person_text
from .whynot import failed_conditions, person_facts
from .words import Words

if TYPE_CHECKING:  # a general explanation (no person) needs none of these: start-up
    from ..profile import Profile
    from ..result import Result
    from ..trace import Evaluation


class ClaimBook:
    """claim(id) for templates: the claim as plain data in one language; remembers what was cited.

    Templates get its bound methods, never the object: a sandboxed template may read an object's
    public attributes (this one holds the knowledge base), but a method's only attributes are dunders.
    """

    def __init__(self, kb: KnowledgeBase, lang: str) -> None:
        self.kb = kb
        self.lang = lang
        self.cited: list[str] = []

    def claim(self, claim_id: str) -> dict[str, Any]:
        claim = self.kb.claims.get(claim_id) or self.kb.references.get(claim_id)
        if claim is None:
            raise TemplateError(f"unknown claim id {claim_id!r}: a template cites a claim that rules/claims.yaml lacks")
        if claim_id not in self.cited:
            self.cited.append(claim_id)
        evidence = claim.get("evidence") or {}
        return {
            "id": claim_id,
            "en": str(claim.get("en", claim.get("citation", ""))),
            "quote": [str(q) for q in claim.get("quote", [])],
            "strength": str(claim.get("strength", "strong")),
            "kind": str(claim.get("kind", "reference")),
            "verdict": evidence.get("verdict"),
            "evidence": (evidence.get("summary") or {}).get(self.lang),
            "references": list(evidence.get("references", [])),
        }

    def so_far(self) -> list[str]:
        """The ids cited so far, in order (a handout's sources section comes last)."""
        return list(self.cited)

    def cite(self, ids: list[str]) -> str:
        """'[A, B]' for a rule's sources; each id must exist, and counts as cited."""
        return "[" + ", ".join(self.claim(i)["id"] for i in ids) + "]"


# The result key of the table's rows: the derived fact facts.yaml shows as `result: groups`.
ROWS = "groups"


@dataclass
class Person:
    """One evaluated person: what the explanations need beyond the contract's result."""

    profile: Profile
    evaluation: Evaluation
    result: Result


def person_context(kb: KnowledgeBase, person: Person, words: Words, lang: str) -> dict[str, Any]:
    """The person's facts, amounts, warnings and notes as template data (all nutrients)."""
    result = person.result
    data = result.as_dict(lang)
    given = {k: v for k, v in data["profile"].items() if k not in ("unknown", "assumed", "unrecognised")}
    for kind, names in data["profile"].get("unrecognised", {}).items():  # as written: never an empty 'medications: .'
        given[kind] = [*(given.get(kind) or []), *names]
    recommendations = [_recommendation(kb, r, words) for r in data["recommendations"]]
    _add_references(recommendations, data, words, kb.vocabulary.diet_facts)
    shown = [{"fact": words.word("facts", k), "value": _given_value(k, v, words)} for k, v in given.items()]
    sun = words.value(result.sun) if result.sun else None
    return {
        "given": shown,
        "not_given": [words.word("facts", k) for k in data["profile"]["unknown"]],
        "in_scope": result.in_scope,
        "groups": [words.value(g) for g in result.groups],
        "sun": None if sun in [g["value"] for g in shown] else sun,  # given as it is: said once
        "notes": [person_text(note) for note in data["scope_notes"]],
        "row": _row(kb, person, words),
        "recommendations": recommendations,
        "warnings": [_warning(kb, w, words) for w in data["warnings"]],
    }


def _row(kb: KnowledgeBase, person: Person, words: Words) -> dict[str, Any] | None:
    """The table row whose amounts the person gets (not every row that applies), and the rule that chose it."""
    result = person.result
    row_fact = next((name for name, spec in kb.derived_facts.items() if spec.get("result") == ROWS), None)
    used: list[str] = []
    for rec in result.recommendations:
        for test in tests_of(kb.rule_by_id[rec.rule].condition):
            is_row = test.fact == row_fact and test.op == "equals" and test.value in result.groups
            if is_row and test.value not in used:
                used.append(test.value)
    if not used:
        return None
    firing = next((f for f in person.evaluation.firings if f.derived.get(row_fact) == used[0]), None)
    if firing is None:  # a group given as a fact, not derived by a rule: the row without its reason
        return {"names": [words.value(g) for g in used], "rule": None, "title": None, "sources": [],
                "because": [], "others": [words.value(g) for g in result.groups if g not in used]}
    rule = kb.rule_by_id[firing.rule]
    return {
        "names": [words.value(g) for g in used],
        "rule": rule.id, "title": rule.title, "sources": list(rule.sources),
        "because": [{"fact": words.word("facts", k), "value": words.fact_value(k, v) if v is not None else None}
                    for k, v in firing.facts.items()],
        "others": [words.value(g) for g in result.groups if g not in used],
    }


def _add_references(recommendations: list[dict[str, Any]], data: dict[str, Any], words: Words,
                    diet_facts: dict[str, str]) -> None:
    """Each amount with its nutrient's RDA or AI and upper limit; a total (calcium's) with food plus
    supplement, for a nutrient whose amount from food is a profile fact (vocabulary.yaml's diet_fact)."""
    references = {r["nutrient"]: r for r in data.get("reference_intakes", [])}
    limits = {r["nutrient"]: r for r in data.get("limits", [])}
    diets = {n: data["profile"].get(fact) for n, fact in diet_facts.items()}
    for rec in recommendations:
        reference, limit = references.get(rec["nutrient"]), limits.get(rec["nutrient"])
        rec["reference"] = None if reference is None else {
            "type": reference["type"], "value": reference["amount"], "rule": reference["rule"],
            "amount": words.amount(reference["amount"], reference["amount"], reference["unit"])}
        rec["limit"] = None if limit is None else {
            "value": limit["max"], "rule": limit["rule"],
            "amount": words.amount(limit["max"], limit["max"], limit["unit"])}
        if rec["current"] is not None:
            food = diets.get(rec["nutrient"]) or 0  # the limit is of food plus supplement
            rec["current"]["over_limit"] = limit is not None and rec["current"]["value"] + food > limit["max"]
    for total in (r for r in recommendations if r["kind"] == "total_intake"):
        supplement = next((r for r in recommendations
                           if r["nutrient"] == total["nutrient"] and r["kind"] == "supplement"), None)
        taken = supplement["current"]["value"] if supplement and supplement["current"] else None
        diet = diets.get(total["nutrient"])
        total["food"] = None if diet is None else {
            "value": diet, "amount": words.amount(diet, diet, total["unit"])}
        total["taken"] = None if taken is None else {
            "value": taken, "amount": words.amount(taken, taken, total["unit"])}
        if total["food"] is not None:
            value = diet + (taken or 0)
            status = "below" if value < total["min"] else "above" if value > total["max"] else "within"
            total["current"] = {"amount": words.amount(value, value, total["unit"]), "value": value,
                                "status": status, "status_text": words.word("status", status),
                                "over_limit": total["limit"] is not None and value > total["limit"]["value"]}


def nutrient_context(kb: KnowledgeBase, person: Person, nutrient: str, words: Words) -> dict[str, Any]:
    """For one nutrient: the firings that led to its amount (HOW) and the rules that did not apply (WHY NOT)."""
    return {"chain": _chain(kb, person, nutrient, words), "why_not": _why_not(kb, person, nutrient, words)}


def _given_value(fact: str, value: Any, words: Words) -> str:
    """What the person gave, as they gave it: text, never Markdown (see render.person_text)."""
    if isinstance(value, list):
        return person_text(words.taken(value))
    return person_text(words.fact_value(fact, value))


def _recommendation(kb: KnowledgeBase, rec: dict[str, Any], words: Words) -> dict[str, Any]:
    current = rec.get("current")
    return {
        "nutrient": rec["nutrient"],
        "name": words.word("nutrients", rec["nutrient"]),
        "kind": rec["kind"],
        "kind_text": words.word("kinds", rec["kind"]),
        "amount": words.amount(rec["min"], rec["max"], rec["unit"]),
        "min": rec["min"], "max": rec["max"], "unit": rec["unit"], "unit_text": words.word("units", rec["unit"]),
        "form": words.value(rec["form"]) if rec["form"] else None,
        "rule": rec["rule"],
        "rule_title": kb.rule_by_id[rec["rule"]].title,
        "sources": rec["sources"],
        "current": None if current is None else {
            "amount": words.amount(current["amount"], current["amount"], current["unit"]),
            "value": current["amount"],
            "status": current["status"],
            "status_text": words.word("status", current["status"]),
        },
        "adjusted": [{"rule": a["rule"], "reason": a["reason"], "before": words.amount(*a["from"], rec["unit"])}
                     for a in rec.get("adjusted", [])],
    }


def _warning(kb: KnowledgeBase, warning: dict[str, Any], words: Words) -> dict[str, Any]:
    return {**warning, "message": person_text(warning["message"]),  # may quote a name the person typed
            "severity_text": words.word("severities", warning["severity"]),
            "names": [words.word("nutrients", n) for n in warning["nutrients"]],
            "rule_title": kb.rule_by_id[warning["rule"]].title}


def _chain(kb: KnowledgeBase, person: Person, nutrient: str, words: Words) -> list[dict[str, Any]]:
    """The firings behind this nutrient's amounts and warnings, and the firings that derived the facts they read."""
    result, evaluation = person.result, person.evaluation
    wanted = {r.rule for r in result.recommendations if r.nutrient == nutrient}
    wanted |= {a["rule"] for r in result.recommendations if r.nutrient == nutrient for a in r.adjusted}
    wanted |= {w.rule for w in result.warnings if nutrient in w.nutrients}
    active = [f for f in evaluation.firings if f.overridden_by is None]
    wanted |= {f.rule for f in active if "out_of_scope" in kb.rule_by_id[f.rule].then}
    pending = list(wanted)
    while pending:
        rule = kb.rule_by_id[pending.pop()]
        for firing in active:
            if firing.rule not in wanted and set(firing.derived) & set(rule.reads):
                wanted.add(firing.rule)
                pending.append(firing.rule)
    steps = []
    for firing in active:
        if firing.rule not in wanted:
            continue
        rule = kb.rule_by_id[firing.rule]
        then = rule.then
        kind = ("scope" if "out_of_scope" in then else "amount" if "recommend" in then or "fit_to_diet" in then
                or "limit" in then else "warning" if "warn" in then else "derived")
        steps.append({
            "rule": rule.id, "title": rule.title, "sources": list(rule.sources), "kind": kind,
            "matched": [{"fact": words.word("facts", k), "value": words.fact_value(k, v) if v is not None else None}
                        for k, v in firing.facts.items()],
            "derived": [{"fact": words.word("facts", k), "value": words.value(v)} for k, v in firing.derived.items()],
        })
    return steps


def _why_not(kb: KnowledgeBase, person: Person, nutrient: str, words: Words) -> list[dict[str, Any]]:
    """Rules that recommend this nutrient but gave this person nothing: not matched, or yielded to another."""
    evaluation = person.evaluation
    facts = person_facts(person.profile.facts(), evaluation, kb)
    by_rule = {f.rule: f for f in evaluation.firings}
    out = []
    for rule in kb.rules:
        items = [i for i in rule.recommendations if i["nutrient"] == nutrient]
        if not items:
            continue
        firing = by_rule.get(rule.id)
        if firing is not None and firing.overridden_by is None:
            continue
        entry = {"rule": rule.id, "title": rule.title, "sources": list(rule.sources),
                 "amounts": [{"kind_text": words.word("kinds", i["kind"]),
                              "amount": words.amount(i["min"], i["max"], i["unit"])} for i in items],
                 "overridden_by": None, "overridden_title": None, "overridden_sources": [], "failed": []}
        if firing is not None:
            entry["overridden_by"] = firing.overridden_by
            entry["overridden_title"] = kb.rule_by_id[firing.overridden_by].title
            entry["overridden_sources"] = list(kb.rule_by_id[firing.overridden_by].sources)
        else:
            entry["failed"] = failed_conditions(kb, rule, facts, evaluation, words)
        out.append(entry)
    return out
