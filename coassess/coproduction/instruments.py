"""The instruments as shipped: the value questions, the two ladders of
participation and the team self-assessment.

These are data. A team starts from them (version 1 of each, made the first
time the team uses it) and its co-production group can reword any item in the
app, which makes a new version (`services.revise_instrument`); responses keep
the version they were given on. Items are never renumbered: each has an `id`
that stays the same in every version, so answers to one value or rung can be
counted together across versions.

Every item is a mapping of strings:

- values: `id`, `name` (the NCCMH value), `text` (the question people read);
- ladders: `id`, `name` (the rung), `group` (its band), `text` (what it
  means, in plain words); listed from the bottom rung to the top;
- self-assessment: `id`, `name` (a short title), `group` (the SCIE jigsaw
  piece), `standard` (the 4Pi standard), `text` (the statement the group scores).

The words are our own, written for a reading age of about 9 (DOMAIN.md §7).
"""

from __future__ import annotations

from django.db import models


class Kind(models.TextChoices):
    """Which instrument a version belongs to."""

    VALUES = "values", "Co-production values"
    ARNSTEIN = "arnstein", "Arnstein's ladder of participation"
    TLAP = "tlap", "The TLAP ladder of co-production"
    SELF_ASSESSMENT = "self_assessment", "Team self-assessment"


LADDERS = (Kind.ARNSTEIN, Kind.TLAP)

Item = dict[str, str]


def _values(*rows: tuple[str, str, str]) -> list[Item]:
    return [{"id": i, "name": n, "text": t} for i, n, t in rows]


VALUES = _values(
    ("respect", "Respect", "Did people treat each other with respect?"),
    ("equality", "Equality", "Did everyone's views count the same?"),
    ("understanding", "Understanding", "Did people try to understand each other?"),
    ("honesty", "Honesty", "Were people honest with each other?"),
    ("genuine", "Being genuine", "Did people mean what they said?"),
    ("commitment", "Commitment", "Did people do what they said they would do?"),
    ("courage", "Courage", "Did people feel safe to say hard things?"),
    (
        "sharing",
        "Sharing experiences",
        "Could people share their own experiences if they wanted to?",
    ),
    (
        "reciprocity",
        "Reciprocity",
        "Did everyone give something and get something back?",
    ),
    ("partnership", "Partnership", "Did people work together as partners?"),
    (
        "openness",
        "Openness",
        "Was there room for strong feelings, and for hearing what went wrong?",
    ),
    ("supported", "Supported", "Did everyone get the help they needed to take part?"),
    ("fairness", "Fairness", "Was it fair to everyone?"),
    ("compassion", "Compassion", "Were people kind to each other?"),
    ("competence", "Competence", "Did people have the skills to do this well?"),
    (
        "expertise",
        "Recognition of everyone's expertise",
        "Did people use what everyone knows, from their own life or from their work?",
    ),
    (
        "contributions",
        "Recognition of contributions and time",
        "Was everyone thanked for their time and for what they gave?",
    ),
)


def _rungs(*rows: tuple[str, str, str, str]) -> list[Item]:
    return [{"id": i, "name": n, "group": g, "text": t} for i, n, g, t in rows]


NOT_TAKING_PART = "Not taking part"
IN_NAME_ONLY = "Taking part in name only"
POWER = "Real power"
ARNSTEIN = _rungs(
    (
        "manipulation",
        "Manipulation",
        NOT_TAKING_PART,
        "People are put in the room so it looks as if they were asked. "
        "They have no say at all.",
    ),
    (
        "therapy",
        "Therapy",
        NOT_TAKING_PART,
        "People are treated as the problem to be fixed, instead of fixing "
        "what is wrong around them.",
    ),
    (
        "informing",
        "Informing",
        IN_NAME_ONLY,
        "People are told what will happen. They cannot change it.",
    ),
    (
        "consultation",
        "Consultation",
        IN_NAME_ONLY,
        "People are asked what they think, but nobody promises it will change anything.",
    ),
    (
        "placation",
        "Placation",
        IN_NAME_ONLY,
        "A few people get a seat at the table, but others still make the decisions.",
    ),
    (
        "partnership",
        "Partnership",
        POWER,
        "People and staff share power. They plan and decide together.",
    ),
    (
        "delegated_power",
        "Delegated power",
        POWER,
        "People have most of the say in the decisions.",
    ),
    (
        "citizen_control",
        "Citizen control",
        POWER,
        "People are fully in charge of the decisions.",
    ),
)

