"""The facts a question states about the person: age, sex, menopause, pregnancy, breastfeeding,
medications, conditions and amounts taken.

The words are data (the `facts` section of explanations/<lang>/intents.yaml); the names of
medications, conditions, nutrients, salts and units come from rules/vocabulary.yaml. What is read
is a raw profile (field -> value as a person would give it), so the profile's own readers check and
convert it: an amount is passed on as the fragment the question wrote ("D3 5000 IU") to the profile's
`taking` reader, never converted here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .factmodel import ProfileModel
from .vocabulary import Vocabulary

SEPARATORS = r"[\s\-_.·]*"
_SEPARATOR_RUN = re.compile(r"[\s\-_.·]+")
_LATIN = re.compile(r"[a-z0-9]")
# A clause ends at these; an amount and the nutrient it is of stand in one clause.
_CLAUSE_END = re.compile(r"[.?!;,。？！；，、]")
# How far (characters) an amount may stand from the nutrient it is of, and a negation from its word.
_NEAR = 14
_NEGATION_REACH = 12
# Digits of an amount: thousands separated by a comma, a space or a narrow no-break space; decimals.
_NUMBER = r"\d{1,3}(?:[,\u00a0\u202f ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def phrase_pattern(phrase: str, bounded_before: bool = True) -> str:
    """A phrase as a pattern: case already folded, spaces and hyphens between its letters optional,
    and not inside a longer Latin word ('d' does not match 'did', 'man' does not match 'woman')."""
    key = _SEPARATOR_RUN.sub("", phrase.casefold())
    body = SEPARATORS.join(map(re.escape, key))
    before = r"(?<![a-z0-9'])" if bounded_before and _LATIN.match(key[:1]) else ""
    after = r"(?![a-z0-9])" if _LATIN.match(key[-1:]) else ""
    return before + body + after


def find_names(folded: str, names: dict[str, str]) -> list[tuple[Span, str]]:
    """Every occurrence of the names (key -> id), longest first, none overlapping another."""
    found: list[tuple[Span, str]] = []
    taken: list[tuple[int, int]] = []
    # A name's pattern is its letters with separators allowed between them: it can match only where
    # the text without separators holds those letters. Most names are not in a question, and are
    # skipped here without compiling their pattern (start-up: a vocabulary has hundreds of names).
    letters = _SEPARATOR_RUN.sub("", folded)
    for key in sorted(names, key=len, reverse=True):
        if not key or _SEPARATOR_RUN.sub("", key.casefold()) not in letters:
            continue
        for match in re.finditer(phrase_pattern(key), folded):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            found.append((Span(match.start(), match.end(), match.group()), names[key]))
    return sorted(found, key=lambda item: item[0].start)


class FactReader:
    """Reads a raw profile from a question with one language's fact words and the vocabulary."""

    def __init__(self, words: dict[str, Any], vocab: Vocabulary) -> None:
        self.words = words or {}
        self.vocab = vocab
        self._units = "|".join(phrase_pattern(u, bounded_before=False)
                               for u in sorted(vocab.unit_names, key=len, reverse=True))
        self._unit_names = list(vocab.unit_names)

    def read(self, text: str, nutrient_spans: list[tuple[Span, str]]) -> dict[str, Any]:
        """The raw profile the question states (empty when it states nothing)."""
        folded = text.casefold()
        facts: dict[str, Any] = {}
        model = self.vocab.profile
        amounts = self.amounts(text, folded, nutrient_spans)
        if amounts and model.supplements_fields:
            facts[model.supplements_fields[0]] = [fragment for fragment, _ in amounts]
        for field in model.scalar_fields:
            spec = model.declared[field]
            if spec["type"] == "number":
                number = self.number(folded, field, [span for _, span in amounts])
                if number is not None:
                    facts[field] = number
                continue
            value = self.choice(folded, field)
            if value is not None:
                facts[field] = value
        for field in model.names_fields:
            table = self.vocab.name_tables.get(model.declared[field]["vocabulary"], {})
            names = [text[span.start:span.end] for span, _ in find_names(folded, table)]
            if names:
                facts[field] = names
        return facts

    def amounts(self, text: str, folded: str, nutrient_spans: list[tuple[Span, str]]) -> list[tuple[str, Span]]:
        """Each amount with a unit, as '<nutrient as written> <amount> <unit>' for the profile's reader,
        paired with the nutrient nearest to it in its clause (after it first: '5000 IU of D3')."""
        salt_nutrient = self.vocab.salt_nutrient
        salts = [(span, salt_nutrient) for span, _ in find_names(folded, self.vocab.salts)] if salt_nutrient else []
        mentions = _longest_first([*salts, *nutrient_spans])
        out: list[tuple[str, Span]] = []
        if not _has_digit(folded) or not _may_hold(folded, self._unit_names):
            return out  # no number, or no unit: the pattern (long, compiled per process) cannot match
        from .amounts import period_word  # a question without an amount needs no dose reader
        # A unit written with dots keeps its last one ('5000 I.U. of D3'): it does not end the clause.
        pattern = rf"(?<![a-z0-9.,])(?P<number>{_NUMBER})\s*(?P<unit>{self._units})(?:(?<=[a-z]\.[a-z])\.)?"
        compiled, start = re.compile(pattern), 0
        while match := compiled.search(folded, start):
            start = match.end()
            swallowed = [s for s, _ in mentions if s.start < match.start("number") < s.end < match.end("number")]
            if swallowed:  # 'MK-7 100 mcg': the number took the name's digit ('7 100'); read on after the name
                start = max(s.end for s in swallowed)
                continue
            here = Span(match.start(), match.end(), match.group())
            best = None
            for span, _ in mentions:
                span = self._before_amount(text, span, here)
                gap = folded[here.end:span.start] if span.start >= here.end else folded[span.end:here.start]
                if (span.start < here.end and span.end > here.start) or len(gap) > _NEAR or _CLAUSE_END.search(gap):
                    continue
                rank = (len(gap.strip()), span.start < here.start)
                if best is None or rank < best[0]:
                    best = (rank, span)
            if best is not None:
                name = text[best[1].start:best[1].end]
                fragment = f"{name} {text[match.start('number'):match.end('number')]} " \
                           f"{text[match.start('unit'):match.end('unit')]}"
                before = _CLAUSE_END.split(folded[max(0, match.start() - _NEAR):match.start()])[-1]
                after = _CLAUSE_END.split(folded[match.end():match.end() + _NEAR], maxsplit=1)[0]
                if (period := period_word(f"{before} {after}", self.vocab)) is not None:
                    fragment += f" {period}"  # '50000 IU weekly' is refused by the reader, never taken as a day's
                out.append((fragment, here))
        return out

    def _before_amount(self, text: str, span: Span, amount: Span) -> Span:
        """A name that ends inside the amount's number ('vitamin d 2 IU' matched as 'vitamin d2') cut
        back to the name before the number, when that is a name too: the number with its unit wins."""
        if not span.start < amount.start < span.end:
            return span
        cut = text[span.start:amount.start].rstrip(" -")
        return Span(span.start, span.start + len(cut), cut) if self.vocab.nutrient(cut) else span

    def number(self, folded: str, field: str, amounts: list[Span]) -> int | str | None:
        """A number the question states (an age): a number after one of the field's `before` words or
        before one of its `after` words; none when two different numbers are stated."""
        words = self.words.get(field) or {}
        if not isinstance(words, dict) or not (words.get("before") or words.get("after")):
            return None
        found = set()
        patterns = []
        if not _has_digit(folded):
            return None
        if words.get("before") and _may_hold(folded, words["before"]):
            patterns.append(rf"{_alternation(words['before'])}\s*(?P<n>\d{{1,3}})(?![\d.,]|\s*(?:{self._units}))")
        if words.get("after") and _may_hold(folded, words["after"]):
            patterns.append(rf"(?<![a-z0-9.,])(?P<n>\d{{1,3}})[\s\-]*{_alternation(words['after'], False)}")
        for pattern in patterns:
            for match in re.finditer(pattern, folded):
                if not any(a.start <= match.start("n") < a.end for a in amounts):
                    found.add(int(match["n"]))
        return found.pop() if len(found) == 1 else None

    def choice(self, folded: str, field: str) -> str | None:
        """A field whose words are data: `value: [words]`; negated words give 'false' for a yes/no field
        and nothing otherwise; two different values stated give nothing."""
        values = (self.words.get(field) or {})
        keys = {re.sub(r"[\s\-_.·]+", "", str(w).casefold()): str(value)
                for value, ws in values.items() for w in ws or []}
        seen = set()
        for span, value in find_names(folded, keys):
            if self._negated(folded, span):
                if value == "true":
                    seen.add("false")
                continue
            seen.add(value)
        return seen.pop() if len(seen) == 1 else None

    def _negated(self, folded: str, span: Span) -> bool:
        before = folded[max(0, span.start - _NEGATION_REACH):span.start]
        before = _CLAUSE_END.split(before)[-1]
        return any(re.search(phrase_pattern(n) if _LATIN.match(n[:1]) else re.escape(n), before)
                   for n in (str(n).casefold() for n in self.words.get("negations", [])))


