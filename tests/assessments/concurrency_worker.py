"""A worker process for tests/assessments/test_concurrency.py.

    python -m tests.assessments.concurrency_worker setup [--contributions N]
    python -m tests.assessments.concurrency_worker write --base ID --text TEXT \
        [--retry] [--ready DIR] [--go FILE]

Both run against whatever DATABASE_URL names (a real, migrated database, never
the test database). `setup` makes a team, a clinician, a person, a referral and
an assessment through the real services, adds N contributions, and prints their
ids as JSON. `write` loads everything it needs, says it is ready (a file in
--ready), waits for the start signal (the --go file), then tries once to save
its text as a new version of --base, or with --retry keeps trying from the
newest version until saved. It prints one JSON line: {"result": "saved", ...},
{"result": "conflict", ...} or {"result": "error", ...}.

A watchdog ends the process if it is still running after --deadline seconds,
so a stuck writer never hangs the test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import faulthandler
import json
import os
import random
import sys
import time
import traceback
from pathlib import Path
from typing import Any

PASSWORD = "concurrency-test-horse-battery"


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coassess.config.settings")
    import django

    django.setup()


def _emit(payload: dict[str, Any]) -> None:
    print(json.dumps(payload), flush=True)


def setup(contributions: int) -> dict[str, Any]:
    from django.utils import timezone

    from coassess.accounts import services as account_services
    from coassess.accounts.models import Role
    from coassess.assessments import services
    from coassess.assessments.models import Participant, ParticipantKind
    from coassess.people import services as people_services
    from coassess.referrals.services import record_referral

    team = account_services.create_team(
        name="Concurrency Liaison Team", site="Test General (fictional)"
    )
    clinician = account_services.create_staff_user(
        username="concurrent-clinician",
        password=PASSWORD,
        team=team,
        role=Role.CLINICIAN,
        first_name="Connie",
        last_name="Current",
    )
    person = people_services.register_person(
        actor=clinician,
        data={
            "given_name": "Samantha",
            "family_name": "Reid",
            "preferred_name": "Sam",
            "pronouns": "she/her",
            "date_of_birth": dt.date(1991, 4, 12),
            "nhs_number": "9434765919",
            "communication_needs": "",
            "preferred_language": "English",
            "interpreter_needed": False,
        },
    )
    referral = record_referral(
        actor=clinician,
        person=person,
        data={
            "source": "ed",
            "department": "Emergency department",
            "bed": "Majors 4",
            "referrer_name": "Dr A. Example",
            "referrer_contact": "bleep 1234",
            "reason": "Low mood",
            "urgency": "emergency",
            "received_at": timezone.now() - dt.timedelta(minutes=40),
        },
    )
    assessment = services.start_assessment(actor=clinician, referral=referral)
    voice = Participant.objects.get(assessment=assessment, kind=ParticipantKind.PERSON)
    ids = [
        services.add_contribution(
            actor=clinician,
            assessment=assessment,
            section="account",
            voice=voice,
            text=f"The original words ({n + 1}).",
            own_words=True,
        ).pk
        for n in range(contributions)
    ]
    return {
        "team": str(team.pk),
        "clinician": str(clinician.pk),
        "person": str(person.pk),
        "referral": str(referral.pk),
        "assessment": str(assessment.pk),
        "contributions": [str(pk) for pk in ids],
    }


def _wait_for(go: Path, deadline: float) -> None:
    while not go.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"the start signal {go} never came")
        time.sleep(0.005)


def write(args: argparse.Namespace, deadline: float) -> dict[str, Any]:
    from django.db import connection

    from coassess.assessments import services
    from coassess.assessments.models import Contribution
    from coassess.core.exceptions import VersionConflict

    # Everything slow happens before the start signal, so that the writes
    # themselves start together: Django is set up, the connection is open, and
    # the base version and the actor are loaded.
    base = Contribution.objects.select_related("scribe", "assessment").get(pk=args.base)
    actor = base.scribe
    connection.ensure_connection()
    if args.ready:
        (Path(args.ready) / str(os.getpid())).touch()
    if args.go:
        _wait_for(Path(args.go), deadline)

    started = time.monotonic()
    tries = 0
    while True:
        tries += 1
        try:
            saved = services.revise_contribution(actor=actor, base=base, text=args.text)
        except VersionConflict as exc:
            current = exc.current
            if not args.retry:
                return {
                    "result": "conflict",
                    "current_id": str(current.pk),
                    "current_text": current.text,
                    "tries": tries,
                    "seconds": round(time.monotonic() - started, 3),
                }
            if tries >= args.max_tries:
                return {
                    "result": "error",
                    "message": f"still conflicting after {tries} tries",
                    "tries": tries,
                }
            base = current
            time.sleep(random.uniform(0, 0.01))
            continue
        return {
            "result": "saved",
            "id": str(saved.pk),
            "version_number": saved.version_number,
            "tries": tries,
            "seconds": round(time.monotonic() - started, 3),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--deadline", type=float, default=60.0, help="seconds before giving up"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("setup")
    make.add_argument("--contributions", type=int, default=1)
    save = commands.add_parser("write")
    save.add_argument("--base", required=True)
    save.add_argument("--text", required=True)
    save.add_argument("--retry", action="store_true")
    save.add_argument("--max-tries", type=int, default=50)
    save.add_argument("--ready", help="folder to put a file in once ready")
    save.add_argument("--go", help="file whose appearance starts the write")
    args = parser.parse_args(argv)

    # The watchdog: dump every thread's stack and exit if still running.
    faulthandler.dump_traceback_later(args.deadline, exit=True)
    deadline = time.monotonic() + args.deadline * 0.9
    try:
        _django()
        if args.command == "setup":
            _emit(setup(args.contributions))
        else:
            _emit(write(args, deadline))
    except Exception as exc:
        traceback.print_exc(file=sys.stderr)
        _emit({"result": "error", "message": f"{type(exc).__name__}: {exc}"})
        return 1
    finally:
        faulthandler.cancel_dump_traceback_later()
    return 0


if __name__ == "__main__":
    sys.exit(main())
