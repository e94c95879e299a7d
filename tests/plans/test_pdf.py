"""The person's copy renders as a real PDF whose text reads as written for them."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from django.test import RequestFactory
from django.urls import reverse
from pypdf import PdfReader
from weasyprint import HTML, Document
from weasyprint.formatting_structure.boxes import TextBox

from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.models import Assessment, Participant
from coassess.core.fonts import needs_glyph
from coassess.people import services as people_services
from coassess.plans import pdf as pdf_module
from coassess.plans.pdf import lay_out_person_copy, render_person_copy_pdf
from coassess.plans.person_copy import PersonCopy, copy_for
from tests.plans.pdf_reading import drawn_glyphs


def test_their_copy_is_a_real_pdf_with_their_words(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
    users: dict[str, User],
) -> None:
    clinician = users["clinician"]
    services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="account",
        voice=voices["person"],
        own_words=True,
        text="I want to go home to Biscuit, my dog.",
    )
    services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="history.recent",
        voice=voices["carer"],
        withheld_reason="third_party",
        text="Her brother's court case is next week.",
    )
    response = signed_in("clinician").get(
        reverse("plans:person_copy_pdf", kwargs={"assessment_id": assessment.pk})
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = " ".join(text.split())
    assert "Sam’s copy" in text
    assert "I want to go home to Biscuit, my dog." in text
    assert "Created together by" in text
    assert "Maggie Reid: your mum." in text
    assert "court case" not in text
    assert "Before the plan" in text  # the version line, until the plan exists
    assert round(float(reader.pages[0].mediabox.width)) == 595  # A4: 210 mm


def test_the_copys_earlier_addresses_lead_to_it(
    signed_in: Any, assessment: Any
) -> None:
    c = signed_in("clinician")
    for old, new in (
        ("their-copy/", "person_copy"),
        ("their-copy.pdf", "person_copy_pdf"),
    ):
        response = c.get(f"/assessments/{assessment.pk}/{old}")
        assert response.status_code == 301
        assert response["Location"] == reverse(
            f"plans:{new}", kwargs={"assessment_id": assessment.pk}
        )


# Words in the scripts the copy must print, as a person and their family might
# write them (fictional): Chinese, colour emoji, Bengali (a Sylheti speaker's son
# reads Bengali), Arabic, Welsh and Polish.
EVERY_SCRIPT = (
    "My sister 王芳 can stay with me 💜",
    "আমার ছেলে বাংলা পড়তে পারে।",
    "أريد أن أعود إلى البيت مع أختي.",
    "Dw i eisiau mynd adref. Chcę wrócić do domu w Łodzi.",
)
# An 85-letter place name, a long web address and a long number: none may run
# off the page.
LONG_WORDS = (
    "I grew up near Taumatawhakatangihangakoauauotamateaturipukakapikimaungahoronukupokaiwhenuakitanatahu.",
    "The group is at https://example.org/community/peer-support/wednesday-evening-drop-in-sessions/where-to-find-us",
    "My reference is 12345678901234567890123456789012345678901234567890123456789012345678901234567890.",
)


def _pdf_of(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
    users: dict[str, User],
    texts: tuple[str, ...],
) -> PdfReader:
    for text in texts:
        services.add_contribution(
            actor=users["clinician"],
            assessment=assessment,
            section="account",
            voice=voices["person"],
            text=text,
        )
    response = signed_in("clinician").get(
        reverse("plans:person_copy_pdf", kwargs={"assessment_id": assessment.pk})
    )
    assert response.status_code == 200
    return PdfReader(io.BytesIO(response.content))


def test_every_script_is_drawn_with_a_real_glyph(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
    users: dict[str, User],
) -> None:
    reader = _pdf_of(signed_in, assessment, voices, users, EVERY_SCRIPT)
    drawn = [g for page in reader.pages for g in drawn_glyphs(page)]
    boxes = [g for g in drawn if not g.real]
    assert boxes == []
    # Every character written was drawn by a real glyph (compared decomposed: a
    # Bengali vowel written in two parts is mapped back as the whole vowel).
    drawn_text = unicodedata.normalize("NFD", "".join(g.text for g in drawn))
    for text in EVERY_SCRIPT:
        wanted = unicodedata.normalize("NFD", text)
        assert {c for c in wanted if needs_glyph(c)} - set(drawn_text) == set()
    fonts = {
        str(f.get_object()["/BaseFont"]).split("+")[1]
        for page in reader.pages
        for f in page["/Resources"]["/Font"].values()
    }
    assert {"Noto-Sans-CJK-SC", "Noto-Color-Emoji", "Noto-Sans-Bengali"} <= fonts
    assert "Noto-Naskh-Arabic" in fonts


def test_a_glyph_no_font_has_is_caught() -> None:
    """The check above can fail: a private-use character has no glyph anywhere."""
    pdf = HTML(string="<p>A\ue000B</p>").write_pdf()
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert [g.text for g in drawn_glyphs(page) if not g.real] == ["\ue000"]


def _overflowing(document: Document) -> list[str]:
    """Text boxes whose right edge passes the page's right margin."""
    out = []
    for page in document.pages:
        box = page._page_box
        right = box.content_box_x() + box.width
        stack = [box]
        while stack:
            b = stack.pop()
            stack.extend(getattr(b, "children", []))
            if isinstance(b, TextBox) and b.position_x + b.width > right + 0.5:
                out.append(b.text[:30])
    return out


