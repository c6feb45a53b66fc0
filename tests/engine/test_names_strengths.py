"""A medication's strength, however it is written, is set aside and the medication read.

'warfarin 2.5mg' was not recognised (the stage number '2' was taken out of '2.5', leaving '.5mg'),
so a person on warfarin was given vitamin K amounts; '華法林鈉片（2.5mg）' named '2.5mg' as an
unknown medication. The names, units and stage numbers come from rules/vocabulary.yaml.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bonekb.engine.names import NameReader


def _strengths(units: list[str]) -> st.SearchStrategy[str]:
    whole = st.integers(min_value=0, max_value=999).map(str)
    decimal = st.tuples(st.integers(0, 99), st.integers(0, 99)).map(lambda p: f"{p[0]}.{p[1]}")
    unit = st.sampled_from(sorted(units)).flatmap(lambda u: st.sampled_from([u, u.upper()]))
    return st.tuples(st.one_of(whole, decimal), st.sampled_from(["", " "]), unit).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_medication_with_any_strength_is_read_as_the_medication(kb, data):
    vocab = kb.vocabulary
    reader = NameReader(vocab, "medications")
    name = data.draw(st.sampled_from(sorted(vocab.names_as_written["medications"])), label="name")
    strength = data.draw(_strengths(list(vocab.name_words["strength_units"])), label="strength")
    glued = ["{n}{s}"] if re.search(r"[\u4e00-\u9fff]$", name) else []  # 華法林2.5mg; never 'warfarin2.5mg'
    shape = data.draw(st.sampled_from(["{n} {s}", "{n}（{s}）", "{n} ({s})", *glued]), label="shape")
    written = shape.format(n=name, s=strength)
    expected = reader.read(name).ids
    reading = reader.read(written)
    assert reading.ids == expected and not reading.not_recognised, (written, reading)


def test_the_cases_a_tester_found_are_read(run_cli):
    for written in ("warfarin 2.5mg", "Coumadin 2.5mg", "华法林钠片2.5mg", "華法林鈉片（2.5mg）", "warfarin 3.5MG"):
        result = run_cli.json("recommend", "--age", "60", "--medication", written)
        assert result["profile"]["medications"] == ["vitamin_k_antagonist"], (written, result["profile"])
        assert not result["profile"].get("unrecognised", {}).get("medications"), written
