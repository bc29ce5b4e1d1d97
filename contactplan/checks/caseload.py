"""Caseload: checks across every case checked together (CP701).

:func:`bookings` lists the interpreters booked at a case's planned contacts;
:func:`double_bookings` finds the same interpreter booked twice at once,
within one case or across several (every file given to one ``check``, or
every case in a store). The registry's CP701 runs on one case;
:func:`contactplan.api.check_paths` (and a store's ``db check``) add the
double bookings across cases with :func:`across_cases`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from ..findings import Finding
from ..wording import format_day, names
from ._examples import case_file, contact
from .context import Context
from .registry import Family, Hit

FAMILY = Family("caseload", "Caseload", 7)


@dataclass(frozen=True, slots=True)
class Booking:
    """An interpreter booked (``requested`` or ``confirmed``) at a planned contact."""

    identity: str
    interpreter: str
    case_index: int
    reference: str
    contact: str
    start: dt.datetime
    end: dt.datetime
    title: str

    @property
    def describe(self) -> str:
        """``the home visit on 1 Dec 2026 at 10:00``."""
        return f"the {self.title} on {format_day(self.start.date())} at {self.start:%H:%M}"


def _identity(registration: str | None, email: str | None, fallback: str) -> str:
    """The same interpreter: the same registration, else the same email, else
    (within one case only) the same register id."""
    if registration and registration.strip():
        return "reg:" + " ".join(registration.split()).casefold()
    if email and email.strip():
        return "email:" + email.strip().casefold()
    return fallback


def bookings(context: Context, case_index: int = 0) -> list[Booking]:
    """The interpreters booked at the case's planned contacts (as interpreter
    or Deaf relay interpreter of an arrangement not cancelled), once per
    interpreter and contact."""
    found: dict[tuple[str, str], Booking] = {}
    for contact_ in context.active_contacts:
        if contact_.status != "planned":
            continue
        start = context.start(contact_)
        end = start + dt.timedelta(minutes=contact_.duration_minutes)
        for arrangement in contact_.live_interpreting():
            for interpreter_id in (arrangement.interpreter, arrangement.relay_interpreter):
                if interpreter_id is None:
                    continue
                interpreter = context.interpreters[interpreter_id]
                identity = _identity(interpreter.registration, interpreter.email, f"id:{interpreter_id}")
                found.setdefault(
                    (identity, contact_.id),
                    Booking(
                        identity,
                        interpreter.name,
                        case_index,
                        context.case.reference,
                        contact_.id,
                        start,
                        end,
                        contact_.title_in_sentence,
                    ),
                )
    return list(found.values())


def rebase(booked: list[Booking], case_index: int) -> list[Booking]:
    """The same bookings as those of case ``case_index`` among several."""
    if all(b.case_index == case_index for b in booked):
        return booked
    return [dataclasses.replace(b, case_index=case_index) for b in booked]


def double_bookings(booked: Iterable[Booking]) -> Iterator[tuple[Booking, Booking]]:
    """Each pair of bookings of the same interpreter whose times overlap, at
    two different contacts (touching ends don't overlap)."""
    by_interpreter: dict[str, list[Booking]] = {}
    for booking in booked:
        # a register id alone (no registration, no email) names someone within its own case only
        key = booking.identity
        if key.startswith("id:"):
            key = f"{key}@{booking.case_index}"
        by_interpreter.setdefault(key, []).append(booking)
    for group in by_interpreter.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda b: b.start)
        running: list[Booking] = []
        for booking in group:
            running = [b for b in running if b.end > booking.start]
            for earlier in running:
                if (earlier.case_index, earlier.contact) != (booking.case_index, booking.contact):
                    yield earlier, booking
            running.append(booking)


def _hits(pairs: Iterable[tuple[Booking, Booking]]) -> dict[tuple[int, str], tuple[Booking, list[Booking]]]:
    """For each contact involved, its booking and the bookings it clashes with."""
    clashes: dict[tuple[int, str], tuple[Booking, list[Booking]]] = {}
    for a, b in pairs:
        for one, other in ((a, b), (b, a)):
            clashes.setdefault((one.case_index, one.contact), (one, []))[1].append(other)
    return clashes


def _message(booking: Booking, others: list[Booking]) -> str:
    where = [
        f"{o.describe} ({o.contact}{'' if o.case_index == booking.case_index else ', case ' + o.reference})"
        for o in others
    ]
    return (
        f"{booking.interpreter} is booked at {booking.describe} and, at the same time, at {names(where)}: "
        "one family will have no interpreter; book another interpreter or move one contact"
    )


def across_cases(booked: Sequence[Iterable[Booking]]) -> dict[int, list[Finding]]:
    """CP701 across cases: ``booked[i]`` are the bookings of case ``i``; the
    findings for double bookings between two different cases, by case index."""
    check = next(c for c in FAMILY.checks if c.code == "CP701")
    pairs = (
        pair
        for pair in double_bookings(b for case in booked for b in case)
        if pair[0].case_index != pair[1].case_index
    )
    found: dict[int, list[Finding]] = {}
    for (case_index, contact_id), (booking, others) in _hits(pairs).items():
        found.setdefault(case_index, []).append(
            check.finding(Hit(_message(booking, others), contact=contact_id))
        )
    return found


_BOTH = (
    contact()
    + "\n"
    + contact(id="ov-1", kind="office_visit", start="2026-12-01T11:00", duration=60, attendees="[mum]",
              seen_alone=None)
)  # fmt: skip


@FAMILY.check(
    "CP701",
    "interpreter-double-booked",
    "error",
    "An interpreter is booked at two contacts at once",
    fix="Book another interpreter for one of the contacts, or move one of them.",
    example=case_file(contacts=_BOTH),
    fixed=case_file(contacts=_BOTH.replace("2026-12-01T11:00", "2026-12-01T14:00")),
)
def interpreter_double_booked(context: Context) -> Iterator[Hit]:
    """What it finds: the same interpreter (the same register
    `registration`, else the same `email`) booked (`requested` or
    `confirmed`, as interpreter or Deaf relay interpreter) at two planned
    contacts whose times overlap, in one case or in two of the cases checked
    together (every file given to one `contactplan check`). One finding for
    each contact involved, in its own case.

    Why it matters: one of the two families will have no interpreter on the
    day, and the visit goes ahead with a child or a neighbour interpreting,
    or is cancelled at the door. Each case on its own looks fine.

    How to fix the plan: book another interpreter for one of the contacts,
    or move one of them; check the caseload again with every case file.
    """
    pairs = double_bookings(context.bookings)
    for (_, contact_id), (booking, others) in _hits(pairs).items():
        yield Hit(_message(booking, others), contact=contact_id)
