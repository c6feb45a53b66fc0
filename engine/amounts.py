"""Reading an amount as people write it: '5,000 IU of D3', '碳酸鈣1250毫克', 'K2 MK-7 100mcg',
'Vitamin D3 125 mcg (5000 IU)'.

The one reader for every place a dose is written (a YAML or JSON profile, --taking, a batch cell,
a fragment of a question). A text is read whole or refused with AmountError, which names the part
not understood. Its number is read by engine.numberreader, the one reader of numbers (thousands
separators, a decimal point, nothing that could mean another number). A label's second amount in
parentheses, the same dose in another unit ('125 mcg (5000 IU)'), is accepted when the two agree
within the rounding of the less precise one, and refused when they do not. A text has at most
MAX_TEXT characters, so the work is bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from .errors import shown
from .numberreader import NumberError, multiplier_pattern, plain, read_dose_number, refuse_other_digits
from .vocabulary import UNIT_TEXT, Vocabulary, name_key

MAX_TEXT = 120

_NUMBER = re.compile(r"(?<![0-9A-Za-z.,'_\-])[0-9]+(?:[., ][0-9]+)*")
_RANGE = re.compile(r"(?<![0-9A-Za-z\-])[0-9][0-9.,]* ?(?:-|\u2013|~|to|至|到) ?[0-9][0-9.,]*(?![0-9])")
_NEGATIVE = re.compile(r"(?<![0-9A-Za-z])[-\u2212][0-9]")
_SIGNED = re.compile(r"(?<![0-9A-Za-z])\+ ?[0-9]")
_WORD = re.compile(r" ?([^\W\d_]+)")
_EDGE = " :;,.\u3001"
# A label's same dose in another unit, in parentheses right after the first ('125 mcg (5000 IU)') or
# after '=' ('50 mcg = 2000 IU'), as a question reads it too.
_LABEL_SECOND = re.compile(r" ?(?:(\() ?|= ?)")
_LABEL_CLOSE = re.compile(r" ?\)")
_NOTHING = re.compile("")
_BRACKETS = re.compile(r"[()\uff08\uff09]")


class AmountError(ValueError):
    """A text that is not read whole: the problem names the part not understood."""


@dataclass(frozen=True)
class WrittenAmount:
    """An amount as written: the number, the unit id ('mg', 'g', 'ug', 'IU'), the words around it, the
    number's text, and the same dose in another unit when a label gives it in parentheses."""

    number: int | float
    unit: str
    what: str
    written: str = ""
    also: WrittenAmount | None = None


@dataclass(frozen=True)
class Taken:
    """What a text says a person takes: the nutrient id, its form (a salt, 'MK-7', 'D2') and the amount;
    `from_source`: the form came from a label's '(as ...)', so the amount is the nutrient's own
    (a US Supplement Facts label states elemental calcium as 'Calcium (as calcium carbonate) 600 mg')."""

    nutrient: str
    form: str | None
    number: int | float
    unit: str
    from_source: bool = False


@lru_cache(maxsize=8)
def _scaled_number_pattern(numerals: str, multipliers: tuple[str, ...]) -> re.Pattern[str]:
    """A dose's number with the knowledge base's multipliers after it ('5k', '1.5萬', '5 thousand') or
    in its numerals ('五千'; after a name's digit too, 'D3五千'), never from inside another number
    ('5千' of '1萬5千'). Compiled only for a text that may hold one (_may_be_scaled)."""
    chars = re.escape(numerals)
    number = rf"(?<![0-9A-Za-z.,'_\-{chars}])[0-9]+(?:[., ][0-9]+)*"
    if multipliers:
        number += rf"(?: ?(?:{multiplier_pattern(multipliers)}))?"
    if chars:
        number += rf"|(?<![{chars}.,])(?<!(?<![A-Za-z])[0-9])[{chars}]+"
    return re.compile(number, re.IGNORECASE)


def _may_be_scaled(text: str, vocab: Vocabulary) -> bool:
    """Whether a text may hold a number in numerals or with a multiplier: one of the vocabulary's
    numerals, or a multiplier right after a digit (a cheap scan that gates the pattern above)."""
    if any(char in vocab.numerals for char in text):
        return True
    folded = text.casefold()
    for word in vocab.multipliers:
        at = folded.find(word)
        while at >= 0:
            if folded[:at].rstrip(" ")[-1:].isdigit():
                return True
            at = folded.find(word, at + 1)
    return False


