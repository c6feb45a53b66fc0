"""People for the Parquet, Dask and DataFrame tests: 2,000 rows with bad rows mixed in, as CSV."""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys
from pathlib import Path

COLUMNS = ["age", "sex", "menopause", "pregnant", "sun", "sun_minutes", "sun_midday", "arms_legs_bare",
           "diet_calcium", "taking", "medications", "conditions"]
LISTS = ("taking", "medications", "conditions")
# row -> (field, value) that makes the row bad
BAD = {3: ("age", "-3"), 250: ("sex", "x"), 777: ("taking", "calcium 500 kg"), 1500: ("pregnant", "maybe"),
       999: ("diet_calcium", "1,30"), 1999: ("diet_calcium", "1,2,3")}  # a decimal comma? refused


def person(rng: random.Random) -> dict[str, str]:
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
        "taking": rng.choice(["", "calcium carbonate 1250 mg", "calcium 500 mg; D3 1000 IU; K2 MK-7 100 ug",
                              "維生素D3 1000國際單位"]),
        "medications": rng.choice(["", "warfarin", "levothyroxine; alendronate", "Zorblax"]),
        "conditions": rng.choice(["", "kidney stones"]),
    }


def people(rows: int, seed: int = 16) -> list[dict[str, str]]:
    rng = random.Random(seed)
    out = []
    for row in range(1, rows + 1):
        one = person(rng)
        if row in BAD:
            field, value = BAD[row]
            one.update({"sex": "female", "menopause": "", field: value})
        out.append(one)
    return out


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows([row[c] for c in COLUMNS] for row in rows)
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def run_bonekb(*args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    """The installed command as a user runs it, in a process of its own."""
    return subprocess.run([sys.executable, "-m", "bonekb", *args], capture_output=True, text=True, timeout=timeout)
