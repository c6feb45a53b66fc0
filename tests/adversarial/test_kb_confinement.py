"""Class 1: a knowledge base is the regular files under its folder, resolved. Nothing outside it is
read or shown, an error says nothing about whether an outside path exists, and no file can block."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bonekb.engine import kbfiles
from bonekb.engine.audit.runner import run_audit
from bonekb.engine.errors import KnowledgeBaseError
from bonekb.engine.knowledge import read_knowledge_base
from bonekb.engine.limits import MAX_FILE_BYTES

from .hostile_kb import SECRET, assert_one_line_refusal, run


@pytest.fixture
def secret(tmp_path_factory) -> Path:
    """A file outside every knowledge base, holding text that must never be printed."""
    path = tmp_path_factory.mktemp("outside") / "secret.txt"
    path.write_text(f"{SECRET}\nrules: [{SECRET}]\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [["recommend", "--age", "40"], ["audit"], ["rules", "list"]])
@pytest.mark.parametrize("name", ["rules/zz.yaml", "rules/claims.yaml", "rules/reference/zz.yaml"])
def test_a_symlink_out_of_the_folder_is_refused_without_its_content(kb_copy, secret, command, name):
    link = kb_copy / name
    link.unlink(missing_ok=True)
    link.symlink_to(secret)
    result = run(*command, "--kb", str(kb_copy))
    assert_one_line_refusal(result, name, "outside the knowledge base")


@pytest.mark.parametrize("command", [["recommend", "--age", "40"], ["audit"], ["rules", "list"], ["test"]])
def test_a_folder_symlinked_out_is_refused_by_every_command(kb_copy, secret, command):
    """The audit, too, refuses what the other commands refuse: a folder under rules/ that leaves it."""
    (secret.parent / "evil.yaml").write_text(f"rules: [{{id: zz.{SECRET}}}]\n", encoding="utf-8")
    (kb_copy / "rules" / "outdir").symlink_to(secret.parent)
    result = run(*command, "--kb", str(kb_copy))
    assert_one_line_refusal(result, "rules/outdir", "outside the knowledge base")


def test_the_refusal_is_the_same_whether_the_outside_path_exists(kb_copy, secret):
    (kb_copy / "rules" / "zz.yaml").symlink_to(secret)
    there = run("recommend", "--kb", str(kb_copy), "--age", "40").stderr
    (kb_copy / "rules" / "zz.yaml").unlink()
    (kb_copy / "rules" / "zz.yaml").symlink_to(secret.parent / "no-such-file")
    missing = run("recommend", "--kb", str(kb_copy), "--age", "40").stderr
    assert there == missing


@pytest.mark.parametrize("where", ["absolute", "relative", "missing"])
def test_the_article_the_claims_quote_must_be_inside_the_knowledge_base(kb_copy, secret, where):
    target = {"absolute": str(secret), "relative": os.path.relpath(secret, kb_copy / "rules"),
              "missing": str(secret.parent / "nothing-here.txt")}[where]
    claims = kb_copy / "rules" / "claims.yaml"
    text = claims.read_text(encoding="utf-8")
    claims.write_text(text.replace("file: article.zh-Hant.txt", f"file: {target}"), encoding="utf-8")
    report = run_audit(kb_copy, select=["T003"])
    messages = [r.finding.message for r in report.reported]
    assert len(messages) == 1 and "outside the knowledge base" in messages[0]
    assert SECRET not in messages[0] and "No such file" not in messages[0]


def test_a_fifo_among_the_rule_files_is_refused_not_waited_on(kb_copy):
    os.mkfifo(kb_copy / "rules" / "zz.yaml")
    for command in (["recommend", "--age", "40"], ["audit"]):
        assert_one_line_refusal(run(*command, "--kb", str(kb_copy), timeout=20), "rules/zz.yaml", "not a regular file")


def test_a_fifo_among_the_templates_is_refused_by_the_content_digest(kb_copy):
    os.mkfifo(kb_copy / "explanations" / "en" / "zz.md.j2")
    assert_one_line_refusal(run("recommend", "--kb", str(kb_copy), "--age", "40", timeout=20),
                            "explanations/en/zz.md.j2", "not a regular file")


def test_a_proc_file_linked_in_is_refused(kb_copy):
    (kb_copy / "explanations" / "en" / "status.md.j2").symlink_to("/proc/self/status")
    assert_one_line_refusal(run("recommend", "--kb", str(kb_copy), "--age", "40"), "outside the knowledge base")


def test_a_file_above_the_size_limit_is_refused(kb_copy):
    big = kb_copy / "rules" / "zz-big.yaml"
    big.write_text("# " + "x" * MAX_FILE_BYTES + "\n", encoding="utf-8")
    assert_one_line_refusal(run("recommend", "--kb", str(kb_copy), "--age", "40"), "zz-big.yaml", "MAX_FILE_BYTES")


def test_a_symlink_inside_the_folder_is_still_a_file_of_it(kb_copy):
    (kb_copy / "rules" / "table.yaml").rename(kb_copy / "table-real.yaml.txt")
    (kb_copy / "rules" / "table.yaml").symlink_to(kb_copy / "table-real.yaml.txt")
    kb = read_knowledge_base(kb_copy)
    assert "table.adults" in kb.rule_by_id


def test_every_reader_goes_through_kbfiles(kb_copy, secret):
    """The content digest, the article, the templates: none of them reads a refused file."""
    (kb_copy / "explanations" / "en" / "leak.md.j2").symlink_to(secret)
    with pytest.raises(KnowledgeBaseError, match="outside the knowledge base"):
        read_knowledge_base(kb_copy)  # the content digest, taken as the knowledge base is read
    with pytest.raises(KnowledgeBaseError, match="outside the knowledge base"):
        kbfiles.read_text(kb_copy, kb_copy / "explanations" / "en" / "leak.md.j2")
