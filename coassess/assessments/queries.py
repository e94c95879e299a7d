"""Reading an assessment: everything on one page, in a fixed number of queries.

`load_assessment_view` runs the same queries whether the assessment has six
entries or six hundred (tests/assessments/test_queries.py counts them).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from uuid import UUID

from coassess.accounts import drafts
from coassess.accounts.models import Draft, Team, User, display_name
from coassess.assessments.marks import Marks
from coassess.assessments.models import (
    Assessment,
    CapacityAssessment,
    Contribution,
    Corroboration,
    Dispute,
    DisputedKind,
    ImmediateConcern,
    KnownSource,
    Participant,
    ParticipantKind,
    ParticipantVersion,
    WithheldReason,
)
from coassess.decisions.models import Position
from coassess.people.models import AccessCode

Structured = ImmediateConcern | KnownSource | Corroboration | CapacityAssessment


@dataclass(frozen=True, slots=True)
class Entry:
    """A current entry as pages show it: read as values, not as a model, since a
    page shows dozens (writes always go through `Contribution` and services)."""

    pk: UUID
    lineage: UUID
    section: str
    voice: Participant
    scribe_id: UUID | None  # None: written by the voice on their own device
    scribe_name: str
    text: str
    own_words: bool
    withheld_reason: str
    version_number: int
    created_at: dt.datetime
    via_code_id: UUID | None = None  # the viewer's code, from their own device

    @property
    def from_own_device(self) -> bool:
        return self.via_code_id is not None

    @property
    def voice_id(self) -> UUID:
        return self.voice.pk

    @property
    def withheld(self) -> bool:
        return bool(self.withheld_reason)

    @property
    def withheld_label(self) -> str:
        return WITHHELD_LABELS.get(self.withheld_reason, self.withheld_reason)


WITHHELD_LABELS = dict(WithheldReason.choices)
ENTRY_COLUMNS = (
    "pk",
    "lineage",
    "section",
    "voice_id",
    "scribe_id",
    "scribe__first_name",
    "scribe__last_name",
    "scribe__username",
    "text",
    "own_words",
    "withheld_reason",
    "version_number",
    "created_at",
    "via_code_id",
)


def current_entries(
    assessment: Assessment, by_id: dict[UUID, Participant]
) -> list[Entry]:
    """The assessment's current entries, oldest first, each with its voice (one
    of `by_id`) and the name of who typed it, in one query."""
    rows = (
        Contribution.objects.filter(assessment=assessment, is_current=True)
        .order_by("created_at")
        .values_list(*ENTRY_COLUMNS)
    )
    return [
        Entry(
            pk=pk,
            lineage=lineage,
            section=section,
            voice=by_id[voice_id],
            scribe_id=scribe_id,
            scribe_name=display_name(first, last, username) if scribe_id else "",
            text=text,
            own_words=own_words,
            withheld_reason=withheld,
            version_number=version,
            created_at=created,
            via_code_id=via_code,
        )
        for (
            pk,
            lineage,
            section,
            voice_id,
            scribe_id,
            first,
            last,
            username,
            text,
            own_words,
            withheld,
            version,
            created,
            via_code,
        ) in rows
    ]


@dataclass
class AssessmentView:
    assessment: Assessment
    participants: list[Participant]
    contributions: dict[str, list[Entry]]  # prompt key -> current entries
    disputes: dict[UUID, list[Dispute]]  # lineage -> disputes, oldest first
    versions: dict[UUID, int]  # lineage -> how many versions exist
    concerns: list[ImmediateConcern]
    known_sources: list[KnownSource]
    corroborations: list[Corroboration]
    capacity: list[CapacityAssessment]
    # For a member of staff: mark what came from a viewer's own device after
    # `new_since` (None: they never looked) as new (`highlight` on).
    highlight: bool = False
    new_since: dt.datetime | None = None
    # For a member of staff: what apps above say about each entry
    # (`assessments.marks`: "Sam keeps this from supporters"), and their links.
    marks: Marks = field(default_factory=Marks)

    def is_new(self, created_at: dt.datetime, via_code_id: UUID | None) -> bool:
        """Whether an entry or dispute (its time and code) is new from a
        viewer's device since this member of staff last looked."""
        if not self.highlight or via_code_id is None:
            return False
        return self.new_since is None or created_at > self.new_since

    def entries(self, prompt_key: str) -> list[Entry]:
        return self.contributions.get(prompt_key, [])

    def disputes_for(self, lineage: UUID) -> list[Dispute]:
        return self.disputes.get(lineage, [])

    def has_history(self, lineage: UUID) -> bool:
        return self.versions.get(lineage, 1) > 1


