"""The engine's traps handled (shared/guides/durable-rules.md): memory, threads, 1,024 sessions,
swallowed action errors, freeing, and two knowledge bases in one process."""

from __future__ import annotations

import gc
import json
import random
import subprocess
import sys
import threading
import weakref
from typing import Any

import durable_rules_engine
import pytest

from bonekb.engine.errors import RuleActionError
from bonekb.engine.evaluate import Evaluator
from bonekb.engine.languages import declared_languages
from bonekb.engine.session import RuleSession
from bonekb.engine.trace import RulePlan
from bonekb.engine.validate import load_knowledge_base

# A rule text worded in every language the shipped manifest declares (a language is added as data).
WORDED = "{" + ", ".join(f"{lang}: n" for lang in declared_languages()) + "}"

PEOPLE = 1500          # more than durable-rules' 1,024 live sessions per ruleset
WARM_UP = 300
RSS_TOLERANCE_KIB = 4096


def _status(key: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    raise AssertionError(f"no {key} in /proc/self/status")


def _handles(session: RuleSession) -> list[int]:
    """The C rulesets a live session will free (what its finalizer holds), however the session keeps them."""
    peeked = session._finalizer.peek()
    assert peeked is not None, "the session is already closed"
    args = [a for arg in peeked[2] for a in (arg if isinstance(arg, list) else [arg])]
    assert args and all(isinstance(a, int) for a in args)
    return args


def _state_error(handle: int, sid: str) -> str:
    """durable-rules' error for reading a state: code 309 no such state, 111 no such ruleset."""
    with pytest.raises(durable_rules_engine.error) as caught:
        durable_rules_engine.get_state(handle, sid)
    return str(caught.value)


def _people(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """Varied raw profiles (every group, scope edges, sun, diet, supplements, medications), reproducible."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        person: dict[str, Any] = {"age": rnd.choice([1, 3.5, 8, 13.9, 16, 19, 35, 50, 55, 64.9, 65, 70, 90,
                                                     round(rnd.uniform(0, 130), 3)])}
        sex = rnd.choice(["female", "male", None])
        if sex:
            person["sex"] = sex
        if sex != "male" and rnd.random() < 0.5:
            person["menopause"] = rnd.choice(["pre", "peri", "post"])
        if sex != "male" and rnd.random() < 0.05:
            person["pregnant"] = True
        if rnd.random() < 0.5:
            person["sun"] = rnd.choice(["low", "enough"])
        else:
            person.update(sun_minutes=rnd.choice([0, 10, 20, 45]), sun_midday=rnd.random() < 0.5,
                          arms_legs_bare=rnd.random() < 0.5)
        if rnd.random() < 0.5:
            person["diet_calcium"] = rnd.randint(0, 2500)
        person["taking"] = rnd.sample(["calcium carbonate 1250 mg", "D3 1000 IU", "K2 100 ug", "K1 80 ug",
                                       "calcium citrate 3000 mg", "vitamin D 250 ug"], rnd.randint(0, 3))
        person["medications"] = rnd.sample(["warfarin", "levothyroxine", "omeprazole", "frobnazol"], rnd.randint(0, 2))
        out.append(person)
    return out


def test_thousands_of_people_in_one_process_memory_flat_no_threads_no_session_limit(evaluator):
    people = _people(PEOPLE)
    threads, os_threads = threading.active_count(), _status("Threads")
    for person in people[:WARM_UP]:
        evaluator.evaluate(person)
    gc.collect()
    rss_after_warm_up = _status("VmRSS")
    outcomes = [evaluator.evaluate(person).in_scope for person in people[WARM_UP:]]
    gc.collect()
    rss_after_all = _status("VmRSS")
    print(f"\n{PEOPLE} people: VmRSS {rss_after_warm_up} KiB after {WARM_UP}, {rss_after_all} KiB after all "
          f"({rss_after_all - rss_after_warm_up:+d} KiB); threads {threads} -> {threading.active_count()}, "
          f"OS threads {os_threads} -> {_status('Threads')}")
    assert len(outcomes) == PEOPLE - WARM_UP and True in outcomes and False in outcomes
    assert rss_after_all - rss_after_warm_up < RSS_TOLERANCE_KIB
    assert threading.active_count() == threads
    assert _status("Threads") == os_threads


def test_each_persons_engine_state_is_deleted(kb):
    with RuleSession(kb) as session:
        [handle] = _handles(session)
        for person in ({"age": 35}, {"age": 8, "sun": "low"}, {}):
            assert session.evaluate(person).firings
        for sid in ("1", "2", "3"):
            assert "309" in _state_error(handle, sid)   # no such state (the ruleset itself answers)


def test_sessions_start_no_threads_and_are_freed_when_dropped(kb):
    threads, os_threads = threading.active_count(), _status("Threads")
    refs = []
    for _ in range(30):
        session = RuleSession(kb)
        session.evaluate({"age": 35, "sex": "male"})
        refs.append(weakref.ref(session))
        del session
    gc.collect()
    assert [r for r in refs if r() is not None] == []
    assert threading.active_count() == threads and _status("Threads") == os_threads


def test_a_closed_session_frees_its_ruleset_and_refuses_use(kb):
    session = RuleSession(kb)
    assert session.evaluate({"age": 35}).firings
    [handle] = _handles(session)
    assert "309" in _state_error(handle, "1")      # the ruleset is there (the state is not)
    session.close()
    session.close()  # closing twice is harmless
    with pytest.raises(RuntimeError, match="closed"):
        session.evaluate({"age": 35})
    assert "111" in _state_error(handle, "1")      # the C ruleset is gone
    with Evaluator(kb) as evaluator:
        evaluator.evaluate({"age": 35})
    with pytest.raises(RuntimeError, match="closed"):
        evaluator.evaluate({"age": 35})


# --- an error inside a rule action is raised, not swallowed ---------------------------------------

ACTION_RULES = """
rules:
  - id: one.derives
    title: derives a band
    sources: [DOSE-1]
    when: {fact: age, at_least: 0}
    then: {derive: {band: any}}
  - id: two.reads
    title: reads the band
    sources: [DOSE-1]
    when: {fact: band, equals: any}
    then: {note: WORDED}
""".replace("WORDED", WORDED)
ACTION_FACTS = "facts:\n  band:\n    values: [any]\n    description: test\n"


def test_an_action_error_is_raised_as_rule_action_error(tiny_kb, monkeypatch):
    kb = load_knowledge_base(tiny_kb(ACTION_RULES, ACTION_FACTS))
    real_fire = RulePlan.fire

    def failing_fire(self, rule, evaluation, matched):
        if rule.id == "two.reads":
            raise ZeroDivisionError("boom in the action")
        return real_fire(self, rule, evaluation, matched)

    with RuleSession(kb) as session:
        assert [f.rule for f in session.evaluate({"age": 40}).firings] == ["one.derives", "two.reads"]
        monkeypatch.setattr(RulePlan, "fire", failing_fire)
        with pytest.raises(RuleActionError, match=r"two\.reads: boom in the action") as caught:
            session.evaluate({"age": 40})
        assert caught.value.exit_code == 1
        assert "\n" not in str(caught.value) and "Traceback" not in str(caught.value)
        # the failed person's state was deleted: more than 1,024 failures do not exhaust the sessions
        for _ in range(1100):
            with pytest.raises(RuleActionError):
                session.evaluate({"age": 40})
        monkeypatch.setattr(RulePlan, "fire", real_fire)
        assert [f.rule for f in session.evaluate({"age": 40}).firings] == ["one.derives", "two.reads"]


def test_an_action_error_reaches_the_command_line_as_one_line(tiny_kb, monkeypatch, run_cli):
    root = tiny_kb(ACTION_RULES, ACTION_FACTS)

    def failing_fire(self, rule, evaluation, matched):
        raise ValueError("cannot fire")

    monkeypatch.setattr(RulePlan, "fire", failing_fire)
    result = run_cli("recommend", "--age", "40", "--kb", str(root))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["bonekb: a rule action failed: one.derives: cannot fire"]


# --- two knowledge bases in one process -----------------------------------------------------------

def test_two_evaluators_on_two_knowledge_bases_stay_separate(kb, kb_copy):
    table = kb_copy / "rules" / "table.yaml"
    old = "{nutrient: k2, kind: supplement, min: 75, max: 150, unit: ug}"
    table.write_text(table.read_text(encoding="utf-8").replace(old, old.replace("75", "77")), encoding="utf-8")
    with Evaluator(kb) as shipped, Evaluator.open(kb_copy) as changed:
        for age in (35, 40, 50):
            assert shipped.evaluate({"age": age}).recommendation("k2").min == 75
            assert changed.evaluate({"age": age}).recommendation("k2").min == 77
        assert shipped.evaluate({"age": 8}).recommendation("k2").min == changed.evaluate({"age": 8}).recommendation(
            "k2").min == 15
    with Evaluator(kb) as again:   # the shipped one, opened again after the others closed
        assert again.evaluate({"age": 35}).recommendation("k2").min == 75


def test_one_session_from_several_threads_gives_the_same_answers(evaluator):
    people = _people(120, seed=11)
    expected = [json.dumps(evaluator.evaluate(p).as_dict()) for p in people]
    results: dict[int, list[str]] = {}

    def work(worker: int) -> None:
        results[worker] = [json.dumps(evaluator.evaluate(p).as_dict()) for p in people]

    workers = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert all(results[i] == expected for i in range(4))


# --- a person no rule matches (durable-rules crashed deleting such a session) ---------------------

NO_MATCH_RULES = """
rules:
  - id: joins.a-derived-fact
    title: a join whose person pattern every person matches
    sources: [DOSE-1]
    when: {fact: band, equals: any}
    then: {note: WORDED}
  - id: derives.for-toddlers
    title: derives only under 4
    sources: [DOSE-1]
    when: {fact: age, below: 4}
    then: {derive: {band: any}}
""".replace("WORDED", WORDED)
NO_MATCH_SCRIPT = """
import sys
from bonekb.engine.session import RuleSession
from bonekb.engine.validate import load_knowledge_base
with RuleSession(load_knowledge_base(sys.argv[1])) as session:
    for person in [{}] + [{"age": 40}] * 2000 + [{"age": 2}]:
        fired = [f.rule for f in session.evaluate(person).firings]
print(fired)
"""


def test_people_no_rule_matches_do_not_crash_the_process(tiny_kb):
    root = tiny_kb(NO_MATCH_RULES, ACTION_FACTS)
    done = subprocess.run([sys.executable, "-c", NO_MATCH_SCRIPT, str(root)], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert done.stdout.strip() == "['derives.for-toddlers', 'joins.a-derived-fact']"
