"""The sharing tables are append-only in the database, like the access log.

A choice, a disclosure without consent, a safeguarding hold, its reviews and
its lift are each a new row; nothing rewrites one (hazard H34: what was shared,
when and on whose word must stay provable). Installed by the people migration
that made the tables, and kept in place by `coassess.core.triggers`.
"""

from __future__ import annotations

from coassess.core.triggers import append_only

CHOICES = append_only(
    "people_sharingchoice",
    prefix="sharingchoice",
    message="sharing choices are append-only",
    keys=("id", ("supporter_id", "category", "number")),
)
DISCLOSURES = append_only(
    "people_disclosure",
    prefix="disclosure",
    message="disclosures are append-only",
)
HOLDS = append_only(
    "people_safeguardinghold",
    prefix="safeguardinghold",
    message="safeguarding holds are append-only",
)
REVIEWS = append_only(
    "people_holdreview",
    prefix="holdreview",
    message="hold reviews are append-only",
)
LIFTS = append_only(
    "people_holdlift",
    prefix="holdlift",
    message="hold lifts are append-only",
    keys=("id", "hold_id"),
)
TRIGGER_SETS = (CHOICES, DISCLOSURES, HOLDS, REVIEWS, LIFTS)
