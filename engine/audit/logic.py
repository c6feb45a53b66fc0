"""Logic checks (L): the rules analysed over the whole space of people, as DMN tools analyse a
decision table: gaps, overlaps, unreachable, subsumed and masked rules, unused derived facts.

Every check reasons over the cells of space.py, evaluated with the engine's own semantics.
"""

from __future__ import annotations

import itertools
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from ..findings import Finding
from ..knowledge import KnowledgeBase, Rule
from .amounts import Answer, amount_text, answer_cells, nutrient_text, overrides_transitively, region_text, space
from .regions import regions
from .registry import check, finding, per_kb
from .space import Cell, Run


def fallback_facts(kb: KnowledgeBase, rule: Rule) -> set[str]:
    """Facts that the rules overriding `rule` read and it does not: where they are known, a more
    specific rule was meant to answer instead of this default."""
    return _fallback_facts(kb).get(rule.id, set())


@per_kb
def _fallback_facts(kb: KnowledgeBase) -> dict[str, set[str]]:
    """fallback_facts of every overridden rule, computed once (it was a scan of all rules per cell)."""
    read_by_overriders: dict[str, set[str]] = defaultdict(set)
    for r in kb.rules:
        for other in r.overrides:
            read_by_overriders[other].update(r.reads)
    return {rid: names - set(kb.rule_by_id[rid].reads) for rid, names in read_by_overriders.items()
            if rid in kb.rule_by_id}


def _known(cell: Cell, name: str) -> bool:
    return name in cell.facts or name in cell.evaluation.derived


def _supplement_status(kb: KnowledgeBase, cell: Cell, ans: Answer, nutrient: str) -> tuple[str, list[Rule]]:
    """'answered', 'missing', or 'fallback' (only a default answers though its specific facts are known)."""
    if ans.refused or nutrient in ans.withheld:
        return "answered", []
    kinds = _answering_kinds(kb).get(nutrient, set())
    givers = [r for r, key, _, item in ans.items
              if key == "recommend" and item["nutrient"] == nutrient and item["kind"] in kinds]
    if not givers:
        return "missing", []
    defaults = [r for r in givers if (facts := fallback_facts(kb, r)) and all(_known(cell, f) for f in facts)]
    return ("fallback", defaults) if len(defaults) == len(givers) else ("answered", [])


@per_kb
def _answering_kinds(kb: KnowledgeBase) -> dict[str, set[str]]:
    """The kinds of amount that answer a person for each nutrient some rule recommends: its
    supplement amount where the knowledge base gives one, else the total intake it gives. A
    nutrient no rule recommends (named only to warn of it) has none, and no person lacks it."""
    given: dict[str, set[str]] = defaultdict(set)
    for rule in kb.rules:
        for item in rule.then.get("recommend") or []:
            given[item["nutrient"]].add(item["kind"])
    return {n: {"supplement"} if "supplement" in kinds else kinds for n, kinds in given.items()}


@check("L001", "error", "gap")
def gaps(kb: KnowledgeBase) -> Iterator[Finding]:
    """A region of people gets no amount for a nutrient and no out-of-scope answer.

    What it looks for: for each nutrient some rule recommends, the people (cells of the profile space:
    age 0–130, sex, menopause, pregnancy, breastfeeding, sun, and every other fact the rules test)
    who are not refused by an out_of_scope rule, whose amount no withholding warning removes, and
    who get no supplement amount for it (no amount at all, for a nutrient the rules give only
    as a total intake). Also the people who get it only from a default rule (one
    that other rules override, like the general advice advice.dose3) although the facts those
    specific rules read are known: the table meant to answer them and has no row for them. With
    no age given, the general advice answering is intended and no gap.
    Why it matters: such a person gets silence, or an amount meant for someone else.
    How to fix: add the missing rule for the region the message names (e.g. the table row for
    that group), or an out_of_scope rule that tells the person why bonekb has no amount.
    A gap stands in no rule: it is shown on the default rule answering in its place, or else on
    the first rule that gives the nutrient (where the missing rule would go).
    """
    by_run: dict[int, list[tuple[Run, Cell, Answer]]] = defaultdict(list)
    for run, cell, ans in answer_cells(kb):
        by_run[id(run)].append((run, cell, ans))
    for nutrient in kb.vocabulary.nutrients:
        if nutrient in _answering_kinds(kb):
            yield from _nutrient_gaps(kb, list(by_run.values()), nutrient)


