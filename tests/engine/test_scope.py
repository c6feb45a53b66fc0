"""Who the table covers and what it leaves open: refusals, edges told as notes, diet, what is taken now.

claims.md: the edges of the table must be decided explicitly and told to the person, never
silently. Each test asks `bonekb recommend --format json` and reads what the person would read.
"""

from __future__ import annotations

import pytest


def _recs(data: dict) -> dict[tuple[str, str], dict]:
    return {(r["nutrient"], r["kind"]): r for r in data["recommendations"]}


def _note(data: dict, *words: str) -> str:
    """The one scope note holding every word (case-insensitive); fails if none does."""
    found = [n for n in data["scope_notes"] if all(w.casefold() in n.casefold() for w in words)]
    assert found, f"no scope note with {words}: {data['scope_notes']}"
    return found[0]


def _no_note(data: dict, *words: str) -> None:
    assert not [n for n in data["scope_notes"] if all(w.casefold() in n.casefold() for w in words)], data["scope_notes"]


def _warning(data: dict, code: str) -> dict:
    found = [w for w in data["warnings"] if w["code"] == code]
    assert len(found) == 1, (code, data["warnings"])
    return found[0]


# --- refused: the article does not cover these people -------------------------------------------

@pytest.mark.parametrize(("options", "reason_words"), [
    (["--age", "2"], ["age 4"]),
    (["--age", "0"], ["age 4"]),
    (["--age", "30", "--sex", "female", "--pregnant"], ["pregnancy"]),
    (["--age", "30", "--breastfeeding"], ["breastfeeding"]),
    (["--age", "17", "--sex", "female", "--menopause", "post"], ["menopause before age 19"]),
    (["--age", "16", "--postmenopausal"], ["menopause before age 19"]),
])
def test_out_of_scope_is_refused_with_the_reason(run_cli, options, reason_words):
    data = run_cli.json("recommend", *options, "--sun", "low", "--taking", "D3 400 IU", "--diet-calcium", "700")
    assert data["in_scope"] is False
    assert data["recommendations"] == []
    _note(data, *reason_words)
    # Nothing in the output is an amount to take: the advice notes (adult range, diet) are gone too.
    _no_note(data, "19–64")
    assert all(w["severity"] != "info" for w in data["warnings"])


def test_a_refusal_still_keeps_a_safety_warning(run_cli):
    data = run_cli.json("recommend", "--age", "30", "--sex", "female", "--pregnant", "--taking", "calcium 3000 mg")
    assert data["in_scope"] is False and data["recommendations"] == []
    warning = _warning(data, "above-upper-limit")
    assert warning["severity"] == "avoid" and warning["sources"]
    # the article's advice to take calcium with D3 and K2 is not given out of its scope
    assert "calcium-alone" not in {w["code"] for w in data["warnings"]}


# --- edges of the table, decided and told -------------------------------------------------------

def test_adult_age_range_is_told(run_cli):
    data = run_cli.json("recommend", "--age", "35", "--sex", "male", "--sun", "low")
    _note(data, "19–64")
    teen = run_cli.json("recommend", "--age", "16", "--sun", "low")
    _no_note(teen, "19–64")


def test_postmenopausal_before_65_uses_that_row_and_says_so(run_cli):
    data = run_cli.json("recommend", "--age", "55", "--sex", "female", "--menopause", "post", "--sun", "low")
    assert "postmenopausal_women" in data["groups"]
    assert _recs(data)["calcium", "supplement"]["sources"] == ["TABLE-POSTMENO"]
    _note(data, "under 65", "postmenopausal")


def test_both_rows_at_65_and_over_are_told(run_cli):
    data = run_cli.json("recommend", "--age", "65", "--sex", "female", "--menopause", "post", "--sun", "low")
    assert data["groups"] == ["postmenopausal_women", "older_adults"]
    _note(data, "two rows", "400–800 mg", "500–800 mg")  # the rows differ in the calcium supplement alone
    _no_note(data, "under 65")


def test_postmenopausal_from_19(run_cli):
    data = run_cli.json("recommend", "--age", "19", "--sex", "female", "--menopause", "post", "--sun", "low")
    assert data["in_scope"] is True
    assert "postmenopausal_women" in data["groups"]


def test_perimenopause_uses_the_adults_row_and_says_so(run_cli):
    data = run_cli.json("recommend", "--age", "48", "--sex", "female", "--menopause", "peri", "--sun", "low")
    assert data["groups"] == ["adults"]
    assert _recs(data)["calcium", "supplement"]["sources"] == ["TABLE-ADULT"]
    _note(data, "around menopause")


@pytest.mark.parametrize("options", [["--sex", "female"], []])
def test_menopause_not_given_for_a_woman_45_to_64_is_told(run_cli, options):
    data = run_cli.json("recommend", "--age", "50", *options, "--sun", "low")
    assert data["groups"] == ["adults"]
    _note(data, "menopause was not given")


