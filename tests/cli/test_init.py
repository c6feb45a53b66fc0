"""`bonekb init DIR`: a knowledge base that passes audit and test from the first minute (issue 13, item 4)."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bonekb.engine.errors import InputError
from bonekb.engine.knowledge import shipped_root
from bonekb.engine.starter import SCHEMA_COMMENT, schema_of

ROOT = Path(__file__).resolve().parents[2]
BONEKB = Path(sys.executable).parent / "bonekb"


def _tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def new_kb(tmp_path, run_cli) -> Path:
    """A knowledge base init wrote in English and Traditional Chinese (test_init_languages.py: the others)."""
    target = tmp_path / "mykb"
    result = run_cli("init", str(target), "--lang", "en", "--lang", "zh-Hant")
    assert result.exit_code == 0, result.output
    assert f"in {target}" in result.output
    return target


def test_init_writes_the_files_of_a_knowledge_base(new_kb):
    files = _tree(new_kb)
    for needed in ("rules/manifest.yaml", "rules/claims.yaml", "rules/source.txt", "rules/references.yaml",
                   "rules/facts.yaml", "rules/vocabulary.yaml", "rules/messages.yaml", "rules/advice.yaml",
                   "explanations/en/help.md.j2", "explanations/recommend.txt.j2", "explanations/en/words.yaml",
                   "explanations/zh-Hant/words.yaml", "scenarios/advice.yaml",
                   "schemas/rules.schema.json"):
        assert needed in files
    assert not [f for f in files if f.endswith(".py") or "__pycache__" in f]
    assert not [p for p in new_kb.parent.iterdir() if p.name.startswith(".mykb")], "the build folder is left behind"


def test_what_init_writes_passes_audit_and_test(new_kb, run_cli):
    audit = run_cli("--kb", str(new_kb), "audit")
    assert audit.exit_code == 0, audit.output
    assert audit.output.startswith("0 errors, 0 warnings, 0 info")
    tested = run_cli("--kb", str(new_kb), "test", "--require-coverage")
    assert tested.exit_code == 0, tested.output
    assert "scenarios: 3 passed, 0 failed" in tested.output
    assert "rule coverage: 4/4" in tested.output


def test_the_group_kb_option_is_the_commands_own(new_kb, run_cli):
    """`bonekb --kb DIR CMD` is `bonekb CMD --kb DIR`: the new knowledge base's rules, not the shipped ones."""
    listed = run_cli("--kb", str(new_kb), "rules", "list").output
    assert "advice.general" in listed and "table.adults" not in listed
    result = run_cli("--kb", str(new_kb), "recommend", "--age", "50", "--format", "json")
    assert result.exit_code == 0, result.output
    got = {r["nutrient"]: (r["min"], r["max"]) for r in json.loads(result.output)["recommendations"]}
    assert got == {"calcium": (600, 800), "d3": (800, 1000), "k2": (90, 120), "k1": (100, 150)}
    assert "table.adults" in run_cli("rules", "list").output


def test_a_mistake_in_the_new_knowledge_base_is_found(new_kb, run_cli):
    """The audit of an init'ed knowledge base can fail: a figure off its claim is a T007 error."""
    rules = new_kb / "rules" / "advice.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("min: 600, max: 800", "min: 600, max: 900"),
                     encoding="utf-8")
    audit = run_cli("--kb", str(new_kb), "audit")
    assert audit.exit_code == 1
    assert "T007" in audit.output and "advice.general" in audit.output


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
@pytest.mark.parametrize(("args", "shown"), [
    (("why", "k2", "--age", "50"), "[DOSE-3]"),
    (("why", "k1"), "[DOSE-3]"),
    (("why", "calcium", "--age", "50"), "[DOSE-3]"),
    (("why", "d3", "--age", "50"), "[DOSE-4]"),
    (("ask", "why do I need K2?"), "[DOSE-3]"),  # init writes a minimal intents.yaml: ask answers
    (("ask", "how much calcium for a 70 year old?"), "[DOSE-3]"),
    (("ask", "鈣是什麼？"), "[DOSE-3]"),
    (("explain", "--age", "50"), "[DOSE-3]"),
    (("explain", "--age", "8", "--format", "html"), "19"),  # out of scope, with the reason
])
def test_the_new_knowledge_base_explains_in_both_languages(new_kb, run_cli, lang, args, shown):
    result = run_cli("--kb", str(new_kb), *args, "--lang", lang)
    assert result.exit_code == 0, result.output
    assert shown in result.output


