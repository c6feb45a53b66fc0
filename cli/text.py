"""A result as text for a person at a terminal: amounts as a table, warnings, notes, the trace.

Facts, values, groups and units are said in the reader's language (explanations/<lang>/words.yaml);
rule ids, warning codes and sources stay as they are: they are the trace.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .labels import LABELS

if TYPE_CHECKING:
    from bonekb.engine.explain.words import Words


def terminal_safe(text: str) -> str:
    """Text for a terminal: control characters a person typed (ESC, U+202E) shown escaped, so a
    name cannot recolour, clear or reorder the screen; line breaks kept."""
    from bonekb.engine.errors import escaped

    return "\n".join(escaped(line) for line in text.split("\n"))


def _facts_text(facts: dict[str, Any], words: Words, t: dict[str, str]) -> str:
    parts = []
    for name, value in facts.items():
        if value is None:
            parts.append(f"{words.word('facts', name)} {t['not_given']}")
        else:
            parts.append(f"{words.word('facts', name)} {_profile_value(value, words)}")
    return t["fact_separator"].join(parts) or t["always"]


def render_result_text(data: dict[str, Any], lang: str, words: Words) -> str:
    """The contract's result dict (already in `lang`) as text, in the words of `lang`."""
    from tabulate import tabulate  # aligns wide (CJK) characters because wcwidth is installed

    from ..engine.explain.controls import visible_controls

    t = {**LABELS[lang], **words.data.get("labels", {})}  # a knowledge base may reword them (words.yaml `labels`)
    amount_text = words.amount
    lines = []
    kb = data["knowledge_base"]
    lines.append(f"bonekb · {t['kb']} {kb['version']}{t['open']}{kb['digest'][:19]}…{t['close']}")
    profile = {k: v for k, v in data["profile"].items() if k not in ("unknown", "assumed", "unrecognised")}
    person = t["list_separator"].join(f"{words.word('facts', k)} {_profile_value(v, words)}"
                                      for k, v in profile.items()) or t["unknown"]
    lines.append(f"{t['person']}{t['colon']}{person}")
    groups = t["list_separator"].join(words.value(g) for g in data["groups"]) or t["none"]
    sun = t.get(data["sun"], t["unknown"]) if data["sun"] else t["unknown"]
    shown = [f"{t[k]}{t['colon']}{v}" for k, v in (("groups", groups), ("sun", sun)) if t[k]]  # "" hides it
    if shown:
        lines.append(" · ".join(shown))
    lines.append("")
    if not data["in_scope"]:
        lines.append(f"{t['out_of_scope']}{t['colon']}{t['no_amounts']}")
    if data["recommendations"]:
        lines.append(t["amounts"])
        rows = []
        for rec in data["recommendations"]:
            current = rec.get("current")
            now = ""
            if current:
                now = amount_text(current["amount"], current["amount"], current["unit"])
                now += f"{t['open']}{t[current['status']]}{t['close']}"
            rows.append([words.word("nutrients", rec["nutrient"]), t[rec["kind"]],
                         amount_text(rec["min"], rec["max"], rec["unit"]),
                         words.value(rec["form"]) if rec["form"] else "", now, rec["rule"], ", ".join(rec["sources"])])
        headers = [t["nutrient"], t["kind"], t["amount"], t["form"], t["now"], t["rule"], t["sources"]]
        lines.append(tabulate(rows, headers=headers, tablefmt="simple"))
        lines.append("")
    reference = _reference_lines(data, t, words)
    if reference:
        lines.append(t["reference"])
        lines.extend(reference)
        lines.append("")
    if data["warnings"]:
        lines.append(t["warnings"])
        for w in data["warnings"]:
            severity = words.word("severities", w["severity"])
            lines.append(f"  [{severity}] {w['code']}{_trace(w['rule'], w['sources'], t)}")
            lines.append(f"      {w['message']}")
        lines.append("")
    if data["scope_notes"]:
        lines.append(t["notes"])
        lines.extend(f"  - {note}" for note in data["scope_notes"])
        lines.append("")
    lines.append(t["why"])
    for firing in data["fired"]:
        line = f"  - {firing['rule']}{t['colon']}{t['matched']} {_facts_text(firing['facts'], words, t)}"
        if firing.get("derived"):
            derived = t["list_separator"].join(f"{words.word('facts', k)} {words.value(v)}"
                                               for k, v in firing["derived"].items())
            line += f" → {t['derived']} {derived}"
        if firing.get("overridden_by"):
            line += f" → {t['overridden'].format(rule=firing['overridden_by'])}"
        if firing.get("unsaid"):
            line += f" → {t['unsaid']}"
        lines.append(f"{line}  [{', '.join(firing['sources'])}]")
    lines.append("")
    lines.append(t["disclaimer"])
    return visible_controls("\n".join(lines))  # a name a person typed may hold ESC or U+202E


def _reference_lines(data: dict[str, Any], t: dict[str, str], words: Words) -> list[str]:
    """One line per nutrient: its RDA or AI and its upper limit, with the rule and sources."""
    lines = []
    for item in data.get("reference_intakes", []):
        label = words.data.get("intake_names", {}).get(item["nutrient"]) or words.word("nutrients", item["nutrient"])
        text = f"{item['type']} {words.amount(item['amount'], item['amount'], item['unit'])}"
        lines.append(f"  {label}{t['colon']}{text}{_trace(item['rule'], item['sources'], t)}")
    for item in data.get("limits", []):
        text = f"{t['upper_limit']} {words.amount(item['max'], item['max'], item['unit'])}"
        name = words.word("nutrients", item["nutrient"])
        lines.append(f"  {name}{t['colon']}{text}{_trace(item['rule'], item['sources'], t)}")
    return lines


def _trace(rule: str, sources: list[str], t: dict[str, str]) -> str:
    """' (rule; SOURCE, SOURCE)', in the brackets of the reader's language."""
    return f"{t['open']}{rule}{t['fact_separator']}{', '.join(sources)}{t['close']}"


def _profile_value(value: Any, words: Words) -> str:
    if isinstance(value, list):
        return words.value([v["given"] if isinstance(v, dict) else v for v in value])
    return words.value(value)