@pytest.mark.parametrize("options", [["--age", "50", "--sex", "male"], ["--age", "40", "--sex", "female"],
                                     ["--age", "50", "--sex", "female", "--menopause", "pre"]])
def test_no_menopause_note_where_it_does_not_matter(run_cli, options):
    _no_note(run_cli.json("recommend", *options, "--sun", "low"), "menopause was not given")


@pytest.mark.parametrize(("sun", "d3", "d3_source"), [
    (["--sun", "low"], (800, 1000), "DOSE-4"),
    ([], (800, 1000), "DOSE-4"),
    (["--sun", "enough"], (400, 600), "DOSE-5"),
    (["--sun-minutes", "20", "--sun-midday", "--arms-legs-bare"], (400, 600), "DOSE-5"),
])
def test_age_not_given_gives_the_general_advice_and_says_so(run_cli, sun, d3, d3_source):
    data = run_cli.json("recommend", "--sex", "female", *sun)
    assert data["in_scope"] is True
    assert data["groups"] == []
    _note(data, "age was not given")
    got = {key: (r["min"], r["max"], r["unit"], r["form"], r["sources"]) for key, r in _recs(data).items()}
    assert got == {  # DOSE-3, and DOSE-4 or DOSE-5 for D3, as claims.md gives them
        ("calcium", "supplement"): (600, 800, "mg", "elemental", ["DOSE-3"]),
        ("k2", "supplement"): (90, 120, "ug", "MK-7", ["DOSE-3"]),
        ("k1", "supplement"): (100, 150, "ug", None, ["DOSE-3"]),
        ("d3", "supplement"): (*d3, "IU", None, [d3_source]),
    }


def test_sun_not_given_is_assumed_low_with_a_note(run_cli):
    data = run_cli.json("recommend", "--age", "35")
    assert data["sun"] == "low"
    _note(data, "little sun is assumed")
    given = run_cli.json("recommend", "--age", "35", "--sun", "enough")
    _no_note(given, "little sun is assumed")


@pytest.mark.parametrize("sun", [
    ["--sun-minutes", "10", "--sun-midday", "--arms-legs-bare"],         # under 15 minutes
    ["--sun-minutes", "20", "--no-sun-midday", "--arms-legs-bare"],      # outside 11:00-14:00
    ["--sun-minutes", "20", "--sun-midday", "--covered"],                # covered limbs
    ["--sun-minutes", "20", "--sun-midday", "--arms-legs-bare", "--sunscreen"],
    ["--sun-minutes", "20", "--sun-midday", "--arms-legs-bare", "--indoors"],
    ["--sun-minutes", "20", "--sun-midday"],                             # limbs not said
    ["--sun-minutes", "20"],
])
def test_part_of_dose5_is_little_sun_with_a_note(run_cli, sun):
    data = run_cli.json("recommend", "--age", "35", *sun)
    assert data["sun"] == "low"
    assert _recs(data)["d3", "supplement"]["min"] == 800
    notes = [n for n in data["scope_notes"] if "sun" in n.casefold() and "d3" in n.casefold()]
    assert notes, f"low sun was decided without a word: {data['scope_notes']}"


def test_all_of_dose5_is_enough_sun_and_more_than_30_minutes_too(run_cli):
    for minutes in ("15", "30", "90"):
        data = run_cli.json("recommend", "--age", "35", "--sun-minutes", minutes, "--sun-midday", "--arms-legs-bare",
                            "--no-sunscreen", "--outdoors")
        assert data["sun"] == "enough", minutes
        assert _recs(data)["d3", "supplement"]["min"] == 400


def test_the_sun_given_directly_wins(run_cli):
    data = run_cli.json("recommend", "--age", "35", "--sun", "enough", "--sunscreen", "--sun-minutes", "2")
    assert data["sun"] == "enough"


def test_diet_not_given_is_told(run_cli):
    _note(run_cli.json("recommend", "--age", "35", "--sun", "low"), "calcium from food was not given")
    _no_note(run_cli.json("recommend", "--age", "35", "--sun", "low", "--diet-calcium", "800"),
             "calcium from food was not given")


# --- the calcium supplement fitted to the diet --------------------------------------------------

