"""The reference figures the safety tests check the rules against, restated here from the sources.

They are copied from /work/shared/source/reference-values.md (REF-IOM-2011 for calcium and vitamin D,
REF-IOM-2001 for vitamin K), not read from rules/reference/, so a wrong figure in a rule fails a test.
"""

from __future__ import annotations

import pytest

# Tolerable upper intake levels (REF-IOM-2011), per day: (first age of the band in years, UL).
# A band runs to the first age of the next one; pregnancy and lactation have the same ULs as their ages.
CALCIUM_UL_MG = ((0, 1000), (0.5, 1500), (1, 2500), (9, 3000), (19, 2500), (51, 2000))
D3_UL_IU = ((0, 1000), (0.5, 1500), (1, 2500), (4, 3000), (9, 4000))
# Without an age, the strictest UL for anyone of 4 or more applies (rules/reference/limits.yaml).
NO_AGE_UL = {"calcium": 2000, "d3": 3000}


def upper_limit(nutrient: str, age: float | None) -> int:
    """The UL of REF-IOM-2011 for this age, worked out here independently of the rules."""
    if age is None:
        return NO_AGE_UL[nutrient]
    table = {"calcium": CALCIUM_UL_MG, "d3": D3_UL_IU}[nutrient]
    return [ul for start, ul in table if age >= start][-1]


@pytest.fixture(scope="session")
def ul():
    return upper_limit