def test_a_name_not_recognised_is_a_warning_that_names_it(new_kb, run_cli):
    """init writes the rule `names.not-recognised`: without it a misspelt medication is only a note."""
    said = {}
    for lang in ("en", "zh-Hant"):
        result = run_cli("--kb", str(new_kb), "recommend", "--age", "60", "--medication", "warfrin", "--format",
                         "json", "--lang", lang)
        assert result.exit_code == 0, result.output
        warnings = [w for w in json.loads(result.output)["warnings"] if w["code"] == "name-not-recognised"]
        assert [(w["rule"], w["severity"]) for w in warnings] == [("names.not-recognised", "caution")]
        said[lang] = warnings[0]["message"]
    assert "'warfrin'" in said["en"] and "warfarin?" in said["en"]
    assert "「warfrin」" in said["zh-Hant"]


def test_ask_that_is_not_understood_names_the_knowledge_bases_nutrients(new_kb, run_cli):
    words = new_kb / "explanations" / "en" / "words.yaml"
    words.write_text(words.read_text(encoding="utf-8").replace("k1: vitamin K1", "k1: phylloquinone (K1)"),
                     encoding="utf-8")
    result = run_cli("--kb", str(new_kb), "ask", "tell nothing")
    assert result.exit_code == 1, result.output
    assert "I answer questions about calcium, vitamin D3, vitamin K2, phylloquinone (K1), such as:" in result.output
    assert "- Why do I need K2?" in result.output


RULE_ON_A_PROFILE_FACT = """
  - id: advice.pregnant
    title: Pregnant women get more calcium
    sources: [DOSE-3]
    when: {fact: pregnant, equals: true}
    overrides: [advice.general]
    then:
      recommend: [{nutrient: calcium, kind: supplement, min: 600, max: 800, unit: mg}]
      reference_intake: [{nutrient: calcium, amount: 1000, unit: mg, type: RDA}]
"""


@pytest.mark.parametrize(("lang", "said", "never"), [
    ("en", "Not for you: it is for when pregnant is yes (your profile says pregnant: no)", "it pregnant"),
    ("en", "a recommended dietary allowance (RDA)", "an recommended"),
    ("zh-Hant", "不適用於您：它需要懷孕為是（", "它懷孕"),
])
def test_why_not_and_intake_types_read_as_sentences_for_a_rule_on_a_profile_fact(new_kb, run_cli, lang, said,
                                                                                    never):
    """The shared templates `init` copies word a test of a person's own fact, not only a derived one."""
    rules = new_kb / "rules" / "advice.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + RULE_ON_A_PROFILE_FACT, encoding="utf-8")
    result = run_cli("--kb", str(new_kb), "why", "calcium", "--age", "30", "--sex", "female", "--not-pregnant",
                     "--lang", lang)
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split()) if lang == "en" else result.output.replace("\n", "")
    assert said in flat and never not in flat


@pytest.mark.parametrize("occupant", ["file", "folder", "hidden"])
def test_a_folder_that_is_not_empty_is_refused_and_left_as_it_was(tmp_path, run_cli, occupant):
    target = tmp_path / "kb"
    target.mkdir()
    name = {"file": "notes.txt", "folder": "rules/x.yaml", "hidden": ".git/HEAD"}[occupant]
    (target / name).parent.mkdir(parents=True, exist_ok=True)
    (target / name).write_text("mine\n", encoding="utf-8")
    result = run_cli("init", str(target))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"bonekb: {target}: is not empty; give a new or empty folder "
                                                  "(nothing was written)"]
    assert _tree(target) == [name]


def test_a_file_is_refused(tmp_path, run_cli):
    target = tmp_path / "kb.txt"
    target.write_text("mine\n", encoding="utf-8")
    result = run_cli("init", str(target))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"bonekb: {target}: is a file; give a new or empty folder"]


