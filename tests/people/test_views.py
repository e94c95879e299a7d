from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
from django.urls import reverse

from coassess.accesslog.models import AccessEvent, Action, BreakGlassGrant
from coassess.people.models import Person

GOOD_FORM = {
    "given_name": "Gwenllian",
    "family_name": "Pritchard",
    "preferred_name": "Gwen",
    "pronouns": "she/her",
    "dob_day": "30",
    "dob_month": "6",
    "dob_year": "1963",
    "nhs_number": "",
    "preferred_language": "Cymraeg",
    "communication_needs": "",
}


def test_it_finds_a_person_by_nhs_number_with_spaces(
    signed_in: Callable[[str], Any], person: Person
) -> None:
    html = (
        signed_in("clinician")
        .get(reverse("people:find_person"), {"nhs_number": "943 476 5919"})
        .content.decode()
    )
    assert "1 person found" in html
    assert "Sam Reid" in html


def test_it_finds_a_person_by_name_and_date_of_birth_whatever_the_case(
    signed_in: Callable[[str], Any], make_person: Callable[..., Person]
) -> None:
    make_person(
        given_name="Zofia",
        family_name="Wiśniewska",
        preferred_name="Zosia",
        nhs_number="",
    )
    html = (
        signed_in("clinician")
        .get(
            reverse("people:find_person"),
            {
                "family_name": "WISNIEWSKA",
                "dob_day": "12",
                "dob_month": "4",
                "dob_year": "1991",
                "given_name": "zo",
            },
        )
        .content.decode()
    )
    assert "Zosia Wiśniewska" in html


def test_each_search_result_is_logged(
    signed_in: Callable[[str], Any], person: Person
) -> None:
    signed_in("clinician").get(
        reverse("people:find_person"), {"nhs_number": "9434765919"}
    )
    assert AccessEvent.objects.filter(person=person, action=Action.SEARCH).count() == 1


def test_a_search_needs_enough_to_go_on(signed_in: Callable[[str], Any]) -> None:
    html = (
        signed_in("clinician")
        .get(reverse("people:find_person"), {"family_name": "Reid"})
        .content.decode()
    )
    assert "Enter an NHS number, or a name and a date of birth (or their age)." in html


def test_a_bad_nhs_number_is_explained_and_kept(
    signed_in: Callable[[str], Any],
) -> None:
    response = signed_in("clinician").get(
        reverse("people:find_person"), {"nhs_number": "943 476 5918"}
    )
    html = response.content.decode()
    assert "one of the digits may be mistyped" in html
    assert 'value="943 476 5918"' in html
    assert response.content.decode().count("There is a problem") == 1


def test_it_adds_a_person_and_logs_it(signed_in: Callable[[str], Any]) -> None:
    response = signed_in("clinician").post(reverse("people:add_person"), GOOD_FORM)
    person = Person.objects.get(family_name="Pritchard")
    assert response["Location"] == reverse(
        "people:show_person", kwargs={"person_id": person.pk}
    )
    assert person.preferred_language == "Cymraeg"
    assert AccessEvent.objects.filter(person=person, action=Action.CREATE).exists()


def test_errors_name_the_field_and_keep_what_was_typed(
    signed_in: Callable[[str], Any],
) -> None:
    bad = {
        **GOOD_FORM,
        "given_name": "",
        "family_name": "",
        "dob_day": "31",
        "dob_month": "2",
        "nhs_number": "943 476 5918",
        "communication_needs": "Needs BSL 🤟",
    }
    html = (
        signed_in("clinician").post(reverse("people:add_person"), bad).content.decode()
    )
    assert "Enter their first name or last name. If they have only one name" in html
    assert "That date does not exist. Check the day and month." in html
    assert "one of the digits may be mistyped" in html
    assert 'value="943 476 5918"' in html
    assert "Needs BSL 🤟" in html
    assert 'href="#id_given_name"' in html
    assert not Person.objects.exists()


def test_a_birth_date_in_the_future_is_refused(signed_in: Callable[[str], Any]) -> None:
    html = (
        signed_in("clinician")
        .post(reverse("people:add_person"), {**GOOD_FORM, "dob_year": "2099"})
        .content.decode()
    )
    assert "must be in the past" in html


def test_a_duplicate_nhs_number_is_explained(
    signed_in: Callable[[str], Any], person: Person
) -> None:
    html = (
        signed_in("clinician")
        .post(reverse("people:add_person"), {**GOOD_FORM, "nhs_number": "9434765919"})
        .content.decode()
    )
    assert "Another person already has this NHS number" in html


