"""Find stigmatising language (and, for the person's own copy, jargon) in a piece of text.

Why: words in a record travel. A note that says someone "refused" or "claims" passes doubt
and blame to every reader after (Goddu 2018), and the person reads it too (OpenNotes).
So as staff type, coassess points at such words, says why in one plain sentence, and
offers other ways to say it. It never rewrites anything: the writer decides.

How: the rules are data (``rules.py``); each rule's terms become one regular expression,
compiled once per ruleset and cached. Text is matched after a length-preserving clean-up
(curly quotes and apostrophes become straight ones), so every span points into the text as
written. A match then passes through context checks taken from the rule:

- ``not_after`` / ``not_before``: nearby words that show an innocent use: "the GP
  refused", "benefit claims", "a demanding job", "no evidence of aggression".
- ``skip_passive``: "she was refused a bed" (someone else refused), unless what was refused
  is something offered to the person ("medication was refused").

Quotation marks get special care (DOMAIN.md §8.1). Words inside a quotation that is the
person speaking ("I'm an addict and I know it") are theirs to choose, so a match there
becomes a gentle note, not a flag. Short quotations that are not the person speaking
(his "pain", "still a 10") can be scare quotes that cast doubt, so the ``scare-quotes``
rule notes them.

Known limits (heuristics, not grammar; the evaluation in ``bench/language_eval.py`` measures
how often they bite):

- The subject is guessed from the nearest words before a match, skipping auxiliaries and
  adverbs. "The GP, Dr Shah, refused" or "the medication, which she refused," can be
  misread; so can anything that needs the previous sentence to understand.
- Negation is only handled where a rule lists it ("not aggressive"); "did not refuse"
  is still flagged, since the framing is the same. Word sense is not understood either:
  "she refuses to give up hope" is flagged like any other "refuses".
- A passive is recognised only with "was/were/been/get" right before the word, so a
  clipped note ("Denied access by the landlord") reads as the person denying, and an
  agent later in the sentence ("refused by the pharmacy") is not seen.
- A quotation is "the person speaking" only if it uses the first person (I, me, my, we).
  Quoted labels from other professionals ("described as 'a borderline'") stay flags.
- Straight single quotes are told from apostrophes by the characters around them; a
  plural possessive ("the nurses' station") can end a quotation early. Quotations do not
  run across line breaks, so an unclosed quotation mark affects one line only.
- The person's own words count as theirs only inside quotation marks: "reports feeling
  needy" is flagged, because the writer has made the word their own.
- Words are matched in English only; other scripts pass through untouched.
"""

from __future__ import annotations

import bisect
import logging
import math
import re
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import product

from coassess.language.rules import (
    Audience,
    Category,
    Rule,
    Ruleset,
    Severity,
    load_rules,
)
from coassess.language.wordings import Replacement, replacements

__all__ = ["Audience", "Finding", "Quotation", "check", "find_quotations"]

logger = logging.getLogger(__name__)

# The most one check may spend matching terms. A 2,000-word note takes about 4 ms
# (bench/language_eval.py); past this the check gives what it found so far, since
# a hint missed is better than a page that does not load.
CHECK_SECONDS = 0.25


@dataclass(frozen=True)
class Finding:
    """One place in the text worth a second look. ``start``/``end`` index the original text."""

    start: int
    end: int
    term: str
    rule_id: str
    category: Category
    why: str
    alternatives: tuple[str, ...]
    severity: Severity
    # Words that can replace ``term`` as they stand, in its grammatical form
    # ("refusing" -> "declining"): the rule's wordings that fit (``wordings.py``).
    replacements: tuple[Replacement, ...] = ()


@dataclass(frozen=True)
class Quotation:
    """Text in quotation marks; ``start``/``end`` include the marks themselves."""

    start: int
    end: int
    words: int
    first_person: bool


QUOTED_WHY = (
    "These are the person's own words, so keep them if they chose them, "
    "but do not repeat the term as your own description."
)

