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

The new knowledge base is written in the languages its author chooses (`bonekb init --lang`, the
first the default; English alone unless told): the skeleton's manifest declares the languages init
can write (it holds each one's pages and intents, and a text beside every text of its rule files),
and init writes the chosen ones' explanations, their catalogs (words.yaml) from the shipped knowledge
base, a manifest declaring them, and the rule files and messages without the texts of the others.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Collection, Sequence
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
DEFAULT_INIT_LANGUAGES = ("en",)
# The skeleton manifest's note on its languages, and the line: init writes the chosen ones instead.
_SKELETON_LANGUAGES = re.compile(r"^# The languages `bonekb init --lang` can write.*?^languages: [^\n]*$",
                                 re.MULTILINE | re.DOTALL)
_NEW_LANGUAGES = ("# The languages this knowledge base is written in: --lang offers them, the first the default.\n"
                  "# Adding one is data: docs/authoring.md, \"Adding a language\".\n"
                  "languages: [{}]")


def skeleton_root() -> Path:
    return Path(str(files("bonekb.skeleton")))


def init_languages() -> tuple[str, ...]:
    """The languages init can write: those the skeleton's manifest declares (data)."""
    return declared_languages(skeleton_root())


def chosen_languages(languages: Sequence[str] | None) -> tuple[str, ...]:
    """The languages asked for, checked: each one init can write, each once; English alone by default."""
    if not languages:
        return DEFAULT_INIT_LANGUAGES
    offered = init_languages()
    accepted = f"accepted: {', '.join(offered)} (--lang once for each, the first the default)"
    for index, lang in enumerate(languages):
        if lang not in offered:
            from .errors import shown

            raise InputError("--lang", f"{shown(lang)} is not a language init can write; {accepted}")
        if list(languages).index(lang) != index:
            raise InputError("--lang", f"'{lang}' is given twice; {accepted}")
    return tuple(languages)


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


def init_knowledge_base(target: Path, languages: Sequence[str] | None = None) -> list[str]:
    """Write a new knowledge base into `target` (absent or empty) in `languages` (English alone when
    none is given; the first the default); return the files written.

    It is built in a temporary folder beside `target` and moved into place whole (into an
    existing empty folder, its four top folders are moved in), so a failure leaves nothing
    half-written.
    """
    chosen = chosen_languages(languages)  # refused before anything is made
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
        written = _write(building, chosen)
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


def _write(root: Path, languages: tuple[str, ...] = DEFAULT_INIT_LANGUAGES) -> list[str]:
    skeleton = skeleton_root()
    shipped = shipped_root()
    left_out = [lang for lang in init_languages() if lang not in languages]
    sources: dict[str, Path] = {}
    for path in sorted(skeleton.rglob("*")):
        if path.is_file() and path.suffix != ".py" and "__pycache__" not in path.parts:
            relative = path.relative_to(skeleton)
            if relative.parts[0] == "explanations" and relative.parts[1] in left_out:
                continue
            sources[relative.as_posix()] = path
    for relative in SHARED_FILES:
        sources[relative] = shipped / relative
    for name in SHARED_TEMPLATES:
        sources[f"explanations/{name}"] = shipped / "explanations" / name
    for lang in languages:
        sources[f"explanations/{lang}/{CATALOG}"] = shipped / "explanations" / lang / CATALOG
    schemas = Path(str(files("bonekb.engine").joinpath("schemas")))
    for path in sorted(schemas.glob("*.schema.json")):
        sources[f"schemas/{path.name}"] = path
    for relative, source in sorted(sources.items()):
        destination = root / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        text = source.read_text(encoding="utf-8")
        schema = schema_of(relative)
        if relative == "rules/manifest.yaml":
            text = _SKELETON_LANGUAGES.sub(lambda _: _NEW_LANGUAGES.format(", ".join(languages)), text, count=1)
        elif schema == "rules.schema.json" or relative == "rules/messages.yaml":
            text = without_languages(text, left_out)
        if schema is not None:
            text = with_schema_comment(text, "../" * relative.count("/") + f"schemas/{schema}")
        destination.write_text(text, encoding="utf-8")
    return sorted(sources)


def without_languages(text: str, left_out: Collection[str]) -> str:
    """A rule file's or messages.yaml's text without its `<tag>:` texts in the languages left out,
    everything else as it was (comments, order, quoting). Where each one is written is read by
    PyYAML's own parser (its nodes' marks), so a text is cut whole however it is written: in a mapping
    on one line, on a line of its own, or over several lines."""
    if not left_out:
        return text
    import yaml

    edits: list[tuple[int, int, str]] = []  # (start, end, what stands there instead)

    def walk(node: yaml.Node) -> None:
        if isinstance(node, yaml.MappingNode):
            dropped = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value in left_out]
            if dropped and node.flow_style:  # {en: ..., zh-Hant: ...}: the entries kept, as written
                kept = [text[k.start_mark.index:v.end_mark.index] for k, v in node.value if (k, v) not in dropped]
                edits.append((node.start_mark.index, node.end_mark.index, "{" + ", ".join(kept) + "}"))
                return
            for key, value in node.value:
                if (key, value) in dropped:  # a block mapping's entry: its lines, whole
                    start = text.rfind("\n", 0, key.start_mark.index) + 1
                    end = value.end_mark.index
                    if value.end_mark.column != 0:
                        end = text.find("\n", end) + 1 or len(text)
                    edits.append((start, end, ""))
                else:
                    walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)

    walk(yaml.compose(text, Loader=yaml.SafeLoader))
    for start, end, instead in sorted(edits, reverse=True):
        text = text[:start] + instead + text[end:]
    return text


def with_schema_comment(text: str, schema: str) -> str:
    """The text with its first line naming its schema (replacing a first line that named another)."""
    lines = text.split("\n")
    if lines and lines[0].startswith(SCHEMA_COMMENT):
        lines = lines[1:]
    return "\n".join([f"{SCHEMA_COMMENT}{schema}", *lines])
