"""The audit's findings as text (like ruff), JSON, or SARIF 2.1.0 for code-scanning tools."""

from __future__ import annotations

import json
from typing import Any

from bonekb import __version__

from .registry import checks
from .runner import AuditReport

SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


def format_text(report: AuditReport, show_waived: bool = False) -> str:
    """One line per finding, `path:line:col: CODE [severity] message`, then a summary line."""
    lines = []
    for item in report.reported:
        if item.waived is None:
            lines.append(str(item.finding))
        elif show_waived:
            lines.append(f"{item.finding}  (waived: {item.waived})")
    counts = report.counts()
    summary = ", ".join(f"{counts[s]} {s}{'s' if counts[s] != 1 and s != 'info' else ''}"
                        for s in ("error", "warning", "info"))
    if counts["waived"]:
        summary += f", {counts['waived']} waived"
    lines.append(f"{summary} in {report.root}")
    if report.without:
        lines.append(f"checks over the rules ran without these rules, which have structural errors: "
                     f"{', '.join(report.without)}")
    if report.skipped:
        lines.append(f"not run until the errors above are fixed: {', '.join(report.skipped)}")
    return "\n".join(lines)


def format_json(report: AuditReport) -> dict[str, Any]:
    """Findings (waived ones with "waived": reason), counts, checks skipped, rules left out of the checks."""
    return {
        "knowledge_base": {"root": str(report.root), "version": report.version},
        "findings": [item.as_dict() for item in report.reported],
        "counts": report.counts(),
        "skipped": report.skipped,
        "without_rules": report.without,
        "seconds": round(report.seconds, 3),
    }


def format_sarif(report: AuditReport) -> dict[str, Any]:
    """A SARIF 2.1.0 log: one run, the checks as rules, each finding a result; waived ones suppressed."""
    registry = checks()
    codes = list(registry)
    rules = [{
        "id": code,
        "name": check.name,
        "shortDescription": {"text": check.summary},
        "fullDescription": {"text": check.doc},
        "help": {"text": check.doc},
        "defaultConfiguration": {"level": SARIF_LEVEL[check.severity]},
        "properties": {"family": check.family},
    } for code, check in registry.items()]
    results = []
    for item in report.reported:
        f = item.finding
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": codes.index(f.code),
            "level": SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": f.path, "uriBaseId": "KBROOT"},
                "region": {"startLine": f.line, "startColumn": f.column},
            }}],
        }
        if item.waived is not None:
            result["suppressions"] = [{"kind": "inSource", "justification": item.waived}]
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "bonekb audit", "version": __version__, "rules": rules}},
            "originalUriBaseIds": {"KBROOT": {"uri": report.root.resolve().as_uri() + "/"}},
            "results": results,
        }],
    }


def render(report: AuditReport, output_format: str, show_waived: bool = False) -> str:
    if output_format == "text":
        return format_text(report, show_waived)
    data = format_json(report) if output_format == "json" else format_sarif(report)
    return json.dumps(data, ensure_ascii=False, indent=2)
