"""The calendar export (docs/calendar.md, spec cli.md "Calendar"): events,
statuses, methods, UIDs, sequences, reminders, privacy, and golden files.

Golden files live in tests/golden/calendar/; after a deliberate change,
rewrite them with ``pytest tests/test_calendar.py --update-golden``
and read the diff.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import icalendar
import pytest
import vobject
from golden_support import Golden
from ical_support import attendees_of, one, several, vevents
from icalendar.prop import vCategory, vText

from contactplan.calendar import HIDDEN_ADDRESS, PRODID, Method, event_uid, export
from contactplan.casefile import load_case, load_case_text
from contactplan.errors import UsageError
from contactplan.model import Case

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOOD = EXAMPLES / "nowak-family-good.yaml"
FAILURES = EXAMPLES / "nowak-family-failures.yaml"
HOLLIS = EXAMPLES / "hollis-family-deaf.yaml"
TEST_CASE = Path(__file__).parent / "data" / "calendar-case.yaml"
GOLDEN = Path(__file__).parent / "golden" / "calendar"
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
#: A day before the test case's planned contacts start (invitations are written only for those).
BEFORE = dt.date(2026, 1, 1)


def run(*paths: Path, **options: object) -> bytes:
    cases = [(str(p.relative_to(ROOT)), load_case(p)) for p in paths]
    return export(cases, now=NOW, **options).data  # type: ignore[arg-type]


def events(data: bytes) -> dict[str, icalendar.Event]:
    """The VEVENTs by the contact id at the end of their summary... by UID."""
    calendar = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): e for e in vevents(calendar)}


def event_of(data: bytes, case: Case, contact_id: str) -> icalendar.Event:
    return events(data)[event_uid(case.reference, contact_id)]


@pytest.fixture(scope="module")
def test_case() -> Case:
    return load_case(TEST_CASE)


# --------------------------------------------------------------------------
# golden files

GOLDEN_CASES: dict[str, tuple[list[Path], dict[str, object]]] = {
    "nowak-good-publish": ([GOOD], {}),
    "nowak-good-request": ([GOOD], {"method": Method.request}),
    # the day after paed-02 (24 Nov): no invitation for it, hv-02 still invited
    "nowak-good-request-25-nov": ([GOOD], {"method": Method.request, "today": dt.date(2026, 11, 25)}),
    # a month on, every planned contact has started: a calendar with no invitation
    "nowak-good-request-22-dec": ([GOOD], {"method": Method.request, "today": dt.date(2026, 12, 22)}),
    # contact by contact: pc-1 (BSL by telephone) and hv-1 (no Deaf relay) refused, vc-1 invited
    "hollis-request": ([HOLLIS], {"method": Method.request, "today": dt.date(2026, 11, 22)}),
    "nowak-failures-publish": ([FAILURES], {}),
    "test-case-publish": ([TEST_CASE], {}),
    "test-case-cancel": ([TEST_CASE], {"method": Method.cancel}),
    "test-case-names": ([TEST_CASE], {"include_names": True}),
}


@pytest.mark.parametrize("name", sorted(GOLDEN_CASES))
def test_golden(name: str, golden: Golden) -> None:
    paths, options = GOLDEN_CASES[name]
    golden.check(GOLDEN / f"{name}.ics", run(*paths, **options))


# --------------------------------------------------------------------------
# the calendar and its events


def test_calendar_properties() -> None:
    calendar = icalendar.Calendar.from_ical(run(GOOD))
    assert str(calendar["PRODID"]) == PRODID
    assert "contactplan" in PRODID
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "PUBLISH"


def test_one_event_for_each_planned_or_cancelled_contact(test_case: Case) -> None:
    data = run(TEST_CASE)
    found = events(data)
    wanted = {
        event_uid(test_case.reference, c.id)
        for c in test_case.contacts
        if c.status in ("planned", "cancelled")
    }
    assert set(found) == wanted
    assert event_uid(test_case.reference, "hv-0") not in found  # held: left out


def test_statuses(test_case: Case) -> None:
    data = run(TEST_CASE)
    assert event_of(data, test_case, "hv-1")["STATUS"] == "TENTATIVE"  # an arrangement still requested
    assert event_of(data, test_case, "visit-gran")["STATUS"] == "CONFIRMED"  # the cancelled one is ignored
    assert event_of(data, test_case, "school-1")["STATUS"] == "CANCELLED"
    assert event_of(data, test_case, "call-1")["STATUS"] == "CONFIRMED"  # no interpreting at all


def test_uid_is_stable_and_derived_from_reference_and_contact_id_only(test_case: Case) -> None:
    first = set(events(run(TEST_CASE)))
    again = set(events(export([("elsewhere/renamed.yaml", test_case)], now=NOW + dt.timedelta(days=9)).data))
    assert first == again
    assert event_uid("CP-1", "hv-1") == event_uid("CP-1", "hv-1")
    assert event_uid("CP-1", "hv-1") != event_uid("CP-2", "hv-1") != event_uid("CP-1", "hv-2")
    assert event_uid("CP-1-x", "y") != event_uid("CP-1", "x-y")
    # a fixed value: the same on every machine and every version
    assert event_uid("CP-2026-0142", "hv-02") == "bd026660-ce80-5424-a701-09ad1b477800@contactplan"


def test_bumped_sequence_updates_the_same_event() -> None:
    before = GOOD.read_text(encoding="utf-8")
    after = before.replace("    sequence: 1\n", "    sequence: 2\n").replace(
        "start: 2026-12-01T10:00", "start: 2026-12-02T11:00"
    )
    assert after != before
    old, new = (events(export([("c", load_case_text(t))], now=NOW).data) for t in (before, after))
    assert set(old) == set(new)
    uid = event_uid("CP-2026-0142", "hv-02")
    assert old[uid]["SEQUENCE"] == 1 and new[uid]["SEQUENCE"] == 2
    assert new[uid].decoded("DTSTART") == dt.datetime(2026, 12, 2, 11, tzinfo=dt.UTC)


def test_cancelled_contacts_come_out_cancelled_with_their_sequence(test_case: Case) -> None:
    for method in (Method.publish, Method.cancel):
        event = event_of(run(TEST_CASE, method=method), test_case, "school-1")
        assert event["STATUS"] == "CANCELLED"
        assert event["SEQUENCE"] == 2


def test_dtstamp_is_the_time_given() -> None:
    for event in events(run(GOOD)).values():
        assert event.decoded("DTSTAMP") == NOW


def test_summary_names_kind_reference_and_interpreter_languages(test_case: Case) -> None:
    data = run(GOOD)
    good = load_case(GOOD)
    assert (
        str(event_of(data, good, "hv-02")["SUMMARY"])
        == "Home visit · CP-2026-0142 · Polish interpreter, in person"
    )
    # the title is free text: never in the summary without --include-names
    assert str(event_of(data, good, "paed-02")["SUMMARY"]).startswith("Health appointment · CP-2026-0142 ·")
    summary = str(event_of(run(TEST_CASE), test_case, "hv-1")["SUMMARY"])
    assert (
        summary
        == "Home visit · CP-TEST-CAL · Polish interpreter, in person · Ukrainian interpreter, by telephone"
    )


def test_summary_marks_a_family_member_interpreting() -> None:
    failures = load_case(FAILURES)
    summary = str(event_of(run(FAILURES), failures, "hv-02")["SUMMARY"])
    assert summary == "Home visit · CP-2026-0142 · Polish interpreter (family member), in person"


def test_description_lists_arrangements_time_alone_and_practitioners(test_case: Case) -> None:
    text = str(event_of(run(TEST_CASE), test_case, "hv-1")["DESCRIPTION"])
    assert "Polish (polski) for parent: in person, confirmed, booking TI-100" in text
    assert "interpreter: Piotr Nowicki (Test Interpreting Ltd)" in text
    assert "Ukrainian (українська) for relative: by telephone, requested; interpreter: not yet booked" in text
    assert (
        "subject child: 25 minutes, with interpreter Piotr Nowicki (Test Interpreting Ltd) in Polish (polski)"
        in text
    )
    assert "Alex Morgan, Social Worker" in text and "Sam Lee, Family Support Worker" in text
    assert "Tuesday 20 January 2026, 09:30 GMT (Europe/London), 90 minutes" in text


def test_description_time_alone_through_a_family_member(test_case: Case) -> None:
    text = str(event_of(run(TEST_CASE), test_case, "call-1")["DESCRIPTION"])
    assert "subject child: 10 minutes, with interpreter sibling, a family member" in text


def test_x_properties_and_categories(test_case: Case) -> None:
    event = event_of(run(TEST_CASE), test_case, "hv-1")
    assert str(event["X-CONTACTPLAN-CASE"]) == "CP-TEST-CAL"
    assert [str(v) for v in several(event, "X-CONTACTPLAN-INTERPRETER-LANGUAGE", vText)] == ["pl", "uk"]
    assert list(one(event, "CATEGORIES", vCategory).cats) == ["contactplan", "Home visit"]
    # a cancelled arrangement's language is not an interpreter language of the event
    gran = event_of(run(TEST_CASE), test_case, "visit-gran")
    assert str(gran["X-CONTACTPLAN-INTERPRETER-LANGUAGE"]) == "uk"
    assert "X-CONTACTPLAN-INTERPRETER-LANGUAGE" not in event_of(run(TEST_CASE), test_case, "call-1")


# --------------------------------------------------------------------------
# the reminder to confirm the interpreter


def test_alarm_when_an_arrangement_is_still_requested(test_case: Case) -> None:
    event = event_of(run(TEST_CASE), test_case, "hv-1")
    (alarm,) = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm.decoded("TRIGGER") == -dt.timedelta(hours=24)  # policy.interpreter_confirm_hours
    assert "Ukrainian interpreter" in str(alarm["DESCRIPTION"])


def test_no_alarm_when_every_arrangement_is_confirmed_or_cancelled(test_case: Case) -> None:
    data = run(TEST_CASE)
    for contact_id in ("visit-gran", "school-1", "call-1"):
        assert not event_of(data, test_case, contact_id).walk("VALARM")
    assert not any(e.walk("VALARM") for e in events(run(GOOD)).values())


def test_alarm_uses_the_default_policy() -> None:
    text = GOOD.read_text(encoding="utf-8").replace(
        "        status: confirmed\n        booking_reference: ELS-99812", "        status: requested"
    )
    case = load_case_text(text)
    event = event_of(export([("c", case)], now=NOW).data, case, "hv-02")
    assert event["STATUS"] == "TENTATIVE"
    assert event.walk("VALARM")[0].decoded("TRIGGER") == -dt.timedelta(hours=48)


# --------------------------------------------------------------------------
# methods


def test_publish_has_organizer_and_no_attendee() -> None:
    for event in events(run(GOOD)).values():
        assert str(event["ORGANIZER"]) == "mailto:jo.smith@example.gov.uk"
        assert event["ORGANIZER"].params["CN"] == "Jo Smith"
        assert "ATTENDEE" not in event


def test_publish_without_lead_email_has_no_organizer() -> None:
    text = GOOD.read_text(encoding="utf-8").replace(
        "    email: jo.smith@example.gov.uk\n\nmembers:", "\nmembers:"
    )
    data = export([("c", load_case_text(text))], now=NOW).data
    assert all("ORGANIZER" not in e for e in events(data).values())


def requestable(test_case: Case) -> Case:
    """The test case without its planned contact where a sibling interprets (CP101)."""
    text = TEST_CASE.read_text(encoding="utf-8").replace(
        "    seen_alone:\n      - {child: child, duration_minutes: 10, by: sister}\n", ""
    )
    return load_case_text(text, "case.yaml")


def test_request_invites_practitioners_and_booked_interpreters(test_case: Case) -> None:
    test_case = requestable(test_case)
    # the test case's contacts are in 2026: invited as on 1 Jan 2026, before they start
    result = export([("case.yaml", test_case)], method=Method.request, now=NOW, today=BEFORE)
    calendar = icalendar.Calendar.from_ical(result.data)
    assert calendar["METHOD"] == "REQUEST"
    found = events(result.data)
    planned = {event_uid(test_case.reference, c.id) for c in test_case.contacts if c.status == "planned"}
    assert set(found) == planned
    # the ORGANIZER (Alex Morgan, also a practitioner) is not invited to their own event
    attendees = attendees_of(found[event_uid(test_case.reference, "hv-1")])
    assert [str(a) for a in attendees] == ["mailto:piotr@example-interpreting.org"]
    for attendee in attendees:
        assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
        assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
        assert attendee.params["RSVP"] == "TRUE"
        assert attendee.params["CN"] == "Piotr Nowicki"
    assert any("'not an address' is not an e-mail address" in w for w in result.warnings)
    # the cancelled arrangement's interpreter is invited once, for the confirmed one
    gran = found[event_uid(test_case.reference, "visit-gran")]["ATTENDEE"]
    assert str(gran) == "mailto:oksana@example-interpreting.org"


def test_request_needs_a_lead_practitioner_email() -> None:
    text = TEST_CASE.read_text(encoding="utf-8").replace(
        "    email: alex.morgan@example.gov.uk\n\nmembers:", "\nmembers:"
    )
    case = load_case_text(text, "case.yaml")
    with pytest.raises(UsageError, match=r"case.yaml: case.lead_practitioner.email: --method request needs"):
        export([("case.yaml", case)], method=Method.request, now=NOW, today=BEFORE)
    export([("case.yaml", case)], method=Method.publish, now=NOW)  # fine without


def test_cancel_has_the_cancelled_contacts_only_with_attendees(test_case: Case) -> None:
    data = run(TEST_CASE, method=Method.cancel)
    assert icalendar.Calendar.from_ical(data)["METHOD"] == "CANCEL"
    (event,) = events(data).values()
    assert event["UID"] == event_uid(test_case.reference, "school-1")
    # the organizer is not an attendee, and a cancellation asks for no reply
    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:piotr@example-interpreting.org"
    assert "RSVP" not in attendee.params and "PARTSTAT" not in attendee.params


def test_contact_option(test_case: Case) -> None:
    (event,) = events(run(TEST_CASE, contact_id="visit-gran")).values()
    assert event["UID"] == event_uid(test_case.reference, "visit-gran")
    with pytest.raises(UsageError, match="no contact with id 'nope'"):
        run(TEST_CASE, contact_id="nope")
    with pytest.raises(UsageError, match="status is 'held'"):
        run(TEST_CASE, contact_id="hv-0")
    with pytest.raises(UsageError, match="--method request writes planned contacts only"):
        run(TEST_CASE, contact_id="school-1", method=Method.request)


def test_several_case_files_in_one_calendar() -> None:
    data = run(GOOD, EXAMPLES / "akhtar-haddad-family.yaml")
    references = {str(e["X-CONTACTPLAN-CASE"]) for e in events(data).values()}
    assert references == {"CP-2026-0142", "CP-2026-0311"}


def test_same_reference_and_contact_id_twice_keeps_the_first() -> None:
    result = export([("a.yaml", load_case(FAILURES)), ("b.yaml", load_case(GOOD))], now=NOW)
    uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(result.data).walk("VEVENT")]
    assert len(uids) == len(set(uids))
    assert any("b.yaml: contact 'hv-02'" in w and "a.yaml has the same" in w for w in result.warnings)


def test_no_events_is_a_warning_not_an_error() -> None:
    result = export([("g", load_case(GOOD))], method=Method.cancel, now=NOW)
    assert result.events == 0
    assert result.warnings == ["no cancelled contacts: the calendar has no events"]


# --------------------------------------------------------------------------
# privacy

FAMILY = [
    "Nowak",
    "Magda",
    "Marek",
    "Zielinski",
    "Kuba",
    "Zosia",
    "Example Road",
    "1990-04-12",
    "2022-06-02",
    "Akhtar",
    "Haddad",
    "Samina",
    "Karim",
    "Bilal",
    "Sample Lane",
]


def test_no_family_name_in_a_default_export_of_the_examples() -> None:
    text = run(*sorted(EXAMPLES.glob("*.yaml"))).decode("utf-8")
    unfolded = text.replace("\r\n ", "")
    for word in FAMILY:
        assert word not in unfolded, word


def test_names_appear_with_include_names() -> None:
    text = run(GOOD, include_names=True).decode("utf-8").replace("\r\n ", "")
    for word in (
        "Magda Nowak",
        "Marek Zielinski",
        "Kuba Nowak (subject child\\, born 2022-06-02)",
        "12 Example Road",
    ):
        assert word in text, word
    assert HIDDEN_ADDRESS not in text


def test_home_visit_location_is_hidden_by_default(test_case: Case) -> None:
    data = run(TEST_CASE)
    assert str(event_of(data, test_case, "hv-1")["LOCATION"]) == HIDDEN_ADDRESS
    # an office visit at a family member's address, with a title naming her
    gran = event_of(data, test_case, "visit-gran")
    assert str(gran["LOCATION"]) == HIDDEN_ADDRESS
    assert str(gran["SUMMARY"]).startswith("Office appointment · ")
    # a near miss: somewhere else stays
    assert str(event_of(data, test_case, "school-1")["LOCATION"]) == "Example Primary School"


def test_include_names_shows_the_address_and_title(test_case: Case) -> None:
    data = run(TEST_CASE, include_names=True)
    assert str(event_of(data, test_case, "hv-1")["LOCATION"]) == "7 Test Lane, Example City EX3 3CC"
    gran = event_of(data, test_case, "visit-gran")
    assert str(gran["LOCATION"]) == "9 Other Street, Example City EX4 4DD"
    assert str(gran["SUMMARY"]).startswith("Office appointment: Meeting with Irena · ")
    assert "Halina Wiśniewska (parent, born 1988-02-03)" in str(
        event_of(data, test_case, "hv-1")["DESCRIPTION"]
    )


def test_home_visit_without_location_uses_the_household_address_with_names() -> None:
    text = GOOD.read_text(encoding="utf-8").replace(
        '    duration_minutes: 90\n    location: "12 Example Road, Example City EX2 2BB"\n    status: planned',
        "    duration_minutes: 90\n    status: planned",
    )
    case = load_case_text(text)
    assert str(
        event_of(export([("c", case)], include_names=True, now=NOW).data, case, "hv-02")["LOCATION"]
    ).startswith("12 Example Road")
    assert str(event_of(export([("c", case)], now=NOW).data, case, "hv-02")["LOCATION"]) == HIDDEN_ADDRESS


# --------------------------------------------------------------------------
# what Outlook, Google and Thunderbird need


@pytest.mark.parametrize("path", [GOOD, FAILURES, TEST_CASE, EXAMPLES / "akhtar-haddad-family.yaml"])
def test_crlf_folding_and_utf8(path: Path) -> None:
    data = run(path, include_names=True)
    data.decode("utf-8")
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n")[:-1]:
        assert len(line) <= 75, line
        line.decode("utf-8")  # folded between characters, never inside one
    assert any(line.startswith(b" ") for line in data.split(b"\r\n"))  # long lines were folded


@pytest.mark.parametrize("path", [GOOD, FAILURES, TEST_CASE, EXAMPLES / "akhtar-haddad-family.yaml"])
def test_vobject_reads_the_same_events(path: Path) -> None:
    data = run(path)
    ours = events(data)
    theirs = vobject.readOne(data.decode("utf-8"))
    assert {e.uid.value for e in theirs.vevent_list} == set(ours)
    for event in theirs.vevent_list:
        mine = ours[event.uid.value]
        assert event.summary.value == str(mine["SUMMARY"])
        assert event.description.value == str(mine["DESCRIPTION"])
        assert event.dtstart.value == mine.decoded("DTSTART")
        assert event.dtend.value == mine.decoded("DTEND")


def test_ambiguous_local_time_is_written_in_utc(test_case: Case) -> None:
    # 01:30 on the night the clocks go back happens twice: the case means the first
    data = run(TEST_CASE)
    event = event_of(data, test_case, "call-1")
    assert event.decoded("DTSTART") == dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)
    assert event.decoded("DTEND") == dt.datetime(2026, 10, 25, 1, 0, tzinfo=dt.UTC)
    assert re.search(rb"DTSTART:20261025T003000Z\r\n", data)
