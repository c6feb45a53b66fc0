"""A dose is read the same way in every command a person writes it in: `ask`'s question, `recommend
--taking`, a profile file's `taking` and a batch CSV cell, called as a user calls them. Each named
form is read as exactly its number in all four, or refused in all four in one line naming the field
and what is accepted (exit 2; a batch's bad row carries the same line)."""

from __future__ import annotations

import csv
import json

import pytest

ACCEPTED = "accepted"


def _ask(run_cli, dose: str):
    # --lang en: a question with Chinese numerals is otherwise refused in Chinese (its language), in its words
    return run_cli("ask", f"is {dose} too much?", "--age", "50", "--format", "json", "--lang", "en")


def _taking(run_cli, dose: str):
    return run_cli("recommend", "--age", "50", "--taking", dose, "--format", "json")


def _profile_file(run_cli, dose: str, tmp_path):
    path = tmp_path / "me.yaml"
    path.write_text(f"age: 50\ntaking:\n  - {json.dumps(dose, ensure_ascii=False)}\n", encoding="utf-8")
    return run_cli("recommend", str(path), "--format", "json")


def _batch(run_cli, dose: str, tmp_path):
    """The batch's row: ('read', its profile) or ('refused', its error line)."""
    people = tmp_path / "people.csv"
    with people.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([["age", "taking"], ["50", dose]])
    out = tmp_path / "out.jsonl"
    result = run_cli("batch", str(people), "-o", str(out))
    errors = tmp_path / "out.jsonl.errors.jsonl"
    if errors.exists():
        assert result.exit_code == 1, result.output
        (row,) = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
        return "refused", row["error"]
    assert result.exit_code == 0, result.output
    (row,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return "read", row["profile"]


def _amounts(profile: dict) -> dict[str, float]:
    return {item["nutrient"]: item["amount"] for item in profile["taking"]}


@pytest.mark.parametrize(("dose", "nutrient", "amount"), [
    ("D3 5k IU", "d3", 5000),
    ("D3 5K IU", "d3", 5000),
    ("D3 5 thousand IU", "d3", 5000),
    ("D3 五千国际单位", "d3", 5000),
    ("維生素D3 五千國際單位", "d3", 5000),
    ("D3 1.5万 IU", "d3", 15000),
    ("D3 1.5萬 IU", "d3", 15000),
    ("D3 一萬五千 IU", "d3", 15000),
    ("D3 兩千國際單位", "d3", 2000),
    ("D3 伍仟 IU", "d3", 5000),                       # financial numerals, as on a receipt
    ("D3 ５０００ IU", "d3", 5000),                    # full-width digits
    ("D3 ５，０００ IU", "d3", 5000),
    ("D3 5\u00a0000 IU", "d3", 5000),                  # a no-break space between thousands
    ("D3 5\u2009000 IU", "d3", 5000),                  # a thin space (ask refused it as '5' with no unit)
    ("D3 5\u202f000 IU", "d3", 5000),                  # a narrow no-break space
    ("D3 5,000 IU", "d3", 5000),
    ("鈣 一點二克", "calcium", 1200),
    ("calcium 1.2 g", "calcium", 1200),
    ("K2 0.1k mcg", "k2", 100),
    ("Vitamin D3 125 mcg (5k IU)", "d3", 5000),       # a label's two amounts (ask read two doses)
    ("D3 50 mcg = 2k IU", "d3", 2000),
    ("D3 125微克（五千國際單位）", "d3", 5000),
])
def test_a_dose_is_read_as_its_number_in_every_command(run_cli, tmp_path, dose, nutrient, amount):
    for where, result in (("ask", _ask(run_cli, dose)), ("--taking", _taking(run_cli, dose)),
                          ("profile file", _profile_file(run_cli, dose, tmp_path))):
        assert result.exit_code == 0, (where, result.output[-400:])
        data = json.loads(result.stdout)
        profile = data["result"]["profile"] if where == "ask" else data["profile"]
        assert _amounts(profile) == {nutrient: amount}, (where, profile["taking"])
    kind, profile = _batch(run_cli, dose, tmp_path)
    assert kind == "read" and _amounts(profile) == {nutrient: amount}, (kind, profile)


@pytest.mark.parametrize(("dose", "said"), [
    ("D3 5٫000 IU", "the Arabic decimal mark"),        # 5 or 5000? (was: "D3 form '5٫' is not known")
    ("D3 5٬000 IU", "the Arabic thousands mark"),
    ("D3 ٥٠٠٠ IU", "a digit of another script"),       # Arabic-Indic digits
    ("D3 ۵۰۰۰ IU", "a digit of another script"),       # Persian digits
    ("D3 5'000 IU", "an apostrophe"),                  # the Swiss thousands mark (ask read nothing, '5' no unit)
    ("D3 5’000 IU", "an apostrophe"),
    ("D3 5.000 IU", "'5.000' is ambiguous"),           # European thousands or a decimal point: never guessed
    ("D3 1,25 IU", "'1,25' is ambiguous"),             # a decimal comma
    ("D3 五千五 IU", "'五千五' is not read as one number"),  # 5005 or 5500
    # kilograms, never 500 k of grams; a question finds no unit it reads after 500
    ("calcium 500kg", ("'kg' is not a unit for calcium", "'500' has no unit")),
    ("D3 1.2345k IU", "more than 3 decimals"),
    ("D3 125 mcg (4k IU)", "125 µg is 5000 IU, not 4000 IU"),
])
def test_a_dose_that_could_be_misread_is_refused_in_every_command(run_cli, tmp_path, one_line_refusal, dose, said):
    said, asked = said if isinstance(said, tuple) else (said, said)
    for where, result in (("ask", _ask(run_cli, dose)), ("--taking", _taking(run_cli, dose)),
                          ("profile file", _profile_file(run_cli, dose, tmp_path))):
        line = one_line_refusal(result, asked if where == "ask" else said, ACCEPTED)
        field = "QUESTION" if where == "ask" else "taking"
        assert field in line, (where, line)
    kind, error = _batch(run_cli, dose, tmp_path)
    assert kind == "refused" and said in error and "taking" in error and ACCEPTED in error, (kind, error)


@pytest.mark.parametrize(("amount", "read"), [("5k", 5000), ("五千", 5000), ("1.5萬", 15000), ("5,000", 5000)])
def test_a_supplement_mappings_amount_is_read_as_a_doses_number(run_cli, tmp_path, amount, read):
    path = tmp_path / "me.yaml"
    path.write_text(f"taking:\n  - {{nutrient: D3, amount: {json.dumps(amount, ensure_ascii=False)}, unit: IU}}\n",
                    encoding="utf-8")
    result = run_cli("recommend", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert _amounts(json.loads(result.stdout)["profile"]) == {"d3": read}


def test_a_supplement_mappings_amount_with_a_mark_no_reader_reads_is_refused(run_cli, tmp_path, one_line_refusal):
    path = tmp_path / "me.yaml"
    path.write_text('taking:\n  - {nutrient: D3, amount: "5٫000", unit: IU}\n', encoding="utf-8")
    one_line_refusal(run_cli("recommend", str(path)), "taking", "the Arabic decimal mark", ACCEPTED)
