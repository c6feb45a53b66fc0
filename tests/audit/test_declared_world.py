"""The JSON Schemas take a knowledge base's own world: the units its vocabulary declares, its own claim
sections, and the life stages its `figures.life_stages` declares (issue 13: a vitamin B12 knowledge
base needs `mmol`-like units and separate pregnancy and lactation figures)."""

from __future__ import annotations

from pathlib import Path

from bonekb.engine.audit.runner import run_audit


def _findings(root: Path, *codes: str) -> list[str]:
    return [f"{r.finding.code} {r.finding.message}" for r in run_audit(root, select=list(codes)).reported]


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def _declare_mmol(root: Path) -> None:
    vocabulary = root / "rules" / "vocabulary.yaml"
    _edit(vocabulary, "    units: {mg: 1, g: 1000}\n", "    units: {mg: 1, g: 1000, mmol: 40.08}\n")
    _edit(vocabulary, "unit_spellings:\n", "unit_spellings:\n  mmol: [mmol, millimole, millimoles]\n")


CLAIM_AMOUNT = "{what: amount, nutrient: calcium, kind: supplement, min: 600, max: 800, unit: mg}"


def test_a_unit_the_knowledge_base_does_not_declare_is_refused_naming_those_it_does(kb_copy):
    _edit(kb_copy / "rules" / "claims.yaml", CLAIM_AMOUNT, CLAIM_AMOUNT.replace("unit: mg", "unit: mmol"))
    refused = [f for f in _findings(kb_copy, "S001") if "mmol" in f]
    assert refused == ["S001 claims/23/figures/0/unit: 'mmol' is not one of ['mg', 'g', 'ug', 'IU']"]


def test_a_unit_the_knowledge_base_declares_is_accepted_everywhere(kb_copy):
    _declare_mmol(kb_copy)
    _edit(kb_copy / "rules" / "claims.yaml", CLAIM_AMOUNT, CLAIM_AMOUNT.replace("unit: mg", "unit: mmol"))
    _edit(kb_copy / "rules" / "references.yaml", "unit: mg", "unit: mmol", count=_count(kb_copy, "unit: mg"))
    _edit(kb_copy / "scenarios" / "table.yaml", "calcium: {min: 250, max: 400, unit: mg}",
          "calcium: {min: 250, max: 400, unit: mmol}")
    assert not any("mmol" in f for f in _findings(kb_copy, "S001"))


def test_a_scenario_unit_not_declared_is_one_clear_line(kb_copy, run_cli):
    _edit(kb_copy / "scenarios" / "table.yaml", "calcium: {min: 250, max: 400, unit: mg}",
          "calcium: {min: 250, max: 400, unit: mmol}")
    result = run_cli("--kb", str(kb_copy), "test")
    assert result.exit_code == 2
    assert "'mmol' is not one of ['mg', 'g', 'ug', 'IU']" in result.output
    assert "Traceback" not in result.output
    _declare_mmol(kb_copy)
    declared = run_cli("--kb", str(kb_copy), "test")
    assert "is not one of" not in declared.output  # read; the scenario then fails on its unit, as it should
    assert "child-little-sun" in declared.output


def _count(root: Path, text: str) -> int:
    return (root / "rules" / "references.yaml").read_text(encoding="utf-8").count(text)


def test_claim_sections_are_the_knowledge_base_s_own(kb_copy):
    _edit(kb_copy / "rules" / "claims.yaml", "    section: S0\n", "    section: dosing\n",
          count=(kb_copy / "rules" / "claims.yaml").read_text(encoding="utf-8").count("    section: S0\n"))
    assert _findings(kb_copy, "S001") == []
    _edit(kb_copy / "rules" / "claims.yaml", "    section: S1\n", "    section: \"two words\"\n",
          count=(kb_copy / "rules" / "claims.yaml").read_text(encoding="utf-8").count("    section: S1\n"))
    assert any("section: 'two words' does not match" in f for f in _findings(kb_copy, "S001"))


