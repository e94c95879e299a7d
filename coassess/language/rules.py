"""The language rules are data: load them, check them, and layer a team's edits on top.

Why data and not code: the words that hurt people change, and the people best placed to
say which words hurt are a team's co-production group, not its programmers. So the
shipped rules live in ``data/rules.toml`` (stigmatising language) and ``data/jargon.toml``
(clinical terms to explain in text the person will read), each with a ``version`` key.
A team adds its own layer of TOML on top: it can add a rule, add a term to a shipped rule,
change a suggestion, or switch a shipped rule off. ``merge_rules`` folds the layers into
the effective ruleset, which is what ``checker.check`` runs.

A team layer is typed by people, so it will sometimes be wrong. A wrong layer raises
``RulesError`` with a message that names the line (and the rule) so it can be fixed, and
it never damages the shipped rules: ``load_rules()`` keeps returning them.

A team layer looks like this::

    version = "north-liaison 3"
    switch_off = ["presents-as"]

    [change.refused]
    alternatives = ["chose not to", "did not want to"]
    add_terms = ["wouldn't take~"]

    [[rule]]
    id = "team-bed-blocker"
    category = "difficult-label"
    why = "Blames the person for a shortage of places to go."
    alternatives = ["is waiting for a place at ..."]
    terms = ["bed blocker", "bed blocking"]

Term syntax (shared with the shipped files, explained again in ``data/rules.toml``):
words are matched whole and without regard to case; a space between words also matches a
hyphen or a line break; a hyphen inside a word also matches a space or nothing
("non-compliant" finds "non compliant" and "noncompliant"); ``~`` after a word adds its
endings ("refuse~" finds refuses, refused, refusing); ``?`` after a word makes it optional
(and is always taken when it can be: the patterns never backtrack); ``@name`` stands for any
phrase in the named set. Sizes are limited (MAX_TERM_WORDS and the others below).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, TypeVar

from coassess.language.jargon import JargonError, jargon_rule_tables
from coassess.language.wordings import FORMS, Wording

__all__ = [
    "Audience",
    "Category",
    "Rule",
    "RuleChange",
    "RulesError",
    "Ruleset",
    "Severity",
    "TeamLayer",
    "load_rules",
    "merge_rules",
    "parse_team_layer",
]


class RulesError(ValueError):
    """A rules file is malformed. The message names the file, line and rule where known."""


class Audience(StrEnum):
    """Who will read the text. Jargon only matters when the person will read it."""

    STAFF_RECORD = "staff_record"
    PERSON_FACING = "person_facing"


class Category(StrEnum):
    """Themes of stigmatising language (Park 2021, Goddu 2018; DOMAIN.md §8), plus jargon."""

    CASTING_DOUBT = "casting-doubt"
    BLAME = "blame"
    DIFFICULT_LABEL = "difficult-label"
    STEREOTYPING = "stereotyping"
    CLINICIAN_AUTHORITY = "clinician-authority"
    SUICIDE_SELF_HARM = "suicide-self-harm"
    JARGON = "jargon"


class Severity(StrEnum):
    """A flag asks for a change; a note asks the writer to think about it."""

    FLAG = "flag"
    NOTE = "note"


KNOWN_DETECTORS = frozenset({"scare-quotes"})

_E = TypeVar("_E", bound=StrEnum)

_RULE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}$")
_SET_NAME = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
_SET_REF = re.compile(r"@([a-z][a-z0-9_]*)")
# Sizes a term, a rule and a set may have. The checker's patterns never backtrack
# (checker._BETWEEN_WORDS), so these are not what keeps a check fast: they keep a
# typed rule readable and each match attempt short. The shipped rules use at most
# 6 words, 1 optional word, 32 terms a rule and 83 phrases a set.
MAX_TERM_WORDS = 8
MAX_OPTIONAL_WORDS = 3
MAX_TERMS_PER_RULE = 100
MAX_SET_PHRASES = 200

_TERM_CHARS = re.compile(r"^[^\W_](?:[\w '&./()\-:~?@]*[\w)~?.:])?$")

_RULE_REQUIRED = ("id", "category", "why")
_RULE_OPTIONAL = (
    "alternatives",
    "wordings",
    "terms",
    "detector",
    "severity",
    "audiences",
    "not_after",
    "not_before",
    "skip_passive",
    "unless_passive_of",
    "case_sensitive",
    "basis",
)
_CHANGE_KEYS = (
    "why",
    "alternatives",
    "wordings",
    "severity",
    "add_terms",
    "add_not_after",
    "add_not_before",
)
_LAYER_KEYS = ("version", "switch_off", "change", "rule", "jargon", "sets")
_SHIPPED_KEYS = ("version", "sets", "rule")


@dataclass(frozen=True)
class Rule:
    """One thing to look for, why it matters, and what to write instead.

    ``not_after`` and ``not_before`` hold phrases that, found just before or just after a
    match in the same sentence, show an innocent use ("the GP refused", "benefit claims").
    ``skip_passive`` ignores "she was refused a bed" (someone else refused), except when
    the thing refused is one of ``unless_passive_of`` ("medication was refused").
    ``alternatives`` are advice in words; ``wordings`` can replace a match in one
    click, each in the grammatical form of the words it replaces (``wordings.py``).
    """

    id: str
    category: Category
    why: str
    alternatives: tuple[str, ...] = ()
    wordings: tuple[Wording, ...] = ()
    terms: tuple[str, ...] = ()
    detector: str | None = None
    severity: Severity = Severity.FLAG
    audiences: frozenset[Audience] = frozenset(Audience)
    not_after: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()
    skip_passive: bool = False
    unless_passive_of: tuple[str, ...] = ()
    case_sensitive: bool = False
    basis: str = ""


@dataclass(frozen=True)
class RuleChange:
    """A team's edit to one shipped rule. ``None`` means "leave as shipped"."""

    rule_id: str
    why: str | None = None
    alternatives: tuple[str, ...] | None = None
    wordings: tuple[Wording, ...] | None = None
    severity: Severity | None = None
    add_terms: tuple[str, ...] = ()
    add_not_after: tuple[str, ...] = ()
    add_not_before: tuple[str, ...] = ()


