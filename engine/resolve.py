"""From the firings of one person's session to the result: amounts, warnings, scope and trace.

Order of work: rules that yielded to an overriding rule are set aside; out-of-scope rules
remove every amount; amounts under a withholding warning are removed (before anything adjusts
them, so no message speaks of an amount that is not given); the calcium supplement is fitted to
the diet; amounts are capped at upper limits; what the person takes is compared.
Every warning made here names the rule whose outcome caused it, and that rule's sources.
"""

from __future__ import annotations

from string import Template
from typing import Any

from .knowledge import KnowledgeBase, Rule
from .names import name_reader
from .profile import Profile, tidy
from .result import SEVERITY_ORDER, Recommendation, Result, Warning
from .trace import Evaluation, Firing
from .vocabulary import UNIT_TEXT

LANGS = ("en", "zh-Hant")
# The messages of rules/messages.yaml the engine composes (validate requires each, in every language).
MESSAGE_CODES = (
    "calcium-food-covers", "calcium-total-short", "calcium-diet-fitted", "capped-at-upper-limit",
    "above-upper-limit", "food-above-upper-limit", "taking-above-recommended", "taking-not-needed",
    "assumed-sex-from-menopause", "assumed-elemental-calcium", "unrecognised-medications",
    "unrecognised-conditions", "name-not-recognised-medications", "name-not-recognised-conditions",
    "name-suggestion", "no-name-suggestion", "amount-withheld", "rule-conflict", "diet-text", "no-diet-text",
)
DIET_FACTS = {"calcium": "diet_calcium"}
NAME_WARNING = "name-not-recognised"  # rules/reference/names.yaml: worded here, one warning per name


class _Messages:
    """The engine's own wording (rules/messages.yaml), filled with string.Template."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.texts: dict[str, dict[str, Any]] = kb.messages

    def sources(self, code: str) -> list[str]:
        return list(self.texts[code].get("sources", []))

    def __call__(self, code: str, **values: Any) -> dict[str, str]:
        return {lang: Template(self.texts[code][lang]).safe_substitute(self._shown(values, lang)) for lang in LANGS}

    def _shown(self, values: dict[str, Any], lang: str) -> dict[str, Any]:
        """Whole numbers without '.0', nutrient ids in the person's words ('d3' -> 'vitamin D3'), and
        a text given in every language (another message) in this one."""
        shown = {}
        for key, value in values.items():
            if isinstance(value, dict):
                shown[key] = value[lang]
            elif key in ("nutrient", "nutrients"):
                ids = [value] if isinstance(value, str) else value
                names = [self.texts.get(f"name-{n}", {}).get(lang, n) for n in ids]
                shown[key] = self.texts.get("name-separator", {}).get(lang, ", ").join(names)
            else:
                shown[key] = _number_text(value)
        return shown


def _number_text(value: Any) -> Any:
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return value


def resolve(kb: KnowledgeBase, profile: Profile, evaluation: Evaluation) -> Result:
    """Turn an evaluation into the contract's result."""
    messages = _Messages(kb)
    facts = profile.facts()
    active = [kb.rule_by_id[f.rule] for f in evaluation.firings if f.overridden_by is None]
    assumed = [messages(code, **values) for code, values in profile.assumed]
    names_warned = any(rule.then.get("warn", {}).get("code") == NAME_WARNING for rule in active)
    profile_notes = assumed + [messages(f"unrecognised-{kind}", names=", ".join(names))  # when no rule warns
                               for kind, names in profile.unrecognised.items() if not names_warned]
    notes = list(profile_notes)
    warnings: list[Warning] = []
    recs: dict[tuple[str, str], Recommendation] = {}
    limits: list[tuple[Rule, dict[str, Any]]] = []
    intakes: list[dict[str, Any]] = []
    refusals: list[dict[str, str]] = []
    for rule in active:
        then = rule.then
        if "note" in then:
            notes.append(then["note"])
        if "out_of_scope" in then:
            refusals.append(then["out_of_scope"])
        if "warn" in then:
            w = then["warn"]
            warnings.append(Warning(w["code"], w["severity"], list(w["nutrients"]), rule.id,
                                    list(rule.sources), w["message"], bool(w.get("withhold"))))
        for item in then.get("recommend", []):
            _add_recommendation(recs, rule, item, warnings, messages)
        limits += [(rule, limit) for limit in then.get("limit", [])]
        intakes += [{**item, "rule": rule.id, "sources": list(rule.sources)}
                    for item in then.get("reference_intake", [])]
    warnings = _name_warnings(warnings, kb, profile, messages)
    _withhold(recs, warnings, notes, messages)
    for rule in active:
        if "fit_to_diet" in rule.then:
            _fit_to_diet(recs, rule, rule.then["fit_to_diet"], facts, warnings, messages)
    taken_as = _taken_names(profile)
    for rule, limit in limits:
        _apply_limit(recs, rule, limit, facts, warnings, messages, taken_as)
    if refusals:  # out of scope: no amounts and no advice, only why; safety warnings stay
        recs.clear()
        warnings = [w for w in warnings if w.severity != "info"]
        notes = refusals + profile_notes
    _compare_taking(recs, facts, warnings, messages, taken_as)
    groups = list(evaluation.derived.get("group", ()))
    group_order = kb.derived_facts.get("group", {}).get("values", [])
    return Result(
        knowledge_base={"version": kb.version, "digest": kb.digest},
        profile={**profile.as_dict(), "assumed": assumed},
        in_scope=not refusals,
        scope_notes=_unique(notes),
        groups=sorted(groups, key=group_order.index),
        sun=evaluation.derived.get("sun_level"),
        recommendations=sorted(recs.values(), key=lambda r: r.sort_key(kb.vocabulary.nutrients)),
        warnings=sorted(warnings, key=lambda w: SEVERITY_ORDER[w.severity]),
        fired=[_firing_dict(kb, f) for f in evaluation.firings],
        reference_intakes=intakes,
        limits=[{**limit, "rule": rule.id, "sources": list(rule.sources)} for rule, limit in limits],
    )


