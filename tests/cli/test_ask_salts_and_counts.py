"""`bonekb ask` reads a dose as `--taking` does: a calcium salt the references give no elemental share
for ('calcium acetate 667 mg') is refused in the same line, never its weight read as elemental calcium;
a count written in words ('five 1000 IU capsules') is refused like '2 capsules', never read as one."""

from __future__ import annotations

import pytest

_SALTS = [("calcium acetate", "667"), ("calcium phosphate", "1000"), ("coral calcium", "500"),
          ("calcium hydroxyapatite", "1000"), ("醋酸钙", "667"), ("磷酸钙", "1000"), ("珊瑚钙", "500")]


@pytest.mark.parametrize(("salt", "weight"), _SALTS)
def test_a_salt_without_an_elemental_share_is_refused_as_taking_refuses_it(run_cli, one_line_refusal, salt,
                                                                            weight):
    taking = one_line_refusal(run_cli("recommend", "--age", "50", "--taking", f"{salt} {weight} mg"),
                              "no share of elemental calcium")
    asked = one_line_refusal(run_cli("ask", f"I take {salt} {weight} mg, is that enough?", "--age", "50"),
                             "no share of elemental calcium")
    assert asked.split("taking: ", 1)[1] == taking.split("taking: ", 1)[1]


def test_the_mainland_name_of_calcium_citrate_reads_as_citrate(run_cli):
    asked = run_cli.json("ask", "我吃枸橼酸钙1000毫克，够吗？", "--age", "50")
    item, = asked["result"]["profile"]["taking"]
    assert (item["nutrient"], item["form"], item["amount"]) == ("calcium", "citrate", 210)


@pytest.mark.parametrize(("count", "total"), [("five", "5000"), ("a couple of", "2000"), ("twelve", "12000")])
def test_a_count_in_words_is_refused_like_a_count_in_digits(run_cli, one_line_refusal, count, total):
    result = run_cli("ask", f"I take {count} 1000 IU D3 capsules a day, is that too much?", "--age", "50")
    one_line_refusal(result, "each one's or all of them", f"D3 {total} IU")


def test_one_in_words_is_one_dose(run_cli):
    asked = run_cli.json("ask", "I take one 1000 IU D3 capsule a day, is that too much?", "--age", "50")
    item, = asked["result"]["profile"]["taking"]
    assert item["amount"] == 1000