def _split_life_stages(root: Path, lactation_19_plus: int) -> None:
    """Pregnancy and lactation declared as two life stages, with figures and rules for each (the
    sources' vitamin K AIs are the same for both; the fixture gives lactation at 19+ its own)."""
    _edit(root / "rules" / "facts.yaml", "life_stages: {pregnancy_lactation: [pregnant, breastfeeding]}",
          "life_stages: {pregnancy: [pregnant], lactation: [breastfeeding]}")
    references = root / "rules" / "references.yaml"
    lines = []
    for line in references.read_text(encoding="utf-8").splitlines(keepends=True):
        if "life_stage: pregnancy_lactation" not in line:
            lines.append(line)
            continue
        lines.append(line.replace("life_stage: pregnancy_lactation", "life_stage: pregnancy")
                     .replace("pregnancy or lactation,", "pregnancy,"))
        lactation = (line.replace("life_stage: pregnancy_lactation", "life_stage: lactation")
                     .replace("pregnancy or lactation,", "lactation,"))
        if "at_least: 19}" in line:
            lactation = lactation.replace("amount: 90,", f"amount: {lactation_19_plus},")
        lines.append(lactation)
    references.write_text("".join(lines), encoding="utf-8")
    limits = root / "rules" / "reference" / "limits.yaml"
    pregnancy_rule = """  - id: reference.k.pregnancy-lactation.19-plus
    title: "Vitamin K in pregnancy or lactation, 19 and over: AI 90 µg"
    sources: [REF-IOM-2001, REF-ODS-K]
    when:
      all:
        - any:
            - {fact: pregnant, equals: true}
            - {fact: breastfeeding, equals: true}
        - {fact: age, at_least: 19}
"""
    lactation_rule = """  - id: reference.k.lactation.19-plus
    title: "Vitamin K in lactation, 19 and over"
    sources: [REF-IOM-2001, REF-ODS-K]
    when:
      all:
        - {fact: breastfeeding, equals: true}
        - {fact: age, at_least: 19}
    overrides: [reference.k.19-plus.women, reference.k.pregnancy-lactation.19-plus]
    then:
      reference_intake: [{nutrient: k1, amount: 95, unit: ug, type: AI}]
    rationale: The fixture's lactation figure.

"""
    either = ("        - any:\n            - {fact: pregnant, equals: true}\n"
              "            - {fact: breastfeeding, equals: true}\n")
    pregnancy_only = pregnancy_rule.replace(either, "        - {fact: pregnant, equals: true}\n")
    _edit(limits, pregnancy_rule, lactation_rule + pregnancy_only)


def test_declared_life_stages_are_banded_apart(kb_copy):
    shipped = _findings(kb_copy, "S001", "T007", "T008")
    _split_life_stages(kb_copy, lactation_19_plus=95)
    assert _findings(kb_copy, "S001", "T007", "T008") == shipped  # each rule meets its own stage's figure


def test_a_rule_is_checked_against_its_own_life_stage_s_figure(kb_copy):
    _split_life_stages(kb_copy, lactation_19_plus=100)
    drift = [f for f in _findings(kb_copy, "T007") if "reference.k.lactation.19-plus" in f]
    assert drift and all("in lactation" in f and "100" in f for f in drift), drift
    assert not any("reference.k.pregnancy-lactation.19-plus" in f for f in _findings(kb_copy, "T007"))


def test_a_life_stage_not_declared_is_refused_naming_those_that_are(kb_copy):
    _edit(kb_copy / "rules" / "facts.yaml", "life_stages: {pregnancy_lactation: [pregnant, breastfeeding]}",
          "life_stages: {pregnancy: [pregnant], lactation: [breastfeeding]}")
    refused = _findings(kb_copy, "S001")
    assert refused and all("'pregnancy_lactation' is not one of ['pregnancy', 'lactation']" in f for f in refused)


def test_without_a_figures_declaration_no_life_stage_is_checked(kb_copy):
    facts = kb_copy / "rules" / "facts.yaml"
    text = facts.read_text(encoding="utf-8")
    start, end = text.index("\nfigures:\n"), text.index("  tile_ages: [group]\n")
    facts.write_text(text[:start + 1] + text[end + len("  tile_ages: [group]\n"):], encoding="utf-8")
    assert "figures:" not in facts.read_text(encoding="utf-8")
    assert not any("life_stage" in f for f in _findings(kb_copy, "S001"))
