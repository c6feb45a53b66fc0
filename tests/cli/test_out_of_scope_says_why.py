"""`recommend` for a person out of scope says why on its "Out of scope" line, in both languages (before:
"Out of scope: No amounts are given." and the reason only further down). For an infant the wording is
what the knowledge base does: the article's table starts at age 4, so no amounts; the references'
reference values for the age are shown, and they are total intakes, not a supplement dose."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("lang", "words"), [
    ("en", ("Out of scope: No amounts are given. The article's table starts at age 4",
            "reference values shown are the references' daily intakes from all sources")),
    ("zh-Hant", ("超出範圍：不提供建議量。文章的表格從4歲開始", "並非補充劑劑量")),
])
def test_an_infant_is_told_why_on_the_out_of_scope_line(run_cli, lang, words):
    out = run_cli("recommend", "--age", "0.5", "--lang", lang).stdout
    line = next(li for li in out.splitlines() if li.startswith(words[0][:4]))
    assert line.startswith(words[0]) and words[1] in line, out
    assert out.count(words[1]) == 1, out  # said once, not again among the notes


def test_the_infants_reference_values_are_still_shown(run_cli):
    data = run_cli.json("recommend", "--age", "0.5")
    assert not data["in_scope"] and not data["recommendations"]
    assert {r["rule"] for r in data["reference_intakes"]} >= {"reference.calcium.7-12-months"}
