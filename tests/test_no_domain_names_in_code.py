"""The Python of engine/ and cli/ names nothing of the knowledge base's world: the knowledge base
declares its nutrients, facts, groups, medications and conditions, and the code reads them.

The rule, checked token by token with Python's own tokenizer (comments are not code), against the
shipped knowledge base's ids: its nutrient ids, its profile facts' names and the per-nutrient facts
they make (taking_calcium), its derived facts' names and values (group ids), its medication and
condition ids.
- A string literal may not BE an id ("calcium", "sun_level") nor hold one as part of a code word
  joined by '-' or '_' ("calcium-food-covers", "taking_calcium"). Docstrings and the expressions
  inside an f-string's braces are not literals. The result keys the contract fixes
  (../shared/spec/contract.md: "sun", "groups", ...) are structure and allowed.
- An identifier may not be a nutrient, group, medication or condition id (a variable named
  `calcium` is a list in disguise); an attribute after a dot is the object's own API
  (markdown-it's `token.children`), not ours.
- Prose inside a literal (an error message saying "calcium salt") is words for a person, not a key
  the code branches on; it is not checked here.
Files still to move are listed in NOT_YET_MOVED with what they still name; the list may only
shrink: a listed file that is clean fails the test too, so it is taken off the list.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

from bonekb.engine.knowledge import read_knowledge_base

ROOT = Path(__file__).resolve().parent.parent
CODE = sorted([*ROOT.joinpath("engine").rglob("*.py"), *ROOT.joinpath("cli").rglob("*.py")])


def _ids() -> tuple[set[str], set[str]]:
    """(ids a literal may not hold, ids an identifier may not be) of the shipped knowledge base."""
    kb = read_knowledge_base()
    vocab = kb.vocabulary
    model = vocab.profile
    nutrients = set(vocab.nutrients)
    groups = {str(v) for spec in kb.derived_facts.values() if spec.get("result") == "groups" for v in spec["values"]}
    named = {i for table in vocab.name_tables.values() for i in table.values()}
    facts = set(model.declared) | set(model.taken_facts()) | set(kb.derived_facts)
    return nutrients | facts | groups | named, nutrients | groups | named


def _docstrings(tree: ast.AST) -> set[tuple[int, int]]:
    """Where each docstring starts (line, column)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                found.add((body[0].lineno, body[0].col_offset))
    return found


# The contract's result keys: fixed names of the output, not the knowledge base's.
CONTRACT_KEYS = {"knowledge_base", "profile", "in_scope", "scope_notes", "groups", "sun", "recommendations",
                 "warnings", "fired", "reference_intakes", "limits"}
# Warning codes the engine itself makes, fixed by the contract's outputs (golden files): about what
# a person takes, whatever the knowledge base calls that list.
ENGINE_CODES = {"taking-above-recommended", "taking-not-needed"}
CODE_WORD = re.compile(r"[\w-]*[-_][\w-]*")
BRACES = re.compile(r"\{[^{}]*\}")


def _literal_text(token: str) -> str:
    """A string token's text without its prefix and quotes; an f-string without its expressions."""
    prefix = re.match(r"[A-Za-z]*", token).group()
    body = token[len(prefix):].strip("\"'")
    return BRACES.sub(" ", body) if "f" in prefix.lower() else body


def literal_hits(text: str, ids: set[str]) -> list[str]:
    """The ids a literal is, or holds in a code word ('calcium-food-covers')."""
    stripped = text.strip()
    if stripped in ENGINE_CODES:
        return []
    if stripped in ids and stripped not in CONTRACT_KEYS:
        return [stripped]
    return [part for word in CODE_WORD.findall(text) for part in re.split(r"[-_]", word) if part in ids] + \
        [word for word in CODE_WORD.findall(text) if word in ids and word not in re.split(r"[-_]", word)]


def domain_names(path: Path, literal_ids: set[str], name_ids: set[str]) -> list[str]:
    text = path.read_text(encoding="utf-8")
    docstrings = _docstrings(ast.parse(text))
    found = []
    previous = None
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        where = f"{path.relative_to(ROOT)}:{token.start[0]}"
        if token.type == tokenize.STRING and token.start not in docstrings:
            found += [f"{where}: literal {token.string[:60]!r} names '{m}'"
                      for m in literal_hits(_literal_text(token.string), literal_ids)]
        elif token.type == tokenize.NAME and token.string in name_ids and not (previous and previous.string == "."):
            found.append(f"{where}: identifier '{token.string}'")
        if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
            previous = token
    return found


# Files that still name the knowledge base's world (issue 13, to move next), with what they name.
NOT_YET_MOVED = {
}


def test_the_code_names_no_nutrient_fact_group_medication_or_condition():
    literal_ids, name_ids = _ids()
    expected = {"calcium", "d3", "diet_calcium", "taking_k2", "vitamin_k_antagonist", "kidney_stones", "teens"}
    assert expected <= literal_ids
    found = {str(path.relative_to(ROOT)): domain_names(path, literal_ids, name_ids) for path in CODE}
    moved = [hit for path, hits in found.items() if path not in NOT_YET_MOVED for hit in hits]
    assert not moved, "\n".join(moved)
    clean = [path for path in NOT_YET_MOVED if not found.get(path)]
    assert not clean, f"no longer names the knowledge base's world, take it off NOT_YET_MOVED: {clean}"


def test_the_check_finds_what_it_looks_for(tmp_path):
    """The checker itself: a literal, a code word, an f-string's text and an identifier are found; a
    docstring, a comment, prose and an f-string's expression are not."""
    sample = tmp_path / "sample.py"
    sample.write_text('"""About calcium."""\n'
                      'DIET = {"calcium": "diet_calcium"}  # calcium\n'
                      'code = f"{n}-food-covers" if n else f"calcium-{n}"\n'
                      'calcium = "calcium_salts"\n'
                      'message = f"an elemental calcium salt {calcium}"\n', encoding="utf-8")
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        hits = domain_names(sample, {"calcium", "diet_calcium"}, {"calcium"})
    finally:
        ROOT = saved
    assert [h.split(": ", 1)[0] for h in hits] == ["sample.py:2", "sample.py:2", "sample.py:3", "sample.py:4",
                                                   "sample.py:4"]
