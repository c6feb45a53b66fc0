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
    """An explainer per language the shipped manifest declares."""
    return {lang: Explainer(kb, lang) for lang in kb.languages}


def _flat(text: str) -> str:
    """Lines joined with a space, except where a line of CJK text was broken between characters."""
    from bonekb.engine.punctuation import is_wide

    lines = [line.strip() for line in text.split("\n")]
    out = ""
    for line in lines:
        if not line:
            continue
        joined_without_space = out and (is_wide(out[-1]) and is_wide(line[0]))
        out += line if joined_without_space or not out else " " + line
    return " ".join(out.split())


@pytest.fixture(scope="session")
def flat():
    """flat(text): the text with its wrapping undone, for phrases that may span lines."""
    return _flat
