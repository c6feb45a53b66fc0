"""`bonekb explain [PROFILE]`: the handout for one person, as text, Markdown, HTML (with charts) or JSON."""

from __future__ import annotations

from typing import Any

import click

from .explaining import EXPLAIN_FORMATS, print_explanation
from .options import common_options, profile_options, split_profile_options


@click.command()
@profile_options
@common_options(EXPLAIN_FORMATS)
def explain(profile_file: str | None, output_format: str, lang: str, kb_dir: str | None, **options: Any) -> None:
    """Write the handout for PROFILE: each nutrient's amount and why, warnings, assumptions, sources.

    --format html writes one self-contained page (inline CSS, an SVG chart per nutrient of what you
    take now against the recommended range; nothing is fetched from the network).
    """
    from bonekb.engine.explain.explainer import make_handout

    profile = split_profile_options(options)
    print_explanation(kb_dir, lang, output_format, profile_file, profile, make_handout, always_person=True)
