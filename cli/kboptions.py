"""The profile options of a knowledge base, read from the facts its rules/facts.yaml declares, and
its languages (--lang), read from its rules/manifest.yaml.

`bonekb --kb DIR recommend --help` lists DIR's facts, so the options are built when the command is
looked up, before anything is run. Reading the declaration needs only the knowledge base's file
reader (engine/kbfiles.py: confined to the folder, bounded) and, when not cached, its bounded YAML
parser (engine/yamlsource.py), never the rules engine or jsonschema; what it gives is remembered
under the file's sha256 and bonekb's code digest (this code and the reader's: another version
may read the same file otherwise) in the cache's options/ folder (engine/checkcache.py:
$BONEKB_CACHE_DIR, else $XDG_CACHE_HOME/bonekb, else ~/.cache/bonekb); BONEKB_NO_CACHE=1 turns that off.
A declaration that cannot be read gives no options here: the command then reports the knowledge
base's problem when it loads it, as one line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

LIST_TYPES = ("supplements", "names")


def kb_root(kb_dir: str | None) -> Path:
    if kb_dir:
        return Path(kb_dir)
    from bonekb.engine.knowledge import shipped_root

    return shipped_root()


def declared_options(kb_dir: str | None) -> list[dict[str, Any]]:
    """One entry per declared profile fact: its field, option name, kind, help and shortcut flags."""
    options = _cached(kb_dir, "rules/facts.yaml", _options_of, _checked_options)
    return options if isinstance(options, list) else []


def declared_languages(kb_dir: str | None) -> tuple[str, ...] | None:
    """The languages the knowledge base's rules/manifest.yaml declares (engine/languages.py), or None
    when the manifest cannot be read (the command then reports why, as one line, when it loads it)."""
    from bonekb.engine import kbfiles
    from bonekb.engine.languages import DEFAULT_LANGUAGES, MANIFEST

    root = kb_root(kb_dir)
    if not kbfiles.is_file(root, root / MANIFEST):
        return DEFAULT_LANGUAGES
    languages = _cached(kb_dir, MANIFEST, _languages_of, _checked_languages)
    return tuple(languages) if isinstance(languages, list) and languages else None


def _cached(kb_dir: str | None, relative: str, parse: Callable[[bytes], Any], check: Callable[[Any], Any]) -> Any:
    """What `parse` makes of one file of the knowledge base, remembered under the file's sha256; None
    when the file cannot be read. A cached value is used only as `check` passes it (engine/checkcache.py
    trusts an entry's integrity and owner, not what it says)."""
    from bonekb.engine import kbfiles
    from bonekb.engine.checkcache import cache_root, code_digest, entry_key, read_entry, write_entry
    from bonekb.engine.errors import BonekbError

    root = kb_root(kb_dir)
    try:
        text = kbfiles.read_bytes(root, root / relative, relative)
    except (BonekbError, OSError):
        return None
    if cache_root() is None:
        return parse(text)
    key = entry_key("options", code_digest(), relative, text)
    cached = read_entry("options", key)
    if cached is not None:
        try:
            return check(json.loads(cached))
        except (ValueError, RecursionError, KeyError, TypeError):
            pass  # not what this code writes: read the file again and rewrite it
    made = parse(text)
    if made:
        write_entry("options", key, json.dumps(made, ensure_ascii=False).encode("utf-8"))
    return made


def _languages_of(text: bytes) -> list[str]:
    from bonekb.engine.errors import BonekbError
    from bonekb.engine.languages import MANIFEST, languages_of
    from bonekb.engine.yamlsource import parse_yaml

    try:
        return list(languages_of(parse_yaml(text.decode("utf-8"), MANIFEST).data))
    except (BonekbError, UnicodeDecodeError):
        return []


def _checked_options(cached: Any) -> list[dict[str, Any]]:
    """Cached options, only in the shape _option writes (anything else raises)."""
    if not isinstance(cached, list):
        raise TypeError("not a list")
    for entry in cached:
        if not (isinstance(entry["field"], str) and str(entry["name"]).startswith("--")
                and entry["kind"] in ("flag", "list", "value") and isinstance(entry["help"], str)
                and isinstance(entry["shortcuts"], list)):
            raise TypeError("not an option")
    return cached


def _checked_languages(cached: Any) -> list[str]:
    """Cached languages, only as _languages_of writes them: a list of texts."""
    if not isinstance(cached, list) or not all(isinstance(lang, str) for lang in cached):
        raise TypeError("not a list of languages")
    return cached


def _options_of(text: bytes) -> list[dict[str, Any]]:
    from bonekb.engine.errors import BonekbError
    from bonekb.engine.yamlsource import parse_yaml

    try:
        declared = parse_yaml(text.decode("utf-8"), "rules/facts.yaml").data["profile"]
        return [_option(str(field), spec) for field, spec in declared.items()]
    except (BonekbError, UnicodeDecodeError, KeyError, TypeError, AttributeError, ValueError):
        return []


def _option(field: str, spec: dict[str, Any]) -> dict[str, Any]:
    option = spec["option"]
    name = str(option["name"])
    if not name.startswith("--"):
        raise ValueError(name)
    return {
        "field": field,
        "name": name,
        "kind": "flag" if spec["type"] == "bool" else "list" if spec["type"] in LIST_TYPES else "value",
        "help": str(option.get("help", "")),
        "shortcuts": [{"name": str(s["name"]), "value": s["value"], "help": str(s.get("help", ""))}
                      for s in option.get("shortcuts", [])],
    }
