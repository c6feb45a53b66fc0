"""One zh-Hant word per thing: the word words.yaml gives a medication or condition (what the echo and
the headings show) is the word its own warnings use. A reader told they take 狄戈辛 and warned about
狄高辛, or listed with 骨質缺乏 and warned about 骨量減少, reads two things where there is one.

Checked as far as data can tell, for each id whose word is made of names rules/vocabulary.yaml lists for
it (狄戈辛 of 狄戈辛（digoxin）; 骨質疏鬆症 and 骨質缺乏 of 骨質疏鬆症或骨質缺乏; a class described in words, such as
酵素誘導型抗癲癇藥, is not a name, and its members are examples): every term of the word stands in the
zh-Hant text of each rule that tests the id, and no other Chinese name of the id stands there but inside
an example (如…) or a gloss (（…）)."""

from __future__ import annotations

import re

import pytest
import yaml

CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
JOINERS = re.compile(r"或|及|與|、")  # 骨質疏鬆症或骨質缺乏: two terms


def _rules(kb):
    for path in sorted(kb.rules_dir.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            for rule in data.get("rules") or []:
                yield path.name, rule


def _zh_texts(node, zh=False):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _zh_texts(value, zh or key == "zh-Hant")
    elif isinstance(node, list):
        for value in node:
            yield from _zh_texts(value, zh)
    elif isinstance(node, str) and zh:
        yield node


def _terms(word: str) -> list[str]:
    head = re.sub(r"（[^）]*）", "", word)  # 狄戈辛（digoxin）: the gloss is not the term
    return [t for part in JOINERS.split(head) for t in CJK_RUN.findall(part) if len(t) > 1]


def _tests(rule: dict, ident: str) -> bool:
    return re.search(rf"\b{re.escape(ident)}\b", yaml.safe_dump(rule.get("when"))) is not None


def _cases(kb):
    vocabulary = yaml.safe_load((kb.rules_dir / "vocabulary.yaml").read_text(encoding="utf-8"))
    words = yaml.safe_load((kb.explanations_dir / "zh-Hant" / "words.yaml").read_text(encoding="utf-8"))["values"]
    for kind in ("medications", "conditions"):
        for ident, names in vocabulary[kind].items():
            texts = [t for _, rule in _rules(kb) if _tests(rule, ident) for t in _zh_texts(rule.get("then"))]
            chinese = [n for n in names if CJK_RUN.fullmatch(n)]
            if _terms(words[ident]) and all(term in chinese for term in _terms(words[ident])):
                yield ident, words[ident], chinese, texts


def _problems(ident: str, word: str, names: list[str], texts: list[str]) -> list[str]:
    terms = _terms(word)
    problems = []
    for text in texts:
        problems += [f"{ident}: {term!r} (words.yaml) is not in its warning {text[:30]!r}…"
                     for term in terms if term not in text]
        plain = re.sub(r"如[^，。：；）]*|（[^）]*）", "", text)  # examples and glosses may name members
        for term in terms:
            plain = plain.replace(term, "§")
        problems += [f"{ident}: its warning calls it {name!r}, words.yaml {word!r}"
                     for name in names if name in plain and not any(name in t or t in name for t in terms)]
    return problems


def test_each_medication_and_condition_has_one_word(kb):
    cases = list(_cases(kb))
    assert {"digoxin", "low_bone_density"} <= {ident for ident, *_ in cases}
    problems = [p for case in cases for p in _problems(*case)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("word", "text", "found"), [
    ("毛地黃（digoxin）", "您正在服用狄高辛（digoxin）：血鈣過高會增加狄高辛中毒的風險", "is not in its warning"),
    ("狄戈辛（digoxin）", "您正在服用狄戈辛（digoxin），狄高辛中毒", "its warning calls it '狄高辛'"),
    ("骨質疏鬆症或骨質缺乏", "您患有骨質疏鬆症或骨量減少", "is not in its warning"),
    ("狄戈辛（digoxin）", "您正在服用狄戈辛（digoxin）：血鈣過高", None),
])
def test_the_check_finds_two_words_for_one_thing(word, text, found):
    problems = _problems("x", word, ["狄高辛", "毛地黃", "骨量減少"], [text])
    assert any(found in p for p in problems) if found else not problems, problems
