"""One-click wordings keep the form of the words they replace, and show the
sentence they make (issue 11, part 4)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html import unescape
from typing import Any

import pytest
from django.urls import reverse

from coassess.language.checker import Finding, check
from coassess.language.presenters import present_findings
from coassess.language.rules import (
    Audience,
    Category,
    Rule,
    RulesError,
    load_rules,
    merge_rules,
    parse_team_layer,
)
from coassess.language.wordings import Wording, form_of, match_case, sentence_around


def finding(text: str, rule_id: str = "refused", **kwargs: Any) -> Finding:
    audience = kwargs.pop("audience", Audience.STAFF_RECORD)
    found = [f for f in check(text, audience, **kwargs) if f.rule_id == rule_id]
    assert len(found) == 1, (text, found)
    return found[0]


def offered(text: str, rule_id: str = "refused", **kwargs: Any) -> list[str]:
    return [r.words for r in finding(text, rule_id, **kwargs).replacements]


def sentences(text: str, rule_id: str = "refused") -> list[str]:
    f = finding(text, rule_id)
    return [s.sentence for s in present_findings([f], "box", text)[0].suggestions]


# --- The examples from the issue ------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "wanted"),
    [
        ("refusing", "declining"),
        ("refused", "declined"),
        ("refuses", "declines"),
        ("refuse", "decline"),
    ],
)
def test_a_replacement_keeps_the_form_of_the_word(written: str, wanted: str) -> None:
    words = offered(f"They said she may {written} it")
    assert words[0] == wanted
    others = {"declining", "declined", "declines", "decline"} - {wanted}
    assert not others & set(words)


def test_he_was_refusing_his_medication_becomes_declining() -> None:
    text = "He was refusing his medication. He slept well."
    assert sentences(text) == ["He was declining his medication."]


def test_confused_and_refusing_treatment_becomes_declining_treatment() -> None:
    text = "Mrs Begum is confused and refusing treatment"
    assert sentences(text) == ["Mrs Begum is confused and declining treatment"]


def test_wordings_that_need_to_are_offered_only_before_to() -> None:
    assert sentences("She refused to eat. Slept.") == [
        "She declined to eat.",
        "She chose not to eat.",
        "She did not want to eat.",
    ]
    labels = [r.label for r in finding("She refused to eat").replacements]
    assert labels == ["declined", "chose not to", "did not want to"]
    assert offered("She refused food") == ["declined"]


def test_the_capital_at_the_start_of_a_sentence_is_kept() -> None:
    assert offered("Refusing food since Monday.") == ["Declining"]
    assert offered("Known DSH.", "deliberate-self-harm") == ["self-harm"]


def test_a_noun_gets_no_verb_in_its_place() -> None:
    f = finding("Refusal of food noted")
    assert f.replacements == ()
    # Advice is still given, to adapt by hand.
    assert "declined" in present_findings([f], "box", "")[0].advice


def test_the_persons_own_words_are_never_offered_a_replacement() -> None:
    f = finding('She said "I refused it because it makes me sick"')
    assert f.replacements == ()


def test_word_only_wordings_keep_the_rest_of_the_match() -> None:
    assert offered("He mutilated himself", "self-mutilation") == ["harmed himself"]
    assert offered("She misuses alcohol", "misuse") == ["uses alcohol"]


def test_the_check_page_shows_the_whole_new_sentence_before_it_is_used(
    signed_in: Callable[[str], Any],
) -> None:
    response = signed_in("clinician").post(
        reverse("language:check_wording"),
        {
            "text": "He was refusing his medication.",
            "audience": "staff",
            "field": "id_account_text",
        },
        HTTP_HX_REQUEST="true",
    )
    html = unescape(response.content.decode())
    assert "Use “declining”" in html
    assert "it would read “" in html
    assert "He was declining his medication.</span>”" in html
    assert 'data-replacement="declining"' in html
    assert "declined" not in html.split("Or:")[0].split("Try:")[0]


# --- Every wording in the data, in every form it gives --------------------------------


def _spell(stem: str, form: str) -> str:
    """How the data's verbs are written in each form (regular English)."""
    if form == "base":
        return stem
    if form == "s":
        if re.search(r"[^aeiou]y$", stem):
            return stem[:-1] + "ies"
        return stem + ("es" if stem.endswith(("s", "x", "z", "ch", "sh", "o")) else "s")
    one_syllable = len(re.findall(r"[aeiou]+", stem)) == 1
    doubles = re.search(r"[^aeiou][aeiou][^aeiouwxy]$", stem) and (
        one_syllable or stem.endswith("mit")
    )
    base = stem + stem[-1] if doubles else stem
    if form == "ed":
        if stem.endswith("e"):
            return stem + "d"
        return base[:-1] + "ied" if re.search(r"[^aeiou]y$", stem) else base + "ed"
    return (stem[:-1] if stem.endswith("e") else base) + "ing"


