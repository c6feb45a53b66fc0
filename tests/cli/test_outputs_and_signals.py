"""What a command does when its output cannot be written or it is stopped: a full disk (or any write
error) is one line naming what was being written, exit 74, never a traceback and never exit 1 (some
rows were bad); a reader gone away (a broken pipe) ends quietly; Ctrl-C is one line and exit 130 in
every command. Faults are injected (no root for a small file system): a writer raising ENOSPC in
process, and a real process writing its standard output to /dev/full."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import bonekb.engine.batch as batch_module

FULL = "no space left on device"
PROFILE = ("--age", "70", "--sex", "female", "--taking", "calcium carbonate 1250 mg")


def _bonekb() -> list[str]:
    return [sys.executable, "-m", "bonekb"]


def _one_line(result_stderr: str, *words: str) -> str:
    lines = result_stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result_stderr, result_stderr[-800:]
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def _people(path: Path, rows: int = 3, bad: int = 0) -> Path:
    lines = ["age,sex"] + ["70,female"] * rows + ["-3,female"] * bad
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _full(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_disk_under_the_output_is_one_line_and_exit_74(run_cli, tmp_path, monkeypatch, jobs):
    source = _people(tmp_path / "people.csv")
    output = tmp_path / "out.jsonl"
    output.write_text("the previous complete run\n", encoding="utf-8")
    monkeypatch.setattr(batch_module._JsonLines, "write", _full)
    result = run_cli("batch", str(source), "-o", str(output), "--jobs", jobs)
    assert result.exit_code == 74, result.output
    _one_line(result.stderr, f"bonekb: cannot write {output}: {FULL}")
    assert output.read_text(encoding="utf-8") == "the previous complete run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "people.csv"]  # no .part left


def test_a_full_disk_under_the_errors_file_names_the_errors_file(run_cli, tmp_path, monkeypatch):
    source = _people(tmp_path / "people.csv", rows=1, bad=1)
    output, errors = tmp_path / "out.jsonl", tmp_path / "bad.jsonl"
    real = batch_module._JsonLines.write

    def errors_fail(self, line):
        if '"error"' in line:
            _full()
        real(self, line)
    monkeypatch.setattr(batch_module._JsonLines, "write", errors_fail)
    result = run_cli("batch", str(source), "-o", str(output), "--errors", str(errors))
    assert result.exit_code == 74, result.output
    _one_line(result.stderr, f"cannot write {errors}: {FULL}")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv"]


def test_a_full_disk_under_a_parquet_output_is_one_line(run_cli, tmp_path, monkeypatch):
    pytest.importorskip("pyarrow")
    import pyarrow as pa

    from bonekb.engine import batchparquet

    source = _people(tmp_path / "people.csv")
    output = tmp_path / "out.parquet"

    def arrow_full(self):
        raise pa.lib.ArrowIOError("[Errno 28] Error writing bytes to file. Detail: [errno 28] No space left on device")
    monkeypatch.setattr(batchparquet.ParquetResults, "flush", arrow_full)
    result = run_cli("batch", str(source), "-o", str(output))
    assert result.exit_code == 74, result.output
    _one_line(result.stderr, f"cannot write {output}: {FULL}")
    assert not output.exists()


@pytest.mark.parametrize("command", [["recommend", *PROFILE], ["explain", *PROFILE, "--format", "html"],
                                     ["why", "k2"], ["rules", "list"], ["schema", "profile"]])
def test_standard_output_on_a_full_disk_is_one_line_and_exit_74(command):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "w") as full:
        done = subprocess.run([*_bonekb(), *command], stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 74, done.stderr[-800:]
    _one_line(done.stderr, f"bonekb: cannot write standard output: {FULL}")


def test_a_reader_that_went_away_ends_quietly():
    """`bonekb rules list --format json | head -c1`: the pipe's reader is gone; no traceback, no line."""
    proc = subprocess.Popen([*_bonekb(), "rules", "list", "--format", "json"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader went away before anything was written
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 141, err.decode()[-800:]
    assert err == b""


@pytest.mark.parametrize("command", ["recommend", "why", "ask", "explain"])
def test_ctrl_c_is_one_line_and_exit_130(run_cli, monkeypatch, command):
    from bonekb.engine import evaluate

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt
    monkeypatch.setattr(evaluate.Evaluator, "evaluate_traced", interrupted)
    monkeypatch.setattr(evaluate.Evaluator, "evaluate", interrupted)
    args = {"why": ["why", "k2", *PROFILE], "ask": ["ask", "how much D3?", *PROFILE]}.get(command, [command, *PROFILE])
    result = run_cli(*args)
    assert result.exit_code == 130, result.output
    line = _one_line(result.stderr, "stopped by SIGINT")
    assert "Aborted" not in line


def _waiting_on_stdin(pid: int, timeout: float = 60) -> None:
    """Wait until the process blocks reading its standard input (so the signal meets the command)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            wchan = Path(f"/proc/{pid}/wchan").read_text()
        except OSError:
            pytest.skip("no /proc/PID/wchan here")
        if "pipe" in wchan or "wait_woken" in wchan:
            return
        time.sleep(0.05)
    pytest.fail("the process never read its standard input")


def test_ctrl_c_on_the_installed_command_is_exit_130():
    proc = subprocess.Popen([*_bonekb(), "recommend", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        _waiting_on_stdin(proc.pid)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130, err[-800:]
    _one_line(err, "bonekb: stopped by SIGINT")
    assert out == ""


def test_a_full_disk_when_the_temporary_file_is_created_is_exit_74(run_cli, tmp_path, monkeypatch):
    from bonekb.engine import batchfiles

    source = _people(tmp_path / "people.csv")
    output = tmp_path / "out.jsonl"
    real_open = os.open

    def no_room(path, flags, *args):
        if str(path).endswith(".part"):
            _full()
        return real_open(path, flags, *args)
    monkeypatch.setattr(batchfiles.os, "open", no_room)
    result = run_cli("batch", str(source), "-o", str(output))
    assert result.exit_code == 74, result.output
    _one_line(result.stderr, f"cannot write {output}: {FULL}")
