"""`bonekb recommend` as text: the result rendered by explanations/recommend.txt.j2.

The same sandboxed, strict templates and the same words as `why` and `explain`: the layout is the
template's, the words are words.yaml's (its `recommend` labels, the facts', values' and units'),
numbers and amounts are engine/numberformat.py's. The table's columns are aligned by tabulate (by display
width: a CJK character takes two columns), the one thing a template cannot do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .environment import make_environment, render
from .words import Words

TEMPLATE = "recommend.txt.j2"


def result_text(folder: Path, data: dict[str, Any], age_facts: frozenset[str] = frozenset()) -> str:
    """The contract's result dict (already in the folder's language) as text for a terminal: the
    language's own recommend.txt.j2 if it has one, else the shared one in the folder above."""
    from jinja2.utils import Namespace

    from .controls import visible_controls

    words = Words.load(folder, age_facts)
    functions = {"word": words.word, "value": words.value, "amount": words.amount, "fill": Words.fill,
                 "shown": lambda value, fact=None: _profile_value(value, words, fact), "table": _table,
                 "namespace": Namespace}
    context = {"result": data, "labels": dict(words.data.get("recommend") or {}),
               "intake_names": dict(words.data.get("intake_names") or {}),
               "list_separator": str(words.data.get("list_separator", ", "))}
    text = render(make_environment(folder, functions, shared=folder.parent), TEMPLATE, context)
    return visible_controls(text.removesuffix("\n"))  # a name a person typed may hold ESC or U+202E


def _table(headers: list[str], rows: list[list[str]]) -> str:
    from tabulate import tabulate  # aligns wide (CJK) characters because wcwidth is installed

    return str(tabulate(rows, headers=headers, tablefmt="simple"))


def _profile_value(value: Any, words: Words, fact: str | None = None) -> str:
    """A profile field as the person gave it: what they take by its given text, an age as an age
    (`shown(given, name)`; a knowledge base's own template may still call `shown(given)`)."""
    if isinstance(value, list):
        return words.taken(value)
    return words.fact_value(fact, value) if fact else words.value(value)
