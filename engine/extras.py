"""The optional `dask` extra (dask, distributed, pyarrow, pandas): present, or one line saying how to install it."""

from __future__ import annotations

import importlib.util

from .errors import InputError

EXTRA = ("pyarrow", "pandas", "dask", "distributed")
INSTALL = "pip install 'bonekb[dask]'"


def require_extra(name: str, what: str, modules: tuple[str, ...] = EXTRA) -> None:
    """Refuse `what` (for option or argument `name`) in one line when a module of the extra is missing."""
    for module in modules:
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):  # a module set to None in sys.modules (tests), or a broken one
            found = False
        if not found:
            raise InputError(name, f"{what} needs bonekb's dask extra ({module} is not installed): {INSTALL}")
