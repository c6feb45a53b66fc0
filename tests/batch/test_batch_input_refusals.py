"""Batch input and output names refused in one line (exit 2), never read or written silently: an
empty CSV (no header), a header's empty column name (a trailing comma), an OUTPUT whose suffix names
a format batch does not write; a row's wrong count of cells in correct English."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest


@pytest.mark.parametrize("text", ["", "\n\n  \n"])
def test_a_csv_without_a_header_is_refused(run_cli, tmp_path, one_line_refusal, text):
    source = tmp_path / "empty.csv"
    source.write_text(text, encoding="utf-8")
    one_line_refusal(run_cli("batch", str(source), "-o", str(tmp_path / "out.jsonl")), "INPUT", "no header line")
    assert not (tmp_path / "out.jsonl").exists()


def test_a_trailing_comma_in_the_header_is_named(run_cli, tmp_path, one_line_refusal):
    source = tmp_path / "people.csv"
    source.write_text("age,sex,\n70,female,\n", encoding="utf-8")
    line = one_line_refusal(run_cli("batch", str(source), "-o", str(tmp_path / "out.jsonl")),
                            "an empty column name", "a trailing comma?")
    assert "column '' is not" not in line


def test_a_rows_count_of_cells_is_in_correct_english(run_cli, tmp_path):
    source = tmp_path / "people.csv"
    source.write_text("age,sex\n70\n", encoding="utf-8")
    result = run_cli("batch", str(source), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 1
    error = json.loads((tmp_path / "out.jsonl.errors.jsonl").read_text(encoding="utf-8"))["error"]
    assert error == "row has 1 cell; the header has 2 columns"


@pytest.mark.parametrize("name", ["out.csv", "out.json", "out.txt"])
def test_an_output_suffix_batch_does_not_write_is_refused(tmp_path, one_line_refusal, run_cli, name):
    source = tmp_path / "people.csv"
    source.write_text("age,sex\n70,female\n", encoding="utf-8")
    line = one_line_refusal(run_cli("batch", str(source), "-o", str(tmp_path / name)), "OUTPUT", ".jsonl",
                            ".parquet")
    assert name in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv"]


def test_an_errors_suffix_other_than_json_lines_is_refused(tmp_path, one_line_refusal, run_cli):
    source = tmp_path / "people.csv"
    source.write_text("age,sex\n70,female\n", encoding="utf-8")
    one_line_refusal(run_cli("batch", str(source), "-o", str(tmp_path / "o.jsonl"), "--errors",
                             str(tmp_path / "bad.csv")), "--errors", "JSON Lines")


def test_the_installed_command_refuses_an_empty_csv(tmp_path):
    source = tmp_path / "empty.csv"
    source.write_bytes(b"")
    done = subprocess.run([sys.executable, "-m", "bonekb", "batch", str(source), "-o", str(tmp_path / "o.jsonl")],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1, done.stderr
    assert "no header line" in done.stderr


def test_batch_help_says_an_existing_output_is_replaced(run_cli):
    text = " ".join(run_cli("batch", "--help").output.split())
    assert "a second run onto the same OUTPUT refuses" not in text
    assert "replacing a file of that name" in text and "another run is writing now refuses" in text
