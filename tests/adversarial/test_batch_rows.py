"""Every row of a batch input is accounted for: a result or a bad row, never swallowed, never an
empty person, never the end of the run. Before: a stray quote swallowed every later row, a blank
line was an empty person, a BOM made the first column unknown, duplicate columns were last-wins,
and one non-UTF-8 or 5,000-digit row stopped the whole run."""

from __future__ import annotations

import json
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bonekb.engine.batch import run_batch


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


def _run(run_cli, tmp_path, name: str, data: bytes):
    source = tmp_path / name
    source.write_bytes(data)
    result = run_cli("batch", str(source), "-o", str(tmp_path / "out.jsonl"))
    assert "Traceback" not in result.output
    return result, _jsonl(tmp_path / "out.jsonl"), _jsonl(tmp_path / "out.jsonl.errors.jsonl")


def test_a_stray_quote_is_one_bad_row_with_its_line(run_cli, tmp_path):
    lines = ["age,sex"] + [f"{20 + i},male" for i in range(10)]
    lines[3] = '23,"male'
    result, results, errors = _run(run_cli, tmp_path, "in.csv", ("\n".join(lines) + "\n").encode())
    assert result.exit_code == 1
    assert [r["row"] for r in results] == [1, 2, 4, 5, 6, 7, 8, 9, 10]
    assert [(e["row"], e["line"]) for e in errors] == [(3, 4)]
    assert errors[0]["error"].startswith("not valid CSV")
    assert "10 rows: 9 results" in result.stderr


@pytest.mark.parametrize("name", ["in.csv", "in.jsonl"])
def test_blank_lines_are_skipped_and_a_bom_accepted(run_cli, tmp_path, name):
    if name == "in.csv":
        body = "age,sex\r\n\r\n30,male\r\n   \r\n\n70,female\n\n"
    else:
        body = '\n{"age": 30, "sex": "male"}\n \t\n{"age": 70, "sex": "female"}\n\n'
    result, results, errors = _run(run_cli, tmp_path, name, "\ufeff".encode() + body.encode())
    assert result.exit_code == 0, result.output
    assert [(r["row"], r["profile"]["age"]) for r in results] == [(1, 30), (2, 70)]
    assert errors == []


def test_duplicate_columns_are_refused_by_name(run_cli, tmp_path):
    result, _, _ = _run(run_cli, tmp_path, "in.csv", b"age,sex,age\n30,male,70\n")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "bonekb: INPUT: column 'age' appears twice (columns 1 and 3); give each field once"]


BAD_ROWS = [
    ("in.csv", b"9" * 400 + b",male", "age"),
    ("in.csv", b"9" * 5000 + b",male", "age"),
    ("in.csv", b"\xff\xfe30,male", "not UTF-8"),
    ("in.csv", b",", "no values"),
    ("in.csv", b"30,male" + b" " * 70000, "longer than"),
    ("in.jsonl", b'{"age": ' + b"9" * 5000 + b"}", "age"),
    ("in.jsonl", b'{"age": ' + b"[" * 20000 + b"]" * 20000 + b"}", "nested"),
    ("in.jsonl", b'{"age": 30, "age": 70}', "twice"),
    ("in.jsonl", b'{"age": 30, "sex": "\xc3"}', "not UTF-8"),
]


@pytest.mark.parametrize(("name", "bad", "problem"), BAD_ROWS)
def test_one_hostile_row_goes_to_the_errors_file_and_the_run_goes_on(run_cli, tmp_path, name, bad, problem):
    good = b"30,male" if name == "in.csv" else b'{"age": 30, "sex": "male"}'
    header = [b"age,sex"] if name == "in.csv" else []
    result, results, errors = _run(run_cli, tmp_path, name, b"\n".join([*header, good, bad, good]) + b"\n")
    assert result.exit_code == 1, result.output
    assert [r["row"] for r in results] == [1, 3]
    assert [e["row"] for e in errors] == [2]
    assert problem in errors[0]["error"] and len(errors[0]["error"]) < 400


# Hostile CSV: cells with quotes, commas, semicolons, carriage returns, non-UTF-8 bytes, huge
# numbers, lines of only commas or spaces, joined by hand (not csv.writer) the way broken exports are.
CELLS = st.sampled_from([b"30", b"70", b"-3", b"1_0", b"\xd9\xa1\xd9\xa2", b"9" * 400, b"female", b"male", b"",
                         b'"', b'"male', b'male"', b'"a,b"', b'""', b'"x""y"', b"a;b", b"\r", b"\xff", b" ",
                         b"calcium carbonate 1250 mg; D3 1000 IU", b"warfarin", b"\xef\xbb\xbf", b"post"])
LINES = st.one_of(st.lists(CELLS, min_size=1, max_size=5).map(b",".join), st.sampled_from([b"", b"  ", b"\r"]))


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(LINES, max_size=25))
def test_every_data_row_is_a_result_or_a_bad_row(kb, tmp_path_factory, lines):
    folder = tmp_path_factory.mktemp("rows")
    source, output, errors_path = folder / "in.csv", folder / "out.jsonl", folder / "bad.jsonl"
    source.write_bytes(b"\n".join([b"age,sex,menopause,taking", *lines]) + b"\n")
    data_lines = [n for n, line in enumerate(lines, start=2) if line.strip()]
    with mock.patch("bonekb.engine.validate.load_knowledge_base", return_value=kb):
        summary = run_batch(source, "csv", output, errors_path)
    results, errors = _jsonl(output), _jsonl(errors_path)
    assert summary.rows == len(data_lines) == summary.results + summary.errors
    assert (len(results), len(errors)) == (summary.results, summary.errors)
    rows = sorted([r["row"] for r in results] + [e["row"] for e in errors])
    assert rows == list(range(1, len(data_lines) + 1))
    assert sorted(e["line"] for e in errors) == [n for row, n in enumerate(data_lines, start=1)
                                                 if row in {e["row"] for e in errors}]
