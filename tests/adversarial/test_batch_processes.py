"""Batch as real processes meet it: SIGTERM and SIGHUP remove the temporary files, a killed worker
ends the run with exit 1 and a message, and a knowledge base that fails to load or that the engine
refuses is one error before any worker starts. Before: .part files piled up, the parent waited for
ever, and workers were respawned without end."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bonekb.engine import batch as batch_module
from bonekb.engine.errors import KnowledgeBaseError

ROW = "70,female,post,calcium carbonate 1250 mg; D3 1000 IU,warfarin\n"


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("big") / "people.csv"
    path.write_text("age,sex,menopause,taking,medications\n" + ROW * 30000, encoding="utf-8")
    return path


def _start(source: Path, output: Path, jobs: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bonekb", "batch", str(source), "-o", str(output),
                             "--jobs", str(jobs)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _end(process: subprocess.Popen) -> None:
    """Kill the run's whole process group, workers included, whatever the test found."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def _wait_for_writing(folder: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if any(p.name.endswith(".part") and p.stat().st_size > 0 for p in folder.iterdir()):
            return
        time.sleep(0.05)
    pytest.fail("the run never started writing")


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(child) for child in text.split()]


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_removes_the_temporary_files(big_csv, tmp_path, signum, jobs):
    output = tmp_path / "out.jsonl"
    process = _start(big_csv, output, jobs)
    try:
        _wait_for_writing(tmp_path, process)
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=60)
    finally:
        _end(process)
    assert process.returncode == 128 + signum, stderr
    assert stderr.splitlines() == [f"bonekb: batch stopped by {signal.Signals(signum).name}; nothing was written"]
    assert os.listdir(tmp_path) == []  # no output, no .part, no lock


def test_a_killed_worker_ends_the_run_with_exit_1(big_csv, tmp_path):
    output = tmp_path / "out.jsonl"
    process = _start(big_csv, output, 2)
    try:
        _wait_for_writing(tmp_path, process)
        workers = _children(process.pid)
        assert len(workers) == 2, workers
        os.kill(workers[0], signal.SIGKILL)
        _, stderr = process.communicate(timeout=60)  # before: the parent waited for ever
    finally:
        _end(process)
    assert process.returncode == 1, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1 and "worker process ended" in lines[0], stderr
    assert os.listdir(tmp_path) == []


def test_a_knowledge_base_that_fails_to_load_is_one_error_before_workers(kb_copy, tmp_path):
    (kb_copy / "rules" / "broken.yaml").write_text("rules: [\n", encoding="utf-8")
    source = tmp_path / "in.csv"
    source.write_text("age\n30\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "bonekb", "batch", str(source), "-o", str(tmp_path / "o.jsonl"),
                           "--jobs", "2", "--kb", str(kb_copy)], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1 and "broken.yaml" in done.stderr, done.stderr


def test_a_ruleset_the_engine_refuses_starts_no_worker(run_cli, tmp_path, monkeypatch):
    """The engine's refusal comes in this process, once; a pool would respawn failing workers for ever."""
    def refuse(self, kb):
        raise KnowledgeBaseError("rules", "the rules engine refused the ruleset")

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started")

    monkeypatch.setattr("bonekb.engine.session.RuleSession.__init__", refuse)
    monkeypatch.setattr(batch_module, "WorkerPool", no_pool)
    source = tmp_path / "in.csv"
    source.write_text("age\n30\n", encoding="utf-8")
    result = run_cli("batch", str(source), "-o", str(tmp_path / "out.jsonl"), "--jobs", "2")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ["bonekb: rules: the rules engine refused the ruleset"]
    assert os.listdir(tmp_path) == ["in.csv"]


# A worker that dies in the middle of sending its results: once its main thread blocks writing a large
# result into a full pipe or socket (part of the message is out), it kills itself. The run must end with exit 1 at once.
DIES_MID_RESULT = r"""
import os, signal, sys, threading, time
from pathlib import Path
from bonekb.engine import batch
from bonekb.engine.errors import BonekbError

def blocked_writing(tid):
    where = Path(f"/proc/self/task/{tid}/wchan").read_text()  # the kernel function it sleeps in
    return "pipe_write" in where or "send" in where  # a full pipe, or a full socket of a Pipe()

def kill_once_writing(tid):
    while not blocked_writing(tid):
        time.sleep(0.0005)
    os.kill(os.getpid(), signal.SIGKILL)

class Huge:
    # Pickled in the worker just before the result is sent: from then on, the worker watches its main thread.
    def __reduce__(self):
        if os.getpid() != PARENT:
            tid = threading.get_native_id()
            threading.Thread(target=kill_once_writing, args=(tid,), daemon=True).start()
        return (bytes, (b"x" * 20_000_000,))

real = batch._evaluate_chunk
def evaluate_then_die(records):
    out = real(records)
    if records[0].row > 250:
        out.append((records[0], Huge()))
    return out

PARENT = os.getpid()
batch._evaluate_chunk = evaluate_then_die
source, output = Path(sys.argv[1]), Path(sys.argv[2])
try:
    batch.run_batch(source, "csv", output, output.with_suffix(".errors.jsonl"), jobs=2)
except BonekbError as err:
    print(type(err).__name__, err.exit_code, err)
    sys.exit(err.exit_code)
"""


def test_a_worker_killed_while_sending_its_results_ends_the_run_at_once(tmp_path):
    """Before: the pool's manager thread read the half-sent result for ever, and the parent waited with it."""
    source = tmp_path / "in.csv"
    source.write_text("age,sex,menopause,taking,medications\n" + ROW * 1500, encoding="utf-8")
    output = tmp_path / "out" / "out.jsonl"
    output.parent.mkdir()
    output.write_text("the previous complete run\n", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-c", DIES_MID_RESULT, str(source), str(output)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=60)
    finally:
        _end(process)
    assert process.returncode == 1, (stdout, stderr[-2000:])
    assert stdout.startswith("WorkerDied 1 a worker process ended"), stdout
    assert os.listdir(output.parent) == ["out.jsonl"]  # no temporary file, no lock
    assert output.read_text(encoding="utf-8") == "the previous complete run\n"  # the target untouched
