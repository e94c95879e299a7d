"""Staff's side of the entries the person keeps private from all their
supporters (`models.PrivateFromSupporters`), so that no one reads one out to
a supporter by mistake.

- Beside each entry on the staff assessment pages, a tag ("Sam keeps this
  from supporters"), through `assessments.marks` (`private_tags`).
- On the person's page and each supporter's sharing page, the entries of
  every kind kept private now and the history of those choices, each with
  its words and whose they are, through `people.registry`
  (`private_panel`). Only entries of the member's own team's assessments are
  listed: another team's record is not opened by a relationship.
- A page to set the mark for the person, when they ask a clinician to
  (`mark_private`, under the assessment's own policy), for every kind of
  entry, found by the same lookup as the person's own switch
  (`services.find_entry`) and linked under each entry on its section page:
  saved through `services.keep_private` as the clinician's, on the person's
  behalf; a choice made meanwhile (by the person on their phone, or anyone)
  is shown, not overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from coassess.accounts.types import StaffRequest
from coassess.assessments.access import assessment_record
from coassess.assessments.models import Assessment, Versioned
from coassess.assessments.presenters import EntryWords, assessment_page, entry_words
from coassess.core.flow import Done, form_page, posted
from coassess.core.forms import choice_field
from coassess.people.models import Person
from coassess.portal import services
from coassess.portal.models import PrivateFromSupporters

YES, NO = "yes", "no"


def _marks(person: Person) -> list[PrivateFromSupporters]:
    """Every choice about `person`'s entries, oldest first, with who made it
    (one query)."""
    return list(
        PrivateFromSupporters.objects.filter(person=person)
        .select_related("by_staff")
        .order_by("created_at", "pk")
    )


def _newest(marks: list[PrivateFromSupporters]) -> dict[UUID, PrivateFromSupporters]:
    newest: dict[UUID, PrivateFromSupporters] = {}
    for mark in marks:
        newest[mark.lineage] = mark
    return newest


def who_words(mark: PrivateFromSupporters, person: Person) -> str:
    """Who made a choice: "Sam, on their own device", or "Jo Bloggs, for Sam"."""
    if mark.by_staff is not None:
        return f"{mark.by_staff.display_name}, for {person.called}"
    return f"{person.called}, on {person.pronoun_words.their} own device"


def tag_words(mark: PrivateFromSupporters, person: Person) -> str:
    """The tag beside a kept entry: "Sam keeps this from supporters", and who
    set it when it was staff for them."""
    kept = f"{person.called} keeps this from supporters"
    if mark.by_staff is not None:
        return f"{kept} (set by {mark.by_staff.display_name} for them)"
    return kept


def private_tags(assessment: Assessment) -> dict[UUID, str]:
    """{lineage: tag} for each of the person's entries kept private now (one
    query; the assessment's own entries are the ones the page looks up)."""
    person = assessment.person
    return {
        lineage: tag_words(mark, person)
        for lineage, mark in _newest(_marks(person)).items()
        if mark.private
    }


@dataclass(frozen=True)
class MarkLine:
    """One choice, for staff: when, the entry's words now and whose they are
    (or what it is), kept or shared again, and who chose."""

    mark: PrivateFromSupporters
    shown: EntryWords
    kept: bool
    who: str


def private_panel(request: HttpRequest, person: Person) -> dict[str, Any]:
    """The panel's context: `person`, `kept` (the lines of entries of every
    kind kept private now) and `history` (every choice, newest first), for
    the entries of the member's own team's assessments only (one query for
    the choices, then at most one per kind of entry)."""
    membership = getattr(request.user, "membership", None)
    marks = _marks(person)
    entries = (
        services.current_entries(
            person,
            {m.lineage for m in marks},
            team=membership.team,
            withheld_too=True,
        )
        if membership is not None and marks
        else {}
    )
    shown = {lineage: entry_words(entry) for lineage, entry in entries.items()}
    lines = [
        MarkLine(m, shown[m.lineage], m.private, who_words(m, person))
        for m in marks
        if m.lineage in shown
    ]
    kept = [line for line in _newest_lines(lines) if line.kept]
    return {"person": person, "kept": kept, "history": lines[::-1]}


