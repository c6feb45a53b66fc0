"""What a reader meets, in every command's output for a set of people, in both languages: no
internal id (kidney_stones, postmenopausal_women, ug, a bare `elemental`), and in Chinese no
half-width punctuation beside Chinese text outside the article's own quotes. Ids stay in JSON and
in the trace (rule ids, warning codes, claim ids)."""

from __future__ import annotations

import re

import pytest

from bonekb.engine.punctuation import misplaced_marks

PEOPLE = {
    "none": (),
    "woman-50-warfarin": ("--age", "50", "--sex", "female", "--menopause", "pre",
                          "--taking", "calcium carbonate 1250 mg", "--medication", "warfarin",
                          "--condition", "kidney stones"),
    "woman-70-post": ("--age", "70", "--sex", "female", "--postmenopausal", "--taking", "calcium 600 mg",
                      "--taking", "D3 1000 IU", "--diet-calcium", "700", "--medication", "levothyroxine"),
    "child-10": ("--age", "10", "--diet-calcium", "600", "--sun-minutes", "20", "--sun-midday", "--arms-legs-bare"),
    "man-40-digoxin": ("--age", "40", "--sex", "male", "--medication", "digoxin", "--medication", "orlistat",
                       "--condition", "malabsorption", "--taking", "K2 100 mcg"),
    "pregnant-30": ("--age", "30", "--sex", "female", "--pregnant"),
}
QUESTIONS = {"en": ["why do I need K2?", "how much calcium?", "is 5000 IU of D3 too much?",
                    "can I take K1 with warfarin?", "what does D3 do?", "is calcium alone enough?",
                    "what if I don't take K2?"],
             "zh-Hant": ["為什麼需要K2？", "鈣要吃多少？", "每天5000國際單位的D3太多嗎？", "K1可以和華法林一起吃嗎？",
                         "D3有什麼作用？", "只吃鈣夠嗎？", "不吃K2會怎樣？"]}


def _outputs(run_cli, lang, person):
    args = (*PEOPLE[person], "--lang", lang)
    for nutrient in ("calcium", "d3", "k2", "k1"):
        yield f"why {nutrient}", run_cli("why", nutrient, *args, "--format", "markdown").stdout
    for question in QUESTIONS[lang]:
        yield f"ask {question}", run_cli("ask", question, *args, "--format", "markdown").stdout
    if person != "none":
        yield "explain", run_cli("explain", *args, "--format", "markdown").stdout
        yield "recommend", run_cli("recommend", *args).stdout


def _ids(kb):
    """Internal ids with an underscore (medication classes, conditions, groups, facts)."""
    vocabulary = kb.vocabulary
    ids = set(vocabulary.name_tables["medications"].values()) | set(vocabulary.name_tables["conditions"].values())
    ids |= {"postmenopausal_women", "older_adults", "diet_calcium", "taking_calcium", "sun_minutes", "sun_level",
            "arms_legs_bare", "mostly_indoors", "sun_midday"}
    return {i for i in ids if "_" in i}


def _reader_text(text, kb):
    """The text without the trace (rule ids, codes, claim and reference ids, code spans, options)
    and without the article's verbatim quotes."""
    for claim in kb.claims.values():
        for quote in claim.get("quote", []):
            text = text.replace(quote, "")
    text = re.sub(r"`[^`]*`", "", text)
    text = re.sub(r"--[a-z-]+", "", text)
    text = re.sub(r"\b[a-z0-9]+(?:[.-][a-z0-9]+)+\b", "", text)          # rule ids, warning codes
    return text


@pytest.mark.parametrize("person", list(PEOPLE))
@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_no_internal_id_or_half_width_mark_reaches_a_reader(run_cli, kb, lang, person):
    ids = _ids(kb)
    problems = []
    for name, output in _outputs(run_cli, lang, person):
        assert output.strip(), name
        text = _reader_text(output, kb)
        for found in sorted({i for i in ids if i in text}):
            problems.append(f"{name}: internal id {found!r}")
        if re.search(r"\d ug\b", text):
            problems.append(f"{name}: the unit id 'ug'")
        if re.search(r"(?<![\w-])elemental(?! calcium)(?![\w-])", text):
            problems.append(f"{name}: the form id 'elemental'")
        if lang == "zh-Hant":
            english = re.findall(r"\b(?:age|sex|menopause|female|male|post|pre|supplement|total_intake)\b \S", text)
            problems += [f"{name}: English word in a Chinese line: {e!r}" for e in english]
            for index in misplaced_marks(text):
                problems.append(f"{name}: half-width {text[index]!r} in {text[max(0, index - 10):index + 10]!r}")
    assert not problems, "\n".join(problems[:30])
