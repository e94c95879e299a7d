from __future__ import annotations

import base64
import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django_otp.oath import hotp

from coassess.accounts.models import Role, User
from coassess.accounts.second_factor import authenticator
from coassess.assessments.models import Corroboration, SharingBasis
from coassess.core.exceptions import DomainError
from coassess.demo import data as demo
from coassess.demo.access_codes import MAGGIE_TELLS_US
from coassess.people.code_services import sign_in_with_code
from coassess.people.models import Person, Supporter
from coassess.people.nhs_number import is_valid
from tests.conftest import CheckedClient


def test_it_loads_a_team_with_one_account_per_role(db: None) -> None:
    demo.load_demo("a-demo-password-for-tests")
    roles = {u.username: u.membership.role for u in User.objects.all()}
    assert roles == {
        "clinician": Role.CLINICIAN,
        "peer": Role.PEER_WORKER,
        "lead": Role.TEAM_LEAD,
        "coproduction": Role.COPRODUCTION,
        "admin": Role.ADMINISTRATOR,
    }
    assert all(
        u.check_password("a-demo-password-for-tests") for u in User.objects.all()
    )


def test_its_people_have_varied_needs(db: None) -> None:
    demo.load_demo("a-demo-password-for-tests")
    people = list(Person.objects.all())
    assert len(people) == 13
    assert any(p.interpreter_needed for p in people)
    assert any(p.pronouns == "they/them" for p in people)
    assert any(not p.nhs_number for p in people)
    one_name = [p for p in people if not p.family_name]
    assert [(p.name, p.birth.is_estimate) for p in one_name] == [("Wulan", True)]
    assert all(
        is_valid(p.nhs_number) and p.nhs_number.startswith("999")
        for p in people
        if p.nhs_number
    )
    assert Supporter.objects.filter(relationship__icontains="carer").exists()


def test_loading_twice_adds_nothing(db: None) -> None:
    demo.load_demo("a-demo-password-for-tests")
    demo.load_demo("a-demo-password-for-tests")
    assert Person.objects.count() == 13
    assert Supporter.objects.count() == 8
    assert User.objects.count() == 5


def test_it_is_never_loaded_in_production(db: None, settings: Any) -> None:
    settings.PRODUCTION = True
    with pytest.raises(demo.DemoRefused):
        demo.load_demo("a-demo-password-for-tests")
    with pytest.raises(CommandError, match="never loaded"):
        call_command("demo", "--no-serve")
    assert not Person.objects.exists()