def test_unicode_names_round_trip_exactly(signed_in: Callable[[str], Any]) -> None:
    names = {
        "given_name": "Łukasz",
        "family_name": "Ó Súilleabháin-حسن",
        "preferred_name": "Łukasz 🌱",
    }
    signed_in("clinician").post(reverse("people:add_person"), {**GOOD_FORM, **names})
    person = Person.objects.get()
    assert (person.given_name, person.family_name, person.preferred_name) == tuple(
        names.values()
    )
    html = (
        signed_in("clinician")
        .get(reverse("people:show_person", kwargs={"person_id": person.pk}))
        .content.decode()
    )
    assert "Łukasz 🌱 Ó Súilleabháin-حسن" in html


def test_markup_in_names_is_escaped(signed_in: Callable[[str], Any]) -> None:
    signed_in("clinician").post(
        reverse("people:add_person"),
        {**GOOD_FORM, "preferred_name": "<script>alert(1)</script>"},
    )
    person = Person.objects.get()
    html = (
        signed_in("clinician")
        .get(reverse("people:show_person", kwargs={"person_id": person.pk}))
        .content.decode()
    )
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_two_people_editing_at_once_see_a_conflict(
    signed_in: Callable[[str], Any], person: Person
) -> None:
    url = reverse("people:update_person", kwargs={"person_id": person.pk})
    form = {
        **GOOD_FORM,
        "given_name": "Samantha",
        "family_name": "Reid",
        "dob_day": "12",
        "dob_month": "4",
        "dob_year": "1991",
        "nhs_number": "9434765919",
        "version": "1",
    }
    first = signed_in("clinician").post(url, {**form, "pronouns": "they/them"})
    assert first.status_code == 302
    second = signed_in("peer").post(url, {**form, "pronouns": "she/they"})
    html = second.content.decode()
    assert second.status_code == 409
    assert "Someone else changed this record" in html
    # The table shows what each saved, field by field: only the field that differs.
    assert conflict_rows(html) == [["Pronouns", "they/them", "she/they"]]
    person.refresh_from_db()
    assert person.pronouns == "they/them"  # nothing overwritten
    # Saving again from the conflict page is a deliberate choice on top of the new version.
    again = signed_in("peer").post(
        url, {**form, "pronouns": "she/they", "version": "2"}
    )
    assert again.status_code == 302
    person.refresh_from_db()
    assert (person.pronouns, person.version) == ("she/they", 3)


def test_opening_a_record_is_logged(
    signed_in: Callable[[str], Any], person: Person
) -> None:
    signed_in("peer").get(
        reverse("people:show_person", kwargs={"person_id": person.pk})
    )
    event = AccessEvent.objects.get(person=person, action=Action.VIEW)
    assert event.actor.username == "peer"
    assert event.actor_role == "peer_worker"
    assert event.request_id


def test_another_team_must_break_glass(
    signed_in: Callable[[str], Any], person: Person
) -> None:
    outsider = signed_in("outsider")
    show = reverse("people:show_person", kwargs={"person_id": person.pk})
    response = outsider.get(show)
    assert response.status_code == 302 and "/break-glass/" in response["Location"]
    glass = reverse("people:break_glass", kwargs={"person_id": person.pk})
    html = outsider.post(glass, {"reason": "short", "next": show}).content.decode()
    assert "Give a fuller reason" in html
    assert (
        outsider.post(
            glass, {"reason": "Seen in ED tonight, no referral yet", "next": show}
        )["Location"]
        == show
    )
    html = outsider.get(show).content.decode()
    assert "You cannot change it" in html
    assert "Change Sam’s details" not in html
    grant = BreakGlassGrant.objects.get(person=person)
    assert grant.reason == "Seen in ED tonight, no referral yet"
    assert AccessEvent.objects.filter(
        person=person, action=Action.BREAK_GLASS, reason=grant.reason
    ).exists()


def test_break_glass_access_ends(
    signed_in: Callable[[str], Any], person: Person
) -> None:
    import time_machine

    outsider = signed_in("outsider")
    show = reverse("people:show_person", kwargs={"person_id": person.pk})
    glass = reverse("people:break_glass", kwargs={"person_id": person.pk})
    with time_machine.travel("2026-11-26 02:00 +0000", tick=False) as clock:
        outsider.post(glass, {"reason": "Seen in ED tonight, no referral yet"})
        assert outsider.get(show).status_code == 200
        clock.shift(61 * 60)
        outsider.force_login(
            person.registered_by.__class__.objects.get(username="outsider")
        )
        assert outsider.get(show).status_code == 302


