"""The HTML handout in a real browser, in every language the manifest declares: drawn, printed, and
its Chinese (traditional and simplified) in real glyphs.

Chromium is Debian's `chromium` package and the CJK font Debian's `fonts-noto-cjk` (.ci/run installs
both; see the README). Headless Chromium loads the file the command wrote and:
- its DOM holds one SVG chart per nutrient, each with a title, a description and labelled marks;
- a screenshot shows the range bands and intake bars, and the upper-limit line for a person above it;
- printed to PDF on A4 and on Letter, the Quickstart's person fits in 3 pages, the "why" on a new page;
- each printed Chinese handout's text comes back out of the PDF as the Chinese it was: a character
  drawn as a missing-glyph box (tofu) has no Unicode mapping, so it does not. The same check is run on
  a render with the CJK fonts hidden from fontconfig, and must fail there.
"""

from __future__ import annotations

import os
import re
import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from PIL import Image
from pypdf import PdfReader

from bonekb.engine.knowledge import shipped_root
from bonekb.engine.languages import declared_languages

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--force-device-scale-factor=1"]
BAND_RGB = (0xA9, 0xC8, 0xEA)  # .chart .band in page.html.j2
INTAKE_RGB = (0xE3, 0x6C, 0x0A)  # .chart .supplement
LIMIT_RGB = (0xB0, 0x00, 0x20)  # .chart .limit
QUICKSTART = ("--age", "70", "--sex", "female", "--postmenopausal", "--sun", "low",
              "--taking", "calcium carbonate 1250 mg")  # README's Quickstart
POST60 = ("--age", "60", "--sex", "female", "--postmenopausal", "--sun", "low", "--taking", "calcium carbonate 1000 mg",
          "--taking", "D3 800 IU", "--taking", "K2 100 ug", "--taking", "K1 50 ug", "--diet-calcium", "700")
ABOVE_LIMIT = ("--age", "58", "--sex", "female", "--postmenopausal", "--sun", "low", "--taking", "D3 5000 IU")
PAPERS = {"A4": (595, 842), "Letter": (612, 792)}  # PDF points, ±1
LANGS = declared_languages()  # the shipped manifest's: a language added as data is printed too


def handout_words(lang: str) -> dict[str, str]:
    """The language's handout words (catalog `text.handout`): the title and the "why" heading in the PDF."""
    path = shipped_root() / "explanations" / lang / "words.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["text"]["handout"]


def is_chinese(lang: str) -> bool:
    """A language whose handout title is written in Han characters."""
    return any(unicodedata.name(c, "").startswith("CJK UNIFIED IDEOGRAPH") for c in handout_words(lang)["title"])


CHINESE = [lang for lang in LANGS if is_chinese(lang)]


def chromium(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    assert Path(CHROMIUM).is_file(), "chromium is required: apt-get install -y chromium fonts-noto-cjk"
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=90, check=True, env=env)


