"""Property: a dose is read the same way wherever a person writes it. For every amount text people
write (thousands separators of every kind, k / thousand / 千 / 萬 / 万, Chinese numerals, full-width and
Arabic-Indic digits, decimals, units in English and Chinese, any spacing), the four entry points,
`ask`'s question, `--taking`, a YAML profile's `taking` and a batch CSV cell, either all read the same
value, and that value is the one written, or all refuse in one line. A number is never read as another.

The entry points are called as the CLI calls them (the question reader, collect_profile of the
options, read_profile_file, read_records), in-process so that hypothesis can try many texts; the
CliRunner tests in tests/cli/test_amount_forms.py call the commands themselves for the named cases.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from chinese_numerals import numerals
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bonekb.cli.options import collect_profile
from bonekb.engine.batchinput import read_records
from bonekb.engine.errors import InputError, ProfileError
from bonekb.engine.profile import normalise_profile, read_profile_file
from bonekb.engine.questions import QuestionReader

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# (nutrient, names people write, units with the factor to the nutrient's canonical unit)
NUTRIENTS = [
    ("d3", ["D3", "vitamin D3", "維生素D3", "维生素D3"],
     [("IU", 1), ("iu", 1), ("I.U.", 1), ("國際單位", 1), ("国际单位", 1), ("µg", 40), ("μg", 40), ("mcg", 40),
      ("微克", 40)]),
    ("calcium", ["calcium", "鈣", "钙"], [("mg", 1), ("毫克", 1), ("g", 1000)]),
    ("k2", ["K2", "vitamin K2", "維生素K2"], [("mcg", 1), ("µg", 1), ("ug", 1), ("微克", 1), ("mg", 1000)]),
]
SPACES = [" ", "\u00a0", "\u202f", "\u2009", "\u2007", "\u3000"]
# Thousands marks: read (a comma, a space of any kind) or refused (the rest), never read past.
THOUSANDS = [",", *SPACES, "'", "\u2019", ".", "\u066c", "_", "\uff0c"]
FINANCIAL = str.maketrans("一二三四五六七八九十百千萬", "壹貳參肆伍陸柒捌玖拾佰仟萬")


def decimal_text(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text


@st.composite
def written_amounts(draw: st.DrawFn) -> tuple[str, Decimal, bool]:
    """(the number as written, the number meant, whether it must be read rather than refused)."""
    form = draw(st.sampled_from(["digits", "thousands", "decimal", "k", "千", "萬", "numerals", "full-width",
                                 "arabic-indic", "decimal-mark"]))
    n = draw(st.integers(min_value=1, max_value=250_000))
    if form == "digits":
        return str(n), Decimal(n), True
    if form == "thousands":
        mark = draw(st.sampled_from(THOUSANDS))
        return f"{n:,}".replace(",", mark), Decimal(n), mark in (",", *SPACES, "\uff0c") or n < 1000
    if form == "decimal":
        value = Decimal(n).scaleb(-draw(st.integers(min_value=1, max_value=4)))
        return decimal_text(value), value, False  # '1.250': 1250 or 1.25? refused
    if form == "decimal-mark":  # a decimal comma, the Arabic decimal mark, a full-width point
        mark = draw(st.sampled_from([",", "\u066b", "\uff0e"]))
        # A comma before three digits separates thousands, as the README says ('1,250' is 1250: more than
        # a decimal comma's 1.25, the safe side of an upper limit), so that is what it means here.
        value = Decimal(n).scaleb(-draw(st.integers(min_value=1, max_value=4)))
        text = decimal_text(value).replace(".", mark)
        if mark == "," and len(text.partition(",")[2]) == 3:
            value = Decimal(text.replace(",", ""))
        return text, value, False
    if form in ("k", "千", "萬"):
        factor = 1000 if form in ("k", "千") else 10000
        word = draw(st.sampled_from({"k": ["k", " k", "K", " thousand"], "千": ["千", "仟"],
                                     "萬": ["萬", "万", " 萬"]}[form]))
        return f"{decimal_text(Decimal(n) / factor)}{word}", Decimal(n), False
    if form == "numerals":
        text = numerals(n, draw(st.sampled_from(["二", "兩", "两"])))
        if draw(st.booleans()):
            text = text.translate(FINANCIAL)
        return text, Decimal(n), False
    if form == "full-width":
        text = f"{n:,}" if draw(st.booleans()) else str(n)
        return text.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789,"}), Decimal(n), True
    script = draw(st.sampled_from(["\u0660", "\u06f0", "\u0966"]))  # Arabic-Indic, Persian, Devanagari zero
    return str(n).translate({ord(c): ord(script) + int(c) for c in "0123456789"}), Decimal(n), False


@st.composite
def doses(draw: st.DrawFn) -> tuple[str, str, Decimal, bool, bool]:
    """(a dose as written, its nutrient, the amount meant in the canonical unit, must it be read, is it
    a form whose refusal is allowed only for its number)."""
    nutrient, names, units = draw(st.sampled_from(NUTRIENTS))
    number, value, must_read = draw(written_amounts())
    unit, factor = draw(st.sampled_from(units))
    glue = draw(st.sampled_from(["", " ", "\u00a0"]))
    name = draw(st.sampled_from(names))
    before = draw(st.booleans())
    dose = f"{name} {number}{glue}{unit}" if before else f"{number}{glue}{unit} of {name}" \
        if name.isascii() else f"{number}{glue}{unit}{name}"
    return dose, nutrient, value * factor, must_read and value * factor <= 20_000, name.isascii()


QUESTIONS = ["is {} too much?", "{}太多嗎？", "I take {} a day, is that ok?", "我每天吃{}，夠嗎"]


@pytest.fixture(scope="module")
def reader(kb):
    return QuestionReader(kb)


def _read(call) -> tuple[str, object]:
    """('read', the supplements' canonical amounts by nutrient) or ('refused', the one-line message)."""
    try:
        profile = call()
    except (InputError, ProfileError) as refused:
        message = str(refused)
        assert "\n" not in message and "Traceback" not in message, message
        return "refused", message
    return "read", {s.nutrient: Decimal(str(s.amount)) for s in profile.taking}


def via_ask(reader, dose: str, question: str):
    asked = reader.read(question.format(dose))
    return normalise_profile(asked.facts, reader.kb.vocabulary)


def via_taking(vocab, dose: str):
    return normalise_profile(collect_profile(None, {"taking": (dose,)}), vocab)


def via_profile_file(vocab, dose: str, quoted: bool):
    item = json.dumps(dose, ensure_ascii=False) if quoted else dose
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "profile.yaml"
        path.write_text(f"taking:\n  - {item}\n", encoding="utf-8")
        return normalise_profile(read_profile_file(str(path)), vocab)


def via_batch_cell(vocab, dose: str):
    cells = io.StringIO()
    csv.writer(cells, lineterminator="\n").writerows([["age", "taking"], ["50", dose]])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.csv"
        path.write_text(cells.getvalue(), encoding="utf-8")
        record = next(read_records(path, "csv", vocab.profile))
    if record.error is not None:
        raise InputError("INPUT", record.error)
    return normalise_profile(record.raw, vocab)


@SETTINGS
@given(written=doses(), question=st.sampled_from(QUESTIONS), quoted=st.booleans())
def test_every_entry_point_reads_a_dose_the_same_or_all_refuse(reader, written, question, quoted):
    dose, nutrient, meant, must_read, _ = written
    vocab = reader.kb.vocabulary
    taking = _read(lambda: via_taking(vocab, dose))
    results = {
        "--taking": taking,
        "profile file": _read(lambda: via_profile_file(vocab, dose, quoted)),
        "batch cell": _read(lambda: via_batch_cell(vocab, dose)),
    }
    for where, (kind, value) in results.items():
        assert kind == taking[0], (dose, where, results)
        if kind == "read":
            assert value == {nutrient: meant}, (dose, where, value, meant)
    if must_read:
        assert taking[0] == "read", (dose, taking)
    asked = _read(lambda: via_ask(reader, dose, question))
    assert asked[0] == taking[0], (question.format(dose), asked, taking)
    if asked[0] == "read":
        assert asked[1] == {nutrient: meant}, (question.format(dose), asked, meant)