@dataclass(frozen=True)
class TeamLayer:
    """A parsed, structurally valid team layer, ready to merge."""

    name: str
    version: str
    new_rules: tuple[Rule, ...] = ()
    changes: tuple[RuleChange, ...] = ()
    switch_off: tuple[str, ...] = ()
    sets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    text: str = field(default="", repr=False)  # kept to point at lines in later errors


@dataclass(frozen=True, eq=False)
class Ruleset:
    """The effective rules. Compared and hashed by identity so compiled forms can be cached."""

    versions: tuple[str, ...]
    rules: tuple[Rule, ...]
    sets: Mapping[str, tuple[str, ...]]

    @property
    def version(self) -> str:
        return " + ".join(self.versions)

    def get(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)

    def ids(self) -> tuple[str, ...]:
        return tuple(rule.id for rule in self.rules)


# --- loading ------------------------------------------------------------------------


@cache
def load_rules() -> Ruleset:
    """The shipped rules: stigmatising language plus jargon, validated, loaded once."""
    rules_text = _read_data("rules.toml")
    jargon_text = _read_data("jargon.toml")
    rules_doc = _parse_toml(rules_text, "shipped rules.toml")
    jargon_doc = _parse_toml(jargon_text, "shipped jargon.toml")
    _reject_unknown(rules_doc, _SHIPPED_KEYS, "shipped rules.toml", rules_text)
    sets = _parse_sets(rules_doc.get("sets", {}), "shipped rules.toml", rules_text)
    rules = _parse_rule_tables(
        _table_list(rules_doc, "rule", "shipped rules.toml", rules_text),
        "shipped rules.toml",
        rules_text,
    )
    jargon_tables = _jargon_tables(jargon_doc, "shipped jargon.toml", jargon_text)
    rules += _parse_rule_tables(jargon_tables, "shipped jargon.toml", jargon_text)
    versions = (
        f"rules {_version(rules_doc, 'shipped rules.toml')}",
        f"jargon {_version(jargon_doc, 'shipped jargon.toml')}",
    )
    ruleset = Ruleset(versions=versions, rules=rules, sets=MappingProxyType(sets))
    _check_whole(ruleset, "shipped rules")
    return ruleset


