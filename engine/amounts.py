"""Reading an amount as people write it: '5,000 IU of D3', '碳酸鈣1250毫克', 'K2 MK-7 100mcg'.

The one reader for every place a dose is written (a YAML or JSON profile, --taking, a batch cell,
a fragment of a question). A text is read whole or refused with AmountError, which names the part
not understood. A number is never read as a different number:

- a comma or a space (also a no-break, narrow no-break or thin space) between digits is a
  thousands separator only: every group after the first has exactly three digits ('5,000',
  '5 000', '1,250.5'), and one text uses one kind. Any other comma ('1,25', '5,00') is refused,
  since it may be a decimal comma;
- the decimal mark is a point, with at most three decimals. '1.250' (one to three digits, a point,
  exactly three digits, no comma) is refused: where a point separates thousands it means 1250, and
  reading it as 1.25 would read a smaller amount than was meant;
- a text has at most MAX_TEXT characters and a number at most MAX_DIGITS digits, so the work is
  bounded; full-width digits and letters (５０００ＩＵ) read as their ASCII forms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .errors import shown
from .vocabulary import Vocabulary, name_key

MAX_TEXT = 120
MAX_DIGITS = 9
MAX_DECIMALS = 3

# Full-width forms (U+FF01-FF5E) as ASCII, every kind of space as a space, the micro sign as mu.
_PLAIN = {**{cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)},
          **{ord(c): " " for c in "\u00a0\u202f\u2009\u2007\u3000"}, 0x00B5: "\u03bc"}
# A run of digits with separators between them; never starts inside a name ('D3', 'MK-7').
_NUMBER = re.compile(r"(?<![0-9A-Za-z.,'_\-])[0-9]+(?:[., ][0-9]+)*")
_RANGE = re.compile(r"(?<![0-9A-Za-z\-])[0-9][0-9.,]* ?(?:-|\u2013|~|to|至|到) ?[0-9][0-9.,]*(?![0-9])")
_NEGATIVE = re.compile(r"(?<![0-9A-Za-z])[-\u2212][0-9]")
_WORD = re.compile(r" ?([^\W\d_]+)")
_EDGE = " :;,.\u3001"


class AmountError(ValueError):
    """A text that is not read whole: the problem names the part not understood."""


@dataclass(frozen=True)
class WrittenAmount:
    """An amount as written: the number, the unit id ('mg', 'g', 'ug', 'IU'), and the words around it."""

    number: int | float
    unit: str
    what: str


@dataclass(frozen=True)
class Taken:
    """What a text says a person takes: the nutrient id, its form (a salt, 'MK-7', 'D2') and the amount."""

    nutrient: str
    form: str | None
    number: int | float
    unit: str


def plain(text: str) -> str:
    """Full-width characters as ASCII, spaces of every kind as one space, no spaces at the ends."""
    return re.sub(r"\s+", " ", text.translate(_PLAIN)).strip()


def read_number(text: str) -> int | float:
    """One number as written ('5,000', '5 000', '1.25'); AmountError if it could mean another number."""
    digits = sum(c.isdigit() for c in text)
    if digits > MAX_DIGITS:
        raise AmountError(f"{shown(text)} has more than {MAX_DIGITS} digits")
    if not re.fullmatch(r"[0-9]+(?:[., ][0-9]+)*", text):
        raise AmountError(f"{shown(text)} is not a number")
    whole, point, decimals = text.partition(".")
    if "." in decimals or (not decimals.isdigit() and point):
        raise AmountError(f"{shown(text)} is ambiguous: a point is the decimal mark and a comma or space "
                          "separates thousands (5,000.5)")
    separators = set(whole) - set("0123456789")
    if len(separators) > 1:
        raise AmountError(f"{shown(text)} mixes separators; write 5,000 or 5 000 or 5000")
    if separators:
        groups = whole.split(separators.pop())
        if not (1 <= len(groups[0]) <= 3 and groups[0][0] != "0" and all(len(g) == 3 for g in groups[1:])):
            raise AmountError(f"{shown(text)} is ambiguous: a comma or space between digits is read only as a "
                              "thousands separator (5,000); write decimals with a point (1.25)")
    elif point and len(decimals) == 3 and whole[0] != "0" and len(whole) <= 3:
        raise AmountError(f"{shown(text)} is ambiguous: it may mean {whole}{decimals} or {whole}.{decimals[:2]}"
                          f"; write {whole}{decimals}, {whole},{decimals} or {whole}.{decimals.rstrip('0') or '0'}")
    if len(decimals) > MAX_DECIMALS:
        raise AmountError(f"{shown(text)} has more than {MAX_DECIMALS} decimals")
    value = Decimal(re.sub(r"[, ]", "", whole) + (f".{decimals}" if point else ""))
    return int(value) if value == value.to_integral_value() else float(value)


@lru_cache(maxsize=8)
def _unit_pattern(spellings: tuple[str, ...]) -> re.Pattern[str]:
    choices = "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))
    return re.compile(rf" ?({choices})(?![0-9A-Za-z\u03bc])", re.IGNORECASE)


def read_written_amount(text: str, vocab: Vocabulary) -> WrittenAmount:
    """The one amount with a unit in a text, and the words around it (the nutrient, its form)."""
    if len(text) > MAX_TEXT:
        raise AmountError(f"{shown(text, 20)} is too long ({len(text)} characters; at most {MAX_TEXT})")
    text = plain(text)
    if (joined := _RANGE.search(text)) is not None:
        raise AmountError(f"{shown(joined.group())} is a range; give the one amount taken a day")
    if _NEGATIVE.search(text):
        raise AmountError(f"{shown(text)} is out of range: an amount cannot be negative")
    units = _unit_pattern(tuple(sorted({plain(s).casefold() for s in vocab.unit_spellings})))
    spelled = {plain(s).casefold(): u for s, u in vocab.unit_spellings.items()}
    found = [(run, unit) for run in _NUMBER.finditer(text) if (unit := units.match(text, run.end()))]
    if not found:
        raise AmountError(_no_unit(text, vocab))
    if len(found) > 1:
        raise AmountError(f"{shown(text)} has more than one amount; give one amount per item")
    run, unit = found[0]
    if (period := period_word(text, vocab)) is not None:
        raise AmountError(f"{shown(text)} is not an amount a day ({shown(period)}); give what is taken a day on "
                          "average, e.g. 50,000 IU a week is about 7,143 IU a day")
    what = _without_amount_words(f"{text[:run.start()]} {text[unit.end():]}", vocab)
    return WrittenAmount(read_number(run.group()), spelled[unit.group(1).casefold()], what)


def _no_unit(text: str, vocab: Vocabulary) -> str:
    """Why no amount was found: a word after the number that is not a unit of the nutrient named, or none."""
    after = [(run, word) for run in _NUMBER.finditer(text) if (word := _WORD.match(text, run.end()))]
    if len(after) == 1:
        run, word = after[0]
        try:
            nutrient, _ = nutrient_and_form(_without_amount_words(f"{text[:run.start()]} {text[word.end():]}", vocab),
                                            None, vocab)
        except AmountError:
            pass
        else:
            return f"{shown(word.group(1))} is not a unit for {nutrient}; accepted: {vocab.accepted_units(nutrient)}"
    return f"{shown(text)} has no amount with a unit (mg, g, µg, IU)"


def period_word(text: str, vocab: Vocabulary) -> str | None:
    """A word of the text saying the amount is not a day's ('weekly', '每週'), if there is one."""
    folded = text.casefold()
    for word in sorted((w.casefold() for w in vocab.period_words), key=len, reverse=True):
        bounded = rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])" if word.isascii() else re.escape(word)
        if re.search(bounded, folded):
            return word
    return None


