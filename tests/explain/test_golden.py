"""Golden files: one rendered output per template and language, compared byte for byte.

Regenerate on purpose only: BONEKB_REGENERATE_GOLDEN=1 pytest tests/explain/test_golden.py,
then read the diff before committing it. A meta-test checks that the cases load every template.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from bonekb.engine.explain import environment
from bonekb.engine.explain.explainer import answer_question, explain_nutrient, make_handout
from bonekb.engine.explain.formats import format_explanation
from bonekb.engine.explain.resulttext import result_text
from bonekb.engine.languages import declared_languages
from bonekb.engine.questions import QuestionReader

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("BONEKB_REGENERATE_GOLDEN") == "1"
LANGS = declared_languages()  # the shipped manifest's: a language added as data gets its golden files
# The questions of the `ask` cases, per language and intent: data, beside this file.
QUESTIONS = yaml.safe_load((Path(__file__).parent / "golden-questions.yaml").read_text(encoding="utf-8"))

# case name -> (what to render, output format); each template is loaded by at least one case.
CASES = {
    **{f"why-{n}": (("why", n, None), "markdown") for n in ("calcium", "d3", "k2", "k1")},
    "why-k2-pre50": (("why", "k2", "pre50"), "markdown"),
    "ask-what_is": (("ask", "what_is", None), "markdown"),
    "ask-how_much": (("ask", "how_much", None), "markdown"),
    "ask-how_much-post60": (("ask", "how_much", "post60"), "markdown"),
    "ask-enough-pre50": (("ask", "enough", "pre50"), "markdown"),
    "ask-what_if-pre50": (("ask", "what_if", "pre50"), "markdown"),
    "ask-help": (("ask", "help", None), "markdown"),
    "ask-too_much": (("ask", "too_much", None), "markdown"),
    "ask-too_much-warfarin60": (("ask", "too_much", "warfarin60"), "markdown"),
    "ask-interactions": (("ask", "interactions", None), "markdown"),
    "ask-interactions-warfarin60": (("ask", "interactions", "warfarin60"), "markdown"),
    "handout-post60": (("explain", None, "post60"), "markdown"),
    "handout-post60-html": (("explain", None, "post60"), "html"),
    # bonekb recommend as text (recommend.txt.j2): amounts against what is taken, a warning with
    # its amounts and units, the reference values, and a refusal out of scope
    "recommend-post60": (("recommend", None, "post60"), "text"),
    "recommend-warfarin60": (("recommend", None, "warfarin60"), "text"),
    "recommend-pregnant": (("recommend", None, "pregnant"), "text"),
}
SUFFIXES = {"html": ".html", "text": ".txt", "markdown": ".md"}


def _render(explainers, kb, person, lang: str, case: str) -> str:
    (command, what, who), output_format = CASES[case]
    explainer = explainers[lang]
    someone = person(who) if who else None
    if command == "recommend":  # its first line names the digest of every KB file: kept out of the golden file
        text = result_text(kb.explanations_dir / lang, someone.result.as_dict(lang), kb.vocabulary.profile.age_fields)
        return re.sub(r"sha256:[0-9a-f]+…", "sha256:…", text, count=1)
    if command == "why":
        explanation = explain_nutrient(explainer, what, someone)
    elif command == "ask":
        question = QuestionReader(kb).read(QUESTIONS[lang][what])
        assert question.lang == lang, f"{QUESTIONS[lang][what]!r} is read as {question.lang}, not {lang}"
        explanation = answer_question(explainer, question, someone)
    else:
        explanation = make_handout(explainer, someone)
    return format_explanation(explainer, explanation, output_format)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(explainers, kb, person, lang, case):
    rendered = _render(explainers, kb, person, lang, case)
    suffix = SUFFIXES[CASES[case][1]]
    path = GOLDEN / lang / f"{case}{suffix}"
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(rendered, encoding="utf-8")
    assert path.is_file(), f"no golden file {path}: regenerate with BONEKB_REGENERATE_GOLDEN=1"
    assert rendered == path.read_text(encoding="utf-8"), f"{path} differs: regenerate on purpose if intended"


@pytest.mark.parametrize("lang", LANGS)
def test_cases_load_every_template(explainers, kb, person, lang, monkeypatch):
    loaded: set[str] = set()
    original = environment.ConfinedLoader.get_source

    def recording(self, env, template):
        loaded.add(template)
        return original(self, env, template)

    monkeypatch.setattr(environment.ConfinedLoader, "get_source", recording)
    for case in CASES:
        _render(explainers, kb, person, lang, case)
    shipped = {p.name for p in (kb.explanations_dir / lang).glob("*.j2")}
    assert shipped - loaded == set()


def test_languages_have_the_same_templates(kb):
    names = {lang: sorted(p.name for p in (kb.explanations_dir / lang).iterdir() if p.suffix in (".j2", ".yaml"))
             for lang in LANGS}
    assert all(names[lang] == names[LANGS[0]] for lang in LANGS), names


def test_every_language_has_a_question_for_every_intent_asked():
    asked = {what for (command, what, _), _ in CASES.values() if command == "ask"}
    assert set(QUESTIONS) == set(LANGS)
    assert all(asked <= set(QUESTIONS[lang]) for lang in LANGS)
