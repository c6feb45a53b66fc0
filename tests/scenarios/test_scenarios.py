"""`bonekb test` as a reviewer runs it: the shipped scenarios pass and fire every rule; a changed
expectation fails with a readable expected/got line; broken scenario files are named with their line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from bonekb.engine.languages import declared_languages

# A rule text worded in every language the shipped manifest declares (a language is added as data).
WORDED = "{" + ", ".join(f"{lang}: n" for lang in declared_languages()) + "}"


def test_shipped_scenarios_pass(run_cli):
    result = run_cli("test")
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output
    assert "FAIL" not in result.output


def test_shipped_scenarios_fire_every_rule(run_cli, kb):
    """Honest coverage: a rule added without a scenario that fires it fails this test."""
    report = run_cli.json("test")
    assert report["failed"] == 0
    assert report["passed"] == len(report["scenarios"]) > 0
    rules = report["coverage"]["rules"]
    assert rules["unfired"] == []
    assert rules["total"] == len(kb.rules)
    assert report["coverage"]["claims"]["unreached"] == []


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data["scenarios"])
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _by_id(scenarios, ident):
    return next(s for s in scenarios if s["id"] == ident)


def test_changed_expectation_fails_with_a_readable_diff(run_cli, kb_copy):
    def change(scenarios):
        expect = _by_id(scenarios, "adult-little-sun")["expect"]
        expect["amounts"]["d3"] = {"min": 900, "max": 1500}
        expect["groups"] = ["teens"]
        expect["fires"].append("table.teens")
    _edit(kb_copy / "scenarios" / "table.yaml", change)
    result = run_cli("test", "--kb", str(kb_copy))
    assert result.exit_code == 1
    assert "FAIL  adult-little-sun  (scenarios/table.yaml:" in result.output
    assert "amounts.d3: expected 900–1500, got 800–1500 IU" in result.output
    assert "groups: expected [teens], got [adults]" in result.output
    assert "fires.table.teens: expected fired, got not fired (failed: group is teens)" in result.output
    assert "1 failed" in result.output
    assert "PASS  child-little-sun" in result.output


def test_overridden_rule_and_unwanted_warning_are_reported(run_cli, kb_copy):
    def change(scenarios):
        expect = _by_id(scenarios, "calcium-alone-postmenopausal")["expect"]
        expect["fires"] = ["warn.calcium-alone"]
        expect["no_warnings"] = [{"code": "calcium-alone", "severity": "caution"}]
        del expect["not_fires"]
    _edit(kb_copy / "scenarios" / "taking.yaml", change)
    result = run_cli("test", "calcium-alone-postmenopausal", "--kb", str(kb_copy), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["failed"] == 1
    texts = [m["text"] for m in report["scenarios"][0]["mismatches"]]
    assert "fires.warn.calcium-alone: expected fired, got overridden by warn.calcium-alone-postmenopausal" in texts
    unwanted = "no_warnings: expected no calcium-alone caution, got [calcium-alone caution]"
    assert any(t.startswith(unwanted) for t in texts)


def test_select_by_id_and_by_file(run_cli):
    one = run_cli.json("test", "toddler-out-of-scope")
    assert [s["id"] for s in one["scenarios"]] == ["toddler-out-of-scope"]
    sun = run_cli.json("test", "sun", "scenarios/scope.yaml")
    files = {s["file"] for s in sun["scenarios"]}
    assert files == {"scenarios/sun.yaml", "scenarios/scope.yaml"}
    assert sun["coverage"]["rules"]["unfired"]  # a part of the scenarios does not fire every rule


def test_require_coverage_fails_on_a_partial_run(run_cli):
    assert run_cli("test", "toddler-out-of-scope").exit_code == 0
    result = run_cli("test", "toddler-out-of-scope", "--require-coverage")
    assert result.exit_code == 1
    assert "(only the scenarios named ran" in result.output


def test_unknown_scenario_is_a_usage_error(run_cli):
    result = run_cli("test", "no-such-person")
    assert result.exit_code == 2
    assert "no scenario or scenario file 'no-such-person'" in result.stderr


HEADER = "scenarios:\n  - id: x\n    profile: {age: 30}\n    expect:\n"


@pytest.mark.parametrize("text, expected", [
    pytest.param(HEADER + "      fires: [table.nobody]\n",
                 ["bonekb: scenarios/extra.yaml:5:15: scenario 'x': fires: no rule 'table.nobody'"], id="unknown-rule"),
    pytest.param(HEADER + "      amounts: {iron: {min: 1, max: 2}}\n",
                 ["bonekb: scenarios/extra.yaml:5:", "S001"], id="schema"),
    pytest.param("scenarios:\n  - id: x\n    profile: {age: -3}\n    expect: {in_scope: true}\n",
                 ["bonekb: scenarios/extra.yaml:3:20: scenario 'x': profile: age:"], id="bad-profile"),
    pytest.param("scenarios:\n  - id: sun-short\n    profile: {age: 30}\n    expect: {in_scope: true}\n",
                 ["duplicate scenario id 'sun-short'"], id="duplicate-id"),
])
def test_a_broken_scenario_file_is_one_line_naming_its_place(run_cli, kb_copy, text, expected):
    (kb_copy / "scenarios" / "extra.yaml").write_text(text, encoding="utf-8")
    result = run_cli("test", "--kb", str(kb_copy))
    assert result.exit_code == 2
    assert all(part in result.stderr for part in expected), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_a_rule_no_scenario_fires_is_named_in_the_coverage(run_cli, kb_copy):
    (kb_copy / "rules" / "extra.yaml").write_text(
        "rules:\n  - id: extra.very-old\n    title: t\n    sources: [DOSE-1]\n"
        "    when: {fact: age, equals: 129}\n    then:\n      note: " + WORDED + "\n", encoding="utf-8")
    result = run_cli("test", "--kb", str(kb_copy))
    assert result.exit_code == 0  # every scenario still passes
    assert "no scenario fires: extra.very-old" in result.output
    assert run_cli("test", "--kb", str(kb_copy), "--require-coverage").exit_code == 1
    assert run_cli.json("test", "--kb", str(kb_copy))["coverage"]["rules"]["unfired"] == ["extra.very-old"]
