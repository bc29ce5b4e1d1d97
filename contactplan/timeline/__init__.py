"""Time as a case lives it: working days, what a contact counts as today, and
when a child on a plan is next due a visit.

Pure functions of their arguments: no I/O and no clock (``today`` is always
given: the ``--today`` date, or :func:`contactplan.clock.today` in the
case's time zone). Checks (CP206, CP504, CP203), ``contactplan due``, the
planner and the web page all ask these questions here, the same way:

* **Working days** (:func:`is_working_day`, :func:`add_working_days`,
  :func:`working_days_between`) are Monday to Friday less the bank holidays
  of the policy's ``working_days`` region (England and Wales, Scotland,
  Northern Ireland), from the ``holidays`` package (:func:`bank_holidays`),
  never a list of dates kept by hand.
* **What a contact counts as today** (:func:`standing`,
  :func:`contact_standing`): held, missed, cancelled, planned, or *no
  recorded outcome*: a contact whose start has passed and that is still
  ``planned`` counts as planned for ``outcome_due_working_days`` working days
  after its date (:func:`outcome_due`), then for nothing (CP504).
* **Statutory visits** (:func:`visit_due`, :func:`visit_stretches`): a
  subject child on a ``plan`` is visited (a home, school or office visit
  where they are seen) at least every ``visit_every`` of the plan's type
  (:class:`Interval`: "10 working days", "6 weeks"), counted from
  ``plan.since`` (CP206).
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import itertools
import re
from dataclasses import dataclass
from typing import Literal

from ..model import MISSED_STATUSES, REGIONS, Case, Contact, ContactStatus, Member, PlanType, Policy, Region
from ..vocabulary import CONTACT_KINDS

__all__ = [
    "REGIONS",
    "VISIT_KINDS",
    "Interval",
    "IntervalUnit",
    "Standing",
    "Stretch",
    "Visit",
    "VisitDue",
    "add_working_days",
    "bank_holidays",
    "contact_day",
    "contact_standing",
    "holiday_name",
    "is_working_day",
    "outcome_due",
    "package_bank_holidays",
    "parse_interval",
    "plan_interval",
    "plan_visits",
    "standing",
    "visit_due",
    "visit_stretches",
    "working_days_between",
]

#: The kinds of contact that are visits for a plan's statutory visits (a
#: home, school or office visit): core groups, conferences, calls and health
#: appointments never count.
VISIT_KINDS: frozenset[str] = frozenset(name for name, info in CONTACT_KINDS.items() if info.visit)

#: The ``holidays`` package's subdivision of the United Kingdom for each
#: region: England and Wales share their bank holidays.
SUBDIVISIONS: dict[Region, str] = {
    "england-and-wales": "ENG",
    "scotland": "SCT",
    "northern-ireland": "NIR",
}


# -- working days


def package_bank_holidays(subdivision: str, years: range) -> dict[dt.date, str]:
    """The bank holidays of a subdivision of the United Kingdom (``ENG``,
    ``WLS``, ``SCT``, ``NIR``) in ``years``, each with its name, asked of the
    ``holidays`` package itself (which imports every country it knows: half
    a second; :func:`bank_holidays` uses its generated table where it can)."""
    from holidays.countries.united_kingdom import UnitedKingdom

    found = UnitedKingdom(subdiv=subdivision, years=years)  # type: ignore[no-untyped-call]
    return {day: str(name) for day, name in sorted(found.items()) if day.year in years}


@functools.cache
def _table(region: Region) -> dict[int, dict[dt.date, str]]:
    from . import _bank_holidays

    by_year: dict[int, dict[dt.date, str]] = {}
    for text, name in _bank_holidays.BANK_HOLIDAYS[region]:
        day = dt.date.fromisoformat(text)
        by_year.setdefault(day.year, {})[day] = name
    return by_year


@functools.cache
def bank_holidays(region: Region, year: int) -> dict[dt.date, str]:
    """The bank holidays of ``region`` in ``year``, each with its name
    (``{date(2026, 12, 28): 'Boxing Day (observed)', ...}``): from the table
    generated from the ``holidays`` package for the years it covers, else
    from the package itself."""
    if region not in SUBDIVISIONS:
        raise ValueError(f"{region!r} is not a region: use one of {', '.join(REGIONS)}")
    from ._bank_holidays import YEARS

    if YEARS[0] <= year <= YEARS[1]:
        return _table(region).get(year, {})
    return package_bank_holidays(SUBDIVISIONS[region], range(year, year + 1))


def holiday_name(day: dt.date, region: Region) -> str | None:
    """The name of the bank holiday on ``day`` in ``region`` (``Christmas
    Day``), or None when it is none."""
    return bank_holidays(region, day.year).get(day)


def is_working_day(day: dt.date, region: Region) -> bool:
    """Monday to Friday, and not a bank holiday of ``region``."""
    return day.weekday() < 5 and day not in bank_holidays(region, day.year)


def add_working_days(day: dt.date, count: int, region: Region) -> dt.date:
    """The ``count``-th working day after ``day`` (``day`` itself for 0,
    whatever day it is): ``add_working_days(Thu 24 Dec 2026, 1)`` is Tue 29
    Dec 2026 in England (25 and 28 Dec are bank holidays)."""
    if count < 0:
        raise ValueError("count is a number of working days: 0 or more")
    current = day
    left = count
    while left:
        current += dt.timedelta(days=1)
        if is_working_day(current, region):
            left -= 1
    return current


def working_days_between(start: dt.date, end: dt.date, region: Region) -> int:
    """How many working days come after ``start``, up to and including
    ``end`` (0 when ``end`` is not after ``start``)."""
    if end <= start:
        return 0
    weeks, extra = divmod((end - start).days, 7)
    count = weeks * 5  # any seven days in a row hold five weekdays
    weekday = start.weekday()
    count += sum(1 for k in range(1, extra + 1) if (weekday + k) % 7 < 5)
    for year in range(start.year, end.year + 1):
        count -= sum(1 for day in bank_holidays(region, year) if start < day <= end and day.weekday() < 5)
    return count


# -- intervals


IntervalUnit = Literal["working_days", "days", "weeks"]
_UNIT_WORDS: dict[IntervalUnit, tuple[str, str]] = {
    "working_days": ("working day", "working days"),
    "days": ("day", "days"),
    "weeks": ("week", "weeks"),
}
#: The largest count of each unit: nothing a plan sets runs past ten years.
_LIMITS: dict[IntervalUnit, int] = {"working_days": 2_600, "days": 3_650, "weeks": 520}
_INTERVAL = re.compile(r"(?i)\s*(\d{1,6})\s+(working[ _-]?days?|days?|weeks?)\s*")
INTERVAL_HINT = 'write "N working days", "N days", "N weeks" or "none", e.g. "10 working days"'


@dataclass(frozen=True, slots=True)
class Interval:
    """How often a child on a plan is visited: ``count`` working days,
    calendar days or weeks."""

    count: int
    unit: IntervalUnit

    def __str__(self) -> str:
        one, many = _UNIT_WORDS[self.unit]
        return f"{self.count} {one if self.count == 1 else many}"

    def due_after(self, day: dt.date, region: Region) -> dt.date:
        """The last day the next visit may be on, after a visit on ``day``:
        ``count`` working days after it, or ``count`` days or weeks after it."""
        if self.unit == "working_days":
            return add_working_days(day, self.count, region)
        return day + dt.timedelta(days=self.count * (7 if self.unit == "weeks" else 1))

    def length(self, start: dt.date, end: dt.date, region: Region) -> str:
        """How long from ``start`` to ``end`` in this interval's terms:
        ``12 working days`` or ``45 days``."""
        if self.unit == "working_days":
            count = working_days_between(start, end, region)
            return f"{count} working day{'' if count == 1 else 's'}"
        days = (end - start).days
        return f"{days} day{'' if days == 1 else 's'}"


@functools.lru_cache(maxsize=256)
def parse_interval(text: str) -> Interval | None:
    """The interval ``text`` says ("10 working days", "6 weeks", "28 days"),
    or None for "none" (no statutory visits). Raises ValueError, saying
    what to write, for anything else."""
    if text.strip().lower() == "none":
        return None
    found = _INTERVAL.fullmatch(text)
    if found is None:
        shown = repr(text if len(text) <= 40 else text[:40] + "...")
        raise ValueError(f"{shown} is not an interval: {INTERVAL_HINT}")
    count = int(found[1])
    word = found[2].lower()
    unit: IntervalUnit = (
        "working_days" if word.startswith("working") else "weeks" if word[0] == "w" else "days"
    )
    if count < 1:
        raise ValueError(f"{text.strip()!r}: the interval is at least 1 {_UNIT_WORDS[unit][0]}")
    if count > _LIMITS[unit]:
        raise ValueError(f"{text.strip()!r}: at most {_LIMITS[unit]} {_UNIT_WORDS[unit][1]} (ten years)")
    return Interval(count, unit)


def plan_interval(policy: Policy, plan_type: PlanType) -> Interval | None:
    """The policy's ``visit_every`` for a plan of ``plan_type``; None for "none"."""
    return parse_interval(policy.visit_every.for_plan(plan_type))


