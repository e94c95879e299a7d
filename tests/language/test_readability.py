"""Reading age for person-facing text: offline, explained, and robust."""

from __future__ import annotations

import importlib
import socket
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from coassess.language import readability
from coassess.language.readability import (
    TARGET_READING_AGE,
    count_syllables,
    measure_readability,
)

PLAIN = (
    "We met you today in the emergency department. You told us you feel low. "
    "Your sister will stay with you tonight. You can call the crisis line at any time. "
    "We will see you again on Friday."
)
DENSE = (
    "Following a comprehensive multidisciplinary psychiatric evaluation incorporating "
    "collateral information from her general practitioner, it was determined that "
    "inpatient admission was not clinically indicated, notwithstanding considerable "
    "psychosocial adversity and longstanding interpersonal difficulties."
)


@pytest.fixture
def fresh_syllable_caches() -> Iterator[None]:
    """Clear caches so a test really loads pyphen (or fails to) for itself."""
    readability._hyphenator.cache_clear()
    count_syllables.cache_clear()
    yield
    readability._hyphenator.cache_clear()
    count_syllables.cache_clear()


def test_it_finds_plain_text_within_the_target_band() -> None:
    result = measure_readability(PLAIN)
    assert result.reading_age is not None
    assert result.reading_age <= TARGET_READING_AGE[1]
    assert result.in_target
    assert result.flesch is not None and result.flesch > 80
    assert result.sentences == 5
    assert result.long_sentences == ()


def test_it_finds_dense_clinical_text_hard_and_says_what_to_change() -> None:
    result = measure_readability(DENSE)
    assert result.reading_age is not None and result.reading_age > 18
    assert not result.in_target
    assert result.flesch is not None and result.flesch < 30
    assert any("aim for 9 to 11" in line for line in result.suggestions)
    assert any("Split the long sentence" in line for line in result.suggestions)
    assert any("multidisciplinary" in line for line in result.suggestions)


def test_it_maps_grade_to_reading_age_by_adding_five() -> None:
    result = measure_readability(DENSE)
    assert result.grade is not None and result.reading_age is not None
    assert result.reading_age == round(result.grade + 5)


def test_it_computes_the_flesch_formulas() -> None:
    # 2 sentences, 9 words, 10 syllables ("party" has two).
    result = measure_readability("The cat sat down. We went to a party.")
    assert (result.words, result.sentences, result.syllables) == (9, 2, 10)
    words_per_sentence, syllables_per_word = 9 / 2, 10 / 9
    flesch = 206.835 - 1.015 * words_per_sentence - 84.6 * syllables_per_word
    grade = 0.39 * words_per_sentence + 11.8 * syllables_per_word - 15.59
    assert result.flesch == round(flesch, 1)
    assert result.grade == round(grade, 1)


def test_it_highlights_long_sentences_with_spans() -> None:
    long_sentence = " ".join(["word"] * 25) + "."
    text = f"Short one. {long_sentence} Another short one."
    result = measure_readability(text)
    assert len(result.long_sentences) == 1
    span = result.long_sentences[0]
    assert text[span.start : span.end] == span.text == long_sentence


def test_it_highlights_long_words_with_spans() -> None:
    text = "You had an assessment with a psychiatrist. Your medication is unchanged."
    result = measure_readability(text)
    found = {span.text for span in result.long_words}
    assert {"medication", "psychiatrist"} <= found
    for span in result.long_words:
        assert text[span.start : span.end] == span.text


def test_it_does_not_end_sentences_at_titles_or_abbreviations() -> None:
    assert (
        measure_readability("Dr. Shah saw you. We talked, e.g. about sleep.").sentences
        == 2
    )


def test_it_counts_bullet_points_as_sentences() -> None:
    assert (
        measure_readability("Things that help:\n- music\n- my dog\n- walks").sentences
        == 4
    )


def test_it_gives_no_estimate_for_text_without_words() -> None:
    for text in ["", "   ", "...!!!", "😀🙂"]:
        result = measure_readability(text)
        assert result.reading_age is None and result.words == 0
        assert result.suggestions == ()


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("cat", 1),
        ("plan", 1),
        ("crisis", 2),
        ("people", 2),
        ("hospital", 3),
        ("medication", 4),
        ("psychiatric", 4),
        ("anxiety", 4),
        ("responsibility", 6),
        ("liaison", 3),
        ("safety", 2),
        ("social", 2),
        ("self-harm", 2),
        ("2025", 3),
    ],
)
def test_it_counts_syllables(word: str, syllables: int) -> None:
    assert count_syllables(word) == syllables


