"""Cells merged into regions a reviewer can read: "age 19–64, menopause peri, sun_level low".

Cells that share a verdict are merged one fact at a time: two boxes that differ only in one
fact's values become one box with both. A fact whose values cover its whole domain in a box is
left out of the box's words: the verdict does not depend on it there.
"""

from __future__ import annotations

from collections.abc import Iterable

from .space import Run

Box = tuple[frozenset[int], ...]


def merge(run: Run, indexes: Iterable[tuple[int, ...]]) -> list[Box]:
    """The cells as few boxes as merging along one fact at a time gives."""
    boxes: set[Box] = {tuple(frozenset({i}) for i in index) for index in indexes}
    changed = True
    while changed:
        changed = False
        for dim in range(len(run.facts)):
            grouped: dict[Box, set[int]] = {}
            for box in boxes:
                key = (*box[:dim], frozenset(), *box[dim + 1:])
                grouped.setdefault(key, set()).update(box[dim])
            merged = {(*key[:dim], frozenset(values), *key[dim + 1:]) for key, values in grouped.items()}
            if len(merged) < len(boxes):
                changed = True
            boxes = merged
    return sorted(boxes, key=lambda b: tuple(sorted(s) for s in b))


def describe(run: Run, box: Box) -> str:
    """A box in words; facts it does not restrict are left out ('everyone' when none is restricted)."""
    parts = [f"{run.facts[dim]} {run.label(dim, values)}" for dim, values in enumerate(box)
             if len(values) < len(run.classes[dim])]
    return ", ".join(parts) or "everyone"


def regions(run: Run, indexes: Iterable[tuple[int, ...]]) -> list[str]:
    """The cells as region descriptions."""
    return [describe(run, box) for box in merge(run, indexes)]
