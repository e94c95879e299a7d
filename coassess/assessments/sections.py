"""The sections of a crisis assessment, in the order a liaison clinician works.

Follows the components of an initial crisis assessment (the brief; DOMAIN.md
§1.1). Free-text parts are prompts: each prompt collects attributed
contributions. Structured parts (concerns, what is already known,
corroboration, capacity) have their own models and forms, and one prompt each
for anyone's own account of that part (`own_words_prompt`), so the person can
say in their own words what they make of the concerns, of what others said, or
of the capacity record. Strengths always come before risk, and are shown
beside what makes things safer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    CONTRIBUTIONS = "contributions"
    CONCERNS = "concerns"
    KNOWN = "known"
    CORROBORATION = "corroboration"
    CAPACITY = "capacity"


@dataclass(frozen=True)
class Prompt:
    key: str
    label: str
    hint: str = ""
    own_words_default: bool = False


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    kind: Kind
    intro: str = ""
    prompts: tuple[Prompt, ...] = field(default_factory=tuple)


def own_words_prompt(slug: str) -> tuple[Prompt, ...]:
    """The one prompt of a structured section: anyone's own account of it."""
    return (
        Prompt(
            f"{slug}.own_words",
            "In their own words",
            "What they say about this part, as they said it.",
            own_words_default=True,
        ),
    )


SECTIONS: tuple[Section, ...] = (
    Section(
        "concerns",
        "Immediate concerns",
        Kind.CONCERNS,
        "What needs to change now, as the person and the referrer see it. Mark each one "
        "that everyone agrees on: the plan must answer every agreed concern.",
        own_words_prompt("concerns"),
    ),
    Section(
        "known",
        "What is already known",
        Kind.KNOWN,
        "Each source you checked before meeting, what it said, and whether access was "
        "limited (for example out of hours).",
        own_words_prompt("known"),
    ),
    Section(
        "account",
        "Their account, in their own words",
        Kind.CONTRIBUTIONS,
        "What has been happening, told the way they want to tell it.",
        (
            Prompt(
                "account",
                "What has been happening",
                "Write what they say. Tick 'their own words' when you write it as they said it.",
                own_words_default=True,
            ),
        ),
    ),
    Section(
        "history",
        "History",
        Kind.CONTRIBUTIONS,
        "Only what is possible and proportionate now. None of these prompts has to be filled.",
        (
            Prompt("history.recent", "Recent events and what led up to today"),
            Prompt("history.past_crises", "Past crises and what helped then"),
            Prompt("history.health", "Mental and physical health history, medication"),
            Prompt("history.life", "Home, work, money, relationships, substance use"),
        ),
    ),
    Section(
        "mental_state",
        "Mental state",
        Kind.CONTRIBUTIONS,
        "Describe what you see and hear, not labels. Mood is in their own words; affect "
        "is what others observe.",
        (
            Prompt("mse.appearance", "Appearance and behaviour"),
            Prompt("mse.speech", "Speech"),
            Prompt("mse.mood", "Mood, in their own words", own_words_default=True),
            Prompt("mse.affect", "Affect, as observed"),
            Prompt("mse.thought_form", "Thought form"),
            Prompt(
                "mse.thought_content",
                "Thought content",
                "Worries, preoccupations, beliefs; thoughts of self-harm, suicide or harming others.",
            ),
            Prompt("mse.perception", "Perception"),
            Prompt("mse.cognition", "Cognition"),
            Prompt(
                "mse.insight",
                "How they understand what is happening",
                "Their view of their experience and of help. Record it as their view, "
                "not as a lack.",
            ),
        ),
    ),
    Section(
        "physical",
        "Physical state",
        Kind.CONTRIBUTIONS,
        "",
        (
            Prompt("physical.observations", "Observations and physical concerns"),
            Prompt(
                "physical.acute_team",
                "The acute team's findings",
                "Where to find them, for example the ED record, and anything that matters here.",
            ),
        ),
    ),
    Section(
        "strengths",
        "Strengths and what helps",
        Kind.CONTRIBUTIONS,
        "What they have and hope for. This comes before risk, always.",
        (
            Prompt("strengths.what_helps", "What helps"),
            Prompt("strengths.people", "People who matter"),
            Prompt("strengths.skills", "Skills and things they are good at"),
            Prompt("strengths.achievements", "Achievements"),
            Prompt("strengths.hopes", "Hopes and aspirations", own_words_default=True),
        ),
    ),
    Section(
        "capacity",
        "Ability to engage and capacity to consent",
        Kind.CAPACITY,
        "Capacity is about one decision at one time. Assume capacity unless it is shown "
        "otherwise, and give every practicable support first. An unwise decision is not "
        "a lack of capacity.",
        own_words_prompt("capacity"),
    ),
    Section(
        "risk",
        "Safety: a shared understanding",
        Kind.CONTRIBUTIONS,
        "A narrative, written together. There is no score or rating here: scores do not "
        "predict who will come to harm, and national guidance advises against them.",
        (
            Prompt("risk.to_self", "Risk to themselves"),
            Prompt("risk.to_others", "Risk to other people"),
            Prompt("risk.from_others", "Risk from other people"),
            Prompt(
                "risk.their_view",
                "What they say about their own safety",
                own_words_default=True,
            ),
            Prompt("risk.others_view", "What others say about their safety"),
            Prompt(
                "risk.safer",
                "What makes things safer",
                "Link to their strengths: what helps, who helps.",
            ),
        ),
    ),
    Section(
        "corroboration",
        "What others tell us",
        Kind.CORROBORATION,
        "Information from a carer, relative, GP or care team, and the basis for sharing.",
        own_words_prompt("corroboration"),
    ),
    Section(
        "formulation",
        "Formulation: a shared understanding",
        Kind.CONTRIBUTIONS,
        "Written together.",
        (
            Prompt("formulation.why_now", "Why now"),
            Prompt("formulation.keeps_going", "What keeps it going"),
            Prompt("formulation.helps", "What helps"),
        ),
    ),
)

BY_SLUG = {s.slug: s for s in SECTIONS}
PROMPTS = {p.key: (s, p) for s in SECTIONS for p in s.prompts}


def section_for_prompt(key: str) -> Section:
    return PROMPTS[key][0]
