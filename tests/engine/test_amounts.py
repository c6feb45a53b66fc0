"""engine.amounts, the one reader of amounts: doses as people write them are read whole and as
written, or refused naming the part not understood; through the CLI, a YAML profile and a batch row."""

from __future__ import annotations

import json
import re
import time
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bonekb.engine.amounts import MAX_TEXT, AmountError, read_taken
from bonekb.engine.numberreader import NumberError, read_number


@pytest.fixture(scope="module")
def vocab(kb):
    return kb.vocabulary


@pytest.mark.parametrize("text, nutrient, form, number, unit", [
    ("D3 5,000 IU", "d3", None, 5000, "IU"),
    ("D3 1,000 IU", "d3", None, 1000, "IU"),
    ("D3 5 000 IU", "d3", None, 5000, "IU"),
    ("D3 5\u202f000 IU", "d3", None, 5000, "IU"),
    ("D3 5\u00a0000 IU", "d3", None, 5000, "IU"),
    ("calcium carbonate 1,250 mg", "calcium", "carbonate", 1250, "mg"),
    ("1.25 g calcium", "calcium", None, 1.25, "g"),
    ("5000IU of D3", "d3", None, 5000, "IU"),
    ("cholecalciferol 50 mcg", "d3", None, 50, "ug"),
    ("vitamin D2 50000 IU", "d3", "D2", 50000, "IU"),
    ("ergocalciferol 1,250 µg", "d3", "D2", 1250, "ug"),
    ("K2 MK-7 100mcg", "k2", "MK-7", 100, "ug"),
    ("MK-7 K2 100 μg", "k2", "MK-7", 100, "ug"),
    ("menaquinone-7 90 µg", "k2", "MK-7", 90, "ug"),
    ("phylloquinone 100 mcg", "k1", None, 100, "ug"),
    ("碳酸鈣1250毫克", "calcium", "carbonate", 1250, "mg"),
    ("維生素D3 1000國際單位", "d3", None, 1000, "IU"),
    ("維生素K2 90微克", "k2", None, 90, "ug"),
    ("每天 500 毫克鈣", "calcium", None, 500, "mg"),
    ("D3: 2,000 IU a day", "d3", None, 2000, "IU"),
    ("５，０００ ＩＵ D3", "d3", None, 5000, "IU"),
    ("D3 0.125 mg", "d3", None, 0.125, "mg"),
])
def test_doses_as_people_write_them(vocab, text, nutrient, form, number, unit):
    taken = read_taken(text, vocab)
    assert (taken.nutrient, taken.form, taken.number, taken.unit) == (nutrient, form, number, unit)


@pytest.mark.parametrize("text, part", [
    ("D3 1,25 mg", "'1,25' is ambiguous"),        # a European decimal comma?
    ("D3 5,00 IU", "'5,00' is ambiguous"),
    ("D3 1.250 IU", "'1.250' is ambiguous"),      # 1250 where a point separates thousands
    ("D3 5.000,5 IU", "ambiguous"),
    ("D3 5,000 000 IU", "mixes separators"),
    ("D3 1 25 IU", "'1 25' is ambiguous"),
    ("D3 0,500 mg", "'0,500' is ambiguous"),
    ("D3 1.2345 mg", "more than 3 decimals"),
    ("D3 5000", "no amount with a unit"),
    ("calcium 500 kg", "'kg' is not a unit for calcium"),
    ("calcium 500 mg, D3 400 IU", "more than one amount"),
    ("2 x 500 mg calcium", "'2 x'"),
    ("K2 banana 100 mcg", "'banana'"),
    ("vitamin Q 100 mg", "'vitamin Q' is not a nutrient"),
    ("calcium phosphate 500 mg", "no share of elemental calcium for 'calcium phosphate'"),
    ("calcium citrate malate 500 mg", "citrate malate"),
    ("D3 -5 IU", "cannot be negative"),
    ("calcium 500-1000 mg", "'500-1000' is a range"),
    ("D3 1000 to 2000 IU", "'1000 to 2000' is a range"),
    ("D3 ٥٠٠٠ IU", "a digit of another script ('٥')"),  # digits of another script are not read as ASCII ones
    ("D3 5⁰⁰⁰ IU", "a digit of another script"),        # nor superscripts
    ("D3 5٫000 IU", "the Arabic decimal mark"),          # 5 or 5000? never read past ('5٫' as a form)
    ("D3 5٬000 IU", "the Arabic thousands mark"),
    ("D3 5'000 IU", "an apostrophe"),                    # the Swiss thousands mark: refused, not '000 IU'
    ("D3 5’000 IU", "an apostrophe"),
    ("D3 1_000 IU", "an underscore"),
    ("calcium 500kg", "'kg' is not a unit for calcium"),  # kilograms, never 500 k of grams
    ("D3 1萬5千IU", "no amount read as one number"),      # numerals and digits mixed: 15000 or 5000?
    ("D3 五千五 IU", "'五千五' is not read as one number"),  # 5005 or 5500: refused, never guessed
    ("D3 1.2345k IU", "more than 3 decimals"),
])
def test_what_could_be_misread_is_refused_naming_the_part(vocab, text, part):
    with pytest.raises(AmountError, match=re.escape(part)):
        read_taken(text, vocab)


