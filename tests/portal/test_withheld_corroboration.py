"""What other people told us can be withheld from the person for a lawful
reason (DOMAIN.md §11: third-party information given in confidence; the
serious harm test), in the one way an entry is: the same field, the same
check and the same log line. The person's record, copy and PDF say that
something is withheld and why in general terms, never its words or who gave
it; a supporter never sees it, nor that it exists; staff see it with its mark.
A supporter who asks us not to show the person what they wrote has it kept
from the person as third-party information at once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from coassess.accesslog.models import AccessEvent
from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.forms import (
    ContributionForm,
    CorroborationForm,
    WithholdForm,
)
from coassess.assessments.models import (
    Assessment,
    Corroboration,
    Participant,
    SharingBasis,
    WithheldReason,
)
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.people.models import AccessCode
from tests.conftest import CheckedClient
from tests.portal.viewers import pdf_text, share_all, text_of, url

Viewer = tuple[CheckedClient, AccessCode]
SECRET = "Her brother Kit says she talked about the bridge again."
KEPT = "Something here is not shown to you. It is about someone else."
KEPT_HARM = (
    "Something here is not shown to you. The team thinks reading it now could "
    "cause serious harm."
)
KEPT_IN_COPY = "Something another person told us is not in this copy."


def everything_seen(client: CheckedClient, assessment: Assessment) -> str:
    """The viewer's record page, copy page, PDF and their page to tell us."""
    pages = [
        text_of(client.get(reverse(name, args=[assessment.pk])))
        for name in ("portal:show_record", "portal:show_copy")
    ]
    pdf = client.get(reverse("portal:copy_pdf", args=[assessment.pk]))
    return " ".join([*pages, pdf_text(pdf.content)])


@pytest.fixture
def told(clinician: User, assessment: Assessment) -> Corroboration:
    return services.add_corroboration(
        actor=clinician,
        assessment=assessment,
        informant_type="relative",
        informant_name="Kit Reid",
        what_they_said=SECRET,
        basis=SharingBasis.CONSENT,
    )


def test_staff_withhold_a_corroboration_on_its_own_page(
    told: Corroboration,
    assessment: Assessment,
    signed_in: Callable[[str], CheckedClient],
) -> None:
    staff = signed_in("clinician")
    section = reverse(
        "assessments:show_section",
        kwargs={"assessment_id": assessment.pk, "section": "corroboration"},
    )
    where = reverse(
        "assessments:who_sees_corroboration",
        kwargs={"assessment_id": assessment.pk, "corroboration_id": told.pk},
    )
    assert where in staff.get(section).content.decode()
    page = staff.get(where)
    assert page.status_code == 200 and "Can the person see this?" in text_of(page)
    answer = staff.post(
        where, {"withheld_reason": WithheldReason.THIRD_PARTY, "based_on": told.pk}
    )
    assert answer.status_code == 302
    now = Corroboration.objects.get(lineage=told.lineage, is_current=True)
    assert now.pk != told.pk and now.version_number == 2
    assert now.withheld_reason == WithheldReason.THIRD_PARTY
    assert now.what_they_said == SECRET and now.informant_name == "Kit Reid"
    old = Corroboration.objects.get(pk=told.pk)
    assert not old.is_current and old.withheld_reason == ""
    logged = list(
        AccessEvent.objects.filter(object_id=str(now.pk))
        .order_by("id")
        .values_list("what", flat=True)
    )
    assert logged == [
        "corroborative information: who may see it",
        "withheld from the person: third_party",
    ]
    shown = text_of(staff.get(section))
    assert SECRET in shown
    assert (
        "Withheld from the person: It is about someone else (third-party information)"
        in shown
    )


def test_a_stale_choice_is_refused_not_saved_over(
    told: Corroboration, clinician: User, signed_in: Callable[[str], CheckedClient]
) -> None:
    services.withhold_corroboration(
        actor=clinician, base=told, withheld_reason=WithheldReason.SERIOUS_HARM
    )
    staff = signed_in("clinician")
    where = reverse(
        "assessments:who_sees_corroboration",
        kwargs={"assessment_id": told.assessment_id, "corroboration_id": told.pk},
    )
    answer = staff.post(where, {"withheld_reason": "", "based_on": told.pk})
    assert answer.status_code == 400
    assert "Someone else changed this" in text_of(answer)
    now = Corroboration.objects.get(lineage=told.lineage, is_current=True)
    assert now.withheld_reason == WithheldReason.SERIOUS_HARM
    with pytest.raises(VersionConflict):
        services.withhold_corroboration(actor=clinician, base=told, withheld_reason="")


