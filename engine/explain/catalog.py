"""One language's catalog of texts for the shared templates: `t(key, name=value)` in a template.

The templates in explanations/ are the structure, written once; explanations/<lang>/words.yaml
(the engine's and the shared templates' texts) and explanations/<lang>/pages.yaml (the texts of
the knowledge base's own templates: its nutrient pages and its answers to questions) hold each
language's words under `text:`, grouped by template:

    text:
      why:
        title: "Why $name?"

is `t("why.title", name=...)`; `t(key, fallback)` gives `fallback` when the catalog has no such
key. Placeholders are string.Template's `$name` (never str.format or `%`: a catalog is untrusted
data and must not reach attributes or ask for a huge width). A text may also be a list of texts (a
font stack). `omits:` names the placeholders a language leaves out on purpose
(`omits: {outcomes.step: [title]}`), so the audit's comparison of languages (M003)
accepts it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Any

from markupsafe import Markup, escape

from ..errors import TemplateError
from ..limits import MAX_TEMPLATE_OUTPUT
from ..yamlsource import Position, YamlDocument, load_yaml

CATALOG_FILES = ("words.yaml", "pages.yaml")
# Texts the engine says itself rather than a template: the refusals of reading a question
# (engine/refusals.py reads them only when refusing; the audit checks them with the rest).
ENGINE_CATALOG_FILES = ("refusals.yaml",)
TEXT_KEY, OMITS_KEY = "text", "omits"
_PLACEHOLDER = re.compile(r"\$(?:\$|(\w+)|\{(\w+)\})", re.ASCII)


def placeholders(text: str) -> set[str]:
    """The $names a text uses ($$ is a dollar sign)."""
    return {m.group(1) or m.group(2) for m in _PLACEHOLDER.finditer(text) if m.group() != "$$"}


@dataclass
class Catalog:
    """key -> text (or list of texts) of one language, with where each key stands."""

    lang: str
    texts: dict[str, str | list[str]] = field(default_factory=dict)
    at: dict[str, tuple[YamlDocument, tuple[str, ...]]] = field(default_factory=dict)  # key -> where it stands
    omits: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, folder: Path, root: Path | None = None, files: tuple[str, ...] = CATALOG_FILES) -> Catalog:
        """The catalog files of one language folder (pages.yaml is optional), or those `files` name."""
        catalog = cls(folder.name)
        for name in files:
            path = folder / name
            if path.is_file():
                shown = path.relative_to(root).as_posix() if root else str(path)
                catalog._add(load_yaml(path, shown, root))
        return catalog

    def _add(self, document: YamlDocument) -> None:
        data = document.data
        if not isinstance(data, dict):
            return  # words.yaml's own loader reports a file that is not a mapping
        texts = data.get(TEXT_KEY, {})
        if not isinstance(texts, dict):
            raise TemplateError(f"{document.position((TEXT_KEY,))}: {TEXT_KEY} must be a mapping of key: text")
        for key, path, value in _leaves(texts, ()):
            if key in self.texts:
                raise TemplateError(f"{document.position((TEXT_KEY, *path))}: text {key!r} is given twice "
                                    f"(also at {self.position(key)})")
            if not (isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))):
                raise TemplateError(f"{document.position((TEXT_KEY, *path))}: text {key!r} must be a text "
                                    "or a list of texts")
            self.texts[key], self.at[key] = value, (document, (TEXT_KEY, *path))
        omits = data.get(OMITS_KEY, {})
        if not isinstance(omits, dict) or not all(isinstance(v, list) for v in omits.values()):
            raise TemplateError(f"{document.position((OMITS_KEY,))}: {OMITS_KEY} must map a key to placeholder names")
        for key, names in omits.items():
            self.omits[str(key)] = {str(n) for n in names}

    def position(self, key: str) -> Position:
        """Where the key's text stands (found when asked: an error or the audit needs it, a rendering not)."""
        document, path = self.at[key]
        return document.position(path)

    def text(self, key: str, values: dict[str, Any], escaping: bool = False,
             fallback: tuple[Any, ...] = ()) -> str | list[str]:
        """The key's text with its placeholders filled; escaped (as Markup) for an HTML template.
        A key the catalog lacks is an error, unless the template gave a fallback (a key made from
        data, such as an adjustment's reason, that a new knowledge base may not have words for)."""
        found = self.texts.get(key)
        if found is None and fallback:
            return escape(fallback[0]) if escaping else str(fallback[0])
        if found is None:
            raise TemplateError(f"explanations/{self.lang}: no text {key!r} in the catalog (words.yaml, pages.yaml): "
                                "a template asks for it")
        if isinstance(found, list):
            return list(found)
        shown = {name: str(escape(v)) if escaping else str(v) for name, v in values.items()}
        uses = [m.group(1) or m.group(2) for m in _PLACEHOLDER.finditer(found) if m.group() != "$$"]
        if len(found) + sum(len(shown.get(n, "")) for n in uses) > MAX_TEMPLATE_OUTPUT:
            from jinja2.sandbox import SecurityError

            raise SecurityError(f"text {key!r} filled would be longer than {MAX_TEMPLATE_OUTPUT:,} "
                                "(MAX_TEMPLATE_OUTPUT)")
        source = str(escape(found)) if escaping else found
        try:
            filled = Template(source).substitute(shown)
        except KeyError as err:
            raise TemplateError(f"{self.position(key)}: text {key!r} uses ${err.args[0]}, which the template "
                                f"does not give (it gives: {', '.join(sorted(values)) or 'nothing'})") from None
        except ValueError:
            raise TemplateError(f"{self.position(key)}: text {key!r} has a '$' that is not a placeholder "
                                "(write $$ for a dollar sign)") from None
        return Markup(filled) if escaping else filled

    def function(self) -> Any:
        """`t` for the templates: bound to this catalog, escaping in autoescaped (HTML) templates."""
        from jinja2 import pass_eval_context

        @pass_eval_context
        def t(eval_ctx: Any, key: str, *fallback: Any, **values: Any) -> str | list[str]:
            return self.text(str(key), values, escaping=bool(eval_ctx.autoescape), fallback=fallback[:1])
        return t


def _leaves(node: dict[Any, Any], path: tuple[str, ...]) -> Iterator[tuple[str, tuple[str, ...], Any]]:
    """(dotted key, path, value) of every text under a nested mapping."""
    for key, value in node.items():
        here = (*path, str(key))
        if isinstance(value, dict):
            yield from _leaves(value, here)
        else:
            yield ".".join(here), here, value
