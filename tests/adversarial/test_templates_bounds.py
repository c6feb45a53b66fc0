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
    "doubling with ~": ('{% set s = "a"*90000 %}' + "{% set s = s ~ s %}" * 15 + "{{ s|length }}",
                        "MAX_TEMPLATE_SEQUENCE"),
    "doubling with join": ('{% set s = "a"*90000 %}' + "{% set s = [s, s]|join %}" * 15 + "{{ s|length }}",
                           "MAX_TEMPLATE_SEQUENCE"),
    "doubling with replace": ('{% set s = "a"*90000 %}' + '{% set s = s|replace("a", "aa") %}' * 15,
                              "MAX_TEMPLATE_SEQUENCE"),
    "replace by a long text": ('{% set s = "a"*90000 %}{{ s|replace("a", s)|length }}', "MAX_TEMPLATE_SEQUENCE"),
    "join of one list repeated": ('{{ ([("a"*90000)]*90000)|join|length }}', "MAX_TEMPLATE_SEQUENCE"),
    "indent by a long text": ('{{ ("\n"*90000)|indent("x"*90000)|length }}', "MAX_TEMPLATE_SEQUENCE"),
    "format filter of long texts": ('{% set s = "a"*90000 %}{{ "%s%s"|format(s, s) }}', "MAX_TEMPLATE_SEQUENCE"),
    "% of long texts": ('{% set s = "a"*90000 %}{{ "%s%s" % (s, s) }}', "MAX_TEMPLATE_SEQUENCE"),
    "wordwrap with a long wrapstring": ('{{ ("a "*50000)|wordwrap(1, wrapstring="x"*90000)|length }}',
                                        "MAX_TEMPLATE_SEQUENCE"),
    "string of a huge list": ('{{ ([("a"*90000)]*90000)|string|length }}', "MAX_TEMPLATE_SEQUENCE"),
    "printing a huge list": ('{{ [("a"*90000)]*90000 }}', "MAX_TEMPLATE_OUTPUT"),
    "sum of lists": ('{{ ([["a"]*90000]*90000)|sum(start=[])|length }}', "MAX_TEMPLATE_SEQUENCE"),
    "join of a map": ('{{ ([("a"*90000)]*90000)|map("string")|join|length }}', "MAX_TEMPLATE_SEQUENCE"),
    "str.join of a map": ('{{ "".join(([("a"*90000)]*90000)|map("string"))|length }}', "MAX_TEMPLATE_SEQUENCE"),
    "str.join": ('{% set s = "a"*90000 %}{{ "".join([s, s])|length }}', "MAX_TEMPLATE_SEQUENCE"),
    "str.replace": ('{% set s = "a"*90000 %}{{ s.replace("a", "aa")|length }}', "MAX_TEMPLATE_SEQUENCE"),
    "str.expandtabs": ('{{ ("\t"*90000).expandtabs(90000)|length }}', "MAX_TEMPLATE_SEQUENCE"),
    "str.format of one text twice": ('{% set s = "a"*90000 %}{{ "{0}{0}".format(s)|length }}',
                                     "MAX_TEMPLATE_SEQUENCE"),
    "str.translate": ('{% set s = "a"*90000 %}{{ s.translate({97: s})|length }}', "MAX_TEMPLATE_SEQUENCE"),
    "a self-calling macro doubling a long text": (
        '{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% else %}{{ "a"*90000 }}{% endif %}{% endmacro %}'
        "{{ m(15)|length }}", "MAX_TEMPLATE_OUTPUT"),
    "a set block written in a loop": ('{% set x %}{% for i in [0]*90000 %}{{ "a"*90000 }}{% endfor %}'
                                      "{% endset %}{{ x|length }}", "MAX_TEMPLATE_OUTPUT"),
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


def test_ordinary_text_building_is_untouched(tmp_path):
    text = ('{% set s = "ab" ~ 1 ~ "c" %}{{ s }}|{{ [s, "d"]|join("-") }}|{{ s|replace("b", "BB") }}|'
            '{{ "x\ny"|indent(2, true) }}|{{ "%s=%d"|format("n", 3) }}|{{ "-".join(["a", "b"]) }}|'
            '{{ "a{0}".format(1) }}|{{ "a"|center(3) }}|{{ [1, 2] }}|{{ [[1], [2]]|sum(start=[]) }}|'
            "{% set b %}{% for i in [0, 1, 2] %}{{ i }}{% endfor %}{% endset %}{{ b }}")
    assert _render(tmp_path, text) == "ab1c|ab1c-d|aBB1c|  x\n  y|n=3|a-b|a1| a |[1, 2]|[1, 2]|012"


def test_an_html_template_still_escapes_what_it_joins_with_tilde(tmp_path):
    folder = tmp_path / "en"
    folder.mkdir()
    (folder / "page.html.j2").write_text("{{ '<b>' ~ x }}", encoding="utf-8")
    assert render(make_environment(folder, {}), "page.html.j2", {"x": "&"}) == "&lt;b&gt;&amp;"


GROWING = {  # each used 4 to 6 GB and up to a minute before the bounds on every way text grows
    "~": "{% set s = s ~ s %}",
    "join": "{% set s = [s, s]|join %}",
    "replace": '{% set s = s|replace("a", "aa") %}',
}


@pytest.mark.parametrize("name", sorted(GROWING))
def test_doubling_a_text_in_a_knowledge_base_is_refused_in_little_memory(kb_copy, name):
    import os
    import subprocess
    import sys

    from .hostile_kb import BONEKB

    target = kb_copy / "explanations" / "k2.md.j2"
    assert target.is_file()
    target.write_text(target.read_text(encoding="utf-8") + '{% set s = "a"*90000 %}' + GROWING[name] * 15
                      + "{{ s|length }}", encoding="utf-8")
    measured = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
                "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", measured, BONEKB, "--kb", str(kb_copy), "why", "k2"],
                            capture_output=True, text=True, timeout=60, check=False,
                            env={**os.environ, "BONEKB_NO_CACHE": "1"})
    assert result.returncode == 2, (result.stdout[-300:], result.stderr[-300:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "k2.md.j2" in lines[0] and "MAX_TEMPLATE_SEQUENCE" in lines[0], result.stderr[-1000:]
    peak_kb = int(result.stdout.split()[-1])  # ru_maxrss is in kB on Linux
    assert peak_kb < 500 * 1024, f"peak memory {peak_kb / 1024:.0f} MB"


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
