"""The one module that touches durable-rules: a host per knowledge base, one session per person.

Designed around the engine's measured traps (shared/guides/durable-rules.md):
- a SyncHost with no background timer threads, so nothing runs actions behind the caller's back
  and a closed engine is garbage-collected, its C ruleset freed;
- a lock around each evaluation (the Python side of an evaluation is not atomic);
- every session's state deleted in `finally` (1,024 live sessions crash the process);
- a sink rule, so no fact is ever "not handled";
- errors inside actions, which durable-rules swallows into the state, raised as RuleActionError;
- derived facts asserted once (a duplicate would raise inside the action).
"""

from __future__ import annotations

import contextlib
import copy
import itertools
import threading
import weakref
from collections.abc import Callable
from typing import Any

import durable_rules_engine
from durable import engine as durable_engine

from .compiler import RULESET, SINK_ACTION, compile_ruleset, derived_fact, person_fact
from .errors import RuleActionError
from .knowledge import KnowledgeBase, Rule
from .trace import Evaluation, RulePlan


class _SyncHost(durable_engine.Host):
    """A durable-rules host without its self-rescheduling timer threads; actions looked up by name."""

    def __init__(self, actions: dict[str, Callable[[Any], None]]) -> None:
        self._actions = actions
        super().__init__()

    def _run(self) -> None:  # no dispatch or timer threads: every chain runs in the caller's call
        pass

    def get_action(self, action_name: str) -> Callable[[Any], None]:
        return self._actions[action_name]


def _free(handles: list[int]) -> None:
    for handle in handles:
        with contextlib.suppress(Exception):  # freeing at interpreter exit must never raise
            durable_rules_engine.delete_ruleset(handle)


class RuleSession:
    """Runs a knowledge base's rules over one person at a time."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._lock = threading.Lock()
        self._sids = itertools.count(1)
        self._current: Evaluation | None = None
        self._plan = RulePlan(kb)
        actions: dict[str, Callable[[Any], None]] = {rule.id: self._action_for(rule) for rule in kb.rules}
        actions[SINK_ACTION] = lambda c: None
        self._host = _SyncHost(actions)
        self._host.register_rulesets(copy.deepcopy(compile_ruleset(kb)))
        handles = [rs._handle for rs in self._host._ruleset_list]
        self._finalizer = weakref.finalize(self, _free, handles)

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
        with self._lock:
            sid = str(next(self._sids))
            self._current = evaluation = Evaluation()
            try:
                state = self._host.assert_fact(RULESET, {**person_fact(facts), "sid": sid})
                if state and state.get("exception"):
                    raise RuleActionError(f"a rule action failed: {state['exception']}")
            except durable_rules_engine.error as err:
                raise RuleActionError(f"the rules engine failed: {err}") from None
            finally:
                self._current = None
                self._host.delete_state(RULESET, sid)
        return evaluation

    def _action_for(self, rule: Rule) -> Callable[[Any], None]:
        reads = set(rule.reads)
        plan = self._plan

        def action(c: Any) -> None:
            evaluation = self._current
            if evaluation is None or evaluation.has_fired(rule.id):
                return  # a rule fires at most once per person, whichever alternative matched
            for name, value in plan.fire(rule, evaluation, _matched(c._m, reads, plan.derived_names)):
                c.assert_fact(derived_fact(name, value))

        return action


def _matched(messages: dict[str, Any], reads: set[str], derived_names: set[str]) -> dict[str, Any]:
    """The facts a firing matched, limited to those its condition reads (null: matched as not given)."""
    matched: dict[str, Any] = {}
    for fact in messages.values():
        if fact.get("t") == "p":
            for name in sorted(reads - derived_names):
                value = fact.get(name)
                matched[name] = sorted(value) if isinstance(value, dict) else value
        elif fact.get("t") == "d":
            matched[fact["n"]] = fact["v"]
    return matched
