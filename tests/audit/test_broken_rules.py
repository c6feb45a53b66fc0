"""A structural error names its rule, and hides nothing in the other rules (issue 13, item 5)."""

from __future__ import annotations

import json

import pytest

from bonekb.engine.audit.runner import run_audit
from bonekb.engine.errors import KnowledgeBaseError
from bonekb.engine.languages import declared_languages
from bonekb.engine.validate import load_knowledge_base

from .cases import apply_edits, line_of

# A rule text worded in every language the shipped manifest declares (a language is added as data).
WORDED = "{" + ", ".join(f"{lang}: n" for lang in declared_languages()) + "}"


NO_SOURCES = {"path": "rules/groups.yaml", "old": "    sources: [TABLE-TEEN]\n    when: {fact: age, at_least: 14",
              "new": "    when: {fact: age, at_least: 14"}
# A figure one off its claim: T007 must still find it while another rule is broken.
ADULTS_CALCIUM = "{nutrient: calcium, kind: supplement, min: 300, max: 500, unit: mg, form: elemental}"
DRIFTED = {"path": "rules/table.yaml", "old": ADULTS_CALCIUM, "new": ADULTS_CALCIUM.replace("max: 500", "max: 501")}


def _findings(report, code):
    return [r.finding for r in report.reported if r.finding.code == code]


def test_a_rule_without_sources_is_named_by_its_id(kb_copy):
    apply_edits(kb_copy, {"replace": [NO_SOURCES]})
    found = _findings(run_audit(kb_copy, select=["S001"]), "S001")
    assert [f.message for f in found] == ["rule 'group.teens': 'sources' is required"]
    assert found[0].line == line_of(kb_copy / "rules/groups.yaml", "id: group.teens")


def test_the_loader_refuses_it_with_the_same_words(kb_copy):
    apply_edits(kb_copy, {"replace": [NO_SOURCES]})
    with pytest.raises(KnowledgeBaseError, match=r"S001 rule 'group\.teens': 'sources' is required"):
        load_knowledge_base(kb_copy)


def test_a_deeper_error_names_the_rule_and_the_keys_under_it(kb_copy):
    apply_edits(kb_copy, {"replace": [{"path": "rules/table.yaml", "old": ADULTS_CALCIUM,
                                       "new": ADULTS_CALCIUM.replace("supplement", "pill")}]})
    messages = [f.message for f in _findings(run_audit(kb_copy, select=["S001"]), "S001")]
    assert len(messages) == 1
    assert messages[0].startswith("rule 'table.adults', then/recommend/1/kind: 'pill' is not one of")


def test_a_rule_without_an_id_is_named_by_its_place_in_the_file(kb_copy):
    apply_edits(kb_copy, {"files": {"rules/zz-case.yaml": (
        "rules:\n"
        "  - id: case.first\n    title: A note for everyone\n    sources: [DOSE-6]\n"
        f"    then: {{note: {WORDED}}}\n"
        f"  - title: No id\n    sources: [DOSE-6]\n    then: {{note: {WORDED}}}\n")}})
    messages = [f.message for f in _findings(run_audit(kb_copy, select=["S001"]), "S001")]
    assert messages == ["rule 2 of the file (no id): 'id' is required"]


def test_a_schema_error_in_one_rule_hides_no_finding_in_the_others(kb_copy):
    apply_edits(kb_copy, {"replace": [NO_SOURCES, DRIFTED], "remove_rules": ["table.older-adults"]})
    report = run_audit(kb_copy)
    assert report.without == ["group.teens"]
    assert report.skipped == []
    drifted = _findings(report, "T007")
    assert any(f.path == "rules/table.yaml" and "table.adults" in f.message and "300–501 mg" in f.message
               for f in drifted), [str(f) for f in drifted]
    gaps = _findings(report, "L001")
    assert any("older" in f.message or "65" in f.message for f in gaps), [str(f) for f in gaps]


def test_without_the_broken_rule_the_findings_are_those_of_the_others(kb_copy):
    """The checks over the rules see the knowledge base without the broken rule, nothing else changed:
    the same T007 finding stands with or without an unrelated broken rule."""
    apply_edits(kb_copy, {"replace": [DRIFTED]})
    alone = {str(f) for f in _findings(run_audit(kb_copy, select=["T007"]), "T007")}
    apply_edits(kb_copy, {"replace": [{"path": "rules/sun.yaml", "old": "title:", "new": "titel:"}]})
    report = run_audit(kb_copy, select=["T007", "S001"])
    assert len(report.without) == 1
    assert {str(f) for f in _findings(report, "T007")} == alone
    assert alone


def test_a_rule_testing_an_unknown_fact_is_left_out_too(kb_copy):
    apply_edits(kb_copy, {"replace": [DRIFTED, {"path": "rules/groups.yaml",
                                                "old": "when: {fact: age, at_least: 14, below: 19}",
                                                "new": "when: {fact: agee, at_least: 14, below: 19}"}]})
    report = run_audit(kb_copy)
    assert report.without == ["group.teens"]
    assert [f.code for f in report.standing if f.path == "rules/groups.yaml" and f.code.startswith("S")] == ["S003"]
    assert any("300–501 mg" in f.message for f in _findings(report, "T007"))


def test_overrides_of_a_left_out_rule_are_no_new_finding(kb_copy):
    """table.adults.d3-low-sun overrides advice.dose4; with advice.dose4 broken, no S005 appears for it."""
    apply_edits(kb_copy, {"replace": [{"path": "rules/advice.yaml", "old": "id: advice.dose4",
                                       "new": "id: advice.dose4\n    colour: blue"}]})
    report = run_audit(kb_copy)
    assert report.without == ["advice.dose4"]
    assert not _findings(report, "S005")
    assert [f.code for f in report.standing if f.code.startswith("S")] == ["S001"]


def test_a_schema_error_outside_any_rule_still_stops_the_checks_over_the_rules(kb_copy):
    apply_edits(kb_copy, {"replace": [{"path": "rules/facts.yaml", "old": "multiple: true",
                                       "new": "multiple: yes please"}]})
    report = run_audit(kb_copy)
    assert report.without == []
    assert {"L001", "T007", "T008"} <= set(report.skipped)


def test_the_report_says_which_rules_were_left_out(kb_copy, run_cli):
    apply_edits(kb_copy, {"replace": [NO_SOURCES]})
    text = run_cli("audit", "--kb", str(kb_copy))
    assert text.exit_code == 1
    assert "checks over the rules ran without these rules, which have structural errors: group.teens" in text.output
    assert "not run until" not in text.output
    data = json.loads(run_cli("audit", "--kb", str(kb_copy), "--format", "json").output)
    assert data["without_rules"] == ["group.teens"]
