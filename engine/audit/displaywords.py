"""Display-word checks (M010): every id a reader meets has its words in each language's words.yaml.

engine/explain/words.py looks an id up in a words.yaml table and, when the table lacks it, shows the id
itself (so a new id still reads): a missing word is not an error when rendered, only an internal id
('sun_level', 'postmenopausal_women', 'carbonate') that reaches a reader. This check finds each one.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import kbfiles
from ..conditions import facts_of
from ..errors import KnowledgeBaseError
from ..factmodel import NAMES_NOT_RECOGNISED
from ..findings import Finding
from ..knowledge import KnowledgeBase
from ..yamlsource import Position, YamlDocument, load_yaml
from .registry import check, finding

WORDS = "words.yaml"


def displayed_ids(kb: KnowledgeBase) -> dict[str, list[str]]:
    """The ids a reader meets, by the words.yaml table that names them: the nutrients; the facts (the
    profile's, the per-nutrient amounts taken, the derived ones); and the facts' values (declared
    values, yes and no, the medications and conditions of the vocabulary, the salts a dose is read as)."""
    vocab = kb.vocabulary
    model = vocab.profile
    derived = {str(name): spec for name, spec in kb.derived_facts.items() if isinstance(spec, dict)}
    facts = [*model.declared, *model.taken_facts(), *derived]
    if model.names_fields and _tested(kb, NAMES_NOT_RECOGNISED):
        facts.append(NAMES_NOT_RECOGNISED)
    values: list[str] = []
    for spec in [*model.declared.values(), *derived.values()]:
        values += [str(v) for v in spec.get("values") or []]
    if any(spec.get("type") == "bool" for spec in model.declared.values()):
        values += ["true", "false"]
    for table in vocab.name_tables.values():
        values += [str(ident) for ident in table.values()]
    values += [*vocab.salt_fractions, *vocab.salts_without_fraction.values()]
    return {"nutrients": list(dict.fromkeys(vocab.nutrients)), "facts": list(dict.fromkeys(facts)),
            "values": list(dict.fromkeys(values)), "units": list(dict.fromkeys(vocab.canonical_units.values()))}


def _tested(kb: KnowledgeBase, fact: str) -> bool:
    """Whether some rule's condition tests the fact (its name in the trace a reader sees)."""
    return any(fact in facts_of(rule.condition) for rule in kb.rules)


@check("M010", "error", "display-word-missing", needs_valid=False)
def display_words_missing(kb: KnowledgeBase) -> Iterator[Finding]:
    """An id a reader meets has no word in a language's words.yaml, so the reader sees the id.

    What it looks for: a nutrient (words.yaml `nutrients`), a fact (`facts`: the profile's, the
    amount taken of each nutrient, the derived ones) or a fact's value (`values`: the declared values,
    yes and no, the medications and conditions of rules/vocabulary.yaml, the salts a dose is read as)
    or a unit (`units`) without a non-empty entry in explanations/<lang>/words.yaml, for each language
    rules/manifest.yaml declares.
    Why it matters: a missing word falls back to the id itself (engine/explain/words.py), silently, so
    'sun_level' or 'carbonate' reaches a reader where a word should stand, in one language or all.
    How to fix: add the id under the table named, in every language's words.yaml, with the words a
    reader should see (`values: {carbonate: calcium carbonate}`; 碳酸鈣 in zh-Hant).
    """
    wanted = displayed_ids(kb)
    for lang in kb.languages:
        path = kb.explanations_dir / lang / WORDS
        shown = f"explanations/{lang}/{WORDS}"
        if not kbfiles.is_file(kb.root, path):
            continue  # M007 reports a declared language without its words.yaml
        try:
            document = load_yaml(path, shown, kb.root)
        except KnowledgeBaseError:
            continue  # a words.yaml that does not parse is reported where it is read
        data = document.data if isinstance(document.data, dict) else {}
        for table, ids in wanted.items():
            words = data.get(table) if isinstance(data.get(table), dict) else {}
            worded = {str(key) for key, text in words.items() if str(text or "").strip()}
            missing = [ident for ident in ids if ident not in worded]
            if missing:
                yield finding("M010", _table_at(document, table, shown),
                              f"{table} has no word for {_listed(missing)} in {lang}: a reader sees the id")


def _table_at(document: YamlDocument, table: str, shown: str) -> Position:
    """Where the table's key stands in the words file (its first line when it has none)."""
    tree = document.node_tree()
    for key, _ in getattr(tree, "value", None) or []:
        if getattr(key, "value", None) == table:
            return Position(shown, key.start_mark.line + 1, key.start_mark.column + 1)
    return Position(shown, 1, 1)


def _listed(ids: list[str], at_most: int = 12) -> str:
    named = ", ".join(repr(ident) for ident in ids[:at_most])
    return named + (f" and {len(ids) - at_most} more" if len(ids) > at_most else "")
