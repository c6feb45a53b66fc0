"""The HTML page: rendered Markdown in page.html.j2 (autoescaped), with an SVG chart per nutrient.

Page one of the Markdown (up to its rule, `---`) is what the person acts on; the charts go right
after its amounts table. A chart is one nutrient on an axis from 0 in its unit: the recommended
range as a band, what the person takes now as a labelled bar (for calcium, food and supplement
stacked against the total range), and the reference intake (RDA or AI) and upper limit as marked
lines. Geometry is computed here; the words and the drawing are the template's, per language.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .render import markdown_to_html

if TYPE_CHECKING:
    from ..numberformat import NumberFormat

WIDTH, HEIGHT = 640, 84
LEFT, RIGHT = 14, 96  # room for the first tick label, and for the unit after the axis
PLOT = WIDTH - LEFT - RIGHT
# rows of the drawing, top to bottom: marker labels, range band, intake bar, axis and ticks
MARKER_LABEL_Y, BAND_Y, BAND_H, BAR_Y, BAR_H, AXIS_Y = 13, 19, 17, 42, 15, 64
BAND_LABEL, BAR_LABEL = 170, 150  # room (px) a band's and a bar's label take (13 px text, either language)
REFERENCE_LABEL, LIMIT_LABEL = 100, 150  # room (px) the marker labels take, to keep them apart


def _nice_top(value: float) -> tuple[float, float]:
    """The axis end and tick step: a round number above `value` with 4 to 8 ticks."""
    value = max(value, 1)
    power = 10 ** math.floor(math.log10(value))
    for step in (power / 5, power / 4, power / 2, power, power * 2):
        top = math.ceil(value / step) * step
        if top / step <= 8:
            return top, step
    return math.ceil(value / power) * power, power  # pragma: no cover - the loop always returns


def _scale(top: float):
    def x(value: float) -> float:
        return round(LEFT + PLOT * min(max(value, 0), top) / top, 1)
    return x


def _label(start: float, end: float, room: float, markers: list[float]) -> dict[str, Any]:
    """Where a mark's text goes: after its end where it fits clear of the marker lines, else before its
    start, else inside the mark (the text has a white halo, so a line or the mark never hides it)."""
    def clear(a: float, b: float) -> bool:
        return a >= LEFT and b <= LEFT + PLOT + RIGHT - 4 and not any(a - 2 <= m <= b + 2 for m in markers)
    if clear(end + 4, end + 4 + room):
        return {"x": round(end + 4, 1), "anchor": "start"}
    if clear(start - 4 - room, start - 4):
        return {"x": round(start - 4, 1), "anchor": "end"}
    if end - start >= room + 8:
        return {"x": round(end - 4, 1), "anchor": "end"}
    return {"x": round(end + 4, 1), "anchor": "start"}


def _markers(reference: dict[str, Any] | None, limit: dict[str, Any] | None, x) -> tuple[dict | None, dict | None]:
    """The RDA/AI and upper-limit lines, their labels kept apart (the limit's to its left, the RDA's to its right)."""
    ref = None if reference is None else {**reference, "x": x(reference["value"]), "anchor": "start"}
    lim = None if limit is None else {**limit, "x": x(limit["value"]), "anchor": "end"}
    if lim and lim["x"] - LIMIT_LABEL < LEFT:
        lim["anchor"] = "start"
    if ref and (ref["x"] + REFERENCE_LABEL > (lim["x"] - LIMIT_LABEL if lim else LEFT + PLOT)):
        ref["anchor"] = "end"
    for marker in (ref, lim):
        if marker:
            marker["text_x"] = round(marker["x"] + (3 if marker["anchor"] == "start" else -3), 1)
    return ref, lim


def chart(rec: dict[str, Any], total: dict[str, Any] | None, numbers: NumberFormat) -> dict[str, Any]:
    """One nutrient's chart from its supplement amount (a context entry of context._recommendation).

    `total`, for calcium, is the total-intake amount: the band is then the total range, and the
    bar stacks food (when given) and the supplement taken.
    """
    shown = total or rec
    current = rec["current"]["value"] if rec["current"] else None
    food = total["food"]["value"] if total and total.get("food") else None
    taken_total = (food or 0) + (current or 0) if (food is not None or current is not None) else None
    reference, limit = shown.get("reference"), shown.get("limit")
    values = [shown["max"], taken_total or 0, (reference or {}).get("value", 0), (limit or {}).get("value", 0)]
    top, step = _nice_top(max(values) * 1.08)
    x = _scale(top)
    band_x, band_end = x(shown["min"]), x(shown["max"])
    band_width = max(round(band_end - band_x, 1), 2.0)
    ticks = [{"x": x(i * step), "text": numbers.number(i * step)} for i in range(round(top / step) + 1)]
    segments = []
    if food is not None:
        segments.append({"kind": "food", "x": LEFT, "width": round(x(food) - LEFT, 1), "value": food})
    if current is not None:
        start = x(food or 0)
        segments.append({"kind": "supplement", "x": start, "width": round(x((food or 0) + current) - start, 1),
                         "value": current})
    bar_end = x(taken_total) if taken_total is not None else LEFT
    ref, lim = _markers(reference, limit, x)
    lines = [m["x"] for m in (ref, lim) if m]
    return {
        "nutrient": rec["nutrient"], "name": rec["name"], "unit": rec["unit_text"],
        "amount": shown["amount"], "kind": shown["kind"], "kind_text": shown["kind_text"],
        "supplement_amount": rec["amount"] if total else None,
        "width": WIDTH, "height": HEIGHT, "x0": LEFT, "x1": LEFT + PLOT, "axis_y": AXIS_Y,
        "band": {"x": band_x, "y": BAND_Y, "width": band_width, "height": BAND_H,
                 "label": _label(band_x, band_x + band_width, BAND_LABEL, lines), "text_y": BAND_Y + BAND_H - 4},
        "bar": {"y": BAR_Y, "height": BAR_H, "segments": segments, "end": bar_end,
                "label": _label(LEFT, bar_end, BAR_LABEL, lines), "text_y": BAR_Y + BAR_H - 3},
        "ticks": ticks, "tick_y": AXIS_Y + 17, "unit_y": AXIS_Y + 5,
        "marker_top": BAND_Y - 4, "marker_label_y": MARKER_LABEL_Y,
        "reference": ref, "limit": lim,
        "current": rec["current"], "food": total.get("food") if total else None,
        "taken_total": taken_total,
        "taken_total_text": None if taken_total is None else numbers.number(taken_total),
        "total_current": total.get("current") if total else None,
        "over_limit": bool(limit and taken_total is not None and taken_total > limit["value"]),
    }


def charts(person: dict[str, Any], numbers: NumberFormat) -> list[dict[str, Any]]:
    """A chart per nutrient with a supplement amount; calcium's against its total when there is one."""
    recs = person["recommendations"]
    out = []
    for rec in recs:
        if rec["kind"] != "supplement":
            continue
        total = next((r for r in recs if r["nutrient"] == rec["nutrient"] and r["kind"] == "total_intake"), None)
        out.append(chart(rec, total, numbers))
    return out


def page_context(markdown: str, title: str, chart_list: list[dict[str, Any]]) -> dict[str, Any]:
    """The page template's data: page one (charts after its amounts table), then the rest after the rule."""
    html = markdown_to_html(markdown)
    page_one, rule, rest = html.partition("<hr />")
    before, table_end, after = page_one.partition("</table>")
    if not table_end:
        before, after = page_one, ""
    return {"title": title, "before_charts": Markup(before + table_end), "after_charts": Markup(after),
            "rest": Markup(rest) if rule else Markup(""), "charts": chart_list}
