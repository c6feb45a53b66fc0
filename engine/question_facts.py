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
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise
from typing import Any

from .errors import InputError, shown
from .factmodel import ProfileModel
from .numberreader import (
    OTHER_MARKS,
    NumberError,
    multiplier_pattern,
    read_numerals,
    refuse_other_digits,
    scaled,
)
from .vocabulary import Vocabulary, name_key

SEPARATORS = r"[\s\-_.·]*"
_SEPARATOR_CHARS = "-_.·"  # with white space: what SEPARATORS allows between a phrase's letters
_SEPARATOR_RUN = re.compile(r"[\s\-_.·]+")
_LATIN = re.compile(r"[a-z0-9]")
# A clause ends at these; an amount and the nutrient it is of stand in one clause.
_FREE_DIGIT = re.compile(r"(?<![a-z0-9.,\-])\d")  # a digit that may start a number: not inside 'd3' or 'mk-7'
_CLAUSE_END = re.compile(r"[.?!;,。？！；，、]")
# How far (characters) an amount may stand from the nutrient it is of, and a negation from its word.
_NEAR = 14
_NEGATION_REACH = 12
# Digits of an amount: thousands separated by a comma or a space of any kind the dose reader reads
# (no-break, narrow no-break, thin, figure, ideographic: numberreader.PLAIN); decimals.
# Any other run of digits with points or commas ('1,25', '10.000') is taken whole, for the dose
# reader to refuse as ambiguous: never read from its last digits ('25 mg').
_NUMBER = r"\d{1,3}(?:[\u00a0\u202f\u2009\u2007\u3000 ]\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)*"
# A word of the question that may be a name (a brand such as 'Eliquis'): Latin letters, digits, hyphens.
_NAME_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9\-]{2,}(?![A-Za-z0-9])")
# How close (rapidfuzz ratio, 0-100) a word must be to a listed name to be read as a misspelling of
# it ('warfrin' ~ 'warfarin': 93), and the shortest word so read.
_NAME_CUTOFF = 85
_NAME_SHORTEST = 5


def refusal(key: str, **values: Any) -> str:
    """The refusal `refusals.<key>` of the catalogs, said in the answer's language by `bonekb ask`
    (engine/refusals.py: imported, and its catalog read, only when something is refused)."""
    from .refusals import refusal as refused

    return refused(key, **values)



_BESIDE = re.compile(r"[\s()\uff08\uff09]*")


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


def phrase_keys(phrases: Iterable[str]) -> list[str]:
    """Phrases as `phrase_follows` compares them: case folded, separators taken out, longest first."""
    keys = {_SEPARATOR_RUN.sub("", phrase.casefold()) for phrase in phrases}
    return sorted((k for k in keys if k), key=lambda k: (-len(k), k))


