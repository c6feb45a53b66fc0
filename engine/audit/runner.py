"""Run the audit: every selected check, waivers applied, findings filtered to the paths asked for.

run_audit is what the CLI and the benchmark call. A structural error inside a rule leaves that
rule out of the checks that reason over the rules, which still run over the others; a structural
error outside any rule stops them (their results would be about data of unknown shape). The
report says which rules were left out and which checks were skipped.
"""

from __future__ import annotations

import bisect
import itertools
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import KnowledgeBaseError
from ..findings import Finding
from ..knowledge import KnowledgeBase, Rule, read_knowledge_base, shipped_root
from ..limits import MAX_AUDIT_FINDINGS_PER_CODE
from ..validate import without_rules
from .registry import Check, checks, finding, per_kb
from .schema import structural, structure

ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Reported:
    """A finding as reported: with the waiver's reason when a rule waives it."""

    finding: Finding
    waived: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out = {**self.finding.as_dict(), "family": checks()[self.finding.code].family}
        if self.waived is not None:
            out["waived"] = self.waived
        return out


@dataclass
class AuditReport:
    """What one audit found, for the formatters."""

    root: Path
    version: str
    reported: list[Reported]
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0
    without: list[str] = field(default_factory=list)  # rules the checks over the rules left out

    @property
    def standing(self) -> list[Finding]:
        """Findings not waived."""
        return [r.finding for r in self.reported if r.waived is None]

    def counts(self) -> dict[str, int]:
        counts = {severity: 0 for severity in ORDER}
        for f in self.standing:
            counts[f.severity] += 1
        counts["waived"] = sum(1 for r in self.reported if r.waived is not None)
        return counts

    @property
    def failed(self) -> bool:
        return any(f.severity == "error" for f in self.standing)


def select_checks(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Check]:
    """Checks whose code starts with a selected prefix (all when none) and with no ignored prefix.

    Raises ValueError naming a prefix that matches no code.
    """
    registry = checks()
    select, ignore = [s.upper() for s in select], [s.upper() for s in ignore]
    for prefix in (*select, *ignore):
        if not any(code.startswith(prefix) for code in registry):
            raise ValueError(prefix)
    return [c for code, c in registry.items()
            if (not select or any(code.startswith(p) for p in select)) and not any(code.startswith(p) for p in ignore)]


def run_audit(kb: KnowledgeBase | Path | str | None = None, select: Iterable[str] = (), ignore: Iterable[str] = (),
              paths: Iterable[str] = ()) -> AuditReport:
    """Audit a knowledge base (the shipped one by default); `paths` keeps findings in those files or folders."""
    started = time.perf_counter()
    chosen = select_checks(select, ignore)
    if not isinstance(kb, KnowledgeBase):
        root = Path(kb) if kb is not None else shipped_root()
        try:
            kb = read_knowledge_base(root)
        except KnowledgeBaseError as err:
            if err.line is None:
                raise
            unreadable = Finding(err.path, err.line, err.column or 1, "S001", "error", err.problem)
            return AuditReport(root, "unreadable", [Reported(unreadable)], [c.code for c in chosen if c.code != "S001"],
                               time.perf_counter() - started)
    sound, dropped = _sound_part(kb)
    found: list[Finding] = []
    skipped = []
    for check in chosen:
        if check.needs_valid and sound is None:
            skipped.append(check.code)
            continue
        found.extend(_listed(check, sound if check.needs_valid and sound is not None else kb))
    found = _without_replaced(found)
    reported = _apply_waivers(kb, found, {c.code for c in chosen} - set(skipped))
    wanted = {c.code for c in chosen}
    prefixes = [p.rstrip("/") for p in paths]
    reported = [r for r in reported if r.finding.code in wanted
                and (not prefixes or any(r.finding.path == p or r.finding.path.startswith(p + "/") for p in prefixes))]
    reported.sort(key=lambda r: (r.finding.path, r.finding.line, r.finding.column, r.finding.code, r.finding.message))
    skipped = [c for c in skipped if c in wanted]
    without = [r.id for r in dropped] if sound is not None else []
    return AuditReport(kb.root, kb.version, reported, skipped, time.perf_counter() - started, without)


