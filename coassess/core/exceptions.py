from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A business rule said no. The message is plain English, safe to show the user.

    `field` names the form field it is about, when a subclass knows better than
    the page (core.flow puts the message there)."""

    field: str | None = None


class VersionConflict(DomainError):
    """Someone else saved this after the writer opened it. `current` is what they saved."""

    def __init__(self, current: Any, message: str = "") -> None:
        super().__init__(
            message or "Someone else changed this while you were editing it."
        )
        self.current = current