def test_an_empty_folder_is_filled(tmp_path, run_cli):
    (tmp_path / "kb").mkdir()
    assert run_cli("init", str(tmp_path / "kb")).exit_code == 0
    assert "rules/advice.yaml" in _tree(tmp_path / "kb")


def test_init_and_its_checks_as_installed_commands(tmp_path):
    """The console script, in a real process, from another directory."""
    env = {**os.environ, "NO_COLOR": "1"}
    made = subprocess.run([str(BONEKB), "init", "kb"], cwd=tmp_path, capture_output=True, text=True, env=env,
                          timeout=120)
    assert made.returncode == 0, made.stderr
    for args in (["audit"], ["test"], ["explain", "--age", "70", "--sex", "male"]):
        done = subprocess.run([str(BONEKB), "--kb", "kb", *args], cwd=tmp_path, capture_output=True, text=True,
                              env=env, timeout=300)
        assert done.returncode == 0, (args, done.stdout, done.stderr)
    again = subprocess.run([str(BONEKB), "init", "kb"], cwd=tmp_path, capture_output=True, text=True, env=env,
                           timeout=120)
    assert again.returncode == 2
    assert again.stderr.count("\n") == 1 and "Traceback" not in again.stderr


# --- schemas: published with $ids, named by every YAML file that has one --------------------------

def _schemas() -> dict[str, dict]:
    folder = ROOT / "engine" / "schemas"
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.schema.json")}


def test_every_schema_has_its_own_stable_id():
    ids = [schema["$id"] for schema in _schemas().values()]
    assert len(set(ids)) == len(ids) == len(_schemas())
    for name, schema in _schemas().items():
        assert schema["$id"] == f"https://bonekb.example/schemas/{name}"
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def _yaml_files(root: Path) -> list[Path]:
    return [p for folder in ("rules", "scenarios") for p in sorted((root / folder).rglob("*.yaml"))]


