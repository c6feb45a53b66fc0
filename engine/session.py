"""The one module that touches durable-rules: a ruleset per knowledge base, one session per person.

It drives durable-rules' C engine (durable_rules_engine) directly: assert the person, then take
each action the engine's agenda starts, run it, and complete it, until none is left. The engine
does all the matching and ordering; durable's Python layer (Host, Closure, Promise) is left out
because per firing it decoded and re-encoded the session state as JSON, read the clock twice and
built closures, about a third of the time of an evaluation, for features bonekb does not use
(timers, async actions, state updates from actions).

Designed around the engine's measured traps (shared/guides/durable-rules.md):
- no host, so no background dispatch or timer threads, and nothing runs actions behind the
  caller's back; the C ruleset is freed when the session is closed or garbage-collected;
- a lock around each evaluation (the sequence of C calls is not atomic);
- every session's state deleted in `finally` (1,024 live sessions crash the process);
- a sink rule, so no fact is ever "not handled", and a start rule every person fires, because
  deleting a session in which no action started crashes the process (compiler.START_RULE);
- an error inside an action abandons the action and is raised as RuleActionError;
- derived facts asserted once (the engine refuses a duplicate).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
import threading
import weakref
from typing import Any

import durable_rules_engine

from .compiler import RULESET, compile_ruleset, derived_fact, person_fact
from .errors import KnowledgeBaseError, RuleActionError
from .knowledge import KnowledgeBase, Rule
from .trace import Evaluation, RulePlan

# durable_rules_engine.assert_fact answers (code, state handle); these codes mean the fact was refused.
_REFUSED = {1: "no rule handles it", 2: "it was asserted already"}


def _free(handle: int) -> None:
    with contextlib.suppress(Exception):  # freeing at interpreter exit must never raise
        durable_rules_engine.delete_ruleset(handle)


class RuleSession:
    """Runs a knowledge base's rules over one person at a time."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._lock = threading.Lock()
        self._sids = itertools.count(1)
        self._plan = RulePlan(kb)
        definition = compile_ruleset(kb)[RULESET]
        # durable rule name -> the rule its action fires (None: the sink) and the profile facts that rule reads
        self._actions: dict[str, tuple[Rule | None, list[str]]] = {}
        for name, spec in definition.items():
            rule = kb.rule_by_id.get(spec.pop("run"))
            self._actions[name] = (rule, sorted(set(rule.reads) - self._plan.derived_names) if rule else [])
        # the person fact carries only the profile facts some rule reads: less JSON per firing
        self._person_facts = {name for rule in kb.rules for name in rule.reads} - self._plan.derived_names
        try:
            self._handle = durable_rules_engine.create_ruleset(RULESET, json.dumps(definition, ensure_ascii=False))
        except durable_rules_engine.error as err:
            refused = engine_refusal(kb)
            rule, problem = refused if refused else (None, refusal_text(err))
            where = rule.position("when") if rule else None
            problem = f"rule '{rule.id}': {problem}" if rule else problem
            raise KnowledgeBaseError(where.path if where else "rules", f"S011 {problem}",
                                     where.line if where else None, where.column if where else None) from None
        self._finalizer = weakref.finalize(self, _free, self._handle)

    def close(self) -> None:
        """Free the engine's C-side ruleset now."""
        self._finalizer()

    def __enter__(self) -> RuleSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def evaluate(self, facts: dict[str, Any]) -> Evaluation:
        """Assert the person, let the rules chain to the end, and return what fired."""
        if not self._finalizer.alive:
            raise RuntimeError("this RuleSession is closed")
        person = {name: value for name, value in facts.items() if name in self._person_facts}
        with self._lock:
            sid = str(next(self._sids))
            try:
                return self._run(sid, {**person_fact(person), "sid": sid})
            except durable_rules_engine.error as err:
                raise RuleActionError(f"the rules engine failed: {err}") from None
            finally:
                durable_rules_engine.delete_state(self._handle, sid)

    def _run(self, sid: str, person: dict[str, Any]) -> Evaluation:
        handle, plan = self._handle, self._plan
        evaluation = Evaluation()
        state = self._assert(person)
        started = durable_rules_engine.start_action_for_state(handle, state)
        message = json.loads(started[1]) if started else None
        while message:
            name, matched = next(iter(message.items()))
            rule, reads = self._actions[name]
            # a rule fires at most once per person, whichever alternative matched; the sink never fires
            if rule is not None and not evaluation.has_fired(rule.id):
                try:
                    for fact, value in plan.fire(rule, evaluation, _matched(matched, reads)):
                        self._assert({**derived_fact(fact, value), "sid": sid})
                except Exception as err:
                    durable_rules_engine.abandon_action(handle, state)
                    raise RuleActionError(f"a rule action failed: {rule.id}: {err}") from err
            following = durable_rules_engine.complete_and_start_action(handle, state)
            message = json.loads(following) if following else None
        return evaluation

    def _assert(self, fact: dict[str, Any]) -> int:
        code, state = durable_rules_engine.assert_fact(self._handle, json.dumps(fact, ensure_ascii=False))
        if code in _REFUSED:
            raise RuleActionError(f"the rules engine refused {fact}: {_REFUSED[code]}")
        return state