def _newest_lines(lines: list[MarkLine]) -> list[MarkLine]:
    newest: dict[UUID, MarkLine] = {}
    for line in lines:
        newest[line.mark.lineage] = line
    return list(newest.values())


class StaffPrivateForm(forms.Form):
    """Whether the person wants this entry kept from all their supporters, as
    they told the clinician. `seen`: how many choices about it the page showed."""

    private = choice_field(
        "What does the person want?",
        [(YES, "Keep it from all their supporters"), (NO, "Let supporters see it")],
        "Choose what the person wants.",
    )
    seen = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["private"].label = f"What does {person.called} want?"
        self.fields["private"].help_text = (
            f"Only do this when {person.called} asks. It is saved as your "
            f"choice for {person.pronoun_words.them}, and they see it in their "
            f"own view. Supporters see what is shared with them only if "
            f"{person.called} shares that part."
        )


def _history(person: Person, lineage: UUID) -> list[PrivateFromSupporters]:
    """Every choice about the entry `lineage`, oldest first."""
    return [m for m in _marks(person) if m.lineage == lineage]


def _form(person: Person, lineage: UUID, data: Any = None) -> StaffPrivateForm:
    """The form as the entry stands now: its current choice, and how many
    choices there have been (for the conflict check)."""
    history = _history(person, lineage)
    kept = bool(history) and history[-1].private
    initial = {"seen": len(history), "private": YES if kept else NO}
    return StaffPrivateForm(data, person=person, initial=initial)


def _page(assessment: Assessment, entry: Versioned) -> dict[str, Any]:
    person = assessment.person
    history = _history(person, entry.lineage)
    return assessment_page(
        assessment,
        entry=entry,
        shown=entry_words(entry),
        kept=bool(history) and history[-1].private,
        history=[(m, who_words(m, person)) for m in reversed(history)],
    )


def _entry_in(assessment: Assessment, lineage: UUID) -> Versioned:
    """The current entry of any kind of `assessment` whose lineage is
    `lineage`, found by the one lookup the person's own switch uses (withheld
    ones too: staff read them). Raises Http404 for another record's lineage
    (another assessment's too) or none."""
    entry = services.find_entry(
        assessment.person, lineage, team=assessment.team, withheld_too=True
    )
    if entry is None or entry.assessment_id != assessment.pk:
        raise Http404("No such entry in this assessment.")
    return entry


def _section_url(assessment: Assessment, shown: EntryWords) -> str:
    page = reverse(
        "assessments:show_section",
        kwargs={"assessment_id": assessment.pk, "section": shown.slug},
    )
    return f"{page}#{shown.anchor}"


@assessment_record
@require_http_methods(["GET", "POST"])
def mark_private(
    request: StaffRequest, assessment: Assessment, lineage: UUID
) -> HttpResponse:
    """Keep one entry of any kind (an attributed entry, a concern, a source
    checked, what someone else told us, a capacity record) from all the
    person's supporters, or let them see it again, for the person, as they
    ask; the history of this entry's choices. A choice made since the page
    was opened is shown (409), and nothing is saved. 404 for an entry not in
    this assessment."""
    person = assessment.person
    entry = _entry_in(assessment, lineage)
    form = _form(person, lineage, posted(request))

    def save(data: dict[str, Any]) -> Done:
        private = data["private"] == YES
        services.keep_private(
            person=person,
            lineage=lineage,
            private=private,
            actor=request.user,
            seen=data["seen"],
        )
        done = "is kept from" if private else "can be seen again by"
        return Done(
            f"Saved for {person.called}: this entry {done} their supporters.",
            _section_url(assessment, entry_words(entry)),
        )

    return form_page(
        request,
        form,
        "portal/staff/mark_private.jinja",
        save,
        context=lambda: _page(assessment, entry),
        on_conflict=lambda exc: {"conflict": exc, "form": _form(person, lineage)},
    )
