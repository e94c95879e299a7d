"""No words in anyone's voice by default (issue 11, part 2; hazard H26).

Every form where a voice is chosen is walked: nobody is chosen for a writer
who is not taking part, the writer's own voice for one who is, and never the
person by default. Sending a form without a voice says so plainly and keeps
what was typed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from coassess.accounts.models import User
from coassess.assessments import services
from coassess.assessments.hosts import AssessmentHost
from coassess.assessments.models import (
    Assessment,
    Contribution,
    Dispute,
    ImmediateConcern,
    Participant,
)
from coassess.assessments.sections import SECTIONS
from coassess.decisions import services as decisions
from coassess.decisions.models import Decision, Option, Position
from coassess.plans import services as plans
from coassess.plans.models import Action, Confirmation, Plan


@dataclass(frozen=True)
class Radio:
    name: str
    value: str
    checked: bool
    id: str = ""


class Radios(HTMLParser):
    """Every radio button on a page: its name, value and whether it is checked."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[Radio] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "input" and a.get("type") == "radio":
            self.found.append(
                Radio(
                    a.get("name") or "",
                    a.get("value") or "",
                    "checked" in a,
                    a.get("id") or "",
                )
            )


def radios(html: str, name: str) -> list[Radio]:
    parser = Radios()
    parser.feed(html)
    return [r for r in parser.found if r.name == name]


@dataclass
class Scene:
    assessment: Assessment
    person: Participant
    clinician: Participant
    carer: Participant
    entry: Contribution
    decision: Decision
    option: Option
    plan: Plan
    action: Action


@pytest.fixture
def scene(
    clinician: User, assessment: Assessment, voices: dict[str, Participant]
) -> Scene:
    entry = services.add_contribution(
        actor=clinician,
        assessment=assessment,
        section="account",
        voice=voices["person"],
        text="I have not slept for three nights.",
    )
    host = AssessmentHost(assessment)
    decision = decisions.add_decision(
        actor=clinician, host=host, question="Where will you be supported tonight?"
    )
    option = decisions.add_option(
        actor=clinician,
        host=host,
        decision=decision,
        text="At home with Mum",
        proposer=voices["carer"].pk,
    )
    plan = plans.start_plan(actor=clinician, assessment=assessment)
    action = plans.add_action(
        actor=clinician,
        plan=plan,
        what="Maggie stays over tonight",
        who="Maggie",
        by_when="Tonight",
        proposer=voices["carer"],
    )
    return Scene(
        assessment,
        voices["person"],
        voices["clinician"],
        voices["carer"],
        entry,
        decision,
        option,
        plan,
        action,
    )


def _a(name: str, s: Scene, **more: Any) -> str:
    return reverse(
        f"assessments:{name}", kwargs={"assessment_id": s.assessment.pk, **more}
    )


def _p(name: str, s: Scene) -> str:
    return reverse(f"plans:{name}", kwargs={"assessment_id": s.assessment.pk})


def voice_forms(s: Scene) -> list[tuple[str, str]]:
    """Every page with a form that chooses a voice, and the voice field's name."""
    # Every section has an entry form: a structured one, for own words.
    sections = [(_a("show_section", s, section=sec.slug), "voice") for sec in SECTIONS]
    return [
        *sections,
        (_a("show_section", s, section="concerns"), "raised_by"),
        (_a("show_section", s, section="capacity"), "assessed_by"),
        (_a("dispute_contribution", s, contribution_id=s.entry.pk), "disputer"),
        (_a("show_decision", s, decision_id=s.decision.pk), "proposer"),
        (_a("add_option", s, decision_id=s.decision.pk), "proposer"),
        (_a("give_positions", s, decision_id=s.decision.pk), "voice"),
        (_p("add_action", s), "proposer"),
        (_p("give_positions", s), "voice"),
        (_p("confirm_plan", s), "participant"),
    ]


def test_every_voice_form_is_walked(scene: Scene) -> None:
    # Every section's entry forms, and each of the nine other forms.
    assert len(voice_forms(scene)) == len(SECTIONS) + 9


def test_a_writer_not_taking_part_finds_no_voice_chosen(
    signed_in: Callable[[str], Any], scene: Scene
) -> None:
    # The team lead is not a participant: nobody is chosen for them, anywhere.
    lead = signed_in("lead")
    for url, name in voice_forms(scene):
        html = lead.get(url).content.decode()
        found = radios(html, name)
        assert found, f"no {name} radios at {url}"
        assert [r for r in found if r.checked] == [], url
        if name != "assessed_by":  # capacity is assessed by staff only
            assert str(scene.person.pk) in {r.value for r in found}, url


OWN_WORDS_PROMPTS = {p.key for s in SECTIONS for p in s.prompts if p.own_words_default}


def _prompt_of(radio: Radio) -> str:
    """The prompt an entry form's radio belongs to: "mse.mood" from
    "id_mse.mood_voice-2"."""
    return radio.id.removeprefix("id_").partition("_voice")[0]


