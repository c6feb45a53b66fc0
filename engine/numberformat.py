"""Numbers, ranges, amounts and ages as one language writes them: the one place they are formatted
(writing numbers; engine/numberreader.py is the one place a number a person writes is read).

Every output that shows a figure (text and Markdown explanations, the messages of rules/messages.yaml,
the audit, the scenarios' report) asks a NumberFormat of its language. A whole number is its digits,
with no grouping (an amount reads as the rules write it: 4000 IU); a fraction is written by Babel
with the language's decimal mark (2.5 in English and Chinese, 2,5 in German), to six significant
digits. Babel is imported only when a fraction is shown: it is a heavy import and most figures are
whole. Unit words and age words
are the language's (explanations/<lang>/words.yaml `units` and `ages`), so 國際單位 and 毫克 in
Chinese wherever a unit is shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from string import Template
from typing import Any

from .vocabulary import UNIT_TEXT as UNIT_SYMBOLS  # a language without its own word for a unit shows its symbol

RANGE_MARK = "–"
MONTHS_IN_YEAR = 12


@dataclass(frozen=True)
class NumberFormat:
    """How one language writes numbers: its tag (for Babel), its unit words and its age words."""

    lang: str = "en"
    units: Mapping[str, str] = field(default_factory=dict)
    ages: Mapping[str, str] = field(default_factory=dict)
    significant: int = 6  # digits a fraction is shown with

    def number(self, value: Any) -> str:
        """A figure: a whole number without '.0' or grouping; a fraction with the language's decimal mark."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return str(value)
        if float(value).is_integer():
            return str(int(value))
        return _decimal(float(f"{value:.{self.significant}g}"), self.lang)  # no float noise (0.30000000000000004)

    def span(self, low: Any, high: Any) -> str:
        """'75–150'; one figure when the range is one figure."""
        return self.number(low) if low == high else f"{self.number(low)}{RANGE_MARK}{self.number(high)}"

    def unit(self, unit: str) -> str:
        """A unit id ('ug') in this language's words (µg, 微克)."""
        return str(self.units.get(unit) or UNIT_SYMBOLS.get(unit, unit))

    def amount(self, low: Any, high: Any, unit: str) -> str:
        """'75–150 µg', '400 國際單位'."""
        return f"{self.span(low, high)} {self.unit(unit)}"

    def age(self, value: Any) -> str:
        """An age fact as a profile shows it: under a year in months, as the profile reads an infant's
        age (0.5 -> 6 months, 6個月); from one year up the number of years as given (70)."""
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 < value < 1:
            return self.years(value)
        return self.number(value)

    def years(self, value: Any) -> str:
        """An age in years as a person says it: under a year in months (0.5 -> 6個月), else years (4歲)."""
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return str(value)
        count, unit = (round(value * MONTHS_IN_YEAR, 2), "month") if 0 < value < 1 else (value, "year")
        plural = self.ages.get(f"{unit}s", f"$n {unit}s")
        words = self.ages.get(unit, plural) if count == 1 else plural  # `year`: the singular, where it differs
        return Template(str(words)).safe_substitute(n=self.number(count))


def number_format(lang: str, words: Mapping[str, Any] | None = None) -> NumberFormat:
    """The NumberFormat of a language, from its words (words.yaml data; none: international symbols)."""
    words = words or {}
    units = words.get("units")
    ages = words.get("ages")
    return NumberFormat(lang, dict(units) if isinstance(units, dict) else {},
                        dict(ages) if isinstance(ages, dict) else {})


# The audit's and the scenarios' reports, in English: every digit a figure has (two figures that
# differ in the ninth digit must not read alike).
EXACT = NumberFormat("en", significant=17)


def _decimal(value: float, lang: str) -> str:
    from babel import Locale, UnknownLocaleError
    from babel.numbers import format_decimal

    try:
        locale = Locale.parse(lang, sep="-")
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en")
    return format_decimal(value, locale=locale, group_separator=False, decimal_quantization=False)
