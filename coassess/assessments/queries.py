"""Reading an assessment: everything on one page, in a fixed number of queries.

`load_assessment_view` runs the same queries whether the assessment has six
entries or six hundred (tests/assessments/test_queries.py counts them).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, TypeVar
from uuid import UUID

from django.db.models import DateTimeField, Model, QuerySet, UUIDField

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
from coassess.core.prepared import Prepared, columns, instances
from coassess.decisions.models import Position, Stance
from coassess.people.models import AccessCode, Supporter

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


V = TypeVar("V", bound=Model)
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


def _entries_query(assessment: UUID) -> QuerySet[Any, Any]:
    return (
        Contribution.objects.filter(assessment_id=assessment, is_current=True)
        .order_by("created_at")
        .values_list(*ENTRY_COLUMNS)
    )


CURRENT_ENTRIES = Prepared(_entries_query, UUIDField())


def current_entries(
    assessment: Assessment, by_id: dict[UUID, Participant]
) -> list[Entry]:
    """The assessment's current entries, oldest first, each with its voice (one
    of `by_id`) and the name of who typed it, in one query."""
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
        ) in CURRENT_ENTRIES.rows(assessment.pk)
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


# The reads of `load_assessment_view`, each compiled once per connection
# (`core.prepared`): the page reads an assessment in a dozen small queries,
# and compiling them took longer than running them.
SCRIBE = ("scribe__first_name", "scribe__last_name", "scribe__username")


def _current(model: type[Model], *extra: str) -> Prepared:
    """The current versions of `model`'s records in an assessment, in the
    model's own order: every column, then `extra`."""
    return Prepared(
        lambda assessment: model.objects.filter(  # type: ignore[attr-defined]
            assessment_id=assessment, is_current=True
        ).values_list(*columns(model), *extra),
        UUIDField(),
    )


PARTICIPANTS = Prepared(
    lambda assessment: Participant.objects.filter(assessment_id=assessment).values_list(
        *columns(Participant),
        *(f"supporter__{f.name}" for f in Supporter._meta.concrete_fields),
    ),
    UUIDField(),
)
DISPUTES = Prepared(
    lambda assessment: Dispute.objects.filter(assessment_id=assessment).values_list(
        *columns(Dispute)
    ),
    UUIDField(),
)
CONCERNS = _current(ImmediateConcern)
AGREED_BY = Prepared(
    lambda assessment: ImmediateConcern.agreed_by.through.objects.filter(
        immediateconcern__assessment_id=assessment,
        immediateconcern__is_current=True,
    ).values_list("immediateconcern_id", "participant_id"),
    UUIDField(),
)
KNOWN = _current(KnownSource, *SCRIBE)
CORROBORATIONS = _current(Corroboration, *SCRIBE)
CAPACITY = _current(CapacityAssessment, *SCRIBE)


def _with_scribes(model: type[V], rows: list[tuple[Any, ...]]) -> list[V]:
    """Instances of `model` from rows of its columns and then its scribe's
    names (`SCRIBE`), each with its scribe as a User holding those names
    (None where no member of staff typed it, as `select_related` gives)."""
    found = instances(model, rows)
    for record, row in zip(found, rows, strict=True):
        scribe_id = record.scribe_id  # type: ignore[attr-defined]
        record.scribe = (  # type: ignore[attr-defined]
            None  # written on a viewer's own device: no member of staff
            if scribe_id is None
            else User.from_db(
                "default",
                ["id", "first_name", "last_name", "username"],
                (scribe_id, *row[-3:]),
            )
        )
    return found