def test_a_writer_taking_part_finds_their_own_voice_chosen_never_the_persons(
    signed_in: Callable[[str], Any], scene: Scene
) -> None:
    clinician = signed_in("clinician")
    own_words_forms = 0
    for url, name in voice_forms(scene):
        found = radios(clinician.get(url).content.decode(), name)
        person = [r for r in found if r.value == str(scene.person.pk)]
        assert person or name == "assessed_by", url  # staff assess capacity
        assert all(not r.checked for r in person), url
        by_form: dict[str, set[str]] = {}
        for r in found:
            entries = name == "voice" and "/sections/" in url
            group = _prompt_of(r) if entries else name
            by_form.setdefault(group, set())
            if r.checked:
                by_form[group].add(r.value)
        for group, checked in by_form.items():
            if group in OWN_WORDS_PROMPTS:
                # A prompt for someone's own words: nobody, until chosen.
                own_words_forms += 1
                assert checked == set(), (url, group)
            else:
                assert checked == {str(scene.clinician.pk)}, (url, group)
    # Four prompts of the sections of entries, and each structured section's own.
    assert own_words_forms == len(OWN_WORDS_PROMPTS) == 8


def test_a_link_for_one_voice_chooses_that_voice(
    signed_in: Callable[[str], Any], scene: Scene
) -> None:
    # "Give or change Maggie's position" is a deliberate choice of Maggie.
    url = _a("give_positions", scene, decision_id=scene.decision.pk)
    html = signed_in("lead").get(f"{url}?voice={scene.carer.pk}").content.decode()
    assert [r.value for r in radios(html, "voice") if r.checked] == [
        str(scene.carer.pk)
    ]


TYPED = "Words typed before choosing anyone"


def _capacity_without_assessor() -> dict[str, str]:
    now = timezone.localtime() - dt.timedelta(minutes=5)
    data = {
        "decision": TYPED,
        "assessed_day": str(now.day),
        "assessed_month": str(now.month),
        "assessed_year": str(now.year),
        "assessed_time": f"{now:%H:%M}",
        "support_given": "A quiet room",
        "outcome": "has",
    }
    for ability in ("understand", "retain", "use_or_weigh", "communicate"):
        data[ability] = "able"
        data[f"{ability}_evidence"] = "Said it back in her own words"
    return data


def posts_without_a_voice(s: Scene) -> list[tuple[str, dict[str, str], str]]:
    """Each voice form sent without a voice: where, what, and the message."""
    stance = f"stance_{s.option.pk}"
    action_stance = f"stance_{s.action.option_id}"
    return [
        (
            _a("show_section", s, section="account"),
            {"prompt": "account", "text": TYPED, "withheld_reason": ""},
            "Choose whose words or view this is.",
        ),
        (
            _a("show_section", s, section="concerns"),
            {"text": TYPED},
            "Choose who raised it.",
        ),
        (
            _a("show_section", s, section="capacity"),
            _capacity_without_assessor(),
            "Choose who assessed their capacity.",
        ),
        (
            _a("dispute_contribution", s, contribution_id=s.entry.pk),
            {"account": TYPED},
            "Choose who disagrees.",
        ),
        (
            _a("add_option", s, decision_id=s.decision.pk),
            {"text": TYPED},
            "Choose who suggests it.",
        ),
        (
            _a("give_positions", s, decision_id=s.decision.pk),
            {stance: "disagree", f"matters_{s.option.pk}": TYPED},
            "Choose whose position this is.",
        ),
        (
            _p("add_action", s),
            {"what": TYPED, "who": "Maggie", "by_when": "Tonight"},
            "Choose who suggested it.",
        ),
        (
            _p("give_positions", s),
            {action_stance: "disagree", f"matters_{s.action.option_id}": TYPED},
            "Choose whose position this is.",
        ),
        (
            _p("confirm_plan", s),
            {"meaning": "disagree", "reason": TYPED},
            "Choose who is confirming.",
        ),
    ]


@pytest.mark.parametrize("persona", ["clinician", "lead"])
def test_sending_a_form_without_a_voice_says_so_and_keeps_the_text(
    signed_in: Callable[[str], Any], scene: Scene, persona: str
) -> None:
    writer = signed_in(persona)
    before = (
        Contribution.objects.count(),
        ImmediateConcern.objects.count(),
        Dispute.objects.count(),
        Option.objects.count(),
        Position.objects.count(),
        Action.objects.count(),
        Confirmation.objects.count(),
    )
    for url, data, message in posts_without_a_voice(scene):
        response = writer.post(url, data)
        html = unescape(response.content.decode())
        assert response.status_code == 400, url
        assert message in html, url
        assert TYPED in html, url
    after = (
        Contribution.objects.count(),
        ImmediateConcern.objects.count(),
        Dispute.objects.count(),
        Option.objects.count(),
        Position.objects.count(),
        Action.objects.count(),
        Confirmation.objects.count(),
    )
    assert after == before


def test_an_entry_saved_with_a_chosen_voice_is_in_that_voice(
    signed_in: Callable[[str], Any], scene: Scene
) -> None:
    # The clinician chooses Maggie deliberately: the entry is hers, typed by them.
    response = signed_in("clinician").post(
        _a("show_section", scene, section="account"),
        {
            "prompt": "account",
            "voice": str(scene.carer.pk),
            "text": "She has not eaten since Tuesday.",
            "withheld_reason": "",
        },
    )
    assert response.status_code == 302
    saved = Contribution.objects.get(text="She has not eaten since Tuesday.")
    assert saved.voice == scene.carer
    assert saved.scribe.username == "clinician"


def test_a_new_crisis_plan_is_in_nobodys_own_words_until_ticked(
    signed_in: Callable[[str], Any], scene: Scene
) -> None:
    assert scene.plan.contingency.in_own_words is False
    html = signed_in("clinician").get(_p("update_contingency", scene)).content.decode()
    box = re.search(r'<input[^>]*name="in_own_words"[^>]*>', html)
    assert box is not None
    assert "checked" not in box.group(0)