def _nutrient_gaps(kb: KnowledgeBase, runs: list[list[tuple[Run, Cell, Answer]]], nutrient: str) -> Iterator[Finding]:
    """A person is one cell of each run: answered if any of them answers, else a gap."""
    status = {id(cell): _supplement_status(kb, cell, ans, nutrient) for cells in runs for _, cell, ans in cells}
    name = nutrient_text(kb, nutrient)
    missing = [[c for _, c, _ in cells if status[id(c)][0] == "missing"] for cells in runs]
    if all(missing):
        boxes = [regions(cells[0][0], [c.index for c in gap])
                 for cells, gap in zip(runs, missing, strict=True) if len(gap) < len(cells)]
        for region in itertools.product(*boxes):
            yield _gap_finding(kb, f"{', '.join(region) or 'everyone'}: no {name} amount", nutrient)
    for cells in runs:
        others_open = all(any(status[id(c)][0] != "answered" for _, c, _ in other)
                          for other in runs if other is not cells)
        fallback = [c for _, c, _ in cells if status[id(c)][0] == "fallback"]
        if not fallback or not others_open:
            continue
        run = cells[0][0]
        by_rule: dict[str, list[Cell]] = defaultdict(list)
        for cell in fallback:
            by_rule[", ".join(r.id for r in status[id(cell)][1])].append(cell)
        for rules, rule_cells in by_rule.items():
            facts = sorted({f for rid in rules.split(", ") for f in fallback_facts(kb, kb.rule_by_id[rid])})
            values = sorted({_value_text(c, f) for c in rule_cells for f in facts})
            yield _gap_finding(kb, f"{region_text(run, rule_cells)}: no {name} amount for {', '.join(values)}; "
                                   f"only the default {rules} answers, which the rules on "
                                   f"{', '.join(facts)} override elsewhere",
                               nutrient, status[id(rule_cells[0])][1][0])


def _value_text(cell: Cell, name: str) -> str:
    value = cell.facts.get(name, cell.evaluation.derived.get(name))
    shown = " and ".join(sorted(value)) if isinstance(value, (tuple, frozenset, set)) else value
    return f"{name} {shown}"


def _gap_finding(kb: KnowledgeBase, message: str, nutrient: str, default: Rule | None = None) -> Finding:
    """A gap stands in no rule: it is shown on the default rule that answers in its place, or on the
    first rule that gives the nutrient at all (where a rule for the region would go)."""
    givers = [default] if default else [
        r for r in kb.rules if any(i["nutrient"] == nutrient for i in r.recommendations)]
    if not givers:
        return finding("L001", kb.facts_document.position(()), message)
    index = next(i for i, item in enumerate(givers[0].recommendations) if item["nutrient"] == nutrient)
    return finding("L001", givers[0].position("then", "recommend", index), message)


Pair = tuple[str, str, str, str]  # first rule, second rule, nutrient, kind


