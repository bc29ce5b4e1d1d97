"""Calendar export: planned contacts as iCalendar (RFC 5545, RFC 5546) events.

Everything iCalendar lives here; the rest of contactplan never imports
icalendar. :func:`export` turns case files into one calendar:

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
* privacy by default: no family member's name, date of birth or address
  unless ``include_names``; members are shown by id;
* every value from a case file is cleaned of control characters and escaped
  by icalendar, so no text can add a property, a parameter, an event or an
  attendee; e-mail addresses are checked before they become ``mailto:`` URIs.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from icalendar import (
    Alarm,
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vText,
)

from .errors import UsageError
from .languages import Match, english_name, label, match_spoken
from .model import KIND_TITLES, Case, Contact, Interpreting, Member, SeenAlone
from .output import one_line

__all__ = [
    "HIDDEN_ADDRESS",
    "PRODID",
    "CalendarExport",
    "Method",
    "event_uid",
    "export",
    "vtimezone",
]

PRODID = "-//contactplan//contactplan calendar export//EN"
#: A home visit's LOCATION (and any location at a family member's address)
#: unless names are asked for.
HIDDEN_ADDRESS = "Home address (see case record)"
_UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://contactplan.invalid/calendar/v1")
_MODES = {"in_person": "in person", "telephone": "by telephone", "video": "by video"}
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class Method(enum.StrEnum):
    """The iTIP method (RFC 5546) the file is written for."""

    publish = "publish"
    request = "request"
    cancel = "cancel"


@dataclass
class CalendarExport:
    """The calendar file (UTF-8 bytes, CRLF line ends), how many events it has,
    and what was left out along the way (for the user, not errors)."""

    data: bytes
    events: int
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------
# Entry point


def export(
    cases: Sequence[tuple[str, Case]],
    *,
    method: Method = Method.publish,
    contact_id: str | None = None,
    include_names: bool = False,
    now: dt.datetime | None = None,
) -> CalendarExport:
    """One calendar for the ``(file name, case)`` pairs given.

    ``contact_id`` keeps only the contacts with that id. ``now`` is the
    DTSTAMP (default: the current time). Raises :class:`UsageError` for an
    unknown contact id, a contact that cannot go out with ``method``, and for
    ``Method.request`` without a lead practitioner's e-mail to send it from.
    """
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).replace(microsecond=0)
    chosen = _choose(cases, method, contact_id)
    warnings: list[str] = []
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method.value.upper())
    zones: dict[str, set[int]] = {}
    seen: dict[str, str] = {}
    events: list[Event] = []
    for name, case, contact in chosen:
        uid = event_uid(case.reference, contact.id)
        if uid in seen:
            warnings.append(
                f"{name}: contact {contact.id!r} of case {_clean(case.reference)!r} left out: "
                f"{seen[uid]} has the same case reference and contact id"
            )
            continue
        seen[uid] = name
        builder = _EventBuilder(name, case, contact, method, include_names)
        events.append(builder.build(stamp))
        warnings.extend(builder.warnings)
        zone_years = zones.setdefault(case.case.timezone, set())
        zone_years.update(when.year for when in builder.span_utc())
    for zone_name in sorted(zones):
        calendar.add_component(vtimezone(zone_name, min(zones[zone_name]), max(zones[zone_name])))
    for event in events:
        calendar.add_component(event)
    if not events:
        warnings.append(f"no {_WANTED[method]} contacts: the calendar has no events")
    return CalendarExport(calendar.to_ical(), len(events), warnings)


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
    wanted = _STATUSES[method]
    if contact_id is None:
        return [(name, case, c) for name, case in cases for c in case.contacts if c.status in wanted]
    found = [(name, case, c) for name, case in cases for c in case.contacts if c.id == contact_id]
    if not found:
        files = ", ".join(name for name, _ in cases) or "no case file"
        raise UsageError(f"--contact: no contact with id {contact_id!r} in {files}")
    chosen = [item for item in found if item[2].status in wanted]
    if not chosen:
        name, _, contact = found[0]
        raise UsageError(
            f"{name}: contacts[{contact_id}]: the contact's status is {contact.status!r}; "
            f"--method {method.value} writes {_WANTED[method]} contacts only"
        )
    return chosen


def event_uid(reference: str, contact_id: str) -> str:
    """The UID of a contact's event: the same for the same case reference and
    contact id on every run and every machine, and safe whatever the reference holds."""
    name = "\x1f".join((reference, contact_id))
    return f"{uuid.uuid5(_UID_NAMESPACE, name)}@contactplan"


# --------------------------------------------------------------------------
# Text that is safe to write


_EMAIL = re.compile(
    r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
)


def _clean(text: str) -> str:
    """``text`` on one line: control characters, line and paragraph breaks
    become spaces, runs of white space one space."""
    return " ".join(one_line(text).split())


def _param(text: str) -> str:
    """A parameter value (CN): one line, no double quotes (which cannot be escaped)."""
    return _clean(text.replace('"', "'"))


def _email(text: str | None) -> str | None:
    """The address when it is a plain e-mail address, else None."""
    if text is None:
        return None
    address = text.strip()
    return address if len(address) <= 254 and _EMAIL.fullmatch(address) else None


def _address(email: str, name: str, **params: str) -> vCalAddress:
    value = vCalAddress(f"mailto:{email}")
    cn = _param(name)
    if cn:
        value.params["CN"] = cn
    for key, param in params.items():
        value.params[key] = param
    return value


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text.casefold()) if len(w) >= 2 and not w.isdigit()}


# --------------------------------------------------------------------------
# One event


class _EventBuilder:
    """Builds the VEVENT of one contact."""

    def __init__(self, name: str, case: Case, contact: Contact, method: Method, include_names: bool) -> None:
        self.name = name
        self.case = case
        self.contact = contact
        self.method = method
        self.include_names = include_names
        self.zone = ZoneInfo(case.case.timezone)
        self.warnings: list[str] = []
        self._members = {m.id: m for m in case.members}
        self._interpreters = {i.id: i for i in case.interpreters}
        self._family_words = set().union(*(_words(m.name) for m in case.members))
        self._family_addresses = {_clean(m.address).casefold() for m in case.members if m.address}

    # times

    def start_utc(self) -> dt.datetime:
        return self.case.localize(self.contact.start).astimezone(dt.UTC)

    def end_utc(self) -> dt.datetime:
        return self.start_utc() + dt.timedelta(minutes=self.contact.duration_minutes)

    def span_utc(self) -> tuple[dt.datetime, dt.datetime]:
        return self.start_utc(), self.end_utc()

    def local(self, when: dt.datetime) -> dt.datetime:
        """The wall-clock time of an instant in the case's zone (TZID written by icalendar)."""
        return when.astimezone(self.zone)

    def written(self, when: dt.datetime) -> dt.datetime:
        """The time as DTSTART/DTEND carry it: local with TZID, or UTC for a local
        time the clocks show twice (01:30 on the night clocks go back), which
        readers would take as its first occurrence."""
        local = self.local(when)
        if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
            return when.astimezone(dt.UTC)
        return local

    # the event

    def build(self, stamp: dt.datetime) -> Event:
        contact = self.contact
        event = Event()
        event.add("uid", event_uid(self.case.reference, contact.id))
        event.add("dtstamp", stamp)
        event.add("sequence", contact.sequence)
        event.add("dtstart", self.written(self.start_utc()))
        event.add("dtend", self.written(self.end_utc()))
        event.add("summary", vText(self.summary()))
        location = self.location()
        if location:
            event.add("location", vText(location))
        event.add("description", vText(self.description()))
        event.add("status", self.status())
        event.add("class", "PRIVATE")
        event.add("transp", "OPAQUE")
        event.add("categories", ["contactplan", KIND_TITLES[contact.kind]])
        event.add("x-contactplan-case", vText(_clean(self.case.reference)))
        for tag in self.languages():
            event.add("x-contactplan-interpreter-language", vText(tag))
        organizer = self.organizer()
        if organizer is not None:
            event.add("organizer", organizer)
        elif self.method is not Method.publish:
            raise UsageError(
                f"{self.name}: case.lead_practitioner.email: --method {self.method.value} needs the "
                "lead practitioner's e-mail address as ORGANIZER (RFC 5546): add one to the case file"
            )
        if self.method is not Method.publish:
            for attendee in self.attendees():
                event.add("attendee", attendee)
        if contact.status == "planned" and any(a.status == "requested" for a in contact.interpreting):
            event.add_component(self.alarm())
        return event

    def status(self) -> str:
        if self.contact.status == "cancelled":
            return "CANCELLED"
        live = list(self.contact.live_interpreting())
        return "CONFIRMED" if all(a.status == "confirmed" for a in live) else "TENTATIVE"

    def languages(self) -> list[str]:
        """The interpreter languages (BCP 47), each once, in the file's order."""
        return list(dict.fromkeys(a.language for a in self.contact.live_interpreting()))

    # words

    def kind(self) -> str:
        """The kind of contact, with its own title when it has one that names nobody."""
        contact = self.contact
        kind = KIND_TITLES[contact.kind]
        title = _clean(contact.title or "")
        if not title or title.casefold() == kind.casefold() or not self.may_show(title):
            return kind
        return f"{kind}: {title}"

    def summary(self) -> str:
        parts = [self.kind(), _clean(self.case.reference)]
        wanted: dict[str, None] = {}
        for arrangement in self.contact.live_interpreting():
            family = " (family member)" if arrangement.by is not None else ""
            mode = _MODES[arrangement.mode]
            wanted[f"{english_name(arrangement.language)} interpreter{family}, {mode}"] = None
        parts.extend(wanted)
        if self.contact.status == "cancelled":
            parts.insert(0, "CANCELLED")
        return " · ".join(parts)

    def may_show(self, text: str) -> bool:
        """Whether free text can be shown: always with names, else when it names
        nobody in the family and is not a family member's address."""
        if self.include_names:
            return True
        if _words(text) & self._family_words:
            return False
        return _clean(text).casefold() not in self._family_addresses

    def location(self) -> str | None:
        contact = self.contact
        given = _clean(contact.location or "")
        if self.include_names:
            return given or (self.home_address() if contact.kind == "home_visit" else None)
        if contact.kind == "home_visit" or (given and not self.may_show(given)):
            return HIDDEN_ADDRESS
        return given or None

    def home_address(self) -> str | None:
        for member in self.case.members:
            if member.household and member.address:
                return _clean(member.address)
        return None

    def member(self, member_id: str) -> str:
        """A member as the calendar shows them: by id, or by name with ``include_names``."""
        member: Member = self._members[member_id]
        role = member.role.replace("_", " ")
        if not self.include_names:
            return f"{member_id} ({role})"
        born = f", born {member.date_of_birth.isoformat()}" if member.date_of_birth else ""
        return f"{_clean(member.name)} ({role}{born})"

    def interpreter_named(self, interpreter_id: str | None, by: str | None) -> str:
        if by is not None:
            return f"{self.member(by)}, a family member"
        if interpreter_id is None:
            return "not yet booked"
        interpreter = self._interpreters[interpreter_id]
        agency = f" ({_clean(interpreter.agency)})" if interpreter.agency else ""
        return f"{_clean(interpreter.name)}{agency}"

    def arrangement_line(self, arrangement: Interpreting) -> str:
        who = ", ".join(self.member(m) for m in arrangement.for_)
        details = [_MODES[arrangement.mode], arrangement.status]
        if arrangement.booking_reference:
            details.append(f"booking {_clean(arrangement.booking_reference)}")
        return (
            f"- {label(arrangement.language)} for {who}: {', '.join(details)}; "
            f"interpreter: {self.interpreter_named(arrangement.interpreter, arrangement.by)}"
        )

    def alone_line(self, alone: SeenAlone) -> str:
        minutes = f"{alone.duration_minutes} minutes" if alone.duration_minutes else "time not set"
        interpreter, by, language = alone.interpreter, alone.by, alone.language
        if interpreter is None and by is None and language is not None:
            live = self.contact.live_interpreting()
            own = next((a for a in live if match_spoken(language, a.language) is Match.EXACT), None)
            if own is not None:
                interpreter, by = own.interpreter, own.by
        if interpreter is None and by is None:
            with_whom = "no interpreter" if language is None else f"a {english_name(language)} interpreter"
        else:
            if language is None and interpreter is not None:
                registered = self._interpreters[interpreter].languages
                language = registered[0] if len(registered) == 1 else None
            named = self.interpreter_named(interpreter, by)
            with_whom = f"interpreter {named}" + (f" in {label(language)}" if language else "")
        return f"- {self.member(alone.child)}: {minutes}, with {with_whom}"

    def practitioner_lines(self) -> list[str]:
        lines = []
        for person in self.contact.practitioners:
            role = f", {_clean(person.role)}" if person.role else ""
            email = _email(person.email)
            lines.append(f"- {_clean(person.name)}{role}" + (f" <{email}>" if email else ""))
        return lines

    def description(self) -> str:
        contact, case = self.contact, self.case
        start = self.local(self.start_utc())
        lines = [
            f"{self.kind()}, case {_clean(case.reference)}",
            f"{start:%A} {start.day} {start:%B %Y, %H:%M %Z} ({case.case.timezone}), "
            f"{contact.duration_minutes} minutes",
            f"Contact status: {contact.status}",
        ]
        sections: list[tuple[str, list[str]]] = [
            ("Interpreting:", [self.arrangement_line(a) for a in contact.interpreting]),
            ("Time alone with the child:", [self.alone_line(a) for a in contact.seen_alone]),
            ("Practitioners:", self.practitioner_lines()),
            ("Expected:", [f"- {self.member(m)}" for m in contact.attendees]),
        ]
        for heading, items in sections:
            if items:
                lines += ["", heading, *items]
        if not contact.seen_alone and contact.status == "planned":
            lines += ["", "No time alone with a child is planned at this contact."]
        if any(a.status == "requested" for a in contact.interpreting):
            lines += [
                "",
                f"Interpreter not confirmed yet: confirm at least {case.policy.interpreter_confirm_hours} "
                "hours before the contact.",
            ]
        if not self.include_names:
            lines += ["", "Family members are shown by id: see the case record for names."]
        return "\n".join(lines)

    # people with addresses

    def organizer(self) -> vCalAddress | None:
        lead = self.case.case.lead_practitioner
        if lead is None or lead.email is None:
            return None
        email = _email(lead.email)
        if email is None:
            self.warnings.append(
                f"{self.name}: case.lead_practitioner.email: {_clean(lead.email)!r} is not an e-mail "
                "address: left out"
            )
            return None
        return _address(email, lead.name)

    def attendees(self) -> Iterator[vCalAddress]:
        """An ATTENDEE for each practitioner and booked interpreter with an e-mail, each once."""
        done: set[str] = set()
        for name, raw, field_name in self._people():
            email = _email(raw)
            if email is None:
                self.warnings.append(
                    f"{self.name}: {field_name}: {_clean(raw)!r} is not an e-mail address: not invited"
                )
                continue
            if email.casefold() in done:
                continue
            done.add(email.casefold())
            yield _address(email, name, ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION", RSVP="TRUE")

    def _people(self) -> Iterable[tuple[str, str, str]]:
        where = f"contacts[{self.contact.id}]"
        for i, person in enumerate(self.contact.practitioners):
            if person.email:
                yield person.name, person.email, f"{where}.practitioners[{i}].email"
        arrangements: Iterable[Interpreting] = (
            self.contact.interpreting if self.method is Method.cancel else self.contact.live_interpreting()
        )
        booked = [a.interpreter for a in arrangements] + [s.interpreter for s in self.contact.seen_alone]
        for interpreter_id in dict.fromkeys(i for i in booked if i is not None):
            interpreter = self._interpreters[interpreter_id]
            if interpreter.email:
                yield interpreter.name, interpreter.email, f"interpreters[{interpreter_id}].email"

    def alarm(self) -> Alarm:
        hours = self.case.policy.interpreter_confirm_hours
        languages = [english_name(a.language) for a in self.contact.interpreting if a.status == "requested"]
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", dt.timedelta(hours=-hours))
        alarm.add(
            "description",
            vText(
                f"Confirm the {' and '.join(dict.fromkeys(languages))} interpreter for "
                f"{self.kind()}, {_clean(self.case.reference)}"
            ),
        )
        return alarm


# --------------------------------------------------------------------------
# VTIMEZONE as yearly rules derived from zoneinfo


@dataclass(frozen=True)
class _Transition:
    at: dt.datetime  # the instant, UTC
    before: dt.timedelta  # UTC offset before
    after: dt.timedelta  # UTC offset after
    name: str  # the zone's abbreviation after

    @property
    def onset(self) -> dt.datetime:
        """The local time it happens, on the clock before (as VTIMEZONE's DTSTART wants)."""
        return (self.at + self.before).replace(tzinfo=None)

    @property
    def daylight(self) -> bool:
        """Clocks go forward: a DAYLIGHT rule (also for zones, like Dublin, whose
        tzdata calls winter the daylight-saving time)."""
        return self.after > self.before

    def shape(self) -> tuple[object, ...]:
        """What a yearly rule repeats: everything except the year and day."""
        onset = self.onset
        return (self.daylight, onset.month, onset.weekday(), onset.time(), self.before, self.after, self.name)

    def weeks(self) -> set[int]:
        """The BYDAY ordinals that give this day: the n-th weekday of the month,
        and -1 when it is the last one."""
        onset = self.onset
        nth = {(onset.day - 1) // 7 + 1}
        next_week = onset + dt.timedelta(days=7)
        return nth | {-1} if next_week.month != onset.month else nth


def _state(zone: ZoneInfo, when: dt.datetime) -> tuple[dt.timedelta, str]:
    local = when.astimezone(zone)
    return local.utcoffset() or dt.timedelta(0), local.tzname() or ""


def _transitions(zone: ZoneInfo, first_year: int, last_year: int) -> list[_Transition]:
    """Every change of UTC offset in the years given, found to the second."""
    found = []
    when = dt.datetime(first_year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(last_year + 1, 1, 1, tzinfo=dt.UTC)
    state = _state(zone, when)
    while when < end:
        step = when + dt.timedelta(hours=12)
        after = _state(zone, step)
        if after[0] != state[0]:
            low, high = int(when.timestamp()), int(step.timestamp())
            while high - low > 1:
                middle = (low + high) // 2
                moment = dt.datetime.fromtimestamp(middle, dt.UTC)
                low, high = (middle, high) if _state(zone, moment)[0] == state[0] else (low, middle)
            found.append(_Transition(dt.datetime.fromtimestamp(high, dt.UTC), state[0], after[0], after[1]))
        when, state = step, after
    return found


def _runs(transitions: list[_Transition]) -> list[tuple[list[_Transition], set[int]]]:
    """Transitions of one kind grouped into yearly rules: consecutive years with
    the same month, weekday, time and offsets, and a BYDAY ordinal in common."""
    runs: list[tuple[list[_Transition], set[int]]] = []
    for transition in transitions:
        if runs:
            items, weeks = runs[-1]
            last = items[-1]
            common = weeks & transition.weeks()
            if transition.at.year == last.at.year + 1 and transition.shape() == last.shape() and common:
                runs[-1] = ([*items, transition], common)
                continue
        runs.append(([transition], transition.weeks()))
    return runs


#: The year the first rule of a VTIMEZONE is dated from, as calendar programs
#: write them: vobject takes a zone whose rules start after 2000 for UTC.
_RULES_FROM = 1970


def vtimezone(zone_name: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE for ``zone_name`` that gives the right UTC offset for every
    time from ``first_year`` to ``last_year``, written as yearly rules.

    The rules are derived from zoneinfo over the years asked for, a year either
    side: each run of years in which a change falls on the same weekday of the
    same month (last Sunday of March) becomes one STANDARD or DAYLIGHT component
    with an RRULE; the last run of each kind is left open (the rule in force
    continues); a change that repeats no rule is one component of its own. A
    zone without changes (Asia/Kolkata) gets one STANDARD component. Rules in
    force at the start are dated from 1970, as calendar programs write them
    (the years before those asked for are not meant to be exact).
    """
    zone = ZoneInfo(zone_name)
    first, last = first_year - 1, last_year + 1
    transitions = _transitions(zone, first, last)
    timezone = Timezone()
    timezone.add("tzid", zone_name)
    if not transitions or transitions[0].at.year > first:
        offset, name = _state(zone, dt.datetime(first, 1, 1, tzinfo=zone))
        start = dt.datetime(_RULES_FROM, 1, 1)
        timezone.add_component(_observance(TimezoneStandard(), start, offset, offset, name))
    for daylight in (False, True):
        runs = _runs([t for t in transitions if t.daylight is daylight])
        for index, (items, weeks) in enumerate(runs):
            head, tail = items[0], items[-1]
            kind = TimezoneDaylight() if daylight else TimezoneStandard()
            if len(items) == 1:
                timezone.add_component(_observance(kind, head.onset, head.before, head.after, head.name))
                continue
            ordinal = -1 if -1 in weeks else min(weeks)
            weekday = head.onset.weekday()
            start = head.onset
            if head.at.year == first:
                day = _nth_weekday(_RULES_FROM, start.month, weekday, ordinal)
                start = dt.datetime.combine(day, start.time())
            component = _observance(kind, start, head.before, head.after, head.name)
            byday = f"{ordinal}{_WEEKDAYS[weekday]}"
            rule: dict[str, object] = {"freq": "yearly", "bymonth": start.month, "byday": byday}
            if index < len(runs) - 1 or tail.at.year < last:
                # a day after the last change: past it however a reader
                # compares UNTIL (UTC) with DTSTART (local), long before the next
                rule["until"] = tail.at + dt.timedelta(days=1)
            component.add("rrule", rule)
            timezone.add_component(component)
    return timezone


def _nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> dt.date:
    """The ``ordinal``-th ``weekday`` (0 = Monday) of the month; -1: the last."""
    if ordinal > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (ordinal - 1))
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    last = following - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def _observance(
    component: TimezoneStandard | TimezoneDaylight,
    start: dt.datetime,
    before: dt.timedelta,
    after: dt.timedelta,
    name: str,
) -> TimezoneStandard | TimezoneDaylight:
    component.add("dtstart", start)
    component.add("tzoffsetfrom", before)
    component.add("tzoffsetto", after)
    if name:
        component.add("tzname", vText(name))
    return component
