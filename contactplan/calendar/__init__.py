"""Calendar export: planned contacts as iCalendar (RFC 5545, RFC 5546) events.

Everything iCalendar lives in this package; the rest of contactplan never
imports icalendar. :mod:`.event` builds one contact's VEVENT,
:mod:`.vtimezone` writes time zones as yearly rules (pure functions).
:func:`export` turns case files into one calendar:

* one VEVENT for each ``planned`` contact (CONFIRMED when every interpreting
  arrangement that is not cancelled is confirmed, else TENTATIVE) and each
  ``cancelled`` contact (CANCELLED); other contacts are left out;
* ``Method.PUBLISH`` (a file to import or subscribe to: ORGANIZER, no
  ATTENDEE), ``Method.REQUEST`` (invitations for the planned contacts, with an
  ATTENDEE for each practitioner and booked interpreter) and
  ``Method.CANCEL`` (the cancelled contacts, with the same attendees);
* a stable UID from the case reference and contact id only, and SEQUENCE from
  the contact;
* DTSTART/DTEND in the case's time zone, with a VTIMEZONE written as yearly
  rules (RRULE) derived from zoneinfo: icalendar's own ``add_missing_timezones``
  writes lists of dates (RDATE), of which ical.js (Thunderbird) and vobject
  read only the first, and which Outlook ignores;
* invitations decided contact by contact: ``request`` leaves out each
  contact with an error from the interpreting checks or CP202
  (``CalendarExport.refused``) and each contact that has already started
  (``CalendarExport.skipped``, :mod:`contactplan.timeline.started`), and
  writes the others; ``publish`` writes every contact and returns the
  findings;
* linear in the number of contacts: each case is checked once, whatever the
  number of its contacts;
* privacy by default: no family member's name, date of birth or address
  unless ``include_names``: members by role, the SUMMARY from the kind,
  reference and languages only, free text that names the family withheld;
* every value from a case file is cleaned of control characters and escaped
  by icalendar, so no text can add a property, a parameter, an event or an
  attendee; e-mail addresses are checked before they become ``mailto:`` URIs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from icalendar import Calendar, Event

from .. import clock
from ..errors import ContactplanError, UsageError
from ..findings import Finding
from ..model import Case, Contact
from ..wording import format_day_time
from .event import HIDDEN_ADDRESS, WITHHELD, EventBuilder, Method, clean, event_uid, role_names
from .vtimezone import vtimezone

__all__ = [
    "BLOCKING_CODES",
    "HIDDEN_ADDRESS",
    "PRODID",
    "WITHHELD",
    "CalendarExport",
    "InvitationRefused",
    "Method",
    "Skipped",
    "blocking_findings",
    "choose_contacts",
    "event_uid",
    "export",
    "role_names",
    "vtimezone",
]

PRODID = "-//contactplan//contactplan calendar export//EN"
#: Errors that make an invitation book the wrong interpreter or confirm an
#: unsafe plan: the interpreting checks (CP101-CP118, CP602) and CP202.
BLOCKING_CODES = frozenset(
    {f"CP{n}" for n in range(101, 105)} | {f"CP{n}" for n in range(110, 119)} | {"CP602", "CP202"}
)
#: Years a calendar is written for; a contact outside them is left out.
YEARS = (1900, 2200)


class InvitationRefused(ContactplanError):
    """Contacts refused an invitation for an interpreting error or CP202:
    ``findings`` lists each, with the file it is in. :func:`export` no longer
    raises it (it returns ``CalendarExport.refused`` and writes the other
    contacts); front ends use it to word the refusal."""

    def __init__(self, findings: list[tuple[str, Finding]]) -> None:
        self.findings = findings
        contacts = sorted({f"{name}: {f.contact} ({f.code})" for name, f in findings})
        super().__init__(
            "no invitation sent for contacts with errors that would book the wrong interpreter "
            f"or confirm an unsafe plan: {'; '.join(contacts)}"
        )


@dataclass
class CalendarExport:
    """The calendar file (UTF-8 bytes, CRLF line ends), how many events it has,
    and what was left out along the way (for the user, not errors)."""

    data: bytes
    events: int
    warnings: list[str] = field(default_factory=list)
    #: Errors of the interpreting checks (and CP202) on the contacts written,
    #: with their file: ``publish`` writes those contacts all the same.
    findings: list[tuple[str, Finding]] = field(default_factory=list)
    #: ``request``: the errors for which contacts got no invitation, with
    #: their file (the other contacts are written).
    refused: list[tuple[str, Finding]] = field(default_factory=list)
    #: ``request``: the contacts that got no invitation because they have
    #: already started.
    skipped: list[Skipped] = field(default_factory=list)


@dataclass(frozen=True)
class Skipped:
    """A contact that got no invitation: it started before the moment the
    export measured from (the start of ``today``, or now)."""

    source: str
    contact_id: str
    start: dt.datetime

    def __str__(self) -> str:
        return (
            f"{self.source}: contacts[{self.contact_id}]: no invitation: it has already started "
            f"({format_day_time(self.start)}); record what happened (held, cancelled, "
            "was_not_brought, ...)"
        )


def export(
    cases: Sequence[tuple[str, Case]],
    *,
    method: Method = Method.publish,
    contact_id: str | None = None,
    include_names: bool = False,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> CalendarExport:
    """One calendar for the ``(file name, case)`` pairs given.

    ``contact_id`` keeps only the contacts with that id. ``now`` is the
    DTSTAMP (default: the current time). ``today`` says which contacts have
    already started (those before the start of that day in the case's time
    zone; without it, those before ``now``): ``Method.request`` writes no
    invitation for them (``skipped``), nor for a contact with an error of the
    interpreting checks or CP202 (``refused``); the other contacts are
    written. Raises :class:`UsageError` for an unknown contact id, a contact
    that cannot go out with ``method``, and for ``Method.request`` without a
    lead practitioner's e-mail to send it from.
    """
    current = now or clock.now()
    stamp = current.astimezone(dt.UTC).replace(microsecond=0)
    chosen = _choose(cases, method, contact_id)
    warnings: list[str] = []
    skipped: list[Skipped] = []
    if method is Method.request:
        chosen = _not_started(chosen, today, current, skipped)
    chosen = _in_range(chosen, warnings)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method.value.upper())
    seen: dict[str, str] = {}
    built: list[tuple[str, Case, Contact, EventBuilder, Event]] = []
    for name, case, contact in chosen:
        uid = event_uid(case.reference, contact.id)
        if uid in seen:
            warnings.append(
                f"{name}: contact {contact.id!r} of case {clean(case.reference)!r} left out: "
                f"{seen[uid]} has the same case reference and contact id"
            )
            continue
        seen[uid] = name
        builder = EventBuilder(name, case, contact, method, include_names)
        built.append((name, case, contact, builder, builder.build(stamp)))
    blocking = blocking_findings(chosen, today=today or stamp.date())
    refused: list[tuple[str, Finding]] = []
    if blocking and method is Method.request:
        refused, blocking = blocking, []
        unsafe = {(name, finding.contact) for name, finding in refused}
        built = [item for item in built if (item[0], item[2].id) not in unsafe]
    zones: dict[str, set[int]] = {}
    for _, case, _, builder, _ in built:
        warnings.extend(builder.warnings)
        zone_years = zones.setdefault(case.case.timezone, set())
        zone_years.update(when.year for when in builder.span_utc())
    for zone_name in sorted(zones):
        calendar.add_component(vtimezone(zone_name, min(zones[zone_name]), max(zones[zone_name])))
    for *_, event in built:
        calendar.add_component(event)
    if not built and not refused and not skipped:
        warnings.append(f"no {_WANTED[method]} contacts: the calendar has no events")
    return CalendarExport(calendar.to_ical(), len(built), warnings, blocking, refused, skipped)


def blocking_findings(
    chosen: Sequence[tuple[str, Case, Contact]], *, today: dt.date | None = None
) -> list[tuple[str, Finding]]:
    """The errors of the interpreting checks and CP202 on the contacts ``chosen``
    (``(file name, case, contact)``), with their file, in order."""
    from ..checks import run_checks

    # one pass to gather each case's contacts, then each case checked once:
    # linear in the number of contacts, however many cases and contacts
    by_case: dict[int, tuple[str, Case, set[str]]] = {}
    for name, case, contact in chosen:
        by_case.setdefault(id(case), (name, case, set()))[2].add(contact.id)
    found: list[tuple[str, Finding]] = []
    for name, case, wanted in by_case.values():
        for finding in run_checks(case, today=today, select=sorted(BLOCKING_CODES)):
            if finding.code in BLOCKING_CODES and finding.severity == "error" and finding.contact in wanted:
                found.append((name, finding))
    return found


def _not_started(
    chosen: list[tuple[str, Case, Contact]],
    today: dt.date | None,
    current: dt.datetime,
    skipped: list[Skipped],
) -> list[tuple[str, Case, Contact]]:
    """The contacts that have not started (:func:`~contactplan.timeline.started.has_started`,
    measured from the start of ``today`` in each case's zone, or ``current``);
    the others go to ``skipped``."""
    from ..timeline.started import has_started, moment

    kept = []
    moments: dict[int, dt.datetime] = {}
    for name, case, contact in chosen:
        at = moments.get(id(case))
        if at is None:
            at = moments[id(case)] = moment(case, today) if today is not None else current
        if has_started(case, contact, at):
            skipped.append(Skipped(name, contact.id, contact.start))
        else:
            kept.append((name, case, contact))
    return kept


def _in_range(
    chosen: list[tuple[str, Case, Contact]], warnings: list[str]
) -> list[tuple[str, Case, Contact]]:
    """The contacts whose times a calendar can hold (years 1900 to 2200); the
    others are left out with a warning."""
    kept = []
    for name, case, contact in chosen:
        try:
            start, end = case.span(contact)
            ok = YEARS[0] <= start.astimezone(dt.UTC).year and end.astimezone(dt.UTC).year <= YEARS[1]
        except (OverflowError, ValueError):
            ok = False
        if ok:
            kept.append((name, case, contact))
        else:
            warnings.append(
                f"{name}: contacts[{contact.id}]: left out: a calendar holds contacts between "
                f"{YEARS[0]} and {YEARS[1]} (check start and duration_minutes)"
            )
    return kept


_WANTED = {
    Method.publish: "planned or cancelled",
    Method.request: "planned",
    Method.cancel: "cancelled",
}
_STATUSES = {
    Method.publish: frozenset({"planned", "cancelled"}),
    Method.request: frozenset({"planned"}),
    Method.cancel: frozenset({"cancelled"}),
}


def _choose(
    cases: Sequence[tuple[str, Case]], method: Method, contact_id: str | None
) -> list[tuple[str, Case, Contact]]:
    """The contacts that go in the calendar, in file order."""
    return choose_contacts(
        cases,
        _STATUSES[method],
        contact_id,
        f"--method {method.value} writes {_WANTED[method]} contacts only",
    )


def choose_contacts(
    cases: Sequence[tuple[str, Case]], statuses: Collection[str], contact_id: str | None, only: str
) -> list[tuple[str, Case, Contact]]:
    """The contacts of ``cases`` whose status is one of ``statuses``, in file
    order; with ``contact_id``, only that contact, and a UsageError when no
    case has it or its status is not wanted (``only`` says what is)."""
    if contact_id is None:
        return [(name, case, c) for name, case in cases for c in case.contacts if c.status in statuses]
    found = [(name, case, c) for name, case in cases for c in case.contacts if c.id == contact_id]
    if not found:
        files = ", ".join(name for name, _ in cases) or "no case file"
        raise UsageError(f"--contact: no contact with id {contact_id!r} in {files}")
    chosen = [item for item in found if item[2].status in statuses]
    if not chosen:
        name, _, contact = found[0]
        raise UsageError(
            f"{name}: contacts[{contact_id}]: the contact's status is {contact.status!r}; {only}"
        )
    return chosen
