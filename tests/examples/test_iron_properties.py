"""Properties of examples/iron over every person its profile can describe: each in-scope person
gets one of the source table's daily figures, never above the upper limit, with its rule and
sources; everyone else is refused with a reason. The figures are the source's, written by hand."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bonekb.engine.evaluate import Evaluator

IRON = Path(__file__).resolve().parents[2] / "examples" / "iron"

# The iron column of the source's table (rules/source.txt), by who the person is.
TABLE = {"1-3": 7, "4-8": 10, "9-13": 8, "boys": 11, "girls": 15, "men": 8, "women-19-50": 18, "women-51": 8,
         "pregnancy": 27, "lactation-teen": 10, "lactation": 9}


def expected(p: dict) -> int | None:
    """What the table gives this person, or None where the knowledge base refuses (written from the
    source and the README's scope, independently of the rules)."""
    age, sex = p.get("age"), p.get("sex")
    pregnant, feeding = p.get("pregnant") is True, p.get("breastfeeding") is True
    if age is None or age < 1 or p.get("conditions"):
        return None
    if (pregnant or feeding) and age < 14:
        return None
    if pregnant:
        return TABLE["pregnancy"]
    if feeding:
        return TABLE["lactation-teen"] if age < 19 else TABLE["lactation"]
    if age < 4:
        return TABLE["1-3"]
    if age < 9:
        return TABLE["4-8"]
    if age < 14:
        return TABLE["9-13"]
    if sex is None:
        return None
    if age < 19:
        return TABLE["boys"] if sex == "male" else TABLE["girls"]
    if sex == "male":
        return TABLE["men"]
    return TABLE["women-19-50"] if age < 51 else TABLE["women-51"]


@st.composite
def people(draw) -> dict:
    person: dict = {}
    if draw(st.booleans()):
        person["age"] = draw(st.integers(0, 130))
    sex = draw(st.sampled_from([None, "female", "male"]))
    if sex:
        person["sex"] = sex
    if sex != "male":
        for fact in ("pregnant", "breastfeeding"):
            value = draw(st.sampled_from([None, True, False]))
            if value is not None:
                person[fact] = value
    if draw(st.booleans()):
        person["vegetarian"] = draw(st.booleans())
    if draw(st.booleans()):
        person["diet_iron"] = draw(st.integers(0, 60))
    taking = draw(st.lists(st.sampled_from(["iron 18 mg", "65 mg of elemental iron", "鐵 27 毫克", "calcium 500 mg",
                                            "Fe 1,000 mg"]), max_size=2, unique=True))
    if taking:
        person["taking"] = taking
    medications = draw(st.lists(st.sampled_from(["Synthroid", "levodopa", "Tums", "omeprazole"]), max_size=2,
                                unique=True))
    if medications:
        person["medications"] = medications
    if draw(st.integers(0, 9)) == 0:
        person["conditions"] = [draw(st.sampled_from(["hemochromatosis", "thalassemia", "地中海型貧血"]))]
    return person


@pytest.fixture(scope="module")
def iron():
    with Evaluator.open(IRON) as ev:
        yield ev


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(person=people())
def test_every_person_gets_the_tables_figure_or_a_reason(iron, person):
    result = iron.evaluate(person).as_dict("en")
    want = expected(person)
    amounts = [(r["nutrient"], r["kind"], r["min"], r["max"]) for r in result["recommendations"]]
    if want is None:
        assert result["in_scope"] is False and amounts == [], (person, result)
        assert result["scope_notes"], person
        return
    assert result["in_scope"] is True, (person, result["scope_notes"])
    assert amounts == [("iron", "total_intake", want, want)], person
    limit = 40 if person["age"] < 14 else 45
    assert want <= limit
    assert all(r["rule"] and r["sources"] for r in result["recommendations"])
    taken = sum(int(t.split()[1].replace(",", "")) if t.split()[0] in ("iron", "Fe") else
                27 if t.startswith("鐵") else 65 if "elemental" in t else 0 for t in person.get("taking", []))
    total = taken + person.get("diet_iron", 0)
    above = [w["message"] for w in result["warnings"] if w["code"] == "above-upper-limit"]
    assert bool(above) == (total > limit), (person, result["warnings"])
    if above:  # food alone above the limit is told as such, and no supplement is advised
        assert ("in your food alone" in above[0]) == (taken == 0), above
