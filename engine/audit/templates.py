"""Template checks (M): the explanations every language needs, parsed in Jinja2's sandbox, using
only the data the explainer gives them, and each one reached by some command."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from .. import kbfiles
from ..errors import KnowledgeBaseError, shown
from ..explain.catalog import CATALOG_FILES, ENGINE_CATALOG_FILES, placeholders
from ..findings import Finding
from ..knowledge import KnowledgeBase
from ..yamlsource import Position, load_yaml
from .registry import check, finding, per_kb

# The data engine/explain gives the templates a command opens by name (explainer.py, formats.py,
# context.py); kept here as data because the audit must not render anything to learn it.
GLOBALS = frozenset({"claim", "cite", "cited", "t"})               # every template, imported ones too
BASE = GLOBALS | {"lang", "names", "person", "asked", "final"}      # Explainer.render
NUTRIENT = BASE | {"nutrient", "table", "chain", "why_not",        # Explainer.nutrient_data
                   "careful", "references"}
ENTRY_CONTEXT: dict[str, frozenset[str]] = {
    "why.md.j2": NUTRIENT,                                          # bonekb why
    "handout.md.j2": BASE | {"nutrients"},                          # bonekb explain
    "help.md.j2": BASE | {"examples", "suggestions"},               # bonekb ask, not understood
    # --format html (handout.page_context)
    "page.html.j2": BASE | {"title", "before_charts", "after_charts", "rest", "charts"},
    # bonekb recommend as text (engine/explain/resulttext.py): the result and the words' lookups
    "recommend.txt.j2": frozenset({"result", "labels", "intake_names", "list_separator", "word", "value", "amount",
                                   "fill", "shown", "table", "namespace"}),
}
# bonekb ask: the templates intents.yaml names.
INTENT_CONTEXT = NUTRIENT | {"question", "intent", "limits", "interactions"}


def _once(check_function: Callable[[KnowledgeBase], Iterator[Finding]]) -> Callable[[KnowledgeBase], Iterator[Finding]]:
    """A check over every language's templates, reporting a shared template's fault once, not per language."""
    @functools.wraps(check_function)
    def once(kb: KnowledgeBase) -> Iterator[Finding]:
        yield from dict.fromkeys(check_function(kb))
    return once


@cache
def _environment() -> Any:
    """One sandboxed environment to parse with (templates are parsed, never rendered, here)."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(undefined=jinja2.StrictUndefined)


@dataclass
class Template:
    """One template file of one language, parsed once."""

    kb: KnowledgeBase
    lang: str
    name: str
    path: Path

    @property
    def shown(self) -> str:
        return self.path.relative_to(self.kb.root).as_posix()

    @cached_property
    def source(self) -> str:
        return kbfiles.read_text(self.kb.root, self.path, self.shown)

    @cached_property
    def parsed(self) -> object:
        """The template's syntax tree, or the TemplateSyntaxError that refused it."""
        import jinja2

        try:
            return _environment().parse(self.source)
        except jinja2.TemplateSyntaxError as err:
            return err
        except RecursionError:  # Jinja's parser recurses per level of nesting
            return jinja2.TemplateSyntaxError("expressions nested too deep to parse", 1, self.name)

    def where(self, name: str | None = None, line: int | None = None) -> Position:
        """The first place the name occurs (or the given line)."""
        if name is not None:
            match = re.search(rf"\b{re.escape(name)}\b", self.source)
            if match:
                line = self.source.count("\n", 0, match.start()) + 1
                column = match.start() - (self.source.rfind("\n", 0, match.start()) + 1) + 1
                return Position(self.shown, line, column)
        return Position(self.shown, line or 1, 1)


