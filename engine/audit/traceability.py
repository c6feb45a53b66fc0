"""Traceability checks (T): every rule cites, every claim is encoded or set aside with a reason,
every quote is the article's own wording, and the article's own disagreements stay visible."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from ..errors import KnowledgeBaseError
from ..findings import Finding
from ..knowledge import KnowledgeBase, Rule
from .amounts import amount_text, cofiring, nutrient_text, overrides_transitively
from .registry import check, finding
from .schema import register_structural

register_structural("T001", "no-sources", """A rule names no source.

What it looks for: a rule whose `sources` is empty.
Why it matters: every recommendation and warning must say where it comes from (a claim id of
the article or a REF-* reference), or a reviewer cannot check it and a reader cannot trust it.
How to fix: add the claim ids (`bonekb claims list`) or reference ids the rule encodes.""")


def cited_sources(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Source id -> the rules (and engine messages) that cite it."""
    cited: dict[str, list[str]] = {}
    for rule in kb.rules:
        for source in rule.sources:
            cited.setdefault(source, []).append(rule.id)
    for code, message in kb.messages.items():
        for source in message.get("sources", []) if isinstance(message, dict) else []:
            cited.setdefault(source, []).append(f"message {code}")
    return cited


def _claim_index(kb: KnowledgeBase) -> dict[str, int]:
    return {c["id"]: i for i, c in enumerate((kb.claims_document.data or {}).get("claims", []))}


@check("T002", "error", "claim-not-encoded")
def unencoded_claims(kb: KnowledgeBase) -> Iterator[Finding]:
    """A claim of the article is neither encoded by a rule nor set aside with a reason.

    What it looks for: a claim of rules/claims.yaml (the ids of claims.md are the contract) with
    `actionable: true` that no rule (and no engine message) cites in its `sources`.
    Why it matters: the knowledge base promises to encode the whole article; an actionable claim
    no rule carries is advice the article gives and bonekb silently drops.
    How to fix: write the rule that encodes it and cite the claim, or set `actionable: false`
    with a `not_actionable_reason` that says why no fact of a person changes what it says.
    """
    cited = cited_sources(kb)
    for claim_id, index in _claim_index(kb).items():
        claim = kb.claims[claim_id]
        if claim.get("actionable") and claim_id not in cited:
            yield finding("T002", kb.claims_document.position(("claims", index, "id")),
                          f"claim {claim_id} is actionable but no rule cites it: encode it, or mark it "
                          "`actionable: false` with a reason")


@check("T005", "warning", "set-aside-claim-cited")
def set_aside_but_cited(kb: KnowledgeBase) -> Iterator[Finding]:
    """A claim marked not actionable is cited by a rule.

    What it looks for: a claim with `actionable: false` that a rule lists in its `sources`.
    Why it matters: the claim's `not_actionable_reason` tells reviewers no rule acts on it; a rule
    citing it contradicts that record, so one of the two is wrong.
    How to fix: if the rule acts on the claim, mark it `actionable: true` (and drop the reason);
    otherwise remove it from the rule's sources.
    """
    cited = cited_sources(kb)
    for claim_id, index in _claim_index(kb).items():
        rules = [r for r in cited.get(claim_id, []) if not r.startswith("message ")]
        if kb.claims[claim_id].get("actionable") is False and rules:
            yield finding("T005", kb.claims_document.position(("claims", index, "actionable")),
                          f"claim {claim_id} is marked not actionable, yet {', '.join(rules)} cite(s) it")


def _loose(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace())


@check("T003", "error", "quote-drift", needs_valid=False)
def quote_drift(kb: KnowledgeBase) -> Iterator[Finding]:
    """A quote of a claim is not verbatim in the article.

    What it looks for: an entry of a claim's `quote` that is not an exact substring of the
    article text (rules/article.zh-Hant.txt, as claims.yaml's `source.file` names it).
    Why it matters: quotes are shown to people as the article's own words; a quote that drifted
    (retyped, half-width punctuation, a character changed) puts words in the authors' mouths.
    How to fix: copy the wording from the article file again; the message says when only spaces
    or the width of punctuation differ.
    """
    try:
        article = kb.article_text
    except KnowledgeBaseError as err:
        yield finding("T003", kb.claims_document.position(("source", "file")), f"the article: {err}")
        return
    loose_article = _loose(article)
    claims = (kb.claims_document.data or {}).get("claims") or []
    for index, claim in enumerate(claims):
        if not isinstance(claim, dict):
            continue
        claim_id = claim.get("id", f"#{index + 1}")
        quotes = claim.get("quote") if isinstance(claim.get("quote"), list) else []
        for i, quote in enumerate(quotes):
            if not isinstance(quote, str) or quote in article:
                continue
            hint = (": it differs only in spaces or punctuation width" if _loose(quote) in loose_article
                    else "")
            yield finding("T003", kb.claims_document.position(("claims", index, "quote", i)),
                          f"claim {claim_id}: quote {quote!r} is not verbatim in the article{hint}")


