"""A question that cannot be read is refused in the language ask answers in (--lang, else the
question's own), with examples written in that script, from the language's catalog
(explanations/<lang>/refusals.yaml): still one line, exit 2. The English refusals are the lines they
were, byte for byte.

What a tester found: `bonekb ask --lang zh-Hans "我每天吃五千五国际单位"` was refused in English, with
traditional-Chinese examples (一萬五千)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bonekb.engine.knowledge import shipped_root
from bonekb.engine.languages import declared_languages

# Characters of one script that the other writes differently, as the refusals use them.
TRADITIONAL_ONLY = set("萬國際單個與讀數問題無這寫範圍劑藥醫護歲沒帶營養應兩後時間請說")
SIMPLIFIED_ONLY = set("万国际单个与读数问题无这写范围剂药医护岁没带营养应两后时间请说")
# What the refusal quotes from the question stands in '…': the person's own words, in their script.
QUOTED = re.compile(r"'[^']*'")

# The English lines as the code before this change wrote them (each checked against it).
ENGLISH = {
    "is 1000-2000 IU of D3 enough?":
        "bonekb: QUESTION: '1000-2000 iu' is a range; accepted: the one amount taken a day, e.g. '1000 IU'",
    "is -500 IU of D3 too much?":
        "bonekb: QUESTION: '-500 iu' is negative; accepted: the amount taken a day, e.g. '1000 IU'",
    "I used to take 5000 IU of D3, now 2000 IU, too much?":
        "bonekb: QUESTION: 'D3 5000 IU' and 'D3 2000 IU' are two amounts of one nutrient (one before, one now?); "
        "accepted: the one amount taken now a day",
    "is five thousand IU of D3 too much?":
        "bonekb: QUESTION: 'five thousand iu' writes its number in words or as a fraction, so it was not used; "
        "accepted: the number in digits, e.g. '5000 IU', '5k IU' or '0.5 g'",
    "is D3 5000 too much?":
        "bonekb: QUESTION: '5000' has no unit, so it was not used; accepted: the amount with its unit, "
        "e.g. 'D3 5000 IU' or '鈣 1200 毫克'",
    "is 2 tablets of D3 1000 IU too much?":
        "bonekb: QUESTION: '2 tablets' with 'D3 1000 IU' does not say whether 1000 IU is each one's or all of "
        "them; accepted: the amount a day in all, e.g. 'D3 2000 IU' if each is 1000 IU",
    "how much d3 for my baby":
        "bonekb: QUESTION: 'baby' gives no age, and the rules cover from age 4 (a younger child's doctor or "
        "nurse should advise); accepted: the age in the question, e.g. 'a 6 month old' or 'a 3 year old'",
    "is D3 or K2 too much? I'm taking 125 mcg":
        "bonekb: QUESTION: '125 mcg' does not say which nutrient it is of; accepted: the amount beside its "
        "nutrient, e.g. 'taking 125 mcg of D3'",
    # (Eliquis, a DOAC, is now a name bonekb knows as outside its sources: its strength is the drug's)
    "I take Brilinta 90 mg, how much K2?":
        "bonekb: QUESTION: 'Brilinta' is not a name bonekb knows (no supplement brand, nutrient or medication "
        "it lists), so '90 mg' was not used; accepted: the nutrient with its amount, e.g. 'calcium 600 mg', or "
        "a medication's name without its strength",
    "I take warfarin and 1000 IU, how much D3?":
        "bonekb: QUESTION: '1000 iu' stands after 'warfarin' in its clause, so it may be that medication's "
        "strength: it was not read as a nutrient taken; accepted: the amount right beside its nutrient, e.g. "
        "'D3 1000 IU' or '1000 IU of D3', or a medication's name without its strength",
    "is 5000 IUs of D3 too much":
        "bonekb: QUESTION: 'ius' after '5000' is not a unit bonekb reads, so the amount was not used; accepted "
        "units: mg, 毫克, g, gram, 克, ug, μg, mcg, 微克, iu, i.u., i.u, 國際單位, 国际单位, e.g. 'D3 5000 IU'",
    "what about 42?":
        "bonekb: QUESTION: '42' was not understood, so it was not used; accepted: an age ('80 year old', "
        "'aged 80', '80歲'), an amount with its unit ('D3 5000 IU')",
    "こんにちは D3":
        "bonekb: QUESTION: is written in hiragana letters, which no language of this knowledge base is written "
        "in; accepted: a question in English (en) or 繁體中文 (zh-Hant) or 简体中文 (zh-Hans)",
    "D3五千五國際單位太多嗎":  # a Chinese question with --lang en: the English line, as before
        "bonekb: QUESTION: '五千五' is not read as one number; accepted: digits (5000) or numerals written in "
        "full (五千, 一萬五千)",
}
# Chinese questions each refusal reads, written as people write them in each script.
CHINESE = {
    "zh-Hant": ["我每天吃五千五國際單位", "D3 1萬5千國際單位太多嗎", "D3一千到兩千國際單位夠嗎", "鈣1200夠嗎",
                "每天吃2顆D3 1000國際單位會太多嗎", "寶寶要吃多少D3",
                "我以前吃五千國際單位D3，現在吃兩千國際單位，太多嗎？"],
    "zh-Hans": ["我每天吃五千五国际单位", "D3 1万5千国际单位太多吗", "D3一千到两千国际单位够吗", "钙1200够吗",
                "每天吃2颗D3 1000国际单位会太多吗", "宝宝该吃多少维生素D3",
                "我以前吃五千国际单位D3，现在吃两千国际单位，太多吗？"],
}


def _one_line(result) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output[-300:])
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_the_testers_question_is_refused_in_simplified_chinese(run_cli):
    line = _one_line(run_cli("ask", "--lang", "zh-Hans", "我每天吃五千五国际单位"))
    assert line == ("bonekb: 问题：'五千五' 无法读成一个数字；"
                    "可接受：阿拉伯数字（5000）或完整写出的汉字数字（五千、一万五千）")


@pytest.mark.parametrize("lang", [lang for lang in CHINESE if lang in declared_languages()])
def test_a_chinese_question_is_refused_in_its_language_and_script(run_cli, lang):
    """Without --lang, in the question's own language; with --lang, in that one: the refusal's words
    are the language's (no English word of a refusal), its examples in its script."""
    other = (TRADITIONAL_ONLY if lang == "zh-Hans" else SIMPLIFIED_ONLY) - (SIMPLIFIED_ONLY & TRADITIONAL_ONLY)
    field = "问题" if lang == "zh-Hans" else "問題"
    for question in CHINESE[lang]:
        for args in (("ask", question), ("ask", "--lang", lang, question)):
            line = _one_line(run_cli(*args))
            assert line.startswith(f"bonekb: {field}："), (args, line)
            words = QUOTED.sub(" ", line.removeprefix("bonekb: "))
            assert not re.search(r"\b(?:accepted|is|not|the|amount|question)\b", words), (args, line)
            assert not set(words) & other, (args, line, sorted(set(words) & other))


