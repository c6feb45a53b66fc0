"""`bonekb init DIR`: start a knowledge base of your own."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
def init(directory: Path) -> None:
    """Write a minimal knowledge base into DIR (new or empty) that passes `audit` and `test`.

    It holds a short source text with three claims, three rules, the references, the vocabulary, the
    messages, the explanations in English and Chinese, two scenarios, and the JSON Schemas its YAML
    files name for editors. Then: bonekb --kb DIR audit; bonekb --kb DIR test. The authoring
    guide (docs/authoring.md) says what each file holds.
    """
    from bonekb.engine.starter import init_knowledge_base

    written = init_knowledge_base(directory)
    click.echo(f"wrote a knowledge base of {len(written)} files in {directory}")
    click.echo(f"next: bonekb --kb {directory} audit && bonekb --kb {directory} test")