@per_kb
def templates(kb: KnowledgeBase) -> dict[str, dict[str, Template]]:
    """lang -> template name -> template: the shared templates of explanations/, and those of the
    language's own folder, which win (as the explainer's loader finds them)."""
    shared = {p.name: p for p in kbfiles.files(kb.root, kb.explanations_dir, "*.j2")
              if p.parent == kb.explanations_dir}
    out: dict[str, dict[str, Template]] = {}
    for lang in kb.languages:
        folder = kb.explanations_dir / lang
        own = {p.relative_to(folder).as_posix(): p for p in kbfiles.files(kb.root, folder, "*.j2")}
        out[lang] = {name: Template(kb, lang, name, path) for name, path in {**shared, **own}.items()}
    return out


def _trees(kb: KnowledgeBase, lang: str) -> dict[str, object]:
    import jinja2

    return {name: t.parsed for name, t in templates(kb)[lang].items()
            if not isinstance(t.parsed, jinja2.TemplateSyntaxError)}


@check("M004", "error", "template-syntax", needs_valid=False)
@_once
def syntax_errors(kb: KnowledgeBase) -> Iterator[Finding]:
    """A template Jinja2 cannot parse (or an intents.yaml that is not YAML).

    What it looks for: a template of explanations/<lang>/ that the sandboxed Jinja2 environment
    refuses to parse (an unclosed block, a stray `{% endif %}`, a bad expression), and an
    explanations/<lang>/intents.yaml (the templates `bonekb ask` opens) that YAML cannot parse.
    Why it matters: every explanation that includes it fails for every person.
    How to fix: the message gives Jinja2's reason and the line.
    """
    import jinja2

    for lang in kb.languages:
        for t in templates(kb)[lang].values():
            if isinstance(t.parsed, jinja2.TemplateSyntaxError):
                yield finding("M004", t.where(line=t.parsed.lineno), f"template does not parse: {t.parsed.message}")
        broken = _intents(kb)[lang]
        if isinstance(broken, KnowledgeBaseError):
            yield finding("M004", Position(broken.path, broken.line or 1, broken.column or 1),
                          f"intents.yaml does not parse: {broken.problem}")


@check("M001", "error", "template-unknown-variable", needs_valid=False)
@_once
def unknown_variables(kb: KnowledgeBase) -> Iterator[Finding]:
    """A template uses a variable the explainer does not provide.

    What it looks for: a name a template reads without setting it anywhere (not a loop variable,
    macro or its parameter, import alias or `set`) that is not in the data the
    explainer gives that template: every template gets claim, cite, cited and t; the templates a
    command opens get lang, names, person, asked and final, and their own data (why and the
    intents' templates: nutrient, table, chain, why_not, careful, references; ask: question, intent, limits,
    interactions; the handout: nutrients; help: examples, suggestions; the HTML page: head,
    title, body, charts); an include passes its includer's data
    on, a plain import passes only claim, cite and cited.
    Why it matters: templates render with StrictUndefined, so the explanation fails for every
    person who reaches that line (or, in an `if`, silently takes the wrong branch).
    How to fix: correct the spelling, or pass the value from engine/explain and add it to the
    audit's ENTRY_CONTEXT.
    """
    everything = frozenset().union(*ENTRY_CONTEXT.values(), INTENT_CONTEXT)
    for lang in kb.languages:
        contexts = _contexts(kb, lang)
        for name, tree in _trees(kb, lang).items():
            t = templates(kb)[lang][name]
            given = contexts.get(name, everything)
            for variable in sorted(read_names(tree) - given):
                yield finding("M001", t.where(variable),
                              f"template uses '{variable}', which the explainer does not give it "
                              f"(it gets: {', '.join(sorted(given))})")


