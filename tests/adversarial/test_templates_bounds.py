"""Classes 2 and 3, templates: the sandbox bounds power, repetition, calls, loops and output, and a
template's runtime error is one line naming the template, never a traceback or a hang."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bonekb.engine.errors import TemplateError
from bonekb.engine.explain.environment import make_environment, render

from .hostile_kb import assert_one_line_refusal, run

HOSTILE = {
    "power": ("{{ 9**(9**9) }}", "MAX_TEMPLATE_NUMBER_DIGITS"),
    "power of a big base": ("{{ (10**50) ** 3 }}", "MAX_TEMPLATE_NUMBER_DIGITS"),
    "product of big numbers": ("{% set n = 10**90 %}{{ n * n * n }}", "MAX_TEMPLATE_NUMBER_DIGITS"),
    "repeated text": ("{{ 'a' * 10**7 }}", "MAX_TEMPLATE_SEQUENCE"),
    "repeated list": ("{{ ([0] * 100000000)|length }}", "MAX_TEMPLATE_SEQUENCE"),
    "wordwrap of a huge text": ("{{ ('a ' * 10**7)|wordwrap(1) }}", "MAX_TEMPLATE_SEQUENCE"),
    "nested loops": ("{% for a in [0]*100000 %}{% for b in [0]*100000 %}{% endfor %}{% endfor %}",
                     "MAX_TEMPLATE_LOOP_STEPS"),
    "macro recursing twice per level": (
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(60) }}",
        "MAX_TEMPLATE"),
    "macro recursing without end": ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "MAX_TEMPLATE_CALL_DEPTH"),
    "a wide centre": ("{{ 'x'|center(1000000000) }}", "MAX_TEMPLATE_SEQUENCE"),
    "a wide format": ("{{ '%999999999d' % 1 }}", "format width"),
    "a wide str.format": ("{{ '{:>999999999}'.format(1) }}", "format width"),
    "a wide format filter": ("{{ '%999999999d'|format(1) }}", "format width"),
    "output too large": ("{% for i in [0]*90000 %}{{ 'a' * 50 }}{% endfor %}", "MAX_TEMPLATE_OUTPUT"),
    "division by zero": ("{{ 1 / 0 }}", "ZeroDivisionError"),
    "modulo by zero": ("{{ 1 % 0 }}", "ZeroDivisionError"),
}


def _render(tmp_path: Path, text: str) -> str:
    folder = tmp_path / "en"
    folder.mkdir(exist_ok=True)
    (folder / "hostile.md.j2").write_text(text, encoding="utf-8")
    return render(make_environment(folder, {}), "hostile.md.j2", {})


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_templates_are_refused_fast_naming_the_template(tmp_path, name):
    text, words = HOSTILE[name]
    started = time.monotonic()
    with pytest.raises(TemplateError) as caught:
        _render(tmp_path, text)
    message = str(caught.value)
    assert "hostile.md.j2" in message and words in message, message
    assert len(message) < 400 and "\n" not in message
    assert time.monotonic() - started < 10


def test_ordinary_template_work_is_untouched(tmp_path):
    text = ("{% macro twice(x) %}{{ x }}{{ x }}{% endmacro %}{% for i in [1, 2, 3] %}{{ twice(i) }}{% endfor %}"
            "|{{ 2 ** 10 }}|{{ 'ab' * 3 }}|{{ '%5.1f' % 3.14159 }}|{{ 'x'|center(5) }}")
    assert _render(tmp_path, text) == "112233|1024|ababab|  3.1|  x  "


def test_a_budget_is_per_rendering(tmp_path):
    text = "{% for a in [0]*1000 %}{% for b in [0]*100 %}{% endfor %}{% endfor %}done"
    for _ in range(5):  # 100,000 steps each, so five renderings would exhaust one shared budget
        assert _render(tmp_path, text) == "done"


@pytest.mark.parametrize("name", ["power", "nested loops", "macro recursing without end", "division by zero"])
def test_a_hostile_template_in_a_knowledge_base_is_one_line_from_the_cli(kb_copy, name):
    text, words = HOSTILE[name]
    target = kb_copy / "explanations" / "handout.md.j2"  # the template every language shares
    assert target.is_file()
    target.write_text(text, encoding="utf-8")
    assert_one_line_refusal(run("explain", "--kb", str(kb_copy), "--age", "40", timeout=30),
                            "handout.md.j2", words)


def test_an_expression_nested_20000_deep_is_one_line_to_render_and_one_finding_to_audit(kb_copy):
    from bonekb.engine.audit.runner import run_audit

    target = kb_copy / "explanations" / "en" / "handout.md.j2"
    target.write_text("{{ " + "(" * 20_000 + "1" + ")" * 20_000 + " }}", encoding="utf-8")
    assert_one_line_refusal(run("explain", "--kb", str(kb_copy), "--age", "40"), "handout.md.j2", "too deep")
    found = [r.finding for r in run_audit(kb_copy, select=["M004"]).reported]
    assert [(f.path, f.code) for f in found] == [("explanations/en/handout.md.j2", "M004")]
