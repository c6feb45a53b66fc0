"""The question table (questions.yaml): what `bonekb ask` understands of questions as people write them.

Each row's intent, nutrients and facts must all be read for the row to count as understood (a row
`refused: true` must be refused in one line instead). The
share understood is printed; at least 95 % overall and every safety question (interactions, upper
limits) must be understood.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bonekb.engine.errors import InputError, ProfileError
from bonekb.engine.profile import normalise_profile
from bonekb.engine.questions import QuestionReader

TABLE = yaml.safe_load((Path(__file__).parent / "questions.yaml").read_text(encoding="utf-8"))["questions"]
OVERALL = 0.95


def _read_facts(kb, raw: dict[str, Any]) -> dict[str, Any]:
    """The question's raw facts as the table writes them: scalars as stated, names as the vocabulary's
    ids, amounts as the profile's reader converts them."""
    profile = normalise_profile(raw, kb.vocabulary)
    facts: dict[str, Any] = {k: raw[k] for k in ("age", "sex", "menopause", "pregnant", "breastfeeding") if k in raw}
    for kind in ("medications", "conditions"):
        if kind in raw:
            facts[kind] = sorted(profile.names.get(kind) or []) + sorted(profile.unrecognised.get(kind, []))
    if profile.taking:
        facts["taking"] = {n: a for n, a in profile.facts().items() if n.startswith("taking_") and a}
        facts["taking"] = {n.removeprefix("taking_"): a for n, a in facts["taking"].items()}
    return facts


def _expected_facts(row: dict[str, Any]) -> dict[str, Any]:
    facts = dict(row.get("facts") or {})
    for kind in ("medications", "conditions"):
        if kind in facts:
            facts[kind] = sorted(facts[kind])
    return facts


def _verdict(reader: QuestionReader, kb, row: dict[str, Any]) -> str | None:
    """None when the row is understood as the table says, else what differed."""
    if row.get("refused"):
        try:
            _read_facts(kb, reader.read(row["q"]).facts)
        except (InputError, ProfileError) as err:
            return None if "\n" not in str(err) else f"refused in more than one line: {err}"
        return "read, where it must be refused"
    question = reader.read(row["q"])
    if row["intent"] is None:
        return None if not question.understood else f"understood as {question.intent} {question.nutrients}"
    try:
        facts = _read_facts(kb, question.facts)
    except ProfileError as err:
        return f"facts {question.facts} refused: {err}"
    got = (question.intent, sorted(question.nutrients), facts)
    want = (row["intent"], sorted(row["nutrients"]), _expected_facts(row))
    return None if got == want else f"read {got}, expected {want}"


@pytest.fixture(scope="module")
def verdicts(kb):
    reader = QuestionReader(kb)
    return [(row, _verdict(reader, kb, row)) for row in TABLE]


def test_the_table_is_large_and_in_both_languages():
    assert len(TABLE) >= 214
    chinese = [r for r in TABLE if not r["q"].isascii()]
    assert len(chinese) >= 50 and len(TABLE) - len(chinese) >= 50
    assert sum(1 for r in TABLE if r.get("safety")) >= 40
    assert all(bool(r.get("safety")) == (r["intent"] in ("interactions", "too_much")) for r in TABLE)


def test_share_understood(verdicts, capsys):
    failed = [(row["q"], why) for row, why in verdicts if why is not None]
    safety = [row for row, _ in verdicts if row.get("safety")]
    safety_failed = [(row["q"], why) for row, why in verdicts if row.get("safety") and why is not None]
    share = 1 - len(failed) / len(verdicts)
    with capsys.disabled():
        print(f"\nquestion table: {len(verdicts) - len(failed)}/{len(verdicts)} understood ({share:.1%}); "
              f"safety questions {len(safety) - len(safety_failed)}/{len(safety)}")
        for question, why in failed:
            print(f"  not understood: {question!r}: {why}")
    assert not safety_failed, safety_failed
    assert share >= OVERALL, failed
