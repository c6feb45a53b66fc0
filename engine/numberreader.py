"""The one reader of a number as people write it, for every place a number is given: a scalar field
(--age, --diet-calcium, a YAML, JSON or CSV value) and a dose ('5,000 IU'). The same text is read
the same way everywhere, or refused with NumberError; a number is never read as a different number:

- full-width digits and separators (５，０００) read as their ASCII forms, and every kind of space as
  a space; digits of other scripts ('١٢') are refused, never read as ASCII ones;
- a comma or a space between digits is a thousands separator only: every group after the first
  has exactly three digits ('5,000', '5 000', '1,250.5'), and one number uses one kind. Any other
  comma ('1,25', '5,00') is refused, since it may be a decimal comma;
- the decimal mark is a point, with at most MAX_DECIMALS decimals (zeros after them change nothing:
  '3.9990'). '1.250' (one to three digits, a point, exactly three digits, no comma) is refused:
  where a point separates thousands it means 1250, and reading it as 1.25 would read a smaller
  number than was meant. The refusal suggests forms of both readings that are read without doubt
  ('1250', '1,250', '1.25'; '3.9990' for 3.999), each of which this reader accepts;
- an optional sign in front; no underscores, exponents, hex or other forms a programming language
  reads; at most MAX_CHARS characters and MAX_DIGITS digits, so the work is bounded.

A number a YAML or JSON file writes as a number (not quoted) is read the same way, except that its
point is the decimal mark by the format's own grammar, so '1.250' there is 1.25 (point_is_decimal).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .errors import shown

if TYPE_CHECKING:
    from decimal import Decimal  # imported where a number is read (start-up: a general question reads none)

MAX_CHARS = 20
MAX_DIGITS = 9
MAX_DECIMALS = 3

# Full-width forms (U+FF01-FF5E) as ASCII, every kind of space as a space, the micro sign as mu.
PLAIN = {**{cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)},
         **{ord(c): " " for c in "\u00a0\u202f\u2009\u2007\u3000"}, 0x00B5: "\u03bc"}
_GROUPED = re.compile(r"[0-9]+(?:[., ][0-9]+)*", re.ASCII)
_SIGN = "+-\u2212"
HOW = "write digits, a point for decimals and a comma or space between thousands (5,000.5)"


class NumberError(ValueError):
    """A text that is not one number as written: the message says what is wrong, in words, and
    `suggestions` are the forms of the same text it proposes (each one read without doubt)."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = (),
                 readings: tuple[tuple[Decimal, tuple[str, ...]], ...] = ()) -> None:
        super().__init__(message)
        self.suggestions = suggestions
        self.readings = readings  # an ambiguous text's readings: (the number, the forms that write it alone)


def visible(text: str) -> str:
    """The text without invisible format characters (category Cf: zero-width space, soft hyphen, word
    joiner…), which never change a name or a number a person wrote."""
    import unicodedata

    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def plain(text: str) -> str:
    """Full-width characters as ASCII, spaces of every kind as one space, no spaces at the ends."""
    return re.sub(r"\s+", " ", text.translate(PLAIN)).strip()


def read_number(text: str, point_is_decimal: bool = False) -> int | float:
    """The number a text is ('5,000', '5 000', '1.25', '-3', '５０'); NumberError if it is not one
    number, or could mean another (`point_is_decimal`: a file format's number, whose point is its
    decimal mark)."""
    if len(text) > MAX_CHARS * 4:  # bounded before any other work
        raise NumberError(f"{shown(text, 20)} is longer than a number can be ({MAX_CHARS} characters)")
    written = plain(text)
    sign = -1 if written[:1] in "-\u2212" and written else 1
    body = written[1:].lstrip() if written[:1] and written[:1] in _SIGN else written
    if len(written) > MAX_CHARS:
        raise NumberError(f"{shown(text, 20)} is longer than a number can be ({MAX_CHARS} characters)")
    if sum(c.isdigit() for c in body) > MAX_DIGITS:
        raise NumberError(f"{shown(text)} has more than {MAX_DIGITS} digits")
    if not _GROUPED.fullmatch(body):
        if any(ch.isdigit() and not ch.isascii() for ch in body):
            raise NumberError(f"{shown(text)} is not a number: write it with the digits 0-9")
        raise NumberError(f"{shown(text)} is not a number: {HOW}")
    value = _grouped_value(body, text, point_is_decimal, written[:len(written) - len(body)].replace(" ", ""))
    return sign * value if value else value


