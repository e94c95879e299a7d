"""Actions on an assessment. Each writes its access-log entry in the same transaction.

Entries are never edited in place: `revise` makes a new version that supersedes
the one the writer started from. If that version is no longer current, someone
else saved first and `VersionConflict` carries their version back, so the
writer can see both and choose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from coassess.accesslog.models import Action
from coassess.accesslog.services import record_access
from coassess.accounts import drafts
from coassess.accounts.models import Draft, User
from coassess.assessments.models import (
    DISPUTED_FIELDS,
    DISPUTED_KINDS,
    Assessment,
    CapacityAssessment,
    CapacityOutcome,
    Contribution,
    Corroboration,
    Dispute,
    Expertise,
    ImmediateConcern,
    InformantType,
    JoiningBy,
    KnownSource,
    Participant,
    ParticipantKind,
    ParticipantVersion,
    SharingBasis,
    Status,
    Topic,
    Versioned,
    WithheldReason,
)
from coassess.assessments.queries import entry_draft_target, viewers_participant
from coassess.assessments.sections import PROMPTS
from coassess.core.exceptions import DomainError, VersionConflict
from coassess.core.text import clean_reason, clean_text
from coassess.people.authors import (
    Author,
    check_record,
    code_of,
    record_by,
    staff_of,
    written_by,
)
from coassess.people.models import AccessCode, Supporter
from coassess.people.sharing import supporter_scope
from coassess.referrals.models import Referral
from coassess.referrals.services import record_first_seen

V = TypeVar("V", bound=Versioned)


# The only moves an assessment's status makes.
MOVES = {Status.IN_PROGRESS: {Status.SIGNED}}


def move_status(*, assessment: Assessment, to: Status) -> Assessment:
    """Move the assessment's status, if that move is allowed from where it is
    now (`MOVES`): in progress -> signed, when its plan is signed. Raises
    DomainError otherwise, or if someone else moved it first."""
    current = Status(assessment.status)
    if to not in MOVES.get(current, set()):
        raise DomainError(
            f"An assessment that is {current.label.lower()} cannot become "
            f"{to.label.lower()}."
        )
    moved = Assessment.objects.filter(pk=assessment.pk, status=current).update(
        status=to
    )
    if not moved:
        raise DomainError("Someone else changed this assessment's status just now.")
    assessment.status = to
    return assessment


def require_open(assessment: Assessment) -> None:
    """Raise DomainError once the assessment is signed: then only addenda change it."""
    if assessment.status == Status.SIGNED:
        raise DomainError("This assessment has been signed. Add an addendum instead.")


@transaction.atomic
def start_assessment(
    *,
    actor: User,
    referral: Referral,
    first_seen_at: dt.datetime | None = None,
    who_they_want_present: str = "",
    role_in_meeting: str = "",
) -> Assessment:
    """Start the assessment for a referral, stop its clock, and add the person
    and the clinician starting it, whose part in the meeting is
    `role_in_meeting` ("liaison nurse, scribe") or else their role in the team.
    Raises DomainError if the referral is closed or already has one."""
    if hasattr(referral, "assessment"):
        raise DomainError("This referral already has an assessment.")
    if not referral.is_open:
        raise DomainError("This referral is closed.")
    now = timezone.now()
    seen = first_seen_at or now
    record_first_seen(actor=actor, referral=referral, at=seen)
    assessment = Assessment.objects.create(
        referral=referral,
        person=referral.person,
        team=referral.team,
        started_at=now,
        started_by=actor,
        who_they_want_present=who_they_want_present.strip(),
    )
    person = referral.person
    _join(
        actor,
        assessment=assessment,
        kind=ParticipantKind.PERSON,
        name=person.name,
        expertise=Expertise.LIVED,
        joined_at=now,
    )
    _join(
        actor,
        assessment=assessment,
        kind=ParticipantKind.STAFF,
        user=actor,
        name=actor.display_name,
        expertise=_staff_expertise(actor),
        role_in_meeting=role_in_meeting.strip() or _team_role(actor),
        joined_at=now,
    )
    record_access(actor, assessment.person, Action.CREATE, "assessment", assessment.pk)
    return assessment


def _join(actor: User, **fields: Any) -> Participant:
    """A new participant with `fields`, and their details' first version."""
    participant = Participant.objects.create(**fields)
    ParticipantVersion.objects.create(
        participant=participant,
        role_in_meeting=participant.role_in_meeting,
        expertise=participant.expertise,
        joins_by=participant.joins_by,
        changed_by=actor,
    )
    return participant


