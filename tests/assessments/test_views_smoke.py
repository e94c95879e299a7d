from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from coassess.assessments.models import Assessment, Contribution
from coassess.assessments.sections import SECTIONS


def test_every_section_page_renders(
    signed_in: Callable[[str], Any], assessment: Assessment, voices: dict[str, Any]
) -> None:
    c = signed_in("clinician")
    for s in SECTIONS:
        r = c.get(
            reverse(
                "assessments:show_section",
                kwargs={"assessment_id": assessment.pk, "section": s.slug},
            )
        )
        assert r.status_code == 200, s.slug
    for name in ("show_assessment", "print_assessment", "participant_list"):
        assert (
            c.get(
                reverse(f"assessments:{name}", kwargs={"assessment_id": assessment.pk})
            ).status_code
            == 200
        )


def test_an_entry_round_trip(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    voices: dict[str, Any],
    entry_data: Any,
) -> None:
    c = signed_in("clinician")
    url = reverse(
        "assessments:show_section",
        kwargs={"assessment_id": assessment.pk, "section": "account"},
    )
    r = c.post(url, entry_data(voices["person"]))
    assert r.status_code == 302, r.content.decode()[:3000]
    html = c.get(
        reverse("assessments:show_assessment", kwargs={"assessment_id": assessment.pk})
    ).content.decode()
    assert "I have not slept for three nights." in html
    entry = Contribution.objects.get()
    r = c.get(
        reverse(
            "assessments:update_contribution",
            kwargs={"assessment_id": assessment.pk, "contribution_id": entry.pk},
        )
    )
    assert r.status_code == 200
    r = c.get(
        reverse(
            "assessments:dispute_contribution",
            kwargs={"assessment_id": assessment.pk, "contribution_id": entry.pk},
        )
    )
    assert r.status_code == 200
    r = c.get(
        reverse(
            "assessments:show_history",
            kwargs={"assessment_id": assessment.pk, "lineage": entry.lineage},
        )
    )
    assert r.status_code == 200
