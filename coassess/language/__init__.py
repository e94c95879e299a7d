"""Respectful- and plain-language checks; the rules are data a team can edit (issue 5)."""