def _team_role(user: User) -> str:
    return user.membership.get_role_display() if user.membership else ""


def _staff_expertise(user: User) -> str:
    membership = user.membership
    return (
        Expertise.PEER
        if membership and membership.role == "peer_worker"
        else Expertise.PROFESSIONAL
    )


@transaction.atomic
def add_participant(
    *,
    actor: User,
    assessment: Assessment,
    kind: str,
    expertise: str,
    role_in_meeting: str = "",
    supporter: Supporter | None = None,
    user: User | None = None,
    name: str = "",
    joins_by: str = "",
) -> Participant:
    """Add someone to the assessment, with their details' first version.
    `expertise` is required (there is no default); `joins_by` is a `JoiningBy`
    value or "" (not recorded). Raises DomainError if they already take part."""
    require_open(assessment)
    _check_details(expertise, joins_by)
    if kind == ParticipantKind.PERSON:
        raise DomainError("The person is already part of their own assessment.")
    if kind == ParticipantKind.SUPPORTER:
        if supporter is None or supporter.person_id != assessment.person_id:
            raise DomainError("Choose one of the supporters this person has named.")
        name = supporter.name
    elif kind == ParticipantKind.STAFF:
        if user is None:
            raise DomainError("Choose the member of staff.")
        name = user.display_name
    elif not name.strip():
        raise DomainError("Give the participant's name.")
    try:
        with transaction.atomic():
            participant = _join(
                actor,
                assessment=assessment,
                kind=kind,
                supporter=supporter,
                user=user,
                name=name.strip(),
                expertise=expertise,
                role_in_meeting=role_in_meeting.strip(),
                joins_by=joins_by,
                joined_at=timezone.now(),
            )
    except IntegrityError as exc:
        raise DomainError(f"{name} is already taking part.") from exc
    record_access(
        actor, assessment.person, Action.UPDATE, "participant joined", participant.pk
    )
    return participant


def _check_details(expertise: str, joins_by: str) -> None:
    if expertise not in Expertise.values:
        raise DomainError("Choose what they bring.")
    if joins_by and joins_by not in JoiningBy.values:
        raise DomainError("Choose how they are joining.")


@transaction.atomic
def correct_participant(
    *,
    actor: User,
    participant: Participant,
    based_on: int,
    role_in_meeting: str,
    expertise: str,
    joins_by: str,
) -> ParticipantVersion:
    """Correct a participant's part in the meeting, what they bring and how they
    join, as a new version of their details; the earlier one is kept.

    `based_on` is the version number the writer started from. Raises
    VersionConflict (carrying the current version) if someone corrected them
    since, and DomainError once the assessment is signed or for an unknown
    expertise or way of joining.
    """
    require_open(participant.assessment)
    _check_details(expertise, joins_by)
    current = (
        ParticipantVersion.objects.select_for_update()
        .filter(participant=participant, is_current=True)
        .first()
    )
    if current is None or current.version_number != based_on:
        raise VersionConflict(current)
    ParticipantVersion.objects.filter(pk=current.pk).update(is_current=False)
    try:
        with transaction.atomic():
            new = ParticipantVersion.objects.create(
                participant=participant,
                version_number=current.version_number + 1,
                supersedes=current,
                role_in_meeting=role_in_meeting.strip(),
                expertise=expertise,
                joins_by=joins_by,
                changed_by=actor,
            )
    except IntegrityError as exc:
        raise VersionConflict(
            ParticipantVersion.objects.get(participant=participant, is_current=True)
        ) from exc
    Participant.objects.filter(pk=participant.pk).update(
        role_in_meeting=new.role_in_meeting, expertise=expertise, joins_by=joins_by
    )
    record_access(
        actor,
        participant.assessment.person,
        Action.UPDATE,
        "participant's details corrected",
        participant.pk,
    )
    return new


def _check_voice(assessment: Assessment, voice: Participant) -> None:
    if voice.assessment_id != assessment.pk:
        raise DomainError("Choose whose words these are from the people taking part.")


def _check_withheld(withheld_reason: str) -> None:
    if withheld_reason and withheld_reason not in WithheldReason.values:
        raise DomainError(
            "Choose a lawful reason for withholding this from the person."
        )


