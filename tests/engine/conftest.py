"""Engine test helpers: small knowledge bases of our own rules (on a copy of the shipped one), generated profiles."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import strategies as st

from bonekb.engine.knowledge import SPECIAL_FILES, shipped_root


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own (BONEKB_CACHE_DIR), with the cache on."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("BONEKB_CACHE_DIR", str(folder))
    monkeypatch.delenv("BONEKB_NO_CACHE", raising=False)
    return folder


@pytest.fixture(scope="session")
def tiny_kb(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """Make a knowledge base whose only rule file is the YAML given (claims, vocabulary etc. as shipped)."""

    def make(rules_yaml: str, facts_yaml: str | None = None) -> Path:
        root = tmp_path_factory.mktemp("tiny-kb")
        shutil.copytree(shipped_root() / "rules", root / "rules", ignore=shutil.ignore_patterns("__pycache__", "*.py"))
        rules_dir = root / "rules"
        for path in rules_dir.rglob("*.yaml"):
            if not (path.parent == rules_dir and path.name in SPECIAL_FILES):
                path.unlink()
        (rules_dir / "test.yaml").write_text(rules_yaml, encoding="utf-8")
        if facts_yaml is not None:  # the derived facts given; the person's facts as shipped
            shipped = yaml.safe_load((rules_dir / "facts.yaml").read_text(encoding="utf-8"))
            facts = {"profile": shipped["profile"], **yaml.safe_load(facts_yaml)}
            (rules_dir / "facts.yaml").write_text(yaml.safe_dump(facts, allow_unicode=True), encoding="utf-8")
        return root

    return make


# --- valid raw profiles, as a person writes them (every field of the contract) --------------------

EDGE_AGES = [0, 1, 3.99, 4, 8, 13.99, 14, 16, 18.99, 19, 35, 44.9, 45, 50, 55, 64.99, 65, 70, 100, 130]
CALCIUM_NAMES = ["calcium", "Ca", "鈣", "calcium carbonate", "carbonate", "calcium citrate", "檸檬酸鈣",
                 "calcium lactate", "calcium gluconate", "elemental calcium"]
NUTRIENT_NAMES = {
    "calcium": (CALCIUM_NAMES, ["mg", "g", "毫克", "milligrams"]),
    "d3": (["D3", "vitamin D", "vitamin D3", "cholecalciferol", "維生素D3", "维生素D3"], ["IU", "ug", "µg", "mcg"]),
    "k2": (["K2", "vitamin K2", "MK-7", "MK7", "menaquinone", "MK-4", "維生素K2"], ["ug", "µg", "mcg", "mg"]),
    "k1": (["K1", "vitamin K1", "phylloquinone", "phytonadione", "維生素K1"], ["ug", "mcg", "mg"]),
}
UNKNOWN_NAMES = ["frobnazol", "Zyxin forte", "something else"]


def _amount_text(amount: float) -> str:
    return f"{amount:g}" if amount == int(amount) else f"{amount:.2f}"


@st.composite
def _supplement(draw: st.DrawFn) -> Any:
    nutrient = draw(st.sampled_from(sorted(NUTRIENT_NAMES)))
    names, units = NUTRIENT_NAMES[nutrient]
    name, unit = draw(st.sampled_from(names)), draw(st.sampled_from(units))
    amount = draw(st.one_of(st.sampled_from([0, 0.5, 25, 100, 500, 1250, 4000]),
                            st.floats(0, 5000).map(lambda x: round(x, 2))))
    if draw(st.booleans()):
        return f"{name} {_amount_text(amount)} {unit}"
    return {"nutrient": name, "amount": amount, "unit": unit}


def valid_profiles(kb: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Raw profiles that are all valid: numbers as numbers or text, flags as bools or words, names known or not."""
    flag = st.one_of(st.booleans(), st.sampled_from(["yes", "no", "true", "false"]))
    number = st.one_of(st.integers(0, 3000), st.floats(0, 3000).map(lambda x: round(x, 3)))
    medications = sorted(kb.vocabulary.name_tables["medications"]) + UNKNOWN_NAMES
    conditions = sorted(kb.vocabulary.name_tables["conditions"]) + UNKNOWN_NAMES
    fields = {
        "age": st.one_of(st.sampled_from(EDGE_AGES), st.floats(0, 130).map(lambda x: round(x, 3)),
                         st.integers(0, 130).map(str)),
        "sex": st.sampled_from(["female", "male", "Female"]),
        "sun": st.sampled_from(["low", "enough"]),
        "sun_minutes": st.one_of(st.sampled_from([0, 14.9, 15, 20, 30, 31]), st.integers(0, 1440)),
        "sun_midday": flag, "arms_legs_bare": flag, "sunscreen": flag, "mostly_indoors": flag,
        "diet_calcium": number,
        "taking": st.lists(_supplement(), max_size=4),
        "medications": st.lists(st.sampled_from(medications), max_size=3),
        "conditions": st.lists(st.sampled_from(conditions), max_size=3),
    }
    female = {"menopause": st.sampled_from(["pre", "peri", "post"]), "pregnant": flag, "breastfeeding": flag}

    @st.composite
    def profile(draw: st.DrawFn) -> dict[str, Any]:
        chosen = draw(st.fixed_dictionaries({}, optional=fields))
        if str(chosen.get("sex", "")).casefold() != "male":
            chosen.update(draw(st.fixed_dictionaries({}, optional=female)))
        return chosen

    return profile()


@pytest.fixture(scope="session")
def profiles(kb: Any) -> st.SearchStrategy[dict[str, Any]]:
    """The valid-profile strategy over the shipped knowledge base (draw from it with st.data())."""
    return valid_profiles(kb)

