"""No vitamin K1 or K2 amount is ever shown to a person whose medication may be warfarin or another
vitamin K antagonist: a misspelt name ('Warfarine', 'warfrin', 'coumadine', 'warf'), a name with an
invisible character in it ('warfarin' + U+200B), another VKA's name (fluindione, Previscan, VKA), or
a blood thinner not named ('blood thinner', '抗凝血劑'). Each is withheld as for warfarin, and the
output says why. The classes are found by behaviour (a class whose first name withholds K1 and K2),
not listed here, so a class the vocabulary adds is covered too."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bonekb.engine.evaluate import Evaluator
from bonekb.engine.knowledge import shipped_root

K = {"k1", "k2"}
VOCABULARY = yaml.safe_load((shipped_root() / "rules" / "vocabulary.yaml").read_text(encoding="utf-8"))
MEDICATIONS: dict[str, list[str]] = {c: [str(n) for n in names] for c, names in VOCABULARY["medications"].items()}
# Invisible format characters (Unicode category Cf) people paste with a name.
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u202c"]
ACCENTED = {"a": "á", "e": "é", "i": "í", "o": "ö", "u": "ü", "n": "ñ", "c": "ç"}
PERSON = {"age": 70, "sex": "female"}


def _k_amounts(result) -> set[str]:
    return {r.nutrient for r in result.recommendations if r.nutrient in K}


@pytest.fixture(scope="module")
def withholding_names(evaluator: Evaluator) -> list[str]:
    """Every name of every medication class whose rules withhold vitamin K amounts when it is named."""
    classes = [c for c, names in MEDICATIONS.items()
               if names and not _k_amounts(evaluator.evaluate({**PERSON, "medications": [names[0]]}))]
    assert {"vitamin_k_antagonist", "anticoagulant_unspecified"} <= set(classes), classes
    return [name for c in classes for name in MEDICATIONS[c]]


def test_naming_no_medication_gives_the_k_amounts(evaluator: Evaluator):
    """The check below can fail: the same person with no medication is given K1 and K2."""
    assert _k_amounts(evaluator.evaluate(PERSON)) == K
    assert _k_amounts(evaluator.evaluate({**PERSON, "medications": ["Zorblax"]})) == K


@st.composite
def near_misses(draw, names: list[str]) -> str:
    """A listed name as people mistype it: one letter dropped, doubled, changed to an accented one, or
    two swapped; an invisible character inserted; any case."""
    name = draw(st.sampled_from(names))
    chars = list(name)
    edit = draw(st.sampled_from(["drop", "double", "swap", "accent", "none"]))
    at = draw(st.integers(min_value=0, max_value=len(chars) - 1))
    if edit == "drop" and len(chars) > 2:
        del chars[at]
    elif edit == "double":
        chars.insert(at, chars[at])
    elif edit == "swap" and at + 1 < len(chars):
        chars[at], chars[at + 1] = chars[at + 1], chars[at]
    elif edit == "accent":
        spots = [i for i, c in enumerate(chars) if c.casefold() in ACCENTED]
        if spots:
            i = draw(st.sampled_from(spots))
            chars[i] = ACCENTED[chars[i].casefold()]
    if draw(st.booleans()):
        chars.insert(draw(st.integers(min_value=0, max_value=len(chars))), draw(st.sampled_from(INVISIBLE)))
    text = "".join(chars)
    return draw(st.sampled_from([text, text.upper(), text.lower(), text.title()]))


@settings(max_examples=600, deadline=None)
@given(data=st.data())
def test_no_k_amount_for_any_near_miss_of_a_withholding_medication(evaluator: Evaluator, withholding_names, data):
    written = data.draw(near_misses(withholding_names))
    result = evaluator.evaluate({**PERSON, "medications": [written]})
    assert not _k_amounts(result), (written, result.profile)
    withholding = [w for w in result.warnings if w.withhold and set(w.nutrients) >= K]
    assert withholding and all(w.severity == "avoid" for w in withholding), (written, result.warnings)
    assert "take-together" not in {w.code for w in result.warnings}, written


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_an_invisible_character_never_changes_what_a_name_is(evaluator: Evaluator, data):
    """Every listed name, with a Cf character anywhere in it, is read as the name itself."""
    name = data.draw(st.sampled_from([n for names in MEDICATIONS.values() for n in names]))
    at = data.draw(st.integers(min_value=0, max_value=len(name)))
    written = name[:at] + data.draw(st.sampled_from(INVISIBLE)) + name[at:]
    clean = evaluator.evaluate({"age": 40, "medications": [name]}).profile
    dirty = evaluator.evaluate({"age": 40, "medications": [written]}).profile
    assert dirty["medications"] == clean["medications"] and not dirty.get("unrecognised"), (written, dirty)


TESTER = ["Warfarine", "warfrin", "coumadine", "warf", "VKA", "fluindione", "Previscan", "dicoumarol",
          "warfarin\u200b", "Wafarin", "blood thinner", "anticoagulant", "抗凝血劑", "抗凝血药", "血液稀釋劑",
          "血液稀释剂", "Warfarin", "Marevan", "Sintrom"]


@pytest.mark.parametrize("name", TESTER)
def test_recommend_withholds_k_as_for_warfarin(run_cli, name):
    data = run_cli.json("recommend", "--age", "70", "--sex", "female", "--medication", name)
    assert not {r["nutrient"] for r in data["recommendations"]} & K, data["recommendations"]
    avoid = [w for w in data["warnings"] if w["severity"] == "avoid" and set(w["nutrients"]) >= K]
    assert avoid, data["warnings"]
    assert "take-together" not in {w["code"] for w in data["warnings"]}


@pytest.mark.parametrize(("name", "why"), [
    ("Warfarine", "close to the name of warfarin or another vitamin K antagonist"),
    ("warfarin\u200b", "You take warfarin or another vitamin K antagonist"),
    ("blood thinner", "It may be warfarin (Coumadin) or another vitamin K antagonist"),
])
@pytest.mark.parametrize("command", ["recommend", "explain"])
def test_the_text_says_why_and_shows_no_k_amount(run_cli, command, name, why):
    out = run_cli(command, "--age", "70", "--sex", "female", "--medication", name).stdout
    assert why in out, out
    assert "doctor or pharmacist" in out or "prescriber" in out, out
    # The handout's amounts end where its table row and the article's quotes begin (the article's own
    # figures are quoted there, as they are for a person who names warfarin).
    amounts = out.split("Your row of the table")[0]
    assert "Your daily amounts" in out or command == "recommend", out
    assert "150–200 µg" not in amounts and "120–200 µg" not in amounts, amounts
    assert "not for you" not in out, out
    assert "Take calcium with D3 and K2" not in out
    assert "take calcium together with vitamin D3 and vitamin K2" not in out


def test_explain_markdown_for_a_misspelt_warfarin_lists_no_k_amount(run_cli):
    out = run_cli("explain", "--age", "50", "--sex", "male", "--medication", "Wafarin", "--format", "markdown").stdout
    amounts = out.split("## Your row of the table")[0]
    assert "## Your daily amounts" in amounts and "possibly one of them" in amounts, out
    table = amounts.split("## Your daily amounts")[1]
    assert "Vitamin D3" in table and "K2" not in table and "K1" not in table, table


@pytest.mark.parametrize("lang", ["zh-Hant", "zh-Hans"])
def test_the_reason_in_chinese(run_cli, lang):
    out = run_cli("recommend", "--age", "70", "--sex", "female", "--medication", "Warfarine", "--lang", lang).stdout
    assert ("視為可能是此類藥物" if lang == "zh-Hant" else "视为可能是此类药物") in out, out
    assert "possible_vitamin_k_antagonist" not in out


@pytest.mark.parametrize("question", [
    "can I take k2 with warfrin?", "can I take k2 with warfarin\u200b?", "how much K2 should I take? I take Warfarine",
    "can I take K2 with my blood thinner?", "我在吃抗凝血藥，K2要吃多少？",
])
def test_ask_withholds_k_too(run_cli, question):
    result = run_cli("ask", question, "--age", "70", "--sex", "female", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)["result"]
    assert not {r["nutrient"] for r in data["recommendations"]} & K, data["recommendations"]
    assert [w for w in data["warnings"] if w["severity"] == "avoid" and set(w["nutrients"]) >= K], data["warnings"]


@pytest.mark.parametrize("name", ["Synthroyd", "Zorblax", "digoxine"])
def test_a_name_far_from_every_vitamin_k_antagonist_is_not_read_as_possibly_one(evaluator: Evaluator, name):
    """The safe side is kept to the classes whose rules withhold: a misspelt levothyroxine keeps the amounts."""
    result = evaluator.evaluate({**PERSON, "medications": [name]})
    assert result.profile.get("medications", []) == [] and _k_amounts(result) == K, result.profile


@pytest.mark.parametrize("name", ["direct oral anticoagulant", "DOAC", "Eliquis", "apixaban 5 mg", "利伐沙班"])
def test_a_medicine_known_as_outside_the_sources_is_not_read_as_possibly_warfarin(run_cli, name):
    """'direct oral anticoagulant' is one word from 'oral anticoagulant' (a blood thinner not named), but the
    vocabulary knows it (not_covered): its caution says the sources do not cover it, not 'possibly warfarin'."""
    result = run_cli("recommend", "--age", "70", "--sex", "female", "--medication", name, "--format", "json")
    data = json.loads(result.stdout)
    assert "possible_vitamin_k_antagonist" not in data["profile"]["medications"], data["profile"]
    assert any("do not cover" in w["message"] for w in data["warnings"]), data["warnings"]


@pytest.mark.parametrize("entry", ["warfarin metformin", "metformin warfarin", "I think Coumadin", "taking warfarin",
                                   "warfarin or something", "Coumadin Lipitor", "Eliquis or warfarin",
                                   "華法林 阿司匹林", "阿司匹林 华法林", "不確定 華法林", "warfarin\nmetformin",
                                   "warfarin\u3000metformin", "stopped warfarin"])
def test_a_withholding_name_inside_a_longer_entry_withholds_k(run_cli, entry):
    """A second tester: an entry holding warfarin's name with other words was only 'not recognised' and the
    K1/K2 amounts were shown; it is read as possibly a vitamin K antagonist (the safe side)."""
    data = run_cli.json("recommend", "--age", "60", "--sex", "female", "--medication", entry)
    assert not {r["nutrient"] for r in data["recommendations"]} & K, (entry, data["profile"]["medications"])


@pytest.mark.parametrize("name", ["nicoumalone", "Aldocumar", "Simarc", "Lawarin", "苄丙酮香豆素", "醋硝香豆素",
                                  "稀血藥"])
def test_more_vitamin_k_antagonist_names_are_known(run_cli, name):
    data = run_cli.json("recommend", "--age", "60", "--sex", "female", "--medication", name)
    assert data["profile"]["medications"] and not {r["nutrient"] for r in data["recommendations"]} & K
