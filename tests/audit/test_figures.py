"""The figure checks (T006–T008) on the issue's examples and on each kind of number they read."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bonekb.engine.audit.runner import run_audit
from bonekb.engine.audit.sourcefigures import figure_numbers, quote_numbers

from .cases import apply_edits


def _errors(root, *codes):
    return [str(r.finding) for r in run_audit(root, select=list(codes or ("T006", "T007", "T008"))).reported
            if r.finding.severity == "error"]


def _replace(root, path, old, new):
    apply_edits(root, {"replace": [{"path": path, "old": old, "new": new}]})


def test_quote_numbers_read_ranges_units_and_skip_names():
    assert quote_numbers("兒童(4-13歲) 1000毫克 250–400毫克 15–30微克") == [
        (4, "years"), (13, "years"), (1000, "mg"), (250, "mg"), (400, "mg"), (15, "ug"), (30, "ug")]
    # D3, K2 and MK-7 are names, not figures; 下午 2 點 is hour 14.
    assert quote_numbers("600-800 mg元素鈣+90-120 μg維生素K2(以MK-7形式)+D3") == [
        (600, "mg"), (800, "mg"), (90, "ug"), (120, "ug")]
    assert quote_numbers("正午(上午 11 點至下午 2 點)直接接受 15-30 分鐘") == [
        (11, "hour"), (14, "hour"), (15, "minutes"), (30, "minutes")]


@pytest.mark.parametrize(("path", "old", "new", "expected"), [
    # The issue's examples: each a single number changed in a shipped rule file.
    ("rules/table.yaml", "{nutrient: k2, kind: supplement, min: 75, max: 150, unit: ug}",
     "{nutrient: k2, kind: supplement, min: 75, max: 160, unit: ug}",
     "T007 [error] rule 'table.adults' recommends 75–160 µg k2 supplement, but TABLE-ADULT states 75–150 µg"),
    ("rules/reference/limits.yaml",
     "      limit: [{nutrient: calcium, max: 3000, unit: mg}]\n\n  - id: reference.calcium.19-50",
     "      limit: [{nutrient: calcium, max: 3600, unit: mg}]\n\n  - id: reference.calcium.19-50",
     "T007 [error] rule 'reference.calcium.14-18' gives a UL of 3600 mg calcium for ages from 14 to below 19, "
     "but REF-IOM-2011 states 3000 mg for 14–18 years (Summary, Table S-1"),
    ("rules/groups.yaml", "when: {fact: age, at_least: 4, below: 14}", "when: {fact: age, at_least: 5, below: 14}",
     "T008 [error] rule 'group.children' has an age boundary at 5"),
    ("rules/reference/limits.yaml", "when: {fact: age, at_least: 9, below: 71}",
     "when: {fact: age, at_least: 10, below: 71}",
     "T008 [error] the limit rules of d3 do not tile ages from 0 up: a gap from 9 to 10 (before reference.d3.9-70)"),
    ("rules/reference/dosing.yaml", "{fact: taking_calcium, above: 500}", "{fact: taking_calcium, above: 600}",
     "T007 [error] rule 'dosing.calcium-split' compares taking_calcium with 600, which is no figure its sources "
     "state for it (they state: 0, 500)"),
])
def test_the_issues_examples_are_errors(kb_copy, path, old, new, expected):
    _replace(kb_copy, path, old, new)
    assert any(expected in e for e in _errors(kb_copy)), _errors(kb_copy)


def test_a_quote_and_its_figures_must_agree_on_either_side(kb_copy):
    _replace(kb_copy, "rules/claims.yaml", "{what: ages, min: 14, max: 18, unit: years}",
             "{what: ages, min: 14, max: 19, unit: years}")
    errors = _errors(kb_copy, "T006")
    assert any("claim TABLE-TEEN: number 2 is 19 in figure 1 but 18 in the quote" in e for e in errors), errors


def test_a_quote_stating_amounts_needs_figures(kb_copy):
    _replace(kb_copy, "rules/claims.yaml",
             "    figures:\n"
             "      - {what: amount, nutrient: d3, kind: supplement, sun: low, min: 800, max: 1000, unit: IU}\n",
             "")
    assert any("claim DOSE-4: its quote states figures (800 IU, 1000 IU) but the claim carries no `figures`" in e
               for e in _errors(kb_copy, "T006"))


def test_a_reference_figure_typo_is_caught_through_the_rules_and_the_bands(kb_copy):
    _replace(kb_copy, "rules/references.yaml",
             '{nutrient: d3, type: UL, amount: 2500, unit: IU, ages: {at_least: 1, below: 4}, band: "1–3 years", '
             'where: "Health Risks', '{nutrient: d3, type: UL, amount: 2500, unit: IU, ages: {at_least: 1, below: 5}, '
             'band: "1–3 years", where: "Health Risks')
    errors = _errors(kb_copy)
    assert any("REF-ODS-D: its d3 UL bands do not tile ages from 0 up: an overlap from 4 to 5" in e for e in errors)
    assert any("rule 'reference.d3.4-8' gives a UL of 3000 IU d3 for ages from 4 to below 9, but REF-ODS-D states "
               "2500 IU for 1–3 years" in e for e in errors)


def test_a_derived_amount_is_recomputed_and_its_reason_shown(kb_copy):
    _replace(kb_copy, "rules/reference/limits.yaml",
             "        - {nutrient: calcium, max: 2000, unit: mg}\n        - {nutrient: d3",
             "        - {nutrient: calcium, max: 2500, unit: mg}\n        - {nutrient: d3")
    errors = _errors(kb_copy, "T007")
    assert any("rule 'reference.age-not-given' gives a UL of 2500 mg calcium, but derived as it declares "
               "(lowest-upper-limit-over-table-ages: the lowest UL its sources state from 4 years up) it is 2000; "
               "its reason: Without an age" in e for e in errors), errors


def test_an_undeclared_boundary_shows_the_rules_decision(kb_copy):
    _replace(kb_copy, "rules/groups.yaml", "- {fact: age, at_least: 45, below: 65}",
             "- {fact: age, at_least: 50, below: 65}")
    errors = _errors(kb_copy, "T008")
    assert any("rule 'scope.menopause-not-given' has an age boundary at 50" in e and "nor a declared decision (45, 65)"
               in e and "its decision: 45 is the age" in e for e in errors), errors


def test_spacing_hours_in_either_language_must_be_the_sources(kb_copy):
    _replace(kb_copy, "rules/reference/interactions.yaml", "鈣與此藥請至少間隔4小時服用", "鈣與此藥請至少間隔3小時服用")
    errors = _errors(kb_copy, "T007")
    assert any("rule 'interaction.levothyroxine': the zh-Hant text says 3 hours that no source states; not the 4 hours "
               "its sources state" in e for e in errors), errors


def test_vocabulary_fractions_and_conversions_are_the_references(kb_copy):
    _replace(kb_copy, "rules/vocabulary.yaml", "citrate: {fraction: 0.21,", "citrate: {fraction: 0.24,")
    _replace(kb_copy, "rules/vocabulary.yaml", "units: {IU: 1, ug: 40}", "units: {IU: 1, ug: 4}")
    errors = _errors(kb_copy, "T007")
    assert any("rules/vocabulary.yaml:" in e and "calcium salt 'citrate' is 0.24 calcium here but 0.21 in REF-ODS-CA"
               in e for e in errors), errors
    assert any("d3: 1 µg = 4 IU here, but 40 by REF-ODS-D" in e for e in errors), errors


def test_figures_that_break_their_schema_are_s001(kb_copy):
    _replace(kb_copy, "rules/references.yaml", "{nutrient: calcium, type: per_dose_max, amount: 500, unit: mg,",
             "{nutrient: calcium, type: per_dose_max, amount: 500, unit: mg, amout: 5,")
    found = [r.finding for r in run_audit(kb_copy, select=["S001"]).reported]
    assert [f.path for f in found] == ["rules/references.yaml"]


UNITS_WRITTEN = {"mg": ["毫克", "mg", " mg"], "IU": [" 國際單位", " IU", "IU"], "ug": ["微克", " μg", "µg"]}


@st.composite
def _written_row(draw):
    """Figures of a table row, and the row as the article writes it (dashes, spaces, units vary)."""
    figures, parts = [], []
    for _ in range(draw(st.integers(1, 6))):
        unit = draw(st.sampled_from(sorted(UNITS_WRITTEN)))
        low = draw(st.integers(1, 5000))
        high = draw(st.one_of(st.just(low), st.integers(low + 1, 6000)))
        dash = draw(st.sampled_from(["-", "–", " – ", "- "]))
        figures.append({"what": "amount", "min": low, "max": high, "unit": unit})
        parts.append((str(low) if low == high else f"{low}{dash}{high}") + draw(st.sampled_from(UNITS_WRITTEN[unit])))
    label = draw(st.sampled_from(["成年人 ", "維生素D3 ", "K2(以MK-7形式) ", ""]))
    return figures, label + " ".join(parts)


@given(_written_row())
def test_a_row_as_written_gives_back_its_figures(row):
    figures, text = row
    assert quote_numbers(text) == [(float(n), u) for f in figures for n, u in figure_numbers(f)]
