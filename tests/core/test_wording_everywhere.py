"""Every box where staff write about a person gets wording prompts (issue 11, part 4).

The walk finds every form in the package and every free-text field in it; a
field is either marked with who reads its words (core.text.WORDING_ATTR), or
is listed here as not being about a person, with the reason.
"""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
from collections.abc import Callable, Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.template import engines
from django.urls import reverse

import coassess
from coassess.core.text import WORDING_ATTR, text_field
from coassess.people.models import Person
from coassess.plans.forms import ContingencyForm

# Free text that is not about a person, and why.
NOT_ABOUT_A_PERSON = {
    "accounts.ChangeStaffForm.reason": "why a staff account changes",
    "accounts.ReasonForm.reason": "why a staff account changes",
    "accounts.StaffForm.reason": "why a staff account is made",
    "accesslog.ReviewForm.review_note": "a lead's review of a colleague's access",
    "language.TeamRulesForm.text": "the team's rules, in TOML",
    "language.TeamRulesForm.reason": "why the team's rules change",
    "coproduction.ReflectionForm.ladder_comment": "a reflection on the team's practice",
    "coproduction.InstrumentForm.reason": "why an instrument's words change",
    "coproduction.SelfAssessmentForm.who_took_part": "the team's self-assessment",
}
# Boxes the person (or a supporter) writes in on their own device: their own
# words, kept exactly as they wrote them, never prompted to be reworded (and
# the person's pages have no JavaScript, which the prompts need).
THEIR_OWN_WORDS = {
    "portal.writing.OwnWordsForm.text": "the person's own account",
    "portal.writing.DisputeForm.account": "why the person disagrees",
    "portal.writing.ConfirmForm.reason": "why the person disagrees with the plan",
    "portal.writing.TellUsForm.text": "what a supporter knows, in their own words",
    "portal.writing.ChangeToldForm.text": "a supporter's new version of what they told us, in their own words",
}
# One-line boxes about a person, checked too.
ONE_LINE_ABOUT_A_PERSON = {"decisions.DecisionForm.question"}
# Boxes whose words the person reads (their copy): also jargon and reading age.
FOR_THE_PERSON = {
    "decisions.DecisionForm.question",
    "decisions.OptionForm.text",
    "decisions.RewordForm.text",
    "decisions.OutcomeForm.rationale",
    "plans.ActionForm.what",
    "plans.AddendumForm.text",
    "plans.RationaleForm.rationale",
}


def every_form() -> Iterator[tuple[str, type[forms.BaseForm]]]:
    """Every form class in every `forms` module, apps inside apps too
    ("coproduction.projects.ProjectForm")."""
    for info in pkgutil.walk_packages(coassess.__path__, "coassess."):
        if not info.name.endswith(".forms"):
            continue
        module = importlib.import_module(info.name)
        app = info.name.removeprefix("coassess.").removesuffix(".forms")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield f"{app}.{name}", cls


def free_text(
    label: str, fields: dict[str, forms.Field]
) -> Iterator[tuple[str, forms.Field]]:
    for name, field in fields.items():
        key = f"{label}.{name}"
        if isinstance(field, forms.CharField) and (
            isinstance(field.widget, forms.Textarea) or key in ONE_LINE_ABOUT_A_PERSON
        ):
            yield key, field


FIELDS = dict(
    [
        *(
            pair
            for label, cls in every_form()
            for pair in free_text(label, cls.base_fields)
        ),
        # Fields a form makes when it is built: the contingency plan's parts.
        *free_text("plans.ContingencyForm", ContingencyForm().fields),
    ]
)


def test_the_walk_finds_the_forms_staff_write_in() -> None:
    assert len(FIELDS) >= 45
    for expected in (
        "referrals.ReferralForm.reason",
        "referrals.CloseReferralForm.outcome",
        "people.PersonForm.communication_needs",
        "people.SupporterForm.notes",
        "assessments.ContributionForm.text",
        "assessments.DisputeForm.account",
        "assessments.CapacityForm.decision",
        "plans.ContingencyForm.warning_signs",
        "decisions.OutcomeForm.why_person_not_followed",
        "coproduction.projects.MeetingForm.notes",
    ):
        assert expected in FIELDS


@pytest.mark.parametrize("key", sorted(FIELDS))
def test_each_free_text_field_about_a_person_is_checked(key: str) -> None:
    audience = FIELDS[key].widget.attrs.get(WORDING_ATTR)
    if key in NOT_ABOUT_A_PERSON or key in THEIR_OWN_WORDS:
        assert audience is None
    else:
        assert audience == ("person" if key in FOR_THE_PERSON else audience)
        assert audience in ("staff", "person"), f"{key} gets no wording prompts"


def test_the_exemptions_are_real_fields() -> None:
    assert set(NOT_ABOUT_A_PERSON) <= set(FIELDS)
    assert set(THEIR_OWN_WORDS) <= set(FIELDS)
    assert set(FIELDS) >= FOR_THE_PERSON


