"""Understanding a question: which nutrients (the vocabulary's names), which intent (intents.yaml),
and the facts it states about the person (question_facts.py).

All of it is data. Nutrient names come from rules/vocabulary.yaml, matched case-insensitively with
spaces and hyphens optional, and not inside a longer word ("d" does not match "did"); a name not
found may be a misspelling, matched to the closest names (spelling.py). Intents and their keywords
come from explanations/<lang>/intents.yaml, tried in the file's order (the question's language
first: among the languages rules/manifest.yaml declares, the one whose `scripts` hold every letter
of the question, then the one whose own letters it holds most (letters its catalog uses and no
other declared language's does: 简体 against 繁體), then the one whose words the question holds
most): `keywords` always count,
`when_named` only when the question names a medication, a condition, pregnancy or breastfeeding,
`unless_named` only when it names none. A keyword counts as a whole word in Latin letters ('max' is
not in 'Fosamax') and not inside a longer known term of another meaning (another intent's keyword, a
fact word, a vocabulary name, `not_keywords`: 'enough' in 'not enough sun', 沒有 in 有沒有). A
`yields` intent's keywords give way to another intent's unless a nutrient follows one of its
`about_after` words; `otherwise` words count only when no intent's keyword is said (a negation is
a what-if question only when nothing else is asked). A question that is only a nutrient's name asks
what it is (`bare_name`); one with no keyword that names a medication or condition asks about it
(`named`).
"""

from __future__ import annotations

import contextlib
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from .errors import InputError, TemplateError, escaped
from .knowledge import KnowledgeBase
from .numberreader import visible
from .question_facts import FactReader, Span, find_names, refusal
from .spelling import closest_nutrients
from .vocabulary import name_key
from .yamlsource import load_yaml

# The words of a letter's Unicode name that say it is a letter of a script ('CJK UNIFIED IDEOGRAPH-9223').
_LETTER_WORDS = ("LETTER", "SYLLABLE", "IDEOGRAPH")
_SCRIPT_ALIASES = {"cjk": "han"}
_NOT_WORDS = re.compile(r"[\W_]+")
# Full-width digits and Latin letters as ASCII, one character for one (U+FF10-FF19, FF21-FF3A, FF41-FF5A).
_FULL_WIDTH = {cp: cp - 0xFEE0 for start, end in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
               for cp in range(start, end + 1)}


@dataclass(frozen=True)
class Question:
    """What was understood: the nutrients named (in order), the intent, and the facts stated."""

    text: str
    lang: str
    nutrients: tuple[str, ...]
    intent: str | None
    template: str | None
    facts: dict[str, Any] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)
    misspelt: dict[str, str] = field(default_factory=dict)
    suggestions: tuple[str, ...] = ()
    # What was read with a note: (kind, words as written); 'denied' not read, 'past' read (question_facts.py).
    notes: tuple[tuple[str, str], ...] = ()

    @property
    def nutrient(self) -> str | None:
        """The nutrient named first."""
        return self.nutrients[0] if self.nutrients else None

    @property
    def understood(self) -> bool:
        return bool(self.nutrients) and self.template is not None


def scripts_of(text: str) -> dict[str, int]:
    """The scripts of the text's letters ('latin', 'han', 'hiragana', 'hangul' ...), with how many
    letters each: the first word of each letter's Unicode name (full-width Latin is Latin; a sign such
    as µ, MICRO SIGN, is no script's letter)."""
    counts: dict[str, int] = {}
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        if not any(word in name for word in _LETTER_WORDS) or name.startswith("MODIFIER"):
            continue
        if name.startswith(("FULLWIDTH ", "HALFWIDTH ")):
            name = name.split(" ", 1)[1]
        script = name.split(" ", 1)[0].casefold()
        script = _SCRIPT_ALIASES.get(script, script)
        counts[script] = counts.get(script, 0) + 1
    return counts


