"""What `why`, `ask` and `explain` share: evaluate the person if one is given, render, print."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

EXPLAIN_FORMATS = ("text", "markdown", "html", "json")


def print_explanation(kb_dir: str | None, lang: str | Callable[[Any], str], output_format: str,
                      profile_file: str | None, options: dict[str, Any], build: Callable[[Any, Any], Any],
                      always_person: bool = False,
                      amend: Callable[[Any, dict[str, Any]], dict[str, Any]] | None = None) -> Any:
    """Open the knowledge base, evaluate the profile (when given), build the explanation, print it.

    `amend(kb, raw)` may add to the raw profile (the facts a question states); `lang` may be a
    function of the knowledge base, called after `amend` (the language a question is written in).
    Without a person the rules engine is not started: the general explanation needs only the knowledge."""
    from bonekb.engine.explain.context import Person
    from bonekb.engine.explain.explainer import Explainer
    from bonekb.engine.explain.formats import format_explanation
    from bonekb.engine.validate import load_knowledge_base

    from .options import collect_profile, has_profile

    kb = load_knowledge_base(kb_dir)
    given = has_profile(profile_file, options)
    raw = collect_profile(profile_file, options) if given else {}
    if amend is not None:
        raw = amend(kb, raw)
    if callable(lang):
        lang = lang(kb)
    person = None
    if always_person or given or raw:
        from bonekb.engine.evaluate import Evaluator

        with Evaluator(kb) as evaluator:
            person = Person(*evaluator.evaluate_traced(raw))
    explainer = Explainer(kb, lang)
    explanation = build(explainer, person)
    text = format_explanation(explainer, explanation, output_format)
    if output_format == "text":
        from .text import terminal_safe

        text = terminal_safe(text)
    click.echo(text, nl=not text.endswith("\n"))
    return explanation