def parse_team_layer(text: str, *, name: str = "team rules") -> TeamLayer:
    """Parse a team's TOML layer, or raise ``RulesError`` naming the line that is wrong."""
    doc = _parse_toml(text, name)
    _reject_unknown(doc, _LAYER_KEYS, name, text)
    switch_off = _string_list(doc.get("switch_off", []), "switch_off", name, text)
    changes = _parse_changes(doc.get("change", {}), name, text)
    new_tables = _table_list(doc, "rule", name, text)
    new_tables += _jargon_tables(doc, name, text)
    return TeamLayer(
        name=name,
        version=_version(doc, name),
        new_rules=_parse_rule_tables(new_tables, name, text),
        changes=changes,
        switch_off=switch_off,
        sets=MappingProxyType(_parse_sets(doc.get("sets", {}), name, text)),
        text=text,
    )


def merge_rules(base: Ruleset, *layers: TeamLayer) -> Ruleset:
    """Fold team layers over ``base`` in order; later layers win. Raises ``RulesError``."""
    ruleset = base
    for layer in layers:
        ruleset = _merge_one(ruleset, layer)
    return ruleset


def _merge_one(base: Ruleset, layer: TeamLayer) -> Ruleset:
    by_id = {rule.id: rule for rule in base.rules}
    for rule_id in layer.switch_off:
        if rule_id not in by_id:
            raise RulesError(
                f"{layer.name}: switch_off names '{rule_id}', no such rule."
            )
    for change in layer.changes:
        if change.rule_id not in by_id:
            raise RulesError(
                f"{layer.name}: [change.{change.rule_id}] names no existing rule."
            )
        by_id[change.rule_id] = _apply_change(by_id[change.rule_id], change)
    for rule in layer.new_rules:
        if rule.id in by_id:
            raise RulesError(
                f"{layer.name}: rule '{rule.id}' already exists; "
                f"use [change.{rule.id}] to edit it."
            )
        by_id[rule.id] = rule
    off = set(layer.switch_off)
    sets = {name: tuple(phrases) for name, phrases in base.sets.items()}
    for set_name, phrases in layer.sets.items():
        sets[set_name] = sets.get(set_name, ()) + phrases
    merged = Ruleset(
        versions=(*base.versions, f"{layer.name} {layer.version}"),
        rules=tuple(rule for rule_id, rule in by_id.items() if rule_id not in off),
        sets=MappingProxyType(sets),
    )
    _check_whole(merged, layer.name, layer.text)
    return merged


def _apply_change(rule: Rule, change: RuleChange) -> Rule:
    if change.add_terms and rule.detector:
        raise RulesError(f"[change.{rule.id}]: this rule has no term list to add to.")
    return replace(
        rule,
        why=change.why if change.why is not None else rule.why,
        alternatives=(
            change.alternatives
            if change.alternatives is not None
            else rule.alternatives
        ),
        wordings=change.wordings if change.wordings is not None else rule.wordings,
        severity=change.severity or rule.severity,
        terms=rule.terms + change.add_terms,
        not_after=rule.not_after + change.add_not_after,
        not_before=rule.not_before + change.add_not_before,
    )


# --- validation of the whole ruleset ---------------------------------------------------


