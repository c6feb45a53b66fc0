"""`bonekb schema profile`: the JSON Schema of a profile, generated from the knowledge base's declarations."""

from __future__ import annotations

import json

import click

from .options import common_options


@click.group()
def schema() -> None:
    """JSON Schemas generated from the knowledge base's declarations."""


@schema.command("profile")
@common_options(("json",))
def schema_profile(output_format: str, lang: str, kb_dir: str | None) -> None:
    """The JSON Schema of a profile for this knowledge base: its declared facts, their types, ranges
    and values, and its nutrients and units (the shipped one is engine/schemas/profile.schema.json)."""
    from bonekb.engine.knowledge import shipped_root
    from bonekb.engine.profileschema import SHIPPED_ID, profile_schema
    from bonekb.engine.validate import load_knowledge_base

    kb = load_knowledge_base(kb_dir)
    manifest = kb.manifest or {}
    name, version = str(manifest.get("name", "bonekb")), str(manifest.get("version", ""))
    shipped = kb.root.resolve() == shipped_root().resolve()
    schema_id = SHIPPED_ID if shipped else f"https://bonekb.example/kb/{_slug(name)}/{_slug(version)}/profile.schema.json"
    title = "A bonekb profile" if shipped else f"A profile for the knowledge base {name} {version}".strip()
    click.echo(json.dumps(profile_schema(kb.vocabulary, schema_id, title), ensure_ascii=False, indent=2))


def _slug(text: str) -> str:
    """A name as a path segment of an identifier: letters, digits, dots, dashes."""
    return "".join(c if c.isascii() and (c.isalnum() or c in ".-") else "-" for c in text) or "-"
