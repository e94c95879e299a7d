"""How projects, members and contributions are said on pages and statements."""

from __future__ import annotations

from dataclasses import dataclass

from coassess.coproduction.projects.models import Contribution, Recognition
from coassess.core.presenters import local_date


def duration(minutes: int) -> str:
    """90 -> '1 hour 30 minutes'; 120 -> '2 hours'; 5 -> '5 minutes'."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def money(pence: int) -> str:
    """1250 -> '£12.50'."""
    return f"£{pence // 100:,}.{pence % 100:02d}"


RECOGNITION_WORDS = {
    Recognition.PAYMENT: "payment for time",
    Recognition.EXPENSES: "expenses",
    Recognition.VOUCHER: "a voucher",
    Recognition.NONE: "nothing",
    Recognition.DECLINED: "declined",
}


@dataclass(frozen=True)
class ContributionShown:
    """One current contribution as a row: the entry, its date, time, what was
    offered and taken in words, and what it is worth ('' when nothing)."""

    entry: Contribution
    date: str
    time: str
    offered: str
    taken: str
    worth: str
    corrected: bool


def worth(entry: Contribution) -> str:
    if entry.payment_pence:
        rate = money(entry.rate_pence_per_hour or 0)
        return f"{money(entry.payment_pence)} at {rate} an hour"
    if entry.expenses_pence:
        return f"{money(entry.expenses_pence)} expenses"
    return ""


def present_contribution(entry: Contribution) -> ContributionShown:
    return ContributionShown(
        entry=entry,
        date=local_date(entry.worked_on),
        time=duration(entry.minutes),
        offered=RECOGNITION_WORDS[Recognition(entry.offered)],
        taken=RECOGNITION_WORDS[Recognition(entry.taken)],
        worth=worth(entry),
        corrected=entry.supersedes_id is not None,
    )


@dataclass(frozen=True)
class Totals:
    """What a list of contributions adds up to."""

    time: str
    paid: str
    expenses: str
    entries: int


def totals(entries: list[Contribution]) -> Totals:
    return Totals(
        time=duration(sum(e.minutes for e in entries)) if entries else "none",
        paid=money(sum(e.payment_pence for e in entries)),
        expenses=money(sum(e.expenses_pence for e in entries)),
        entries=len(entries),
    )
