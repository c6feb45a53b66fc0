"""`bonekb ask "QUESTION" [PROFILE]`: a question in English or Chinese, answered through the rules and templates."""

from __future__ import annotations

import sys
from typing import Any

import click

from .explaining import EXPLAIN_FORMATS, print_explanation
from .options import common_options, profile_options, split_profile_options

# A question is a sentence or two; a longer text is refused rather than scanned (its work grows with its length).
MAX_QUESTION = 1000


@click.command()
@click.argument("question")
@profile_options
@common_options(EXPLAIN_FORMATS)
@click.pass_context
def ask(ctx: click.Context, question: str, profile_file: str | None, output_format: str, lang: str,
        kb_dir: str | None, **options: Any) -> None:
    """Answer QUESTION: why, how much, too much, with a medication, what it does, is it enough, what if,
    for calcium, D3, K2 or K1.

    Examples: "why do I need K2?", "how much calcium for a 45 year old woman?", "can I take K2 with
    warfarin?", "is 5000 IU of D3 too much?", "為什麼需要K2?", "我70歲要吃多少鈣?". The facts the
    question states (age, sex, menopause, pregnancy, breastfeeding, medications, conditions, amounts
    taken) are used; the options and PROFILE win over them, except an amount the question asks about,
    which is the one compared (in place of the person's own dose of that nutrient, and said so).
    The answer is in the question's language
    unless --lang is given; a question in a language the knowledge base does not declare
    (rules/manifest.yaml `languages`) is refused, naming those it reads. A question that is not
    understood gets a list of what can be asked (and the names closest to a misspelt one), and exit
    status 1.
    """
    if not question.strip():
        raise click.BadParameter("is empty; accepted: a question such as 'why do I need K2?'", param_hint="QUESTION")
    if len(question) > MAX_QUESTION:
        raise click.BadParameter(f"is {len(question)} characters long; accepted: a question of at most {MAX_QUESTION} "
                                 "characters", param_hint="QUESTION")
    from bonekb.engine.explain.explainer import answer_question
    from bonekb.engine.question_facts import merge_stated
    from bonekb.engine.questions import QuestionReader

    profile = split_profile_options(options)

    read: dict[str, Any] = {}

    def amend(kb: Any, raw: dict[str, Any]) -> dict[str, Any]:
        read["question"] = QuestionReader(kb).read(question)
        merged, read["overridden"] = merge_stated(read["question"].facts, raw, kb.vocabulary.profile)
        _check_stated(kb, read["question"].facts, read["overridden"])
        return merged

    def build(explainer: Any, person: Any) -> Any:
        return answer_question(explainer, read["question"], person, read["overridden"])

    def language(kb: Any) -> str:  # the question's own, among the knowledge base's languages
        return str(read["question"].lang)

    chosen = ctx.get_parameter_source("lang") is not click.core.ParameterSource.DEFAULT
    explanation = print_explanation(kb_dir, lang if chosen else language, output_format, profile_file, profile, build,
                                    amend=amend)
    if not explanation.answered:
        sys.exit(1)


def _check_stated(kb: Any, stated: dict[str, Any], overridden: list[str]) -> None:
    """The facts the question states, read as the profile reads them: one it does not accept is the
    question's ('QUESTION: taking: ...'), not the profile's, so the person knows which to change."""
    used = {field: value for field, value in stated.items() if field not in overridden}
    if not used:
        return
    from bonekb.engine.errors import InputError, ProfileError
    from bonekb.engine.profile import normalise_profile
    try:
        normalise_profile(used, kb.vocabulary)
    except ProfileError as err:
        raise InputError("QUESTION", f"{err.field}: {err.problem}") from None
