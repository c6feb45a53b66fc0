"""The cache's switches (engine/checkcache.py): BONEKB_NO_CACHE turns it off only for the values that
say so, a value not understood is one warning line and the cache off, a relative BONEKB_CACHE_DIR is
refused the same way, and a relative XDG_CACHE_HOME is ignored as the XDG Base Directory spec says."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bonekb.engine import checkcache

OFF = ["1", "true", "TRUE", "yes", "Yes", "on", " on "]
ON = ["0", "false", "False", "no", "NO", "off", "", "  "]


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    """Every test reads the variables anew (cache_root remembers them per process and values)."""
    checkcache._cache_root.cache_clear()
    for name in ("BONEKB_NO_CACHE", "BONEKB_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    yield
    checkcache._cache_root.cache_clear()


def _root(capsys, **env: str) -> tuple[Path | None, list[str]]:
    checkcache._cache_root.cache_clear()
    root = checkcache._cache_root(env.get("BONEKB_NO_CACHE"), env.get("BONEKB_CACHE_DIR"),
                                  env.get("XDG_CACHE_HOME"), os.environ.get("HOME"))
    return root, capsys.readouterr().err.splitlines()


@pytest.mark.parametrize("value", OFF)
def test_the_values_that_turn_the_cache_off(value, tmp_path, capsys):
    assert _root(capsys, BONEKB_NO_CACHE=value, BONEKB_CACHE_DIR=str(tmp_path)) == (None, [])


@pytest.mark.parametrize("value", ON)
def test_the_values_that_leave_the_cache_on(value, tmp_path, capsys):
    assert _root(capsys, BONEKB_NO_CACHE=value, BONEKB_CACHE_DIR=str(tmp_path)) == (tmp_path, [])


@given(st.one_of(st.text(max_size=30), st.sampled_from(["2", "-1", "disable", "nocache", "y", "n", "off!", "ja",
                                                        "1 ", "tru", "t", "f", "none", "0x1", "\x1b[2J"])))
def test_any_other_value_is_one_warning_and_the_cache_off(value):
    import contextlib
    import io

    if value.strip().lower() in (*checkcache.NO_CACHE_OFF, *checkcache.NO_CACHE_ON):
        return
    checkcache._cache_root.cache_clear()
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        root = checkcache._cache_root(value, "/tmp/somewhere", None, None)
    lines = err.getvalue().splitlines()
    assert root is None
    assert len(lines) == 1 and lines[0].startswith("bonekb: warning: BONEKB_NO_CACHE=")
    assert "accepted: 1, true, yes, on (cache off); 0, false, no, off or empty (cache on)" in lines[0]
    assert "\x1b" not in lines[0]  # the value is quoted escaped


def test_a_relative_cache_dir_is_refused_with_one_warning(capsys):
    root, err = _root(capsys, BONEKB_CACHE_DIR="cache/here")
    assert root is None
    assert len(err) == 1 and "BONEKB_CACHE_DIR='cache/here' is not an absolute path" in err[0]
    assert "The cache is off" in err[0]


def test_a_relative_xdg_cache_home_is_ignored_for_the_home_cache(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    root, err = _root(capsys, XDG_CACHE_HOME="relative/cache")
    assert root == tmp_path / ".cache" / "bonekb"
    assert len(err) == 1 and "XDG_CACHE_HOME='relative/cache' is not an absolute path, so it is ignored" in err[0]
    assert _root(capsys, XDG_CACHE_HOME=str(tmp_path / "xdg")) == (tmp_path / "xdg" / "bonekb", [])
    assert _root(capsys, XDG_CACHE_HOME="") == (tmp_path / ".cache" / "bonekb", [])  # empty is unset (the spec)


def test_the_warning_is_said_once_per_process(capsys, monkeypatch):
    monkeypatch.setenv("BONEKB_NO_CACHE", "maybe")
    assert checkcache.cache_root() is None
    assert checkcache.cache_root() is None
    assert len(capsys.readouterr().err.splitlines()) == 1


# --- as a person runs it ------------------------------------------------------------------------------

def _bonekb(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("BONEKB_NO_CACHE", "BONEKB_CACHE_DIR", "XDG_CACHE_HOME")}
    return subprocess.run([sys.executable, "-m", "bonekb", "why", "k2"], capture_output=True, text=True,
                          env={**base, "HOME": str(tmp_path / "home"), **env}, cwd=tmp_path, check=False)


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


@pytest.mark.parametrize("value", ["0", "false", "off"])
def test_a_no_that_says_no_keeps_the_cache(value, tmp_path):
    cache = tmp_path / "cache"
    done = _bonekb(tmp_path, BONEKB_NO_CACHE=value, BONEKB_CACHE_DIR=str(cache))
    assert (done.returncode, done.stderr) == (0, "")
    assert _files(cache / "templates") and _files(cache / "checked")


def test_a_switch_not_understood_warns_once_and_writes_nothing(tmp_path):
    cache = tmp_path / "cache"
    done = _bonekb(tmp_path, BONEKB_NO_CACHE="disable", BONEKB_CACHE_DIR=str(cache))
    assert done.returncode == 0 and "K2" in done.stdout
    assert done.stderr.splitlines() == [
        "bonekb: warning: BONEKB_NO_CACHE='disable' is not understood; accepted: 1, true, yes, on (cache off); "
        "0, false, no, off or empty (cache on). The cache is off"]
    assert not cache.exists()


def test_relative_folders_write_no_cache_where_the_command_runs(tmp_path):
    done = _bonekb(tmp_path, BONEKB_CACHE_DIR="here")
    assert done.returncode == 0 and len(done.stderr.splitlines()) == 1
    assert not (tmp_path / "here").exists()
    done = _bonekb(tmp_path, XDG_CACHE_HOME="xdg")
    assert done.returncode == 0 and len(done.stderr.splitlines()) == 1
    assert not (tmp_path / "xdg").exists()
    assert _files(tmp_path / "home" / ".cache" / "bonekb" / "templates")
