"""The profile options of a knowledge base, read from the facts its rules/facts.yaml declares, and
its languages (--lang), read from its rules/manifest.yaml.

`bonekb --kb DIR recommend --help` lists DIR's facts, so the options are built when the command is
looked up, before anything is run. Reading the declaration needs only the knowledge base's file
reader (engine/kbfiles.py: confined to the folder, bounded) and, when not cached, its bounded YAML
parser (engine/yamlsource.py), never the rules engine or jsonschema; what it gives is remembered
under the file's sha256 (and bonekb's version) in $BONEKB_CACHE_DIR/options, else
$XDG_CACHE_HOME/bonekb/options, else ~/.cache/bonekb/options; BONEKB_NO_CACHE=1 turns that off.
A declaration that cannot be read gives no options here: the command then reports the knowledge
base's problem when it loads it, as one line.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

LIST_TYPES = ("supplements", "names")


def _cache_folder() -> Path | None:
    if os.environ.get("BONEKB_NO_CACHE"):
        return None
    if os.environ.get("BONEKB_CACHE_DIR"):
        return Path(os.environ["BONEKB_CACHE_DIR"]) / "options"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "bonekb" / "options"


def kb_root(kb_dir: str | None) -> Path:
    if kb_dir:
        return Path(kb_dir)
    from importlib.resources import files

    return Path(str(files("bonekb.rules"))).parent


def declared_options(kb_dir: str | None) -> list[dict[str, Any]]:
    """One entry per declared profile fact: its field, option name, kind, help and shortcut flags."""
    options = _cached(kb_dir, "rules/facts.yaml", _options_of)
    return options if isinstance(options, list) else []


def declared_languages(kb_dir: str | None) -> tuple[str, ...] | None:
    """The languages the knowledge base's rules/manifest.yaml declares (engine/languages.py), or None
    when the manifest cannot be read (the command then reports why, as one line, when it loads it)."""
    from bonekb.engine import kbfiles
    from bonekb.engine.languages import DEFAULT_LANGUAGES, MANIFEST

    root = kb_root(kb_dir)
    if not kbfiles.is_file(root, root / MANIFEST):
        return DEFAULT_LANGUAGES
    languages = _cached(kb_dir, MANIFEST, _languages_of)
    return tuple(languages) if isinstance(languages, list) and languages else None


def _cached(kb_dir: str | None, relative: str, parse: Callable[[bytes], Any]) -> Any:
    """What `parse` makes of one file of the knowledge base, remembered under the file's sha256; None
    when the file cannot be read."""
    from bonekb import __version__
    from bonekb.engine import kbfiles
    from bonekb.engine.errors import BonekbError

    root = kb_root(kb_dir)
    try:
        text = kbfiles.read_bytes(root, root / relative, relative)
    except (BonekbError, OSError):
        return None
    key = hashlib.sha256(__version__.encode() + b"\0" + relative.encode() + b"\0" + text).hexdigest()
    folder = _cache_folder()
    cached = folder / f"{key}.json" if folder else None
    if cached is not None:
        try:
            return json.loads(cached.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    made = parse(text)
    if cached is not None and made:
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            temporary = cached.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps(made, ensure_ascii=False), encoding="utf-8")
            temporary.replace(cached)  # whole or not at all
        except OSError:
            pass
    return made


def _languages_of(text: bytes) -> list[str]:
    from bonekb.engine.errors import BonekbError
    from bonekb.engine.languages import MANIFEST, languages_of
    from bonekb.engine.yamlsource import parse_yaml

    try:
        return list(languages_of(parse_yaml(text.decode("utf-8"), MANIFEST).data))
    except (BonekbError, UnicodeDecodeError):
        return []


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
