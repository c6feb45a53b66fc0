"""Upper limits and reference intakes by age band (rules/reference/limits.yaml), against the references.

Expected figures are restated from reference-values.md (REF-IOM-2011, REF-IOM-2001), not read from
the rules. Ages are numbers, so the edges of every band are tried on both sides.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st


def _limits(result) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    for limit in result.limits:
        found.setdefault(limit["nutrient"], []).append(limit["max"])
    return found


def _intakes(result) -> dict[str, list[tuple[float, str]]]:
    found: dict[str, list[tuple[float, str]]] = {}
    for item in result.reference_intakes:
        found.setdefault(item["nutrient"], []).append((item["amount"], item["type"]))
    return found


# (age, calcium UL mg, vitamin D UL IU): REF-IOM-2011, both sides of every band edge.
UL_CASES = [
    (0, 1000, 1000), (0.49, 1000, 1000), (0.5, 1500, 1500), (0.99, 1500, 1500),
    (1, 2500, 2500), (3.99, 2500, 2500), (4, 2500, 3000), (8.99, 2500, 3000),
    (9, 3000, 4000), (13.99, 3000, 4000), (14, 3000, 4000), (18.99, 3000, 4000),
    (19, 2500, 4000), (50.5, 2500, 4000), (50.999, 2500, 4000), (51, 2000, 4000),
    (70.99, 2000, 4000), (71, 2000, 4000), (100, 2000, 4000), (130, 2000, 4000),
]


@pytest.mark.parametrize(("age", "calcium_ul", "d3_ul"), UL_CASES)
def test_upper_limit_by_age_band(evaluator, age, calcium_ul, d3_ul):
    result = evaluator.evaluate({"age": age, "sex": "female"})
    assert _limits(result) == {"calcium": [calcium_ul], "d3": [d3_ul]}
    for limit in result.limits:
        assert "REF-IOM-2011" in limit["sources"]


@pytest.mark.parametrize(("profile", "calcium_ul"), [
    ({"age": 16, "pregnant": True}, 3000),
    ({"age": 17, "breastfeeding": True}, 3000),
    ({"age": 19, "pregnant": True}, 2500),
    ({"age": 42, "breastfeeding": True}, 2500),
])
def test_pregnancy_and_lactation_upper_limits(evaluator, profile, calcium_ul):
    """REF-IOM-2011: pregnancy or lactation 14–18 UL 3000 mg, 19–50 2500 mg; vitamin D 4000 IU."""
    result = evaluator.evaluate(profile)
    assert not result.in_scope
    assert _limits(result) == {"calcium": [calcium_ul], "d3": [4000]}


def test_without_an_age_the_strictest_limits_from_4_years_apply(evaluator):
    result = evaluator.evaluate({"taking": ["D3 3500 IU"]})
    assert _limits(result) == {"calcium": [2000], "d3": [3000]}
    assert any(w.code == "above-upper-limit" and w.nutrients == ["d3"] for w in result.warnings)
    assert any("Age was not given, so upper limits" in result.text(note, "en") for note in result.scope_notes)


# (profile, calcium RDA/AI mg, vitamin D RDA/AI IU, vitamin K AI µg): REF-IOM-2011, REF-IOM-2001.
INTAKE_CASES = [
    ({"age": 0.25}, (200, "AI"), (400, "AI"), (2.0, "AI")),
    ({"age": 0.75}, (260, "AI"), (400, "AI"), (2.5, "AI")),
    ({"age": 2}, (700, "RDA"), (600, "RDA"), (30, "AI")),
    ({"age": 6}, (1000, "RDA"), (600, "RDA"), (55, "AI")),
    ({"age": 11}, (1300, "RDA"), (600, "RDA"), (60, "AI")),
    ({"age": 16}, (1300, "RDA"), (600, "RDA"), (75, "AI")),
    ({"age": 30, "sex": "male"}, (1000, "RDA"), (600, "RDA"), (120, "AI")),
    ({"age": 30, "sex": "female"}, (1000, "RDA"), (600, "RDA"), (90, "AI")),
    ({"age": 60, "sex": "male"}, (1000, "RDA"), (600, "RDA"), (120, "AI")),
    ({"age": 60, "sex": "female"}, (1200, "RDA"), (600, "RDA"), (90, "AI")),
    ({"age": 80, "sex": "male"}, (1200, "RDA"), (800, "RDA"), (120, "AI")),
    ({"age": 12, "pregnant": True}, (1300, "RDA"), (600, "RDA"), (75, "AI")),
    ({"age": 17, "breastfeeding": True}, (1300, "RDA"), (600, "RDA"), (75, "AI")),
    ({"age": 28, "pregnant": True}, (1000, "RDA"), (600, "RDA"), (90, "AI")),
]


@pytest.mark.parametrize(("profile", "calcium", "d3", "vitamin_k"), INTAKE_CASES)
def test_reference_intakes(evaluator, profile, calcium, d3, vitamin_k):
    result = evaluator.evaluate(profile)
    assert _intakes(result) == {"calcium": [calcium], "d3": [d3], "k1": [vitamin_k]}
    for item in result.reference_intakes:
        expected = "REF-IOM-2001" if item["nutrient"] == "k1" else "REF-IOM-2011"
        assert expected in item["sources"]


@settings(max_examples=300, deadline=None)
@given(age=st.floats(min_value=0, max_value=130, allow_nan=False),
       sex=st.sampled_from(["female", "male", None]),
       mother=st.sampled_from([{}, {"pregnant": True}, {"breastfeeding": True}]))
def test_bands_tile_every_age(evaluator, ul, age, sex, mother):
    """Exactly one UL per nutrient at any age (no gap, no overlap), and no UL for vitamin K.

    An RDA or AI is given once, except where the references split it by sex and no sex is given.
    """
    profile = {"age": age, **({"sex": sex} if sex else {}), **(mother if sex != "male" else {})}
    result = evaluator.evaluate(profile)
    age = result.profile["age"]
    assert _limits(result) == {"calcium": [ul("calcium", age)], "d3": [ul("d3", age)]}
    intakes = _intakes(result)
    assert len(intakes["d3"]) == 1
    sex_known = sex is not None or bool(mother)
    assert len(intakes.get("calcium", [])) == (1 if sex is not None or not 51 <= age < 71 else 0)
    assert len(intakes.get("k1", [])) == (1 if sex_known or age < 19 else 0)
    assert "k2" not in intakes
