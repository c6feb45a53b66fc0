"""The space of people, cut into the few cells a set of rules can tell apart.

Conditions compare one fact with literals, so each fact's domain falls into classes of values
that every test of the rules in a slice treats alike: ages cut at the literals (19 and 65 make
under 19, 19–64 and 65 or more), each enum value, yes/no, and "not given". A cell is one class
per fact the slice reads; one representative person per cell is evaluated with the engine's
firing semantics (trace.RulePlan) and condition semantics (conditions.test_holds), so the audit
judges what the engine does. A derived fact whose own inputs share nothing with the rest of the
slice (sun_level) is enumerated once and then taken as an input with its reachable values: that
keeps the product small. People the profile cannot describe (a man in menopause, one supplement
amount given without the others) are not cells.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..conditions import All, Condition, Test, test_holds, tests_of, to_nnf
from ..errors import ProfileError
from ..factmodel import ProfileModel
from ..knowledge import KnowledgeBase, Rule
from ..profile import normalise_profile, tidy
from ..trace import Evaluation, RulePlan
from ..validate import firing_order

NOT_GIVEN = "not given"
# Profile fields whose values constrain each other (profile.normalise_profile): menopause, pregnancy
# and breastfeeding only for a woman; the taking_* amounts are given all together or not at all.


@dataclass(frozen=True)
class Member:
    """One value (or interval of numbers) of a fact, with a representative to evaluate."""

    value: Any
    label: str
    interval: tuple[float, bool, float, bool] | None = None  # low, low included, high, high included


@dataclass(frozen=True)
class ValueClass:
    """Values of one fact that every test of a slice treats alike."""

    fact: str
    members: tuple[Member, ...]

    @property
    def value(self) -> Any:
        return self.members[0].value


@dataclass
class Cell:
    """One class per fact, the person chosen for it, and what the rules made of that person."""

    index: tuple[int, ...]
    facts: dict[str, Any]
    evaluation: Evaluation

    def active(self, kb: KnowledgeBase) -> list[Rule]:
        """Rules that fired and did not yield to an overriding rule."""
        return [kb.rule_by_id[f.rule] for f in self.evaluation.firings if f.overridden_by is None]

    def fired(self) -> set[str]:
        return {f.rule for f in self.evaluation.firings}


_COMPARE = {"at_least": operator.ge, "at_most": operator.le, "above": operator.gt, "below": operator.lt}
_NUMBERS = (int, float)


def compile_condition(cond: Condition) -> Callable[[Mapping[str, Any]], bool]:
    """A condition in negation normal form as a function of the facts (test_holds at the leaves).

    The audit evaluates every rule in every cell, so a comparison of a number, or of a text with
    `equals`, takes a direct path; any other value takes test_holds, which decides the semantics."""
    if isinstance(cond, Test):
        return _compile_test(cond)
    parts = [compile_condition(c) for c in cond.items]
    if len(parts) == 1:
        return parts[0]
    if isinstance(cond, All):
        return lambda facts: all(p(facts) for p in parts)
    return lambda facts: any(p(facts) for p in parts)


def _compile_test(test: Test) -> Callable[[Mapping[str, Any]], bool]:
    fact, value = test.fact, test.value
    if test.op in _COMPARE and type(value) in _NUMBERS:
        compare = _COMPARE[test.op]

        def number_test(facts: Mapping[str, Any]) -> bool:
            actual = facts.get(fact)
            return compare(actual, value) if type(actual) in _NUMBERS else test_holds(test, facts)
        return number_test
    if test.op == "equals" and type(value) is str:
        def text_test(facts: Mapping[str, Any]) -> bool:
            actual = facts.get(fact)
            return actual == value if type(actual) is str else test_holds(test, facts)
        return text_test
    return lambda facts: test_holds(test, facts)


class SliceEvaluator:
    """The static evaluator's semantics over some of the rules, in one pass of the firing order.

    One pass suffices: the firing order puts every rule after the rules deriving what it reads.
    """

    def __init__(self, kb: KnowledgeBase, rule_ids: Iterable[str]) -> None:
        wanted = set(rule_ids)
        sub = replace(kb, rules=[r for r in kb.rules if r.id in wanted])
        order = firing_order(sub) or []
        self.plan = RulePlan(sub)
        self.rules = [(sub.rule_by_id[rid], compile_condition(to_nnf(sub.rule_by_id[rid].condition))) for rid in order]

    def evaluate(self, facts: Mapping[str, Any], candidates: Iterable[int] | None = None,
                 holding: frozenset[int] = frozenset()) -> Evaluation:
        """Fire the rules whose conditions hold, in order. `candidates`: the places (in self.rules) of
        the only rules that may hold, in order; of them, those in `holding` are known to hold."""
        evaluation = Evaluation()
        known = dict(facts)
        places = range(len(self.rules)) if candidates is None else candidates
        for place in places:
            rule, condition = self.rules[place]
            if place in holding or condition(known):
                for name, value in self.plan.fire(rule, evaluation, {}):
                    known[name] = frozenset(evaluation.derived[name]) if name in self.plan.multiple else value
        return evaluation


class RuleIndex:
    """Which rules of a run can hold in a cell, without testing every rule in every cell.

    A rule that tests only the run's cell facts (no fact a rule of the run derives) holds alike for
    every person whose values fall in the same classes of those facts: it is tested once per
    combination of their classes (rules testing the same facts share one table, filled as cells
    ask), and a cell looks its rules up. The others (those testing a derived fact) are tested in
    each cell, as before. Many rules on the same facts (say, 200 D3 rules on age and sex) cost one
    table of age and sex classes, not cells times rules.
    """

    def __init__(self, evaluator: SliceEvaluator, facts: list[str], classes: list[list[ValueClass]]) -> None:
        dim = {fact: d for d, fact in enumerate(facts)}
        derived_here = {name for rule, _ in evaluator.rules for name in rule.derives}
        self.classes, self.facts, self.evaluator = classes, facts, evaluator
        self.dynamic: list[int] = []
        groups: dict[tuple[int, ...], list[int]] = {}
        for place, (rule, _) in enumerate(evaluator.rules):
            read = {test.fact for test in tests_of(to_nnf(rule.condition))}
            if read & derived_here or not read <= dim.keys():
                self.dynamic.append(place)
            else:
                groups.setdefault(tuple(sorted(dim[f] for f in read)), []).append(place)
        self.tables: list[tuple[tuple[int, ...], list[int], dict[tuple[int, ...], list[int]]]] = [
            (dims, places, {}) for dims, places in groups.items()]

    def candidates(self, index: tuple[int, ...]) -> tuple[list[int], frozenset[int]]:
        """The places of the rules to consider in this cell, in firing order, and those known to hold."""
        holding: list[int] = []
        for dims, places, table in self.tables:
            key = tuple(index[d] for d in dims)
            if key not in table:
                table[key] = self._holding(dims, key, places)
            holding += table[key]
        return sorted(holding + self.dynamic), frozenset(holding)

    def _holding(self, dims: tuple[int, ...], key: tuple[int, ...], places: list[int]) -> list[int]:
        values = {self.facts[d]: self.classes[d][i].value for d, i in zip(dims, key, strict=True)}
        facts = {f: v for f, v in values.items() if v is not NOT_GIVEN}
        return [p for p in places if self.evaluator.rules[p][1](facts)]


def valid_person(facts: Mapping[str, Any], kb: KnowledgeBase) -> bool:
    """Whether a profile can produce exactly these facts (normalise_profile accepts them unchanged)."""
    model = kb.vocabulary.profile
    for field_name in model.supplements_fields:  # a supplements list gives every nutrient's amount
        taking = [model.taken_fact(field_name, n) in facts for n in model.nutrients]
        if any(taking) and not all(taking):
            return False
    raw = {k: facts[k] for k in model.scalar_fields if k in facts}
    try:
        return normalise_profile(raw, kb.vocabulary).values == raw
    except ProfileError:
        return False


def value_classes(fact: str, tests: list[Test], domain: list[Member]) -> list[ValueClass]:
    """Group a fact's members by how the tests judge them (a missing fact is not given)."""
    groups: dict[tuple[bool, ...], list[Member]] = {}
    for member in domain:
        facts = {} if member.value is NOT_GIVEN else {fact: member.value}
        groups.setdefault(tuple(test_holds(t, facts) for t in tests), []).append(member)
    return [ValueClass(fact, tuple(members)) for members in groups.values()]