def write_handout(folder: Path, lang: str, *args: str) -> Path:
    """The HTML handout, written by the command as a person runs it."""
    from click.testing import CliRunner

    from bonekb.cli.main import cli

    result = CliRunner().invoke(cli, ["explain", *args, "--lang", lang, "--format", "html"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    path = folder / f"handout-{lang}.html"
    path.write_text(result.stdout, encoding="utf-8")
    return path


def print_to_pdf(tmp_path: Path, page: Path, paper: str | None = None, env: dict[str, str] | None = None) -> Path:
    """Chromium's own print to PDF; `paper` sets the sheet as a person's print dialog would."""
    if paper:
        html = page.read_text(encoding="utf-8").replace("</head>", f"<style>@page {{ size: {paper}; }}</style></head>")
        page = tmp_path / f"{page.stem}-{paper}.html"
        page.write_text(html, encoding="utf-8")
    pdf = tmp_path / f"{page.stem}.pdf"
    chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri(), env=env)
    return pdf


def pdf_text(pdf: Path) -> list[str]:
    """Each page's text as the PDF maps its glyphs back to Unicode (NFKC: Noto maps some to Kangxi radicals)."""
    return [unicodedata.normalize("NFKC", page.extract_text() or "") for page in PdfReader(pdf).pages]


def squashed(text: str) -> str:
    """Text to compare with a PDF's: NFKC (as pdf_text), without the spaces and breaks of its lines."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def chinese_is_drawn(pdf: Path, lang: str = "zh-Hant") -> bool:
    """True when the handout's title and body come out of the PDF as Chinese: they were drawn with real glyphs."""
    text = "".join(pdf_text(pdf))
    han = [c for c in text if unicodedata.name(c, "").startswith("CJK UNIFIED IDEOGRAPH")]
    return squashed(handout_words(lang)["title"]) in squashed(text) and len(han) > 500


class Charts(HTMLParser):
    """Each chart's marks from the browser's DOM: rects and lines by class, text labels, title and desc."""

    def __init__(self) -> None:
        super().__init__()
        self.charts: list[dict] = []
        self._text: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "figure" and "chart" in values.get("class", ""):
            self.charts.append({"nutrient": values.get("data-nutrient"), "rects": [], "lines": [], "texts": [],
                                "title": "", "desc": ""})
        elif not self.charts:
            return
        elif tag == "rect" and values.get("class"):
            self.charts[-1]["rects"].append(values)
        elif tag == "line":
            self.charts[-1]["lines"].append(values)
        elif tag in ("text", "title", "desc"):
            self._text = tag
            if tag == "text":
                self.charts[-1]["texts"].append({**values, "content": ""})

    def handle_data(self, data: str) -> None:
        if self._text == "text":
            self.charts[-1]["texts"][-1]["content"] += data
        elif self._text in ("title", "desc"):
            self.charts[-1][self._text] += data

    def handle_endtag(self, tag: str) -> None:
        if tag in ("text", "title", "desc"):
            self._text = None


def dom_charts(tmp_path: Path, page: Path) -> list[dict]:
    parser = Charts()
    parser.feed(chromium(tmp_path, "--dump-dom", page.as_uri()).stdout)
    return parser.charts


def colour_counts(tmp_path: Path, page: Path, height: int = 1800) -> dict[tuple[int, int, int], int]:
    shot = tmp_path / f"{page.stem}.png"
    chromium(tmp_path, f"--window-size=900,{height}", f"--screenshot={shot}", page.as_uri())
    image = Image.open(shot).convert("RGB")
    return {colour: count for count, colour in image.getcolors(maxcolors=1 << 22)}


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """pages(lang, who) -> the handout file, written once."""
    folder = tmp_path_factory.mktemp("handouts")
    cache: dict[tuple[str, tuple[str, ...]], Path] = {}

    def get(lang: str, who: tuple[str, ...]) -> Path:
        if (lang, who) not in cache:
            sub = folder / f"{len(cache)}"
            sub.mkdir()
            cache[lang, who] = write_handout(sub, lang, *who)
        return cache[lang, who]
    return get


@pytest.mark.parametrize("lang", LANGS)
def test_the_browser_dom_has_a_labelled_chart_per_nutrient(pages, tmp_path, lang):
    charts = dom_charts(tmp_path, pages(lang, POST60))
    assert [c["nutrient"] for c in charts] == ["calcium", "d3", "k2", "k1"]
    for chart in charts:
        bands = [r for r in chart["rects"] if r["class"] == "band"]
        intake = [r for r in chart["rects"] if "supplement" in r["class"].split()]
        assert len(bands) == 1 and float(bands[0]["width"]) > 0
        assert len(intake) == 1 and float(intake[0]["width"]) > 0
        assert chart["title"].strip() and chart["desc"].strip()
        labels = {t["class"]: t["content"] for t in chart["texts"]}
        assert labels["band-label"] and labels["intake-label"] and labels["unit-label"]
        ticks = [t["content"] for t in chart["texts"] if t["class"] == "tick-label"]
        assert ticks[0] == "0" and len(ticks) >= 3  # an axis from 0
    calcium = charts[0]
    assert [r["class"] for r in calcium["rects"] if r["class"].startswith("intake")] == ["intake food",
                                                                                         "intake supplement"]
    assert "1200–1500" in calcium["desc"] and "700" in calcium["desc"]  # food and supplement against the total
    assert any(t["class"] == "limit-label" and "2000" in t["content"] for t in calcium["texts"])
    assert any(t["class"] == "reference-label" and "RDA 1200" in t["content"] for t in calcium["texts"])
    assert not any(line["class"] == "limit" for line in charts[2]["lines"])  # K2 has no upper limit


def test_the_charts_are_visible_in_a_screenshot(pages, tmp_path):
    colours = colour_counts(tmp_path, pages("en", POST60))
    assert colours.get(BAND_RGB, 0) > 4 * 14 * 20  # four range bands
    assert colours.get(INTAKE_RGB, 0) > 4 * 12 * 5  # four supplement bars
    assert colours.get(LIMIT_RGB, 0) > 2 * 40  # calcium's and D3's upper limits


def test_the_upper_limit_is_drawn_where_a_person_is_above_it(pages, tmp_path):
    """5,000 IU of D3 against the 4,000 IU limit: the limit line is drawn, labelled, and the bar passes it."""
    page = pages("en", ABOVE_LIMIT)
    d3 = next(c for c in dom_charts(tmp_path, page) if c["nutrient"] == "d3")
    (limit,) = [line for line in d3["lines"] if line["class"] == "limit"]
    (bar,) = [r for r in d3["rects"] if "supplement" in r["class"].split()]
    assert float(bar["x"]) + float(bar["width"]) > float(limit["x1"])
    assert any(t["class"] == "limit-label" and t["content"] == "upper limit 4000 IU" for t in d3["texts"])
    assert "above the upper limit" in d3["desc"].replace("is above it", "above the upper limit")
    colours = colour_counts(tmp_path, page)
    assert colours.get(LIMIT_RGB, 0) > 40  # the line is drawn in the screenshot, not only in the DOM


@pytest.mark.parametrize("paper", sorted(PAPERS))
@pytest.mark.parametrize("lang", LANGS)
def test_the_quickstart_handout_prints_on_three_pages_or_fewer(pages, tmp_path, lang, paper):
    pdf = print_to_pdf(tmp_path, pages(lang, QUICKSTART), paper)
    reader = PdfReader(pdf)
    assert 2 <= len(reader.pages) <= 3, f"{lang} on {paper}: {len(reader.pages)} pages"
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert abs(width - PAPERS[paper][0]) <= 1 and abs(height - PAPERS[paper][1]) <= 1
    text = pdf_text(pdf)
    first = squashed(text[0])
    title, why = squashed(handout_words(lang)["title"]), squashed(handout_words(lang)["why_each"])
    assert title in first and why not in first
    assert squashed(text[1]).startswith(why)  # the why starts a page


def test_every_declared_language_is_printed():
    """The manifest's languages, read here: zh-Hans is printed as zh-Hant is, and its title is its own."""
    assert {"en", "zh-Hant", "zh-Hans"} <= set(LANGS) and {"zh-Hant", "zh-Hans"} <= set(CHINESE)
    assert handout_words("zh-Hans")["title"] != handout_words("zh-Hant")["title"]


@pytest.mark.parametrize("lang", CHINESE)
def test_chinese_is_drawn_with_real_glyphs(pages, tmp_path, lang):
    assert chinese_is_drawn(print_to_pdf(tmp_path, pages(lang, QUICKSTART)), lang)


def test_the_glyph_check_fails_when_no_cjk_font_is_found(pages, tmp_path):
    """The same page with fontconfig shown only fonts without Chinese: boxes, and the check says so."""
    listed = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, check=True).stdout
    with_chinese = subprocess.run(["fc-list", ":charset=9223", "--format", "%{file}\n"],  # U+9223 鈣
                                  capture_output=True, text=True, check=True).stdout.split()
    assert with_chinese, "no font with Chinese is installed: apt-get install -y fonts-noto-cjk"
    folders = sorted({str(Path(f).parent) for f in listed.split()} - {str(Path(f).parent) for f in with_chinese})
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                    + "".join(f"  <dir>{folder}</dir>\n" for folder in folders)
                    + f"  <cachedir>{tmp_path / 'fc-cache'}</cachedir>\n</fontconfig>\n", encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    hidden = subprocess.run(["fc-list", ":charset=9223"], capture_output=True, text=True, env=env, check=True)
    assert hidden.stdout.strip() == "", "the restricted fontconfig still finds a Chinese font"
    assert not chinese_is_drawn(print_to_pdf(tmp_path, pages("zh-Hant", QUICKSTART), env=env))
