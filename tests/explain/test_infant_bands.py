"""An infant's band is said as the rules draw it. The references' infant bands are printed '0–6 months' and
'7–12 months'; the rules read them as under 6 months (age below 0.5) and from 6 completed months (the 7th
month of life: age at least 0.5). A 6-month-old matched a band titled '7–12 months', which read as a
wrong match: a title says the months its condition holds."""

from __future__ import annotations

import yaml


def _age_bands(kb):
    data = yaml.safe_load((kb.rules_dir / "reference" / "limits.yaml").read_text(encoding="utf-8"))
    for rule in data["rules"]:
        when = rule["when"]
        if when.get("fact") == "age" and when.get("below", 99) <= 1:
            yield rule["id"], rule["title"], when


def test_each_infant_band_is_titled_by_the_months_its_condition_holds(kb):
    bands = list(_age_bands(kb))
    assert len(bands) >= 6
    for ident, title, when in bands:
        if when.get("at_least", 0) == 0.5:
            assert "6–12 months" in title and "7–12" not in title, (ident, title)
        else:
            assert when["below"] == 0.5 and "under 6 months" in title, (ident, title)


def test_a_six_month_old_reads_the_band_that_holds_six_months(run_cli):
    text = run_cli("why", "d3", "--age", "0.5", "--format", "markdown").stdout + \
        run_cli("ask", "what's the upper limit for calcium", "--age", "0.5", "--format", "markdown").stdout
    assert "age 6 months" in text or "age: 6 months" in text
    assert "7–12 months" not in text and "0–6 months" not in text, text
