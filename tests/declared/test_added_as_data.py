"""A nutrient (magnesium) and a profile fact (vegan) added to a copy of the shipped knowledge base
as data only work through every command a person uses: recommend, --help, batch, test, audit."""

from __future__ import annotations

import json
import re

from .conftest import OVERLAY


def test_the_overlay_is_data_only():
    """The point of the fixture: nothing in it is Python."""
    files = [p for p in OVERLAY.rglob("*") if p.is_file()]
    assert files and not [p for p in files if p.suffix in (".py", ".pyc")]


def test_recommend_with_the_declared_fact_gives_the_declared_nutrient(run_cli, magnesium_kb):
    for args in (("--kb", str(magnesium_kb), "recommend"), ("recommend", "--kb", str(magnesium_kb))):
        data = run_cli.json(*args, "--age", "40", "--vegan", "--taking", "magnesium 150 mg")
        (rec,) = [r for r in data["recommendations"] if r["nutrient"] == "magnesium"]
        assert (rec["min"], rec["max"], rec["unit"], rec["rule"]) == (100, 200, "mg", "fixture.magnesium-vegan")
        assert rec["current"] == {"amount": 150, "unit": "mg", "status": "within"}
        assert data["profile"]["vegan"] is True
    data = run_cli.json("--kb", str(magnesium_kb), "recommend", "--age", "40", "--not-vegan")
    (rec,) = [r for r in data["recommendations"] if r["nutrient"] == "magnesium"]
    assert (rec["min"], rec["max"], rec["rule"]) == (0, 100, "fixture.magnesium")


def test_the_declared_nutrient_is_named_in_the_readers_words(run_cli, magnesium_kb):
    text = run_cli("--kb", str(magnesium_kb), "recommend", "--age", "40", "--vegan", "--lang", "zh-Hant").stdout
    assert re.search(r"^鎂\s+補充劑\s+100–200 毫克", text, re.MULTILINE), text


def test_help_lists_the_knowledge_bases_facts(run_cli, magnesium_kb):
    for command in ("recommend", "why", "ask", "explain"):
        assert "--vegan / --not-vegan" in run_cli("--kb", str(magnesium_kb), command, "--help").stdout
        assert "--vegan" not in run_cli(command, "--help").stdout  # the shipped knowledge base has no such fact


def test_a_fact_the_knowledge_base_does_not_declare_is_bad_input(run_cli):
    result = run_cli("recommend", "--vegan")
    assert result.exit_code == 2 and "No such option" in result.stderr


def test_the_declared_fact_is_checked_as_declared(run_cli, magnesium_kb):
    result = run_cli("--kb", str(magnesium_kb), "recommend", "-", input="vegan: maybe\n")
    assert result.exit_code == 2
    assert result.stderr.strip() == "bonekb: profile: vegan: 'maybe' is not accepted; accepted: true or false"


def test_batch_reads_the_declared_column(run_cli, magnesium_kb, tmp_path):
    source = tmp_path / "people.csv"
    source.write_text("age,vegan,taking\n40,yes,magnesium 250 mg\n40,no,\n", encoding="utf-8")
    output = tmp_path / "out.jsonl"
    result = run_cli("batch", str(source), "-o", str(output), "--kb", str(magnesium_kb))
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    amounts = [[(r["min"], r["max"], (r.get("current") or {}).get("status"))
                for r in row["recommendations"] if r["nutrient"] == "magnesium"] for row in rows]
    assert amounts == [[(100, 200, "above")], [(0, 100, None)]]


