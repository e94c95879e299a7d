"""Forms for the assessment. Each validates with plain messages and keeps what was typed."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from coassess.accounts.models import User
from coassess.assessments.models import (
    Ability,
    Assessment,
    CapacityOutcome,
    Expertise,
    InformantType,
    JoiningBy,
    Participant,
    ParticipantKind,
    SharingBasis,
    SourceType,
    WithheldReason,
)
from coassess.core.forms import PARTS, Moment, MomentForm, choice_field, tick_boxes
from coassess.core.text import TEXT_LIMIT, reason_field, text_field


def participant_label(obj: Participant) -> str:
    return f"{obj.name} ({obj.get_expertise_display().lower()})"


class ParticipantChoiceField(forms.ModelChoiceField["Participant"]):
    def label_from_instance(self, obj: Participant) -> str:
        return participant_label(obj)


class ParticipantMultipleChoiceField(forms.ModelMultipleChoiceField["Participant"]):
    def label_from_instance(self, obj: Participant) -> str:
        return participant_label(obj)


def participant_field(
    label: str, message: str, help_text: str = ""
) -> ParticipantChoiceField:
    """One of an assessment's participants, as radios (`choose_from_participants`
    offers them). Nothing is chosen until the writer chooses, or the writer's
    own voice when they take part: never the person's by default (hazard H26)."""
    return ParticipantChoiceField(
        queryset=Participant.objects.none(),
        label=label,
        empty_label=None,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={
            "required": message,
            "invalid_choice": "Choose someone who is taking part.",
        },
    )


def participants_of(assessment: Assessment) -> Any:
    return Participant.objects.filter(assessment=assessment)  # in the order they joined


def own_participant(assessment: Assessment, writer: User | None) -> Participant | None:
    """The participant who is `writer` (a member of staff taking part), or None."""
    if writer is None:
        return None
    return Participant.objects.filter(assessment=assessment, user=writer).first()


def choose_from_participants(
    form: forms.Form,
    name: str,
    assessment: Assessment,
    writer: User | None = None,
    only: Any = None,
) -> None:
    """Offer this assessment's participants (or the narrower queryset `only`),
    and only them, in a choice field.

    With `writer`, an unbound form whose `initial` chooses no one has the
    writer's own voice chosen, if the writer is taking part. Otherwise nothing
    is chosen: the person's voice is never a default.
    """
    field = cast("forms.ModelChoiceField[Participant]", form.fields[name])
    field.queryset = participants_of(assessment) if only is None else only
    if writer is None or form.is_bound or form.initial.get(name) is not None:
        return
    own = own_participant(assessment, writer)
    if own is not None and field.queryset.filter(pk=own.pk).exists():
        form.initial[name] = own.pk