# -- what a contact counts as


class Standing(enum.Enum):
    """What a contact counts as today."""

    #: Still to come, or past and still within ``outcome_due_working_days``.
    PLANNED = "planned"
    #: Held: ``seen`` and ``seen_alone`` say what happened.
    HELD = "held"
    #: Was not brought, no access, did not attend.
    MISSED = "missed"
    CANCELLED = "cancelled"
    #: Past, still ``planned``, beyond ``outcome_due_working_days``: it counts
    #: for nothing (nobody was seen there) until its outcome is recorded (CP504).
    NO_OUTCOME = "no recorded outcome"

    @property
    def active(self) -> bool:
        """Planned or held: the contacts the interpreting and child's-voice checks see."""
        return self in (Standing.PLANNED, Standing.HELD)


def outcome_due(day: dt.date, grace: int, region: Region) -> dt.date:
    """The last day a contact on ``day`` still counts as planned without its
    outcome: ``grace`` (``outcome_due_working_days``) working days after it.
    From the day after, it counts for nothing (CP504)."""
    return add_working_days(day, grace, region)


def standing(status: ContactStatus, day: dt.date, today: dt.date, grace: int, region: Region) -> Standing:
    """What a contact with ``status`` on ``day`` counts as on ``today``: its
    recorded outcome, or, while ``planned``, :attr:`Standing.PLANNED` until
    :func:`outcome_due` and :attr:`Standing.NO_OUTCOME` after it."""
    if status == "held":
        return Standing.HELD
    if status == "cancelled":
        return Standing.CANCELLED
    if status in MISSED_STATUSES:
        return Standing.MISSED
    if day < today and today > outcome_due(day, grace, region):
        return Standing.NO_OUTCOME
    return Standing.PLANNED


