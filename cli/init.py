"""`bonekb init DIR`: start a knowledge base of your own."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--lang", "languages", multiple=True, metavar="LANG",
              help="A language the knowledge base is written in: en, zh-Hant or zh-Hans; once for each "
                   "(the first is the default of its --lang). Without it: en alone.")
def init(directory: Path, languages: tuple[str, ...]) -> None:
    """Write a minimal knowledge base into DIR (new or empty) that passes `audit` and `test`.

    It holds a short source text with three claims, four rules (one warns of a medication or
    condition name not recognised), the references, the person's facts, the vocabulary, the
    messages, the explanations and `ask`'s intents in the languages given with --lang (English
    alone by default: `--lang en --lang zh-Hant` for both), three scenarios, and the JSON Schemas
    its YAML files name for editors. Then: bonekb --kb DIR audit; bonekb --kb DIR test. The
    authoring guide (docs/authoring.md) says what each file holds.
    """
    from bonekb.engine.starter import chosen_languages, init_knowledge_base

    chosen = chosen_languages(languages)
    written = init_knowledge_base(directory, chosen)
    click.echo(f"wrote a knowledge base of {len(written)} files in {directory}, in {', '.join(chosen)}")
    click.echo(f"next: bonekb --kb {directory} audit && bonekb --kb {directory} test")
