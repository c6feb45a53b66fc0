"""Medication interactions and conditions (rules/reference/interactions.yaml, conditions.yaml).

Every rule of both files is tried through a name a person would type (from the vocabulary), so a
new rule is tested without new code; the issue's own cases are spelled out after that.
"""

from __future__ import annotations

import pytest
import yaml

from bonekb.engine import conditions
from bonekb.engine.knowledge import shipped_root

RULES_DIR = shipped_root() / "rules"
FACT_OF_FILE = {"interactions.yaml": "medications", "conditions.yaml": "conditions"}
# A man of 40 with little sun gets an amount of every nutrient from the table (adults row).
ADULT = {"age": 40, "sex": "male", "sun": "low"}


def _reference_rules() -> list[tuple[str, dict]]:
    rules = []
    for name in FACT_OF_FILE:
        data = yaml.safe_load((RULES_DIR / "reference" / name).read_text(encoding="utf-8"))
        rules += [(name, rule) for rule in data["rules"]]
    return rules


REFERENCE_RULES = _reference_rules()
VOCABULARY = yaml.safe_load((RULES_DIR / "vocabulary.yaml").read_text(encoding="utf-8"))


def _vocabulary_id(file: str, rule: dict) -> str:
    """The medication or condition id the rule's `includes` test names."""
    (test,) = [t for t in conditions.tests_of(conditions.parse_condition(rule["when"])) if t.op == "includes"]
    assert test.fact == FACT_OF_FILE[file]
    return test.value[0]


def _param(file: str, rule: dict):
    return pytest.param(file, rule, id=rule["id"])


@pytest.mark.parametrize(("file", "rule"), [_param(f, r) for f, r in REFERENCE_RULES])
def test_rule_fires_with_its_reference(evaluator, kb, file, rule):
    """Each name the vocabulary lists for the rule's id (brand and generic, in upper case) raises its warning."""
    fact = FACT_OF_FILE[file]
    ident = _vocabulary_id(file, rule)
    warn = rule["then"]["warn"]
    for name in [ident.replace("_", " "), *VOCABULARY[fact][ident]]:
        result = evaluator.evaluate({**ADULT, fact: [name.upper()]})
        assert result.profile[fact] == [ident], name
        (warning,) = [w for w in result.warnings if w.code == warn["code"]]
        assert (warning.severity, warning.nutrients, warning.rule) == (warn["severity"], warn["nutrients"], rule["id"])
        assert warning.sources and all(s.startswith("REF-") and s in kb.references for s in warning.sources)
        given = {rec.nutrient for rec in result.recommendations}
        if warn.get("withhold"):
            assert not given & set(warn["nutrients"]), name
            assert any(result.text(warning.message, "en") in result.text(note, "en") for note in result.scope_notes)
        else:
            assert set(warn["nutrients"]) <= given, name


@pytest.mark.parametrize(("file", "rule"), [_param(f, r) for f, r in REFERENCE_RULES])
def test_rule_shape(file, rule):
    """Severity per the references' tables: avoid withholds its amounts, nothing else does; both languages."""
    warn = rule["then"]["warn"]
    assert bool(warn.get("withhold")) == (warn["severity"] == "avoid")
    assert warn["message"]["en"].strip() and warn["message"]["zh-Hant"].strip()
    assert rule["sources"] and all(s.startswith("REF-") for s in rule["sources"])


@pytest.mark.parametrize("fact", FACT_OF_FILE.values())
def test_every_vocabulary_id_has_a_rule(fact):
    """A medication or condition bonekb recognises but never checks would be silently ignored."""
    covered = {_vocabulary_id(f, r) for f, r in REFERENCE_RULES if FACT_OF_FILE[f] == fact}
    assert covered == set(VOCABULARY[fact])


@pytest.mark.parametrize("name", ["warfarin", "Coumadin", "COUMADIN", "Jantoven", "acenocoumarol", "phenprocoumon"])
def test_warfarin_withholds_k1_and_k2(evaluator, name):
    result = evaluator.evaluate({**ADULT, "medications": [name]})
    (warning,) = [w for w in result.warnings if w.code == "interaction-warfarin-vitamin-k"]
    assert warning.severity == "avoid"
    assert warning.nutrients == ["k1", "k2"]
    assert "REF-ODS-K" in warning.sources
    assert {rec.nutrient for rec in result.recommendations} == {"calcium", "d3"}
    # No other message may tell this person to take vitamin K.
    assert not {"take-together", "d3-without-k2", "k1-after-menopause"} & {w.code for w in result.warnings}


@pytest.mark.parametrize("name", ["kidney stones", "Kidney Stone", "nephrolithiasis", "Nephrolithiasis", "腎結石"])
def test_kidney_stones_caution_on_calcium(evaluator, name):
    result = evaluator.evaluate({**ADULT, "conditions": [name]})
    (warning,) = [w for w in result.warnings if w.code == "condition-kidney-stones-calcium"]
    assert (warning.severity, warning.nutrients, warning.sources) == ("caution", ["calcium"], ["REF-ODS-CA"])
    assert result.recommendation("calcium") is not None


