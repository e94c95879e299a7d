"""Demo reflections and one team self-assessment, so the pages "Reflections"
and "Team self-assessment" have something to show on `make demo`.

Fictional. Enough reflections for both groups to pass the five-answer
threshold, with staff rating the work higher than people with lived
experience do, as audits of co-production often find. Tomasz's assessment is
left without reflections, for the browser test to reflect on.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.utils import timezone

from coassess.accounts.models import Team, User
from coassess.assessments.models import Assessment
from coassess.coproduction import services
from coassess.coproduction.instruments import SELF_ASSESSMENT, VALUES, Kind
from coassess.coproduction.models import Reflection, SubjectKind, Voice

# For each demo assessment: (who writes, in what voice, ratings of the 17
# values in order (0: don't know), step on the TLAP ladder, a comment).
RATINGS = {
    "staff": ("54454434545344545", "co_producing"),
    "staff_lead": ("44444434435444444", "co_designing"),
    "expert": ("43434333434234333", "co_designing"),
    "person": ("33423302323234222", "consulting"),
    "supporter": ("32312302222133212", "informing"),
}
PEOPLE = ("Marcus", "Samantha", "Ruth")


def _ratings(pattern: str) -> dict[str, tuple[int | None, str]]:
    return {
        value["id"]: (int(n) or None, "")
        for value, n in zip(VALUES, pattern, strict=True)
    }


def _reflect(
    actor: User, subject: services.Subject, voice: str, kind: str, comment: str = ""
) -> None:
    pattern, rung = RATINGS[kind]
    ratings = _ratings(pattern)
    if comment:
        ratings["openness"] = (ratings["openness"][0], comment)
    services.record_reflection(
        actor=actor,
        subject=subject,
        answers=services.ReflectionAnswers(
            voice=voice,
            asked=voice in (Voice.PERSON, Voice.SUPPORTER),
            values_version=services.current_instrument(subject.team, Kind.VALUES),
            ratings=ratings,
            ladder_version=services.current_instrument(subject.team, Kind.TLAP),
            rung=rung,
            ladder_comment="",
        ),
        token=uuid.uuid4(),
    )


def load_demo_reflections(team: Team) -> None:
    """Add the demo reflections and self-assessment once (skipped when the
    team has reflections)."""
    if Reflection.objects.filter(team=team).exists():
        return
    staff = {u.username: u for u in User.objects.filter(memberships__team=team)}
    for assessment in Assessment.objects.filter(
        team=team, person__given_name__in=PEOPLE
    ).select_related("person"):
        subject = services.Subject(
            SubjectKind.ASSESSMENT, assessment.pk, team, assessment.person
        )
        _reflect(staff["clinician"], subject, Voice.STAFF, "staff")
        _reflect(staff["lead"], subject, Voice.STAFF, "staff_lead")
        _reflect(staff["peer"], subject, Voice.EXPERT, "expert")
        _reflect(
            staff["clinician"],
            subject,
            Voice.PERSON,
            "person",
            "I could say I was angry and nobody told me off.",
        )
        if assessment.person.supporters.exists():
            _reflect(staff["clinician"], subject, Voice.SUPPORTER, "supporter")
    meeting = services.Subject(SubjectKind.MEETING, uuid.uuid4(), team)
    _reflect(staff["coproduction"], meeting, Voice.EXPERT, "expert")
    _self_assessment(team, staff["coproduction"])


SCORES = {
    "lived_knowledge": (3, "Peer workers join every assessment they can."),
    "shared_power": (2, "In ward rounds, doctors still have the last word."),
    "agreed_purpose": (3, ""),
    "in_the_room": (2, "Our lived experience group is asked after plans are made."),
    "paid_fairly": (1, "We have no budget to pay people for their time."),
    "who_takes_part": (2, "Nobody under 25 or over 65 is in the group."),
    "easy_to_join": (3, "Meetings are online only."),
    "support": (4, "Everyone gets supervision, peer workers too."),
    "what_changed": (2, ""),
    "tell_back": (1, "We never tell people what happened to their ideas."),
}


def _self_assessment(team: Team, recorder: User) -> None:
    today = timezone.localdate()
    services.record_self_assessment(
        actor=recorder,
        team=team,
        answers=services.SelfAssessmentAnswers(
            version=services.current_instrument(team, Kind.SELF_ASSESSMENT),
            taken_on=today - dt.timedelta(days=21),
            staff_count=4,
            expert_count=3,
            who_took_part="Priya, Amara, Jo, Dafydd and three members of "
            "the lived experience group",
            scores={s["id"]: SCORES[s["id"]] for s in SELF_ASSESSMENT},
            actions={
                "paid_fairly": (
                    "Ask the trust for an involvement budget, at its published rate.",
                    "Priya Raman",
                    today + dt.timedelta(days=60),
                ),
                "tell_back": (
                    "Start a 'You said, we did' page on the team noticeboard.",
                    "Jo Fairweather and Dafydd Hughes",
                    today + dt.timedelta(days=30),
                ),
                "who_takes_part": (
                    "Invite younger and older people through the youth "
                    "service and Age UK.",
                    "Dafydd Hughes",
                    today + dt.timedelta(days=90),
                ),
            },
        ),
        token=uuid.uuid4(),
    )
