"""Access-log data written through the app into a real database, for
tests/accesslog/test_real_database.py (whatever DATABASE_URL names, never the
test database).

    python -m tests.accesslog.log_worker setup    # two teams, staff, a person,
                                                  # a grant with a review
    python -m tests.accesslog.log_worker log N [READY GO]
                                                  # N more events, each in a
                                                  # transaction of its own

With READY and GO, `log` puts a file in the folder READY once Django is set up
and its connection open, then waits for the file GO to appear before writing,
so that several workers write at the same moment.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def setup() -> None:
    import datetime as dt

    from coassess.accesslog import services
    from coassess.accounts import services as accounts
    from coassess.accounts.models import Role
    from coassess.people import services as people
    from coassess.people.access import break_glass

    ours = accounts.create_team(name="Our team", site="Ours (fictional)")
    theirs = accounts.create_team(name="Their team", site="Theirs (fictional)")
    staff = {
        name: accounts.create_staff_user(
            username=name, password="migration-test-horse", team=team, role=role
        )
        for name, team, role in [
            ("clinician", ours, Role.CLINICIAN),
            ("lead", ours, Role.TEAM_LEAD),
            ("outsider", theirs, Role.CLINICIAN),
        ]
    }
    person = people.register_person(
        actor=staff["outsider"],
        data={
            "given_name": "Chen",
            "family_name": "Li",
            "date_of_birth": dt.date(1990, 1, 2),
        },
    )
    grant = break_glass(user=staff["clinician"], person=person, reason="In ED")
    services.review_grant(reviewer=staff["lead"], grant=grant, note="Fine")


def log(count: int, ready: str = "", go: str = "") -> None:
    from django.db import connection

    from coassess.accesslog.models import Action
    from coassess.accesslog.services import record_access

    connection.ensure_connection()
    if ready:
        (Path(ready) / str(os.getpid())).touch()
        deadline = time.monotonic() + 120
        while not Path(go).exists() and time.monotonic() < deadline:
            time.sleep(0.005)
    for n in range(count):
        record_access(None, None, Action.VIEW, f"worker {os.getpid()}", n)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coassess.config.settings")
    import django

    django.setup()
    if sys.argv[1] == "setup":
        setup()
    else:
        log(int(sys.argv[2]), *sys.argv[3:5])


if __name__ == "__main__":
    main()