def contact_day(case: Case, contact: Contact) -> dt.date:
    """The date a contact starts on, in the case's time zone."""
    return case.localize(contact.start).date()


def contact_standing(case: Case, contact: Contact, today: dt.date, policy: Policy | None = None) -> Standing:
    """What ``contact`` of ``case`` counts as on ``today`` (:func:`standing`),
    under ``policy`` (default: the case's)."""
    rules = case.policy if policy is None else policy
    return standing(
        contact.status, contact_day(case, contact), today, rules.outcome_due_working_days, rules.working_days
    )


# -- statutory visits


@dataclass(frozen=True, slots=True)
class Visit:
    """A visit that counts for a child's plan: held with the child ``seen``,
    or planned (still to come, or past within the outcome grace) with the
    child among the attendees, counted on its date."""

    day: dt.date
    contact: str
    standing: Standing


@dataclass(frozen=True, slots=True)
class Stretch:
    """The time from ``plan.since`` or a visit (``start``) to the next visit
    (``end``), or up to today when none follows (``end`` None)."""

    start: dt.date
    #: The visit it starts from; None when it starts from ``plan.since``.
    start_contact: str | None
    end: dt.date | None
    #: The visit that ends it; None when it runs up to today.
    end_contact: str | None
    #: The last day the visit ending it may be on.
    due: dt.date
    #: Too long: the visit ending it is after ``due``, or, running up to
    #: today, ``due`` is before today.
    too_long: bool


