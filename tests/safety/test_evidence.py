"""Issue 12: the knowledge says what the references say of the article's mechanisms and research.

Item 2: bonekb's own sentences state the references' mechanisms (D3 raises absorption, not blood
calcium; vitamin K, K1 as well as K2, activates osteocalcin, which binds calcium in bone; K1's main
role is clotting factors made in the liver). Item 3: every mechanism and evidence claim carries a
verdict with reference ids, and `claims list` shows it. Items 4 and 9: the evidence notes on the
children's row, REF-THEUWISSEN-2013 and REF-TAI-2015 say what those sources found.
"""

from __future__ import annotations

import re

import pytest
import yaml

from bonekb.engine.knowledge import shipped_root

RULES_DIR = shipped_root() / "rules"
VERDICTS = {"supported", "mixed", "overstated", "unsupported", "contradicted"}


def _own_lines(text: str) -> list[str]:
    """The lines of an explanation that are bonekb's own words: paragraphs quoting the article
    (“...” [ID]) are left out, since the article's wording is quoted, not endorsed."""
    paragraphs = re.split(r"\n\s*\n", text)
    return [p for p in paragraphs if "“" not in p and "「" not in p]


# --- item 2: mechanisms in bonekb's own words ---------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_why_d3_says_d3_raises_absorption_not_blood_calcium(run_cli, lang):
    out = run_cli("why", "d3", "--lang", lang).stdout
    own = " ".join(_own_lines(out))
    assert not re.search(r"D3 raises the calcium|raises blood calcium|D3提高血鈣|D3會提高血鈣", own)
    words = ("absorb", "parathyroid hormone") if lang == "en" else ("吸收", "副甲狀腺素")
    assert all(word in own for word in words)


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_the_d3_without_k2_warning_speaks_of_absorption(evaluator, lang):
    result = evaluator.evaluate({"age": 40, "sex": "male", "taking": ["D3 1000 IU"]})
    (warning,) = [w for w in result.warnings if w.code == "d3-without-k2"]
    text = warning.message[lang]
    assert ("absorb" in text) if lang == "en" else ("吸收" in text)
    assert not re.search(r"raises the calcium in your blood|提高血鈣", text)
    assert "REF-ODS-D" in warning.sources


@pytest.mark.parametrize("lang, words", [
    ("en", ["K1 as well as K2", "binds calcium in the bone matrix"]),
    ("zh-Hant", ["K1與K2皆然", "在骨基質中與鈣結合"]),
])
def test_why_k2_gives_vitamin_k_the_role_and_osteocalcin_binding(run_cli, lang, words):
    """bonekb's own account of K2 (the handout's "why each one"; `why` gives it as the references'
    view) says vitamin K, K1 as well as K2, activates osteocalcin, which binds calcium in bone."""
    for command in (("explain",), ("why", "k2")):
        own = " ".join(_own_lines(run_cli(*command, "--lang", lang).stdout)).replace("\n", " ")
        if command == ("explain",):
            assert all(word in own for word in words), command
        assert "carries calcium from the blood" not in own
        assert "把血液中的鈣運送到骨基質" not in own


@pytest.mark.parametrize("lang, words", [("en", ["clotting factors", "liver"]), ("zh-Hant", ["凝血因子", "肝臟"])])
def test_why_k1_gives_k1s_main_role_in_clotting(run_cli, lang, words):
    own = " ".join(_own_lines(run_cli("explain", "--lang", lang).stdout)).replace("\n", " ")
    assert all(word in own for word in words)
    assert "REF-ODS-K" in own
    lead = run_cli("why", "k1", "--lang", lang).stdout.split("\n\n")[1].replace("\n", " ")
    assert ("liver" in lead and "clot" in lead) if lang == "en" else ("肝臟" in lead and "凝固" in lead)


# --- item 3: a verdict on every mechanism and evidence claim -------------------------------------

def test_every_mechanism_and_evidence_claim_has_a_verdict_with_known_references(kb):
    references = {r["id"] for r in yaml.safe_load((RULES_DIR / "references.yaml").read_text())["references"]}
    for claim in kb.claims.values():
        if claim["kind"] not in ("mechanism", "evidence"):
            continue
        evidence = claim.get("evidence")
        assert evidence, f"{claim['id']} has no verdict"
        assert evidence["verdict"] in VERDICTS
        assert evidence["references"] and set(evidence["references"]) <= references
        for lang in ("en", "zh-Hant"):
            cited = set(re.findall(r"REF-[A-Z0-9-]+[A-Z0-9]", evidence["summary"][lang]))
            assert cited <= set(evidence["references"]), (claim["id"], lang, cited)


@pytest.mark.parametrize("claim_id", ["D3-2", "K2-1", "K2-2", "K2-3", "K1-2", "K1-3", "K1-4"])
def test_the_issues_claims_have_evidence(kb, claim_id):
    assert kb.claims[claim_id].get("evidence", {}).get("verdict") in VERDICTS