def _named_schema(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert first.startswith(SCHEMA_COMMENT), f"{path} does not name its schema on its first line"
    return (path.parent / first[len(SCHEMA_COMMENT):]).resolve()


def _check_names_its_schema(root: Path) -> int:
    from jsonschema import Draft202012Validator

    checked = 0
    for path in _yaml_files(root):
        expected = schema_of(path.relative_to(root).as_posix())
        if expected is None:
            assert not path.read_text(encoding="utf-8").startswith(SCHEMA_COMMENT)
            continue
        named = _named_schema(path)
        assert named.name == expected and named.is_file(), f"{path}: names {named}"
        schema = json.loads(named.read_text(encoding="utf-8"))
        errors = list(Draft202012Validator(schema).iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert not errors, f"{path}: {errors[0].message}"
        checked += 1
    return checked


def test_every_shipped_yaml_file_names_its_schema_and_matches_it():
    """The path is relative to the file, so it holds in the repository and in an installed package alike
    (bonekb/rules/ beside bonekb/engine/schemas/)."""
    assert _check_names_its_schema(shipped_root()) >= 15
    assert _check_names_its_schema(ROOT / "skeleton") == 4


def test_every_yaml_file_init_writes_names_its_copy_of_the_schema(new_kb):
    assert _check_names_its_schema(new_kb) == 5  # advice, reference/names, claims, references, the scenario
    assert _tree(new_kb / "schemas") == sorted(_schemas())


# --- pre-commit hooks -----------------------------------------------------------------------------

HOOK_KEYS = {"id", "name", "entry", "language"}          # what pre-commit requires of a hook
HOOK_OPTIONAL = {"description", "files", "exclude", "types", "types_or", "exclude_types", "pass_filenames",
                 "always_run", "require_serial", "stages", "args", "minimum_pre_commit_version", "verbose",
                 "additional_dependencies", "language_version", "log_file", "fail_fast"}


def _hooks() -> list[dict]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list)
    return hooks


def test_the_pre_commit_hooks_file_has_what_pre_commit_requires():
    hooks = _hooks()
    assert [h["id"] for h in hooks] == ["bonekb-audit", "bonekb-test"]
    for hook in hooks:
        assert hook.keys() >= HOOK_KEYS and hook.keys() <= HOOK_KEYS | HOOK_OPTIONAL, hook
        assert hook["language"] == "python"
        assert hook["pass_filenames"] is False       # `test` reads names as scenarios, not files
        assert shlex.split(hook["entry"])[:3] == ["bonekb", "--kb", "."]


def test_the_hooks_run_in_a_knowledge_base_repository(tmp_path):
    """Each hook's entry, as pre-commit runs it: in the repository's top folder, the console script on PATH."""
    kb = tmp_path / "kb"
    assert subprocess.run([str(BONEKB), "init", str(kb)], capture_output=True, timeout=120).returncode == 0
    env = {**os.environ, "PATH": f"{BONEKB.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    for hook in _hooks():
        done = subprocess.run(shlex.split(hook["entry"]), cwd=kb, capture_output=True, text=True, env=env, timeout=300)
        assert done.returncode == 0, (hook["id"], done.stdout, done.stderr)
    rules = kb / "rules" / "advice.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("sources: [DOSE-3, DOSE-4]", "sources: []"),
                     encoding="utf-8")
    failed = subprocess.run(shlex.split(_hooks()[0]["entry"]), cwd=kb, capture_output=True, text=True, env=env,
                            timeout=300)
    assert failed.returncode == 1 and "T001" in failed.stdout


# --- the authoring guide's examples work as written ------------------------------------------------

GUIDE = ROOT / "docs" / "authoring.md"


def _guide_blocks() -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    return [block.split("\n", 1)[1] for block in text.split("```")[1::2] if block.startswith("yaml\n")]


def test_the_guides_worked_example_passes_audit_and_test(new_kb, run_cli):
    rule_file = next(b for b in _guide_blocks() if "rules:\n  - id: interaction.warfarin" in b)
    scenario = next(b for b in _guide_blocks() if b.startswith("  - id: warfarin"))
    (new_kb / "rules" / "reference" / "interactions.yaml").write_text(rule_file, encoding="utf-8")
    path = new_kb / "scenarios" / "advice.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + scenario, encoding="utf-8")
    audit = run_cli("--kb", str(new_kb), "audit")
    assert audit.exit_code == 0 and audit.output.startswith("0 errors, 0 warnings"), audit.output
    tested = run_cli("--kb", str(new_kb), "test", "--require-coverage")
    assert tested.exit_code == 0, tested.output
    assert "scenarios: 4 passed, 0 failed" in tested.output
    why = run_cli("--kb", str(new_kb), "why", "k2")
    careful = why.output.split("Who must be careful", 1)[1]
    assert "If you take warfarin" in " ".join(careful.split()) and "vitamin K lowers its effect" in careful


def test_the_guides_fact_example_gives_an_option_a_profile_field_and_words(new_kb, run_cli):
    """The guide's `vegan` fact, added as it says: an option, a field a rule may test, its words."""
    declared = next(b for b in _guide_blocks() if b.startswith("  vegan:\n    type: bool"))
    facts = new_kb / "rules" / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + declared, encoding="utf-8")
    for lang, word in (("en", "vegan diet"), ("zh-Hant", "純素飲食")):
        words = new_kb / "explanations" / lang / "words.yaml"
        words.write_text(words.read_text(encoding="utf-8").replace("facts:\n", f"facts:\n  vegan: {word}\n", 1),
                         encoding="utf-8")
    helped = run_cli("--kb", str(new_kb), "recommend", "--help")
    assert "--vegan / --not-vegan" in helped.output
    shown = run_cli("--kb", str(new_kb), "recommend", "--age", "50", "--vegan")
    assert shown.exit_code == 0 and "vegan diet yes" in shown.output, shown.output
    audit = run_cli("--kb", str(new_kb), "audit")
    assert audit.exit_code == 0 and audit.output.startswith("0 errors, 0 warnings"), audit.output


def test_the_guides_scenario_example_passes_in_a_new_knowledge_base(new_kb, run_cli):
    example = next(b for b in _guide_blocks() if "scenarios:\n  - id: general-advice" in b)
    (new_kb / "scenarios" / "advice.yaml").write_text(example, encoding="utf-8")
    tested = run_cli("--kb", str(new_kb), "test")
    assert tested.exit_code == 0, tested.output
    assert "scenarios: 1 passed, 0 failed" in tested.output


