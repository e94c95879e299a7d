"""The co-produced crisis assessment: participants, their contributions, and the
structured sections (concerns, what is already known, corroboration, capacity).

Nothing here is ever edited in place or deleted. A change is a new version that
supersedes the old one (`Versioned`), so history is always there to read; a
disagreement with an entry of any kind is a `Dispute` kept beside it.
"""

from __future__ import annotations

import uuid

from django.db import models

from coassess.accounts.models import staff_member
from coassess.core.models import PublicModel, Superseding
from coassess.core.text import TEXT_LIMIT
from coassess.people.authors import one_writer, via_code_field


class Status(models.TextChoices):
    """In progress until its plan is signed; after that only addenda change it.
    `services.move_status` is the one place the status changes."""

    IN_PROGRESS = "in_progress", "In progress"
    SIGNED = "signed", "Signed"


class Assessment(PublicModel):
    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.PROTECT, related_name="assessment"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="assessments"
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.IN_PROGRESS
    )
    started_at = models.DateTimeField()
    started_by = staff_member()
    # The person's wishes about who is in the room, in their words.
    who_they_want_present = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Assessment of {self.person}"


class Expertise(models.TextChoices):
    LIVED = "lived", "Lived experience"
    CARER = "carer", "Carer experience"
    PROFESSIONAL = "professional", "Professional"
    PEER = "peer", "Peer support"
    INTERPRETER = "interpreter", "Interpreter"


class JoiningBy(models.TextChoices):
    """How a participant takes part. Empty on a participant means not recorded."""

    IN_PERSON = "in_person", "In the room"
    PHONE = "phone", "By phone"
    VIDEO = "video", "By video call"


class ParticipantKind(models.TextChoices):
    PERSON = "person", "The person"
    SUPPORTER = "supporter", "Supporter"
    STAFF = "staff", "Staff"
    OTHER = "other", "Other"


class Participant(PublicModel):
    """Anyone taking part: the person, a supporter, staff, or someone else (an interpreter)."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="participants"
    )
    kind = models.CharField(max_length=20, choices=ParticipantKind.choices)
    supporter = models.ForeignKey(
        "people.Supporter",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = staff_member(optional=True)
    name = models.CharField(max_length=200)
    role_in_meeting = models.CharField(max_length=200, blank=True)
    expertise = models.CharField(max_length=20, choices=Expertise.choices)
    # Empty: not recorded (participants added before it was asked).
    joins_by = models.CharField(max_length=20, choices=JoiningBy.choices, blank=True)
    joined_at = models.DateTimeField()

    class Meta:
        # In the order they joined; people who joined at the same moment (the
        # person and whoever started the assessment) in the order they were
        # recorded, so every page and the copy list them the same way.
        ordering = ["joined_at", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment"],
                condition=models.Q(kind="person"),
                name="one_person_per_assessment",
            ),
            models.UniqueConstraint(
                fields=["assessment", "supporter"],
                condition=models.Q(supporter__isnull=False),
                name="supporter_joins_once",
            ),
            models.UniqueConstraint(
                fields=["assessment", "user"],
                condition=models.Q(user__isnull=False),
                name="staff_joins_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_expertise_display()})"

    @property
    def expertise_label(self) -> str:
        """'lived experience': what they bring, as said beside their name."""
        return self.get_expertise_display().lower()


class ParticipantVersion(Superseding):
    """One version of a participant's details: their part in the meeting, what
    they bring and how they join, and who set them when.

    The participant row holds the current details, which every page reads; the
    versions keep every earlier one. A participant's first version is made when
    they join; a correction is a new version superseding the current one (one
    current version per participant, and `supersedes` unique, as for entries),
    so no earlier value is lost and two corrections cannot both win.
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="versions"
    )
    version_number = models.PositiveIntegerField(default=1)
    role_in_meeting = models.CharField(max_length=200, blank=True)
    expertise = models.CharField(max_length=20, choices=Expertise.choices)
    joins_by = models.CharField(max_length=20, choices=JoiningBy.choices, blank=True)
    changed_by = staff_member()

    class Meta:
        ordering = ["version_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=models.Q(is_current=True),
                name="participant_one_current_version",
            )
        ]


