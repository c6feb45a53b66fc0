"""One profile text is read alike wherever it is given: a list given as one text of items separated by
';' is split in a YAML or JSON profile, JSON Lines and an option as in a CSV cell; JSON on standard
input is read as the same JSON in a .json file; JSON's NaN and Infinity are refused as YAML's .nan
and .inf are."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

TWO = "calcium carbonate 1250 mg; D3 1000 IU"


def _taking(data) -> list[tuple[str, float]]:
    return [(item["nutrient"], item["amount"]) for item in data["profile"]["taking"]]


def test_a_yaml_profiles_taking_text_is_split_at_semicolons(run_cli, tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text(f'age: 70\nsex: female\ntaking: "{TWO}"\n', encoding="utf-8")
    assert _taking(run_cli.json("recommend", str(profile))) == [("calcium", 500), ("d3", 1000)]


def test_an_options_taking_text_is_split_at_semicolons(run_cli):
    assert _taking(run_cli.json("recommend", "--age", "70", "--taking", TWO)) == [("calcium", 500), ("d3", 1000)]


def test_a_json_lines_taking_text_is_split_as_a_csv_cell_is(run_cli, tmp_path):
    jsonl, csv = tmp_path / "p.jsonl", tmp_path / "p.csv"
    jsonl.write_text(json.dumps({"age": 70, "sex": "female", "taking": TWO}) + "\n", encoding="utf-8")
    csv.write_text(f'age,sex,taking\n70,female,"{TWO}"\n', encoding="utf-8")
    outputs = []
    for source in (jsonl, csv):
        output = tmp_path / f"{source.suffix[1:]}.out.jsonl"
        result = run_cli("batch", str(source), "-o", str(output))
        assert result.exit_code == 0, result.stderr
        outputs.append(_taking(json.loads(output.read_text(encoding="utf-8"))))
    assert outputs[0] == outputs[1] == [("calcium", 500), ("d3", 1000)]


def test_json_on_standard_input_is_read_as_in_a_json_file(run_cli, tmp_path):
    text = '{"age": 7e1, "diet_calcium": 1e3}'
    (tmp_path / "p.json").write_text(text, encoding="utf-8")
    from_file = run_cli.json("recommend", str(tmp_path / "p.json"))["profile"]
    from_stdin = run_cli.json("recommend", "-", input=text)["profile"]
    assert from_stdin["age"] == from_file["age"] == 70
    assert from_stdin["diet_calcium"] == 1000


def test_json_on_the_installed_commands_standard_input():
    done = subprocess.run([sys.executable, "-m", "bonekb", "recommend", "-", "--format", "json"],
                          input='{"age": 7e1}', capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["profile"]["age"] == 70


def test_a_yaml_flow_mapping_on_standard_input_is_still_yaml(run_cli):
    assert run_cli.json("recommend", "-", input="{age: 70, sex: female}")["profile"]["age"] == 70


@pytest.mark.parametrize(("json_text", "yaml_text"), [("NaN", ".nan"), ("Infinity", ".inf"),
                                                      ("-Infinity", "-.inf")])
def test_json_nan_and_infinity_are_refused_as_yamls(run_cli, tmp_path, one_line_refusal, json_text, yaml_text):
    (tmp_path / "p.json").write_text(f'{{"age": {json_text}}}', encoding="utf-8")
    (tmp_path / "p.yaml").write_text(f"age: {yaml_text}\n", encoding="utf-8")
    from_json = one_line_refusal(run_cli("recommend", str(tmp_path / "p.json")), "is not a number")
    from_yaml = one_line_refusal(run_cli("recommend", str(tmp_path / "p.yaml")), "is not a number")
    assert from_json.replace(json_text, "X") == from_yaml.replace(yaml_text, "X")