def _sound_part(kb: KnowledgeBase) -> tuple[KnowledgeBase | None, list[Rule]]:
    """The knowledge base the checks over the rules reason on, and the rules left out of it.

    A structural error inside a rule (a schema error, an unknown fact, a bad override) leaves
    that rule out, as its meaning is unknown, and the other rules are still checked; an error
    outside any rule (claims, facts, a file's shape) leaves nothing sound: (None, []). Leaving a
    rule out can reveal another's error, so this repeats until nothing more is left out (at most
    once per rule).
    """
    found = structure(kb)
    if found.outside:
        return None, []
    dropped = [r for r in kb.rules if (r.file, r.index) in found.broken]
    current = without_rules(kb, dropped)
    for _ in range(len(kb.rules) + 1):
        errors = [f for f in structural(current) if f.severity == "error" and f.code.startswith("S")
                  and f.code != "S001"]
        holders = [rule_at(kb, f) for f in errors]
        if any(h is None for h in holders):
            return None, []
        new = [h for h in kb.rules if any(h is x for x in holders) and not any(h is d for d in dropped)]
        if not new:
            return current, dropped
        dropped += new
        current = without_rules(kb, dropped)
    return None, []


def _listed(check: Check, kb: KnowledgeBase) -> list[Finding]:
    """A check's findings, at most MAX_AUDIT_FINDINGS_PER_CODE and then one that says more stand.

    Thousands of overlaps say one thing (a file of rules without precedence) and each costs the
    words of its region: listing them all made the audit's time grow with the square of the rules."""
    listed = list(itertools.islice(check.run(kb), MAX_AUDIT_FINDINGS_PER_CODE + 1))
    if len(listed) > MAX_AUDIT_FINDINGS_PER_CODE:
        last = listed.pop()
        listed.append(Finding(last.path, last.line, last.column, check.code, check.severity,
                              f"more {check.code} findings stand than the {MAX_AUDIT_FINDINGS_PER_CODE} listed "
                              "(MAX_AUDIT_FINDINGS_PER_CODE): fix these and audit again"))
    return listed


def _without_replaced(found: list[Finding]) -> list[Finding]:
    """U001 says what the schema finding at the same place says, and why it matters: keep U001."""
    places = {(f.path, f.line, f.column) for f in found if f.code == "U001"}
    return [f for f in found if not (f.code == "S001" and (f.path, f.line, f.column) in places)]


def rule_at(kb: KnowledgeBase, finding: Finding) -> Rule | None:
    """The rule whose text holds a finding's position (from its `- id` line to the next rule)."""
    spans = _rule_spans(kb).get(finding.path)
    if not spans:
        return None
    at = bisect.bisect_right(spans[0], finding.line)
    return spans[1][at - 1] if at else None


@per_kb
def _rule_spans(kb: KnowledgeBase) -> dict[str, tuple[list[int], list[Rule]]]:
    """Per file, the first line of each rule in order, and the rules: rule_at in log time, not a scan."""
    by_file: dict[str, list[tuple[int, int, Rule]]] = {}
    for n, rule in enumerate(kb.rules):
        by_file.setdefault(rule.file, []).append((rule.position().line, n, rule))
    out = {}
    for path, items in by_file.items():
        items.sort(key=lambda item: item[:2])
        out[path] = ([line for line, _, _ in items], [rule for _, _, rule in items])
    return out


def _apply_waivers(kb: KnowledgeBase, found: list[Finding], ran: set[str]) -> list[Reported]:
    reported = []
    used: set[tuple[str, str]] = set()
    for f in found:
        rule = rule_at(kb, f)
        waivers = rule.waivers if rule else ()
        waiver = next((w for w in waivers if isinstance(w, dict) and w.get("code") == f.code), None)
        if rule is not None and waiver is not None:
            used.add((rule.id, f.code))
        reported.append(Reported(f, waiver.get("reason", "") if waiver else None))
    for rule in kb.rules:
        for i, waiver in enumerate(rule.waivers):
            code = waiver.get("code") if isinstance(waiver, dict) else None
            code = code if isinstance(code, str) else None
            if code in ran and (rule.id, code) not in used:
                message = f"rule '{rule.id}' waives {code}, but no {code} finding stands in it"
                reported.append(Reported(finding("S010", rule.position("waivers", i, "code"), message)))
    return reported
