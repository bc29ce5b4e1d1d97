"""Who is busy when: the case's contacts, and the proposal's own as it is
put together, so that nobody is booked twice at once.

A :class:`Diary` holds each planned or held contact of the case (and each
contact the planner has placed so far) with the family members who attend,
the practitioners who go and the interpreters booked (as interpreter, Deaf
relay interpreter or for a child's time alone). :meth:`Diary.clashes` says
which of them a new time would clash with. Practitioners are the same
person when their e-mail addresses or their names are the same; interpreters
when their register entries share a ``registration`` or an ``email`` (as
CP701 counts them), else their id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Case, Contact, Interpreter, Person, overlap

__all__ = ["Booked", "Diary", "interpreter_key", "person_keys"]


def person_keys(person: Person) -> frozenset[str]:
    """What makes two practitioners the same person: the same e-mail
    address, or the same name (case and spacing aside)."""
    keys = {"name:" + " ".join(person.name.split()).casefold()}
    if person.email and person.email.strip():
        keys.add("email:" + person.email.strip().casefold())
    return frozenset(keys)


def interpreter_key(interpreter: Interpreter) -> str:
    """The same interpreter: the same registration, else the same e-mail,
    else the same register id (CP701's rule)."""
    if interpreter.registration and interpreter.registration.strip():
        return "reg:" + " ".join(interpreter.registration.split()).casefold()
    if interpreter.email and interpreter.email.strip():
        return "email:" + interpreter.email.strip().casefold()
    return "id:" + interpreter.id


@dataclass(frozen=True, slots=True)
class Booked:
    """A contact in the diary: when (UTC), and who is taken then."""

    contact: Contact
    span: tuple[dt.datetime, dt.datetime]
    members: frozenset[str]
    practitioners: frozenset[str]
    interpreters: frozenset[str]

    def who(
        self, members: Iterable[str], practitioners: Iterable[Person], interpreters: Iterable[Interpreter]
    ) -> list[str]:
        """The family members (ids), practitioners (names) and interpreters
        (names) among those given that this contact takes."""
        taken = [m for m in members if m in self.members]
        taken += [p.name for p in practitioners if person_keys(p) & self.practitioners]
        taken += [i.name for i in interpreters if interpreter_key(i) in self.interpreters]
        return list(dict.fromkeys(taken))


def utc_span(start: dt.datetime, minutes: int) -> tuple[dt.datetime, dt.datetime] | None:
    """Start and end in UTC; the end clamped to the last representable instant;
    None for a start that can't be placed."""
    try:
        begin = start.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        return None
    try:
        end = begin + dt.timedelta(minutes=minutes)
    except OverflowError:
        end = dt.datetime.max.replace(tzinfo=dt.UTC)
    return begin, end


class Diary:
    """The case's planned and held contacts, and those added to it."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self._register = {i.id: i for i in case.interpreters}
        self.entries: list[Booked] = []
        for contact in case.contacts:
            if contact.is_active:
                self.add(contact)

    def copy(self) -> Diary:
        other = Diary.__new__(Diary)
        other.case = self.case
        other._register = self._register
        other.entries = list(self.entries)
        return other

    def interpreters_of(self, contact: Contact) -> frozenset[str]:
        used: set[str | None] = set()
        for arrangement in contact.live_interpreting():
            used |= {arrangement.interpreter, arrangement.relay_interpreter}
        used |= {s.interpreter for s in contact.seen_alone}
        return frozenset(
            interpreter_key(self._register[i]) if i in self._register else f"id:{i}"
            for i in used
            if i is not None
        )

    def add(self, contact: Contact) -> None:
        try:
            start = self.case.localize(contact.start)
        except (OverflowError, ValueError):
            return
        span = utc_span(start, contact.duration_minutes)
        if span is None:
            return
        members = set(contact.attendees)
        members |= {a.by for a in contact.live_interpreting() if a.by is not None}
        members |= {s.by for s in contact.seen_alone if s.by is not None}
        self.entries.append(
            Booked(
                contact,
                span,
                frozenset(members),
                frozenset(k for p in contact.practitioners for k in person_keys(p)),
                self.interpreters_of(contact),
            )
        )

    def clashes(
        self,
        start: dt.datetime,
        minutes: int,
        *,
        members: Iterable[str] = (),
        practitioners: Iterable[Person] = (),
        interpreters: Iterable[Interpreter] = (),
    ) -> list[Booked]:
        """The contacts at an overlapping time that take any of the members
        (ids), practitioners or interpreters given (touching ends don't clash)."""
        span = utc_span(start, minutes)
        if span is None:
            return []
        member_ids = frozenset(members)
        people = frozenset(k for p in practitioners for k in person_keys(p))
        booked = frozenset(interpreter_key(i) for i in interpreters)
        return [
            entry
            for entry in self.entries
            if overlap(entry.span, span)
            and (entry.members & member_ids or entry.practitioners & people or entry.interpreters & booked)
        ]
