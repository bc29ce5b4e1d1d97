"""What a case needs today, for the caseload and the case's page (issue 22
items 2 and 3): the children first (age, plan, last seen, last seen alone,
next visit and when one is due), and what is overdue or due, from
:func:`contactplan.api.due_for_case` and :mod:`contactplan.timeline`: the
page has no rule of its own for "due" or "overdue"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from flask import url_for

from ...api import contact_day, contact_standing, due_for_case
from ...api import visit_due as next_visit_due
from ...model import Case, Contact, Member
from ...wording import format_day
from ..findings import page_words

__all__ = ["CaseToday", "ChildToday", "DueRow", "case_today", "children_today", "days_words"]

#: How each plan is named on the page.
PLANS = {
    "child_protection": "Child protection plan",
    "child_in_need": "Child in need plan",
    "looked_after": "Looked after",
    "private_fostering": "Privately fostered",
    "early_help": "Early help",
}
#: What each kind of due item asks for, as a link's words.
ACTIONS = {
    "CP504": "Record what happened",
    "CP206": "Plan a visit",
    "CP203": "Plan time alone",
    "CP113": "Confirm the interpreter",
}


def days_words(due: dt.date, today: dt.date) -> str:
    """``due today``, ``due tomorrow``, ``due in 3 days``, ``1 day overdue``,
    ``6 days overdue``: how far ``due`` is from ``today``, in plain words."""
    gap = (due - today).days
    if gap == 0:
        return "due today"
    if gap == 1:
        return "due tomorrow"
    if gap > 1:
        return f"due in {gap} days"
    return "1 day overdue" if gap == -1 else f"{-gap} days overdue"


@dataclass(frozen=True)
class DueRow:
    """One thing the case needs, for the page: what, by when, and the page that does it."""

    item: Any
    message: str
    when: str
    action: str
    href: str

    @property
    def overdue(self) -> bool:
        return bool(self.item.overdue)


@dataclass(frozen=True)
class CaseToday:
    reference: str
    rows: list[DueRow] = field(default_factory=list)

    @property
    def overdue(self) -> list[DueRow]:
        return [r for r in self.rows if r.overdue]

    @property
    def outcomes(self) -> list[DueRow]:
        """Contacts whose outcome is still to be recorded (their start has passed)."""
        return [r for r in self.rows if r.item.code == "CP504"]

    @property
    def first(self) -> DueRow | None:
        return self.rows[0] if self.rows else None


def _link(case: Case, item: Any) -> tuple[str, str]:
    """The link's words and the page that does what ``item`` asks."""
    reference = case.reference
    if item.code == "CP504" and item.contact:
        return ACTIONS["CP504"], url_for("web.outcome", reference=reference, contact_id=item.contact)
    planned = next((c for c in case.contacts if c.id == item.contact), None)
    in_time = planned is not None and contact_day(case, planned) <= item.due
    if item.contact and (item.code == "CP113" or (in_time and not item.overdue)):
        # an interpreter to confirm, or a visit already planned in time: that contact
        words = ACTIONS["CP113"] if item.code == "CP113" else "See the planned contact"
        return words, url_for("web.contact", reference=reference, contact_id=item.contact)
    return ACTIONS.get(item.code, "Plan a visit"), url_for("web.plan", reference=reference)


def case_today(case: Case, today: dt.date, *, within: int = 5) -> CaseToday:
    """What ``case`` needs by ``within`` working days after ``today`` and
    everything overdue, most urgent first (``contactplan due``)."""
    rows = [
        DueRow(
            item,
            page_words(item.message, case),
            days_words(item.due, today),
            *_link(case, item),
        )
        for item in due_for_case(case, today=today, within=within)
    ]
    return CaseToday(case.reference, rows)


@dataclass(frozen=True)
class ChildToday:
    """A child of the case, as the top of the case's page shows them."""

    member: Member
    age: int | None
    plan: str
    last_seen: str
    last_seen_alone: str
    next_visit: str
    visit_due: str
    overdue: bool


def _held(case: Case, today: dt.date) -> list[Contact]:
    return sorted(
        (
            c
            for c in case.contacts
            if contact_standing(case, c, today).value == "held" and contact_day(case, c) <= today
        ),
        key=lambda c: case.localize(c.start),
    )


def _title(contact: Contact) -> str:
    return contact.title_in_sentence


def children_today(case: Case, today: dt.date) -> list[ChildToday]:
    """Each child of the case, subject children first: age, plan, when last
    seen and seen alone (at a held contact: what was recorded, never what
    was planned), the next contact they are expected at, and when a visit
    is due (:func:`contactplan.timeline.visit_due`)."""
    held = _held(case, today)
    out = []
    children = [m for m in case.members if m.role == "subject_child" or m.is_child(today)]
    children.sort(key=lambda m: m.role != "subject_child")
    for child in children:
        seen = [c for c in held if child.id in (c.seen or ())]
        alone = [(c, a) for c in held for a in c.seen_alone if a.child == child.id]
        coming = sorted(
            (
                c
                for c in case.contacts
                if child.id in c.attendees
                and contact_day(case, c) >= today
                and contact_standing(case, c, today).value == "planned"
            ),
            key=lambda c: case.localize(c.start),
        )
        due = next_visit_due(case, child, today)
        if seen:
            last = seen[-1]
            last_seen = f"{format_day(contact_day(case, last))}, at the {_title(last)}"
        else:
            last_seen = "Not recorded as seen"
        if alone:
            contact, entry = alone[-1]
            minutes = f" for {entry.duration_minutes} minutes" if entry.duration_minutes else ""
            on = format_day(contact_day(case, contact))
            last_alone = f"{on}{minutes}, at the {_title(contact)}"
        elif child.is_young_child(today, case.policy.young_child_age_years):
            last_alone = "Too young to be seen alone: seen and observed with others"
        else:
            last_alone = "Never recorded as seen alone"
        if coming:
            nxt = coming[0]
            title = _title(nxt)
            next_visit = f"{title[:1].upper()}{title[1:]} on {format_day(contact_day(case, nxt))}"
        else:
            next_visit = "Nothing planned"
        if due is None:
            visit_due, overdue = "", False
        elif due.overdue:
            visit_due, overdue = (
                f"A visit was due by {format_day(due.due)} ({days_words(due.due, today)})",
                True,
            )
        else:
            planned = " (one is planned in time)" if due.planned_in_time else " (none planned in time)"
            visit_due, overdue = f"By {format_day(due.due)}, {days_words(due.due, today)}{planned}", False
        out.append(
            ChildToday(
                child,
                child.age_on(today),
                f"{PLANS.get(child.plan.type, child.plan.type)} since {format_day(child.plan.since)}"
                if child.plan is not None
                else "",
                last_seen,
                last_alone,
                next_visit,
                visit_due,
                overdue,
            )
        )
    return out
