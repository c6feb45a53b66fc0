"""Every cell of the article's table (S3), asked of `bonekb recommend --format json` as a user would.

The table below is copied from shared/source/claims.md, "The table (S3)": it is the spec, and
rules/table.yaml is the implementation under test, so no expected value is read from the rules.
"""

from __future__ import annotations

import re

import pytest

# Verbatim from claims.md (S3, daily amounts).
TABLE_MD = """
| TABLE-CHILD | children, 4–13 years | 1000 mg | 250–400 mg | 400–800 IU | 200–400 IU | 15–30 µg | 30–50 µg |
| TABLE-TEEN | teenagers, 14–18 years | 1300 mg | 400–600 mg | 600–1000 IU | 400–600 IU | 45–75 µg | 50–80 µg |
| TABLE-ADULT | adults | 1000–1200 mg | 300–500 mg | 800–1500 IU | 400–600 IU | 75–150 µg | 80–150 µg |
| TABLE-POSTMENO | postmenopausal women | 1200–1500 mg | 400–800 mg | 1000–2000 IU | 600–800 IU | 150–200 µg | 120–200 µg |
| TABLE-ELDER | older adults, 65 years and over | 1200–1500 mg | 500–800 mg | 1000–2000 IU | 600–800 IU | 150–200 µg | 120–200 µg |
"""  # noqa: E501 (the claims.md rows, unwrapped)
COLUMNS = ("calcium_total", "calcium_supplement", "d3_low", "d3_enough", "k2", "k1")
JSON_UNITS = {"mg": "mg", "IU": "IU", "µg": "ug"}


def _amount(cell: str) -> tuple[float, float, str]:
    """'250–400 mg' -> (250, 400, 'mg'); '1000 mg' -> (1000, 1000, 'mg'); µg is 'ug' in JSON."""
    match = re.fullmatch(r"(\d+)(?:–(\d+))? (mg|IU|µg)", cell.strip())
    assert match, cell
    low = int(match[1])
    return low, int(match[2] or low), JSON_UNITS[match[3]]


def _rows() -> dict[str, dict[str, tuple[float, float, str]]]:
    rows = {}
    for line in TABLE_MD.strip().splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0]] = dict(zip(COLUMNS, map(_amount, cells[2:]), strict=True))
    return rows


TABLE = _rows()

# A representative person per group: (options, the TABLE-* row cited, the groups the JSON names).
PEOPLE = {
    "children-8": (["--age", "8"], "TABLE-CHILD", ["children"]),
    "teens-16": (["--age", "16"], "TABLE-TEEN", ["teens"]),
    "adult-man-35": (["--age", "35", "--sex", "male"], "TABLE-ADULT", ["adults"]),
    # Under 65 after menopause: the postmenopausal row is used; her age also meets the adults row.
    "postmenopausal-55": (["--age", "55", "--sex", "female", "--menopause", "post"], "TABLE-POSTMENO",
                          ["adults", "postmenopausal_women"]),
    "older-man-70": (["--age", "70", "--sex", "male"], "TABLE-ELDER", ["older_adults"]),
    # Both rows apply; they differ only in the calcium supplement (400–800 against 500–800 mg). The
    # postmenopausal row is cited, and its calcium supplement is the range both rows allow (issue 12).
    "postmenopausal-70": (["--age", "70", "--sex", "female", "--postmenopausal"], "TABLE-POSTMENO",
                          ["postmenopausal_women", "older_adults"]),
}
# Where two rows apply, the cells in which they differ take the range both allow, citing both rows.
BOTH_ROWS = {"postmenopausal-70": "TABLE-ELDER"}


def _both_allow(first: tuple[float, float, str], second: tuple[float, float, str]) -> tuple[float, float, str]:
    assert first[2] == second[2]
    low, high = max(first[0], second[0]), min(first[1], second[1])
    assert low <= high, "the two rows share no amount"
    return low, high, first[2]

# How the person tells their sun: (options, the table's D3 column, the sun level in the JSON).
SUN = {
    "given-low": (["--sun", "low"], "d3_low", "low"),
    "given-enough": (["--sun", "enough"], "d3_enough", "enough"),
    "dose5-facts": (["--sun-minutes", "20", "--sun-midday", "--arms-legs-bare"], "d3_enough", "enough"),
    "dose5-partly": (["--sun-minutes", "10", "--sun-midday", "--arms-legs-bare"], "d3_low", "low"),
}

EXPECTED_KEYS = {("calcium", "total_intake"), ("calcium", "supplement"), ("d3", "supplement"),
                 ("k2", "supplement"), ("k1", "supplement")}


def _by_key(data: dict) -> dict[tuple[str, str], dict]:
    recs = {(r["nutrient"], r["kind"]): r for r in data["recommendations"]}
    assert len(recs) == len(data["recommendations"]), "two recommendations for one nutrient and kind"
    return recs


