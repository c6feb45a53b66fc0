"""`bonekb batch --dask`: the same bytes as `--jobs 1`, every row exactly once when a worker is
killed mid-run, Ctrl-C leaves nothing, and without the extra the option says how to install it."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from population import run_bonekb

ROW = "70,female,post,calcium carbonate 1250 mg; D3 1000 IU,warfarin\n"


def test_dask_local_writes_what_jobs_one_writes(population, jobs_one, tmp_path):
    source, _ = population
    output = tmp_path / "out.jsonl"
    done = run_bonekb("batch", str(source), "-o", str(output), "--dask", "local", "--jobs", "2")
    assert done.returncode == 1, done.stderr  # the bad rows
    assert done.stderr.splitlines()[-1].startswith("2000 rows: 1994 results in ")
    assert output.read_bytes() == jobs_one[0].read_bytes()
    assert (tmp_path / "out.jsonl.errors.jsonl").read_bytes() == jobs_one[1].read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "out.jsonl.errors.jsonl"]


@pytest.fixture(scope="module")
def cluster():
    """A cluster of two worker processes (each under a nanny that restarts it), and a client to see them."""
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as local, Client(local) as client:
        yield local.scheduler_address, client


@pytest.fixture(scope="module")
def same_people(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("same") / "people.csv"
    path.write_text("age,sex,menopause,taking,medications\n" + ROW * 5000, encoding="utf-8")
    return path


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bonekb", "batch", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def _end(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def _wait_for_writing(folder: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if any(p.name.endswith(".part") and p.stat().st_size > 0 for p in folder.iterdir()):
            return
        time.sleep(0.05)
    pytest.fail("the run never started writing")


def test_a_killed_worker_is_retried_and_every_row_comes_once(cluster, same_people, tmp_path, evaluator):
    address, client = cluster
    output = tmp_path / "out.jsonl"
    process = _start(str(same_people), "-o", str(output), "--dask", address)
    try:
        _wait_for_writing(tmp_path, process)
        victim = min(client.run(os.getpid).values())  # one worker process's pid, through the scheduler
        os.kill(victim, signal.SIGKILL)
        assert process.poll() is None, "the run ended before a worker could be killed mid-run"
        _, stderr = process.communicate(timeout=240)
    finally:
        _end(process)
    assert process.returncode == 0, stderr
    assert victim not in client.run(os.getpid).values()  # the nanny started a new worker process
    lines = output.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["row"] for line in lines] == list(range(1, 5001))  # each row once, in order
    expected = {**evaluator.evaluate({"age": "70", "sex": "female", "menopause": "post",
                                      "taking": ["calcium carbonate 1250 mg", "D3 1000 IU"],
                                      "medications": ["warfarin"]}).as_dict("en")}
    assert all({k: v for k, v in json.loads(line).items() if k != "row"} == expected for line in lines[::97])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_ctrl_c_cancels_the_futures_and_writes_nothing(cluster, same_people, tmp_path):
    address, client = cluster
    output = tmp_path / "out.jsonl"
    process = _start(str(same_people), "-o", str(output), "--dask", address)
    try:
        _wait_for_writing(tmp_path, process)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
    finally:
        _end(process)
    assert process.returncode == 130, stderr
    assert stderr.splitlines()[-1] == "bonekb: batch stopped by SIGINT; nothing was written"
    assert os.listdir(tmp_path) == []
    deadline = time.monotonic() + 30  # the run's futures were cancelled: the scheduler forgets its tasks
    while time.monotonic() < deadline and _chunk_tasks(client):
        time.sleep(0.2)
    assert _chunk_tasks(client) == []


def test_ctrl_c_at_a_terminal_stops_a_local_cluster_in_one_line(same_people, tmp_path):
    """A terminal sends SIGINT to the whole process group, the local workers included: they leave
    the decision to the batch, which cancels, closes the cluster and writes nothing."""
    output = tmp_path / "out.jsonl"
    process = _start(str(same_people), "-o", str(output), "--dask", "local", "--jobs", "2")
    try:
        _wait_for_writing(tmp_path, process)
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=120)
    finally:
        _end(process)
    assert process.returncode == 130, stderr
    assert stderr.splitlines() == ["bonekb: batch stopped by SIGINT; nothing was written"]
    assert os.listdir(tmp_path) == []


def _chunk_tasks(client) -> list[str]:
    keys = client.run_on_scheduler(lambda dask_scheduler: [str(key) for key in dask_scheduler.tasks])
    return [key for key in keys if "bonekb-chunk" in key]


@pytest.mark.parametrize(("args", "missing", "name"), [
    (["--dask", "local"], "distributed", "--dask: --dask"),
    (["--dask", "tcp://127.0.0.1:1"], "dask", "--dask: --dask"),
    ([], "pyarrow", "OUTPUT: a Parquet OUTPUT"),
])
def test_without_the_extra_the_option_says_how_to_install_it(run_cli, tmp_path, monkeypatch, args, missing, name):
    source = tmp_path / "people.csv"
    source.write_text("age\n30\n", encoding="utf-8")
    output = tmp_path / ("out.parquet" if not args else "out.jsonl")
    monkeypatch.setitem(sys.modules, missing, None)  # as if not installed
    result = run_cli("batch", str(source), "-o", str(output), *args)
    assert result.exit_code == 2
    assert result.stderr == (f"bonekb: {name} needs bonekb's dask extra ({missing} is not installed): "
                             "pip install 'bonekb[dask]'\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv"]


def test_cli_start_up_does_not_import_the_extra():
    code = ("import sys; from click.testing import CliRunner; from bonekb.cli.main import cli; "
            "r = CliRunner().invoke(cli, ['batch', '--help']); assert r.exit_code == 0, r.output; "
            "import bonekb; bonekb.__version__; "
            "extra = ('pyarrow', 'pandas', 'dask', 'distributed', 'numpy'); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in extra))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
