"""The commits that added zh-Hans touched no Python file and no template (tools/language_commits.py).

They are listed in tools/language-commits.yaml. The check needs the repository's history: on a clone
without it (a shallow clone, a source tree) the test is skipped, saying why; a full clone (CI's,
a developer's) runs it.
"""

from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "tools" / "language_commits.py"


def _tool():
    spec = importlib.util.spec_from_file_location("language_commits", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tool():
    if not SCRIPT.is_file():
        pytest.skip("tools/ is not part of this tree (an installed package)")
    return _tool()


def _touched(tool, commit: str) -> list[str]:
    try:
        return tool.touched(commit)
    except tool.NoHistory as err:
        pytest.skip(str(err))


def test_the_commits_that_added_zh_hans_touch_no_code(tool):
    commits = tool.recorded()["zh-Hans"]
    assert commits, "tools/language-commits.yaml lists no commit for zh-Hans"
    every: list[str] = []
    for commit in commits:
        files = _touched(tool, commit)
        assert tool.code_in(files) == [], f"{commit} touched code"
        every += files
    # the record names the right commits: together they add the language's catalog and its golden files
    assert {"explanations/zh-Hans/words.yaml", "explanations/zh-Hans/pages.yaml",
            "explanations/zh-Hans/intents.yaml", "rules/manifest.yaml"} <= set(every)
    assert any(f.startswith("tests/explain/golden/zh-Hans/") for f in every)


def test_the_check_finds_code_in_a_commit(tool):
    """The check can fail: the last commit (not a merge) that changed the question reader touched a .py file."""
    found = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--no-merges", "--format=%H", "--",
                            "engine/questions.py"],
                           capture_output=True, text=True, check=False)
    if found.returncode != 0 or not found.stdout.strip():
        pytest.skip("no git history here")
    files = _touched(tool, found.stdout.strip())
    assert "engine/questions.py" in tool.code_in(files)


def test_a_merge_commit_is_refused(tool):
    """A merge commit's own diff is empty: listing one would pass vacuously, so it is refused."""
    found = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--merges", "--format=%H"],
                           capture_output=True, text=True, check=False)
    if found.returncode != 0 or not found.stdout.strip():
        pytest.skip("no merge commit in this history")
    with pytest.raises(ValueError, match="merge commit"):
        tool.touched(found.stdout.strip())