# --- a label's two amounts of one dose: '125 mcg (5000 IU)' --------------------------------------

@pytest.mark.parametrize("text, nutrient, form, number, unit", [
    ("Vitamin D3 125 mcg (5000 IU)", "d3", None, 5000, "IU"),
    ("Vitamin D3 125 mcg (5,000 IU)", "d3", None, 5000, "IU"),
    ("D3 5000 IU (125 mcg)", "d3", None, 5000, "IU"),
    ("D3 125mcg（5,000IU）", "d3", None, 5000, "IU"),
    ("Vitamin D3 63 mcg (2500 IU)", "d3", None, 2500, "IU"),       # 62.5 µg, rounded on the label
    ("vitamin D2 1,250 mcg (50,000 IU)", "d3", "D2", 50000, "IU"),
    ("K2 MK-7 100 mcg (0.1 mg)", "k2", "MK-7", 100, "ug"),
    ("calcium carbonate 1.25 g (1,250 mg)", "calcium", "carbonate", 1250, "mg"),
])
def test_a_labels_two_amounts_that_agree_read_as_the_more_precise(vocab, text, nutrient, form, number, unit):
    taken = read_taken(text, vocab)
    assert (taken.nutrient, taken.form, taken.number, taken.unit) == (nutrient, form, number, unit)


@pytest.mark.parametrize("text, problem", [
    ("Vitamin D3 125 mcg (4000 IU)", "gives two amounts that differ: 125 µg is 5000 IU, not 4000 IU"),
    ("Vitamin D3 60 mcg (2500 IU)", "gives two amounts that differ: 60 µg is 2400 IU, not 2500 IU"),
    ("calcium 500 mg (5000 IU)", "'IU' is not a unit for calcium"),
    ("D3 1000 IU (K2 100 mcg)", "more than one amount"),          # a second nutrient, not the same dose
    ("D3 1000 IU and 25 mcg", "more than one amount"),           # not a label's parentheses
    ("D3 1000 IU (25 mcg) (25 mcg)", "more than one amount"),
])
def test_a_labels_two_amounts_that_differ_are_refused_in_one_line(vocab, text, problem):
    with pytest.raises(AmountError, match=re.escape(problem)) as err:
        read_taken(text, vocab)
    assert "\n" not in str(err.value) and len(str(err.value)) < 200


@st.composite
def label_doses(draw):
    """A vitamin D label: the µg amount (whole, or to one decimal) and the IU it is, rounded as the
    label rounds, in either order; or an IU amount off by more than that rounding."""
    tenths = draw(st.integers(1, 25000))
    decimals = draw(st.sampled_from([0, 1])) if tenths % 10 else 0
    micrograms = Decimal(tenths) / 10
    written_ug = f"{micrograms:.{decimals}f}"
    exact_iu = micrograms * 40
    off = draw(st.sampled_from([0, 0, 1])) * draw(st.integers(1, 10_000))
    rounding = Decimal("0.5").scaleb(-decimals) * 40
    iu = int(exact_iu) + off
    written_iu = draw(st.sampled_from([f"{iu}", f"{iu:,}"]))
    ug_text, iu_text = f"{written_ug} {draw(st.sampled_from(['mcg', 'µg', 'ug']))}", f"{written_iu} IU"
    first, second = (ug_text, iu_text) if draw(st.booleans()) else (iu_text, ug_text)
    agree = abs(Decimal(iu) - Decimal(written_ug) * 40) <= rounding
    return f"Vitamin D3 {first} ({second})", iu, agree


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(label_doses())
def test_a_label_is_read_as_its_iu_amount_when_both_agree_else_refused(vocab, case):
    text, iu, agree = case
    if agree:
        taken = read_taken(text, vocab)
        assert (taken.nutrient, taken.number, taken.unit) == ("d3", iu, "IU")
    else:
        with pytest.raises(AmountError, match="gives two amounts that differ"):
            read_taken(text, vocab)