def _grouped_value(body: str, text: str, point_is_decimal: bool, sign: str) -> int | float:
    """The value of digits with separators between them, by the rules of the module's docstring."""
    from decimal import Decimal

    whole, point, decimals = body.partition(".")
    if "." in decimals or (point and not decimals.isdigit()):
        raise NumberError(f"{shown(text)} is ambiguous: a point is the decimal mark and a comma or space "
                          "separates thousands (5,000.5)")
    separators = set(whole) - set("0123456789")
    if len(separators) > 1:
        raise NumberError(f"{shown(text)} mixes separators; write 5,000 or 5 000 or 5000")
    if separators:
        groups = whole.split(separators.pop())
        if not (1 <= len(groups[0]) <= 3 and groups[0][0] != "0" and all(len(g) == 3 for g in groups[1:])):
            raise NumberError(f"{shown(text)} is ambiguous: a comma or space between digits is read only as a "
                              "thousands separator (5,000); write decimals with a point (1.25)")
    elif point and len(decimals) == 3 and whole[0] != "0" and len(whole) <= 3 and not point_is_decimal:
        raise _ambiguous_point(text, sign, whole, decimals)
    if len(decimals.rstrip("0")) > MAX_DECIMALS:
        raise NumberError(f"{shown(text)} has more than {MAX_DECIMALS} decimals")
    value = Decimal(re.sub(r"[, ]", "", whole) + (f".{decimals}" if point else ""))
    return int(value) if value == value.to_integral_value() else float(value)


def _ambiguous_point(text: str, sign: str, whole: str, decimals: str) -> NumberError:
    """'1.250' or '3.999': a thousands point or a decimal one. The refusal gives both readings and, for
    each, forms that cannot be read another way: the thousands without a separator or with a comma,
    the decimal without its trailing zeros, or with one more zero when it has three decimals that
    count ('3.9990', since a point before four digits never separates thousands)."""
    from decimal import Decimal

    thousands = f"{sign}{whole}{decimals}"
    decimal = f"{sign}{Decimal(f'{whole}.{decimals}').normalize():f}"
    decimal_form = decimal if len(decimal.partition(".")[2]) < 3 else f"{decimal}0"
    suggestions = (thousands, f"{sign}{whole},{decimals}", decimal_form)
    return NumberError(f"{shown(text)} is ambiguous: it may mean {thousands} or {decimal}; write "
                       f"{suggestions[0]} or {suggestions[1]} for {thousands}, or {decimal_form} for {decimal}",
                       suggestions, ((Decimal(thousands), suggestions[:2]), (Decimal(decimal), (decimal_form,))))


# The characters cn2an's strict mode reads, by value: a knowledge base's own numeral characters
# (a variant such as 兩 for two) are written as these before cn2an reads them.
_CANONICAL_NUMERALS = {0: "零", 1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九",
                       10: "十", 100: "百", 1000: "千", 10000: "万", 100000000: "亿"}


def _not_one_number(text: str) -> str:
    """The refusal of numerals that do not read as one number: its words are the catalogs'
    (`refusals.numerals`), said in the question's language by `bonekb ask`."""
    from .refusals import refusal

    return refusal("numerals", text=shown(text))


def read_numerals(text: str, values: dict[str, int], points: str = "") -> int | float:
    """The number a run of Chinese numerals is (七十, 一百零五, 五千, 兩萬五千, 一點二 with a decimal
    point of `points`), each character's value given by `values` (the knowledge base's numerals). Read
    by cn2an in its strict mode: a numeral that reads more than one way or only by convention ('一百二':
    102 or 120; '五千五': 5005 or 5500) is refused with NumberError, never guessed."""
    from decimal import Decimal

    if len(text) > MAX_CHARS:
        raise NumberError(f"{shown(text, 20)} is longer than a number can be ({MAX_CHARS} characters)")
    try:
        canonical = "".join("点" if char in points else _CANONICAL_NUMERALS[values[char]] for char in text)
    except KeyError:
        raise NumberError(_not_one_number(text)) from None
    import cn2an  # only a question with numerals needs it (start-up)

    try:
        value = cn2an.cn2an(canonical, "strict")
    except ValueError:
        raise NumberError(_not_one_number(text)) from None
    if not isinstance(value, (int, float)):
        raise NumberError(_not_one_number(text))
    if "点" not in canonical:
        return int(value)
    decimals = len(canonical.partition("点")[2])  # cn2an gives a float: its decimals as written
    return float(Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals)))


