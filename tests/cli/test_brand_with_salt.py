"""A brand beside a salt: 'Caltrate calcium carbonate 1500 mg' names the salt, so 1500 mg is the salt's
weight (600 mg of calcium), never 1500 mg of elemental calcium read from the brand's label form. Before,
the brand's declared form (Caltrate: elemental) replaced the salt named next to it, in any word order."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

CASES = [
    ("Caltrate calcium carbonate 1500 mg", 600, "carbonate"),
    ("Calcium carbonate 1,250 mg (Caltrate)", 500, "carbonate"),
    ("calcium carbonate Caltrate 1500 mg", 600, "carbonate"),
    ("Caltrate (calcium carbonate) 1500 mg", 600, "carbonate"),
    ("Os-Cal calcium carbonate 1250 mg", 500, "carbonate"),
    ("calcium citrate (Citracal) 1000 mg", 210, "citrate"),
    ("Citracal calcium citrate 1000 mg", 210, "citrate"),
]


@pytest.mark.parametrize(("text", "elemental", "salt"), CASES)
def test_a_named_salt_is_its_weight_whatever_the_brand(run_cli, text, elemental, salt):
    item, = run_cli.json("recommend", "--age", "50", "--taking", text)["profile"]["taking"]
    assert (item["amount"], item["form"], item["read_as"]) == (elemental, salt, "salt")
    line = run_cli("recommend", "--age", "50", "--taking", text).stdout
    assert f"is {elemental} mg of elemental calcium" in line
    assert "read as 1500 mg elemental" not in line and "read as 1250 mg elemental" not in line


def test_a_brand_alone_keeps_its_label_form(run_cli):
    item, = run_cli.json("recommend", "--taking", "Caltrate 600 mg")["profile"]["taking"]
    assert (item["amount"], item["read_as"]) == (600, "elemental")


def test_a_brand_of_one_salt_beside_another_salt_is_refused(run_cli):
    result = run_cli("recommend", "--taking", "Tums calcium citrate 500 mg")
    assert result.exit_code == 2
    assert "two calcium forms" in result.stderr and len(result.stderr.splitlines()) == 1


BRANDS = ["Caltrate", "Os-Cal", "OsCal", "Citracal", "挺立"]
SALTS = {"calcium carbonate": 0.40, "calcium citrate": 0.21, "calcium lactate": 0.13, "calcium gluconate": 0.09,
         "carbonate": 0.40, "碳酸鈣": 0.40, "檸檬酸鈣": 0.21}
ORDERS = ["{b} {s} {a} mg", "{s} {b} {a} mg", "{b} ({s}) {a} mg", "{s} ({b}) {a} mg", "{s} {a} mg ({b})",
          "{b} {s} {a}mg", "{s} {a} mg {b}"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(brand=st.sampled_from(BRANDS), salt=st.sampled_from(sorted(SALTS)), order=st.sampled_from(ORDERS),
       amount=st.integers(1, 3000), grouped=st.booleans())
def test_a_named_salt_is_counted_by_its_share_or_refused(run_cli, brand, salt, order, amount, grouped):
    written = f"{amount:,}" if grouped else str(amount)
    text = order.format(b=brand, s=salt, a=written)
    result = run_cli("recommend", "--format", "json", "--taking", text)
    if result.exit_code == 2:
        assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
        return
    assert result.exit_code == 0, result.output
    item, = json.loads(result.stdout)["profile"]["taking"]
    assert item["read_as"] == "salt", text
    assert item["amount"] == pytest.approx(round(amount * SALTS[salt], 3)), text


@pytest.mark.parametrize(("question", "brand", "compared"), [
    ("I take Caltrate calcium carbonate 1500 mg, is that too much?", "Caltrate calcium carbonate", "600 mg a day"),
    ("I take calcium citrate (Citracal) 1000 mg, is that too much?", "calcium citrate (Citracal)", "210 mg a day"),
    ("我每天吃挺立碳酸鈣1500毫克，會太多嗎？", "挺立 碳酸鈣", "600 毫克"),
])
def test_ask_reads_a_brand_beside_a_salt_as_recommend_does(run_cli, question, brand, compared):
    """One reader: the question's echo keeps the brand, and the amount compared is the salt's share."""
    out = run_cli("ask", question).stdout
    assert brand in out and compared in out, out