def test_a_huge_number_is_refused_at_once(vocab):
    started = time.perf_counter()
    for text in ("D3 " + "1" * 30000 + " IU", "D3 " + "1," * 15000 + "000 IU", "D3 " + "1" * 100 + " IU"):
        with pytest.raises(AmountError) as err:
            read_taken(text, vocab)
        assert len(str(err.value)) < 200
    assert time.perf_counter() - started < 1  # a bound on work, not a benchmark: it was 30 s


@pytest.mark.parametrize("text", ["1" * 10, "1,000,000,000"])
def test_a_number_has_at_most_nine_digits(text):
    with pytest.raises(NumberError, match="more than 9 digits"):
        read_number(text)


# --- the property: any amount, written any accepted way, reads back as itself -----------------

NAMES = {"calcium": ["calcium", "Ca", "鈣", "elemental calcium"],
         "d3": ["D3", "vitamin D3", "cholecalciferol", "維生素D3"],
         "k2": ["K2", "vitamin K2", "MK-7", "menaquinone-7", "維生素K2"], "k1": ["K1", "phylloquinone", "維生素K1"]}
UNITS = {"calcium": {"mg": ["mg", "MG", "milligrams", "毫克"], "g": ["g", "grams", "克"]},
         "d3": {"IU": ["IU", "iu", "I.U.", "國際單位"], "ug": ["mcg", "µg", "μg", "ug", "微克"]},
         "k2": {"ug": ["mcg", "µg", "μg", "微克"], "mg": ["mg"]}, "k1": {"ug": ["mcg", "µg", "微克"], "mg": ["mg"]}}
SEPARATORS = [",", " ", "\u202f", "\u00a0", "\u2009", "，"]


@st.composite
def written_amounts(draw):
    """An amount and one of the ways a person (or an attacker) may write it."""
    whole = draw(st.integers(0, 999_999))
    decimals = draw(st.sampled_from(["", "5", "25", "05"])) if whole < 1000 or draw(st.booleans()) else ""
    text = str(whole)
    if whole >= 1000 and draw(st.booleans()):
        sep = draw(st.sampled_from(SEPARATORS))
        text = f"{whole:,}".replace(",", sep)
    if decimals:
        text += "." + decimals
    value = Decimal(f"{whole}.{decimals}" if decimals else str(whole))
    nutrient = draw(st.sampled_from(sorted(NAMES)))
    unit = draw(st.sampled_from(sorted(UNITS[nutrient])))
    spelled = draw(st.sampled_from(UNITS[nutrient][unit]))
    name = draw(st.sampled_from(NAMES[nutrient]))
    amount = text + draw(st.sampled_from(["", " "])) + spelled
    if draw(st.booleans()):
        amount = amount.translate({cp: cp + 0xFEE0 for cp in range(0x30, 0x3A)})  # full-width digits
    words = draw(st.sampled_from([f"{name} {amount}", f"{amount} {name}", f"{amount} of {name}",
                                  f"  {name}:  {amount} a day ", f"{name}\t{amount}"]))
    return words, nutrient, value, unit


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(written_amounts())
def test_any_amount_written_any_accepted_way_reads_back_as_itself(vocab, case):
    text, nutrient, value, unit = case
    taken = read_taken(text, vocab)
    assert (taken.nutrient, taken.unit) == (nutrient, unit)
    assert Decimal(str(taken.number)) == value


@st.composite
def any_texts(draw):
    """What people and attackers write where an amount is asked for: digits, separators, units, names."""
    pieces = st.sampled_from(["D3", " ", "5", "0", "000", ",", ".", "\u202f", "IU", "mg", "mcg", "µg", "-", "e",
                              "1,25", "5 000", "x", "of", "K2", "MK-7", "鈣", "毫克", "٥", "²", "½", "(", ")", "g"])
    noise = "".join(draw(st.lists(pieces, max_size=12)))
    if draw(st.booleans()):  # a well-written amount with something put into it
        written = draw(written_amounts())[0]
        at = draw(st.integers(0, len(written)))
        return written[:at] + noise + written[at:]
    return noise


