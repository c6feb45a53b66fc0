"""Refusals said in the reader's language: the one-line refusals of reading a question, from each
language's catalog (explanations/<lang>/refusals.yaml, `text: refusals.<key>`, `$placeholders` as
in words.yaml and pages.yaml, checked across languages by the audit's M003).

A refusal is raised where the question is read, before its answer's language is settled, so it is
raised in English (`refusal(key, **values)`: a `Refusal`, the English line that keeps its key and
values) and said again in the answer's language where that is known (`said_in`). Nothing here is
imported, and no catalog is read, until something is refused (CLI start-up is measured).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from string import Template
from typing import Any

REFUSALS_FILE = "refusals.yaml"
GROUP = "refusals"
ENGLISH = "en"


class Refusal(str):
    """A refusal's English text that remembers which catalog text it is and what fills it."""

    key: str
    values: dict[str, Any]

    def __new__(cls, key: str, values: dict[str, Any]) -> Refusal:
        made = super().__new__(cls, _text(_shipped_folder(ENGLISH), key, values))
        made.key, made.values = key, values
        return made

    def in_language(self, folders: list[Path]) -> str:
        """The same refusal from the first of `folders` (a language's explanations) that words it;
        English when none does."""
        for folder in folders:
            said = _text(folder, self.key, self.values, missing_ok=True)
            if said is not None:
                return said
        return str(self)


def refusal(key: str, **values: Any) -> Refusal:
    """The refusal `refusals.<key>` of the catalogs, in English until said in another language; a
    value that is a tuple is a list of alternatives, joined with the language's `or`."""
    return Refusal(key, {name: value if isinstance(value, tuple) else str(value) for name, value in values.items()})


def said_in(err: Exception, kb_root: Path, lang: str) -> Exception:
    """`err` (an InputError whose problem is a Refusal) said in `lang`: its field's name and its problem
    from the language's catalog (the knowledge base's own, else the shipped one); `err` itself when it
    is no such refusal or the language is English."""
    from .errors import InputError

    problem = getattr(err, "problem", None)
    if lang == ENGLISH or not isinstance(err, InputError) or not isinstance(problem, Refusal):
        return err
    folders = [Path(kb_root) / "explanations" / lang, _shipped_folder(lang)]
    field = refusal(f"field_{err.name.lower()}").in_language(folders)
    line = refusal("line", field=field, problem=problem.in_language(folders)).in_language(folders)
    said = InputError(err.name, problem)
    said.args = (line,)
    return said


def _shipped_folder(lang: str) -> Path:
    from .knowledge import shipped_root

    return shipped_root() / "explanations" / lang


def _text(folder: Path, key: str, values: dict[str, Any], missing_ok: bool = False) -> str | None:
    """The text of `key` in the folder's catalog, filled; a tuple of values is joined with the
    language's own `or` ('English (en) or 繁體中文 (zh-Hant)')."""
    texts = _catalog(folder)
    if key not in texts:
        if missing_ok:
            return None
        raise KeyError(f"{folder / REFUSALS_FILE}: no text {GROUP}.{key}")
    joined = {name: texts.get("or", " or ").join(value) if isinstance(value, tuple) else value
              for name, value in values.items()}
    return Template(texts[key]).safe_substitute(joined)


@cache
def _catalog(folder: Path) -> dict[str, str]:
    """key -> text of a language folder's refusals.yaml (empty when the folder has none)."""
    from .explain.catalog import Catalog

    if not (folder / REFUSALS_FILE).is_file():
        return {}
    catalog = Catalog.load(folder, None, files=(REFUSALS_FILE,))
    prefix = f"{GROUP}."
    return {key[len(prefix):]: str(text) for key, text in catalog.texts.items() if key.startswith(prefix)}