def _has_digit(text: str) -> bool:
    """Whether the text has a character `\\d` matches (a Unicode decimal digit)."""
    return any(c.isdecimal() for c in text)


def _may_hold(folded: str, phrases: list[Any]) -> bool:
    """Whether one of the phrases may stand in the text: its phrase_pattern matches only where the text,
    separators removed, holds the phrase's letters (so a pattern need not be compiled when none does)."""
    letters = _SEPARATOR_RUN.sub("", folded)
    return any(_SEPARATOR_RUN.sub("", str(p).casefold()) in letters for p in phrases)


def _alternation(words: list[Any], bounded_before: bool = True) -> str:
    return "(?:" + "|".join(phrase_pattern(str(w), bounded_before)
                            for w in sorted(words, key=lambda w: -len(str(w)))) + ")"


def _longest_first(spans: list[tuple[Span, str]]) -> list[tuple[Span, str]]:
    """Drop spans inside a longer one ('calcium' inside 'calcium carbonate')."""
    kept: list[tuple[Span, str]] = []
    for span, ident in sorted(spans, key=lambda s: s[0].start - s[0].end):
        if not any(k.start <= span.start and span.end <= k.end for k, _ in kept):
            kept.append((span, ident))
    return sorted(kept, key=lambda s: s[0].start)


def merge_stated(stated: dict[str, Any], given: dict[str, Any],
                 model: ProfileModel) -> tuple[dict[str, Any], list[str]]:
    """The raw profile from the question's facts and the person's own (options and PROFILE), which win;
    names (medications, conditions) of both count. A stated fact the person's own facts exclude
    (its `only_when` contradicted: menopause for a man) is dropped. Returns it with the question's
    facts that were not used."""
    merged = dict(given)
    overridden = []
    added = model.names_fields
    for field, value in stated.items():
        only_when = model.declared.get(field, {}).get("only_when", {})
        excluded = any(given.get(other) is not None and str(given[other]).strip().casefold() != str(wanted)
                       for other, wanted in only_when.items())
        if field in added and given.get(field) is not None:
            mine = given[field] if isinstance(given[field], list) else [given[field]]
            merged[field] = [*mine, *value]
        elif given.get(field) is not None or excluded:
            overridden.append(field)
        else:
            merged[field] = value
    return merged, overridden
