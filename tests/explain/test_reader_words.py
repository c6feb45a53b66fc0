"""Every command, in both languages, over people built from the vocabulary (every medication class
and condition, infants to older adults, each sun and life stage): what a reader meets holds words,
never the knowledge base's ids, and in Chinese no English a reader cannot read.

Fails on: a warning code, a fact name or a value id anywhere a reader reads; a rule id in prose
(the Markdown of why, ask and explain shows a rule id only as the code span that labels a line of a
trace list; in a sentence, even in a code span, it is prose; recommend's text is the trace view and
keeps them); in zh-Hant a Latin word that is not on the
language's allow-list (explanations/zh-Hant/words.yaml `latin`: data, not this file), a drug name
of rules/vocabulary.yaml, a title of a source or the article's own words; an abbreviation anywhere
but right after its Chinese term (建議攝取量（RDA）); half-width punctuation beside Chinese text,
square brackets around it, a space after a full-width mark or before a full-width opening one (not
in recommend's aligned columns); a unit glued to its number or a thousands separator in an amount
(engine/numberformat.py writes `500 毫克`, `4000 IU`); an infant's age in years (`0.5`);
a command-line option (`--sun`, even in a code span: a reader is told in words what to give); a rule
id labelling a line outside a trace section (the headings of words.yaml's `trace_headings` below);
in Chinese, a drug name in Latin letters alone (`omeprazole`, `Xenical`): it may only gloss the Chinese
name right before it (地高辛（digoxin）, 苯妥英 phenytoin)."""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

import pytest
import yaml

from bonekb.engine.languages import declared_languages
from bonekb.engine.punctuation import misplaced_marks, stray_spaces

LANGS = declared_languages()  # the shipped manifest's: a language added as data is read here too
NAMED_OPTIONS = ("--taking", "--medication", "--condition")  # what the person writes in words
NUTRIENTS = ("calcium", "d3", "k2", "k1")
QUESTIONS = {"en": ["why do I need K2?", "how much calcium should I take?", "is 5000 IU of D3 too much?",
                    "can I take K1 with warfarin?", "what is mk-7", "is calcium alone enough?",
                    "what if I don't take K2?", "what's the upper limit for vitamin D?"],
             "zh-Hant": ["為什麼需要K2？", "鈣要吃多少？", "每天5000國際單位的D3太多嗎？", "K1可以和華法林一起吃嗎？",
                         "MK-7是什麼", "只吃鈣夠嗎？", "不吃K2會怎樣？", "維生素D上限是多少"],
             "zh-Hans": ["为什么需要K2？", "钙要吃多少？", "每天5000国际单位的D3太多吗？", "K1可以和华法林一起吃吗？",
                         "MK-7是什么", "只吃钙够吗？", "不吃K2会怎样？", "维生素D上限是多少"]}
PEOPLE = [
    (), ("--age", "0.5"), ("--age", "0.25", "--sex", "male"), ("--age", "2"),
    ("--age", "10", "--diet-calcium", "1,200", "--sun-minutes", "20", "--sun-midday", "--arms-legs-bare"),
    ("--age", "16", "--sex", "male", "--sun", "enough", "--taking", "K2 MK-7 100 mcg"),
    ("--age", "30", "--sex", "female", "--pregnant"), ("--age", "30", "--sex", "female", "--breastfeeding"),
    ("--age", "50", "--sex", "female", "--menopause", "pre", "--taking", "calcium carbonate 1250 mg"),
    ("--age", "58", "--sex", "female", "--postmenopausal", "--diet-calcium", "700", "--taking", "D3 5000 IU"),
    ("--age", "70", "--sex", "male", "--indoors", "--taking", "vitamin D2 50000 IU", "--taking", "calcium 600 mg"),
    ("--sex", "female", "--menopause", "post", "--sunscreen"),
    ("--age", "40", "--diet-calcium", "3000", "--medication", "Eliquis", "--condition", "gout"),
]


