"""Check that the commits that added a language touched no Python file and no template.

A language is data: its catalog (explanations/<lang>/), its words in the rule files, a line of the
manifest, its golden files. tools/language-commits.yaml lists, per language, the commits that added
it (and those that re-ran tools/zh_hans.py after the zh-Hant texts changed); this lists the files each
touched and fails if one is a .py or a .j2 file:

    .venv/bin/python tools/language_commits.py          # exit 0: data only; 1: code touched; 2: no git history
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
RECORD = Path(__file__).with_name("language-commits.yaml")
CODE_SUFFIXES = (".py", ".j2")


class NoHistory(Exception):
    """git, the repository or the commit is not there (a shallow clone, an exported tree)."""


def recorded(path: Path = RECORD) -> dict[str, list[str]]:
    """language -> the commits that added it."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(lang): [str(c) for c in commits] for lang, commits in data.items()}


def touched(commit: str, root: Path = ROOT) -> list[str]:
    """The files a (non-merge) commit added, changed or removed; a merge commit is refused (its own
    diff is empty: list the commits that carry the language's data instead)."""
    try:
        parents = subprocess.run(["git", "-C", str(root), "rev-list", "--parents", "-n", "1", commit],
                                 capture_output=True, text=True, check=False, timeout=60)
        if parents.returncode == 0 and len(parents.stdout.split()) > 2:
            raise ValueError(f"{commit} is a merge commit: list the commits that added the language's files")
        shown = subprocess.run(["git", "-C", str(root), "diff-tree", "--no-commit-id", "--name-only", "-r",
                                "--no-renames", commit], capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise NoHistory(f"git cannot be run: {err}") from None
    if shown.returncode != 0:
        raise NoHistory(f"commit {commit} is not in this clone's history: {shown.stderr.strip()[:200]}")
    return [line for line in shown.stdout.splitlines() if line]


def code_in(files: list[str]) -> list[str]:
    return [f for f in files if f.endswith(CODE_SUFFIXES)]


def main() -> int:
    status = 0
    for lang, commits in recorded().items():
        for commit in commits:
            try:
                files = touched(commit)
            except NoHistory as err:
                print(f"{lang}: {err}", file=sys.stderr)
                return 2
            except ValueError as err:
                print(f"{lang}: {err}", file=sys.stderr)
                return 1
            code = code_in(files)
            print(f"{lang}: {commit[:12]} touched {len(files)} files"
                  + (f", code: {', '.join(code)}" if code else ", none of them .py or .j2"))
            status = max(status, 1 if code else 0)
    return status


if __name__ == "__main__":
    sys.exit(main())