def _agreed(
    concerns: list[ImmediateConcern], assessment: UUID, by_id: dict[UUID, Participant]
) -> None:
    """Give each concern its `agreed_by` as `prefetch_related` would, from one
    query of the assessment's current concerns' agreements."""
    agreed: dict[UUID, list[Participant]] = defaultdict(list)
    for concern_id, participant_id in AGREED_BY.rows(assessment):
        agreed[concern_id].append(by_id[participant_id])
    for concern in concerns:
        chosen = concern.agreed_by.all()
        chosen._result_cache = agreed[concern.pk]
        chosen._prefetch_done = True  # type: ignore[attr-defined]
        concern._prefetched_objects_cache = {"agreed_by": chosen}  # type: ignore[attr-defined]


def _participants(assessment: UUID) -> list[Participant]:
    """The participants, in the order they joined, each with their supporter
    (None for anyone who is not one), in one query."""
    rows = PARTICIPANTS.rows(assessment)
    participants = instances(Participant, rows)
    start = len(columns(Participant))
    for participant, row in zip(participants, rows, strict=True):
        participant.supporter = (
            instances(Supporter, [row[start:]])[0] if participant.supporter_id else None
        )
    return participants


def _sources(
    key: UUID, by_id: dict[UUID, Participant]
) -> tuple[list[KnownSource], list[Corroboration]]:
    """What the team already knew and what other people told us (two queries)."""
    corroborations = _with_scribes(Corroboration, CORROBORATIONS.rows(key))
    for item in corroborations:
        if item.voice_id:
            item.voice = by_id[item.voice_id]
    return _with_scribes(KnownSource, KNOWN.rows(key)), corroborations


def add_sources(view: AssessmentView) -> None:
    """Read what the team already knew and what other people told us into
    `view`, loaded without them (`with_sources=False`), in two queries: for a
    reader that shows them only when someone disagrees with one."""
    by_id = {p.pk: p for p in view.participants}
    view.known_sources, view.corroborations = _sources(view.assessment.pk, by_id)


def disputes_of_sources(view: AssessmentView) -> bool:
    """Whether anyone disagrees with a source checked before meeting or with
    what someone else told us, in `view`."""
    kinds = {DisputedKind.KNOWN, DisputedKind.CORROBORATION}
    return any(d.kind in kinds for found in view.disputes.values() for d in found)


def load_assessment_view(
    assessment: Assessment, *, with_sources: bool = True
) -> AssessmentView:
    """Everything of `assessment` a page shows, read whole (nothing withheld
    is left out: see `visible_to_person`), current versions only, in a fixed
    number of queries however much it holds (each compiled once per
    connection); the participants come with their supporters. `with_sources`
    False leaves out what the team already knew and what other people told us
    (two queries fewer; `known_sources` and `corroborations` empty), for a
    reader that shows neither: the person's copy."""
    key = assessment.pk
    participants = _participants(key)
    by_id = {p.pk: p for p in participants}
    contributions: dict[str, list[Entry]] = defaultdict(list)
    current = current_entries(assessment, by_id)
    for c in current:
        contributions[c.section].append(c)
    disputes: dict[UUID, list[Dispute]] = defaultdict(list)
    for d in instances(Dispute, DISPUTES.rows(key)):
        d.disputer = by_id[d.disputer_id]
        disputes[d.lineage].append(d)
    # Versions are numbered 1, 2, 3... along each lineage, and a new one can only
    # follow the current one (services.supersede), so the current version's
    # number is how many versions there are.
    versions = {c.lineage: c.version_number for c in current}
    concerns = instances(ImmediateConcern, CONCERNS.rows(key))
    for concern in concerns:
        concern.raised_by = by_id[concern.raised_by_id]
    if concerns:
        _agreed(concerns, key, by_id)
    known, corroborations = _sources(key, by_id) if with_sources else ([], [])
    capacity = _with_scribes(CapacityAssessment, CAPACITY.rows(key))
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


HELD = Prepared(
    lambda assessment, person, team: Assessment.objects.filter(
        pk=assessment, person_id=person, team_id=team
    ).values_list(*columns(Assessment)),
    UUIDField(),
    UUIDField(),
    UUIDField(),
)


