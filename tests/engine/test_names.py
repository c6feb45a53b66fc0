"""engine.names: medication and condition names as people write them, driven by the vocabulary.

Every name rules/vocabulary.yaml lists is tried with the decorations people add (strength, dose
form, salt, brand in parentheses, stage, qualifier, case and spacing), so a name added to the
vocabulary is tested without new code. A name not recognised is a warning the person sees, in
every output, with the closest names; it is never matched by similarity."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from bonekb.engine.knowledge import shipped_root
from bonekb.engine.names import NameReader

VOCABULARY = yaml.safe_load((shipped_root() / "rules" / "vocabulary.yaml").read_text(encoding="utf-8"))
CJK = re.compile(r"[\u4e00-\u9fff]")


def _names(kind: str) -> list[tuple[str, str, list[str]]]:
    return [(ident, name, names) for ident, names in VOCABULARY[kind].items() for name in names]


def _medication_variants(name: str, others: list[str]) -> list[str]:
    if CJK.search(name):
        return [f"{name}5毫克", f"{name} 5 毫克", f"{name}錠", f"{name}膠囊", f"{name}鈉", f"  {name} ",
                f"{name}（{others[0]}）"]
    return [name.upper(), f"  {name}   ", f"{name} 5 mg", f"{name} 5mg", f"{name} 0.5 mg tablet", f"{name} sodium",
            f"{name} hydrochloride 10 mg", f"{name} ER", f"{name} 20 mg extended-release capsules",
            f"{name} ({others[0]})", f"{others[-1]} ({name} 5 mg)", f"{name}/{others[0]}", f"{name.title()} Tablets"]


def _condition_variants(name: str) -> list[str]:
    if CJK.search(name):
        return [f"{name}第三期", f"{name}第3期", f"{name} 3期", f"輕度{name}", f"嚴重{name}"]
    return [name.upper(), f"{name} stage 3", f"stage 3 {name}", f"{name}, stage IIIb", f"mild {name}",
            f"severe {name}", f"history of {name}", f"{name} (stage 4)", f" {name.title()}  Stage 2 "]


@pytest.fixture(scope="module")
def readers(kb):
    return {kind: NameReader(kb.vocabulary, kind) for kind in ("medications", "conditions")}


@pytest.mark.parametrize(("ident", "name", "others"), [pytest.param(*n, id=n[1]) for n in _names("medications")])
def test_every_medication_name_is_recognised_as_people_write_it(readers, ident, name, others):
    for written in [name, *_medication_variants(name, others)]:
        reading = readers["medications"].read(written)
        assert reading.ids == (ident,) and not reading.not_recognised, (written, reading)


@pytest.mark.parametrize(("ident", "name", "others"), [pytest.param(*n, id=n[1]) for n in _names("conditions")])
def test_every_condition_name_is_recognised_with_stages_and_qualifiers(readers, ident, name, others):
    for written in [name, *_condition_variants(name)]:
        reading = readers["conditions"].read(written)
        assert reading.ids == (ident,) and not reading.not_recognised, (written, reading)


@pytest.mark.parametrize(("written", "ident"), [
    ("warfarin sodium", "vitamin_k_antagonist"), ("warfarin 5 mg", "vitamin_k_antagonist"),
    ("Coumadin 5mg", "vitamin_k_antagonist"), ("warfarin (Coumadin)", "vitamin_k_antagonist"),
    ("華法林鈉錠 5毫克", "vitamin_k_antagonist"), ("华法林", "vitamin_k_antagonist"),
    ("alendronate sodium 70 mg once weekly", "bisphosphonate"), ("阿仑膦酸钠", "bisphosphonate"),
    ("doxycycline hyclate 100mg", "tetracycline"), ("Nexium 40 mg DR", "acid_reducer"),
])
def test_the_issues_medications(readers, written, ident):
    assert readers["medications"].read(written).ids == (ident,)


@pytest.mark.parametrize(("written", "ident"), [
    ("CKD stage 3", "chronic_kidney_disease"), ("stage 3 chronic kidney disease", "chronic_kidney_disease"),
    ("CKD 3b", "chronic_kidney_disease"), ("慢性腎臟病第三期", "chronic_kidney_disease"),
    ("慢性肾脏病3期", "chronic_kidney_disease"), ("end-stage kidney disease", "chronic_kidney_disease"),
    ("osteoporosis", "low_bone_density"), ("postmenopausal osteoporosis", "low_bone_density"),
    ("osteopenia", "low_bone_density"), ("骨質疏鬆症", "low_bone_density"), ("骨质疏松", "low_bone_density"),
])
def test_the_issues_conditions(readers, written, ident):
    assert readers["conditions"].read(written).ids == (ident,)


@pytest.mark.parametrize("written", ["warfarin banana", "wafarin", "warfarinx", "war farin pill blue", "5 mg",
                                     "tablet", "Zorblax 5 mg", "vitamin k", "coumadin plus"])
def test_a_name_is_never_matched_by_similarity(readers, written):
    reading = readers["medications"].read(written)
    assert reading.ids == () and reading.not_recognised == (written.strip(),)


def test_a_part_not_recognised_is_reported_beside_one_that_is(readers):
    reading = readers["medications"].read("warfarin / frobnazol 10 mg")
    assert reading.ids == ("vitamin_k_antagonist",) and reading.not_recognised == ("frobnazol 10 mg",)


@pytest.mark.parametrize(("kind", "written", "suggested"), [
    ("medications", "wafarin", "warfarin"), ("medications", "levothyroxin", "levothyroxine"),
    ("medications", "cumadin", "coumadin"), ("conditions", "osteoprosis", "osteoporosis"),
    ("conditions", "kidny stones", "kidney stones"), ("medications", "華法琳", "華法林"),
])
def test_a_misspelt_name_suggests_the_right_one(readers, kind, written, suggested):
    assert readers[kind].closest_names(written)[0] == suggested


def test_a_made_up_name_suggests_nothing(readers):
    assert readers["medications"].closest_names("Zorblax") == []


# --- through the CLI: recognised names withhold; an unrecognised one is a warning everywhere ----

@pytest.mark.parametrize("name", ["warfarin sodium", "warfarin 5 mg", "Coumadin 5mg", "warfarin (Coumadin)"])
def test_warfarin_as_written_withholds_vitamin_k(run_cli, name):
    data = run_cli.json("recommend", "--age", "40", "--medication", name)
    assert data["profile"]["medications"] == ["vitamin_k_antagonist"]
    assert data["profile"]["unrecognised"] == {}
    assert not {r["nutrient"] for r in data["recommendations"]} & {"k1", "k2"}
    assert any(w["code"] == "interaction-warfarin-vitamin-k" for w in data["warnings"])


def test_ckd_with_its_stage_withholds_calcium_and_d3(run_cli):
    data = run_cli.json("recommend", "--age", "40", "--condition", "CKD stage 3")
    assert data["profile"]["conditions"] == ["chronic_kidney_disease"]
    assert not {r["nutrient"] for r in data["recommendations"]} & {"calcium", "d3"}


def test_names_as_written_in_a_yaml_profile(run_cli, tmp_path):
    path = tmp_path / "me.yaml"
    path.write_text('age: 70\nsex: female\nmedications: ["Coumadin 5mg", "warfarin (Coumadin)"]\n'
                    'conditions: [CKD stage 3, osteoporosis]\ntaking: ["vitamin D2 50,000 IU"]\n', encoding="utf-8")
    data = run_cli.json("recommend", str(path))
    assert data["profile"]["medications"] == ["vitamin_k_antagonist"]
    assert data["profile"]["conditions"] == ["chronic_kidney_disease", "low_bone_density"]
    assert data["profile"]["unrecognised"] == {} and data["recommendations"] == []
    assert any(w["code"] == "above-upper-limit" and w["nutrients"] == ["d3"] for w in data["warnings"])


def test_osteoporosis_is_recognised_with_a_cited_note(run_cli):
    data = run_cli.json("recommend", "--age", "66", "--sex", "female", "--condition", "osteoporosis")
    assert data["profile"]["conditions"] == ["low_bone_density"] and data["profile"]["unrecognised"] == {}
    [warning] = [w for w in data["warnings"] if w["code"] == "condition-osteoporosis"]
    assert warning["severity"] == "info" and warning["rule"] == "condition.osteoporosis" and warning["sources"]
    assert {r["nutrient"] for r in data["recommendations"]} >= {"calcium", "d3"}  # no advice invented


CONTRACT_WARNING_KEYS = {"code", "severity", "nutrients", "rule", "sources", "message"}


def _not_recognised(warnings: list[dict]) -> list[dict]:
    found = [w for w in warnings if w["code"] == "name-not-recognised"]
    for w in found:
        assert set(w) >= CONTRACT_WARNING_KEYS and w["rule"] == "names.not-recognised" and w["sources"]
        assert w["severity"] == "caution"
    return found


def test_an_unrecognised_name_is_a_warning_in_json_and_text(run_cli):
    args = ("recommend", "--age", "40", "--medication", "wafarin", "--condition", "Zorblax syndrome")
    found = _not_recognised(run_cli.json(*args)["warnings"])
    assert len(found) == 2
    assert "wafarin" in found[0]["message"] and "did you mean warfarin?" in found[0]["message"]
    assert "not checked for interactions" in found[0]["message"]
    assert "Zorblax syndrome" in found[1]["message"] and "did you mean" not in found[1]["message"]
    text = run_cli(*args).stdout
    assert "names.not-recognised" in text and "did you mean warfarin?" in text  # its rule, in the trace
    assert "name-not-recognised" not in text  # never its code
    zh = run_cli.json(*args, "--lang", "zh-Hant")
    assert any("您是指" in w["message"] and "warfarin" in w["message"] for w in _not_recognised(zh["warnings"]))


def test_an_unrecognised_name_is_in_the_handout(run_cli):
    for fmt in ("markdown", "html"):
        out = run_cli("explain", "--age", "40", "--medication", "wafarin", "--format", fmt).stdout
        assert "wafarin" in out and "did you mean warfarin?" in out, fmt


def test_an_unrecognised_name_is_a_warning_in_batch_output(run_cli, tmp_path):
    source = tmp_path / "people.csv"
    source.write_text("age,medications,conditions\n40,warfarin sodium 5 mg; wafarin,CKD stage 3\n", encoding="utf-8")
    output = tmp_path / "out.jsonl"
    assert run_cli("batch", str(source), "-o", str(output)).exit_code == 0
    [row] = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    # 'wafarin' is not recognised, and read as possibly a vitamin K antagonist on the safe side
    assert row["profile"]["medications"] == ["vitamin_k_antagonist", "possible_vitamin_k_antagonist"]
    assert row["profile"]["conditions"] == ["chronic_kidney_disease"]
    [warning] = _not_recognised(row["warnings"])
    assert "did you mean warfarin?" in warning["message"]


def test_a_name_with_control_characters_is_shown_escaped(run_cli):
    data = run_cli.json("recommend", "--age", "40", "--medication", "zorb\x1b[31mlax")
    [warning] = _not_recognised(data["warnings"])
    assert "\x1b" not in warning["message"] and "\\x1b" in warning["message"]


def test_an_overlong_name_is_refused_in_one_line(run_cli):
    result = run_cli("recommend", "--age", "40", "--medication", "w" * 30000)
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert "medications" in line and "too long" in line and len(line) < 300


@pytest.mark.parametrize(("written", "idents"), [
    ("warfarin and levothyroxine", ("vitamin_k_antagonist", "levothyroxine")),
    ("Warfarin AND digoxin 0.125 mg", ("vitamin_k_antagonist", "digoxin")),
    ("warfarin + levothyroxine", ("vitamin_k_antagonist", "levothyroxine")),
    ("華法林和左旋甲狀腺素", ("vitamin_k_antagonist", "levothyroxine")),
    ("華法林與狄高辛", ("vitamin_k_antagonist", "digoxin")),
    ("华法林与地高辛", ("vitamin_k_antagonist", "digoxin")),
    ("華法林、左旋甲狀腺素", ("vitamin_k_antagonist", "levothyroxine")),
])
def test_and_separates_names_like_a_comma(readers, written, idents):
    reading = readers["medications"].read(written)
    assert reading.ids == idents and not reading.not_recognised, reading


def test_and_inside_a_word_does_not_split_it(readers):
    assert readers["medications"].read("Sandoz warfarin").not_recognised == ("Sandoz warfarin",)
    reading = readers["medications"].read("candesartan and warfarin")
    assert reading.ids == ("vitamin_k_antagonist",) and reading.not_recognised == ("candesartan",)


@pytest.mark.parametrize("written", ["Coumadin®", "Coumadin ®", "Coumadin™ 5 mg", "Jantoven® (warfarin)"])
def test_a_trademark_sign_is_set_aside(readers, written):
    reading = readers["medications"].read(written)
    assert reading.ids == ("vitamin_k_antagonist",) and not reading.not_recognised, reading


@pytest.mark.parametrize(("kind", "written", "ident"), [
    ("conditions", "dialysis", "chronic_kidney_disease"), ("conditions", "haemodialysis", "chronic_kidney_disease"),
    ("conditions", "peritoneal dialysis", "chronic_kidney_disease"), ("conditions", "ESRD", "chronic_kidney_disease"),
    ("conditions", "end-stage renal disease", "chronic_kidney_disease"),
    ("conditions", "CKD3b", "chronic_kidney_disease"),
    ("conditions", "CKD 4", "chronic_kidney_disease"), ("conditions", "洗腎", "chronic_kidney_disease"),
    ("conditions", "血液透析", "chronic_kidney_disease"), ("conditions", "末期腎病", "chronic_kidney_disease"),
    ("conditions", "腎結石病史", "kidney_stones"), ("conditions", "renal stones", "kidney_stones"),
    ("conditions", "sarcoid", "granulomatous_disease"), ("conditions", "高血鈣", "hypercalcaemia"),
    ("medications", "blood thinners", "anticoagulant_unspecified"),
    ("medications", "抗凝血劑", "anticoagulant_unspecified"), ("medications", "可化凝", "vitamin_k_antagonist"),
    ("medications", "Marcoumar", "vitamin_k_antagonist"),
])
def test_the_testers_names(readers, kind, written, ident):
    assert readers[kind].read(written).ids == (ident,)


def test_a_blood_thinner_not_named_withholds_vitamin_k_as_warfarin_does(run_cli):
    data = run_cli.json("recommend", "--age", "60", "--sex", "male", "--medication", "blood thinner")
    assert data["profile"]["unrecognised"] == {}
    assert any(w["code"] == "interaction-anticoagulant-unspecified-vitamin-k" and w["severity"] == "avoid"
               for w in data["warnings"])
    assert not {r["nutrient"] for r in data["recommendations"]} & {"k1", "k2"}


def test_warfarin_and_levothyroxine_in_one_value_warn_of_both(run_cli):
    data = run_cli.json("recommend", "--age", "60", "--medication", "warfarin and levothyroxine")
    codes = {w["code"] for w in data["warnings"]}
    assert {"interaction-warfarin-vitamin-k", "interaction-levothyroxine-calcium"} <= codes
    assert not {r["nutrient"] for r in data["recommendations"]} & {"k1", "k2"}


@pytest.mark.parametrize(("option", "written", "fact"), [
    ("--condition", "pregnant", "pregnant"), ("--condition", "Pregnancy", "pregnant"),
    ("--condition", "懷孕", "pregnant"), ("--condition", "breastfeeding", "breastfeeding"),
    ("--condition", "哺乳", "breastfeeding"), ("--medication", "breast-feeding", "breastfeeding"),
])
def test_a_profile_fact_given_as_a_name_is_refused_in_one_line(run_cli, option, written, fact):
    result = run_cli("recommend", "--age", "30", "--sex", "female", option, written)
    assert result.exit_code == 2 and "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and f"--{fact}" in lines[0] and repr(written) in lines[0], result.output


def test_a_profile_fact_inside_a_longer_name_is_not_refused(run_cli):
    data = run_cli.json("recommend", "--age", "30", "--sex", "female", "--condition", "pregnancy diabetes")
    assert data["profile"]["unrecognised"] == {"conditions": ["pregnancy diabetes"]}
