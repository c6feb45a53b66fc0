"""`bonekb init DIR`: start a knowledge base of your own."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
def init(directory: Path) -> None:
    """Write a minimal knowledge base into DIR (new or empty) that passes `audit` and `test`.

    It holds a short source text with three claims, four rules (one warns of a medication or
    condition name not recognised), the references, the person's facts, the vocabulary, the
    messages, the explanations and `ask`'s intents in English and Chinese, three scenarios, and the
    JSON Schemas its YAML files name for editors. Then: bonekb --kb DIR audit; bonekb --kb DIR test. The authoring
    guide (docs/authoring.md) says what each file holds.
    """
    from bonekb.engine.starter import init_knowledge_base

    written = init_knowledge_base(directory)
    click.echo(f"wrote a knowledge base of {len(written)} files in {directory}")
    click.echo(f"next: bonekb --kb {directory} audit && bonekb --kb {directory} test")