def test_a_long_text_field_is_checked_unless_it_says_otherwise() -> None:
    assert text_field("Notes").widget.attrs[WORDING_ATTR] == "staff"
    assert WORDING_ATTR not in text_field("Name", long=False).widget.attrs
    assert WORDING_ATTR not in text_field("Reason", wording=None).widget.attrs
    with pytest.raises(ValueError, match="wording audience 'both'"):
        text_field("Notes", wording="both")


def attributes_of(html: str, box_id: str) -> dict[str, str]:
    tag = re.search(
        rf"<(?:textarea|input)[^>]*\bid=\"{re.escape(box_id)}\"[^>]*>", html
    )
    assert tag, f"no box {box_id}"
    return {k: unescape(v) for k, v in re.findall(r'([\w-]+)="([^"]*)"', tag.group())}


def test_the_field_macros_ask_the_checker_for_a_marked_box() -> None:
    class Form(forms.Form):
        about = text_field("About them", wording="person")
        quiet = text_field("Why", wording=None)
        short = text_field("Question", long=False, wording="staff")

    template = engines["jinja2"].from_string(
        '{% from "forms/fields.jinja" import textarea_field, text_field %}'
        "{{ textarea_field(form.about) }}{{ textarea_field(form.quiet) }}"
        "{{ text_field(form.short) }}"
    )
    html = template.render({"form": Form()})
    about = attributes_of(html, "id_about")
    assert about["hx-post"] == reverse("language:check_wording")
    assert json.loads(about["hx-vals"]) == {"field": "id_about", "audience": "person"}
    assert about["hx-target"] == "[id='findings-id_about']"
    assert '<div id="findings-id_about"' in html
    assert "hx-post" not in attributes_of(html, "id_quiet")
    assert "findings-id_quiet" not in html
    short = attributes_of(html, "id_short")
    assert json.loads(short["hx-vals"])["audience"] == "staff"


def test_the_referrals_reason_gets_wording_prompts(
    signed_in: Callable[[str], Any], person: Person
) -> None:
    """The issue's example: "confusion and refusing treatment" got no prompt."""
    c = signed_in("clinician")
    html = c.get(reverse("referrals:add_referral", kwargs={"person_id": person.pk}))
    box = attributes_of(html.content.decode(), "id_reason")
    assert box["hx-post"] == reverse("language:check_wording")
    assert json.loads(box["hx-vals"]) == {"field": "id_reason", "audience": "staff"}
    prompts = c.post(
        reverse("language:check_wording"),
        {
            "text": "confusion and refusing treatment",
            "audience": "staff",
            "field": "id_reason",
        },
        HTTP_HX_REQUEST="true",
    )
    assert "Use “declining”" in unescape(prompts.content.decode())


def test_no_template_writes_a_text_box_by_hand_without_prompts() -> None:
    """Boxes not made by the field macros are few, and each is accounted for."""
    root = Path(coassess.__file__).parent
    by_hand = {
        str(path.relative_to(root)): path.read_text().count("<textarea")
        for path in root.rglob("*.jinja")
        if "<textarea" in path.read_text()
    }
    assert by_hand == {
        # The merge box after a conflict: it carries the prompts itself.
        "assessments/jinja2/assessments/_partials/conflict.jinja": 1,
        # A lead's note on a colleague's access (accesslog.ReviewForm): exempt.
        "accesslog/jinja2/accesslog/grant_list.jinja": 1,
        # A lead's note on a colleague's safeguarding hold, the same way.
        "people/jinja2/people/sharing/hold_list.jinja": 1,
    }
    conflict = (
        root / "assessments/jinja2/assessments/_partials/conflict.jinja"
    ).read_text()
    assert 'wording_check("merge-text", "staff")' in conflict


def test_words_already_in_a_box_come_with_their_prompts_without_javascript(
    signed_in: Callable[[str], Any], person: Person
) -> None:
    """A form sent back with a message shows the prompts for what was typed,
    drawn with the page, the same as the prompts as people type."""
    c = signed_in("clinician")
    url = reverse("referrals:add_referral", kwargs={"person_id": person.pk})
    response = c.post(url, {"reason": "confusion and refusing treatment"})
    assert response.status_code == 400
    html = unescape(response.content.decode())
    findings = html.split('<div id="findings-id_reason"', 1)[1].split("</div>", 1)[0]
    assert "“refusing”" in findings
    assert "Use “declining”" in findings
    assert (
        "it would read “" in findings
        and "confusion and declining treatment" in findings
    )
    # An empty box has no prompts, and no check is made for it.
    empty = unescape(c.get(url).content.decode())
    assert (
        '<div id="findings-id_reason" class="coassess-findings" aria-live="polite"></div>'
        in empty
    )
