"""Medication and condition names as people write them, matched to the vocabulary's ids.

'warfarin sodium 5 mg tablet', 'Coumadin 5mg', 'warfarin (Coumadin)', 'CKD stage 3', '華法林鈉錠':
the words of rules/vocabulary.yaml's name_words (strengths, dose forms, salts, qualifiers, stages)
are removed, and what is left must be a listed name exactly (case, spaces and hyphens aside).
Parentheses, slashes, commas and 'and' separate names ('warfarin (Coumadin)' is two names of one
drug; 'warfarin and levothyroxine' two drugs); trademark signs ('Coumadin®') are set aside.
A name is never matched by similarity: closest_names only suggests names for a warning, and
possible_class reads a name not recognised that is close to a name of a class the vocabulary's
`possible_classes` lists ('Warfarine', 'warf') as possibly that class, so that rules can keep to the
safe side. Invisible format characters (Unicode category Cf: zero-width space and joiner, byte-order
mark, soft hyphen, direction marks) are set aside before any name is matched ('warfarin\u200b').
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from .amounts import plain
from .numberreader import visible
from .vocabulary import Vocabulary, name_key

MAX_NAME = 120
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Between names: brackets, slashes, commas, '+', '&', '、', and the word 'and' (和, 與, 与).
_PARTS = re.compile(r"[()\[\]/,;+&\u3001\u548c\u8207\u4e0e]|(?<![^\W_])and(?![^\W_])", re.IGNORECASE)
_MARKS = re.compile("[\u00ae\u2122\u00a9]")  # ® ™ ©: a brand's marks say nothing of the drug
_ROUNDS = 8  # removing one word can uncover another ('華法林鈉錠': 錠, then 鈉); bounded
_PREFIX = 4  # a name cut short to this many letters or more ('warf') may be the listed name it starts


def _unaccented(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


@dataclass(frozen=True)
class NameReading:
    """The ids a written name stands for, and the parts of it that are not recognised."""

    ids: tuple[str, ...]
    not_recognised: tuple[str, ...]


def _words(words: list[str]) -> str:
    """An alternation of words and phrases: an ASCII word is whole ('er' is not in 'water'), a
    phrase's words are joined by spaces or hyphens, a Chinese word stands at the edge of a name."""
    ascii_words, cjk_words = [], []
    for word in sorted({w.casefold() for w in words}, key=len, reverse=True):
        pieces = [re.escape(p) for p in re.split(r"[\s\-]+", word) if p]
        (cjk_words if re.search(f"[{_CJK}]", word) else ascii_words).append(r"[\s\-]+".join(pieces))
    choices = []
    if ascii_words:
        choices.append(rf"(?<![^\W_])(?:{'|'.join(ascii_words)})(?![^\W_])")
    if cjk_words:
        choices.append(rf"(?:(?<![{_CJK}])(?:{'|'.join(cjk_words)})|(?:{'|'.join(cjk_words)})(?![{_CJK}]))")
    return "|".join(choices) or r"(?!)"


