"""`bonekb test`: run the knowledge base's scenarios like a test runner, with rule coverage."""

from __future__ import annotations

from typing import Any

import click

from .recommend import dump_json


@click.command()
@click.argument("names", metavar="[SCENARIO ...]", nargs=-1)
@click.option("--require-coverage", is_flag=True,
              help="Fail (exit 1) when some rule fires in no scenario that ran.")
@click.option("--format", "output_format", type=click.Choice(("text", "json")), default="text", show_default=True,
              help="Output format.")
@click.option("--kb", "kb_dir", type=click.Path(file_okay=False), default=None,
              help="A knowledge base directory other than the shipped one (its scenarios/ folder).")
def test(names: tuple[str, ...], require_coverage: bool, output_format: str, kb_dir: str | None) -> None:
    """Run the scenarios in the knowledge base's scenarios/ folder (all, or those named by id or file).

    Each scenario is a person's facts and what must come out: groups, scope, amounts, warnings,
    rules that must or must not fire. Prints passed/failed with expected against got for each
    mismatch, then which rules no scenario fires and which claims no scenario reaches.
    Exit status 1 when a scenario fails.
    """
    from bonekb.engine.evaluate import Evaluator
    from bonekb.engine.scenarios import coverage, load_scenarios, run_scenarios, select

    with Evaluator.open(kb_dir) as evaluator:
        scenarios = load_scenarios(evaluator.kb)
        if names:
            scenarios = select(scenarios, names)
        outcomes = run_scenarios(evaluator, scenarios)
        cover = coverage(evaluator.kb, outcomes)
    failed = sum(not o.passed for o in outcomes)
    if output_format == "json":
        click.echo(dump_json(_as_json(outcomes, cover)))
    else:
        _print_text(outcomes, cover, partial=bool(names))
    if failed or (require_coverage and cover.unfired):
        raise SystemExit(1)


def _as_json(outcomes: list[Any], cover: Any) -> dict[str, Any]:
    scenarios = []
    for outcome in outcomes:
        pos = outcome.scenario.position()
        mismatches = [{"field": m.field, "expected": m.expected, "actual": m.actual, "text": m.text()}
                      for m in outcome.mismatches]
        scenarios.append({"id": outcome.scenario.id, "file": pos.path, "line": pos.line, "passed": outcome.passed,
                          "mismatches": mismatches})
    passed = sum(o.passed for o in outcomes)
    return {"passed": passed, "failed": len(outcomes) - passed, "scenarios": scenarios, "coverage": cover.as_dict()}


def _print_text(outcomes: list[Any], cover: Any, partial: bool) -> None:
    """PASS/FAIL per scenario with its mismatches, the counts, then coverage (lists only for a whole run)."""
    for outcome in outcomes:
        pos = outcome.scenario.position()
        if outcome.passed:
            click.echo(f"{click.style('PASS', fg='green')}  {outcome.scenario.id}")
            continue
        click.echo(f"{click.style('FAIL', fg='red', bold=True)}  {outcome.scenario.id}  ({pos})")
        for mismatch in outcome.mismatches:
            click.echo(f"      {mismatch.text()}")
    passed = sum(o.passed for o in outcomes)
    click.echo("")
    click.echo(f"scenarios: {passed} passed, {len(outcomes) - passed} failed")
    fired = len(cover.rules) - len(cover.unfired)
    click.echo(f"rule coverage: {fired}/{len(cover.rules)} rules fire in a scenario"
               f" ({100 * fired // max(len(cover.rules), 1)}%)")
    if partial:
        click.echo("  (only the scenarios named ran; run 'bonekb test' alone for the whole coverage)")
        return
    if cover.unfired:
        click.echo(f"  no scenario fires: {', '.join(cover.unfired)}")
    reached = len(cover.claims) - len(cover.unreached)
    click.echo(f"claim coverage: {reached}/{len(cover.claims)} claims that rules cite are reached by a fired rule")
    if cover.unreached:
        click.echo(f"  not reached: {', '.join(cover.unreached)}")
    if cover.uncited:
        click.echo(f"  cited by no rule (nothing to reach): {', '.join(cover.uncited)}")