@dataclass(frozen=True, slots=True)
class VisitDue:
    """When a child on a plan is next due a visit, as things stand today."""

    child: str
    plan: PlanType
    interval: Interval
    #: The last visit on or before today (held, or within its outcome
    #: grace), or ``plan.since`` when there is none since the plan began.
    last: dt.date
    #: That visit's id; None when counted from ``plan.since``.
    last_contact: str | None
    #: The last day the next visit may be on.
    due: dt.date
    #: ``due`` is before today: the visit is late.
    overdue: bool
    #: The next visit planned from today on that the child attends, if any.
    planned: dt.date | None
    planned_contact: str | None

    @property
    def planned_in_time(self) -> bool:
        """A visit is planned on or before the day it is due."""
        return self.planned is not None and self.planned <= self.due


def plan_visits(case: Case, child: Member, today: dt.date, policy: Policy | None = None) -> list[Visit]:
    """The visits that count for ``child``'s plan on ``today``, by date:
    home, school and office visits held with the child in ``seen``, or
    planned (and not past their outcome grace) with the child among the
    attendees. Missed, cancelled and unrecorded ones count for nothing."""
    rules = case.policy if policy is None else policy
    found: list[tuple[dt.datetime, Visit]] = []
    for contact in case.contacts:
        if contact.kind not in VISIT_KINDS:
            continue
        day = contact_day(case, contact)
        now = standing(contact.status, day, today, rules.outcome_due_working_days, rules.working_days)
        if (now is Standing.HELD and child.id in (contact.seen or ())) or (
            now is Standing.PLANNED and child.id in contact.attendees
        ):
            found.append((case.localize(contact.start), Visit(day, contact.id, now)))
    found.sort(key=lambda pair: pair[0])
    return [visit for _, visit in found]


def visit_stretches(case: Case, child: Member, today: dt.date, policy: Policy | None = None) -> list[Stretch]:
    """Each stretch of ``child``'s plan: from ``plan.since`` to the first
    visit, between two visits, and from the last visit up to today (when the
    last is not still to come). Empty for a child on no plan, or on a plan
    whose ``visit_every`` is "none". Visits before ``plan.since`` don't count."""
    rules = case.policy if policy is None else policy
    if child.plan is None:
        return []
    interval = plan_interval(rules, child.plan.type)
    if interval is None:
        return []
    region = rules.working_days
    marks: list[tuple[dt.date, str | None]] = [(child.plan.since, None)]
    for visit in plan_visits(case, child, today, rules):
        if visit.day >= child.plan.since and visit.day != marks[-1][0]:
            marks.append((visit.day, visit.contact))
        elif visit.day == marks[-1][0] and marks[-1][1] is None:
            marks[-1] = (visit.day, visit.contact)  # a visit the day the plan began
    stretches: list[Stretch] = []
    for (start, start_contact), (end, end_contact) in itertools.pairwise(marks):
        due = interval.due_after(start, region)
        stretches.append(Stretch(start, start_contact, end, end_contact, due, end > due))
    last, last_contact = marks[-1]
    if last < today:
        due = interval.due_after(last, region)
        stretches.append(Stretch(last, last_contact, None, None, due, due < today))
    return stretches


def visit_due(case: Case, child: Member, today: dt.date, policy: Policy | None = None) -> VisitDue | None:
    """When ``child`` is next due a visit on ``today``: ``visit_every`` after
    the last visit on or before today that counts (or after ``plan.since``),
    whether that day has passed, and the next visit planned. None for a
    child on no plan, or on one whose ``visit_every`` is "none".

    The planner plans a visit no later than :attr:`VisitDue.due`; CP206 and
    ``contactplan due`` report it when it is late or near."""
    rules = case.policy if policy is None else policy
    if child.plan is None:
        return None
    interval = plan_interval(rules, child.plan.type)
    if interval is None:
        return None
    last: dt.date = child.plan.since
    last_contact: str | None = None
    planned: Visit | None = None
    for visit in plan_visits(case, child, today, rules):
        if visit.day < child.plan.since:
            continue
        happened = visit.day < today or (visit.standing is Standing.HELD and visit.day <= today)
        if happened:
            if visit.day >= last:
                last, last_contact = visit.day, visit.contact
        elif planned is None:
            planned = visit
    due = interval.due_after(last, rules.working_days)
    return VisitDue(
        child=child.id,
        plan=child.plan.type,
        interval=interval,
        last=last,
        last_contact=last_contact,
        due=due,
        overdue=due < today,
        planned=planned.day if planned is not None else None,
        planned_contact=planned.contact if planned is not None else None,
    )
