"""Template data for the leaflet parts of an answer: what the references say of a nutrient (their
intakes and upper limits) and who must be careful with it (the interaction and condition rules).

Everything is read from the reference rules and their outcomes; nothing restates their prose. The
words come from explanations/<lang>/words.yaml.
"""

from __future__ import annotations

from typing import Any

from ..conditions import tests_of
from ..knowledge import KnowledgeBase, Rule
from .context import Person
from .words import Words

# The facts whose rules are the interaction and condition rules: the profile's lists of names
# (facts.yaml: `type: names`, read against a table of the vocabulary).
NAMES_TYPE = "names"
# Where the references' own rules live (the article's rules are in rules/*.yaml).
REFERENCE_FOLDER = "reference/"
SEVERITY_ORDER = {"avoid": 0, "caution": 1, "info": 2}


def careful_context(kb: KnowledgeBase, words: Words, nutrient: str, lang: str) -> dict[str, Any]:
    """The reference rules that warn of this nutrient with a medication or condition, most severe
    first: who they concern, the severity, the rule's own message and sources."""
    entries = []
    named = named_facts(kb)
    for rule in kb.rules:
        for warn in _warnings(rule):
            if (nutrient not in warn.get("nutrients", []) or not named & set(rule.reads)
                    or REFERENCE_FOLDER not in rule.file):
                continue
            entries.append({
                "rule": rule.id, "sources": list(rule.sources), "code": warn.get("code"),
                "severity": warn.get("severity"), "severity_text": words.word("severities", warn.get("severity")),
                "who": _who(rule, words, named), "message": str((warn.get("message") or {}).get(lang, "")),
                "withhold": bool(warn.get("withhold")),
            })
    entries.sort(key=lambda e: SEVERITY_ORDER.get(str(e["severity"]), len(SEVERITY_ORDER)))
    return {"name": words.word("nutrients", nutrient), "rules": entries,
            "avoid": [e["who"] for e in entries if e["severity"] == "avoid"]}


def _warnings(rule: Rule) -> list[dict[str, Any]]:
    warns = rule.then.get("warn")
    return warns if isinstance(warns, list) else [warns] if isinstance(warns, dict) else []


def named_facts(kb: KnowledgeBase) -> set[str]:
    """The profile facts that are lists of names (medications, conditions ... as facts.yaml declares)."""
    return {fact for fact, spec in kb.vocabulary.profile.declared.items() if spec.get("type") == NAMES_TYPE}


def _who(rule: Rule, words: Words, named: set[str]) -> str:
    """'take warfarin or another vitamin K antagonist', 'have kidney stones': the person a rule concerns."""
    phrases = words.data.get("careful_who") or {}
    parts = [words.fill(str(phrases.get(t.fact, "$value")), value=words.value(t.value))
             for t in tests_of(rule.condition) if t.fact in named and t.op == "includes"]
    return str(words.data.get("list_separator", ", ")).join(parts)


def references_context(kb: KnowledgeBase, words: Words, nutrient: str, person: Person | None) -> dict[str, Any]:
    """What the reference rules set for this nutrient: a daily intake (RDA or AI) of its own or one
    it shares with another form (words.yaml's shared_intakes), an upper limit or none, and the
    person's own figures when they gave what the rules' bands are cut by (their age)."""
    shared = words.data.get("shared_intakes") or {}
    counted_as = next((n for n, covered in shared.items() if nutrient in (covered or [])), nutrient)
    intake_rules = [r for r in kb.rules for i in r.then.get("reference_intake", []) if i["nutrient"] == counted_as]
    limit_rules = [r for r in kb.rules for i in r.then.get("limit", []) if i["nutrient"] == nutrient]
    types = sorted({i["type"] for r in intake_rules for i in r.then["reference_intake"] if i["nutrient"] == counted_as})
    yours_intake, yours_limit = [], []
    if person is not None and _bands_known(intake_rules + limit_rules, person):
        yours_intake = [{"type": words.word("intake_types", i["type"]),
                         "amount": words.amount(i["amount"], i["amount"], i["unit"]),
                         "rule": i["rule"], "sources": list(i["sources"])}
                        for i in person.result.reference_intakes if i["nutrient"] == counted_as]
        yours_limit = [{"amount": words.amount(limit["max"], limit["max"], limit["unit"]), "rule": limit["rule"],
                        "sources": list(limit["sources"])}
                       for limit in person.result.limits if limit["nutrient"] == nutrient]
    return {
        "name": words.word("nutrients", nutrient),
        "none_on_its_own": counted_as != nutrient,
        "own_intake": counted_as == nutrient and counted_as not in shared and bool(intake_rules),
        "shared_with": words.word("intake_names", counted_as) if counted_as in shared else None,
        "intake_types": [words.word("intake_types", t) for t in types],
        "intake_sources": _sources(intake_rules),
        "has_limit": bool(limit_rules),
        "limit_sources": _sources(limit_rules),
        "yours_intake": yours_intake,
        "yours_limit": yours_limit,
        "verdicts": {str(k): str(v) for k, v in (words.data.get("verdicts") or {}).items()},
    }


def _bands_known(rules: list[Rule], person: Person) -> bool:
    """Whether the person gave the facts every one of these rules reads (the age their bands are cut
    by): only then are the figures the rules gave the person's own, not the fallback for anyone."""
    read = set.intersection(*(set(r.reads) for r in rules)) if rules else set()
    return read <= set(person.profile.values)


def _sources(rules: list[Rule]) -> list[str]:
    return list(dict.fromkeys(s for r in rules for s in r.sources))
