"""Forms for decisions, for any host. Plain messages; what was typed is always kept.

The rules about positions and outcomes (a reason for reservations, disagreement
and objection; why the person's view did not prevail) live in `rules`. These
forms check only the shape of what was typed, and the views show the rules'
messages beside the part they are about. Voices are chosen from the host's.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, cast
from uuid import UUID

from django import forms

from coassess.core.forms import Moment, MomentForm, choice_field
from coassess.core.text import reason_field, text_field
from coassess.decisions.hosts import CapacityRecord
from coassess.decisions.models import DecidingRule, Option, Position, Stance
from coassess.decisions.rules import (
    OutcomeDraft,
    Reply,
    how_part,
    review_needed,
    unanswered,
    why_part,
)
from coassess.decisions.services import Answer
from coassess.decisions.voices import Voice

NOT_TAKING_PART = "Choose someone who is taking part in this assessment."
OPTION_LIMIT = 1000


def voice_field(
    label: str, *, required: bool = True, message: str = ""
) -> forms.TypedChoiceField:
    """Choose one of the host's voices (`choose_voices` fills in the choices);
    cleans to the voice's key."""
    return forms.TypedChoiceField(
        label=label,
        required=required,
        coerce=UUID,
        empty_value=None,
        error_messages={"required": message, "invalid_choice": NOT_TAKING_PART},
    )


def choose_voices(
    form: forms.Form, name: str, voices: list[Voice], empty: str = ""
) -> None:
    """Offer these voices, and only them, in the field `name`."""
    choices = [(str(v.key), v.label) for v in voices]
    field = cast(forms.TypedChoiceField, form.fields[name])
    field.choices = [("", empty), *choices] if empty else choices


PERSON_FIRST = "The person speaks first"
PERSON_FIRST_HINT = (
    "No one else’s position on an option is taken until the person has given "
    "theirs, or has said they do not want to."
)


class DecisionForm(forms.Form):
    question = text_field(
        "The question, in plain words",
        message="Write the question, in plain words.",
        help_text="For example: Where will you be supported tonight?",
        limit=500,
        long=False,
        wording="person",
    )
    person_first = forms.BooleanField(
        label=PERSON_FIRST, required=False, help_text=PERSON_FIRST_HINT
    )


class PersonFirstForm(forms.Form):
    """Turn "the person speaks first" on or off for a decision."""

    person_first = forms.BooleanField(
        label=PERSON_FIRST, required=False, help_text=PERSON_FIRST_HINT
    )