def _people(kb):
    """The fixed people, then one per medication class and condition (its first listed name)."""
    vocabulary = yaml.safe_load((kb.rules_dir / "vocabulary.yaml").read_text(encoding="utf-8"))
    people = list(PEOPLE)
    for kind, option in (("medications", "--medication"), ("conditions", "--condition")):
        people += [("--age", "64", "--sex", "female", "--taking", "calcium 1000 mg", option, names[0])
                   for names in vocabulary[kind].values()]
    return people


@cache
def _known(kb):
    """What the knowledge base names: rule ids, warning codes, fact names, value ids, source ids,
    drug names, and the texts a reader meets verbatim (the article's quotes, the sources' titles)."""
    vocabulary = kb.vocabulary
    codes = {r.then["warn"]["code"] for r in kb.rules if "warn" in r.then} | set(kb.messages)
    facts = set(vocabulary.profile.types) | set(kb.derived_facts)
    values = {i for table in vocabulary.name_tables.values() for i in table.values()}
    for spec in [*kb.derived_facts.values(), *vocabulary.profile.declared.values()]:
        values |= {str(v) for v in spec.get("values", [])}
    drugs = {word.lower() for name in vocabulary.name_tables["medications"]
             for word in re.findall(r"[a-z][a-z0-9]*", name)}
    drug_names = {name.lower() for name in vocabulary.name_tables["medications"]  # one word each: omeprazole
                  if re.fullmatch(r"[a-z][a-z0-9]{3,}", name.lower())}
    verbatim = [q for c in kb.claims.values() for q in c.get("quote", [])]
    verbatim += [r["citation"] for r in kb.references.values() if r.get("citation")]
    return {"rules": {r.id for r in kb.rules}, "codes": codes, "facts": facts, "values": values,
            "sources": set(kb.claims) | set(kb.references), "drugs": drugs, "drug_names": drug_names,
            "verbatim": sorted(verbatim, key=len, reverse=True)}


@cache
def _words(kb, lang: str) -> dict:
    """A language's words.yaml: its unit words, its word for age, and (Chinese) its allowed Latin words."""
    return yaml.safe_load((kb.explanations_dir / lang / "words.yaml").read_text(encoding="utf-8"))


def _latin(kb, lang: str):
    data = _words(kb, lang)
    return set(data["latin"]["words"]), dict(data["latin"]["glossed"])


def _token(ident: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w.-]){re.escape(ident)}(?![\w-])")


# The one place a rule id may stand in Markdown a person reads: a code span that labels a line of a
# trace list (`1. `advice.dose3`：…`, `- 規則 `table.teens` …`); anywhere else it is prose, even in a code span.
# The word before the label is each language's (words.yaml `trace`: 規則 in zh-Hant, 规则 in zh-Hans).
TRACE_LABEL = re.compile(r"^(\s*(?:[-*]|\d+\.)\s+(?:[^\s`]+ )?)`[^`\n]*`", re.MULTILINE)
# The sections that are a trace (their headings are each language's words): there a line may be
# labelled by its rule id; a list elsewhere (what the references warn of) says what, not which rule.
TRACE_HEADINGS = (("common", "how_rules"), ("why", "did_not_apply"), ("handout", "how_reached"))
# A command-line option: a reader is told what to give in words, never which option to add.
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
# A drug name in Latin letters in Chinese glosses the Chinese name right before it (地高辛（digoxin）,
# 苯妥英 phenytoin), never a class (质子泵抑制剂 omeprazole: a 剂, 药, 类 or 药物 names a kind of drug).
GLOSSED_NAME = re.compile(r"[\u4e00-\u9fff]+(?![剂劑药藥类類物])[\u4e00-\u9fff][ （]$")


@cache
def _trace_headings(kb) -> frozenset[str]:
    """The headings of trace sections, in every declared language."""
    return frozenset(_words(kb, lang)["text"][part][key] for lang in LANGS for part, key in TRACE_HEADINGS)


