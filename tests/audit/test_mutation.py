"""Mutation test: every single-number change to the shipped rules and figures makes the audit report an error.

Each numeric literal of the rule files, of vocabulary.yaml and of the figures of claims.yaml and
references.yaml is changed one at a time (tests/audit/mutation.py: amounts times 1.2, age
boundaries plus and minus 1, thresholds all three), and the audit runs in-process on the
result. The score is printed; a survivor must be listed in mutation_equivalents.yaml with the
reason it is an equivalent change, and the list holds nothing else.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from bonekb.engine.knowledge import read_knowledge_base, shipped_root

from .mutation import Mutant, caught_by, mutants, mutated

EQUIVALENTS = Path(__file__).parent / "mutation_equivalents.yaml"
REQUIRED_SCORE = 0.98


@pytest.fixture(scope="module")
def outcome() -> tuple[list[Mutant], dict[str, str | None]]:
    base = read_knowledge_base(shipped_root())
    found = mutants(base.root)
    return found, {m.key: caught_by(mutated(base, m)) for m in found}


def _equivalents() -> dict[str, str]:
    data = yaml.safe_load(EQUIVALENTS.read_text(encoding="utf-8")) or {}
    return {entry["mutant"]: entry["reason"] for entry in data.get("equivalents") or []}


def test_the_audit_catches_single_number_changes(outcome, capsys):
    found, caught = outcome
    survivors = sorted(key for key, code in caught.items() if code is None)
    rule_files = [m for m in found if m.path not in ("rules/claims.yaml", "rules/references.yaml")]
    score = 1 - len(survivors) / len(found)
    rule_score = sum(caught[m.key] is not None for m in rule_files) / len(rule_files)
    by_code = Counter(code for code in caught.values() if code)
    with capsys.disabled():
        print(f"\nmutation score: {len(found) - len(survivors)}/{len(found)} caught ({score:.1%}); "
              f"rule files and vocabulary {rule_score:.1%} of {len(rule_files)}; "
              f"by {', '.join(f'{c} {n}' for c, n in sorted(by_code.items()))}; {len(survivors)} survivors")
        for key in survivors:
            print(f"  survivor: {key}")
    assert score >= REQUIRED_SCORE, survivors
    listed = _equivalents()
    assert [s for s in survivors if s not in listed] == [], "survivors neither caught nor explained"
    assert all(len(reason) >= 20 for reason in listed.values()), "each equivalent change needs its reason"


def test_every_listed_equivalent_still_survives(outcome):
    _, caught = outcome
    stale = [key for key in _equivalents() if caught.get(key, "gone") is not None]
    assert stale == [], "listed as equivalent, but the audit now catches it (or it no longer exists): remove it"


def test_mutants_cover_every_number_of_the_rule_files(outcome):
    found, _ = outcome
    places = {(m.path, m.where) for m in found}
    per_file = Counter(path for path, _ in places)
    # Every rule file with numbers, the vocabulary and both figure files are mutated.
    assert {"rules/table.yaml", "rules/reference/limits.yaml", "rules/groups.yaml", "rules/reference/dosing.yaml",
            "rules/sun.yaml", "rules/advice.yaml", "rules/warnings.yaml", "rules/vocabulary.yaml",
            "rules/claims.yaml", "rules/references.yaml"} <= set(per_file)
    # The examples are among them.
    keys = {m.key for m in found}
    assert "rules/table.yaml rules[table.adults].then.recommend[2].max: 150 -> 180" in keys
    assert "rules/groups.yaml rules[group.children].when.at_least: 4 -> 5" in keys
    assert "rules/reference/dosing.yaml rules[dosing.calcium-split].when.any[0].above: 500 -> 600" in keys


def test_a_mutant_changes_exactly_one_number(outcome):
    found, _ = outcome
    base = read_knowledge_base(shipped_root())
    mutant = next(m for m in found if m.key.startswith("rules/reference/limits.yaml rules[reference.calcium.14-18]"
                                                       ".then.limit[0].max: 3000 -> 3600"))
    changed = mutated(base, mutant)
    rule = changed.rule_by_id["reference.calcium.14-18"]
    assert rule.then["limit"][0]["max"] == 3600
    assert base.rule_by_id["reference.calcium.14-18"].then["limit"][0]["max"] == 3000
    assert caught_by(changed) == "T007"
    assert caught_by(base) is None
