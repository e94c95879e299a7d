"""The checker finds stigmatising words and jargon, leaves innocent uses alone, and never
falls over on odd input. Plain pytest: no Django needed."""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coassess.language.checker import (
    QUOTED_WHY,
    Audience,
    Finding,
    check,
    find_quotations,
)
from coassess.language.rules import Category, Severity, load_rules

STAFF = Audience.STAFF_RECORD
PERSON = Audience.PERSON_FACING
ROOT = Path(__file__).resolve().parents[2]


def rule_ids(text: str, audience: Audience = STAFF) -> list[str]:
    return [finding.rule_id for finding in check(text, audience)]


def only(text: str, audience: Audience = STAFF) -> Finding:
    findings = check(text, audience)
    assert len(findings) == 1, findings
    return findings[0]


# --- matching -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word", ["refused", "refuses", "refusing", "refuse", "Refusal"]
)
def test_it_flags_every_form_of_refused(word: str) -> None:
    finding = only(f"She {word} the tablets.")
    assert finding.rule_id == "refused"
    assert finding.term == word


@pytest.mark.parametrize(
    "spelling",
    [
        "non-compliant",
        "non compliant",
        "noncompliant",
        "Non‑compliant",
        "non-\ncompliant",
    ],
)
def test_it_matches_hyphenated_spaced_and_joined_spellings(spelling: str) -> None:
    assert rule_ids(f"He is {spelling} with his depot.") == ["non-compliant"]


@pytest.mark.parametrize(
    "phrase", ["frequent flyer", "frequent flier", "Frequent Flyer"]
)
def test_it_matches_spelling_variants_and_any_case(phrase: str) -> None:
    assert rule_ids(f"Known {phrase}.") == ["frequent-attender"]


def test_it_matches_a_phrase_across_a_line_break() -> None:
    assert rule_ids("He is well\nknown to services.") == ["well-known"]


def test_it_matches_inflected_words_inside_phrases() -> None:
    assert rule_ids("He committed suicide.") == ["committed-suicide"]
    assert rule_ids("Commits suicide in the story.") == ["committed-suicide"]
    assert rule_ids("She lacked insight.") == ["lacks-insight"]


def test_it_reports_spans_into_the_original_text() -> None:
    text = "😀 “Fine” she said — she “refused” 🙂 and was “kicking off”."
    for finding in check(text, STAFF):
        assert text[finding.start : finding.end] == finding.term
    assert {"refused", "kicking-off"} <= set(rule_ids(text))


def test_it_keeps_spans_right_when_lower_casing_changes_length() -> None:
    text = "İİİ İstanbul: she refused the bloods."
    finding = only(text)
    assert finding.term == "refused"
    assert text[finding.start : finding.end] == "refused"


def test_it_does_not_match_inside_longer_words() -> None:
    assert rule_ids("Refusenik is a word; unclaimed; psychosocial; addiction.") == []


def test_it_prefers_the_longest_overlapping_match() -> None:
    finding = only("Previous failed suicide attempt.")
    assert finding.term == "failed suicide attempt"
    assert rule_ids("Poor compliance with meds.") == ["non-compliant"]


# --- context --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The GP refused to prescribe.",
        "Her GP has also refused a repeat prescription.",
        "The pharmacy declined to dispense early.",
        "The local authority refused the housing application.",
        "She is worried about her benefit claims.",
        "He has an insurance claim outstanding.",
        "She is claiming Universal Credit.",
        "He made a claim for PIP in May.",
        "Refuse collection was missed again.",
        "She has a demanding job.",
        "No evidence of aggression.",
        "Aggressive treatment of the lymphoma is planned.",
        "It would be inappropriate to discharge her tonight.",
        "She has splitting headaches.",
        "The match kicked off at three.",
        "She attends Alcoholics Anonymous.",
        "She has a borderline personality disorder diagnosis.",
        "The voices told him to jump.",
        "The DNA test confirmed paternity.",
        "After a failed attempt to contact her GP we rang her sister.",
    ],
)
def test_it_leaves_innocent_uses_alone(text: str) -> None:
    assert check(text, STAFF) == []


def test_it_ignores_a_passive_where_someone_else_refused() -> None:
    assert check("She was refused a bed at the hostel.", STAFF) == []
    assert check("He was denied access to his children.", STAFF) == []


def test_it_flags_a_passive_where_the_person_refused_an_offer() -> None:
    assert rule_ids("Oral medication has been refused again.") == ["refused"]
    assert rule_ids("Thoughts of suicide were denied.") == ["denies"]


def test_it_reads_context_through_quotation_marks() -> None:
    assert rule_ids('She was "refused" a bed.') == ["scare-quotes"]


def test_it_flags_the_person_as_subject_even_after_another_subject() -> None:
    assert rule_ids("The GP said she refused the bloods.") == ["refused"]


# --- quotation marks ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        'She said "I\'m a junkie and I know it."',
        "She said “I’m a junkie and I know it.”",
        "She said 'I'm a junkie and I know it.'",
        "She said ‘I’m a junkie and I know it.’",
    ],
)
def test_it_turns_the_persons_own_words_into_a_note(text: str) -> None:
    finding = only(text)
    assert finding.rule_id == "substance-labels"
    assert finding.severity is Severity.NOTE
    assert finding.why == QUOTED_WHY


def test_it_treats_i_in_the_persons_words_as_the_person() -> None:
    finding = only('He told us: "I refused the tablets because they make me drowsy."')
    assert (finding.rule_id, finding.severity) == ("refused", Severity.NOTE)