def _number_runs(text: str, vocab: Vocabulary) -> list[re.Match[str]]:
    """Every number the text writes, as a dose's number may be written."""
    if _may_be_scaled(text, vocab):
        points = vocab.numeral_points
        pattern = _scaled_number_pattern("".join(vocab.numerals) + points, tuple(vocab.multipliers))
        return list(pattern.finditer(text))
    return list(_NUMBER.finditer(text))


def _dose_number(written: str, vocab: Vocabulary) -> tuple[int | float, str]:
    """The number a dose writes (read_dose_number, the one reading) and its digits: as written when it
    is digits, else the number's own ('5000' for '5k', '15000' for '一萬五千')."""
    number = read_dose_number(written, vocab.numerals, vocab.multipliers, vocab.numeral_points)
    if written[:1].isdigit() and written[-1:].isdigit():
        return number, written
    return number, f"{Decimal(str(number)).normalize():f}"


@lru_cache(maxsize=8)
def _unit_pattern(spellings: tuple[str, ...]) -> re.Pattern[str]:
    choices = "|".join(re.escape(s) for s in sorted(spellings, key=len, reverse=True))
    return re.compile(rf" ?({choices})(?![0-9A-Za-z\u03bc])", re.IGNORECASE)


def read_written_amount(text: str, vocab: Vocabulary) -> WrittenAmount:
    """The one amount with a unit in a text, and the words around it (the nutrient, its form)."""
    if len(text) > MAX_TEXT:
        raise AmountError(f"{shown(text, 20)} is too long ({len(text)} characters; at most {MAX_TEXT})")
    try:
        refuse_other_digits(text)
    except NumberError as err:
        raise AmountError(str(err)) from None
    text = plain(text)
    if (joined := _RANGE.search(text)) is not None:
        raise AmountError(f"{shown(joined.group())} is a range; give the one amount taken a day")
    if _NEGATIVE.search(text):
        raise AmountError(f"{shown(text)} is out of range: an amount cannot be negative")
    if _SIGNED.search(text):
        raise AmountError(f"{shown(text)} has a plus sign; accepted: the amount without a sign, e.g. '5000 IU'")
    units = _unit_pattern(tuple(sorted({plain(s).casefold() for s in vocab.unit_spellings})))
    spelled = {plain(s).casefold(): u for s, u in vocab.unit_spellings.items()}
    found = [(run, unit) for run in _number_runs(text, vocab) if (unit := units.match(text, run.end()))]
    if not found:
        raise AmountError(_no_unit(text, vocab))
    label = _LABEL_SECOND.fullmatch(text, found[0][1].end(), found[1][0].start()) if len(found) == 2 else None
    closed = None
    if label is not None:
        closing = _LABEL_CLOSE if label.group(1) else _NOTHING  # '=' needs no closing mark
        closed = closing.match(text, found[1][1].end())
    if len(found) > 1 and closed is None:
        raise AmountError(f"{shown(text)} has more than one amount; give one amount per item")
    run, unit = found[0]
    try:
        number, digits = _dose_number(run.group(), vocab)
        second_number, second_digits = _dose_number(found[1][0].group(), vocab) if closed else (None, "")
    except NumberError as err:
        raise AmountError(str(err)) from None
    if (period := period_word(text, vocab)) is not None:
        unit_id = spelled[unit.group(1).casefold()]
        raise AmountError(_not_a_day(text, period, number, UNIT_TEXT.get(unit_id, unit_id), vocab))
    if (times := _times_word(text, vocab)) is not None:
        unit_id = spelled[unit.group(1).casefold()]
        raise AmountError(_several_a_day(text, times, number, UNIT_TEXT.get(unit_id, unit_id), vocab))
    end = closed.end() if closed else unit.end()
    after = text[end:].strip(_EDGE)
    if after and not any(c.isalnum() for c in after):  # 'D3 5000 IU -': a mark after the amount is not read
        raise AmountError(f"{shown(text)} ends with {shown(after)}, which is not understood; accepted: the "
                          "nutrient, its form and the amount, nothing else")
    what = _without_amount_words(f"{text[:run.start()]} {text[end:]}", vocab)
    also = None
    if closed and second_number is not None:
        second_unit = found[1][1]
        also = WrittenAmount(second_number, spelled[second_unit.group(1).casefold()], what, second_digits)
    return WrittenAmount(number, spelled[unit.group(1).casefold()], what, digits, also)