def log_withheld(
    actor: Author, assessment: Assessment, withheld_reason: str, object_id: object
) -> None:
    """Log that the entry `object_id` is withheld from the person for
    `withheld_reason` (nothing when it is empty): the one log line for every
    kind of entry the team may withhold."""
    if withheld_reason:
        record_by(
            actor,
            assessment.person,
            Action.UPDATE,
            f"withheld from the person: {withheld_reason}",
            object_id,
        )


def check_author(actor: Author, assessment: Assessment, voice: Participant) -> None:
    """Raise DomainError unless `actor` may write in `voice` here: any voice
    for staff (their access policy has let them in), only their own for a
    viewer with a code for this record (the person's participant, or their
    supporter's), never one they choose."""
    _check_voice(assessment, voice)
    code = code_of(actor)
    if code is None:
        return
    check_record(actor, assessment.person_id, assessment.team_id)
    own = viewers_participant(assessment, code)
    if own is None or own.pk != voice.pk:
        raise DomainError(OWN_NAME_ONLY)


OWN_NAME_ONLY = "From your own phone or computer, you can write only as yourself."


@transaction.atomic
def add_contribution(
    *,
    actor: Author,
    assessment: Assessment,
    section: str,
    voice: Participant,
    text: str,
    own_words: bool = False,
    withheld_reason: str = "",
) -> Contribution:
    """Add an entry to the prompt `section` (a key of `sections.PROMPTS`) in
    `voice`'s name, typed by staff or written by a viewer on their own device
    (`actor` their code: then it is in their own words, in their own voice
    only, and cannot be withheld). The text is kept exactly, up to
    `TEXT_LIMIT` characters. Raises DomainError once signed, for an unknown
    prompt, a voice not taking part (or not the viewer's own), an empty or
    too long text, or an unknown reason for withholding."""
    require_open(assessment)
    if section not in PROMPTS:
        raise DomainError("That part of the assessment does not exist.")
    check_author(actor, assessment, voice)
    _check_withheld(withheld_reason)
    viewer = code_of(actor) is not None
    if viewer and withheld_reason:
        raise DomainError("Only the team can withhold an entry, with a lawful reason.")
    contribution = Contribution.objects.create(
        assessment=assessment,
        section=section,
        voice=voice,
        **written_by(actor, "scribe"),
        text=clean_text(text, what="the entry"),
        own_words=own_words or viewer,
        withheld_reason=withheld_reason,
    )
    record_by(
        actor,
        assessment.person,
        Action.CREATE,
        f"contribution ({section})",
        contribution.pk,
    )
    log_withheld(actor, assessment, withheld_reason, contribution.pk)
    staff = staff_of(actor)
    if staff is not None:  # saved: the writer's draft of it has done its job
        target = entry_draft_target(assessment, section, None)
        drafts.discard(owner=staff, target=target)
    return contribution


def supersede(*, actor: Author, base: V, changes: dict[str, Any], what: str) -> V:
    """Save `changes` as a new version of `base`, typed by staff (`actor` a
    User) or written on a viewer's own device (`actor` their code: only for a
    kind of entry that keeps `via_code`). Raises VersionConflict if `base` is
    stale.

    Two guards make this safe under concurrency on both databases: `supersedes`
    is unique (only one new version can follow any version), and a partial
    unique index allows one current version per lineage.
    """
    model = type(base)
    fresh = model._default_manager.select_for_update().get(pk=base.pk)
    if not fresh.is_current:
        raise VersionConflict(
            model._default_manager.get(lineage=base.lineage, is_current=True)
        )
    assessment = fresh.assessment
    require_open(assessment)
    field_names = [
        f.attname
        for f in model._meta.concrete_fields
        if f.attname
        not in {
            "id",
            "created_at",
            "version_number",
            "supersedes_id",
            "is_current",
            "scribe_id",
            "via_code_id",
        }
    ]
    values = {name: getattr(fresh, name) for name in field_names}
    values.update(changes)
    model._default_manager.filter(pk=fresh.pk, is_current=True).update(is_current=False)
    try:
        with transaction.atomic():
            new = model._default_manager.create(
                **values,
                version_number=fresh.version_number + 1,
                supersedes=fresh,
                is_current=True,
                **_writer_of(actor),
            )
    except IntegrityError as exc:
        raise VersionConflict(
            model._default_manager.get(lineage=base.lineage, is_current=True)
        ) from exc
    record_by(actor, assessment.person, Action.UPDATE, what, new.pk)
    return new