def test_the_shipped_batch_refuses_the_column_it_does_not_declare(run_cli, tmp_path):
    source = tmp_path / "people.csv"
    source.write_text("age,vegan\n40,yes\n", encoding="utf-8")
    result = run_cli("batch", str(source), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 2 and "column 'vegan' is not a profile field" in result.stderr


def test_the_fixture_passes_its_scenarios_and_the_audit(run_cli, magnesium_kb):
    tested = run_cli("--kb", str(magnesium_kb), "test")
    assert tested.exit_code == 0, tested.output
    assert "0 failed" in tested.stdout and "fixture.magnesium" not in tested.stdout  # both rules reached
    audited = run_cli("--kb", str(magnesium_kb), "audit")
    shipped = run_cli("audit")
    assert audited.exit_code == 0, audited.output
    codes = sorted(re.findall(r" (\w\d{3}) \[", audited.stdout))
    assert codes == sorted(re.findall(r" (\w\d{3}) \[", shipped.stdout))  # the same warnings, no error
    assert audited.stdout.splitlines()[-1].startswith("0 errors")


def test_the_audit_names_a_gap_in_the_declared_nutrient(run_cli, magnesium_kb, tmp_path):
    """The audit's space analysis reasons over the declared fact: without the not-vegan rule, the
    people who are not vegan (or do not say) get no magnesium amount, and the audit says so."""
    import shutil

    copy = tmp_path / "kb"
    shutil.copytree(magnesium_kb, copy)
    rules = copy / "rules" / "magnesium.yaml"
    text = rules.read_text(encoding="utf-8")
    rules.write_text(text.replace("{any: [{fact: vegan, equals: false}, {fact: vegan, present: false}]}",
                                  "{fact: vegan, equals: false}"), encoding="utf-8")
    audited = run_cli("--kb", str(copy), "audit")
    assert audited.exit_code == 1
    assert re.search(r"L001 \[error\] .*vegan not given: no magnesium amount", audited.stdout), audited.stdout


def test_the_profile_schema_has_the_declared_fact_and_nutrient(run_cli, magnesium_kb, tmp_path):
    """The profile's JSON Schema is generated from the declarations: the vegan fact and magnesium are in
    this knowledge base's schema, not in the shipped one's, and a profile valid under it is read."""
    from jsonschema import Draft202012Validator

    schema = run_cli.json("--kb", str(magnesium_kb), "schema", "profile")
    shipped = run_cli.json("schema", "profile")
    assert schema["properties"]["vegan"]["anyOf"][0] == {"type": "boolean"}
    assert "vegan" not in shipped["properties"]
    assert schema["$id"] != shipped["$id"]
    mapping = schema["properties"]["taking"]["anyOf"][1]["anyOf"][1]
    assert "magnesium" in mapping["properties"]["nutrient"]["enum"]
    profile = {"age": 40, "vegan": True, "taking": [{"nutrient": "magnesium", "amount": 150, "unit": "mg"}]}
    assert Draft202012Validator(schema).is_valid(profile)
    assert not Draft202012Validator(shipped).is_valid(profile)
    assert not Draft202012Validator(schema).is_valid({**profile, "vegan": "maybe"})
    path = tmp_path / "me.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    data = run_cli.json("--kb", str(magnesium_kb), "recommend", str(path))
    assert data["profile"]["vegan"] is True


def test_salts_are_declared_by_one_nutrient_and_under_it(run_cli, magnesium_kb, tmp_path):
    """A second nutrient declaring salts, or salts declared at the top of the vocabulary (where they once
    stood), is refused in one line naming the file, never read as a knowledge base without salts."""
    import shutil

    import yaml

    for change, problem in (
            (lambda v: v["nutrients"]["magnesium"].update(salts={"citrate": {"fraction": 0.16, "names": []}}),
             "only one nutrient may declare salts (calcium does)"),
            (lambda v: v.update(mineral_salts=v["nutrients"]["calcium"].pop("salts")),
             "'mineral_salts': salts are declared by the nutrient taken as them")):
        copy = tmp_path / f"kb{len(list(tmp_path.iterdir()))}"
        shutil.copytree(magnesium_kb, copy)
        path = copy / "rules" / "vocabulary.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        result = run_cli("--kb", str(copy), "recommend", "--age", "40")
        assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1, result.output
        assert "rules/vocabulary.yaml" in result.stderr and problem in result.stderr, result.stderr