def _not_a_day(text: str, period: str, number: int | float, unit: str, vocab: Vocabulary) -> str:
    """The refusal of an amount of another period ('10,000 IU weekly'): with the person's own amount a
    day when the vocabulary gives the period's days (never to three decimals, which could be misread)."""
    problem = f"{shown(text)} is not an amount a day ({shown(period)}); give what is taken a day on average"
    days = vocab.period_days.get(period.casefold())
    if not days:
        return problem
    per_day = grouped(number / days)
    return f"{problem}: {grouped(number)} {unit} every {grouped(days)} days is about {per_day} {unit} a day"


def _times_word(text: str, vocab: Vocabulary) -> str | None:
    """A word of the text saying the amount is taken several times a day ('twice daily', 'bid', 'x2')."""
    folded = text.casefold()
    for word in sorted(vocab.times_words, key=len, reverse=True):
        bounded = rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])" if word.isascii() else re.escape(word)
        if re.search(bounded, folded):
            return word
    return None


def _several_a_day(text: str, word: str, number: int | float, unit: str, vocab: Vocabulary) -> str:
    """The refusal of an amount taken several times a day: each one's or all of them? With the amount a
    day if each is the amount written, as a question's refusal gives it."""
    times = vocab.times_words[word]
    return (f"{shown(text)} is taken {times} times a day ({shown(word)}): is {grouped(number)} {unit} each "
            f"one's or all of them? accepted: the amount a day in all, e.g. {grouped(number * times)} {unit} "
            f"if each is {grouped(number)} {unit}")


def grouped(number: float) -> str:
    """A number as an English refusal writes it: thousands grouped by commas, whole from 100 up,
    else to at most two decimals (engine.numberreader reads it back as the same number)."""
    rounded = round(number) if abs(number) >= 100 else round(number, 2)
    return f"{rounded:,}" if float(rounded) != int(rounded) else f"{int(rounded):,}"


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
            return (f"{shown(word.group(1))} is not a unit for {_label(nutrient, vocab)}; "
                    f"accepted: {vocab.accepted_units(nutrient)}")
    if _may_be_scaled(text, vocab):  # '1萬5千IU': numerals and digits mixed, read neither way
        return (f"{shown(text)} has no amount read as one number with a unit; accepted: digits (15000), a number "
                f"and a multiplier ({', '.join(sorted(vocab.multipliers))}: 15k, 1.5萬) or numerals written in "
                "full (一萬五千)")
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
    """What a text such as 'D3 5,000 IU', '5000 IU of vitamin D2' or a label's 'Calcium (as calcium
    carbonate) 600 mg' says a person takes (not yet converted)."""
    if len(text) > MAX_TEXT:
        raise AmountError(f"{shown(text, 20)} is too long ({len(text)} characters; at most {MAX_TEXT})")
    rest, source = _without_source(plain(text), vocab)
    written = read_written_amount(rest, vocab)
    nutrient, form = nutrient_and_form(written.what, None, vocab)
    if source is not None:
        form = _source_form(nutrient, form, source, vocab)
    if written.also is not None:
        # 'calcium carbonate 1250 mg (500 mg)': the salt's weight and the elemental amount, compared as elemental
        salted = nutrient == vocab.salt_nutrient and source is None
        fraction = vocab.salt_fractions.get(form or "", 1.0) if salted else 1.0
        written = _label_amount(text, nutrient, written, written.also, vocab, fraction)
    return Taken(nutrient, form, written.number, written.unit, source is not None)


def _without_source(text: str, vocab: Vocabulary) -> tuple[str, str | None]:
    """A label's source of the nutrient, '(as calcium carbonate)' or '(from ...)' (the vocabulary's
    `source_words`), taken out of the text: (the rest, the source named), or (text, None)."""
    if not vocab.source_words:
        return text, None
    words = "|".join(re.escape(w) for w in sorted(vocab.source_words, key=len, reverse=True))
    found = list(re.finditer(rf" ?\( ?(?:{words}) +([^()]+?) ?\)", text, re.IGNORECASE))
    if not found:
        return text, None
    if len(found) > 1:
        raise AmountError(f"{shown(text)} names more than one source; give one supplement per item")
    source = found[0]
    return f"{text[:source.start()]} {text[source.end():]}".strip(), source.group(1)


