"""The languages a knowledge base is written in: `languages:` of its rules/manifest.yaml, declared once.

Every part that offers or checks a language reads this list: the --lang options, the messages'
schema (every message worded in each), the audit (explanations for each), the question reader.
A knowledge base with no manifest, or a manifest without `languages`, is in English alone.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

MANIFEST = "rules/manifest.yaml"
DEFAULT_LANGUAGES = ("en",)
MAX_LANGUAGES = 20
# A BCP 47 tag as the explanations folders name them: en, zh-Hant, pt-BR, sr-Latn-RS.
LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}")
ACCEPTED = "a list of language tags such as [en, zh-Hant], each once, the first the default"


def languages_of(manifest: dict[str, Any] | None, document: Any = None) -> tuple[str, ...]:
    """The languages a parsed manifest declares; a bad `languages:` is a KnowledgeBaseError at its line
    (when the manifest's YamlDocument is given)."""
    from .errors import KnowledgeBaseError, shown

    declared = (manifest or {}).get("languages") if isinstance(manifest, dict) else None
    if declared is None:
        return DEFAULT_LANGUAGES

    def refuse(problem: str, *path: Any) -> KnowledgeBaseError:
        where = document.position(("languages", *path)) if document is not None else None
        return KnowledgeBaseError(MANIFEST, f"languages: {problem}; accepted: {ACCEPTED}",
                                  where.line if where else None, where.column if where else None)

    if not isinstance(declared, list) or not declared:
        raise refuse("must be a list of one language or more")
    if len(declared) > MAX_LANGUAGES:
        raise refuse(f"more than {MAX_LANGUAGES} languages (MAX_LANGUAGES)")
    for index, tag in enumerate(declared):
        if not isinstance(tag, str) or not LANGUAGE_TAG.fullmatch(tag):
            raise refuse(f"{shown(tag)} is not a language tag", index)
        if declared.index(tag) != index:
            raise refuse(f"{shown(tag)} is declared twice", index)
    return tuple(declared)


def declared_languages(root: Path | str | None = None) -> tuple[str, ...]:
    """The languages the knowledge base at `root` (the shipped one by default) declares, read from its
    manifest alone (no rules, no engine). A manifest that cannot be read is a KnowledgeBaseError."""
    from . import kbfiles
    from .knowledge import shipped_root
    from .yamlsource import parse_yaml

    base = Path(root) if root is not None else shipped_root()
    path = base / MANIFEST
    if not kbfiles.is_file(base, path):
        return DEFAULT_LANGUAGES
    document = parse_yaml(kbfiles.read_text(base, path, MANIFEST), MANIFEST)
    return languages_of(document.data, document)


def writing(kb_root: Path, lang: str) -> dict[str, Any]:
    """How a language is written, as its explanations/<lang>/words.yaml declares under `writing`
    (`punctuation: full-width`, the `hours` words a text states hours by), for the audit's checks of
    its texts; {} when the file or the key is missing or cannot be read (the catalog checks say so)."""
    from . import kbfiles
    from .errors import KnowledgeBaseError
    from .yamlsource import load_yaml

    path = Path(kb_root) / "explanations" / lang / "words.yaml"
    if not kbfiles.is_file(kb_root, path):
        return {}
    try:
        data = load_yaml(path, path.relative_to(kb_root).as_posix(), kb_root).data
    except KnowledgeBaseError:
        return {}
    declared = data.get("writing") if isinstance(data, dict) else None
    return declared if isinstance(declared, dict) else {}


def full_width_languages(kb_root: Path, languages: tuple[str, ...]) -> tuple[str, ...]:
    """The declared languages written with full-width punctuation (`writing: {punctuation: full-width}`)."""
    return tuple(lang for lang in languages if writing(kb_root, lang).get("punctuation") == "full-width")
