"""The person's copy renders as a real PDF whose text reads as written for them."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from django.urls import reverse
from pypdf import PdfReader

from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.models import Assessment, Participant


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
    assert "Maggie Reid: someone who cares for you." in text
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
