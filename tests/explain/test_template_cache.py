"""One cache of compiled templates (engine/explain/codecache.py), with the disk cache on or off: a
template is compiled once per process whatever number of environments render it, loaded from disk at
most once per process, compiled again when its source changes, and its disk entry is keyed by content
and the code digest, never by its name alone."""

from __future__ import annotations

import jinja2
import pytest

from bonekb.engine import checkcache
from bonekb.engine.explain import codecache
from bonekb.engine.explain.environment import make_environment, render


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """A cache folder of the test's own, with the cache on."""
    monkeypatch.setenv("BONEKB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("BONEKB_NO_CACHE", raising=False)
    return tmp_path / "cache"


@pytest.fixture
def templates(tmp_path, monkeypatch):
    """A folder with one template, this process's memory of compiled templates emptied, and counters
    of Jinja's compilations and of the templates/ entries read."""
    folder = tmp_path / "en"
    folder.mkdir()
    (folder / "hello.md.j2").write_text("Hello {{ name }}\n", encoding="utf-8")
    codecache.COMPILED_TEMPLATES.clear()
    counts = {"compiled": 0, "read": 0}
    real_compile, real_read = jinja2.Environment.compile, codecache.read_entry

    def compiling(self, *args, **kwargs):
        counts["compiled"] += 1
        return real_compile(self, *args, **kwargs)

    def reading(kind, key):
        counts["read"] += kind == "templates"
        return real_read(kind, key)
    monkeypatch.setattr(jinja2.Environment, "compile", compiling)
    monkeypatch.setattr(codecache, "read_entry", reading)
    yield folder, counts
    codecache.COMPILED_TEMPLATES.clear()


def _render_in_new_environments(folder, times: int, name: str = "me") -> list[str]:
    return [render(make_environment(folder, {}), "hello.md.j2", {"name": name}) for _ in range(times)]


@pytest.mark.parametrize("no_cache", ["1", ""])
def test_every_environment_shares_the_one_cache(no_cache, tmp_path, monkeypatch):
    monkeypatch.setenv("BONEKB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("BONEKB_NO_CACHE", no_cache)
    first, second = make_environment(tmp_path, {}), make_environment(tmp_path, {})
    assert first.bytecode_cache is second.bytecode_cache is codecache.COMPILED_TEMPLATES


def test_with_the_cache_off_a_template_is_compiled_once_per_process(templates, monkeypatch):
    folder, counts = templates
    monkeypatch.setenv("BONEKB_NO_CACHE", "1")
    assert _render_in_new_environments(folder, 3) == ["Hello me\n"] * 3
    assert counts == {"compiled": 1, "read": 0}


def test_with_the_cache_on_the_disk_entry_is_read_at_most_once_per_process(templates, cache_dir):
    folder, counts = templates
    assert _render_in_new_environments(folder, 3) == ["Hello me\n"] * 3
    assert counts == {"compiled": 1, "read": 1}  # a miss, then the process's memory
    assert len(list((cache_dir / "templates").iterdir())) == 1
    codecache.COMPILED_TEMPLATES.clear()  # as a new process: loaded from disk, not compiled
    assert _render_in_new_environments(folder, 2) == ["Hello me\n"] * 2
    assert counts == {"compiled": 1, "read": 2}


@pytest.mark.parametrize("no_cache", ["1", ""])
def test_a_changed_template_is_compiled_again(templates, cache_dir, monkeypatch, no_cache):
    folder, counts = templates
    monkeypatch.setenv("BONEKB_NO_CACHE", no_cache)
    assert _render_in_new_environments(folder, 1) == ["Hello me\n"]
    (folder / "hello.md.j2").write_text("Bye {{ name }}\n", encoding="utf-8")
    assert _render_in_new_environments(folder, 2) == ["Bye me\n"] * 2
    (folder / "hello.md.j2").write_text("Hello {{ name }}\n", encoding="utf-8")  # back: remembered
    assert _render_in_new_environments(folder, 1) == ["Hello me\n"]
    assert counts["compiled"] == 2


def test_the_disk_entry_is_keyed_by_content_and_the_code(templates, cache_dir, monkeypatch):
    folder, counts = templates
    _render_in_new_environments(folder, 1)
    codecache.COMPILED_TEMPLATES.clear()
    monkeypatch.setattr(codecache, "_compiler_digest", lambda: "another version of bonekb")
    _render_in_new_environments(folder, 1)
    assert counts["compiled"] == 2
    assert len(list((cache_dir / "templates").iterdir())) == 2
    checksum = codecache.COMPILED_TEMPLATES.get_source_checksum("Hello {{ name }}\n")
    assert len(checksum) == 64  # sha256, not Jinja's sha1
    assert {sum for _, sum in codecache.COMPILED_TEMPLATES.in_memory} == {checksum}


def test_memory_is_bounded(templates, monkeypatch):
    folder, _ = templates
    monkeypatch.setenv("BONEKB_NO_CACHE", "1")
    monkeypatch.setattr(codecache.TemplateCodeCache, "MAX_IN_MEMORY", 3)
    for number in range(10):
        (folder / "hello.md.j2").write_text(f"{number} {{{{ name }}}}\n", encoding="utf-8")
        assert _render_in_new_environments(folder, 1) == [f"{number} me\n"]
        assert len(codecache.COMPILED_TEMPLATES.in_memory) <= 3


def test_no_template_entry_when_the_cache_is_off(templates, cache_dir, monkeypatch):
    folder, _ = templates
    monkeypatch.setenv("BONEKB_NO_CACHE", "true")
    checkcache._cache_root.cache_clear()
    _render_in_new_environments(folder, 2)
    assert not (cache_dir / "templates").exists()
