"""One template set, a catalog per language: t(key) in the sandbox, and what a broken or hostile catalog does."""

from __future__ import annotations

import re

import pytest

from bonekb.engine.audit.runner import run_audit
from bonekb.engine.errors import TemplateError
from bonekb.engine.explain.catalog import Catalog, placeholders
from bonekb.engine.explain.environment import make_environment, render
from bonekb.engine.knowledge import shipped_root
from bonekb.engine.languages import declared_languages


def _catalog(tmp_path, text: str) -> Catalog:
    folder = tmp_path / "xx"
    folder.mkdir(exist_ok=True)
    (folder / "words.yaml").write_text(text, encoding="utf-8")
    return Catalog.load(folder)


def _render(tmp_path, catalog: Catalog, template: str, name: str = "page.md.j2", **context) -> str:
    (tmp_path / name).write_text(template, encoding="utf-8")
    env = make_environment(tmp_path / "xx", {"t": catalog.function()}, shared=tmp_path)
    return render(env, name, context)


def test_the_templates_are_written_once():
    """Every template is in explanations/ itself; a language folder holds its catalog and question words."""
    root = shipped_root() / "explanations"
    assert sorted(p.name for p in root.glob("*.j2"))
    for lang in declared_languages():
        assert not list((root / lang).glob("*.j2")), lang
        assert (root / lang / "words.yaml").is_file() and (root / lang / "pages.yaml").is_file()


def test_a_text_is_filled_and_nested_keys_are_dotted(tmp_path):
    catalog = _catalog(tmp_path, "text:\n  why:\n    title: 'Why $name?'\n  sep: {list: ', '}\n")
    out = _render(tmp_path, catalog, '{{ t("why.title", name="K2") }}|{{ ["a", "b"] | join(t("sep.list")) }}')
    assert out == "Why K2?|a, b"


def test_a_fallback_is_used_only_when_the_key_is_missing(tmp_path):
    catalog = _catalog(tmp_path, "text:\n  reasons: {capped: capped at the limit}\n")
    out = _render(tmp_path, catalog, '{{ t("reasons." ~ a, a) }};{{ t("reasons." ~ b, b) }}', a="capped", b="new-code")
    assert out == "capped at the limit;new-code"


@pytest.mark.parametrize(("template", "words"), [
    ('{{ t("nope") }}', ["no text 'nope'"]),
    ('{{ t("x") }}', ["text 'x' uses $amount", "which the template does not give"]),
    ('{{ t("y", a=1) }}', ["text 'y' has a '$' that is not a placeholder"]),
])
def test_a_missing_text_or_placeholder_is_one_clear_error(tmp_path, template, words):
    catalog = _catalog(tmp_path, "text:\n  x: 'about $amount'\n  y: 'costs $5'\n")
    with pytest.raises(TemplateError) as err:
        _render(tmp_path, catalog, template)
    message = str(err.value)
    assert "\n" not in message and all(w in message for w in words), message


def test_a_catalog_text_is_never_a_format_string_or_an_attribute(tmp_path):
    """A hostile text: str.format fields and %-widths are plain characters, never evaluated."""
    catalog = _catalog(tmp_path, "text:\n  x: '{0.__class__} %(a)999999999s ${a}'\n")
    assert _render(tmp_path, catalog, '{{ t("x", a="A") }}') == "{0.__class__} %(a)999999999s A"


def test_a_filled_text_is_bounded(tmp_path):
    catalog = _catalog(tmp_path, "text:\n  x: '" + "$a" * 5000 + "'\n")
    with pytest.raises(TemplateError, match="MAX_TEMPLATE_OUTPUT"):
        _render(tmp_path, catalog, '{{ t("x", a="A" * 90000) }}')


def test_in_html_the_text_and_what_it_is_given_are_escaped_once(tmp_path):
    catalog = _catalog(tmp_path, "text:\n  x: '<b>$name</b> & co'\n")
    out = _render(tmp_path, catalog, '{% set m %}<i>it</i>{% endset %}{{ t("x", name="<s>") }}|{{ t("x", name=m) }}',
                  name="page.html.j2")
    assert out == "&lt;b&gt;&lt;s&gt;&lt;/b&gt; &amp; co|&lt;b&gt;<i>it</i>&lt;/b&gt; &amp; co"


@pytest.mark.parametrize("text", ["text: [a, b]\n", "text:\n  x: {a: 1}\n  y: 3\n", "omits: [x]\n"])
def test_a_malformed_catalog_is_refused_naming_the_place(tmp_path, text):
    with pytest.raises(TemplateError) as err:
        _catalog(tmp_path, text)
    assert re.search(r"words\.yaml:\d+:\d+: ", str(err.value)), err.value


def test_placeholders():
    assert placeholders("$a and ${b}, $$c, $d_1的") == {"a", "b", "d_1"}


def _findings(kb_copy, code: str) -> list[str]:
    return [f"{r.finding.path}: {r.finding.message}" for r in run_audit(kb_copy, select=[code]).reported]


def test_the_shipped_catalogs_agree():
    assert _findings(None, "M003") == [] and _findings(None, "M008") == []


def _edit(kb_copy, lang: str, old: str, new: str, name: str = "words.yaml") -> None:
    path = kb_copy / "explanations" / lang / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_text_a_language_lacks_is_found(kb_copy):
    _edit(kb_copy, "zh-Hant", "    first: 請先這樣做\n", "")
    found = _findings(kb_copy, "M003")
    assert any("asks for text 'handout.first', which explanations/zh-Hant/ lacks" in f for f in found), found


def test_a_text_in_one_language_only_is_found(kb_copy):
    _edit(kb_copy, "zh-Hant", "    first: 請先這樣做\n", "    first: 請先這樣做\n    extra: 多的\n")
    found = _findings(kb_copy, "M003")
    assert found == [f"explanations/zh-Hant/words.yaml: text 'handout.extra' is in zh-Hant but not in {lang}"
                     for lang in declared_languages() if lang != "zh-Hant"], found
    assert "no template uses text 'handout.extra'" in " ".join(_findings(kb_copy, "M008"))


def test_a_placeholder_no_template_gives_is_found(kb_copy):
    _edit(kb_copy, "en", "title: Why $name?", "title: Why $nutrient?")
    _edit(kb_copy, "zh-Hant", "title: 為什麼需要$name？", "title: 為什麼需要$nutrient？")
    found = _findings(kb_copy, "M003")
    assert any("text 'why.title' uses $nutrient, which no template gives it" in f for f in found), found


def test_a_placeholder_left_out_on_purpose_is_declared(kb_copy):
    """zh-Hant leaves a rule's English title out; without its `omits:` entry that is a finding."""
    _edit(kb_copy, "zh-Hant", "  outcomes.trace: [title]\n", "")
    found = _findings(kb_copy, "M003")
    assert found == ["explanations/zh-Hant/words.yaml: text 'outcomes.trace': placeholders differ between en and "
                     "zh-Hant ($title only in en); list one left out on purpose under omits:"], found


def test_a_broken_catalog_is_one_finding_and_one_line_for_the_reader(kb_copy, run_cli):
    _edit(kb_copy, "zh-Hant", "text:\n", "text: [broken]\nx:\n")
    assert any("catalog cannot be read" in f for f in _findings(kb_copy, "M003"))
    result = run_cli("--kb", str(kb_copy), "why", "k2", "--lang", "zh-Hant")
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "words.yaml" in result.output, result.output
