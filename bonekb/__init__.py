"""bonekb: the article's bone-nutrition rules (calcium with D3, K2 and K1) as a traced knowledge base.

For other engines (pandas, Spark's mapInPandas, Dask): `bonekb.evaluate_frame(df)`,
`bonekb.evaluate_frames(iterator_of_dfs)` and `bonekb.result_schema()`; see engine/frames.py.
They are imported on first use, so `import bonekb` stays cheap.
"""

from typing import Any

__version__ = "0.1.0"
_API = ("evaluate_frame", "evaluate_frames", "result_schema")


def __getattr__(name: str) -> Any:
    if name in _API:
        from bonekb.engine import frames

        return getattr(frames, name)
    raise AttributeError(f"module 'bonekb' has no attribute {name!r}")
