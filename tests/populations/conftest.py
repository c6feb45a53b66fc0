"""Fixtures for the Parquet, Dask and DataFrame tests: the population and its `--jobs 1` run."""

from __future__ import annotations

from pathlib import Path

import pytest
from population import people, run_bonekb, write_csv


@pytest.fixture(scope="session")
def population(tmp_path_factory) -> tuple[Path, list[dict[str, str]]]:
    """2,000 people with bad rows mixed in, as CSV; and the CSV's own `--jobs 1` run (output, errors)."""
    folder = tmp_path_factory.mktemp("population")
    rows = people(2000)
    return write_csv(folder / "people.csv", rows), rows


@pytest.fixture(scope="session")
def jobs_one(population, tmp_path_factory) -> tuple[Path, Path]:
    source, _ = population
    output = tmp_path_factory.mktemp("jobs-one") / "out.jsonl"
    done = run_bonekb("batch", str(source), "-o", str(output), "--jobs", "1")
    assert done.returncode == 1, done.stderr  # the bad rows
    return output, output.with_name("out.jsonl.errors.jsonl")
