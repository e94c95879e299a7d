"""How easy is this to read? A reading-age estimate for text the person will read.

Why: the person's copy of their plan is for them, and they may read it in crisis, tired,
or with low literacy. NHS content guidance aims for a reading age of 9 to 11 (DOMAIN.md
§8.3). A number alone does not help a writer, so alongside the estimate we point at the
long sentences and long words and say, in a few plain lines, what to change.

How: syllables come from ``pyphen`` (hyphenation dictionaries that ship inside the
package, so nothing is fetched from the network) combined with a vowel-group count,
because hyphenation rules deliberately skip breaks near word ends ("area", "idea") and so
undercount. We take the larger of the two. If pyphen cannot be loaded at all, the vowel
count is used alone.

From counts of words, sentences and syllables:

- Flesch Reading Ease = 206.835 - 1.015 x (words/sentence) - 84.6 x (syllables/word).
  Higher is easier; 80 or more is roughly what a reading age of 9 to 11 needs.
- Flesch-Kincaid grade = 0.39 x (words/sentence) + 11.8 x (syllables/word) - 15.59,
  a US school grade.
- UK reading age = US grade + 5. This is an approximation (DOMAIN.md §8.3 marks it
  unverified): US grades start at age 6 and the formula was fitted on American readers.
  Treat the result as a rough guide, never as a judgement of the reader.

Not words: web addresses ("www.samaritans.org/how-we-can-help"), email addresses, phone
numbers ("116 123", "0800 123 4567") and clock times ("after 5 p.m.", "10:30") are read
as a whole, not scored as words, and their dots never end a sentence; a person's plan
needs them exactly as they are. Names (a capitalised word inside a sentence, a word in
capitals, or a service named in ``SERVICE_NAMES``) count in the score but are never
suggested for replacement: "Samaritans" has no everyday alternative.

Limits: sentences are split on full stops, question and exclamation marks, semicolons
and line breaks, so bullet points count as sentences. Other numbers count as words of
one syllable per digit (at most three). A name at the start of a sentence is only
known as a name when it is in ``SERVICE_NAMES`` or in capitals. The formulas were made for English prose; for other
languages the figures mean little, though they are still computed without error.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

__all__ = [
    "LONG_SENTENCE_WORDS",
    "LONG_WORD_LETTERS",
    "LONG_WORD_SYLLABLES",
    "TARGET_READING_AGE",
    "Readability",
    "Span",
    "count_syllables",
    "measure_readability",
]

TARGET_READING_AGE = (9, 11)
LONG_SENTENCE_WORDS = 20  # more than this is long
LONG_WORD_SYLLABLES = 4  # this many or more is long
LONG_WORD_LETTERS = 12  # more than this is long

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*|\d+(?:[.,:/]\d+)*")
_SENTENCE_END = re.compile(r"[.!?;]+(?=[\s\"'\u201d\u2019)\]]|$)|\n")
# Full stops that do not end a sentence.
_ABBREVIATIONS = frozenset(
    {"dr", "mr", "mrs", "ms", "mx", "st", "e.g", "i.e", "etc", "approx", "vs"}
)
# Things in a text that are not words and must not be scored as words. Matched
# case-blind; each is blanked out before sentences and words are found.
_TOP_LEVEL = r"(?:org|com|net|gov|nhs|info|co|ac|uk|io|scot|wales)"
_NOT_WORDS = re.compile(
    "|".join(
        [
            # Web addresses: with a scheme or www., or a bare domain on a known ending.
            r"\b(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]'\u2019]",
            rf"\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.{_TOP_LEVEL}\b"
            r"(?:/[^\s<>\"]*[^\s<>\".,;:!?)\]'\u2019])?",
            # Email addresses.
            r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
            # Clock times: 5 p.m., 5pm, 5.30 am, 17:30.
            r"\b\d{1,2}(?:[.:]\d{2})?\s?(?:a\.m\.?|p\.m\.?|am\b|pm\b)",
            r"\b\d{1,2}:\d{2}\b",
            # Phone numbers: groups of digits, 6 or more in all (checked below).
            r"(?:\+\d{1,3}[\s-]?)?\(?\d{2,5}\)?(?:[\s-]?\d{2,4}){1,3}\b",
        ]
    ),
    re.IGNORECASE,
)
_PHONE_DIGITS = 6
# Services people are told about by name, which no everyday word replaces.
SERVICE_NAMES = frozenset(
    {"samaritans", "shout", "mind", "papyrus", "childline", "nhs", "calm", "sane"}
)

# Vowel pairs usually sounded as two syllables: medium, period, usual, quiet, liaison.
# Not after letters that make them one sound: social, vision, anxious, language.
_SOUNDED_APART = re.compile(
    r"(?<![cstgx])ia|(?<![cstgx])io(?!n)|iu|(?<![gq])ua|ie(?=t)"
)
# A silent "e" kept before a suffix: safety, lately, movement, hopeful, careless.
_SILENT_E_BEFORE_SUFFIX = re.compile(
    r"[^aeiou]e(?:ly|ty|ment|ments|ful|fully|less|ness)$"
)


@dataclass(frozen=True)
class Span:
    """A stretch of the text to highlight. ``start``/``end`` index the original text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Readability:
    """A reading-age estimate with what to highlight and what to change.

    ``reading_age`` and ``grade`` are None for text with no words. ``reading_age`` is
    rounded to a whole year and never given as below 5.
    """

    reading_age: int | None
    grade: float | None
    flesch: float | None
    words: int
    sentences: int
    syllables: int
    long_sentences: tuple[Span, ...]
    long_words: tuple[Span, ...]
    suggestions: tuple[str, ...]

    @property
    def in_target(self) -> bool:
        """True when the estimate is at or below the top of the 9 to 11 band."""
        return (
            self.reading_age is not None and self.reading_age <= TARGET_READING_AGE[1]
        )


