"""Class 3, knowledge-base side: a broken knowledge base is one line and exit 2 (or the audit's
findings), never a traceback, whichever command reads it."""

from __future__ import annotations

import pytest

from .hostile_kb import assert_one_line_refusal, run

BROKEN = {
    "claims.yaml holding a bare string": ("rules/claims.yaml", '"just a string"\n', "rules/claims.yaml"),
    "claims.yaml holding a list": ("rules/claims.yaml", "- a\n- b\n", "rules/claims.yaml"),
    "references.yaml holding a number": ("rules/references.yaml", "7\n", "rules/references.yaml"),
    "a self-referencing alias": ("rules/zz.yaml", "rules: &r [{id: x, when: *r}]\n", "rules/zz.yaml"),
    "a 200-deep when": ("rules/zz.yaml", "rules:\n  - id: deep\n    title: x\n    sources: [DOSE-4]\n    then: {}\n"
                        "    when: " + "{all: [" * 200 + "{fact: age, above: 1}" + "]}" * 200 + "\n", "rules/zz.yaml"),
    "overrides that is not a list": ("rules/zz.yaml", "rules: [{id: a, overrides: 5, then: {}, title: t, "
                                     "sources: [DOSE-4]}]\n", "rules/zz.yaml"),
    "a waiver whose code is a list": ("rules/zz.yaml", "rules: [{id: a, waivers: [{code: [1], reason: xxxxxxxxxxxx}], "
                                      "then: {}, title: t, sources: [DOSE-4]}]\n", "rules/zz.yaml"),
    "an article path that is a number": ("rules/claims.yaml", None, "rules/claims.yaml"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_knowledge_base_is_never_a_traceback(kb_copy, case):
    name, text, where = BROKEN[case]
    path = kb_copy / name
    if text is None:
        text = path.read_text(encoding="utf-8").replace("file: article.zh-Hant.txt", "file: 7")
    path.write_text(text, encoding="utf-8")
    for command in (["recommend", "--age", "40"], ["rules", "list"], ["explain", "--age", "40"]):
        assert_one_line_refusal(run(*command, "--kb", str(kb_copy)), where)
    audit = run("audit", "--kb", str(kb_copy))
    assert "Traceback" not in audit.stderr and audit.returncode in (1, 2), audit.stderr[-800:]
    assert where in audit.stdout + audit.stderr
