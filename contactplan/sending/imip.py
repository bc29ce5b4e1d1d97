"""Invitations by e-mail (iMIP, RFC 6047): which messages to send, and each message.

:func:`prepare` goes through the planned and cancelled contacts of the case
files and returns the messages that still have to go out:

* an invitation (``METHOD:REQUEST``) for a planned contact, a cancellation
  (``METHOD:CANCEL``) for a cancelled one, to each ATTENDEE the calendar
  package writes: the practitioners and the booked interpreters with an
  e-mail address, never a family member;
* a cancellation to anyone invited before who is no longer invited (an
  interpreter replaced, a practitioner taken off the visit): otherwise they
  would still come;
* only what changed since the last send: a recipient who already has this
  UID at this SEQUENCE with this method gets nothing (bump the contact's
  ``sequence`` when it changes);
* a planned contact with an error of the interpreting checks (or CP202) is
  refused exactly as ``calendar --method request`` refuses it (read from
  ``export(...).refused``), and the other contacts still go out;
* nothing for a contact that has already started
  (:func:`contactplan.timeline.started.has_started`, from ``now``): an
  invitation to it, or a cancellation of it, would come too late.

Each message has a plain-text body in English, a ``text/calendar;
method=REQUEST`` (or ``CANCEL``) part and the same data as an ``.ics``
attachment, From the organizer (the lead practitioner). Subject and body take
their words from the calendar entry (SUMMARY, LOCATION, DESCRIPTION), which
the calendar package wrote under its privacy rules: no family name, date of
birth or address unless ``include_names``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

from .. import clock
from ..wording import one_line

if TYPE_CHECKING:
    from icalendar import Calendar, Component

    from ..findings import Finding
    from ..model import Case, Contact
    from .ledger import Ledger

__all__ = ["InvitationPlan", "Outgoing", "prepare", "printable"]

_STATUS_METHOD = {"planned": "request", "cancelled": "cancel"}


@dataclass
class Outgoing:
    """One message to one recipient, and what to remember once it was accepted."""

    source: str
    contact: str
    uid: str
    sequence: int
    method: str  # "request" or "cancel"
    recipient: str
    message: EmailMessage
    #: Why a cancellation goes out: the contact was cancelled, or this person is no longer invited.
    reason: str = ""

    @property
    def sender(self) -> str:
        address = self.message["From"].addresses[0]
        return str(address.addr_spec)


@dataclass
class InvitationPlan:
    """What :func:`prepare` found."""

    messages: list[Outgoing] = field(default_factory=list)
    #: Contacts refused, with their findings (as ``calendar --method request``).
    refused: list[tuple[str, Finding]] = field(default_factory=list)
    #: Recipients who already have the latest version.
    up_to_date: int = 0
    warnings: list[str] = field(default_factory=list)


def prepare(
    cases: Sequence[tuple[str, Case]],
    ledger: Ledger,
    *,
    contact_id: str | None = None,
    include_names: bool = False,
    now: dt.datetime | None = None,
) -> InvitationPlan:
    """The messages still to send for the ``(file name, case)`` pairs given.

    ``contact_id`` keeps only the contacts with that id. Raises
    :class:`~contactplan.errors.UsageError` for an unknown contact id, a
    contact that is neither planned nor cancelled, and a case without a lead
    practitioner's e-mail address to send from.
    """
    from ..calendar import Method, event_uid, export
    from ..timeline.started import has_started

    stamp = (now or clock.now()).astimezone(dt.UTC).replace(microsecond=0)
    plan = InvitationPlan()
    seen: dict[str, str] = {}
    exports: dict[tuple[int, str, str], _Exported] = {}
    warned: set[str] = set()
    for name, case, contact in _chosen(cases, contact_id):
        method = _STATUS_METHOD[contact.status]
        if has_started(case, contact, stamp):
            record = " (record what happened: held, was_not_brought, ...)" if method == "request" else ""
            plan.warnings.append(
                f"{name}: contacts[{contact.id}]: already started: no {_NOUN[method]} sent{record}"
            )
            continue
        key = (id(case), name, method)
        exported = exports.get(key)
        if exported is None:  # one export a case and method: its checks run once, not once a contact
            result = export(
                [(name, case)],
                method=Method(method),
                contact_id=contact_id,
                include_names=include_names,
                now=stamp,
            )
            for warning in result.warnings:
                if warning not in warned:
                    warned.add(warning)
                    plan.warnings.append(warning)
            exported = exports[key] = _Exported(result.refused, _split(result.data))
        refusals = [(n, f) for n, f in exported.refused if f.contact == contact.id]
        if refusals:
            plan.refused.extend(refusals)
            continue
        found = exported.events.get(event_uid(case.reference, contact.id))
        if found is None:  # left out by the calendar (a time it can't hold): warned above
            continue
        calendar, event = found
        uid = str(event["UID"])
        if uid in seen:
            plan.warnings.append(
                f"{name}: contact {contact.id!r}: left out: {seen[uid]} has the same case reference "
                "and contact id"
            )
            continue
        seen[uid] = name
        sequence = int(event.get("SEQUENCE", 0))
        invited = _attendees(event)
        family = _family_addresses(case)
        if family & set(invited):
            # the calendar shows every practitioner's address: the whole contact stays here
            plan.warnings.append(
                f"{name}: contacts[{contact.id}]: a practitioner's or interpreter's e-mail address is a "
                "family member's (safe_contact.email): nothing sent for this contact (family members "
                "get letters); correct the case file"
            )
            continue
        for recipient, (address, recipient_name) in invited.items():
            last = ledger.last_sent(name, uid, recipient)
            if last is not None and (last[1] == method and last[0] >= sequence):
                if last[0] > sequence:
                    plan.warnings.append(
                        f"{name}: contacts[{contact.id}].sequence: {sequence} is lower than the "
                        f"{last[0]} already sent to {recipient}: nothing sent (sequence only goes up)"
                    )
                plan.up_to_date += 1
                continue
            update = last is not None and method == "request"
            message = build_message(
                calendar, event, case, contact, method, address, recipient_name, stamp, update=update
            )
            plan.messages.append(Outgoing(name, contact.id, uid, sequence, method, address, message))
        # anyone invited before and no longer invited gets a cancellation
        for recipient, recipient_name in _known_addresses(case).items():
            if recipient in invited or recipient in family or recipient == _organizer(event):
                continue
            last = ledger.last_sent(name, uid, recipient)
            if last is None or last[1] != "request":
                continue
            removed = _removed(calendar, event, recipient, recipient_name)
            message = build_message(
                removed,
                next(iter(removed.walk("VEVENT"))),
                case,
                contact,
                "cancel",
                recipient,
                recipient_name,
                stamp,
                no_longer_invited=True,
            )
            plan.messages.append(
                Outgoing(
                    name, contact.id, uid, sequence, "cancel", recipient, message, reason="no longer invited"
                )
            )
    return plan


_NOUN = {"request": "invitation", "cancel": "cancellation"}


def _chosen(cases: Sequence[tuple[str, Case]], contact_id: str | None) -> list[tuple[str, Case, Contact]]:
    from ..calendar import choose_contacts

    return choose_contacts(
        cases,
        set(_STATUS_METHOD),
        contact_id,
        "invitations go out for planned contacts, cancellations for cancelled ones",
    )


def _parse(data: bytes) -> Calendar:
    from icalendar import Calendar

    return Calendar.from_ical(data)


@dataclass
class _Exported:
    """One case's export for one method: the refusals, and each event as a
    calendar of its own (by UID)."""

    refused: list[tuple[str, Finding]]
    events: dict[str, tuple[Calendar, Component]]


def _split(data: bytes) -> dict[str, tuple[Calendar, Component]]:
    """Each VEVENT of an exported calendar as a calendar of its own (the same
    calendar properties and time zones, that one event), by UID."""
    from icalendar import Calendar

    whole = _parse(data)
    zones = [c for c in whole.subcomponents if c.name == "VTIMEZONE"]
    found: dict[str, tuple[Calendar, Component]] = {}
    for event in whole.walk("VEVENT"):
        one = Calendar()
        one.update(whole)
        one.subcomponents = [*zones, event]
        found[str(event["UID"])] = (one, event)
    return found


def _address_of(value: Any) -> str:
    text = str(value)
    return text[7:] if text.lower().startswith("mailto:") else text


def _organizer(event: Component) -> str:
    return _address_of(event.get("ORGANIZER", "")).casefold()


def _attendees(event: Component) -> dict[str, tuple[str, str]]:
    """Each ATTENDEE by address (case folded, as remembered): the address as
    written and the name, in order."""
    found = event.get("ATTENDEE", [])
    if not isinstance(found, list):
        found = [found]
    return {_address_of(a).casefold(): (_address_of(a), str(a.params.get("CN", ""))) for a in found}


def _family_addresses(case: Case) -> set[str]:
    """The family's own e-mail addresses (a safe contact's): never a recipient."""
    from ..calendar.event import plain_email

    found = set()
    for member in case.members:
        address = plain_email(member.safe_contact.email) if member.safe_contact else None
        if address is not None:
            found.add(address.casefold())
    return found


def _known_addresses(case: Case) -> dict[str, str]:
    """Every practitioner's and registered interpreter's address in the case
    (normalised as the calendar writes them), with their name: those who may
    have been invited before."""
    from ..calendar.event import plain_email

    known: dict[str, str] = {}
    people = [(p.name, p.email) for c in case.contacts for p in c.practitioners]
    people += [(i.name, i.email) for i in case.interpreters]
    for person_name, raw in people:
        address = plain_email(raw)
        if address is not None:
            known.setdefault(address.casefold(), one_line(person_name))
    return known


def _removed(calendar: Calendar, event: Component, recipient: str, recipient_name: str) -> Calendar:
    """A cancellation for one person taken off an event (RFC 5546 §3.2.5):
    the same event, METHOD:CANCEL, STATUS:CANCELLED, that person the only
    ATTENDEE, no alarm."""
    from icalendar import Calendar, vCalAddress

    cancel = Calendar.from_ical(calendar.to_ical())
    del cancel["METHOD"]
    cancel.add("method", "CANCEL")
    for copy in cancel.walk("VEVENT"):
        copy.subcomponents = [c for c in copy.subcomponents if c.name != "VALARM"]
        for key in ("ATTENDEE", "STATUS"):
            if key in copy:
                del copy[key]
        copy.add("status", "CANCELLED")
        attendee = vCalAddress(f"mailto:{recipient}")
        if recipient_name:
            attendee.params["CN"] = recipient_name.replace('"', "'")
        attendee.params["ROLE"] = "REQ-PARTICIPANT"
        copy.add("attendee", attendee)
    return cancel


# --------------------------------------------------------------------------
# The message


def build_message(
    calendar: Calendar,
    event: Component,
    case: Case,
    contact: Contact,
    method: str,
    recipient: str,
    recipient_name: str,
    stamp: dt.datetime,
    *,
    update: bool = False,
    no_longer_invited: bool = False,
) -> EmailMessage:
    """One iMIP message (RFC 6047 §2.4): ``multipart/mixed`` holding a
    ``multipart/alternative`` (the plain-text body and ``text/calendar;
    method=...``) and the same calendar as an ``.ics`` attachment."""
    organizer = event["ORGANIZER"]
    organizer_address = _address_of(organizer)
    organizer_name = one_line(str(organizer.params.get("CN", "")))
    summary = one_line(str(event.get("SUMMARY", "")))
    if method == "cancel":
        summary = summary.removeprefix("CANCELLED · ")
        subject = f"Cancelled: {summary}"
    elif update:
        subject = f"Updated invitation: {summary}"
    else:
        subject = f"Invitation: {summary}"
    data = calendar.to_ical()
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = _header_address(organizer_name, organizer_address)
    message["To"] = _header_address(recipient_name, recipient)
    message["Reply-To"] = _header_address(organizer_name, organizer_address)
    message["Date"] = email.utils.format_datetime(stamp)
    message["Message-ID"] = email.utils.make_msgid(domain=organizer_address.rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(
        body(
            event, case, contact, method, recipient_name, update=update, no_longer_invited=no_longer_invited
        ),
        cte="quoted-printable",
    )
    message.add_alternative(data, maintype="text", subtype="calendar", params={"method": method.upper()})
    calendar_part = message.get_payload()[1]  # type: ignore[index]
    assert isinstance(calendar_part, EmailMessage)
    calendar_part.set_param("charset", "UTF-8")
    message.make_mixed()
    filename = "cancel.ics" if method == "cancel" else "invite.ics"
    message.add_attachment(data, maintype="application", subtype="ics", filename=filename)
    return message


def _header_address(name: str, address: str) -> Address:
    user, _, domain = address.rpartition("@")
    return Address(display_name=name, username=user, domain=domain)


def body(
    event: Component,
    case: Case,
    contact: Contact,
    method: str,
    recipient_name: str,
    *,
    update: bool = False,
    no_longer_invited: bool = False,
) -> str:
    """The plain-text body, in English: what, when, where, which language and
    mode, how to reply. Its words come from the calendar entry, which the
    calendar package wrote under its privacy rules."""
    lead = case.case.lead_practitioner
    organizer = one_line(str(event["ORGANIZER"].params.get("CN", ""))) or "The lead practitioner"
    role = f" ({one_line(lead.role)})" if lead is not None and lead.role else ""
    summary = one_line(str(event.get("SUMMARY", "")))
    start = case.localize(contact.start)
    end = start + dt.timedelta(minutes=contact.duration_minutes)
    when = (
        f"{start:%A} {start.day} {start:%B %Y}, {start:%H:%M} to {end:%H:%M} "
        f"{start:%Z} ({case.case.timezone}), {contact.duration_minutes} minutes"
    )
    where = one_line(str(event.get("LOCATION", ""))) or "not given"
    if no_longer_invited:
        opening = f"{organizer}{role} has taken you off this contact: you are no longer expected."
    elif method == "cancel":
        opening = f"{organizer}{role} has cancelled this contact. Please do not attend."
    elif update:
        opening = f"{organizer}{role} has changed this contact: please check the details below."
    else:
        opening = f"{organizer}{role} invites you to this contact."
    interpreting = [
        f"- {_language_line(a)}" for a in contact.interpreting if a.status != "cancelled" and a.language
    ]
    lines = [
        f"Hello {one_line(recipient_name)}," if recipient_name else "Hello,",
        "",
        opening,
        "",
        f"What:  {summary}",
        f"When:  {when}",
        f"Where: {where}",
    ]
    if interpreting:
        lines += ["Interpreting:", *interpreting]
    lines += ["", "Details", "-------", str(event.get("DESCRIPTION", "")), ""]
    lines += ["How to reply", "------------"]
    if method == "cancel":
        lines.append("Nothing to do: your calendar removes the entry when you open this message.")
    else:
        lines.append(
            "Accept or decline with your calendar (Outlook, Google Calendar, Apple Calendar, "
            f"Thunderbird): your answer goes to {organizer}."
        )
    contact_lines = [f"reply to this e-mail ({_address_of(event['ORGANIZER'])})"]
    if lead is not None and lead.phone:
        contact_lines.append(f"call {one_line(lead.phone)}")
    lines.append(f"To rearrange or ask a question, {' or '.join(contact_lines)}.")
    lines.append("The calendar entry is also attached as an .ics file for calendars that don't show it.")
    agency = case.case.agency
    sent_for = f" for {one_line(agency.name)}" if agency is not None else ""
    lines += ["", f"This message was sent by contactplan{sent_for}."]
    return "\n".join(lines) + "\n"


def _language_line(arrangement: Any) -> str:
    from ..languages import label
    from ..wording import mode_words

    return f"{label(arrangement.language)}, {mode_words(arrangement.mode)}, {arrangement.status}"


# --------------------------------------------------------------------------
# Printing (--dry-run)


def printable(message: EmailMessage) -> str:
    """A message as people read it: the headers, then each part's type and
    its decoded text (the calendar data as written, not base64)."""
    lines = [f"{key}: {value}" for key, value in message.items() if key.lower() != "mime-version"]
    for part in message.walk():
        if part.is_multipart():
            continue
        lines += ["", f"--- {part.get_content_type()}" + _params(part)]
        if part.get_filename():
            lines.append("(the calendar data above, as a file)")
            continue
        payload = part.get_payload(decode=True)
        text = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload)
        lines.append(text.replace("\r\n", "\n").rstrip("\n"))
    return "\n".join(lines) + "\n"


def _params(part: EmailMessage) -> str:
    shown = []
    method = part.get_param("method")
    if method:
        shown.append(f"method={method}")
    filename = part.get_filename()
    if filename:
        shown.append(f"attachment {filename}")
    return f" ({', '.join(shown)})" if shown else ""
