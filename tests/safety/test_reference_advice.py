"""Issue 12, items 5 to 8: advice from the references, as the references give it.

Quinolones are spaced from calcium as each label says; digoxin is a caution with monitoring, not a
withholding; a group's calcium total below the person's RDA is told; the split-doses advice speaks
only when a calcium supplement recommended or taken tops 500 mg a day.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ADULT = {"age": 40, "sex": "male", "sun": "low"}


def _warning(result, code):
    (warning,) = [w for w in result.warnings if w.code == code]
    return warning


# --- item 6: quinolones ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["ciprofloxacin", "Avelox", "levofloxacin"])
@pytest.mark.parametrize("lang, texts", [
    ("en", ["Ciprofloxacin: at least 2 hours before or 6 hours after calcium",
            "Moxifloxacin: at least 4 hours before or 8 hours after"]),
    ("zh-Hant", ["賽普沙辛（ciprofloxacin）：在服用鈣之前至少2小時，或之後至少6小時",
                 "莫西沙星（moxifloxacin）：在服用鈣之前至少4小時，或之後至少8小時"]),
])
def test_quinolones_are_spaced_as_their_labels_say(evaluator, name, lang, texts):
    warning = _warning(evaluator.evaluate({**ADULT, "medications": [name]}), "interaction-quinolone-calcium")
    assert all(text in warning.message[lang] for text in texts)
    assert {"REF-LABEL-CIPRO", "REF-LABEL-AVELOX"} <= set(warning.sources)


def test_the_label_references_say_what_the_rule_says(kb):
    assert "2 hours before or 6 hours after" in kb.references["REF-LABEL-CIPRO"]["note"]
    assert "4 hours before or 8 hours after" in kb.references["REF-LABEL-AVELOX"]["note"]


# --- item 7: digoxin ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["digoxin", "Lanoxin"])
def test_digoxin_is_a_caution_with_monitoring_and_keeps_the_amounts(evaluator, name):
    result = evaluator.evaluate({"age": 70, "sex": "female", "menopause": "post", "medications": [name],
                                 "taking": ["calcium carbonate 1250 mg"]})
    warning = _warning(result, "interaction-digoxin-calcium-vitamin-d")
    assert warning.severity == "caution" and not warning.withhold
    assert "blood calcium and heart rhythm" in result.text(warning.message, "en")
    assert "監測血鈣與心律" in result.text(warning.message, "zh-Hant")
    assert result.recommendation("calcium") is not None and result.recommendation("d3") is not None
    assert not any("digoxin" in note["en"] for note in result.scope_notes)
    # The article's messages are not silenced: monitoring does not contradict them.
    assert {"take-together", "calcium-alone"} <= {w.code for w in result.warnings}


def test_no_rule_yields_to_the_digoxin_rule(kb):
    assert not kb.rule_by_id["interaction.digoxin"].overrides


def test_readme_safety_no_longer_withholds_for_digoxin():
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    safety = readme.split("## Safety", 1)[1].split("\n## ", 1)[0]
    assert "digoxin, hypercalcaemia" not in safety
    assert "digoxin" in safety and "heart rhythm" in safety


# --- item 5: a group's calcium total below the person's RDA --------------------------------------

def _calcium_rda(result):
    rdas = [item["amount"] for item in result.reference_intakes
            if item["nutrient"] == "calcium" and item["type"] == "RDA"]
    return rdas[0] if rdas else None


def _total(result):
    totals = [r for r in result.recommendations if r.nutrient == "calcium" and r.kind == "total_intake"]
    return totals[0] if totals else None


def test_a_child_of_10_with_600_mg_from_food_is_told_the_rda(evaluator):
    result = evaluator.evaluate({"age": 10, "diet_calcium": 600})
    assert (_total(result).min, result.recommendation("calcium").max) == (1000, 400)
    warning = _warning(result, "calcium-total-below-rda")
    assert warning.severity == "caution" and "REF-IOM-2011" in warning.sources
    assert "1300 mg" in result.text(warning.message, "en") and "1300 毫克" in result.text(warning.message, "zh-Hant")


AGES = [4, 8, 8.99, 9, 10, 13, 13.99, 14, 18, 19, 30, 50, 50.5, 51, 55, 64, 64.99, 65, 70, 71, 90]


@pytest.mark.parametrize("age", AGES)
@pytest.mark.parametrize("sex, menopause", [("male", None), ("female", None), ("female", "pre"),
                                            ("female", "peri"), ("female", "post"), (None, None)])
def test_the_warning_speaks_exactly_where_the_groups_total_is_below_the_rda(evaluator, age, sex, menopause):
    """Against the RDA rules of limits.yaml and the total the table's rules give, for every band edge."""
    profile = {"age": age, **({"sex": sex} if sex else {})}
    if menopause and not (menopause == "post" and age < 19):
        profile["menopause"] = menopause
    result = evaluator.evaluate(profile)
    total, rda = _total(result), _calcium_rda(result)
    below = total is not None and rda is not None and total.min < rda
    assert any(w.code == "calcium-total-below-rda" for w in result.warnings) == below, (profile, total, rda)
