"""`bonekb audit` as a reviewer calls it: formats, exit codes, select/ignore, paths, waivers, SARIF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from .cases import apply_edits, line_of, load_fixture

SARIF_SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
WAIVED_OVERLAP = """    waivers:
      - {code: L002, reason: "reviewed: the case's amount is meant to stand beside the table's"}
"""


def _overlap_case(root: Path, waived: bool = False) -> None:
    spec = load_fixture("L002")
    if waived:
        spec["files"]["rules/zz-case.yaml"] += WAIVED_OVERLAP
    apply_edits(root, spec)


def test_shipped_knowledge_base_has_no_error(run_cli):
    result = run_cli("audit")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("0 errors, ")


def test_an_error_exits_1_and_is_one_line_with_place(kb_copy, run_cli):
    _overlap_case(kb_copy)
    result = run_cli("audit", "--kb", str(kb_copy))
    assert result.exit_code == 1
    line = line_of(kb_copy / "rules" / "zz-case.yaml", "{nutrient: calcium")
    lines = [text for text in result.output.splitlines() if " L002 [error] " in text]
    assert lines and all(text.startswith(f"rules/zz-case.yaml:{line}:11: L002 [error] ") for text in lines)


@pytest.mark.parametrize("args", [("--select", "X9"), ("--ignore", "Q"), ("--explain", "L999"),
                                  ("no/such/file.yaml",), ("--format", "xml")])
def test_usage_errors_exit_2(run_cli, args):
    result = run_cli("audit", *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_select_and_ignore_by_code_and_prefix(kb_copy, run_cli):
    _overlap_case(kb_copy)
    result = run_cli("audit", "--kb", str(kb_copy), "--select", "L,T004", "--format", "json")
    assert {f["code"] for f in json.loads(result.stdout)["findings"]} == {"L002", "T004"}
    result = run_cli("audit", "--kb", str(kb_copy), "--ignore", "L002", "--ignore", "T", "--format", "json")
    assert result.exit_code == 0
    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert "L002" not in codes and not any(c.startswith("T") for c in codes)


def test_a_path_keeps_the_findings_in_that_file(kb_copy, run_cli, monkeypatch):
    _overlap_case(kb_copy)
    monkeypatch.chdir(kb_copy)
    result = run_cli("audit", "rules/zz-case.yaml", "--format", "json")
    found = json.loads(result.stdout)["findings"]
    assert result.exit_code == 1
    assert found and {f["path"] for f in found} == {"rules/zz-case.yaml"}
    result = run_cli("audit", "rules/claims.yaml", "--format", "json")
    assert {f["path"] for f in json.loads(result.stdout)["findings"]} == {"rules/claims.yaml"}
    assert result.exit_code == 0


def test_a_path_that_is_a_knowledge_base_audits_it(kb_copy, run_cli):
    _overlap_case(kb_copy)
    assert run_cli("audit", str(kb_copy)).exit_code == 1
    assert run_cli("audit").exit_code == 0


def test_a_relative_path_is_looked_up_in_the_knowledge_base(kb_copy, run_cli):
    _overlap_case(kb_copy)
    result = run_cli("audit", "--kb", str(kb_copy), "rules/zz-case.yaml", "--format", "json")
    assert {f["path"] for f in json.loads(result.stdout)["findings"]} == {"rules/zz-case.yaml"}


def test_a_waived_finding_is_in_json_with_its_reason_not_in_text(kb_copy, run_cli):
    _overlap_case(kb_copy, waived=True)
    data = json.loads(run_cli("audit", "--kb", str(kb_copy), "--select", "L002", "--format", "json").stdout)
    ours = [f for f in data["findings"] if f["path"] == "rules/zz-case.yaml"]
    assert ours and all(f["waived"].startswith("reviewed: ") for f in ours)
    assert data["counts"]["waived"] == len(ours)
    text = run_cli("audit", "--kb", str(kb_copy), "--select", "L002")
    assert "rules/zz-case.yaml" not in text.output
    assert f"{len(ours)} waived" in text.output
    shown = run_cli("audit", "--kb", str(kb_copy), "--select", "L002", "--show-waived")
    assert "(waived: reviewed: " in shown.output


def test_a_waiver_matching_nothing_is_reported(kb_copy, run_cli):
    spec = load_fixture("L003")
    spec["files"]["rules/zz-case.yaml"] = spec["files"]["rules/zz-case.yaml"].replace(
        "    when:", '    waivers:\n      - {code: L002, reason: "nothing overlaps here"}\n    when:')
    apply_edits(kb_copy, spec)
    data = json.loads(run_cli("audit", "--kb", str(kb_copy), "--format", "json").stdout)
    unused = [f for f in data["findings"] if f["code"] == "S010"]
    assert [f["message"] for f in unused] == ["rule 'case.never' waives L002, but no L002 finding stands in it"]
    assert unused[0]["severity"] == "info"


def test_sarif_validates_against_the_sarif_2_1_0_schema(kb_copy, run_cli):
    _overlap_case(kb_copy, waived=True)
    apply_edits(kb_copy, load_fixture("T001"))  # overwrites zz-case: now an error that is not waived
    result = run_cli("audit", "--kb", str(kb_copy), "--format", "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    Draft4Validator.check_schema(SARIF_SCHEMA)
    errors = sorted(Draft4Validator(SARIF_SCHEMA).iter_errors(log), key=str)
    assert not errors, errors[0]
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert results and all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in results)
    t001 = [r for r in results if r["ruleId"] == "T001"]
    assert t001[0]["level"] == "error"
    assert t001[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "rules/zz-case.yaml"
    assert t001[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 4, "startColumn": 14}


def test_sarif_marks_waived_findings_as_suppressed(kb_copy, run_cli):
    _overlap_case(kb_copy, waived=True)
    log = json.loads(run_cli("audit", "--kb", str(kb_copy), "--format", "sarif", "--select", "L002").stdout)
    assert not list(Draft4Validator(SARIF_SCHEMA).iter_errors(log))
    suppressed = [r for r in log["runs"][0]["results"] if r.get("suppressions")]
    assert suppressed and suppressed[0]["suppressions"][0]["kind"] == "inSource"


def test_a_rule_file_that_does_not_parse_is_a_finding(kb_copy, run_cli):
    (kb_copy / "rules" / "zz-case.yaml").write_text("rules:\n  - id: x\n    title: [unclosed\n", encoding="utf-8")
    result = run_cli("audit", "--kb", str(kb_copy))
    assert result.exit_code == 1
    assert result.output.startswith("rules/zz-case.yaml:")
    assert " S001 [error] YAML syntax" in result.output.splitlines()[0]


def test_a_folder_with_no_rules_is_a_usage_error(tmp_path, run_cli):
    result = run_cli("audit", "--kb", str(tmp_path))
    assert result.exit_code == 2
    assert "not a knowledge base" in result.output