def profile_domain(fact: str, tests: list[Test], model: ProfileModel) -> list[Member]:
    """The members of a profile fact's domain that the tests can tell apart, and not given."""
    spec = model.types[fact]
    kind = spec["type"]
    if kind == "number":
        members = _number_members(fact, tests, spec["min"], spec["max"], fact in model.whole_number_facts)
    elif kind == "bool":
        members = [Member(True, "yes"), Member(False, "no")]
    elif kind == "enum":
        members = [Member(v, str(v)) for v in spec["values"]]
    else:
        ids = sorted({v for t in tests for v in (t.value if isinstance(t.value, tuple) else (t.value,))
                      if t.op != "present"})
        members = [Member(frozenset({i}), f"includes {i}") for i in ids] + [Member(frozenset(), "none")]
    return [*members, Member(NOT_GIVEN, NOT_GIVEN)]


def _number_members(fact: str, tests: list[Test], low: float, high: float, whole: bool) -> list[Member]:
    """Intervals between the literals: a point at each literal, one between neighbours, merged where alike."""
    literals = sorted({float(t.value) for t in tests if isinstance(t.value, (int, float))
                       and not isinstance(t.value, bool) and low <= t.value <= high} | {low, high})
    points: list[tuple[float, bool]] = []  # (value, is a literal or a bound)
    for a, b in itertools.pairwise(literals):
        points += [(a, True), ((a + b) / 2, False)]
    points.append((literals[-1], True))
    runs: list[list[int]] = []
    signatures: list[tuple[bool, ...]] = []
    for i, (value, _) in enumerate(points):
        signature = tuple(test_holds(t, {fact: tidy(value)}) for t in tests)
        if runs and signatures[-1] == signature:
            runs[-1].append(i)
        else:
            runs.append([i])
            signatures.append(signature)
    members = []
    for run in runs:
        first, last = points[run[0]], points[run[-1]]
        lo, lo_in = (first[0], True) if first[1] else (points[run[0] - 1][0], False)
        hi, hi_in = (last[0], True) if last[1] else (points[run[-1] + 1][0], False)
        interval = (lo, lo_in, hi, hi_in)
        members.append(Member(tidy(first[0]), interval_label(interval, low, high, whole), interval))
    return members


