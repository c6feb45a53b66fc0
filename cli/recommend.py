"""`bonekb recommend`: run the rules over a person and show amounts, warnings and the trace."""

from __future__ import annotations

import json
from typing import Any

import click

from .options import collect_profile, common_options, profile_options, split_profile_options


def dump_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


@click.command()
@profile_options
@common_options(("text", "json"))
def recommend(profile_file: str | None, output_format: str, lang: str, kb_dir: str | None, **options: Any) -> None:
    """Run the rules over PROFILE (a YAML or JSON file, or - for stdin) and the options given.

    Options override the file's single values and add to its lists (a --taking dose replaces the
    file's dose of that nutrient, and the output says so). Prints the daily amounts, the warnings, what was assumed,
    and every rule that fired with its sources.
    """
    from bonekb.engine.evaluate import Evaluator

    raw = collect_profile(profile_file, split_profile_options(options))
    with Evaluator.open(kb_dir) as evaluator:
        result = evaluator.evaluate(raw)
        explanations = evaluator.kb.explanations_dir / lang
        age_facts = evaluator.kb.vocabulary.profile.age_fields
    data = result.as_dict(lang)
    if output_format == "json":
        click.echo(dump_json(data))
    else:
        from bonekb.engine.explain.resulttext import result_text

        from .text import terminal_safe

        click.echo(terminal_safe(result_text(explanations, data, age_facts)))
