"""The server makes every request id; a load balancer's is kept only from a
trusted address, and beside the server's own, never instead of it."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from coassess.accesslog.models import AccessEvent, Action
from coassess.people.models import Person

OWN_ID = re.compile(r"^[0-9a-f]{32}$")
PROXY = "10.0.0.5"


def open_record(client: Any, person: Person, **headers: str) -> tuple[Any, AccessEvent]:
    response = client.get(
        reverse("people:show_person", kwargs={"person_id": person.pk}), **headers
    )
    assert response.status_code == 200
    event = AccessEvent.objects.filter(person=person, action=Action.VIEW).latest("id")
    return response, event


@pytest.mark.parametrize(
    "chosen",
    [
        "CHOSEN-BY-CLIENT-0001",  # the example that was echoed and stored
        "0" * 32,  # shaped like one of ours
        "a-very-long-but-well-formed-id-" + "x" * 33,  # 64 characters
    ],
)
def test_a_clients_chosen_id_is_neither_echoed_nor_stored(
    signed_in: Callable[[str], Any], person: Person, chosen: str
) -> None:
    response, event = open_record(signed_in("peer"), person, HTTP_X_REQUEST_ID=chosen)
    own = response["X-Request-Id"]
    assert own != chosen and OWN_ID.match(own)
    assert event.request_id == own
    assert event.upstream_request_id == ""


def test_two_requests_sending_the_same_id_get_different_ids(
    signed_in: Callable[[str], Any], person: Person
) -> None:
    client = signed_in("peer")
    first, _ = open_record(client, person, HTTP_X_REQUEST_ID="SAME-ID-EVERY-TIME")
    second, _ = open_record(client, person, HTTP_X_REQUEST_ID="SAME-ID-EVERY-TIME")
    assert first["X-Request-Id"] != second["X-Request-Id"]


def test_a_trusted_proxys_id_is_kept_beside_the_servers_own(
    signed_in: Callable[[str], Any], person: Person, settings: Any
) -> None:
    settings.TRUSTED_PROXY_ADDRESSES = [PROXY]
    response, event = open_record(
        signed_in("peer"), person, REMOTE_ADDR=PROXY, HTTP_X_REQUEST_ID="lb-7f3a-0001"
    )
    assert event.upstream_request_id == "lb-7f3a-0001"
    assert OWN_ID.match(event.request_id)
    assert response["X-Request-Id"] == event.request_id


@pytest.mark.parametrize(
    ("address", "sent"),
    [
        ("127.0.0.1", "lb-7f3a-0001"),  # well formed, but not from the proxy
        ("10.0.0.6", "lb-7f3a-0001"),  # a neighbour of the proxy
        (PROXY, "has spaces in it"),  # from the proxy, but not an id
        (PROXY, "x" * 65),  # too long for the column
        (PROXY, "short"),
    ],
)
def test_an_id_from_elsewhere_or_not_an_id_is_dropped(
    signed_in: Callable[[str], Any],
    person: Person,
    settings: Any,
    address: str,
    sent: str,
) -> None:
    settings.TRUSTED_PROXY_ADDRESSES = [PROXY]
    response, event = open_record(
        signed_in("peer"), person, REMOTE_ADDR=address, HTTP_X_REQUEST_ID=sent
    )
    assert event.upstream_request_id == ""
    assert OWN_ID.match(response["X-Request-Id"])
    assert sent not in response["X-Request-Id"]


def test_no_proxy_is_trusted_unless_configured() -> None:
    assert django_settings.TRUSTED_PROXY_ADDRESSES == []