def test_long_words_wrap_inside_the_page(
    assessment: Assessment,
    voices: dict[str, Participant],
    users: dict[str, User],
    rf: RequestFactory,
) -> None:
    for text in LONG_WORDS:
        services.add_contribution(
            actor=users["clinician"],
            assessment=assessment,
            section="account",
            voice=voices["person"],
            text=text,
        )
    document = lay_out_person_copy(
        request=rf.get("/"), assessment=assessment, copy=copy_for(assessment)
    )
    assert _overflowing(document) == []
    pdf = document.write_pdf()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Taumatawhakatangihanga" in text  # it is there, broken across lines


def test_the_edge_check_can_fail() -> None:
    html = "<style>@page { size: A4; margin: 20mm }</style><p>" + "x" * 200 + "</p>"
    assert _overflowing(HTML(string=html).render()) != []


@pytest.mark.parametrize(
    "name",
    ["D'Arcy", 'Ann "Nan" Lee', "Back\\slash", "Line\nbreak", "</style>Bo", "Siân Ó"],
)
def test_the_footer_shows_the_name_as_written(
    name: str, assessment: Assessment, rf: RequestFactory
) -> None:
    copy = PersonCopy(name=name, sections=[], made_with=[])
    pdf = render_person_copy_pdf(request=rf.get("/"), assessment=assessment, copy=copy)
    page = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    written = name.replace("\n", " ") if "\n" in name else name
    footer = f"{written}’s copy. Before the plan"
    assert footer in " ".join(page.split()) or footer in page
    assert "&#" not in page and "\\" not in page.replace(name, "")


def test_a_copy_too_long_for_a_pdf_is_refused_with_a_reason(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
    users: dict[str, User],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf_module, "PDF_TEXT_LIMIT", 100)
    services.add_contribution(
        actor=users["clinician"],
        assessment=assessment,
        section="account",
        voice=voices["person"],
        text="I want to go home. " * 10,
    )
    client = signed_in("clinician")
    kwargs = {"assessment_id": assessment.pk}
    response = client.get(reverse("plans:person_copy_pdf", kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:person_copy", kwargs=kwargs)
    page = client.get(reverse("plans:person_copy", kwargs=kwargs)).content.decode()
    assert "too long to make into a PDF here" in page
    assert "Print this page from your browser instead." in page
    assert reverse("plans:person_copy_pdf", kwargs=kwargs) not in page


def test_staff_are_told_before_printing_what_cannot_be_drawn(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Participant],
    users: dict[str, User],
) -> None:
    client = signed_in("clinician")
    url = reverse("plans:person_copy", kwargs={"assessment_id": assessment.pk})
    for text in EVERY_SCRIPT:
        services.add_contribution(
            actor=users["clinician"],
            assessment=assessment,
            section="account",
            voice=voices["person"],
            text=text,
        )
    assert "Some letters cannot be printed" not in client.get(url).content.decode()
    services.add_contribution(
        actor=users["clinician"],
        assessment=assessment,
        section="account",
        voice=voices["person"],
        text="My sign is \ue000 in my own font.",
    )
    page = client.get(url).content.decode()
    assert "Some letters cannot be printed" in page
    assert "\ue000 (Unnamed character, U+E000)" in page
    assert "Download as a PDF to print (A4)" in page  # still offered


def test_the_copy_of_someone_with_one_name_is_named_for_them(
    signed_in: Callable[[str], Any], assessment: Assessment, users: dict[str, User]
) -> None:
    person = assessment.person
    people_services.update_person(
        actor=users["clinician"],
        person=person,
        data={"given_name": "", "preferred_name": "", "family_name": "Osei"},
        version=person.version,
    )
    url = reverse("plans:person_copy_pdf", kwargs={"assessment_id": assessment.pk})
    reader = PdfReader(io.BytesIO(signed_in("clinician").get(url).content))
    last = " ".join(reader.pages[-1].extract_text().split())
    first = " ".join(reader.pages[0].extract_text().split())
    assert first.startswith("Osei’s copy") or "Osei’s copy" in first
    assert "Osei’s copy. Before the plan" in last  # the footer on every page
    assert "’s copy" not in first.replace("Osei’s copy", "")
