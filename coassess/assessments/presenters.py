"""How assessment entries, voices and sections are shown: entries under their
prompts, what a conflict shows side by side, and wording prompts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms

from coassess.accesslog.queries import last_looked
from coassess.accounts.models import User
from coassess.assessments.models import (
    DISPUTED_KINDS,
    Assessment,
    CapacityAssessment,
    Contribution,
    Corroboration,
    ImmediateConcern,
    KnownSource,
    Status,
    Versioned,
)
from coassess.assessments.parts import registered_parts
from coassess.assessments.queries import (
    AssessmentView,
    Entry,
    Structured,
    from_own_device,
)
from coassess.assessments.sections import (
    SECTIONS,
    Kind,
    Prompt,
    Section,
    section_for_prompt,
)
from coassess.core.exceptions import VersionConflict
from coassess.core.presenters import local_datetime
from coassess.language.checker import check
from coassess.language.presenters import present_findings
from coassess.language.queries import team_ruleset
from coassess.language.rules import Audience


def when_seen(assessment: Assessment) -> list[str]:
    """When the person was first seen face to face (the time staff gave when
    starting), and when the record was started if that was a different minute:
    ["First seen 30 November 2026 at 03:05.", "Record started ... at 15:29 by
    Amara Okafor."]. One sentence when they are the same minute."""
    seen = assessment.referral.first_seen_at
    by = assessment.started_by.display_name
    started = local_datetime(assessment.started_at)
    if seen is None:
        return [f"Record started {started} by {by}."]
    if abs(assessment.started_at - seen) < dt.timedelta(minutes=1):
        return [f"First seen, and the record started, {started} by {by}."]
    return [
        f"First seen {local_datetime(seen)}.",
        f"Record started {started} by {by}.",
    ]


def assessment_page(assessment: Assessment, **extra: Any) -> dict[str, Any]:
    """What every page in an assessment's layout needs, and `extra`: the parts
    other apps register (`parts`) are listed after the assessment's own;
    `is_open` is False once it is signed, and then no page offers a form to
    add or change anything in it (only disagreements, and the plan's addenda)."""
    return {
        "assessment": assessment,
        "is_open": assessment.status != Status.SIGNED,
        "person": assessment.person,
        "sections": SECTIONS,
        "more_parts": registered_parts(),
        **extra,
    }


@dataclass
class PromptEntries:
    prompt: Prompt
    entries: list[Entry]


@dataclass
class SectionPresenter:
    section: Section
    prompts: list[PromptEntries]

    @property
    def is_empty(self) -> bool:
        return all(not p.entries for p in self.prompts)


def contribution_sections(view: AssessmentView) -> dict[str, SectionPresenter]:
    return {
        s.slug: SectionPresenter(
            s, [PromptEntries(p, view.entries(p.key)) for p in s.prompts]
        )
        for s in SECTIONS
        if s.kind == Kind.CONTRIBUTIONS
    }


def entry_conflict(exc: VersionConflict, form: forms.Form) -> dict[str, Any]:
    """Both versions of an entry, and the fields to carry if the writer keeps
    theirs or merges the two."""
    data = form.cleaned_data
    fields = [
        ("prompt", data["prompt"]),
        ("voice", data["voice"].pk),
        ("withheld_reason", data["withheld_reason"]),
    ]
    if data["own_words"]:
        fields.append(("own_words", "on"))
    return {
        "key": data["prompt"],
        "theirs": exc.current,
        "yours": data["text"],
        "fields": fields,
    }


def concern_conflict(exc: VersionConflict, form: forms.Form) -> dict[str, Any]:
    """Both versions of a concern, and who raised and agreed it as typed."""
    data = form.cleaned_data
    fields = [("raised_by", data["raised_by"].pk)] + [
        ("agreed_by", p.pk) for p in data["agreed_by"]
    ]
    return {"theirs": exc.current, "yours": data["text"], "fields": fields}


def wording_prompts(
    viewer: User, view: AssessmentView, section: Section
) -> dict[Any, Any]:
    """Language prompts for this section's saved entries, by entry id (what
    writers without JavaScript see), against the viewer's team's rules."""
    ruleset = team_ruleset(viewer.membership.team if viewer.membership else None)
    prompts = {}
    for prompt in section.prompts:
        for entry in view.entries(prompt.key):
            found = check(entry.text, Audience.STAFF_RECORD, ruleset)
            if found:
                prompts[entry.pk] = present_findings(
                    found, f"entry-{entry.pk}", entry.text
                )
    return prompts


# The page whose last reading by a member of staff marks what is new to them.
LOOKED_AT = "show assessment"


def new_from_device(
    user: User, assessment: Assessment, view: AssessmentView
) -> dict[str, Any]:
    """What came from a viewer's own device since `user` last opened the
    whole assessment (everything, if they never did): `new_from_device`,
    newest first, and `looked_before`. Marks `view` so its entries and
    disputes from a device since then are shown as new."""
    since = last_looked(user, assessment.person_id, LOOKED_AT, assessment.pk)
    view.highlight = True
    view.new_since = since
    return {
        "new_from_device": from_own_device(assessment, since),
        "looked_before": since is not None,
        "disputed_words": DISPUTED_WORDS,
    }


# What a dispute from a device was about, by its kind (`DisputedKind`).
DISPUTED_WORDS: dict[str, str] = {
    "contribution": "an entry",
    "concern": "an immediate concern",
    "known": "what a source checked before meeting said",
    "corroboration": "what someone else told us",
    "capacity": "a capacity assessment",
}


def structured_words(item: Structured) -> tuple[str, str, str]:
    """A structured entry as the staff dispute page shows it: (what it is,
    what it says, the section's slug), e.g. ("A concern raised by Alex
    Morgan", "Not feeling safe at home.", "concerns")."""
    if isinstance(item, ImmediateConcern):
        return (f"A concern raised by {item.raised_by.name}", item.text, "concerns")
    if isinstance(item, KnownSource):
        what = item.get_source_type_display()
        if item.detail.strip():
            what = f"{what}: {item.detail.strip()}"
        return (f"A source checked: {what}", item.what_it_said, "known")
    if isinstance(item, Corroboration):
        who = f"{item.informant_name} ({item.get_informant_type_display().lower()})"
        return (f"What {who} told us", item.what_they_said, "corroboration")
    assert isinstance(item, CapacityAssessment)
    by = f" by {item.assessed_by.name}" if item.assessed_by else ""
    return (
        f"Capacity assessment{by}: {item.decision}",
        item.get_outcome_display(),
        "capacity",
    )


@dataclass(frozen=True)
class EntryWords:
    """An entry of any kind as staff pages name it away from its section:
    `what` (whose words, or what it is: "What Alex Morgan said", "A concern
    raised by Jo Parker"), `words` (what it says), `slug` (its section) and
    `anchor` (its element's id on the section page: "entry-<uuid>",
    "concern-<uuid>")."""

    what: str
    words: str
    slug: str
    anchor: str


def entry_words(entry: Versioned) -> EntryWords:
    """`entry` (an attributed entry or any structured kind, with the
    participant who voiced it read) as `EntryWords`. Raises TypeError for a
    model that is no kind of entry."""
    if isinstance(entry, Contribution):
        slug = section_for_prompt(entry.section).slug
        return EntryWords(
            f"What {entry.voice.name} said", entry.text, slug, f"entry-{entry.pk}"
        )
    if not isinstance(
        entry, ImmediateConcern | KnownSource | Corroboration | CapacityAssessment
    ):
        raise TypeError(f"{type(entry).__name__} is no kind of entry.")
    what, words, slug = structured_words(entry)
    return EntryWords(
        what, words, slug, f"{DISPUTED_KINDS[type(entry)].value}-{entry.pk}"
    )
