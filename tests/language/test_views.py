"""The language checker in the app: prompts as people type, choices, and team rules."""

from __future__ import annotations

from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
from django.urls import reverse

from coassess.accounts.models import Team
from coassess.language.models import TeamRuleLayer, WordingChoice
from coassess.language.queries import team_ruleset, wording_choice_counts

CHECK = "Pt refused meds and claims she is not suicidal"


def check(client: Any, text: str, audience: str = "staff") -> str:
    response = client.post(
        reverse("language:check_wording"),
        {"text": text, "audience": audience, "field": "id_account_text"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_it_points_at_the_words_and_offers_others(
    signed_in: Callable[[str], Any],
) -> None:
    html = check(signed_in("clinician"), CHECK)
    assert "Wording to look at again (2)" in html
    assert "“refused”" in html and "“claims”" in html
    assert "Use “declined”" in html and "Use “says”" in html
    assert 'data-start="3" data-end="10"' in html
    assert "Keep my wording" in html


def test_templates_with_gaps_are_advice_not_one_click(
    signed_in: Callable[[str], Any],
) -> None:
    html = check(signed_in("clinician"), "He is non-compliant with his depot.")
    assert "has not been taking ..." in html
    assert "Use “has not been taking ...”" not in html


def test_input_is_never_echoed_unescaped(signed_in: Callable[[str], Any]) -> None:
    response = signed_in("clinician").post(
        reverse("language:check_wording"),
        {
            "text": '<script>alert("x")</script> she refused',
            "audience": "staff",
            "field": "id_account_text",
        },
        HTTP_HX_REQUEST="true",
    )
    raw = response.content.decode()
    assert "<script>alert" not in raw
    # The sentence a wording would make is shown, escaped.
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; she declined" in raw


@pytest.mark.parametrize(
    "text", ["", "🙂" * 50, "Dw i ddim eisiau siarad", "x" * 100_000]
)
def test_odd_input_gives_findings_or_none_never_an_error(
    signed_in: Callable[[str], Any], text: str
) -> None:
    check(signed_in("clinician"), text)


def test_person_facing_text_shows_its_reading_age(
    signed_in: Callable[[str], Any],
) -> None:
    html = check(
        signed_in("clinician"),
        "You will have an MSE and PRN medication on the ward.",
        audience="person",
    )
    assert "Reading age about" in html
    assert "“MSE”" in html


def test_choices_are_counted_for_the_audit(
    signed_in: Callable[[str], Any], team: Team
) -> None:
    c = signed_in("clinician")
    for choice in ("accepted", "accepted", "kept"):
        response = c.post(
            reverse("language:record_choice"), {"rule_id": "refused", "choice": choice}
        )
        assert response.status_code == 204
    assert (
        c.post(
            reverse("language:record_choice"), {"rule_id": "refused", "choice": "x"}
        ).status_code
        == 400
    )
    assert {(r["choice"], r["n"]) for r in wording_choice_counts(team)} == {
        ("accepted", 2),
        ("kept", 1),
    }
    assert WordingChoice.objects.count() == 3


GOOD_LAYER = """version = "1"
switch_off = ["claims"]

[[rule]]
id = "team-kicked-off"
terms = ["kicked off"]
category = "difficult-label"
why = "It labels the person instead of saying what happened."
alternatives = ["describe what happened and what they needed"]
"""


def test_a_coproduction_member_changes_the_teams_rules(
    signed_in: Callable[[str], Any], team: Team
) -> None:
    c = signed_in("coproduction")
    response = c.post(
        reverse("language:team_rules"),
        {"based_on": "0", "text": GOOD_LAYER, "reason": "Agreed at the May group"},
    )
    assert response.status_code == 302
    layer = TeamRuleLayer.objects.get()
    assert (layer.number, layer.changed_by.username) == (1, "coproduction")
    html = check(signed_in("clinician"), "He kicked off and claims it was the nurse.")
    assert "“kicked off”" in html and "“claims”" not in html
    assert "team-kicked-off" in {r.id for r in team_ruleset(team).rules}


def test_a_malformed_layer_is_refused_naming_the_line(
    signed_in: Callable[[str], Any],
) -> None:
    c = signed_in("lead")
    response = c.post(
        reverse("language:team_rules"),
        {
            "based_on": "0",
            "text": 'version = "1"\n[[rule]\nid = 3',
            "reason": "Trying it out",
        },
    )
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "line 2" in html
    assert 'version = "1"' in html  # what was typed is kept
    assert not TeamRuleLayer.objects.exists()
    assert "“claims”" in check(signed_in("clinician"), "She claims she slept.")


def test_two_editors_at_once_are_told(signed_in: Callable[[str], Any]) -> None:
    first = signed_in("coproduction").post(
        reverse("language:team_rules"),
        {"based_on": "0", "text": GOOD_LAYER, "reason": "The first change"},
    )
    assert first.status_code == 302
    second = signed_in("lead").post(
        reverse("language:team_rules"),
        {"based_on": "0", "text": "", "reason": "The second change"},
    )
    assert second.status_code == 409
    assert "Someone else saved first" in unescape(second.content.decode())
    assert TeamRuleLayer.objects.count() == 1


def test_saved_entries_show_prompts_without_javascript(
    signed_in: Callable[[str], Any], clinician: Any, person: Any
) -> None:
    from coassess.assessments import services
    from coassess.assessments.models import Participant
    from coassess.referrals.services import record_referral

    referral = record_referral(
        actor=clinician,
        person=person,
        data={
            "source": "ed",
            "referrer_name": "ED",
            "reason": "Distressed",
            "urgency": "emergency",
        },
    )
    assessment = services.start_assessment(actor=clinician, referral=referral)
    voice = Participant.objects.get(assessment=assessment, kind="staff")
    services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="account",
        voice=voice,
        text=CHECK,
    )
    html = unescape(
        signed_in("clinician")
        .get(
            reverse(
                "assessments:show_section",
                kwargs={"assessment_id": assessment.pk, "section": "account"},
            )
        )
        .content.decode()
    )
    assert "Wording to look at again (2)" in html


def test_the_rules_page_is_in_the_menu_for_those_who_may_edit_it(
    signed_in: Callable[[str], Any],
) -> None:
    link = f'href="{reverse("language:team_rules")}"'
    assert (
        link in signed_in("coproduction").get(reverse("accounts:home")).content.decode()
    )
    assert link in signed_in("lead").get(reverse("accounts:home")).content.decode()
    assert (
        link
        not in signed_in("clinician").get(reverse("accounts:home")).content.decode()
    )