# Curly quotes and odd hyphens become their plain forms. Every replacement is one
# character for one character, so positions in the cleaned text match the original.
_CLEAN_UP = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2033": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u00a0": " ",
        "\u202f": " ",
    }
)

_WORD = re.compile(r"[\w&]+(?:'\w+)*")
_TOKEN = re.compile(r"\w+")
_DOUBLE_MARK = re.compile('"')
_SINGLE_MARK = re.compile("'")
# Where context stops. Quotation marks are not breaks: in 'she was "refused" a bed' the
# words around the quotation still say who did what.
_SENTENCE_BREAK = re.compile(r"[.!?;]+(?:\s|$)|[\n()]")
# Term patterns never backtrack (checked in tests/language/test_hostile_rules.py): each
# word, separator and optional word is an atomic group or a possessive quantifier, so
# once a piece has matched, the engine keeps that match and moves on. A team's term
# like "zz zz? zz? ... qq" then costs time in proportion to its length, not 2 ** the
# number of optional words. The price: an optional word is always taken when it can
# be, so "low mood? mood" cannot match "low mood"; nobody writes terms like that.
_BETWEEN_WORDS = r"(?>\s*+-\s*+|\s++)"
_INSIDE_WORD = r"(?>\s*+-\s*+|\s++)?+"
_MAX_QUOTATION = 600
_LOOK_BEHIND = 160
_LOOK_AHEAD = 100
_SUBJECT_WORDS = 4  # how far back to look for what was refused: "thoughts of suicide"

# fmt: off
FIRST_PERSON = frozenset({
    "i", "i'm", "im", "i've", "i'd", "i'll", "me", "my", "mine", "myself",
    "we", "we're", "we've", "us", "our", "ours", "ourselves",
})
# Words skipped when looking for who did something: "she has (also) repeatedly refused".
_ADVERBS = frozenset({
    "not", "never", "also", "again", "repeatedly", "then", "initially", "previously",
    "subsequently", "already", "just", "recently", "still", "later", "now", "once",
    "twice", "often", "always", "sometimes", "reportedly", "apparently", "very",
    "quite", "really", "extremely", "increasingly", "clearly", "politely", "firmly",
    "flatly", "strongly", "consistently", "persistently", "adamantly", "verbally",
    "physically", "openly", "briefly",
})
_AUXILIARIES = frozenset({
    "has", "have", "had", "having", "is", "was", "were", "are", "am", "be", "been",
    "being", "would", "will", "could", "should", "may", "might", "can", "did", "does",
    "do", "became", "become", "becomes", "appeared", "seemed", "seems",
})
_BE_OR_GET = frozenset({
    "is", "was", "were", "are", "am", "be", "been", "being",
    "get", "gets", "got", "getting", "gotten",
})
_IRREGULAR_PARTICIPLES = frozenset({"told", "kept", "left", "taken", "given", "seen", "made"})
# fmt: on
_FILLERS = _ADVERBS | _AUXILIARIES


# --- the public entry point ----------------------------------------------------------


def check(
    text: str, audience: Audience, ruleset: Ruleset | None = None
) -> list[Finding]:
    """Findings in ``text`` for a reader of type ``audience``, in order of position.

    Uses the shipped rules unless ``ruleset`` is given (see ``rules.merge_rules``).
    Compiled rules are cached per ``Ruleset`` object, so merge a team's layers once and
    reuse the result. Never raises for odd input: empty text, other scripts and markup
    give findings or none. Term matching stops after CHECK_SECONDS, giving what it
    found by then.
    """
    compiled = _compile(ruleset if ruleset is not None else load_rules())
    audience = Audience(audience)
    clean = text.translate(_CLEAN_UP)
    quotations = _quotations_in_clean_text(clean)
    speaking = _PersonSpeaking.of(quotations)
    term_findings = [
        finding
        for rule, match in compiled.indexes[audience].matches(
            clean, time.monotonic() + CHECK_SECONDS
        )
        if (finding := _finding(rule, match, text, clean, speaking)) is not None
    ]
    detector_findings = [
        finding
        for rule in compiled.detectors
        if audience in rule.audiences
        for finding in _run_detector(rule, text, clean, quotations)
    ]
    chosen = _without_overlaps(term_findings) + detector_findings
    return sorted(chosen, key=lambda f: (f.start, f.end, f.rule_id))


