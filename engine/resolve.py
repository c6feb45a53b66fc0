"""The policy that turns one person's firings into the result, as steps over a draft of it.

Steps, in order: collect what the active rules say (rules that yielded are set aside); one warning
per name not recognised; withhold the amounts a withholding warning names (before anything adjusts
them, so no message speaks of an amount that is not given); fit each supplement to the diet; cap at
upper limits; refuse when out of scope (safety warnings stay); compare what the person takes;
last, leave unsaid a warning whose `speaks_if` the resolved amounts do not meet.
A warning made here carries a message code and values (engine/wording.py), worded only when the
result is shown; it names the rule whose outcome caused it, and that rule's sources. Nothing here
names a nutrient or a fact: the nutrient a diet fact counts toward, a nutrient's forms and words
are the knowledge base's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .knowledge import KnowledgeBase, Rule
from .names import name_reader
from .profile import Profile, tidy
from .result import SEVERITY_ORDER, Recommendation, Result, Warning
from .trace import Evaluation, Firing
from .wording import Messages, Text, Worded

NAME_WARNING = "name-not-recognised"  # rules/reference/names.yaml: worded here, one warning per name
# What fitting a supplement to the diet found, each worded by the message `<nutrient>-<outcome>`.
DIET_OUTCOMES = ("food-covers", "total-short", "diet-fitted")
# The messages the steps compose whatever the knowledge base holds (validate requires each).
CAPPED, ABOVE, FOOD_ABOVE = "capped-at-upper-limit", "above-upper-limit", "food-above-upper-limit"
TAKING_ABOVE, TAKING_NOT_NEEDED = "taking-above-recommended", "taking-not-needed"
SUGGESTION, NO_SUGGESTION, WITHHELD = "name-suggestion", "no-name-suggestion", "amount-withheld"
CONFLICT, DIET_TEXT, NO_DIET_TEXT = "rule-conflict", "diet-text", "no-diet-text"
ENGINE_MESSAGES = (CAPPED, ABOVE, FOOD_ABOVE, TAKING_ABOVE, TAKING_NOT_NEEDED, SUGGESTION, NO_SUGGESTION,
                   WITHHELD, CONFLICT, DIET_TEXT, NO_DIET_TEXT)


def required_messages(kb: KnowledgeBase) -> list[str]:
    """Every message code the steps can compose for this knowledge base: the engine's own, and those
    its declarations make (a fitted nutrient's outcomes, an assumption, a name not recognised)."""
    vocab, model = kb.vocabulary, kb.vocabulary.profile
    codes = list(ENGINE_MESSAGES)
    fitted = {r.then["fit_to_diet"] for r in kb.rules if isinstance(r.then.get("fit_to_diet"), str)}
    codes += [f"{n}-{outcome}" for n in sorted(fitted) for outcome in DIET_OUTCOMES]
    codes += [f"assumed-{other}-from-{name}" for name, spec in model.declared.items()
              for other in spec.get("assumes", {})]
    if vocab.salt_nutrient and vocab.nutrient_entries[vocab.salt_nutrient].get("default_form"):
        codes.append(f"assumed-{vocab.nutrient_entries[vocab.salt_nutrient]['default_form']}-{vocab.salt_nutrient}")
    codes += [f"{prefix}-{name}" for name in model.names_fields for prefix in ("unrecognised", "name-not-recognised")]
    codes += [f"name-not-covered-{name}" for name in model.names_fields
              if vocab.not_covered.get(model.declared[name]["vocabulary"])]
    return codes


@dataclass
class Draft:
    """The result while the steps work on it."""

    kb: KnowledgeBase
    profile: Profile
    messages: Messages
    active: list[Rule]
    facts: dict[str, Any]
    profile_notes: list[Text]
    notes: list[Text] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    recs: dict[tuple[str, str], Recommendation] = field(default_factory=dict)
    limits: list[tuple[Rule, dict[str, Any]]] = field(default_factory=list)
    intakes: list[dict[str, Any]] = field(default_factory=list)
    refusals: list[Text] = field(default_factory=list)
    unsaid: set[str] = field(default_factory=set)  # rules whose warning speaks_if left unsaid

    def diet(self, nutrient: str) -> Any:
        """The person's intake of a nutrient from food (its declared diet fact), or None."""
        fact = self.kb.vocabulary.diet_facts.get(nutrient)
        return self.facts.get(fact) if fact else None

    def taking(self, nutrient: str) -> Any:
        """What the person takes of a nutrient now (all supplements lists together), or None."""
        model = self.profile.model
        amounts = [self.facts[f] for f in (model.taken_fact(s, nutrient) for s in model.supplements_fields)
                   if f in self.facts]
        return tidy(sum(amounts)) if amounts else None

    def taken_as(self, nutrient: str) -> str:
        """How a nutrient taken is named: a form taken that has its own words (`name-<id>-with-<form>`,
        vitamin D2 counted with D3) names it so."""
        for supplement in self.profile.taking or ():
            code = f"{supplement.nutrient}-with-{str(supplement.form).casefold()}"
            if supplement.nutrient == nutrient and self.messages.has(f"name-{code}"):
                return code
        return nutrient


def resolve(kb: KnowledgeBase, profile: Profile, evaluation: Evaluation) -> Result:
    """Turn an evaluation into the contract's result."""
    messages = Messages(kb.messages, kb.explanations_dir)
    active = [kb.rule_by_id[f.rule] for f in evaluation.firings if f.overridden_by is None]
    assumed = [Worded(code, values) for code, values in profile.assumed]
    names_warned = any(rule.then.get("warn", {}).get("code") == NAME_WARNING for rule in active)
    profile_notes: list[Text] = [*assumed, *(Worded(f"unrecognised-{kind}", {"names": ", ".join(names)})
                                             for kind, names in profile.unrecognised.items() if not names_warned)]
    draft = Draft(kb, profile, messages, active, profile.facts(), profile_notes, notes=list(profile_notes))
    for step in STEPS:
        step(draft)
    groups_fact, sun_fact = _shown_as(kb, "groups"), _shown_as(kb, "sun")
    groups = list(evaluation.derived.get(groups_fact, ())) if groups_fact else []
    group_order = kb.derived_facts.get(groups_fact, {}).get("values", []) if groups_fact else []
    return Result(
        knowledge_base={"version": kb.version, "digest": kb.digest},
        profile={**profile.as_dict(), "assumed": assumed},
        in_scope=not draft.refusals,
        scope_notes=_unique(draft.notes),
        groups=sorted(groups, key=group_order.index),
        sun=evaluation.derived.get(sun_fact) if sun_fact else None,
        recommendations=sorted(draft.recs.values(), key=lambda r: r.sort_key(kb.vocabulary.nutrients)),
        warnings=sorted(draft.warnings, key=lambda w: SEVERITY_ORDER[w.severity]),
        fired=[_firing_dict(kb, f, f.rule in draft.unsaid) for f in evaluation.firings],
        reference_intakes=draft.intakes,
        limits=[{**limit, "rule": rule.id, "sources": list(rule.sources)} for rule, limit in draft.limits],
        wording=messages,
    )


def collect(draft: Draft) -> None:
    """What the active rules say: notes, refusals, warnings, amounts, limits and reference intakes."""
    for rule in draft.active:
        then = rule.then
        if "note" in then:
            draft.notes.append(then["note"])
        if "out_of_scope" in then:
            draft.refusals.append(then["out_of_scope"])
        if "warn" in then:
            w = then["warn"]
            draft.warnings.append(Warning(w["code"], w["severity"], list(w["nutrients"]), rule.id,
                                          list(rule.sources), w["message"], bool(w.get("withhold")),
                                          w.get("speaks_if")))
        for item in then.get("recommend", []):
            _add_recommendation(draft, rule, item)
        draft.limits += [(rule, limit) for limit in then.get("limit", [])]
        draft.intakes += [{**item, "rule": rule.id, "sources": list(rule.sources)}
                          for item in then.get("reference_intake", [])]


def _add_recommendation(draft: Draft, rule: Rule, item: dict) -> None:
    key = (item["nutrient"], item["kind"])
    if key in draft.recs:
        first = draft.recs[key].rule
        draft.warnings.append(Warning(CONFLICT, "info", [item["nutrient"]], rule.id, list(rule.sources),
                                      Worded(CONFLICT, {"first": first, "second": rule.id,
                                                        "nutrient": item["nutrient"], "kind": item["kind"]})))
        return
    draft.recs[key] = Recommendation(item["nutrient"], item["kind"], item["min"], item["max"], item["unit"],
                                     item.get("form"), rule.id, list(rule.sources))


def name_warnings(draft: Draft) -> None:
    """The not-recognised rule's warning as one warning per name, with the closest listed names.

    Each is worded by messages.yaml's `name-not-recognised-<fact>`, in place of the rule's own
    `message`, which is kept only when no name is known (docs/authoring.md, "Names not recognised");
    a name the vocabulary lists under `not_covered` by `name-not-covered-<fact>`: its sources do not cover it."""
    out: list[Warning] = []
    profile = draft.profile
    for warning in draft.warnings:
        if warning.code != NAME_WARNING or not profile.unrecognised:
            out.append(warning)
            continue
        for kind, names in profile.unrecognised.items():
            reader = name_reader(draft.kb.vocabulary, profile.model.declared[kind]["vocabulary"])
            for name in names:
                shown = name if name.isprintable() else repr(name)[1:-1]
                if reader.not_covered(name) is not None:  # known, but no source covers it: said so, not "did you mean"
                    message = Worded(f"name-not-covered-{kind}", {"name": shown})
                else:
                    close = reader.closest_names(name)
                    suggestion = Worded(SUGGESTION, {"names": " / ".join(close)}) if close else Worded(NO_SUGGESTION)
                    message = Worded(f"name-not-recognised-{kind}", {"name": shown, "suggestion": suggestion})
                out.append(Warning(warning.code, warning.severity, list(warning.nutrients), warning.rule,
                                   list(warning.sources), message))
    draft.warnings = out


def withhold(draft: Draft) -> None:
    """A warning that withholds (an avoid-level interaction or condition) removes its nutrients' amounts."""
    for warning in draft.warnings:
        if not warning.withhold:
            continue
        for nutrient in warning.nutrients:
            for key in [k for k in draft.recs if k[0] == nutrient]:
                del draft.recs[key]
        draft.notes.append(Worded(WITHHELD, {"reason": warning.message, "nutrients": warning.nutrients}))


def fit_to_diet(draft: Draft) -> None:
    """Keep food plus supplement within the group's total; no supplement when food covers it."""
    for rule in draft.active:
        nutrient = rule.then.get("fit_to_diet")
        if nutrient is None:
            continue
        diet = draft.diet(nutrient)
        total, supplement = draft.recs.get((nutrient, "total_intake")), draft.recs.get((nutrient, "supplement"))
        if diet is None or total is None or supplement is None:
            continue
        sources = _merge(rule.sources, total.sources)
        before = [supplement.min, supplement.max]
        if diet >= total.min:
            low = high = 0
            outcome = "food-covers"
        elif total.min - diet > supplement.max:
            low = high = supplement.max
            outcome = "total-short"
        else:
            low, high = total.min - diet, min(supplement.max, total.max - diet)
            outcome = "diet-fitted"
        code = f"{nutrient}-{outcome}"
        supplement.min, supplement.max = tidy(low), tidy(high)
        supplement.adjusted.append({"rule": rule.id, "from": before, "reason": code})
        supplement.sources = _merge(supplement.sources, rule.sources)
        draft.warnings.append(Warning(code, "info", [nutrient], rule.id, sources,
                                      Worded(code, {"diet": diet, "total_min": total.min, "total_max": total.max,
                                                    "supplement_max": before[1]})))


def cap(draft: Draft) -> None:
    """No recommendation may take diet plus supplement above the upper limit; flag intake above it."""
    for rule, limit in draft.limits:
        _apply_limit(draft, rule, limit)


def _apply_limit(draft: Draft, rule: Rule, limit: dict) -> None:
    nutrient, cap_at, unit = limit["nutrient"], limit["max"], limit["unit"]
    diet = draft.diet(nutrient)
    diet_text = Worded(DIET_TEXT, {"diet": diet, "unit": unit}) if diet is not None else Worded(NO_DIET_TEXT)
    counted = diet or 0
    supplement = draft.recs.get((nutrient, "supplement"))
    if supplement is not None and supplement.max > max(0, cap_at - counted):  # a supplement already 0 is not capped
        before = [supplement.min, supplement.max]
        supplement.max = tidy(max(0, cap_at - counted))
        supplement.min = min(supplement.min, supplement.max)
        supplement.adjusted.append({"rule": rule.id, "from": before, "reason": CAPPED})
        supplement.sources = _merge(supplement.sources, rule.sources)
        draft.warnings.append(Warning(CAPPED, "caution", [nutrient], rule.id, _merge(rule.sources, supplement.sources),
                                      Worded(CAPPED, {"nutrient": nutrient, "original_max": before[1],
                                                      "unit": unit, "limit": cap_at,
                                                      "max": supplement.max, "diet_text": diet_text})))
    total = draft.recs.get((nutrient, "total_intake"))
    if total is not None and total.max > cap_at:
        before = [total.min, total.max]
        total.max = cap_at
        total.min = min(total.min, cap_at)
        total.adjusted.append({"rule": rule.id, "from": before, "reason": CAPPED})
        total.sources = _merge(total.sources, rule.sources)
    taking = draft.taking(nutrient) or 0
    if counted + taking > cap_at:  # with nothing taken, food alone is above it: worded as such
        wording = ABOVE if taking else FOOD_ABOVE
        draft.warnings.append(Warning(ABOVE, "avoid", [nutrient], rule.id, list(rule.sources),
                                      Worded(wording, {"nutrient": draft.taken_as(nutrient), "taken": taking,
                                                       "diet": counted, "unit": unit, "limit": cap_at,
                                                       "diet_text": diet_text})))


def refuse(draft: Draft) -> None:
    """Out of scope: no amounts and no advice, only why; safety warnings stay."""
    if draft.refusals:
        draft.recs.clear()
        draft.warnings = [w for w in draft.warnings if w.severity != "info"]
        draft.notes = draft.refusals + draft.profile_notes


def compare_taking(draft: Draft) -> None:
    """What the person takes now against each supplement amount."""
    for (nutrient, kind), rec in draft.recs.items():
        taking = draft.taking(nutrient)
        if kind != "supplement" or taking is None:
            continue
        status = "below" if taking < rec.min else "above" if taking > rec.max else "within"
        rec.current = {"amount": taking, "unit": rec.unit, "status": status}
        if status == "above" and taking > 0:
            code = TAKING_NOT_NEEDED if rec.max == 0 else TAKING_ABOVE
            draft.warnings.append(Warning(code, "info", [nutrient], rec.rule,
                                          _merge(rec.sources, draft.messages.sources(code)),
                                          Worded(code, {"nutrient": draft.taken_as(nutrient), "taken": taking,
                                                        "unit": rec.unit, "min": rec.min,
                                                        "max": rec.max})))


def leave_unsaid(draft: Draft) -> None:
    """A warning with `speaks_if` is said only when the resolved amount it names is recommended (above 0)
    and that amount's maximum, or what the person takes now, passes the figure."""
    def speaks(warning: Warning) -> bool:
        condition = warning.speaks_if
        if not condition:
            return True
        rec = draft.recs.get((condition["nutrient"], condition["kind"]))
        if rec is None or rec.max <= 0:
            return False
        taking = draft.taking(condition["nutrient"]) or 0
        return rec.max > condition["above"] or taking > condition["above"]

    draft.unsaid = {w.rule for w in draft.warnings if not speaks(w)}
    draft.warnings = [w for w in draft.warnings if speaks(w)]


STEPS: tuple[Callable[[Draft], None], ...] = (collect, name_warnings, withhold, fit_to_diet, cap, refuse,
                                               compare_taking, leave_unsaid)


def _shown_as(kb: KnowledgeBase, key: str) -> str | None:
    """The derived fact rules/facts.yaml shows as this result key (`result: groups`)."""
    return next((name for name, spec in kb.derived_facts.items() if spec.get("result") == key), None)


def _unique(notes: list[Text]) -> list[Text]:
    seen: list[Text] = []
    for note in notes:
        if note not in seen:
            seen.append(note)
    return seen


def _merge(*lists: Any) -> list[str]:
    return list(dict.fromkeys(s for items in lists for s in items))


def _firing_dict(kb: KnowledgeBase, firing: Firing, unsaid: bool = False) -> dict[str, Any]:
    """A firing for the trace; `unsaid` marks a rule whose warning its `speaks_if` left unsaid."""
    sources = list(kb.rule_by_id[firing.rule].sources)
    out: dict[str, Any] = {"rule": firing.rule, "facts": firing.facts, "sources": sources}
    if unsaid:
        out["unsaid"] = True
    if firing.derived:
        out["derived"] = firing.derived
    if firing.overridden_by:
        out["overridden_by"] = firing.overridden_by
    if firing.conflicts:
        out["conflicts"] = firing.conflicts
    return out