def interval_label(interval: tuple[float, bool, float, bool], low: float, high: float, whole_number: bool) -> str:
    """An interval in words: 'under 4', '19–64', '65 or more', 'above 0'."""
    lo, lo_in, hi, hi_in = interval
    a, b = tidy(lo), tidy(hi)
    whole = whole_number and float(lo).is_integer() and float(hi).is_integer()
    if lo == hi:
        return f"{a}"
    if lo_in and hi_in:
        return f"{a} or more" if hi == high else f"{a}–{b}"
    if lo_in:  # [a, b)
        if lo == low:
            return f"under {b}"
        return f"{a}–{tidy(hi - 1)}" if whole and hi - 1 >= lo else f"{a} to under {b}"
    if hi_in:  # (a, b]
        return f"above {a}" if hi == high else f"above {a}, up to {b}"
    return f"above {a} and under {b}"


@dataclass
class Run:
    """Every cell of one slice of the rules, evaluated."""

    rules: frozenset[str]
    facts: list[str]
    classes: list[list[ValueClass]]
    cells: list[Cell] = field(default_factory=list)
    model: ProfileModel = field(default_factory=lambda: ProfileModel({}, ()))  # how its facts' values read
    order: dict[str, int] = field(default_factory=dict)  # rule id -> place in the run's firing order

    def label(self, dim: int, indexes: Iterable[int]) -> str:
        """The values of one fact that some cells share, in words."""
        members = [m for i in sorted(indexes) for m in self.classes[dim][i].members]
        return join_members(self.facts[dim], members, self.model)


def join_members(fact: str, members: list[Member], model: ProfileModel) -> str:
    """Member labels joined, neighbouring intervals of a number made one."""
    numbers = sorted((m for m in members if m.interval), key=lambda m: m.interval[0])
    others = [m.label for m in members if not m.interval]
    merged: list[list[float | bool]] = []
    for m in numbers:
        lo, lo_in, hi, hi_in = m.interval
        if merged and merged[-1][2] == lo and (merged[-1][3] or lo_in):
            merged[-1][2:] = [hi, hi_in]
        else:
            merged.append([lo, lo_in, hi, hi_in])
    spec = model.types.get(fact, {})
    whole = fact in model.whole_number_facts
    labels = [interval_label(tuple(i), spec.get("min", 0), spec.get("max", 0), whole) for i in merged]
    return " or ".join(labels + others)