def read_dose_number(written: str, numerals: dict[str, int], multipliers: dict[str, int],
                     points: str = "") -> int | float:
    """A dose's number as people write it, the one reading for every place a dose is written (--taking,
    a profile's supplement, a batch cell, a question): digits as read_number reads them ('5,000'), a
    number with a multiplier after it ('5k', '5 thousand', '1.5萬': exactly the number times the
    multiplier) or numerals written in full ('五千', '一萬五千', read by read_numerals). `numerals`,
    `multipliers` (case-folded words) and `points` are the knowledge base's (rules/vocabulary.yaml).
    NumberError for anything else, never a guess."""
    refuse_other_digits(written)
    text = plain(written)
    if text and all(char in numerals or char in points for char in text):
        return read_numerals(text, numerals, points)
    folded = text.casefold()
    for word in sorted(multipliers, key=len, reverse=True):
        head = text[:len(text) - len(word)].rstrip()
        if folded.endswith(word) and head[-1:].isdigit():
            return read_number(scaled(head, multipliers[word]))
    return read_number(text)


# Marks between digits that are no separator bonekb reads, and what each one is: refused in one line,
# never read past (the Arabic decimal mark '5٫5' is a point, but '5٫000' beside 5.000 and 5,000 is a
# guess this reader does not make), nor read as a number's end ('5' of "5'000").
_OTHER_SEPARATORS = {"\u066b": "the Arabic decimal mark", "\u066c": "the Arabic thousands mark",
                     "'": "an apostrophe", "\u2019": "an apostrophe", "\u02bc": "an apostrophe",
                     "\u2032": "a prime", "_": "an underscore"}
OTHER_MARKS = frozenset(_OTHER_SEPARATORS)
OTHER_SEPARATORS_HOW = ("the digits 0-9 with a comma or space between thousands and a point for decimals "
                        "(5,000 or 5 000; 2.5)")


def refuse_other_digits(text: str) -> None:
    """NumberError when a text writes a number with digits of another script ('٥٠٠٠', Arabic-Indic) or
    with a mark between digits that is no separator bonekb reads ('5٫000', '5٬000', "5'000"): each
    refused in one line naming it, never read as another number. Full-width digits (５０００) are read
    (plain() writes them as ASCII). A cheap scan of characters: no pattern."""
    for at, char in enumerate(text):
        if char.isdigit() and not char.isascii() and not 0xFF10 <= ord(char) <= 0xFF19:
            raise NumberError(f"{shown(text)} writes a digit of another script ({shown(char)}); "
                              f"accepted: {OTHER_SEPARATORS_HOW}")
        if char in _OTHER_SEPARATORS and 0 < at < len(text) - 1 and _is_digit(text[at - 1]) \
                and _is_digit(text[at + 1]):
            raise NumberError(f"{shown(text)} separates digits with {_OTHER_SEPARATORS[char]} "
                              f"({shown(text[at - 1:at + 2])}), which bonekb does not read; "
                              f"accepted: {OTHER_SEPARATORS_HOW}")


def _is_digit(char: str) -> bool:
    return char.isdigit() or char.isdecimal()


def multiplier_pattern(multipliers: tuple[str, ...] | list[str]) -> str:
    """The multiplier words as one pattern, longest first ('5k IU', '5kIU', '1.5萬'). A Latin one glued
    to one Latin letter is the prefix of another unit, not a multiplier: '500kg' is kilograms, a unit
    bonekb does not read, never 500 000 g."""
    return "|".join(re.escape(w) + ("(?![A-Za-z](?![A-Za-z]))" if w.isascii() and w[-1:].isalpha() else "")
                    for w in sorted(multipliers, key=len, reverse=True))


def scaled(written: str, factor: int) -> str:
    """A number written with a multiplier ('5' of '5k', '1.5' of '1.5萬') as digits: exactly the number
    times the factor ('5000', '15000'), or NumberError (the number read as read_number reads it)."""
    from decimal import Decimal

    value = Decimal(str(read_number(written))) * factor
    if len(str(value.to_integral_value())) > MAX_DIGITS:
        raise NumberError(f"{shown(written)} times {factor} has more than {MAX_DIGITS} digits")
    text = f"{value.normalize():f}"
    return text