@check("M009", "error", "template-private-attribute", needs_valid=False)
@_once
def private_attributes(kb: KnowledgeBase) -> Iterator[Finding]:
    """A template reads an attribute or key whose name starts with '_' (`"".__class__`, `x["_y"]`).

    What it looks for: in every template, an attribute (`a._b`), a constant key (`a["_b"]`) or an
    `attr("_b")` filter whose name starts with an underscore.
    Why it matters: the sandbox refuses such names (they lead to Python's internals), so the
    explanation fails for every person who reaches that line; the audit says so before anyone does.
    How to fix: read the value through a name the explainer gives the template, without '_'.
    """
    from jinja2 import nodes

    for lang in kb.languages:
        for name, tree in _trees(kb, lang).items():
            t = templates(kb)[lang][name]
            for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter)):  # type: ignore[attr-defined]
                private = _private_name(node)
                if private is not None:
                    yield finding("M009", t.where(line=node.lineno),
                                  f"template reads {shown(private, 40)}, a name starting with '_' that the "
                                  "sandbox refuses (the explanation would fail when rendered)")


def _private_name(node: Any) -> str | None:
    """The name starting with '_' that an attribute, constant key or attr() filter reads, if any."""
    from jinja2 import nodes

    if isinstance(node, nodes.Getattr):
        name = node.attr
    elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        name = node.arg.value
    elif isinstance(node, nodes.Filter) and node.name == "attr" and node.args and isinstance(node.args[0], nodes.Const):
        name = node.args[0].value
    else:
        return None
    return name if isinstance(name, str) and name.startswith("_") else None


def read_names(tree: Any) -> set[str]:
    """Names a template reads and never sets anywhere (not a loop target, `set`, macro parameter or
    import alias), plus Jinja's own loop/caller/varargs/kwargs. Coarser than jinja2.meta's scoped
    analysis (a name set anywhere counts as set), at a tenth of its cost."""
    from jinja2 import nodes

    names = list(tree.find_all(nodes.Name))
    set_names = {n.name for n in names if n.ctx in ("store", "param")}
    set_names |= {n.target for n in tree.find_all(nodes.Import)} | {n.name for n in tree.find_all(nodes.Macro)}
    set_names |= {alias if isinstance(alias, str) else alias[-1]
                  for n in tree.find_all(nodes.FromImport) for alias in n.names}
    set_names |= {"loop", "caller", "varargs", "kwargs", "self", "super"}
    return {n.name for n in names if n.ctx == "load"} - set_names


@check("M003", "error", "translation-mismatch", needs_valid=False)
def translations(kb: KnowledgeBase) -> Iterator[Finding]:
    """A text of the catalogs that a language lacks, or whose placeholders differ between languages.

    What it looks for: the shared templates (explanations/*.j2) take their words from each
    language's catalog (explanations/<lang>/words.yaml and pages.yaml, `text:`; refusals.yaml holds
    the engine's own refusals of a question, compared across languages the same way) with
    `t("group.key", name=value)`. It reports a key a template asks for that a language's catalog
    lacks; a key one language has and another does not; a text whose $placeholders differ from
    the same text in another language (`$amount` in one and not the other: a figure one reader
    gets and the other does not), unless the language lists the placeholder under `omits:` for
    that key (a rule's English title left out of the Chinese); and a $placeholder no template
    gives that key (the text would fail for everyone).
    Why it matters: a missing text fails the command in that language only; a placeholder one
    translation drops silently drops a fact from what that reader is told.
    How to fix: add the text to the language's catalog, correct the placeholder's name, or list a
    placeholder left out on purpose under `omits:`.
    """
    catalogs = _catalogs(kb)
    loaded = {lang: c for lang, c in catalogs.items() if not isinstance(c, KnowledgeBaseError)}
    for catalog in catalogs.values():
        if isinstance(catalog, KnowledgeBaseError):
            yield finding("M003", Position(catalog.path, catalog.line or 1, catalog.column or 1),
                          f"the catalog cannot be read: {catalog.problem}")
    calls = _text_calls(kb)
    for lang, catalog in loaded.items():
        for key, (where, template_langs) in sorted(calls.exact.items()):
            if lang in template_langs and key not in catalog.texts:
                yield finding("M003", where, f"the template asks for text {key!r}, which "
                                             f"explanations/{lang}/ lacks (words.yaml or pages.yaml)")
    keys = sorted(set().union(*(c.texts for c in loaded.values()))) if loaded else []
    for key in keys:
        having = {lang: c for lang, c in loaded.items() if key in c.texts}
        first_lang, first = next(iter(having.items()))
        for lang in loaded:
            if lang not in having and key not in calls.exact:  # a used key missing is reported above
                yield finding("M003", first.position(key), f"text {key!r} is in {first_lang} but not in {lang}")
        declared = {lang: _placeholders_of(c, key) for lang, c in having.items()}
        for lang, names in declared.items():
            if names != declared[first_lang]:
                only_here = sorted(names - declared[first_lang])
                only_there = sorted(declared[first_lang] - names)
                said = "; ".join(filter(None, [
                    f"{', '.join('$' + n for n in only_here)} only in {lang}" if only_here else "",
                    f"{', '.join('$' + n for n in only_there)} only in {first_lang}" if only_there else ""]))
                yield finding("M003", having[lang].position(key),
                              f"text {key!r}: placeholders differ between {first_lang} and {lang} ({said}); "
                              f"list one left out on purpose under omits:")
            given = calls.given.get(key)
            text = having[lang].texts[key]
            used = placeholders(text) if isinstance(text, str) else set()
            for name in sorted(used - given) if given is not None else []:
                yield finding("M003", having[lang].position(key),
                              f"text {key!r} uses ${name}, which no template gives it "
                              f"(it gets: {', '.join(sorted(given)) or 'nothing'})")