@check("T004", "warning", "article-disagreement")
def article_disagreements(kb: KnowledgeBase) -> Iterator[Finding]:
    """The article disagrees with itself, and both sides are encoded.

    What it looks for: each pair listed under `disagreements` in rules/claims.yaml (the end of
    claims.md: DOSE-3 against the table's rows, DOSE-4/DOSE-5 against the table's D3 figures,
    TEAM-3 against K1-2/K1-4) whose both sides are encoded: rules citing each side recommend the
    nutrient (for a pair without a nutrient, both claims are in claims.yaml). The message gives
    both figures, the rules that carry them, and which rule takes precedence where both apply.
    Why it matters: neither side may be dropped silently; a reviewer must see that the knowledge
    base resolves the disagreement (the table's rows override the general advice) and agree. A
    pair may declare its `decision` (the rule that gives the amount where both apply, and why): the
    message then states it, after checking that the rule exists, gives the nutrient and overrides
    the rules of both sides.
    These warnings are expected for the shipped knowledge base: they are the article's, not bugs.
    How to fix: nothing to fix in the rules when the precedence shown is the intended one; if a
    pair has no precedence, the overlap check (L002) reports it as an error too.
    """
    data = (kb.claims_document.data or {}).get("disagreements") or []
    for i, entry in enumerate(data):
        where = kb.claims_document.position(("disagreements", i))
        for other in entry["against"]:
            message = _disagreement(kb, entry, other)
            if message:
                yield finding("T004", where, message)


def _recommenders(kb: KnowledgeBase, claim_id: str, nutrient: str) -> list[tuple[Rule, dict[str, Any]]]:
    return [(rule, rec) for rule in kb.rules if claim_id in rule.sources
            for rec in rule.recommendations if rec["nutrient"] == nutrient and rec["kind"] == "supplement"]


def _disagreement(kb: KnowledgeBase, entry: dict[str, Any], other: str) -> str | None:
    claim = entry["claim"]
    nutrient = entry.get("nutrient")
    if nutrient is None:
        if claim in kb.claims and other in kb.claims:
            return f"{claim} and {other} disagree: {entry['en']}"
        return None
    decision = entry.get("decision")
    decided_by = decision["rule"] if decision else None
    ours = [(r, rec) for r, rec in _recommenders(kb, claim, nutrient) if r.id != decided_by]
    theirs = [(r, rec) for r, rec in _recommenders(kb, other, nutrient) if r.id != decided_by]
    pairs = [(a, b) for a in ours for b in theirs if (a[1]["min"], a[1]["max"]) != (b[1]["min"], b[1]["max"])]
    together = [(a, b) for a, b in pairs if cofiring(kb, a[0], b[0])]
    shown = together or pairs
    if not shown:
        return None
    parts = []
    for (rule_a, rec_a), (rule_b, rec_b) in shown:
        if overrides_transitively(kb, rule_b, rule_a):
            precedence = f"where both apply, {rule_b.id} overrides {rule_a.id}"
        elif overrides_transitively(kb, rule_a, rule_b):
            precedence = f"where both apply, {rule_a.id} overrides {rule_b.id}"
        else:
            precedence = "they never apply together" if not together else "neither takes precedence"
        figures = f"{amount_text(rec_a)} ({rule_a.id}) against {amount_text(rec_b)} ({rule_b.id})"
        parts.append(figures if decision else f"{figures}; {precedence}")
    message = f"{claim} and {other} disagree on the {nutrient_text(kb, nutrient)} supplement: " + "; ".join(parts)
    return message + (_decision_text(kb, decision, nutrient, [r for pair in shown for r, _ in pair])
                      if decision else "")


def _decision_text(kb: KnowledgeBase, decision: dict[str, Any], nutrient: str, sides: list[Rule]) -> str:
    """The declared decision: the rule that gives the amount where both sides apply, checked to exist,
    to give that amount and to override both sides."""
    rule = kb.rule_by_id.get(decision["rule"])
    if rule is None:
        return f"; the decision names rule {decision['rule']}, which does not exist"
    recs = [rec for rec in rule.recommendations if rec["nutrient"] == nutrient and rec["kind"] == "supplement"]
    if not recs:
        return f"; the decision names rule {rule.id}, which gives no {nutrient_text(kb, nutrient)} supplement"
    not_overridden = sorted({s.id for s in sides if not overrides_transitively(kb, rule, s)})
    if not_overridden:
        return f"; the decision {rule.id} does not override {', '.join(not_overridden)}"
    return (f"; decided in claims.yaml: where both apply, {rule.id} overrides both and gives "
            f"{amount_text(recs[0])} ({decision['en']})")


VERDICT_KINDS = ("mechanism", "evidence")


@check("T009", "error", "claim-without-verdict")
def claims_without_verdict(kb: KnowledgeBase) -> Iterator[Finding]:
    """A mechanism or evidence claim carries no verdict of the references.

    What it looks for: a claim of rules/claims.yaml of kind `mechanism` or `evidence` without an
    `evidence` block (a verdict: supported, mixed, overstated, unsupported or contradicted, a
    summary in every language and the reference ids it rests on).
    Why it matters: these claims say how the body works or what research found; the explanations
    quote them, and a reader cannot tell the article's case from what the references support
    unless each says what the references make of it.
    How to fix: add `evidence:` with the verdict, the summary (en and zh-Hant) and the REF-* ids
    of rules/references.yaml it rests on; `bonekb claims show ID` shows it.
    """
    for claim_id, index in _claim_index(kb).items():
        claim = kb.claims[claim_id]
        if claim.get("kind") in VERDICT_KINDS and not claim.get("evidence"):
            yield finding("T009", kb.claims_document.position(("claims", index, "kind")),
                          f"claim {claim_id} is a {claim['kind']} claim without a verdict of the references: "
                          "add `evidence` (verdict, summary, references)")
