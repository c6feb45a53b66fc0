"""What the logic and safety checks share: the slice of rules that answer a person, and its cells.

The answer slice holds every rule that gives, removes or refuses an amount (recommend, limit,
out_of_scope, a withholding warning) and what they depend on. Its cells are the people the
rules can tell apart; a person is one cell of each of its runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..knowledge import KnowledgeBase, Rule
from ..numberformat import EXACT
from .regions import regions
from .registry import per_kb
from .space import Cell, Run, Slice, Space


@per_kb
def space(kb: KnowledgeBase) -> Space:
    return Space(kb)


def answers(rule: Rule) -> bool:
    """Whether a rule gives, limits, removes or refuses an amount."""
    then = rule.then
    return bool(then.get("recommend") or then.get("limit") or "out_of_scope" in then
                or (then.get("warn") or {}).get("withhold"))


@per_kb
def answer_slice(kb: KnowledgeBase) -> Slice:
    return space(kb).slice([r for r in kb.rules if answers(r)])


@dataclass
class Answer:
    """What the rules active in one cell say about amounts."""

    refused: bool
    withheld: set[str]
    items: list[tuple[Rule, str, int, dict[str, Any]]]  # rule, 'recommend' or 'limit', index, item


@dataclass
class _Says:
    """What one rule says about amounts, read from its `then` once per knowledge base, not once per cell."""

    refuses: bool
    withholds: tuple[str, ...]
    items: list[tuple[Rule, str, int, dict[str, Any]]]


@per_kb
def _says(kb: KnowledgeBase) -> dict[str, _Says]:
    out = {}
    for r in kb.rules:
        warn = r.then.get("warn") or {}
        out[r.id] = _Says("out_of_scope" in r.then, tuple(warn["nutrients"]) if warn.get("withhold") else (),
                          [(r, key, i, item) for key in ("recommend", "limit")
                           for i, item in enumerate(r.then.get(key, []))])
    return out


def answer(kb: KnowledgeBase, cell: Cell) -> Answer:
    says = _says(kb)
    active = [says[f.rule] for f in cell.evaluation.firings if f.overridden_by is None]
    withheld = {n for s in active for n in s.withholds}
    return Answer(any(s.refuses for s in active), withheld, [item for s in active for item in s.items])


def nutrient_text(kb: KnowledgeBase, nutrient: str) -> str:
    """How the audit names a nutrient: its `short` name in rules/vocabulary.yaml, else its id."""
    return str(kb.vocabulary.nutrient_entries.get(nutrient, {}).get("short", nutrient))


def amount_text(item: dict[str, Any]) -> str:
    return EXACT.amount(item.get("min", item["max"]), item["max"], item["unit"])


def overrides_transitively(kb: KnowledgeBase, first: Rule, second: Rule) -> bool:
    """Whether `first` overrides `second`, directly or through other rules."""
    seen: set[str] = set()
    stack = list(first.overrides)
    while stack:
        rid = stack.pop()
        if rid == second.id:
            return True
        if rid not in seen and rid in kb.rule_by_id:
            seen.add(rid)
            stack += kb.rule_by_id[rid].overrides
    return False


def cofiring(kb: KnowledgeBase, a: Rule, b: Rule) -> bool:
    """Whether both rules fire for some person (overridden or not)."""
    sl = space(kb).slice([a, b])
    run_a, run_b = sl.run_of(a.id), sl.run_of(b.id)
    if run_a is not run_b:
        return any(a.id in c.fired() for c in run_a.cells) and any(b.id in c.fired() for c in run_b.cells)
    return any({a.id, b.id} <= c.fired() for c in run_a.cells)


def region_text(run: Run, cells: list[Cell]) -> str:
    """Cells of one run as '; '-joined regions."""
    return "; ".join(regions(run, [c.index for c in cells]))


@per_kb
def answer_cells(kb: KnowledgeBase) -> list[tuple[Run, Cell, Answer]]:
    """Every cell of the answer slice with its answer (computed once per knowledge base)."""
    return [(run, cell, answer(kb, cell)) for run in answer_slice(kb).runs for cell in run.cells]
