"""Voice labels and entries, written once here for every page that shows them.

An assessment page shows dozens of entries, each with its voice, and the
decisions page a label on every row of every grid. Rendered through template
macros, those small parts were most of the pages' time; built here they cost
a fraction (docs/adr/0004-long-lists-render-rows-in-python.md). Every value is
escaped by `fill`; tests/assessments/test_markup.py puts markup in every text
and checks none gets through.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from markupsafe import Markup

from coassess.assessments.models import (
    Assessment,
    Contribution,
    Expertise,
    Participant,
    WithheldReason,
)
from coassess.assessments.queries import AssessmentView
from coassess.core.markup import fill, url_for
from coassess.core.presenters import local_datetime

# One small symbol per kind of expertise, always beside its words (never alone):
# decorative, so hidden from screen readers, which read the words.
_ICON_SHAPES: dict[str, str] = {
    Expertise.LIVED: (
        '<path fill="currentColor" d="M12 21s-7.5-4.6-9.6-9.2C.9 8.5 2.9 4.5 6.6 '
        "4.5c2.2 0 3.7 1.3 4.6 2.8h1.6c.9-1.5 2.4-2.8 4.6-2.8 3.7 0 5.7 4 4.2 "
        '7.3C19.5 16.4 12 21 12 21z"/>'
    ),
    Expertise.CARER: '<path fill="currentColor" d="M12 3 2 11.5h3V21h5.5v-6h3v6H19v-9.5h3z"/>',
    Expertise.PROFESSIONAL: (
        '<path fill="currentColor" d="M9 3h6v6h6v6h-6v6H9v-6H3V9h6z"/>'
    ),
    Expertise.PEER: (
        '<circle fill="currentColor" cx="8" cy="7" r="3.5"/>'
        '<circle fill="currentColor" cx="16.5" cy="8" r="3"/>'
        '<path fill="currentColor" d="M1.5 20c0-4 2.9-7 6.5-7s6.5 3 6.5 7zM15 '
        '20c0-2.3-.7-4.3-1.9-5.8.9-.6 2-.9 3.4-.9 3.3 0 6 2.9 6 6.7z"/>'
    ),
    Expertise.INTERPRETER: (
        '<path fill="currentColor" d="M3 4h12v9H8l-4 3.5V13H3zM17 8h4v9h-1v3l-3.5-3H10v-2h7z"/>'
    ),
}
EXPERTISE_LABELS: dict[str, str] = dict(Expertise.choices)
WITHHELD_LABELS: dict[str, str] = dict(WithheldReason.choices)
_ICON = (
    '<svg class="coassess-voice-icon" aria-hidden="true" focusable="false" '
    'viewBox="0 0 24 24" width="20" height="20">{shape}</svg>'
)
_VOICE = (
    '<span class="coassess-voice coassess-voice--{expertise}">{icon}'
    '<span>{name}</span> <span class="coassess-voice__expertise">({label})</span></span>'
)


def voice_tag(participant: Participant) -> Markup:
    """'♥ Sam Reid (lived experience)': the label beside everything a voice said.

    Worked out once per participant and kept on it, since a page shows each
    voice many times.
    """
    made: Markup | None = participant.__dict__.get("_voice_tag")
    if made is None:
        expertise = participant.expertise
        shape = _ICON_SHAPES.get(expertise, _ICON_SHAPES[Expertise.INTERPRETER])
        made = fill(
            _VOICE,
            expertise=expertise,
            icon=Markup(_ICON.format(shape=shape)),  # noqa: S704 - constants
            name=participant.name,
            label=EXPERTISE_LABELS.get(expertise, expertise).lower(),
        )
        participant.__dict__["_voice_tag"] = made
    return made


_ENTRY = (
    '<div class="coassess-entry{withheld_class}" id="entry-{pk}">\n'
    '<p class="coassess-entry__meta">{voice}{scribe} '
    '<span class="coassess-entry__time">{time}</span>{version}</p>\n'
    "{withheld}{text}{disputes}{wording}{actions}</div>\n"
)
_WITHHELD = (
    '<strong class="nhsuk-tag nhsuk-tag--orange">Withheld from the person: '
    "{reason}</strong>\n"
)
_OWN_WORDS = (
    '<blockquote class="coassess-quote"><p class="coassess-quote__lead">'
    "In {first}’s words:</p>"
    '<p class="coassess-keep-words">“{text}”</p></blockquote>\n'
)
_TEXT = '<p class="coassess-keep-words coassess-entry__text">{text}</p>\n'
_DISPUTE = (
    '<div class="coassess-dispute"><p class="coassess-dispute__lead">'
    "<strong>{name} disagrees</strong>{earlier}:</p>"
    '<p class="coassess-keep-words">{account}</p></div>\n'
)
_WORDING = (
    '<details class="nhsuk-details coassess-entry__wording">'
    '<summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">'
    "Wording to look at again ({count})</span></summary>"
    '<div class="nhsuk-details__text"><ul>{items}</ul>'
    "<p>Use Change to save new wording. The earlier version is kept.</p></div></details>\n"
)
_WORDING_ITEM = "<li><strong>“{term}”</strong>: {why}{alternatives}</li>"
_ACTIONS = (
    '<ul class="coassess-entry__actions">'
    '<li><a href="{change}">Change<span class="nhsuk-u-visually-hidden">'
    " this entry by {name}</span></a></li>"
    '<li><a href="{dispute}">Record a disagreement<span class="nhsuk-u-visually-hidden">'
    " with this entry by {name}</span></a></li>{history}</ul>\n"
)
_HISTORY = (
    '<li><a href="{url}">Earlier versions<span class="nhsuk-u-visually-hidden">'
    " of this entry by {name}</span></a></li>"
)


def entry(
    c: Contribution,
    view: AssessmentView,
    assessment: Assessment,
    *,
    actions: bool = True,
    wording: Mapping[Any, Sequence[Any]] | None = None,
) -> Markup:
    """One entry: its voice, who typed it, when, whether it is withheld from the
    person, the words (as a quotation when they are the speaker's own), every
    disagreement recorded with it, and what can be done with it."""
    voice = c.voice
    name = voice.name
    scribe = ""
    if c.scribe_id != voice.user_id:
        scribe = fill(
            ' <span class="coassess-entry__scribe">typed by {who}</span>',
            who=c.scribe.display_name,
        )
    if c.own_words:
        text = fill(_OWN_WORDS, first=name.split(" ")[0], text=c.text)
    else:
        text = fill(_TEXT, text=c.text)
    return fill(
        _ENTRY,
        withheld_class=" coassess-entry--withheld" if c.withheld_reason else "",
        pk=c.pk,
        voice=voice_tag(voice),
        scribe=scribe,
        time=local_datetime(c.created_at),
        version=(
            fill(
                ' <span class="coassess-entry__version">version {n}</span>',
                n=c.version_number,
            )
            if c.version_number > 1
            else ""
        ),
        withheld=(
            fill(
                _WITHHELD,
                reason=WITHHELD_LABELS.get(c.withheld_reason, c.withheld_reason),
            )
            if c.withheld_reason
            else ""
        ),
        text=text,
        disputes=Markup("").join(
            fill(
                _DISPUTE,
                name=d.disputer.name,
                earlier=" (with an earlier version)"
                if d.contribution_id != c.pk
                else "",
                account=d.account,
            )
            for d in view.disputes_for(c.lineage)
        ),
        wording=_wording(wording.get(c.pk, ()) if wording else ()),
        actions=_actions(c, view, assessment) if actions else "",
    )


def _wording(prompts: Sequence[Any]) -> Markup | str:
    if not prompts:
        return ""
    items = Markup("").join(
        fill(
            _WORDING_ITEM,
            term=p.finding.term,
            why=p.finding.why,
            alternatives=(
                f" Try: {'; '.join(p.finding.alternatives)}."
                if p.finding.alternatives
                else ""
            ),
        )
        for p in prompts
    )
    return fill(_WORDING, count=len(prompts), items=items)


def _actions(c: Contribution, view: AssessmentView, assessment: Assessment) -> Markup:
    ids = {"assessment_id": assessment.pk, "contribution_id": c.pk}
    history = ""
    if view.has_history(c.lineage):
        history = fill(
            _HISTORY,
            url=url_for(
                "assessments:show_history",
                assessment_id=assessment.pk,
                lineage=c.lineage,
            ),
            name=c.voice.name,
        )
    return fill(
        _ACTIONS,
        change=url_for("assessments:update_contribution", **ids),
        dispute=url_for("assessments:dispute_contribution", **ids),
        name=c.voice.name,
        history=history,
    )