@check("M008", "warning", "translation-unused", needs_valid=False)
def unused_texts(kb: KnowledgeBase) -> Iterator[Finding]:
    """A text of a language's catalog that no template asks for.

    What it looks for: a key of explanations/<lang>/words.yaml or pages.yaml (`text:`) that no
    template names in `t("...")`, exactly or as the start of a key it builds
    (`t("outcomes.reasons." ~ a.reason)` uses every key under outcomes.reasons).
    refusals.yaml's texts are said by the engine by name (engine/refusals.py), not by a template:
    they are not looked for here (tests/cli/test_refusals_speak_the_question.py checks each is named).
    Why it matters: words nobody sees drift from the rules without anyone noticing, and
    translators spend time on them.
    How to fix: delete the text, or use it where it was meant to be shown.
    """
    calls = _text_calls(kb)
    for catalog in _catalogs(kb).values():
        if isinstance(catalog, KnowledgeBaseError):
            continue
        for key in sorted(catalog.texts):
            if Path(catalog.at[key][0].path).name in ENGINE_CATALOG_FILES:
                continue  # said by the engine itself (engine/refusals.py), by name, not by a template
            if key not in calls.exact and not any(key.startswith(p) for p in calls.prefixes):
                yield finding("M008", catalog.position(key), f"no template uses text {key!r}")


def _placeholders_of(catalog: Any, key: str) -> set[str]:
    """The placeholders a language's text has, with those it leaves out on purpose."""
    text = catalog.texts[key]
    return (placeholders(text) if isinstance(text, str) else set()) | catalog.omits.get(key, set())


@per_kb
def _catalogs(kb: KnowledgeBase) -> dict[str, Any]:
    """lang -> its Catalog, or the KnowledgeBaseError that refused it."""
    from ..errors import TemplateError
    from ..explain.catalog import Catalog

    out: dict[str, Any] = {}
    for lang in kb.languages:
        folder = kb.explanations_dir / lang
        if not folder.is_dir():
            continue  # M007 reports a declared language without explanations
        try:
            out[lang] = Catalog.load(folder, kb.root, CATALOG_FILES + ENGINE_CATALOG_FILES)
        except KnowledgeBaseError as err:
            out[lang] = err
        except TemplateError as err:
            out[lang] = KnowledgeBaseError(f"explanations/{lang}", str(err))
    return out


