"""`bonekb why NUTRIENT [PROFILE]` as a person calls it: the general explanation, the chain, the why-not."""

from __future__ import annotations

import re

import pytest

PRE50 = ("--age", "50", "--sex", "female", "--menopause", "pre")
DISCLAIMER = {"en": "not a diagnosis", "zh-Hant": "並非診斷"}
# How the article's case marks a quote the article hedges, or attributes to research it does not name.
HEDGES = {"en": {"strong": None, "hedged": "*(the article hedges this)*",
                 "attributed": "*(citing research it does not name)*"},
          "zh-Hant": {"strong": None, "hedged": "*（文章語氣保留）*", "attributed": "*（引述未具名的研究）*"}}


def test_why_k2_explains_osteocalcin_and_mgp_with_claim_ids(run_cli, flat):
    result = run_cli("why", "k2")
    assert result.exit_code == 0
    text = flat(result.stdout)
    assert "osteocalcin" in text and "matrix Gla protein (MGP)" in text
    assert "[K2-1]" in text and "[K2-2]" in text and "[K2-3]" in text and "[D3-3]" in text
    assert DISCLAIMER["en"] in text
    assert "For you" not in text  # no profile, no personal part


def test_why_k2_in_chinese_quotes_the_article(run_cli, kb, flat):
    text = flat(run_cli("why", "k2", "--lang", "zh-Hant").stdout)
    for claim_id in ("K2-1", "K2-2", "K2-3"):
        for quote in kb.claims[claim_id]["quote"]:
            assert flat(quote) in text
        assert f"[{claim_id}]" in text
    assert "骨鈣素" in text and "基質Gla蛋白" in text
    assert DISCLAIMER["zh-Hant"] in text


@pytest.mark.parametrize("name", ["MK-7", "vitamin K2", "menaquinone", "維生素K2", "K2"])
def test_synonyms_name_the_same_nutrient(run_cli, name):
    assert run_cli("why", name, "--format", "markdown").stdout == run_cli("why", "k2", "--format", "markdown").stdout


def test_unknown_nutrient_is_one_line_exit_2(run_cli):
    result = run_cli("why", "vitamin C")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "NUTRIENT" in result.stderr and "accepted" in result.stderr


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
@pytest.mark.parametrize("nutrient", ["calcium", "d3", "k2", "k1"])
def test_quotes_hedge_as_the_article_hedges(run_cli, kb, nutrient, lang):
    data = run_cli.json("why", nutrient, "--lang", lang)
    assert data["sources"], "every explanation cites claims"
    for claim_id in data["sources"]:
        if claim_id not in kb.claims:
            continue  # a reference (REF-...), cited by a rule, not quoted
        quoted = [line for line in data["markdown"].splitlines()
                  if line.startswith("- ") and re.search(rf"\[{re.escape(claim_id)}\]( \*.*\*)?$", line)]
        assert quoted, f"{claim_id} is a source but no line of the article's case quotes it"
        marker = HEDGES[lang][kb.claims[claim_id]["strength"]]
        for line in quoted:
            if marker is None:
                assert line.endswith(f"[{claim_id}]"), line
            else:
                assert line.endswith(marker), line


def test_where_the_references_disagree_it_says_so(run_cli):
    text = run_cli("why", "calcium", "--format", "markdown").stdout
    assert "## What the references say" in text
    assert "**CA-3**, the evidence is mixed:" in text


def test_k1_says_the_article_disagrees_with_itself(run_cli):
    data = run_cli.json("why", "k1")
    assert "does not agree with itself" in data["markdown"]
    assert {"TEAM-3", "K1-2", "K1-4"} <= set(data["sources"])


def test_personal_why_shows_the_chain_and_why_not(run_cli, flat):
    text = run_cli("why", "k2", *PRE50).stdout
    assert "75–150 µg a day" in text
    chain = text[text.index("How the rules got there"):text.index("Rules that did not apply")]
    assert "group.adults" in chain and "table.adults" in chain
    assert chain.index("group.adults") < chain.index("table.adults")  # firing order
    why_not = text[text.index("Rules that did not apply"):]
    postmeno = re.search(r"table\.postmenopausal.*?\[TABLE-POSTMENO\]", why_not, re.S).group()
    assert "150–200 µg" in postmeno and "applies to postmenopausal women" in postmeno
    assert "your profile says menopause: pre" in flat(postmeno)
    markdown = run_cli("why", "k2", *PRE50, "--format", "markdown").stdout
    assert "yields to the more specific “Adults: calcium, K2 and K1” [TABLE-ADULT]" in markdown
    chinese = run_cli("why", "k2", *PRE50, "--lang", "zh-Hant", "--format", "markdown").stdout
    assert "讓位給更具體的規則 [TABLE-ADULT]" in chinese


def test_personal_why_in_chinese_names_the_failed_condition(run_cli):
    text = run_cli("why", "k2", *PRE50, "--lang", "zh-Hant").stdout
    assert "不適用於您的規則" in text and "停經狀態：未停經" in text.replace(" ", "")


