"""What bonekb says it read of a supplement taken as salts: the salt it used, and whether the amount
was read as the salt's weight or as the elemental amount (rules/vocabulary.yaml nutrients.*.salts).
Before: `{nutrient: calcium, amount: 1250, unit: mg, form: carbonate}` echoed 'calcium 1250 mg', and
no echo said a salt's amount was read as its weight."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st


def _person_line(run_cli, *args: str) -> str:
    result = run_cli("recommend", *args)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()[1]


def test_a_mapping_with_a_form_echoes_its_salt(run_cli, tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text("taking:\n  - {nutrient: calcium, amount: 1250, unit: mg, form: carbonate}\n")
    line = _person_line(run_cli, str(profile))
    assert "carbonate" in line and "1250 mg of the salt is 500 mg of elemental calcium" in line, line


@pytest.mark.parametrize("written", ["calcium 1250 mg carbonate", "calcium carbonate 1250 mg",
                                     "1,250 mg calcium carbonate", "碳酸鈣1250毫克"])
def test_a_salt_named_anywhere_is_echoed_as_read(run_cli, tmp_path, written):
    profile = tmp_path / "p.yaml"
    profile.write_text(json.dumps({"taking": [written]}, ensure_ascii=False))
    line = _person_line(run_cli, str(profile))
    assert "read as calcium carbonate: 1250 mg of the salt is 500 mg of elemental calcium" in line, line


def test_an_elemental_amount_is_echoed_as_elemental(run_cli):
    line = _person_line(run_cli, "--taking", "calcium 500 mg", "--taking", "elemental calcium 300 mg")
    assert "calcium 500 mg (read as 500 mg elemental calcium)" in line
    assert "elemental calcium 300 mg (read as 300 mg elemental calcium)" in line


def test_the_echo_is_in_the_language_asked(run_cli):
    line = _person_line(run_cli, "--taking", "calcium carbonate 1250 mg", "--lang", "zh-Hant")
    assert "（讀作碳酸鈣：鹽重 1250 毫克，即元素鈣 500 毫克）" in line, line


def test_the_json_says_how_it_was_read(run_cli):
    data = run_cli.json("recommend", "--taking", "calcium citrate 1000 mg", "--taking", "D3 1000 IU")
    taking = data["profile"]["taking"]
    assert taking[0] == {"nutrient": "calcium", "amount": 210, "unit": "mg", "form": "citrate",
                              "given": "calcium citrate 1000 mg", "read_as": "salt", "salt_weight": 1000}
    assert (taking[1]["read_as"], taking[1]["salt_weight"]) == (None, None)


SALTS = {"carbonate": (0.40, ["carbonate", "calcium carbonate", "碳酸鈣"]),
         "citrate": (0.21, ["citrate", "calcium citrate", "檸檬酸鈣"]),
         "lactate": (0.13, ["lactate", "Calcium Lactate"]),
         "gluconate": (0.09, ["gluconate", "calcium gluconate"])}
SALT_WORDS = {"carbonate": "calcium carbonate", "citrate": "calcium citrate", "lactate": "calcium lactate",
              "gluconate": "calcium gluconate"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(sorted(SALTS)), st.integers(min_value=100, max_value=4000), st.data())
def test_every_salt_is_echoed_with_its_weight_and_elemental_amount(run_cli, salt, weight, data):
    fraction, names = SALTS[salt]
    name = data.draw(st.sampled_from(names))
    number = data.draw(st.sampled_from([f"{weight}", f"{weight:,}"]))
    unit = data.draw(st.sampled_from(["mg", "MG", "milligrams"]))
    last = f"calcium {number} {unit} {name}" if " " not in name else f"{name} {number}{unit}"
    written = data.draw(st.sampled_from([f"{name} {number} {unit}", f"{number} {unit} {name}", last]))
    line = _person_line(run_cli, "--taking", written)
    elemental = round(weight * fraction, 3)
    shown = f"{elemental:g}" if elemental != int(elemental) else f"{int(elemental)}"
    assert f"(read as {SALT_WORDS[salt]}: {weight} mg of the salt is {shown} mg of elemental calcium)" in line, line