def find_quotations(text: str) -> list[Quotation]:
    """Quotations in ``text``, each within one line; positions index ``text``."""
    return _quotations_in_clean_text(text.translate(_CLEAN_UP))


def _quotations_in_clean_text(clean: str) -> list[Quotation]:
    found: list[Quotation] = []
    offset = 0
    for line in clean.split("\n"):
        if '"' in line or "'" in line:
            spans = list(_double_quoted(line)) + list(_single_quoted(line))
            found.extend(
                _describe_quotation(clean, offset + start, offset + end)
                for start, end in spans
                if end - start <= _MAX_QUOTATION
            )
        offset += len(line) + 1
    return sorted(found, key=lambda q: (q.start, q.end))


# --- compiling a ruleset --------------------------------------------------------------


@dataclass(frozen=True)
class _Phrases:
    """Context phrases as word tuples, for a quick "do these words end with one?"."""

    phrases: frozenset[tuple[str, ...]]
    lengths: tuple[int, ...]

    @classmethod
    def of(cls, phrases: Iterable[str]) -> _Phrases:
        tokens = frozenset(t for t in (_tokens(p) for p in phrases) if t)
        return cls(phrases=tokens, lengths=tuple(sorted({len(t) for t in tokens})))

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def end(self, words: list[str]) -> bool:
        """Do ``words`` end with one of the phrases?"""
        return any(
            n <= len(words) and tuple(words[-n:]) in self.phrases for n in self.lengths
        )

    def within(self, words: list[str], last: int) -> bool:
        """Is one of the phrases among the ``last`` few words? ("thoughts of suicide")"""
        tail = words[-last:]
        return any(
            tuple(tail[i : i + n]) in self.phrases
            for n in self.lengths
            for i in range(len(tail) - n + 1)
        )


@dataclass(frozen=True)
class _CompiledRule:
    rule: Rule
    pattern: re.Pattern[str] | None
    # The words a match can start with, so a rule is tried only where one occurs.
    # None means "could start anywhere": scan the whole text.
    first_words: frozenset[str] | None
    not_after: _Phrases
    not_before: tuple[str, ...]
    unless_passive_of: _Phrases
    # For rules with wordings: each term, a pattern matching exactly its words
    # with the inflected (~) word as group "verb", and that word's stem.
    anatomies: tuple[tuple[str, re.Pattern[str], str], ...] = ()

    @property
    def audiences(self) -> frozenset[Audience]:
        return self.rule.audiences