def phrase_follows(folded: str, at: int, keys: list[str], hyphens: bool = True) -> bool:
    """Whether one of the phrases (`phrase_keys`) stands at `at`, after spaces or hyphens (spaces only
    when not `hyphens`): what matching `[\\s\\-]*(?:phrase_pattern(key, bounded_before=False)|...)` there
    tells, without compiling a pattern of every phrase (their letters with separators between:
    milliseconds per process, at start-up)."""
    while at < len(folded) and (folded[at].isspace() or (hyphens and folded[at] == "-")):
        at += 1
    for key in keys:
        i = at
        for n, char in enumerate(key):
            while n and i < len(folded) and (folded[i].isspace() or folded[i] in _SEPARATOR_CHARS):
                i += 1
            if i >= len(folded) or folded[i] != char:
                break
            i += 1
        else:
            if not (_LATIN.match(key[-1:]) and _LATIN.match(folded[i:i + 1])):
                return True
    return False


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

    def __init__(self, words: dict[str, Any], vocab: Vocabulary, known_words: set[str] | None = None) -> None:
        self.words = words or {}
        self.vocab = vocab
        # The words of the question languages (keywords, fillers, fact words): never a name.
        self.known_words = {w.casefold() for w in known_words or set()}
        # Numerals, multipliers and decimal points are the vocabulary's, as the dose reader reads them
        # (a question's fact words may add their own, which the dose reader then refuses in an amount).
        self.numerals = {**vocab.numerals, **_numerals(self.words.get("numerals"))}
        self.multipliers = {**vocab.multipliers, **_multipliers(self.words.get("multipliers"))}
        # A decimal point between numerals ('一點二', 1.2): read with them in an amount.
        self.points = vocab.numeral_points + "".join(str(w) for w in self.words.get("decimal_point") or []
                                                     if len(str(w)) == 1 and str(w) not in vocab.numeral_points)
        self._listed_names: dict[str, dict[str, Counter[str]]] = {}
        self._units = "|".join(phrase_pattern(u, bounded_before=False)
                               for u in sorted(vocab.unit_names, key=len, reverse=True))
        self._unit_names = list(vocab.unit_names)

    @property
    def units_pattern(self) -> str:
        """The vocabulary's unit names as one pattern (on case-folded text)."""
        return self._units

    def read(self, text: str, nutrient_spans: list[tuple[Span, str]],
             notes: list[tuple[str, str]] | None = None) -> dict[str, Any]:
        """The raw profile the question states (empty when it states nothing). `notes` receives what
        was read with a note, as (kind, words as written): 'denied' for an amount, medication or
        condition the person says they do not take or have ("I don't take 5000 IU", "no kidney
        stones": not read), 'past' for a medication they say they stopped ("stopped warfarin": still
        read, on the safe side, and the person is told)."""
        folded = text.casefold()
        facts: dict[str, Any] = {}
        model = self.vocab.profile
        seen: list[Span] = []
        notes = [] if notes is None else notes
        amounts = self.amounts(text, folded, nutrient_spans, seen, notes)
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
        self.refuse_a_young_child_without_age(folded, facts)
        taken = [span for span, _ in nutrient_spans] + [span for _, span in amounts]
        named: dict[str, list[Span]] = {}
        for field in model.names_fields:
            kind = model.declared[field]["vocabulary"]
            # a name known but not covered by the sources ('apixaban') is found as a listed one is: the
            # profile's reader warns of it as such
            table = {**self.vocab.not_covered.get(kind, {}), **self.vocab.name_tables.get(kind, {})}
            named[field] = [span for span, _ in find_names(folded, table)]
            taken += named[field]
        for field in model.names_fields:
            said = {s: how for s in named[field] if (how := self._how_said(folded, s, field)) is not None}
            notes += [(kind, text[start:end]) for kind, start, end in said.values()]
            listed = [s for s in named[field] if s not in said or said[s][0] != "denied"]
            unlisted = self._names_not_listed(text, field, taken)
            notes += [("past", text[start:s.end]) for s in unlisted
                      if (start := self._said_before(folded, s.start, field, "past_by")) is not None]
            spans = listed + unlisted
            taken += spans
            if spans:
                facts[field] = [text[span.start:span.end] for span in sorted(spans, key=lambda s: s.start)]
        self._refuse_a_number_not_read(folded, nutrient_spans, seen, facts, [s for f in named.values() for s in f])
        return facts

    def _names_not_listed(self, text: str, field: str, taken: list[Span]) -> list[Span]:
        """Words that stand for a name the vocabulary does not list, so that the person is warned it was
        not recognised (with the closest listed names): a word close to a listed name ('warfrin'), and a
        capitalised word after one of the field's `after` words ('while on Eliquis')."""
        listed = self._listed(field)
        found: list[Span] = []
        for match in _NAME_WORD.finditer(text):
            span = Span(match.start(), match.end(), match.group())
            word = span.text.casefold()
            if any(t.start < span.end and span.start < t.end for t in taken) or word in self.known_words \
                    or name_key(word) in self.vocab.unit_names or self.vocab.nutrient(word):
                continue
            if self._after_cue(text, span, field) or (len(word) >= _NAME_SHORTEST
                                                      and _close_to_one(name_key(word), listed)):
                found.append(span)
        return found + self._names_not_listed_cjk(text, field, [*taken, *found])

    def _said_before(self, folded: str, start: int, field: str, key: str) -> int | None:
        """Where one of the field's `key` words stands right before `start` ('not on warfarin', '沒有吃華法林',
        'no kidney stones', "don't take 5000 IU" for `denied_by`; 'stopped warfarin' for `past_by`),
        or None. Only these words, right before it: any other negation keeps what follows (a
        medication or condition kept by mistake only adds a caution). Not after one of the field's
        `not_denied_by` words, which end with such a word and ask rather than deny ('有沒有腎結石')."""
        words = self.words.get(field) if isinstance(self.words.get(field), dict) else {}
        before = folded[:start].rstrip()
        if any(re.search(phrase_pattern(str(w), bounded_before=False) + r"\Z", before)
               for w in words.get("not_denied_by", [])):
            return None
        # A word's pattern can match at the end only where the letters, separators removed, end with the
        # word's: most words are not there, and are skipped without compiling their pattern (start-up).
        letters = _SEPARATOR_RUN.sub("", before[-60:])
        found = [m.start() for w in words.get(key, []) if str(w).strip()
                 and letters.endswith(_SEPARATOR_RUN.sub("", str(w).casefold()))
                 for m in [re.search(phrase_pattern(str(w)) + r"\Z", before)] if m]
        return min(found) if found else None

    def _how_said(self, folded: str, span: Span, field: str) -> tuple[str, int, int] | None:
        """How a listed name is said, as (note kind, start, end of the words to quote), or None when it
        is said plainly (read, no note). Denied ('not on warfarin': `denied_by`) it is not read, unless
        the denial is undone, and then it is read with a note saying why: two negatives ('我不是不吃華法林',
        "it's not that I don't take": `double_negation`, 'double'); a hypothetical ('without warfarin',
        'if I don't take warfarin', '不用華法林的話': `without_by`, or denied or stopped in a clause with
        one of `hypothetical_in`, 'hypothetical'); a stop ('stopped warfarin', 'no longer take', '不再吃',
        '已經不吃', '不吃華法林了', "don't take it anymore": `past_by` before it or before its denial,
        `past_after` later in its clause, 'past'). On the safe side: a medication read by mistake only
        adds cautions; one dropped by mistake could give vitamin K to a warfarin user."""
        words = self.words.get(field) if isinstance(self.words.get(field), dict) else {}
        denied = self._said_before(folded, span.start, field, "denied_by")
        without = self._said_before(folded, span.start, field, "without_by")
        past = self._said_before(folded, span.start, field, "past_by")
        if denied is None and without is None and past is None:
            return None
        if denied is not None and (double := self._double_negation(folded, denied)) is not None:
            return ("double", double, span.end)
        start, end = self._clause(folded, span)
        if _may_hold(folded[start:end], words.get("hypothetical_in", [])) \
                and _phrase_in(folded, words["hypothetical_in"], start, end) is not None:
            return ("hypothetical", min(s for s in (denied, without, past) if s is not None), span.end)
        if past is not None:
            return ("past", past, span.end)
        negation = min(s for s in (denied, without) if s is not None)
        if (before := self._said_before(folded, negation, field, "past_by")) is not None:
            return ("past", before, span.end)
        if _may_hold(folded[span.end:end], words.get("past_after", [])) \
                and (after := _phrase_in(folded, words["past_after"], span.end, end)) is not None:
            return ("past", negation, after)
        if denied is None:
            return ("hypothetical", negation, span.end)
        return ("denied", denied, span.end)

    def _double_negation(self, folded: str, denial: int) -> int | None:
        """Where one of the `double_negation` words stands right before a denial that starts at `denial`
        ('我不是|不吃', "it's not that I|don't take"), or None."""
        words = [str(w) for w in self.words.get("double_negation") or [] if str(w).strip()]
        before = folded[:denial].rstrip()
        letters = _SEPARATOR_RUN.sub("", before[-60:])
        found = [m.start() for w in words if letters.endswith(_SEPARATOR_RUN.sub("", w.casefold()))
                 for m in [re.search(phrase_pattern(w) + r"\Z", before)] if m]
        return min(found) if found else None

    @staticmethod
    def _clause(folded: str, span: Span) -> tuple[int, int]:
        """The clause a span stands in: from the clause end before it to the one after it."""
        start = max((m.end() for m in _CLAUSE_END.finditer(folded, 0, span.start)
                     if not _inside_a_number(folded, m.start())), default=0)
        end = next((m.start() for m in _CLAUSE_END.finditer(folded, span.end)
                    if not _inside_a_number(folded, m.start())), len(folded))
        return start, end

    def _after_cue(self, text: str, span: Span, field: str) -> bool:
        """Whether a capitalised word stands right after one of the field's `after` words ('while on
        Eliquis'), or a word in any case after one of its `after_any_case` words ('i take xarelto')
        that is none of its `not_names` (everyday words: 'take it', 'take more')."""
        words = self.words.get(field) if isinstance(self.words.get(field), dict) else {}
        before = _CLAUSE_END.split(text[max(0, span.start - 20):span.start].casefold())[-1].rstrip()

        def after(key: str) -> bool:
            cues = sorted((str(w).casefold() for w in words.get(key, [])), key=len, reverse=True)
            return any(before.endswith(cue) and (not _LATIN.match(cue[-1:]) or not before[:-len(cue)][-1:].isalnum())
                       for cue in cues)

        if span.text[:1].isupper() and after("after"):
            return True
        everyday = {str(w).casefold() for w in words.get("not_names", [])}
        return span.text.casefold() not in everyday and after("after_any_case")

    def _names_not_listed_cjk(self, text: str, field: str, taken: list[Span]) -> list[Span]:
        """A name in Chinese characters after one of the field's `after_cjk` words ('我在吃艾必克凝，',
        '我吃利伐沙班，'), up to the clause's end or one of its `cjk_ends` words ('可以'), that no list
        knows: a name not recognised, so that the person is warned. None when a known name or nutrient
        stands there, or the words hold a question word, a fact word or one of the field's `cjk_not_names`
        (what else is eaten or used: '吃早餐', '吃多少'), or start with a numeral ('吃兩顆')."""
        words = self.words.get(field) if isinstance(self.words.get(field), dict) else {}
        cues = [str(w) for w in words.get("after_cjk", []) if str(w)]
        if not cues or not _is_cjk(text) or not any(c in text for c in cues):
            return []  # no cue: the pattern (compiled per process) cannot match
        ends = "|".join(re.escape(str(w)) for w in sorted(words.get("cjk_ends", []), key=len, reverse=True))
        cue = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
        found = []
        for match in re.finditer(rf"(?:{cue})(?P<name>[\u3400-\u4dbf\u4e00-\u9fff]{{2,8}}?)"
                                 rf"(?=[^\u3400-\u4dbf\u4e00-\u9fff]|\Z{'|' + ends if ends else ''})", text):
            span = Span(match.start("name"), match.end("name"), match["name"])
            if any(t.start < span.end and span.start < t.end for t in taken) or self.vocab.nutrient(span.text) \
                    or span.text[0] in self.numerals or any(w in span.text for w in self._cjk_not_names(words)):
                continue
            found.append(span)
        return found

    def _cjk_not_names(self, words: dict[str, Any]) -> list[str]:
        """Chinese words that are no medicine's name: the question languages' words of two characters or
        more (keywords, fact words) but those a name is written with (vocabulary name_words: '膠囊'),
        and the field's `cjk_not_names`."""
        part_of_names = {str(w) for kind in ("salts", "dose_forms") for w in self.vocab.name_words.get(kind, [])}
        known = [w for w in self.known_words if len(w) > 1 and _is_cjk(w) and w not in part_of_names]
        return known + [str(w) for w in words.get("cjk_not_names", []) if str(w)]

    def _listed(self, field: str) -> dict[str, Counter[str]]:
        """The field's listed Latin names (keys) with their letters counted, built once."""
        if field not in self._listed_names:
            table = self.vocab.name_tables.get(self.vocab.profile.declared[field]["vocabulary"], {})
            self._listed_names[field] = {key: Counter(key) for key in table
                                         if key.isascii() and len(key) >= _NAME_SHORTEST}
        return self._listed_names[field]

    def amounts(self, text: str, folded: str, nutrient_spans: list[tuple[Span, str]],
                seen: list[Span] | None = None, notes: list[tuple[str, str]] | None = None
                ) -> list[tuple[str, Span]]:
        """Each amount with a unit, as '<nutrient as written> <amount> <unit>' for the profile's reader,
        paired with the nutrient nearest to it in its clause (after it first: '5000 IU of D3')."""
        salt_nutrient = self.vocab.salt_nutrient
        # A salt without an elemental share ('calcium acetate') is a name too: the dose reader refuses it,
        # never its weight read as elemental.
        salt_names = {**self.vocab.salts_without_fraction, **self.vocab.salts}
        salts = [(span, salt_nutrient) for span, _ in find_names(folded, salt_names)] if salt_nutrient else []
        mentions = _longest_first([*salts, *nutrient_spans])
        out: list[tuple[str, Span]] = []
        taken: dict[str, str] = {}  # the amount read of each nutrient
        numerals = "".join(self.numerals)
        self._refuse_a_fraction(folded)
        if not _may_hold(folded, self._unit_names):
            return out  # no unit: the pattern (long, compiled per process) cannot match
        self._refuse_a_number_in_words(folded)
        if not (_has_digit(folded) or any(c in folded for c in numerals)):
            return out  # no number
        self._refuse_other_digits(text, folded)
        from .amounts import period_word  # a question without an amount needs no dose reader
        # A number, with a multiplier ('5k', '1.5萬'), or in numerals ('五千'); never read from inside
        # another number ('1萬5千': refused below as an amount not read).
        number = rf"(?P<number>{_NUMBER})" + (rf"(?:\s*(?P<times>{self._multiplier_pattern}))?"
                                               if self._multiplier_pattern else "")
        number = rf"(?<![a-z0-9.,{re.escape(numerals)}])(?:{number})"
        if numerals:  # after a name's digit too ('D3五千'), never after a number's ('1萬5千')
            run = re.escape(numerals + self.points)
            number += rf"|(?<![{run}.,])(?<!(?<![a-z])[0-9])(?P<numeral>[{run}]+)"
        # A unit written with dots keeps its last one ('5000 I.U. of D3'): it does not end the clause.
        pattern = rf"(?:{number})\s*(?P<unit>{self._units})(?:(?<=[a-z]\.[a-z])\.)?"
        compiled, start = re.compile(pattern), 0
        read: list[Span] = []  # the amounts read so far
        seen = [] if seen is None else seen  # every amount found, read or not (a medication's strength)
        while match := compiled.search(folded, start):
            start = match.end()
            group = "number" if match["number"] is not None else "numeral"
            swallowed = [s for s, _ in mentions if s.start < match.start(group) < s.end < match.end(group)]
            if swallowed:  # 'MK-7 100 mcg': the number took the name's digit ('7 100'); read on after the name
                start = max(s.end for s in swallowed)
                continue
            self._refuse_a_range(folded, match)
            if re.search(r"(?<![a-z0-9])[-\u2212]\s*\Z", folded[:match.start()]):  # '-5000 IU', not 'D3-1000 IU'
                raise InputError("QUESTION", refusal("negative", amount=shown(folded[match.start() - 1:match.end()])))
            digits, written = self._digits(text, match), self._written(text, match)
            # A label's same dose in another unit ('125 mcg (5000 IU)') is one amount: the reader checks the two agree.
            # So is one after '=' ('50 mcg = 2000 IU'): never two doses added up.
            # Its number as a dose's may be written ('(5k IU)', '(五千國際單位)'), for the dose reader to read.
            second = _NUMBER + (rf"(?:\s*(?:{self._multiplier_pattern}))?" if self.multipliers else "") \
                + (rf"|[{re.escape(numerals + self.points)}]+" if numerals else "")
            label = re.compile(rf"\s*[(（]\s*(?P<number>{second})\s*(?P<unit>{self._units})\s*[)）]").match(
                folded, match.end()) or re.compile(rf"\s*[=＝]\s*(?P<number>{second})\s*(?P<unit>{self._units})"
                                                  r"(?![a-z])").match(folded, match.end())
            if label is not None:
                start = label.end()
            here = Span(match.start(), label.end() if label else match.end(), folded[match.start():start])
            seen.append(here)
            denied = self._amount_denied(folded, here, mentions)
            if denied is not None and (double := self._double_negation(folded, denied)) is not None:
                denied = None  # '我不是不吃5000IU的D3': two negatives are a yes, read and said so
                if notes is not None:
                    notes.append(("double", text[double:here.end]))
            if denied is not None:  # "I don't take 5000 IU of D3": what the person does not take is not read
                read.append(here)
                if notes is not None:
                    notes.append(("denied", text[denied:here.end]))
                continue
            if self._of_a_medication(text, folded, here, mentions):
                read.append(here)  # 'Fosamax 70 mg': the medication's strength, not a nutrient taken
                continue
            best = None
            for span, _ in mentions:
                span = self._before_amount(text, span, here)
                gap = folded[here.end:span.start] if span.start >= here.end else folded[span.end:here.start]
                if (span.start < here.end and span.end > here.start) or len(gap) > _NEAR or _CLAUSE_END.search(gap):
                    continue
                rank = (len(gap.strip()), span.start < here.start)
                if best is None or rank < best[0]:
                    best = (rank, span)
            if best is None:
                best = self._only_nutrient(here, mentions)
            if best is not None:
                name = self._whole_name(text, best[1], mentions)
                self._refuse_a_count(text, _blanked(folded, [*(m for m, _ in mentions), *read, here]), match, name,
                                     digits)
                read.append(here)
                fragment = f"{name} {written} {text[match.start('unit'):match.end('unit')]}"
                if label is not None:
                    fragment += f" ({text[label.start('number'):label.end('number')]} " \
                                f"{text[label.start('unit'):label.end('unit')]})"
                before = _CLAUSE_END.split(folded[max(0, match.start() - _NEAR):match.start()])[-1]
                after = _CLAUSE_END.split(folded[here.end:here.end + _NEAR], maxsplit=1)[0]
                period = period_word(f"{before} {after}", self.vocab) or period_word(folded, self.vocab)
                if period is not None:  # '50000 IU weekly', '... I take it weekly': refused by the reader,
                    fragment += f" {period}"  # never taken as a day's
                nutrient = next((n for span, n in mentions if span == best[1]), None)
                if nutrient is not None and nutrient in taken:  # 'used to take 5000 IU, now 2000 IU': never summed
                    raise InputError("QUESTION", refusal("two_amounts", first=shown(taken[nutrient]),
                                                         second=shown(fragment)))
                if nutrient is not None:
                    taken[nutrient] = fragment
                out.append((fragment, here))
        self._refuse_a_unit_not_read(folded, seen)
        return out

    def _refuse_a_number_in_words(self, folded: str) -> None:
        """'five thousand IU', 'half a gram' (the fact words' `number_words`), '½ g', '1/2 g': a number
        written in words or as a fraction before a unit is refused in one line, never dropped nor read
        from its last digits ('2 g' of '1/2 g')."""
        words = [str(w).casefold() for w in self.words.get("number_words") or []]
        fraction = any(unicodedata.category(c) == "No" for c in folded) or "/" in folded
        if not fraction and not (words and any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", folded)
                                               for w in words)):
            return
        said = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"
        joined = r"(?:[\s\-]+(?:and\s+|of\s+)?(?:an?\s+)?)"
        written = rf"(?<![a-z0-9])(?:{said})(?:{joined}(?:{said}))*{joined}"
        fractions = r"(?<![\d.,])\d+\s*/\s*\d+\s*" if fraction else "(?!)"
        pattern = rf"(?:{written}|(?<![a-z0-9])[\u00bc-\u00be\u2150-\u215e]\s*|{fractions})(?P<unit>{self._units})"
        for found in re.finditer(pattern, folded):
            if found.group().strip() == found["unit"] or re.search(r"\d\s*\Z", folded[:found.start()]):
                continue  # a unit alone, or a word after digits ('5 thousand IU': read as a multiplier)
            raise InputError("QUESTION", refusal("number_in_words", said=shown(' '.join(found.group().split()))))

    def _refuse_a_fraction(self, folded: str) -> None:
        """'半克', '半粒', 'half a tablet', '1/2 tablet', '½ capsule', '0.5 tablet': a fraction (the fact words'
        `fraction_words`, digits around a slash, a fraction sign) before a unit or a count (`taking: counts`),
        or a decimal before a count, is refused in one line naming it: never dropped, never read as a
        whole number ('2 tablet' of '1/2 tablet'). The patterns are compiled only when the question holds
        a fraction's mark or word (start-up)."""
        words = [str(w).casefold() for w in self.words.get("fraction_words") or [] if str(w).strip()]
        counts = [str(w).casefold() for field in self.vocab.profile.supplements_fields
                  if isinstance(self.words.get(field), dict) for w in self.words[field].get("counts", [])]
        between = [i for i, c in enumerate(folded) if c in "/." and _inside_a_number(folded, i)]
        signs = any(folded[i] == "/" for i in between) or ("/" in folded and re.search(r"\d\s*/\s*\d", folded)) \
            or any(unicodedata.category(c) == "No" for c in folded)
        decimal = any(folded[i] == "." for i in between) and _may_hold(folded, counts)
        if not (signs or decimal or (words and _may_hold(folded, words))):
            return
        said = "|".join(phrase_pattern(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"
        fraction = rf"(?:{said}|(?<![\d.,/])\d+\s*/\s*\d+|[\u00bc-\u00be\u2150-\u215e])"
        between = r"\s*(?:(?:of\s+)?an?\s+|of\s+)?"
        count = "|".join(phrase_pattern(w, bounded_before=False) for w in sorted(counts, key=len, reverse=True))
        ends = rf"(?:(?P<unit>{self._units})|(?P<count>{count or '(?!)'}))"
        found = re.search(rf"{fraction}{between}{ends}", folded) or (
            re.search(rf"(?<![\d.,])\d+\.\d+\s*(?P<count>{count})", folded) if decimal and count else None)
        if found is None:
            return
        written = " ".join(found.group().split())
        if found.groupdict().get("unit"):
            raise InputError("QUESTION", f"{shown(written)} writes its number in words or as a fraction, so it was "
                             "not used; accepted: the number in digits, e.g. '5000 IU', '5k IU' or '0.5 g'")
        raise InputError("QUESTION", f"{shown(written)} is part of a tablet, capsule or other dose, so it was not "
                         "used; accepted: the amount a day in digits with its unit, e.g. 'calcium 300 mg' or '0.5 g'")

    def _amount_denied(self, folded: str, amount: Span, mentions: list[tuple[Span, str]]) -> int | None:
        """Where the words denying an amount start ("don't take 5000 IU", "not taking D3 5000 IU",
        '沒有吃5000IU'): one of the amounts field's `denied_by` words right before it, or before its
        nutrient's name right before it; None when it is not denied."""
        start = amount.start
        for span, _ in sorted(mentions, key=lambda m: -m[0].end):
            if span.end <= start and not folded[span.end:start].strip():
                start = span.start
                break
        fields = self.vocab.profile.supplements_fields
        return next((found for field in fields
                     if (found := self._said_before(folded, start, field, "denied_by")) is not None), None)

    @cached_property
    def _name_words(self) -> re.Pattern[str]:
        """What may stand between a medication's name and its strength: spaces, the words a name is
        written with (rules/vocabulary.yaml's name_words: salts, dose forms), ® ™ © and brackets."""
        words = [str(w) for kind in ("salts", "dose_forms") for w in self.vocab.name_words.get(kind, [])]
        said = "|".join(phrase_pattern(w) for w in sorted(words, key=len, reverse=True) if w.strip())
        return re.compile(rf"(?:[\s\-\u00ae\u2122\u00a9()（）\[\]]|{said or '(?!)'})*")

    @cached_property
    def _amount_words(self) -> re.Pattern[str]:
        """What may stand between an amount and the nutrient after it ('5000 IU of D3', '5000IU的D3'):
        spaces and the vocabulary's amount_words."""
        said = "|".join(phrase_pattern(str(w), bounded_before=False)
                        for w in sorted(self.vocab.amount_words, key=len, reverse=True) if str(w).strip())
        return re.compile(rf"(?:\s|{said or '(?!)'})*")

    @property
    def _multiplier_pattern(self) -> str:
        """The multiplier words ('k', '千', '萬') as one pattern, longest first; '' when there are none."""
        return multiplier_pattern(list(self.multipliers))

    def _digits(self, text: str, match: re.Match[str]) -> str:
        """An amount's number in digits, for a refusal's example: digits as written ('5,000'); a number
        with a multiplier ('5k', '1.5萬') or in numerals ('五千') as its exact digits ('5000', '15000'),
        or as written when it does not read (the dose reader refuses it, as it does in --taking)."""
        if match["numeral"] is not None:
            try:
                return str(read_numerals(match["numeral"], self.numerals, self.points))
            except NumberError as err:  # numerals no reader reads ('五千五'): refused here, in the answer's language
                raise InputError("QUESTION", err.args[0]) from None
        if match["times"] is not None:
            try:
                return scaled(match["number"], self.multipliers[match["times"]])
            except NumberError:
                return self._written(text, match)  # the dose reader refuses it, as it does in --taking
        return text[match.start("number"):match.end("number")]

    @staticmethod
    def _written(text: str, match: re.Match[str]) -> str:
        """An amount's number as the question writes it ('5,000', '5k', '1.5萬', '五千'), passed on to the
        dose reader, the one reading of a dose's number (the same text reads the same in --taking)."""
        group = "numeral" if match["numeral"] is not None else "number"
        end = match.end("times") if group == "number" and match["times"] is not None else match.end(group)
        return " ".join(text[match.start(group):end].split())

    def _refuse_other_digits(self, text: str, folded: str) -> None:
        """A number before a unit written with digits of another script ('٥٠٠٠ IU') or a mark between
        digits that no reader reads ('5٫000 IU', "5'000 IU"): refused in one line by the dose reader's
        own check (numberreader.refuse_other_digits), never read from its last digits ('000 IU')."""
        def in_number(char: str) -> bool:
            return char.isdigit() or char in OTHER_MARKS or char in ".,"

        odd = [at for at, char in enumerate(text) if char in OTHER_MARKS or (char.isdigit() and not char.isascii())]
        for at in odd:
            start = end = at
            while start > 0 and in_number(text[start - 1]):
                start -= 1
            while end < len(text) - 1 and in_number(text[end + 1]):
                end += 1
            after = folded[end + 1:].lstrip()
            if not any(after.startswith(word) for word in [*self.vocab.unit_spellings, *self.multipliers]):
                continue
            try:
                refuse_other_digits(text[start:end + 1])
            except NumberError as err:
                raise InputError("QUESTION", str(err)) from None

    def _refuse_a_range(self, folded: str, match: re.Match[str]) -> None:
        """'1000-2000 IU', '1000 to 2000 IU', '一千到兩千國際單位': a range, never read as its second amount."""
        numerals = re.escape("".join(self.numerals))
        joined = r"(?:-|\u2013|~|～|to|至|到)\s*\Z"
        first = r"(?<![a-z0-9.,\-])\d[\d.,]*" + (rf"|[{numerals}]+" if numerals else "")
        found = re.search(rf"(?:{first})\s*(?:{self._multiplier_pattern or '(?!)'})?\s*{joined}",
                          folded[:match.start()])
        if found is not None:
            written = folded[found.start():match.end()]
            raise InputError("QUESTION", refusal("range", written=shown(written)))

    def _refuse_a_unit_not_read(self, folded: str, seen: list[Span]) -> None:
        """A unit right after a number that no amount was read from ('1萬5千IU', '5kiu'): refused in one
        line, never dropped."""
        chars = re.escape("".join(self.numerals))
        first = rf"(?<![a-z0-9.,\-{chars}])\d" + (rf"|(?<![{chars}.,])(?<!(?<![a-z])[0-9])[{chars}]" if chars else "")
        times = rf"(?:\s*(?:{self._multiplier_pattern}))?" if self.multipliers else ""
        for unit in re.finditer(rf"(?:{first})[\d.,{chars}]*{times}\s*(?P<unit>{self._units})", folded):
            if not any(span.start <= unit.start("unit") < span.end for span in seen):
                raise InputError("QUESTION", refusal("unit_not_read", unit=shown(unit.group())))

    def _refuse_a_number_not_read(self, folded: str, nutrient_spans: list[tuple[Span, str]], amounts: list[Span],
                                  facts: dict[str, Any], names: list[Span]) -> None:
        """A number the question writes that nothing read ('my mom is 80' without an age word, 'D3 5000'
        without a unit, '鈣1200') is refused in one line, never dropped. Not an amount read or a
        medication's strength, a count ('2 tablets'), an age ('70歲', '6 month old'), a number read as a
        fact, a nutrient's name ('MK-7') or what follows a medication or condition in its clause (its
        strength or stage, which the names reader sets aside)."""
        chars = "".join(self.numerals)
        big_numerals = "".join(c for c, v in self.numerals.items() if v >= 10)
        # The patterns below are built from the vocabulary (~5 ms to compile): only where a number can stand,
        # a digit not inside a word ('d3', 'mk-7') or a numeral of ten or more.
        if not (_FREE_DIGIT.search(folded) or any(c in folded for c in big_numerals)):
            return
        big = re.escape(big_numerals)
        times = rf"(?:\s*(?:{self._multiplier_pattern}))?" if self.multipliers else ""
        number = rf"(?<![a-z0-9.,\-{re.escape(chars)}])\d+(?:[.,]\d+)*{times}(?![\d])"
        if big:
            number += rf"|(?<![{re.escape(chars)}])[{re.escape(chars)}]*[{big}][{re.escape(chars)}]*"
        stated = {value for value in facts.values() if isinstance(value, int)}
        words = self._count_words
        # '1000 IU x 1': a one-character count word ('x', '×') before the number
        signs = "|".join(re.escape(str(w).casefold()) for w in words if len(str(w)) == 1 and not _is_cjk(str(w)))
        for found in re.finditer(number, folded):
            if (signs and re.search(rf"(?:{signs})\s*\Z", folded[:found.start()])) \
                    or any(a.start <= found.start() < a.end for a in amounts) \
                    or any(m.start <= found.start() < m.end for m, _ in nutrient_spans) \
                    or any(n.end <= found.start() and not _CLAUSE_END.search(folded, n.end, found.start())
                           for n in names) \
                    or phrase_follows(folded, found.end(), self._count_keys) \
                    or (found.group().isdigit() and int(found.group()) in stated):
                continue
            beside = any(re.fullmatch(r"[\s:：=]*", folded[m.end:found.start()]) for m, _ in nutrient_spans
                         if m.end <= found.start()) \
                or any(re.fullmatch(r"\s*(?:of\s+)?", folded[found.end():m.start]) for m, _ in nutrient_spans
                       if m.start >= found.end())
            if not _has_digit(found.group()) and not (beside and len(found.group()) > 1 and self._reads(found.group())):
                continue  # numerals are words too ('十分', very; '千萬', by all means): only a number beside a nutrient
            if beside:
                raise InputError("QUESTION", refusal("no_unit", number=shown(found.group())))
            unit = re.match(r"\s*(?P<word>[^\W\d_][\w.]*)", folded[found.end():])
            if unit is not None and unit["word"].rstrip(".") not in self.known_words and any(
                    re.fullmatch(r"[\s.]*(?:of\s+|的)?", folded[found.end() + unit.end():m.start])
                    for m, _ in nutrient_spans if m.start >= found.end() + unit.end()):  # '5000 units of D3'
                raise InputError("QUESTION", refusal("unknown_unit", word=shown(unit['word'].rstrip('.')),
                                                     number=shown(found.group()),
                                                     units=', '.join(self._unit_spellings())))
            raise InputError("QUESTION", refusal("not_understood", number=shown(found.group())))

    @cached_property
    def _count_words(self) -> list[Any]:
        """The words a count or an age may stand before ('tablets', '粒', 'months after')."""
        return [w for field in (*self.vocab.profile.supplements_fields, *self.vocab.profile.scalar_fields)
                if isinstance(self.words.get(field), dict)
                for key in ("counts", "after", "months_after") for w in self.words[field].get(key, [])]

    @cached_property
    def _unit_keys(self) -> list[str]:
        """The vocabulary's unit names as phrase keys (phrase_follows)."""
        return phrase_keys(self._unit_names)

    @cached_property
    def _count_keys(self) -> list[str]:
        """`_count_words` as phrase keys (phrase_follows)."""
        return phrase_keys(str(w) for w in self._count_words)

    def _unit_spellings(self) -> list[str]:
        """The units an amount may be written in, as the vocabulary spells them (short forms)."""
        return [u for u in self.vocab.unit_spellings if len(u) <= 4 or not u.isascii()]

    def _reads(self, written: str) -> bool:
        """Whether numerals read as one number."""
        try:
            read_numerals(written, self.numerals)
        except NumberError:
            return False
        return True

    def _of_a_medication(self, text: str, folded: str, amount: Span, mentions: list[tuple[Span, str]]) -> bool:
        """Whether an amount is written against a medication ('Fosamax 70 mg', '華法林5毫克', '5 mg of
        warfarin', 'taking Synthroid 100 mcg'): an amount belongs to the nearest name to its left in its
        clause, and when that is a name of the vocabulary's medications or conditions with nothing
        between but the words a name is written with (rules/vocabulary.yaml's name_words: salts such as
        'sodium' or '鈉', dose forms such as 'tablets' or '錠'; ®, a bracketed name: 'warfarin sodium
        tablets 5 mg', 'Coumadin® 5 mg', 'Fosamax (alendronate) 70 mg', '華法林鈉5毫克'), or one stands
        right after it ('5 mg of warfarin'), the amount is that medication's strength, never a nutrient
        taken. When the nearest name to its left is a medication with other words between and no
        nutrient stands right after it, whose amount it is is a guess: refused, naming the amount. One
        beside a medication and a nutrient both is refused too; one beside a capitalised word no list
        knows ('Centrum 600 mg', a brand not declared) is refused, naming the word: its amount is not used."""
        before = folded[:amount.start].rstrip()
        beside = re.compile(r"\s*(?:of\s+)?")
        names = [span for field in self.vocab.profile.names_fields
                 for kind in [self.vocab.profile.declared[field]["vocabulary"]]
                 for span, _ in find_names(folded, {**self.vocab.not_covered.get(kind, {}),
                                                    **self.vocab.name_tables.get(kind, {})})]
        clause = max((m.end() for m in _CLAUSE_END.finditer(folded, 0, amount.start)
                      if not _inside_a_number(folded, m.start())), default=0)
        nearest = max((s for s in names if clause <= s.start and s.end <= amount.start), key=lambda s: s.end,
                      default=None)
        # The words the medication's name is written with: a nutrient's salt among them ('acetate') is the drug's.
        chain = (nearest.end, amount.start) if nearest is not None \
            and self._name_words.fullmatch(folded, nearest.end, amount.start) else None
        mentions = [(m, n) for m, n in mentions if chain is None or not (chain[0] <= m.start and m.end <= chain[1])]
        if nearest is not None and any(nearest.end <= m.start and m.end <= amount.start for m, _ in mentions):
            nearest = None  # a nutrient stands nearer ('warfarin and D3 1000 IU')
        medication = chain is not None or any(span.start >= amount.end
                                              and beside.fullmatch(folded, amount.end, span.start) for span in names)
        word = re.search(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9\-]{2,}\Z", text[:len(before)])
        unknown = word is not None and word.group()[:1].isupper() and not medication \
            and not any(m.start < word.end() and word.start() < m.end for m, _ in mentions) \
            and word.group().casefold() not in self.known_words and not self.vocab.nutrient(word.group()) \
            and name_key(word.group()) not in self.vocab.unit_names
        unknown_word = word.group() if unknown and word is not None else None
        if not medication and not unknown and _is_cjk(before):  # '我在吃达吉胶囊 500毫克': a Chinese name no list knows
            unknown_word = next((s.text for field in self.vocab.profile.names_fields
                                 for s in self._names_not_listed_cjk(text, field, [m for m, _ in mentions])
                                 if s.end <= amount.start and self._name_words.fullmatch(folded, s.end, amount.start)),
                                None)
            unknown = unknown_word is not None
        after = any(m.start >= amount.end and self._amount_words.fullmatch(folded, amount.end, m.start)
                    for m, _ in mentions)
        if nearest is not None and not medication and not unknown and not after:
            raise InputError("QUESTION", refusal("after_medication", amount=shown(' '.join(amount.text.split())),
                                                 medication=shown(text[nearest.start:nearest.end])))
        if not medication and not unknown:
            return False
        nutrient = any(m.end == len(before) or (m.start >= amount.end and beside.fullmatch(folded, amount.end, m.start))
                       for m, _ in mentions)
        if nutrient:
            raise InputError("QUESTION", refusal("strength_or_taken", amount=shown(amount.text)))
        if unknown:  # 'I take Centrum 600 mg': a brand no list declares, so its amount cannot be counted
            raise InputError("QUESTION", refusal("unknown_name", word=shown(unknown_word),
                                                 amount=shown(' '.join(amount.text.split()))))
        return True

    def _only_nutrient(self, amount: Span, mentions: list[tuple[Span, str]]) -> tuple[Any, Span] | None:
        """An amount with no nutrient in its clause ('how much K2? I'm taking 125 mcg') is of the one
        nutrient the question names; with several named it is refused, never dropped or guessed."""
        nutrients = {ident for _, ident in mentions}
        apart = [span for span, _ in mentions if span.end <= amount.start or span.start >= amount.end]
        if len(nutrients) == 1 and apart:
            return ((0, False), apart[0])
        if nutrients:
            raise InputError("QUESTION", refusal("which_nutrient", amount=shown(amount.text)))
        return None

    def _refuse_a_count(self, text: str, blanked: str, amount: re.Match[str], name: str, digits: str) -> None:
        """'2 tablets of D3 1000 IU', 'I take 2 D3 1000 IU tablets', '1000 IU x 2': each one's or all of
        them? Refused, never read as 1000 IU. `blanked` is the folded question without the nutrients'
        names and the other amounts, so '2 D3 ... tablets' is '2 tablets'. The count words are data
        (`taking: counts`); one-character ones (x, ×) count after the amount too ('1000 IU x 2')."""
        fields = [self.words[field] for field in self.vocab.profile.supplements_fields
                  if isinstance(self.words.get(field), dict)]
        counts = [word for words in fields for word in words.get("counts", [])]
        times = {str(word).casefold(): int(n) for words in fields if isinstance(words.get("times"), dict)
                 for n, ws in words["times"].items() if str(n).isdigit() for word in ws or []}
        if not counts and not times:
            return
        rest = blanked[:amount.start()] + " " * (amount.end() - amount.start()) + blanked[amount.end():]
        numeral = "".join(self.numerals)
        number = rf"\d+|[{re.escape(numeral)}]+" if numeral else r"\d+"
        # A count in words ('five 1000 IU capsules', the fact words' `count_words`) counts as its digits do.
        in_words = {str(w).casefold(): int(n) for n, ws in (self.words.get("count_words") or {}).items()
                    if str(n).isdigit() for w in ws or []}
        if in_words:
            number += "|" + "|".join(phrase_pattern(w) for w in sorted(in_words, key=len, reverse=True))
        words = "|".join(phrase_pattern(str(w), bounded_before=False) for w in sorted(counts, key=len, reverse=True))
        signs = "|".join(re.escape(str(w).casefold()) for w in counts if len(str(w)) == 1)
        counted = [*re.finditer(rf"(?<![a-z0-9.,\-])(?P<n>{number})\s*(?:{words})", rest)] if counts else []
        if signs:  # '1000 IU x 2', '1000 IU of D3 x2, too much?' (not 'x 2,000')
            counted += [*re.finditer(rf"\A\s*(?:of\s*)?(?P<said>(?:{signs})\s*(?P<n>\d+))(?![\d]|[.,]\d)",
                                     blanked[amount.end():])]
        if times:  # 'twice a day', 'bid': the count is the word's
            said = "|".join(phrase_pattern(w) for w in sorted(times, key=len, reverse=True))
            counted += [*re.finditer(rf"(?P<w>{said})", rest)]
        for found in counted:
            if found.groupdict().get("w"):
                count = next(n for w, n in times.items() if re.fullmatch(phrase_pattern(w), found["w"]))
            else:
                count = int(found["n"]) if found["n"].isdigit() else next(
                    (n for w, n in in_words.items() if re.fullmatch(phrase_pattern(w), found["n"])), None) \
                    or self._numeral(found["n"])
            if count != 1:
                unit = text[amount.start("unit"):amount.end("unit")]
                each = f"{name} {digits} {unit}"
                said = found.groupdict().get("said") or found.group()
                raise InputError("QUESTION", refusal("each_or_all", said=shown(' '.join(said.split())),
                                                     each=shown(each), digits=digits, unit=unit, name=name,
                                                     total=_times(count, digits)))

    @staticmethod
    def _whole_name(text: str, span: Span, mentions: list[tuple[Span, str]]) -> str:
        """The name as written with the names of the same nutrient right beside it ('Caltrate calcium
        carbonate', 'calcium citrate (Citracal)'), so the dose reader reads what the profile's would."""
        ident = next((i for m, i in mentions if m == span), None)
        parts, grown = [span], True
        while grown:
            grown = False
            for other, other_ident in mentions:
                if other_ident != ident or other in parts:
                    continue
                if other.end <= parts[0].start and _BESIDE.fullmatch(text, other.end, parts[0].start):
                    parts, grown = [other, *parts], True
                elif other.start >= parts[-1].end and _BESIDE.fullmatch(text, parts[-1].end, other.start):
                    parts, grown = [*parts, other], True
        # names glued together ('挺立碳酸鈣') are written apart, as the dose reader reads words
        name = "".join(text[a.start:a.end] + (text[a.end:b.start] or " ") for a, b in pairwise(parts))
        name += text[parts[-1].start:parts[-1].end]
        opened = sum(name.count(c) for c in "(\uff08") - sum(name.count(c) for c in ")\uff09")
        return name + ")" * max(opened, 0)

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
        numeral = "".join(char for char in self.numerals if char in folded)  # those the question holds
        if not _has_digit(folded) and not numeral:
            return None
        # Numerals only before an `after` word (七十歲): after a `before` word they may start a word (今年十分).
        digits = rf"\d{{1,3}}|[{re.escape(''.join(self.numerals))}]{{1,8}}" if numeral else r"\d{1,3}"
        if words.get("before") and _may_hold(folded, words["before"]):
            # not an amount ('aged 70' but not 'take 70 mg'): the unit is looked for after the match
            patterns.append(rf"{_alternation(words['before'])}\s*(?P<n>\d{{1,3}})(?!\d|[.,]\d)(?P<unit>)")
        self._refuse_a_range_of(field, folded, digits, words)
        if words.get("after") and _may_hold(folded, words["after"]):
            patterns.append(rf"(?<![a-z0-9.,])(?P<n>{digits})[\s\-]*{_alternation(words['after'], False)}")
        # An age in months ('6 month old', '18個月大') is its whole years: 0 under a year.
        months: list[re.Match[str]] = []
        if words.get("months_after") and _may_hold(folded, words["months_after"]):
            month_words = _alternation(words["months_after"], False)
            months = [*re.finditer(rf"(?<![a-z0-9.,])(?P<n>{digits})[\s\-]*{month_words}", folded)]
        for pattern in patterns:
            for match in re.finditer(pattern, folded):
                if match.groupdict().get("unit") is not None \
                        and phrase_follows(folded, match.end("n"), self._unit_keys, hyphens=False):
                    continue
                if not any(a.start <= match.start("n") < a.end for a in amounts) \
                        and not any(m.start() <= match.start("n") < m.end() for m in months):
                    found.add(int(match["n"]) if match["n"].isdigit() else self._numeral(match["n"]))
        for match in months:
            found.add((int(match["n"]) if match["n"].isdigit() else self._numeral(match["n"])) // 12)
        return found.pop() if len(found) == 1 else None

    def _refuse_a_range_of(self, field: str, folded: str, digits: str, words: dict[str, Any]) -> None:
        """'a 45-50 year old', '45 to 50 years old', '45到50歲', 'aged 45-50': a range where one number is
        read (the rules need one age) is refused in one line, never read as one end nor the other end
        called not understood."""
        if not any(mark in folded for mark in ("-", "\u2013", "~", "～", "to", "至", "到")):
            return
        joined = r"\s*(?:-|\u2013|~|～|to|至|到)\s*"
        if not re.search(rf"(?:{digits}){joined}(?:{digits})", folded):
            return  # no two numbers joined: the longer patterns below are not compiled (start-up)
        found = None
        if words.get("after") and _may_hold(folded, words["after"]):
            after = _alternation(words["after"], False)
            found = re.search(rf"(?<![a-z0-9.,])(?P<n>{digits}){joined}(?:{digits})[\s\-]*(?P<w>{after})", folded)
        if found is None and words.get("before") and _may_hold(folded, words["before"]):
            before = _alternation(words["before"])
            found = re.search(rf"{before}\s*(?P<n>\d{{1,3}}){joined}\d{{1,3}}(?!\d|[.,]\d)", folded)
        if found is not None:
            one = folded[found.start("n"):found.end("n")]
            example = f"{one}{'' if _is_cjk(found['w']) else ' '}{found['w']}" if found.groupdict().get("w") \
                else folded[found.start():found.end("n")]
            raise InputError("QUESTION", f"{shown(' '.join(found.group().split()))} is a range, so no {field} was "
                             f"read; accepted: one {field}, e.g. {shown(example)}")

    def refuse_a_young_child_without_age(self, folded: str, facts: dict[str, Any]) -> None:
        """'how much D3 for a baby': the rules cover from age 4, so a young child named without an age
        ('baby', 'toddler', '寶寶', the field's `young` words) is refused, never given adult amounts.
        Not when the question is a pregnant or breastfeeding person's ('while breastfeeding my baby')."""
        model = self.vocab.profile
        if any(facts.get(field) == "true" for field in model.situation_fields):
            return
        for field in model.scalar_fields:
            words = self.words.get(field) if isinstance(self.words.get(field), dict) else {}
            if facts.get(field) is not None or not words.get("young") or not _may_hold(folded, words["young"]):
                continue
            found = re.search(_alternation(words["young"]), folded)
            if found is None:
                continue
            raise InputError("QUESTION", refusal("young", said=shown(found.group())))

    def _numeral(self, written: str) -> int | float:
        """A number written in numerals (七十, 六十五, 一百零五, 五千): read by numberreader.read_numerals.
        One that does not read one way ('一百二' may be 102 or 120) is refused, never guessed."""
        try:
            return read_numerals(written, self.numerals, self.points)
        except NumberError as err:
            raise InputError("QUESTION", err.args[0]) from None  # a Refusal stays one (said in the answer's language)

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


def _close_to_one(word: str, listed: dict[str, Counter[str]]) -> bool:
    """Whether the word is a listed name's misspelling (rapidfuzz ratio _NAME_CUTOFF or more). The
    letters the two do not share bound the score, so rapidfuzz is imported only for a word that may
    be close (start-up: most questions name nothing)."""
    mine = Counter(word)
    possible = []
    for key, letters in listed.items():
        total = len(word) + len(key)
        if 100 * (total - sum(((mine - letters) + (letters - mine)).values())) >= _NAME_CUTOFF * total:
            possible.append(key)
    if not possible:
        return False
    from rapidfuzz import fuzz, process

    return process.extractOne(word, possible, scorer=fuzz.ratio, score_cutoff=_NAME_CUTOFF) is not None


def _inside_a_number(text: str, at: int) -> bool:
    """Whether the character at `at` (a point or a comma) stands between two digits ('2.5 mg', '5,000')."""
    return 0 < at < len(text) - 1 and text[at - 1].isdigit() and text[at + 1].isdigit()


def _blanked(text: str, spans: list[Span]) -> str:
    """The text with each span written over by spaces (positions kept)."""
    chars = list(text)
    for span in spans:
        chars[span.start:span.end] = " " * (span.end - span.start)
    return "".join(chars)


def _times(count: int, number: str) -> str:
    """count x the number as written, for an example ('2 x 1,000' is '2000'); '…' when it does not read."""
    from .numberreader import NumberError, read_number

    try:
        value = count * read_number(number)
    except NumberError:
        return "…"
    return str(int(value)) if value == int(value) else f"{value:.2f}".rstrip("0")


def _numerals(words: Any) -> dict[str, int]:
    """Numeral characters and their values, from the fact words' `numerals` (value: [characters])."""
    out: dict[str, int] = {}
    if isinstance(words, dict):
        for value, chars in words.items():
            for char in chars if isinstance(chars, list) else []:
                if str(value).isdigit() and len(str(char)) == 1:
                    out[str(char)] = int(value)
    return out


def _multipliers(words: Any) -> dict[str, int]:
    """Words that multiply the number before them ('5k', '1.5萬') and by how much, from the fact words'
    `multipliers` (value: [words])."""
    out: dict[str, int] = {}
    if isinstance(words, dict):
        for value, said in words.items():
            for word in said if isinstance(said, list) else []:
                if str(value).isdigit():
                    out[str(word).casefold()] = int(value)
    return out


def _is_cjk(text: str) -> bool:
    """Whether a text is of a script written without spaces (Chinese): its characters are no Latin letters."""
    return any(ord(c) > 0x2E80 for c in text)


def _has_digit(text: str) -> bool:
    """Whether the text has a character `\\d` matches (a Unicode decimal digit)."""
    return any(c.isdecimal() for c in text)


def _may_hold(folded: str, phrases: list[Any]) -> bool:
    """Whether one of the phrases may stand in the text: its phrase_pattern matches only where the text,
    separators removed, holds the phrase's letters (so a pattern need not be compiled when none does)."""
    letters = _SEPARATOR_RUN.sub("", folded)
    return any(_SEPARATOR_RUN.sub("", str(p).casefold()) in letters for p in phrases)


def _phrase_in(folded: str, phrases: list[Any], start: int, end: int) -> int | None:
    """Where the first of the phrases found in folded[start:end] ends (as phrase_pattern matches), or None."""
    part = folded[start:end]
    found = [m.end() for p in phrases if str(p).strip() and _may_hold(part, [p])
             for m in [re.search(phrase_pattern(str(p)), part)] if m]
    return start + min(found) if found else None


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
    facts that were not used. The amounts a question asks about are added to the person's, and replace
    theirs of the same nutrient for this question, which the answer says (engine.profile.joined_lists)."""
    if not stated and not given:  # a general question: nothing to join, engine.profile not imported (start-up)
        return {}, []
    from .profile import FROM_QUESTION, joined_lists

    merged = joined_lists(given, {}, FROM_QUESTION)
    overridden = []
    added = model.names_fields
    for field, value in stated.items():
        only_when = model.declared.get(field, {}).get("only_when", {})
        excluded = any(given.get(other) is not None and str(given[other]).strip().casefold() != str(wanted)
                       for other, wanted in only_when.items())
        if field in model.supplements_fields and given.get(field) is not None:
            merged = joined_lists(merged, {field: list(value) if isinstance(value, list) else [value]}, FROM_QUESTION)
        elif field in added and given.get(field) is not None:
            mine = given[field] if isinstance(given[field], list) else [given[field]]
            merged[field] = [*mine, *value]
        elif given.get(field) is not None or excluded:
            overridden.append(field)
        else:
            merged[field] = value
    return merged, overridden
