"""Each audit check fires on its fixture, at the place it names; every code has a fixture and a page."""

from __future__ import annotations

import pytest

from bonekb.engine.audit.registry import checks
from bonekb.engine.audit.runner import run_audit

from .cases import FIXTURES, apply_edits, line_of, load_fixture

CODES = sorted(checks())


@pytest.mark.parametrize("code", CODES)
def test_check_fires_on_its_fixture_at_its_place(code, kb_copy):
    spec = load_fixture(code)
    apply_edits(kb_copy, spec)
    expect = spec["expect"]
    assert expect["code"] == code
    report = run_audit(kb_copy, select=[code])
    found = [r.finding for r in report.reported if r.finding.code == code]
    assert found, f"{code} did not fire; the audit said: {[str(r.finding) for r in report.reported]}"
    at_path = [f for f in found if f.path == expect["path"]]
    assert at_path, f"{code} fired elsewhere: {[str(f) for f in found]}"
    if "line" in expect or "at" in expect:
        line = expect.get("line") or line_of(kb_copy / expect["path"], expect["at"], expect.get("after"))
        at_path = [f for f in at_path if f.line == line]
        assert at_path, f"{code} not on line {line}: {[str(f) for f in found]}"
    if "column" in expect:
        assert any(f.column == expect["column"] for f in at_path), [str(f) for f in at_path]
    if "message" in expect:
        assert any(expect["message"] in f.message for f in at_path), [str(f) for f in at_path]
    assert {f.severity for f in at_path} == {checks()[code].severity}


def test_every_code_has_a_fixture():
    fixtures = {p.stem for p in FIXTURES.glob("*.yaml")}
    assert fixtures == set(CODES)


@pytest.mark.parametrize("code", CODES)
def test_every_code_has_a_page_through_explain(code, run_cli):
    page = checks()[code].doc
    for section in ("What it looks for:", "Why it matters:", "How to fix:"):
        assert section in page, f"{code}'s page lacks '{section}'"
    result = run_cli("audit", "--explain", code.lower())
    assert result.exit_code == 0
    assert result.output.startswith(f"{code} {checks()[code].name} ")
    assert page in result.output


def test_explain_all_lists_every_code_with_its_summary(run_cli):
    lines = run_cli("audit", "--explain", "all").output.splitlines()
    assert [line.split()[0] for line in lines] == CODES
    assert all(checks()[line.split()[0]].summary in line for line in lines)



def _intents_findings(kb_copy, text):
    (kb_copy / "explanations" / "en" / "intents.yaml").write_text(text, encoding="utf-8")
    return [r.finding for r in run_audit(kb_copy, select=["M"]).reported
            if r.finding.path == "explanations/en/intents.yaml"]


def test_an_intents_file_yaml_cannot_parse_is_one_m004_finding_at_its_line(kb_copy):
    found = _intents_findings(kb_copy, "intents:\n  - id: why\n    keywords: [why\n")
    assert [(f.code, f.line) for f in found] == [("M004", 4)]
    assert found[0].message.startswith("intents.yaml does not parse: YAML syntax:")


@pytest.mark.parametrize("text", ["- not a mapping\n", "intents: 5\n", "intents: [1, {id: x}]\n"])
def test_an_intents_file_of_another_shape_does_not_crash_the_audit(kb_copy, text):
    assert _intents_findings(kb_copy, text) == []


@pytest.mark.parametrize(("template", "found"), [
    ("{% for i in range(100000) %}{% for j in range(100000) %}.{% endfor %}{% endfor %}", True),
    ("{% for i in range(10, 400010, 2) %}.{% endfor %}", False),
    ("{% for i in range(0, 400010) %}.{% endfor %}", True),
    ("{% for i in range(450) %}{% for j in range(450) %}.{% endfor %}{% endfor %}", True),
    ("{% for i in range(400) %}{% for j in range(400) %}.{% endfor %}{% endfor %}", False),
    ("{% for i in range(n) %}{% for j in range(100000) %}.{% endfor %}{% endfor %}", False),
    ("{{ 1 // 0 }}", True), ("{{ 3 % 0.0 }}", True), ("{{ 1 / 2 }}", False), ("{{ 1 / false }}", False),
])
def test_m011_finds_what_fails_for_everyone_and_nothing_else(kb_copy, template, found):
    """Loops over constant ranges are multiplied through their nesting against the 200,000-step bound."""
    (kb_copy / "explanations" / "en" / "risky.md.j2").write_text(template, encoding="utf-8")
    findings = [r.finding for r in run_audit(kb_copy, select=["M011"]).reported
                if r.finding.path == "explanations/en/risky.md.j2"]
    assert bool(findings) == found, [str(f) for f in findings]


@pytest.mark.parametrize(("text", "found"), [("$$5 a day", False), ("${diet} mg", False), ("$diet mg", False),
                                             ("US$5", True), ("${diet.__class__}", True), ("$ 5", True)])
def test_m012_reads_dollars_as_the_text_reader_does(kb_copy, text, found):
    path = kb_copy / "rules" / "messages.yaml"
    old = 'en: "Your food already gives $diet mg'
    path.write_text(path.read_text(encoding="utf-8").replace(old, f'en: "{text} Your food already gives $diet mg'),
                    encoding="utf-8")
    assert bool([r for r in run_audit(kb_copy, select=["M012"]).reported]) == found