def _source_form(nutrient: str, named_form: str | None, source: str, vocab: Vocabulary) -> str | None:
    """The form a label's source names ('(as calcium carbonate)', '(as cholecalciferol)'). A salt
    without an elemental share is accepted here: the label's amount is already the nutrient's own."""
    key = name_key(source)
    if nutrient == vocab.salt_nutrient and (key in vocab.salts or key in vocab.salts_without_fraction):
        salt = vocab.salts.get(key) or vocab.salts_without_fraction[key]
        if named_form is not None and named_form != salt:
            raise AmountError(f"{shown(source)} and the name before it are two salts; give the one the label states")
        return salt
    form = _known_form(nutrient, source, vocab)
    if named_form is not None and form is not None and form != named_form:
        raise AmountError(f"{shown(source)} is not the {_label(nutrient, vocab)} form the name before it states "
                          f"({named_form}); give the one the label states")
    return form or named_form


def _label_amount(text: str, nutrient: str, first: WrittenAmount, second: WrittenAmount,
                  vocab: Vocabulary, fraction: float = 1.0) -> WrittenAmount:
    """Of a label's two amounts of one dose ('125 mcg (5000 IU)'), the more precise, when they agree
    within the rounding of the less precise (half a unit of its last digit); AmountError when they do not.
    A salt's weight with its elemental amount ('calcium carbonate 1250 mg (500 mg)', `fraction` the salt's
    share) is the salt's weight when its share agrees with the second amount."""
    factors = vocab.unit_factors[nutrient]
    for amount in (first, second):
        if amount.unit not in factors:
            raise AmountError(f"{shown(UNIT_TEXT.get(amount.unit, amount.unit))} is not a unit for "
                              f"{_label(nutrient, vocab)}; "
                              f"accepted: {vocab.accepted_units(nutrient)}")

    def canonical(amount: WrittenAmount) -> Decimal:
        return Decimal(str(amount.number)) * Decimal(str(factors[amount.unit]))

    def half_unit(amount: WrittenAmount) -> Decimal:
        decimals = len(amount.written.partition(".")[2])
        return Decimal("0.5").scaleb(-decimals) * Decimal(str(factors[amount.unit]))

    tolerance = max(half_unit(first), half_unit(second))
    if fraction != 1.0 and abs(canonical(first) - canonical(second)) > tolerance:
        elemental = canonical(first) * Decimal(str(fraction))
        if abs(elemental - canonical(second)) <= max(half_unit(first) * Decimal(str(fraction)), half_unit(second)):
            return first
        unit = UNIT_TEXT.get(second.unit, second.unit)
        raise AmountError(f"{shown(plain(text))} gives two amounts that differ: {_amount_text(first)} of the salt is "
                          f"{_decimal_text(elemental / Decimal(str(factors[second.unit])))} {unit} of elemental "
                          f"{_label(nutrient, vocab)}, not {_amount_text(second)}; "
                          "give the one amount the label states")
    if abs(canonical(first) - canonical(second)) > tolerance:
        converted = canonical(first) / Decimal(str(factors[second.unit]))
        raise AmountError(f"{shown(plain(text))} gives two amounts that differ: {_amount_text(first)} is "
                          f"{_decimal_text(converted)} {UNIT_TEXT.get(second.unit, second.unit)}, not "
                          f"{_amount_text(second)}; give the one amount the label states")
    return second if half_unit(second) < half_unit(first) else first


def _amount_text(amount: WrittenAmount) -> str:
    return f"{amount.written} {UNIT_TEXT.get(amount.unit, amount.unit)}"