@dataclass(frozen=True)
class _WordIndex:
    """For one audience, the rules whose terms can start with a given word.

    Running every rule's expression over a long note costs a full scan per rule. Instead
    the text is split into words once, and a rule's expression is tried only at a word
    that one of its terms can start with. This keeps a 2,000-word note inside budget.
    """

    by_word: Mapping[str, tuple[_CompiledRule, ...]]  # lower-case; case-blind rules
    by_exact_word: Mapping[str, tuple[_CompiledRule, ...]]  # case-sensitive rules
    # by_exact_word's keys in lower case: a cheap test before slicing the original.
    exact_lowered: frozenset[str]
    scan_always: tuple[_CompiledRule, ...]  # rules whose first word cannot be listed

    @classmethod
    def of(cls, rules: Iterable[_CompiledRule]) -> _WordIndex:
        by_word: dict[str, list[_CompiledRule]] = {}
        by_exact_word: dict[str, list[_CompiledRule]] = {}
        scan_always: list[_CompiledRule] = []
        for rule in rules:
            if rule.first_words is None:
                scan_always.append(rule)
                continue
            index = by_exact_word if rule.rule.case_sensitive else by_word
            for word in rule.first_words:
                index.setdefault(word, []).append(rule)
        return cls(
            by_word={word: tuple(found) for word, found in by_word.items()},
            by_exact_word={word: tuple(found) for word, found in by_exact_word.items()},
            exact_lowered=frozenset(word.lower() for word in by_exact_word),
            scan_always=tuple(scan_always),
        )

    def matches(
        self, clean: str, deadline: float = math.inf
    ) -> Iterator[tuple[_CompiledRule, re.Match[str]]]:
        """Each rule's match at each word its terms can start with, until the
        ``deadline`` (``time.monotonic()`` seconds) passes: then it stops and logs."""
        for rule in self.scan_always:
            if rule.pattern is not None:
                yield from ((rule, match) for match in rule.pattern.finditer(clean))
        lowered = clean.lower()
        # Lower-casing can change the length of some non-English text; then positions in
        # the lowered copy no longer line up, so split the original instead.
        aligned = len(lowered) == len(clean)
        for token in _TOKEN.finditer(lowered if aligned else clean):
            if time.monotonic() > deadline:
                logger.warning(
                    "Language check stopped after %s s at character %d of %d.",
                    CHECK_SECONDS,
                    token.start(),
                    len(clean),
                )
                return
            word = token.group() if aligned else token.group().lower()
            rules = self.by_word.get(word, ())
            if word in self.exact_lowered:
                start, end = token.span()
                rules += self.by_exact_word.get(clean[start:end], ())
            for rule in rules:
                if rule.pattern is None:
                    continue
                match = rule.pattern.match(clean, token.start())
                if match:
                    yield rule, match


@dataclass(frozen=True)
class _CompiledRuleset:
    detectors: tuple[_CompiledRule, ...]
    indexes: Mapping[Audience, _WordIndex]


@lru_cache(maxsize=32)
def _compile(ruleset: Ruleset) -> _CompiledRuleset:
    compiled = [_compile_rule(rule, ruleset.sets) for rule in ruleset.rules]
    terms = [rule for rule in compiled if rule.pattern is not None]
    return _CompiledRuleset(
        detectors=tuple(rule for rule in compiled if rule.pattern is None),
        indexes={
            audience: _WordIndex.of(
                rule for rule in terms if audience in rule.audiences
            )
            for audience in Audience
        },
    )


def _compile_rule(rule: Rule, sets: Mapping[str, tuple[str, ...]]) -> _CompiledRule:
    pattern = None
    first_words: frozenset[str] | None = None
    if rule.terms:
        flags = 0 if rule.case_sensitive else re.IGNORECASE
        ordered = sorted(rule.terms, key=len, reverse=True)
        body = "|".join(_term_pattern(term, sets) for term in ordered)
        pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)", flags)
        first_words = _first_words(rule.terms, sets, rule.case_sensitive)
    return _CompiledRule(
        rule=rule,
        pattern=pattern,
        first_words=first_words,
        not_after=_Phrases.of(_expand_phrases(rule.not_after, sets)),
        not_before=tuple(_squash(p) for p in _expand_phrases(rule.not_before, sets)),
        unless_passive_of=_Phrases.of(_expand_phrases(rule.unless_passive_of, sets)),
        anatomies=tuple(_anatomy(t, sets, rule.case_sensitive) for t in rule.terms)
        if rule.wordings
        else (),
    )


def _anatomy(
    term: str, sets: Mapping[str, tuple[str, ...]], case_sensitive: bool
) -> tuple[str, re.Pattern[str], str]:
    """`term`, a pattern matching all of a match of it and nothing more, with its
    first ~ word as the group "verb", and that word's stem ("" if none)."""
    stem, pattern = "", ""
    for position, word in enumerate(term.split()):
        bare = word.rstrip("?") if position else word
        piece = _word_pattern(bare, sets)
        if bare.endswith("~") and not stem:
            stem, piece = bare[:-1], f"(?P<verb>{piece})"
        if position:
            piece = _BETWEEN_WORDS + piece
            piece = f"(?:{piece})?+" if word.endswith("?") else piece
        pattern += piece
    flags = 0 if case_sensitive else re.IGNORECASE
    return term, re.compile(rf"(?:{pattern})\Z", flags), stem


