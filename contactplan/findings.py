"""A finding: what a check reports about a plan (``docs/checks.md``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Acknowledged:
    """Why a finding about the past was acknowledged, by whom and when."""

    reason: str
    by: str
    date: str

    def as_dict(self) -> dict[str, str]:
        return {"reason": self.reason, "by": self.by, "date": self.date}


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a check found, with the ids it concerns (None where they do
    not apply), and the acknowledgement that covers it, if any."""

    code: str
    name: str
    severity: Severity
    message: str
    member: str | None = None
    contact: str | None = None
    letter: str | None = None
    acknowledged: Acknowledged | None = None

    @property
    def key(self) -> tuple[str, str | None, str | None, str | None]:
        """Findings with the same key are reported once."""
        return (self.code, self.member, self.contact, self.letter)

    @property
    def fails(self) -> bool:
        """An error nobody acknowledged: it makes ``check`` exit 1."""
        return self.severity == "error" and self.acknowledged is None

    def acknowledge(self, reason: str, by: str, date: str) -> Finding:
        return replace(self, acknowledged=Acknowledged(reason, by, date))

    def as_dict(self) -> dict[str, Any]:
        """The JSON object of ``check --format json`` (without file and case)."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "member": self.member,
            "contact": self.contact,
            "letter": self.letter,
            "acknowledged": self.acknowledged.as_dict() if self.acknowledged else None,
        }
