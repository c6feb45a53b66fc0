"""bonekb's benchmark: start-up, profiles per second, batch workers, memory, audit. One command:

    python benchmarks/run.py            # about two minutes on 2 cores
    python benchmarks/run.py --quick    # smaller counts, no 100,000-row run
    python benchmarks/run.py --startup  # only the start-up table (15 rounds)

Prints a table with the machine and writes benchmarks/results/latest.json.
Cold starts are medians (wall clock, and the CPU time the process used, which other load on a
shared machine disturbs less) over fresh processes of the installed `bonekb` command, every command and
the floor run one after another in each round (a shared machine's load falls on all alike). The
floor is the import of the design card's packages as bonekb imports them (FLOOR: durable-rules'
engine, Jinja2, PyYAML, click); each dependency bonekb added is shown on its own line, as what
importing it costs on top of the floor. Profiles per second are measured in this process
over the same generated people (CPU time, best of 3), through each layer: the rules alone
(durable-rules against the plain-Python static evaluator), and the whole evaluation (normalise,
rules with the full trace, resolve, the contract's JSON). `bonekb batch` is timed by the wall
clock, start-up included, with the peak memory of its largest process.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
# The design card's packages, as bonekb imports them (durable-rules through its C engine).
FLOOR = "import durable_rules_engine, jinja2, yaml, click"
# What bonekb added to the card (setup.cfg), and the extra for populations: each costs this much on top.
ADDED = ["jsonschema", "tabulate", "markdown_it", "rapidfuzz", "wcwidth", "pyarrow", "pandas", "dask"]
STARTUP_COMMANDS = {
    "bonekb why k2": ["why", "k2"],
    "bonekb recommend --age 35 --sex female --sun low": ["recommend", "--age", "35", "--sex", "female", "--sun", "low"],
    'bonekb ask "how much D3 should I take?"': ["ask", "how much D3 should I take?"],
    'bonekb ask "how much D3 should I take?" --format json': ["ask", "how much D3 should I take?", "--format", "json"],
}
# More of what people ask, measured and reported beside the goal's rows (not counted in it): a question
# with a person (the rules run, the chain of rules is shown) and questions in Chinese (wide text:
# wcwidth lays it out; the question reader tells the two scripts apart).
STARTUP_MORE = {
    'bonekb ask "how much D3 for a 70 year old?"': ["ask", "how much D3 for a 70 year old?"],
    'bonekb ask "為什麼需要K2？"': ["ask", "為什麼需要K2？"],
    'bonekb ask "我70歲，D3要吃多少？"': ["ask", "我70歲，D3要吃多少？"],
}
# The ratios the README promises for the three commands (issue 16): each within 1.5x of the floor.
STARTUP_GOAL = 1.5
TAKING = ["", "calcium carbonate 1250 mg", "calcium citrate 500 mg; D3 1000 IU", "D3 2000 IU",
          "calcium 500 mg; D3 1000 IU; K2 MK-7 100 ug", "K1 100 ug"]


def person(rng: random.Random) -> dict[str, Any]:
    """A generated person, as a CSV row of the contract's fields (empty = not given)."""
    sex = rng.choice(["female", "male", ""])
    return {
        "age": rng.choice([rng.randint(0, 100), rng.randint(19, 80), ""]),
        "sex": sex,
        "menopause": rng.choice(["pre", "peri", "post", ""]) if sex != "male" else "",
        "sun": rng.choice(["low", "enough", "", ""]),
        "sun_minutes": rng.choice(["", 5, 20, 40]),
        "sun_midday": rng.choice(["", "yes", "no"]),
        "arms_legs_bare": rng.choice(["", "yes", "no"]),
        "mostly_indoors": rng.choice(["", "", "yes"]),
        "diet_calcium": rng.choice(["", 400, 800, 1300]),
        "taking": rng.choice(TAKING),
        "medications": rng.choice(["", "", "warfarin", "levothyroxine; alendronate"]),
        "conditions": rng.choice(["", "", "kidney stones"]),
    }


def raw_profile(row: dict[str, Any]) -> dict[str, Any]:
    lists = ("taking", "medications", "conditions")
    return {k: ([p.strip() for p in v.split(";")] if k in lists else v) for k, v in row.items() if v != ""}


def write_csv(path: Path, rows: int) -> None:
    rng = random.Random(2026)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = None
        for _ in range(rows):
            row = person(rng)
            if writer is None:
                writer = csv.DictWriter(handle, fieldnames=list(row))
                writer.writeheader()
            writer.writerow(row)


