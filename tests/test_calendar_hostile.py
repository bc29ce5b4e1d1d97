"""Hostile text stays text: no value from a case file can add a property, a
parameter, an event or an attendee to the calendar (spec cli.md "Calendar").

Every field that reaches the file gets commas, semicolons, quotes, colons,
carriage returns, line feeds, other control characters and ready-made
injections; the output is then read by icalendar and vobject and by a plain
line-by-line look at the file.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

import icalendar
import pytest
import vobject
from hypothesis import given
from hypothesis import strategies as st

from contactplan import model
from contactplan.calendar import Method, export
from contactplan.errors import UsageError

INJECTIONS = [
    "x\r\nATTENDEE:mailto:evil@example.com",
    "x\rATTENDEE:mailto:evil@example.com",
    "x\nEND:VEVENT\nBEGIN:VEVENT\nUID:evil",
    'x";ROLE=CHAIR;X-EVIL="1',
    "x;X-EVIL=1:mailto:evil@example.com",
    "x\r\n ATTENDEE:mailto:evil@example.com",
    "\\,\\;\\n\\",
    "x\x00\x1b[31m\x7f\x85\u2028\u2029y",
    "^'^n^^",
]
EMAIL_INJECTIONS = [
    "ok@example.com",
    "evil@example.com\r\nATTENDEE:mailto:x@example.com",
    "a@example.com;ROLE=CHAIR",
    '"x"@example.com',
    "mailto:a@example.com",
    "a@example.com:mailto:b@example.com",
    "a@example.com,b@example.com",
    "a@exa mple.com",
]
SPECIAL = [*",;:\"'\\^<>=\r\n\t\x00\x01\x0b\x0c\x1b\x7f\x85\u2028\u2029\u202e", "é", "日", "ł", " ", "a", "Z"]

hostile = st.one_of(
    st.sampled_from(INJECTIONS),
    st.text(st.one_of(st.sampled_from(SPECIAL), st.characters()), min_size=1, max_size=40),
)
emails = st.one_of(st.sampled_from(EMAIL_INJECTIONS), hostile)

KNOWN_PROPERTIES = {
    "BEGIN",
    "END",
    "VERSION",
    "PRODID",
    "CALSCALE",
    "METHOD",
    "TZID",
    "DTSTART",
    "DTEND",
    "RRULE",
    "TZNAME",
    "TZOFFSETFROM",
    "TZOFFSETTO",
    "SUMMARY",
    "DTSTAMP",
    "UID",
    "SEQUENCE",
    "CATEGORIES",
    "CLASS",
    "DESCRIPTION",
    "LOCATION",
    "ORGANIZER",
    "ATTENDEE",
    "STATUS",
    "TRANSP",
    "X-CONTACTPLAN-CASE",
    "X-CONTACTPLAN-INTERPRETER-LANGUAGE",
    "ACTION",
    "TRIGGER",
}
KNOWN_COMPONENTS = {"VCALENDAR", "VTIMEZONE", "STANDARD", "DAYLIGHT", "VEVENT", "VALARM"}
ALLOWED_PARAMS = {
    "DTSTART": {"TZID"},
    "DTEND": {"TZID"},
    "ORGANIZER": {"CN"},
    "ATTENDEE": {"CN", "ROLE", "PARTSTAT", "RSVP"},
}


@st.composite
def hostile_cases(draw: st.DrawFn) -> model.Case:
    def person() -> model.Person:
        return model.Person(name=draw(hostile), role=draw(hostile), email=draw(emails))

    members = [
        model.Member(
            id="mum",
            name=draw(hostile),
            role="parent",
            address=draw(hostile),
            date_of_birth=model.Date(1990, 1, 1),
        ),
        model.Member(
            id="kid", name=draw(hostile), role="subject_child", date_of_birth=model.Date(2020, 1, 1)
        ),
    ]
    interpreters = [
        model.Interpreter(
            id="int-a", name=draw(hostile), agency=draw(hostile), languages=["pl"], email=draw(emails)
        ),
    ]
    arrangements = [
        model.Interpreting(
            for_=["mum"],
            language="pl",
            interpreter="int-a",
            status="confirmed",
            booking_reference=draw(hostile),
        ),
        model.Interpreting(for_=["mum"], language="ar", status="requested", booking_reference=draw(hostile)),
    ]
    contacts = [
        model.Contact(
            id="c-planned",
            kind=draw(st.sampled_from(["home_visit", "office_visit"])),
            title=draw(hostile),
            start=model.DateTime(2026, 7, 1, 10, 0),
            location=draw(hostile),
            status="planned",
            practitioners=[person(), person()],
            attendees=["mum", "kid"],
            interpreting=arrangements,
            seen_alone=[model.SeenAlone(child="kid", duration_minutes=20, interpreter="int-a")],
        ),
        model.Contact(
            id="c-cancelled",
            kind="school_visit",
            title=draw(hostile),
            start=model.DateTime(2026, 1, 10, 9, 0),
            location=draw(hostile),
            status="cancelled",
            practitioners=[person()],
            interpreting=arrangements[:1],
            sequence=1,
        ),
    ]
    lead = model.Person(name=draw(hostile), email=draw(emails))
    return model.Case(
        contactplan=1,
        case=model.CaseInfo(reference=draw(hostile), lead_practitioner=lead),
        members=members,
        interpreters=interpreters,
        contacts=contacts,
    )


def content_lines(data: bytes) -> list[str]:
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    return text[:-2].replace("\r\n ", "").split("\r\n")


@given(case=hostile_cases(), method=st.sampled_from(list(Method)), include_names=st.booleans())
def test_hostile_text_adds_nothing(case: model.Case, method: Method, include_names: bool) -> None:
    try:
        result = export(
            [("hostile.yaml", case)],
            method=method,
            include_names=include_names,
            now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        )
    except UsageError as error:
        # only an invitation or cancellation with no usable e-mail for the
        # lead practitioner (RFC 5546: ORGANIZER required) is refused
        assert method is not Method.publish
        assert "lead_practitioner.email" in str(error)
        return
    data = result.data
    wanted_events = {Method.publish: 2, Method.request: 1, Method.cancel: 1}[method]

    # the file, line by line: only the properties and components we write
    lines = content_lines(data)
    for line in lines:
        name = re.match(r"[A-Z0-9-]+", line)
        assert name is not None, line
        assert name[0] in KNOWN_PROPERTIES, line
        assert line[len(name[0])] in ";:", line
        if name[0] in ("BEGIN", "END"):
            assert line.split(":", 1)[1] in KNOWN_COMPONENTS, line
        assert not any(unicodedata.category(ch) == "Cc" for ch in line), line
    assert sum(line == "BEGIN:VEVENT" for line in lines) == wanted_events
    assert sum(line.startswith("UID:") for line in lines) == wanted_events

    # icalendar: the same events, parameters only where we put them
    calendar = icalendar.Calendar.from_ical(data)
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == wanted_events
    people = 2 + 1  # at most: two practitioners and the interpreter
    for event in vevents:
        for prop, value in event.property_items(recursive=False):
            params = set(getattr(value, "params", {}) or {})
            assert params <= ALLOWED_PARAMS.get(prop, set()), (prop, params)
        attendees = event.get("ATTENDEE", [])
        attendees = attendees if isinstance(attendees, list) else [attendees]
        if method is Method.publish:
            assert attendees == []
        assert len(attendees) <= people
        for address in [*attendees, *([event["ORGANIZER"]] if "ORGANIZER" in event else [])]:
            assert re.fullmatch(r"mailto:[A-Za-z0-9.!#$%&'*+/=?^_`{|}~@-]+", str(address)), address
        assert str(event["X-CONTACTPLAN-CASE"]).strip() == str(event["X-CONTACTPLAN-CASE"])

    # vobject, independently: the same number of events and attendees
    parsed = vobject.readOne(data.decode("utf-8"))
    assert len(parsed.vevent_list) == wanted_events
    for theirs, ours in zip(parsed.vevent_list, vevents, strict=True):
        count = (
            len(ours.get("ATTENDEE", []))
            if isinstance(ours.get("ATTENDEE"), list)
            else int("ATTENDEE" in ours)
        )
        assert len(theirs.contents.get("attendee", [])) == count
        assert theirs.summary.value == str(ours["SUMMARY"])


@pytest.mark.parametrize("payload", INJECTIONS)
def test_each_injection_in_the_reference_and_title_stays_in_its_property(payload: str) -> None:
    case = model.Case(
        contactplan=1,
        case=model.CaseInfo(
            reference=payload, lead_practitioner=model.Person(name=payload, email="lead@example.com")
        ),
        members=[model.Member(id="kid", name="Test Child", role="subject_child")],
        contacts=[
            model.Contact(
                id="c",
                kind="office_visit",
                title=payload,
                location=payload,
                start=model.DateTime(2026, 2, 2, 10, 0),
                practitioners=[model.Person(name=payload, role=payload, email="p@example.com")],
            )
        ],
    )
    data = export([("x", case)], method=Method.request, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)).data
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert (
        [str(a) for a in event["ATTENDEE"]] == ["mailto:p@example.com"]
        if isinstance(event["ATTENDEE"], list)
        else str(event["ATTENDEE"]) == "mailto:p@example.com"
    )
    assert "evil" not in str(event.get("UID"))
    assert "X-EVIL" not in event
    assert str(event["ORGANIZER"]) == "mailto:lead@example.com"
    lines = content_lines(data)
    assert sum(line.startswith("ATTENDEE") for line in lines) == 1
    assert sum(line.startswith("ORGANIZER") for line in lines) == 1
    assert all(
        line.endswith(("mailto:p@example.com", "mailto:lead@example.com"))
        for line in lines
        if line.startswith(("ATTENDEE", "ORGANIZER"))
    )


def test_invalid_emails_are_not_invited() -> None:
    practitioners = [model.Person(name=f"P{i}", email=e) for i, e in enumerate(EMAIL_INJECTIONS)]
    case = model.Case(
        contactplan=1,
        case=model.CaseInfo(
            reference="CP-1", lead_practitioner=model.Person(name="Lead", email="lead@example.com")
        ),
        members=[model.Member(id="kid", name="Test Child", role="subject_child")],
        contacts=[
            model.Contact(
                id="c",
                kind="office_visit",
                start=model.DateTime(2026, 2, 2, 10, 0),
                practitioners=practitioners,
            )
        ],
    )
    result = export([("x.yaml", case)], method=Method.request, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    (event,) = icalendar.Calendar.from_ical(result.data).walk("VEVENT")
    assert str(event["ATTENDEE"]) == "mailto:ok@example.com"  # the one real address
    assert len(result.warnings) == len(EMAIL_INJECTIONS) - 1
    assert all("is not an e-mail address: not invited" in w for w in result.warnings)
