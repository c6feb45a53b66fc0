"""Two versions of bonekb sharing one cache folder never load each other's entries (engine/checkcache.py:
every key holds the code digest). Each version is a copy of the package's source in a folder of its
own, run as a real process (`python -m bonekb`, the copy first on PYTHONPATH) against one cache,
the two alternately: each must give what it gives with the cache off, and neither may fail."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import bonekb
import bonekb.cli
import bonekb.engine
import bonekb.explanations
import bonekb.rules
import bonekb.scenarios
import bonekb.skeleton

PROFILE = ("--age", "60", "--sex", "female", "--sun", "low")
COMMANDS = (("recommend", *PROFILE), ("why", "k2", *PROFILE), ("ask", "how much D3 should I take?", *PROFILE))
SETTLED_SECONDS = 3.5  # checkcache.RACY_NS: only files older than this have their digest remembered by status


def _package_copy(where: Path) -> Path:
    """bonekb's source as the installed package lays it out (bonekb/engine, bonekb/cli, ...), under `where`."""
    package = where / "bonekb"
    shutil.copytree(Path(bonekb.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    for module in (bonekb.engine, bonekb.cli, bonekb.rules, bonekb.explanations, bonekb.scenarios, bonekb.skeleton):
        name = module.__name__.rpartition(".")[2]
        shutil.copytree(Path(module.__file__).parent, package / name, ignore=shutil.ignore_patterns("__pycache__"),
                        dirs_exist_ok=True)
    return where


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}: update this test's simulated difference"
    path.write_text(text.replace(old, new), encoding="utf-8")


def _env(copy: Path, home: Path, **extra: str) -> dict[str, str]:
    """The copy first on the path, and the cache where a user's is (HOME) unless `extra` says otherwise."""
    drop = ("BONEKB_NO_CACHE", "BONEKB_CACHE_DIR", "XDG_CACHE_HOME", "PYTHONPATH")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    return {**env, "PYTHONPATH": str(copy), "HOME": str(home), **extra}


def _bonekb(copy: Path, home: Path, *args: str, **extra: str) -> str:
    done = subprocess.run([sys.executable, "-m", "bonekb", *args], capture_output=True, text=True,
                          env=_env(copy, home, **extra), cwd=home, check=False, timeout=120)
    assert done.returncode == 0 and not done.stderr, (copy.name, args, done.stderr[-2000:])
    return done.stdout


def _runs_its_own_code(copy: Path, home: Path) -> None:
    script = "import bonekb.engine.explain.resulttext as m, bonekb.cli as c; print(m.__file__, c.__file__)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=_env(copy, home), cwd=home, check=True)
    assert all(Path(f).is_relative_to(copy) for f in done.stdout.split()), done.stdout


@pytest.fixture(scope="module")
def versions(tmp_path_factory) -> tuple[Path, Path, Path]:
    """Two copies of bonekb that differ as two checkouts do, and a home folder for their cache.

    The second one's template function `shown` takes its two arguments the other way round (and
    marks the value), and its recommend.txt.j2 calls it so: the first one's template, or its code
    compiled, would fail there with a TypeError at recommend.txt.j2:13. It also names its options'
    help differently (cli/kboptions.py: what options/ entries hold)."""
    first = _package_copy(tmp_path_factory.mktemp("checkout-a"))
    second = _package_copy(tmp_path_factory.mktemp("checkout-b"))
    explain = second / "bonekb" / "engine" / "explain"
    _edit(explain / "resulttext.py",
          '"shown": lambda value, fact=None, unrecognised=(): _profile_value(value, words, fact, unrecognised)',
          '"shown": lambda fact, value, unrecognised=(): "[" + _profile_value(value, words, fact, unrecognised) + "]"')
    _edit(second / "bonekb" / "explanations" / "recommend.txt.j2", "shown(given, name", "shown(name, given")
    _edit(second / "bonekb" / "cli" / "kboptions.py", '"help": str(option.get("help", "")),',
          '"help": "(b) " + str(option.get("help", "")),')
    home = tmp_path_factory.mktemp("home")
    for copy in (first, second):
        _runs_its_own_code(copy, home)
    time.sleep(SETTLED_SECONDS)  # every file settled: their digests are remembered by status, as a user's are
    return first, second, home


def test_two_checkouts_alternately_each_give_their_own_output(versions):
    first, second, home = versions
    expected = {(copy, args): _bonekb(copy, home, *args, BONEKB_NO_CACHE="1")
                for copy in (first, second) for args in (*COMMANDS, ("recommend", "--help"))}
    assert expected[first, COMMANDS[0]] != expected[second, COMMANDS[0]]  # the difference shows
    assert "(b) " in expected[second, ("recommend", "--help")]
    assert "(b) " not in expected[first, ("recommend", "--help")]
    for _ in range(2):  # the first round fills the cache, the second reads it
        for copy in (first, second):
            for args in (*COMMANDS, ("recommend", "--help")):
                assert _bonekb(copy, home, *args) == expected[copy, args], (copy.name, args)
    cache = home / ".cache" / "bonekb"  # the default folder: no BONEKB_CACHE_DIR, no XDG_CACHE_HOME
    for kind in ("checked", "options", "yaml", "templates", "digests"):
        assert any(not p.name.startswith(".") for p in (cache / kind).iterdir()), kind


def test_code_changed_in_place_is_not_given_the_old_codes_digest(versions, tmp_path):
    """One checkout at another commit (or a package upgraded in place): the knowledge base's files as
    they were, the code that digests them changed. The digest a result names is the new code's."""
    _, _, home = versions
    copy = _package_copy(tmp_path / "checkout")
    cache = {"BONEKB_CACHE_DIR": str(tmp_path / "cache")}
    time.sleep(SETTLED_SECONDS)

    def digest(**extra: str) -> str:
        return json.loads(_bonekb(copy, home, *COMMANDS[0], "--format", "json", **extra))["knowledge_base"]["digest"]

    before = digest(**cache)
    assert digest(**cache) == before == digest(BONEKB_NO_CACHE="1")
    _edit(copy / "bonekb" / "engine" / "knowledge.py", "sha = hashlib.sha256()",
          'sha = hashlib.sha256(b"another way to digest")')
    after = digest(BONEKB_NO_CACHE="1")
    assert after != before
    assert digest(**cache) == after
    assert digest(**cache) == after
