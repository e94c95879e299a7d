"""`core.prepared`: a read compiled once per connection answers from the
database every time, with values converted as the ORM converts them."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connections
from django.db.models import CharField, DateTimeField, UUIDField

from coassess.accounts import services as account_services
from coassess.accounts.models import Team
from coassess.core.prepared import Prepared, columns, instances

pytestmark = pytest.mark.django_db

BY_SITE = Prepared(
    lambda site: Team.objects.filter(site=site).values_list(*columns(Team)),
    CharField(),
)
SINCE = Prepared(
    lambda site, since: Team.objects.filter(
        site=site, created_at__gt=since
    ).values_list("pk", "name", "created_at"),
    CharField(),
    DateTimeField(),
)


def make(name: str, site: str) -> Team:
    return account_services.create_team(name=name, site=site)


def test_rows_are_read_now_and_converted_as_the_orm_does() -> None:
    assert BY_SITE.rows("Northgate (fictional)") == []
    first = make("North Liaison", "Northgate (fictional)")
    # The same compiled read sees a row added after it was compiled.
    (row,) = BY_SITE.rows("Northgate (fictional)")
    assert row == Team.objects.filter(pk=first.pk).values_list(*columns(Team)).get()
    assert isinstance(row[0], uuid.UUID) and row[0] == first.pk
    make("North Two", "Northgate (fictional)")
    make("South Liaison", "Southgate (fictional)")
    names = {t.name for t in instances(Team, BY_SITE.rows("Northgate (fictional)"))}
    assert names == {"North Liaison", "North Two"}
    (south,) = instances(Team, BY_SITE.rows("Southgate (fictional)"))
    assert south == Team.objects.get(name="South Liaison")
    assert south.ed_response_minutes == 60


def test_every_argument_is_sent_in_its_place() -> None:
    team = make("East Liaison", "Eastgate (fictional)")
    before = team.created_at - dt.timedelta(seconds=1)
    assert SINCE.rows("Eastgate (fictional)", before) == [
        (team.pk, "East Liaison", team.created_at)
    ]
    assert SINCE.rows("Eastgate (fictional)", team.created_at) == []
    assert SINCE.rows("Westgate (fictional)", before) == []


def test_the_sql_is_compiled_once_per_connection() -> None:
    make("Mid Liaison", "Midgate (fictional)")
    BY_SITE.rows("Midgate (fictional)")
    kept = BY_SITE._compiled[connections["default"]]
    BY_SITE.rows("Elsewhere (fictional)")
    assert BY_SITE._compiled[connections["default"]] is kept
    assert "%s" in kept.sql and "Midgate" not in kept.sql


def test_an_argument_the_query_does_not_use_is_refused() -> None:
    unused = Prepared(lambda site: Team.objects.values_list("name"), CharField())
    with pytest.raises(ValueError, match="do not appear"):
        unused.rows("Anywhere (fictional)")


def test_a_uuid_argument() -> None:
    team = make("Uuid Liaison", "Uuidgate (fictional)")
    by_id = Prepared(
        lambda pk: Team.objects.filter(pk=pk).values_list("name"), UUIDField()
    )
    assert by_id.rows(team.pk) == [("Uuid Liaison",)]
    assert by_id.rows(uuid.uuid4()) == []
