"""The links the read pages offer to the pages that write (`portal/writing`),
registered once here (`portal.links`), so each read page shows them where
they belong: "I disagree with this" beside each entry, "Give your view"
beside each decision, and the plan's own. The writing pages decide, on each
request, what each viewer may do there."""

from __future__ import annotations

from coassess.plans.person_copy import DECISIONS, PLAN
from coassess.portal.links import Link, offer

OFFERS = (
    Link("assessment", "Add your own words", "portal:your_say", ("assessment_id",)),
    Link(
        "entry",
        "I disagree with this",
        "portal:dispute_entry",
        ("assessment_id", "entry_id"),
    ),
    Link(
        "item",
        "I disagree with this",
        "portal:dispute_item",
        ("assessment_id", "kind", "entry_id"),
    ),
    Link(
        "decision",
        "Give your view",
        "portal:give_position",
        ("assessment_id", "decision_id"),
        for_supporter=True,
        part=DECISIONS,
    ),
    Link(
        "plan",
        "Say if you agree with the plan",
        "portal:confirm_plan",
        ("assessment_id",),
        for_supporter=True,
        part=PLAN,
    ),
    Link(
        "contingency",
        "Write your plan for if things get worse",
        "portal:contingency",
        ("assessment_id",),
    ),
)

for link in OFFERS:
    offer(link)