def _outside_trace(text: str, kb) -> str:
    """The text with each trace section's labels blanked: a line labelled by a code span counts as a
    trace line only under a trace heading (or in a fragment with no heading at all)."""
    lines, in_trace = [], not re.search(r"^#", text, re.MULTILINE)
    for line in text.splitlines():
        if line.startswith("#"):
            in_trace = line.lstrip("#").strip() in _trace_headings(kb)
        lines.append(TRACE_LABEL.sub(r"\1 ", line) if in_trace else line)
    return "\n".join(lines)


def _reader_text(text: str, kb, given: tuple[str, ...], trace_view: bool) -> tuple[str, list[str]]:
    """The text a reader reads as prose, and the problems found while taking the trace out."""
    known = _known(kb)
    problems = []
    for quote in known["verbatim"]:
        text = text.replace(quote, "§")
    problems += [f"command-line option {m!r} in reader text" for m in dict.fromkeys(OPTION.findall(text))]
    if not trace_view:
        outside = _outside_trace(text, kb)
        problems += [f"rule id {r!r} in prose, not as the label of a trace line" for r in known["rules"]
                     if _token(r).search(outside)]
    text = re.sub(r"`[^`\n]*`", " ", text)
    for ident in sorted(known["rules"] | known["sources"], key=len, reverse=True):
        text = _token(ident).sub("§", text)                   # the trace's ids (and their own commas)
    for option, value in pairwise(given):
        if option in NAMED_OPTIONS:
            text = _token(value).sub("§", text)                 # the person's own words, echoed
    text = re.sub(r"--[a-z-]+(?: [a-z]+\b)?", "§", text)          # options (and a value) the reader may add
    text = re.sub(r"sha256:[0-9a-f]+", " ", text)
    return text, problems


def _problems(text: str, kb, lang: str) -> list[str]:
    known = _known(kb)
    problems = [f"warning code {c!r}" for c in sorted(known["codes"]) if _token(c).search(text)]
    problems += [f"fact name {f!r}" for f in sorted(known["facts"]) if "_" in f and _token(f).search(text)]
    problems += [f"value id {v!r}" for v in sorted(known["values"]) if re.search(r"[_-]", v) and _token(v).search(text)]
    words = _words(kb, lang)
    age = re.escape(str(words.get("facts", {}).get("age", "age")))
    problems += [f"an infant's age in years: {m!r}" for m in re.findall(rf"(?:age|{age})\W{{0,2}}0\.\d+", text)]
    units = "|".join(["mg", "IU", "µg", *(re.escape(str(u)) for u in words.get("units", {}).values())])
    problems += [f"unit glued to its number: {m!r}" for m in re.findall(rf"\d(?:{units})(?![A-Za-z])", text)]
    problems += [f"thousands separator in an amount: {m!r}"
                 for m in re.findall(rf"\d{{1,3}}(?:,\d{{3}})+ ?(?:{units})", text)]
    if "latin" in words:  # a language written in another script: its Latin words are a list
        words, glossed = _latin(kb, lang)
        for abbreviation, term in glossed.items():
            text = re.sub(rf"{re.escape(term)}（{re.escape(abbreviation)}(?=[），])", term + "（", text)
        for match in re.finditer(r"(?<![A-Za-z])[A-Za-z]+(?![A-Za-z])", text):
            at = match.start()
            if match.group().lower() in known["drug_names"] and not GLOSSED_NAME.search(text[max(0, at - 12):at]):
                problems.append(f"drug name {match.group()!r} in Latin letters alone: {text[at - 12:at + 20]!r}")
        for word in re.findall(r"[A-Za-zµ][A-Za-z0-9µ]*(?:-[A-Za-z0-9]+)*", text):
            if word not in words and word.lower() not in known["drugs"]:
                at = text.index(word)
                problems.append(f"Latin word {word!r} in {text[max(0, at - 12):at + 20]!r}")
        for index in misplaced_marks(text):
            problems.append(f"half-width {text[index]!r} in {text[max(0, index - 10):index + 10]!r}")
        for index in stray_spaces(text):
            problems.append(f"a space after a full-width mark in {text[max(0, index - 10):index + 10]!r}")
    return problems