class Versioned(Superseding):
    """An entry that changes only by being superseded.

    All versions of one entry share a `lineage`. Exactly one is current: a
    partial unique index enforces it, and `supersedes` is unique, so two
    people saving over the same version cannot both succeed; the second is
    told about the first (services.VersionConflict).
    """

    lineage = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    version_number = models.PositiveIntegerField(default=1)
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="+"
    )
    # Each kind of entry says who typed it (`scribe`): always a member of staff,
    # except an entry the person or a supporter may write on their own device.

    class Meta:
        abstract = True


def one_current_version(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=["lineage"], condition=models.Q(is_current=True), name=name
    )


class WithheldReason(models.TextChoices):
    THIRD_PARTY = "third_party", "It is about someone else (third-party information)"
    SERIOUS_HARM = "serious_harm", "Seeing it is likely to cause serious harm"


class Contribution(Versioned):
    """One attributed entry: whose voice it is, who typed it, and in which section.

    Typed by a member of staff (`scribe`), or written by the person or a
    supporter on their own device (`via_code`, their access code; the voice is
    then always their own): exactly one of the two, checked by the database.
    """

    scribe = staff_member(optional=True)
    via_code = via_code_field()
    section = models.CharField(max_length=40, db_index=True)
    voice = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="contributions"
    )
    text = models.TextField(max_length=TEXT_LIMIT)
    own_words = models.BooleanField(default=False)
    withheld_reason = models.CharField(
        max_length=20, choices=WithheldReason.choices, blank=True
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            one_current_version("contribution_one_current"),
            one_writer("scribe", "contribution_one_writer"),
        ]
        indexes = [
            models.Index(
                fields=["assessment", "is_current", "section"],
                name="contribution_current",
            )
        ]

    @property
    def withheld(self) -> bool:
        return bool(self.withheld_reason)


class ImmediateConcern(Versioned):
    scribe = staff_member()
    text = models.TextField(max_length=TEXT_LIMIT)
    raised_by = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="+"
    )
    agreed = models.BooleanField(
        default=False, help_text="Mutually agreed as a concern to address."
    )
    agreed_by = models.ManyToManyField(Participant, blank=True, related_name="+")

    class Meta:
        ordering = ["created_at"]
        constraints = [one_current_version("concern_one_current")]


class SourceType(models.TextChoices):
    ELECTRONIC_RECORD = "record", "Electronic record"
    CARE_COORDINATOR = "colleagues", "Care coordinator or colleagues"
    EXISTING_PLAN = "plan", "An existing plan"
    CARER = "carer", "Carer or family, about past crises"
    OTHER = "other", "Other"


class KnownSource(Versioned):
    """One source checked before meeting the person, and what it said."""

    scribe = staff_member()
    source_type = models.CharField(max_length=20, choices=SourceType.choices)
    detail = models.CharField(
        max_length=200, blank=True, help_text="Which record, who, which plan."
    )
    what_it_said = models.TextField(max_length=TEXT_LIMIT)
    checked_at = models.DateTimeField()
    limited_access = models.BooleanField(default=False)

    class Meta:
        ordering = ["checked_at"]
        constraints = [one_current_version("knownsource_one_current")]


class InformantType(models.TextChoices):
    CARER = "carer", "Carer"
    RELATIVE = "relative", "Relative or someone close"
    GP = "gp", "GP"
    CARE_TEAM = "care_team", "Existing care team"
    OTHER = "other", "Other"


class SharingBasis(models.TextChoices):
    CONSENT = "consent", "The person agreed to us asking"
    WITHOUT_CONSENT = "without_consent", "Shared without the person's agreement"
    OFFERED = "offered", "Offered by the supporter, from their own device"


class Topic(models.TextChoices):
    """What a supporter's own information is about (the prompts of their page)."""

    NOTICED = "noticed", "What you have noticed lately"
    HELPED = "helped", "What helped in past crises"
    WORRIED = "worried", "Anything you are worried about"


