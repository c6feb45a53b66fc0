"""The profile options of a knowledge base, read from the facts its rules/facts.yaml declares.

`bonekb --kb DIR recommend --help` lists DIR's facts, so the options are built when the command is
looked up, before anything is run. Reading the declaration needs only the knowledge base's file
reader (engine/kbfiles.py: confined to the folder, bounded) and, when not cached, its bounded YAML
parser (engine/yamlsource.py), never the rules engine or jsonschema; what it gives is remembered
under the file's sha256 (and bonekb's version) in the cache's options/ folder (engine/checkcache.py:
$BONEKB_CACHE_DIR, else $XDG_CACHE_HOME/bonekb, else ~/.cache/bonekb); BONEKB_NO_CACHE=1 turns that off.
A declaration that cannot be read gives no options here: the command then reports the knowledge
base's problem when it loads it, as one line.
"""

from __future__ import annotations

import json
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
    from bonekb import __version__
    from bonekb.engine import kbfiles
    from bonekb.engine.checkcache import entry_key, read_entry, write_entry
    from bonekb.engine.errors import BonekbError

    root = kb_root(kb_dir)
    try:
        text = kbfiles.read_bytes(root, root / "rules" / "facts.yaml", "rules/facts.yaml")
    except (BonekbError, OSError):
        return []
    key = entry_key("options", __version__, text)
    cached = read_entry("options", key)
    if cached is not None:
        try:
            return _checked_options(json.loads(cached))
        except (ValueError, RecursionError, KeyError, TypeError):
            pass  # not what this code writes: read the declaration again and rewrite it
    options = _options_of(text)
    if options:
        write_entry("options", key, json.dumps(options, ensure_ascii=False).encode("utf-8"))
    return options


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