def _outputs(run_cli, lang: str, person: tuple[str, ...], turn: int):
    """recommend (text), explain, why and ask (Markdown) for one person; which nutrient and
    question turn with the person, so every one is asked across the set."""
    args = (*person, "--lang", lang)
    nutrient = NUTRIENTS[turn % len(NUTRIENTS)]
    question = QUESTIONS[lang][turn % len(QUESTIONS[lang])]
    yield "recommend", True, run_cli("recommend", *args)
    yield "explain", False, run_cli("explain", *args, "--format", "markdown")
    yield f"why {nutrient}", False, run_cli("why", nutrient, *args, "--format", "markdown")
    yield f"ask {question}", False, run_cli("ask", question, *args, "--format", "markdown")


@pytest.mark.parametrize("lang", LANGS)
def test_every_output_for_every_person_reads_in_words(run_cli, kb, lang):
    people = _people(kb)
    assert len(people) > 30
    problems = []
    for turn, person in enumerate(people):
        for name, trace_view, result in _outputs(run_cli, lang, person, turn):
            if result.exit_code != 0:
                continue  # a person out of the article's reach may be refused in one line; tested elsewhere
            text, found = _reader_text(result.stdout, kb, person, trace_view)
            found += [p for p in _problems(text, kb, lang)  # recommend's text aligns its columns with spaces
                      if not (trace_view and p.startswith("a space after"))]
            problems += [f"{name} {' '.join(person)}: {p}" for p in dict.fromkeys(found)]
    assert not problems, "\n".join(problems[:40]) + f"\n({len(problems)} in all)"


@pytest.mark.parametrize("lang", LANGS)
def test_every_question_and_nutrient_without_a_profile_reads_in_words(run_cli, kb, lang):
    problems = []
    runs = [(f"why {n}", run_cli("why", n, "--lang", lang, "--format", "markdown")) for n in NUTRIENTS]
    runs += [(f"ask {q}", run_cli("ask", q, "--lang", lang, "--format", "markdown")) for q in QUESTIONS[lang]]
    runs.append(("ask help", run_cli("ask", "tell me a joke", "--lang", lang, "--format", "markdown")))
    for name, result in runs:
        assert result.stdout.strip(), name
        text, found = _reader_text(result.stdout, kb, (), trace_view=False)
        problems += [f"{name}: {p}" for p in found + _problems(text, kb, lang)]
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("提示（take-together，來自 advice.dose2）", "zh-Hant", "warning code 'take-together'"),
    ("健康狀況：kidney_stones", "zh-Hant", "value id 'kidney_stones'"),
    ("鈣：RDA 1200 毫克", "zh-Hant", "Latin word 'RDA'"),
    ("服用 acenocoumarol 的人", "zh-Hant", None),              # a drug name of the vocabulary
    ("服用 Eliquis 的人", "zh-Hant", "Latin word 'Eliquis'"),
    ("每日 600毫克", "zh-Hant", "unit glued to its number"),
    ("每日 1,000 IU", "en", "thousands separator in an amount"),
    ("年齡 0.5", "zh-Hant", "an infant's age in years"),
    ("age: 0.5", "en", "an infant's age in years"),
    ("鈣:每日", "zh-Hant", "half-width ':'"),
    ("[避免] 維生素D3", "zh-Hant", "half-width '['"),
    ("D3 125 微克 (5000 國際單位)", "zh-Hant", "half-width '('"),
    ("鈣（補充劑）、 250–400 毫克", "zh-Hant", "a space after a full-width mark"),
    ("請分次服用。 [DOSE-3]", "zh-Hant", "a space after a full-width mark"),
    ("Your names_not_recognised is true", "en", "fact name 'names_not_recognised'"),
    ("建議攝取量（RDA）：1200 毫克", "zh-Hant", ""),
    ("您正在服用制酸剂（如质子泵抑制剂 omeprazole，或H2受体阻滞剂）", "zh-Hans", "drug name 'omeprazole'"),
    ("您正在服用奥利司他（orlistat，如 Xenical、Alli）", "zh-Hans", "drug name 'Xenical'"),
    ("华法林（warfarin，如 Coumadin）", "zh-Hans", "drug name 'Coumadin'"),
    ("您正在服用地高辛（digoxin）：血钙过高", "zh-Hans", ""),          # a Chinese name, glossed
    ("如苯妥英 phenytoin、卡马西平 carbamazepine", "zh-Hans", ""),
])
def test_the_checks_find_each_defect(kb, text, lang, expected):
    """Each check can fail: a defect of each class is found, and what is allowed passes."""
    problems = _problems(text, kb, lang)
    if expected:
        assert any(expected in p for p in problems), problems
    else:
        assert not [p for p in problems if "Latin" in p or "code" in p or "id" in p], problems