class Corroboration(Versioned):
    """What someone else told us about the person: a carer, a relative, the
    GP or the care team.

    Typed by a member of staff (`scribe`), or offered by a supporter taking
    part, from their own device (`via_code`, their code; `voice` is then their
    own participant and `topic` the prompt they answered): exactly one of the
    two, checked by the database, as for `Contribution`.

    `basis` records honestly how it came to us. The team asking someone about
    the person is sharing that the person is in our care, so it needs the
    person's agreement (CONSENT) or a recorded reason (WITHOUT_CONSENT). A
    supporter offering what they know (OFFERED) is not the team sharing
    anything: listening never breaches the person's confidentiality (DOMAIN.md
    §11, the 2014 consensus statement), so it needs neither, and the basis
    also keeps, across later versions typed by staff, that it came from the
    supporter's own device.

    `withheld_reason` (a WithheldReason, or empty) keeps it from the person's
    view and copy, as for a contribution: usually third-party information
    given in confidence; supporters never see a withheld one either.
    """

    scribe = staff_member(optional=True)
    via_code = via_code_field()
    informant_type = models.CharField(max_length=20, choices=InformantType.choices)
    informant_name = models.CharField(max_length=200)
    what_they_said = models.TextField(max_length=TEXT_LIMIT)
    basis = models.CharField(max_length=20, choices=SharingBasis.choices)
    basis_reason = models.TextField(blank=True, max_length=TEXT_LIMIT)
    voice = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(max_length=20, choices=Topic.choices, blank=True)
    withheld_reason = models.CharField(
        max_length=20, choices=WithheldReason.choices, blank=True
    )
    # When the supporter who offered it took it back from their own device
    # (None: not taken back). A version like any change, never a deletion:
    # staff still read its words, and its history, since the team may have
    # acted on it; the person's view and copy say only that it was taken back.
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            one_current_version("corroboration_one_current"),
            one_writer("scribe", "corroboration_one_writer"),
            models.CheckConstraint(
                condition=~models.Q(basis="without_consent")
                | ~models.Q(basis_reason=""),
                name="corroboration_reason_without_consent",
            ),
        ]

    @property
    def withheld(self) -> bool:
        return bool(self.withheld_reason)

    @property
    def from_own_device(self) -> bool:
        """Offered by the supporter from their own device (this version, or
        the one staff later changed)."""
        return self.via_code_id is not None or self.basis == SharingBasis.OFFERED

    @property
    def withdrawn(self) -> bool:
        """Taken back by the supporter who offered it (`withdrawn_at`)."""
        return self.withdrawn_at is not None


class Ability(models.TextChoices):
    ABLE = "able", "Able"
    NOT_ABLE = "not_able", "Not able, even with support"


class CapacityOutcome(models.TextChoices):
    HAS_CAPACITY = "has", "Has capacity for this decision"
    LACKS_CAPACITY = "lacks", "Lacks capacity for this decision, at this time"


class CapacityAssessment(Versioned):
    """Mental Capacity Act 2005: one decision, at one time (DOMAIN.md §3)."""

    scribe = staff_member()
    decision = models.TextField(max_length=2000)
    assessed_at = models.DateTimeField()
    # Who assessed (a member of staff taking part). Null only on records made
    # before it was asked; `scribe` is who typed it.
    assessed_by = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    understand = models.CharField(max_length=10, choices=Ability.choices)
    understand_evidence = models.TextField(max_length=TEXT_LIMIT)
    retain = models.CharField(max_length=10, choices=Ability.choices)
    retain_evidence = models.TextField(max_length=TEXT_LIMIT)
    use_or_weigh = models.CharField(max_length=10, choices=Ability.choices)
    use_or_weigh_evidence = models.TextField(max_length=TEXT_LIMIT)
    communicate = models.CharField(max_length=10, choices=Ability.choices)
    communicate_evidence = models.TextField(max_length=TEXT_LIMIT)
    causal_link = models.TextField(blank=True, max_length=TEXT_LIMIT)
    support_given = models.TextField(max_length=TEXT_LIMIT)
    outcome = models.CharField(max_length=10, choices=CapacityOutcome.choices)
    wishes_and_feelings = models.TextField(blank=True, max_length=TEXT_LIMIT)
    beliefs_and_values = models.TextField(blank=True, max_length=TEXT_LIMIT)
    who_was_consulted = models.TextField(blank=True, max_length=TEXT_LIMIT)
    best_interests_decision = models.TextField(blank=True, max_length=TEXT_LIMIT)

    class Meta:
        ordering = ["assessed_at"]
        constraints = [one_current_version("capacity_one_current")]

    ABILITIES = ("understand", "retain", "use_or_weigh", "communicate")


