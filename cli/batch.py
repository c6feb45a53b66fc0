"""`bonekb batch INPUT -o OUTPUT`: run the rules over many people, one result line per person."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command()
@click.argument("source", metavar="INPUT", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Results, one per good row, in input order: JSON Lines (.jsonl, .ndjson), or Parquet with "
                   "typed columns for a .parquet name (a file; '-' and other suffixes are refused).")
@click.option("--errors", "errors_path", type=click.Path(path_type=Path), default=None,
              help="JSON Lines of the bad rows: row number, line and the problem; written only when there are "
                   "any [default: OUTPUT.errors.jsonl].")
@click.option("--input-format", type=click.Choice(("csv", "jsonl", "parquet")), default=None,
              help="Format of INPUT [default: from its suffix: .csv, .jsonl, .parquet].")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes, each with its own rules engine (with --dask local: the cluster's workers).")
@click.option("--dask", "dask", metavar="ADDRESS", default=None,
              help="Evaluate on a Dask cluster: a scheduler's address (tcp://host:8786), or 'local' for a "
                   "LocalCluster of --jobs processes. Needs: pip install 'bonekb[dask]'.")
@click.option("--lang", default="en", show_default=True, help="Language of the messages.")
@click.option("--kb", "kb_dir", type=click.Path(file_okay=False), default=None,
              help="A knowledge base directory other than the shipped one.")
def batch(source: Path, output: Path, errors_path: Path | None, input_format: str | None, jobs: int,
          dask: str | None, lang: str, kb_dir: str | None) -> None:
    """Evaluate every profile in INPUT (CSV, JSON Lines or Parquet, one person a row) into OUTPUT.

    \b
    CSV columns are the profile's field names (age, sex, menopause, sun, taking, ...); an empty
    cell is not given; taking, medications and conditions hold ';'-separated items, e.g.
    "calcium carbonate 1250 mg; D3 1000 IU"; booleans are true/false or yes/no. Parquet has the
    same columns (text, numbers, booleans, lists of text in the list fields; null = not given).
    Blank lines are skipped; one line is one row. Each output line is the recommend JSON of one
    row, with its "row" number. A bad row goes to the errors file and the run goes on; every row
    is a result or a bad row. OUTPUT appears only when the run completes, replacing a file of that
    name. OUTPUT is .jsonl or .ndjson (JSON Lines) or .parquet, the errors file .jsonl or .ndjson;
    both must be regular files (or new), not the input nor each other; a run onto an OUTPUT that
    another run is writing now refuses (exit 2). Exit status 1 when some rows were bad or a worker
    died; 74 when OUTPUT or the errors file cannot be written (a full disk; the old file is kept);
    128 + the signal's number when stopped by SIGINT, SIGTERM or SIGHUP (nothing written).
    """
    from bonekb.engine.batch import detect_format, rows_in, run_batch
    from bonekb.engine.errors import escaped

    fmt = detect_format(source, input_format)
    errors_path = errors_path or output.with_name(output.name + ".errors.jsonl")
    if sys.stderr.isatty():
        total = rows_in(source, fmt)
        with click.progressbar(length=total, label="profiles", file=sys.stderr, show_pos=True,
                               show_eta=True) as bar:
            summary = run_batch(source, fmt, output, errors_path, jobs=jobs, kb_dir=kb_dir, lang=lang,
                                progress=bar.update, dask=dask)
    else:
        summary = run_batch(source, fmt, output, errors_path, jobs=jobs, kb_dir=kb_dir, lang=lang, dask=dask)
    bad = f"{summary.errors} bad row{'' if summary.errors == 1 else 's'} in {escaped(str(errors_path))}" \
        if summary.errors else "no bad rows"
    click.echo(f"{summary.rows} rows: {summary.results} results in {escaped(str(output))}, {bad}", err=True)
    if summary.errors:
        raise SystemExit(1)
