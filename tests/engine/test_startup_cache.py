"""The start-up cache (engine/checkcache.py): parsed YAML and compiled templates are reused only while
their content is the same, a corrupt, truncated or planted entry is ignored and rewritten, the cache
is off with BONEKB_NO_CACHE=1, and processes sharing it at once neither corrupt it nor each other."""

from __future__ import annotations

import hashlib
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bonekb.engine import checkcache, yamlsource
from bonekb.engine.validate import load_knowledge_base

KINDS = ("checked", "options", "yaml", "templates")


def _bonekb(*args: str, env: dict[str, str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bonekb", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, check=False)


def _env(cache: Path | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("BONEKB_NO_CACHE", "BONEKB_CACHE_DIR")}
    if cache is not None:
        env["BONEKB_CACHE_DIR"] = str(cache)
    return {**env, **extra}


def _entries(cache: Path, kind: str) -> list[Path]:
    folder = cache / kind
    return sorted(p for p in folder.iterdir() if not p.name.startswith(".")) if folder.is_dir() else []


def _count_parses(monkeypatch) -> list[str]:
    parsed: list[str] = []
    real = yamlsource._parse

    def counting(text, path):
        parsed.append(path)
        return real(text, path)
    monkeypatch.setattr(yamlsource, "_parse", counting)
    return parsed


def test_parsed_yaml_comes_from_the_cache_with_its_positions(cache_dir, monkeypatch):
    text = "rules:\n  - id: first\n    sources: [DOSE-1, TEAM-1]\n"
    parsed = _count_parses(monkeypatch)
    first = yamlsource.parse_yaml(text, "rules/x.yaml")
    second = yamlsource.parse_yaml(text, "rules/x.yaml")
    assert parsed == ["rules/x.yaml"]  # the second came from the cache
    assert second.data == first.data and second.root is None
    assert second.position(("rules", 0, "sources", 1)) == first.position(("rules", 0, "sources", 1))
    assert str(second.position(("rules", 0, "sources", 1))) == "rules/x.yaml:3:23"


def test_data_json_cannot_give_back_exactly_is_not_cached(cache_dir, monkeypatch):
    parsed = _count_parses(monkeypatch)
    for text in ("when: 2026-11-27\n", "1: one\n", "true: yes\n", "x: .nan\n"):
        first = yamlsource.parse_yaml(text, "x.yaml")
        second = yamlsource.parse_yaml(text, "x.yaml")
        assert type(next(iter(second.data))) is type(next(iter(first.data)))
        assert repr(second.data) == repr(first.data)
    assert len(parsed) == 8
    assert _entries(cache_dir, "yaml") == []


def test_any_changed_knowledge_base_file_is_read_again(kb_copy, cache_dir, run_cli):
    load_knowledge_base(kb_copy)
    table = kb_copy / "rules" / "table.yaml"
    table.write_text(table.read_text(encoding="utf-8").replace('title: "Adults', 'title: "Grown-ups', 1),
                     encoding="utf-8")
    assert any(r.title.startswith("Grown-ups") for r in load_knowledge_base(kb_copy).rules)
    before = run_cli("why", "k2", "--kb", str(kb_copy)).output
    template = kb_copy / "explanations" / "why.md.j2"  # the template every language shares
    template.write_text(template.read_text(encoding="utf-8") + "\nA line added to the template.\n", encoding="utf-8")
    after = run_cli("why", "k2", "--kb", str(kb_copy)).output
    assert after != before and "A line added to the template." in after
    words = kb_copy / "explanations" / "en" / "words.yaml"
    words.write_text(words.read_text(encoding="utf-8") + "\n# a comment changes the file, not the words\n",
                     encoding="utf-8")
    assert run_cli("why", "k2", "--kb", str(kb_copy)).output == after
    assert len(_entries(cache_dir, "checked")) == 4  # one per version of the knowledge base: each checked


def test_a_template_is_compiled_once_then_loaded(kb_copy, cache_dir, run_cli, monkeypatch):
    import jinja2

    compiled: list[str] = []
    real = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return real(self, source, name, filename, raw, defer_init)
    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    first = run_cli("why", "k2", "--kb", str(kb_copy)).output
    assert compiled and _entries(cache_dir, "templates")
    compiled.clear()
    assert run_cli("why", "k2", "--kb", str(kb_copy)).output == first
    assert compiled == []


def _damage(entries: list[Path], how: str) -> None:
    for path in entries:
        data = path.read_bytes()
        if how == "truncated":
            path.write_bytes(data[: len(data) // 2])
        elif how == "flipped":
            path.write_bytes(data[:-1] + bytes([data[-1] ^ 0xFF]) if len(data) > 32 else b"\xff" * 40)
        elif how == "empty":
            path.write_bytes(b"")
        else:  # planted: a correct digest over something this code never writes
            body = b"\x00not json, not code" if how == "garbage" else marshal.dumps({"not": "code"})
            path.write_bytes(hashlib.sha256(body).digest() + body)


@pytest.mark.parametrize("how", ["truncated", "flipped", "empty", "garbage", "marshalled data"])
def test_a_damaged_entry_is_ignored_and_rewritten(kb_copy, tmp_path, how):
    cache = tmp_path / "cache"
    expected = _bonekb("why", "k2", "--kb", str(kb_copy), env=_env(None, BONEKB_NO_CACHE="1"))
    assert expected.returncode == 0, expected.stderr
    assert _bonekb("why", "k2", "--kb", str(kb_copy), env=_env(cache)).stdout == expected.stdout
    damaged = [p for kind in ("yaml", "templates", "options") for p in _entries(cache, kind)]
    assert damaged
    _damage(damaged, how)
    again = _bonekb("why", "k2", "--kb", str(kb_copy), env=_env(cache))
    assert (again.returncode, again.stdout, again.stderr) == (0, expected.stdout, "")
    for path in damaged:  # rewritten whole
        data = path.read_bytes()
        assert hashlib.sha256(data[32:]).digest() == data[:32]


def test_an_entry_others_could_write_is_not_trusted(cache_dir):
    checkcache.write_entry("yaml", "k", b"{}")
    entry = cache_dir / "yaml" / "k"
    assert checkcache.read_entry("yaml", "k") == b"{}"
    entry.chmod(0o666)
    assert checkcache.read_entry("yaml", "k") is None
    entry.chmod(0o600)
    (cache_dir / "yaml").chmod(0o777)
    assert checkcache.read_entry("yaml", "k") is None
    (cache_dir / "yaml").chmod(0o700)
    entry.rename(cache_dir / "yaml" / "target")
    entry.symlink_to(cache_dir / "yaml" / "target")
    assert checkcache.read_entry("yaml", "k") is None  # a symlink is not followed


def test_an_entry_larger_than_the_bound_is_not_read(cache_dir, monkeypatch):
    checkcache.write_entry("yaml", "big", b"x" * 100)
    monkeypatch.setattr(checkcache, "MAX_ENTRY_BYTES", 99)
    assert checkcache.read_entry("yaml", "big") is None
    checkcache.write_entry("yaml", "bigger", b"x" * 100)
    assert not (cache_dir / "yaml" / "bigger").exists()


def test_no_cache_at_all_when_turned_off(kb_copy, tmp_path):
    cache = tmp_path / "cache"
    on = _bonekb("why", "k2", "--kb", str(kb_copy), env=_env(cache))
    off = _bonekb("why", "k2", "--kb", str(kb_copy), env=_env(tmp_path / "unused", BONEKB_NO_CACHE="1"))
    assert on.returncode == off.returncode == 0 and on.stdout == off.stdout
    assert {kind for kind in KINDS if _entries(cache, kind)} == set(KINDS)
    assert not (tmp_path / "unused").exists()


def test_the_cache_folder_follows_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.delenv("BONEKB_CACHE_DIR", raising=False)
    monkeypatch.delenv("BONEKB_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert checkcache.cache_root() == tmp_path / "xdg" / "bonekb"
    monkeypatch.setenv("BONEKB_CACHE_DIR", str(tmp_path / "mine"))
    assert checkcache.cache_root() == tmp_path / "mine"
    monkeypatch.setenv("BONEKB_NO_CACHE", "1")
    assert checkcache.cache_root() is None


def test_processes_sharing_the_cache_at_once_neither_corrupt_it_nor_each_other(kb_copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    commands = [["why", "k2"], ["ask", "how much D3 should I take?"], ["recommend", "--age", "35", "--sex", "female"]]
    expected = {}
    for args in commands:
        done = _bonekb(*args, "--kb", str(kb_copy), env=_env(None, BONEKB_NO_CACHE="1"))
        assert done.returncode == 0, done.stderr
        expected[tuple(args)] = done.stdout
    for _ in range(2):  # an empty cache filled by all at once, then read by all at once
        running = [(args, subprocess.Popen([sys.executable, "-m", "bonekb", *args, "--kb", str(kb_copy)],
                                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                           env=_env(cache)))
                   for args in commands * 3]
        for args, process in running:
            out, err = process.communicate(timeout=300)
            assert (process.returncode, err) == (0, "")
            assert out == expected[tuple(args)]
    monkeypatch.setenv("BONEKB_CACHE_DIR", str(cache))
    for kind in KINDS:
        assert _entries(cache, kind)
        for path in _entries(cache, kind):
            assert checkcache.read_entry(kind, path.name) is not None, path
    leftovers = [p for kind in KINDS for p in (cache / kind).iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_writers_of_one_entry_at_once_leave_it_whole(cache_dir):
    script = ("import sys\nfrom bonekb.engine.checkcache import write_entry\n"
              "for _ in range(200):\n    write_entry('yaml', 'shared', sys.argv[1].encode() * 50000)\n")
    writers = [subprocess.Popen([sys.executable, "-c", script, letter], env=_env(cache_dir)) for letter in "abcd"]
    reads = set()
    while any(w.poll() is None for w in writers):
        body = checkcache.read_entry("yaml", "shared")
        if body is not None:
            reads.add(body[:1] if body == body[:1] * 50000 else b"torn")
    assert all(w.wait() == 0 for w in writers)
    assert b"torn" not in reads
    assert checkcache.read_entry("yaml", "shared") in {c.encode() * 50000 for c in "abcd"}


def _kb_copy(tmp_path: Path) -> Path:
    import shutil

    from bonekb.engine.knowledge import shipped_root

    root = tmp_path / "kb"
    for part in ("rules", "explanations"):
        shutil.copytree(shipped_root() / part, root / part, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    return root


def _content_digest(root: Path, monkeypatch) -> str:
    from bonekb.engine.knowledge import read_knowledge_base

    with monkeypatch.context() as patch:
        patch.setenv("BONEKB_NO_CACHE", "1")
        return read_knowledge_base(root).digest


def test_the_digest_by_the_files_status_is_their_content_digest(cache_dir, tmp_path, monkeypatch):
    from bonekb.engine import knowledge

    root = _kb_copy(tmp_path)
    monkeypatch.setattr(checkcache, "RACY_NS", -10**15)  # the files just copied count as settled
    by_content = _content_digest(root, monkeypatch)
    assert knowledge.read_knowledge_base(root).digest == by_content
    [entry] = _entries(cache_dir, "digests")
    checkcache.write_entry("digests", entry.name, b"sha256:" + b"0" * 64)  # what the fast path would return
    assert knowledge.read_knowledge_base(root).digest == "sha256:" + "0" * 64
    checkcache.write_entry("digests", entry.name, b"not a digest")  # not what this code writes: ignored
    assert knowledge.read_knowledge_base(root).digest == by_content


def test_a_file_written_since_is_read_again(cache_dir, tmp_path, monkeypatch):
    from bonekb.engine import knowledge

    root = _kb_copy(tmp_path)
    monkeypatch.setattr(checkcache, "RACY_NS", -10**15)
    before = knowledge.read_knowledge_base(root).digest
    template = root / "explanations" / "why.md.j2"
    settled = template.stat()
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace("bonekb why", "bonekB why", 1), encoding="utf-8")  # the same size
    os.utime(template, ns=(settled.st_atime_ns, settled.st_mtime_ns))  # and the same mtime
    assert template.stat().st_size == settled.st_size
    monkeypatch.setattr(checkcache, "RACY_NS", 3_000_000_000)  # a file written in the last seconds: by content
    after = knowledge.read_knowledge_base(root).digest
    assert after != before and after == _content_digest(root, monkeypatch)
    template.write_text(text + "\n", encoding="utf-8")
    monkeypatch.setattr(checkcache, "RACY_NS", -10**15)
    assert knowledge.read_knowledge_base(root).digest == _content_digest(root, monkeypatch) != after


def test_recent_files_and_no_cache_leave_no_digest_entry(cache_dir, tmp_path, monkeypatch):
    from bonekb.engine import knowledge

    root = _kb_copy(tmp_path)
    knowledge.read_knowledge_base(root).digest  # noqa: B018  the files were copied a moment ago
    assert _entries(cache_dir, "digests") == []
    monkeypatch.setattr(checkcache, "RACY_NS", -10**15)
    monkeypatch.setenv("BONEKB_NO_CACHE", "1")
    knowledge.read_knowledge_base(root).digest  # noqa: B018
    assert _entries(cache_dir, "digests") == []


def test_the_checking_codes_digest_by_status_is_its_content_digest(cache_dir, monkeypatch):
    monkeypatch.setattr(checkcache, "RACY_NS", -10**15)
    digests = []
    for no_cache in ("1", "", ""):  # by content; by content, remembered; by status
        monkeypatch.setenv("BONEKB_NO_CACHE", no_cache)
        checkcache.checker_digest.cache_clear()
        digests.append(checkcache.checker_digest())
    checkcache.checker_digest.cache_clear()
    assert digests[0] == digests[1] == digests[2]
    assert len(_entries(cache_dir, "digests")) == 1