class DisputedKind(models.TextChoices):
    """What kind of entry a dispute is about."""

    CONTRIBUTION = "contribution", "An entry"
    CONCERN = "concern", "An immediate concern"
    KNOWN = "known", "A source checked before meeting"
    CORROBORATION = "corroboration", "What someone else told us"
    CAPACITY = "capacity", "A capacity assessment"


# The column of `Dispute` that points at the version disputed, by kind.
DISPUTED_FIELDS: dict[str, str] = {
    DisputedKind.CONTRIBUTION: "contribution",
    DisputedKind.CONCERN: "concern",
    DisputedKind.KNOWN: "known_source",
    DisputedKind.CORROBORATION: "corroboration",
    DisputedKind.CAPACITY: "capacity",
}


def _one_target() -> models.CheckConstraint:
    """The database check that a dispute points at exactly one entry, in the
    column its `kind` names, and at no other."""
    condition = models.Q()
    for kind, name in DISPUTED_FIELDS.items():
        nulls = {
            f"{other}__isnull": other != name for other in DISPUTED_FIELDS.values()
        }
        condition |= models.Q(kind=kind, **nulls)
    return models.CheckConstraint(condition=condition, name="dispute_one_target")


class Dispute(PublicModel):
    """A participant's recorded disagreement with an entry of any kind (an
    attributed entry, a concern, a source checked, what someone else told
    us, a capacity assessment), kept beside it for good and beside its later
    versions (`lineage`, the disputed entry's): typed by staff (`scribe`) or
    written by the disputer on their own device (`via_code`), exactly one of
    the two. `kind` says which column holds the version disputed; a database
    check keeps exactly that one set."""

    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(
        max_length=20, choices=DisputedKind.choices, default=DisputedKind.CONTRIBUTION
    )
    contribution = models.ForeignKey(
        Contribution,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disputes",
    )
    concern = models.ForeignKey(
        ImmediateConcern,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disputes",
    )
    known_source = models.ForeignKey(
        KnownSource,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disputes",
    )
    corroboration = models.ForeignKey(
        Corroboration,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disputes",
    )
    capacity = models.ForeignKey(
        CapacityAssessment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disputes",
    )
    lineage = models.UUIDField(db_index=True)
    disputer = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="+"
    )
    account = models.TextField(max_length=TEXT_LIMIT)
    scribe = staff_member(optional=True)
    via_code = via_code_field()

    class Meta:
        ordering = ["created_at"]
        constraints = [one_writer("scribe", "dispute_one_writer"), _one_target()]

    @property
    def target_id(self) -> uuid.UUID:
        """The id of the version disputed, whatever its kind."""
        found: uuid.UUID = getattr(self, f"{DISPUTED_FIELDS[self.kind]}_id")
        return found


# The kind of a dispute about each model of entry.
DISPUTED_KINDS: dict[type[Versioned], DisputedKind] = {
    Contribution: DisputedKind.CONTRIBUTION,
    ImmediateConcern: DisputedKind.CONCERN,
    KnownSource: DisputedKind.KNOWN,
    Corroboration: DisputedKind.CORROBORATION,
    CapacityAssessment: DisputedKind.CAPACITY,
}
