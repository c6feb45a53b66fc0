"""The figures the sources state, as the figure checks read them: claims' figures and their
quotes' numbers, references' figures, and the age bands and thresholds of a rule's condition.

Ages are years in half-open bands [at_least, below); a claim's ages as the article writes them
("4–13歲", inclusive) become [4, 14). Amounts compare in the nutrient's canonical unit.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..knowledge import KnowledgeBase, Rule

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
    from ..numbers import EXACT

    return EXACT.number(value)


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
    """The people a rule is for, as far as ages, sex and life stage go."""

    low: float
    high: float
    sex: str | None
    life_stage: str | None

    def text(self) -> str:
        ages = (f"{num(self.low)} and over" if self.high == INFINITY
                else f"from {num(self.low)} to below {num(self.high)}")
        who = f", {self.sex}" if self.sex else ""
        stage = ", in pregnancy or lactation" if self.life_stage else ""
        return f"ages {ages}{who}{stage}"


def rule_band(rule: Rule) -> Band | None:
    """The age band a rule's condition requires, or None when it requires none."""
    low, high, sex, aged = 0.0, INFINITY, None, False
    stage = None
    for leaf in leaves(rule):
        fact = leaf.data.get("fact")
        if fact in ("pregnant", "breastfeeding") and leaf.data.get("equals") is True:
            stage = "pregnancy_lactation"
        if not leaf.required:
            continue
        if fact == "age":
            for op in ("at_least", "above"):
                if isinstance(leaf.data.get(op), (int, float)):
                    low, aged = max(low, float(leaf.data[op])), True
            for op in ("below", "at_most"):
                if isinstance(leaf.data.get(op), (int, float)):
                    high, aged = min(high, float(leaf.data[op])), True
        elif fact == "sex" and isinstance(leaf.data.get("equals"), str):
            sex = leaf.data["equals"]
    return Band(low, high, sex, stage) if aged else None


def rule_sun(rule: Rule) -> str | None:
    for leaf in leaves(rule):
        if leaf.required and leaf.data.get("fact") == "sun_level" and isinstance(leaf.data.get("equals"), str):
            return leaf.data["equals"]
    return None


def applies_to(figure: dict[str, Any], band: Band) -> bool:
    """Whether a reference figure speaks of (some of) the people of a rule's band."""
    low, high = figure_band(figure)
    if not (low < band.high and band.low < high):
        return False
    if figure.get("life_stage") != band.life_stage:
        return False
    return band.sex is None or figure.get("sex") in (None, band.sex)


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


def tiling_by_sex(bands: list[tuple[float, float, str, str | None]], start: float) -> list[tuple[str, str]]:
    """tiling_problems for each sex (a band without a sex is for both); a problem both share is said once."""
    found: dict[tuple[str, str], list[str]] = {}
    for sex in ("female", "male"):
        for label, problem in tiling_problems([(lo, hi, lab) for lo, hi, lab, s in bands if s in (None, sex)], start):
            found.setdefault((label, problem), []).append(sex)
    return [(label, problem if len(sexes) == 2 else f"{problem}, for a {sexes[0]}")
            for (label, problem), sexes in found.items()]
