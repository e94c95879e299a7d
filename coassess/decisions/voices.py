"""The voices a host app passes to the engine: who may take part in its decisions."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID


@dataclass(frozen=True)
class Voice:
    key: UUID
    name: str
    is_person: bool = False
    expertise: str = ""
