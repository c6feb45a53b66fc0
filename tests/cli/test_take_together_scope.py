"""The article's advice to take calcium with D3 and K2 (advice.dose2, and the calcium-alone warnings
that urge the same) is said only when a calcium supplement is advised once the amounts are resolved:
not beside "you need no calcium supplement" and an upper-limit avoid, and not to a child under 4
(out of the article's scope), who was told calcium "needs D3 ... and, the article says, K2"."""

from __future__ import annotations

import pytest

FOOD_COVERS = ("--age", "60", "--sex", "female", "--postmenopausal", "--diet-calcium", "1500",
               "--taking", "calcium carbonate 2000 mg", "--taking", "vitamin D2 50000 IU", "--taking", "D3 1000 IU")
TODDLER = ("--age", "2", "--taking", "calcium 3000 mg")
PREGNANT = ("--age", "30", "--sex", "female", "--pregnant", "--taking", "calcium 600 mg")
ADVICE = ("Take calcium with D3 and K2", "take calcium together with vitamin D3 and vitamin K2",
          "K2 to reach bone", "鈣與D3和K2一起服用", "也需要K2")


@pytest.mark.parametrize("person", [FOOD_COVERS, TODDLER, PREGNANT], ids=["food-covers", "toddler", "pregnant"])
@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
@pytest.mark.parametrize("command", ["recommend", "explain"])
def test_no_advice_to_take_calcium_with_d3_and_k2_when_none_is_advised(run_cli, person, lang, command):
    out = run_cli(command, *person, "--lang", lang).stdout
    assert not [words for words in ADVICE if words in out], out


@pytest.mark.parametrize("person", [FOOD_COVERS, TODDLER, PREGNANT], ids=["food-covers", "toddler", "pregnant"])
def test_the_json_has_no_take_together_or_calcium_alone_warning(run_cli, person):
    data = run_cli.json("recommend", *person)
    codes = {w["code"] for w in data["warnings"]}
    assert not codes & {"take-together", "calcium-alone"}, codes
    calcium = [r for r in data["recommendations"] if r["nutrient"] == "calcium" and r["kind"] == "supplement"]
    assert not calcium or calcium[0]["max"] == 0, calcium


def test_the_upper_limit_and_food_covers_are_still_said(run_cli):
    codes = {w["code"] for w in run_cli.json("recommend", *FOOD_COVERS)["warnings"]}
    assert {"above-upper-limit", "calcium-food-covers"} <= codes, codes
    assert "above-upper-limit" in {w["code"] for w in run_cli.json("recommend", *TODDLER)["warnings"]}


def test_a_calcium_supplement_advised_keeps_the_advice(run_cli):
    """The same woman without food calcium is advised a supplement: the article's advice stands."""
    data = run_cli.json("recommend", "--age", "60", "--sex", "female", "--postmenopausal",
                        "--taking", "calcium carbonate 1000 mg")
    codes = {w["code"] for w in data["warnings"]}
    assert {"take-together", "calcium-alone"} <= codes, codes
