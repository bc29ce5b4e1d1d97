"""A finding: what a check reports about a plan (``docs/checks.md``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check found, with the ids it concerns (None where they do not apply)."""

    code: str
    name: str
    severity: Severity
    message: str
    member: str | None = None
    contact: str | None = None
    letter: str | None = None

    @property
    def key(self) -> tuple[str, str | None, str | None, str | None]:
        """Findings with the same key are reported once."""
        return (self.code, self.member, self.contact, self.letter)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
