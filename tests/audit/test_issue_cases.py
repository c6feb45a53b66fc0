"""The issue's three cases on a copy of the shipped rules: a removed table rule is reported as the
exact gap, a conflicting amount as the overlap, deleted sources as T001."""

from __future__ import annotations

import json

import yaml

from bonekb.engine.audit.runner import run_audit

from .cases import line_of, remove_rule

TEENS = "age 14–18, breastfeeding no or not given, menopause pre or peri or not given, pregnant no or not given"


def _gaps(root):
    return sorted(r.finding.message for r in run_audit(root, select=["L001"]).reported)


def test_shipped_rules_have_no_gap(kb_copy):
    assert _gaps(kb_copy) == []


def test_removing_the_adults_row_reports_exactly_the_adults(kb_copy):
    remove_rule(kb_copy, "table.adults")
    region = TEENS.replace("age 14–18", "age 19–64")
    tail = "only the default advice.dose3 answers, which the rules on group override elsewhere"
    expected = [f"{region}: no {name} amount for group adults; {tail}" for name in ("calcium", "K2", "K1")]
    assert _gaps(kb_copy) == sorted(expected)


def test_removing_a_d3_row_reports_that_group_and_sun_level_only(kb_copy):
    remove_rule(kb_copy, "table.teens.d3-low-sun")
    assert _gaps(kb_copy) == [f"{TEENS}, sun_level low: no D3 amount for group teens; only the default "
                              "advice.dose4 answers, which the rules on group override elsewhere"]


def test_a_region_with_no_amount_at_all_is_a_gap(kb_copy):
    remove_rule(kb_copy, "table.older-adults")
    remove_rule(kb_copy, "advice.dose3")
    # Without the general advice, people with no age get no calcium; with the older adults' row
    # gone, neither do people of 65 and over who are not women past menopause. People refused,
    # or whose calcium a warning withholds (some conditions), have their answer; no medication
    # withholds calcium (digoxin is a caution), so medications do not cut the region.
    calcium = [g for g in _gaps(kb_copy) if g.endswith("no calcium amount")]
    rest = ", conditions none or not given"
    assert calcium == [
        "age 65 or more or not given, breastfeeding no or not given, menopause pre or peri or not given, "
        f"pregnant no or not given{rest}: no calcium amount",
        "age not given, breastfeeding no or not given, menopause post, pregnant no or not given, sex female"
        f"{rest}: no calcium amount"]


def test_a_conflicting_amount_for_a_group_is_reported_as_the_overlap(kb_copy, run_cli):
    path = kb_copy / "rules" / "table.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["rules"].append({"id": "table.adults.more-calcium", "title": "More calcium for adults",
                          "sources": ["TABLE-ADULT"], "when": {"fact": "group", "equals": "adults"},
                          "overrides": ["advice.dose3"],
                          "then": {"recommend": [{"nutrient": "calcium", "kind": "supplement", "min": 700, "max": 900,
                                                  "unit": "mg"}]}})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_cli("audit", "--kb", str(kb_copy), "--select", "L002", "--format", "json")
    assert result.exit_code == 1
    found = json.loads(result.stdout)["findings"]
    adults = [f for f in found if f["message"].startswith("table.adults and table.adults.more-calcium")]
    assert [f["message"] for f in adults] == [
        "table.adults and table.adults.more-calcium both give a calcium supplement amount (300–500 mg against "
        "700–900 mg) and neither overrides the other, for age 19–64, breastfeeding no or not given, "
        "menopause pre or peri or not given, pregnant no or not given"]
    assert adults[0]["path"] == "rules/table.yaml"
    assert adults[0]["line"] == line_of(path, "- nutrient: calcium", after="id: table.adults.more-calcium")
    # Postmenopausal women under 65 are adults too: the new rule conflicts with their row as well.
    assert any(f["message"].startswith("table.postmenopausal and table.adults.more-calcium") for f in found)


def test_deleting_a_rules_sources_is_reported(kb_copy, run_cli):
    path = kb_copy / "rules" / "sun.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    sources: [DOSE-4]\n    when: {fact: sun, equals: low}",
                                 "    sources: []\n    when: {fact: sun, equals: low}", 1), encoding="utf-8")
    result = run_cli("audit", "--kb", str(kb_copy))
    assert result.exit_code == 1
    line = line_of(path, "sources: []")
    assert f"rules/sun.yaml:{line}:14: T001 [error] rule 'sun.given-low' names no source" in result.output
