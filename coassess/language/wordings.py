"""One-click wordings that keep the grammar of the words they replace.

A rule's ``wordings`` (rules data, see ``data/rules.toml``) are suggestions that can
stand in for a match as they are. Each knows its forms, so "refusing" becomes
"declining", never "declined" ("He was declined his medication" reverses the
meaning). A form is named after the inflected word (a ``~`` word) of the term that
matched:

    base   refuse      s   refuses      ed   refused      ing   refusing
    other  a match of a term without a ``~`` word ("refusal", "drug misuse")

A wording offers nothing for a form it does not give: no suggestion is better than
one in the wrong form. It may also say which terms it is for (``terms``, written as
in the rule), what the next word must be (``before``: "chose not" only before "to")
or must not be (``not_before``), and that it replaces the inflected word only,
keeping the rest of the match (``word_only``: "mutilated himself" -> "harmed
himself").

Pure functions of strings: the checker finds the match and its inflected word, this
says what can replace it. The server renders the result for pages with and without
JavaScript alike, so both offer the same words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "FORMS",
    "Replacement",
    "Wording",
    "form_of",
    "is_direct_wording",
    "match_case",
    "replacements",
    "sentence_around",
]

FORMS = ("base", "s", "ed", "ing", "other")
ADVICE_STARTS = ("describe", "leave ", "quote ", "say ", "write ")
_LETTERS = re.compile(r"[^a-z]")
_NEXT_WORD = re.compile(r"\s*([\w']+)")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)|\n")


@dataclass(frozen=True)
class Wording:
    """One suggestion in each form it fits (``forms``: (form name, words) pairs)."""

    forms: tuple[tuple[str, str], ...]
    terms: tuple[str, ...] = ()
    before: str = ""
    not_before: str = ""
    word_only: bool = False

    def words_for(self, form: str) -> str:
        """The words for `form`, or "" when this wording does not fit it."""
        return next((words for name, words in self.forms if name == form), "")


@dataclass(frozen=True)
class Replacement:
    """Words to put in place of a match, and how to name them on a button
    (with the next word a wording needs: "chose not" is shown as "chose not to")."""

    words: str
    label: str


def is_direct_wording(alternative: str) -> bool:
    """True for words that can replace a term as they stand ("when you need it").

    Not for templates with gaps ("has not been taking ...") or advice
    ("describe what happened"): those need the writer's own words.
    """
    text = alternative.strip().lower()
    return (
        bool(text)
        and "..." not in text
        and "[" not in text
        and "(" not in text
        and not text.startswith(ADVICE_STARTS)
    )


def _spellings(stem: str) -> dict[str, str]:
    """Every regular spelling of `stem` with an ending, to the form it is.
    The same endings as the checker's ``inflections`` (which finds them)."""
    forms = {stem: "base", stem + "s": "s", stem + "ed": "ed", stem + "ing": "ing"}
    last = stem[-1:]
    if last == "e":
        forms |= {stem + "d": "ed", stem[:-1] + "ing": "ing"}
    if stem.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms[stem + "es"] = "s"
    if last == "y" and len(stem) > 1 and stem[-2] not in "aeiou":
        forms |= {stem[:-1] + "ies": "s", stem[:-1] + "ied": "ed"}
    if (
        len(stem) >= 3
        and stem[-3] not in "aeiou"
        and stem[-2] in "aeiou"
        and last not in "aeiouwxy"
    ):
        forms |= {stem + last + "ed": "ed", stem + last + "ing": "ing"}
    return forms


def form_of(stem: str, written: str) -> str:
    """Which form of `stem` (a ``~`` word without its ``~``) `written` is:
    "base", "s", "ed" or "ing"; "other" if it is none of them. Case, hyphens and
    spaces inside the word are ignored ("Self mutilated" is "ed" of "self-mutilate")."""
    squashed = _LETTERS.sub("", written.lower())
    by_spelling = _spellings(_LETTERS.sub("", stem.lower()))
    return by_spelling.get(squashed, "other")


def match_case(written: str, replacement: str) -> str:
    """`replacement` with a capital first letter when `written` starts a sentence
    with one ("Refused" -> "Declined"); abbreviations in capitals ("DSH") do not
    make the replacement upper case."""
    if written[:1].isupper() and not (len(written) > 1 and written.isupper()):
        return replacement[:1].upper() + replacement[1:]
    return replacement


def replacements(
    wordings: tuple[Wording, ...],
    *,
    term: str,
    matched: str,
    verb: tuple[int, int] | None,
    stem: str,
    following: str,
) -> tuple[Replacement, ...]:
    """What can replace `matched` (the words of `term` found in the text), in
    the order the rule gives its wordings, without repeats.

    `verb` is the span of the inflected word inside `matched` (None when `term`
    has no ``~`` word), `stem` that word as the rule writes it, and `following`
    the text after the match (for ``before`` and ``not_before``).
    """
    form = "other" if verb is None else form_of(stem, matched[verb[0] : verb[1]])
    found = _NEXT_WORD.match(following)
    next_word = found.group(1).lower() if found else ""
    offered: list[Replacement] = []
    for wording in wordings:
        words = wording.words_for(form)
        if not words or (wording.terms and term not in wording.terms):
            continue
        if wording.before and next_word != wording.before:
            continue
        if wording.not_before and next_word == wording.not_before:
            continue
        if wording.word_only and verb is not None:
            start, end = verb
            new = (
                matched[:start] + match_case(matched[start:end], words) + matched[end:]
            )
        else:
            new = match_case(matched, words)
        label = f"{new} {wording.before}" if wording.before else new
        if all(new != earlier.words for earlier in offered):
            offered.append(Replacement(new, label))
    return tuple(offered)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence holding ``text[start:end]``: from after the
    previous full stop, question or exclamation mark or line break to the end of
    the next one (or the text's end), without the white space around it."""
    begin = 0
    for found in _SENTENCE_END.finditer(text, 0, start):
        begin = found.end()
    after = _SENTENCE_END.search(text, end)
    stop = len(text) if after is None else after.end()
    if after is not None and after.group() == "\n":
        stop = after.start()
    while begin < stop and text[begin].isspace():
        begin += 1
    while stop > begin and text[stop - 1].isspace():
        stop -= 1
    return begin, stop