def _writer_of(actor: Author) -> dict[str, Any]:
    """The writer's columns of a new version: the member of staff alone
    (every kind of entry keeps one), or, from a viewer's device, both
    (only a kind that keeps `via_code` may be written so)."""
    if code_of(actor) is None:
        return {"scribe": actor}
    return written_by(actor, "scribe")


@transaction.atomic
def revise_contribution(
    *,
    actor: User,
    base: Contribution,
    text: str,
    voice: Participant | None = None,
    own_words: bool | None = None,
    withheld_reason: str | None = None,
) -> Contribution:
    changes: dict[str, Any] = {"text": clean_text(text, what="the entry")}
    if voice is not None:
        _check_voice(base.assessment, voice)
        changes["voice_id"] = voice.pk
    if own_words is not None:
        changes["own_words"] = own_words
    if withheld_reason is not None:
        _check_withheld(withheld_reason)
        changes["withheld_reason"] = withheld_reason
    new = supersede(
        actor=actor,
        base=base,
        changes=changes,
        what=f"contribution ({base.section}) revised",
    )
    drafts.discard(
        owner=actor,
        target=entry_draft_target(base.assessment, base.section, base.pk),
    )
    return new


# --- Drafts of entries: the writer's alone, never part of the record ----------


def _draft_target(assessment: Assessment, prompt: str, base: UUID | None) -> str:
    if prompt not in PROMPTS:
        raise DomainError("That part of the assessment does not exist.")
    if (
        base is not None
        and not Contribution.objects.filter(pk=base, assessment=assessment).exists()
    ):
        raise DomainError("That entry is not part of this assessment.")
    return entry_draft_target(assessment, prompt, base)


@transaction.atomic
def keep_entry_draft(
    *,
    actor: User,
    assessment: Assessment,
    prompt: str,
    base: UUID | None,
    text: str,
) -> Draft | None:
    """Keep what `actor` has typed so far in an entry form as their draft, logged.

    Never makes or changes an entry: only Save does. Empty text deletes the
    draft (None). Raises DomainError once the assessment is signed, or for a
    prompt or entry not in this assessment.
    """
    require_open(assessment)
    target = _draft_target(assessment, prompt, base)
    draft = drafts.keep(owner=actor, target=target, text=text)
    record_access(
        actor,
        assessment.person,
        Action.UPDATE,
        f"own draft ({prompt}) {'kept' if draft else 'emptied'}",
        draft.pk if draft else assessment.pk,
    )
    return draft


@transaction.atomic
def discard_entry_draft(
    *, actor: User, assessment: Assessment, prompt: str, base: UUID | None
) -> bool:
    """Delete `actor`'s draft for this entry form, logged; True if there was one."""
    target = _draft_target(assessment, prompt, base)
    found = drafts.discard(owner=actor, target=target)
    if found:
        record_access(
            actor,
            assessment.person,
            Action.UPDATE,
            f"own draft ({prompt}) discarded",
            assessment.pk,
        )
    return found


Disputable = (
    Contribution | ImmediateConcern | KnownSource | Corroboration | CapacityAssessment
)


@transaction.atomic
def dispute_entry(
    *, actor: Author, entry: Disputable, disputer: Participant, account: str
) -> Dispute:
    """Record `disputer`'s disagreement with `entry` (any version of an
    attributed entry, a concern, a source checked, what someone else told
    us, or a capacity assessment), kept beside it and its later versions for
    good; allowed after signing too. Typed by staff, or written by a viewer
    on their own device in their own name only. `account` must be real
    words, kept exactly up to `TEXT_LIMIT` characters. Raises DomainError
    otherwise."""
    check_author(actor, entry.assessment, disputer)
    kind = DISPUTED_KINDS[type(entry)]
    dispute = Dispute.objects.create(
        assessment=entry.assessment,
        kind=kind,
        **{DISPUTED_FIELDS[kind]: entry},
        lineage=entry.lineage,
        disputer=disputer,
        account=clean_reason(account, what="why they disagree"),
        **written_by(actor, "scribe"),
    )
    record_by(
        actor, entry.assessment.person, Action.CREATE, f"dispute ({kind})", dispute.pk
    )
    return dispute