def _unique(notes: list[dict[str, str]]) -> list[dict[str, str]]:
    seen: list[dict[str, str]] = []
    for note in notes:
        if note not in seen:
            seen.append(note)
    return seen


def _name_warnings(warnings: list[Warning], kb: KnowledgeBase, profile: Profile,
                   messages: _Messages) -> list[Warning]:
    """The not-recognised rule's warning as one warning per name, with the closest listed names."""
    out: list[Warning] = []
    for warning in warnings:
        if warning.code != NAME_WARNING or not profile.unrecognised:
            out.append(warning)
            continue
        for kind, names in profile.unrecognised.items():
            reader = name_reader(kb.vocabulary, kind)
            for name in names:
                close = reader.closest_names(name)
                suggestion = (messages("name-suggestion", names=" / ".join(close)) if close
                              else messages("no-name-suggestion"))
                shown = name if name.isprintable() else repr(name)[1:-1]
                out.append(Warning(warning.code, warning.severity, list(warning.nutrients), warning.rule,
                                   list(warning.sources),
                                   messages(f"name-not-recognised-{kind}", name=shown, suggestion=suggestion)))
    return out


def _add_recommendation(recs: dict, rule: Rule, item: dict, warnings: list[Warning], messages: _Messages) -> None:
    key = (item["nutrient"], item["kind"])
    if key in recs:
        first = recs[key].rule
        warnings.append(Warning("rule-conflict", "info", [item["nutrient"]], rule.id, list(rule.sources),
                                messages("rule-conflict", first=first, second=rule.id,
                                         nutrient=item["nutrient"], kind=item["kind"])))
        return
    recs[key] = Recommendation(item["nutrient"], item["kind"], item["min"], item["max"], item["unit"],
                               item.get("form"), rule.id, list(rule.sources))


def _fit_to_diet(recs: dict, rule: Rule, nutrient: str, facts: dict,
                 warnings: list[Warning], messages: _Messages) -> None:
    """Keep food plus supplement within the group's total; no supplement when food covers it."""
    diet = facts.get(DIET_FACTS.get(nutrient, ""))
    total, supplement = recs.get((nutrient, "total_intake")), recs.get((nutrient, "supplement"))
    if diet is None or total is None or supplement is None:
        return
    sources = _merge(rule.sources, total.sources)
    before = [supplement.min, supplement.max]
    if diet >= total.min:
        low = high = 0
        code = "calcium-food-covers"
    elif total.min - diet > supplement.max:
        low = high = supplement.max
        code = "calcium-total-short"
    else:
        low, high = total.min - diet, min(supplement.max, total.max - diet)
        code = "calcium-diet-fitted"
    supplement.min, supplement.max = tidy(low), tidy(high)
    supplement.adjusted.append({"rule": rule.id, "from": before, "reason": code})
    supplement.sources = _merge(supplement.sources, rule.sources)
    warnings.append(Warning(code, "info", [nutrient], rule.id, sources,
                            messages(code, diet=diet, total_min=total.min, total_max=total.max,
                                     supplement_max=before[1])))