class AddForm(forms.Form):
    """A form that adds a record to an assessment; it is told which one, and
    who is writing (`writer`), whose own voice may be chosen for them."""

    def __init__(
        self,
        *args: Any,
        assessment: Assessment,
        writer: User | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.assessment = assessment
        self.writer = writer


def withheld_field() -> forms.ChoiceField:
    """Whether the person can see an entry, or the lawful reason (a
    WithheldReason value) it is kept from them: the one field for every kind
    of entry the team may withhold (a contribution, a corroboration)."""
    return forms.ChoiceField(
        label="Can the person see this?",
        required=False,
        choices=[
            ("", "Yes, the person can see this (the usual choice)"),
            *[(v, f"No: {label}") for v, label in WithheldReason.choices],
        ],
        help_text="Only withhold for one of these lawful reasons. It is logged.",
        error_messages={"invalid_choice": "Choose one of the answers."},
    )


class ContributionForm(forms.Form):
    """Add an entry, or (with `base`) save a new version of one."""

    prompt = forms.CharField(widget=forms.HiddenInput)
    base = forms.UUIDField(widget=forms.HiddenInput, required=False)
    voice = participant_field(
        "Whose words or view is this?",
        "Choose whose words or view this is.",
        help_text="Choose the person who said it. It is saved in their name.",
    )
    text = text_field("Entry", message="Write the entry before saving.")
    own_words = forms.BooleanField(
        label="These are their own words",
        required=False,
        help_text="Shown as a quotation, in their name.",
    )
    withheld_reason = withheld_field()

    def __init__(
        self,
        *args: Any,
        assessment: Assessment,
        writer: User | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choose_from_participants(self, "voice", assessment, writer)


class EntryDraftForm(forms.Form):
    """What an autosave of an entry form sends: which form, and the words so far."""

    prompt = forms.CharField(max_length=100)
    base = forms.UUIDField(required=False)
    text = forms.CharField(required=False, strip=False)


class DisputeForm(forms.Form):
    disputer = participant_field("Who disagrees?", "Choose who disagrees.")
    account = reason_field(
        "What they say instead, and why",
        what="why they disagree",
        message="Write what they say instead, and why.",
    )

    def __init__(
        self,
        *args: Any,
        assessment: Assessment,
        writer: User | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choose_from_participants(self, "disputer", assessment, writer)


# Nothing is chosen until the writer chooses: no expertise is assumed.
EXPERTISE_CHOICES = [("", "Choose what they bring"), *Expertise.choices]
JOINING_CHOICES = [("", "Not recorded"), *JoiningBy.choices]


class ParticipantForm(forms.Form):
    kind = choice_field(
        "Who is joining?",
        [
            (ParticipantKind.SUPPORTER, "A supporter the person has named"),
            (ParticipantKind.STAFF, "A member of staff"),
            (ParticipantKind.OTHER, "Someone else, for example an interpreter"),
        ],
        "Choose who is joining.",
        radios=False,
    )
    supporter = forms.ChoiceField(label="Supporter", required=False)
    user = forms.ChoiceField(label="Member of staff", required=False)
    name = text_field(
        "Their name (someone else)", required=False, limit=200, long=False
    )
    expertise = choice_field(
        "What they bring",
        EXPERTISE_CHOICES,
        "Choose what they bring.",
        radios=False,
    )
    role_in_meeting = text_field(
        "Their part in the meeting (optional)",
        required=False,
        help_text="For example: liaison nurse, scribe; chair.",
        limit=200,
        long=False,
    )
    joins_by = choice_field(
        "How they are joining (optional)",
        JOINING_CHOICES,
        "Choose how they are joining.",
        radios=False,
        required=False,
    )

    def __init__(
        self, *args: Any, assessment: Assessment, staff: list[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        joined = set(participants_of(assessment).values_list("supporter_id", flat=True))
        supporters = [
            s for s in assessment.person.supporters.all() if s.pk not in joined
        ]
        self.supporters = {str(s.pk): s for s in supporters}
        self.staff = {str(u.pk): u for u in staff}
        cast(forms.ChoiceField, self.fields["supporter"]).choices = [
            ("", "Choose a supporter")
        ] + [(k, f"{s.name} ({s.relationship})") for k, s in self.supporters.items()]
        cast(forms.ChoiceField, self.fields["user"]).choices = [
            ("", "Choose a member of staff")
        ] + [(k, u.display_name) for k, u in self.staff.items()]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        kind = cleaned.get("kind")
        supporter, user = cleaned.get("supporter"), cleaned.get("user")
        cleaned["supporter"] = cleaned["user"] = None
        if kind == ParticipantKind.SUPPORTER:
            cleaned["supporter"] = self.supporters.get(supporter or "")
            if cleaned["supporter"] is None:
                self.add_error("supporter", "Choose which supporter is joining.")
        elif kind == ParticipantKind.STAFF:
            cleaned["user"] = self.staff.get(user or "")
            if cleaned["user"] is None:
                self.add_error("user", "Choose which member of staff is joining.")
        elif kind == ParticipantKind.OTHER and not (cleaned.get("name") or "").strip():
            self.add_error("name", "Give the name of the person joining.")
        return cleaned


class ParticipantDetailsForm(forms.Form):
    """Correct a participant's details. `based_on` is the version the writer saw."""

    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    role_in_meeting = ParticipantForm.base_fields["role_in_meeting"]
    expertise = ParticipantForm.base_fields["expertise"]
    joins_by = ParticipantForm.base_fields["joins_by"]


def participant_details_initial(
    participant: Participant, version: int
) -> dict[str, Any]:
    """The details form filled in from the participant as they stand now."""
    return {
        "based_on": version,
        "role_in_meeting": participant.role_in_meeting,
        "expertise": participant.expertise,
        "joins_by": participant.joins_by,
    }


class ConcernForm(AddForm):
    base = forms.UUIDField(widget=forms.HiddenInput, required=False)
    text = text_field("The concern", message="Write the concern before saving.")
    raised_by = participant_field("Who raised it?", "Choose who raised it.")
    agreed_by = tick_boxes(
        ParticipantMultipleChoiceField,
        Participant.objects.none(),
        "Who agrees this is a concern to act on now?",
        "When everyone agrees, the plan must say what will be done about it.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from_participants(self, "raised_by", self.assessment, self.writer)
        choose_from_participants(self, "agreed_by", self.assessment)


class StartAssessmentForm(MomentForm):
    moment = Moment(
        "seen",
        "first_seen_at",
        time_label="Time you first saw them",
        what="your first meeting with them",
        wrong_side="The time you first saw them cannot be in the future.",
    )
    who_they_want_present = text_field(
        "Who do they want with them? (optional)",
        required=False,
        help_text="Ask them. Write it in their words.",
        limit=2000,
    )
    role_in_meeting = text_field(
        "Your part in the meeting (optional)",
        required=False,
        help_text="For example: liaison nurse, scribe. Left empty, your role "
        "in the team is used.",
        limit=200,
        long=False,
    )


class KnownSourceForm(AddForm, MomentForm):
    moment = Moment(
        "checked",
        "checked_at",
        time_label="Time you checked",
        what="your check",
        wrong_side="The time you checked cannot be in the future.",
    )
    source_type = choice_field(
        "Source", SourceType.choices, "Choose the source you checked.", radios=False
    )
    detail = text_field(
        "Which one (optional)",
        required=False,
        help_text="For example: the trust's record, the care coordinator's name.",
        limit=200,
        long=False,
    )
    what_it_said = text_field("What it said")
    limited_access = forms.BooleanField(
        label="Access was limited (for example out of hours)", required=False
    )


class CorroborationForm(AddForm):
    informant_type = choice_field(
        "Who is it from?", InformantType.choices, "Choose who it is from.", radios=False
    )
    informant_name = text_field(
        "Their name", message="Give their name.", limit=200, long=False
    )
    what_they_said = text_field("What they told us")
    basis = choice_field(
        "Basis for sharing",
        [c for c in SharingBasis.choices if c[0] != SharingBasis.OFFERED],
        "Choose the basis for sharing.",
    )
    basis_reason = reason_field(
        "Why it was shared without their agreement",
        what="why it was shared without their agreement",
        required=False,
        help_text="Needed only when the person did not agree.",
        limit=TEXT_LIMIT,
    )
    withheld_reason = withheld_field()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("basis") == SharingBasis.WITHOUT_CONSENT and not cleaned.get(
            "basis_reason"
        ):
            self.add_error(
                "basis_reason", "Say why this was shared without their agreement."
            )
        return cleaned


ABILITY_LABELS = {
    "understand": "Can they understand the information about the decision?",
    "retain": "Can they keep the information in mind long enough to decide?",
    "use_or_weigh": "Can they use or weigh the information as part of deciding?",
    "communicate": "Can they communicate their decision, by any means?",
}


class CapacityForm(AddForm, MomentForm):
    moment = Moment(
        "assessed",
        "assessed_at",
        time_label="Time of the assessment",
        what="the capacity assessment",
        wrong_side="The time of the assessment cannot be in the future.",
    )
    assessed_by = participant_field(
        "Who assessed their capacity?",
        "Choose who assessed their capacity.",
        help_text="A member of staff taking part. Add them first if they are not "
        "listed.",
    )
    decision = text_field(
        "The decision in question",
        message="Say which decision this is about.",
        help_text="One decision, for example: agreeing to stay in hospital tonight.",
        limit=2000,
    )
    support_given = text_field(
        "What was done to help them decide",
        help_text="For example: a quiet room, an interpreter, time, "
        "pictures, a supporter present.",
    )
    outcome = choice_field(
        "Outcome, for this decision at this time",
        CapacityOutcome.choices,
        "Choose the outcome.",
    )
    causal_link = text_field(
        "If they cannot decide: is this because of an impairment or disturbance of the "
        "mind or brain? How?",
        required=False,
        limit=TEXT_LIMIT,
    )
    wishes_and_feelings = text_field(
        "Their wishes and feelings, past and present", required=False, limit=TEXT_LIMIT
    )
    beliefs_and_values = text_field(
        "Their beliefs and values", required=False, limit=TEXT_LIMIT
    )
    who_was_consulted = text_field(
        "Who was consulted",
        required=False,
        help_text="Anyone they named, carers, attorneys, deputies.",
        limit=TEXT_LIMIT,
    )
    best_interests_decision = text_field(
        "The best-interests decision, and the less restrictive options considered",
        required=False,
        limit=TEXT_LIMIT,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_from_participants(
            self,
            "assessed_by",
            self.assessment,
            self.writer,
            only=participants_of(self.assessment).filter(kind=ParticipantKind.STAFF),
        )
        for name, label in ABILITY_LABELS.items():
            self.fields[name] = choice_field(
                label, Ability.choices, "Choose able or not able."
            )
            self.fields[f"{name}_evidence"] = text_field(
                "What shows this", message="Write what shows this."
            )

    @staticmethod
    def record_data(cleaned: dict[str, Any]) -> dict[str, Any]:
        """The capacity record's fields, from the form's cleaned data."""
        skip = {f"assessed_{part}" for part in PARTS}
        return {k: v for k, v in cleaned.items() if k not in skip}


class WithholdForm(forms.Form):
    """Whether the person can see one corroboration: the same field as when it
    is added, and the version it was chosen on (`based_on`, its id)."""

    withheld_reason = withheld_field()
    based_on = forms.UUIDField(widget=forms.HiddenInput)