def test_the_guide_is_linked_from_the_readme():
    assert "(docs/authoring.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_init_dot_fills_the_empty_folder_it_runs_in(tmp_path):
    folder = tmp_path / "here"
    folder.mkdir()
    inode = folder.stat().st_ino
    done = subprocess.run([str(BONEKB), "init", "."], cwd=folder, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert folder.stat().st_ino == inode, "the folder was replaced: a shell inside it would see nothing"
    assert "rules/advice.yaml" in _tree(folder)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["here"]


@pytest.mark.parametrize("exists", [False, True])
def test_a_failure_half_way_leaves_nothing_written(tmp_path, monkeypatch, exists):
    from bonekb.engine import starter

    def write_then_fail(root, *languages):
        starter_write(root, *languages)
        raise OSError(28, "No space left on device")

    starter_write = starter._write
    monkeypatch.setattr(starter, "_write", write_then_fail)
    target = tmp_path / "kb"
    if exists:
        target.mkdir()
    with pytest.raises(InputError, match="cannot write the knowledge base: No space left on device"):
        starter.init_knowledge_base(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == (["kb"] if exists else [])
    assert not exists or not any(target.iterdir())


def test_a_folder_that_cannot_be_made_is_one_line(tmp_path, run_cli):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = run_cli("init", str(tmp_path / "file" / "kb"))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [f"bonekb: {tmp_path / 'file' / 'kb'}: cannot be made: "
                                                  f"{tmp_path / 'file'} is a file, not a folder"]


def test_the_group_kb_reaches_subcommands_of_command_groups(new_kb, run_cli):
    for args in (("rules", "show", "advice.general"), ("claims", "show", "DOSE-3"), ("rules", "graph")):
        result = run_cli("--kb", str(new_kb), *args)
        assert result.exit_code == 0, (args, result.output)
        assert "advice.general" in result.output


# --- the guide names every key the engine reads (it drifts from the code, a test says so) ---------

def _guide_names() -> set[str]:
    """Every `code` span of the guide, and each word inside one ('`{code, severity}`' names both)."""
    import re

    spans = re.findall(r"`([^`\n]+)`", GUIDE.read_text(encoding="utf-8"))
    return set(spans) | {w for s in spans for w in re.findall(r"[A-Za-z_][\w-]*", s)}


def test_the_guide_names_every_message_the_engine_requires():
    from bonekb.engine.resolve import ENGINE_MESSAGES

    assert set(ENGINE_MESSAGES) - _guide_names() == set()


def test_the_guide_names_every_key_of_a_profile_fact_and_a_derived_fact():
    from bonekb.engine.validate import _PROFILE_FACT_SCHEMA, FACTS_FILE_SCHEMA

    profile = set(_PROFILE_FACT_SCHEMA["properties"]) | set(_PROFILE_FACT_SCHEMA["properties"]["type"]["enum"])
    profile |= set(_PROFILE_FACT_SCHEMA["properties"]["option"]["properties"])
    derived = set(FACTS_FILE_SCHEMA["properties"]["facts"]["additionalProperties"]["properties"])
    assert (profile | derived | set(FACTS_FILE_SCHEMA["properties"])) - _guide_names() == set()


def test_the_guide_names_every_key_of_the_shipped_vocabulary_words_and_intents():
    vocabulary = yaml.safe_load((shipped_root() / "rules" / "vocabulary.yaml").read_text(encoding="utf-8"))
    keys = set(vocabulary) | {k for entry in vocabulary["nutrients"].values() for k in entry}
    for name in ("words.yaml", "intents.yaml"):
        keys |= set(yaml.safe_load((shipped_root() / "explanations" / "en" / name).read_text(encoding="utf-8")))
    assert keys - _guide_names() == set()


def test_the_guide_names_every_outcome_and_operator_of_a_rule():
    rules = json.loads((ROOT / "engine" / "schemas" / "rules.schema.json").read_text(encoding="utf-8"))["$defs"]
    keys = set(rules["outcome"]["properties"]) | set(rules["leaf"]["properties"]) | set(rules["rule"]["properties"])
    assert keys - _guide_names() == set()
