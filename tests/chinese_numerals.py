"""Chinese numerals written in full, as a test's oracle: independent of the reader (cn2an) it checks.
Shared by the properties of tests/explain and tests/adversarial (tests/ is on pytest's path)."""

from __future__ import annotations

DIGITS = "零一二三四五六七八九"


def numerals(n: int, two: str = "二") -> str:
    """n in Chinese numerals as written in full (an oracle independent of the reader): 一萬零五百, 十二,
    一百一十二; `two` ('兩') for a two before 百, 千 or 萬."""
    def section(value: int, leading: bool) -> str:
        out, zero = "", False
        for power, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            digit = value // power % 10
            if digit == 0:
                zero = bool(out)
                continue
            if zero or (not out and not leading and power < 1000):
                out += "零"
            zero = False
            word = two if digit == 2 and unit in "百千" and unit else DIGITS[digit]
            out += ("" if digit == 1 and unit == "十" and not out and leading else word) + unit
        return out

    high, low = divmod(n, 10000)
    if not high:
        return section(low, True)
    head = section(high, True)
    head = (two if head == "二" else head) + "萬"
    return head + (section(low, False) if low else "")