def measure_readability(text: str) -> Readability:
    """Estimate the reading age of ``text`` and say what would make it easier.

    Web addresses, email addresses, phone numbers and times are left out of the
    counts (see the module docstring); spans still index ``text`` as given."""
    plain = _without_non_words(text)
    sentences = [
        (Span(s.start, s.end, text[s.start : s.end]), _words(s))
        for s in _sentences(plain)
    ]
    sentences = [(sentence, words) for sentence, words in sentences if words]
    words = [word for _, sentence_words in sentences for word in sentence_words]
    if not words:
        return Readability(None, None, None, 0, 0, 0, (), (), ())
    syllables = sum(count_syllables(word.text) for word in words)
    long_sentences = tuple(
        sentence
        for sentence, sentence_words in sentences
        if len(sentence_words) > LONG_SENTENCE_WORDS
    )
    long_words = tuple(
        word
        for _, sentence_words in sentences
        for index, word in enumerate(sentence_words)
        if _is_long_word(word.text) and not _is_name(word.text, first=index == 0)
    )
    counted_sentences = len(sentences)
    grade, flesch = _scores(len(words), counted_sentences, syllables)
    reading_age = max(5, round(grade + 5))
    return Readability(
        reading_age=reading_age,
        grade=round(grade, 1),
        flesch=round(flesch, 1),
        words=len(words),
        sentences=counted_sentences,
        syllables=syllables,
        long_sentences=long_sentences,
        long_words=long_words,
        suggestions=_suggestions(reading_age, long_sentences, long_words),
    )


def _scores(words: int, sentences: int, syllables: int) -> tuple[float, float]:
    words_per_sentence = words / max(sentences, 1)
    syllables_per_word = syllables / words
    grade = 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59
    flesch = 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word
    return grade, flesch


# --- splitting --------------------------------------------------------------------------


def _without_non_words(text: str) -> str:
    """``text`` with web and email addresses, phone numbers and times blanked out
    by spaces, so positions still match. A final full stop that ends the sentence
    ("... after 5 p.m. Then ...") is kept as a sentence end."""
    pieces: list[str] = []
    last = 0
    for match in _NOT_WORDS.finditer(text):
        found = match.group()
        if _ordinary_number(found):
            continue  # a word
        blank = " " * len(found)
        if found.endswith(".") and re.match(r"\s+[A-Z]|\s*$", text[match.end() :]):
            blank = blank[:-1] + "."
        pieces += [text[last : match.start()], blank]
        last = match.end()
    pieces.append(text[last:])
    return "".join(pieces)


def _ordinary_number(found: str) -> bool:
    """Digits with no time mark and too few for a phone number: "34", "2026"."""
    return (
        (found[:1].isdigit() or found[:1] in "+(")
        and ":" not in found
        and "m" not in found.lower()
        and sum(char.isdigit() for char in found) < _PHONE_DIGITS
    )


def _is_name(word: str, *, first: bool) -> bool:
    """A name, not to be replaced: in capitals, a known service, or capitalised
    inside a sentence."""
    if word.isupper() and len(word) > 1:
        return True
    if word.lower() in SERVICE_NAMES:
        return True
    return word[:1].isupper() and not first


def _sentences(text: str) -> list[Span]:
    spans: list[Span] = []
    start = 0
    for end_mark in _SENTENCE_END.finditer(text):
        if end_mark.group().startswith(".") and _after_abbreviation(
            text, end_mark.start()
        ):
            continue
        _add_sentence(spans, text, start, end_mark.end())
        start = end_mark.end()
    _add_sentence(spans, text, start, len(text))
    return spans


