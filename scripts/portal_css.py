"""Build the small NHS.UK stylesheet of the person's and supporters' own view.

The person's view must load in 60 KB or less with everything it loads, on a
small old phone (DESIGN.md §7). The whole NHS.UK frontend stylesheet is about
29 KB gzipped, half of that budget, and most of it styles components the view
never shows (tables, cards, tabs, pagination, the header's menu). So the set-up
makes a stylesheet of only the components listed in `KEEP`, from the same
pinned `nhsuk-frontend` build as the staff pages (nothing is copied into the
repository): every rule whose selector names no class (the base typography),
and every selector whose classes all belong to a kept component. Selectors
that only apply once the NHS.UK script has run (`.js-enabled`,
`.nhsuk-frontend-supported`) are dropped: the portal runs no script.

Usage: python scripts/portal_css.py SOURCE.css OUT.css
Writes OUT.css and prints its size. A component the portal (or the pages
written for it) starts using must be added to `KEEP`; the browser test
tests/system/test_portal_pages.py checks every portal page looks right and
stays within the budget.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import tinycss2
from tinycss2.ast import AtRule, Node, QualifiedRule

# Class prefixes the portal's pages use: the page shell, type, the forms of
# signing in and of writing one's own words, and the few components shown.
KEEP = (
    "nhsuk-width-container",
    "nhsuk-main-wrapper",
    "nhsuk-grid-row",
    "nhsuk-grid-column-full",
    "nhsuk-grid-column-two-thirds",
    "nhsuk-skip-link",
    "nhsuk-header",
    "nhsuk-footer",
    "nhsuk-logo",
    "nhsuk-icon",
    "nhsuk-link",
    "nhsuk-back-link",
    "nhsuk-heading-",
    "nhsuk-body-",
    "nhsuk-lede-text",
    "nhsuk-caption",
    "nhsuk-list",
    "nhsuk-button",
    "nhsuk-notification-banner",
    "nhsuk-inset-text",
    "nhsuk-warning-callout",
    "nhsuk-tag",
    "nhsuk-summary-list",
    "nhsuk-details",
    "nhsuk-form-group",
    "nhsuk-fieldset",
    "nhsuk-label",
    "nhsuk-hint",
    "nhsuk-error-message",
    "nhsuk-error-summary",
    "nhsuk-input",
    "nhsuk-textarea",
    "nhsuk-select",
    "nhsuk-radios",
    "nhsuk-checkboxes",
    "nhsuk-date-input",
    "nhsuk-character-count",
    "nhsuk-u-visually-hidden",
    "nhsuk-u-margin-bottom-",
    "nhsuk-u-margin-top-",
    "nhsuk-u-font-weight-bold",
    "nhsuk-u-secondary-text-colour",
)
# Parts of kept components the portal never shows: the header's menus, search
# and account links, and the buttons' other looks.
DROP = (
    "nhsuk-header--",
    "nhsuk-header__account",
    "nhsuk-header__menu",
    "nhsuk-header__navigation",
    "nhsuk-header__organisation",
    "nhsuk-header__search",
    "nhsuk-button--brand",
    "nhsuk-button--icon",
    "nhsuk-button--login",
    "nhsuk-button--reverse",
    "nhsuk-button--small",
    "nhsuk-button--warning",
    "nhsuk-input--code",
    "nhsuk-input-wrapper",
    "nhsuk-input__",
)
# Only true once the NHS.UK script has run.
SCRIPTED = ("js-enabled", "nhsuk-frontend-supported")
# Media queries only Internet Explorer and the old Edge ever matched.
OLD_BROWSERS = ("(-ms-high-contrast:none)", "screen\\0")
CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")


def keep_selector(selector: str) -> bool:
    """Whether one selector (no commas) styles something the portal shows."""
    classes = CLASS.findall(selector)
    if any(c in SCRIPTED for c in classes):
        return False
    return all(c.startswith(KEEP) and not c.startswith(DROP) for c in classes)


def split_selectors(prelude: list[Node]) -> list[str]:
    """A rule's selector list, split at its top-level commas."""
    parts: list[list[Node]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [tinycss2.serialize(p).strip() for p in parts]


def kept(rules: list[Node]) -> list[str]:
    """The CSS text of the rules to keep, in their order."""
    out: list[str] = []
    for rule in rules:
        if isinstance(rule, QualifiedRule):
            selectors = [s for s in split_selectors(rule.prelude) if keep_selector(s)]
            if selectors:
                body = tinycss2.serialize(rule.content)
                out.append(f"{','.join(selectors)}{{{body}}}")
        elif isinstance(rule, AtRule) and rule.lower_at_keyword in (
            "media",
            "supports",
            "container",
        ):
            inner = kept(
                tinycss2.parse_rule_list(
                    rule.content or [], skip_whitespace=True, skip_comments=True
                )
            )
            prelude = tinycss2.serialize(rule.prelude).strip()
            if inner and not prelude.startswith(OLD_BROWSERS):
                out.append(f"@{rule.at_keyword} {prelude}{{{''.join(inner)}}}")
        elif isinstance(rule, AtRule) and rule.lower_at_keyword == "font-face":
            continue  # no third-party fonts (scripts/build-static.sh)
        elif isinstance(rule, AtRule) and rule.lower_at_keyword != "keyframes":
            out.append(tinycss2.serialize([rule]))
    return out


def build(source: str) -> str:
    rules = tinycss2.parse_stylesheet(source, skip_whitespace=True, skip_comments=True)
    return "".join(kept(rules)) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    css = build(Path(argv[1]).read_text(encoding="utf-8"))
    Path(argv[2]).write_text(css, encoding="utf-8")
    print(f"{argv[2]}: {len(css.encode()):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
