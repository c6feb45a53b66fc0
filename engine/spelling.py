"""Did you mean: the nutrient names closest to a misspelt word of a question ('vitamn d', 'calcum').

rapidfuzz scores each word of the question, and each pair of neighbouring words, against the
vocabulary's Latin-script names (Indel similarity, 0–100). Words that are names of things bonekb does
not cover ('vitamin c', 'magnesium') or fillers ('vitamin') are never corrected: 'vitamin c' is one
letter from 'vitamin d' and must stay unanswered rather than be read as D3.
"""

from __future__ import annotations

import re
from collections import Counter

from .question_facts import Span
from .vocabulary import name_key

# A word at least this similar to a name is close to it (vitamn d ~ vitamin d: 93; calcum ~ calcium: 92;
# vitamin c ~ vitamin d: 89, which is why names of other nutrients are excluded by name, not by score).
CUTOFF = 85
_MARGIN = 5  # names this much less similar than the closest are not offered ('vitamin k': K2, K1, not D)
_SHORTEST = 4  # names and words shorter than this are too short to correct ('ca', 'k2', 'd')
_WORD = re.compile(r"[a-z0-9][a-z0-9'\-]*")


def closest_nutrients(folded: str, names: dict[str, str], ignore: list[str]) -> list[tuple[Span, tuple[str, ...]]]:
    """Words (one or two together) close to a nutrient's name but not a name themselves: where each
    stands, with the nutrients it is close to (best first). Overlapping windows keep the best one."""
    choices = {key: nutrient for key, nutrient in names.items() if len(key) >= _SHORTEST and key.isascii()}
    letters = [Counter(key) for key in choices]
    skip = {name_key(word) for word in ignore}
    words = list(_WORD.finditer(folded))
    found: list[tuple[float, Span, tuple[str, ...]]] = []
    for size in (1, 2):
        for i in range(len(words) - size + 1):
            first, last = words[i], words[i + size - 1]
            key = name_key(folded[first.start():last.end()])
            parts = {name_key(w.group()) for w in words[i:i + size]}
            # A window holding a whole name is not a misspelling of it ('of calcium'); a short name
            # may be the end of one ('vitamn d').
            if len(key) < _SHORTEST or key in skip or parts <= skip or key in names \
                    or any(part in names and len(part) >= _SHORTEST for part in parts):
                continue
            if not _may_be_close(key, letters):
                continue
            from rapidfuzz import fuzz, process  # only for a word that may be a misspelling (start-up)

            close = process.extract(key, choices.keys(), scorer=fuzz.ratio, score_cutoff=CUTOFF, limit=None)
            if close:
                near = [name for name, score, _ in close if score >= close[0][1] - _MARGIN]
                nutrients = tuple(dict.fromkeys(choices[name] for name in near))
                span = Span(first.start(), last.end(), folded[first.start():last.end()])
                found.append((close[0][1], span, nutrients))
    kept: list[tuple[Span, tuple[str, ...]]] = []
    for _, span, nutrients in sorted(found, key=lambda f: -f[0]):
        if not any(span.start < k.end and k.start < span.end for k, _ in kept):
            kept.append((span, nutrients))
    return sorted(kept, key=lambda k: k[0].start)


def _may_be_close(word: str, names: list[Counter[str]]) -> bool:
    """Whether the word may score CUTOFF against a name: the Indel distance is at least the letters the
    two do not share (counted), so a word whose bound falls below CUTOFF for every name cannot."""
    mine = Counter(word)
    for name in names:
        total = len(word) + name.total()
        unshared = sum(abs(mine[c] - name[c]) for c in mine.keys() | name.keys())  # (mine - name) + (name - mine)
        if 100 * (total - unshared) >= CUTOFF * total:
            return True
    return False
