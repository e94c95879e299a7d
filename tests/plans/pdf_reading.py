"""Reading back what a PDF drew: which glyph of which embedded font each piece of
text used, and what text each glyph stands for.

WeasyPrint writes each font as a CID font with an identity mapping (the two
bytes of each character code are the glyph's number in the embedded font) and a
ToUnicode map from glyph to text. A character no font could draw is written as a
glyph the embedded font does not have, or glyph 0 (.notdef): both print as an
empty box.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from fontTools.ttLib import TTFont
from pypdf import PageObject
from pypdf.generic import ContentStream, DictionaryObject, FloatObject, NumberObject

_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


@dataclass
class Drawn:
    """One glyph drawn on a page: the font's resource name, the glyph's number,
    the text it stands for, and whether the font has a real glyph there."""

    font: str
    glyph: int
    text: str
    real: bool


def _to_unicode(font: DictionaryObject) -> dict[int, str]:
    if "/ToUnicode" not in font:
        return {}
    data = font["/ToUnicode"].get_object().get_data()
    return {
        int(code, 16): bytes.fromhex(text.decode()).decode("utf-16-be")
        for code, text in _BFCHAR.findall(data)
    }


def _real_glyphs(font: DictionaryObject, images: set[str], name: str) -> set[int]:
    """Glyph numbers the embedded font really has: an outline, or a picture
    (colour emoji, drawn as an image named after the font and glyph)."""
    descendant = font["/DescendantFonts"][0].get_object()
    descriptor = descendant["/FontDescriptor"].get_object()
    stream = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
    tt = TTFont(io.BytesIO(stream.get_object().get_data()))
    order = tt.getGlyphOrder()
    real: set[int] = set()
    glyf = tt["glyf"] if "glyf" in tt else None  # noqa: SIM401 - TTFont has no .get
    cff = tt["CFF "].cff.topDictIndex[0].CharStrings if "CFF " in tt else None
    for gid, glyph_name in enumerate(order):
        outline = (glyf is not None and glyf[glyph_name].numberOfContours != 0) or (
            cff is not None and glyph_name in cff
        )
        picture = any(i.startswith(f"/i{name[1:]}{gid}") for i in images)
        if gid != 0 and (outline or picture):
            real.add(gid)
    return real


def drawn_glyphs(page: PageObject) -> list[Drawn]:
    """Every glyph drawn on `page`, in the order drawn."""
    resources = page["/Resources"]
    fonts = {k: v.get_object() for k, v in resources.get("/Font", {}).items()}
    images = set(resources.get("/XObject", {}).keys())
    maps = {k: _to_unicode(f) for k, f in fonts.items()}
    real = {k: _real_glyphs(f, images, k) for k, f in fonts.items()}
    counts = {k: max(real[k], default=0) + 1 for k in fonts}
    drawn: list[Drawn] = []
    font = ""
    for operands, operator in ContentStream(page.get_contents(), page.pdf).operations:
        if operator == b"Tf":
            font = str(operands[0])
        elif operator in (b"Tj", b"TJ"):
            parts = operands[0] if operator == b"TJ" else [operands[0]]
            for part in parts:
                if isinstance(part, NumberObject | FloatObject):
                    continue  # a spacing adjustment, not text
                raw = part.original_bytes
                for i in range(0, len(raw), 2):
                    gid = int.from_bytes(raw[i : i + 2], "big")
                    text = maps[font].get(gid, "")
                    # A space has no outline: real if the font has that glyph.
                    blank = text.isspace() and 0 < gid < counts[font]
                    drawn.append(Drawn(font, gid, text, gid in real[font] or blank))
    return drawn
