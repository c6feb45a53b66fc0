"""`bonekb rules list|show` and `bonekb claims list|show`: browse the knowledge as a reviewer."""

from __future__ import annotations

from typing import Any

import click

from .options import common_options
from .recommend import dump_json


def _kb(kb_dir: str | None) -> Any:
    from bonekb.engine.validate import load_knowledge_base

    return load_knowledge_base(kb_dir)


def _rule_dict(rule: Any) -> dict[str, Any]:
    from bonekb.engine.conditions import describe

    pos = rule.position()
    return {"id": rule.id, "title": rule.title, "sources": list(rule.sources),
            "when": describe(rule.condition), "then": rule.then, "overrides": list(rule.overrides),
            "rationale": rule.rationale or None, "file": rule.file, "line": pos.line}


@click.group()
def rules() -> None:
    """Browse the rules."""


@rules.command("list")
@common_options(("text", "json"))
def rules_list(output_format: str, lang: str, kb_dir: str | None) -> None:
    """One line per rule: id, title, sources."""
    kb = _kb(kb_dir)
    if output_format == "json":
        click.echo(dump_json([_rule_dict(r) for r in kb.rules]))
        return
    from tabulate import tabulate

    rows = [[r.id, r.title, ", ".join(r.sources), f"{r.file}:{r.position().line}"] for r in kb.rules]
    click.echo(tabulate(rows, headers=["id", "title", "sources", "where"], tablefmt="simple"))


@rules.command("show")
@click.argument("rule_id")
@common_options(("text", "json"))
def rules_show(rule_id: str, output_format: str, lang: str, kb_dir: str | None) -> None:
    """A rule in full: its condition in words, its outcome, its sources and where it stands."""
    kb = _kb(kb_dir)
    rule = kb.rule_by_id.get(rule_id)
    if rule is None:
        from difflib import get_close_matches

        near = get_close_matches(rule_id, list(kb.rule_by_id), n=3)
        hint = f"; did you mean {', '.join(near)}?" if near else "; see 'bonekb rules list'"
        raise click.BadParameter(f"no rule '{rule_id}'{hint}", param_hint="RULE_ID")
    data = _rule_dict(rule)
    if output_format == "json":
        click.echo(dump_json(data))
        return
    import yaml

    click.echo(f"{rule.id}: {rule.title}")
    click.echo(f"  where:     {rule.file}:{data['line']}")
    click.echo(f"  sources:   {', '.join(rule.sources)}")
    click.echo(f"  when:      {data['when']}")
    if rule.overrides:
        click.echo(f"  overrides: {', '.join(rule.overrides)}")
    click.echo("  then:")
    click.echo("    " + yaml.safe_dump(rule.then, allow_unicode=True, sort_keys=False).rstrip().replace("\n", "\n    "))
    if rule.rationale:
        click.echo(f"  rationale: {rule.rationale}")
    for claim_id in rule.sources:
        claim = kb.claims.get(claim_id)
        if claim:
            click.echo(f"  {claim_id}: {claim['en']}")


@click.group()
def claims() -> None:
    """Browse the article's claims and the rules that encode them."""


def _encoded_by(kb: Any, claim_id: str) -> list[str]:
    return [r.id for r in kb.rules if claim_id in r.sources]


@claims.command("list")
@common_options(("text", "json"))
def claims_list(output_format: str, lang: str, kb_dir: str | None) -> None:
    """One line per claim: id, kind, whether actionable, the references' verdict, the rules citing it."""
    kb = _kb(kb_dir)
    items = [{**c, "verdict": (c.get("evidence") or {}).get("verdict"), "rules": _encoded_by(kb, c["id"])}
             for c in kb.claims.values()]
    if output_format == "json":
        click.echo(dump_json(items))
        return
    from tabulate import tabulate

    from bonekb.engine.explain.catalog import Catalog

    # The language's catalog says whether it quotes the article (claims.quotes: article) or words it in English.
    quotes = Catalog.load(kb.explanations_dir / lang, kb.root).texts.get("claims.quotes") == "article"
    rows = []
    for c in items:
        wording = " / ".join(c["quote"]) if quotes else c["en"]
        rows.append([c["id"], c["kind"], "yes" if c["actionable"] else "no", c["verdict"] or "-",
                     len(c["rules"]), _short(wording, 60)])
    click.echo(tabulate(rows, headers=["id", "kind", "actionable", "verdict", "rules", "claim"], tablefmt="simple"))


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


@claims.command("show")
@click.argument("claim_id")
@common_options(("text", "json"))
def claims_show(claim_id: str, output_format: str, lang: str, kb_dir: str | None) -> None:
    """A claim in full: our wording, the article's, its evidence, and the rules that encode it."""
    kb = _kb(kb_dir)
    claim = kb.claims.get(claim_id.upper())
    if claim is None:
        raise click.BadParameter(f"no claim '{claim_id}'; see 'bonekb claims list'", param_hint="CLAIM_ID")
    data = {**claim, "rules": _encoded_by(kb, claim["id"])}
    if output_format == "json":
        click.echo(dump_json(data))
        return
    click.echo(f"{claim['id']} ({claim['section']}, {claim['kind']}, {claim['strength']})")
    click.echo(f"  {claim['en']}")
    for quote in claim["quote"]:
        click.echo(f"  「{quote}」")
    if claim.get("note"):
        click.echo(f"  note: {claim['note']}")
    if claim["actionable"]:
        click.echo(f"  rules: {', '.join(data['rules']) or 'none yet'}")
    else:
        click.echo(f"  not actionable: {claim['not_actionable_reason']}")
    evidence = claim.get("evidence")
    if evidence:
        click.echo(f"  evidence ({evidence['verdict']}; {', '.join(evidence['references'])}):")
        click.echo(f"    {evidence['summary'][lang]}")


@rules.command("graph")
@click.option("--format", "output_format", type=click.Choice(("dot", "mermaid")), default="dot", show_default=True,
              help="Graphviz DOT or a Mermaid flowchart.")
@click.option("--kb", "kb_dir", type=click.Path(file_okay=False), default=None,
              help="A knowledge base directory other than the shipped one.")
def rules_graph(output_format: str, kb_dir: str | None) -> None:
    """The chain a reviewer follows: facts -> rules (with their sources) -> derived facts -> amounts and warnings.

    Dashed edges are overrides. Render DOT with `dot -Tsvg`; Mermaid renders in Markdown viewers.
    """
    from bonekb.engine.audit.graph import rule_graph, to_dot, to_mermaid

    graph = rule_graph(_kb(kb_dir))
    click.echo(to_dot(graph) if output_format == "dot" else to_mermaid(graph))
