"""The page "How co-produced was this?": for the assessment's own team, logged,
reached from the assessment's contents, in plain words with no score."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.urls import reverse

from coassess.accesslog.models import AccessEvent
from coassess.accounts.models import User
from coassess.assessments import services as assessment_services
from coassess.assessments.models import Assessment, Participant
from coassess.coproduction.measures import measure
from coassess.coproduction.presenters import measure_groups
from coassess.people.access import break_glass


def page_url(assessment: Assessment) -> str:
    return reverse(
        "coproduction:show_measures", kwargs={"assessment_id": assessment.pk}
    )


def test_the_team_sees_each_measure_with_what_it_means(
    signed_in: Callable[[str], Any],
    clinician: User,
    voices: dict[str, Participant],
) -> None:
    assessment = voices["person"].assessment
    assessment_services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="account",
        voice=voices["person"],
        text="It got too much.",
        own_words=True,
    )
    response = signed_in("peer").get(page_url(assessment))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>How co-produced was this?</h1>" in html
    assert "nhsuk-summary-list" in html
    for group in measure_groups(measure(assessment)):
        assert f"<h2>{group.heading}</h2>" in html
        for row in group.rows:
            assert row.name.replace("'", "&#39;") in html
    assert "The person: 1 of 1 (100%)" in html
    assert "Cannot tell from the record. No plan has been started." in html
    assert "score" not in html.lower().replace("not a score", "")
    event = AccessEvent.objects.filter(what="show measures").get()
    assert event.object_id == str(assessment.pk)
    assert event.actor == User.objects.get(username="peer")


def test_the_assessments_contents_link_to_it(
    signed_in: Callable[[str], Any], assessment: Assessment
) -> None:
    show = reverse(
        "assessments:show_assessment", kwargs={"assessment_id": assessment.pk}
    )
    html = signed_in("clinician").get(show).content.decode()
    assert f'href="{page_url(assessment)}"' in html
    assert "How co-produced was this?" in html
    # On its own page it is the part being read.
    html = signed_in("clinician").get(page_url(assessment)).content.decode()
    current = r'nhsuk-contents-list__current"\s*>How co-produced was this\?<'
    assert re.search(current, html)


def test_an_outsider_breaks_glass_to_read_it_and_is_logged(
    signed_in: Callable[[str], Any], users: dict[str, User], assessment: Assessment
) -> None:
    outsider = signed_in("outsider")
    response = outsider.get(page_url(assessment))
    assert response.status_code == 302
    assert "/break-glass/" in response["Location"]
    break_glass(user=users["outsider"], person=assessment.person, reason="Seen in ED")
    assert outsider.get(page_url(assessment)).status_code == 200
    event = AccessEvent.objects.filter(what="show measures").get()
    assert (event.actor, event.reason) == (users["outsider"], "break glass")
    assert outsider.post(page_url(assessment)).status_code in (403, 405)
