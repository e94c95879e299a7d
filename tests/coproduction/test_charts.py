"""Charts are well-formed SVG images with a name and a description, their
words escaped, no inline styles (the CSP would block them), and ids of their
own so several can share a page."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from coassess.coproduction import charts

SVG = "{http://www.w3.org/2000/svg}"


def test_a_chart_is_a_named_described_image_with_its_words_escaped() -> None:
    figure = charts.share_bars(
        ["Voice <script>alert(1)</script> & more"], [40.0], "Percent"
    )
    svg = charts.svg_for(figure, "one", 'Title <b>"x"</b> & y', "Summary <i>z</i> & w")
    root = ET.fromstring(svg)  # noqa: S314 - our own output; well-formed, or this raises
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "one-title"
    assert root.get("aria-describedby") == "one-desc"
    assert root.find(f"{SVG}title").text == 'Title <b>"x"</b> & y'  # type: ignore[union-attr]
    assert root.find(f"{SVG}desc").text == "Summary <i>z</i> & w"  # type: ignore[union-attr]
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    assert "Voice <script>alert(1)</script> & more" in texts
    assert "<script" not in svg
    assert "style=" not in svg and "<style" not in svg
    assert 'fill="#005eb8"' in svg  # the bar's colour, as an attribute


def test_two_charts_share_no_id() -> None:
    a = charts.svg_for(
        charts.lines(["Jan", "Feb"], [("x", [10, None])], "%"), "a", "A", "a"
    )
    b = charts.svg_for(
        charts.grouped_bars(["p", "q"], [("x", [1, 2])], "n"), "b", "B", "b"
    )
    ids_a = set(re.findall(r'\bid="([^"]+)"', a))
    ids_b = set(re.findall(r'\bid="([^"]+)"', b))
    assert ids_a and ids_b and not ids_a & ids_b
    assert all(i.startswith("a-") for i in ids_a)
    for ref in re.findall(r"url\(#([^)]+)\)", a):
        assert ref in ids_a
