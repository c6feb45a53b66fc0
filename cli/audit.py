"""`bonekb audit`: lint the knowledge base like code and analyse its rules over every person."""

from __future__ import annotations

import sys
from pathlib import Path

import click

FORMATS = ("text", "json", "sarif")


def _codes(values: tuple[str, ...]) -> list[str]:
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def _kb_root(path: Path) -> Path | None:
    """The knowledge base a file or folder belongs to: the nearest folder holding rules/."""
    for folder in (path, *path.parents):
        if (folder / "rules").is_dir():
            return folder
    return None


def _resolve_paths(paths: tuple[str, ...], kb_dir: str | None) -> tuple[Path | None, list[str]]:
    """The knowledge base to audit, and the files (relative to it) to report on."""
    from bonekb.engine.knowledge import shipped_root

    root = Path(kb_dir).resolve() if kb_dir else None
    targets: list[Path] = []
    for text in paths:
        path = Path(text)
        if path.is_dir() and (path / "rules").is_dir():
            candidate, target = path.resolve(), None
        elif path.exists():
            candidate, target = _kb_root(path.resolve()), path.resolve()
        elif ((root or shipped_root()) / path).exists():
            candidate = (root or shipped_root()).resolve()
            target = (candidate / path).resolve()
        else:
            raise click.BadParameter(f"'{text}': no such file or folder, here or in the knowledge base",
                                     param_hint="PATH")
        if candidate is None:
            raise click.BadParameter(f"'{text}' is in no knowledge base (no rules/ folder above it)", param_hint="PATH")
        if root is not None and candidate != root:
            raise click.BadParameter(f"'{text}' belongs to {candidate}, not to the knowledge base {root} being audited",
                                     param_hint="PATH")
        root = candidate
        if target is not None:
            targets.append(target)
    return root, [t.relative_to(root).as_posix() for t in targets]


@click.command()
@click.argument("paths", nargs=-1, metavar="[PATH]...")
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format: text (one line per finding), json, or sarif (SARIF 2.1.0).")
@click.option("--kb", "kb_dir", type=click.Path(file_okay=False), default=None,
              help="A knowledge base directory other than the shipped one.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Only these codes or prefixes, comma separated (e.g. L,T004). Repeatable.")
@click.option("--ignore", multiple=True, metavar="CODES",
              help="Leave out these codes or prefixes, comma separated. Repeatable.")
@click.option("--show-waived", is_flag=True, help="Also list waived findings in text output (JSON always has them).")
@click.option("--explain", "explain_code", metavar="CODE",
              help="Print what check CODE looks for, why it matters and how to fix it ('all': one line per code).")
def audit(paths: tuple[str, ...], output_format: str, kb_dir: str | None, select: tuple[str, ...],
          ignore: tuple[str, ...], show_waived: bool, explain_code: str | None) -> None:
    """Check rule files, claims and templates, and analyse the rules over every person.

    With no PATH, audits the shipped knowledge base (or the one --kb names). A PATH that is a
    knowledge base directory (it holds rules/) audits that knowledge base. A PATH that is a file
    or folder inside a knowledge base (rules/table.yaml, explanations/en) audits the whole
    knowledge base but reports only the findings located in it; a relative PATH not found here
    is looked up in the knowledge base.

    Each finding has a stable code: S schema/reference, T traceability, L logic (gaps, overlaps,
    unreachable rules over the whole profile space), U safety (units, upper limits), M templates.
    A rule waives a finding located in it with `waivers: [{code: L003, reason: "..."}]`.

    Exit status: 0 no error-level finding, 1 at least one, 2 usage error.
    """
    from bonekb.engine.audit.registry import checks

    if explain_code is not None and explain_code.strip().lower() == "all":
        for check in checks().values():
            click.echo(f"{check.code}  {check.severity:<7}  {check.family:<16}  {check.summary}")
        return
    if explain_code is not None:
        check = checks().get(explain_code.strip().upper())
        if check is None:
            raise click.BadParameter(f"'{explain_code}' is no audit code; codes: {', '.join(checks())}",
                                     param_hint="--explain")
        click.echo(f"{check.code} {check.name} ({check.family}, {check.severity})\n\n{check.doc}")
        return
    from bonekb.engine.audit.formats import render
    from bonekb.engine.audit.runner import run_audit, select_checks

    try:
        select_checks(_codes(select), _codes(ignore))
    except ValueError as err:
        raise click.BadParameter(f"'{err}' matches no audit code; codes: {', '.join(checks())}",
                                 param_hint="--select/--ignore") from None
    root, targets = _resolve_paths(paths, kb_dir)
    report = run_audit(root, _codes(select), _codes(ignore), targets)
    click.echo(render(report, output_format, show_waived))
    sys.exit(1 if report.failed else 0)
