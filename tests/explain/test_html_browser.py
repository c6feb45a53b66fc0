"""The HTML handout in a real browser: headless Chromium loads the file, and the charts are drawn.

Chromium is Debian's `chromium` package (CI installs it; see the README). The DOM after loading
must hold one SVG chart per nutrient with bars of non-zero width, and a screenshot must show the
range band's and the intake bar's colours: the page renders, not only its HTML string.
"""

from __future__ import annotations

import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PIL import Image

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--force-device-scale-factor=1"]
RANGE_RGB = (0x2F, 0x6F, 0xB3)  # .chart .range in page.html.j2
INTAKE_RGB = (0xE3, 0x6C, 0x0A)  # .chart .intake
POST60 = ("--age", "60", "--sex", "female", "--postmenopausal", "--sun", "low", "--taking", "calcium carbonate 1000 mg",
          "--taking", "D3 800 IU", "--taking", "K2 100 ug", "--taking", "K1 50 ug")


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert Path(CHROMIUM).is_file(), "chromium is required: apt-get install -y chromium"
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=60, check=True)


class Charts(HTMLParser):
    """Collects each chart's rect widths and the figure captions from the browser's DOM."""

    def __init__(self) -> None:
        super().__init__()
        self.charts: list[dict[str, list[float]]] = []
        self.captions: list[str] = []
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "figure" and "chart" in (values.get("class") or ""):
            self.charts.append({"range": [], "intake": []})
        elif tag == "rect" and values.get("class") in ("range", "intake") and self.charts:
            self.charts[-1][str(values["class"])].append(float(values.get("width") or 0))
        self._in_caption = tag == "figcaption"

    def handle_data(self, data: str) -> None:
        if self._in_caption:
            self.captions.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "figcaption":
            self._in_caption = False


@pytest.fixture(scope="module")
def handout(tmp_path_factory):
    """The handout for a postmenopausal woman who takes all four, written by the command itself."""
    from click.testing import CliRunner

    from bonekb.cli.main import cli

    path = tmp_path_factory.mktemp("handout") / "handout.html"
    result = CliRunner().invoke(cli, ["explain", *POST60, "--format", "html"], catch_exceptions=False)
    assert result.exit_code == 0
    path.write_text(result.stdout, encoding="utf-8")
    return path


def test_the_browser_dom_has_a_chart_per_nutrient(handout, tmp_path):
    dom = chromium(tmp_path, "--dump-dom", handout.as_uri()).stdout
    parser = Charts()
    parser.feed(dom)
    assert len(parser.charts) == 4
    for chart in parser.charts:
        assert len(chart["range"]) == 1 and chart["range"][0] > 0
        assert len(chart["intake"]) == 1 and chart["intake"][0] > 0
    captions = " ".join(parser.captions)
    assert "vitamin K2: recommended 150–200 µg; you take 100 µg now (below the range)" in captions
    assert "<h1>Calcium, vitamin D3, K2 and K1: your handout</h1>" in dom


def test_the_charts_are_visible_in_a_screenshot(handout, tmp_path):
    shot = tmp_path / "page.png"
    chromium(tmp_path, "--window-size=900,900", f"--screenshot={shot}", handout.as_uri())
    image = Image.open(shot).convert("RGB")
    colours = {colour: count for count, colour in image.getcolors(maxcolors=1 << 20)}
    # four range bands of at least 18 px height and a few dozen px width; four intake bars of 10 px
    assert colours.get(RANGE_RGB, 0) > 4 * 18 * 20
    assert colours.get(INTAKE_RGB, 0) > 4 * 10 * 20
