"""The profile's JSON Schema is generated from the knowledge base's declarations: what it accepts the
profile reader accepts, what it refuses the reader refuses, and the published file is the generated one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from bonekb.engine.errors import ProfileError
from bonekb.engine.knowledge import read_knowledge_base
from bonekb.engine.profile import normalise_profile
from bonekb.engine.profileschema import profile_schema

ROOT = Path(__file__).resolve().parents[2]
VOCAB = read_knowledge_base().vocabulary
SCHEMA = profile_schema(VOCAB)
VALIDATOR = Draft202012Validator(SCHEMA)


def test_the_published_schema_is_the_one_the_declarations_make(run_cli):
    """engine/schemas/profile.schema.json is regenerated on purpose: `bonekb schema profile > it`."""
    published = json.loads((ROOT / "engine" / "schemas" / "profile.schema.json").read_text(encoding="utf-8"))
    assert published == SCHEMA
    assert run_cli.json("schema", "profile") == SCHEMA
    Draft202012Validator.check_schema(SCHEMA)


def test_the_schema_speaks_of_the_declared_facts():
    props = SCHEMA["properties"]
    assert list(props) == list(VOCAB.profile.declared)
    assert (props["age"]["minimum"], props["age"]["maximum"]) == (0, 130)
    assert props["sex"]["enum"] == ["female", "male"]
    assert props["menopause"]["enum"] == ["pre", "peri", "post"]
    mapping = props["taking"]["anyOf"][1]["anyOf"][1]
    assert mapping["properties"]["nutrient"]["enum"] == list(VOCAB.nutrients)
    assert SCHEMA["additionalProperties"] is False


ANYTHING = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=6),
                     st.sampled_from(["Female", " post ", "yes", "1,200", "70"]))


def _values(spec: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values for a declared field, mostly of its type: in and out of its range, its values and others."""
    kind = spec["type"]
    if kind == "number":
        own = st.one_of(st.integers(spec["min"] - 2, spec["max"] + 2),
                        st.floats(spec["min"] - 1, spec["max"] + 1, allow_nan=False))
    elif kind == "enum":
        own = st.sampled_from(list(spec["values"]))
    elif kind == "bool":
        own = st.one_of(st.booleans(), st.sampled_from(["yes", "no", "true", "false", "on", "0"]))
    elif kind == "supplements":
        units = sorted({u for n in VOCAB.nutrients for u in VOCAB.unit_factors[n]})
        forms = sorted({*VOCAB.salt_fractions, *(f for n in VOCAB.forms.values() for f in n.values()), "basalt"})
        mapping = st.fixed_dictionaries(
            {"nutrient": st.sampled_from([*VOCAB.nutrients, "vitamin Q"]),
             "amount": st.one_of(st.integers(-1, 2000), st.floats(0, 5000, allow_nan=False)),
             "unit": st.sampled_from([*units, "kg"])},
            optional={"form": st.sampled_from(forms)})
        own = st.one_of(mapping, st.lists(mapping, max_size=3))
    else:
        names = sorted(VOCAB.name_tables.get(spec["vocabulary"], {}))
        own = st.lists(st.one_of(st.sampled_from(names or ["x"]), st.text(max_size=8)), max_size=3)
    return own


@st.composite
def _profiles(draw: st.DrawFn) -> dict[str, Any]:
    """A profile of the declared fields' own values, and sometimes one field given anything at all."""
    profile = draw(st.fixed_dictionaries({}, optional={n: _values(s) for n, s in VOCAB.profile.declared.items()}))
    if draw(st.booleans()):
        profile[draw(st.sampled_from(list(VOCAB.profile.declared)))] = draw(ANYTHING)
    return profile


PROFILES = _profiles()


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(PROFILES)
def test_every_profile_the_schema_accepts_the_reader_accepts(profile):
    """Soundness over generated profiles, right and wrong: the schema never accepts what bonekb refuses.
    A dose written as text is read by the dose reader, whose grammar a schema cannot state: there
    the reader may refuse, naming the supplements field."""
    if not VALIDATOR.is_valid(profile):
        return
    try:
        normalise_profile(profile, VOCAB)
    except ProfileError as err:
        assert _has_text_dose(profile) and err.field in VOCAB.profile.supplements_fields, (profile, str(err))


def _has_text_dose(profile: dict[str, Any]) -> bool:
    items = [v for name in VOCAB.profile.supplements_fields
             for v in (profile.get(name) if isinstance(profile.get(name), list) else [profile.get(name)])]
    return any(isinstance(item, str) for item in items)


def test_the_generated_profiles_are_often_valid():
    """The property above is not vacuous: many generated profiles pass the schema (and so are read)."""
    valid = 0

    @settings(max_examples=200, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(PROFILES)
    def count(profile: dict[str, Any]) -> None:
        nonlocal valid
        valid += VALIDATOR.is_valid(profile) and len(profile) >= 2

    count()
    assert valid >= 10


@pytest.mark.parametrize("profile", [
    {"age": -3}, {"age": 131}, {"age": "70"}, {"sex": "x"}, {"menopause": "after"}, {"pregnant": "maybe"},
    {"vegan": True}, {"sex": "male", "menopause": "post"}, {"sex": "male", "pregnant": True},
    {"taking": [{"nutrient": "k2", "amount": 5, "unit": "IU"}]},
    {"taking": [{"nutrient": "calcium", "amount": 500, "unit": "mg", "form": "phosphate"}]},
    {"taking": [{"nutrient": "d3", "amount": -1, "unit": "IU"}]},
    {"medications": ["warfarin", ""]}, {"medications": ["x"] * 101},
])
def test_what_the_reader_refuses_the_schema_refuses(profile):
    assert not VALIDATOR.is_valid(profile), profile
    if profile != {"age": "70"}:  # the reader also reads a number given as text; the schema asks for a number
        with pytest.raises(ProfileError):
            normalise_profile(profile, VOCAB)


def test_a_profile_file_written_to_the_schema_is_read(run_cli, tmp_path):
    profile = {"age": 70, "sex": "female", "menopause": "post", "sun": "low", "diet_calcium": 700,
               "taking": ["calcium carbonate 1250 mg", {"nutrient": "d3", "amount": 25, "unit": "ug"}],
               "medications": ["Synthroid"], "conditions": ["kidney stones"]}
    assert VALIDATOR.is_valid(profile)
    path = tmp_path / "me.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    assert run_cli.json("recommend", str(path))["profile"]["age"] == 70
