"""Helpers for the planner's tests: who a contact takes, and whether a
proposal books anyone twice at once, worked out here independently of the
planner's own diary."""

from __future__ import annotations

import datetime as dt
import itertools

from contactplan.model import Case, Contact
from contactplan.planning import Proposal


def span(case: Case, contact: Contact) -> tuple[dt.datetime, dt.datetime]:
    start = case.localize(contact.start)
    return start, start + dt.timedelta(minutes=contact.duration_minutes)


def taken(case: Case, contact: Contact) -> set[str]:
    """Who a contact takes: family members, practitioners (name and e-mail),
    interpreters (registration, else e-mail, else id)."""
    register = {i.id: i for i in case.interpreters}
    found = {f"member:{m}" for m in contact.attendees}
    for person in contact.practitioners:
        found.add(f"name:{person.name.casefold()}")
        if person.email:
            found.add(f"email:{person.email.casefold()}")
    booked = [a.interpreter for a in contact.live_interpreting()]
    booked += [a.relay_interpreter for a in contact.live_interpreting()]
    booked += [s.interpreter for s in contact.seen_alone]
    for interpreter_id in filter(None, booked):
        interpreter = register[interpreter_id]
        found.add(f"interpreter:{interpreter.registration or interpreter.email or interpreter.id}")
    return found


def double_booked(case: Case, proposal: Proposal) -> list[tuple[str, str, set[str]]]:
    """Pairs of contacts at overlapping times, at least one of them the
    proposal's, that take the same person (the other a planned or held
    contact of ``case``)."""
    mine = list(proposal.contacts)
    others = [c for c in case.contacts if c.status in ("planned", "held")]
    found = []
    for a, b in itertools.chain(itertools.combinations(mine, 2), itertools.product(mine, others)):
        (a0, a1), (b0, b1) = span(case, a), span(case, b)
        if a0 < b1 and b0 < a1 and (both := taken(case, a) & taken(case, b)):
            found.append((a.id, b.id, both))
    return found