@transaction.atomic
def add_concern(
    *,
    actor: User,
    assessment: Assessment,
    text: str,
    raised_by: Participant,
    agreed_by: Iterable[Participant],
) -> ImmediateConcern:
    require_open(assessment)
    agreed = list(agreed_by)
    for p in [raised_by, *agreed]:
        _check_voice(assessment, p)
    concern = ImmediateConcern.objects.create(
        assessment=assessment,
        text=clean_text(text, what="the concern"),
        raised_by=raised_by,
        agreed=bool(agreed),
        scribe=actor,
    )
    concern.agreed_by.set(agreed)
    record_access(
        actor, assessment.person, Action.CREATE, "immediate concern", concern.pk
    )
    return concern


@transaction.atomic
def revise_concern(
    *,
    actor: User,
    base: ImmediateConcern,
    text: str,
    agreed_by: Iterable[Participant],
) -> ImmediateConcern:
    agreed = list(agreed_by)
    for p in agreed:
        _check_voice(base.assessment, p)
    concern = supersede(
        actor=actor,
        base=base,
        changes={
            "text": clean_text(text, what="the concern"),
            "agreed": bool(agreed),
        },
        what="immediate concern revised",
    )
    concern.agreed_by.set(agreed)
    return concern


@transaction.atomic
def add_known_source(
    *,
    actor: User,
    assessment: Assessment,
    source_type: str,
    detail: str,
    what_it_said: str,
    checked_at: dt.datetime,
    limited_access: bool,
) -> KnownSource:
    require_open(assessment)
    if checked_at > timezone.now() + dt.timedelta(minutes=1):
        raise DomainError("The time you checked cannot be in the future.")
    source = KnownSource.objects.create(
        assessment=assessment,
        source_type=source_type,
        detail=detail.strip(),
        what_it_said=clean_text(what_it_said, what="what the source said"),
        checked_at=checked_at,
        limited_access=limited_access,
        scribe=actor,
    )
    record_access(actor, assessment.person, Action.CREATE, "known source", source.pk)
    return source


@transaction.atomic
def add_corroboration(
    *,
    actor: Author,
    assessment: Assessment,
    what_they_said: str,
    informant_type: str = "",
    informant_name: str = "",
    basis: str = "",
    basis_reason: str = "",
    voice: Participant | None = None,
    topic: str = "",
    withheld_reason: str = "",
) -> Corroboration:
    """Add what someone else told us about the person, kept exactly (up to
    `TEXT_LIMIT` characters).

    Typed by staff: who gave it (`informant_type`, `informant_name`), the
    basis (a SharingBasis other than OFFERED; WITHOUT_CONSENT needs
    `basis_reason`), optionally whose voice it is, and optionally withheld
    from the person (`withheld_reason`, a WithheldReason, logged).

    Offered by a supporter from their own device (`actor` their code): who
    gave it comes from their own participant (`offered_by`); `topic` is a
    Topic; `withheld_reason` may only be THIRD_PARTY (they asked us to keep
    it from the person). Refused while a safeguarding hold is on them or
    they are not taking part. Raises DomainError for any refusal, once
    signed, or for an empty or too long text."""
    require_open(assessment)
    _check_withheld(withheld_reason)
    code = code_of(actor)
    if code is not None:
        fields = offered_by(code, assessment, topic, withheld_reason)
    else:
        fields = _told_to_staff(
            assessment, informant_type, informant_name, basis, basis_reason, voice
        )
    item = Corroboration.objects.create(
        assessment=assessment,
        what_they_said=clean_text(what_they_said, what="what they said"),
        withheld_reason=withheld_reason,
        **fields,
        **written_by(actor, "scribe"),
    )
    record_by(
        actor, assessment.person, Action.CREATE, "corroborative information", item.pk
    )
    log_withheld(actor, assessment, withheld_reason, item.pk)
    return item


def _told_to_staff(
    assessment: Assessment,
    informant_type: str,
    informant_name: str,
    basis: str,
    basis_reason: str,
    voice: Participant | None,
) -> dict[str, Any]:
    """The columns of a corroboration typed by staff, checked."""
    if basis not in (SharingBasis.CONSENT, SharingBasis.WITHOUT_CONSENT):
        raise DomainError("Choose the basis for sharing.")
    if basis == SharingBasis.WITHOUT_CONSENT and not basis_reason.strip():
        raise DomainError("Say why this was shared without the person's agreement.")
    if voice is not None:
        _check_voice(assessment, voice)
    if not informant_name.strip():
        raise DomainError("Say who gave this information.")
    return {
        "informant_type": informant_type,
        "informant_name": informant_name.strip(),
        "basis": basis,
        "basis_reason": clean_reason(
            basis_reason,
            what="why it was shared without their agreement",
            required=False,
        ),
        "voice": voice,
    }


