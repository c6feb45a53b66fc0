"""A person's result as one row of typed columns, for Parquet and DataFrames (Spark, pandas, Dask).

The columns are plain data a table engine can filter without parsing JSON: the row number, the
scope, the groups, each nutrient's supplement and total-intake range (min, max, unit), the warnings'
codes and severities (same order), the rules that fired, and the whole result as its JSON text.
pyarrow is imported only by `arrow_schema`, so the CLI's start-up does not pay for it.
"""

from __future__ import annotations

import json
from typing import Any

KINDS = ("supplement", "total_intake")
LIST_COLUMNS = ["groups", "warning_codes", "warning_severities", "rules_fired"]


def amount_columns(nutrients: tuple[str, ...]) -> list[str]:
    """The min and max column of each nutrient (the knowledge base's, in its order) and kind."""
    return [f"{nutrient}_{kind}_{end}" for nutrient in nutrients for kind in KINDS for end in ("min", "max")]


def _unit_columns(nutrients: tuple[str, ...]) -> list[str]:
    return [f"{nutrient}_{kind}_unit" for nutrient in nutrients for kind in KINDS]


def columns(nutrients: tuple[str, ...]) -> dict[str, str]:
    """name -> type, in order; "float" amounts are null when that range is not recommended to the person."""
    return {
        "row": "int", "in_scope": "bool", "sun": "string", "groups": "list",
        **{name: "float" for name in amount_columns(nutrients)},
        **{name: "string" for name in _unit_columns(nutrients)},
        "warning_codes": "list", "warning_severities": "list", "rules_fired": "list", "result": "string",
    }


def result_row(line: str, nutrients: tuple[str, ...]) -> dict[str, Any]:
    """The typed columns of one result JSON line (as `bonekb batch` writes it, with its "row")."""
    result = json.loads(line)
    out: dict[str, Any] = {"row": result["row"], "in_scope": result["in_scope"], "sun": result["sun"],
                           "groups": list(result["groups"])}
    out.update(dict.fromkeys(amount_columns(nutrients)))
    out.update(dict.fromkeys(_unit_columns(nutrients)))
    for rec in result["recommendations"]:
        stem = f"{rec['nutrient']}_{rec['kind']}"
        if f"{stem}_unit" in out:
            out[f"{stem}_min"], out[f"{stem}_max"] = float(rec["min"]), float(rec["max"])
            out[f"{stem}_unit"] = rec["unit"]
    out["warning_codes"] = [w["code"] for w in result["warnings"]]
    out["warning_severities"] = [w["severity"] for w in result["warnings"]]
    out["rules_fired"] = [f["rule"] for f in result["fired"]]
    out["result"] = line
    return out


def arrow_schema(nutrients: tuple[str, ...], extra: dict[str, str] | None = None) -> Any:
    """The columns as a pyarrow schema (with `extra` columns after them)."""
    import pyarrow as pa

    types = {"int": pa.int64(), "bool": pa.bool_(), "float": pa.float64(), "string": pa.string(),
             "list": pa.list_(pa.string())}
    return pa.schema([(name, types[kind]) for name, kind in {**columns(nutrients), **(extra or {})}.items()])


def spark_ddl(nutrients: tuple[str, ...], extra: dict[str, str] | None = None) -> str:
    """The columns as a Spark DDL schema string, for mapInPandas(..., schema=...)."""
    types = {"int": "bigint", "bool": "boolean", "float": "double", "string": "string", "list": "array<string>"}
    return ", ".join(f"{name} {types[kind]}" for name, kind in {**columns(nutrients), **(extra or {})}.items())
