"""bonekb.evaluate_frame(s): a pandas DataFrame of people in, their results out with the typed
columns of a Parquet output, as Spark's mapInPandas would call it."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from population import COLUMNS, LISTS, read_jsonl

import bonekb
from bonekb.engine.errors import InputError
from bonekb.engine.knowledge import read_knowledge_base
from bonekb.engine.resulttable import amount_columns, columns

NUTRIENTS = read_knowledge_base().vocabulary.nutrients
RESULT_COLUMNS = columns(NUTRIENTS)
AMOUNT_COLUMNS = amount_columns(NUTRIENTS)


def _frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    """The people as pandas holds them: numbers with NaN for missing, lists for the list fields."""
    data = {}
    for c in COLUMNS:
        cells = [row[c] for row in rows]
        if c in ("age", "sun_minutes"):
            data[c] = pd.to_numeric(pd.Series(cells).replace("", None), errors="coerce")
        elif c in LISTS:
            data[c] = [[p.strip() for p in t.split(";")] if t else None for t in cells]
        else:
            data[c] = [t or None for t in cells]
    return pd.DataFrame(data)


def test_a_frame_gives_the_batch_results_and_bad_rows(population, jobs_one):
    _, rows = population
    rows = rows[:400]
    frame = _frame(rows)
    frame.insert(0, "person_id", [f"p{i}" for i in range(len(rows))])
    out = bonekb.evaluate_frame(frame, keep=["person_id"])
    assert list(out.columns) == ["person_id", *RESULT_COLUMNS, "error"]
    assert list(out["person_id"]) == list(frame["person_id"])
    assert list(out["row"]) == list(range(1, 401))
    batch = {r["row"]: r for r in read_jsonl(jobs_one[0]) if r["row"] <= 400}
    errors = {e["row"]: e["error"] for e in read_jsonl(jobs_one[1]) if e["row"] <= 400}
    assert errors  # the population's bad rows 3 and 250
    for record in out.to_dict("records"):
        if record["row"] in errors:
            assert record["error"] == errors[record["row"]]
            assert pd.isna(record["result"])
        else:
            assert pd.isna(record["error"])
            assert json.loads(record["result"]) == batch[record["row"]]
            assert list(record["warning_codes"]) == [w["code"] for w in batch[record["row"]]["warnings"]]
    assert out["calcium_supplement_max"].dtype == "float64"


def test_frames_as_mapinpandas_calls_them_number_rows_on(population):
    _, rows = population
    frame = _frame(rows[:30])
    outs = list(bonekb.evaluate_frames(iter([frame.iloc[:10], frame.iloc[10:30]]), lang="zh-Hant"))
    assert [len(o) for o in outs] == [10, 20]
    assert list(pd.concat(outs)["row"]) == list(range(1, 31))
    one = bonekb.evaluate_frame(frame, lang="zh-Hant")
    assert list(pd.concat(outs)["result"]) == list(one["result"])


def test_a_frame_with_a_column_that_is_not_a_profile_field_is_refused():
    with pytest.raises(InputError, match="column 'person_id' is not a profile field"):
        bonekb.evaluate_frame(pd.DataFrame({"person_id": [1], "age": [30]}))
    with pytest.raises(InputError, match="'row' is also an output column"):
        bonekb.evaluate_frame(pd.DataFrame({"row": [1], "age": [30]}), keep=["row"])


def test_the_spark_schema_names_every_output_column():
    ddl = bonekb.result_schema("person_id string")
    names = [part.split()[0] for part in ddl.split(", ")]
    assert names == ["person_id", *RESULT_COLUMNS, "error"]
    assert "warning_codes array<string>" in ddl and "calcium_supplement_min double" in ddl
