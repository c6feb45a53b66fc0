"""The figures the sources state, as the figure checks read them: claims' figures and their
quotes' numbers, references' figures, and the age bands and thresholds of a rule's condition.

Which facts the figures speak of is the knowledge base's declaration (rules/facts.yaml `figures`):
the fact whose bands of years they state, the facts a figure may be for one value of, the life
stages and the qualifiers of a claim's amounts. Ages are years in half-open bands [at_least, below);
a claim's ages as the article writes them ("4–13歲", inclusive) become [4, 14). Amounts compare in
the nutrient's canonical unit.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..knowledge import KnowledgeBase, Rule
from .registry import per_kb

INFINITY = math.inf
# A number in a quote, alone or as a range, with the unit written after it. A digit right after a
# letter or a hyphen is part of a name (D3, K2, MK-7), not a figure.
QUOTE_NUMBER = re.compile(r"(?<![A-Za-z0-9.\-–])(\d+(?:\.\d+)?)(?:\s*[-–]\s*(\d+(?:\.\d+)?))?\s*"
                          r"(毫克|mg|國際單位|IU|微克|μg|µg|歲|分鐘|點)?")
QUOTE_UNITS = {"毫克": "mg", "mg": "mg", "國際單位": "IU", "IU": "IU", "微克": "ug", "μg": "ug", "µg": "ug",
               "歲": "years", "分鐘": "minutes", "點": "hour"}
# Units that make a number in a quote a figure a claim must carry as data.
FIGURE_UNITS = frozenset({"mg", "IU", "ug", "years", "minutes"})
INTAKE_TYPES = {"RDA": "intake", "AI": "intake", "UL": "limit"}


def same(a: float, b: float) -> bool:
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)


def num(value: float) -> str:
    from ..numberformat import EXACT

    return EXACT.number(value)


# ---------------------------------------------------------------- the declaration

@dataclass(frozen=True)
class FigureFacts:
    """How the sources band their figures, in the knowledge base's facts (rules/facts.yaml `figures`).

    ages: the number fact of years that claims' `{what: ages}` figures and references' `ages` band;
    split_by: each enum fact a reference figure may be for one value of (its key is the fact's name),
    with its values; life_stages: a figure's `life_stage` -> the bool facts that put a person in it;
    qualifiers: a claim figure's key -> the fact whose value its amount is for; tile_ages: derived
    facts whose rules, reading the ages fact alone, tile the claims' ages.
    """

    ages: str | None = None
    split_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    life_stages: dict[str, tuple[str, ...]] = field(default_factory=dict)
    qualifiers: dict[str, str] = field(default_factory=dict)
    tile_ages: tuple[str, ...] = ()


@per_kb
def figure_facts(kb: KnowledgeBase) -> FigureFacts:
    """The knowledge base's `figures` declaration; without one, no fact is read as a band."""
    declared = (kb.facts_document.data or {}).get("figures") or {}
    model = kb.vocabulary.profile.declared
    stages = declared.get("life_stages") or {}
    return FigureFacts(
        ages=declared.get("ages"),
        split_by={str(f): tuple(map(str, model.get(f, {}).get("values", ()))) for f in declared.get("split_by", ())},
        life_stages={str(stage): tuple(map(str, facts)) for stage, facts in stages.items()},
        qualifiers={str(key): str(fact) for key, fact in (declared.get("qualifiers") or {}).items()},
        tile_ages=tuple(map(str, declared.get("tile_ages", ()))))


# ---------------------------------------------------------------- claims and their quotes

def quote_numbers(text: str) -> list[tuple[float, str | None]]:
    """Every number of a quote in order (a range gives two), with its unit when one follows."""
    found: list[tuple[float, str | None]] = []
    for match in QUOTE_NUMBER.finditer(text):
        unit = QUOTE_UNITS.get(match.group(3) or "")
        values = [float(match.group(1))] + ([float(match.group(2))] if match.group(2) else [])
        if unit == "hour" and "下午" in text[max(0, match.start() - 4):match.start()]:
            values = [v + 12 if v < 12 else v for v in values]
        found += [(v, unit) for v in values]
    return found


def figure_numbers(figure: dict[str, Any]) -> list[tuple[float, str]]:
    """A claim figure's numbers as the quote writes them: min, and max when it differs."""
    low = figure.get("min")
    high = figure.get("max")
    numbers = [float(low)] if isinstance(low, (int, float)) else []
    if isinstance(high, (int, float)) and (low is None or not same(low, high)):
        numbers.append(float(high))
    return [(n, figure.get("unit", "")) for n in numbers]


def claim_list(kb: KnowledgeBase) -> list[dict[str, Any]]:
    claims = (kb.claims_document.data or {}).get("claims") or []
    return [c if isinstance(c, dict) else {} for c in claims]


def claim_figures(kb: KnowledgeBase, claim_id: str) -> list[dict[str, Any]]:
    figures = kb.claims.get(claim_id, {}).get("figures") or []
    return [f for f in figures if isinstance(f, dict)]


def claim_band(figure: dict[str, Any]) -> tuple[float, float]:
    """A claim's ages figure as a half-open band of years (without `min`, from birth: '≤ 18 y')."""
    high = figure.get("max")
    return float(figure.get("min", 0)), (float(high) + 1 if isinstance(high, (int, float)) else INFINITY)


# ---------------------------------------------------------------- references

def reference_figures(kb: KnowledgeBase, ref_id: str) -> list[dict[str, Any]]:
    figures = kb.references.get(ref_id, {}).get("figures") or []
    return [f for f in figures if isinstance(f, dict)]


def figure_band(figure: dict[str, Any]) -> tuple[float, float]:
    ages = figure.get("ages") or {}
    below = ages.get("below")
    return float(ages.get("at_least", 0)), (float(below) if isinstance(below, (int, float)) else INFINITY)


def figure_nutrient(kb: KnowledgeBase, nutrient: str) -> str:
    """The name the references' figures give a nutrient of the rules (its `figures_as` in
    vocabulary.yaml: the references' vitamin K is K1 and K2 together), else its id."""
    return str(kb.vocabulary.nutrient_entries.get(nutrient, {}).get("figures_as", nutrient))


def rule_nutrient(kb: KnowledgeBase, figure_name: str) -> str:
    """The first nutrient of the rules a reference figure's nutrient stands for."""
    return next((n for n in kb.vocabulary.nutrients if figure_nutrient(kb, n) == figure_name), figure_name)


def canonical(kb: KnowledgeBase, nutrient: str, amount: float, unit: str) -> float | None:
    """An amount in the nutrient's canonical unit (vocabulary.yaml), None if the unit is not one of its units."""
    rule_nutrient_id = rule_nutrient(kb, nutrient)
    factor = kb.vocabulary.unit_factors.get(rule_nutrient_id, {}).get(unit)
    return None if factor is None else float(amount) * factor


# ---------------------------------------------------------------- what a rule's condition says

@dataclass(frozen=True)
class Leaf:
    """One leaf of a rule's condition, where it stands, and whether it must hold for the rule to fire."""

    path: tuple[Any, ...]
    data: dict[str, Any]
    required: bool


def leaves(rule: Rule) -> Iterator[Leaf]:
    raw = rule.document.data["rules"][rule.index].get("when") if isinstance(rule.document.data, dict) else None
    yield from _leaves(raw, ("when",), True)


def _leaves(data: Any, path: tuple[Any, ...], required: bool) -> Iterator[Leaf]:
    if not isinstance(data, dict):
        return
    if "all" in data:
        for i, item in enumerate(data["all"] or []):
            yield from _leaves(item, (*path, "all", i), required)
    elif "any" in data:
        items = data["any"] or []
        for i, item in enumerate(items):
            yield from _leaves(item, (*path, "any", i), required and len(items) == 1)
    elif "not" in data:
        yield from _leaves(data["not"], (*path, "not"), False)
    elif "fact" in data:
        yield Leaf(path, data, required)


@dataclass(frozen=True)
class Band:
    """The people a rule is for, as far as ages, the values of split facts, and life stage go."""

    low: float
    high: float
    only: tuple[tuple[str, str], ...]  # (split fact, the value the rule requires)
    life_stage: str | None

    def text(self) -> str:
        ages = (f"{num(self.low)} and over" if self.high == INFINITY
                else f"from {num(self.low)} to below {num(self.high)}")
        who = "".join(f", {value}" for _, value in self.only)
        stage = f", in {self.life_stage.replace('_', ' or ')}" if self.life_stage else ""
        return f"ages {ages}{who}{stage}"


def rule_band(kb: KnowledgeBase, rule: Rule) -> Band | None:
    """The age band a rule's condition requires, or None when it requires none."""
    declared = figure_facts(kb)
    low, high, only, aged = 0.0, INFINITY, {}, False
    stage = None
    for leaf in leaves(rule):
        fact = leaf.data.get("fact")
        for name, facts in declared.life_stages.items():
            if fact in facts and leaf.data.get("equals") is True:
                stage = name
        if not leaf.required:
            continue
        if fact == declared.ages and fact is not None:
            for op in ("at_least", "above"):
                if isinstance(leaf.data.get(op), (int, float)):
                    low, aged = max(low, float(leaf.data[op])), True
            for op in ("below", "at_most"):
                if isinstance(leaf.data.get(op), (int, float)):
                    high, aged = min(high, float(leaf.data[op])), True
        elif fact in declared.split_by and isinstance(leaf.data.get("equals"), str):
            only[fact] = leaf.data["equals"]
    return Band(low, high, tuple(only.items()), stage) if aged else None


def rule_qualifiers(kb: KnowledgeBase, rule: Rule) -> dict[str, str]:
    """The claim figure keys a rule's condition fixes (`sun: low` where it requires sun_level low)."""
    found = {}
    for key, fact in figure_facts(kb).qualifiers.items():
        for leaf in leaves(rule):
            if leaf.required and leaf.data.get("fact") == fact and isinstance(leaf.data.get("equals"), str):
                found[key] = leaf.data["equals"]
                break
    return found


def applies_to(figure: dict[str, Any], band: Band) -> bool:
    """Whether a reference figure speaks of (some of) the people of a rule's band."""
    low, high = figure_band(figure)
    if not (low < band.high and band.low < high):
        return False
    if figure.get("life_stage") != band.life_stage:
        return False
    return all(figure.get(fact) in (None, value) for fact, value in band.only)


def tiling_problems(bands: list[tuple[float, float, str]], start: float) -> list[tuple[str, str]]:
    """Gaps and overlaps of bands meant to tile [start, ∞) with no gap and no overlap: (band label, problem)."""
    problems = []
    edge = start
    last = ""
    for low, high, label in sorted(bands, key=lambda b: (b[0], b[1])):
        if low > edge:
            problems.append((label, f"a gap from {num(edge)} to {num(low)} (before {label})"))
        elif low < edge:
            overlap = f"an overlap from {num(low)} to {num(min(edge, high))} ({label} and the band before)"
            problems.append((label, overlap))
        edge, last = max(edge, high), label
    if edge != INFINITY:
        problems.append((last, f"a gap from {num(edge)} up (after {last}, no band covers it)"))
    return problems


def tiling_by_split(kb: KnowledgeBase, bands: list[tuple[float, float, str, dict[str, Any]]],
                    start: float) -> list[tuple[str, str]]:
    """tiling_problems for each combination of the split facts' values (a band names the values it is
    for, by fact; one it does not name, it is for all); a problem every combination shares is said once."""
    split = figure_facts(kb).split_by
    combinations = [dict(zip(split, values, strict=True)) for values in itertools.product(*split.values())]
    found: dict[tuple[str, str], list[str]] = {}
    for combination in combinations:
        kept = [(lo, hi, lab) for lo, hi, lab, only in bands
                if all(only.get(fact) in (None, value) for fact, value in combination.items())]
        for label, problem in tiling_problems(kept, start):
            found.setdefault((label, problem), []).append(" ".join(combination.values()))
    return [(label, problem if len(whom) == len(combinations) else f"{problem}, for a {whom[0]}")
            for (label, problem), whom in found.items()]
