"""A supporter sees exactly what the person's sharing allows, and the person
never sees what is withheld from them (issue 13, security tests): a property
test over random sharing (which parts, through the person's own choices in
`people.sharing`), a safeguarding hold, entries of every kind kept private
from supporters (attributed entries, a concern, a source checked, what others
told us, a capacity record; by the person on their phone or by a clinician
for them), and entries and corroborations (what other people told us, one offered by
Jo from her own phone) withheld from the person, on one fixed record.

Every entry, disagreement, position and plan line of the record holds a word
found nowhere else (an animal), so a page holds an item exactly when it holds
its word. For each example the choices, marks and hold are made through the services
that make them, inside a savepoint that is rolled back after it; the sight is
`visibility.sight_of`'s, the one check every view asks; and the supporter's
record page, copy page and the HTML the PDF is made from
(`plans.pdf.person_copy_html`, the PDF's every word) are rendered by the
views' own functions for that sight.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coassess.accounts.models import User
from coassess.assessments import services as assessment_services
from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.models import (
    Assessment,
    Contribution,
    Corroboration,
    Expertise,
    Participant,
    ParticipantKind,
    Versioned,
    WithheldReason,
)
from coassess.decisions import services as decisions
from coassess.decisions.rules import OutcomeDraft, Reply
from coassess.people import services as people_services
from coassess.people import sharing_services
from coassess.people.models import Person
from coassess.people.viewer import Viewer
from coassess.plans import services as plans
from coassess.plans.pdf import person_copy_html
from coassess.plans.person_copy import PARTS, copy_for
from coassess.portal import views
from coassess.portal.services import keep_private
from coassess.portal.visibility import Sight, sight_of
from tests.portal.conftest import issue, page_text
from tests.urlworld import refer

pytestmark = pytest.mark.django_db

# (section, voice, word): each entry's one word.
ENTRIES = (
    ("account", "alex", "quokka"),
    ("strengths.people", "jo", "wombat"),
    ("risk.their_view", "alex", "pangolin"),
    ("risk.others_view", "maggie", "narwhal"),
    ("history.recent", "nurse", "okapi"),
    ("mse.mood", "alex", "axolotl"),
)
CONCERN = "ibis"
KNOWN = "platypus"  # what a source checked before meeting Alex said
CAPACITY = "armadillo"  # the decision a capacity record is about
# Disagreements with entries of any kind: (entry's word, who, word).
DISPUTES = (
    ("wombat", "alex", "tapir"),
    ("narwhal", "jo", "capybara"),
    (KNOWN, "alex", "chinchilla"),
    (CAPACITY, "jo", "aardvark"),
)
DECISION = ("dugong", "manatee")  # the chosen option's word, Jo's objection's
PLAN = ("gecko", "marmot")  # an action's word, the contingency plan's
CONFIRMATION = "lemur"  # Jo's disagreement with the plan: a position
# What other people told us: (who, word); Jo's from her own phone, the GP's
# typed by the nurse.
TOLD = (("jo", "meerkat"), ("gp", "echidna"))


@dataclass
class Record:
    assessment: Assessment
    entries: dict[str, Contribution]  # by word
    told: dict[str, Corroboration]  # by word
    keepable: dict[str, UUID]  # the lineage of every entry of every kind, by word
    person: Viewer
    jo: Viewer
    jo_supporter: UUID


def _voices(clinician: User, a: Assessment) -> dict[str, Participant]:
    found = {
        "alex": Participant.objects.get(assessment=a, kind=ParticipantKind.PERSON),
        "nurse": Participant.objects.get(assessment=a, kind=ParticipantKind.STAFF),
    }
    for key, name, relation in (
        ("jo", "Jo Parker", "partner"),
        ("maggie", "Maggie Reid", "mum"),
    ):
        supporter = people_services.add_supporter(
            actor=clinician,
            person=a.person,
            data={"name": name, "relationship": relation},
        )
        found[key] = assessment_services.add_participant(
            actor=clinician,
            assessment=a,
            kind=ParticipantKind.SUPPORTER,
            expertise=Expertise.CARER,
            supporter=supporter,
        )
    return found


def _decide(clinician: User, a: Assessment, v: dict[str, Participant]) -> None:
    host = AssessmentHost(a)
    decision = decisions.add_decision(
        actor=clinician, host=host, question="Where will Alex sleep tonight?"
    )
    home = decisions.add_option(
        actor=clinician,
        host=host,
        decision=decision,
        text=f"At home ({DECISION[0]})",
        proposer=v["alex"].pk,
    )
    for voice, stance, why in (
        (v["alex"], "agree", ""),
        (v["jo"], "object", DECISION[1]),
    ):
        decisions.give_position(
            actor=clinician,
            host=host,
            option=home,
            voice=voice.pk,
            stance=stance,
            what_matters=f"Because of the {why}." if why else "",
        )
    decisions.record_outcome(
        actor=clinician,
        host=host,
        decision=decision,
        draft=OutcomeDraft(
            chosen=home,
            deciding_rule="persons_choice",
            rationale="Alex chose home.",
            values_weighed="Alex's choice.",
            remaining_disagreements="",
            review_at=timezone.now() + dt.timedelta(hours=10),
            replies={v["jo"].pk: Reply("Alex can keep safe.", "An early review.")},
        ),
    )


def _plan(clinician: User, a: Assessment, v: dict[str, Participant]) -> None:
    plan = plans.start_plan(actor=clinician, assessment=a)
    plans.add_action(
        actor=clinician,
        plan=plan,
        what=f"Feed the {PLAN[0]} together",
        who="Alex",
        by_when="Tomorrow",
        proposer=v["alex"],
    )
    plan.refresh_from_db()
    plans.update_contingency(
        actor=clinician,
        plan=plan,
        data={"warning_signs": f"I stop feeding the {PLAN[1]}."},
        based_on_version=1,
    )
    plans.confirm_plan(
        actor=clinician,
        plan=plan,
        participant=v["jo"],
        meaning="disagree",
        reason=f"Not the {CONFIRMATION}.",
    )


def build_record(clinician: User, make_person: Callable[..., Person]) -> Record:
    """The fixed record: six entries in four voices, a concern, a source
    checked, a capacity record, what two others told us, four disagreements
    (with entries, the source and the capacity record), a decision with an
    objection, and a plan (not signed, so marks can still be made)."""
    person = make_person(
        given_name="Alex",
        family_name="Morgan",
        preferred_name="",
        pronouns="they/them",
        nhs_number="",
    )
    a = assessment_services.start_assessment(
        actor=clinician, referral=refer(clinician, person, 30)
    )
    v = _voices(clinician, a)
    entries = {
        word: assessment_services.add_contribution(
            actor=clinician,
            assessment=a,
            section=section,
            voice=v[who],
            text=f"It is about the {word}.",
            own_words=who == "alex",
        )
        for section, who, word in ENTRIES
    }
    concern = assessment_services.add_concern(
        actor=clinician,
        assessment=a,
        text=f"The {CONCERN} tonight",
        raised_by=v["jo"],
        agreed_by=[],
    )
    _decide(clinician, a, v)
    _plan(clinician, a, v)
    person_code = issue(clinician, person, None)[0]
    jo_supporter = v["jo"].supporter
    assert jo_supporter is not None
    jo_code = issue(clinician, person, jo_supporter)[0]
    told = {
        word: assessment_services.add_corroboration(
            actor=jo_code,
            assessment=a,
            topic="noticed",
            what_they_said=f"It is about the {word}.",
        )
        if who == "jo"
        else assessment_services.add_corroboration(
            actor=clinician,
            assessment=a,
            informant_type="gp",
            informant_name="Dr Iqbal",
            what_they_said=f"It is about the {word}.",
            basis="consent",
        )
        for who, word in TOLD
    }
    items: dict[str, Versioned] = {
        **entries,
        **told,
        CONCERN: concern,
        **_checked_and_assessed(clinician, a),
    }
    for word, who, account in DISPUTES:
        assessment_services.dispute_entry(
            actor=clinician,
            entry=items[word],
            disputer=v[who],
            account=f"No, the {account}.",
        )
    return Record(
        Assessment.objects.select_related("person", "team").get(pk=a.pk),
        entries,
        told,
        {word: item.lineage for word, item in items.items()},
        Viewer(person_code),
        Viewer(jo_code),
        jo_supporter.pk,
    )


def _checked_and_assessed(clinician: User, a: Assessment) -> dict[str, Versioned]:
    """A source checked before meeting Alex and a capacity record, by word."""
    known = assessment_services.add_known_source(
        actor=clinician,
        assessment=a,
        source_type="record",
        detail="GP summary",
        what_it_said=f"It is about the {KNOWN}.",
        checked_at=timezone.now() - dt.timedelta(hours=2),
        limited_access=False,
    )
    data: dict[str, Any] = {
        "decision": f"Whether to feed the {CAPACITY}",
        "assessed_at": timezone.now() - dt.timedelta(minutes=30),
        "support_given": "A quiet room and time",
        "outcome": "has",
    }
    for ability in ("understand", "retain", "use_or_weigh", "communicate"):
        data[ability] = "able"
        data[f"{ability}_evidence"] = "Explained it back"
    capacity = assessment_services.record_capacity(
        actor=clinician, assessment=a, data=data
    )
    return {KNOWN: known, CAPACITY: capacity}


def rendered(record: Record, viewer: Viewer, sight: Sight) -> str:
    """Every word the viewer's record page, copy page and PDF would hold."""
    request = RequestFactory().get("/my/record/")
    a = record.assessment
    pages = [
        views.record_for(request, viewer, sight, a),
        views.copy_page_for(request, viewer, sight, a),
    ]
    texts = [page_text(p) for p in pages]
    html = person_copy_html(
        request=request, assessment=a, copy=copy_for(a, sight.reader)
    )
    return " ".join([*texts, html])


