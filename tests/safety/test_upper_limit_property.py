"""No recommendation ever takes diet plus the recommended supplement above the UL for the person's age.

Over generated profiles (ages 4–100, calcium from food 0–2500 mg or not given, what they take now,
sex, menopause, sun, medications), the UL is worked out in conftest.py from the figures of
REF-IOM-2011, not read from the rules. What the person takes now is flagged `avoid` above the UL.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bonekb.engine.evaluate import Evaluator

TAKING = st.one_of(
    st.builds(lambda salt, mg: f"calcium {salt} {mg} mg",
              st.sampled_from(["carbonate", "citrate", "lactate", "gluconate", "elemental"]),
              st.integers(min_value=0, max_value=6000)),
    st.builds(lambda iu: f"D3 {iu} IU", st.integers(min_value=0, max_value=10000)),
    st.builds(lambda ug: f"vitamin D {ug} ug", st.integers(min_value=0, max_value=250)),
    st.builds(lambda ug: f"K2 MK-7 {ug} ug", st.integers(min_value=0, max_value=500)),
    st.builds(lambda ug: f"K1 {ug} ug", st.integers(min_value=0, max_value=500)),
)


@st.composite
def profiles(draw) -> dict:
    profile: dict = {"age": draw(st.floats(min_value=4, max_value=100, allow_nan=False))}
    diet = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=2500)))
    if diet is not None:
        profile["diet_calcium"] = diet
    sex = draw(st.sampled_from(["female", "male", None]))
    if sex:
        profile["sex"] = sex
    if sex == "female" and profile["age"] >= 19:
        profile["menopause"] = draw(st.sampled_from(["pre", "peri", "post"]))
    sun = draw(st.sampled_from(["low", "enough", None]))
    if sun:
        profile["sun"] = sun
    taking = draw(st.one_of(st.none(), st.lists(TAKING, max_size=4)))
    if taking is not None:
        profile["taking"] = taking
    medications = draw(st.lists(st.sampled_from(["omeprazole", "prednisone", "HCTZ", "Synthroid"]), max_size=2))
    if medications:
        profile["medications"] = medications
    return profile


@settings(max_examples=400, deadline=None)
@given(profile=profiles())
def test_no_recommendation_passes_the_upper_limit(evaluator: Evaluator, ul, profile: dict):
    """Diet plus the recommended supplement stays within the UL; when food alone passes it, no supplement."""
    result = evaluator.evaluate(profile)
    age = result.profile["age"]
    food = {"calcium": result.profile.get("diet_calcium", 0), "d3": 0}  # no diet fact for vitamin D
    for rec in result.recommendations:
        if rec.nutrient not in food:
            continue  # vitamin K has no UL (REF-IOM-2001)
        counted = food[rec.nutrient] if rec.kind == "supplement" else 0
        assert rec.max <= max(0, ul(rec.nutrient, age) - counted), (rec, profile)
        assert 0 <= rec.min <= rec.max


@settings(max_examples=400, deadline=None)
@given(profile=profiles())
def test_intake_above_the_upper_limit_is_avoid(evaluator: Evaluator, ul, profile: dict):
    """Diet plus what the person takes now above the UL is an `avoid` warning; at or below it, none."""
    result = evaluator.evaluate(profile)
    age = result.profile["age"]
    taken = result.profile.get("taking", [])
    taking = {n: sum(s["amount"] for s in taken if s["nutrient"] == n) for n in ("calcium", "d3")}
    food = {"calcium": result.profile.get("diet_calcium", 0), "d3": 0}
    for nutrient in ("calcium", "d3"):
        flagged = [w for w in result.warnings if w.code == "above-upper-limit" and w.nutrients == [nutrient]]
        above = food[nutrient] + taking[nutrient] > ul(nutrient, age)
        assert len(flagged) == (1 if above else 0), (nutrient, profile)
        if above:
            assert flagged[0].severity == "avoid"
            assert "REF-IOM-2011" in flagged[0].sources