@per_kb
def _overlaps(kb: KnowledgeBase) -> dict[Pair, list[tuple[Run, int]]]:
    """(first rule, second rule, nutrient, kind) -> per run, the cells (a bitset over the run's cells)
    where both are active and the person is not refused.

    Each rule's cells are one bitset per run, and a pair's cells the AND of two: listing the pairs
    cell by cell took time and memory growing with the cube of the number of overlapping rules."""
    found: dict[Pair, list[tuple[Run, int]]] = defaultdict(list)
    by_run: dict[int, tuple[Run, dict[tuple[str, str], dict[str, bytearray]]]] = {}
    places: dict[int, int] = {}
    for run, cell, ans in answer_cells(kb):
        if ans.refused:
            continue
        if id(run) not in by_run:
            by_run[id(run)] = (run, {})
            places.update((id(c), at) for at, c in enumerate(run.cells))
        givers = by_run[id(run)][1]
        at = places[id(cell)]
        for rule, key, _, item in ans.items:
            if key == "recommend":
                bits = givers.setdefault((item["nutrient"], item["kind"]), {}).setdefault(
                    rule.id, bytearray((len(run.cells) + 7) // 8))
                bits[at >> 3] |= 1 << (at & 7)
    for run, givers in by_run.values():
        for (nutrient, kind), rules in givers.items():
            ranked = sorted(rules, key=lambda rid: run.order.get(rid, 0))
            masks = {rid: int.from_bytes(rules[rid], "little") for rid in ranked}
            for i, first in enumerate(ranked):
                for second in ranked[i + 1:]:
                    both = masks[first] & masks[second]
                    if both:
                        found[(first, second, nutrient, kind)].append((run, both))
    return found


def _cells_of(run: Run, bits: int) -> list[Cell]:
    return [cell for at, cell in enumerate(run.cells) if bits >> at & 1]


def _item(rule: Rule, nutrient: str, kind: str) -> tuple[int, dict[str, Any]]:
    return next((i, r) for i, r in enumerate(rule.recommendations) if r["nutrient"] == nutrient and r["kind"] == kind)


def _overlap_findings(kb: KnowledgeBase, same: bool) -> Iterator[Finding]:
    code = "L006" if same else "L002"
    for (a, b, nutrient, kind), where in sorted(_overlaps(kb).items()):
        first, second = kb.rule_by_id[a], kb.rule_by_id[b]
        (_, rec_a), (index, rec_b) = _item(first, nutrient, kind), _item(second, nutrient, kind)
        if ((rec_a["min"], rec_a["max"]) == (rec_b["min"], rec_b["max"])) != same:
            continue
        run = where[0][0]
        cells = [cell for each, bits in where for cell in _cells_of(each, bits)]
        amounts = f"both {amount_text(rec_a)}" if same else f"{amount_text(rec_a)} against {amount_text(rec_b)}"
        yield finding(code, second.position("then", "recommend", index),
                      f"{a} and {b} both give a {nutrient} {kind.replace('_', ' ')} amount ({amounts}) "
                      f"and neither overrides the other, for {region_text(run, cells)}")


@check("L002", "error", "overlap")
def overlaps(kb: KnowledgeBase) -> Iterator[Finding]:
    """Two rules give one person different amounts of the same nutrient, with no precedence.

    What it looks for: two rules active together in some region of people (not refused) that
    both recommend the same nutrient and kind (supplement or total intake) with different
    amounts, where neither overrides the other (`overrides`).
    Why it matters: the engine shows the first by firing order and adds a rule-conflict warning:
    the amount a person sees depends on file order, not on the knowledge.
    How to fix: decide which rule is more specific and give it `overrides: [the-other-rule]`, or
    narrow one condition so the two never apply together.
    """
    return _overlap_findings(kb, same=False)


@check("L006", "warning", "duplicate-amount")
def duplicate_amounts(kb: KnowledgeBase) -> Iterator[Finding]:
    """Two rules give one person the same amount of the same nutrient, with no precedence.

    What it looks for: as L002, but the two amounts are equal.
    Why it matters: the person sees one amount, with a rule-conflict note, and a later edit of
    one of the two rules turns it into a real conflict.
    How to fix: keep one rule (cite both sources), or declare `overrides`.
    """
    return _overlap_findings(kb, same=True)


@check("L003", "warning", "unreachable")
def unreachable(kb: KnowledgeBase) -> Iterator[Finding]:
    """A rule's condition holds for nobody.

    What it looks for: a rule that fires in no cell of the profile space, e.g. `age at_least 70`
    together with `age below 60`, a test of a derived value no rule derives for the people the
    condition allows, or a combination the profile refuses (a man in menopause).
    Why it matters: the rule is dead knowledge: what it says never reaches anyone, and a
    reviewer believes it does.
    How to fix: correct the condition (often a swapped bound or a wrong value), or delete the rule.
    """
    sp = space(kb)
    for rule in kb.rules:
        run = sp.rule_run(rule)
        if not any(rule.id in cell.fired() for cell in run.cells):
            yield finding("L003", rule.position("when"),
                          f"rule '{rule.id}' can never fire: no person meets its condition")


@check("L007", "warning", "always-overridden")
def always_overridden(kb: KnowledgeBase) -> Iterator[Finding]:
    """A rule fires only where a rule overriding it fires too, so it never counts.

    What it looks for: a rule that fires for some people but, for every one of them, yields to a
    rule that overrides it.
    Why it matters: like an unreachable rule, its outcome never reaches anyone.
    How to fix: remove the rule, or narrow the overriding rule so the default answers somewhere.
    """
    sp = space(kb)
    for rule in kb.rules:
        firings = [f for cell in sp.rule_run(rule).cells for f in cell.evaluation.firings if f.rule == rule.id]
        if firings and all(f.overridden_by for f in firings):
            by = sorted({f.overridden_by for f in firings if f.overridden_by})
            yield finding("L007", rule.position("id"),
                          f"rule '{rule.id}' always yields (to {', '.join(by)}): its outcome never counts")


def _canonical(then: dict[str, Any]) -> str:
    return json.dumps(then, sort_keys=True, ensure_ascii=False)


@check("L004", "warning", "subsumed")
def subsumed(kb: KnowledgeBase) -> Iterator[Finding]:
    """A rule says what another rule says, for people the other already covers.

    What it looks for: two rules with the same outcome (`then`) where everyone for whom the
    first fires is someone for whom the second fires too.
    Why it matters: the first is redundant: editing one and forgetting the other splits the
    knowledge silently.
    How to fix: delete the redundant rule (merge its sources into the other).
    """
    sp = space(kb)
    by_outcome: dict[str, list[Rule]] = defaultdict(list)
    for rule in kb.rules:
        by_outcome[_canonical(rule.then)].append(rule)
    for rules in by_outcome.values():
        for a in rules:
            for b in rules:
                if a is b or overrides_transitively(kb, a, b) or overrides_transitively(kb, b, a):
                    continue
                if _fires_within(sp.slice([a, b]), a, b) and not (
                        _fires_within(sp.slice([a, b]), b, a) and kb.rules.index(a) < kb.rules.index(b)):
                    yield finding("L004", a.position("when"),
                                  f"rule '{a.id}' is subsumed by '{b.id}': same outcome, and '{b.id}' "
                                  f"fires for everyone '{a.id}' fires for")


def _fires_within(sl: Any, a: Rule, b: Rule) -> bool:
    """Whether b fires in every cell where a fires (a fires somewhere)."""
    run_a, run_b = sl.run_of(a.id), sl.run_of(b.id)
    fired_a = [c for c in run_a.cells if a.id in c.fired()]
    if not fired_a:
        return False
    if run_a is not run_b:
        return all(b.id in c.fired() for c in run_b.cells)
    return all(b.id in c.fired() for c in fired_a)


@check("L005", "warning", "unused-derived-fact")
def unused_derived_facts(kb: KnowledgeBase) -> Iterator[Finding]:
    """A derived fact that no rule reads (or no rule derives).

    What it looks for: a fact declared in rules/facts.yaml that no rule's condition reads and the
    result does not show (a fact declared with `result` is shown), or that no rule derives.
    Why it matters: a fact derived for nobody is dead knowledge; a fact nobody derives makes
    every test of it false.
    How to fix: delete the declaration (and the rules deriving it), or write the rules that use it.
    """
    read = {name for rule in kb.rules for name in rule.reads}
    derived = {name for rule in kb.rules for name in rule.derives}
    for name in kb.derived_facts:
        where = kb.facts_document.position(("facts", name))
        if name not in derived:
            yield finding("L005", where, f"derived fact '{name}' is declared but no rule derives it")
        elif name not in read and not kb.derived_facts[name].get("result"):
            yield finding("L005", where,
                          f"derived fact '{name}' is derived but no rule reads it and the result does not show it")


@check("L008", "error", "conflicting-derivation")
def conflicting_derivations(kb: KnowledgeBase) -> Iterator[Finding]:
    """Two rules derive different values of a single-valued fact for the same person.

    What it looks for: a person for whom two rules that do not override each other both derive
    a fact declared without `multiple: true`, with different values (sun_level low and enough).
    Why it matters: the engine keeps the first value by firing order and drops the other: the
    answer depends on file order.
    How to fix: make one rule override the other, or make their conditions exclusive.
    """
    sp = space(kb)
    for name, spec in kb.derived_facts.items():
        derivers = [r for r in kb.rules if name in r.derives]
        if spec.get("multiple") or not derivers:
            continue
        conflicts: dict[tuple[str, str], list[Cell]] = defaultdict(list)
        sl = sp.slice(derivers)
        run = sl.run_of(derivers[0].id)
        for cell in run.cells:
            for firing in cell.evaluation.firings:
                if name in firing.conflicts:
                    conflicts[(firing.conflicts[name], firing.rule)].append(cell)
        for (first, second), cells in sorted(conflicts.items()):
            rule = kb.rule_by_id[second]
            yield finding("L008", rule.position("then", "derive", name),
                          f"'{first}' and '{second}' derive different {name} values "
                          f"({kb.rule_by_id[first].derives[name]} and {rule.derives[name]}) "
                          f"for {region_text(run, cells)}")