class QuestionReader:
    """Recognises nutrients, intents and stated facts for one knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._files: dict[str, dict[str, Any]] = {}
        self._fact_readers: dict[str, FactReader] = {}
        self._letters: dict[str, frozenset[str]] | None = None
        self._hit_words: dict[str, list[str]] = {}  # a language's question words (_hits), built once
        self._terms: dict[tuple[int, ...], dict[str, Any]] = {}  # _shadows' terms, per order of the files

    def nutrient_spans(self, text: str) -> list[tuple[Span, str]]:
        """Every nutrient name in the text, longest first where they overlap ('vitamin d3' over 'd')."""
        return find_names(text.casefold(), self.kb.vocabulary.nutrient_names)

    def nutrient(self, text: str) -> str | None:
        """The nutrient named first in the text."""
        spans = self.nutrient_spans(text)
        return spans[0][1] if spans else None

    def _file(self, lang: str) -> dict[str, Any]:
        if lang not in self._files:
            path = self.kb.explanations_dir / lang / "intents.yaml"
            if not path.is_file():
                relative = path.relative_to(self.kb.root).as_posix() if path.is_relative_to(self.kb.root) else path
                raise TemplateError(f"ask: this knowledge base ({escaped(str(self.kb.root))}) has no questions file "
                                    f"({escaped(str(relative))}), "
                                    "so it answers no questions; recommend, why and explain work without it")
            document = load_yaml(path, str(path), self.kb.root)
            data = document.data
            if not isinstance(data, dict) or not isinstance(data.get("intents"), list):
                raise TemplateError(f"{path}: must hold a list `intents` of {{id, template, keywords, example}}")
            for index, intent in enumerate(data["intents"]):
                if not (isinstance(intent, dict) and {"id", "template"} <= intent.keys()
                        and isinstance(intent.get("keywords"), list)
                        and all(isinstance(intent.get(k, []), list)
                                for k in ("when_named", "unless_named", "when_amount", "about_after", "otherwise"))):
                    raise TemplateError(f"{document.position(('intents', index))}: an intent needs an id, a template "
                                        "and a list of keywords (when_named, unless_named, about_after and otherwise "
                                        "are lists too)")
            for key in ("facts", "bare_words", "not_nutrients", "not_keywords", "scripts", "several", "not_covered"):
                shape = dict if key in ("facts", "not_covered") else list
                if not isinstance(data.get(key, shape()), shape):
                    raise TemplateError(f"{document.position((key,))}: `{key}` has the wrong shape")
            self._files[lang] = data
        return self._files[lang]

    def intents(self, lang: str) -> list[dict[str, Any]]:
        return self._file(lang)["intents"]

    def languages(self) -> tuple[str, ...]:
        """The languages the manifest declares (`languages:`, engine/languages.py), in its order."""
        return self.kb.languages

    def _scripts(self, lang: str) -> set[str]:
        """The scripts a language's questions are written in: its intents.yaml's `scripts`, or when it
        gives none, those of its own words and Latin (the names D3, K2, IU are Latin in any language)."""
        data = self._file(lang)
        if data.get("scripts"):
            return {str(s).casefold() for s in data["scripts"]}
        return {*scripts_of(" ".join(_question_words(data))), "latin"}

    def language(self, text: str) -> str:
        """The question's language among the declared ones: one whose `scripts` (intents.yaml) hold
        every letter of it (else the most letters), then the one whose words it holds most, then the
        one of fewest scripts, then the manifest's order. Letters of a script no declared language is
        written in (Japanese kana, Hangul) are refused: a language this knowledge base does not read."""
        languages = self.languages()
        # Units are written alike in every language ('μg' is Greek to unicodedata).
        units = self.fact_reader().units_pattern
        letters = scripts_of(text if not units or self._units_count_for_nothing(text) else
                             re.sub(units, " ", text, flags=re.IGNORECASE))
        known = {script for lang in languages for script in self._scripts(lang)}
        foreign = [script for script in letters if script not in known]
        if foreign:
            understood = tuple(f"{self._file(lang).get('language', lang)} ({lang})" for lang in languages)
            raise InputError("QUESTION", refusal("foreign_letters", scripts=', '.join(foreign), languages=understood))
        folded = unicodedata.normalize("NFKC", text).casefold()
        total = sum(letters.values())
        # Own letters tell apart languages of one script beyond ASCII (简体 and 繁體, or accented Latin); an
        # ASCII question is ranked by scripts and words alone, and its catalogs are not read (start-up).
        own_letters = (lambda lang: 0) if folded.isascii() else (lambda lang: self._own_letters(lang, folded))

        def rank(item: tuple[int, str]) -> tuple[int, ...]:
            index, lang = item
            scripts = self._scripts(lang)
            covered = sum(n for script, n in letters.items() if script in scripts)
            return (-(covered == total), -covered, -own_letters(lang), -self._hits(lang, folded),
                    len(scripts), index)

        return min(enumerate(languages), key=rank)[1]

    def _own_letters(self, lang: str, folded: str) -> int:
        """How many of the text's letters are this language's own: letters of its catalog (words.yaml,
        pages.yaml) and its intents' examples that no other declared language's uses. Two languages
        of one script are told apart this way (简体 么 维 钙 against 繁體 麼 維 鈣), from their words."""
        if self._letters is None:
            self._letters = self._remembered_own_letters()
        own = self._letters.get(lang, frozenset())
        return sum(1 for ch in folded if ch in own)

    def _remembered_own_letters(self) -> dict[str, frozenset[str]]:
        """Every language's own letters, from the cache under the knowledge base's digest (reading every
        catalog of every language takes longer than the rest of the question: engine/checkcache.py)."""
        def build() -> dict[str, str]:
            used = {lang: _letters_of(self._catalog_texts(lang)) for lang in self.languages()}
            return {lang: "".join(sorted(letters.difference(*(other for name, other in used.items() if name != lang))))
                    for lang, letters in used.items()}

        data = self._derived("own letters", build, lambda d: isinstance(d, dict) and set(d) == set(self.languages())
                             and all(isinstance(v, str) for v in d.values()))
        return {lang: frozenset(letters) for lang, letters in data.items()}

    def _derived(self, name: str, build: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
        """What `build` works out from the whole knowledge base, remembered under its digest and the code
        digest (the cache's derived/ entries); an entry `valid` does not accept, or that JSON would not
        give back exactly, is built again."""
        from .checkcache import cache_root, code_digest, entry_key, read_entry, write_entry

        key = entry_key(name, code_digest(), self.kb.digest) if cache_root() is not None else None
        body = read_entry("derived", key) if key is not None else None
        if body is not None:
            with contextlib.suppress(ValueError, RecursionError):
                data = json.loads(body)
                if valid(data):
                    return data
        data = build()
        if key is not None:
            body = json.dumps(data, ensure_ascii=False).encode("utf-8")
            if json.loads(body) == data:
                write_entry("derived", key, body)
        return data

    def _catalog_texts(self, lang: str) -> list[str]:
        """Every text a language's catalog holds, and its intents' examples: written wholly in the language
        (its keywords may hold another script's spellings, people write them)."""
        from .explain.catalog import CATALOG_FILES

        texts = [str(i.get("example", "")) for i in self.intents(lang)]
        for name in CATALOG_FILES:
            path = self.kb.explanations_dir / lang / name
            if path.is_file():
                texts += [str(t) for t in _flat(load_yaml(path, str(path), self.kb.root).data)]
        return texts

    def _units_count_for_nothing(self, text: str) -> bool:
        """Whether taking the unit names out of the text could change no language's rank: text of
        ASCII (Latin letters only) with a letter no unit name holds keeps a Latin letter either way,
        and the ranks compare which scripts cover the letters, not how many there are. (The unit
        pattern is large: compiled only when it can matter, start-up.)"""
        if not text.isascii():
            return False
        in_units = set("".join(self.kb.vocabulary.unit_names).casefold())
        return any(char.isalpha() and char.lower() not in in_units for char in text)

    def _hits(self, lang: str, folded: str) -> int:
        """How many of a language's question words (intents' keywords, fact words, fillers) the text holds."""
        if lang not in self._hit_words:
            self._hit_words[lang] = [w for w in {w.casefold().strip() for w in _question_words(self._file(lang))}
                                     if len(w) > 1]
        return sum(1 for w in self._hit_words[lang] if w in folded)

    def fact_reader(self) -> FactReader:
        """One reader with the fact words of every language: people mix them ("a 70歲 woman")."""
        if not self._fact_readers:
            data = self._derived("fact words", self._fact_words,
                                 lambda d: isinstance(d, dict) and isinstance(d.get("words"), dict)
                                 and isinstance(d.get("known"), list))
            self._fact_readers["all"] = FactReader(data["words"], self.kb.vocabulary, set(data["known"]))
        return self._fact_readers["all"]

    def _fact_words(self) -> dict[str, Any]:
        """Every language's fact words merged, and the words of its questions (never a name)."""
        words: dict[str, Any] = {}
        for lang in self.languages():
            for fact, values in (self._file(lang).get("facts") or {}).items():
                _merge_words(words.setdefault(fact, [] if isinstance(values, list) else {}), values)
        known = {word for lang in self.languages() for phrase in _question_words(self._file(lang), True)
                 for word in re.findall(r"[a-z0-9'\-]+", phrase.casefold())}
        # and their Chinese words whole (no spaces between words): never a name either
        known |= {phrase for lang in self.languages() for phrase in _question_words(self._file(lang), True)
                  if not phrase.isascii()}
        return {"words": words, "known": sorted(known)}

    def read(self, text: str) -> Question:
        # '５，０００ＩＵ' is read as '5,000IU' (full-width forms, one character for one: positions kept)
        text = visible(text)  # invisible format characters ('war\u200bfarin') never split a name
        said, text = text, re.sub(r"(?<=\d)[，．](?=\d)", lambda m: chr(ord(m.group()) - 0xFEE0),
                                  text.translate(_FULL_WIDTH))
        lang = self.language(text)
        # The question's language first, then the others': people mix them ("how much 鈣 for a 70 year old?").
        files = [self._file(lang), *(self._file(other) for other in self.languages() if other != lang)]
        folded = text.casefold()
        ignore = [str(w) for data in files for key in ("not_nutrients", "bare_words") for w in data.get(key, [])]
        spans, misspelt, suggestions, close_to = self._nutrients(text, ignore)
        nutrients = tuple(dict.fromkeys(n for _, n in spans))
        notes: list[tuple[str, str]] = []
        facts = self.fact_reader().read(text, spans, notes)
        forms = {n: self.kb.vocabulary.nutrient_forms_for_questions[key] for span, n in spans
                 if (key := name_key(span.text)) in self.kb.vocabulary.nutrient_forms_for_questions}
        denied = [said for kind, said in notes if kind == "denied"]
        intent = self._intent(folded, files, facts, spans, self._names_denied(denied))
        if intent is None and (intent := self._statement(files, facts)) is not None:
            # 'I take Caltrate 600 mg': no question asked; answered as a check of what is taken, and said so
            notes.append(("statement", "; ".join(facts[self.kb.vocabulary.profile.supplements_fields[0]])))
        if not nutrients and not suggestions:  # '維生素K': a name of several nutrients (`several`)
            close_to = self._several(text, folded, files)
            suggestions = tuple(close_to)
        if intent is not None and not nutrients and suggestions and intent.get("every_close"):
            # 'vitamin K with warfarin': a name close to several nutrients is each of them for this intent
            nutrients, misspelt, suggestions = suggestions, {n: close_to[n] for n in suggestions}, ()
        notes += self._not_covered(text, folded, files)
        if intent is not None:
            nutrients = _about(folded, intent, spans) or nutrients
            if not intent.get("yields"):  # '我不吃鈣片，D3要吃多少': asked of D3, not of the calcium gone without
                gone = {n for data in files for other in data["intents"] if other.get("yields")
                        for n in _about(folded, other, spans)}
                asked = _asked_clauses(folded, intent)
                nutrients = tuple(n for n in nutrients if n not in gone or any(
                    start <= span.start < end for span, m in spans if m == n for start, end in asked)) or nutrients
        return Question(said, lang, nutrients, intent and intent["id"], intent and intent["template"],
                        facts, forms, misspelt, suggestions if not nutrients else (), tuple(notes))

    def _nutrients(self, text: str, ignore: list[str]
                   ) -> tuple[list[tuple[Span, str]], dict[str, str], tuple[str, ...], dict[str, str]]:
        """The nutrients named, with misspelt names read when only one nutrient is close to them, and
        the nutrients close to a misspelling that is not (did you mean), with the words each is close
        to. A nutrient's name inside a medication's or condition's ('高血鈣', high blood calcium) does
        not count."""
        folded = text.casefold()
        vocab = self.kb.vocabulary
        named = [span for table in vocab.name_tables.values() for span, _ in find_names(folded, table)]
        spans = [(s, n) for s, n in self.nutrient_spans(text)
                 if not any(m.start <= s.start and s.end <= m.end for m in named)]
        misspelt: dict[str, str] = {}
        suggestions: list[str] = []
        close_to: dict[str, str] = {}
        for span, close in closest_nutrients(folded, vocab.nutrient_names, ignore):
            if any(m.start < span.end and span.start < m.end for m in named):
                continue
            inside = [(s, n) for s, n in spans if s.start < span.end and span.start < s.end]
            if len(close) != 1:
                suggestions += [] if inside else close
                for nutrient in close:
                    close_to.setdefault(nutrient, text[span.start:span.end])
            elif all(n == close[0] for _, n in inside):
                spans = [item for item in spans if item not in inside] + [(span, close[0])]
                misspelt[close[0]] = text[span.start:span.end]
        return sorted(spans, key=lambda s: s[0].start), misspelt, tuple(dict.fromkeys(suggestions)), close_to

    def _statement(self, files: list[dict[str, Any]], facts: dict[str, Any]) -> dict[str, Any] | None:
        """The intent (intents.yaml's `stated_amount`) that answers a question asking nothing but stating
        an amount taken ('I take Caltrate 600 mg', '我每天吃鈣片600毫克'): a check of what is taken."""
        data = files[0]
        fields = self.kb.vocabulary.profile.supplements_fields
        if not data.get("stated_amount") or not any(facts.get(f) for f in fields):
            return None
        return next((i for i in data["intents"] if i["id"] == data["stated_amount"]), None)

    @staticmethod
    def _several(text: str, folded: str, files: list[dict[str, Any]]) -> dict[str, str]:
        """The nutrients a name of several stands for (intents.yaml's `several`: '維生素K' is K1 and K2),
        each with the words as written: offered as a misspelling close to several is."""
        for data in files:
            for entry in (e for e in data.get("several") or [] if isinstance(e, dict)):
                for key in (str(n).casefold() for n in entry.get("names") or []):
                    if key and key in folded and (match := re.search(_bounded(key) + r"(?![0-9a-z])", folded)):
                        return {str(n): text[match.start():match.end()] for n in entry.get("nutrients") or []}
        return {}

    @staticmethod
    def _not_covered(text: str, folded: str, files: list[dict[str, Any]]) -> list[tuple[str, str]]:
        """What the question asks of that the knowledge base does not cover (intents.yaml's `not_covered`:
        kind -> words, 'side effects'): a note of that kind quoting the words, so the answer says so."""
        found: dict[str, str] = {}
        for data in files:
            for kind, words in (data.get("not_covered") or {}).items():
                for word in sorted((str(w).casefold() for w in words or []), key=len, reverse=True):
                    if kind not in found and word and word in folded \
                            and (match := re.search(_bounded(word), folded)) is not None:
                        found[str(kind)] = text[match.start():match.end()]
        return list(found.items())

    def _names_denied(self, denied: list[str]) -> bool:
        """Whether what the question denies holds a medication's or condition's name ("I don't take
        warfarin"): the question is still about it ('can I take K2' asks of interactions)."""
        return any(find_names(said.casefold(), table) for said in denied
                   for table in self.kb.vocabulary.name_tables.values())

    def _intent(self, folded: str, files: list[dict[str, Any]], facts: dict[str, Any],
                spans: list[tuple[Span, str]], denied: bool = False) -> dict[str, Any] | None:
        named = denied or any(facts.get(f) not in (None, [], "false")
                              for f in self.kb.vocabulary.profile.situation_fields)
        # An amount stated: `when_amount` words count ("what if I take 10000 IU" asks if it is too much).
        amount = any(facts.get(f) for f in self.kb.vocabulary.profile.supplements_fields)
        shadows = self._shadows(folded, files)
        said = [(intent, [k for k in (*intent["keywords"], *intent.get("when_named" if named else "unless_named", []),
                                      *(intent.get("when_amount", []) if amount else []))
                          if _said(folded, str(k), shadows, intent)])
                for data in files for intent in data["intents"]]
        for intent, words in said:
            # A `yields` intent's words ('what if') give way to another intent's ('how much') unless the
            # question names what it is about after one of its `about_after` words ('what if I skip K2').
            if words and not (intent.get("yields") and not _about(folded, intent, spans)
                              and any(w for other, w in said if other is not intent)):
                return intent
        if not any(words for _, words in said):  # `otherwise` words count only when no keyword is said
            for intent, _ in said:
                if any(_said(folded, str(k), shadows, intent) for k in intent.get("otherwise", [])):
                    return intent
        data = files[0]
        by_id = {str(i["id"]): i for i in data["intents"]}
        if named and data.get("named") in by_id:
            return by_id[data["named"]]
        fillers = [w for f in files for w in f.get("bare_words", [])]
        if spans and data.get("bare_name") in by_id and self._bare(folded, spans, fillers):
            return by_id[data["bare_name"]]
        return None

    def _shadows(self, folded: str, files: list[dict[str, Any]]) -> list[tuple[Span, Any]]:
        """Where the question holds a known term that may hold a shorter keyword: another keyword, a fact
        word ('not enough sun' holds 'enough'), a name of the vocabulary ('Fosamax' holds 'max'), or one
        of `not_keywords` ('有沒有' holds '沒有'). Each with the intent it is a keyword of (None if none)."""
        order = tuple(id(data) for data in files)  # the files are the reader's own, read once (_file)
        if order not in self._terms:
            self._terms[order] = self._shadow_terms(files)
        terms = self._terms[order]
        return [(Span(m.start(), m.end(), m.group()), owner) for term, owner in terms.items()
                if len(term) > 1 and term in folded for m in re.finditer(_bounded(term), folded)]

    def _shadow_terms(self, files: list[dict[str, Any]]) -> dict[str, Any]:
        """Every term `_shadows` looks for, with the intent it is a keyword of (None if none)."""
        terms: dict[str, Any] = {}
        for data in files:
            for word in [*_flat(data.get("facts") or {}), *data.get("not_keywords", [])]:
                terms.setdefault(str(word).casefold().strip(), None)
            for intent in data["intents"]:
                for key in ("keywords", "when_named", "unless_named", "when_amount", "otherwise"):
                    for word in intent.get(key, []):
                        terms[str(word).casefold().strip()] = intent["id"]
        for table in self.kb.vocabulary.name_tables.values():
            for name in table:
                terms.setdefault(str(name).casefold(), None)
        for name in self.kb.vocabulary.nutrient_names:
            terms.setdefault(str(name).casefold(), None)
        return terms

    @staticmethod
    def _bare(folded: str, spans: list[tuple[Span, str]], fillers: list[Any]) -> bool:
        """Nothing but nutrient names, punctuation and filler words ('vitamin', 'the')."""
        rest = folded
        for span, _ in sorted(spans, key=lambda s: -s[0].start):
            rest = rest[:span.start] + " " + rest[span.end:]
        for filler in sorted((str(f).casefold() for f in fillers), key=len, reverse=True):
            if filler in rest:
                rest = re.sub(r"(?<![a-z0-9])" + re.escape(filler) + r"(?![a-z0-9])", " ", rest)
        return not _NOT_WORDS.sub("", rest)

    def examples(self, lang: str) -> list[str]:
        return [str(i["example"]) for i in self.intents(lang) if i.get("example")]


_CLAUSE = re.compile(r"[.?!;,。？！；，]")


def _about(folded: str, intent: dict[str, Any], spans: list[tuple[Span, str]]) -> tuple[str, ...]:
    """The nutrients an intent's `about_after` words point to: those named after one in its clause
    ('what if I take D3 without K2' is about K2); none when no nutrient stands after one."""
    found: list[str] = []
    for word in (str(w).casefold().strip() for w in intent.get("about_after", [])):
        if not word or word not in folded:  # the pattern is compiled only where the word can match
            continue
        for match in re.finditer(_bounded(word), folded):
            end = _CLAUSE.search(folded, match.end())
            stop = end.start() if end else len(folded)
            found += [n for span, n in spans if match.end() <= span.start < stop]
    return tuple(dict.fromkeys(n for _, n in spans if n in found))


def _asked_clauses(folded: str, intent: dict[str, Any]) -> list[tuple[int, int]]:
    """The clauses (start, end) that hold one of the intent's keywords: where the question is asked
    ('is k2 enough without d3' asks of both; '我不吃鈣片，D3要吃多少' of D3 only)."""
    keys = [str(k).casefold().strip() for key in ("keywords", "when_named", "unless_named", "when_amount")
            for k in intent.get(key, [])]
    bounds = [0, *(m.end() for m in _CLAUSE.finditer(folded)), len(folded)]
    clauses = list(pairwise(bounds))
    return [(start, end) for start, end in clauses
            if any(k and k in folded[start:end] and re.search(_bounded(k), folded[start:end]) for k in keys)]


def _bounded(word: str) -> str:
    """A keyword as a pattern: a Latin one ('max') only as whole words, never inside a longer word
    ('Fosamax'); one in a script without spaces (Chinese) wherever it stands."""
    edge = "a-z0-9"
    before = rf"(?<![{edge}])" if re.match(r"[a-z0-9]", word[:1]) else ""
    after = rf"(?![{edge}])" if re.match(r"[a-z0-9]", word[-1:]) else ""
    return before + re.escape(word) + after


def _said(folded: str, word: str, shadows: list[tuple[Span, Any]], intent: dict[str, Any]) -> bool:
    """Whether a keyword stands in the question on its own: on word boundaries (Latin), and not inside
    a longer known term of another meaning (a keyword of another intent, a fact word, a name)."""
    word = word.casefold().strip()
    if not word or word not in folded:
        return False
    for match in re.finditer(_bounded(word), folded):
        if not any(s.start <= match.start() and match.end() <= s.end and s.end - s.start > len(word)
                   and owner != intent["id"] for s, owner in shadows):
            return True
    return False


def _merge_words(into: dict[str, Any] | list[Any], words: Any) -> None:
    """Add one language's fact words to those of the others (lists joined, mappings merged)."""
    if isinstance(into, list):
        into.extend(words if isinstance(words, list) else [])
    elif isinstance(words, dict):
        for key, value in words.items():
            _merge_words(into.setdefault(str(key), [] if isinstance(value, list) else {}), value)


def _question_words(data: dict[str, Any], fillers: bool = False) -> list[str]:
    """A language's question words: its intents' keywords and its fact words (and its fillers and
    names of what is not covered)."""
    keys = ("keywords", "when_named", "unless_named", "when_amount", "about_after", "otherwise")
    words = [*(w for i in data["intents"] for k in keys for w in i.get(k, [])), *_flat(data.get("facts") or {})]
    if fillers:
        words += [*data.get("bare_words", []), *data.get("not_nutrients", [])]
    return [str(w) for w in words]


def _letters_of(texts: list[str]) -> set[str]:
    """The letters (Unicode category L*) of the texts, case-folded and NFKC-normalised as questions are."""
    folded = unicodedata.normalize("NFKC", " ".join(texts)).casefold()
    return {ch for ch in folded if unicodedata.category(ch).startswith("L")}


def _flat(words: Any) -> list[Any]:
    """Every word of a nested mapping or list of words."""
    if isinstance(words, dict):
        return [w for value in words.values() for w in _flat(value)]
    if isinstance(words, list):
        return [w for value in words for w in _flat(value)]
    return [words]
