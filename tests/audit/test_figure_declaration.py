"""The figure checks (T007, T008) read which facts the sources band their figures by from the knowledge
base's declaration (rules/facts.yaml `figures`), not from names in Python: with the age fact renamed
everywhere, the audit is the same, and still finds a moved age boundary."""

from __future__ import annotations

import re
from pathlib import Path

from bonekb.engine.audit.runner import run_audit


def _rename_age(root: Path, name: str) -> None:
    """The shipped knowledge base with its age fact called `name` in every file that speaks of it."""
    for path in [*(root / "rules").rglob("*.yaml"), *(root / "scenarios").rglob("*.yaml")]:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"fact: age\b", f"fact: {name}", text), encoding="utf-8")
    facts = root / "rules" / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("\n  age:\n", f"\n  {name}:\n").replace("  ages: age\n", f"  ages: {name}\n"),
                     encoding="utf-8")
    for words in (root / "explanations").glob("*/words.yaml"):
        text = words.read_text(encoding="utf-8")
        words.write_text(re.sub(r"(?m)^  age: ", f"  {name}: ", text), encoding="utf-8")


def _findings(root: Path, *codes: str) -> list[str]:
    return [f"{r.finding.code} {r.finding.message}" for r in run_audit(root, select=list(codes)).reported]


def test_the_figure_checks_follow_the_declared_ages_fact(kb_copy, tmp_path):
    shipped = _findings(kb_copy)
    _rename_age(kb_copy, "years_old")
    assert [f.replace("years_old", "age") for f in _findings(kb_copy)] == shipped  # every check: 21 warnings
    groups = kb_copy / "rules" / "groups.yaml"
    text = groups.read_text(encoding="utf-8")
    moved = text.replace("{fact: years_old, at_least: 4, below: 14}", "{fact: years_old, at_least: 5, below: 14}")
    assert moved != text
    groups.write_text(moved, encoding="utf-8")
    limits = kb_copy / "rules" / "reference" / "limits.yaml"
    text = limits.read_text(encoding="utf-8")
    teens = "      limit: [{nutrient: calcium, max: 3000, unit: mg}]\n\n  - id: reference.calcium.19-50"
    assert teens in text
    limits.write_text(text.replace(teens, teens.replace("3000", "3600")), encoding="utf-8")
    assert any("has an age boundary at 5" in f for f in _findings(kb_copy, "T008"))
    assert any("gives a UL of 3600 mg calcium for ages from 14 to below 19, but REF-IOM-2011 states 3000 mg" in f
               for f in _findings(kb_copy, "T007"))


def test_a_declaration_naming_no_fact_of_its_type_is_refused(kb_copy):
    facts = kb_copy / "rules" / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    facts.write_text(text.replace("  ages: age\n", "  ages: sex\n").replace("split_by: [sex]", "split_by: [sexe]"),
                     encoding="utf-8")
    found = _findings(kb_copy, "S003")
    assert "S003 figures: 'sex' is not a declared number fact" in found
    assert "S003 figures: 'sexe' is not a declared enum fact" in found