def _assert_cell(rec: dict, cell: tuple[float, float, str], table_id: str, kb) -> None:
    low, high, unit = cell
    assert (rec["min"], rec["max"], rec["unit"]) == (low, high, unit), rec
    assert rec["rule"].startswith("table."), rec
    assert table_id in rec["sources"], rec
    assert table_id in kb.rule_by_id[rec["rule"]].sources, f"{rec['rule']} does not cite {table_id}"


def test_the_copied_table_is_whole():
    assert set(TABLE) == {"TABLE-CHILD", "TABLE-TEEN", "TABLE-ADULT", "TABLE-POSTMENO", "TABLE-ELDER"}
    # The two rows a postmenopausal woman of 65+ meets differ only in the calcium supplement (the note says so).
    assert TABLE["TABLE-POSTMENO"] == {**TABLE["TABLE-ELDER"], "calcium_supplement": (400, 800, "mg")}


@pytest.mark.parametrize("sun", list(SUN))
@pytest.mark.parametrize("person", list(PEOPLE))
def test_every_cell(run_cli, kb, person, sun):
    options, table_id, groups = PEOPLE[person]
    sun_options, d3_column, sun_level = SUN[sun]
    data = run_cli.json("recommend", *options, *sun_options)
    row = TABLE[table_id]
    if person in BOTH_ROWS:
        other = TABLE[BOTH_ROWS[person]]
        row = {column: cell if cell == other[column] else _both_allow(cell, other[column])
               for column, cell in row.items()}
        assert row["calcium_supplement"] == (500, 800, "mg")

    assert data["in_scope"] is True
    assert data["groups"] == groups
    assert data["sun"] == sun_level
    recs = _by_key(data)
    assert set(recs) == EXPECTED_KEYS
    _assert_cell(recs["calcium", "total_intake"], row["calcium_total"], table_id, kb)
    _assert_cell(recs["calcium", "supplement"], row["calcium_supplement"], table_id, kb)
    assert recs["calcium", "supplement"]["form"] == "elemental"
    if person in BOTH_ROWS:
        assert BOTH_ROWS[person] in recs["calcium", "supplement"]["sources"]
    _assert_cell(recs["d3", "supplement"], row[d3_column], table_id, kb)
    _assert_cell(recs["k2", "supplement"], row["k2"], table_id, kb)
    _assert_cell(recs["k1", "supplement"], row["k1"], table_id, kb)
    # The D3 rule is the one for this sun level; the other sun level's rule did not count.
    fired = {f["rule"]: f for f in data["fired"]}
    d3_rule = recs["d3", "supplement"]["rule"]
    assert "overridden_by" not in fired[d3_rule]


@pytest.mark.parametrize(("age", "table_id", "groups"), [
    ("4", "TABLE-CHILD", ["children"]),
    ("13.99", "TABLE-CHILD", ["children"]),
    ("14", "TABLE-TEEN", ["teens"]),
    ("18.99", "TABLE-TEEN", ["teens"]),
    ("19", "TABLE-ADULT", ["adults"]),
    ("64.99", "TABLE-ADULT", ["adults"]),
    ("65", "TABLE-ELDER", ["older_adults"]),
    ("130", "TABLE-ELDER", ["older_adults"]),
])
def test_age_band_edges(run_cli, kb, age, table_id, groups):
    data = run_cli.json("recommend", "--age", age, "--sex", "male", "--sun", "low")
    assert data["in_scope"] is True
    assert data["groups"] == groups
    recs = _by_key(data)
    row = TABLE[table_id]
    columns = {("calcium", "total_intake"): "calcium_total", ("calcium", "supplement"): "calcium_supplement",
               ("d3", "supplement"): "d3_low", ("k2", "supplement"): "k2", ("k1", "supplement"): "k1"}
    assert set(recs) == set(columns)
    for key, column in columns.items():
        _assert_cell(recs[key], row[column], table_id, kb)


def test_just_under_four_is_not_a_child_of_the_table(run_cli):
    data = run_cli.json("recommend", "--age", "3.99", "--sun", "low")
    assert data["in_scope"] is False
    assert data["groups"] == []
    assert data["recommendations"] == []


@pytest.mark.parametrize(("lang", "said"), [("en", "bonekb uses 500–800 mg, the range both rows allow."),
                                            ("zh-Hant", "bonekb 採用兩列都容許的 500–800 毫克。")])
def test_a_postmenopausal_woman_of_65_is_told_the_range_both_rows_allow(run_cli, lang, said):
    """Issue 12 item 10: the decision is the range both rows allow, and the note says so."""
    data = run_cli.json("recommend", "--age", "65", "--sex", "female", "--postmenopausal", "--lang", lang)
    assert any(said in note for note in data["scope_notes"])
    (calcium,) = [r for r in data["recommendations"] if (r["nutrient"], r["kind"]) == ("calcium", "supplement")]
    assert (calcium["min"], calcium["max"]) == (500, 800)
    assert {"TABLE-POSTMENO", "TABLE-ELDER"} <= set(calcium["sources"])
