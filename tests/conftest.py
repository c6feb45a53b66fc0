"""Fixtures shared by every test folder: the shipped knowledge base, an evaluator, the CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from bonekb.cli.main import cli
from bonekb.engine.evaluate import Evaluator
from bonekb.engine.knowledge import shipped_root
from bonekb.engine.validate import load_knowledge_base


@pytest.fixture(autouse=True, scope="session")
def _private_check_cache(tmp_path_factory):
    """Tests neither read nor write the user's cache of checked knowledge bases (engine/checkcache.py);
    subprocesses inherit the variable."""
    patch = pytest.MonkeyPatch()
    patch.setenv("BONEKB_CACHE_DIR", str(tmp_path_factory.mktemp("check-cache")))
    yield
    patch.undo()


@pytest.fixture(scope="session")
def kb():
    """The shipped knowledge base, loaded and checked once."""
    return load_knowledge_base()


@pytest.fixture(scope="session")
def evaluator(kb):
    """One evaluator over the shipped knowledge base for the whole run (as a real process would use it)."""
    with Evaluator(kb) as ev:
        yield ev


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped knowledge base (rules/, explanations/, scenarios/) for --kb tests."""
    root = shipped_root()
    for folder in ("rules", "explanations", "scenarios"):
        if (root / folder).is_dir():
            shutil.copytree(root / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return tmp_path


class Cli:
    """Calls `bonekb ...` in-process the way a user would, through click's CliRunner."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None):
        return self.runner.invoke(cli, list(args), input=input, catch_exceptions=False)

    def json(self, *args: str, input: str | None = None):
        result = self(*args, "--format", "json", input=input)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)


@pytest.fixture
def run_cli() -> Cli:
    return Cli()


def _one_line_refusal(result, *words: str) -> str:
    """A CliRunner result refused as the guide asks: exit 2, one printable line on stderr (short, no
    traceback) holding every word; the line is returned."""
    assert result.exit_code == 2, (result.exit_code, result.output[-500:])
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr[:500]
    assert "Traceback" not in result.stderr
    assert lines[0].isprintable() and len(lines[0]) < 400, lines[0][:500]
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


@pytest.fixture
def one_line_refusal():
    """The check of a one-line refusal (exit 2), shared by the CLI and adversarial tests."""
    return _one_line_refusal