def _sources(
    assessment: Assessment, by_id: dict[UUID, Participant]
) -> tuple[list[KnownSource], list[Corroboration]]:
    """What the team already knew and what other people told us (two queries)."""
    known = list(
        KnownSource.objects.filter(
            assessment=assessment, is_current=True
        ).select_related("scribe")
    )
    corroborations = list(
        Corroboration.objects.filter(
            assessment=assessment, is_current=True
        ).select_related("scribe")
    )
    for item in corroborations:
        if item.voice_id:
            item.voice = by_id[item.voice_id]
    return known, corroborations


def add_sources(view: AssessmentView) -> None:
    """Read what the team already knew and what other people told us into
    `view`, loaded without them (`with_sources=False`), in two queries: for a
    reader that shows them only when someone disagrees with one."""
    by_id = {p.pk: p for p in view.participants}
    view.known_sources, view.corroborations = _sources(view.assessment, by_id)


def disputes_of_sources(view: AssessmentView) -> bool:
    """Whether anyone disagrees with a source checked before meeting or with
    what someone else told us, in `view`."""
    kinds = {DisputedKind.KNOWN, DisputedKind.CORROBORATION}
    return any(d.kind in kinds for found in view.disputes.values() for d in found)


def load_assessment_view(
    assessment: Assessment, *, with_sources: bool = True
) -> AssessmentView:
    """Everything of `assessment` a page shows, read whole (nothing withheld
    is left out: see `visible_to_person`), in a fixed number of queries; the
    participants come with their supporters. `with_sources` False leaves out
    what the team already knew and what other people told us (two queries
    fewer; `known_sources` and `corroborations` empty), for a reader that shows
    neither: the person's copy."""
    participants = list(
        Participant.objects.filter(assessment=assessment).select_related("supporter")
    )
    by_id = {p.pk: p for p in participants}
    contributions: dict[str, list[Entry]] = defaultdict(list)
    current = current_entries(assessment, by_id)
    for c in current:
        contributions[c.section].append(c)
    disputes: dict[UUID, list[Dispute]] = defaultdict(list)
    for d in Dispute.objects.filter(assessment=assessment):
        d.disputer = by_id[d.disputer_id]
        disputes[d.lineage].append(d)
    # Versions are numbered 1, 2, 3... along each lineage, and a new one can only
    # follow the current one (services.supersede), so the current version's
    # number is how many versions there are.
    versions = {c.lineage: c.version_number for c in current}
    concerns = list(
        ImmediateConcern.objects.filter(
            assessment=assessment, is_current=True
        ).prefetch_related("agreed_by")
    )
    for concern in concerns:
        concern.raised_by = by_id[concern.raised_by_id]
    known, corroborations = _sources(assessment, by_id) if with_sources else ([], [])
    capacity = list(
        CapacityAssessment.objects.filter(
            assessment=assessment, is_current=True
        ).select_related("scribe")
    )
    for record in capacity:
        if record.assessed_by_id:
            record.assessed_by = by_id[record.assessed_by_id]
    return AssessmentView(
        assessment=assessment,
        participants=participants,
        contributions=dict(contributions),
        disputes=dict(disputes),
        versions=versions,
        concerns=concerns,
        known_sources=known,
        corroborations=corroborations,
        capacity=capacity,
    )


def viewers_participant(assessment: Assessment, code: AccessCode) -> Participant | None:
    """The participant a viewer's code speaks as in `assessment`: the person's
    own for the person's code; for a supporter's, the participant joined for
    that supporter, or None while they are not taking part."""
    found = Participant.objects.filter(assessment=assessment)
    if code.supporter_id is None:
        return found.filter(kind=ParticipantKind.PERSON).first()
    return found.filter(supporter_id=code.supporter_id).first()


@dataclass(frozen=True)
class FromDevice:
    """Something written from a viewer's own device: its kind ("entry",
    "dispute", "position", "information": a supporter's corroboration), whose
    voice, when, the words, and what it is about (an entry's lineage; a
    dispute's kind of entry, a `DisputedKind` value, as its context type; a
    position's decision, its context type and
    stance)."""

    kind: str
    who: str
    at: dt.datetime
    words: str
    lineage: UUID | None = None
    decision_id: UUID | None = None
    context_type: str = ""
    stance: str = ""


def from_own_device(
    assessment: Assessment, since: dt.datetime | None
) -> list[FromDevice]:
    """Entries, disputes, supporters' information and positions (on its
    decisions and its plan's actions) written in `assessment` from a
    viewer's own device after `since` (all of them if None), newest first,
    in four queries."""
    after = {} if since is None else {"created_at__gt": since}
    entries = Contribution.objects.filter(
        assessment=assessment, via_code__isnull=False, **after
    ).select_related("voice")
    disputes = Dispute.objects.filter(
        assessment=assessment, via_code__isnull=False, **after
    ).select_related("disputer")
    positions = Position.objects.filter(
        decision__context_type__in=["assessment", "plan"],
        decision__context_id=assessment.pk,
        via_code__isnull=False,
        **after,
    ).select_related("decision", "option")
    told = Corroboration.objects.filter(
        assessment=assessment, via_code__isnull=False, **after
    )
    found = [
        FromDevice("entry", e.voice.name, e.created_at, e.text, lineage=e.lineage)
        for e in entries
    ]
    found += [
        FromDevice("information", c.informant_name, c.created_at, c.what_they_said)
        for c in told
    ]
    found += [
        FromDevice(
            "dispute",
            d.disputer.name,
            d.created_at,
            d.account,
            d.lineage,
            context_type=d.kind,
        )
        for d in disputes
    ]
    found += [
        FromDevice(
            "position",
            p.voice_name,
            p.created_at,
            p.what_matters,
            decision_id=p.decision_id,
            context_type=p.decision.context_type,
            stance=f"{p.get_stance_display()}: {p.option.text}",
        )
        for p in positions
    ]
    return sorted(found, key=lambda f: f.at, reverse=True)