def _decimal_text(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.001')).normalize():f}"


def nutrient_and_form(what: str, form: str | None, vocab: Vocabulary) -> tuple[str, str | None]:
    """The nutrient and form a name states ('calcium carbonate', 'K2 MK-7', 'ergocalciferol');
    every word must be a name of the nutrient or one of its forms."""
    what = plain(str(what))
    nutrient, named_form = _name(what, vocab)
    if nutrient is None:
        # A brand beside the name, in parentheses or not: 'calcium citrate (Citracal)', 'Caltrate (calcium carbonate)'.
        words = _BRACKETS.sub(" ", what).split()
        for cut in range(len(words) - 1, 0, -1):  # the nutrient first ('K2 MK-7') or last ('MK-7 K2')
            for head, rest in ((words[:cut], words[cut:]), (words[-cut:], words[:-cut])):
                nutrient, named_form = _name(" ".join(head), vocab)
                if nutrient is not None:
                    named_form = _both_forms(nutrient, " ".join(head), named_form, " ".join(rest), vocab)
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


def _both_forms(nutrient: str, head: str, head_form: str | None, rest: str, vocab: Vocabulary) -> str | None:
    """The form two parts of a name state together ('Caltrate' and 'calcium carbonate'). A brand whose
    label states the nutrient's default form (Caltrate: elemental) beside a form named explicitly is read
    as the explicit one: 'calcium carbonate 1500 mg' is the salt's weight whatever the brand, never
    elemental. Two other forms that differ are refused."""
    rest_form = _known_form(nutrient, rest, vocab)
    if head_form is None or rest_form is None or head_form == rest_form:
        return rest_form or head_form
    default = str(vocab.nutrient_entries.get(nutrient, {}).get("default_form", ""))
    for brand, brand_form, other_form in ((rest, rest_form, head_form), (head, head_form, rest_form)):
        if name_key(brand) in vocab.brands and brand_form == default:
            return other_form
    raise AmountError(f"{shown(head)} and {shown(rest)} state two {_label(nutrient, vocab)} forms "
                      f"({head_form}, {rest_form}); give the one the label states")


def _label(nutrient: str, vocab: Vocabulary) -> str:
    """How a message names a nutrient: its declared `short` name (D3), else its id."""
    return str(vocab.nutrient_entries.get(nutrient, {}).get("short", nutrient))


def _name(text: str, vocab: Vocabulary) -> tuple[str | None, str | None]:
    key = name_key(text)
    if key in vocab.salts:
        return vocab.salt_nutrient, vocab.salts[key]
    if key in vocab.salts_without_fraction:
        raise AmountError(_no_fraction(vocab.salt_nutrient, vocab.salts_without_fraction[key], text, vocab))
    nutrient = vocab.nutrient(text)
    return nutrient, (vocab.form(nutrient, text) if nutrient else None)


def _known_form(nutrient: str, text: str, vocab: Vocabulary) -> str | None:
    """The form a word states, None when it is another name of the nutrient; AmountError otherwise."""
    key = name_key(text)
    salted = nutrient == vocab.salt_nutrient
    if salted and key in vocab.salts:
        return vocab.salts[key]
    if salted and key in vocab.salts_without_fraction:
        raise AmountError(_no_fraction(nutrient, vocab.salts_without_fraction[key], text, vocab))
    if vocab.form(nutrient, text):
        return vocab.form(nutrient, text)
    if vocab.nutrient(text) == nutrient:
        return None
    if salted:
        accepted = ", ".join(vocab.salt_fractions)
    else:
        accepted = ", ".join(sorted(set(vocab.forms.get(nutrient, {}).values()))) or "none"
    raise AmountError(f"{_label(nutrient, vocab)} form {shown(text)} is not known; accepted: {accepted}")


def _no_fraction(nutrient: str | None, salt: str, written: str, vocab: Vocabulary) -> str:
    """Why a salt without an elemental share is refused, and what is read instead: the elemental amount
    as a label states it, e.g. 'Iron (as ferrous sulfate) 65 mg' (the nutrient's `elemental_example`)."""
    entry = vocab.nutrient_entries.get(str(nutrient), {})
    amount = str(entry.get("elemental_example", "")).strip()
    example = f", e.g. '{str(nutrient).capitalize()} (as {written}) {amount}' or 'elemental {nutrient} {amount}'" \
        if amount and written.isprintable() and len(written) <= 40 else ""
    return (f"the references give no share of elemental {nutrient} for {shown(written)}, so its weight cannot be "
            f"counted; accepted: the elemental {nutrient} the label states{example}")
