"""One call from a person's raw facts to a result: normalise, run the rules, resolve."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .knowledge import KnowledgeBase
from .profile import Profile, normalise_profile
from .resolve import resolve
from .result import Result
from .session import RuleSession
from .trace import Evaluation
from .validate import load_knowledge_base


class Evaluator:
    """A checked knowledge base and its rule session; evaluate as many people as you like."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.session = RuleSession(kb)

    @classmethod
    def open(cls, root: Path | str | None = None) -> Evaluator:
        """Load and check the knowledge base at `root` (the shipped one by default)."""
        return cls(load_knowledge_base(root))

    def evaluate(self, raw_profile: Mapping[str, Any]) -> Result:
        """The recommendations, warnings and trace for one person; raises ProfileError on bad input."""
        return self.evaluate_traced(raw_profile)[2]

    def evaluate_traced(self, raw_profile: Mapping[str, Any]) -> tuple[Profile, Evaluation, Result]:
        """The result with the profile and evaluation behind it: explanations ask why rules did not fire."""
        profile = normalise_profile(raw_profile, self.kb.vocabulary)
        evaluation = self.session.evaluate(profile.facts())
        return profile, evaluation, resolve(self.kb, profile, evaluation)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Evaluator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
