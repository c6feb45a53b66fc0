"""Schema and reference checks (S): the loader's structural findings, registered with their pages.

validate.structural_findings is the one implementation (the loader refuses a knowledge base
on its errors); the audit reports all of them, each under its own code.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import KnowledgeBaseError
from ..findings import Finding
from ..knowledge import KnowledgeBase
from ..validate import Structure
from ..validate import structure as check_structure
from .registry import check, checks, finding, per_kb

STRUCTURAL_PAGES = {
    "S001": ("schema", """A file does not match its JSON Schema (engine/schemas/).

    What it looks for: a rule file, rules/claims.yaml, rules/references.yaml, rules/facts.yaml or
    rules/messages.yaml (every message the engine composes, in every language) whose content
    breaks its schema: a missing required key (a rule without `then`), a key the format does
    not know (a misspelt `overides`), a value of the wrong type or pattern (an id with
    capitals), a claim marked `actionable: false` without `not_actionable_reason`.
    Why it matters: the engine reads only what the schema describes; anything else is silently
    meaningless, or breaks the rules that follow it.
    How to fix: the message names the key and what is expected; compare with the format in the
    README and engine/schemas/rules.schema.json. A rule with a schema error is left out of
    the checks that reason over the rules (the report names it), which still run over the
    others; a schema error outside any rule makes them wait until it is fixed."""),
    "S002": ("duplicate-id", """Two rules, claims or references share an id (or a derived fact a profile fact's name).

    What it looks for: an id used twice across all rule files (or twice in claims.yaml or
    references.yaml), and a fact declared in rules/facts.yaml under a name the profile owns.
    Why it matters: traces, `rules show`, overrides and waivers name rules by id; with two, they
    point at whichever comes first, and the other cannot be reached by name.
    How to fix: rename one of them (ids are lowercase words joined by dots or dashes)."""),
    "S003": ("unknown-fact", """A rule tests or derives a fact nobody declares.

    What it looks for: a condition on a name that is neither a profile fact (rules/facts.yaml
    `profile`: age, sex, menopause, ...) nor a derived fact of rules/facts.yaml, and a `derive`
    of an undeclared fact.
    Why it matters: a test on an unknown fact is always false (the fact is never there), so the
    rule never fires and nothing says so.
    How to fix: correct the spelling, or declare the derived fact in rules/facts.yaml with its values."""),
    "S004": ("unknown-source", """A rule (or an engine message) cites a source that is neither a claim nor a reference.

    What it looks for: an entry of `sources` of a rule or of rules/messages.yaml that is not an
    id of rules/claims.yaml or rules/references.yaml.
    Why it matters: every recommendation and warning must trace back to the article or an
    authoritative reference; an unknown id is a broken citation a reader cannot follow.
    How to fix: use the claim id (`bonekb claims list`) or add the reference to rules/references.yaml."""),
    "S005": ("unknown-override", """A rule overrides a rule that does not exist (or itself).

    What it looks for: an id in `overrides` that names no other rule.
    Why it matters: the precedence it meant to declare is not there, so both rules may answer.
    How to fix: correct the id (`bonekb rules list`) or remove the entry."""),
    "S006": ("type-mismatch", """A test or a derived value does not fit the fact's type.

    What it looks for: a number operator on a fact that is not a number, a value an enum fact
    cannot take (`sex: woman`), a list fact tested without `includes`, a vocabulary id that
    vocabulary.yaml does not have, a derived value that facts.yaml does not list.
    Why it matters: such a test can never hold, so the rule is dead without saying so.
    How to fix: use a value the fact can take (the message lists them) or the right operator."""),
    "S007": ("derived-negation", """A rule tests that a derived fact is absent or different.

    What it looks for: `not` over a derived fact, `present: false` on it, or `not_equals`.
    Why it matters: durable-rules checks negation only when a match starts; a fact derived later
    does not retract the match, so the rule fires when it should not.
    How to fix: write the general rule without the negation and let the specific rule declare
    `overrides: [general-rule]`."""),
    "S008": ("cycle", """Rules depend on each other in a circle.

    What it looks for: rules that derive facts each other reads, or override each other, so that
    no firing order exists.
    Why it matters: the engine cannot order them; the knowledge base is refused.
    How to fix: break the circle: one of the derived facts must come from the person's facts only."""),
    "S009": ("unit-or-range", """An amount in the wrong unit, or with min above max.

    What it looks for: a recommendation or limit whose unit is not the nutrient's canonical unit
    (rules/vocabulary.yaml: calcium mg, d3 IU, k1/k2 ug), or whose min is above its max.
    Why it matters: amounts are compared and capped in canonical units; a D3 amount in mg would
    be read as IU, a thousandfold off.
    How to fix: convert to the canonical unit (1 µg of D3 = 40 IU) and write min <= max."""),
}


