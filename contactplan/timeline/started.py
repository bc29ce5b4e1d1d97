"""Which contacts have already started: the moment "now" stands for.

checks.md: "A contact *has started* when its start is before the start of
today". A command given ``--today DATE`` measures from the start of that day
in the case's time zone; without it, from this instant
(:func:`contactplan.clock.now`). The calendar's invitations, ``contactplan
invite``, ``letters`` and the planner all ask here, the same way.
"""

from __future__ import annotations

import datetime as dt

from .. import clock
from ..model import Case, Contact

__all__ = ["has_started", "moment", "start_of_day"]


def start_of_day(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    """Midnight at the start of ``day`` in ``zone`` (aware)."""
    return dt.datetime.combine(day, dt.time(0, 0), zone)


def moment(case: Case, today: dt.date | None = None) -> dt.datetime:
    """The moment a contact of ``case`` must start from so as not to have
    started: the start of ``today`` in the case's time zone, or, without
    ``today``, this instant."""
    if today is None:
        return clock.now()
    return start_of_day(today, case.timezone())


def has_started(case: Case, contact: Contact, at: dt.datetime) -> bool:
    """Whether ``contact`` of ``case`` starts before ``at`` (:func:`moment`).
    A start no calendar can place (a year out of range) has not started."""
    try:
        return case.localize(contact.start) < at
    except (OverflowError, ValueError):
        return False
