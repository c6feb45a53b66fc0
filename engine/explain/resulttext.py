"""`bonekb recommend` as text: the result rendered by explanations/recommend.txt.j2.

The same sandboxed, strict templates and the same words as `why` and `explain`: the layout is the
template's, the words are words.yaml's (its `recommend` labels, the facts', values' and units'),
numbers and amounts are engine/numberformat.py's. The table's columns are aligned by tabulate (by display
width: a CJK character takes two columns), the one thing a template cannot do; a table of plain
narrow text (every character one column, nothing tabulate would read as a number) is laid out as
tabulate's "simple" format lays it out, without importing tabulate (start-up; a test checks that the
two agree over generated tables).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .environment import make_environment, render
from .render import is_narrow
from .words import Words

TEMPLATE = "recommend.txt.j2"


def result_text(folder: Path, data: dict[str, Any], age_facts: frozenset[str] = frozenset()) -> str:
    """The contract's result dict (already in the folder's language) as text for a terminal: the
    language's own recommend.txt.j2 if it has one, else the shared one in the folder above."""
    from jinja2.utils import Namespace

    from .controls import visible_controls

    words = Words.load(folder, age_facts)
    functions = {"word": words.word, "value": words.value, "amount": words.amount, "fill": Words.fill,
                 "shown": lambda value, fact=None, unrecognised=(): _profile_value(value, words, fact, unrecognised),
                 "table": _table,
                 "namespace": Namespace}
    context = {"result": data, "labels": dict(words.data.get("recommend") or {}),
               "intake_names": dict(words.data.get("intake_names") or {}),
               "list_separator": str(words.data.get("list_separator", ", "))}
    text = render(make_environment(folder, functions, shared=folder.parent), TEMPLATE, context)
    return visible_controls(text.removesuffix("\n"))  # a name a person typed may hold ESC or U+202E


def _table(headers: list[str], rows: list[list[str]]) -> str:
    plain = plain_table(headers, rows)
    if plain is not None:
        return plain
    from tabulate import tabulate  # aligns wide (CJK) characters because wcwidth is installed

    return str(tabulate(rows, headers=headers, tablefmt="simple"))


# Tabulate's "simple" format: columns two spaces apart, each at least its header's width plus two.
_GAP = "  "
_HEADER_PADDING = 2


def plain_table(headers: list[Any], rows: list[list[Any]]) -> str | None:
    """The table as tabulate(rows, headers, tablefmt="simple") writes it, when every cell is plain
    text: narrow characters (one column each), no surrounding space and nothing tabulate would read
    as a number (a number column is aligned to the right or on its decimal mark); else None."""
    if not headers or not rows or any(len(row) != len(headers) for row in rows):
        return None
    table = [["" if cell is None else cell for cell in row] for row in [headers, *rows]]
    if not all(_plain(cell) for row in table for cell in row):
        return None
    table = [[str(cell) for cell in row] for row in table]
    widths = [max(len(table[0][i]) + _HEADER_PADDING, *(len(row[i]) for row in table[1:]))
              for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return _GAP.join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(table[0]), line(["-" * width for width in widths]), *(line(row) for row in table[1:])])


def _plain(cell: Any) -> bool:
    if not isinstance(cell, str) or cell != cell.strip() or not is_narrow(cell):
        return False
    try:
        float(cell.replace(",", ""))  # tabulate reads 1e3, 1,000, 1_000, nan and inf as numbers
    except ValueError:
        return True
    return False


def _profile_value(value: Any, words: Words, fact: str | None = None, unrecognised: Any = ()) -> str:
    """A profile field as the person gave it: what they take by its given text, an age as an age, and
    a list's names not recognised as given, each marked so (words.yaml `name_not_recognised`)
    (`shown(given, name)`; a knowledge base's own template may still call `shown(given)`)."""
    if isinstance(value, list):
        marked = str(words.data.get("name_not_recognised") or "$name")
        names = [words.fill(marked, name=str(n)) for n in unrecognised or ()]
        return str(words.data.get("list_separator", ", ")).join(p for p in (words.taken(value), *names) if p)
    return words.fact_value(fact, value) if fact else words.value(value)
