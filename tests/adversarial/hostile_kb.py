"""Helpers for the knowledge-base side of the adversarial suite: hostile files in a copy of the
shipped knowledge base, the CLI run as a person runs it, and what a refusal must look like."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

BONEKB = str(Path(sys.executable).parent / "bonekb")
SECRET = "bonekb-adversarial-secret-4f1c"  # written outside the knowledge base; must never be shown


def add_rule_file(root: Path, rules: list[dict], name: str = "zz-hostile.yaml") -> Path:
    path = root / "rules" / name
    path.write_text(yaml.safe_dump({"rules": rules}, allow_unicode=True), encoding="utf-8")
    return path


def rule(rule_id: str = "hostile.rule", when: dict | None = None) -> dict:
    """A valid rule to which a test gives a hostile condition."""
    out = {"id": rule_id, "title": "Hostile", "sources": ["DOSE-4"],
           "then": {"recommend": [{"nutrient": "d3", "kind": "supplement", "min": 1, "max": 2, "unit": "IU"}]}}
    if when is not None:
        out["when"] = when
    return out


def billion_laughs(levels: int = 9, width: int = 9, key: str = "rules") -> str:
    """The classic: each level an anchored list of `width` aliases of the one before."""
    lines = ["a0: &a0 [" + ", ".join(['"lol"'] * width) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    lines.append(f"{key}: *a{levels}")
    return "\n".join(lines) + "\n"


def run(*args: str, timeout: float = 30, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The installed command in a real process, with a timeout: a hang fails the test, it does not stall it."""
    env = {**os.environ, "BONEKB_NO_CACHE": "1"}
    return subprocess.run([BONEKB, *args], capture_output=True, text=True, timeout=timeout, input=stdin, env=env,
                          check=False)


def assert_one_line_refusal(result, *words: str, code: int = 2) -> str:
    """Exit `code`, one line on stderr naming what the test expects, no traceback, no secret."""
    err, out = result.stderr, result.stdout
    assert "Traceback" not in err + out, err[-2000:]
    assert result.returncode == code, (out[-500:], err[-500:])
    lines = err.strip().splitlines()
    assert len(lines) == 1, err[-2000:]
    assert SECRET not in err + out
    assert len(lines[0]) < 400, lines[0][:500]
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]