@pytest.mark.parametrize("taking", ["D3 5000 IU", "vitamin D 125 ug", "cholecalciferol 5000 iu"])
def test_5000_iu_of_d3_is_avoid(evaluator, taking):
    result = evaluator.evaluate({**ADULT, "taking": [taking]})
    (warning,) = [w for w in result.warnings if w.code == "above-upper-limit"]
    assert (warning.severity, warning.nutrients) == ("avoid", ["d3"])
    assert {"REF-IOM-2011", "REF-ODS-D"} <= set(warning.sources)
    assert "4000 IU" in result.text(warning.message, "en")
    assert result.recommendation("d3").current == {"amount": 5000, "unit": "IU", "status": "above"}


@pytest.mark.parametrize(("name", "code"), [
    ("Synthroid", "interaction-levothyroxine-calcium"), ("levothyroxine", "interaction-levothyroxine-calcium"),
    ("Fosamax", "interaction-bisphosphonate-calcium"), ("alendronate", "interaction-bisphosphonate-calcium"),
])
def test_brand_and_generic_names_are_recognised(evaluator, name, code):
    result = evaluator.evaluate({**ADULT, "medications": [name]})
    assert result.profile["unrecognised"] == {}
    assert any(w.code == code and w.severity == "caution" for w in result.warnings)


def test_an_unknown_medication_is_reported_not_ignored(run_cli):
    data = run_cli.json("recommend", "--age", "40", "--medication", "Zorblax", "--medication", "Synthroid")
    assert data["profile"]["unrecognised"] == {"medications": ["Zorblax"]}
    assert data["profile"]["medications"] == ["levothyroxine"]
    assert any("not recognised" in w["message"] and "Zorblax" in w["message"] for w in data["warnings"])


def test_the_issues_person_through_the_cli(run_cli):
    """70, after menopause, on Coumadin, with kidney stones, taking 5000 IU of D3 (the issue's example)."""
    data = run_cli.json("recommend", "--age", "70", "--sex", "female", "--postmenopausal", "--medication", "Coumadin",
                        "--condition", "kidney stones", "--taking", "D3 5000 IU")
    warnings = {w["code"]: w for w in data["warnings"]}
    assert warnings["interaction-warfarin-vitamin-k"]["severity"] == "avoid"
    assert warnings["above-upper-limit"]["severity"] == "avoid"
    assert warnings["condition-kidney-stones-calcium"]["severity"] == "caution"
    assert {r["nutrient"] for r in data["recommendations"]} == {"calcium", "d3"}
    assert any(note.startswith("No amount is given for vitamin K1, vitamin K2") for note in data["scope_notes"])
    text = run_cli("recommend", "--age", "70", "--sex", "female", "--postmenopausal", "--medication", "Coumadin",
                   "--condition", "kidney stones", "--taking", "D3 5000 IU").output
    assert "5000 IU of vitamin D3 a day" in text


@pytest.mark.parametrize("profile", [
    {"age": 30, "pregnant": True, "medications": ["warfarin"], "taking": ["D3 5000 IU"]},
    {"age": 2, "conditions": ["hypercalcemia"], "taking": ["D3 3000 IU"]},
])
def test_out_of_scope_people_keep_their_safety_warnings(evaluator, profile):
    """No amounts for the out-of-scope, but avoid-level warnings still reach them."""
    result = evaluator.evaluate(profile)
    assert not result.in_scope and result.recommendations == []
    avoid = {w.code for w in result.warnings if w.severity == "avoid"}
    assert "above-upper-limit" in avoid
    assert avoid & {"interaction-warfarin-vitamin-k", "condition-hypercalcaemia"}


@pytest.mark.parametrize("with_diet", [False, True])
def test_kidney_stones_amount_is_stated_with_its_condition(evaluator, with_diet):
    """The reference grades kidney stones a caution ('prefer food sources and ask a clinician'): the
    amounts stay, and the caution says the supplement amount holds only if a clinician agrees. Before,
    it said to ask before any calcium supplement while giving one with no condition."""
    raw = {**ADULT, "conditions": ["kidney stones"], **({"diet_calcium": 700} if with_diet else {})}
    result = evaluator.evaluate(raw)
    supplement = result.recommendation("calcium")
    assert supplement is not None and supplement.max > 0
    assert any(r.nutrient == "calcium" and r.kind == "total_intake" for r in result.recommendations)
    (warning,) = [w for w in result.warnings if w.code == "condition-kidney-stones-calcium"]
    en, zh = result.text(warning.message, "en"), result.text(warning.message, "zh-Hant")
    assert "supplement amount given here is for you only if a doctor agrees" in en
    assert "food first" in en
    assert "只在醫療人員同意您服用補充劑時才適用" in zh and "優先從食物" in zh