def _check_whole(ruleset: Ruleset, source: str, text: str = "") -> None:
    """Every ``@set`` a rule uses must exist, in terms and in context phrases alike;
    no rule has more than MAX_TERMS_PER_RULE terms, nor set MAX_SET_PHRASES phrases."""
    for name, phrases in ruleset.sets.items():
        if len(phrases) > MAX_SET_PHRASES:
            raise RulesError(
                f"{source}{_where(text, None, name)}: set '{name}' has "
                f"{len(phrases)} phrases; a set may have {MAX_SET_PHRASES} at most."
            )
        for phrase in phrases:
            if problem := _size_problem(phrase.split()):
                raise RulesError(
                    f"{source}{_where(text, None, name)}: set '{name}' phrase "
                    f"'{phrase}' {problem}."
                )
    for rule in ruleset.rules:
        for wording in rule.wordings:
            for term in wording.terms:
                if term not in rule.terms:
                    raise RulesError(
                        f"{source}{_where(text, rule.id, 'wordings')}: a wording of "
                        f"rule '{rule.id}' is for term '{term}', which the rule "
                        "does not have."
                    )
        if len(rule.terms) > MAX_TERMS_PER_RULE:
            raise RulesError(
                f"{source}{_where(text, rule.id, 'terms')}: rule '{rule.id}' has "
                f"{len(rule.terms)} terms; a rule may have {MAX_TERMS_PER_RULE} at "
                "most. Split it into rules with the same reason."
            )
        phrases = rule.terms + rule.not_after + rule.not_before + rule.unless_passive_of
        for phrase in phrases:
            for set_name in _SET_REF.findall(phrase):
                if set_name not in ruleset.sets:
                    where = _where(text, rule.id, None) or _change_where(
                        text, rule.id, None
                    )
                    raise RulesError(
                        f"{source}{where}: rule '{rule.id}' uses @{set_name}, "
                        "but there is no set with that name."
                    )


# --- parsing pieces --------------------------------------------------------------------


def _read_data(filename: str) -> str:
    return (
        resources.files("coassess.language")
        .joinpath("data", filename)
        .read_text("utf-8")
    )


def _parse_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulesError(f"{source}, {_describe_toml_error(error)}") from error


def _describe_toml_error(error: tomllib.TOMLDecodeError) -> str:
    # Python 3.11's TOMLDecodeError has no lineno attribute; the message ends with
    # "(at line N, column M)", so read it from there.
    message = str(error)
    found = re.search(r"\(at line (\d+), column (\d+)\)", message)
    if not found:
        return f"not valid TOML: {message}"
    reason = message[: found.start()].strip()
    return f"line {found.group(1)}, column {found.group(2)}: not valid TOML ({reason})."


def _version(doc: Mapping[str, Any], source: str) -> str:
    version = doc.get("version")
    if isinstance(version, bool) or not isinstance(version, str | int | float):
        raise RulesError(
            f"{source}: needs a 'version' at the top, such as version = \"1\"."
        )
    return str(version)


def _reject_unknown(
    table: Mapping[str, Any],
    allowed: Iterable[str],
    source: str,
    text: str,
    *,
    rule_id: str | None = None,
) -> None:
    unknown = sorted(set(table) - set(allowed))
    if not unknown:
        return
    key = unknown[0]
    where = _where(text, rule_id, key)
    owner = f" in rule '{rule_id}'" if rule_id else ""
    raise RulesError(
        f"{source}{where}: unknown key '{key}'{owner}. "
        f"Allowed keys: {', '.join(sorted(allowed))}."
    )


