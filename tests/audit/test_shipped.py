"""The shipped knowledge base audits with no error, and each warning it prints is an expected one."""

from __future__ import annotations

import re

from bonekb.engine.audit.runner import run_audit

# claims.md, last section: the article's figures that do not agree, pair by pair.
DISAGREEMENTS = {
    ("DOSE-3", "TABLE-ADULT"), ("DOSE-3", "TABLE-CHILD"),  # calcium
    *{("DOSE-3", t) for t in ("TABLE-CHILD", "TABLE-TEEN", "TABLE-ADULT", "TABLE-POSTMENO", "TABLE-ELDER")},  # K2, K1
    *{(d, t) for d in ("DOSE-4", "DOSE-5") for t in ("TABLE-POSTMENO", "TABLE-ELDER", "TABLE-CHILD")},
    ("TEAM-3", "K1-2"), ("TEAM-3", "K1-4"),
    ("TABLE-POSTMENO", "TABLE-ELDER"),  # calcium supplement 400–800 against 500–800 mg (article lines 124-125)
}


def test_shipped_knowledge_base_has_no_error_and_only_expected_warnings(kb):
    report = run_audit(kb)
    assert not report.failed, [str(f) for f in report.standing if f.severity == "error"]
    pairs = set()
    for f in report.standing:
        assert f.code == "T004", f"unexpected finding: {f}"
        pairs.add(tuple(re.match(r"(\S+) and (\S+) disagree", f.message).groups()))
    assert pairs == DISAGREEMENTS


def test_a_disagreement_names_both_figures_rules_and_precedence(kb):
    messages = {f.message for f in run_audit(kb, select=["T004"]).standing}
    assert ("DOSE-4 and TABLE-POSTMENO disagree on the D3 supplement: 800–1000 IU (advice.dose4) against "
            "1000–2000 IU (table.postmenopausal.d3-low-sun); where both apply, table.postmenopausal.d3-low-sun "
            "overrides advice.dose4") in messages
    assert ("DOSE-3 and TABLE-ADULT disagree on the calcium supplement: 600–800 mg (advice.dose3) against "
            "300–500 mg (table.adults); where both apply, table.adults overrides advice.dose3") in messages


def test_the_postmenopausal_and_older_disagreement_states_its_decision(kb):
    """Issue 12 item 10: a declared decision, not a silent disagreement."""
    (message,) = [f.message for f in run_audit(kb, select=["T004"]).standing
                  if f.message.startswith("TABLE-POSTMENO and TABLE-ELDER")]
    assert message == ("TABLE-POSTMENO and TABLE-ELDER disagree on the calcium supplement: 400–800 mg "
                       "(table.postmenopausal) against 500–800 mg (table.older-adults); decided in claims.yaml: "
                       "where both apply, table.postmenopausal-and-older overrides both and gives 500–800 mg "
                       "(the range both rows allow, so the amount keeps to both)")


def test_a_decision_that_does_not_override_both_sides_is_said(kb_copy):
    from bonekb.engine.validate import load_knowledge_base

    path = kb_copy / "rules" / "table.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    overrides: [advice.dose3, table.postmenopausal, table.older-adults]\n"
    assert old in text
    path.write_text(text.replace(old, "    overrides: [advice.dose3, table.older-adults]\n"), encoding="utf-8")
    messages = [f.message for f in run_audit(load_knowledge_base(kb_copy), select=["T004"]).standing
                if f.message.startswith("TABLE-POSTMENO and TABLE-ELDER")]
    assert any("the decision table.postmenopausal-and-older does not override table.postmenopausal" in m
               for m in messages), messages
