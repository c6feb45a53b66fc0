"""`bonekb why NUTRIENT [PROFILE]`: why the nutrient is needed, and with a profile how the rules got to yours."""

from __future__ import annotations

from typing import Any

import click

from .explaining import EXPLAIN_FORMATS, print_explanation
from .options import common_options, profile_options, split_profile_options


@click.command()
@click.argument("nutrient")
@profile_options
@common_options(EXPLAIN_FORMATS)
def why(nutrient: str, profile_file: str | None, output_format: str, lang: str, kb_dir: str | None,
        **options: Any) -> None:
    """Explain why NUTRIENT (calcium, D3, K2, K1 or a name such as MK-7 or 鈣) is needed.

    With a PROFILE or profile options, also your amount, the rules that fired on the way to it,
    and the rules that did not apply to you with the condition that failed.
    """
    from bonekb.engine.errors import InputError, shown
    from bonekb.engine.explain.explainer import explain_nutrient

    profile = split_profile_options(options)

    def build(explainer: Any, person: Any) -> Any:
        nutrient_id = explainer.kb.vocabulary.nutrient(nutrient)
        if nutrient_id is None:
            vocab = explainer.kb.vocabulary
            names = (f"a name such as {vocab.name_examples}" if vocab.name_examples
                     else "another of their names in rules/vocabulary.yaml")
            raise InputError("NUTRIENT", f"{shown(nutrient)} is not a nutrient bonekb knows; accepted: "
                                         f"{', '.join(vocab.nutrients)} or {names}")
        return explain_nutrient(explainer, nutrient_id, person)

    print_explanation(kb_dir, lang, output_format, profile_file, profile, build)
