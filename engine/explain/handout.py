"""The HTML page: rendered Markdown in page.html.j2 (autoescaped), with an SVG chart per nutrient.

A chart shows the recommended supplement range as a band and what the person takes now as a bar
on the same scale; without `taking`, the range alone. Geometry is computed here, drawing is the
template's.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from .render import markdown_to_html
from .words import number_text

WIDTH, HEIGHT, PAD = 420, 56, 24
PLOT = WIDTH - 2 * PAD


def chart(rec: dict[str, Any]) -> dict[str, Any]:
    """Positions for one supplement recommendation (a context entry of context._recommendation)."""
    current = rec["current"]["value"] if rec["current"] else None
    top = max(rec["max"], current or 0) * 1.25 or 1

    def x(value: float) -> float:
        return round(PAD + PLOT * value / top, 1)

    range_width = max(round(x(rec["max"]) - x(rec["min"]), 1), 2.0)
    return {
        "nutrient": rec["nutrient"], "name": rec["name"], "amount": rec["amount"],
        "width": WIDTH, "height": HEIGHT, "x0": PAD, "plot_width": PLOT, "axis_y": 42,
        "range_x": x(rec["min"]), "range_width": range_width, "range_end": round(x(rec["min"]) + range_width, 1),
        "min_text": number_text(rec["min"]), "max_text": number_text(rec["max"]),
        "current": current,
        "current_text": rec["current"]["amount"] if rec["current"] else None,
        "current_width": round(x(current) - PAD, 1) if current is not None else 0,
        "status_text": rec["current"]["status_text"] if rec["current"] else None,
    }


def charts(person: dict[str, Any]) -> list[dict[str, Any]]:
    return [chart(rec) for rec in person["recommendations"] if rec["kind"] == "supplement"]


def page_context(markdown: str, title: str, chart_list: list[dict[str, Any]]) -> dict[str, Any]:
    """The page template's data: the body split after its title, so the charts follow the heading."""
    html = markdown_to_html(markdown)
    head, sep, rest = html.partition("</h1>")
    if not sep:
        head, rest = "", html
    return {"title": title, "head": Markup(head + sep), "body": Markup(rest), "charts": chart_list}