BANDS = [0, 4, 9, 14, 19, 31, 51, 65, 71]
MEDICATIONS = ["levothyroxine", "bisphosphonate", "tetracycline", "quinolone", "digoxin", "thiazide",
               "corticosteroid", "orlistat", "acid_reducer", "enzyme_inducing_anticonvulsant"]


def generated_rules(count: int) -> dict[str, Any]:
    """A rule file of `count` rules shaped like the shipped ones: an age band, a sex and a medication,
    each giving an interaction warning; every fourth also caps vitamin D3 (so it joins the amounts'
    analysis of the whole profile space)."""
    from bonekb.engine.languages import declared_languages

    rules = []
    for i in range(count):
        # worded in every language the shipped manifest declares (the English copied where it has no words)
        worded = {"en": f"Generated warning {i}.", "zh-Hant": f"生成的提醒 {i}。"}
        message = {lang: worded.get(lang, worded["en"]) for lang in declared_languages()}
        then: dict[str, Any] = {"warn": {"code": f"gen-{i}", "severity": "info", "nutrients": ["d3"],
                                         "message": message}}
        if i % 4 == 0:
            then["limit"] = [{"nutrient": "d3", "max": 4000 + i, "unit": "IU"}]
        rules.append({"id": f"gen.r{i}", "title": f"Generated rule {i}", "sources": ["DOSE-4"],
                      "when": {"all": [{"fact": "age", "at_least": BANDS[i % len(BANDS)]},
                                       {"fact": "sex", "equals": ("female", "male")[i // len(BANDS) % 2]},
                                       {"fact": "medications", "includes": MEDICATIONS[i % len(MEDICATIONS)]}]},
                      "then": then})
    return {"rules": rules}


def overlapping_d3_rules(count: int) -> dict[str, Any]:
    """The audit's hardest case: `count` rules that all give D3 from an age on, with no precedence,
    so every pair overlaps (L002) and every rule fires in most cells."""
    return {"rules": [{"id": f"gen.d3-{i}", "title": f"Generated D3 rule {i}", "sources": ["REF-ODS-D"],
                       "when": {"fact": "age", "at_least": i % 120},
                       "then": {"recommend": [{"nutrient": "d3", "kind": "supplement", "min": 800,
                                               "max": 1000 + i, "unit": "IU"}]}} for i in range(count)]}


def audit_generated(count: int, make: Callable[[int], dict[str, Any]] = generated_rules) -> dict[str, Any]:
    """Audit the shipped knowledge base plus `count` rules from `make`, in this process (wall seconds)."""
    import yaml

    from bonekb.engine.audit.runner import run_audit
    from bonekb.engine.errors import KnowledgeBaseError
    from bonekb.engine.knowledge import shipped_root

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "kb"
        for part in ("rules", "explanations"):
            shutil.copytree(shipped_root() / part, root / part, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
        rules = make(count)["rules"]
        for start in range(0, count, 500):  # files of 500 rules, as a knowledge base would split them
            (root / "rules" / f"zz-generated-{start // 500:03}.yaml").write_text(
                yaml.safe_dump({"rules": rules[start:start + 500]}, allow_unicode=True), encoding="utf-8")
        started, cpu = time.perf_counter(), time.process_time()
        try:
            report = run_audit(root)
            outcome = ", ".join(f"{n} {k}" for k, n in report.counts().items() if n)
            outcome += "".join(f" ({f.finding.message})" for f in report.reported if f.finding.code == "S001")
        except KnowledgeBaseError as err:
            outcome = f"refused: {err.problem}"
        return {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu, "outcome": outcome}


def machine() -> dict[str, Any]:
    model = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpu": model, "cores": os.cpu_count(), "python": platform.python_version(),
            "system": f"{platform.system()} {platform.release()}"}


def median_seconds(command: list[str], runs: int) -> float:
    """Median wall time of `runs` fresh processes (one warm-up run first, for the file cache)."""
    subprocess.run(command, capture_output=True, check=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def startup(bonekb: str, runs: int) -> dict[str, Any]:
    """Median wall times of fresh processes: the floor, the floor plus each added dependency, and the
    commands (with their cache, filled by the warm-up round, and once more with BONEKB_NO_CACHE=1),
    interleaved round by round. Modules are compiled to bytecode once, as an installed package's are
    (PYTHONDONTWRITEBYTECODE is dropped)."""
    import importlib.util

    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "BONEKB_NO_CACHE")}
    with tempfile.TemporaryDirectory() as cache:
        env["BONEKB_CACHE_DIR"] = cache
        commands: dict[str, tuple[list[str], dict[str, str]]] = {
            "python -c pass": ([sys.executable, "-c", "pass"], env),
            "floor: " + FLOOR: ([sys.executable, "-c", FLOOR], env),
        }
        for name in ADDED:
            if importlib.util.find_spec(name) is not None:
                commands[f"floor + {name}"] = ([sys.executable, "-c", f"{FLOOR}, {name}"], env)
        commands["bonekb --version"] = ([bonekb, "--version"], env)
        for name, args in {**STARTUP_COMMANDS, **STARTUP_MORE}.items():
            commands[name] = ([bonekb, *args], env)
        no_cache = {**env, "BONEKB_NO_CACHE": "1"}
        commands["bonekb why k2, BONEKB_NO_CACHE=1"] = ([bonekb, "why", "k2"], no_cache)
        times: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for round_ in range(runs + 1):  # the first round warms the file cache and fills bonekb's
            for name, (command, environment) in commands.items():
                before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
                subprocess.run(command, capture_output=True, check=True, env=environment)
                wall, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
                if round_:
                    times[name].append(wall)
                    cpu[name].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    medians = {name: statistics.median(t) for name, t in times.items()}
    cpu_medians = {name: statistics.median(t) for name, t in cpu.items()}
    floor, floor_cpu = medians["floor: " + FLOOR], cpu_medians["floor: " + FLOOR]
    return {"runs": runs, "load_average": os.getloadavg(), "median_s": medians, "median_cpu_s": cpu_medians,
            "added_ms": {n: (medians[f"floor + {n}"] - floor) * 1000 for n in ADDED if f"floor + {n}" in medians},
            "ratio": {name: medians[name] / floor for name in STARTUP_COMMANDS},
            "cpu_ratio": {name: cpu_medians[name] / floor_cpu for name in STARTUP_COMMANDS}}


def report_startup(start: dict[str, Any]) -> None:
    from tabulate import tabulate

    floor = start["median_s"]["floor: " + FLOOR]
    floor_cpu = start["median_cpu_s"]["floor: " + FLOOR]
    rows = []
    for name, seconds in start["median_s"].items():
        added = name.removeprefix("floor + ")
        extra = f"+{start['added_ms'][added]:.0f} ms" if added in start.get("added_ms", {}) else ""
        cpu = start["median_cpu_s"][name]
        rows.append([name, f"{seconds * 1000:.0f} ms", extra, f"{seconds / floor:.2f}x", f"{cpu * 1000:.0f} ms",
                     f"{cpu / floor_cpu:.2f}x"])
    print(tabulate(rows, headers=[f"cold start (median of {start['runs']})", "wall", "on top of the floor",
                                  "vs floor", "CPU", "CPU vs floor"], tablefmt="github"), "\n")
    over = {name: ratio for name, ratio in start["ratio"].items() if ratio > STARTUP_GOAL}
    more = [f"{name} {start['median_s'][name] / floor:.2f}x" for name in STARTUP_MORE if name in start["median_s"]]
    print(f"load average {', '.join(f'{x:.1f}' for x in start['load_average'])};",
          f"goal: each command within {STARTUP_GOAL}x of the floor:",
          "met" if not over else "NOT met by " + ", ".join(f"{n} ({r:.2f}x)" for n, r in over.items()),
          f"(the goal's rows: {', '.join(STARTUP_COMMANDS)}); beside it: {'; '.join(more)}", "\n")


def per_second(func: Any, items: list[Any], repeats: int = 3) -> float:
    """Items per CPU second of this process, best of `repeats` (CPU time: other load on a shared
    machine does not count against it)."""
    best = 0.0
    for _ in range(repeats):
        start = time.process_time()
        for item in items:
            func(item)
        best = max(best, len(items) / (time.process_time() - start))
    return best


def _tree(pid: int) -> list[int]:
    """`pid` and all its descendants now (Linux /proc; a child started by any thread of a process,
    as Dask's nannies start workers from their event loop's thread)."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        for children in Path(f"/proc/{current}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                todo.extend(int(c) for c in children.read_text().split())
    return out


def _peak_mib(pid: int) -> float | None:
    """A live process's peak resident memory (VmHWM), in MiB."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None


def batch_run(bonekb: str, source: Path, jobs: int, dask: bool = False) -> dict[str, Any]:
    """Rows per second (wall clock, start-up included) and the peak memory of each process of one
    `bonekb batch` run: the main process, and the largest of its workers (sampled every 0.1 s)."""
    out = source.with_suffix(f".j{jobs}{'-dask' if dask else ''}.jsonl")
    command = [bonekb, "batch", str(source), "-o", str(out), "--jobs", str(jobs)]
    command += ["--dask", "local"] if dask else []
    peaks: dict[int, float] = {}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while process.poll() is None:
        for pid in _tree(process.pid):
            peak = _peak_mib(pid)
            if peak is not None:
                peaks[pid] = max(peak, peaks.get(pid, 0.0))
        time.sleep(0.1)
    wall = time.perf_counter() - start
    if process.returncode not in (0, 1):
        sys.exit(f"benchmark: {' '.join(command)} failed: {process.stderr.read().decode()}")
    rows = sum(1 for _ in out.open(encoding="utf-8"))
    workers = [mib for pid, mib in peaks.items() if pid != process.pid]
    return {"rows": rows, "seconds": wall, "rows_per_s": rows / wall, "processes": len(peaks),
            "peak_rss_mib": peaks.get(process.pid, 0.0), "worker_peak_rss_mib": max(workers, default=None)}


def populations(bonekb: str, source: Path, rows: int) -> dict[str, Any]:
    """The same large file with one process, two worker processes, and a local Dask cluster of two
    (when the dask extra is installed)."""
    runs = {f"--jobs 1, {rows:,} rows": batch_run(bonekb, source, 1),
            f"--jobs 2, {rows:,} rows": batch_run(bonekb, source, 2)}
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("benchmark: no dask extra (pip install -e '.[dask]'): --dask local not measured", file=sys.stderr)
    else:
        runs[f"--dask local --jobs 2, {rows:,} rows"] = batch_run(bonekb, source, 2, dask=True)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller counts, no 100,000-row memory run")
    parser.add_argument("--startup", action="store_true", help="only the start-up table")
    parser.add_argument("--populations", action="store_true",
                        help="only the 100,000-row batch runs: --jobs 1, --jobs 2, --dask local with 2 workers")
    args = parser.parse_args()
    if args.populations:
        bonekb = shutil.which("bonekb", path=str(Path(sys.executable).parent)) or shutil.which("bonekb")
        with tempfile.TemporaryDirectory() as folder:
            big = Path(folder) / "people-100000.csv"
            write_csv(big, 100_000)
            results = {"machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                       "load_average": os.getloadavg(), "batch": populations(bonekb, big, 100_000)}
        report_batch(results)
        (HERE / "results").mkdir(exist_ok=True)
        (HERE / "results" / "populations.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        return
    runs, profiles, rows, large = (5, 1000, 2000, 0) if args.quick else (15, 5000, 10000, 100000)

    bonekb = shutil.which("bonekb", path=str(Path(sys.executable).parent)) or shutil.which("bonekb")
    if bonekb is None:
        sys.exit("benchmark: the bonekb command is not installed (pip install -e .)")
    if args.startup:
        results = {"machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                   "startup": startup(bonekb, runs)}
        m = results["machine"]
        print(f"Machine: {m['cpu']}, {m['cores']} cores, Python {m['python']}, {m['system']} ({results['when']})\n")
        report_startup(results["startup"])
        (HERE / "results").mkdir(exist_ok=True)
        (HERE / "results" / "startup.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
        return
    from bonekb.cli.main import COMMANDS
    from bonekb.engine.evaluate import Evaluator
    from bonekb.engine.profile import normalise_profile
    from bonekb.engine.resolve import resolve
    from bonekb.engine.static import StaticEvaluator

    results: dict[str, Any] = {"machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    results["startup"] = startup(bonekb, runs)

    rng = random.Random(6)
    people = [raw_profile(person(rng)) for _ in range(profiles)]
    with Evaluator.open() as evaluator:
        kb = evaluator.kb
        static = StaticEvaluator(kb)
        facts = [normalise_profile(p, kb.vocabulary).facts() for p in people]
        engine = {
            "rules only: durable-rules": per_second(evaluator.session.evaluate, facts),
            "rules only: static evaluator": per_second(static.evaluate, facts),
        }

        def through_static(raw: dict[str, Any]) -> dict[str, Any]:
            profile = normalise_profile(raw, kb.vocabulary)
            return resolve(kb, profile, static.evaluate(profile.facts())).as_dict()

        engine["full result: durable-rules with trace"] = per_second(lambda p: evaluator.evaluate(p).as_dict(), people)
        engine["full result: static evaluator"] = per_second(through_static, people)
    results["profiles_per_s"] = engine
    results["readers_per_s"] = readers(kb)

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"people-{rows}.csv"
        write_csv(source, rows)
        results["batch"] = {f"--jobs {jobs}, {rows:,} rows": batch_run(bonekb, source, jobs) for jobs in (1, 2)}
        if large:
            big = Path(folder) / f"people-{large}.csv"
            write_csv(big, large)
            results["batch"].update(populations(bonekb, big, large))

    results["audit_s"] = median_seconds([bonekb, "audit"], max(runs // 3, 3)) if "audit" in COMMANDS else None
    results["audit_generated"] = {f"{count:,} generated rules": audit_generated(count) for count in (100, 1000, 10000)}
    results["audit_generated"].update({f"{count:,} overlapping D3 rules": audit_generated(count, overlapping_d3_rules)
                                       for count in (100, 200)})
    report(results)
    folder = HERE / "results"
    folder.mkdir(exist_ok=True)
    (folder / "latest.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


WRITTEN_DOSES = ["D3 5,000 IU", "calcium carbonate 1,250 mg", "5000IU of vitamin D3", "K2 MK-7 100mcg",
                 "維生素D3 1000國際單位", "碳酸鈣1250毫克", "vitamin D2 50 000 IU", "phylloquinone 0.1 mg"]
WRITTEN_NAMES = ["warfarin sodium 5 mg tablet", "Coumadin (warfarin)", "CKD stage 3", "華法林鈉錠", "levothyroxine",
                 "Zorblax", "osteoporosis", "alendronate sodium 70 mg once weekly"]


def readers(kb: Any) -> dict[str, float]:
    """Doses and names read per CPU second (engine.amounts, engine.names), and the hostile cases
    (a 30,000-digit dose, a 120-character name) as texts per second: they must stay bounded."""
    from bonekb.engine.amounts import AmountError, read_taken
    from bonekb.engine.names import name_reader

    def refused(text: str) -> None:
        with contextlib.suppress(AmountError):
            read_taken(text, kb.vocabulary)

    medications = name_reader(kb.vocabulary, "medications")
    return {
        "doses as written": per_second(lambda t: read_taken(t, kb.vocabulary), WRITTEN_DOSES * 200),
        "dose of 30,000 digits (refused)": per_second(refused, ["D3 " + "1" * 30000 + " IU"] * 200),
        "medication names as written": per_second(medications.read, WRITTEN_NAMES * 200),
        "120-character name of digits and words": per_second(medications.read, ["5 mg tablet " * 10] * 200),
    }


def report_batch(results: dict[str, Any]) -> None:
    from tabulate import tabulate

    def mib(value: float | None) -> str:
        return "-" if value is None else f"{value:.0f} MiB"

    rows = [[name, f"{b['rows_per_s']:,.0f}", f"{b['seconds']:.1f} s", b.get("processes", "-"),
             mib(b["peak_rss_mib"]), mib(b.get("worker_peak_rss_mib"))] for name, b in results["batch"].items()]
    print(tabulate(rows, headers=["bonekb batch", "rows/s", "wall", "processes", "peak RSS: main",
                                  "peak RSS: largest other"], tablefmt="github"), "\n")


def report(results: dict[str, Any]) -> None:
    from tabulate import tabulate

    m = results["machine"]
    print(f"Machine: {m['cpu']}, {m['cores']} cores, Python {m['python']}, {m['system']} ({results['when']})\n")
    report_startup(results["startup"])
    rows = [[name, f"{rate:,.0f}"] for name, rate in results["profiles_per_s"].items()]
    print(tabulate(rows, headers=["one process", "profiles per CPU second"], tablefmt="github"), "\n")
    rows = [[name, f"{rate:,.0f}"] for name, rate in results.get("readers_per_s", {}).items()]
    print(tabulate(rows, headers=["reading people's words", "texts per CPU second"], tablefmt="github"), "\n")
    report_batch(results)
    audit = results["audit_s"]
    print("bonekb audit (median):", "n/a (no audit command yet)" if audit is None else f"{audit * 1000:.0f} ms")
    rows = [[name, f"{a['seconds']:.2f} s", f"{a['cpu_seconds']:.2f} s", a["outcome"]]
            for name, a in results.get("audit_generated", {}).items()]
    print(tabulate(rows, headers=["audit, shipped rules plus", "wall", "CPU", "outcome"], tablefmt="github"))


if __name__ == "__main__":
    main()
