"""What each kind of section is: how it is shown, added to and saved.

`sections.py` says which sections an assessment has, in order, and what kind
each is. Here each kind declares, once, its form(s), the service that saves
what they hold, and its templates; the section page and the whole-assessment
page look the kind up (`KINDS[section.kind]`) instead of dispatching on it.

- `shows`: the section's records, read-only with `actions` false (the whole
  assessment, the printable page) or with what can be done to each;
- `page`: the body of the section's own page, with its forms;
- `fields`: the add form's fields, for kinds added one form at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import Http404, QueryDict

from coassess.accounts.models import User
from coassess.assessments import queries, services
from coassess.assessments.forms import (
    AddForm,
    CapacityForm,
    ConcernForm,
    ContributionForm,
    CorroborationForm,
    KnownSourceForm,
)
from coassess.assessments.models import Assessment
from coassess.assessments.sections import PROMPTS, Kind, Section
from coassess.core.exceptions import DomainError

Forms = dict[str, forms.Form]
Save = Callable[[User, Assessment, dict[str, Any]], Any]


@dataclass(frozen=True)
class SectionKind:
    shows: str
    page: str
    blank_forms: Callable[[Assessment, Section, User], Forms]
    bound_form: Callable[[QueryDict, Assessment, Section], tuple[str, forms.Form]]
    save: Save
    fields: str = ""
    heading: str = ""


# --- Attributed entries, one form per prompt ---------------------------------


def _entry_form(
    data: QueryDict | None, assessment: Assessment, key: str, **kwargs: Any
) -> ContributionForm:
    return ContributionForm(
        data, assessment=assessment, auto_id=f"id_{key}_%s", **kwargs
    )


def _blank_entries(assessment: Assessment, section: Section, writer: User) -> Forms:
    """A blank form for each prompt. A prompt for someone's own words (the
    person's account, their mood, hopes, their view of their safety) chooses no
    voice even for a writer taking part: a quotation in the wrong name is the
    harm H26 guards against, so the writer chooses whose words they are."""
    return {
        p.key: _entry_form(
            None,
            assessment,
            p.key,
            initial={"prompt": p.key, "own_words": p.own_words_default},
            writer=None if p.own_words_default else writer,
        )
        for p in section.prompts
    }


def _bound_entry(
    data: QueryDict, assessment: Assessment, section: Section
) -> tuple[str, forms.Form]:
    key = data.get("prompt", "")
    if key not in PROMPTS or PROMPTS[key][0] != section:
        raise Http404("No such part of this section.")
    return key, _entry_form(data, assessment, key)


def save_entry(actor: User, assessment: Assessment, data: dict[str, Any]) -> Any:
    """A new entry, or with `base` a new version of the entry it names."""
    fields = {
        "text": data["text"],
        "voice": data["voice"],
        "own_words": data["own_words"],
        "withheld_reason": data["withheld_reason"],
    }
    if not data.get("base"):
        return services.add_contribution(
            actor=actor, assessment=assessment, section=data["prompt"], **fields
        )
    base = queries.contribution_in(assessment, data["base"])
    if base is None:
        raise DomainError("That entry is not part of this assessment.")
    return services.revise_contribution(actor=actor, base=base, **fields)


# --- Records added one form at a time -----------------------------------------


def _single(name: str, heading: str, form: type[AddForm], save: Save) -> SectionKind:
    """A kind added to with one form, whose templates are named after the
    kind; beside it, the section's prompt for someone's own words (an entry
    form, saved as an attributed entry)."""

    def make(
        data: QueryDict | None, assessment: Assessment, writer: User | None = None
    ) -> forms.Form:
        return form(data, assessment=assessment, writer=writer)

    def blank(assessment: Assessment, section: Section, writer: User) -> Forms:
        return {
            "add": make(None, assessment, writer),
            **_blank_entries(assessment, section, writer),
        }

    def bound(
        data: QueryDict, assessment: Assessment, section: Section
    ) -> tuple[str, forms.Form]:
        if "prompt" in data:
            return _bound_entry(data, assessment, section)
        return "add", make(data, assessment)

    def saving(actor: User, assessment: Assessment, data: dict[str, Any]) -> Any:
        if "prompt" in data:
            return save_entry(actor, assessment, data)
        return save(actor, assessment, data)

    return SectionKind(
        shows=f"assessments/_sections/{name}.jinja",
        page="assessments/_sections/add_page.jinja",
        fields=f"assessments/_sections/{name}_fields.jinja",
        heading=heading,
        blank_forms=blank,
        bound_form=bound,
        save=saving,
    )


def _saving(service: Callable[..., Any], names: str) -> Save:
    """A kind's save: `service(actor=, assessment=, ...)` with the fields `names`
    (separated by spaces) from the form."""

    def save(actor: User, assessment: Assessment, data: dict[str, Any]) -> Any:
        fields = {name: data[name] for name in names.split()}
        return service(actor=actor, assessment=assessment, **fields)

    return save


def _capacity(actor: User, assessment: Assessment, data: dict[str, Any]) -> Any:
    return services.record_capacity(
        actor=actor, assessment=assessment, data=CapacityForm.record_data(data)
    )


KINDS: dict[Kind, SectionKind] = {
    Kind.CONTRIBUTIONS: SectionKind(
        shows="assessments/_sections/contributions.jinja",
        page="assessments/_sections/contributions_page.jinja",
        blank_forms=_blank_entries,
        bound_form=_bound_entry,
        save=save_entry,
    ),
    Kind.CONCERNS: _single(
        "concerns",
        "Add a concern",
        ConcernForm,
        _saving(services.add_concern, "text raised_by agreed_by"),
    ),
    Kind.KNOWN: _single(
        "known",
        "Add a source you checked",
        KnownSourceForm,
        _saving(
            services.add_known_source,
            "source_type detail what_it_said checked_at limited_access",
        ),
    ),
    Kind.CORROBORATION: _single(
        "corroboration",
        "Add what someone else told us",
        CorroborationForm,
        _saving(
            services.add_corroboration,
            "informant_type informant_name what_they_said basis basis_reason "
            "withheld_reason",
        ),
    ),
    Kind.CAPACITY: _single(
        "capacity", "Record a capacity assessment", CapacityForm, _capacity
    ),
}
