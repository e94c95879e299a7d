"""Which characters the installed fonts cannot draw."""

from __future__ import annotations

from coassess.core.fonts import cannot_draw, describe, parse_charsets


def test_it_reads_fontconfig_charsets_and_merges_them() -> None:
    coverage = parse_charsets("20-7e a0\n41-5a 980-983 984\n")
    assert coverage.starts == (0x20, 0xA0, 0x980)
    assert coverage.ends == (0x7E, 0xA0, 0x984)
    assert cannot_draw("Ab\u0980 \u0985\u00a0\u00a1", coverage) == ["\u0985", "\u00a1"]


def test_spaces_joiners_and_variation_selectors_need_no_glyph() -> None:
    coverage = parse_charsets("41")
    assert cannot_draw("A \u200d\u200f\ufe0f\n\t", coverage) == []


def test_the_installed_fonts_draw_the_scripts_people_here_write() -> None:
    text = "Siân Łódź 王芳 💜 আমার ছেলে مرحبا، اردو ਪੰਜਾਬੀ ગુજરાતી தமிழ் 한국어 日本語"
    assert cannot_draw(text) == []


def test_it_names_what_cannot_be_drawn() -> None:
    assert cannot_draw("A\ue000B") == ["\ue000"]
    assert describe("\u0985") == "\u0985 (Bengali letter a, U+0985)"