class OptionForm(forms.Form):
    text = text_field(
        "The option",
        limit=OPTION_LIMIT,
        message="Write the option.",
        help_text="Anyone taking part can suggest one. Write it in their words.",
        wording="person",
    )
    proposer = voice_field("Who suggests it?", message="Choose who suggests it.")

    def __init__(self, *args: Any, voices: list[Voice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choose_voices(self, "proposer", voices)


class RewordForm(forms.Form):
    """New words for an option. `based_on_wording` is the one the writer saw."""

    based_on_wording = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    text = text_field(
        "The option, reworded",
        limit=OPTION_LIMIT,
        message="Write the option.",
        help_text="Everyone who gave a position on it will be asked again.",
        wording="person",
    )


def stance_name(option: Option) -> str:
    return f"stance_{option.pk}"


def matters_name(option: Option) -> str:
    return f"matters_{option.pk}"


class PositionsForm(forms.Form):
    """One voice's positions on the options of a decision, each with what matters.

    An option left without a position is skipped, so people can answer some now
    and the rest later; at least one is needed. `word` names the options
    ("Option 1: ...", "Action 1: ...").
    """

    voice = voice_field(
        "Whose position is this?", message="Choose whose position this is."
    )
    declines = forms.BooleanField(
        label="The person does not want to give a position on this",
        required=False,
        help_text="Tick this only for the person, if they say so. Others can "
        "then give theirs. It is recorded.",
    )

    def __init__(
        self,
        *args: Any,
        voices: list[Voice],
        options: list[Option],
        word: str = "option",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        choose_voices(self, "voice", voices)
        self.voices = voices
        self.options = options
        self.word = word
        for number, option in enumerate(options, start=1):
            self.fields[stance_name(option)] = forms.ChoiceField(
                label=f"{word.capitalize()} {number}: {option.text}",
                choices=Stance.choices,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choose one of the positions."},
            )
            self.fields[matters_name(option)] = text_field(
                f"What matters to you here ({word} {number})",
                required=False,
                help_text="Needed for agree with reservations, disagree or object.",
            )

    def answer_rows(
        self,
    ) -> list[tuple[int, Option, forms.BoundField, forms.BoundField]]:
        return [
            (n, o, self[stance_name(o)], self[matters_name(o)])
            for n, o in enumerate(self.options, start=1)
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("declines"):
            return self._declining(cleaned)
        answers = []
        for option in self.options:
            stance = cleaned.get(stance_name(option)) or ""
            matters = cleaned.get(matters_name(option)) or ""
            if stance:
                answers.append(Answer(option, stance, matters))
            elif matters.strip():
                self.add_error(
                    stance_name(option),
                    f"Choose a position on this {self.word}, or clear what you wrote.",
                )
        if not answers and self.options and not self.errors:
            self.add_error(
                stance_name(self.options[0]),
                f"Choose a position on at least one {self.word}.",
            )
        cleaned["answers"] = answers
        return cleaned

    def _declining(self, cleaned: dict[str, Any]) -> dict[str, Any]:
        """The person says they do not want to give a position: nothing else
        may be given with it."""
        person = next((v for v in self.voices if v.is_person), None)
        if cleaned.get("voice") is not None and (
            person is None or cleaned["voice"] != person.key
        ):
            self.add_error(
                "declines",
                "Only the person can say they do not want to give a position. "
                "Choose them, or untick this.",
            )
        elif any(cleaned.get(stance_name(o)) for o in self.options):
            self.add_error(
                "declines",
                "Either give positions or say they do not want to, not both.",
            )
        cleaned["answers"] = []
        return cleaned

    def show_refusals(self, errors: dict[UUID, str]) -> None:
        """Put the rules' message beside each option they refused."""
        for option in self.options:
            if option.pk in errors:
                self.add_error(matters_name(option), errors[option.pk])


def current_answers(positions: list[Position]) -> dict[str, Any]:
    """Initial data for a voice's positions form: what they said last time."""
    initial: dict[str, Any] = {}
    for p in positions:
        initial[f"stance_{p.option_id}"] = p.stance
        initial[f"matters_{p.option_id}"] = p.what_matters
    return initial


class ViewAsForm(forms.Form):
    """`?as=<voice>`: whose eyes the voices grid is seen through."""

    def __init__(self, *args: Any, voices: list[Voice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["as"] = voice_field("See the positions as", required=False)
        choose_voices(self, "as", voices, empty="Choose someone taking part")

    def viewer(self) -> UUID | None:
        if not self.is_bound or not self.is_valid():
            return None
        return cast("UUID | None", self.cleaned_data.get("as"))


@dataclass(frozen=True)
class Dissenting:
    """A voice who disagrees with or objects to at least one option: its key,
    name, and what it says about which ("objects to option 2")."""

    key: UUID
    name: str
    about: list[str]
    options: frozenset[UUID] = frozenset()  # the options they dissent from

    @property
    def hint(self) -> str:
        return (
            f"Needed if the option decided is one {self.name} "
            f"{' or '.join(self.about)}."
        )


class OutcomeForm(MomentForm):
    """The balanced decision, with an answer for each voice who dissents from
    an option (`dissenting`), needed if that option is chosen. `based_on` is
    the outcome the writer saw, for the conflict check."""

    moment = Moment(
        "review",
        "review_at",
        time_label="Time of the review",
        what="the review",
        wrong_side="The review must be in the future.",
        to_come=True,
    )

    based_on = forms.UUIDField(widget=forms.HiddenInput, required=False)
    chosen = forms.ChoiceField(
        label="What was decided",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the option that was decided.",
            "invalid_choice": "Choose one of this decision's options.",
        },
    )
    deciding_rule = choice_field(
        "How was it decided?", DecidingRule.choices, "Say how the decision was reached."
    )
    # The outcome is in the person's copy: prompts for a reader who is them.
    rationale = reason_field(
        "Why this option",
        what="why this option was chosen",
        message="Write why this option was chosen.",
        wording="person",
    )
    values_weighed = reason_field(
        "The values weighed",
        what="the values that were weighed",
        message="Write the values that were weighed.",
        help_text="What mattered to each person, and how they were balanced.",
        wording="person",
    )
    remaining_disagreements = text_field(
        "Anything else that remains in disagreement (optional)",
        required=False,
        help_text="Each person who disagrees is answered below.",
        wording="person",
    )
    how_respected = text_field(
        "How any reservations are respected (optional)",
        required=False,
        help_text="For example: an earlier review, or what will change course.",
        wording="person",
    )
    why_person_not_followed = reason_field(
        "If a legal duty or the person’s best interests decided it, why",
        what="why the person’s view did not decide it",
        required=False,
        help_text="Needed when a legal duty or their best interests decided it.",
        wording="person",
    )
    capacity_record = forms.ChoiceField(
        label="The capacity assessment this rests on",
        required=False,
        help_text="Needed for a best-interests decision.",
        error_messages={
            "invalid_choice": "Choose one of this assessment’s capacity assessments."
        },
    )

    def __init__(
        self,
        *args: Any,
        options: list[Option],
        capacity: list[CapacityRecord],
        dissenting: list[Dissenting] | None = None,
        about_a_person: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # A host with no one at its centre (a co-production project) has no
        # person's choice, duty or best interests to decide by.
        self.about_a_person = about_a_person
        if not about_a_person:
            cast(forms.ChoiceField, self.fields["deciding_rule"]).choices = [
                (DecidingRule.EVERYONE_AGREES, DecidingRule.EVERYONE_AGREES.label),
                (DecidingRule.BALANCED, "A balance of everyone’s views"),
            ]
        self.options = {str(o.pk): o for o in options}
        self.capacity = {str(c.key): c for c in capacity}
        self.dissenting = dissenting or []
        cast(forms.ChoiceField, self.fields["chosen"]).choices = [
            (k, o.text) for k, o in self.options.items()
        ]
        cast(forms.ChoiceField, self.fields["capacity_record"]).choices = [
            ("", "None")
        ] + [(k, c.label) for k, c in self.capacity.items()]
        for d in self.dissenting:
            self.fields[why_part(d.key)] = reason_field(
                f"Why {d.name}’s view did not prevail",
                what=f"why {d.name}’s view did not prevail",
                required=False,
                help_text=d.hint,
                wording="person",
            )
            self.fields[how_part(d.key)] = reason_field(
                f"How {d.name}’s view is respected",
                what=f"how {d.name}’s view is respected",
                required=False,
                help_text="For example: they stay over tonight; an earlier review.",
                wording="person",
            )

    def reply_rows(self) -> list[tuple[Dissenting, forms.BoundField, forms.BoundField]]:
        return [
            (d, self[why_part(d.key)], self[how_part(d.key)]) for d in self.dissenting
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned["chosen"] = self.options.get(cleaned.get("chosen") or "")
        record = self.capacity.get(cleaned.get("capacity_record") or "")
        cleaned["capacity_record"] = record.key if record else None
        cleaned["replies"] = {
            d.key: Reply(
                why=cleaned.get(why_part(d.key)) or "",
                how=cleaned.get(how_part(d.key)) or "",
            )
            for d in self.dissenting
        }
        self._ask_for_answers(cleaned)
        return cleaned

    def _ask_for_answers(self, cleaned: dict[str, Any]) -> None:
        """Say at once what the rules will ask about dissent from the option
        chosen: an answer to each dissenting voice, and a review."""
        chosen = cleaned["chosen"]
        if chosen is None:
            return
        dissent = [d for d in self.dissenting if chosen.pk in d.options]
        empty = unanswered([(d.key, d.name) for d in dissent], cleaned["replies"])
        for part, message in empty.items():
            if part not in self.errors:
                self.add_error(part, message)
        review_boxes_fine = not any(k.startswith("review_") for k in self.errors)
        if dissent and cleaned.get("review_at") is None and review_boxes_fine:
            self.add_error("review_day", review_needed([d.name for d in dissent]))

    def draft(self) -> OutcomeDraft:
        """The outcome as typed, for the rules to judge."""
        return OutcomeDraft(
            **{
                f.name: self.cleaned_data[f.name]
                for f in dataclasses.fields(OutcomeDraft)
            }
        )

    def show_refusals(self, errors: dict[str, str]) -> None:
        """Put each of the rules' messages beside the box it is about (the
        review's date box for "review_at"), or above the form."""
        for part, message in errors.items():
            name = "review_day" if part == "review_at" else part
            self.add_error(name if name in self.fields else None, message)


def dissenting_voices(
    voices: list[Voice], positions: list[Any], options: list[Option], word: str
) -> list[Dissenting]:
    """Each voice who disagrees with or objects to any option (current
    positions: anything with option_id, voice_key, voice_name and stance), in
    the order of `voices`, with what they say about which."""
    number = {o.pk: i for i, o in enumerate(options, start=1)}
    about: dict[UUID, list[str]] = {}
    names: dict[UUID, str] = {}
    against: dict[UUID, set[UUID]] = {}
    for p in sorted(positions, key=lambda p: number.get(p.option_id, 0)):
        if p.stance in (Stance.DISAGREE, Stance.OBJECT) and p.option_id in number:
            verb = "objects to" if p.stance == Stance.OBJECT else "disagrees with"
            about.setdefault(p.voice_key, []).append(
                f"{verb} ({word} {number[p.option_id]})"
            )
            names[p.voice_key] = p.voice_name
            against.setdefault(p.voice_key, set()).add(p.option_id)
    order = {v.key: i for i, v in enumerate(voices)}
    return [
        Dissenting(key, names[key], about[key], frozenset(against[key]))
        for key in sorted(about, key=lambda k: order.get(k, len(order)))
    ]


def outcome_initial(outcome: Any) -> dict[str, Any]:
    """The outcome form filled in from the current outcome (None: a new one),
    with its answers to dissent."""
    if outcome is None:
        return {"based_on": None}
    initial = {
        "based_on": outcome.pk,
        "chosen": str(outcome.chosen_id),
        "deciding_rule": outcome.deciding_rule,
        "rationale": outcome.rationale,
        "values_weighed": outcome.values_weighed,
        "remaining_disagreements": outcome.remaining_disagreements,
        "how_respected": outcome.how_others_respected,
        "why_person_not_followed": outcome.why_person_not_followed,
        "capacity_record": str(outcome.capacity_record or ""),
    }
    for a in outcome.dissent_answers.all():
        initial[why_part(a.voice_key)] = a.why_not_prevailed
        initial[how_part(a.voice_key)] = a.how_respected
        if a.voice_is_person and a.why_not_prevailed == outcome.why_person_not_followed:
            initial["why_person_not_followed"] = ""  # said once, in their answer
    return initial
