"""Access codes from the assessment: staff see who holds codes and whose
session is active, and issue (shown once, with a QR code and a card to
print), extend and revoke them; each read and change is logged, and the
code's text is never kept."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
import segno
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from coassess.accesslog.models import AccessEvent, Action
from coassess.accounts.models import User
from coassess.assessments.models import Assessment
from coassess.assessments.services import start_assessment
from coassess.people import codes
from coassess.people.birth import Birth
from coassess.people.code_services import issue_code, sign_in_with_code
from coassess.people.models import AccessCode, Person
from coassess.people.services import add_supporter
from coassess.referrals.services import record_referral

pytestmark = pytest.mark.django_db

CODE_ON_PAGE = re.compile(
    r"coassess-code-card__code\">.*?</span>([A-Z0-9]{5}-[A-Z0-9]{5})<"
)


def _url(name: str, assessment: Assessment, **more: Any) -> str:
    return reverse(
        f"assessments:{name}", kwargs={"assessment_id": assessment.pk, **more}
    )


def _issue_form(**changes: str) -> dict[str, str]:
    return {"whom": "person", "known": "date_of_birth", "lasts": "12h", **changes}


def _shown_code(html: str) -> str:
    found = CODE_ON_PAGE.search(html)
    assert found, "no code on the page"
    return found.group(1)


def test_issuing_shows_the_code_once_with_a_qr_code_and_keeps_only_hashes(
    signed_in: Callable[[str], Any], assessment: Assessment, person: Person
) -> None:
    browser = signed_in("clinician")
    page = browser.post(_url("issue_code", assessment), _issue_form())
    assert page.status_code == 200
    html = page.content.decode()
    shown = _shown_code(html)
    assert 'src="data:image/svg+xml' in html and "QR code" in html
    assert "http://127.0.0.1/my/" in html
    assert "You will also be asked for your date of birth." in html
    # The date of birth itself is not printed on the card.
    assert "1991" not in html.split("coassess-code-card")[1].split("</section>")[0]
    code = AccessCode.objects.get()
    assert code.code_digest == codes.code_digest(shown)
    assert sign_in_with_code(shown, "12/4/1991", address="192.0.2.1") == code
    # The code's text is nowhere in the database, the log, or the list page.
    text = codes.normalise_code(shown)
    with connection.cursor() as cursor:
        for table in ("people_accesscode", "accesslog_accessevent", "django_session"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (our own names)
            rows = " ".join(str(v) for row in cursor.fetchall() for v in row)
            assert text not in rows and shown not in rows
    listing = browser.get(_url("code_list", assessment)).content.decode()
    assert text not in listing and shown not in listing
    assert "Sam (their own code)" in listing and "Works until" in listing
    created = AccessEvent.objects.get(action=Action.CREATE, what="access code")
    assert created.actor is not None and created.actor.username == "clinician"


def test_the_qr_codes_link_fills_in_the_code_on_the_sign_in_page(
    signed_in: Callable[[str], Any], assessment: Assessment, client: Any
) -> None:
    html = (
        signed_in("clinician")
        .post(_url("issue_code", assessment), _issue_form())
        .content.decode()
    )
    shown = _shown_code(html)
    link = f"/my/?code={codes.normalise_code(shown)}"
    # The QR code holds exactly the sign-in link with the code in it.
    qr = segno.make(f"http://127.0.0.1{link}", error="m").svg_data_uri(scale=5)
    assert f'src="{escape(qr)}"' in html
    page = client.get(link).content.decode()
    assert f'value="{shown}"' in page
    # The answer is still asked for, and empty.
    answer = re.search(r'<input[^>]*name="answer"[^>]*>', page)
    assert answer is not None and 'value=""' in answer.group(0)
    # A link with something that cannot be a code fills in nothing.
    odd = client.get("/my/?code=O0O0O-I1I1I").content.decode()
    box = re.search(r'<input[^>]*name="code"[^>]*>', odd)
    assert box is not None and 'value=""' in box.group(0)


def test_a_supporter_code_needs_the_last_4_numbers_of_the_phone_we_hold(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    person: Person,
    clinician: User,
) -> None:
    mum = add_supporter(
        actor=clinician,
        person=person,
        data={"name": "Maggie Reid", "relationship": "mum", "phone": "07700 900101"},
    )
    browser = signed_in("clinician")
    form = _issue_form(whom=str(mum.pk), known="phone_digits", phone_digits="0199")
    wrong = browser.post(_url("issue_code", assessment), form)
    assert wrong.status_code == 400
    assert "does not end in 0199" in wrong.content.decode()
    assert 'value="0199"' in wrong.content.decode()  # what was typed is kept
    form["phone_digits"] = "0101"
    page = browser.post(_url("issue_code", assessment), form)
    assert page.status_code == 200
    assert "the last 4 numbers of your phone" in page.content.decode()
    code = AccessCode.objects.get()
    assert code.supporter == mum and code.known_kind == "phone_digits"
    assert sign_in_with_code(_shown_code(page.content.decode()), "0101", address="x")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"known": "word", "word": "abc"}, "at least 4 letters"),
        ({"known": "phone_digits"}, "Phone numbers are for a supporter"),
        ({"lasts": ""}, "Choose how long the code lasts."),
        ({"whom": ""}, "Choose who the code is for."),
        ({"lasts": "date"}, "Enter the last day"),
    ],
)
def test_the_issue_form_says_what_is_missing(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    changes: dict[str, str],
    message: str,
) -> None:
    page = signed_in("clinician").post(
        _url("issue_code", assessment), _issue_form(**changes)
    )
    assert page.status_code == 400
    assert message in page.content.decode()
    assert not AccessCode.objects.exists()


def test_a_code_can_last_until_a_chosen_day_but_not_past_30_days(
    signed_in: Callable[[str], Any], assessment: Assessment
) -> None:
    now = timezone.now()
    browser = signed_in("clinician")
    with time_machine.travel(now, tick=False):
        far = timezone.localdate() + dt.timedelta(days=30)
        too_far = _issue_form(
            lasts="date",
            until_day=str(far.day),
            until_month=str(far.month),
            until_year=str(far.year),
        )
        page = browser.post(_url("issue_code", assessment), too_far)
        assert page.status_code == 400
        assert "A code can last 30 days at most. Choose" in page.content.decode()
        day = timezone.localdate() + dt.timedelta(days=10)
        fine = {**too_far, "until_day": str(day.day), "until_month": str(day.month)}
        fine["until_year"] = str(day.year)
        assert browser.post(_url("issue_code", assessment), fine).status_code == 200
    expires = timezone.localtime(AccessCode.objects.get().expires_at)
    assert (expires.date(), expires.hour, expires.minute) == (day, 23, 59)


def _code_for(clinician: User, assessment: Assessment) -> tuple[AccessCode, str]:
    code, made = issue_code(
        actor=clinician,
        person=assessment.person,
        team=assessment.team,
        supporter=None,
        known_kind=codes.Known.WORD,
        known_answer="lighthouse",
    )
    return code, made.text


def test_extending_a_code_from_the_page(
    signed_in: Callable[[str], Any], assessment: Assessment, clinician: User
) -> None:
    code, _ = _code_for(clinician, assessment)
    browser = signed_in("clinician")
    url = _url("extend_code", assessment, code_id=code.pk)
    assert "Make a code last longer" in browser.get(url).content.decode()
    answer = browser.post(url, {"lasts": "7d"})
    assert answer.status_code == 302
    code.refresh_from_db()
    left = code.expires_at - timezone.now()
    assert dt.timedelta(days=6, hours=23) < left <= dt.timedelta(days=7)
    shorter = browser.post(url, {"lasts": "12h"})
    assert shorter.status_code == 400
    assert "not later than the code lasts now" in shorter.content.decode()


def test_revoking_asks_first_and_then_ends_the_code_and_its_session(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    clinician: User,
    client: Any,
) -> None:
    code, text = _code_for(clinician, assessment)
    client.post(reverse("portal:sign_in"), {"code": text, "answer": "Lighthouse"})
    assert client.get(reverse("portal:home")).status_code == 200
    listing = signed_in("clinician").get(_url("code_list", assessment))
    assert "Signed in now</strong>" in listing.content.decode()
    browser = signed_in("lead")
    url = _url("revoke_code", assessment, code_id=code.pk)
    confirm = browser.get(url).content.decode()
    assert "The code stops working at once" in confirm
    assert browser.post(url).status_code == 302
    code.refresh_from_db()
    assert code.revoked_at is not None and code.revoked_by is not None
    assert client.get(reverse("portal:home"))["Location"] == reverse("portal:sign_in")
    after = browser.get(_url("code_list", assessment)).content.decode()
    assert "Revoked by Lead Tester" in after and "Signed in now</strong>" not in after
    assert "nothing to revoke" in browser.get(url).content.decode()


def test_a_locked_code_is_shown_as_locked_and_not_offered_to_unlock(
    signed_in: Callable[[str], Any], assessment: Assessment, clinician: User
) -> None:
    code, text = _code_for(clinician, assessment)
    for _ in range(5):
        with pytest.raises(Exception, match="could not sign you in"):
            sign_in_with_code(text, "wrong word", address="192.0.2.9")
    page = signed_in("clinician").get(_url("code_list", assessment)).content.decode()
    assert "Locked after 5 wrong answers" in page
    assert "cannot be unlocked" in page and "give them a new code" in page
    assert "Unlock" not in page


def test_each_read_of_the_codes_is_logged(
    signed_in: Callable[[str], Any], assessment: Assessment
) -> None:
    signed_in("peer").get(_url("code_list", assessment))
    event = AccessEvent.objects.filter(action=Action.VIEW, what="code list").get()
    assert event.person_id == assessment.person_id
    assert event.actor is not None and event.actor.username == "peer"


def test_another_teams_code_is_not_found_from_this_assessment(
    signed_in: Callable[[str], Any],
    assessment: Assessment,
    users: dict[str, User],
    person: Person,
) -> None:
    outsider = users["outsider"]
    membership = outsider.membership
    assert membership is not None
    theirs, _ = issue_code(
        actor=outsider,
        person=person,
        team=membership.team,
        supporter=None,
        known_kind=codes.Known.WORD,
        known_answer="harbour",
    )
    browser = signed_in("clinician")
    url = _url("revoke_code", assessment, code_id=theirs.pk)
    assert browser.get(url).status_code == 404
    assert browser.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    listing = browser.get(_url("code_list", assessment)).content.decode()
    assert "No codes have been given" in listing


def test_without_a_whole_date_of_birth_the_person_agrees_a_word(
    signed_in: Callable[[str], Any],
    clinician: User,
    make_person: Callable[..., Person],
) -> None:
    wulan = make_person(
        given_name="Wulan",
        family_name="",
        preferred_name="",
        nhs_number="",
        date_of_birth=None,
        birth=Birth.about(34, timezone.localdate()),
    )
    referral = record_referral(
        actor=clinician,
        person=wulan,
        data={
            "source": "ed",
            "referrer_name": "ED nurse",
            "reason": "Distressed",
            "urgency": "emergency",
            "received_at": timezone.now() - dt.timedelta(minutes=30),
        },
    )
    assessment = start_assessment(actor=clinician, referral=referral)
    browser = signed_in("clinician")
    form = browser.get(_url("issue_code", assessment)).content.decode()
    assert 'value="date_of_birth"' not in form and 'value="word"' in form
    page = browser.post(
        _url("issue_code", assessment),
        _issue_form(known="word", word="Kopi Susu"),
    )
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "the word you agreed with the team" in page.content.decode()
    shown = _shown_code(page.content.decode())
    assert sign_in_with_code(shown, "kopi susu", address="192.0.2.3").person == wulan
