"""Figure checks (T006–T008): every number a rule uses is one its sources state, as data.

Claims carry the figures their quotes state (checked against the quote), references the figures
the rules use (with where in the document they stand); every amount, limit, reference intake,
threshold and age boundary of a rule must equal one of its sources' figures after unit
conversion, or be declared as derived or decided, with a reason the audit shows.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from ..findings import Finding
from ..knowledge import KnowledgeBase, Rule
from ..numberformat import EXACT
from ..yamlsource import Position, load_yaml
from .registry import check, finding
from .sourcefigures import (
    FIGURE_UNITS,
    INFINITY,
    INTAKE_TYPES,
    applies_to,
    canonical,
    claim_band,
    claim_figures,
    claim_list,
    figure_band,
    figure_facts,
    figure_numbers,
    figure_nutrient,
    leaves,
    num,
    quote_numbers,
    reference_figures,
    rule_band,
    rule_nutrient,
    rule_qualifiers,
    same,
    tiling_by_split,
    tiling_problems,
)

SI_FACTORS = {("mg", "g"): 1000.0, ("ug", "mg"): 1000.0}


def _numbers_text(numbers: list[tuple[float, Any]]) -> str:
    return ", ".join(num(n) + (f" {EXACT.unit(u)}" if u else "") for n, u in numbers) or "none"


@check("T006", "error", "figure-not-in-quote")
def figures_against_quotes(kb: KnowledgeBase) -> Iterator[Finding]:
    """A claim's figures and its quote's numbers differ, or a quote states figures the claim does not carry.

    What it looks for: a claim with `figures` (rules/claims.yaml: ages, amounts, sun minutes,
    clock hours) whose numbers, in order (a range gives its min and max; one figure of equal min
    and max gives one number), are not the numbers of its quotes in the article's order, or whose
    units differ from the units the quote writes (毫克 mg, 國際單位 IU, 微克 µg, 歲 years, 分鐘
    minutes; 下午 2 點 is hour 14). Also a claim whose quote states an amount or an age (a number
    with one of those units) and that has no `figures`.
    Why it matters: the figures are what the other figure checks compare the rules with; a typo
    in them, or in the quote, would let a wrong number through as the article's.
    How to fix: copy the numbers from the quote (which T003 keeps verbatim in the article) into
    the claim's figures in the quote's order; the message names the first number that differs.
    """
    for index, claim in enumerate(claim_list(kb)):
        quotes = [q for q in claim.get("quote") or [] if isinstance(q, str)]
        stated = [n for q in quotes for n in quote_numbers(q)]
        figures = [f for f in claim.get("figures") or [] if isinstance(f, dict)]
        claim_id = claim.get("id", f"#{index + 1}")
        if not figures:
            if any(unit in FIGURE_UNITS for _, unit in stated):
                yield finding("T006", kb.claims_document.position(("claims", index, "quote")),
                              f"claim {claim_id}: its quote states figures ({_numbers_text(stated)}) but the claim "
                              "carries no `figures`")
            continue
        carried = [(n, u, j) for j, f in enumerate(figures) for n, u in figure_numbers(f)]
        problem = _first_difference(stated, carried)
        if problem is not None:
            j, text = problem
            where = ("claims", index, "figures", j) if j is not None else ("claims", index, "quote")
            given = _numbers_text([(n, u) for n, u, _ in carried])
            yield finding("T006", kb.claims_document.position(where),
                          f"claim {claim_id}: {text}; the figures give {given}, the quote {_numbers_text(stated)}")


def _first_difference(stated: list[tuple[float, str | None]],
                      carried: list[tuple[float, str, int]]) -> tuple[int | None, str] | None:
    for i, ((n, unit, j), quoted) in enumerate(zip(carried, stated, strict=False)):
        if not same(n, quoted[0]):
            return j, f"number {i + 1} is {num(n)} in figure {j + 1} but {num(quoted[0])} in the quote"
        if quoted[1] is not None and quoted[1] != unit:
            return j, f"number {i + 1} ({num(n)}) is in {unit} in figure {j + 1} but in {quoted[1]} in the quote"
    if len(carried) != len(stated):
        j = carried[len(stated)][2] if len(carried) > len(stated) else None
        return j, f"the figures give {len(carried)} numbers, the quote {len(stated)}"
    return None


# ---------------------------------------------------------------- T007: amounts and thresholds

@check("T007", "error", "figure-drift")
def figure_drift(kb: KnowledgeBase) -> Iterator[Finding]:
    """An amount or threshold of a rule is not a figure its sources state.

    What it looks for: after unit conversion (vocabulary.yaml),
    - each `recommend` item: a figure of the same nutrient and kind among the cited claims'
      `figures` (for D3, of the sun level the rule tests) with the same min and max;
    - each `limit` and `reference_intake` item: every cited reference that states that
      nutrient's UL (or RDA/AI) states, for every band it has that meets the rule's ages (and
      sex, and pregnancy or lactation), the same amount; a rule without ages must declare how its
      amounts were `derived` (the audit recomputes them: the lowest UL of its sources over the
      ages the article's table covers);
    - each number a condition compares an intake with (`taking_calcium above: 500`), and a
      warning's `speaks_if` figure: 0 (takes none or some), or a per-dose figure of a cited
      reference; sun minutes: a cited claim's;
    - the hours a medication warning tells a person to keep apart: the spacing its references state;
    - vocabulary.yaml: each calcium salt's fraction is REF-ODS-CA's, the µg-to-IU factor of vitamin
      D is a reference's unit conversion, metric factors are the SI ones.
    Why it matters: a mistyped figure is the likeliest real error in a rule file, and for an upper
    limit it is a safety error; the scenarios test only the people someone thought of.
    How to fix: correct the number from the source the message quotes (with where it stands in
    the document); if the rule's figure is deliberately not the source's, say how it was derived.
    """
    for rule in kb.rules:
        yield from _recommend_drift(kb, rule)
        yield from _intake_drift(kb, rule)
        yield from _threshold_drift(kb, rule)
        yield from _spacing_drift(kb, rule)
    yield from _vocabulary_drift(kb)


def _recommend_drift(kb: KnowledgeBase, rule: Rule) -> Iterator[Finding]:
    qualified = rule_qualifiers(kb, rule)
    keys = figure_facts(kb).qualifiers
    for i, item in enumerate(rule.then.get("recommend") or []):
        candidates = [(cid, f) for cid in rule.sources for f in claim_figures(kb, cid)
                      if f.get("what") == "amount" and f.get("nutrient") == item["nutrient"]
                      and f.get("kind") == item["kind"] and all(f.get(k) in (None, qualified.get(k)) for k in keys)]
        wanted = (canonical(kb, item["nutrient"], item["min"], item["unit"]),
                  canonical(kb, item["nutrient"], item["max"], item["unit"]))
        if any(_same_range(kb, f, wanted) for _, f in candidates):
            continue
        said = "; ".join(f"{cid} states {_range_text(f)}" for cid, f in candidates)
        what = f"{item['nutrient']} {item['kind'].replace('_', ' ')}" + "".join(f" ({k} {v})"
                                                                              for k, v in qualified.items())
        yield finding("T007", rule.position("then", "recommend", i),
                      f"rule '{rule.id}' recommends {EXACT.amount(item['min'], item['max'], item['unit'])} {what}, "
                      + (f"but {said}" if said else "but no source it cites states a figure for it"))


def _same_range(kb: KnowledgeBase, figure: dict[str, Any], wanted: tuple[float | None, float | None]) -> bool:
    low = canonical(kb, figure["nutrient"], figure["min"], figure.get("unit", ""))
    high = canonical(kb, figure["nutrient"], figure.get("max", figure["min"]), figure.get("unit", ""))
    return None not in (low, high, *wanted) and same(low, wanted[0]) and same(high, wanted[1])


def _range_text(figure: dict[str, Any]) -> str:
    low, high = figure.get("min"), figure.get("max", figure.get("min"))
    return (f"{num(low)}" if same(low, high) else f"{num(low)}–{num(high)}") + f" {EXACT.unit(figure.get('unit', ''))}"


def _intake_drift(kb: KnowledgeBase, rule: Rule) -> Iterator[Finding]:
    items = [("limit", i, item, "UL") for i, item in enumerate(rule.then.get("limit") or [])]
    items += [("reference_intake", i, item, item["type"])
              for i, item in enumerate(rule.then.get("reference_intake") or [])]
    if not items:
        return
    band = rule_band(kb, rule)
    derived = rule.document.data["rules"][rule.index].get("derived")
    for key, i, item, kind in items:
        amount = item["max"] if key == "limit" else item["amount"]
        where = rule.position("then", key, i)
        if band is None:
            yield from _derived_drift(kb, rule, where, item, amount, kind, derived)
            continue
        nutrient = figure_nutrient(kb, item["nutrient"])
        wanted = canonical(kb, item["nutrient"], amount, item["unit"])
        stating = [r for r in rule.sources
                   if any(f.get("nutrient") == nutrient and f.get("type") == kind for f in reference_figures(kb, r))]
        if not stating:
            yield finding("T007", where, f"rule '{rule.id}': {kind} {num(amount)} {item['unit']} of "
                                         f"{item['nutrient']}, but no source it cites states a {kind} of {nutrient}")
            continue
        for ref in stating:
            meeting = [f for f in reference_figures(kb, ref) if f.get("nutrient") == nutrient and f.get("type") == kind
                       and applies_to(f, band)]
            wrong = [f for f in meeting if wanted is None
                     or not same(canonical(kb, nutrient, f["amount"], f["unit"]) or -1, wanted)]
            if meeting and not wrong:
                continue
            said = "; ".join(f"{EXACT.amount(f['amount'], f['amount'], f['unit'])} for {f.get('band', '?')} "
                             f"({f.get('where', '?')})"
                             for f in (wrong or meeting)) or f"no {kind} for {band.text()}"
            yield finding("T007", where, f"rule '{rule.id}' gives a {kind} of {num(amount)} {item['unit']} "
                                         f"{item['nutrient']} for {band.text()}, but {ref} states {said}")


def _derived_drift(kb: KnowledgeBase, rule: Rule, where: Position, item: dict[str, Any], amount: float,
                   kind: str, derived: Any) -> Iterator[Finding]:
    if not isinstance(derived, dict):
        yield finding("T007", where, f"rule '{rule.id}' gives a {kind} of {num(amount)} {item['unit']} "
                                     f"{item['nutrient']} for no age band, and declares no `derived` to say how it was "
                                     "obtained")
        return
    low = min((claim_band(f)[0] for c in kb.claims for f in claim_figures(kb, c) if f.get("what") == "ages"),
              default=0.0)
    nutrient = figure_nutrient(kb, item["nutrient"])
    values = [canonical(kb, nutrient, f["amount"], f["unit"]) for r in rule.sources for f in reference_figures(kb, r)
              if f.get("nutrient") == nutrient and f.get("type") == kind and figure_band(f)[1] > low
              and not f.get("life_stage")]
    values = [v for v in values if v is not None]
    expected = min(values) if values else None
    got = canonical(kb, item["nutrient"], amount, item["unit"])
    if expected is None or got is None or not same(expected, got):
        shown = "none" if expected is None else num(expected)
        yield finding("T007", where, f"rule '{rule.id}' gives a {kind} of {num(amount)} {item['unit']} "
                                     f"{item['nutrient']}, but derived as it declares ({derived.get('how')}: the "
                                     f"lowest {kind} its sources state from {num(low)} years up) it is {shown}; "
                                     f"its reason: {derived.get('reason', '')}")


def _threshold_drift(kb: KnowledgeBase, rule: Rule) -> Iterator[Finding]:
    for leaf in leaves(rule):
        fact = leaf.data.get("fact", "")
        if fact == figure_facts(kb).ages:  # T008 checks age boundaries
            continue
        for op in ("at_least", "at_most", "above", "below"):
            value = leaf.data.get(op)
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                continue
            allowed = _stated_thresholds(kb, rule, fact)
            if any(same(value, a) for a in allowed):
                continue
            yield finding("T007", rule.position(*leaf.path, op),
                          f"rule '{rule.id}' compares {fact} with {num(value)}, which is no figure its sources state "
                          f"for it (they state: {', '.join(num(a) for a in sorted(allowed)) or 'none'})")
    speaks_if = (rule.then.get("warn") or {}).get("speaks_if")
    if isinstance(speaks_if, dict) and isinstance(speaks_if.get("above"), (int, float)):
        value = speaks_if["above"]
        allowed = _dose_thresholds(kb, rule, str(speaks_if.get("nutrient")))
        if not any(same(value, a) for a in allowed):
            yield finding("T007", rule.position("then", "warn", "speaks_if", "above"),
                          f"rule '{rule.id}' speaks when {speaks_if.get('nutrient')} passes {num(value)}, which is no "
                          f"figure its sources state for it (they state: {', '.join(num(a) for a in sorted(allowed))})")


def _stated_thresholds(kb: KnowledgeBase, rule: Rule, fact: str) -> set[float]:
    model = kb.vocabulary.profile
    taken = {model.taken_fact(f, n): n for f in model.supplements_fields for n in model.nutrients}
    if fact in taken:
        return _dose_thresholds(kb, rule, taken[fact])
    stated = set()
    for cid in rule.sources:
        for f in claim_figures(kb, cid):
            if f.get("what") == fact:
                stated |= {float(n) for n, _ in figure_numbers(f)}
    return stated


def _dose_thresholds(kb: KnowledgeBase, rule: Rule, taken_nutrient: str) -> set[float]:
    """What an amount taken may be compared with: 0 (none or some), or a per-dose figure of a cited reference."""
    nutrient = figure_nutrient(kb, taken_nutrient)
    stated = {canonical(kb, taken_nutrient, f["amount"], f["unit"]) for r in rule.sources
              for f in reference_figures(kb, r)
              if f.get("type") == "per_dose_max" and f.get("nutrient") == nutrient}
    return {0.0} | {s for s in stated if s is not None}


def _spacing_drift(kb: KnowledgeBase, rule: Rule) -> Iterator[Finding]:
    names_fields = kb.vocabulary.profile.names_fields
    named = {leaf.data.get("includes") for leaf in leaves(rule)
             if leaf.data.get("fact") in names_fields and isinstance(leaf.data.get("includes"), str)}
    hours = {float(h) for r in rule.sources for f in reference_figures(kb, r)
             if f.get("type") == "spacing" and f.get("medication") in named for h in f.get("hours") or []}
    if not hours:
        return
    message = (rule.then.get("warn") or {}).get("message") or {}
    # The title is written in the knowledge base's first language; each message in its own. A language
    # states hours by the words its words.yaml declares (`writing: {hours: [...]}`); one without is a finding.
    words = {lang: _hours_pattern(kb, lang) for lang in kb.languages}
    texts = {"title": (rule.title, words[kb.languages[0]]),
             **{lang: (str(message.get(lang, "")), pattern) for lang, pattern in words.items()}}
    for name, (text, pattern) in texts.items():
        if pattern is None:
            if name != "title":
                yield finding("T007", rule.position("then", "warn", "message", name),
                              f"rule '{rule.id}': the {name} text's hours cannot be checked: "
                              f"explanations/{name}/words.yaml declares no `writing: {{hours: [...]}}` words")
            continue
        said = {float(n) for m in re.finditer(pattern, text) for n in m.groups() if n}
        stray = said - hours
        missing = hours - said if name != "title" else set()
        if stray or missing:
            problem = "; ".join(part for part in (
                f"{', '.join(num(h) for h in sorted(stray))} hours that no source states" if stray else "",
                f"not the {', '.join(num(h) for h in sorted(missing))} hours its sources state" if missing else "")
                if part)
            where = rule.position("title") if name == "title" else rule.position("then", "warn", "message", name)
            yield finding("T007", where, f"rule '{rule.id}': the {name} text says {problem} "
                                         f"(sources: {', '.join(num(h) for h in sorted(hours))} hours)")


def _hours_pattern(kb: KnowledgeBase, lang: str) -> str | None:
    """A number or a range of hours followed by one of the language's `hours` words; None without them."""
    from ..languages import writing

    hours = writing(kb.root, lang).get("hours")
    if not isinstance(hours, list) or not hours:
        return None
    words = "|".join(re.escape(str(w)) for w in sorted(hours, key=lambda w: -len(str(w))))
    return rf"(\d+)(?:\s*[–-]\s*(\d+))?\s*(?:{words})"


def _vocabulary_drift(kb: KnowledgeBase) -> Iterator[Finding]:
    vocab = kb.vocabulary
    salted = vocab.salt_nutrient
    salts: dict[str, tuple[float, str, str]] = {}
    conversions: dict[tuple[str, str], tuple[float, str]] = {}
    for ref in kb.references:
        for f in reference_figures(kb, ref):
            if f.get("type") == "salt_fraction" and salted and f.get("nutrient") == figure_nutrient(kb, salted):
                salts[f.get("salt", "")] = (float(f["fraction"]), ref, f.get("where", ""))
            elif f.get("type") == "unit_conversion":
                nutrient = rule_nutrient(kb, f["nutrient"])
                factor = canonical(kb, nutrient, f["amount"], f["unit"])
                if factor is not None:
                    conversions[(nutrient, f["from"])] = (factor, ref)
    problems: list[tuple[tuple[Any, ...], str]] = []
    default_form = vocab.nutrient_entries.get(salted, {}).get("default_form") if salted else None
    for salt, fraction in vocab.salt_fractions.items():
        if salt == default_form:
            expected: tuple[float, str] | None = (1.0, f"{salt} {salted} is all {salted}")
        elif salt in salts:
            expected = (salts[salt][0], f"{salts[salt][1]} ({salts[salt][2]})")
        else:
            expected = None
        where = ("nutrients", salted, "salts", salt, "fraction")
        if expected is None:
            problems.append((where, f"{salted} salt '{salt}' has a fraction no reference states"))
        elif not same(fraction, expected[0]):
            problems.append((where, f"{salted} salt '{salt}' is {num(fraction)} {salted} here but "
                                    f"{num(expected[0])} in {expected[1]}"))
    for nutrient, factors in vocab.unit_factors.items():
        base = vocab.canonical_units.get(nutrient)
        for unit, factor in factors.items():
            if unit == base:
                expected_factor, said = 1.0, "the canonical unit"
            elif (nutrient, unit) in conversions:
                expected_factor, said = conversions[(nutrient, unit)][0], conversions[(nutrient, unit)][1]
            elif (base, unit) in SI_FACTORS:
                expected_factor, said = SI_FACTORS[(base, unit)], "the SI prefixes"
            else:
                problems.append((("nutrients", nutrient, "units", unit),
                                 f"{nutrient}: 1 {EXACT.unit(unit)} = {num(factor)} {EXACT.unit(base)}, "
                                 "a conversion no source states"))
                continue
            if not same(factor, expected_factor):
                problems.append((("nutrients", nutrient, "units", unit),
                                 f"{nutrient}: 1 {EXACT.unit(unit)} = {num(factor)} {EXACT.unit(base)} here, "
                                 f"but {num(expected_factor)} by {said}"))
    if problems:
        document = _vocabulary_document(kb)
        for path, message in problems:
            where = document.position(path) if document else Position("rules/vocabulary.yaml", 1, 1)
            yield finding("T007", where, message)


def _vocabulary_document(kb: KnowledgeBase) -> Any:
    try:
        return load_yaml(kb.rules_dir / "vocabulary.yaml", "rules/vocabulary.yaml")
    except Exception:  # a position is a courtesy; the finding stands without it
        return None


# ---------------------------------------------------------------- T008: age boundaries and bands

@check("T008", "error", "boundary-drift")
def boundary_drift(kb: KnowledgeBase) -> Iterator[Finding]:
    """An age boundary of a rule is not one its sources state, or bands that should tile do not.

    What it looks for:
    - each age a condition compares with (`at_least`, `below`, ...): an edge of a band its cited
      sources state (a claim's "4–13歲" has edges 4 and 14; a reference band "1–3 years" is
      at_least 1, below 4), or a boundary the rule's `decision` declares (`boundaries`, or the
      edges of the sources under `boundaries_from`), whose reason the message shows;
    - bands that should tile with no gap and no overlap: the rules deriving `group` from age
      alone, from the first age of the article's table up; the age-banded `limit` rules and the
      `reference_intake` rules of each nutrient, for each sex, from 0 up; and each reference's
      own bands of each nutrient (RDA/AI, and UL) from 0 up.
    Why it matters: a boundary moved by a year gives a whole age group another row's amounts or
    another band's upper limit, and no one reading the amounts sees it.
    How to fix: use the source's boundary (half-open: at_least the band's first year, below the
    next band's first year); if the knowledge base decides a boundary no source states, declare
    it in the rule's `decision` with the reason.
    """
    for rule in kb.rules:
        yield from _age_boundaries(kb, rule)
    for name in figure_facts(kb).tile_ages:
        yield from _group_tiling(kb, name)
    yield from _rule_band_tiling(kb)
    yield from _reference_tiling(kb)


def _source_edges(kb: KnowledgeBase, source: str) -> set[float]:
    edges: set[float] = set()
    for f in claim_figures(kb, source):
        if f.get("what") == "ages" and isinstance(f.get("min"), (int, float)):
            edges |= {e for e in claim_band(f) if e != INFINITY}
    for f in reference_figures(kb, source):
        if "ages" in f:
            edges |= {e for e in figure_band(f) if e != INFINITY}
    return edges


def _age_boundaries(kb: KnowledgeBase, rule: Rule) -> Iterator[Finding]:
    decision = rule.document.data["rules"][rule.index].get("decision")
    decision = decision if isinstance(decision, dict) else {}
    stated = {e for s in rule.sources for e in _source_edges(kb, s)}
    decided = {float(b) for b in decision.get("boundaries") or [] if isinstance(b, (int, float))}
    decided |= {e for s in decision.get("boundaries_from") or [] for e in _source_edges(kb, s)}
    ages = figure_facts(kb).ages
    for leaf in leaves(rule):
        if ages is None or leaf.data.get("fact") != ages:
            continue
        for op in ("at_least", "at_most", "above", "below"):
            value = leaf.data.get(op)
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                continue
            if any(same(value, e) for e in stated | decided):
                continue
            reason = f"; its decision: {decision['reason']}" if decision.get("reason") else ""
            yield finding("T008", rule.position(*leaf.path, op),
                          f"rule '{rule.id}' has an age boundary at {num(value)}, which is neither an edge of a band "
                          f"its sources state ({', '.join(num(e) for e in sorted(stated)) or 'none'}) nor a declared "
                          f"decision ({', '.join(num(e) for e in sorted(decided)) or 'none'}){reason}")


def _group_tiling(kb: KnowledgeBase, name: str) -> Iterator[Finding]:
    """The rules deriving `name` from the ages fact alone tile the claims' ages from the first up."""
    bands = []
    starts = []
    for rule in kb.rules:
        if name not in rule.derives or set(rule.reads) != {figure_facts(kb).ages}:
            continue
        band = rule_band(kb, rule)
        if band is None:
            continue
        bands.append((band.low, band.high, rule.id))
        starts += [claim_band(f)[0] for s in rule.sources for f in claim_figures(kb, s) if f.get("what") == "ages"]
    if not bands or not starts:
        return
    first = min(starts)
    for label, problem in tiling_problems(bands, first):
        yield finding("T008", kb.rule_by_id[label].position("when"),
                      f"the {name} values derived from {figure_facts(kb).ages} alone "
                      f"({', '.join(b[2] for b in sorted(bands))}) do not tile the article's ages "
                      f"from {num(first)} up: {problem}")


def _rule_band_tiling(kb: KnowledgeBase) -> Iterator[Finding]:
    for key in ("limit", "reference_intake"):
        banded: dict[str, list[tuple[float, float, str, dict[str, Any]]]] = defaultdict(list)
        for rule in kb.rules:
            band = rule_band(kb, rule)
            if band is None or band.life_stage:
                continue
            for item in rule.then.get(key) or []:
                banded[item["nutrient"]].append((band.low, band.high, rule.id, dict(band.only)))
        for nutrient, bands in sorted(banded.items()):
            for label, problem in tiling_by_split(kb, bands, 0.0):
                yield finding("T008", kb.rule_by_id[label].position("when"),
                              f"the {key.replace('_', ' ')} rules of {nutrient} do not tile ages from 0 up: {problem}")


def _reference_tiling(kb: KnowledgeBase) -> Iterator[Finding]:
    refs = (kb.references_document.data or {}).get("references") or []
    for index, ref in enumerate(refs):
        if not isinstance(ref, dict):
            continue
        groups: dict[tuple[str, str], list[tuple[float, float, str, dict[str, Any]]]] = defaultdict(list)
        place: dict[tuple[str, str, str], int] = {}
        for j, f in enumerate(ref.get("figures") or []):
            if isinstance(f, dict) and f.get("type") in INTAKE_TYPES and "ages" in f and not f.get("life_stage"):
                label = str(f.get("band") or f"figure {j + 1}")
                key = (str(f.get("nutrient", "")), INTAKE_TYPES[f["type"]])
                place.setdefault((*key, label), j)
                groups[key].append((*figure_band(f), label, {s: f[s] for s in figure_facts(kb).split_by if s in f}))
        yield from _life_stage_bands(kb, index, ref, groups)
        for (nutrient, kind), bands in sorted(groups.items()):
            for label, problem in tiling_by_split(kb, bands, 0.0):
                yield finding("T008", kb.references_document.position(("references", index, "figures",
                                                                        place[(nutrient, kind, label)])),
                              f"{ref.get('id')}: its {nutrient} {'UL' if kind == 'limit' else 'RDA/AI'} bands do "
                              f"not tile ages from 0 up: {problem}")


Bands = list[tuple[float, float, str, dict[str, Any]]]  # (low, high, label, the split facts' values it is for)


def _life_stage_bands(kb: KnowledgeBase, index: int, ref: dict[str, Any],
                      groups: dict[tuple[str, str], Bands]) -> Iterator[Finding]:
    """A life stage's bands (pregnancy or lactation) start and end where the reference's general bands
    of that nutrient do, and do not overlap each other."""
    staged: dict[tuple[str, str], list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for j, f in enumerate(ref.get("figures") or []):
        if isinstance(f, dict) and f.get("type") in INTAKE_TYPES and "ages" in f and f.get("life_stage"):
            staged[(str(f.get("nutrient", "")), str(f["life_stage"]))].append((j, f))
    for (nutrient, stage), figures in sorted(staged.items()):
        edges = {e for (n, _), bands in groups.items() if n == nutrient for b in bands for e in b[:2]}
        for j, f in figures:
            stray = [e for e in figure_band(f) if e not in edges]
            if stray:
                yield finding("T008", kb.references_document.position(("references", index, "figures", j, "ages")),
                              f"{ref.get('id')}: its {nutrient} band for {stage.replace('_', ' or ')} "
                              f"({f.get('band', '?')}) has an edge at {num(stray[0])}, where none of its general "
                              f"{nutrient} bands starts or ends")
        bands = [(*figure_band(f), str(f.get("band", j))) for j, f in figures]
        for label, problem in tiling_problems(bands, min(b[0] for b in bands)):
            j = next(j for j, f in figures if str(f.get("band", j)) == label)
            yield finding("T008", kb.references_document.position(("references", index, "figures", j)),
                          f"{ref.get('id')}: its {nutrient} bands for {stage.replace('_', ' or ')} do not follow "
                          f"each other: {problem}")