def _without_amount_words(text: str, vocab: Vocabulary) -> str:
    """The words around an amount without those that add nothing ('of', 'a day', '每天') at its ends."""
    words = sorted((w.casefold() for w in vocab.amount_words), key=len, reverse=True)
    text = text.strip(_EDGE)
    changed = True
    while changed:
        changed = False
        for word in words:
            folded = text.casefold()
            if folded.startswith(word) and (not word.isascii() or not folded[len(word):][:1].isalnum()):
                text, changed = text[len(word):].strip(_EDGE), True
            elif folded.endswith(word) and (not word.isascii() or not folded[:-len(word)][-1:].isalnum()):
                text, changed = text[:-len(word)].strip(_EDGE), True
    return text


def read_taken(text: str, vocab: Vocabulary) -> Taken:
    """What a text such as 'D3 5,000 IU' or '5000 IU of vitamin D2' says a person takes (not yet converted)."""
    written = read_written_amount(text, vocab)
    nutrient, form = nutrient_and_form(written.what, None, vocab)
    return Taken(nutrient, form, written.number, written.unit)


def nutrient_and_form(what: str, form: str | None, vocab: Vocabulary) -> tuple[str, str | None]:
    """The nutrient and form a name states ('calcium carbonate', 'K2 MK-7', 'ergocalciferol');
    every word must be a name of the nutrient or one of its forms."""
    what = plain(str(what))
    nutrient, named_form = _name(what, vocab)
    if nutrient is None:
        words = what.split()
        for cut in range(len(words) - 1, 0, -1):  # the nutrient first ('K2 MK-7') or last ('MK-7 K2')
            for head, rest in ((words[:cut], words[cut:]), (words[-cut:], words[:-cut])):
                nutrient, named_form = _name(" ".join(head), vocab)
                if nutrient is not None:
                    named_form = _known_form(nutrient, " ".join(rest), vocab) or named_form
                    break
            if nutrient is not None:
                break
    if nutrient is None:
        if not what:
            raise AmountError(f"names no nutrient; accepted: {vocab.nutrients_accepted} and their names")
        raise AmountError(f"{shown(what)} is not a nutrient bonekb knows; "
                          f"accepted: {vocab.nutrients_accepted} and their names")
    if form is not None:
        named_form = _known_form(nutrient, str(form), vocab) or named_form
    return nutrient, named_form