def test_the_command_prints_a_sign_in_for_each_role(
    db: None, capsys: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv("COASSESS_DEMO_PASSWORD", "a-demo-password-for-tests")
    call_command("demo", "--no-serve", "--port", "8123")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8123/sign-in/" in out
    for username in ("clinician", "peer", "lead", "coproduction", "admin"):
        assert f"  {username} " in out
    assert "a-demo-password-for-tests" in out
    assert (
        f"setup key to an authenticator app on your phone (it is\n    time-based, for demo use only): {settings.DEMO_TOTP_SECRET}"
        in out
    )
    assert "coassess democode" in out


def test_every_demo_account_signs_in_with_a_code_from_the_demo_secret(
    db: None, client: Any
) -> None:
    demo.load_demo("a-demo-password-for-tests")
    key = base64.b32decode(settings.DEMO_TOTP_SECRET).hex()
    for user in User.objects.all():
        assert authenticator(user).key == key, user.username
    with time_machine.travel("2026-11-26 09:00:10 +0000", tick=False):
        code, seconds = demo.demo_code(settings.DEMO_TOTP_SECRET)
        assert seconds == 20
        response = client.post(
            reverse("accounts:sign_in"),
            {"username": "lead", "password": "a-demo-password-for-tests"},
        )
        response = client.post(response["Location"], {"code": code})
        assert response["Location"] == "/"
        assert client.get(reverse("accesslog:event_list")).status_code == 200


def test_democode_prints_the_code_an_app_shows_now(db: None, capsys: Any) -> None:
    with time_machine.travel("2026-11-26 09:00:10 +0000", tick=False):
        call_command("democode")
        code, _ = demo.demo_code(settings.DEMO_TOTP_SECRET)
    out = capsys.readouterr().out
    assert out.startswith(f"{code}  (") and "next 20 seconds" in out
    key = base64.b32decode(settings.DEMO_TOTP_SECRET)
    step = int(dt.datetime(2026, 11, 26, 9, 0, 10, tzinfo=dt.UTC).timestamp()) // 30
    assert code == f"{hotp(key, step):06d}"


def test_a_demo_secret_that_is_not_base32_is_refused(db: None, settings: Any) -> None:
    settings.DEMO_TOTP_SECRET = "not base32 at all!"
    with pytest.raises(demo.DemoRefused, match="must be base32"):
        demo.load_demo("a-demo-password-for-tests")


def test_it_loads_assessments_at_different_stages(db: None) -> None:
    from coassess.assessments.models import (
        Assessment,
        CapacityAssessment,
        Dispute,
        KnownSource,
        Participant,
    )
    from coassess.referrals.models import Referral

    demo.load_demo("a-demo-password-for-tests")
    demo.load_demo("a-demo-password-for-tests")
    assert Referral.objects.count() == 7
    assert Referral.objects.filter(first_seen_at__isnull=True).count() == 3
    assert Assessment.objects.count() == 4
    assert KnownSource.objects.filter(limited_access=True).exists()
    assert Dispute.objects.filter(disputer__kind="person").exists()
    outcomes = set(CapacityAssessment.objects.values_list("outcome", flat=True))
    assert outcomes == {"has", "lacks"}
    assert Participant.objects.filter(expertise="interpreter").count() == 2


def test_it_loads_decisions_with_held_dissent_and_a_signed_plan(db: None) -> None:
    from coassess.decisions.models import Outcome, Position
    from coassess.plans.models import Addendum, Plan

    demo.load_demo("a-demo-password-for-tests")
    demo.load_demo("a-demo-password-for-tests")
    # The assessments' outcomes (the demo project has its own: below).
    outcomes = list(
        Outcome.objects.filter(is_current=True).exclude(
            decision__context_type="project"
        )
    )
    assert len(outcomes) == 3
    assert {o.deciding_rule for o in outcomes} == {
        "consensus",
        "balanced",
        "best_interests",
    }
    assert all(o.how_respected for o in outcomes if o.deciding_rule != "consensus")
    # A changed mind: Maggie's first objection is kept, superseded.
    assert Position.objects.filter(
        voice_name="Maggie Reid", stance="object", is_current=False
    ).exists()
    plan = Plan.objects.get()
    assert plan.is_signed and Addendum.objects.filter(plan=plan).count() == 1


def test_the_demo_reflections_pass_the_threshold_in_both_groups(db: None) -> None:
    from coassess.accounts.models import Team
    from coassess.coproduction.models import PlannedAction, Reflection, SelfAssessment
    from coassess.coproduction.queries import summarise_reflections

    demo.load_demo("a-demo-password-for-tests")
    demo.load_demo("a-demo-password-for-tests")
    team = Team.objects.get(name=demo.TEAM_NAME)
    summary = summarise_reflections(team)
    assert summary.reflections == {"staff": 6, "lived": 10}
    respect = summary.values[0]
    assert respect.staff is not None and respect.lived is not None
    assert respect.staff.counts == (0, 0, 0, 3, 3)
    assert summary.placements == {"staff": 6, "lived": 10}
    assert Reflection.objects.filter(on_behalf=True).count() == 6
    assert SelfAssessment.objects.count() == 1
    assert PlannedAction.objects.count() == 3


def test_it_has_a_coproduction_project_with_a_disagreement_held(db: None) -> None:
    from coassess.coproduction.projects.models import Contribution, Project
    from coassess.decisions.models import Outcome, Position

    demo.load_demo("a-demo-password-for-tests")
    demo.load_demo("a-demo-password-for-tests")
    project = Project.objects.get()
    assert project.title == "Redesign the ED assessment room"
    assert sorted(m.name for m in project.members.all()) == [
        "Amara Okafor",
        "Dafydd Hughes",
        "Jo Fairweather",
        "Kemi Adeyemi",
        "Rhys Morgan",
    ]
    assert project.meetings.get().came.count() == 5
    dissent = Position.objects.get(
        stance="disagree", is_current=True, decision__context_id=project.pk
    )
    assert dissent.voice_name == "Jo Fairweather"
    outcome = Outcome.objects.get(decision__context_id=project.pk)
    assert "clock is the next change" in outcome.how_respected
    taken = sorted(Contribution.objects.values_list("taken", flat=True))
    assert taken == ["declined", "expenses", "none", "payment", "voucher"]


def test_the_command_prints_working_access_codes_for_a_person_and_a_supporter(
    db: None, capsys: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv("COASSESS_DEMO_PASSWORD", "a-demo-password-for-tests")
    call_command("demo", "--no-serve", "--port", "8123")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8123/my/" in out
    printed = dict(
        re.findall(
            r"^  (Sam Reid|Maggie Reid)\b.*?([A-Z2-9]{5}-[A-Z2-9]{5})", out, re.M
        )
    )
    assert set(printed) == {"Sam Reid", "Maggie Reid"}
    assert "date of birth: 12 4 1991" in out and "her phone: 0101" in out
    sam = sign_in_with_code(printed["Sam Reid"], "12 4 1991", address="192.0.2.1")
    assert sam.supporter is None and sam.person.given_name == "Samantha"
    mum = sign_in_with_code(printed["Maggie Reid"], "0101", address="192.0.2.1")
    assert mum.supporter is not None and mum.supporter.name == "Maggie Reid"
    # Loading again gives new codes and the old ones stop working.
    call_command("demo", "--no-serve")
    with pytest.raises(DomainError):
        sign_in_with_code(printed["Sam Reid"], "12 4 1991", address="192.0.2.1")


def test_maggie_tells_the_team_what_she_noticed_from_her_own_code(db: None) -> None:
    """Staff see in the demo one piece of information a supporter offered from
    her own phone: Maggie's, written with her code, new from her device."""
    demo.load_demo("a-demo-password-for-tests")
    demo.load_demo("a-demo-password-for-tests")  # once, however often loaded
    item = Corroboration.objects.get(basis=SharingBasis.OFFERED)
    assert item.what_they_said == MAGGIE_TELLS_US
    assert item.assessment.person.given_name == "Samantha"
    assert item.scribe_id is None and item.via_code is not None
    assert item.via_code.supporter is not None
    assert item.via_code.supporter.name == "Maggie Reid"
    assert item.voice is not None and item.voice.name == "Maggie Reid"
    assert (item.topic, item.withheld_reason) == ("noticed", "")
    staff = CheckedClient(HTTP_HOST="127.0.0.1")
    staff.force_login(User.objects.get(username="clinician"))
    page = staff.get(reverse("assessments:show_assessment", args=[item.assessment.pk]))
    words = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    assert "Maggie Reid told us what they know" in words
    assert "Maggie Reid wrote this on their own device" in words
    assert MAGGIE_TELLS_US in words