WIDE_DIGITS = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)} | {0xFF0C: ",", 0xFF0E: "."}
# A number as stated: digits joined by single separators, not the digit of a name ('D3', 'MK-7').
# Spaces of any kind and number between digits count as one separator.
STATED = re.compile(r"(?<![0-9A-Za-z.,\-])[0-9]+(?:(?:[.,]|\s+)[0-9]+)*")


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(any_texts(), written_amounts().map(lambda case: case[0])))
def test_no_text_is_read_as_a_smaller_amount_than_it_states(vocab, text):
    """What is read is a number the text states in full (never '5' of '5,000', never the decimal
    reading of a thousands group), and no number stated is larger."""
    try:
        taken = read_taken(text, vocab)
    except AmountError:
        return
    runs = [m.group() for m in STATED.finditer(text.translate(WIDE_DIGITS))]
    stated = [Decimal(re.sub(r"[^0-9.]", "", run)) for run in runs if run.count(".") <= 1]
    assert Decimal(str(taken.number)) in stated
    assert Decimal(str(taken.number)) == max(stated)


def test_texts_are_bounded(vocab):
    with pytest.raises(AmountError, match=f"at most {MAX_TEXT}"):
        read_taken("calcium " * 20 + "500 mg", vocab)


# --- through every way in: --taking, a YAML profile, a CSV batch row ---------------------------

def _d3_avoid(data):
    assert data["profile"]["taking"][0]["amount"] == 5000
    assert any(w["code"] == "above-upper-limit" and w["severity"] == "avoid" and w["nutrients"] == ["d3"]
               for w in data["warnings"])


@pytest.mark.parametrize("dose", ["D3 5,000 IU", "D3 5 000 IU", "5000IU of vitamin D3", "D3 5\u202f000 IU"])
def test_option_taking_with_separators_gets_the_avoid_warning(run_cli, dose):
    _d3_avoid(run_cli.json("recommend", "--age", "40", "--taking", dose))


def test_option_taking_calcium_carbonate_with_a_comma(run_cli):
    data = run_cli.json("recommend", "--age", "40", "--taking", "calcium carbonate 1,250 mg")
    assert data["profile"]["taking"][0] == {"nutrient": "calcium", "amount": 500, "unit": "mg", "form": "carbonate",
                                            "given": "calcium carbonate 1,250 mg",
                                                "read_as": "salt", "salt_weight": 1250}


def test_yaml_profile_with_separators(run_cli, tmp_path):
    path = tmp_path / "me.yaml"
    path.write_text('age: 40\ntaking: ["D3 5,000 IU", "calcium carbonate 1,250 mg"]\n', encoding="utf-8")
    data = run_cli.json("recommend", str(path))
    _d3_avoid(data)
    assert data["profile"]["taking"][1] == {"nutrient": "calcium", "amount": 500, "unit": "mg", "form": "carbonate",
                                            "given": "calcium carbonate 1,250 mg",
                                                "read_as": "salt", "salt_weight": 1250}


def test_csv_batch_row_with_separators(run_cli, tmp_path):
    source = tmp_path / "people.csv"
    source.write_text('age,taking\n40,"D3 5,000 IU; calcium carbonate 1,250 mg"\n40,"vitamin D2 50,000 IU"\n',
                      encoding="utf-8")
    output = tmp_path / "out.jsonl"
    result = run_cli("batch", str(source), "-o", str(output))
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in output.read_text(encoding="utf-8").splitlines())
    _d3_avoid(first)
    assert first["profile"]["taking"][1]["amount"] == 500
    assert second["profile"]["taking"][0]["form"] == "D2"
    assert any(w["code"] == "above-upper-limit" for w in second["warnings"])


@pytest.mark.parametrize("dose", ["vitamin D2 50000 IU", "ergocalciferol 1250 mcg"])
def test_vitamin_d2_is_counted_toward_the_vitamin_d_limit_and_shown_as_d2(run_cli, dose):
    data = run_cli.json("recommend", "--age", "40", "--taking", dose)
    entry = data["profile"]["taking"][0]
    assert (entry["nutrient"], entry["amount"], entry["unit"], entry["form"]) == ("d3", 50000, "IU", "D2")
    above = [w for w in data["warnings"] if w["code"] == "above-upper-limit"]
    assert above and above[0]["severity"] == "avoid" and "D2 and D3 together" in above[0]["message"]


