"""Fixtures for the explanation tests: people evaluated once, and an explainer per language."""

from __future__ import annotations

import pytest

from bonekb.engine.explain.context import Person
from bonekb.engine.explain.explainer import Explainer

# People the explanation tests use (profile dicts as the CLI would collect them).
PEOPLE = {
    "pre50": {"age": 50, "sex": "female", "menopause": "pre", "taking": ["calcium carbonate 1250 mg"]},
    "post60": {"age": 60, "sex": "female", "menopause": "post", "sun": "low", "diet_calcium": 700,
               "taking": ["calcium carbonate 1000 mg", "D3 800 IU", "K2 100 ug", "K1 50 ug"]},
    "pregnant": {"age": 30, "sex": "female", "pregnant": True},
    "warfarin60": {"age": 60, "sex": "female", "medications": ["warfarin"], "taking": ["D3 5000 IU"]},
}


@pytest.fixture(scope="session")
def person(evaluator):
    """person(name) -> Person, evaluated once per name."""
    cache: dict[str, Person] = {}

    def get(name: str) -> Person:
        if name not in cache:
            cache[name] = Person(*evaluator.evaluate_traced(PEOPLE[name]))
        return cache[name]
    return get


@pytest.fixture(scope="session")
def explainers(kb):
    return {lang: Explainer(kb, lang) for lang in ("en", "zh-Hant")}


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="session")
def flat():
    """flat(text): the text with its wrapping undone, for phrases that may span lines."""
    return _flat