DOING_TO = "Doing to"
DOING_FOR = "Doing for"
DOING_WITH = "Doing with"
TLAP = _rungs(
    (
        "coercing",
        "Coercing",
        DOING_TO,
        "People are made to go along with decisions they had no part in.",
    ),
    (
        "educating",
        "Educating",
        DOING_TO,
        "People are taught about a decision so they will go along with it.",
    ),
    ("informing", "Informing", DOING_FOR, "People are told what has been decided."),
    (
        "consulting",
        "Consulting",
        DOING_FOR,
        "People are asked what they think, but others decide.",
    ),
    (
        "engaging",
        "Engaging",
        DOING_FOR,
        "People get more chances to give their views. They may change some "
        "things, but others still decide.",
    ),
    (
        "co_designing",
        "Co-designing",
        DOING_WITH,
        "People help to plan and design the work, but may not help to carry it out.",
    ),
    (
        "co_producing",
        "Co-producing",
        DOING_WITH,
        "People and staff share power and work as equals from start to finish.",
    ),
)


def _statements(*rows: tuple[str, str, str, str, str]) -> list[Item]:
    return [
        {"id": i, "name": n, "group": g, "standard": s, "text": t}
        for i, n, g, s, t in rows
    ]


SELF_ASSESSMENT = _statements(
    (
        "lived_knowledge",
        "Lived knowledge counts",
        "Culture",
        "Principles",
        "What people learn from going through a crisis counts as much as what "
        "staff learn in training.",
    ),
    (
        "shared_power",
        "Power is shared",
        "Culture",
        "Principles",
        "Nobody's view counts for more because of their job. We notice when it "
        "does and we talk about it.",
    ),
    (
        "agreed_purpose",
        "We agree why",
        "Structure",
        "Purpose",
        "We agree together why people who have been through a crisis take "
        "part. We agree what we want to change.",
    ),
    (
        "in_the_room",
        "In the room where it is decided",
        "Structure",
        "Presence",
        "People who have been through a crisis help make the decisions. They "
        "are not just asked after.",
    ),
    (
        "paid_fairly",
        "Time is paid for",
        "Structure",
        "Process",
        "We pay people for their time and their costs. We tell them where to "
        "get advice about benefits.",
    ),
    (
        "who_takes_part",
        "The right mix of people",
        "Practice",
        "Presence",
        "The people who take part are like the people who use our service.",
    ),
    (
        "easy_to_join",
        "Easy to take part",
        "Practice",
        "Process",
        "Everyone can easily get to our meetings, read our papers and take part.",
    ),
    (
        "support",
        "Support and training",
        "Practice",
        "Process",
        "Everyone gets the support and training they need to take part, staff too.",
    ),
    (
        "what_changed",
        "We check what changed",
        "Review",
        "Impact",
        "We check with the people involved what has changed because we worked together.",
    ),
    (
        "tell_back",
        "We tell people what happened",
        "Review",
        "Impact",
        "We tell people what changed because of what they said, and what did not and why.",
    ),
)

SHIPPED: dict[str, list[Item]] = {
    Kind.VALUES: VALUES,
    Kind.ARNSTEIN: ARNSTEIN,
    Kind.TLAP: TLAP,
    Kind.SELF_ASSESSMENT: SELF_ASSESSMENT,
}

# The five-point scale for the values, and the answer for not knowing.
DONT_KNOW = "dont_know"
VALUE_SCALE = (
    (1, "Not at all"),
    (2, "A little"),
    (3, "Partly"),
    (4, "Mostly"),
    (5, "Completely"),
)

# The 1 to 5 scale for the team self-assessment.
SELF_ASSESSMENT_SCALE = (
    (1, "We have not started"),
    (2, "We have made a start"),
    (3, "We are getting there"),
    (4, "We mostly do this"),
    (5, "We do this well, all the time"),
)
