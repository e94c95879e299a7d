"""Rules are data: shipped TOML, a team layer on top, clear errors for a bad layer."""

from __future__ import annotations

import textwrap

import pytest

from coassess.language.checker import Audience, check
from coassess.language.rules import (
    Category,
    RulesError,
    Ruleset,
    Severity,
    load_rules,
    merge_rules,
    parse_team_layer,
)

STAFF = Audience.STAFF_RECORD


def layer(toml: str) -> str:
    return textwrap.dedent(toml).lstrip()


def merged(toml: str) -> Ruleset:
    return merge_rules(
        load_rules(), parse_team_layer(layer(toml), name="north liaison")
    )


# --- shipped rules --------------------------------------------------------------------


def test_it_loads_the_shipped_rules_with_versions() -> None:
    rules = load_rules()
    assert rules.version.startswith("rules ")
    assert "jargon " in rules.version
    assert len(rules.rules) > 50


def test_it_loads_the_shipped_rules_once() -> None:
    assert load_rules() is load_rules()


def test_it_ships_the_starter_terms_from_the_domain_notes() -> None:
    ids = set(load_rules().ids())
    starter = {
        "refused", "non-compliant", "manipulative", "gamey", "demanding", "needy",
        "complains-of", "claims", "insists", "alleges", "denies", "attention-seeking",
        "frequent-attender", "well-known", "self-mutilation", "committed-suicide",
        "attempt-outcome", "suicide-gesture", "diagnosis-as-identity", "substance-labels",
        "lacks-insight", "presents-as", "disengaged", "kicking-off", "aggressive",
        "inappropriate",
    }  # fmt: skip
    assert starter <= ids


def test_it_makes_jargon_rules_for_person_facing_text_only() -> None:
    jargon = [rule for rule in load_rules().rules if rule.category is Category.JARGON]
    assert jargon
    assert all(rule.audiences == {Audience.PERSON_FACING} for rule in jargon)
    assert all(rule.why.endswith(".") for rule in jargon)


# --- team layers ----------------------------------------------------------------------


def test_it_adds_a_team_rule() -> None:
    ruleset = merged(
        """
        version = "3"

        [[rule]]
        id = "team-bed-blocker"
        category = "difficult-label"
        why = "Blames the person for a shortage of places to go."
        alternatives = ["is waiting for a place at ..."]
        terms = ["bed blocker", "bed-block~"]
        """
    )
    findings = check("Bed blocker, bed-blocking on ward 4.", STAFF, ruleset)
    assert [f.rule_id for f in findings] == ["team-bed-blocker", "team-bed-blocker"]
    assert check("Bed blocker.", STAFF) == []


def test_it_adds_a_term_to_a_shipped_rule() -> None:
    ruleset = merged(
        """
        version = "3"
        [change.refused]
        add_terms = ["wouldn't take~"]
        """
    )
    findings = check("She wouldn’t take her tablets.", STAFF, ruleset)
    assert [(f.rule_id, f.term) for f in findings] == [("refused", "wouldn’t take")]


def test_it_changes_a_suggestion_and_severity() -> None:
    ruleset = merged(
        """
        version = "3"
        [change.refused]
        alternatives = ["did not want to"]
        why = "Our group asked us to say what the person chose."
        severity = "note"
        """
    )
    finding = check("She refused.", STAFF, ruleset)[0]
    assert finding.alternatives == ("did not want to",)
    assert finding.why == "Our group asked us to say what the person chose."
    assert finding.severity is Severity.NOTE


def test_it_switches_a_shipped_rule_off() -> None:
    ruleset = merged(
        """
        version = "3"
        switch_off = ["presents-as"]
        """
    )
    assert check("Presents as low in mood.", STAFF, ruleset) == []
    assert [f.rule_id for f in check("Presents as low in mood.", STAFF)] == [
        "presents-as"
    ]


def test_it_lets_a_team_extend_a_set() -> None:
    ruleset = merged(
        """
        version = "3"
        [sets]
        others = ["caseworker"]
        """
    )
    assert check("Her caseworker refused the request.", STAFF, ruleset) == []
    assert check("Her caseworker refused the request.", STAFF) != []


def test_it_lets_a_team_add_jargon() -> None:
    ruleset = merged(
        """
        version = "3"
        [[jargon]]
        id = "team-jargon-hbpos"
        terms = ["place of safety"]
        means = "a room where the police can bring someone for a mental health assessment"
        """
    )
    findings = check(
        "You were in the place of safety.", Audience.PERSON_FACING, ruleset
    )
    assert [f.rule_id for f in findings] == ["team-jargon-hbpos"]
    assert "it means a room" in findings[0].why


