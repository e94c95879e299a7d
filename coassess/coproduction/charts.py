"""Charts drawn on the server as SVG with matplotlib, ready to put in a page.

Each chart is an `<svg role="img">` named by a `<title>` and described by a
`<desc>` (the chart's one-sentence summary), so a screen reader announces it as
one image with its summary; the page puts the same figures in a table beside it.

The page's Content Security Policy allows no inline styles, and matplotlib
writes its colours and fonts in `style` attributes and a `<style>` element; so
each style is rewritten as SVG presentation attributes (`fill`, `stroke`,
`font-size`...), which are not styles and which the policy does not block.
Text is escaped for XML: matplotlib escapes what it draws, and `svg_for`
escapes the title and the summary.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

import matplotlib

matplotlib.use("svg")
from matplotlib.figure import Figure  # noqa: E402

matplotlib.rcParams.update(
    {
        "svg.fonttype": "none",  # text stays text: smaller, and selectable
        "font.family": "sans-serif",
        "font.sans-serif": ["Arial", "DejaVu Sans"],
        "font.size": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.hashsalt": "coassess",
    }
)

# NHS identity colours, told apart by shape and line too, never colour alone.
BLUE = "#005eb8"
GREEN = "#007f3b"
GREY = "#4c6272"
COLOURS = (BLUE, GREEN, GREY)
LINES = ("-", "--", ":")
MARKERS = ("o", "s", "^")

Number = float | int | None

_STYLE = re.compile(r' style="([^"]*)"')
_FONT = re.compile(r"(?P<size>[\d.]+)px\s+(?P<family>.+)")
_PRESENTATION = {
    "fill",
    "fill-opacity",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-opacity",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-miterlimit",
    "opacity",
    "text-anchor",
    "font-size",
    "font-family",
    "font-weight",
    "font-style",
    "clip-path",
}


def _attributes(style: str) -> str:
    """A style attribute's declarations as presentation attributes."""
    out = []
    for declaration in style.split(";"):
        name, _, value = declaration.partition(":")
        name, value = name.strip(), value.strip()
        if name == "font":
            font = _FONT.match(value)
            if font:
                out.append(f' font-size="{font["size"]}"')
                family = font["family"].replace("'", "").replace('"', "")
                out.append(f" font-family={quoteattr(family)}")
        elif name in _PRESENTATION:
            out.append(f" {name}={quoteattr(value)}")
    return "".join(out)


def _without_styles(svg: str) -> str:
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.DOTALL)
    return _STYLE.sub(lambda m: _attributes(m[1]), svg)


def svg_for(figure: Figure, key: str, title: str, summary: str) -> str:
    """`figure` as an inline SVG element: role img, titled `title`, described by
    `summary`, its ids prefixed by `key` (letters, digits, hyphens) so several
    charts can share a page. Width follows the page; the height keeps the shape."""
    matplotlib.rcParams["svg.hashsalt"] = key
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.DOTALL)
    svg = _without_styles(svg)
    svg = re.sub(r'\bid="', f'id="{key}-', svg)
    svg = re.sub(r"url\(#", f"url(#{key}-", svg)
    svg = re.sub(r'href="#', f'href="#{key}-', svg)
    head_end = svg.index(">")
    head = re.sub(r' (width|height)="[^"]*"', "", svg[:head_end])
    labels = (
        f' width="100%" role="img" class="coassess-chart"'
        f' aria-labelledby="{key}-title" aria-describedby="{key}-desc"'
    )
    return (
        head
        + labels
        + ">"
        + f'<title id="{key}-title">{escape(title)}</title>'
        + f'<desc id="{key}-desc">{escape(summary)}</desc>'
        + svg[head_end + 1 :]
    )


def _figure(height: float = 3.2) -> Figure:
    return Figure(figsize=(7, height), layout="constrained")


def share_bars(labels: Sequence[str], percents: Sequence[Number], axis: str) -> Figure:
    """Horizontal bars, one per label, of a percentage (None: no bar)."""
    figure = _figure(0.6 + 0.32 * len(labels))
    ax = figure.add_subplot()
    values = [p if p is not None else 0 for p in percents]
    positions = range(len(labels))
    ax.barh(positions, values, color=BLUE)
    ax.set_yticks(list(positions), labels=list(labels))
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(axis)
    for y, p in zip(positions, percents, strict=True):
        ax.text((p or 0) + 1, y, "no data" if p is None else f"{p:.0f}%", va="center")
    return figure


def lines(
    x: Sequence[str], series: Sequence[tuple[str, Sequence[Number]]], axis: str
) -> Figure:
    """One line per series over `x` (months), percentages; a gap where None."""
    figure = _figure()
    ax = figure.add_subplot()
    for n, (name, values) in enumerate(series):
        ax.plot(
            range(len(x)),
            [float("nan") if v is None else v for v in values],
            label=name,
            color=COLOURS[n % 3],
            linestyle=LINES[n % 3],
            marker=MARKERS[n % 3],
        )
    ax.set_ylim(0, 100)
    ax.set_ylabel(axis)
    ax.set_xticks(range(len(x)), labels=list(x))
    ax.tick_params(axis="x", labelrotation=45)
    if len(series) > 1:
        ax.legend(loc="lower left", frameon=False)
    return figure


def grouped_bars(
    labels: Sequence[str], series: Sequence[tuple[str, Sequence[int]]], axis: str
) -> Figure:
    """Counts per label, side by side for each series, each its own hatch."""
    figure = _figure()
    ax = figure.add_subplot()
    width = 0.8 / max(1, len(series))
    hatches = ("", "//", "..")
    for n, (name, values) in enumerate(series):
        ax.bar(
            [i + n * width for i in range(len(labels))],
            list(values),
            width,
            label=name,
            color=COLOURS[n % 3],
            hatch=hatches[n % 3],
            edgecolor="white",
        )
    ax.set_xticks(
        [i + width * (len(series) - 1) / 2 for i in range(len(labels))],
        labels=list(labels),
    )
    ax.tick_params(axis="x", labelrotation=20)
    ax.set_ylabel(axis)
    if len(series) > 1:
        ax.legend(frameon=False)
    return figure


def paired_share_bars(
    labels: Sequence[str], series: Sequence[tuple[str, Sequence[Number]]], axis: str
) -> Figure:
    """Horizontal bars, one group per label, one bar per series (percentages;
    None: no bar), told apart by colour and hatch."""
    figure = _figure(0.8 + 0.42 * len(labels))
    ax = figure.add_subplot()
    height = 0.8 / max(1, len(series))
    hatches = ("", "//", "..")
    for n, (name, values) in enumerate(series):
        ax.barh(
            [i + n * height for i in range(len(labels))],
            [v if v is not None else 0 for v in values],
            height,
            label=name,
            color=COLOURS[n % 3],
            hatch=hatches[n % 3],
            edgecolor="white",
        )
    ax.set_yticks(
        [i + height * (len(series) - 1) / 2 for i in range(len(labels))],
        labels=list(labels),
    )
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(axis)
    ax.legend(loc="lower right", frameon=False)
    return figure