def _sample(term: str, form: str, rule_sets: Any) -> str:
    words = []
    for word in term.split():
        if word.endswith("?"):
            continue
        if word.startswith("@"):
            words.append(rule_sets[word[1:]][0])
        elif word.endswith("~"):
            words.append(_spell(word[:-1], form))
        else:
            words.append(word)
    return " ".join(words)


def _every_wording() -> Iterator[tuple[Rule, Wording, str, str, str]]:
    """(rule, wording, form, term, sample text) for each form of each wording."""
    ruleset = load_rules()
    for rule in ruleset.rules:
        for wording in rule.wordings:
            for form, _ in wording.forms:
                for term in wording.terms or rule.terms:
                    if ("~" in term) == (form != "other"):
                        phrase = _sample(term, form, ruleset.sets)
                        after = f"{wording.before} go" if wording.before else "today"
                        yield rule, wording, form, term, f"Then she {phrase} {after}."


EVERY = list(_every_wording())


def test_the_data_has_wordings_in_every_form() -> None:
    forms = {form for _, _, form, _, _ in EVERY}
    assert forms == {"base", "s", "ed", "ing", "other"}
    assert len({rule.id for rule, *_ in EVERY}) >= 40  # rules and jargon
    assert len(EVERY) >= 150


@pytest.mark.parametrize(
    ("rule", "wording", "form", "term", "text"),
    EVERY,
    ids=[f"{r.id}:{t}:{f}:{w.words_for(f)}" for r, w, f, t, _ in EVERY],
)
def test_each_wording_is_offered_in_the_form_of_each_term(
    rule: Rule, wording: Wording, form: str, term: str, text: str
) -> None:
    audience = (
        Audience.PERSON_FACING
        if rule.category == Category.JARGON
        else Audience.STAFF_RECORD
    )
    f = finding(text, rule.id, audience=audience)
    words = wording.words_for(form)
    if wording.word_only:
        stem = next(w[:-1] for w in term.split() if w.endswith("~"))
        expected = f.term.replace(_spell(stem, form), words, 1)
    else:
        expected = match_case(f.term, words)
    assert expected in [r.words for r in f.replacements]
    # The same wording in another form is never offered for this one.
    wrong = {w for name, w in wording.forms if name != form and w != words}
    assert not wrong & {r.words for r in f.replacements}
    # And the sentence shown is the sentence it makes.
    suggestion = next(
        s
        for s in present_findings([f], "box", text)[0].suggestions
        if s.replacement.words == expected
    )
    assert suggestion.sentence == text[: f.start] + expected + text[f.end :]


# --- The pieces -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stem", "written", "form"),
    [
        ("refuse", "refuse", "base"),
        ("refuse", "Refuses", "s"),
        ("refuse", "refused", "ed"),
        ("refuse", "refusing", "ing"),
        ("commit", "committed", "ed"),
        ("deny", "denies", "s"),
        ("deny", "denied", "ed"),
        ("self-mutilate", "self mutilating", "ing"),
        ("refuse", "refusal", "other"),
    ],
)
def test_form_of(stem: str, written: str, form: str) -> None:
    assert form_of(stem, written) == form


def test_sentence_around_stops_at_full_stops_and_line_breaks() -> None:
    text = "First one. He was refusing it!  Next\nline"
    start = text.index("refusing")
    begin, end = sentence_around(text, start, start + 8)
    assert text[begin:end] == "He was refusing it!"
    start = text.index("Next")
    begin, end = sentence_around(text, start, start + 4)
    assert text[begin:end] == "Next"


def test_a_team_can_change_a_rules_wordings() -> None:
    layer = parse_team_layer(
        'version = "1"\n[change.refused]\n'
        'wordings = [{ ed = "did not take", ing = "not taking" }]\n'
    )
    ruleset = merge_rules(load_rules(), layer)
    assert offered("He was refusing his tablets", ruleset=ruleset) == ["not taking"]


@pytest.mark.parametrize(
    ("wordings", "message"),
    [
        ('wordings = [{ past = "declined" }]', "unknown key 'past'"),
        ('wordings = [{ before = "to" }]', "at least one form"),
        ('wordings = "declined"', "must be a list of tables"),
        (
            'wordings = [{ other = "x", terms = ["nope"] }]',
            "is for term 'nope', which the rule does not have",
        ),
    ],
)
def test_a_malformed_wording_is_refused_with_the_line(
    wordings: str, message: str
) -> None:
    layer = (
        'version = "1"\n[[rule]]\nid = "team-x"\ncategory = "blame"\n'
        f'why = "Because."\nterms = ["frobbed"]\n{wordings}\n'
    )
    with pytest.raises(RulesError, match=re.escape(message)) as caught:
        merge_rules(load_rules(), parse_team_layer(layer, name="your team's rules"))
    assert "line 7" in str(caught.value)


def test_a_box_for_the_person_with_no_words_gets_no_reading_age(
    signed_in: Callable[[str], Any],
) -> None:
    response = signed_in("clinician").post(
        reverse("language:check_wording"),
        {"text": "...", "audience": "person", "field": "id_rationale"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Reading age" not in response.content.decode()