def _replacements(
    rule: _CompiledRule, original: str, start: int, end: int
) -> tuple[Replacement, ...]:
    """The rule's wordings that fit the match ``original[start:end]``."""
    matched = original[start:end]
    clean = matched.translate(_CLEAN_UP)
    for term, anatomy, stem in rule.anatomies:
        found = anatomy.match(clean)
        if found:
            verb = found.span("verb") if stem else None
            return replacements(
                rule.rule.wordings,
                term=term,
                matched=matched,
                verb=verb,
                stem=stem,
                following=original[end : end + 40],
            )
    return ()


def _term_pattern(term: str, sets: Mapping[str, tuple[str, ...]]) -> str:
    words = term.split()
    pattern = _word_pattern(words[0], sets)
    for word in words[1:]:
        piece = _BETWEEN_WORDS + _word_pattern(word.rstrip("?"), sets)
        pattern += f"(?:{piece})?+" if word.endswith("?") else piece
    return pattern


def _word_pattern(word: str, sets: Mapping[str, tuple[str, ...]]) -> str:
    if word.startswith("@"):
        phrases = sorted(sets[word[1:]], key=len, reverse=True)
        return "(?>" + "|".join(_term_pattern(p, {}) for p in phrases) + ")"
    forms = inflections(word[:-1]) if word.endswith("~") else {word}
    ordered = sorted(forms, key=len, reverse=True)
    return "(?>" + "|".join(_spelling_pattern(form) for form in ordered) + ")"


def _spelling_pattern(form: str) -> str:
    # A hyphen inside a word may be written as a hyphen, a space, or not at all.
    return _INSIDE_WORD.join(re.escape(part) for part in form.split("-"))


def inflections(word: str) -> set[str]:
    """The word plus its regular English endings. Over-generating is harmless here:
    a form nobody writes ("refuseing") never matches anything."""
    forms = {word, word + "s", word + "ing", word + "ed"}
    last = word[-1:]
    if last == "e":
        forms |= {word + "d", word[:-1] + "ing"}
    if word.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(word + "es")
    if last == "y" and len(word) > 1 and word[-2] not in "aeiou":
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if _ends_consonant_vowel_consonant(word):
        forms |= {word + last + "ed", word + last + "ing"}
    return forms


def _ends_consonant_vowel_consonant(word: str) -> bool:
    ending = word[-3:].lower()
    if len(ending) < 3 or not ending.isalpha():
        return False
    vowels = "aeiou"
    return (
        ending[0] not in vowels
        and ending[1] in vowels
        and ending[2] not in vowels + "wxy"
    )


def _first_words(
    terms: Iterable[str], sets: Mapping[str, tuple[str, ...]], case_sensitive: bool
) -> frozenset[str] | None:
    """Every word (as ``_TOKEN`` splits text) that a match of these terms can start with."""
    words: set[str] = set()
    for term in terms:
        first = term.split()[0]
        if first.startswith("@"):
            starts = [phrase.split()[0] for phrase in sets[first[1:]]]
        else:
            starts = [first]
        for start in starts:
            found = _first_words_of(start)
            if not found:
                return None
            words |= found
    return frozenset(words if case_sensitive else {word.lower() for word in words})


def _first_words_of(word: str) -> set[str]:
    forms = inflections(word[:-1]) if word.endswith("~") else {word}
    found: set[str] = set()
    for form in forms:
        parts = form.split("-")
        # "non-compliant" may be written "non compliant" or "noncompliant".
        for count in range(1, len(parts) + 1):
            token = _TOKEN.match("".join(parts[:count]))
            if not token:
                return set()
            found.add(token.group())
    return found