def withhold(clinician: User, record: Record, words: frozenset[str]) -> None:
    for word in words:
        entry = Contribution.objects.get(
            lineage=record.entries[word].lineage, is_current=True
        )
        assessment_services.revise_contribution(
            actor=clinician,
            base=entry,
            text=entry.text,
            withheld_reason=WithheldReason.THIRD_PARTY,
        )


def withhold_told(clinician: User, record: Record, words: frozenset[str]) -> None:
    """Keep what others told us (`words`) from the person, as staff do."""
    for word in words:
        item = Corroboration.objects.get(
            lineage=record.told[word].lineage, is_current=True
        )
        assessment_services.withhold_corroboration(
            actor=clinician, base=item, withheld_reason=WithheldReason.THIRD_PARTY
        )


def dispute_words(entry_words: frozenset[str]) -> set[str]:
    return {account for word, _, account in DISPUTES if word in entry_words}


WORDS = [word for _, _, word in ENTRIES]
parts_strategy = st.frozensets(st.sampled_from(sorted(PARTS)))
words_strategy = st.frozensets(st.sampled_from(WORDS))
TOLD_WORDS = [word for _, word in TOLD]
told_strategy = st.frozensets(st.sampled_from(TOLD_WORDS))
# Every entry a supporter may be shown, of every kind: each can be kept private.
KEEPABLE_WORDS = [*WORDS, CONCERN, KNOWN, *TOLD_WORDS, CAPACITY]
keepable_strategy = st.frozensets(st.sampled_from(KEEPABLE_WORDS))