def test_json_result_is_the_recommend_json(run_cli):
    why = run_cli.json("why", "k2", *PRE50)
    assert why["result"] == run_cli.json("recommend", *PRE50)
    assert why["nutrient"] == "k2" and why["command"] == "why"
    assert {step["rule"] for step in why["chain"]} >= {"group.adults", "table.adults"}
    assert "table.postmenopausal" in {entry["rule"] for entry in why["why_not"]}
    assert run_cli.json("why", "k2")["result"] is None


def test_a_person_outside_the_article_gets_no_amount(run_cli, flat):
    text = flat(run_cli("why", "d3", "--age", "30", "--sex", "female", "--pregnant").stdout)
    assert "No amount of vitamin D3 is given for you" in text
    assert "scope.pregnant" in text and "does not cover pregnancy" in text


@pytest.mark.parametrize("output_format", ["text", "markdown", "html", "json"])
def test_every_format(run_cli, output_format):
    result = run_cli("why", "d3", "--age", "40", "--format", output_format)
    assert result.exit_code == 0
    assert "[D3-1]" in result.stdout
    if output_format == "html":
        assert result.stdout.startswith("<!DOCTYPE html>") and "<h1>Why vitamin D3?</h1>" in result.stdout
    if output_format == "markdown":
        assert result.stdout.startswith("# Why vitamin D3?")
    if output_format == "text":
        assert "**" not in result.stdout and "`" not in result.stdout


@pytest.mark.parametrize(("lang", "drug"), [("en", "warfarin"), ("zh-Hant", "華法林")])
@pytest.mark.parametrize("nutrient", ["k2", "k1"])
def test_why_vitamin_k_names_warfarin_on_its_first_screen(run_cli, nutrient, lang, drug):
    first_screen = "\n".join(run_cli("why", nutrient, "--lang", lang).stdout.splitlines()[:24])
    assert drug in first_screen


SECTIONS = {"en": ("## The article's case", "## What the references say", "## Who must be careful"),
            "zh-Hant": ("## 文章的論點", "## 參考資料怎麼說", "## 哪些人須特別小心")}


def _section(markdown: str, heading: str) -> str:
    rest = markdown[markdown.index(heading) + len(heading):]
    return rest[:rest.index("\n## ")] if "\n## " in rest else rest


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
@pytest.mark.parametrize("nutrient", ["calcium", "d3", "k2", "k1"])
@pytest.mark.parametrize("how", ["why", "ask"])
def test_why_is_a_leaflet_lead_case_references_careful(run_cli, kb, nutrient, lang, how):
    """The lead comes first, then the three sections in order; who must be careful holds every
    warning of the reference rules for the nutrient, with the rule's own message."""
    if how == "why":
        markdown = run_cli("why", nutrient, "--lang", lang, "--format", "markdown").stdout
    else:
        question = {"en": f"why do I need {nutrient}?", "zh-Hant": f"為什麼需要{nutrient}？"}
        markdown = run_cli.json("ask", question[lang], "--lang", lang)["markdown"]
    positions = [markdown.index(h) for h in SECTIONS[lang]]
    assert positions == sorted(positions)
    lead = markdown.split("\n\n")[1]
    assert not lead.startswith("#") and len(lead) < 400
    careful = _section(markdown, SECTIONS[lang][2])
    warns = [(rule, rule.then["warn"]) for rule in kb.rules if "/reference/" in f"/{rule.file}" and "warn" in rule.then]
    expected = [warn["message"][lang] for rule, warn in warns
                if nutrient in warn["nutrients"] and {"medications", "conditions"} & set(rule.reads)]
    assert expected and all(message in careful for message in expected)


@pytest.mark.parametrize(("nutrient", "said"), [
    ("k2", ["No intake is set for vitamin K2 on its own",
            "adequate intake (AI) for vitamin K (K1 and K2 together)",
            "The references set no upper limit for vitamin K (K1 and K2 together)"]),
    ("k1", ["adequate intake (AI) for vitamin K (K1 and K2 together)"]),
    ("calcium", ["The references set a daily amount for calcium", "There is an upper limit"]),
    ("d3", ["The references set a daily amount for vitamin D3", "There is an upper limit"])])
def test_what_the_references_say_comes_from_the_reference_rules(run_cli, nutrient, said, flat):
    text = flat(_section(run_cli("why", nutrient, "--format", "markdown").stdout, "## What the references say"))
    assert all(s in text for s in said), text
    assert "REF-IOM-20" in text


def test_what_the_references_say_gives_a_persons_own_intake_and_limit(run_cli, flat):
    text = flat(_section(run_cli("why", "calcium", *PRE50, "--format", "markdown").stdout,
                         "## What the references say"))
    assert "Yours: 1000 mg a day, the recommended dietary allowance (RDA)" in text
    assert "Yours is 2500 mg a day" in text
