"""`bonekb batch` as a user runs it over a file of people: results in order for the good rows, the
bad rows named by number, the same output with one or two workers, no half file on interruption."""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bonekb.engine import batch as batch_module

COLUMNS = ["age", "sex", "menopause", "pregnant", "sun", "sun_minutes", "sun_midday", "arms_legs_bare",
           "diet_calcium", "taking", "medications", "conditions"]
BAD_ROWS = {7: ("age", "-3"), 523: ("sex", "x"), 1400: ("taking", "calcium 500 kg"), 1999: ("pregnant", "maybe")}
SHORT_ROW = 1000  # a row with too few cells


def _person(rng: random.Random) -> dict[str, str]:
    sex = rng.choice(["female", "male", ""])
    return {
        "age": str(rng.choice([rng.randint(0, 100), 19, 65, ""])),
        "sex": sex,
        "menopause": rng.choice(["pre", "post", ""]) if sex != "male" else "",
        "pregnant": rng.choice(["no", "false", ""]),
        "sun": rng.choice(["low", "enough", ""]),
        "sun_minutes": rng.choice(["", "5", "20"]),
        "sun_midday": rng.choice(["", "yes", "no"]),
        "arms_legs_bare": rng.choice(["", "true", "false"]),
        "diet_calcium": rng.choice(["", "500", "1300"]),
        "taking": rng.choice(["", "calcium carbonate 1250 mg", "calcium 500 mg; D3 1000 IU; K2 MK-7 100 ug"]),
        "medications": rng.choice(["", "warfarin", "levothyroxine; alendronate"]),
        "conditions": rng.choice(["", "kidney stones"]),
    }


def write_csv(path: Path, rows: int, seed: int = 6) -> list[dict[str, str] | None]:
    """A CSV of `rows` people with the bad rows above; returns the good rows' profiles (None for bad)."""
    rng = random.Random(seed)
    people: list[dict[str, str] | None] = []
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for row in range(1, rows + 1):
            person = _person(rng)
            if row in BAD_ROWS:
                field, value = BAD_ROWS[row]
                person.update({"sex": "female", "menopause": "", field: value})
            if row == SHORT_ROW:
                writer.writerow(["40", "male"])
                people.append(None)
                continue
            writer.writerow([person[c] for c in COLUMNS])
            people.append(None if row in BAD_ROWS else person)
    return people


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def people_csv(tmp_path_factory) -> tuple[Path, list]:
    path = tmp_path_factory.mktemp("batch") / "people.csv"
    return path, write_csv(path, 2000)


def test_good_rows_in_order_and_bad_rows_by_number(run_cli, people_csv, tmp_path, evaluator):
    source, people = people_csv
    output = tmp_path / "results.jsonl"
    result = run_cli("batch", str(source), "-o", str(output))
    assert result.exit_code == 1  # some rows were bad
    assert "2000 rows: 1995 results" in result.stderr
    results = read_jsonl(output)
    good = [row for row, person in enumerate(people, start=1) if person is not None]
    assert [r["row"] for r in results] == good
    errors = read_jsonl(tmp_path / "results.jsonl.errors.jsonl")
    assert [e["row"] for e in errors] == sorted([*BAD_ROWS, SHORT_ROW])
    by_row = {e["row"]: e for e in errors}
    assert by_row[7]["error"].startswith("profile: age: '-3' is out of range")
    assert by_row[7]["line"] == 8  # the header is line 1
    assert by_row[523]["error"].startswith("profile: sex: 'x'")
    assert by_row[1400]["error"].startswith("profile: taking: 'kg' is not a unit for calcium")
    assert by_row[1999]["error"].startswith("profile: pregnant: 'maybe'")
    assert by_row[SHORT_ROW]["error"] == "row has 2 cells; the header has 12 columns"
    # each result is what recommend gives that person (the CSV cells read as the contract's fields)
    for record in results[:60]:
        person = people[record["row"] - 1]
        raw = {k: ([p.strip() for p in v.split(";")] if k in ("taking", "medications", "conditions") else v)
               for k, v in person.items() if v}
        assert record == {"row": record["row"], **evaluator.evaluate(raw).as_dict("en")}


def test_one_and_two_workers_write_the_same_output(run_cli, people_csv, tmp_path):
    source, _ = people_csv
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run_cli("batch", str(source), "-o", str(one), "--jobs", "1").exit_code == 1
    assert run_cli("batch", str(source), "-o", str(two), "--jobs", "2").exit_code == 1
    assert one.read_bytes() == two.read_bytes()
    assert (tmp_path / "one.jsonl.errors.jsonl").read_text() == (tmp_path / "two.jsonl.errors.jsonl").read_text()