NOT_FOR_THE_PERSON = "This page is for the people who support you."
HELD = (
    "You cannot add to this record at the moment. If you are worried about "
    "someone, call the team."
)
NOT_TAKING_PART = (
    "You are not listed as taking part in this assessment, so you cannot add "
    "to it here. If you want to take part, please ask the team."
)


def offered_by(
    code: AccessCode, assessment: Assessment, topic: str, withheld_reason: str
) -> dict[str, Any]:
    """The columns of a corroboration a supporter offers from their own device:
    their own participant as its voice and informant (a carer when they take
    part as one, otherwise someone close), basis OFFERED. Raises DomainError
    for the person's own code (NOT_FOR_THE_PERSON), another record, a hold in
    force (HELD, never saying why), a supporter not taking part, an unknown
    topic, or a reason other than third party."""
    own = informant_in(code, assessment)
    if topic not in Topic.values:
        raise DomainError("Choose what this is about.")
    if withheld_reason not in ("", WithheldReason.THIRD_PARTY):
        raise DomainError("Only the team can withhold this for that reason.")
    carer = own.expertise == Expertise.CARER
    return {
        "informant_type": InformantType.CARER if carer else InformantType.RELATIVE,
        "informant_name": own.name,
        "basis": SharingBasis.OFFERED,
        "voice": own,
        "topic": topic,
    }


def informant_in(code: AccessCode, assessment: Assessment) -> Participant:
    """The participant a supporter's `code` tells the team what they know as,
    in `assessment`. Raises DomainError for the person's own code
    (NOT_FOR_THE_PERSON), another record, a hold in force (HELD, never
    saying why), or a supporter not taking part (NOT_TAKING_PART)."""
    check_record(code, assessment.person_id, assessment.team_id)
    if code.supporter is None:
        raise DomainError(NOT_FOR_THE_PERSON)
    if supporter_scope(code.supporter).held:
        raise DomainError(HELD)
    own = viewers_participant(assessment, code)
    if own is None:
        raise DomainError(NOT_TAKING_PART)
    return own


NOT_YOURS = "That is not something you told us from your phone or computer."
TAKEN_BACK = "You have already taken this back, so it cannot be changed here."
KEPT_BY_THE_TEAM = (
    "The team is keeping this private. If you want to change it, please talk "
    "to the team."
)


def offered_by_supporter(lineage: UUID, supporter_id: UUID) -> bool:
    """Whether the corroboration `lineage` was first written by the supporter
    `supporter_id` from their own device (with any code of theirs): who may
    change or take it back comes from the code that wrote it, never from a
    voice or participant that staff choose."""
    return Corroboration.objects.filter(
        lineage=lineage, version_number=1, via_code__supporter_id=supporter_id
    ).exists()


def _own_offer(code: AccessCode, base: Corroboration) -> None:
    """Raise DomainError unless `code`'s supporter may change or take back
    `base`: as `informant_in`, and it is theirs (`offered_by_supporter`),
    not kept from the person by the team, and not taken back already."""
    informant_in(code, base.assessment)
    if code.supporter_id is None or not offered_by_supporter(
        base.lineage, code.supporter_id
    ):
        raise DomainError(NOT_YOURS)
    if base.withheld:
        raise DomainError(KEPT_BY_THE_TEAM)
    if base.withdrawn:
        raise DomainError(TAKEN_BACK)


@transaction.atomic
def change_offered(
    *, actor: AccessCode, base: Corroboration, topic: str, what_they_said: str
) -> Corroboration:
    """The supporter who offered `base` from their own device changes it
    (`topic` a Topic; the words kept exactly, up to `TEXT_LIMIT` characters),
    as a new version written with their code; the earlier stays, for staff.
    Logged in the same transaction. Raises DomainError as `_own_offer`, once
    signed, for an unknown topic or an empty or too long text;
    VersionConflict (with the current version) if `base` is no longer
    current."""
    _own_offer(actor, base)
    if topic not in Topic.values:
        raise DomainError("Choose what this is about.")
    return supersede(
        actor=actor,
        base=base,
        changes={
            "topic": topic,
            "what_they_said": clean_text(what_they_said, what="what they said"),
        },
        what="corroborative information changed by the supporter",
    )


