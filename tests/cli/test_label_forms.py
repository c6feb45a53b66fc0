"""A US Supplement Facts label's own form: 'Calcium (as calcium carbonate) 600 mg' states 600 mg of
elemental calcium, its source in parentheses (21 CFR 101.36(b)(2)(ii) and (d)); 'Vitamin D3 (as
cholecalciferol) 25 mcg (1,000 IU)' states one dose twice, and the two must agree. Before, both were
refused. A salt the knowledge base gives no elemental share for is refused saying what is read instead."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bonekb.engine.amounts import AmountError, read_taken
from bonekb.engine.knowledge import read_knowledge_base
from bonekb.engine.profile import normalise_profile

IRON = "examples/iron"


def _taking(run_cli, *items: str, kb: str | None = None) -> list[dict]:
    args = [a for item in items for a in ("--taking", item)]
    data = run_cli.json("recommend", *args, *(["--kb", kb] if kb else []))
    return data["profile"]["taking"]


def _refusal(result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_a_labels_calcium_is_elemental_of_its_source(run_cli):
    item, = _taking(run_cli, "Calcium (as calcium carbonate) 600 mg")
    assert (item["amount"], item["form"], item["read_as"], item["salt_weight"]) == (600, "carbonate", "source", None)


def test_the_echo_says_the_label_states_the_elemental_amount(run_cli):
    line = run_cli("recommend", "--taking", "Calcium (as calcium carbonate) 600 mg").stdout.splitlines()[1]
    assert "(read as 600 mg of elemental calcium, as calcium carbonate: a label states the elemental amount)" in line


def test_a_source_without_an_elemental_share_is_read_as_the_label_states_it(run_cli):
    item, = _taking(run_cli, "Calcium (as calcium citrate malate) 250 mg")
    assert (item["amount"], item["form"], item["read_as"]) == (250, "citrate malate", "source")


@pytest.mark.parametrize(("written", "iu", "form"), [
    ("Vitamin D3 (as cholecalciferol) 25 mcg (1,000 IU)", 1000, None),
    ("Vitamin D3 (as cholecalciferol) 1,000 IU (25 mcg)", 1000, None),
    ("Vitamin D (as ergocalciferol) 1,250 mcg (50,000 IU)", 50000, "D2"),
    ("Vitamin D3 (from cholecalciferol) 125 mcg (5000 IU)", 5000, None),
])
def test_a_labels_vitamin_d_with_its_source_and_two_amounts(run_cli, written, iu, form):
    item, = _taking(run_cli, written)
    assert (item["nutrient"], item["amount"], item["unit"], item["form"]) == ("d3", iu, "IU", form)


@pytest.mark.parametrize(("written", "words"), [
    ("Vitamin D3 (as cholecalciferol) 25 mcg (2,000 IU)", ["two amounts that differ", "25 µg is 1000 IU"]),
    ("calcium carbonate (as calcium citrate) 500 mg", ["two salts"]),
    ("Calcium (as calcium basalt) 500 mg", ["basalt", "carbonate"]),
    ("Vitamin D2 (as cholecalciferol) (as ergocalciferol) 25 mcg", ["more than one source"]),
])
def test_a_label_that_does_not_add_up_is_refused_in_one_line(run_cli, written, words):
    line = _refusal(run_cli("recommend", "--taking", written))
    assert all(word in line for word in words), line


def test_iron_salt_by_weight_is_refused_saying_what_is_read(run_cli):
    line = _refusal(run_cli("recommend", "--kb", IRON, "--taking", "ferrous sulfate 325 mg"))
    assert "elemental iron the label states" in line and "'Iron (as ferrous sulfate) 65 mg'" in line, line


def test_the_iron_refusals_examples_are_read(run_cli):
    """Every form a refusal proposes is accepted as written."""
    line = _refusal(run_cli("recommend", "--kb", IRON, "--taking", "ferrous sulfate 325 mg"))
    for example in ("Iron (as ferrous sulfate) 65 mg", "elemental iron 65 mg"):
        assert f"'{example}'" in line
        item, = _taking(run_cli, example, kb=IRON)
        assert (item["nutrient"], item["amount"]) == ("iron", 65)


VOCAB = read_knowledge_base().vocabulary


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["coral calcium", "calcium phosphate", "oyster shell calcium", "calcium citrate malate",
                        "algae calcium", "calcium acetate", "Aquamin"]),
       st.sampled_from(["1000 mg", "1,200 mg", "1.5 g"]))
def test_every_salt_without_a_share_suggests_forms_that_are_read(salt, amount):
    with pytest.raises(AmountError) as refused:
        read_taken(f"{salt} {amount}", VOCAB)
    suggestions = [part.split("'")[0] for part in str(refused.value).split("e.g. '")[1:]]
    suggestions += [part.split("'")[0] for part in str(refused.value).split(" or '")[1:]]
    assert len(suggestions) == 2, str(refused.value)
    for suggestion in suggestions:
        profile = normalise_profile({"taking": [suggestion]}, VOCAB)
        assert profile.taking[0].read_as in ("source", "elemental"), suggestion


@settings(max_examples=150, deadline=None)
@given(st.sampled_from([("Calcium", "calcium carbonate", "carbonate"), ("calcium", "Calcium Citrate", "citrate"),
                        ("CALCIUM", "calcium lactate", "lactate"), ("Ca", "calcium gluconate", "gluconate")]),
       st.integers(min_value=1, max_value=2500), st.sampled_from(["as", "from", "AS"]),
       st.sampled_from(["{} mg", "{:,} mg", "{}mg", "{} milligrams"]))
def test_a_labels_source_never_counts_its_share_twice(named, amount, word, unit):
    """'Calcium (as X) N mg' is N mg of calcium, whatever the salt X: never N times X's share."""
    nutrient, source, salt = named
    profile = normalise_profile({"taking": [f"{nutrient} ({word} {source}) {unit.format(amount)}"]}, VOCAB)
    taken = profile.taking[0]
    assert (taken.amount, taken.form, taken.read_as) == (amount, salt, "source")
