"""What the commands call: a nutrient's explanation, a question's answer, a person's handout.

Each returns an Explanation: the Markdown the templates wrote, the claim ids they cited, and the
data behind it; formats.py turns it into text, Markdown, HTML or JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from ..conditions import tests_of
from ..errors import TemplateError
from ..knowledge import KnowledgeBase
from .asking import Deferred, asked_context, interactions_context, limits_context
from .catalog import Catalog
from .context import ClaimBook, Person, nutrient_context, person_context
from .environment import make_environment, render
from .handout import charts
from .leaflet import careful_context, references_context
from .words import Words

if TYPE_CHECKING:
    from ..questions import Question


@dataclass
class Explanation:
    """Rendered Markdown with what it rests on."""

    command: str
    lang: str
    markdown: str
    sources: list[str]
    result: dict[str, Any] | None = None
    data: dict[str, Any] = field(default_factory=dict)
    answered: bool = True
    charts: list[dict[str, Any]] = field(default_factory=list)


class Explainer:
    """The templates of one language of a knowledge base, rendered with plain data."""

    def __init__(self, kb: KnowledgeBase, lang: str) -> None:
        self.kb = kb
        self.lang = lang
        self.folder = kb.explanations_dir / lang
        self.words = Words.load(self.folder, kb.vocabulary.profile.age_fields)
        self.catalog = Catalog.load(self.folder, kb.root)

    def render(self, template: str, **context: Any) -> tuple[str, list[str]]:
        """Render one template; return its Markdown and the claim ids it cited, in order."""
        claims = ClaimBook(self.kb, self.lang)
        env = make_environment(self.folder, {"claim": claims.claim, "cite": claims.cite, "cited": claims.so_far,
                                             "t": self.catalog.function()}, shared=self.kb.explanations_dir)
        base = {"lang": self.lang, "names": dict(self.words.data.get("nutrients", {})), "person": None,
                "asked": None, "final": True}
        return self.words.typeset(render(env, template, {**base, **context})), claims.cited

    def nutrient_data(self, nutrient: str, person: Person | None) -> dict[str, Any]:
        """Template data for one nutrient: the table's amounts, and with a person the chain and why-not."""
        if nutrient not in self.kb.vocabulary.nutrients:
            raise TemplateError(f"unknown nutrient {nutrient!r}")
        data: dict[str, Any] = {"nutrient": nutrient, "table": self._table(nutrient),
                                "careful": careful_context(self.kb, self.words, nutrient, self.lang),
                                "references": references_context(self.kb, self.words, nutrient, person)}
        if person is not None:
            data.update(nutrient_context(self.kb, person, nutrient, self.words))
            data["person"] = person_context(self.kb, person, self.words, self.lang)
        return data

    def _table(self, nutrient: str) -> list[dict[str, Any]]:
        """Every rule's amount for this nutrient, in file order: the general answer to 'how much'."""
        rows = []
        for rule in self.kb.rules:
            for item in rule.recommendations:
                if item["nutrient"] == nutrient:
                    rows.append({"rule": rule.id, "title": rule.title, "sources": list(rule.sources),
                                 "when": [self.words.test(t) for t in tests_of(rule.condition)],
                                 "kind_text": self.words.word("kinds", item["kind"]),
                                 "amount": self.words.amount(item["min"], item["max"], item["unit"]),
                                 "form": self.words.value(item["form"]) if item.get("form") else None})
        return rows

    def explain(self, command: str, template: str, nutrient: str | None, person: Person | None,
                **extra: Any) -> Explanation:
        """Render `template` for a nutrient (or for the whole person when nutrient is None)."""
        data: dict[str, Any] = dict(extra)
        if nutrient is not None:
            data.update(self.nutrient_data(nutrient, person))
        elif person is not None:
            data["person"] = person_context(self.kb, person, self.words, self.lang)
            data["nutrients"] = {n: self.nutrient_data(n, person) for n in self.kb.vocabulary.nutrients}
        markdown, cited = self.render(template, **data)
        result = person.result.as_dict(self.lang) if person is not None else None
        public = {k: v for k, v in data.items() if k in ("nutrient", "chain", "why_not", "intent", "question")}
        if "nutrients" in data:
            public["nutrients"] = {n: {k: d[k] for k in ("chain", "why_not")} for n, d in data["nutrients"].items()}
        return Explanation(command, self.lang, markdown, cited, result, public)


def explain_nutrient(explainer: Explainer, nutrient: str, person: Person | None) -> Explanation:
    """`bonekb why`: the general explanation, and with a person the chain and why-not."""
    return explainer.explain("why", "why.md.j2", nutrient, person)


def answer_question(explainer: Explainer, question: Question, person: Person | None,
                    overridden: list[str] | None = None) -> Explanation:
    """`bonekb ask`: the intent's template for each nutrient named, or what can be asked."""
    data: dict[str, Any] = {"question": question.text, "intent": question.intent}
    public = {"nutrients": list(question.nutrients), "facts": dict(question.facts),
              "overridden": list(overridden or []), "misspelt": dict(question.misspelt),
              "suggestions": list(question.suggestions),
              "notes": [{"kind": kind, "said": said} for kind, said in question.notes]}
    if question.understood:
        parts = []
        for index, nutrient in enumerate(question.nutrients):
            asked = asked_context(explainer, question, person, nutrient, overridden or [], first=index == 0)
            parts.append(explainer.explain(
                "ask", str(question.template), nutrient, person, **data, asked=asked,
                limits=Deferred(partial(limits_context, explainer.kb, explainer.words, nutrient, person)),
                interactions=Deferred(partial(interactions_context, explainer.kb, explainer.words, nutrient, person)),
                final=index == len(question.nutrients) - 1))
        first = parts[0]
        sources = list(dict.fromkeys(s for part in parts for s in part.sources))
        markdown = "\n".join(part.markdown.rstrip("\n") + "\n" for part in parts)
        return Explanation("ask", explainer.lang, markdown, sources, first.result, {**first.data, **public})
    from ..questions import QuestionReader  # `why` and `explain` read no questions

    examples = QuestionReader(explainer.kb).examples(explainer.lang)
    suggestions = [explainer.words.word("nutrients", n) for n in question.suggestions]
    markdown, cited = explainer.render("help.md.j2", examples=examples, suggestions=suggestions)
    return Explanation("ask", explainer.lang, markdown, cited, None,
                       {**data, "nutrient": question.nutrient, **public}, answered=False)


def make_handout(explainer: Explainer, person: Person) -> Explanation:
    """`bonekb explain`: the whole document for one person, with a chart per supplement amount."""
    explanation = explainer.explain("explain", "handout.md.j2", None, person)
    explanation.charts = charts(person_context(explainer.kb, person, explainer.words, explainer.lang),
                                explainer.words.numbers)
    return explanation