@dataclass
class TextCalls:
    """What the templates ask of the catalogs: each key named whole (where first, in which
    languages' templates), the placeholders each is given, and the starts of keys built from data."""

    exact: dict[str, tuple[Position, set[str]]]
    given: dict[str, set[str]]
    prefixes: set[str]


@per_kb
def _text_calls(kb: KnowledgeBase) -> TextCalls:
    from jinja2 import nodes

    calls = TextCalls({}, {}, set())
    for lang in kb.languages:
        for name, tree in _trees(kb, lang).items():
            t = templates(kb)[lang][name]
            for call in tree.find_all(nodes.Call):
                if not (isinstance(call.node, nodes.Name) and call.node.name == "t" and call.args):
                    continue
                exact, prefixes = _keys_of(call.args[0])
                calls.prefixes |= prefixes
                for key in exact:
                    calls.exact.setdefault(key, (t.where(line=call.lineno), set()))[1].add(lang)
                    calls.given.setdefault(key, set()).update(k.key for k in call.kwargs)
    return calls


def _keys_of(node: Any) -> tuple[set[str], set[str]]:
    """The keys a t() argument names: whole (a constant, either branch of an if) or by their start
    (a constant joined with data by ~)."""
    from jinja2 import nodes

    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return {node.value}, set()
    if isinstance(node, nodes.CondExpr):
        a, b = _keys_of(node.expr1), _keys_of(node.expr2) if node.expr2 is not None else (set(), set())
        return a[0] | b[0], a[1] | b[1]
    if isinstance(node, nodes.Concat) and node.nodes and isinstance(node.nodes[0], nodes.Const):
        return set(), {str(node.nodes[0].value)}
    return set(), set()


@per_kb
def _intents(kb: KnowledgeBase) -> dict[str, set[str] | KnowledgeBaseError]:
    """lang -> the templates its intents.yaml names, or why the file cannot be read (M004 reports it).

    Parsed once per audit, with the same safe loader as the rest of the knowledge base."""
    out: dict[str, set[str] | KnowledgeBaseError] = {}
    for lang in kb.languages:
        path = kb.explanations_dir / lang / "intents.yaml"
        out[lang] = set()
        if not path.is_file():
            continue
        try:
            data = load_yaml(path, f"explanations/{lang}/intents.yaml", kb.root).data
        except KnowledgeBaseError as err:
            out[lang] = err
            continue
        items = data.get("intents") if isinstance(data, dict) else None
        if isinstance(items, list):
            out[lang] = {str(i["template"]) for i in items if isinstance(i, dict) and "template" in i}
    return out


def _intent_templates(kb: KnowledgeBase, lang: str) -> set[str]:
    named = _intents(kb)[lang]
    return named if isinstance(named, set) else set()


def _entries(kb: KnowledgeBase, lang: str) -> dict[str, frozenset[str]]:
    """Templates a command opens by name, with the data each gets; nutrient pages are imported (globals only)."""
    entries = {name: INTENT_CONTEXT for name in _intent_templates(kb, lang)}
    entries.update(ENTRY_CONTEXT)
    entries.update({f"{n}.md.j2": GLOBALS for n in kb.vocabulary.nutrients})
    return entries


def _contexts(kb: KnowledgeBase, lang: str) -> dict[str, frozenset[str]]:
    return _all_reach(kb)[lang][0]


@per_kb
def _all_reach(kb: KnowledgeBase) -> dict[str, tuple[dict[str, frozenset[str]], dict[str, Position]]]:
    return {lang: _reach(kb, lang) for lang in kb.languages}


