"""What a practitioner asks the planner for, and what it answers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import msgspec

from ..casefile.serialize import to_data
from ..errors import StartRefused, UsageError
from ..findings import Finding
from ..model import Case, Contact, Letter, Person

__all__ = [
    "ContactRequest",
    "Proposal",
    "StartRefused",
    "Unresolved",
    "parse_practitioner",
    "with_added",
]

_ADDRESS = re.compile(r"^\s*(?P<name>[^<>]*?)\s*<(?P<email>[^<>\s@]+@[^<>\s@]+)>\s*$")


@dataclass(frozen=True, slots=True)
class ContactRequest:
    """The visit a practitioner wants: what kind, and optionally when, how
    long, with whom, by whom, its id and place. Without ``start`` the
    planner takes the first suitable time (``docs/planning.md``).

    ``today`` is the date the checks measure from (default: the machine's
    date in the case's time zone); nothing is planned before the start of
    that day, nor, when it is the real today, before this instant. ``now``
    (an aware date-time) names that instant instead."""

    kind: str
    start: dt.datetime | None = None
    duration_minutes: int | None = None
    attendees: tuple[str, ...] = ()
    practitioner: Person | None = None
    contact_id: str | None = None
    location: str | None = None
    today: dt.date | None = None
    now: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Unresolved:
    """Something the proposal could not arrange, with the code of the check it
    concerns (``CP303``: a letter would not be read) and what to do instead."""

    code: str
    member: str | None
    message: str

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class Proposal:
    """A proposed contact and its letters, why each choice was made, what is
    still to book, what could not be arranged, and what the checks report about
    the new contact and letters once added to the case."""

    contact: Contact
    letters: tuple[Letter, ...]
    explanations: tuple[str, ...]
    bookings: tuple[str, ...]
    unresolved: tuple[Unresolved, ...]
    findings: tuple[Finding, ...]
    #: Calls before the contact to go through a letter with someone who can't
    #: read it (the letter's ``explained_at``), in time order.
    calls: tuple[Contact, ...] = ()
    #: What the practitioner should know before going ahead (a school-age
    #: child seen at home in school hours, a visit later than it is due).
    warnings: tuple[str, ...] = ()
    #: The errors the proposal would bring into the case: ``plan --write``
    #: and :func:`contactplan.api.accept_proposal` refuse it for them.
    caused: tuple[Finding, ...] = ()
    #: Errors the case already had that are still there with the proposal
    #: added: reported, not blamed on it.
    case_errors: tuple[Finding, ...] = ()

    @property
    def errors(self) -> list[Finding]:
        """The errors the proposal would cause (not those already in the case)."""
        return list(self.caused)

    def applied_to(self, case: Case) -> Case:
        """``case`` with the contact and letters added."""
        return with_added(case, self.contact, self.letters, self.calls)

    @property
    def contacts(self) -> tuple[Contact, ...]:
        """Every contact proposed: the calls before it, then the contact itself."""
        return (*self.calls, self.contact)

    def as_json(self, written: str | None = None) -> dict[str, Any]:
        """The ``plan --format json`` object; ``written``: the file it was added to."""
        data = self.data()
        return {
            "contact": data["contacts"][-1],
            "calls": data["contacts"][:-1],
            "letters": data["letters"],
            "explanations": list(self.explanations),
            "bookings": list(self.bookings),
            "unresolved": [u.as_dict() for u in self.unresolved],
            "warnings": list(self.warnings),
            "findings": [f.as_dict() for f in self.findings],
            "errors_caused": [f.as_dict() for f in self.caused],
            "errors_in_case": [f.as_dict() for f in self.case_errors],
            "written": written,
        }

    def data(self) -> dict[str, list[dict[str, Any]]]:
        """The contacts and letters as case file data (``contacts:`` and
        ``letters:`` lists; the contact asked for last, after the calls that
        come before it), keys in the order of the format, defaults left out."""
        return {
            "contacts": [to_data(contact) for contact in self.contacts],
            "letters": [to_data(letter) for letter in self.letters],
        }


def parse_practitioner(text: str) -> Person:
    """``"Jo Smith <jo.smith@example.gov.uk>"`` or just ``"Jo Smith"``."""
    found = _ADDRESS.match(text)
    if found is not None and found["name"]:
        return Person(name=found["name"], email=found["email"])
    name = text.strip()
    if not name or "<" in name or ">" in name:
        raise UsageError(f"practitioner {text!r}: write it as 'Name <email>' or just the name")
    return Person(name=name)


def with_added(
    case: Case,
    contact: Contact,
    letters: tuple[Letter, ...] | list[Letter],
    calls: tuple[Contact, ...] | list[Contact] = (),
) -> Case:
    """``case`` with ``calls``, ``contact`` and ``letters`` added at the end of their lists."""
    return msgspec.structs.replace(
        case, contacts=[*case.contacts, *calls, contact], letters=[*case.letters, *letters]
    )