@per_kb
def structure(kb: KnowledgeBase) -> Structure:
    """The loader's findings and the rules they leave sound, computed once per audit."""
    return check_structure(kb)


def structural(kb: KnowledgeBase) -> list[Finding]:
    """The loader's findings."""
    return structure(kb).findings


def register_structural(code: str, name: str, doc: str, severity: str = "error") -> None:
    def run(kb: KnowledgeBase) -> list[Finding]:
        return [f for f in structural(kb) if f.code == code]

    check(code, severity, name, needs_valid=False, doc=doc)(run)


for _code, (_name, _doc) in STRUCTURAL_PAGES.items():
    register_structural(_code, _name, _doc)


@check("S010", "info", "waiver-unused", needs_valid=False)
def unknown_waivers(kb: KnowledgeBase) -> Iterator[Finding]:
    """A waiver that waives nothing: its code is not a check, or no finding of it stands in its rule.

    What it looks for: an entry of a rule's `waivers` whose `code` is no audit code, and (after
    the audit has run) a waiver whose code found nothing in that rule.
    Why it matters: a waiver is a reviewed exception; one that matches nothing hides the next
    real finding of that code in the rule without anyone having reviewed it.
    How to fix: remove the waiver, or correct its code (`bonekb audit --explain CODE`).
    """
    known = checks()
    for rule in kb.rules:
        for i, waiver in enumerate(rule.waivers):
            code = waiver.get("code", "") if isinstance(waiver, dict) else ""
            code = code if isinstance(code, str) else repr(code)
            if code not in known:
                yield finding("S010", rule.position("waivers", i, "code"),
                              f"rule '{rule.id}' waives '{code}', which is no audit code")


@check("S011", "error", "engine-refuses")
def engine_refuses(kb: KnowledgeBase) -> Iterator[Finding]:
    """The rules engine (durable-rules) refuses the compiled rules, so `recommend` could not load them.

    What it looks for: the rules compiled as `recommend` compiles them, given to durable-rules
    to build its ruleset (engine/session.py). The engine has limits of its own: 4,096 compiled
    rules (error 106; a rule with an `any` over derived facts compiles to one per branch), a
    number of facts joined in one rule (108; each test of a derived fact is one, and an `any`
    of them inside an `all` multiplies them), how deep conditions nest (113), and literals it
    can parse (204).
    Why it matters: a knowledge base the audit passes must load; otherwise every command that
    evaluates a person stops with this error.
    How to fix: the message names the rule when that rule alone is refused: split it into
    several rules, flatten its nesting, or test fewer derived facts in one condition (derive one
    fact that sums them up). When no rule alone is refused, there are too many rules.
    """
    from ..session import engine_refusal

    try:
        refused = engine_refusal(kb)
    except KnowledgeBaseError as err:  # compiles to more rules than the engine takes
        yield Finding(err.path, err.line or 1, err.column or 1, "S011", "error", err.problem.removeprefix("S011 "))
        return
    if refused is None:
        return
    rule, problem = refused
    if rule is not None:
        yield finding("S011", rule.position("when"), f"rule '{rule.id}': {problem}")
    else:
        yield finding("S011", kb.rules[0].position("id") if kb.rules else kb.facts_document.position(()), problem)
