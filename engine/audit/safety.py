"""Safety checks (U): every amount has its unit, and no rule's amount passes an upper limit for
anyone it can fire for."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from ..findings import Finding
from ..knowledge import KnowledgeBase
from .amounts import amount_text, answer_cells, region_text
from .registry import check, finding
from .space import Cell, Run

AMOUNT_KEYS = ("min", "max", "amount")


@check("U001", "error", "amount-without-unit", needs_valid=False)
def amounts_without_unit(kb: KnowledgeBase) -> Iterator[Finding]:
    """An amount is written without its unit.

    What it looks for: an item of `recommend`, `limit` or `reference_intake` that has an amount
    (min, max or amount) and no `unit`. (The schema refuses it too; this finding replaces that
    schema finding at the same place, to say what is at stake.)
    Why it matters: 1000 of D3 is a safe IU amount and a dangerous µg one; a number without a
    unit cannot be checked against a limit or shown to a person.
    How to fix: add the nutrient's unit: calcium mg, d3 IU, k1 and k2 ug.
    """
    for rule in kb.rules:
        for key in ("recommend", "limit", "reference_intake"):
            items = rule.then.get(key)
            for i, item in enumerate(items if isinstance(items, list) else []):
                if isinstance(item, dict) and any(k in item for k in AMOUNT_KEYS) and "unit" not in item:
                    nutrient = item.get("nutrient", "an amount")
                    yield finding("U001", rule.position("then", key, i),
                                  f"rule '{rule.id}': {key} of {nutrient} has an amount but no unit")


@check("U002", "warning", "above-upper-limit")
def above_upper_limit(kb: KnowledgeBase) -> Iterator[Finding]:
    """A rule's amount is above the upper limit for some of the people it fires for.

    What it looks for: a recommendation whose max is above the max of a `limit` rule (the
    tolerable upper intake level, rules/reference/limits.yaml) of the same nutrient, for people
    for whom both rules are active. Food is not counted here: this is the amount alone.
    Why it matters: following the article's figure would take such a person above the level
    authorities consider safe. The engine caps the amount at the limit (capped-at-upper-limit)
    and says so, so no person is shown it; the warning tells the reviewer the article's figure
    and the limit disagree for these people.
    How to fix: nothing in the engine; review the figure against its source and the limit, and
    keep the rule if it is the article's (the cap protects people). Waive with a reason if reviewed.
    """
    found: dict[tuple[str, int, str, int], list[tuple[Run, Cell]]] = defaultdict(list)
    for run, cell, ans in answer_cells(kb):
        if ans.refused:
            continue
        limits = [(r, i, item) for r, key, i, item in ans.items if key == "limit"]
        for rule, key, i, item in ans.items:
            if key != "recommend":
                continue
            for limit_rule, j, limit in limits:
                if limit["nutrient"] == item["nutrient"] and item["max"] > limit["max"]:
                    found[(rule.id, i, limit_rule.id, j)].append((run, cell))
    for (rid, i, lid, j), where in sorted(found.items()):
        rule, limit_rule = kb.rule_by_id[rid], kb.rule_by_id[lid]
        item: dict[str, Any] = rule.recommendations[i]
        limit = limit_rule.then["limit"][j]
        yield finding("U002", rule.position("then", "recommend", i),
                      f"{rid} gives up to {amount_text({'max': item['max'], 'unit': item['unit']})} "
                      f"{item['nutrient']} ({item['kind'].replace('_', ' ')}), above the upper limit of "
                      f"{amount_text({'max': limit['max'], 'unit': limit['unit']})} ({lid}) for "
                      f"{region_text(where[0][0], [c for _, c in where])}; the engine caps it at the limit")