def _expand_phrases(
    phrases: Iterable[str], sets: Mapping[str, tuple[str, ...]]
) -> list[str]:
    """Replace each ``@set`` word in a context phrase with every phrase in that set."""
    expanded: list[str] = []
    for phrase in phrases:
        options = [
            sets[word[1:]] if word.startswith("@") else (word,)
            for word in phrase.split()
        ]
        expanded.extend(" ".join(choice) for choice in product(*options))
    return expanded


def _tokens(phrase: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(phrase.lower()))


def _squash(phrase: str) -> str:
    return " ".join(phrase.lower().split())


# --- matching one rule ----------------------------------------------------------------


def _finding(
    rule: _CompiledRule,
    match: re.Match[str],
    original: str,
    clean: str,
    speaking: _PersonSpeaking,
) -> Finding | None:
    start, end = match.span()
    quoted = speaking.covers(start, end)
    if _innocent_in_context(rule, clean, start, end, match.group(), quoted):
        return None
    return Finding(
        start=start,
        end=end,
        term=original[start:end],
        rule_id=rule.rule.id,
        category=rule.rule.category,
        why=QUOTED_WHY if quoted else rule.rule.why,
        alternatives=rule.rule.alternatives,
        severity=Severity.NOTE if quoted else rule.rule.severity,
        # Never offer to change the person's own words.
        replacements=() if quoted else _replacements(rule, original, start, end),
    )


def _innocent_in_context(
    rule: _CompiledRule, clean: str, start: int, end: int, matched: str, quoted: bool
) -> bool:
    before = _words_before(clean, start)
    # In the person's own words, "I refused" is the person, not a member of staff.
    subject = _strip_trailing(before, _FILLERS)
    speaker_is_person = quoted and bool(subject) and subject[-1] in FIRST_PERSON
    if (
        rule.not_after
        and not speaker_is_person
        and _ends_with_any(before, rule.not_after)
    ):
        return True
    if rule.not_before and _starts_with_any(_text_after(clean, end), rule.not_before):
        return True
    if rule.rule.skip_passive and _is_passive(matched, before):
        subject = _strip_trailing(_drop_be_or_get(before), _FILLERS)
        return not rule.unless_passive_of.within(subject, _SUBJECT_WORDS)
    return False


def _words_before(clean: str, start: int) -> list[str]:
    window = clean[max(0, start - _LOOK_BEHIND) : start]
    breaks = list(_SENTENCE_BREAK.finditer(window))
    if breaks:
        window = window[breaks[-1].end() :]
    return [_without_possessive(word.lower()) for word in _WORD.findall(window)]


def _without_possessive(word: str) -> str:
    return word[:-2] if word.endswith("'s") else word


def _text_after(clean: str, end: int) -> str:
    window = clean[end : end + _LOOK_AHEAD]
    cut = _SENTENCE_BREAK.search(window)
    # Keep the break character itself, so "aggressive (" can be seen.
    if cut:
        window = window[: cut.start() + 1]
    return _squash(window.lstrip("\"' "))


def _ends_with_any(words: list[str], phrases: _Phrases) -> bool:
    stripped = _strip_trailing(words, _FILLERS)
    return phrases.end(words) or phrases.end(stripped)


def _starts_with_any(following: str, phrases: Iterable[str]) -> bool:
    for phrase in phrases:
        if not following.startswith(phrase):
            continue
        rest = following[len(phrase) : len(phrase) + 1]
        if not rest or not phrase[-1].isalnum() or not rest.isalnum():
            return True
    return False


def _strip_trailing(words: list[str], skippable: frozenset[str]) -> list[str]:
    end = len(words)
    while end and words[end - 1] in skippable:
        end -= 1
    return words[:end]


def _is_passive(matched: str, before: list[str]) -> bool:
    first = matched.split()[0].lower() if matched.split() else ""
    if not (first.endswith(("ed", "en")) or first in _IRREGULAR_PARTICIPLES):
        return False
    words = _strip_trailing(before, _ADVERBS)
    return bool(words) and words[-1] in _BE_OR_GET