def _name(text: str, vocab: Vocabulary) -> tuple[str | None, str | None]:
    key = name_key(text)
    if key in vocab.salts:
        return vocab.salt_nutrient, vocab.salts[key]
    if key in vocab.salts_without_fraction:
        raise AmountError(_no_fraction(vocab.salts_without_fraction[key]))
    nutrient = vocab.nutrient(text)
    return nutrient, (vocab.form(nutrient, text) if nutrient else None)


def _known_form(nutrient: str, text: str, vocab: Vocabulary) -> str | None:
    """The form a word states, None when it is another name of the nutrient; AmountError otherwise."""
    key = name_key(text)
    if nutrient == vocab.salt_nutrient and key in vocab.salts:
        return vocab.salts[key]
    if nutrient == vocab.salt_nutrient and key in vocab.salts_without_fraction:
        raise AmountError(_no_fraction(vocab.salts_without_fraction[key]))
    if vocab.form(nutrient, text):
        return vocab.form(nutrient, text)
    if vocab.nutrient(text) == nutrient:
        return None
    if nutrient == vocab.salt_nutrient:
        accepted = ", ".join(vocab.salt_fractions)
    else:
        accepted = ", ".join(sorted(set(vocab.forms.get(nutrient, {}).values()))) or "none"
    label = vocab.nutrient_entries.get(nutrient, {}).get("short", nutrient)
    raise AmountError(f"{label} form {shown(text)} is not known; accepted: {accepted}")


def _no_fraction(salt: str) -> str:
    return (f"the references give no share of elemental calcium for calcium {salt}, so it cannot be counted;"
            " give the elemental calcium on the label instead, e.g. 'elemental calcium 500 mg'")