def test_one_field_one_check_for_entries_and_corroborations(
    told: Corroboration, clinician: User
) -> None:
    entry = ContributionForm.base_fields["withheld_reason"]
    for form in (CorroborationForm, WithholdForm):
        field = form.base_fields["withheld_reason"]
        assert field.choices == entry.choices  # type: ignore[attr-defined]
        assert field.label == entry.label
    bad = WithholdForm({"withheld_reason": "gossip", "based_on": told.pk})
    assert not bad.is_valid()
    assert bad.errors["withheld_reason"] == ["Choose one of the answers."]
    message = "Choose a lawful reason for withholding this from the person."
    with pytest.raises(DomainError, match=message):
        services.withhold_corroboration(
            actor=clinician, base=told, withheld_reason="gossip"
        )


def test_staff_can_withhold_it_when_adding_it(
    clinician: User, assessment: Assessment
) -> None:
    item = services.add_corroboration(
        actor=clinician,
        assessment=assessment,
        informant_type="gp",
        informant_name="Dr Iqbal",
        what_they_said=SECRET,
        basis=SharingBasis.CONSENT,
        withheld_reason=WithheldReason.SERIOUS_HARM,
    )
    assert item.withheld
    logged = list(
        AccessEvent.objects.filter(object_id=str(item.pk))
        .order_by("id")
        .values_list("what", flat=True)
    )
    assert logged == [
        "corroborative information",
        "withheld from the person: serious_harm",
    ]


@pytest.mark.parametrize(
    ("reason", "notice"),
    [(WithheldReason.THIRD_PARTY, KEPT), (WithheldReason.SERIOUS_HARM, KEPT_HARM)],
)
def test_the_person_is_told_something_is_withheld_never_what(
    told: Corroboration,
    clinician: User,
    assessment: Assessment,
    as_person: Viewer,
    reason: str,
    notice: str,
) -> None:
    client, _ = as_person
    before = everything_seen(client, assessment)
    assert SECRET in before and "Kit Reid" in before
    services.withhold_corroboration(actor=clinician, base=told, withheld_reason=reason)
    seen = everything_seen(client, assessment)
    assert SECRET not in seen and "Kit Reid" not in seen and "bridge" not in seen
    assert seen.count(notice) == 1  # the record page
    assert seen.count(KEPT_IN_COPY) == 2  # the copy page and the PDF


def test_supporters_never_see_it_nor_that_it_exists(
    told: Corroboration,
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
    as_carer: Viewer,
) -> None:
    share_all(voices["carer"].supporter)
    client, _ = as_carer
    assert SECRET in everything_seen(client, assessment)
    services.withhold_corroboration(
        actor=clinician, base=told, withheld_reason=WithheldReason.THIRD_PARTY
    )
    seen = everything_seen(client, assessment)
    seen += text_of(client.get(url("tell_us", assessment)))
    for secret in (SECRET, "Kit Reid", "not shown to you", "not in this copy"):
        assert secret not in seen


def test_a_supporter_asks_us_not_to_show_the_person(
    as_carer: Viewer,
    as_person: Viewer,
    assessment: Assessment,
    voices: dict[str, Participant],
    signed_in: Callable[[str], CheckedClient],
) -> None:
    share_all(voices["carer"].supporter)
    phone, code = as_carer
    answer = phone.post(
        url("tell_us", assessment),
        {"topic": "worried", "text": SECRET, "in_confidence": "on"},
    )
    assert answer.status_code == 302
    item = Corroboration.objects.get()
    assert item.withheld_reason == WithheldReason.THIRD_PARTY
    assert item.via_code_id == code.pk
    # Not listed back to the supporter, nor anywhere they read.
    mine = text_of(phone.get(url("tell_us", assessment)))
    assert SECRET not in mine and "Nothing yet." in mine
    assert SECRET not in everything_seen(phone, assessment)
    person, _ = as_person
    theirs = everything_seen(person, assessment)
    assert SECRET not in theirs and "Maggie Reid" not in theirs.split("Created")[0]
    assert KEPT in theirs
    staff = text_of(
        signed_in("clinician").get(
            reverse("assessments:show_assessment", args=[assessment.pk])
        )
    )
    assert SECRET in staff
    assert "Withheld from the person: It is about someone else" in staff