def _drop_be_or_get(before: list[str]) -> list[str]:
    words = _strip_trailing(before, _ADVERBS)
    return words[:-1]


# --- quotations -----------------------------------------------------------------------


def _double_quoted(line: str) -> Iterator[tuple[int, int]]:
    marks = [mark.start() for mark in _DOUBLE_MARK.finditer(line)]
    for opening, closing in zip(marks[::2], marks[1::2], strict=False):
        yield opening, closing + 1


def _single_quoted(line: str) -> Iterator[tuple[int, int]]:
    opening: int | None = None
    for mark in _SINGLE_MARK.finditer(line):
        index = mark.start()
        before = line[index - 1] if index else " "
        after = line[index + 1] if index + 1 < len(line) else " "
        if opening is None and not before.isalnum() and after.isalnum():
            opening = index
        elif opening is not None and not after.isalnum() and not before.isspace():
            yield opening, index + 1
            opening = None


def _describe_quotation(text: str, start: int, end: int) -> Quotation:
    words = [word.lower() for word in _WORD.findall(text[start + 1 : end - 1])]
    return Quotation(
        start=start,
        end=end,
        words=len(words),
        first_person=any(word in FIRST_PERSON for word in words),
    )


@dataclass(frozen=True)
class _PersonSpeaking:
    """Where the person is speaking: first-person quotations, merged, for quick lookup."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, quotations: Iterable[Quotation]) -> _PersonSpeaking:
        merged: list[list[int]] = []
        for q in sorted(
            (q for q in quotations if q.first_person), key=lambda q: q.start
        ):
            if merged and q.start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], q.end)
            else:
                merged.append([q.start, q.end])
        return cls(starts=tuple(m[0] for m in merged), ends=tuple(m[1] for m in merged))

    def covers(self, start: int, end: int) -> bool:
        place = bisect.bisect_left(self.starts, start) - 1
        return place >= 0 and end < self.ends[place]


# --- detectors: rules that are not word lists -----------------------------------------


def _run_detector(
    rule: _CompiledRule, original: str, clean: str, quotations: list[Quotation]
) -> Iterator[Finding]:
    if rule.rule.detector == "scare-quotes":
        yield from _scare_quotes(rule.rule, original, clean, quotations)


def _scare_quotes(
    rule: Rule, original: str, clean: str, quotations: list[Quotation]
) -> Iterator[Finding]:
    """Short quotations that are not the person speaking, and not a title or name."""
    for quotation in quotations:
        inner = clean[quotation.start + 1 : quotation.end - 1]
        if quotation.first_person or quotation.words > 3 or not inner.strip():
            continue
        if _looks_like_title(inner):
            continue
        yield Finding(
            start=quotation.start,
            end=quotation.end,
            term=original[quotation.start : quotation.end],
            rule_id=rule.id,
            category=rule.category,
            why=rule.why,
            alternatives=rule.alternatives,
            severity=rule.severity,
        )


def _looks_like_title(inner: str) -> bool:
    words = [word for word in _WORD.findall(inner) if word[0].isalpha()]
    return bool(words) and all(word[0].isupper() for word in words)


# --- overlaps -------------------------------------------------------------------------


def _without_overlaps(findings: list[Finding]) -> list[Finding]:
    """Where matches overlap, keep the longest ("failed suicide attempt" over "failed
    attempt"); on a tie, keep the rule that comes first in the ruleset."""
    ranked = sorted(
        enumerate(findings), key=lambda pair: (pair[1].start - pair[1].end, pair[0])
    )
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Finding] = []
    for _, finding in ranked:
        place = bisect.bisect_left(starts, finding.start)
        clash_left = place > 0 and ends[place - 1] > finding.start
        clash_right = place < len(starts) and starts[place] < finding.end
        if clash_left or clash_right:
            continue
        starts.insert(place, finding.start)
        ends.insert(place, finding.end)
        kept.append(finding)
    return kept