@transaction.atomic
def withdraw_offered(*, actor: AccessCode, base: Corroboration) -> Corroboration:
    """The supporter who offered `base` takes it back from their own device:
    a new version, written with their code, marked `withdrawn_at` now,
    with everything else kept (never deleted: the team may have acted on
    it). Logged in the same transaction. Raises DomainError as `_own_offer`
    or once signed; VersionConflict (with the current version) if `base` is
    no longer current."""
    _own_offer(actor, base)
    return supersede(
        actor=actor,
        base=base,
        changes={"withdrawn_at": timezone.now()},
        what="corroborative information taken back by the supporter",
    )


@transaction.atomic
def withhold_corroboration(
    *, actor: User, base: Corroboration, withheld_reason: str
) -> Corroboration:
    """Keep `base` from the person (`withheld_reason` a WithheldReason) or show
    it to them again (""), as a new version typed by `actor` (everything else
    kept, including that a supporter offered it); logged. Raises DomainError
    for an unknown reason or once signed, VersionConflict if `base` is no
    longer current."""
    _check_withheld(withheld_reason)
    new = supersede(
        actor=actor,
        base=base,
        changes={"withheld_reason": withheld_reason},
        what="corroborative information: who may see it",
    )
    log_withheld(actor, base.assessment, withheld_reason, new.pk)
    return new


BEST_INTERESTS_FIELDS = (
    "wishes_and_feelings",
    "beliefs_and_values",
    "who_was_consulted",
    "best_interests_decision",
)


def _assessor(actor: User, assessment: Assessment, data: dict[str, Any]) -> Participant:
    """Who assessed capacity: `data["assessed_by"]`, a member of staff taking
    part; if not given, the actor, if they take part. DomainError otherwise."""
    assessor = data.get("assessed_by") or (
        Participant.objects.filter(assessment=assessment, user=actor).first()
    )
    if assessor is None:
        raise DomainError("Choose who assessed their capacity.")
    _check_voice(assessment, assessor)
    if assessor.kind != ParticipantKind.STAFF:
        raise DomainError(
            "A capacity assessment is made by a member of staff taking part."
        )
    return assessor


@transaction.atomic
def record_capacity(
    *, actor: User, assessment: Assessment, data: dict[str, Any]
) -> CapacityAssessment:
    """Record one capacity assessment: `data` holds the CapacityAssessment's
    fields, with `assessed_by` (a staff participant; the actor's own
    participant if absent). Lacking capacity needs a best-interests record.
    Raises DomainError when a rule is broken."""
    require_open(assessment)
    if data.get("assessed_at") and data["assessed_at"] > timezone.now() + dt.timedelta(
        minutes=1
    ):
        raise DomainError(
            "The time of the capacity assessment cannot be in the future."
        )
    abilities = [data.get(name) for name in CapacityAssessment.ABILITIES]
    if data["outcome"] == CapacityOutcome.HAS_CAPACITY and "not_able" in abilities:
        raise DomainError(
            "If they are not able to do one of the four things even with "
            "support, they lack capacity for this decision. Check the outcome."
        )
    if (
        data["outcome"] == CapacityOutcome.LACKS_CAPACITY
        and "not_able" not in abilities
    ):
        raise DomainError(
            "Someone lacks capacity only if they cannot understand, retain, use "
            "or weigh the information, or communicate their decision. Check the "
            "outcome."
        )
    if data["outcome"] == CapacityOutcome.LACKS_CAPACITY:
        missing = [f for f in BEST_INTERESTS_FIELDS if not str(data.get(f, "")).strip()]
        if missing:
            raise DomainError(
                "When someone lacks capacity for a decision, record their wishes "
                "and feelings, beliefs and values, who was consulted, and the "
                "best-interests decision."
            )
        if not str(data.get("causal_link", "")).strip():
            raise DomainError(
                "Say how an impairment or disturbance of the mind or brain causes "
                "the inability to decide."
            )
    record = CapacityAssessment(
        assessment=assessment,
        scribe=actor,
        **{**data, "assessed_by": _assessor(actor, assessment, data)},
    )
    record.full_clean(exclude=["lineage", "scribe", "assessment"])
    record.save()
    record_access(
        actor, assessment.person, Action.CREATE, "capacity assessment", record.pk
    )
    return record
