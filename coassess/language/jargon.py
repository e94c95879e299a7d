"""Turn jargon entries into ordinary rule tables.

Jargon is kept apart from the stigmatising terms because it is written differently: each
entry says what a clinical term *means* in plain words, rather than why it hurts. The
people who maintain it (often a co-production member and a clinician together) should only
have to write the meaning and, if they like, the words to use instead::

    [[jargon]]
    id = "jargon-prn"
    terms = ["PRN", "p.r.n."]
    means = "medicine you can take when you need it, not at set times"
    say = ["when you need it", "as needed"]

Everything else (category, audience, the "why" sentence) is filled in here, so a jargon
entry becomes a rule like any other and a team layer can change or switch it off by id.
Jargon rules apply only to text the person will read: staff share the vocabulary.
"""

from __future__ import annotations

from typing import Any

from coassess.language.wordings import is_direct_wording

__all__ = ["JargonError", "jargon_rule_tables"]

_ALLOWED = frozenset({"id", "terms", "means", "say", "case_sensitive", "basis"})


class JargonError(ValueError):
    """A jargon entry is malformed. ``entry_id`` helps point at the line."""

    def __init__(self, message: str, entry_id: str | None) -> None:
        super().__init__(message)
        self.entry_id = entry_id


def jargon_rule_tables(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rule tables (as ``rules.py`` reads them) for a list of ``[[jargon]]`` entries."""
    return [_rule_table(entry, position) for position, entry in enumerate(entries, 1)]


def _rule_table(entry: dict[str, Any], position: int) -> dict[str, Any]:
    entry_id = entry.get("id")
    if not isinstance(entry_id, str):
        raise JargonError(f"jargon entry number {position} needs an 'id'.", None)
    unknown = sorted(set(entry) - _ALLOWED)
    if unknown:
        raise JargonError(
            f"unknown key '{unknown[0]}' in jargon '{entry_id}'. "
            f"Allowed keys: {', '.join(sorted(_ALLOWED))}.",
            entry_id,
        )
    means = entry.get("means")
    terms = entry.get("terms")
    if not isinstance(means, str) or not means.strip():
        raise JargonError(f"jargon '{entry_id}' is missing 'means'.", entry_id)
    if not isinstance(terms, list) or not terms or not isinstance(terms[0], str):
        raise JargonError(f"jargon '{entry_id}' needs a list of 'terms'.", entry_id)
    table: dict[str, Any] = {
        "id": entry_id,
        "category": "jargon",
        "why": _why(terms[0], means.strip()),
        "alternatives": entry.get("say", [means.strip()]),
        "terms": terms,
        "audiences": ["person_facing"],
    }
    # Plain words to say instead replace the term in one click; a term is not
    # a verb, so each stands as it is ("other" form).
    say = table["alternatives"]
    if isinstance(say, list):
        table["wordings"] = [
            {"other": words}
            for words in say
            if isinstance(words, str) and is_direct_wording(words)
        ]
    for key in ("case_sensitive", "basis"):
        if key in entry:
            table[key] = entry[key]
    return table


def _why(term: str, means: str) -> str:
    return f"'{term}' is a clinical term the person may not know; it means {means}."