@pytest.mark.parametrize(("question", "line"), sorted(ENGLISH.items()))
def test_the_english_refusals_are_the_lines_they_were(run_cli, question, line):
    assert _one_line(run_cli("ask", "--lang", "en", question)) == line
    if question.isascii() or question.startswith("こ"):  # an English question: in English without --lang too
        assert _one_line(run_cli("ask", question)) == line


def test_a_question_of_another_script_is_refused_in_the_language_asked_for(run_cli):
    """Its own language cannot be told (kana): English, unless --lang names one."""
    assert _one_line(run_cli("ask", "こんにちは D3")).startswith("bonekb: QUESTION: ")
    line = _one_line(run_cli("ask", "--lang", "zh-Hant", "こんにちは D3"))
    assert line.startswith("bonekb: 問題：") and "English (en)、繁體中文 (zh-Hant)" in line


def _catalog(lang: str) -> dict[str, str]:
    path = shipped_root() / "explanations" / lang / "refusals.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["text"]["refusals"]


def test_every_refusal_is_worded_in_every_language_and_named_in_the_code():
    """Each key of the catalogs is said by the code (none left to drift unseen), and every language
    words each one (the audit's M003 also compares their placeholders)."""
    keys = {lang: set(_catalog(lang)) for lang in declared_languages()}
    assert len({frozenset(k) for k in keys.values()}) == 1, keys
    code = "\n".join(p.read_text(encoding="utf-8") for folder in ("engine", "cli")
                     for p in (shipped_root() / folder).rglob("*.py"))
    named = set(re.findall(r'refusal\(\s*f?"([a-z_{}.]+)"', code))
    assert "line" in named and 'refusal(f"field_' in code  # the field's name: field_question
    unused = {k for k in keys["en"] - named if not k.startswith("field_") and k != "or"}
    assert not unused, unused


def test_a_refusal_loads_its_catalog_only_when_refusing(tmp_path):
    """Start-up: answering imports no refusal code; refusing does (and says it in the question's language)."""
    run = ("import json, sys\nfrom bonekb.cli.main import main\nsys.argv = ['bonekb', *json.loads(sys.argv[1])]\n"
           "try:\n    main()\nexcept SystemExit:\n    pass\n"
           "print('\\n' + json.dumps(sorted(sys.modules)), file=sys.stderr)\n")
    env = {**os.environ, "BONEKB_CACHE_DIR": str(tmp_path / "cache")}

    def modules(*args: str) -> tuple[set[str], str]:
        done = subprocess.run([sys.executable, "-c", run, json.dumps(args)], capture_output=True, text=True,
                              env=env, check=False)
        *said, last = done.stderr.strip().splitlines()
        return set(json.loads(last)), "\n".join(said)

    modules("ask", "钙要吃多少？")  # fills the cache
    answered, _ = modules("ask", "钙要吃多少？")
    assert "bonekb.engine.refusals" not in answered
    refused, said = modules("ask", "我每天吃五千五国际单位")
    assert "bonekb.engine.refusals" in refused and said.startswith("bonekb: 问题：")


def test_the_catalog_files_are_where_the_other_catalogs_are():
    for lang in declared_languages():
        assert (Path(shipped_root()) / "explanations" / lang / "refusals.yaml").is_file()


@pytest.mark.parametrize("lang", [lang for lang in CHINESE if lang in declared_languages()])
def test_every_example_a_chinese_refusal_gives_is_read(run_cli, lang):
    """What a refusal offers as accepted is read by ask: each example of the catalog (「…」, without
    a $placeholder), in a question about the nutrient it may be of."""
    examples = {e for text in _catalog(lang).values() for e in re.findall(r"「([^」$]*)」", text)}
    assert len(examples) >= 8
    for example in sorted(examples):
        about = "D3" if re.search("國際單位|国际单位", example) else ("鈣" if lang == "zh-Hant" else "钙")
        result = run_cli("ask", "--lang", lang, "--format", "json", f"{example}，{about}要吃多少？")
        assert result.exit_code == 0, (example, result.output[-300:])
        facts = json.loads(result.stdout)["facts"]
        assert facts.get("taking") or "age" in facts, (example, facts)
