"""Parquet in and out of `bonekb batch`: the same people read from Parquet give the same results as
from CSV (typed cells too), and a Parquet output holds each result's typed columns and its JSON."""

from __future__ import annotations

import json
import math

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from population import BAD, COLUMNS, LISTS, read_jsonl, run_bonekb

from bonekb.engine.knowledge import read_knowledge_base
from bonekb.engine.resulttable import amount_columns, columns

NUTRIENTS = read_knowledge_base().vocabulary.nutrients
RESULT_COLUMNS = columns(NUTRIENTS)
AMOUNT_COLUMNS = amount_columns(NUTRIENTS)


def _as_text_table(rows: list[dict[str, str]]) -> pa.Table:
    """The CSV's cells as Parquet text columns (an empty cell is null)."""
    return pa.table({c: pa.array([row[c] or None for row in rows], pa.string()) for c in COLUMNS})


def _as_typed_table(rows: list[dict[str, str]]) -> pa.Table:
    """The same people as a data engineer would store them: whole numbers, booleans, lists of text."""
    def number(text: str) -> int | None:
        return int(text) if text.lstrip("-").isdigit() else None

    columns: dict[str, pa.Array] = {}
    for c in COLUMNS:
        cells = [row[c] for row in rows]
        if c in ("age", "sun_minutes"):
            columns[c] = pa.array([number(t) for t in cells], pa.int64())
        elif c == "arms_legs_bare":
            columns[c] = pa.array([{"true": True, "false": False}.get(t) for t in cells], pa.bool_())
        elif c in LISTS:
            columns[c] = pa.array([[p.strip() for p in t.split(";")] if t else None for t in cells],
                                  pa.list_(pa.string()))
        else:
            columns[c] = pa.array([t or None for t in cells], pa.string())
    return pa.table(columns)


def test_csv_in_parquet_out_holds_the_json_lines_and_typed_columns(population, jobs_one, tmp_path):
    source, _ = population
    output = tmp_path / "out.parquet"
    done = run_bonekb("batch", str(source), "-o", str(output))
    assert done.returncode == 1, done.stderr
    table = pq.read_table(output)
    assert table.schema.names == list(RESULT_COLUMNS)
    assert table.schema.field("calcium_supplement_min").type == pa.float64()
    assert table.schema.field("warning_codes").type == pa.list_(pa.string())
    lines = jobs_one[0].read_text(encoding="utf-8").splitlines()
    assert table.column("result").to_pylist() == lines  # the full result JSON, the same bytes as JSON Lines
    assert (tmp_path / "out.parquet.errors.jsonl").read_text() == jobs_one[1].read_text()
    for typed in table.to_pylist():
        result = json.loads(typed["result"])
        assert typed["row"] == result["row"] and typed["in_scope"] == result["in_scope"]
        assert typed["groups"] == result["groups"]
        assert typed["warning_codes"] == [w["code"] for w in result["warnings"]]
        assert typed["warning_severities"] == [w["severity"] for w in result["warnings"]]
        ranges = {f"{r['nutrient']}_{r['kind']}": r for r in result["recommendations"]}
        for column in AMOUNT_COLUMNS:
            stem, end = column.rsplit("_", 1)
            expected = ranges[stem][end] if stem in ranges else None
            assert typed[column] == expected, (typed["row"], column)
    assert any(typed["warning_codes"] for typed in table.to_pylist())
    assert not math.isnan(sum(v for v in table.column("d3_supplement_max").to_pylist() if v is not None))


@pytest.mark.parametrize("shape", [_as_text_table, _as_typed_table])
def test_parquet_in_gives_what_csv_in_gives(population, jobs_one, tmp_path, shape):
    _, rows = population
    source = tmp_path / "people.parquet"
    pq.write_table(shape(rows), source, row_group_size=700)  # rows span row groups and read batches
    output = tmp_path / "out.jsonl"
    done = run_bonekb("batch", str(source), "-o", str(output))
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("2000 rows: 1994 results")
    assert output.read_bytes() == jobs_one[0].read_bytes()
    errors = read_jsonl(tmp_path / "out.jsonl.errors.jsonl")
    from_csv = read_jsonl(jobs_one[1])
    assert [e["row"] for e in errors] == sorted(BAD)
    # the same rows and problems; a Parquet row's "line" is its position, as its row number
    assert [(e["row"], e["error"]) for e in errors] == [(e["row"], e["error"]) for e in from_csv]
    assert all(e["line"] == e["row"] for e in errors)


