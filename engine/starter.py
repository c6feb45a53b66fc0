"""`bonekb init DIR`: write a minimal knowledge base that passes `audit` and `test`.

What the new knowledge base owns (its source text, claims, facts, rules, scenarios, the nutrient
pages that quote its claims, `ask`'s intents and help page) is data in the `bonekb.skeleton`
folder. It starts from the shipped knowledge base's world (calcium, D3, K2, K1 and its profile
facts), declared in that data, for the author to replace. What is copied from the shipped
knowledge base (the vocabulary, the messages the engine composes, the references the vocabulary's
figures come from, the shared templates and words) is what this version of the engine reads, so a
new knowledge base starts from a working copy of it. The JSON Schemas are copied into
DIR/schemas/, and each YAML file with a schema names it on its first line, so an editor validates
it with no network and no installed bonekb at a known path.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from importlib.resources import files
from pathlib import Path

from .errors import InputError
from .knowledge import shipped_root
from .languages import declared_languages

# Copied from the shipped knowledge base: what the engine reads alike in every knowledge base.
SHARED_FILES = ("rules/vocabulary.yaml", "rules/messages.yaml", "rules/references.yaml")
# The templates every language shares (explanations/*.j2), and each language's catalog of their
# words; the knowledge base's own templates (help.md.j2 too) and their
# texts (pages.yaml) are the skeleton's.
SHARED_TEMPLATES = ("why.md.j2", "handout.md.j2", "macros.md.j2", "outcomes.md.j2",
                    "page.html.j2", "recommend.txt.j2")
CATALOG = "words.yaml"
SCHEMA_COMMENT = "# yaml-language-server: $schema="


def schema_of(relative: str) -> str | None:
    """The schema file a knowledge-base YAML file is written against (None: checked in code only)."""
    parts = relative.split("/")
    if parts[0] == "scenarios" and relative.endswith(".yaml"):
        return "scenario.schema.json"
    if parts[0] != "rules" or not relative.endswith(".yaml"):
        return None
    if len(parts) == 2 and parts[1] in ("claims.yaml", "references.yaml"):
        return parts[1].replace(".yaml", ".schema.json")
    if len(parts) == 2 and parts[1] in ("manifest.yaml", "vocabulary.yaml", "facts.yaml", "messages.yaml"):
        return None
    return "rules.schema.json"


def init_knowledge_base(target: Path) -> list[str]:
    """Write a new knowledge base into `target` (absent or empty); return the files written.

    It is built in a temporary folder beside `target` and moved into place whole (into an
    existing empty folder, its four top folders are moved in), so a failure leaves nothing
    half-written.
    """
    target = target.resolve()  # `init .` builds beside the folder, not inside it
    if target.exists() and not target.is_dir():
        raise InputError(str(target), "is a file; give a new or empty folder")
    if target.is_dir() and any(target.iterdir()):
        raise InputError(str(target), "is not empty; give a new or empty folder (nothing was written)")
    blocked = next((f for f in target.parents if f.exists() and not f.is_dir()), None)
    if blocked is not None:
        raise InputError(str(target), f"cannot be made: {blocked} is a file, not a folder")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        building = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as err:
        raise InputError(str(target), f"cannot write the knowledge base: {err.strerror or err}") from None
    moved: list[Path] = []
    try:
        written = _write(building)
        if not target.is_dir():
            os.replace(building, target)
            return written
        for child in sorted(building.iterdir()):  # an existing folder keeps its identity (a shell may be in it)
            os.replace(child, target / child.name)
            moved.append(target / child.name)
        building.rmdir()
    except BaseException as err:
        for path in moved:
            shutil.rmtree(path, ignore_errors=True)
        shutil.rmtree(building, ignore_errors=True)
        if isinstance(err, OSError):
            raise InputError(str(target), f"cannot write the knowledge base: {err.strerror or err}") from None
        raise
    return written


def _write(root: Path) -> list[str]:
    skeleton = Path(str(files("bonekb.skeleton")))
    shipped = shipped_root()
    sources: dict[str, Path] = {}
    for path in sorted(skeleton.rglob("*")):
        if path.is_file() and path.suffix != ".py" and "__pycache__" not in path.parts:
            sources[path.relative_to(skeleton).as_posix()] = path
    for relative in SHARED_FILES:
        sources[relative] = shipped / relative
    for name in SHARED_TEMPLATES:
        sources[f"explanations/{name}"] = shipped / "explanations" / name
    for lang in declared_languages(skeleton):  # the languages the starter's manifest declares
        sources[f"explanations/{lang}/{CATALOG}"] = shipped / "explanations" / lang / CATALOG
    schemas = Path(str(files("bonekb.engine").joinpath("schemas")))
    for path in sorted(schemas.glob("*.schema.json")):
        sources[f"schemas/{path.name}"] = path
    for relative, source in sorted(sources.items()):
        destination = root / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8")
        schema = schema_of(relative)
        if schema is not None:
            text = with_schema_comment(text, "../" * relative.count("/") + f"schemas/{schema}")
        destination.write_text(text, encoding="utf-8")
    return sorted(sources)


def with_schema_comment(text: str, schema: str) -> str:
    """The text with its first line naming its schema (replacing a first line that named another)."""
    lines = text.split("\n")
    if lines and lines[0].startswith(SCHEMA_COMMENT):
        lines = lines[1:]
    return "\n".join([f"{SCHEMA_COMMENT}{schema}", *lines])
