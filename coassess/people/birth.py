"""What is known of when a person was born, without inventing the rest.

Someone seen at 3 a.m. may know their date of birth, only the year, only the
month and year, or nothing, when staff estimate their age. A `Birth` holds
exactly what is known:

    Birth(1991, 4, 12)                          born 12 April 1991
    Birth(1991, 4)                              born April 1991
    Birth(1991)                                 born in 1991
    Birth(estimated_age=34, estimated_on=day)   date of birth not known, about 34

Nothing is filled in: an unknown day is not the 1st, an unknown month is not
January. For searching and duplicate checks every kind is turned into the
range of dates the person could have been born on (`earliest`, `latest`); two
records could be the same person when their ranges overlap. An estimated age
is taken to be right within `AGE_MARGIN_YEARS` either way.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

# How far out an estimated age may be, in years either way, when searching and
# checking for duplicates. Ages guessed at a first meeting are rough.
AGE_MARGIN_YEARS = 5


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day `years` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_on(born: dt.date, today: dt.date) -> int:
    """Whole years from `born` to `today`."""
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


@dataclass(frozen=True)
class Birth:
    """What is known: a year (with a month, with a day), or an estimated age
    in years given on `estimated_on`. Build with `on`, `about`, or the fields."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    estimated_age: int | None = None
    estimated_on: dt.date | None = None

    def __post_init__(self) -> None:
        if self.year is None:
            if self.estimated_age is None or self.estimated_on is None:
                raise ValueError(
                    "A birth needs a year, or an age and when it was given"
                )
            if self.month is not None or self.day is not None:
                raise ValueError("A month or day needs a year")
        elif self.estimated_age is not None:
            raise ValueError("A birth has a year or an estimated age, not both")
        if self.day is not None and self.month is None:
            raise ValueError("A day needs a month")
        if self.day is not None:
            dt.date(self.year or 1, self.month or 1, self.day)  # ValueError if none

    @classmethod
    def on(cls, date: dt.date) -> Birth:
        return cls(date.year, date.month, date.day)

    @classmethod
    def about(cls, age: int, on: dt.date) -> Birth:
        return cls(estimated_age=age, estimated_on=on)

    @property
    def is_estimate(self) -> bool:
        return self.year is None

    @property
    def date(self) -> dt.date | None:
        """The date of birth, only when all of it is known."""
        if self.year is None or self.month is None or self.day is None:
            return None
        return dt.date(self.year, self.month, self.day)

    @property
    def earliest(self) -> dt.date:
        """The first day they could have been born."""
        if self.year is None:
            assert self.estimated_on is not None and self.estimated_age is not None
            oldest = self.estimated_age + AGE_MARGIN_YEARS + 1
            return years_before(self.estimated_on, oldest) + dt.timedelta(days=1)
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        """The last day they could have been born."""
        if self.year is None:
            assert self.estimated_on is not None and self.estimated_age is not None
            youngest = max(self.estimated_age - AGE_MARGIN_YEARS, 0)
            return years_before(self.estimated_on, youngest)
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def could_be(self, other: Birth) -> bool:
        """Whether the two could be the same birth (their ranges overlap)."""
        return self.earliest <= other.latest and other.earliest <= self.latest

    def estimated_age_on(self, today: dt.date) -> int:
        """The estimate, grown by the whole years since it was given."""
        assert self.estimated_on is not None and self.estimated_age is not None
        return self.estimated_age + max(age_on(self.estimated_on, today), 0)

    def age_words(self, today: dt.date) -> str:
        """'age 34', 'age 33 or 34' (only the year or month known), or 'about 34'."""
        if self.year is None:
            return f"about {self.estimated_age_on(today)}"
        youngest, oldest = age_on(self.latest, today), age_on(self.earliest, today)
        if youngest == oldest:
            return f"age {oldest}"
        return f"age {youngest} or {oldest}"

    def date_words(self) -> str:
        """'12 April 1991', 'April 1991', '1991', or 'not known'."""
        if self.year is None:
            return "not known"
        if self.month is None:
            return str(self.year)
        month = calendar.month_name[self.month]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}"

    def identity_words(self) -> str:
        """What tells people apart in lists, without today's age: 'born 12 April
        1991', 'born April 1991', 'born in 1991', or 'date of birth not known,
        about 34' (the estimate as given, since it was given)."""
        if self.year is None:
            return f"date of birth not known, about {self.estimated_age}"
        if self.month is None:
            return f"born in {self.year}"
        return f"born {self.date_words()}"

    def sentence(self, today: dt.date) -> str:
        """For search results and the record: 'Born 12 April 1991 (age 34).',
        'Born in 1991 (age 33 or 34).', 'Date of birth not known (about 34).'"""
        if self.year is None:
            return f"Date of birth not known ({self.age_words(today)})."
        words = self.identity_words()
        return f"{words[0].upper()}{words[1:]} ({self.age_words(today)})."

    def summary(self, today: dt.date) -> str:
        """For the record's details: '12 April 1991 (age 34)', 'April 1991, day
        not known (age 33 or 34)', 'Not known: about 34, estimated on 3 March 2026'."""
        if self.year is None:
            assert self.estimated_on is not None
            given = self.estimated_on
            return (
                f"Not known: {self.age_words(today)}, "
                f"estimated on {given.day} {given:%B %Y}"
            )
        missing = ""
        if self.month is None:
            missing = ", day and month not known"
        elif self.day is None:
            missing = ", day not known"
        return f"{self.date_words()}{missing} ({self.age_words(today)})"
