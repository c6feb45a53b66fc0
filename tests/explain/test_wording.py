"""Wording a reader meets: the article's own strength kept, side effects called side effects, no
amount said twice, Taiwan's drug names (the mainland forms still read as input), 您 not 你."""

from __future__ import annotations

import re

import pytest

TAIWAN_NAMES = {"tetracycline": ("去氧羥四環素", "多西環素"), "quinolone": ("賽普沙辛", "環丙沙星"),
                "enzyme_inducing_anticonvulsant": ("卡巴氮平", "卡馬西平"), "corticosteroid": ("普賴松", "潑尼松"),
                "orlistat": ("歐利司他", "奧利司他")}


def test_calcium_alone_keeps_the_articles_significantly_and_calls_constipation_a_side_effect(run_cli, flat):
    text = flat(run_cli("recommend", "--age", "50", "--taking", "calcium 500 mg").stdout)
    assert "too little to cut fractures significantly" in text
    assert "side effects such as constipation" in text and "end up as constipation" not in text


def test_how_much_says_each_amount_once(run_cli):
    lines = [line for line in run_cli("ask", "how much k2?", "--format", "markdown").stdout.splitlines()
             if line.startswith("- ") and "(supplement" in line]
    assert len(lines) >= 5
    for line in lines:
        amounts = re.findall(r"\d+–\d+ µg", line)
        assert len(amounts) == len(set(amounts)) == 1, line


@pytest.mark.parametrize(("medication", "names"), list(TAIWAN_NAMES.items()))
def test_taiwans_drug_names_are_written_and_both_forms_are_read(run_cli, medication, names):
    taiwan, mainland = names
    for name in (taiwan, mainland):
        data = run_cli.json("recommend", "--age", "40", "--medication", name, "--lang", "zh-Hant")
        assert data["profile"]["medications"] == [medication]
        messages = " ".join(w["message"] for w in data["warnings"])
        assert mainland not in messages
    if medication not in ("orlistat",):  # orlistat's message names it by its generic name only
        assert taiwan in messages, messages
    else:
        assert "歐利司他" in messages


def test_chinese_addresses_the_reader_as_nin(kb):
    quotes = {q for c in kb.claims.values() for q in c.get("quote", [])}
    folder = kb.explanations_dir / "zh-Hant"
    for path in sorted(p for p in [*folder.glob("*.j2"), folder / "words.yaml", folder / "pages.yaml"] if p.is_file()):
        text = path.read_text(encoding="utf-8")
        for quote in quotes:
            text = text.replace(quote, "")
        assert "你" not in text, path.name
