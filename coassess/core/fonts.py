"""Which characters the server's fonts cannot draw, so staff hear of it before
they print.

The person's copy is drawn by WeasyPrint with the fonts installed on the server
(scripts/system-deps.sh installs Noto fonts for the scripts people in England
write and read). WeasyPrint asks fontconfig for a font for each character, so
fontconfig's own list of what each installed font covers is the truth about
what can be drawn. Anything outside it would print as an empty box.
"""

from __future__ import annotations

import bisect
import logging
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from functools import cache

logger = logging.getLogger(__name__)

# Characters that take no glyph of their own: spaces, control and format
# characters (joiners, direction marks) and variation selectors, which only pick
# a form of the character before them.
_NO_GLYPH_CATEGORIES = {"Zs", "Zl", "Zp", "Cc", "Cf"}
_VARIATION_SELECTORS = ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF))


@dataclass(frozen=True)
class Coverage:
    """The code points the installed fonts cover, as sorted, merged, inclusive
    ranges: `starts[i]` to `ends[i]`. `known` is False when fontconfig could
    not be asked, and then nothing counts as covered."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]
    known: bool = True

    def covers(self, code_point: int) -> bool:
        i = bisect.bisect_right(self.starts, code_point) - 1
        return i >= 0 and code_point <= self.ends[i]


def parse_charsets(lines: str) -> Coverage:
    """A Coverage from fontconfig charsets, one font a line, each a list of hex
    code points and ranges: "20-7e a0 980-983"."""
    ranges: list[tuple[int, int]] = []
    for token in lines.split():
        first, _, last = token.partition("-")
        ranges.append((int(first, 16), int(last or first, 16)))
    ranges.sort()
    merged: list[list[int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return Coverage(tuple(s for s, _ in merged), tuple(e for _, e in merged))


@cache
def installed_coverage() -> Coverage:
    """What every installed font covers, from `fc-list` (about 30 ms, once per
    process). Fonts installed after the server started are not seen until it
    restarts. Without fontconfig's tools, an unknown Coverage."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        logger.error("fc-list not found: cannot tell which characters can be drawn")
        return Coverage((), (), known=False)
    listed = subprocess.run(  # noqa: S603 - a fixed command, no user input
        [fc_list, "--format", "%{charset}\n"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return parse_charsets(listed.stdout)


def needs_glyph(char: str) -> bool:
    """Whether `char` (one character) is drawn with a glyph of its own."""
    code = ord(char)
    if any(lo <= code <= hi for lo, hi in _VARIATION_SELECTORS):
        return False
    return unicodedata.category(char) not in _NO_GLYPH_CATEGORIES


def cannot_draw(text: str, coverage: Coverage | None = None) -> list[str]:
    """The characters of `text` that no installed font can draw, each once, in
    the order they first appear: what would print as an empty box."""
    coverage = coverage or installed_coverage()
    return [
        c for c in dict.fromkeys(text) if needs_glyph(c) and not coverage.covers(ord(c))
    ]


def describe(char: str) -> str:
    """A character as staff can find it in the text: "𒀀 (CUNEIFORM SIGN A,
    U+12000)"."""
    name = unicodedata.name(char, "unnamed character")
    return f"{char} ({name.capitalize()}, U+{ord(char):04X})"