def agreed_concerns(assessment: Assessment) -> list[ImmediateConcern]:
    """The concerns everyone agreed on: the plan must answer each of them."""
    return list(
        ImmediateConcern.objects.filter(
            assessment=assessment, is_current=True, agreed=True
        )
    )


def current_version(entry: Contribution) -> Contribution:
    """The current version of the entry `entry` is a version of."""
    return Contribution.objects.get(lineage=entry.lineage, is_current=True)


def staff_of(team: Team) -> list[User]:
    """The team's active staff, who may join an assessment."""
    return list(
        User.objects.filter(memberships__team=team, is_active=True).order_by(
            "first_name"
        )
    )


# The structured entries a dispute may be about, by `DisputedKind` value.
STRUCTURED: dict[str, type[Structured]] = {
    DisputedKind.CONCERN: ImmediateConcern,
    DisputedKind.KNOWN: KnownSource,
    DisputedKind.CORROBORATION: Corroboration,
    DisputedKind.CAPACITY: CapacityAssessment,
}


def structured_in(
    assessment: Assessment, kind: str, pk: UUID, *, current: bool = False
) -> Structured | None:
    """The structured entry `pk` of kind `kind` (a key of `STRUCTURED`: "concern",
    "known", "corroboration", "capacity") in `assessment`, any version (only the
    current one with `current`); None for an unknown kind or an entry not there."""
    model = STRUCTURED.get(kind)
    if model is None:
        return None
    found = model._default_manager.filter(assessment=assessment, pk=pk)
    if current:
        found = found.filter(is_current=True)
    return found.first()


def contribution_in(assessment: Assessment, pk: UUID) -> Contribution | None:
    """An entry (any version) of this assessment, or None."""
    return Contribution.objects.filter(assessment=assessment, pk=pk).first()


def contribution_history(assessment: Assessment, lineage: UUID) -> list[Contribution]:
    return list(
        Contribution.objects.filter(assessment=assessment, lineage=lineage)
        .select_related("voice", "scribe")
        .order_by("version_number")
    )


def visible_to_person(view: AssessmentView) -> AssessmentView:
    """The same view without entries and corroborations withheld from the
    person for a lawful reason.

    Every page or document the person sees must be built from this, never from
    `load_assessment_view` directly (hazard H9).
    """
    shown = {
        key: [c for c in entries if not c.withheld]
        for key, entries in view.contributions.items()
    }
    return AssessmentView(
        assessment=view.assessment,
        participants=view.participants,
        contributions=shown,
        disputes=view.disputes,
        versions=view.versions,
        concerns=view.concerns,
        known_sources=view.known_sources,
        corroborations=[c for c in view.corroborations if not c.withheld],
        capacity=view.capacity,
    )


def participant_versions(participant: Participant) -> list[ParticipantVersion]:
    """Every version of a participant's details, newest first, with who set each."""
    return list(
        ParticipantVersion.objects.filter(participant=participant)
        .select_related("changed_by")
        .order_by("-version_number")
    )


def corrected_participants(assessment: Assessment) -> set[UUID]:
    """The participants of `assessment` whose details have been corrected."""
    return set(
        ParticipantVersion.objects.filter(
            participant__assessment=assessment, version_number__gt=1
        ).values_list("participant_id", flat=True)
    )


def entry_draft_target(assessment: Assessment, prompt: str, base: UUID | None) -> str:
    """The draft target (`accounts.drafts`) of the form that adds an entry to
    `prompt` (`base` None) or makes a new version of the entry version `base`."""
    return f"entry:{assessment.pk}:{prompt}:{base or 'new'}"


def entry_drafts(
    owner: User, assessment: Assessment, prompts: list[str], base: UUID | None = None
) -> dict[str, Draft]:
    """`owner`'s own unexpired drafts of entry forms, by prompt key, in one
    query: for each of `prompts`, the form adding to it (`base` None) or
    changing the entry version `base`. Never another member's."""
    targets = {entry_draft_target(assessment, p, base): p for p in prompts}
    found = drafts.offered(owner=owner, targets=targets)
    return {targets[target]: draft for target, draft in found.items()}
