"""Where batch writes: never the input, never one target onto the other, never through a link or
onto a device or FIFO, never a file named '-'; permissions follow the umask; a second run onto the
same output refuses; stale temporary files of dead runs are swept, live ones left alone.
Before: each of these lost or replaced data, or left files behind."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

PEOPLE = "age,sex\n30,male\n70,female\n"




@pytest.fixture
def source(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(PEOPLE, encoding="utf-8")
    return path


def _names(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.mark.parametrize(("args", "words"), [
    (["-o", "{in}"], ["OUTPUT", "is the input file"]),
    (["-o", "{dir}/out.jsonl", "--errors", "{in}"], ["--errors", "is the input file"]),
    (["-o", "{dir}/x.jsonl", "--errors", "{dir}/x.jsonl"], ["--errors", "is also the output file"]),
    (["-o", "{dir}/./sub/../in.csv"], ["is the input file"]),
    (["-o", "{dir}/hard.csv"], ["is the input file"]),
    (["-o", "{dir}/link.jsonl"], ["symbolic link"]),
    (["-o", "{dir}/fifo"], ["not a regular file"]),
    (["-o", "{dir}/sub"], ["not a regular file"]),
    (["-o", "-"], ["'-' is not accepted"]),
    (["-o", "{dir}/out.jsonl", "--errors", "-"], ["--errors", "'-' is not accepted"]),
])
def test_targets_that_would_lose_data_are_refused(run_cli, source, tmp_path, monkeypatch, args, words,
                                                  one_line_refusal):
    (tmp_path / "sub").mkdir()
    os.link(source, tmp_path / "hard.csv")
    (tmp_path / "kept.jsonl").write_text("someone's file\n", encoding="utf-8")
    (tmp_path / "link.jsonl").symlink_to(tmp_path / "kept.jsonl")
    os.mkfifo(tmp_path / "fifo")
    before = {p.name: (p.lstat().st_mode, p.read_bytes() if p.is_file() else None) for p in tmp_path.iterdir()}
    monkeypatch.chdir(tmp_path)
    argv = [a.format(**{"in": source, "dir": tmp_path}) for a in args]
    one_line_refusal(run_cli("batch", str(source), *argv), *words)
    after = {p.name: (p.lstat().st_mode, p.read_bytes() if p.is_file() else None) for p in tmp_path.iterdir()}
    assert after == before  # nothing replaced, truncated or created (no file named '-')


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_output_and_errors_permissions_follow_the_umask(run_cli, tmp_path, umask, mode):
    source = tmp_path / "in.csv"
    source.write_text(PEOPLE + "-3,male\n", encoding="utf-8")
    previous = os.umask(umask)
    try:
        result = run_cli("batch", str(source), "-o", str(tmp_path / "out.jsonl"))
    finally:
        os.umask(previous)
    assert result.exit_code == 1, result.output
    for name in ("out.jsonl", "out.jsonl.errors.jsonl"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == mode, name


def test_a_second_run_onto_a_locked_output_refuses(run_cli, source, tmp_path, one_line_refusal):
    from bonekb.engine.batchfiles import locked

    output = tmp_path / "out.jsonl"
    output.write_text("the first run's results\n", encoding="utf-8")
    with locked(output, "OUTPUT"):
        one_line_refusal(run_cli("batch", str(source), "-o", str(output)), "another bonekb batch is writing")
    assert output.read_text(encoding="utf-8") == "the first run's results\n"
    assert run_cli("batch", str(source), "-o", str(output)).exit_code == 0  # the lock went with its holder
    assert _names(tmp_path) == ["in.csv", "out.jsonl"]


def test_two_real_runs_onto_one_output_cannot_both_succeed(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("age,sex,taking\n" + "70,female,calcium carbonate 1250 mg\n" * 20000, encoding="utf-8")
    output = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "bonekb", "batch", str(source), "-o", str(output)]
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        second = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        first_err = first.communicate(timeout=300)[1]
    finally:
        first.kill()
        first.communicate()
    codes = sorted([first.returncode, second.returncode])
    assert codes == [0, 2], (first.returncode, first_err, second.returncode, second.stderr)
    refused = second.stderr if second.returncode == 2 else first_err
    assert len(refused.splitlines()) == 1 and "another bonekb batch is writing" in refused
    assert len(output.read_text(encoding="utf-8").splitlines()) == 20000
    assert _names(tmp_path) == ["in.csv", "out.jsonl"]


def test_stale_part_files_are_swept_and_live_ones_kept(run_cli, source, tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True)
    stale = tmp_path / f".out.jsonl.{int(dead.stdout)}.0123abcd.part"
    live = tmp_path / f".out.jsonl.{os.getpid()}.89abcdef.part"
    other = tmp_path / f".other.jsonl.{int(dead.stdout)}.0123abcd.part"
    for path in (stale, live, other):
        path.write_bytes(b"x" * 1000)
    assert run_cli("batch", str(source), "-o", str(tmp_path / "out.jsonl")).exit_code == 0
    assert not stale.exists()
    assert live.exists() and other.exists()  # a live run's, and another target's