def assessment_held(assessment: UUID, person: UUID, team: UUID) -> Assessment | None:
    """The assessment `assessment` if it is `person`'s and held by `team`
    (all UUIDs), read now without its relations; None for any other."""
    found = HELD.rows(assessment, person, team)
    return instances(Assessment, found)[0] if found else None


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
    "dispute", "position", "information": a supporter's corroboration;
    "information_changed", "information_withdrawn": a supporter changed or
    took back what they told us), whose
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


# What came from a viewer's own device, compiled once per connection
# (`core.prepared`); `since` is always given (`NEVER` for everything).
NEVER = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
DEVICE_ENTRIES = Prepared(
    lambda assessment, since: Contribution.objects.filter(
        assessment_id=assessment, via_code__isnull=False, created_at__gt=since
    ).values_list("voice__name", "created_at", "text", "lineage"),
    UUIDField(),
    DateTimeField(),
)
DEVICE_DISPUTES = Prepared(
    lambda assessment, since: Dispute.objects.filter(
        assessment_id=assessment, via_code__isnull=False, created_at__gt=since
    ).values_list("disputer__name", "created_at", "account", "lineage", "kind"),
    UUIDField(),
    DateTimeField(),
)
DEVICE_INFORMATION = Prepared(
    lambda assessment, since: Corroboration.objects.filter(
        assessment_id=assessment, via_code__isnull=False, created_at__gt=since
    ).values_list(
        "informant_name",
        "created_at",
        "what_they_said",
        "version_number",
        "withdrawn_at",
    ),
    UUIDField(),
    DateTimeField(),
)
DEVICE_POSITIONS = Prepared(
    lambda assessment, since: Position.objects.filter(
        decision__context_type__in=["assessment", "plan"],
        decision__context_id=assessment,
        via_code__isnull=False,
        created_at__gt=since,
    ).values_list(
        "voice_name",
        "created_at",
        "what_matters",
        "decision_id",
        "decision__context_type",
        "stance",
        "option__text",
    ),
    UUIDField(),
    DateTimeField(),
)


def from_own_device(
    assessment: Assessment, since: dt.datetime | None
) -> list[FromDevice]:
    """Entries, disputes, supporters' information and positions (on its
    decisions and its plan's actions) written in `assessment` from a
    viewer's own device after `since` (all of them if None), newest first,
    in four queries."""
    key = (assessment.pk, since or NEVER)
    found = [
        FromDevice("entry", who, at, words, lineage=lineage)
        for who, at, words, lineage in DEVICE_ENTRIES.rows(*key)
    ]
    found += [
        FromDevice(_information_kind(version, withdrawn), who, at, words)
        for who, at, words, version, withdrawn in DEVICE_INFORMATION.rows(*key)
    ]
    found += [
        FromDevice("dispute", who, at, words, lineage, context_type=kind)
        for who, at, words, lineage, kind in DEVICE_DISPUTES.rows(*key)
    ]
    found += [
        FromDevice(
            "position",
            who,
            at,
            words,
            decision_id=decision,
            context_type=context_type,
            stance=f"{Stance(stance).label}: {option}",
        )
        for who, at, words, decision, context_type, stance, option in (
            DEVICE_POSITIONS.rows(*key)
        )
    ]
    return sorted(found, key=lambda f: f.at, reverse=True)


def _information_kind(version: int, withdrawn: dt.datetime | None) -> str:
    """What a supporter did from their device to what they told us: told it
    ("information"), changed it, or took it back."""
    if withdrawn is not None:
        return "information_withdrawn"
    return "information" if version == 1 else "information_changed"


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


def corroboration_history(assessment: Assessment, lineage: UUID) -> list[Corroboration]:
    """Every version of what someone told us (`lineage`) in `assessment`,
    oldest first, with who typed each (None: written on their own device)."""
    return list(
        Corroboration.objects.filter(assessment=assessment, lineage=lineage)
        .select_related("scribe", "voice")
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