def test_the_team_lead_reviews_break_glass(
    signed_in: Callable[[str], Any],
    users: dict[str, Any],
    make_person: Callable[..., Person],
) -> None:
    stranger = make_person(actor=users["outsider"], nhs_number="")
    signed_in("clinician").post(
        reverse("people:break_glass", kwargs={"person_id": stranger.pk}),
        {"reason": "Arrived in ED, other team's patient list"},
    )
    lead = signed_in("lead")
    html = lead.get(reverse("accesslog:grant_list")).content.decode()
    assert "Arrived in ED, other team" in html
    grant = BreakGlassGrant.objects.get()
    lead.post(
        reverse("accesslog:review_grant", kwargs={"grant_id": grant.pk}),
        {"review_note": "Fine"},
    )
    (review,) = grant.reviews.all()
    assert (review.reviewed_by, review.note) == (users["lead"], "Fine")
    html = lead.get(reverse("accesslog:grant_list")).content.decode()
    assert "Nothing is waiting." in html
    assert "Reviewed by Lead Tester: Fine." in html
    again = lead.post(
        reverse("accesslog:review_grant", kwargs={"grant_id": grant.pk}),
        {"review_note": "Twice"},
    )
    assert again.status_code == 302
    html = lead.get(reverse("accesslog:grant_list")).content.decode()
    assert "This has already been reviewed." in html
    assert [r.note for r in grant.reviews.all()] == ["Fine"]


def test_supporters_are_added_and_edited_with_conflict_checks(
    signed_in: Callable[[str], Any], person: Person
) -> None:
    c = signed_in("clinician")
    add = reverse("people:add_supporter", kwargs={"person_id": person.pk})
    html = unescape(c.post(add, {"name": "", "relationship": ""}).content.decode())
    assert "Enter the supporter's name." in html
    c.post(add, {"name": "Maggie Reid", "relationship": "mum", "phone": "07700 900101"})
    supporter = person.supporters.get()
    edit = reverse(
        "people:update_supporter",
        kwargs={"person_id": person.pk, "supporter_id": supporter.pk},
    )
    assert (
        c.post(
            edit,
            {"name": "Maggie Reid", "relationship": "mum and carer", "version": "1"},
        ).status_code
        == 302
    )
    stale = c.post(edit, {"name": "Maggie Reid", "relationship": "mum", "version": "1"})
    assert stale.status_code == 409
    assert conflict_rows(stale.content.decode()) == [
        ["Relationship", "mum and carer", "mum"]
    ]
    supporter.refresh_from_db()
    assert supporter.relationship == "mum and carer"


# Recording people as they are (issue 12)


def test_a_person_with_one_name_is_added_as_they_are(
    signed_in: Callable[[str], Any],
) -> None:
    c = signed_in("clinician")
    one = {**GOOD_FORM, "given_name": "Wulan", "family_name": "", "preferred_name": ""}
    response = c.post(reverse("people:add_person"), one)
    assert response.status_code == 302
    wulan = Person.objects.get()
    assert (wulan.given_name, wulan.family_name) == ("Wulan", "")
    html = unescape(c.get(response["Location"]).content.decode())
    assert "<title>Wulan –" in html
    assert "Wulan has been added." in html
    reverse_one = {**one, "given_name": "", "family_name": "Sukarno"}
    reverse_one["dob_year"] = "1970"
    assert c.post(reverse("people:add_person"), reverse_one).status_code == 302
    assert Person.objects.get(given_name="").name == "Sukarno"


def test_an_age_is_taken_when_nobody_knows_the_date_of_birth(
    signed_in: Callable[[str], Any],
) -> None:
    c = signed_in("clinician")
    unknown = {**GOOD_FORM, "dob_day": "", "dob_month": "", "dob_year": "", "age": "34"}
    response = c.post(reverse("people:add_person"), unknown)
    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.birth_year, person.estimated_age) == (None, 34)
    html = unescape(c.get(response["Location"]).content.decode())
    assert "Not known: about 34, estimated on" in html
    form = unescape(
        c.get(
            reverse("people:update_person", kwargs={"person_id": person.pk})
        ).content.decode()
    )
    assert re.search(r'<input[^>]*id="id_age"[^>]*value="34"', form)


@pytest.mark.parametrize(
    ("boxes", "message"),
    [
        (
            {"dob_day": "", "dob_month": "", "dob_year": ""},
            "Enter their date of birth, or their age if nobody knows it.",
        ),
        ({"age": "34"}, "Enter their date of birth or their age, not both."),
        ({"dob_year": ""}, "Enter the year they were born."),
        (
            {"dob_month": ""},
            "Enter the month they were born too, or leave the day blank.",
        ),
        (
            {"dob_day": "", "dob_month": "", "dob_year": "2099"},
            "Their date of birth must be in the past.",
        ),
        (
            {"dob_day": "", "dob_month": "", "dob_year": "", "age": "two hundred"},
            "Enter their age as a number, like 34.",
        ),
        (
            {"dob_day": "", "dob_month": "", "dob_year": "", "age": "130"},
            "Enter their age as a number from 0 to 120.",
        ),
    ],
)
def test_what_is_known_of_a_birth_is_checked_and_kept(
    signed_in: Callable[[str], Any], boxes: dict[str, str], message: str
) -> None:
    response = signed_in("clinician").post(
        reverse("people:add_person"), {**GOOD_FORM, **boxes}
    )
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert message in html
    assert 'value="Gwenllian"' in html
    assert not Person.objects.exists()


