"""The peer-led research export: small counts withheld, including the ones a
total minus the others would give away; nothing that identifies anyone; its
data dictionary matches it; it is logged; an empty period is said plainly."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from coassess.accesslog.models import AccessEvent, Action
from coassess.accounts.models import User
from coassess.assessments import services as assessment_services
from coassess.assessments.models import ParticipantKind
from coassess.coproduction.export import COLUMNS, suppress
from tests.coproduction.helpers import make_assessment

CSV = reverse("coproduction:export_csv")
DESCRIPTOR = reverse("coproduction:export_descriptor")
PAGE = reverse("coproduction:export_page")


def test_a_single_small_count_takes_the_next_smallest_with_it() -> None:
    # 3 alone would be 25 - 10 - 12: so 10 goes too.
    assert suppress([3, 10, 12], 25, 5) == [None, None, 12]


def test_a_zero_is_withheld_with_its_complement() -> None:
    assert suppress([0, 20, 7], 27, 5) == [None, 20, None]


def test_small_counts_that_together_are_still_small_take_more_with_them() -> None:
    # 2 + 2 = 4 would still be worked out as below 5: the 30 goes too.
    assert suppress([2, 2, 30], 34, 5) == [None, None, None]
    assert suppress([2, 2, 30, 40], 74, 5) == [None, None, None, 40]


def test_nothing_is_withheld_when_nothing_is_small() -> None:
    assert suppress([5, 6, 7], 18, 5) == [5, 6, 7]


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=2, max_size=7))
def test_no_withheld_count_can_be_worked_out(counts: list[int]) -> None:
    shown = suppress(counts, sum(counts), 5)
    withheld = [c for c, s in zip(counts, shown, strict=True) if s is None]
    assert all(s is None or s >= 5 for s in shown)
    assert all(s is None or s == c for c, s in zip(counts, shown, strict=True))
    if withheld:
        # Never one alone (a total minus the others), never a pair or more
        # that add up to a small number, unless everything is withheld.
        assert len(withheld) >= 2 or len(counts) == 1
        assert sum(withheld) >= 5 or len(withheld) == len(counts)


def test_the_counts_must_add_up() -> None:
    with pytest.raises(ValueError):
        suppress([1, 2], 4, 5)


@pytest.fixture
def six(clinician: User) -> list[Any]:
    """Six ED assessments (five seen in time, one late) and two from wards."""
    made = [
        make_assessment(clinician, n, source="ed", wait_minutes=200 if n == 6 else 20)
        for n in range(1, 7)
    ]
    made += [make_assessment(clinician, n, source="ward") for n in (7, 8)]
    person = made[0].participants.get(kind=ParticipantKind.PERSON)
    assessment_services.add_contribution(
        actor=clinician,
        assessment=made[0],
        section="account",
        voice=person,
        text="A very private sentence nobody else should read.",
        own_words=True,
    )
    return made


def exported(client: Any, **params: str) -> tuple[Any, list[dict[str, str]]]:
    response = client.get(CSV, params)
    assert response.status_code == 200, response.content[:500]
    assert response.streaming
    text = b"".join(response.streaming_content).decode()
    return response, list(csv.DictReader(io.StringIO(text)))


def test_the_export_withholds_small_groups_and_small_counts(
    signed_in: Callable[[str], Any], six: list[Any]
) -> None:
    response, rows = exported(signed_in("lead"))
    assert tuple(rows[0]) == COLUMNS
    assert response["Content-Disposition"].startswith("attachment")
    ed = [r for r in rows if r["source"] == "ed"]
    ward = [r for r in rows if r["source"] == "ward"]
    size = next(r for r in ed if r["measure"] == "assessments")
    assert size["count"] == "6"
    # Two ward assessments: a group below 5, withheld whole.
    assert ward and all(r["count"] == "" and r["withheld"] == "yes" for r in ward)
    # In time 5, late 1, cannot tell 0: the 1 and the 0 are withheld, and as
    # they add up to less than 5, so is the 5 (else 6 - 5 would give them away).
    within = {r["answer"]: r["count"] for r in ed if r["measure"] == "within_standard"}
    assert within == {"yes": "", "no": "", "cannot_tell": ""}
    # Nobody had a supporter: 0 yes and 6 no, so the 0 takes the 6 with it.
    supporters = {
        r["answer"]: r["count"] for r in ed if r["measure"] == "supporters_took_part"
    }
    assert supporters == {"yes": "", "no": "", "cannot_tell": ""}
    # Every one was seen: 6 yes shows, 0 no and 0 cannot tell are withheld
    # together (the pair adds up to less than 5, so 6 goes too).
    heard = {r["answer"]: r["count"] for r in ed if r["measure"] == "person_heard"}
    assert heard["no"] == "" and heard["cannot_tell"] == ""
    for measure in {r["measure"] for r in ed} - {"assessments"}:
        counts = [r["count"] for r in ed if r["measure"] == measure]
        shown = [int(c) for c in counts if c]
        assert all(c >= 5 for c in shown)
        assert counts.count("") != 1, measure  # never one alone
    # No totals across months or sources that would undo the withholding.
    assert {r["source"] for r in rows} <= {"ed", "ward", "other"}


def test_nothing_in_the_export_identifies_anyone(
    signed_in: Callable[[str], Any], six: list[Any]
) -> None:
    _, rows = exported(signed_in("lead"))
    text = json.dumps(rows)
    for a in six:
        person = a.person
        for secret in (
            person.given_name,
            person.family_name,
            person.nhs_number,
            str(person.pk),
            str(a.pk),
            str(a.referral.pk),
            str(a.team.pk),
            a.referral.reason,
            a.referral.referrer_name,
            a.who_they_want_present,
        ):
            assert secret and secret not in text, secret
        assert (
            str(person.birth_year) not in text
            if hasattr(person, "birth_year")
            else True
        )
    assert "private sentence" not in text
    assert "Alex" not in text and "Testperson" not in text
    # Dates only as months; no uuids at all.
    for row in rows:
        assert re.fullmatch(r"\d{4}-\d{2}", row["month"])
    assert not re.search(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}", text)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)


def test_making_the_export_is_logged(
    signed_in: Callable[[str], Any], six: list[Any], users: dict[str, User]
) -> None:
    exported(signed_in("coproduction"), source="ed")
    event = AccessEvent.objects.get(what__startswith="co-production research export")
    assert event.action == Action.CREATE
    assert event.actor == users["coproduction"]
    assert event.person_id is None
    assert event.what.endswith(", ed")
    assert event.object_id == str(six[0].team_id)


def test_the_data_dictionary_describes_every_column(
    signed_in: Callable[[str], Any], six: list[Any]
) -> None:
    response = signed_in("lead").get(DESCRIPTOR)
    assert response.status_code == 200
    package = json.loads(response.content)
    assert package["profile"] == "tabular-data-package"
    resource = package["resources"][0]
    assert resource["path"] == "coproduction-measures.csv"
    names = [f["name"] for f in resource["schema"]["fields"]]
    assert tuple(names) == COLUMNS
    _, rows = exported(signed_in("lead"))
    enums = {
        f["name"]: f.get("constraints", {}).get("enum")
        for f in resource["schema"]["fields"]
    }
    assert {r["measure"] for r in rows} <= set(enums["measure"])
    assert {r["answer"] for r in rows} <= set(enums["answer"])


def test_an_empty_period_is_said_plainly(
    signed_in: Callable[[str], Any], users: dict[str, User]
) -> None:
    client = signed_in("lead")
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "Nothing to export" in page.content.decode()
    download = client.get(CSV)
    assert download.status_code == 400
    assert not getattr(download, "streaming", False)
    assert "Nothing to export" in download.content.decode()
    assert not AccessEvent.objects.filter(
        what__startswith="co-production research"
    ).exists()


def test_only_leads_and_coproduction_members_may_export(
    signed_in: Callable[[str], Any], six: list[Any]
) -> None:
    for persona in ("clinician", "peer", "admin", "outsider"):
        assert signed_in(persona).get(CSV).status_code == 403