@dataclass
class Slice:
    """The cells of a slice of the rules, one Run per group of rules that share no fact with the others.

    A person is one cell of each run; what fires for them is the union of what fires in each.
    """

    rules: frozenset[str]
    runs: list[Run]

    def run_of(self, rule_id: str) -> Run:
        return next(run for run in self.runs if rule_id in run.rules)


class Space:
    """Slices of one knowledge base's rules and their cells, computed once and shared by the checks."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.derivers: dict[str, list[Rule]] = {}
        for rule in kb.rules:
            for name in rule.derives:
                self.derivers.setdefault(name, []).append(rule)
        self.overriders: dict[str, list[Rule]] = {}
        for rule in kb.rules:
            for other in rule.overrides:
                self.overriders.setdefault(other, []).append(rule)
        self.reads: dict[str, list[str]] = {rule.id: rule.reads for rule in kb.rules}
        self._domains: dict[str, list[Member]] = {}
        self._slices: dict[frozenset[str], Slice] = {}
        self._valid: dict[tuple[ValueClass, ...], tuple[tuple[str, Any], ...] | None] = {}

    def closure(self, seeds: Iterable[Rule]) -> set[str]:
        """The seeds and every rule they depend on: derivers of what they read, rules overriding them."""
        found: set[str] = set()
        stack = list(seeds)
        while stack:
            rule = stack.pop()
            if rule.id in found:
                continue
            found.add(rule.id)
            stack += [d for name in self.reads[rule.id] for d in self.derivers.get(name, [])]
            stack += self.overriders.get(rule.id, [])
        return found

    def base_facts(self, rule_ids: Iterable[str]) -> set[str]:
        """Profile facts the rules read, with the facts coupled to them."""
        types = self.kb.vocabulary.profile.types
        return _with_coupled({name for rid in rule_ids for name in self.reads[rid] if name in types}, self.kb)

    def slice(self, seeds: Iterable[Rule]) -> Slice:
        """The cells of the slice the seeds need (cached by slice)."""
        seeds = list(seeds)
        rules = frozenset(self.closure(seeds))
        if rules not in self._slices:
            self._slices[rules] = self._enumerate(rules, {r.id for r in seeds})
        return self._slices[rules]

    def rule_run(self, rule: Rule) -> Run:
        """The cells that decide whether one rule fires."""
        return self.slice([rule]).run_of(rule.id)

    def derived_domain(self, name: str) -> list[Member]:
        """Every value a derived fact takes for some person (a set for a multi-valued fact), and not derived."""
        if name not in self._domains:
            derivers = self.derivers.get(name, [])
            multiple = self.kb.derived_facts.get(name, {}).get("multiple", False)
            values: dict[Any, None] = {}
            if derivers:
                for cell in self.slice(derivers).run_of(derivers[0].id).cells:
                    value = cell.evaluation.derived.get(name, NOT_GIVEN)
                    values[frozenset(value) if multiple and value is not NOT_GIVEN else value] = None
            self._domains[name] = [Member(v, _derived_label(v)) for v in values or [NOT_GIVEN]]
        return self._domains[name]

    def _abstracted(self, rules: frozenset[str], seeds: set[str]) -> dict[str, frozenset[str]]:
        """Derived facts read in the slice whose own rules share no input with the rest of it."""
        out: dict[str, frozenset[str]] = {}
        read = {name for rid in rules for name in self.reads[rid] if name in self.kb.derived_facts}
        for name in sorted(read):
            own = frozenset(self.closure(self.derivers.get(name, [])))
            rest = rules - own
            if not own or own & seeds or not own <= rules:
                continue
            own_reads = {n for rid in own for n in self.reads[rid]}
            if any(n in self.kb.rule_by_id[rid].derives for rid in rest for n in own_reads | {name}):
                continue
            if not self.base_facts(own) & self.base_facts(rest):
                out[name] = own
        return out

    def _components(self, rules: frozenset[str]) -> list[set[str]]:
        """Rules joined when they share a fact (coupled facts count as one) or one overrides the other."""
        parent = {rid: rid for rid in rules}

        def find(rid: str) -> str:
            while parent[rid] != rid:
                parent[rid] = parent[parent[rid]]
                rid = parent[rid]
            return rid

        owner: dict[str, str] = {}
        for rid in sorted(rules):
            rule = self.kb.rule_by_id[rid]
            keys = _with_coupled(set(self.reads[rid]) | set(rule.derives), self.kb)
            links = [owner.setdefault(key, rid) for key in keys]
            links += [other for other in rule.overrides if other in rules]
            for other in links:
                parent[find(other)] = find(rid)
        groups: dict[str, set[str]] = {}
        for rid in sorted(rules):
            groups.setdefault(find(rid), set()).add(rid)
        return list(groups.values())

    def _enumerate(self, rules: frozenset[str], seeds: set[str]) -> Slice:
        abstracted = self._abstracted(rules, seeds)
        evaluated = rules - frozenset().union(*abstracted.values())
        runs = [self._run(frozenset(group), set(abstracted)) for group in self._components(evaluated)]
        return Slice(rules, runs)

    def _run(self, rules: frozenset[str], inputs: set[str]) -> Run:
        tests: dict[str, list[Test]] = {}
        for rid in sorted(rules):
            for test in tests_of(to_nnf(self.kb.rule_by_id[rid].condition)):
                tests.setdefault(test.fact, [])
                if test not in tests[test.fact]:
                    tests[test.fact].append(test)
        model = self.kb.vocabulary.profile
        tested = {f for f in tests if f in model.types}
        facts = sorted(_with_coupled(set(tested), self.kb) | (set(tests) & inputs))
        classes = []
        for fact in facts:
            domain = self.derived_domain(fact) if fact in inputs else profile_domain(fact, tests.get(fact, []), model)
            classes.append(value_classes(fact, tests.get(fact, []), domain))
        evaluator = SliceEvaluator(self.kb, rules)
        run = Run(rules, facts, classes, model=model,
                  order={rule.id: i for i, (rule, _) in enumerate(evaluator.rules)})
        index_of_rules = RuleIndex(evaluator, facts, classes)
        for index in itertools.product(*(range(len(c)) for c in classes)):
            person = self._person(facts, [classes[d][i] for d, i in enumerate(index)])
            if person is not None:
                candidates, holding = index_of_rules.candidates(index)
                run.cells.append(Cell(index, person, evaluator.evaluate(person, candidates, holding)))
        return run

    def _person(self, facts: list[str], chosen: list[ValueClass]) -> dict[str, Any] | None:
        """A valid person in the cell: for each group of coupled facts, the first choice of members
        that the profile accepts (only coupled facts can make a person invalid)."""
        person = {f: c.value for f, c in zip(facts, chosen, strict=True) if c.value is not NOT_GIVEN}
        for group in self.kb.vocabulary.profile.coupled:
            classes = tuple(c for f, c in zip(facts, chosen, strict=True) if f in group)
            if not classes:
                continue
            if classes not in self._valid:
                self._valid[classes] = _first_valid(classes, self.kb)
            values = self._valid[classes]
            if values is None:
                return None
            for f, v in values:
                if v is NOT_GIVEN:
                    person.pop(f, None)
                else:
                    person[f] = v
        return person


def _first_valid(classes: tuple[ValueClass, ...], kb: KnowledgeBase) -> tuple[tuple[str, Any], ...] | None:
    for pick in itertools.product(*(c.members for c in classes)):
        values = tuple((c.fact, m.value) for c, m in zip(classes, pick, strict=True))
        if valid_person({f: v for f, v in values if v is not NOT_GIVEN}, kb):
            return values
    return None


def _with_coupled(facts: set[str], kb: KnowledgeBase) -> set[str]:
    for group in kb.vocabulary.profile.coupled:
        if facts & group:
            facts |= group
    return facts


def _derived_label(value: Any) -> str:
    if value is NOT_GIVEN:
        return "not derived"
    if isinstance(value, frozenset):
        return " and ".join(sorted(value)) if value else "none"
    return str(value)