class NameReader:
    """Reads medication or condition names against one vocabulary table."""

    def __init__(self, vocab: Vocabulary, kind: str) -> None:
        self.table: dict[str, str] = vocab.name_tables.get(kind, {})
        # Names known but not covered by the sources (vocabulary `not_covered`): still not recognised
        # as any id the rules test, so the person is warned; the warning says the sources do not cover it.
        self.not_covered_table: dict[str, str] = vocab.not_covered.get(kind, {})
        self.known: list[str] = vocab.names_as_written.get(kind, [])
        self.possible: dict[str, str] = vocab.possible_classes.get(kind, {})
        words = vocab.name_words
        units = "|".join(re.escape(u.casefold()) for u in sorted(words.get("strength_units", []), key=len,
                                                                   reverse=True))
        stage_words = "|".join(re.escape(w.casefold()) for w in words.get("stage_words", []))
        numbers = "|".join(re.escape(n.casefold()) for n in sorted(words.get("stage_numbers", []), key=len,
                                                                    reverse=True))
        digit_stages = "|".join(re.escape(n.casefold()) for n in sorted(words.get("stage_numbers", []), key=len,
                                                                        reverse=True) if n[:1].isdigit())
        stage = (rf"(?:(?:{stage_words})\s*(?:{numbers})(?:\s*(?:{stage_words}))?|(?:{numbers})\s*(?:{stage_words})"
                 rf"|{digit_stages or '(?!)'})")
        self.decorations = re.compile("|".join([
            # a stage, never the whole part of a strength ('2' of 'warfarin 2.5mg', which left '.5mg')
            rf"(?<![A-Za-z0-9.,])(?:{stage})(?![A-Za-z0-9]|[.,][0-9])" if stage_words and numbers else r"(?!)",
            rf"(?<![A-Za-z0-9.,])[0-9]+(?:[.,][0-9]+)*\s*(?:{units or '(?!)'})?(?![A-Za-z0-9])",
            rf"(?<![^\W_])(?:{units or '(?!)'})(?![^\W_])",
            _words(words.get("dose_forms", [])),
            _words(words.get("qualifiers", [])),
        ]), re.IGNORECASE)
        self.salts = re.compile(_words(words.get("salts", [])), re.IGNORECASE)

    def read(self, text: str) -> NameReading:
        """What a written name stands for: each part a name or only a strength or dose form; a part
        that is neither is not recognised (all of it, as written, when no part is recognised)."""
        written = _MARKS.sub(" ", plain(text)).strip()  # as given: a name not recognised is echoed so
        ident = self._lookup(written)
        if ident is not None:
            return NameReading((ident,), ())
        ids: list[str] = []
        missing: list[str] = []
        for part in (p.strip() for p in _PARTS.split(written)):
            ident = self._lookup(part)
            if ident is not None:
                ids.append(ident)
            elif name_key(self._stripped(visible(part), self.salts)):
                missing.append(part)
        if not ids:  # nothing recognised: the name as written, not its pieces
            missing = [written]
        return NameReading(tuple(dict.fromkeys(ids)), tuple(missing))

    def not_covered(self, text: str) -> str | None:
        """What a name not recognised is when the vocabulary knows it as not covered by the sources
        ('Eliquis 5 mg', 'apixaban (Eliquis)': a direct oral anticoagulant), else None."""
        if not self.not_covered_table:
            return None
        written = _MARKS.sub(" ", plain(text)).strip()
        for part in (written, *(p.strip() for p in _PARTS.split(written))):
            ident = self._lookup(part, self.not_covered_table)
            if ident is not None:
                return ident
        return None

    def _lookup(self, text: str, table: dict[str, str] | None = None) -> str | None:
        table = self.table if table is None else table
        text = plain(visible(text))
        for candidate in (text, self._stripped(text), self._stripped(text, self.salts)):
            ident = table.get(name_key(candidate))
            if ident is not None:
                return ident
        return None

    def _stripped(self, text: str, salts: re.Pattern[str] | None = None) -> str:
        for _ in range(_ROUNDS):
            before = text
            text = self.decorations.sub(" ", text)
            if salts is not None:
                text = salts.sub(" ", text)
            text = re.sub(r"\s+", " ", text).strip()
            if text == before:
                break
        return text

    def closest_names(self, text: str, limit: int = 3) -> list[str]:
        """Listed names that look like the text, best first, for a "did you mean" (never a match)."""
        from rapidfuzz import fuzz, process, utils  # imported here: only a warning needs it

        query = self._stripped(plain(visible(text)), self.salts).casefold()
        # One slip in a three-character Chinese name scores 67; Latin names need 75, so that
        # 'Zorblax syndrome' is not offered 'williams syndrome'.
        cutoff = 66 if re.search(f"[{_CJK}]", query) else 75
        found = process.extract(query, self.known_folded, scorer=fuzz.ratio, processor=utils.default_process,
                                score_cutoff=cutoff, limit=limit * 3)
        names: list[str] = []
        for _, _, index in found:
            name = self.known[index]
            if name.casefold() not in (n.casefold() for n in names):
                names.append(name)
        return names[:limit]

    def possible_class(self, text: str) -> str | None:
        """For a name not recognised, the class it is read as possibly being (vocabulary
        `possible_classes`), or None: when a name it suggests (closest_names) is of a listed class, or,
        accents and case aside, the name is one letter away from such a class's name (dropped, added,
        changed, or two letters swapped) or starts it ('warf'). Never an id of the class itself, and
        never for a name the vocabulary knows as not covered ('direct oral anticoagulant' is close to
        'oral anticoagulant' but names drugs that are not vitamin K antagonists: its caution says so)."""
        if not self.possible or self.not_covered(text) is not None:
            return None
        inside = self._possible_inside(text)
        if inside is not None:
            return inside
        for name in self.closest_names(text):
            ident = self.table.get(name_key(name))
            if ident in self.possible:
                return self.possible[ident]
        from rapidfuzz.distance import OSA  # imported here: only a name not recognised needs it

        query = name_key(_unaccented(self._stripped(plain(visible(text)), self.salts)))
        if not query:
            return None
        for key, ident in self.table.items():
            if ident not in self.possible:
                continue
            listed = _unaccented(key)
            if (len(listed) >= 3 and OSA.distance(query, listed, score_cutoff=1) <= 1) or (
                    len(query) >= _PREFIX and listed.startswith(query)):
                return self.possible[ident]
        return None

    def _possible_inside(self, text: str) -> str | None:
        """The possible class of a withholding class's name written inside a longer entry ('warfarin
        metformin', 'I think Coumadin', '華法林 阿司匹林'): a Latin name of five letters or more, or a
        Chinese one of two characters or more, anywhere in it (case, spaces and hyphens aside)."""
        folded = name_key(plain(visible(text)))
        for key, ident in self.table.items():
            if ident in self.possible and key in folded and (len(key) >= 5 or (len(key) >= 2 and not key.isascii())):
                return self.possible[ident]
        return None

    @cached_property
    def known_folded(self) -> list[str]:
        return [n.casefold() for n in self.known]


def name_reader(vocab: Vocabulary, kind: str) -> NameReader:
    """The reader of one kind of name ('medications' or 'conditions'), built once per vocabulary."""
    if kind not in vocab.readers:
        vocab.readers[kind] = NameReader(vocab, kind)
    return vocab.readers[kind]