def test_json_lines_input_with_bad_lines(run_cli, tmp_path):
    source = tmp_path / "people.jsonl"
    source.write_text('{"age": 30, "sex": "male"}\n\n{"age": 70,\n[1, 2]\n{"age": 8, "taking": ["D3 400 IU"]}\n',
                      encoding="utf-8")
    output, errors = tmp_path / "out.jsonl", tmp_path / "bad.jsonl"
    result = run_cli("batch", str(source), "-o", str(output), "--errors", str(errors))
    assert result.exit_code == 1
    assert [(r["row"], r["groups"]) for r in read_jsonl(output)] == [(1, ["adults"]), (4, ["children"])]
    bad = read_jsonl(errors)
    assert [(e["row"], e["line"]) for e in bad] == [(2, 3), (3, 4)]
    assert bad[0]["error"].startswith("not valid JSON")
    assert bad[1]["error"] == "must be a JSON object of field: value"


def test_all_good_rows_exit_zero_with_no_errors_file(run_cli, tmp_path):
    """No bad rows, no errors file; one left by an earlier run onto the same output goes with it."""
    source = tmp_path / "people.csv"
    source.write_text("age,sex,taking\n30,male,calcium 500 mg; D3 1000 IU\n70,female,\n", encoding="utf-8")
    (tmp_path / "out.jsonl.errors.jsonl").write_text('{"row": 1, "line": 2, "error": "an earlier run"}\n')
    result = run_cli("batch", str(source), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"2 rows: 2 results in {tmp_path / 'out.jsonl'}, no bad rows\n"
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "people.csv"]


@pytest.mark.parametrize(("name", "text", "message"), [
    ("people.csv", "age,agee\n30,1\n", "column 'agee' is not a profile field; accepted: age, sex,"),
    ("people.txt", "age\n30\n", "cannot tell the format from the name; accepted: .csv, .jsonl"),
])
def test_bad_input_file_is_one_line_and_exit_2(run_cli, tmp_path, name, text, message):
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    result = run_cli("batch", str(source), "-o", str(tmp_path / "out.jsonl"))
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.jsonl").exists()


def test_failure_midway_leaves_no_output_and_keeps_the_old_one(run_cli, people_csv, tmp_path, monkeypatch):
    source, _ = people_csv
    output = tmp_path / "out.jsonl"
    output.write_text("the previous complete run\n", encoding="utf-8")
    calls = []
    real = batch_module._evaluate_chunk

    def failing(records):
        calls.append(len(records))
        if len(calls) == 3:
            raise RuntimeError("disk on fire")
        return real(records)
    monkeypatch.setattr(batch_module, "_evaluate_chunk", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        run_cli("batch", str(source), "-o", str(output))
    assert output.read_text(encoding="utf-8") == "the previous complete run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]  # no .part files left


def _bonekb() -> list[str]:
    return [sys.executable, "-m", "bonekb"]


def test_interrupted_run_leaves_no_half_file(tmp_path):
    """Ctrl-C in the middle of a run (a real process): no output file, no temporary files left."""
    source = tmp_path / "people.csv"
    write_csv(source, 20000)
    output = tmp_path / "out.jsonl"
    # as from a terminal: SIGINT handled even if this test runs where it is ignored (a background job)
    proc = subprocess.Popen([*_bonekb(), "batch", str(source), "-o", str(output), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # wait until results are being written
            parts = [p for p in tmp_path.iterdir() if p.name.startswith(".out.jsonl.") and p.stat().st_size > 0]
            if parts:
                break
            time.sleep(0.05)
        assert parts, "the run never started writing"
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    finally:
        proc.kill()
        proc.communicate()
    assert proc.returncode not in (0, -signal.SIGKILL)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["people.csv"]


def test_progress_bar_on_a_terminal(tmp_path):
    """On a terminal stderr shows a progress bar; piped, it shows only the summary line."""
    import pty

    source = tmp_path / "people.csv"
    write_csv(source, 300)
    master, slave = pty.openpty()
    proc = subprocess.run([*_bonekb(), "batch", str(source), "-o", str(tmp_path / "out.jsonl")],
                          stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave, timeout=60, check=False)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    text = shown.decode()
    assert proc.returncode == 1
    assert "profiles  [" in text and "300/300" in text
    piped = subprocess.run([*_bonekb(), "batch", str(source), "-o", str(tmp_path / "out2.jsonl")],
                           capture_output=True, text=True, timeout=60, check=False)
    assert piped.stderr.strip().splitlines() == [
        f"300 rows: 299 results in {tmp_path / 'out2.jsonl'}, 1 bad row in {tmp_path / 'out2.jsonl.errors.jsonl'}"]
