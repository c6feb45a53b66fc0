"""Template and text checks (M) that find, without rendering anything, what fails or shows wrong
when it is rendered: an expression that always fails, a loop beyond the sandbox's bound, and a `$`
that no text reader takes as a placeholder."""

from __future__ import annotations

import math
from collections.abc import Iterator
from string import Template
from typing import Any

from ..errors import shown
from ..findings import Finding
from ..knowledge import KnowledgeBase
from ..limits import MAX_TEMPLATE_LOOP_STEPS
from ..yamlsource import YamlDocument
from .registry import check, finding
from .templates import _catalogs, _trees, templates


@check("M011", "error", "template-fails-when-rendered", needs_valid=False)
def failing_expressions(kb: KnowledgeBase) -> Iterator[Finding]:
    """A template expression that fails whenever its line is rendered: a division or remainder by a
    constant zero (`{{ x / 0 }}`), or loops over constant `range()`s whose steps together pass the
    sandbox's bound (MAX_TEMPLATE_LOOP_STEPS, 200,000: `range(100000)` inside `range(100000)`).

    What it looks for: in every template of every language, `/`, `//` or `%` whose right side is the
    constant 0, and `for` loops over `range()` of constant arguments, their lengths multiplied
    through the loops that hold them.
    Why it matters: templates are parsed, not rendered, by the audit; such a line passes every other
    check and then fails for every person who reaches it (ZeroDivisionError, or the loop bound).
    How to fix: divide by a value the explainer gives; loop over the data, not over a large range.
    """
    from jinja2 import nodes

    for lang in kb.languages:
        for name, tree in _trees(kb, lang).items():
            where = templates(kb)[lang][name]
            for node in tree.find_all((nodes.Div, nodes.FloorDiv, nodes.Mod)):  # type: ignore[attr-defined]
                if isinstance(node.right, nodes.Const) and isinstance(node.right.value, (int, float)) \
                        and not isinstance(node.right.value, bool) and node.right.value == 0:
                    yield finding("M011", where.where(line=node.lineno),
                                  "template divides by the constant 0 (it fails for everyone who reaches this line)")
            for lineno, steps in _loops_over_bound(tree, 1):
                yield finding("M011", where.where(line=lineno),
                              f"template loops {steps:,} times over constant ranges, more than the "
                              f"{MAX_TEMPLATE_LOOP_STEPS:,} steps a rendering may take (MAX_TEMPLATE_LOOP_STEPS)")


def _loops_over_bound(node: Any, outer: int) -> Iterator[tuple[int, int]]:
    """(line, steps) of each `for` over a constant range whose steps, times the loops holding it, pass the bound."""
    from jinja2 import nodes

    for child in node.iter_child_nodes():
        steps = outer
        if isinstance(child, nodes.For):
            length = _constant_range_length(child.iter)
            if length is not None:
                steps = outer * length
                if steps > MAX_TEMPLATE_LOOP_STEPS:
                    yield child.lineno, steps
                    continue  # the loops it holds are over the bound too: one finding
        yield from _loops_over_bound(child, steps)


def _constant_range_length(node: Any) -> int | None:
    """How many values `range(...)` of constant integer arguments gives; None for anything else."""
    from jinja2 import nodes

    if not (isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name) and node.node.name == "range"
            and not node.kwargs and node.dyn_args is None and node.dyn_kwargs is None and 1 <= len(node.args) <= 3):
        return None
    values = [arg.value for arg in node.args if isinstance(arg, nodes.Const)]
    if len(values) != len(node.args) or not all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return None
    start, stop, step = (0, values[0], 1) if len(values) == 1 else (values[0], values[1], values[2] if
                                                                         len(values) == 3 else 1)
    if step == 0:
        return None
    return max(0, math.ceil((stop - start) / step))


@check("M012", "error", "placeholder-not-read", needs_valid=False)
def placeholders_not_read(kb: KnowledgeBase) -> Iterator[Finding]:
    """A text with a `$` that is neither a placeholder (`$name`, `${name}`) nor a dollar sign (`$$`).

    What it looks for: every text of rules/messages.yaml, the `accepted` texts of rules/facts.yaml,
    and every text of each language's catalogs (words.yaml, pages.yaml), read as Python's
    string.Template reads them (its is_valid).
    Why it matters: such a `$` is not filled in: a reader sees it as written (`${diet.__class__}`),
    or the text fails to render where the catalog fills it strictly.
    How to fix: name a placeholder the text is given (`$diet`, `${diet}`), or write `$$` for a dollar sign.
    """
    for document, path, text in _texts(kb):
        if "$" in text and not Template(text).is_valid():
            yield finding("M012", document.position(path),
                          f"text {shown(text, 60)} has a '$' that is not a placeholder ($name or ${{name}}) "
                          "nor a dollar sign ($$): a reader would see it as written")


def _texts(kb: KnowledgeBase) -> Iterator[Located]:
    """Every text a reader may see with its placeholders filled, with where it stands."""
    yield from _strings(kb.messages_document, kb.messages_document.data or {}, ())
    facts = kb.facts_document.data if isinstance(kb.facts_document.data, dict) else {}
    for key, spec in (facts.get("facts") or {}).items() if isinstance(facts.get("facts"), dict) else ():
        if isinstance(spec, dict) and isinstance(spec.get("accepted"), str):
            yield kb.facts_document, ("facts", key, "accepted"), spec["accepted"]
    for catalog in _catalogs(kb).values():
        if isinstance(catalog, Exception):
            continue  # M003 reports a catalog that cannot be read
        for key, (document, path) in catalog.at.items():
            yield from _strings(document, catalog.texts[key], path)


Located = tuple[YamlDocument, tuple[Any, ...], str]


def _strings(document: YamlDocument, value: Any, path: tuple[Any, ...]) -> Iterator[Located]:
    if isinstance(value, str):
        yield document, path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(document, item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(document, item, (*path, index))
