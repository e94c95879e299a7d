"""The voices a host app passes to the engine: who may take part in its decisions."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class Voice:
    """One participant as the engine sees them.

    `key` is the host's stable id for them (an assessment's participant),
    `expertise` what they bring;
    `user_id` the staff account behind the voice, if any, so a position typed
    by someone else shows who typed it.
    """

    key: UUID
    name: str
    is_person: bool = False
    expertise: str = ""  # a kind of expertise ("lived", "carer", ...)
    expertise_label: str = ""  # how it is said ("lived experience")
    user_id: UUID | None = None

    @property
    def label(self) -> str:
        """'Sam Reid (lived experience)': how a voice is chosen in a form."""
        return (
            f"{self.name} ({self.expertise_label})"
            if self.expertise_label
            else self.name
        )