# durable_rules_engine's codes for a ruleset it cannot create, in words (shared/guides/durable-rules.md).
_ENGINE_CODES = {
    106: "more than the engine's 4,096 compiled rules (an 'any' over derived facts compiles to one per branch)",
    108: "too many facts joined in one rule (each test of a derived fact is one; an 'any' of them multiplies)",
    113: "conditions nested deeper than the engine takes",
    204: "a literal the engine cannot parse",
}


def refusal_text(err: BaseException) -> str:
    """The engine's refusal in words: 'Could not create ruleset, error code: 113' -> what 113 means."""
    match = re.search(r"error code: (\d+)", str(err))
    code = int(match.group(1)) if match else None
    words = _ENGINE_CODES.get(code or -1, "it cannot create the ruleset")
    return f"the rules engine refuses the rules: {words}" + (f" (durable-rules error {code})" if code else "")


def _refusal(definition: dict[str, Any]) -> str | None:
    try:
        handle = durable_rules_engine.create_ruleset(RULESET, json.dumps(definition, ensure_ascii=False))
    except durable_rules_engine.error as err:
        return refusal_text(err)
    except MemoryError:
        return "the rules engine refuses the rules: out of memory building them"
    _free(handle)
    return None


def engine_refusal(kb: KnowledgeBase) -> tuple[Rule | None, str] | None:
    """Whether durable-rules refuses the knowledge base's compiled rules: (the rule at fault when one
    alone is refused, else None; the refusal in words), or None when the engine takes them.

    The audit's check S011 and RuleSession report it, so a knowledge base the audit passes loads."""
    definition = compile_ruleset(kb)[RULESET]
    for spec in definition.values():
        spec.pop("run", None)
    whole = _refusal(definition)
    if whole is None:
        return None
    frame = {name: spec for name, spec in definition.items() if "#" in name and name.split("#")[1] in ("start", "sink")}
    for rule in kb.rules:
        own = {name: spec for name, spec in definition.items() if name.split("#")[0] == rule.id}
        problem = _refusal({**frame, **own}) if own else None
        if problem:
            return rule, problem
    return None, whole


def _matched(messages: dict[str, Any], person_reads: list[str]) -> dict[str, Any]:
    """The facts a firing matched: the profile facts its condition reads (null: matched as not given),
    and the derived facts its patterns joined."""
    matched: dict[str, Any] = {}
    for fact in messages.values():
        if fact.get("t") == "p":
            for name in person_reads:
                value = fact.get(name)
                matched[name] = sorted(value) if isinstance(value, dict) else value
        elif fact.get("t") == "d":
            matched[fact["n"]] = fact["v"]
    return matched
