"""Forms for the plan. Plain messages; what was typed is always kept.

The rules (a reason for a dissenting position, a time to go through the plan
with the person, what sign-off needs, that a signed plan only takes addenda)
live in the services and the dissensus engine. These forms check the shape of
what was typed, and the views put the services' messages on them.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms

from coassess.accounts.models import User
from coassess.assessments.forms import (
    choose_from_participants,
    participant_field,
    participants_of,
)
from coassess.assessments.models import (
    Assessment,
    Contribution,
    Expertise,
    ImmediateConcern,
)
from coassess.core.forms import (
    Moment,
    MomentForm,
    choice_field,
    moment_initial,
    tick_boxes,
)
from coassess.core.text import reason_field, text_field
from coassess.plans import contingency
from coassess.plans.models import Action, ContingencyPlan, Meaning, Plan

# An action is an option in the plan's decision, whose text the engine keeps short.
ACTION_LIMIT = 1000
SHORT_LIMIT = 200


def _based_on() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ConcernChoiceField(forms.ModelMultipleChoiceField["ImmediateConcern"]):
    def label_from_instance(self, obj: ImmediateConcern) -> str:
        return obj.text if obj.agreed else f"{obj.text} (not agreed by everyone)"


class StrengthChoiceField(forms.ModelMultipleChoiceField["Contribution"]):
    def label_from_instance(self, obj: Contribution) -> str:
        return f"{obj.text} ({obj.voice.name})"


def current_concerns(assessment: Assessment) -> Any:
    return ImmediateConcern.objects.filter(
        assessment=assessment, is_current=True
    ).order_by("created_at")


def current_strengths(assessment: Assessment) -> Any:
    return (
        Contribution.objects.filter(
            assessment=assessment, is_current=True, section__startswith="strengths."
        )
        .select_related("voice")
        .order_by("created_at")
    )


class ActionForm(forms.Form):
    what = text_field(
        "What will be done",
        message="Write what will be done.",
        help_text="In plain words, the way it was agreed.",
        limit=ACTION_LIMIT,
        wording="person",
    )
    who = text_field(
        "Who will do it",
        message="Write who will do it.",
        help_text="For example: Sam and Maggie, or the liaison team.",
        limit=SHORT_LIMIT,
        long=False,
    )
    by_when = text_field(
        "By when",
        message="Write by when it will be done.",
        help_text="For example: by 10:00 tomorrow.",
        limit=SHORT_LIMIT,
        long=False,
    )
    proposer = participant_field("Who suggested it?", "Choose who suggested it.")
    concerns = tick_boxes(
        ConcernChoiceField,
        ImmediateConcern.objects.none(),
        "Which concerns does it answer?",
        "Every concern that everyone agreed needs an action.",
        invalid="Choose from this assessment's concerns.",
    )
    strengths = tick_boxes(
        StrengthChoiceField,
        Contribution.objects.none(),
        "Which strengths does it build on?",
        "What helps, people who matter, skills and hopes.",
        invalid="Choose from this assessment's strengths.",
    )

    def __init__(
        self,
        *args: Any,
        assessment: Assessment,
        writer: User | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choose_from_participants(self, "proposer", assessment, writer)
        cast(ConcernChoiceField, self.fields["concerns"]).queryset = current_concerns(
            assessment
        )
        cast(
            StrengthChoiceField, self.fields["strengths"]
        ).queryset = current_strengths(assessment)


REVISIT_NEEDED = (
    "Say when the plan will be gone through again: it is needed when the "
    "person could not take part."
)


class RationaleForm(MomentForm):
    moment = Moment(
        "revisit",
        "revisit_at",
        time_label="Time",
        what="going through the plan again",
        wrong_side="The time to go through the plan again must be in the future.",
        to_come=True,
    )
    based_on = _based_on()
    rationale = reason_field(
        "Why this is the plan",
        what="why this is the plan",
        required=False,
        help_text="The reasons for it, and what was weighed up.",
        wording="person",
    )
    person_not_able_reason = reason_field(
        "If the person was not able to take part: why",
        what="why they could not take part",
        required=False,
        help_text="Leave this empty if the person took part, with or without an "
        "interpreter.",
        wording="person",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            (cleaned.get("person_not_able_reason") or "").strip()
            and cleaned["revisit_at"] is None
            and "revisit_day" not in self.errors
            and "revisit_time" not in self.errors
            and "revisit_reading" not in self.errors
        ):
            self.add_error("revisit_day", REVISIT_NEEDED)
        return cleaned


class ContingencyForm(forms.Form):
    based_on = _based_on()
    in_own_words = forms.BooleanField(
        label="This is written in my own words",
        required=False,
        help_text="Tick this only if the person wrote or said it in their own words.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for part in contingency.PARTS:
            self.fields[part.name] = text_field(
                part.label, required=False, help_text=part.hint, wording="person"
            )

    def text_fields(self) -> list[Any]:
        return [self[name] for name in contingency.NAMES]


class ContactForm(forms.Form):
    name = text_field(
        "Name", message="Write their name.", limit=SHORT_LIMIT, long=False
    )
    role = text_field(
        "Who they are (optional)",
        required=False,
        help_text="For example: mum, crisis line.",
        limit=SHORT_LIMIT,
        long=False,
    )
    how = text_field(
        "How to reach them",
        message="Write how to reach them.",
        help_text="A phone number, or how to reach them.",
        limit=SHORT_LIMIT,
        long=False,
    )
    when = text_field(
        "When they can be reached",
        message="Write when they can be reached.",
        help_text="For example: any time; 9am to 5pm.",
        limit=SHORT_LIMIT,
        long=False,
    )


class ConfirmForm(forms.Form):
    participant = participant_field("Who is this?", "Choose who is confirming.")
    meaning = choice_field(
        "What do they say about the plan?",
        Meaning.choices,
        "Choose what they say about the plan.",
    )
    reason = reason_field(
        "Reason",
        what="the reason",
        required=False,
        help_text="Needed if they do not agree with part of it, or if you record "
        "this for the person.",
    )

    def __init__(
        self,
        *args: Any,
        assessment: Assessment,
        writer: User | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # An interpreter conveys; they are not asked to agree (queries.is_interpreter).
        choose_from_participants(
            self,
            "participant",
            assessment,
            writer,
            only=participants_of(assessment).exclude(expertise=Expertise.INTERPRETER),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        participant = cleaned.get("participant")
        if (
            cleaned.get("meaning") == Meaning.ON_BEHALF
            and participant is not None
            and participant.kind != "person"
        ):
            self.add_error(
                "meaning",
                "Only the person's own confirmation can be recorded on their behalf.",
            )
        reason = (cleaned.get("reason") or "").strip()
        if cleaned.get("meaning") == Meaning.DISAGREE and not reason:
            self.add_error("reason", "Say which part they do not agree with, and why.")
        if cleaned.get("meaning") == Meaning.ON_BEHALF and not reason:
            self.add_error(
                "reason", "Say why you are recording this on the person's behalf."
            )
        return cleaned


class ActionChoiceField(forms.ModelChoiceField["Action"]):
    def label_from_instance(self, obj: Action) -> str:
        return obj.what


class AddendumForm(forms.Form):
    """An addendum: why, and either an addition to the plan or what one action
    says now (with its who and when, if they change)."""

    reason = reason_field(
        "Why the plan is changing",
        what="why the plan is changing",
        required=True,
        message="Write why the plan is changing.",
        wording="person",
    )
    action = ActionChoiceField(
        queryset=Action.objects.none(),
        required=False,
        label="Does it change one of the agreed actions?",
        empty_label="No: it adds to the plan",
        error_messages={"invalid_choice": "Choose one of this plan’s actions."},
    )
    text = text_field(
        "The change",
        required=True,
        message="Write the change.",
        help_text="If it changes an action, write what the action says now.",
        wording="person",
    )
    who = text_field(
        "Who will do it now (optional)",
        required=False,
        help_text="Only if it changes an action and who does it changes.",
        limit=SHORT_LIMIT,
        long=False,
    )
    by_when = text_field(
        "By when, now (optional)",
        required=False,
        help_text="Only if it changes an action and when it happens changes.",
        limit=SHORT_LIMIT,
        long=False,
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(ActionChoiceField, self.fields["action"]).queryset = Action.objects.filter(
            plan=plan
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("action") is None and "action" not in self.errors:
            for name in ("who", "by_when"):
                if (cleaned.get(name) or "").strip():
                    self.add_error(name, "Choose the action whose who or when changes.")
        if cleaned.get("action") is not None and len(cleaned.get("text") or "") > (
            ACTION_LIMIT
        ):
            self.add_error(
                "text", f"Keep what the action says under {ACTION_LIMIT:,} characters."
            )
        return cleaned


def rationale_initial(plan: Plan) -> dict[str, Any]:
    """The rationale form as the plan stands: the reasons, and when it will be
    gone through with the person, in the date and time boxes."""
    initial: dict[str, Any] = {
        "based_on": plan.version,
        "rationale": plan.rationale,
        "person_not_able_reason": plan.person_not_able_reason,
    }
    if plan.revisit_with_person_at:
        initial.update(moment_initial("revisit", plan.revisit_with_person_at))
    return initial


def contingency_initial(plan: Plan) -> dict[str, Any]:
    """The crisis plan form as the plan's contingency plan stands."""
    saved = ContingencyPlan.objects.get(plan=plan)
    return {
        **{name: getattr(saved, name) for name in contingency.NAMES},
        "based_on": saved.version,
        "in_own_words": saved.in_own_words,
    }
