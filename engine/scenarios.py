"""Scenarios: people with known facts and what the knowledge base must say about them.

A scenario file (scenarios/*.yaml, schema engine/schemas/scenario.schema.json) lists people; each
is run through the same Evaluator as `recommend`, and every expectation it states is compared
with the result. Coverage says which rules no scenario makes fire (and count), and which claims
no fired rule cites, so a rule without a test shows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import kbfiles
from .conditions import describe_test, failing_tests
from .errors import InputError, KnowledgeBaseError, ProfileError
from .explain.whynot import person_facts
from .knowledge import KnowledgeBase
from .profile import normalise_profile
from .result import Result
from .yamlsource import Position, YamlDocument, load_yaml


@dataclass(eq=False)
class Scenario:
    """One person and the expectations about their result, with where it stands in its file."""

    id: str
    title: str
    profile: dict[str, Any]
    expect: dict[str, Any]
    document: YamlDocument
    index: int

    def position(self, *path: Any) -> Position:
        return self.document.position(("scenarios", self.index, *path))


@dataclass(frozen=True)
class Mismatch:
    """One expectation the result did not meet."""

    field: str
    expected: Any
    actual: Any

    def text(self) -> str:
        return f"{self.field}: expected {_show(self.expected)}, got {_show(self.actual)}"


@dataclass
class Outcome:
    scenario: Scenario
    mismatches: list[Mismatch]
    counted: list[str]

    @property
    def passed(self) -> bool:
        return not self.mismatches


@dataclass
class Coverage:
    """What the scenarios run reach: rules that fired and counted, claims those rules cite."""

    rules: list[str]
    unfired: list[str]
    claims: list[str]  # the claims some rule cites
    unreached: list[str]
    uncited: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        fired = len(self.rules) - len(self.unfired)
        return {"rules": {"total": len(self.rules), "fired": fired, "unfired": self.unfired},
                "claims": {"total": len(self.claims), "reached": len(self.claims) - len(self.unreached),
                           "unreached": self.unreached, "cited_by_no_rule": self.uncited}}


def scenario_files(kb: KnowledgeBase) -> list[Path]:
    """Every scenario file of a knowledge base (none when it has no scenarios/ folder)."""
    folder = kb.scenarios_dir
    return list(kbfiles.files(kb.root, folder, "*.yaml"))


def load_scenarios(kb: KnowledgeBase, paths: Iterable[Path] | None = None) -> list[Scenario]:
    """Read, check against the schema and the knowledge base, and return the scenarios of `paths`."""
    from .validate import nutrient_validator, schema_findings

    scenarios: list[Scenario] = []
    seen: dict[str, Scenario] = {}
    for path in scenario_files(kb) if paths is None else paths:
        path = Path(path)
        try:
            display = path.resolve().relative_to(kb.root.resolve()).as_posix()
        except ValueError:
            display = str(path)
        document = load_yaml(path, display, kb.root if kbfiles.inside(kb.root, path) else None)
        validator = nutrient_validator("scenario", kb.vocabulary.nutrients, units=kb.vocabulary.declared_units)
        for finding in schema_findings(document, "scenario", validator):
            raise KnowledgeBaseError(finding.path, f"{finding.code} {finding.message}", finding.line, finding.column)
        for index, item in enumerate(document.data["scenarios"]):
            scenario = Scenario(item["id"], item.get("title", ""), item["profile"], item["expect"], document, index)
            _check_scenario(kb, scenario, seen)
            seen[scenario.id] = scenario
            scenarios.append(scenario)
    return scenarios


def _check_scenario(kb: KnowledgeBase, scenario: Scenario, seen: dict[str, Scenario]) -> None:
    """A scenario that names an unknown rule or holds a bad profile is a broken file, not a failure."""
    def fail(problem: str, *path: Any) -> None:
        pos = scenario.position(*path)
        raise KnowledgeBaseError(pos.path, problem, pos.line, pos.column)

    if scenario.id in seen:
        fail(f"duplicate scenario id '{scenario.id}' (first at {seen[scenario.id].position('id')})", "id")
    for key in ("fires", "not_fires"):
        for i, rule_id in enumerate(scenario.expect.get(key, [])):
            if rule_id not in kb.rule_by_id:
                fail(f"scenario '{scenario.id}': {key}: no rule '{rule_id}'", "expect", key, i)
    try:
        normalise_profile(scenario.profile, kb.vocabulary)
    except ProfileError as err:
        fail(f"scenario '{scenario.id}': {err}", "profile", err.field)


def select(scenarios: list[Scenario], names: Iterable[str]) -> list[Scenario]:
    """The scenarios named by id, by file name (with or without .yaml) or by file path."""
    chosen: list[Scenario] = []
    for name in names:
        stem = Path(name).name.removesuffix(".yaml")
        matched = [s for s in scenarios if s.id == name or Path(s.document.path).name.removesuffix(".yaml") == stem]
        if not matched:
            raise InputError("SCENARIO", f"no scenario or scenario file '{name}'; see the files in scenarios/")
        chosen += [s for s in matched if s not in chosen]
    return chosen


def compare(expect: dict[str, Any], result: Result, why_not: Callable[[str], str] | None = None) -> list[Mismatch]:
    """Every expectation the result does not meet, in the order the format lists them; `why_not`
    names what kept a rule from firing."""
    out: list[Mismatch] = []
    if "in_scope" in expect and expect["in_scope"] != result.in_scope:
        out.append(Mismatch("in_scope", expect["in_scope"], result.in_scope))
    if "groups" in expect and sorted(expect["groups"]) != sorted(result.groups):
        out.append(Mismatch("groups", expect["groups"], result.groups))
    if "sun" in expect and expect["sun"] != result.sun:
        out.append(Mismatch("sun", expect["sun"], result.sun))
    for key, kind in (("amounts", "supplement"), ("total_intake", "total_intake")):
        for nutrient, wanted in expect.get(key, {}).items():
            rec = result.recommendation(nutrient, kind)
            got = None if rec is None else {"min": rec.min, "max": rec.max, "unit": rec.unit}
            if not _amount_matches(wanted, got):
                out.append(Mismatch(f"{key}.{nutrient}", wanted, got))
    warnings = [{"code": w.code, "severity": w.severity} for w in result.warnings]
    for wanted in expect.get("warnings", []):
        if not any(_warning_matches(wanted, w) for w in warnings):
            out.append(Mismatch("warnings", wanted, warnings))
    for unwanted in expect.get("no_warnings", []):
        hits = [w for w in warnings if _warning_matches(unwanted, w)]
        if hits:
            out.append(Mismatch("no_warnings", f"no {_show(unwanted)}", hits))
    counted = counted_rules(result)
    for rule_id in expect.get("fires", []):
        if rule_id not in counted:
            out.append(Mismatch(f"fires.{rule_id}", "fired", _how_it_went(result, rule_id, why_not)))
    for rule_id in expect.get("not_fires", []):
        if rule_id in counted:
            out.append(Mismatch(f"not_fires.{rule_id}", "not fired", "fired"))
    return out


def counted_rules(result: Result) -> list[str]:
    """Rules that fired and were not overridden, in firing order."""
    return [f["rule"] for f in result.fired if not f.get("overridden_by")]


def _how_it_went(result: Result, rule_id: str, why_not: Callable[[str], str] | None) -> str:
    firing = next((f for f in result.fired if f["rule"] == rule_id), None)
    if firing is not None:
        return f"overridden by {firing['overridden_by']}"
    return f"not fired ({why_not(rule_id)})" if why_not else "not fired"


def _amount_matches(wanted: dict[str, Any] | None, got: dict[str, Any] | None) -> bool:
    if wanted is None or got is None:
        return wanted is None and got is None
    return (wanted["min"] == got["min"] and wanted["max"] == got["max"]
            and wanted.get("unit", got["unit"]) == got["unit"])


def _warning_matches(wanted: str | dict[str, str], warning: dict[str, str]) -> bool:
    if isinstance(wanted, str):
        return warning["code"] == wanted
    return all(warning[key] == value for key, value in wanted.items())


def _show(value: Any) -> str:
    """A compact, readable form: 400–800 mg for an amount, none for null, codes for warnings."""
    if value is None:
        return "none"
    if isinstance(value, dict) and {"min", "max"} <= set(value):
        from .numberformat import EXACT

        unit = f" {EXACT.unit(value['unit'])}" if value.get("unit") else ""
        return f"{_number(value['min'])}–{_number(value['max'])}{unit}"
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values())
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def _number(value: Any) -> str:
    from .numberformat import EXACT

    return EXACT.number(value)


def run_scenarios(evaluator: Any, scenarios: list[Scenario]) -> list[Outcome]:
    """Evaluate each scenario's person and compare the result with what it expects."""
    outcomes = []
    for scenario in scenarios:
        profile, evaluation, result = evaluator.evaluate_traced(scenario.profile)
        known = person_facts(profile.facts(), evaluation, evaluator.kb)

        def why_not(rule_id: str, known: dict[str, Any] = known) -> str:
            failed = failing_tests(evaluator.kb.rule_by_id[rule_id].condition, known)
            return "failed: " + "; ".join(describe_test(t) for t in failed)

        outcomes.append(Outcome(scenario, compare(scenario.expect, result, why_not), counted_rules(result)))
    return outcomes


def coverage(kb: KnowledgeBase, outcomes: list[Outcome]) -> Coverage:
    """Rules that no outcome counted, and claims that no counted rule cites."""
    fired = {rule_id for outcome in outcomes for rule_id in outcome.counted}
    rules = [r.id for r in kb.rules]
    claims = list(kb.claims)
    reached = {source for rid in fired for source in kb.rule_by_id[rid].sources}
    cited = {source for rule in kb.rules for source in rule.sources}
    return Coverage(rules=rules, unfired=[r for r in rules if r not in fired], claims=[c for c in claims if c in cited],
                    unreached=[c for c in claims if c in cited and c not in reached],
                    uncited=[c for c in claims if c not in cited])
