"""`bonekb explain [PROFILE]`: the handout, in every format; the HTML is one self-contained, escaped file."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bonekb.engine.explain.context import Person
from bonekb.engine.explain.explainer import make_handout
from bonekb.engine.explain.formats import FORMATS, format_explanation
from bonekb.engine.languages import declared_languages

POST60 = ("--age", "60", "--sex", "female", "--postmenopausal", "--sun", "low", "--taking", "calcium carbonate 1000 mg",
          "--taking", "D3 800 IU", "--taking", "K2 100 ug")


def test_handout_has_amounts_why_warnings_sources_assumptions_and_the_note(run_cli, flat, kb):
    data = run_cli.json("explain", *POST60)
    text = flat(data["text"])
    for amount in ("1000–2000 IU", "150–200 µg", "120–200 µg", "400–800 mg"):
        assert amount in text
    assert "Why each one" in text and "osteocalcin" in text
    assert "First, what to do" not in text  # no avoid or caution warning for her
    assert "Notes" in text and "many women lack vitamin D3 and K1 after menopause" in text
    assert "What was assumed" in text and "How each amount was reached" in text
    why = text[text.index("Why each one"):text.index("Sources")]
    sources = text[text.index("Sources"):]
    for claim_id in ("K2-1", "TABLE-POSTMENO", "K1-3"):
        assert claim_id in sources and kb.claims[claim_id]["en"] in text
    assert f"TABLE-POSTMENO: {kb.claims['TABLE-POSTMENO']['en']}" in sources  # not quoted above: in full here
    assert f"“{kb.claims['K2-1']['en']}” [K2-1]" in why and kb.claims["K2-1"]["en"] not in sources  # once, above
    assert "Quoted in full in “Why each one” above:" in sources and "K2-1" in sources.split("Quoted in full")[1]
    assert "not a diagnosis" in text
    assert data["result"] == run_cli.json("recommend", *POST60)
    assert set(data["nutrients"]) == {"calcium", "d3", "k2", "k1"}
    assert "table.postmenopausal" in [step["rule"] for step in data["nutrients"]["k2"]["chain"]]
    assert "table.adults" in [entry["rule"] for entry in data["nutrients"]["k2"]["why_not"]]


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
@pytest.mark.parametrize("output_format", ["markdown", "text"])
def test_page_one_is_what_the_person_acts_on(run_cli, lang, output_format):
    """Warnings to act on first, then the amounts against what is taken, then the row; the why comes after."""
    headings = {"en": ["First, what to do", "Your daily amounts", "Your row of the table", "Why each one", "Notes",
                       "How each amount was reached", "Sources"],
                "zh-Hant": ["請先這樣做", "您的每日建議量", "您在表格中的群組", "各營養素的作用", "提示",
                            "各建議量的由來", "出處"]}[lang]
    out = run_cli("explain", "--age", "58", "--sex", "female", "--postmenopausal", "--sun", "low",
                  "--taking", "D3 5000 IU", "--lang", lang, "--format", output_format).stdout
    lines = [line.lstrip("# ").strip() for line in out.splitlines()]
    positions = [lines.index(h) for h in headings]
    assert positions == sorted(positions)
    page_one = "\n".join(lines[:positions[3]])
    avoid = "Avoid: vitamin D3." if lang == "en" else "避免（維生素D3）"
    limit = "4000 IU" if lang == "en" else "4000 國際單位"  # the language's unit words, in the warning too
    assert avoid in page_one and limit in page_one
    assert page_one.index(avoid) < page_one.index(headings[1])
    above = "above the upper limit of 4000 IU" if lang == "en" else "超過每日上限 4000 國際單位"
    assert above in page_one.replace("**", "")


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_the_row_shown_is_the_one_whose_amounts_are_given(run_cli, flat, lang):
    """A woman of 58 after menopause: two rows apply, the postmenopausal row gives her amounts (issue 11)."""
    text = flat(run_cli("explain", "--age", "58", "--sex", "female", "--postmenopausal", "--lang", lang).stdout)
    if lang == "en":
        assert "Your row of the table: postmenopausal women." in text
        assert "Your row of the table: adults (19–64), postmenopausal women" not in text
        assert "Postmenopausal women, because age: 58" in text and "group.postmenopausal" not in text
        fired = run_cli.json("explain", "--age", "58", "--sex", "female", "--postmenopausal")["result"]["fired"]
        assert "group.postmenopausal" in [f["rule"] for f in fired]  # the row's rule, in the JSON
    else:
        assert "您在表格中的群組：停經後婦女。" in text and "成年人(19–64歲)、停經後婦女" not in text


def test_handout_in_chinese_quotes_the_article_once(run_cli, kb, flat):
    """The article's own words: quoted in the why, listed by id in the sources; the rest quoted in the sources."""
    text = flat(run_cli("explain", *POST60, "--lang", "zh-Hant").stdout)
    why = text[text.index("各營養素的作用"):text.index("出處")]
    sources = text[text.index("出處"):]
    k2 = flat(kb.claims["K2-1"]["quote"][0])
    assert f"「{k2}」[K2-1]" in why and k2 not in sources
    assert "上文「各營養素的作用」已完整引用原文：" in sources and "K2-1" in sources.split("已完整引用原文")[1]
    assert f"TABLE-POSTMENO：「{flat(kb.claims['TABLE-POSTMENO']['quote'][0])}" in sources
    assert "並非診斷" in text


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_every_claim_the_handout_cites_is_in_its_sources_and_quoted_once(run_cli, kb, lang):
    """Saying less without losing a source: each cited id is in Sources, each quote is in the handout once."""
    data = run_cli.json("explain", "--age", "70", "--sex", "female", "--postmenopausal", "--sun", "low",
                        "--taking", "calcium carbonate 1250 mg", "--lang", lang)
    text = re.sub(r"\s+", "", data["markdown"])  # without the breaks and spaces a line may carry
    sources = text[text.index("##Sources" if lang == "en" else "##出處"):]
    for claim_id in data["sources"]:
        assert claim_id in sources
        claim = kb.claims.get(claim_id) or kb.references[claim_id]
        if claim_id in kb.claims:
            whole = claim["en"] if lang == "en" else "」「".join(claim["quote"])
            assert text.count(re.sub(r"\s+", "", whole)) == 1, claim_id
        else:
            assert re.sub(r"\s+", "", claim["citation"]) in sources
    for claim_id in data["sources"]:
        verdict = (kb.claims.get(claim_id, {}).get("evidence") or {}).get("verdict")
        if verdict in ("mixed", "overstated", "unsupported", "contradicted"):
            assert f"**{claim_id}**" in sources.split("Wherethereferences" if lang == "en" else "看法不同之處")[1]


