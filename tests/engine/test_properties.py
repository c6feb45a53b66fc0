"""Properties of every evaluation over generated profiles (issue 2): no crash, one outcome per
profile, everything traced to an existing rule and source, deterministic and round-trippable JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from bonekb.cli.main import cli
from bonekb.engine.errors import ProfileError
from bonekb.engine.knowledge import read_knowledge_base
from bonekb.engine.profile import normalise_profile

PROFILE_FIELDS = read_knowledge_base().vocabulary.profile.fields

NUTRIENTS = {"calcium": "mg", "d3": "IU", "k2": "ug", "k1": "ug"}
SEVERITIES = {"info", "caution", "avoid"}


def _check(kb, data: dict[str, Any], raw: dict[str, Any]) -> None:
    """Every property of one result's JSON."""
    rules, sources = kb.rule_by_id, {*kb.claims, *kb.references}
    fired = [f["rule"] for f in data["fired"]]
    assert all(rule in rules for rule in fired)
    assert len(fired) == len(set(fired)), "a rule fired twice"
    active = {f["rule"] for f in data["fired"] if "overridden_by" not in f}
    for f in data["fired"]:
        assert f["sources"] and set(f["sources"]) <= sources
        assert f.get("overridden_by") in (None, *active)

    keys = [(r["nutrient"], r["kind"]) for r in data["recommendations"]]
    assert len(keys) == len(set(keys)), "two amounts for one nutrient and kind"
    for rec in data["recommendations"]:
        assert rec["unit"] == NUTRIENTS[rec["nutrient"]]
        assert 0 <= rec["min"] <= rec["max"]
        assert rec["rule"] in active, rec
        assert rec["sources"] and set(rec["sources"]) <= sources, rec
    for warning in data["warnings"]:
        assert warning["severity"] in SEVERITIES and warning["message"]
        assert warning["rule"] in active, warning
        assert warning["sources"] and set(warning["sources"]) <= sources, warning
        assert set(warning["nutrients"]) <= set(NUTRIENTS)
    assert "rule-conflict" not in {w["code"] for w in data["warnings"]}, "two rules gave one amount"

    if not data["in_scope"]:
        assert data["recommendations"] == [] and data["scope_notes"]
    assert data["sun"] in ("low", "enough", None)
    assert set(data["groups"]) <= set(kb.derived_facts["group"]["values"])
    # What was not given is said to be unknown; what was given is not (sex is assumed from menopause, and said).
    known = {k for k, v in raw.items() if v is not None} | ({"sex"} if "menopause" in raw else set())
    assert set(data["profile"]["unknown"]) == set(PROFILE_FIELDS) - known
    if "menopause" in raw and "sex" not in raw:
        assert any(a.startswith("sex") for a in data["profile"]["assumed"])


def test_every_generated_profile(kb, evaluator, profiles):
    reached: set[str] = set()

    # derandomize: the reach asserted below must not depend on one run's luck (a random run once
    # reached only 64 of the 96 rules and failed CI-style runs); the properties still hold for every draw
    @settings(max_examples=200, deadline=None, database=None, derandomize=True)
    @given(raw=profiles)
    def check(raw: dict[str, Any]) -> None:
        result = evaluator.evaluate(raw)
        first = result.as_dict()
        _check(kb, first, raw)
        text = json.dumps(first, ensure_ascii=False, sort_keys=True)
        assert json.loads(text) == first                          # round-trips
        again = json.dumps(evaluator.evaluate(raw).as_dict(), ensure_ascii=False, sort_keys=True)
        assert again == text                                      # the same profile, the same JSON
        chinese = result.as_dict("zh-Hant")                       # the languages differ in words only

        def facts_only(data: dict[str, Any]) -> dict[str, Any]:
            profile = {k: v for k, v in data["profile"].items() if k != "assumed"}
            return {**{k: v for k, v in data.items() if k not in ("scope_notes", "warnings")}, "profile": profile}

        assert facts_only(chinese) == facts_only(first)
        assert len(chinese["profile"]["assumed"]) == len(first["profile"]["assumed"])
        assert [(w["code"], w["rule"]) for w in chinese["warnings"]] == [
            (w["code"], w["rule"]) for w in first["warnings"]]
        assert len(chinese["scope_notes"]) == len(first["scope_notes"])
        reached.update(f["rule"] for f in first["fired"])

    check()
    # the generated people reach most rules, so the properties are not checked on trivial profiles only
    assert len(reached) >= 0.7 * len(kb.rules), sorted(set(kb.rule_by_id) - reached)


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_generated_profiles_through_the_command_line(kb, profiles, data):
    raw = data.draw(profiles, label="profile")
    result = CliRunner().invoke(cli, ["recommend", "-", "--format", "json"], input=json.dumps(raw, ensure_ascii=False),
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    _check(kb, json.loads(result.stdout), raw)


# --- invalid input: always a ProfileError naming the field, never anything else -------------------

INVALID = st.one_of(
    st.tuples(st.just("age"), st.one_of(st.floats(max_value=-0.001), st.floats(min_value=130.001),
                                        st.sampled_from(["abc", "", True, [], {}, "nan", "inf"]))),
    st.tuples(st.just("sex"), st.sampled_from(["x", "f", "", 1, True, ["female"]])),
    st.tuples(st.just("menopause"), st.sampled_from(["after", "yes", 3])),
    st.tuples(st.just("sun"), st.sampled_from(["lots", "none", True])),
    st.tuples(st.just("pregnant"), st.sampled_from(["maybe", 2, [True]])),
    st.tuples(st.just("diet_calcium"), st.one_of(st.floats(max_value=-1), st.floats(min_value=10001),
                                                 st.just("plenty"))),
    st.tuples(st.just("taking"), st.sampled_from(["K2 5 kg", "calcium", "unobtainium 5 mg", "D3 -5 IU", 5,
                                                  [{"nutrient": "k2", "amount": 5}], ["calcium basalt 500 mg"],
                                                  [{"nutrient": "d3", "amount": "lots", "unit": "IU"}]])),
    st.tuples(st.just("medications"), st.sampled_from([5, [""], [3]])),
    st.tuples(st.text(min_size=1).filter(lambda k: k not in PROFILE_FIELDS), st.integers()),
)


def test_an_invalid_field_is_a_profile_error_naming_it(kb, profiles):
    @settings(max_examples=150, deadline=None)
    @given(bad=INVALID, valid=profiles)
    def check(bad: tuple[str, Any], valid: dict[str, Any]) -> None:
        field, value = bad
        raw = {**{k: v for k, v in valid.items() if k != field}, field: value}
        with pytest.raises(ProfileError) as caught:
            normalise_profile(raw, kb.vocabulary)
        assert caught.value.field == field
        assert "\n" not in str(caught.value)

    check()