@pytest.mark.parametrize(
    ("boxes", "shown"),
    [
        ({"dob_day": "", "dob_month": ""}, "1963, day and month not known"),
        ({"dob_day": ""}, "June 1963, day not known"),
        ({"dob_day": "", "dob_month": "June"}, "June 1963, day not known"),
    ],
)
def test_an_incomplete_date_of_birth_is_taken_as_it_is(
    signed_in: Callable[[str], Any], boxes: dict[str, str], shown: str
) -> None:
    c = signed_in("clinician")
    response = c.post(reverse("people:add_person"), {**GOOD_FORM, **boxes})
    assert response.status_code == 302
    assert shown in unescape(c.get(response["Location"]).content.decode())


def test_the_same_person_added_again_is_shown_first(
    signed_in: Callable[[str], Any],
) -> None:
    c = signed_in("clinician")
    darcy = {**GOOD_FORM, "given_name": "D'Arcy", "family_name": "O'Brien"}
    assert c.post(reverse("people:add_person"), darcy).status_code == 302
    first = Person.objects.get()
    again = {**darcy, "given_name": "D’Arcy", "family_name": "O’Brien"}
    response = c.post(reverse("people:add_person"), again)
    html = unescape(response.content.decode())
    assert response.status_code == 400
    assert "There may already be a record for this person" in html
    assert 'href="#id_different_person"' in html
    assert "born 30 June 1963" in html.replace("Born", "born")
    assert reverse("people:show_person", kwargs={"person_id": first.pk}) in html
    assert 'value="D’Arcy"' in html
    assert Person.objects.count() == 1
    assert AccessEvent.objects.filter(
        person=first, action=Action.SEARCH, what="possible duplicate"
    ).exists()
    confirmed = {**again, "different_person": "on"}
    assert c.post(reverse("people:add_person"), confirmed).status_code == 302
    assert Person.objects.count() == 2


def test_it_finds_a_person_typed_with_a_curly_apostrophe_and_an_age(
    signed_in: Callable[[str], Any], make_person: Callable[..., Person]
) -> None:
    make_person(given_name="Siobhan", family_name="O'Brien", nhs_number="")
    c = signed_in("clinician")
    for typed in ("O’Brien", "OBrien", "o brien"):
        html = unescape(
            c.get(
                reverse("people:find_person"), {"family_name": typed, "age": "34"}
            ).content.decode()
        )
        assert "1 person found" in html, typed
        assert "Sam O'Brien" in html
        assert "Born 12 April 1991 (age" in html


def test_a_placeholder_nhs_number_is_refused_with_a_way_out(
    signed_in: Callable[[str], Any], person: Person
) -> None:
    c = signed_in("clinician")
    for url in (
        reverse("people:add_person"),
        reverse("people:update_person", kwargs={"person_id": person.pk}),
    ):
        data = {**GOOD_FORM, "nhs_number": "999 999 9999", "version": person.version}
        html = unescape(c.post(url, data).content.decode())
        assert "This is not a real NHS number" in html
        assert "leave it blank if you don't know it" in html
        assert "Another person already has this NHS number" not in html
    html = unescape(
        c.get(
            reverse("people:find_person"), {"nhs_number": "9999999999"}
        ).content.decode()
    )
    assert "This is not a real NHS number" in html


def test_break_glass_says_who_the_record_belongs_to(
    signed_in: Callable[[str], Any], person: Person
) -> None:
    glass = reverse("people:break_glass", kwargs={"person_id": person.pk})
    html = unescape(signed_in("outsider").get(glass).content.decode())
    assert "Sam Reid, born 12 April 1991, NHS number 943 476 5919." in html


def conflict_rows(html: str) -> list[list[str]]:
    """The body rows of the "What is different" table, each as its cells' text
    without the headings repeated for small screens."""
    table = html[html.index("What is different") : html.index("</table>")]
    table = re.sub(
        r'<span class="nhsuk-table-responsive__heading"[^>]*>.*?</span>', "", table
    )
    body = table[table.index("<tbody") :]
    return [
        [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]
        for cells in (
            re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
        )
    ]