def _taken_names(profile: Profile) -> dict[str, str]:
    """How a nutrient taken is named in messages: vitamin D2 taken makes 'd3' 'vitamin D (D2 and D3 together)'."""
    return {s.nutrient: f"{s.nutrient}-with-d2" for s in profile.taking or () if s.form == "D2"}


def _apply_limit(recs: dict, rule: Rule, limit: dict, facts: dict,
                 warnings: list[Warning], messages: _Messages, taken_as: dict[str, str]) -> None:
    """No recommendation may take diet plus supplement above the upper limit; flag intake above it."""
    nutrient, cap, unit = limit["nutrient"], limit["max"], limit["unit"]
    diet = facts.get(DIET_FACTS.get(nutrient, ""))
    diet_text = (messages("diet-text", diet=diet, unit=UNIT_TEXT[unit]) if diet is not None
                 else messages("no-diet-text"))
    counted = diet or 0
    supplement = recs.get((nutrient, "supplement"))
    if supplement is not None and supplement.max > max(0, cap - counted):  # a supplement already 0 is not capped
        before = [supplement.min, supplement.max]
        supplement.max = tidy(max(0, cap - counted))
        supplement.min = min(supplement.min, supplement.max)
        supplement.adjusted.append({"rule": rule.id, "from": before, "reason": "capped-at-upper-limit"})
        supplement.sources = _merge(supplement.sources, rule.sources)
        warnings.append(Warning("capped-at-upper-limit", "caution", [nutrient], rule.id,
                                _merge(rule.sources, supplement.sources),
                                messages("capped-at-upper-limit", nutrient=nutrient, original_max=before[1],
                                         unit=UNIT_TEXT[unit], limit=cap, max=supplement.max, diet_text=diet_text)))
    total = recs.get((nutrient, "total_intake"))
    if total is not None and total.max > cap:
        before = [total.min, total.max]
        total.max = cap
        total.min = min(total.min, cap)
        total.adjusted.append({"rule": rule.id, "from": before, "reason": "capped-at-upper-limit"})
        total.sources = _merge(total.sources, rule.sources)
    taking = facts.get(f"taking_{nutrient}") or 0
    if counted + taking > cap:  # with nothing taken, food alone is above it: worded as such
        wording = "above-upper-limit" if taking else "food-above-upper-limit"
        warnings.append(Warning("above-upper-limit", "avoid", [nutrient], rule.id, list(rule.sources),
                                messages(wording, nutrient=taken_as.get(nutrient, nutrient), taking=taking,
                                         diet=counted,
                                         unit=UNIT_TEXT[unit], limit=cap, diet_text=diet_text)))


def _withhold(recs: dict, warnings: list[Warning], notes: list, messages: _Messages) -> None:
    """A warning that withholds (an avoid-level interaction or condition) removes its nutrients' amounts."""
    for warning in warnings:
        if not warning.withhold:
            continue
        for nutrient in warning.nutrients:
            for key in [k for k in recs if k[0] == nutrient]:
                del recs[key]
        notes.append(messages("amount-withheld", reason=warning.message, nutrients=warning.nutrients))


def _compare_taking(recs: dict, facts: dict, warnings: list[Warning], messages: _Messages,
                    taken_as: dict[str, str]) -> None:
    for (nutrient, kind), rec in recs.items():
        taking = facts.get(f"taking_{nutrient}")
        if kind != "supplement" or taking is None:
            continue
        status = "below" if taking < rec.min else "above" if taking > rec.max else "within"
        rec.current = {"amount": taking, "unit": rec.unit, "status": status}
        if status == "above" and taking > 0:
            code = "taking-not-needed" if rec.max == 0 else "taking-above-recommended"
            warnings.append(Warning(code, "info", [nutrient], rec.rule,
                                    _merge(rec.sources, messages.sources(code)),
                                    messages(code, nutrient=taken_as.get(nutrient, nutrient), taking=taking,
                                             unit=UNIT_TEXT[rec.unit], min=rec.min, max=rec.max)))


def _merge(*lists: Any) -> list[str]:
    return list(dict.fromkeys(s for items in lists for s in items))


def _firing_dict(kb: KnowledgeBase, firing: Firing) -> dict[str, Any]:
    sources = list(kb.rule_by_id[firing.rule].sources)
    out: dict[str, Any] = {"rule": firing.rule, "facts": firing.facts, "sources": sources}
    if firing.derived:
        out["derived"] = firing.derived
    if firing.overridden_by:
        out["overridden_by"] = firing.overridden_by
    if firing.conflicts:
        out["conflicts"] = firing.conflicts
    return out
