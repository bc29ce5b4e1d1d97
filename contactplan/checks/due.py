"""What each case needs next, with the date it is due (``contactplan due``,
``cli.md``): outcomes to record (CP504), visits to children on a plan
(CP206), time alone with each child (CP203) and interpreters to confirm
(CP113), each overdue when its date is before today.

The same facts the checks use, asked forwards: :mod:`contactplan.timeline`
for working days, outcomes and statutory visits, and the checks'
:class:`~.context.Context` for what really is time alone. Acknowledgements
don't apply: none of these can be acknowledged (case-file.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .. import languages as lang
from .. import timeline
from ..model import Case, Contact, Member, Policy
from ..wording import format_day, format_day_time, names
from .context import Context

__all__ = ["DueItem", "due_items", "sort_key"]

#: How urgent each kind of thing is when two are due the same day.
_RANK = {"CP206": 0, "CP203": 1, "CP504": 2, "CP113": 3}
#: How each plan is named.
_PLANS = {
    "child_protection": "child protection plan",
    "child_in_need": "child in need plan",
    "looked_after": "looked after",
    "private_fostering": "privately fostered",
    "early_help": "early help",
}


@dataclass(frozen=True, slots=True)
class DueItem:
    """One thing due in one case: the check it comes from (``code``), the
    child (``member``) and contact it concerns, the date it is due, and
    whether that date has passed."""

    case: str
    code: str
    member: str | None
    contact: str | None
    due: dt.date
    overdue: bool
    message: str

    def as_dict(self) -> dict[str, Any]:
        """The ``due --format json`` object (``cli.md``)."""
        return {
            "case": self.case,
            "code": self.code,
            "member": self.member,
            "contact": self.contact,
            "due": self.due.isoformat(),
            "overdue": self.overdue,
            "message": self.message,
        }


def sort_key(item: DueItem) -> tuple[dt.date, int, str, str, str]:
    """Most urgent first: the earliest date, then a visit before time alone
    before an outcome before an interpreter, then by case."""
    return (item.due, _RANK.get(item.code, 9), item.case, item.member or "", item.contact or "")


def due_items(case: Case, *, today: dt.date, within: int = 5, policy: Policy | None = None) -> list[DueItem]:
    """What ``case`` needs by ``within`` working days after ``today`` (and
    everything overdue), most urgent first."""
    context = Context.build(case, today=today, policy=policy)
    rules = context.policy
    horizon = timeline.add_working_days(today, within, rules.working_days)
    found = [*_outcomes(context), *_visits(context), *_time_alone(context), *_interpreters(context)]
    return sorted((item for item in found if item.due <= horizon), key=sort_key)


def _item(
    context: Context, code: str, member: str | None, contact: str | None, due: dt.date, text: str
) -> DueItem:
    message = text[:1].upper() + text[1:]
    return DueItem(context.case.reference, code, member, contact, due, due < context.today, message)


def _outcomes(context: Context) -> list[DueItem]:
    """CP504: each contact that has started and is still ``planned``."""
    rules = context.policy
    found = []
    for contact in context.case.contacts:
        day = context.day(contact)
        if contact.status != "planned" or not day < context.today:
            continue
        due = timeline.outcome_due(day, rules.outcome_due_working_days, rules.working_days)
        what = (
            f"record what happened at {context.describe(contact)}: held (who was seen, who was seen "
            "alone), missed or cancelled"
        )
        if due < context.today:
            text = f"{what}; it was due by {format_day(due)}, and until then the contact counts for nothing"
        else:
            text = f"{what}, by {format_day(due)}"
        found.append(_item(context, "CP504", None, contact.id, due, text))
    return found


def _visits(context: Context) -> list[DueItem]:
    """CP206: the next visit each child on a plan is due."""
    found = []
    for child in context.case.subject_children():
        due = timeline.visit_due(context.case, child, context.today, context.policy)
        if due is None:
            continue
        assert child.plan is not None
        last = (
            f"last seen at {context.describe(context.contacts[due.last_contact])}"
            if due.last_contact is not None
            else f"not seen at a visit since the plan began on {format_day(due.last)}"
        )
        head = (
            f"a visit where {child.name} is seen ({_PLANS[child.plan.type]}: at least every {due.interval}; "
            f"{last})"
        )
        planned = context.contacts[due.planned_contact] if due.planned_contact is not None else None
        if due.overdue:
            text = f"{head} was due by {format_day(due.due)}: visit and see them now"
            if planned is not None:
                text += f" (the next one planned, {context.describe(planned)}, is too late)"
        elif planned is not None and due.planned_in_time:
            text = f"{head} is due by {format_day(due.due)}: planned for {context.describe(planned)}"
        else:
            text = f"{head} is due by {format_day(due.due)}: none planned in time"
        contact = planned.id if planned is not None else None
        found.append(_item(context, "CP206", child.id, contact, due.due, text))
    return found


def _alone(context: Context, child: Member) -> list[tuple[dt.date, Contact, bool]]:
    """The child's real time alone: (day, contact, whether it has happened)."""
    found = []
    for contact in context.active_contacts:
        if any(a.child == child.id and context.really_alone(contact, a) for a in contact.seen_alone):
            day = context.day(contact)
            happened = day < context.today or (contact.status == "held" and day <= context.today)
            found.append((day, contact, happened))
    return sorted(found, key=lambda entry: context.start(entry[1]))


def _time_alone(context: Context) -> list[DueItem]:
    """CP203: the next time alone each older subject child is due."""
    limit = context.policy.seen_alone_max_gap_days
    # from the first contact planned or held, even one whose outcome was never recorded since
    days = sorted(context.day(c) for c in context.case.contacts if c.status in ("planned", "held"))
    found = []
    for child in context.case.subject_children():
        if context.is_young(child.id) or not days:
            continue
        alone = _alone(context, child)
        past = [day for day, _, happened in alone if happened]
        coming = [contact for _, contact, happened in alone if not happened]
        if past:
            since = past[-1]
            last = f"last seen alone on {format_day(since)}"
        else:
            since = days[0]
            last = f"never seen alone; the first contact was on {format_day(since)}"
        due = since + dt.timedelta(days=limit)
        head = f"time alone with {child.name} ({last}; at most {limit} days apart)"
        planned = coming[0] if coming else None
        if due < context.today:
            text = f"{head} was due by {format_day(due)}"
            text += f": the next is planned at {context.describe(planned)}" if planned else ": none planned"
        elif planned is not None and context.day(planned) <= due:
            text = f"{head} is due by {format_day(due)}: planned at {context.describe(planned)}"
        else:
            text = f"{head} is due by {format_day(due)}: none planned in time"
        found.append(_item(context, "CP203", child.id, planned.id if planned else None, due, text))
    return found


def _interpreters(context: Context) -> list[DueItem]:
    """CP113: each contact still to come whose interpreter is only requested."""
    window = dt.timedelta(hours=context.policy.interpreter_confirm_hours)
    found = []
    for contact in context.active_contacts:
        if contact.status != "planned" or context.day(contact) < context.today:
            continue
        requested = [a for a in contact.interpreting if a.status == "requested"]
        if not requested:
            continue
        start = context.start(contact)
        due = (start - window).date()
        languages = names(list(dict.fromkeys(lang.english_name(a.language) for a in requested)))
        text = (
            f"confirm the {languages} interpreter for the {contact.title_in_sentence} on "
            f"{format_day_time(start)} (still only requested), by {format_day(due)}"
        )
        found.append(_item(context, "CP113", None, contact.id, due, text))
    return found
