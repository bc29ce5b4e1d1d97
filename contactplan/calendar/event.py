"""One contact as a VEVENT: times, words, people, alarms, privacy.

:class:`EventBuilder` writes the event of one contact for one iTIP method;
every value from a case file is cleaned of control characters and escaped by
icalendar, so no text can add a property, a parameter, an event or an
attendee, and e-mail addresses are checked before they become ``mailto:``
URIs. Family members' names, dates of birth and addresses appear only with
``include_names``.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from collections.abc import Iterable, Iterator
from zoneinfo import ZoneInfo

from icalendar import Alarm, Event, vCalAddress, vText

from ..errors import UsageError
from ..languages import Match, english_name, label, match_spoken
from ..model import Case, Contact, Interpreting, Member, SeenAlone
from ..vocabulary import CONTACT_KINDS
from ..wording import mode_words, one_line
from .privacy import PrivacyScreen

__all__ = [
    "HIDDEN_ADDRESS",
    "WITHHELD",
    "EventBuilder",
    "Method",
    "clean",
    "event_uid",
    "plain_email",
    "role_names",
]

#: A home visit's LOCATION (and any location at a family member's address)
#: unless names are asked for.
HIDDEN_ADDRESS = "Home address (see case record)"
#: What free text that names a family member reads as, unless names are asked for.
WITHHELD = "withheld (see case record)"
_UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://contactplan.invalid/calendar/v1")


class Method(enum.StrEnum):
    """The iTIP method (RFC 5546) the file is written for."""

    publish = "publish"
    request = "request"
    cancel = "cancel"


def event_uid(reference: str, contact_id: str) -> str:
    """The UID of a contact's event: the same for the same case reference and
    contact id on every run and every machine, and safe whatever the reference holds."""
    # text that is not valid Unicode (a lone surrogate, from a program, never
    # from a file) is written escaped; every other text is used as it is
    name = "\x1f".join((reference, contact_id)).encode("utf-8", "backslashreplace").decode("utf-8")
    return f"{uuid.uuid5(_UID_NAMESPACE, name)}@contactplan"


#: Characters with a meaning of their own in a ``mailto:`` URI (RFC 6068):
#: an address holding one could add headers or recipients (``a?cc=...``).
_URI_SPECIAL = frozenset('?&=%#/,;:"<>[]\\ ')


def clean(text: str) -> str:
    """``text`` on one line: control characters, line and paragraph breaks
    become spaces, runs of white space one space."""
    return " ".join(one_line(text).split())


def _param(text: str) -> str:
    """A parameter value (CN): one line, no double quotes (which cannot be escaped)."""
    return clean(text.replace('"', "'"))


def plain_email(text: str | None) -> str | None:
    """The address when it is a plain e-mail address (checked by
    email-validator, ASCII only, nothing a ``mailto:`` URI would read as a
    header or a second recipient), else None."""
    if text is None:
        return None
    from email_validator import EmailNotValidError, validate_email

    address = text.strip()
    if not address or len(address) > 254 or any(ch in _URI_SPECIAL for ch in address.partition("@")[0]):
        return None
    try:
        valid = validate_email(address, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        return None
    normalized: str = valid.normalized
    return normalized if normalized.isascii() else None


def _address(email: str, name: str, **params: str) -> vCalAddress:
    value = vCalAddress(f"mailto:{email}")
    cn = _param(name)
    if cn:
        value.params["CN"] = cn
    for key, param in params.items():
        value.params[key] = param
    return value


def role_names(case: Case) -> dict[str, str]:
    """Each member as calendars show them without names: by role
    (``parent``, ``subject child``), numbered when several share a role
    (``subject child 1``, ``subject child 2``), in the order of the file."""
    labels = {m.id: m.role.replace("_", " ") for m in case.members}
    counts: dict[str, int] = {}
    for shown_as in labels.values():
        counts[shown_as] = counts.get(shown_as, 0) + 1
    seen: dict[str, int] = {}
    shown = {}
    for member_id, shown_as in labels.items():
        if counts[shown_as] == 1:
            shown[member_id] = shown_as
        else:
            seen[shown_as] = seen.get(shown_as, 0) + 1
            shown[member_id] = f"{shown_as} {seen[shown_as]}"
    return shown


class EventBuilder:
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
        self._roles = role_names(case)
        self._screen = PrivacyScreen(case)
        #: The case reference as the event shows it: without the parts that
        #: name the family, unless names are asked for.
        self.reference = clean(case.reference if include_names else self._screen.screened_reference())

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
        event.add("categories", ["contactplan", CONTACT_KINDS[contact.kind].title])
        event.add("x-contactplan-case", vText(self.reference))
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
        if contact.status == "planned" and self.to_confirm():
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
        kind = CONTACT_KINDS[contact.kind].title
        title = self._title
        if title is None:
            title = self._title = self.shown(contact.title, "title", "")
        if not title or title.casefold() == kind.casefold():
            return kind
        return f"{kind}: {title}"

    _title: str | None = None

    def summary(self) -> str:
        """The kind, the case reference and the interpreter languages: no free
        text from the case file (the title, with ``include_names``)."""
        kind = self.kind() if self.include_names else CONTACT_KINDS[self.contact.kind].title
        parts = [kind, self.reference]
        wanted: dict[str, None] = {}
        for arrangement in self.contact.live_interpreting():
            family = " (family member)" if arrangement.by is not None else ""
            mode = mode_words(arrangement.mode)
            wanted[f"{english_name(arrangement.language)} interpreter{family}, {mode}"] = None
        parts.extend(wanted)
        if self.contact.status == "cancelled":
            parts.insert(0, "CANCELLED")
        return " · ".join(parts)

    def may_show(self, text: str) -> bool:
        """Whether free text can be shown: always with names, else when it names
        nobody in the family (:class:`~.privacy.PrivacyScreen`: a name or
        surname with or without accents, a date of birth, an address, a
        street, a postcode)."""
        return self.include_names or self._screen.may_show(text)

    def shown(self, text: str | None, field: str, neutral: str) -> str:
        """Free text from the case file, or ``neutral`` with a warning when it
        names a family member (``field``: where it is, for the warning)."""
        value = clean(text or "")
        if not value or self.may_show(value):
            return value
        self.warnings.append(
            f"{self.name}: contacts[{self.contact.id}].{field}: names a family member (a name, date "
            "of birth or address): left out of the calendar (--include-names shows it)"
        )
        return neutral

    def location(self) -> str | None:
        contact = self.contact
        given = clean(contact.location or "")
        if self.include_names:
            return given or (self.home_address() if contact.kind == "home_visit" else None)
        if contact.kind == "home_visit":
            return HIDDEN_ADDRESS
        return self.shown(given, "location", HIDDEN_ADDRESS) or None

    def home_address(self) -> str | None:
        for member in self.case.members:
            if member.household and member.address:
                return clean(member.address)
        return None

    def member(self, member_id: str) -> str:
        """A member as the calendar shows them: by role (never by id, which is
        often a first name), or by name with ``include_names``."""
        member: Member = self._members[member_id]
        role = member.role.replace("_", " ")
        if not self.include_names:
            return self._roles[member_id]
        born = f", born {member.date_of_birth.isoformat()}" if member.date_of_birth else ""
        return f"{clean(member.name)} ({role}{born})"

    def interpreter_named(self, interpreter_id: str | None, by: str | None) -> str:
        if by is not None:
            return f"{self.member(by)}, a family member"
        if interpreter_id is None:
            return "not yet booked"
        interpreter = self._interpreters[interpreter_id]
        agency = f" ({clean(interpreter.agency)})" if interpreter.agency else ""
        return f"{clean(interpreter.name)}{agency}"

    def arrangement_line(self, arrangement: Interpreting) -> str:
        who = ", ".join(self.member(m) for m in arrangement.for_)
        details = [mode_words(arrangement.mode), arrangement.status]
        if arrangement.booking_reference:
            details.append(
                "booking "
                + self.shown(arrangement.booking_reference, "interpreting.booking_reference", WITHHELD)
            )
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
            shown_role = self.shown(person.role, "practitioners.role", f"role {WITHHELD}")
            role = f", {shown_role}" if shown_role else ""
            email = plain_email(person.email)
            lines.append(f"- {clean(person.name)}{role}" + (f" <{email}>" if email else ""))
        return lines

    def description(self) -> str:
        contact, case = self.contact, self.case
        start = self.local(self.start_utc())
        lines = [
            f"{self.kind()}, case {self.reference}",
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
        if self.to_confirm():
            lines += [
                "",
                f"Interpreter not confirmed yet: confirm at least {case.policy.interpreter_confirm_hours} "
                "hours before the contact.",
            ]
        if not self.include_names:
            lines += ["", "Family members are shown by role: see the case record for names."]
        return "\n".join(lines)

    # people with addresses

    def organizer(self) -> vCalAddress | None:
        lead = self.case.case.lead_practitioner
        if lead is None or lead.email is None:
            return None
        email = plain_email(lead.email)
        if email is None:
            self.warnings.append(
                f"{self.name}: case.lead_practitioner.email: {clean(lead.email)!r} is not an e-mail "
                "address: left out"
            )
            return None
        return _address(email, lead.name)

    def attendees(self) -> Iterator[vCalAddress]:
        """An ATTENDEE for each practitioner and booked interpreter with an e-mail,
        each once, never the ORGANIZER; RSVP=TRUE only on an invitation (REQUEST)."""
        lead = self.case.case.lead_practitioner
        organizer = plain_email(lead.email) if lead is not None else None
        done: set[str] = {organizer.casefold()} if organizer else set()
        params = {"ROLE": "REQ-PARTICIPANT"}
        if self.method is Method.request:
            params |= {"PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}
        for name, raw, field_name in self._people():
            email = plain_email(raw)
            if email is None:
                self.warnings.append(
                    f"{self.name}: {field_name}: {clean(raw)!r} is not an e-mail address: not invited"
                )
                continue
            if email.casefold() in done:
                continue
            done.add(email.casefold())
            yield _address(email, name, **params)

    def _people(self) -> Iterable[tuple[str, str, str]]:
        where = f"contacts[{self.contact.id}]"
        for i, person in enumerate(self.contact.practitioners):
            if person.email:
                yield person.name, person.email, f"{where}.practitioners[{i}].email"
        arrangements: Iterable[Interpreting] = (
            self.contact.interpreting if self.method is Method.cancel else self.contact.live_interpreting()
        )
        booked = [a.interpreter for a in arrangements] + [s.interpreter for s in self.contact.seen_alone]
        booked += [a.relay_interpreter for a in arrangements]
        for interpreter_id in dict.fromkeys(i for i in booked if i is not None):
            interpreter = self._interpreters[interpreter_id]
            if interpreter.email:
                yield interpreter.name, interpreter.email, f"interpreters[{interpreter_id}].email"

    def to_confirm(self) -> list[Interpreting]:
        """Professional interpreters' arrangements (from the register, or not yet
        named) still requested: a family member is never "confirmed" by an alarm."""
        return [a for a in self.contact.interpreting if a.status == "requested" and a.professional]

    def alarm(self) -> Alarm:
        hours = self.case.policy.interpreter_confirm_hours
        languages = [english_name(a.language) for a in self.to_confirm()]
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", dt.timedelta(hours=-hours))
        alarm.add(
            "description",
            vText(
                f"Confirm the {' and '.join(dict.fromkeys(languages))} interpreter for "
                f"{self.kind()}, {self.reference}"
            ),
        )
        return alarm
