"""The parts of a contingency plan, defined once: what each is called, in the
person's voice (they read and keep it), and the hint shown as it is written.

The form, the sign-off check, the plan page, the signed version, the person's
copy and its PDF all read these, so a part is worded the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    name: str  # the ContingencyPlan field
    label: str
    hint: str = ""


# In plain words (it passes the language checker, as every fixed sentence of
# the person's copy does): it is not a legal "advance decision".
NOT_LEGAL = (
    "This says what treatments you would not want. It is not a legal document. "
    "If you want your wishes to count in law, ask us how to write them down "
    "in the legal way."
)

PARTS: tuple[Part, ...] = (
    Part(
        "warning_signs",
        "Warning signs",
        "How I, or people close to me, can tell things are getting worse.",
    ),
    Part(
        "what_i_can_do",
        "What I can do myself",
        "Things I can do on my own to feel a bit better or stay safe.",
    ),
    Part(
        "people_and_places",
        "People and places that help",
        "People to be with and places to go that take my mind off things.",
    ),
    Part(
        "making_safer",
        "Making my situation safer",
        "For example, what to put away or give to someone to keep.",
    ),
    Part("keeps_me_going", "What keeps me going"),
    Part("care_preferences", "My preferences for care in a future crisis"),
    Part("treatments_i_would_refuse", "Treatments I would not want", NOT_LEGAL),
    Part("if_engagement_difficult", "What to do if it becomes hard to stay in touch"),
    Part("likelihood_of_use", "How likely I am to use this plan"),
    Part("what_might_get_in_the_way", "What might get in the way"),
)

NAMES: tuple[str, ...] = tuple(p.name for p in PARTS)
LABELS: dict[str, str] = {p.name: p.label for p in PARTS}


def label_of(key: str) -> str:
    """The label for a part's field name; a signed version keeps labels as its
    keys, and those are shown exactly as they were signed."""
    return LABELS.get(key, key)
