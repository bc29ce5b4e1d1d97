"""A finding: what a check reports about a plan (``docs/checks.md``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, ClassVar, Literal

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


class FindingsReport:
    """What a check of several cases found (files checked, or a store's open
    cases): counts, exit status and the summary line, said the same way by
    ``check`` and ``db check``. Subclasses hold ``unreadable`` and say what
    was checked (:meth:`groups`) and what one of them is called (``unit``)."""

    unit: ClassVar[str] = "file"
    unreadable: list[Any]

    def groups(self) -> list[list[Finding]]:
        """The findings of each case checked, one list a case."""
        raise NotImplementedError

    def located(self) -> list[tuple[str, Finding]]:
        """Each finding with where it was found (a file, or a case's reference)."""
        raise NotImplementedError

    def as_json(self) -> list[dict[str, Any]]:
        """The ``--format json`` array."""
        raise NotImplementedError

    def counts(self) -> dict[str, int]:
        """How many findings of each severity (acknowledged ones included)."""
        counts: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
        for group in self.groups():
            for finding in group:
                counts[finding.severity] += 1
        return counts

    @property
    def errors(self) -> int:
        """Findings that fail the check: errors not acknowledged."""
        return sum(1 for group in self.groups() for f in group if f.fails)

    @property
    def exit_status(self) -> Literal[0, 1, 2]:
        """0: nothing wrong; 1: at least one error not acknowledged; 2: something could not be read."""
        if self.unreadable:
            return 2
        return 1 if self.errors else 0

    def summary(self) -> str:
        """``13 findings (8 errors, 5 warnings) in 1 of 1 file checked.``"""
        from .wording import plural

        groups = self.groups()
        counts = self.counts()
        total = sum(counts.values())
        read = f"{plural(len(groups), self.unit)} checked"
        broken = len(self.unreadable)
        unread = (
            f"; {plural(broken, 'case' if self.unit != 'file' else 'file')} could not be read"
            if broken
            else ""
        )
        if total == 0:
            return f"{read}: no findings{unread}."
        parts = ", ".join(plural(n, s) if s != "info" else f"{n} info" for s, n in counts.items() if n)
        acknowledged = sum(1 for group in groups for f in group if f.acknowledged)
        if acknowledged:
            parts += f"; {acknowledged} acknowledged"
        with_findings = sum(1 for group in groups if group)
        return f"{plural(total, 'finding')} ({parts}) in {with_findings} of {read}{unread}."
