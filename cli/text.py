"""A result as text for a person at a terminal: amounts as a table, warnings, notes, the trace."""

from __future__ import annotations

from typing import Any

from .labels import LABELS, amount_text


def terminal_safe(text: str) -> str:
    """Text for a terminal: control characters a person typed (ESC, U+202E) shown escaped, so a
    name cannot recolour, clear or reorder the screen; line breaks kept."""
    from bonekb.engine.errors import escaped

    return "\n".join(escaped(line) for line in text.split("\n"))


def _facts_text(facts: dict[str, Any]) -> str:
    parts = []
    for name, value in facts.items():
        if value is None:
            parts.append(f"{name} not given")
        else:
            parts.append(f"{name} {_profile_value(value)}")
    return "; ".join(parts) or "always"


def render_result_text(data: dict[str, Any], lang: str, messages: dict[str, dict[str, Any]]) -> str:
    """The contract's result dict (already in `lang`) as text; nutrients are named by the knowledge
    base's messages (`name-<id>`, and `name-<id>-reference` beside a reference intake)."""
    from tabulate import tabulate

    from ..engine.explain.controls import visible_controls

    t = LABELS[lang]
    names = _nutrient_words(messages, lang)
    lines = []
    kb = data["knowledge_base"]
    lines.append(f"bonekb · {t['kb']} {kb['version']} ({kb['digest'][:19]}…)")
    profile = {k: v for k, v in data["profile"].items() if k not in ("unknown", "assumed", "unrecognised")}
    person = ", ".join(f"{k} {_profile_value(v)}" for k, v in profile.items()) or t["unknown"]
    lines.append(f"{t['person']}: {person}")
    groups = ", ".join(data["groups"]) or t["none"]
    sun = t.get(data["sun"], t["unknown"]) if data["sun"] else t["unknown"]
    lines.append(f"{t['groups']}: {groups} · {t['sun']}: {sun}")
    lines.append("")
    if not data["in_scope"]:
        lines.append(f"{t['out_of_scope']}: {t['no_amounts']}")
    if data["recommendations"]:
        lines.append(t["amounts"])
        rows = []
        for rec in data["recommendations"]:
            current = rec.get("current")
            now = ""
            if current:
                now = f"{amount_text(current['amount'], current['amount'], current['unit'])} ({t[current['status']]})"
            rows.append([names.get(rec["nutrient"], rec["nutrient"]), t[rec["kind"]],
                         amount_text(rec["min"], rec["max"], rec["unit"]),
                         rec["form"] or "", now, rec["rule"], ", ".join(rec["sources"])])
        headers = [t["nutrient"], t["kind"], t["amount"], t["form"], t["now"], t["rule"], t["sources"]]
        lines.append(tabulate(rows, headers=headers, tablefmt="simple"))
        lines.append("")
    reference = _reference_lines(data, t, names)
    if reference:
        lines.append(t["reference"])
        lines.extend(reference)
        lines.append("")
    if data["warnings"]:
        lines.append(t["warnings"])
        for w in data["warnings"]:
            lines.append(f"  [{w['severity']}] {w['code']} ({w['rule']}; {', '.join(w['sources'])})")
            lines.append(f"      {w['message']}")
        lines.append("")
    if data["scope_notes"]:
        lines.append(t["notes"])
        lines.extend(f"  - {note}" for note in data["scope_notes"])
        lines.append("")
    lines.append(t["why"])
    for firing in data["fired"]:
        line = f"  - {firing['rule']}: {t['matched']} {_facts_text(firing['facts'])}"
        if firing.get("derived"):
            derived = ", ".join(f"{k} {v}" for k, v in firing["derived"].items())
            line += f" → {t['derived']} {derived}"
        if firing.get("overridden_by"):
            line += f" → {t['overridden'].format(rule=firing['overridden_by'])}"
        if firing.get("unsaid"):
            line += f" → {t['unsaid']}"
        lines.append(f"{line}  [{', '.join(firing['sources'])}]")
    lines.append("")
    lines.append(t["disclaimer"])
    return visible_controls("\n".join(lines))  # a name a person typed may hold ESC or U+202E


def _reference_lines(data: dict[str, Any], t: dict[str, str], names: dict[str, str]) -> list[str]:
    """One line per nutrient: its RDA or AI and its upper limit, with the rule and sources."""
    lines = []
    for item in data.get("reference_intakes", []):
        label = names.get(f"{item['nutrient']}-reference", names.get(item["nutrient"], item["nutrient"]))
        text = f"{item['type']} {amount_text(item['amount'], item['amount'], item['unit'])}"
        lines.append(f"  {label}: {text} ({item['rule']}; {', '.join(item['sources'])})")
    for item in data.get("limits", []):
        text = f"{t['upper_limit']} {amount_text(item['max'], item['max'], item['unit'])}"
        name = names.get(item["nutrient"], item["nutrient"])
        lines.append(f"  {name}: {text} ({item['rule']}; {', '.join(item['sources'])})")
    return lines


def _nutrient_words(messages: dict[str, dict[str, Any]], lang: str) -> dict[str, str]:
    """'calcium' -> its name, 'k1-reference' -> its name beside a reference intake."""
    return {code.removeprefix("name-"): str(text[lang]) for code, text in messages.items()
            if code.startswith("name-") and isinstance(text, dict) and lang in text}


def _profile_value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(v["given"] if isinstance(v, dict) else str(v) for v in value) or "[]"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
