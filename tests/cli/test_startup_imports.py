"""Start-up: each command imports only what it uses (benchmarks/run.py measures the time; these check
the imports, in a fresh process as a user runs the command)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

# What bonekb added to the design card's packages, and the populations extra: never needed to explain
# a nutrient or answer a question in general. (The templates' plain Markdown becomes terminal text
# without markdown-it: engine/explain/plainmarkdown.py; tabulate 0.10 imports importlib.metadata.)
NOT_FOR_EXPLAINING = {"jsonschema", "tabulate", "markdown_it", "rapidfuzz", "pyarrow", "pandas", "dask",
                      "distributed", "wcwidth", "durable_rules_engine", "yaml", "babel",
                      "cn2an"}


RUN = """
import json, sys
from bonekb.cli.main import main
sys.argv = ["bonekb", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
print("\\n" + json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def imported(args: list[str], cache: str, **env: str) -> set[str]:
    """Top-level modules a fresh `bonekb ARGS` process had imported when it finished."""
    return {name.split(".")[0] for name in imported_modules(args, cache, **env)}


def imported_modules(args: list[str], cache: str, **env: str) -> set[str]:
    """Every module (importlib.metadata, not only importlib) a fresh `bonekb ARGS` process had imported."""
    environment = {k: v for k, v in os.environ.items() if k != "BONEKB_NO_CACHE"}
    done = subprocess.run([sys.executable, "-c", RUN, json.dumps(args)], capture_output=True, text=True,
                          env={**environment, "BONEKB_CACHE_DIR": cache, **env}, check=False)
    assert done.stdout, done.stderr
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


@pytest.fixture
def cache(tmp_path) -> str:
    return str(tmp_path / "cache")


@pytest.mark.parametrize("args", [["why", "k2"], ["ask", "how much D3 should I take?"],
                                  ["ask", "how much D3 should I take?", "--format", "json"],
                                  ["why", "calcium", "--format", "markdown"]])
def test_explaining_imports_none_of_the_added_libraries(args, cache):
    imported(args, cache)  # the first run fills the cache: parsed YAML, compiled templates, the check
    modules = imported_modules(args, cache)
    assert "jinja2" in modules
    assert {m.split(".")[0] for m in modules} & NOT_FOR_EXPLAINING == set()
    assert "importlib.metadata" not in modules


@pytest.mark.parametrize("args", [["ask", "how much D3 should I take?"], ["ask", "為什麼需要K2？"],
                                  ["why", "k2"]])
def test_a_general_answer_reads_no_profile(args, cache):
    """Without a person, nothing of the profile reader (its dose and name readers) nor of the rules'
    results is imported: their modules are compiled patterns and classes a general answer never uses."""
    imported(args, cache)
    modules = imported_modules(args, cache)
    assert {f"bonekb.engine.{m}" for m in ("profile", "amounts", "names", "result", "resolve")} & modules == set()


@pytest.mark.parametrize("args", [["why", "k2", "--age", "50"], ["ask", "how much D3 for a 70 year old?"],
                                  ["ask", "我70歲，D3要吃多少？"], ["why", "k2", "--age", "50", "--lang", "zh-Hans"]])
def test_a_person_s_numbered_chain_of_rules_needs_no_markdown_parser(args, cache):
    """The numbered chain of rules an answer for a person shows is read without markdown-it, in every language."""
    imported(args, cache)
    assert "markdown_it" not in imported(args, cache)


def test_a_handout_s_table_still_reaches_markdown_it(cache):
    """Markdown the plain reader does not read (the handout's table) goes to markdown-it."""
    assert "markdown_it" in imported(["explain", "--age", "50", "--sex", "female"], cache)


def test_markdown_output_needs_no_markdown_parser(cache):
    imported(["why", "k2", "--format", "markdown"], cache)
    assert "markdown_it" not in imported(["why", "k2", "--format", "markdown"], cache)


def test_without_the_cache_the_knowledge_base_is_parsed_and_checked(cache):
    modules = imported(["why", "k2"], cache, BONEKB_NO_CACHE="1")
    assert {"yaml", "jsonschema"} <= modules  # the check above is not vacuous


def test_a_misspelt_question_still_reaches_the_spelling_library(cache):
    assert "rapidfuzz" in imported(["ask", "how much vitamn d should I take?"], cache)


def test_a_question_with_chinese_numerals_reaches_cn2an_and_only_it(cache):
    assert "cn2an" in imported(["ask", "我七十歲，要吃多少鈣"], cache)
    assert "cn2an" not in imported(["ask", "我70歲，要吃多少鈣"], cache)


def test_chinese_text_is_measured_by_wcwidth(cache):
    assert "wcwidth" in imported(["why", "k2", "--lang", "zh-Hant"], cache)


PERSON = ["--age", "35", "--sex", "female", "--sun", "low"]


def test_a_recommendation_in_json_loads_no_templates_or_schemas(cache):
    imported(["recommend", *PERSON, "--format", "json"], cache)
    modules = imported(["recommend", *PERSON, "--format", "json"], cache)
    assert "durable_rules_engine" in modules
    assert modules & {"jsonschema", "jinja2", "markdown_it", "rapidfuzz", "pyarrow", "pandas", "dask", "yaml"} == set()


@pytest.mark.parametrize("lang", ["en", "zh-Hant"])
def test_a_recommendation_as_text_loads_its_template_and_no_schemas(cache, lang):
    """Text goes through recommend.txt.j2 like why and explain (issue 14): Jinja2, nothing else added;
    its table of English text is laid out without tabulate (and so without importlib.metadata, which
    tabulate 0.10 imports), Chinese text's by tabulate with wcwidth."""
    imported(["recommend", *PERSON, "--lang", lang], cache)
    modules = imported(["recommend", *PERSON, "--lang", lang], cache)
    assert {"durable_rules_engine", "jinja2"} <= modules
    assert modules & {"jsonschema", "markdown_it", "rapidfuzz", "pyarrow", "pandas", "dask", "yaml", "babel"} == set()
    if lang == "en":
        assert modules & {"tabulate", "wcwidth"} == set()
        assert "importlib.metadata" not in imported_modules(["recommend", *PERSON, "--lang", lang], cache)
    else:
        assert {"tabulate", "wcwidth"} <= modules