def test_k1_4s_kidney_stone_link_is_unsupported(kb):
    evidence = kb.claims["K1-4"]["evidence"]
    assert evidence["verdict"] == "unsupported"
    assert "kidney stones" in evidence["summary"]["en"] and "腎結石" in evidence["summary"]["zh-Hant"]


def test_claims_list_shows_the_verdict(run_cli, kb):
    lines = run_cli("claims", "list").stdout.splitlines()
    assert lines[0].split()[:4] == ["id", "kind", "actionable", "verdict"]
    by_id = {line.split()[0]: line.split() for line in lines[2:]}
    for claim_id, claim in kb.claims.items():
        expected = (claim.get("evidence") or {}).get("verdict") or "-"
        assert by_id[claim_id][3] == expected, claim_id
    listed = {c["id"]: c["verdict"] for c in run_cli.json("claims", "list")}
    assert listed["K1-4"] == "unsupported" and listed["TEAM-1"] is None


@pytest.mark.parametrize("lang, summary_word", [("en", "kidney stones"), ("zh-Hant", "腎結石")])
def test_claims_show_gives_the_verdict_and_its_summary(run_cli, lang, summary_word):
    out = run_cli("claims", "show", "K1-4", "--lang", lang).stdout
    assert "evidence (unsupported; REF-ODS-K, REF-ODS-CA)" in out
    assert summary_word in out.split("evidence (")[1]


@pytest.mark.parametrize("lang, verdict_words", [("en", "the references do not support it"),
                                                  ("zh-Hant", "參考資料不支持")])
def test_why_k1_names_the_unsupported_claim_where_references_disagree(run_cli, lang, verdict_words):
    out = run_cli("why", "k1", "--lang", lang).stdout.replace("\n", " ")
    assert "K1-4" in out and verdict_words in out


# --- items 4 and 9: the evidence notes say what the sources found --------------------------------

def _knowledge_text() -> str:
    root = shipped_root()
    files = list((root / "rules").rglob("*.yaml")) + list((root / "explanations").rglob("*.j2"))
    return "\n".join(path.read_text(encoding="utf-8") for path in files)


def test_the_childrens_row_note_puts_the_disagreement_on_the_9_13_calcium_total(kb):
    summary = kb.claims["TABLE-CHILD"]["evidence"]["summary"]
    assert "1300 mg RDA for ages 9–13" in summary["en"]
    assert "does not contradict it" in summary["en"] and "並不與之相悖" in summary["zh-Hant"]
    assert "is below the 600 IU RDA" not in summary["en"] and "低於 600 國際單位" not in summary["zh-Hant"]
    assert "at or above the 10–20 µg" in summary["en"] and "等於或高於每日 10–20 微克" in summary["zh-Hant"]


def test_no_text_says_15_30_ug_of_k2_is_above_10_20_ug():
    assert not re.search(r"15–30 µg of K2 is above|15–30 微克的 K2 高於", _knowledge_text())


def test_theuwissen_is_stated_as_15_volunteers_on_acenocoumarol(kb):
    text = _knowledge_text()
    assert "40–60%" not in text and "40–60 %" not in text
    dose3 = kb.claims["DOSE-3"]["evidence"]["summary"]
    assert "15 healthy volunteers" in dose3["en"] and "acenocoumarol" in dose3["en"]
    assert "at least 40%" in dose3["en"] and "20 µg in 60%" in dose3["en"]
    assert "15 名" in dose3["zh-Hant"] and "至少 40%" in dose3["zh-Hant"]
    (ref,) = [r for r in yaml.safe_load((RULES_DIR / "references.yaml").read_text())["references"]
              if r["id"] == "REF-THEUWISSEN-2013"]
    assert "15 healthy volunteers on acenocoumarol" in ref["note"]


def test_tai_2015_ranges_are_given_per_source(kb):
    summary = kb.claims["CA-2"]["evidence"]["summary"]
    assert re.search(r"supplements raised bone mineral density by 0\.7–1\.8% at every site", summary["en"])
    assert re.search(r"calcium from food by 0\.6–1\.0% at the hip and total body", summary["en"])
    assert "鈣補充劑使各測量部位的骨密度增加 0.7–1.8%" in summary["zh-Hant"]
    assert "從食物增加鈣攝取則使髖部與全身骨密度增加 0.6–1.0%" in summary["zh-Hant"]
    assert "calcium from diet or supplements raised" not in _knowledge_text()


@pytest.mark.parametrize(("nutrient", "lang", "attributed"), [
    ("k2", "en", "in the article it places calcium"), ("k2", "zh-Hant", "文章認為它安置的是"),
    ("k1", "en", "In the article K1 is one member of the team"), ("k1", "zh-Hant", "文章把K1視為團隊的一員"),
])
def test_the_articles_team_roles_are_told_as_the_articles(run_cli, nutrient, lang, attributed):
    """K2 placing calcium and K1 guarding the gate are the article's picture, not the references'."""
    question = {"en": f"is {nutrient} enough on its own?", "zh-Hant": f"只吃{nutrient.upper()}就夠了嗎？"}[lang]
    out = run_cli("ask", question).stdout.replace("\n", " ")  # the "is it enough" answer tells the team roles
    assert attributed in out