def _reach(kb: KnowledgeBase, lang: str) -> tuple[dict[str, frozenset[str]], dict[str, Position]]:
    """Every template reached from a command, with the names it can read and where it is first named:
    an include (or an import `with context`) passes the includer's data on; a plain import passes
    the globals only."""
    from jinja2 import nodes

    trees = _trees(kb, lang)
    contexts: dict[str, frozenset[str]] = {}
    named_at: dict[str, Position] = {}
    stack = [(name, given, None) for name, given in _entries(kb, lang).items()]
    while stack:
        name, given, where = stack.pop()
        if where is not None:
            named_at.setdefault(name, where)
        if name in contexts and given <= contexts[name]:
            continue
        contexts[name] = contexts.get(name, frozenset()) | given
        tree = trees.get(name)
        for node in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport)) if tree is not None else ():
            if isinstance(node.template, nodes.Const) and isinstance(node.template.value, str):
                passes = isinstance(node, nodes.Include) or getattr(node, "with_context", False)
                at = templates(kb)[lang][name].where(line=node.lineno)
                stack.append((node.template.value, contexts[name] if passes else GLOBALS, at))
    return contexts, named_at


@check("M002", "warning", "template-unused", needs_valid=False)
@_once
def unused_templates(kb: KnowledgeBase) -> Iterator[Finding]:
    """A template no command reaches.

    What it looks for: a template that is not one a command opens (why, handout, help, the HTML
    page, the templates of intents.yaml, the per-nutrient pages) and that none of those includes
    or imports by name.
    Why it matters: wording nobody sees drifts from the rules without anyone noticing, and
    reviewers spend time on it.
    How to fix: delete it, or include it where it was meant to be shown.
    """
    for lang in kb.languages:
        reached = _contexts(kb, lang)
        for name, t in templates(kb)[lang].items():
            if name not in reached:
                yield finding("M002", t.where(), "no command or template uses this template")


@check("M005", "error", "template-not-found", needs_valid=False)
@_once
def missing_templates(kb: KnowledgeBase) -> Iterator[Finding]:
    """A command or template names a template that does not exist.

    What it looks for: a template named by intents.yaml, by an `include`/`import` of another
    template, or as a per-nutrient page (`calcium.md.j2` ...), absent from the language folder.
    Why it matters: the command that reaches it fails with "template not found".
    How to fix: create the template, or correct the name that points at it.
    """
    for lang in kb.languages:
        present = templates(kb)[lang]
        if not present:
            continue
        contexts, named_at = _all_reach(kb)[lang]
        for name in sorted(set(contexts) - set(present)):
            named_by = "intents.yaml" if name in _intent_templates(kb, lang) else ""
            where = named_at.get(name, Position(f"explanations/{lang}/{named_by}".rstrip("/"), 1, 1))
            yield finding("M005", where, f"template {name} is used but explanations/{name} does not exist "
                                         f"(nor explanations/{lang}/{name})")


@check("M006", "error", "half-width-punctuation-in-chinese", needs_valid=False)
def half_width_punctuation(kb: KnowledgeBase) -> Iterator[Finding]:
    """Half-width punctuation next to Chinese text in what a reader of a full-width language meets.

    What it looks for: a half-width , : ; ? ! ( or ) whose nearest character on either side
    (spaces and Markdown emphasis skipped) is Chinese, or a bracket pair, round or square ([避免]),
    around Chinese text, in
    each language whose explanations/<lang>/words.yaml declares `writing: {punctuation: full-width}`
    (the shipped Chinese catalogs do): in its own templates (outside Jinja tags and code spans), in
    its catalog (words.yaml, pages.yaml), and in every text of the rule files keyed by it (warnings,
    notes, messages, evidence summaries). The article's own quotes (claims.yaml `quote`) are
    verbatim and not checked.
    Why it matters: Chinese uses full-width marks (：，（）？；！); a half-width one beside Chinese
    characters reads as a slip, and the knowledge base promises every language first-class.
    How to fix: use the full-width mark the message names (for example ： for :, （ ） for a
    bracket pair around Chinese text, 【 】 for [ ]). English inside a Chinese text keeps its own punctuation
    only between English words.
    """
    import jinja2

    from ..languages import full_width_languages

    for lang in full_width_languages(kb.root, kb.languages):
        folder = kb.explanations_dir / lang
        for t in templates(kb).get(lang, {}).values():
            if isinstance(t.parsed, jinja2.TemplateSyntaxError) or t.path.parent == kb.explanations_dir:
                continue  # a shared template's words are in the catalogs
            yield from _marks_in(t.source, lambda i, s=t.source, t=t: t.where(line=s.count("\n", 0, i) + 1),
                                 mask_first=True)
        for name in CATALOG_FILES + ENGINE_CATALOG_FILES:
            if (folder / name).is_file():
                yield from _marks_in_yaml(kb, folder / name, lang, every_value=True)
        for path in sorted((kb.root / "rules").rglob("*.yaml")):
            yield from _marks_in_yaml(kb, path, lang, every_value=False)