def test_a_parquet_column_that_is_not_a_profile_field_is_one_line(tmp_path):
    source = tmp_path / "people.parquet"
    pq.write_table(pa.table({"age": [30], "agee": [1]}), source)
    done = run_bonekb("batch", str(source), "-o", str(tmp_path / "out.jsonl"))
    assert done.returncode == 2
    assert done.stderr.startswith("bonekb: INPUT: column 'agee' is not a profile field; accepted: age, sex,")
    assert len(done.stderr.splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.parquet"]


@pytest.mark.parametrize(("column", "message"), [
    (pa.array([{"a": 1}]), "column 'age' holds 'struct<a: int64>'; accepted: text, whole or decimal numbers"),
    (pa.array([[1, 2]]), "column 'age' holds 'list<element: int64>'; accepted:"),
    (pa.array([b"30"], pa.binary()), "column 'age' holds 'binary'; accepted:"),
])
def test_a_parquet_column_of_another_type_is_one_line(tmp_path, column, message):
    source = tmp_path / "people.parquet"
    pq.write_table(pa.table({"age": column}), source)
    done = run_bonekb("batch", str(source), "-o", str(tmp_path / "out.jsonl"))
    assert done.returncode == 2
    assert done.stderr.startswith(f"bonekb: INPUT: {message}"), done.stderr
    assert len(done.stderr.splitlines()) == 1


def test_parquet_cells_are_bounded_and_numbers_read_exactly(tmp_path):
    """NaN is refused as the text 'nan' would be; 70.5 stays 70.5; a huge cell is a bad row, not a hang."""
    source = tmp_path / "people.parquet"
    pq.write_table(pa.table({"age": pa.array([70.0, 70.5, float("nan"), None, 30.0]),
                             "taking": pa.array([None, None, None, None, ["D3 " + "1" * 70000 + " IU"]],
                                                pa.list_(pa.string()))}), source)
    output = tmp_path / "out.jsonl"
    done = run_bonekb("batch", str(source), "-o", str(output))
    assert done.returncode == 1, done.stderr
    assert [(r["row"], r["profile"]["age"]) for r in read_jsonl(output)] == [(1, 70), (2, 70.5)]
    errors = {e["row"]: e["error"] for e in read_jsonl(tmp_path / "out.jsonl.errors.jsonl")}
    assert errors[3].startswith("profile: age: 'nan'")
    assert errors[4] == "row has no values"
    assert errors[5] == "the row is longer than 65,536 bytes"


def test_categories_and_decimals_read_as_their_text(tmp_path):
    import decimal

    source = tmp_path / "people.parquet"
    pq.write_table(pa.table({"sex": pa.array(["female", "male"]).dictionary_encode(),
                             "age": pa.array([decimal.Decimal("70.50"), decimal.Decimal("30")], pa.decimal128(5, 2))}),
                   source)
    output = tmp_path / "out.jsonl"
    done = run_bonekb("batch", str(source), "-o", str(output))
    assert done.returncode == 0, done.stderr
    assert [(r["profile"]["sex"], r["profile"]["age"]) for r in read_jsonl(output)] == [("female", 70.5), ("male", 30)]


def test_a_file_that_is_not_parquet_is_one_line(tmp_path):
    source = tmp_path / "people.parquet"
    source.write_text("age\n30\n", encoding="utf-8")
    done = run_bonekb("batch", str(source), "-o", str(tmp_path / "out.jsonl"))
    assert done.returncode == 2
    assert done.stderr.startswith("bonekb: INPUT: ") and "is not a Parquet file bonekb can read" in done.stderr
    assert len(done.stderr.splitlines()) == 1
