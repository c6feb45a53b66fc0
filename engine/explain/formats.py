"""One explanation, four formats: the Markdown itself, terminal text, a self-contained HTML page, JSON."""

from __future__ import annotations

import json

from .explainer import Explainer, Explanation
from .render import markdown_to_text

FORMATS = ("text", "markdown", "html", "json")


def title_of(markdown: str) -> str:
    return next((line[2:].strip() for line in markdown.splitlines() if line.startswith("# ")), "bonekb")


def format_explanation(explainer: Explainer, explanation: Explanation, output_format: str) -> str:
    """The explanation in `output_format`; the JSON's `result` is the recommend JSON when a profile was given."""
    if output_format == "markdown":
        return explanation.markdown
    if output_format == "text":
        return markdown_to_text(explanation.markdown)
    if output_format == "html":
        from .handout import page_context  # HTML only

        context = page_context(explanation.markdown, title_of(explanation.markdown), explanation.charts)
        return explainer.render("page.html.j2", **context)[0]
    return json.dumps({
        "command": explanation.command,
        "lang": explanation.lang,
        "answered": explanation.answered,
        **explanation.data,
        "sources": explanation.sources,
        "markdown": explanation.markdown,
        "text": markdown_to_text(explanation.markdown),
        "result": explanation.result,
    }, ensure_ascii=False, indent=2)