@pytest.fixture
def record(clinician: User, make_person: Callable[..., Person]) -> Record:
    return build_record(clinician, make_person)


@settings(
    max_examples=int(os.environ.get("PORTAL_EXAMPLES", "500")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    parts=parts_strategy,
    private=keepable_strategy,
    withheld=words_strategy,
    told_withheld=told_strategy,
    held=st.booleans(),
    by_staff=st.booleans(),
)
def test_a_supporter_sees_exactly_what_is_shared(
    clinician: User,
    record: Record,
    parts: frozenset[str],
    private: frozenset[str],
    withheld: frozenset[str],
    told_withheld: frozenset[str],
    held: bool,
    by_staff: bool,
) -> None:
    """The person's real choices (`people.sharing`), private marks of any
    kind of entry (by the person, or by a clinician for them) and a hold,
    made through their services; what Jo sees is what `sight_of` (which asks
    `supporter_scope`) gives, rendered by the views' own functions."""
    jo = record.jo.supporter
    assert jo is not None
    with transaction.atomic():
        withhold(clinician, record, withheld)
        withhold_told(clinician, record, told_withheld)
        choose(clinician, record, parts, private, held, by_staff)
        sight = sight_of(record.jo)
        jo_sees = rendered(record, record.jo, sight)
        transaction.set_rollback(True)
    parts = frozenset() if held else parts
    assert sight.parts == parts and sight.held == held
    hidden = private | withheld | told_withheld
    every = set(KEEPABLE_WORDS)
    shown = every - hidden if "assessment" in parts else set()
    never = (every - shown) | dispute_words(hidden)
    if "decisions" not in parts:
        never |= {*DECISION, CONFIRMATION}
    if "plan" not in parts:
        never |= {*PLAN, CONFIRMATION}
    for word in never:
        assert word not in jo_sees, (
            word,
            sorted(parts),
            private,
            withheld,
            told_withheld,
            held,
            by_staff,
        )
    # And what is shared is there: the test would pass an empty page otherwise.
    for word in shown | ({*PLAN} if "plan" in parts else set()):
        assert word in jo_sees, (word, sorted(parts), private, withheld)
    # Never told that something was withheld from the person, nor why.
    assert "not shown to you" not in jo_sees
    assert "not in this copy" not in jo_sees
    assert ("You cannot see Alex’s record at the moment." in jo_sees) == held


def choose(
    clinician: User,
    record: Record,
    parts: frozenset[str],
    private: frozenset[str],
    held: bool,
    by_staff: bool = False,
) -> None:
    """The person's choices for Jo, by the person; their private marks, made
    on their phone or (`by_staff`) by a clinician for them; and, if `held`, a
    clinician's hold on Jo's access."""
    jo = record.jo.supporter
    assert jo is not None
    for category in sorted(PARTS):
        sharing_services.set_sharing(
            supporter=jo,
            category=category,
            granted=category in parts,
            seen=0,
            by_person=True,
        )
    who: dict[str, Any] = (
        {"actor": clinician} if by_staff else {"code": record.person.code}
    )
    for word in private:
        keep_private(
            person=record.assessment.person,
            lineage=record.keepable[word],
            private=True,
            **who,
        )
    if held:
        sharing_services.place_hold(
            actor=clinician,
            person=record.assessment.person,
            supporter=jo,
            reason="Alex asked us to pause this for now.",
        )


def test_the_person_never_sees_what_is_withheld_from_them(
    clinician: User, record: Record
) -> None:
    """Every one of the 64 ways to withhold the six entries (all of them, not
    a sample): nothing withheld, nor any disagreement with it, is in the
    person's record page, copy or PDF; everything else is, and each withheld
    entry is said to be withheld."""
    for size in range(len(WORDS) + 1):
        for chosen in itertools.combinations(WORDS, size):
            withheld = frozenset(chosen)
            with transaction.atomic():
                withhold(clinician, record, withheld)
                alex_sees = rendered(record, record.person, Sight(None, PARTS))
                transaction.set_rollback(True)
            for word in withheld | dispute_words(withheld):
                assert word not in alex_sees, (word, withheld)
            for word in set(WORDS) - withheld:
                assert word in alex_sees, (word, withheld)
            placeholder = "Something here is not shown to you."
            assert alex_sees.count(placeholder) == len(withheld)


def test_the_person_never_sees_what_others_told_us_that_is_withheld(
    clinician: User, record: Record
) -> None:
    """Each way to withhold what others told us (with an entry withheld too):
    nothing withheld is in the person's record page, copy or PDF, each is
    said to be withheld (and why in general terms), the rest is there with
    who told us."""
    for size in range(len(TOLD_WORDS) + 1):
        for chosen in itertools.combinations(TOLD_WORDS, size):
            withheld = frozenset(chosen)
            with transaction.atomic():
                withhold(clinician, record, frozenset({"narwhal"}))
                withhold_told(clinician, record, withheld)
                alex_sees = rendered(record, record.person, Sight(None, PARTS))
                transaction.set_rollback(True)
            for word in withheld | {"narwhal"}:
                assert word not in alex_sees, (word, withheld)
            for word in set(TOLD_WORDS) - withheld:
                assert word in alex_sees, (word, withheld)
            placeholder = (
                "Something here is not shown to you. It is about someone else."
            )
            assert alex_sees.count(placeholder) == 1 + len(withheld)
            in_copy = "Something another person told us is not in this copy."
            # The copy page and the PDF's HTML: once each per withheld item.
            assert alex_sees.count(in_copy) == 2 * len(withheld)
            if "meerkat" not in withheld:
                assert (
                    "Jo Parker (your partner) told us: “It is about the meerkat.”"
                    in (alex_sees)
                )