def refuse_network(*args: Any, **kwargs: Any) -> Any:
    raise OSError("network is unreachable in this test")


def test_it_works_with_the_network_unreachable(
    monkeypatch: pytest.MonkeyPatch, fresh_syllable_caches: None
) -> None:
    monkeypatch.setattr(socket.socket, "connect", refuse_network)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse_network)
    monkeypatch.setattr(socket, "create_connection", refuse_network)
    monkeypatch.setattr(socket, "getaddrinfo", refuse_network)
    with pytest.raises(OSError):
        socket.create_connection(("example.org", 80))
    sys.modules.pop("pyphen", None)
    importlib.import_module("pyphen")
    assert readability._hyphenator() is not None  # pyphen's own dictionary, on disk
    result = measure_readability(DENSE)
    assert result.reading_age is not None and result.reading_age > 18


def test_it_falls_back_to_counting_vowels_without_pyphen(
    monkeypatch: pytest.MonkeyPatch, fresh_syllable_caches: None
) -> None:
    monkeypatch.setitem(sys.modules, "pyphen", None)  # makes "import pyphen" fail
    assert readability._hyphenator() is None
    assert count_syllables("hospital") == 3
    assert measure_readability(PLAIN).in_target


ODD_TEXTS = [
    "x" * 100_000,
    "word " * 20_000,
    "Mae'r tîm yn dod i'ch gweld chi yfory. Diolch yn fawr.",
    "Pacjentka odmówiła przyjęcia leków. Źle się czuje.",
    "رفضت المريضة تناول الدواء.",
    "患者拒绝服药。",
    "😀😡💊 🙃 👩‍👩‍👧",
    "<script>alert('x')</script><p>Hello</p>",
    "\x00\x01\ufeff",
    "a\u0301b\u0327",
    "İ" * 500,
    "12 34 5,678 24/7 1:1",
    ". . . ! ? ;",
]


@pytest.mark.parametrize("text", ODD_TEXTS, ids=range(len(ODD_TEXTS)))
def test_it_never_falls_over_on_odd_input(text: str) -> None:
    result = measure_readability(text)
    for span in result.long_words + result.long_sentences:
        assert text[span.start : span.end] == span.text


# --- Things that are not words (issue 12, part 4) ---------------------------------------

SAMARITANS = (
    "If I feel unsafe I will call Samaritans on 116 123 or look at "
    "www.samaritans.org/how-we-can-help."
)


def test_a_web_address_and_a_phone_number_are_not_scored_as_words() -> None:
    """The reported example was scored 17 (14 without the address)."""
    result = measure_readability(SAMARITANS)
    assert (result.words, result.sentences) == (12, 1)
    assert result.reading_age == 10
    advice = " ".join(result.suggestions)
    assert "Samaritans" not in advice and "how-we-can-help" not in advice
    assert [w.text for w in result.long_words] == []


@pytest.mark.parametrize(
    ("text", "words", "sentences"),
    [
        ("Ring me on 0800 123 4567 tonight.", 4, 1),
        ("Ring +44 20 7946 0000 now.", 2, 1),
        ("Ring (0161) 496 0000 now.", 2, 1),
        ("Email jo.reid@example.org today.", 2, 1),
        ("Look at https://www.mind.org.uk/information-support/ today.", 3, 1),
        ("Look at nhs.uk/mental-health for help.", 4, 1),
        ("I will ring Jo after 5 p.m. Then I will sleep.", 9, 2),
        ("Jo comes after 5 p.m. and stays.", 5, 1),
        ("Jo comes at 8pm. She stays.", 5, 2),
        ("Jo comes at 10:30 and stays until 08:00.", 6, 1),
        # Ordinary numbers are still words.
        ("I am 34 and take 2 tablets.", 7, 1),
    ],
)
def test_addresses_numbers_and_times_are_not_words_or_sentence_ends(
    text: str, words: int, sentences: int
) -> None:
    result = measure_readability(text)
    assert (result.words, result.sentences) == (words, sentences)


def test_names_of_services_are_never_suggested_for_replacement() -> None:
    text = (
        "Papyrus and Samaritans listen. Alternatively, contact HOPELINEUK or "
        "Childline, or the Kensington Community Crisis Sanctuary."
    )
    long_words = [w.text for w in measure_readability(text).long_words]
    assert long_words == ["Alternatively"]


def test_spans_still_point_into_the_text_as_written() -> None:
    text = "See www.samaritans.org. " + " ".join(["word"] * 25) + "."
    result = measure_readability(text)
    (sentence,) = result.long_sentences
    assert text[sentence.start : sentence.end] == sentence.text
    assert sentence.text.startswith("word")