def test_d2_and_d3_are_added_together(run_cli):
    data = run_cli.json("recommend", "--age", "40", "--taking", "D2 2,500 IU", "--taking", "D3 2,000 IU")
    assert any(w["code"] == "above-upper-limit" for w in data["warnings"])


@pytest.mark.parametrize("dose, words", [("D3 1,25 mg", ["taking", "'1,25'", "ambiguous"]),
                                         ("calcium phosphate 500 mg", ["taking", "phosphate", "elemental"]),
                                         ("D3 " + "9" * 30000 + " IU", ["taking", "too long"])])
def test_refusals_are_one_line_exit_2(run_cli, dose, words):
    result = run_cli("recommend", "--age", "40", "--taking", dose)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and len(lines[0]) < 400 and "Traceback" not in result.stderr
    assert all(w in lines[0] for w in words), lines[0]


@pytest.mark.parametrize("dose", ["D2 50,000 IU weekly", "D3 50000 IU once a week", "維生素D 50000國際單位 每週",
                                  "calcium 1000 mg every other day", "K2 100 mcg a month"])
def test_an_amount_not_taken_a_day_is_refused_not_read_as_a_days(run_cli, dose):
    result = run_cli("recommend", "--age", "40", "--taking", dose)
    assert result.exit_code == 2 and "not an amount a day" in result.stderr and len(result.stderr.splitlines()) == 1


# --- an amount of another period: the refusal quotes the person's own amount a day ----------------

@pytest.mark.parametrize(("dose", "quoted"), [
    ("D3 10,000 IU weekly", "10,000 IU every 7 days is about 1,429 IU a day"),
    ("D3 10000 IU a week", "10,000 IU every 7 days is about 1,429 IU a day"),
    ("維生素D 50000國際單位 每週", "50,000 IU every 7 days is about 7,143 IU a day"),
    ("calcium 3000 mg monthly", "3,000 mg every 30 days is about 100 mg a day"),
    ("D3 2000 IU every other day", "2,000 IU every 2 days is about 1,000 IU a day"),
    ("K2 10 mcg a week", "10 µg every 7 days is about 1.43 µg a day"),
])
def test_a_weekly_dose_is_refused_with_the_persons_own_amount_a_day(run_cli, dose, quoted):
    """It always quoted "50,000 IU a week is about 7,143 IU a day", whatever the person wrote."""
    result = run_cli("recommend", "--age", "40", "--taking", dose)
    assert result.exit_code == 2
    assert quoted in result.stderr, result.stderr
    assert ("7,143" in quoted) == ("7,143" in result.stderr)


PERIOD_DAYS = {"weekly": 7, "once a week": 7, "every week": 7, "每週": 7, "monthly": 30, "a month": 30,
               "every other day": 2, "隔天": 2}


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(min_value=1, max_value=999_999), st.sampled_from(sorted(PERIOD_DAYS)),
       st.sampled_from([("D3", "IU"), ("calcium", "mg"), ("K2", "mcg"), ("vitamin D", "IU")]),
       st.sampled_from(["{:,}", "{}", "{:_}"]))
def test_the_amount_a_day_a_refusal_gives_is_read_back_as_that_amount(vocab, number, period, named, written):
    """Its amount a day is the person's amount over the period's days, written so that it reads back
    as itself (thousands commas, never three decimals that could be a thousands point)."""
    nutrient, unit = named
    text = f"{nutrient} {written.format(number).replace('_', ' ')} {unit} {period}"
    with pytest.raises(AmountError) as refused:
        read_taken(text, vocab)
    per_day = re.search(r"is about ([0-9,.]+) ", str(refused.value)).group(1)
    assert f"{number:,} " in str(refused.value)
    again = read_taken(f"{nutrient} {per_day} {unit}", vocab)
    expected = number / PERIOD_DAYS[period]
    assert abs(Decimal(str(again.number)) - Decimal(str(expected))) <= (Decimal("0.5") if expected >= 100 else
                                                                          Decimal("0.005"))
