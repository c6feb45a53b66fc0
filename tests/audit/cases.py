"""Build a test knowledge base from a fixture: the shipped one (kb_copy) with the fixture's edits.

A fixture (fixtures/<CODE>.yaml) may write whole files (`files`), append to files (`append`),
replace text (`replace`: path, old, new; the old text must be there) and remove rules by id
(`remove_rules`); `expect` names the finding it must produce: code, path, and its line (`line`,
or the line of the text `at`, looked up after the text `after`), optionally column and message.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

FIXTURES = Path(__file__).parent / "fixtures"


def load_fixture(name: str) -> dict[str, Any]:
    return yaml.safe_load((FIXTURES / f"{name}.yaml").read_text(encoding="utf-8"))


def apply_edits(root: Path, spec: dict[str, Any]) -> None:
    for relative, text in (spec.get("files") or {}).items():
        (root / relative).write_text(text, encoding="utf-8")
    for relative, text in (spec.get("append") or {}).items():
        path = root / relative
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    for edit in spec.get("replace") or []:
        path = root / edit["path"]
        text = path.read_text(encoding="utf-8")
        assert edit["old"] in text, f"{edit['path']} no longer holds the text this fixture replaces"
        path.write_text(text.replace(edit["old"], edit["new"], 1), encoding="utf-8")
    for rule_id in spec.get("remove_rules") or []:
        remove_rule(root, rule_id)


def remove_rule(root: Path, rule_id: str) -> None:
    """Delete one rule, and its id from other rules' overrides, in whichever rule files hold them."""
    removed = False
    for path in sorted((root / "rules").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        rules = data.get("rules") if isinstance(data, dict) else None
        if not isinstance(rules, list) or not any(rule_id == r.get("id") or rule_id in r.get("overrides", [])
                                                  for r in rules):
            continue
        removed = removed or any(r.get("id") == rule_id for r in rules)
        data["rules"] = [r for r in rules if r.get("id") != rule_id]
        for rule in data["rules"]:
            if rule_id in rule.get("overrides", []):
                rule["overrides"] = [o for o in rule["overrides"] if o != rule_id]
                if not rule["overrides"]:
                    del rule["overrides"]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert removed, f"no rule {rule_id} to remove"


def line_of(path: Path, text: str, after: str | None = None) -> int:
    """The 1-based line holding `text` (the first one after the line holding `after`)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines[start:], start) if text in line) + 1