def test_it_merges_layers_in_order_and_records_each_version() -> None:
    first = parse_team_layer(
        'version = "1"\n[change.needy]\nalternatives = ["one"]\n', name="a"
    )
    second = parse_team_layer(
        'version = "2"\n[change.needy]\nalternatives = ["two"]\n', name="b"
    )
    ruleset = merge_rules(load_rules(), first, second)
    needy = ruleset.get("needy")
    assert needy is not None and needy.alternatives == ("two",)
    assert ruleset.version.endswith("a 1 + b 2")


# --- malformed layers -----------------------------------------------------------------


def error_for(toml: str) -> str:
    with pytest.raises(RulesError) as raised:
        merge_rules(load_rules(), parse_team_layer(layer(toml)))
    return str(raised.value)


def test_it_names_the_line_of_a_toml_syntax_error() -> None:
    message = error_for(
        """
        version = "3"
        switch_off = ["needy"]
        [change.refused
        why = "x"
        """
    )
    assert "line 3" in message


def test_it_names_the_rule_and_line_of_an_unknown_key() -> None:
    message = error_for(
        """
        version = "3"

        [[rule]]
        id = "team-x"
        category = "blame"
        why = "Because."
        terms = ["x"]
        alternativs = ["typo"]
        """
    )
    assert "team-x" in message
    assert "alternativs" in message
    assert "line 8" in message


def test_it_names_a_missing_field() -> None:
    message = error_for(
        """
        version = "3"
        [[rule]]
        id = "team-x"
        category = "blame"
        terms = ["x"]
        """
    )
    assert "team-x" in message and "'why'" in message and "line 3" in message


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('switch_off = ["needy"]', "needs a 'version'"),
        ('version = "3"\nswitch_off = ["no-such-rule"]', "no-such-rule"),
        ('version = "3"\n[change.no-such-rule]\nwhy = "x"', "no-such-rule"),
        ('version = "3"\n[change.needy]\nwhom = "x"', "line 3"),
        ('version = "3"\n[change.needy]\nalternatives = "one"', "must be a list"),
        ('version = "3"\n[[rule]]\nid = "x"\ncategory = "rude"\nwhy = "y"\nterms = ["z"]', "line 4"),
        ('version = "3"\n[[rule]]\nid = "x"\ncategory = "blame"\nwhy = "y"\nterms = ["z"]\nseverity = "loud"', "severity"),
        ('version = "3"\n[[rule]]\nid = "x"\ncategory = "blame"\nwhy = "y"\nterms = ["@nowhere"]', "line 3: rule 'x' uses @nowhere"),
        ('version = "3"\n[change.needy]\nadd_terms = ["@nowhere"]', "line 2: rule 'needy' uses @nowhere"),
        ('version = "3"\n[[rule]]\nid = "needy"\ncategory = "blame"\nwhy = "y"\nterms = ["z"]', "already exists"),
        ('version = "3"\n[[rule]]\nid = "x"\ncategory = "blame"\nwhy = "y"\nterms = ["z?"]', "optional"),
        ('version = "3"\n[[rule]]\nid = "x"\ncategory = "blame"\nwhy = "y"', "'terms'"),
        ('version = "3"\n[[rule]]\nid = "Bad Id"\ncategory = "blame"\nwhy = "y"\nterms = ["z"]', "rule number 1"),
        ('version = "3"\n[[rule]]\nid = "x"\ncategory = "blame"\nwhy = "y"\ndetector = "magic"', "magic"),
        ('version = "3"\nmystery = true', "mystery"),
        ('version = "3"\n[[jargon]]\nid = "j"\nterms = ["x"]', "means"),
    ],
)  # fmt: skip
def test_it_explains_what_is_wrong_with_a_layer(toml: str, expected: str) -> None:
    assert expected in error_for(toml)


def test_it_keeps_the_shipped_rules_working_after_a_bad_layer() -> None:
    with pytest.raises(RulesError):
        parse_team_layer("version = \n")
    assert [f.rule_id for f in check("She refused.", STAFF)] == ["refused"]
    assert [f.rule_id for f in check("She refused.", STAFF, load_rules())] == [
        "refused"
    ]


def test_it_leaves_the_base_ruleset_unchanged_when_merging() -> None:
    base = load_rules()
    merge_rules(base, parse_team_layer('version = "1"\nswitch_off = ["needy"]\n'))
    assert base.get("needy") is not None