def test_only_the_team_withholds_for_serious_harm(
    as_carer: Viewer, assessment: Assessment
) -> None:
    _, code = as_carer
    with pytest.raises(DomainError, match="Only the team"):
        services.add_corroboration(
            actor=code,
            assessment=assessment,
            topic="worried",
            what_they_said=SECRET,
            withheld_reason=WithheldReason.SERIOUS_HARM,
        )
    assert not Corroboration.objects.exists()


def test_withholding_a_supporters_own_words_keeps_where_they_came_from(
    as_carer: Viewer,
    clinician: User,
    assessment: Assessment,
    signed_in: Callable[[str], CheckedClient],
) -> None:
    phone, _ = as_carer
    phone.post(url("tell_us", assessment), {"topic": "noticed", "text": SECRET})
    first = Corroboration.objects.get()
    now = services.withhold_corroboration(
        actor=clinician, base=first, withheld_reason=WithheldReason.THIRD_PARTY
    )
    assert now.scribe_id == clinician.pk and now.via_code_id is None
    assert now.basis == SharingBasis.OFFERED and now.from_own_device
    staff = text_of(
        signed_in("clinician").get(
            reverse(
                "assessments:show_section",
                kwargs={"assessment_id": assessment.pk, "section": "corroboration"},
            )
        )
    )
    assert "Maggie Reid wrote this on their own device" in staff
    assert "Withheld from the person" in staff


def test_staff_withhold_it_on_the_add_form(
    assessment: Assessment, signed_in: Callable[[str], CheckedClient]
) -> None:
    staff = signed_in("clinician")
    section = reverse(
        "assessments:show_section",
        kwargs={"assessment_id": assessment.pk, "section": "corroboration"},
    )
    form = text_of(staff.get(section))
    assert "Can the person see this?" in form
    assert "No: It is about someone else (third-party information)" in form
    answer = staff.post(
        section,
        {
            "informant_type": "relative",
            "informant_name": "Kit Reid",
            "what_they_said": SECRET,
            "basis": SharingBasis.CONSENT,
            "basis_reason": "",
            "withheld_reason": WithheldReason.THIRD_PARTY,
        },
    )
    assert answer.status_code == 302, text_of(answer)[:500]
    item = Corroboration.objects.get()
    assert item.withheld_reason == WithheldReason.THIRD_PARTY
    assert item.scribe_id is not None and item.via_code_id is None
    refused = staff.post(
        section,
        {
            "informant_type": "relative",
            "informant_name": "Kit Reid",
            "what_they_said": SECRET,
            "basis": SharingBasis.OFFERED,
            "withheld_reason": "gossip",
        },
    )
    assert refused.status_code == 400
    words = text_of(refused)
    assert "Choose one of the answers." in words
    assert SECRET in refused.content.decode()
    assert Corroboration.objects.count() == 1


def test_a_disagreement_with_a_withheld_one_never_shows_it(
    told: Corroboration,
    clinician: User,
    assessment: Assessment,
    voices: dict[str, Participant],
    as_person: Viewer,
    as_carer: Viewer,
) -> None:
    """Maggie disagreed with what Kit told us; once it is withheld, the person
    reads only that Maggie disagreed with something not shown, cannot open
    it to disagree from the phone, and a supporter reads nothing of either."""
    services.dispute_entry(
        actor=clinician,
        entry=told,
        disputer=voices["carer"],
        account="Kit has it wrong about the bridge.",
    )
    now = services.withhold_corroboration(
        actor=clinician, base=told, withheld_reason=WithheldReason.THIRD_PARTY
    )
    person, _ = as_person
    seen = everything_seen(person, assessment)
    assert SECRET not in seen and "Kit has it wrong" not in seen
    assert "Maggie Reid (your mum) disagreed with something in your record" in seen
    page = url("dispute_item", assessment, kind="corroboration", entry_id=now.pk)
    assert person.get(page).status_code == 404
    share_all(voices["carer"].supporter)
    carer, _ = as_carer
    theirs = everything_seen(carer, assessment)
    assert SECRET not in theirs and "Kit has it wrong" not in theirs