def test_without_a_profile_the_handout_gives_the_general_advice(run_cli, flat):
    text = flat(run_cli("explain").stdout)
    assert "advice.dose3" in text and "Age was not given" in text


def test_html_is_self_contained(run_cli):
    html = run_cli("explain", *POST60, "--format", "html").stdout
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert not re.search(r"url\((?!#)", html)  # only references to the page's own SVG patterns
    assert html.count("<svg xmlns") == 4 and html.count('class="intake supplement"') == 4  # K1 not taken: 0 µg


def test_without_taking_the_charts_show_the_range_only(run_cli):
    html = run_cli("explain", "--age", "40", "--format", "html").stdout
    assert html.count("<svg xmlns") == 4 and 'class="intake ' not in html and html.count('class="band"') == 4


def test_html_escapes_everything_from_data(run_cli):
    html = run_cli("explain", "--age", "40", "--medication", "<script>alert(1)</script>", "--format", "html").stdout
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_out_of_scope_handout_has_no_amounts_and_no_charts(run_cli, flat):
    result = run_cli("explain", "--age", "30", "--sex", "female", "--breastfeeding", "--format", "html")
    assert "The article does not cover you" in result.stdout and "<svg xmlns" not in result.stdout
    assert "does not cover breastfeeding" in flat(result.stdout)


PROFILES = st.fixed_dictionaries({}, optional={
    "age": st.integers(0, 100), "sex": st.sampled_from(["female", "male"]),
    "sun": st.sampled_from(["low", "enough"]), "diet_calcium": st.integers(0, 2500),
    "taking": st.lists(st.sampled_from(["calcium citrate 500 mg", "D3 1000 IU", "MK-7 90 ug", "K1 100 ug"]),
                       max_size=3),
    "medications": st.lists(st.sampled_from(["warfarin", "levothyroxine", "<b>x</b>"]), max_size=2),
})


# The words of each language's note that this is not a diagnosis (its catalog's macros.disclaimer).
DISCLAIMER = {"en": "not a diagnosis", "zh-Hant": "並非診斷", "zh-Hans": "并非诊断"}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=PROFILES, lang=st.sampled_from(declared_languages()))
def test_every_profile_renders_in_every_format(evaluator, explainers, flat, raw, lang):
    person = Person(*evaluator.evaluate_traced(raw))  # every generated profile is valid: an error fails the test
    explainer = explainers[lang]
    explanation = make_handout(explainer, person)
    for output_format in FORMATS:
        out = format_explanation(explainer, explanation, output_format)
        assert DISCLAIMER[lang] in flat(out)
    amounts = [r for r in person.result.recommendations if r.kind == "supplement"]
    assert len(explanation.charts) == len(amounts)
    for chart, rec in zip(explanation.charts, amounts, strict=True):
        band = chart["band"]
        assert band["width"] > 0 and chart["x0"] <= band["x"] and band["x"] + band["width"] <= chart["x1"] + 2
        assert (chart["current"] is None) == (rec.current is None)
        assert chart["ticks"][0]["text"] == "0"  # the axis starts at 0
        for marker in (chart["reference"], chart["limit"]):
            assert marker is None or chart["x0"] <= marker["x"] <= chart["x1"]
        if chart["over_limit"]:
            assert chart["bar"]["end"] > chart["limit"]["x"]


@pytest.mark.parametrize("output_format", ["text", "markdown", "json"])
def test_explain_formats(run_cli, output_format):
    result = run_cli("explain", "--age", "12", "--format", output_format)
    assert result.exit_code == 0 and "TABLE-CHILD" in result.stdout


@pytest.mark.parametrize(("words", "problem"), [
    ("nutrients: 5\n", "words.yaml:1:12: nutrients must be a mapping of id: words"),
    ("list_separator: [1]\n", "words.yaml:1:17: list_separator must be a text"),
])
def test_a_words_file_of_the_wrong_shape_is_one_line_naming_its_place(run_cli, kb_copy, words, problem):
    (kb_copy / "explanations" / "en" / "words.yaml").write_text(words, encoding="utf-8")
    result = run_cli("why", "k2", "--age", "30", "--kb", str(kb_copy))
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert problem in result.stderr


@pytest.mark.parametrize("lang", declared_languages())
def test_every_medication_and_condition_id_has_words_for_the_reader(kb, lang):
    """An id the vocabulary maps names to is shown to people: each needs words in each language."""
    import yaml

    words = yaml.safe_load((kb.root / "explanations" / lang / "words.yaml").read_text(encoding="utf-8"))["values"]
    ids = set(kb.vocabulary.name_tables["medications"].values()) | set(kb.vocabulary.name_tables["conditions"].values())
    assert sorted(ids - set(words)) == []