def test_it_keeps_a_quoted_label_from_someone_else_as_a_flag() -> None:
    findings = check('Staff described him as "manipulative".', STAFF)
    by_rule = {finding.rule_id: finding.severity for finding in findings}
    assert by_rule == {"manipulative": Severity.FLAG, "scare-quotes": Severity.NOTE}


def test_it_notes_scare_quotes_but_not_titles() -> None:
    assert rule_ids('His "pain" seems out of proportion.') == ["scare-quotes"]
    assert rule_ids('She was given the leaflet "Staying Safe".') == []


def test_it_does_not_let_an_unclosed_quote_run_on() -> None:
    text = 'She said "I was fine\nLater she refused the bloods.'
    assert only(text).severity is Severity.FLAG


def test_it_finds_quotations_and_who_is_speaking() -> None:
    quotations = find_quotations(
        "He said 'I can't cope' and staff called it \"drama\"."
    )
    assert [(q.words, q.first_person) for q in quotations] == [(3, True), (1, False)]


# --- audiences and the shape of findings ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("We completed an MSE.", "jargon-mse"),
        ("Take it PRN.", "jargon-prn"),
        ("Your TTO is ready.", "jargon-tto"),
        ("You agreed to an informal admission.", "jargon-informal"),
        ("The police used s136.", "jargon-s136"),
    ],
)
def test_it_flags_jargon_only_in_text_the_person_will_read(
    text: str, rule_id: str
) -> None:
    assert rule_ids(text, PERSON) == [rule_id]
    assert rule_ids(text, STAFF) == []


def test_it_flags_stigmatising_words_for_both_audiences() -> None:
    assert rule_ids("You refused your medication.", PERSON) == ["refused"]


def test_it_matches_case_sensitive_abbreviations_only_in_capitals() -> None:
    assert rule_ids("Give 5mg IM.", PERSON) == ["jargon-medicine-routes"]
    assert rule_ids("Im not sure.", PERSON) == []


def test_it_explains_each_finding() -> None:
    finding = only("Complains of chest pain.")
    assert finding.category is Category.CASTING_DOUBT
    assert finding.why.endswith(".") and len(finding.why) < 160
    assert "reports" in finding.alternatives
    assert finding.severity == "flag"
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.term = "changed"  # type: ignore[misc]


def test_it_accepts_the_audience_as_a_plain_string() -> None:
    assert rule_ids("We completed an MSE.", "person_facing") == ["jargon-mse"]  # type: ignore[arg-type]


def test_it_covers_every_category_in_the_shipped_rules() -> None:
    assert {rule.category for rule in load_rules().rules} == set(Category)


# --- odd input ------------------------------------------------------------------------

ODD_TEXTS = [
    "",
    " ",
    "\n\n\n",
    "refused " * 12_500,
    "x" * 100_000,
    "Mae hi'n gwrthod y tabledi. Dywedodd 'dwi ddim eisiau siarad'. Gwrthododd.",
    "Pacjentka odmówiła przyjęcia leków. Powiedziała „nie chcę”.",
    "رفضت المريضة تناول الدواء. قالت «لا أريد».",
    "患者拒绝服药。",
    "😀😡💊 refused 🙃 \u200d\u200d 👩‍👩‍👧",
    "<script>alert('refused')</script><p onclick=\"x\">non-compliant</p>",
    '""""""\'\'\'\'\'‘’“”«»',
    "\x00\x01refused\x02\ufeff",
    "a\u0301b\u0327 refused",
    "İ" * 1000 + " refused",
]


@pytest.mark.parametrize("text", ODD_TEXTS, ids=range(len(ODD_TEXTS)))
@pytest.mark.parametrize("audience", list(Audience))
def test_it_never_falls_over_on_odd_input(text: str, audience: Audience) -> None:
    findings = check(text, audience)
    for finding in findings:
        assert text[finding.start : finding.end] == finding.term


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=400))
def test_it_never_falls_over_on_any_text(text: str) -> None:
    for audience in Audience:
        for finding in check(text, audience):
            assert 0 <= finding.start < finding.end <= len(text)
            assert text[finding.start : finding.end] == finding.term


@settings(max_examples=100, deadline=None)
@given(
    before=st.text(max_size=40),
    after=st.text(max_size=40),
)
def test_it_finds_a_term_wherever_it_sits(before: str, after: str) -> None:
    text = f"{before}\n She was non-compliant with meds. \n{after}"
    assert "non-compliant" in rule_ids(text)


def test_it_checks_100000_characters_in_reasonable_time() -> None:
    text = ("She refused the tablets and was kicking off, the GP refused. " * 1700)[
        :100_000
    ]
    started = time.process_time()
    findings = check(text, STAFF)
    assert time.process_time() - started < 2.0
    assert len(findings) > 1000


# --- the evaluation set ---------------------------------------------------------------


def load_bench() -> ModuleType:
    path = ROOT / "bench" / "language_eval.py"
    spec = importlib.util.spec_from_file_location("language_eval", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_it_has_a_hand_labelled_set_naming_only_real_rules() -> None:
    bench = load_bench()
    cases = bench.load_cases()
    known = set(load_rules().ids())
    assert len(cases) >= 160
    labelled = {label.split(":")[0] for case in cases for label in case.expected}
    assert labelled <= known


def test_it_stays_above_the_precision_and_recall_floor() -> None:
    bench = load_bench()
    result = bench.evaluate(bench.load_cases())
    assert result.precision >= 0.85, result.mistakes
    assert result.recall >= 0.85, result.mistakes