def _table_list(
    doc: Mapping[str, Any], key: str, source: str, text: str
) -> list[dict[str, Any]]:
    tables = doc.get(key, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise RulesError(
            f"{source}{_where(text, None, key)}: '{key}' must be written as [[{key}]] tables."
        )
    return list(tables)


def _jargon_tables(
    doc: Mapping[str, Any], source: str, text: str
) -> list[dict[str, Any]]:
    entries = _table_list(doc, "jargon", source, text)
    try:
        return jargon_rule_tables(entries)
    except JargonError as error:
        where = _where(text, error.entry_id, None)
        raise RulesError(f"{source}{where}: {error}") from error


def _parse_sets(raw: Any, source: str, text: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise RulesError(
            f"{source}{_where(text, None, 'sets')}: [sets] must be a table."
        )
    sets: dict[str, tuple[str, ...]] = {}
    for name, phrases in raw.items():
        if not _SET_NAME.match(name):
            raise RulesError(
                f"{source}{_where(text, None, name)}: set name '{name}' should be "
                "lower-case letters, digits and underscores."
            )
        sets[name] = _string_list(phrases, name, source, text)
        for phrase in sets[name]:
            if "@" in phrase:
                raise RulesError(
                    f"{source}{_where(text, None, name)}: set '{name}' may not refer "
                    "to another set."
                )
    return sets


def _parse_rule_tables(
    tables: list[dict[str, Any]], source: str, text: str
) -> tuple[Rule, ...]:
    rules: list[Rule] = []
    seen: set[str] = set()
    for position, table in enumerate(tables, start=1):
        rule = _parse_rule(table, position, source, text)
        if rule.id in seen:
            raise RulesError(
                f"{source}{_where(text, rule.id, None)}: rule id '{rule.id}' is used twice."
            )
        seen.add(rule.id)
        rules.append(rule)
    return tuple(rules)


def _parse_rule(table: dict[str, Any], position: int, source: str, text: str) -> Rule:
    rule_id = table.get("id")
    if not isinstance(rule_id, str) or not _RULE_ID.match(rule_id):
        raise RulesError(
            f"{source}: rule number {position} needs an 'id' of lower-case letters, "
            "digits and hyphens."
        )
    _reject_unknown(
        table, _RULE_REQUIRED + _RULE_OPTIONAL, source, text, rule_id=rule_id
    )
    for key in _RULE_REQUIRED:
        if key not in table:
            raise RulesError(
                f"{source}{_where(text, rule_id, None)}: rule '{rule_id}' is missing "
                f"'{key}'."
            )

    def strings(key: str) -> tuple[str, ...]:
        return _string_list(table.get(key, []), key, source, text, rule_id=rule_id)

    category = _enum_value(
        Category, table["category"], "category", rule_id, source, text
    )
    rule = Rule(
        id=rule_id,
        category=category,
        why=_text(table["why"], "why", rule_id, source, text),
        alternatives=strings("alternatives"),
        wordings=_wordings(table.get("wordings", []), rule_id, source, text),
        terms=strings("terms"),
        detector=_optional_text(
            table.get("detector"), "detector", rule_id, source, text
        ),
        severity=_enum_value(
            Severity, table.get("severity", "flag"), "severity", rule_id, source, text
        ),
        audiences=_audiences(table, category, rule_id, source, text),
        not_after=strings("not_after"),
        not_before=strings("not_before"),
        skip_passive=_flag(table, "skip_passive", rule_id, source, text),
        unless_passive_of=strings("unless_passive_of"),
        case_sensitive=_flag(table, "case_sensitive", rule_id, source, text),
        basis=_optional_text(table.get("basis"), "basis", rule_id, source, text) or "",
    )
    _check_rule_shape(rule, source, text)
    return rule


def _check_rule_shape(rule: Rule, source: str, text: str) -> None:
    where = _where(text, rule.id, None)
    if bool(rule.terms) == bool(rule.detector):
        raise RulesError(
            f"{source}{where}: rule '{rule.id}' needs either 'terms' or a 'detector' "
            "(one, not both)."
        )
    if rule.detector and rule.detector not in KNOWN_DETECTORS:
        raise RulesError(
            f"{source}{_where(text, rule.id, 'detector')}: rule '{rule.id}' names "
            f"detector '{rule.detector}'; known: {', '.join(sorted(KNOWN_DETECTORS))}."
        )
    for term in rule.terms:
        _check_term(term, rule.id, source, text)


def _size_problem(words: list[str]) -> str:
    """What is too big about a term or set phrase split into words, or ""."""
    if sum(word.endswith("?") for word in words) > MAX_OPTIONAL_WORDS:
        return (
            f"has more than {MAX_OPTIONAL_WORDS} optional words (ending in ?); "
            "write the common forms as separate terms"
        )
    if len(words) > MAX_TERM_WORDS:
        return f"has more than {MAX_TERM_WORDS} words; make it shorter"
    return ""


def _check_term(term: str, rule_id: str, source: str, text: str) -> None:
    words = term.split()
    problem = ""
    if not words:
        problem = "is empty"
    elif not all(_TERM_CHARS.match(word.lstrip("@")) for word in words):
        problem = "has characters a term cannot use"
    elif words[0].endswith("?"):
        problem = "starts with an optional word"
    elif any(word.startswith("@") and word.endswith(("~", "?")) for word in words):
        problem = "puts ~ or ? after a @set"
    else:
        problem = _size_problem(words)
    if problem:
        raise RulesError(
            f"{source}{_where(text, rule_id, 'terms')}: rule '{rule_id}' term "
            f"'{term}' {problem}."
        )


def _parse_changes(raw: Any, source: str, text: str) -> tuple[RuleChange, ...]:
    if not isinstance(raw, dict):
        raise RulesError(
            f"{source}: 'change' must be written as [change.rule-id] tables."
        )
    changes: list[RuleChange] = []
    for rule_id, table in raw.items():
        where = _change_where(text, rule_id, None)
        if not isinstance(table, dict):
            raise RulesError(f"{source}{where}: [change.{rule_id}] must be a table.")
        unknown = sorted(set(table) - set(_CHANGE_KEYS))
        if unknown:
            raise RulesError(
                f"{source}{_change_where(text, rule_id, unknown[0])}: unknown key "
                f"'{unknown[0]}' in [change.{rule_id}]. Allowed keys: "
                f"{', '.join(_CHANGE_KEYS)}."
            )
        changes.append(_parse_change(rule_id, table, source, text))
    return tuple(changes)


def _parse_change(
    rule_id: str, table: dict[str, Any], source: str, text: str
) -> RuleChange:
    def strings(key: str) -> tuple[str, ...]:
        return _string_list(table.get(key, []), key, source, text, rule_id=rule_id)

    severity = table.get("severity")
    for term in strings("add_terms"):
        _check_term(term, rule_id, source, text)
    return RuleChange(
        rule_id=rule_id,
        why=_text(table["why"], "why", rule_id, source, text)
        if "why" in table
        else None,
        alternatives=strings("alternatives") if "alternatives" in table else None,
        wordings=(
            _wordings(table["wordings"], rule_id, source, text)
            if "wordings" in table
            else None
        ),
        severity=(
            _enum_value(Severity, severity, "severity", rule_id, source, text)
            if severity is not None
            else None
        ),
        add_terms=strings("add_terms"),
        add_not_after=strings("add_not_after"),
        add_not_before=strings("add_not_before"),
    )


_WORDING_TEXT_KEYS = ("before", "not_before")


def _wordings(value: Any, rule_id: str, source: str, text: str) -> tuple[Wording, ...]:
    """A rule's ``wordings``: a list of tables, each giving a suggestion in the
    forms it fits (``wordings.FORMS``) and, optionally, ``terms``, ``before``,
    ``not_before`` and ``word_only``."""
    where = _where(text, rule_id, "wordings")
    if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
        raise RulesError(
            f"{source}{where}: 'wordings' in rule '{rule_id}' must be a list of "
            'tables, like [{ ed = "declined", ing = "declining" }].'
        )
    return tuple(_wording(table, rule_id, source, where) for table in value)


def _wording(table: dict[str, Any], rule_id: str, source: str, where: str) -> Wording:
    allowed = (*FORMS, *_WORDING_TEXT_KEYS, "terms", "word_only")
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        raise RulesError(
            f"{source}{where}: unknown key '{unknown[0]}' in a wording of rule "
            f"'{rule_id}'. Allowed keys: {', '.join(allowed)}."
        )
    words = {key: table[key] for key in (*FORMS, *_WORDING_TEXT_KEYS) if key in table}
    terms = table.get("terms", [])
    if (
        not any(key in table for key in FORMS)
        or not all(isinstance(v, str) and v.strip() for v in words.values())
        or not isinstance(terms, list)
        or not all(isinstance(t, str) for t in terms)
        or not isinstance(table.get("word_only", False), bool)
    ):
        raise RulesError(
            f"{source}{where}: each wording of rule '{rule_id}' needs words in quotes "
            f"for at least one form ({', '.join(FORMS)})."
        )
    return Wording(
        forms=tuple((k, v.strip()) for k, v in words.items() if k in FORMS),
        terms=tuple(terms),
        before=words.get("before", "").strip().lower(),
        not_before=words.get("not_before", "").strip().lower(),
        word_only=table.get("word_only", False),
    )


def _audiences(
    table: Mapping[str, Any], category: Category, rule_id: str, source: str, text: str
) -> frozenset[Audience]:
    if "audiences" not in table:
        # Jargon is only a problem for the person; staff share the vocabulary.
        if category is Category.JARGON:
            return frozenset({Audience.PERSON_FACING})
        return frozenset(Audience)
    names = _string_list(table["audiences"], "audiences", source, text, rule_id=rule_id)
    if not names:
        raise RulesError(
            f"{source}{_where(text, rule_id, 'audiences')}: rule '{rule_id}' has an "
            "empty 'audiences' list."
        )
    return frozenset(
        _enum_value(Audience, name, "audiences", rule_id, source, text)
        for name in names
    )


def _enum_value(
    enum: type[_E], value: Any, key: str, rule_id: str, source: str, text: str
) -> _E:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise RulesError(
            f"{source}{_where(text, rule_id, key)}: rule '{rule_id}' has {key} "
            f"{value!r}; use one of: {allowed}."
        ) from None


def _text(value: Any, key: str, rule_id: str, source: str, text: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RulesError(
            f"{source}{_where(text, rule_id, key)}: rule '{rule_id}' needs '{key}' "
            "to be some text in quotes."
        )
    return value.strip()


def _optional_text(
    value: Any, key: str, rule_id: str, source: str, text: str
) -> str | None:
    return None if value is None else _text(value, key, rule_id, source, text)


def _flag(
    table: Mapping[str, Any], key: str, rule_id: str, source: str, text: str
) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise RulesError(
            f"{source}{_where(text, rule_id, key)}: rule '{rule_id}' needs '{key}' "
            "to be true or false."
        )
    return value


def _string_list(
    value: Any,
    key: str,
    source: str,
    text: str,
    *,
    rule_id: str | None = None,
) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(
        isinstance(item, str) and item.strip() for item in value
    ):
        owner = f" in rule '{rule_id}'" if rule_id else ""
        raise RulesError(
            f"{source}{_where(text, rule_id, key)}: '{key}'{owner} must be a list of "
            'words in quotes, like ["one", "two"].'
        )
    return tuple(item.strip() for item in value)


# --- finding the line to blame ---------------------------------------------------------
# tomllib reports line numbers only for syntax errors. For structural errors we look for
# the rule's id line, then the offending key below it: good enough to point a person at it.


def _where(text: str, rule_id: str | None, key: str | None) -> str:
    line = _line_of(text, rule_id, key)
    return f", line {line}" if line else ""


def _change_where(text: str, rule_id: str, key: str | None) -> str:
    header = re.compile(
        rf"^\s*\[\s*change\.(?:\"{re.escape(rule_id)}\"|{re.escape(rule_id)})\s*\]"
    )
    line = _first_line_after(text, header, key)
    return f", line {line}" if line else ""


def _line_of(text: str, rule_id: str | None, key: str | None) -> int | None:
    if rule_id is None:
        return _first_line(text, _key_pattern(key)) if key else None
    id_line = re.compile(rf"^\s*id\s*=\s*[\"']{re.escape(rule_id)}[\"']")
    return _first_line_after(text, id_line, key)


def _first_line_after(
    text: str, anchor: re.Pattern[str], key: str | None
) -> int | None:
    lines = text.splitlines()
    start = next((n for n, line in enumerate(lines) if anchor.search(line)), None)
    if start is None:
        return None
    if key is None:
        return start + 1
    # Search the table that holds the anchor: back to its header, on to the next one.
    top = next(
        (n for n in range(start, -1, -1) if lines[n].lstrip().startswith("[")), 0
    )
    pattern = _key_pattern(key)
    for number in range(top, len(lines)):
        if number > start and lines[number].lstrip().startswith("["):
            break
        if pattern.search(lines[number]):
            return number + 1
    return start + 1


def _first_line(text: str, pattern: re.Pattern[str]) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.search(line):
            return number
    return None


def _key_pattern(key: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:\[\[?\s*)?[\"']?{re.escape(key)}[\"']?\s*(?:=|\]\]?)")