def _after_abbreviation(text: str, dot: int) -> bool:
    before = re.search(r"([\w.]+)$", text[max(0, dot - 8) : dot])
    return before is not None and before.group(1).lower() in _ABBREVIATIONS


def _add_sentence(spans: list[Span], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    offset = start + (len(piece) - len(piece.lstrip()))
    spans.append(Span(offset, offset + len(stripped), stripped))


def _words(sentence: Span) -> list[Span]:
    return [
        Span(
            sentence.start + match.start(), sentence.start + match.end(), match.group()
        )
        for match in _WORD.finditer(sentence.text)
    ]


def _is_long_word(word: str) -> bool:
    if word[0].isdigit():
        return False
    letters = sum(1 for char in word if char.isalpha())
    return letters > LONG_WORD_LETTERS or count_syllables(word) >= LONG_WORD_SYLLABLES


# --- syllables --------------------------------------------------------------------------


class _Hyphenator(Protocol):
    def positions(self, word: str) -> list[int]: ...


@lru_cache(maxsize=1)
def _hyphenator() -> _Hyphenator | None:
    try:
        import pyphen  # imported here so a missing package means fallback, not failure

        hyphenator: _Hyphenator = pyphen.Pyphen(lang="en_GB")
    except (ImportError, KeyError, OSError):
        return None
    return hyphenator


@lru_cache(maxsize=20_000)
def count_syllables(word: str) -> int:
    """Syllables in one word: the larger of pyphen's count and a vowel-group count."""
    if word[:1].isdigit():
        return min(3, sum(1 for char in word if char.isdigit()))
    lowered = word.lower().replace("\u2019", "'")
    estimate = _vowel_group_syllables(lowered)
    hyphenator = _hyphenator()
    if hyphenator is not None and lowered.isascii():
        parts = [part for part in re.split(r"[-']", lowered) if part]
        from_dictionary = sum(len(hyphenator.positions(part)) + 1 for part in parts)
        estimate = max(estimate, from_dictionary)
    return max(1, estimate)


def _vowel_group_syllables(word: str) -> int:
    """A rough English count: groups of vowels, less silent endings, plus vowel pairs
    that are usually sounded apart ("area", "idea", "anxiety")."""
    letters = _strip_accents(word)
    total = 0
    for part in re.split(r"[-']", letters):
        total += _syllables_in_part(part)
    return max(1, total)


def _syllables_in_part(part: str) -> int:
    part = re.sub(r"[^a-z]", "", part)
    if not part:
        return 0
    part = part.replace("qu", "q")
    if part.startswith("y"):
        part = part[1:]
    groups = re.findall(r"[aeiouy]+", part)
    count = len(groups)
    count += len(_SOUNDED_APART.findall(part))
    count -= _silent_endings(part, count)
    if count > 1 and _SILENT_E_BEFORE_SUFFIX.search(part):
        count -= 1
    return max(1, count) if part else 0


def _silent_endings(part: str, count: int) -> int:
    if count <= 1:
        return 0
    if part.endswith("e") and not part.endswith(("le", "ee", "ye")):
        return 1
    if part.endswith("ed") and not part.endswith(("ted", "ded")):
        return 1
    if part.endswith("es") and not re.search(r"(?:[csxzg]|ch|sh)es$", part):
        return 1
    return 0


def _strip_accents(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


# --- advice -----------------------------------------------------------------------------


def _suggestions(
    reading_age: int, long_sentences: tuple[Span, ...], long_words: tuple[Span, ...]
) -> tuple[str, ...]:
    low, high = TARGET_READING_AGE
    advice: list[str] = []
    if reading_age > high:
        advice.append(
            f"Reading age is about {reading_age}; aim for {low} to {high} so more "
            "people can read it easily."
        )
    else:
        advice.append(
            f"Reading age is about {reading_age}, within the {low} to {high} aim."
        )
    if long_sentences:
        count = len(long_sentences)
        advice.append(
            f"Split {_plural(count, 'long sentence')} into shorter ones "
            f"(over {LONG_SENTENCE_WORDS} words)."
        )
    if long_words:
        examples = ", ".join(_first_unique(word.text for word in long_words))
        advice.append(
            f"Use shorter, everyday words where you can, instead of: {examples}."
        )
    if reading_age > high and not long_sentences and not long_words:
        advice.append(
            "Use shorter words and sentences, and explain any clinical terms."
        )
    return tuple(advice)


def _first_unique(words: Iterable[str], limit: int = 5) -> list[str]:
    seen: dict[str, str] = {}
    for word in words:
        seen.setdefault(word.lower(), word)
        if len(seen) == limit:
            break
    return list(seen.values())


def _plural(count: int, noun: str) -> str:
    return f"the {noun}" if count == 1 else f"the {count} {noun}s"
