"""Template data for `bonekb ask` beyond one nutrient's: what the question stated, the upper limits
(the reference rules' `limit` outcomes) and the rules that warn of a medication or condition.

Everything here is read from the rules and the person's evaluation; nothing restates their prose.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..conditions import tests_of, to_nnf
from ..factmodel import NAMES_NOT_RECOGNISED
from ..knowledge import KnowledgeBase, Rule
from .context import Person
from .words import Words

if TYPE_CHECKING:
    from ..questions import Question


class Deferred(Mapping[str, Any]):
    """Template data made when a template first reads it: an answer that shows no upper limits (most
    intents) never words them (start-up: a limit for ages under 1, 0.5, would import Babel)."""

    def __init__(self, make: Callable[[], dict[str, Any]]) -> None:
        self._make = make
        self._made: dict[str, Any] | None = None

    def _data(self) -> dict[str, Any]:
        if self._made is None:
            self._made = self._make()
        return self._made

    def __getitem__(self, key: str) -> Any:
        return self._data()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data())

    def __len__(self) -> int:
        return len(self._data())


def asked_context(explainer: Any, question: Question, person: Person | None, nutrient: str,
                  overridden: list[str], first: bool) -> dict[str, Any]:
    """What the question stated and which of it was used, who the answer is for, and what was read
    into the question (a misspelling, a form such as MK-7)."""
    words: Words = explainer.words
    set_aside: list[str] = []
    if person is not None:  # without a person engine.profile is not imported (start-up)
        from ..profile import FROM_QUESTION, REPLACED_BY

        set_aside = [str(v["given"]) for code, v in person.profile.assumed
                     if code == REPLACED_BY[FROM_QUESTION]]  # the person's own doses the question's replace
    supplements = explainer.kb.vocabulary.profile.supplements_fields
    stated = [{"fact": words.word("facts", k), "value": _stated_value(k, v, words), "used": k not in overridden,
               "in_place_of": _stated_value(k, set_aside, words) if k in supplements and set_aside else ""}
              for k, v in question.facts.items()]
    values = person.profile.values if person is not None else {}
    whom = explainer.kb.vocabulary.profile.who_fields  # who the person is ("for a woman of 45")
    misspelt = question.misspelt.get(nutrient)
    return {
        "first": first,
        "stated": stated,
        "whom": {k: values.get(k) for k in whom},
        "has_whom": any(k in values for k in whom),
        "misspelt": {"written": misspelt, "name": words.word("nutrients", nutrient)} if misspelt else None,
        "form": question.forms.get(nutrient),
        "notes": [{"kind": kind, "said": said} for kind, said in question.notes],
    }


def _stated_value(fact: str, value: Any, words: Words) -> str:
    if isinstance(value, list):
        return str(words.data.get("list_separator", ", ")).join(words.punctuated(str(v)) for v in value)
    return words.fact_value(fact, value)


def limits_context(kb: KnowledgeBase, words: Words, nutrient: str, person: Person | None) -> dict[str, Any]:
    """The upper limits of a nutrient: every band of the reference rules, and the person's own when
    their own facts chose a band (not a rule for a fact not given, such as no age); an amount they
    take is compared with each."""
    model = kb.vocabulary.profile
    taking = None
    if person is not None and person.profile.taking and any(s.nutrient == nutrient for s in person.profile.taking):
        facts = person.profile.facts()
        taking = sum(facts.get(model.taken_fact(f, nutrient)) or 0 for f in model.supplements_fields)
    bands = [_limit_row(rule, limit, words, taking) for rule in kb.rules
             for limit in rule.then.get("limit", []) if limit["nutrient"] == nutrient]
    yours = []
    if person is not None:
        yours = [_limit_row(kb.rule_by_id[limit["rule"]], limit, words, taking)
                 for limit in person.result.limits
                 if limit["nutrient"] == nutrient and not _for_a_fact_not_given(kb.rule_by_id[limit["rule"]])]
    unit = kb.vocabulary.canonical_units[nutrient]
    return {"bands": bands, "yours": yours,
            "amount_taken": None if taking is None else words.amount(taking, taking, unit),
            "above_all": taking is not None and bool(bands) and all(b["above"] for b in bands),
            "above_none": taking is not None and not any(b["above"] for b in bands)}


def _for_a_fact_not_given(rule: Rule) -> bool:
    """A rule that applies because a fact was not given ('age not given'): its limit is nobody's own band."""
    return any(t.op == "present" and t.value is False for t in tests_of(to_nnf(rule.condition)))


def _limit_row(rule: Rule, limit: dict[str, Any], words: Words, taking: float | None) -> dict[str, Any]:
    return {"rule": rule.id, "title": rule.title, "sources": list(rule.sources),
            "when": [words.test(t) for t in tests_of(rule.condition)],
            "amount": words.amount(limit["max"], limit["max"], limit["unit"]),
            "above": taking is not None and taking > limit["max"]}


def interactions_context(kb: KnowledgeBase, words: Words, nutrient: str, person: Person | None) -> dict[str, Any]:
    """The rules that warn of a medication or condition for this nutrient (those that read the names
    facts), and what the person named; a name not recognised is named as written, with its warning."""
    named_facts = set(kb.vocabulary.profile.names_fields)
    rules = []
    for rule in kb.rules:
        warns = rule.then.get("warn")
        for warn in warns if isinstance(warns, list) else [warns] if warns else []:
            if nutrient in warn.get("nutrients", []) and named_facts & set(rule.reads):
                rules.append({"rule": rule.id, "title": rule.title, "sources": list(rule.sources),
                              "when": str(words.data.get("list_separator", ", ")).join(
                                  words.test(t) for t in tests_of(rule.condition)),
                              "severity_text": words.word("severities", warn.get("severity"))})
    # The rules that say a name was not recognised: their warning (with its did-you-mean) answers for it.
    not_recognised = [rule.id for rule in kb.rules if NAMES_NOT_RECOGNISED in rule.reads]
    named = []
    if person is not None:
        named = [words.value(name) for name in [n for ids in person.profile.names.values() for n in ids]]
        named += [name for names in person.profile.unrecognised.values() for name in names]
    return {"rules": rules, "rule_ids": [r["rule"] for r in rules] + not_recognised, "named": named}