def _marks_in(text: str, where: Any, mask_first: bool = False) -> Iterator[Finding]:
    from ..punctuation import HALF_TO_FULL, mask, misplaced_marks

    scanned = mask(text) if mask_first else text
    for index in misplaced_marks(scanned):
        mark = text[index]
        context = text[max(0, index - 8):index + 9].replace("\n", " ")
        yield finding("M006", where(index),
                      f"half-width '{mark}' beside Chinese text: use '{HALF_TO_FULL[mark]}' (in \"{context}\")")


def _marks_in_yaml(kb: KnowledgeBase, path: Path, lang: str, every_value: bool) -> Iterator[Finding]:
    """A language's scalars of a YAML file (every value, or the values of its `lang:` keys), each
    finding at the scalar's line and the mark's column."""
    import yaml

    try:
        root = load_yaml(path, path.relative_to(kb.root).as_posix()).node_tree()
    except KnowledgeBaseError:
        return  # a file YAML cannot read is reported by the schema checks
    shown = path.relative_to(kb.root).as_posix()
    stack: list[tuple[Any, bool]] = [(root, every_value)]
    while stack:
        node, wanted = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append((value, wanted or getattr(key, "value", None) == lang))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, wanted) for item in node.value)
        elif isinstance(node, yaml.ScalarNode) and wanted and isinstance(node.value, str):
            mark = node.start_mark
            offset = 1 if node.style in ('"', "'") else 0
            yield from _marks_in(node.value, lambda i, m=mark, o=offset: Position(shown, m.line + 1,
                                                                                 m.column + 1 + o + i),
                                 mask_first=every_value or "$" in node.value)


@check("M007", "error", "declared-language-without-explanations", needs_valid=False)
def languages_without_explanations(kb: KnowledgeBase) -> Iterator[Finding]:
    """A language the manifest declares has no explanations.

    What it looks for: a language of `languages:` in rules/manifest.yaml (the list --lang offers)
    with no explanations/<lang>/ folder, or one without its words.yaml.
    Why it matters: `--lang` offers the language, and every explanation and text output in it fails.
    How to fix: write explanations/<lang>/ (its catalog: words.yaml, pages.yaml), or take the language out
    of `languages:`.
    """
    manifest = kb.rules_dir / "manifest.yaml"
    shown = "rules/manifest.yaml"
    for lang in kb.languages:
        folder = kb.explanations_dir / lang
        where = _declared_at(kb, manifest, shown, lang)
        if not kbfiles.inside(kb.root, folder) or not folder.is_dir():
            yield finding("M007", where, f"language {lang} is declared but explanations/{lang}/ does not exist")
        elif not kbfiles.is_file(kb.root, folder / "words.yaml"):
            yield finding("M007", where, f"language {lang} is declared but explanations/{lang}/words.yaml "
                                         "does not exist")


def _declared_at(kb: KnowledgeBase, manifest: Path, shown: str, lang: str) -> Position:
    """Where the manifest names the language (its `languages:` entry)."""
    try:
        document = load_yaml(manifest, shown, kb.root)
    except KnowledgeBaseError:
        return Position(shown, 1, 1)
    return document.position(("languages", kb.languages.index(lang)))