def test_a_rule_id_in_prose_is_found_and_as_a_trace_label_is_not(kb):
    assert _reader_text("- **提示**（來自 advice.dose2）：…", kb, (), trace_view=False)[1]
    assert not _reader_text("### 規則如何得出\n\n1. `advice.dose2`：符合", kb, (), trace_view=False)[1]
    assert not _reader_text("## How each amount was reached\n\n- `table.adults`: calcium", kb, (), trace_view=False)[1]


def test_a_rule_id_labelling_a_line_outside_a_trace_section_is_found(kb):
    """What a tester found: ask's list of what the references warn of began each item with its rule id."""
    text = "## 参考资料对维生素K1的警示\n\n- `condition.malabsorption`：**提示**：吸收不良 [REF-ODS-D]"
    assert _reader_text(text, kb, (), trace_view=False)[1]


@pytest.mark.parametrize("text", ["请加上 --sun，或 --sun-minutes。", "Give --age for yours.",
                                  "例如 `bonekb ask \"钙要吃多少？\" --age 50`。", "or `--medication warfarin`."])
def test_a_command_line_option_in_reader_text_is_found(kb, text):
    """What a tester found: the handout asked a reader to "add --sun"."""
    assert any("command-line option" in p for p in _reader_text(text, kb, (), trace_view=True)[1])
    assert not _reader_text("- `advice.dose2`：符合", kb, (), trace_view=False)[1]
    assert not _reader_text("1. `advice.dose2` (General advice): matched", kb, (), trace_view=False)[1]
    assert not _reader_text("- 規則 `table.teens` [TABLE-TEEN] 給出鈣", kb, (), trace_view=False)[1]


@pytest.mark.parametrize("text", [
    "- **鈣**：每日 600–800 毫克，補充劑，來自規則 `advice.dose3` [DOSE-3]。",
    "**您的上限**：每日 2000 毫克，出自 `reference.d3.9-70` [REF-IOM-2011]。",
    "**停經後婦女**，因為年齡 58（規則 `group.postmenopausal`）[TABLE-POSTMENO]。",
    "- `table.adults` 會給出 1000 毫克。它也適用於您，但讓位給更具體的 `table.older-adults`。",
    "- Calcium: 600–800 mg a day, from advice.dose4 (General advice) [DOSE-4].",
])
def test_a_rule_id_in_a_sentence_is_prose_even_in_a_code_span(kb, text):
    """What a tester found: rule ids inside the amount, the upper limit, the row and the why-not sentences."""
    assert _reader_text(text, kb, (), trace_view=False)[1]


@pytest.mark.parametrize("nutrient", NUTRIENTS)
def test_the_article_s_own_words_are_marked_as_its_quotes(run_cli, kb, nutrient):
    """The article's quotes keep its half-width commas and its 要么 (verbatim): each stands inside 「」,
    and the page says once that what stands there is the article's own text (原文)."""
    text = run_cli("why", nutrient, "--lang", "zh-Hant", "--format", "markdown").stdout
    assert "原文" in text
    quotes = [q for q in _known(kb)["verbatim"] if q in text and any("\u4e00" <= ch <= "\u9fff" for ch in q)]
    assert quotes
    for quote in quotes:
        at = text.index(quote)
        assert text[at - 1] == "「" and text[at + len(quote)] == "」", quote