@pytest.mark.parametrize(("diet", "supplement", "code"), [
    ("800", (200, 400), "calcium-diet-fitted"),   # total 1000-1200 minus 800
    ("1000", (0, 0), "calcium-food-covers"),
    ("1100", (0, 0), "calcium-food-covers"),
    ("100", (500, 500), "calcium-total-short"),   # even the table's largest supplement cannot reach 1000
    ("600", (400, 500), "calcium-diet-fitted"),   # never above the table's supplement figure
])
def test_diet_fitting_for_adults(run_cli, diet, supplement, code):
    data = run_cli.json("recommend", "--age", "35", "--sex", "male", "--sun", "low", "--diet-calcium", diet)
    recs = _recs(data)
    rec = recs["calcium", "supplement"]
    assert (rec["min"], rec["max"]) == supplement
    assert (recs["calcium", "total_intake"]["min"], recs["calcium", "total_intake"]["max"]) == (1000, 1200)
    warning = _warning(data, code)
    assert warning["nutrients"] == ["calcium"] and warning["rule"] in {f["rule"] for f in data["fired"]}
    assert "TABLE-ADULT" in warning["sources"] and "TABLE-ADULT" in rec["sources"]
    assert diet in warning["message"]


def test_diet_fitting_for_a_teen_whose_total_is_one_figure(run_cli):
    data = run_cli.json("recommend", "--age", "16", "--sun", "low", "--diet-calcium", "1000")
    rec = _recs(data)["calcium", "supplement"]
    assert (rec["min"], rec["max"]) == (300, 300)


# --- what the person takes now, converted and compared ------------------------------------------

@pytest.mark.parametrize(("taking", "nutrient", "amount", "status"), [
    ("calcium carbonate 1250 mg", "calcium", 500, "within"),    # 40 % elemental
    ("calcium citrate 1000 mg", "calcium", 210, "below"),       # 21 % elemental
    ("calcium citrate 2.5 g", "calcium", 525, "above"),
    ("calcium lactate 2000 mg", "calcium", 260, "below"),       # 13 % elemental
    ("calcium gluconate 4000 mg", "calcium", 360, "within"),    # 9 % elemental
    ("elemental calcium 300 mg", "calcium", 300, "within"),
    ("D3 25 ug", "d3", 1000, "within"),                         # 1 µg = 40 IU
    ("vitamin D 10 µg", "d3", 400, "below"),
    ("cholecalciferol 2000 IU", "d3", 2000, "above"),
    ("K2 0.1 mg", "k2", 100, "within"),                         # mg -> µg
    ("MK-7 200 mcg", "k2", 200, "above"),
    ("K1 0.05 mg", "k1", 50, "below"),
    ("phylloquinone 80 ug", "k1", 80, "within"),
])
def test_what_is_taken_is_converted_and_compared(run_cli, taking, nutrient, amount, status):
    data = run_cli.json("recommend", "--age", "35", "--sex", "male", "--sun", "low", "--taking", taking)
    rec = _recs(data)[nutrient, "supplement"]
    assert rec["current"] == {"amount": amount, "unit": rec["unit"], "status": status}
    assert [t["amount"] for t in data["profile"]["taking"]] == [amount]
    above = [w for w in data["warnings"] if w["code"] == "taking-above-recommended"]
    assert bool(above) == (status == "above")


def test_supplements_of_one_nutrient_add_up(run_cli):
    data = run_cli.json("recommend", "--age", "35", "--sun", "low",
                        "--taking", "calcium carbonate 500 mg", "--taking", "calcium citrate 500 mg")
    assert _recs(data)["calcium", "supplement"]["current"]["amount"] == 200 + 105


def test_a_calcium_salt_not_named_is_taken_as_elemental_and_said(run_cli):
    data = run_cli.json("recommend", "--age", "35", "--sun", "low", "--taking", "calcium 400 mg")
    assert _recs(data)["calcium", "supplement"]["current"]["amount"] == 400
    assert any("elemental" in a for a in data["profile"]["assumed"])
    _note(data, "elemental")


def test_nothing_taken_is_not_compared(run_cli):
    data = run_cli.json("recommend", "--age", "35", "--sun", "low")
    assert all("current" not in r for r in data["recommendations"])


def test_sex_inferred_from_menopause_is_reported_as_assumed(run_cli):
    data = run_cli.json("recommend", "--age", "55", "--menopause", "post", "--sun", "low")
    assert data["profile"]["sex"] == "female"
    assert any(a.startswith("sex") for a in data["profile"]["assumed"])
    _note(data, "sex", "female")
    assert "postmenopausal_women" in data["groups"]


def test_what_is_not_given_is_listed_as_unknown(run_cli):
    data = run_cli.json("recommend", "--age", "35")
    assert {"sex", "sun", "diet_calcium", "taking"} <= set(data["profile"]["unknown"])
    assert "age" not in data["profile"]["unknown"]


def test_unrecognised_medication_is_told_not_dropped(run_cli):
    data = run_cli.json("recommend", "--age", "35", "--sun", "low", "--medication", "frobnazol")
    assert data["profile"]["unrecognised"] == {"medications": ["frobnazol"]}
    [warning] = [w for w in data["warnings"] if w["code"] == "name-not-recognised"]
    assert "frobnazol" in warning["message"] and warning["severity"] == "caution"
