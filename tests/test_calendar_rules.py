"""The calendar follows the same safety rules as the checks (spec cli.md,
"Calendar", and issue 17's privacy by default): invitations refused for
contacts with interpreting errors, members by role, alarms only for
professional interpreters, no ORGANIZER among the attendees, CANCEL without
RSVP, free text that names the family withheld, e-mail addresses that are
addresses; through the library and the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest
from ical_support import several, vevents
from icalendar.prop import vCalAddress
from typer.testing import CliRunner

from contactplan.api import export_calendar
from contactplan.calendar import HIDDEN_ADDRESS, InvitationRefused, Method, event_uid, export, role_names
from contactplan.casefile import load_case, load_case_text
from contactplan.cli import app
from contactplan.model import Case, DateTime

ROOT = Path(__file__).resolve().parent.parent
FAILURES = ROOT / "examples" / "nowak-family-failures.yaml"
GOOD = ROOT / "examples" / "nowak-family-good.yaml"
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)
runner = CliRunner()

CASE = """\
contactplan: 1
case:
  reference: CP-TEST-PRIV
  lead_practitioner: {name: Alex Morgan, role: Social Worker, email: alex.morgan@example.gov.uk}
members:
  - id: awa
    name: Awa Diallo
    role: subject_child
    date_of_birth: 2016-03-04
    languages: [{tag: fr, speaks: native, reads: basic}, {tag: en, speaks: fluent}]
  - id: ben
    name: Ben Diallo
    role: subject_child
    date_of_birth: 2018-05-06
    languages: [{tag: en, speaks: native}]
  - id: mariette
    name: Mariette Traoré
    role: parent
    address: "14 Rue Example, Example City EX9 9ZZ"
    languages: [{tag: fr, speaks: native, reads: native}, {tag: en, speaks: basic}]
interpreters:
  - {id: int-fr, name: Claire Interpret, languages: [fr], registration: NRPSI 1, email: claire@example.org}
  - {id: int-ru, name: Ivan Interpret, languages: [ru], registration: NRPSI 2, email: ivan@example.org}
contacts:
  - id: ov-1
    kind: office_visit
    start: 2026-12-08T16:00
    duration_minutes: 90
    location: Example Family Centre
    practitioners:
      - {name: Alex Morgan, role: Social Worker, email: alex.morgan@example.gov.uk}
      - {name: Sam Lee, role: Family Support Worker, email: sam.lee@example.gov.uk}
    attendees: [awa, ben, mariette]
    interpreting:
      - {for: [mariette], language: fr, interpreter: int-fr, status: requested, booking_reference: ELS-1}
    seen_alone:
      - {child: awa, duration_minutes: 20}
      - {child: ben, duration_minutes: 20}
"""


def case_with(old: str = "", new: str = "") -> Case:
    text = CASE.replace(old, new) if old else CASE
    assert old in CASE
    return load_case_text(text, "priv.yaml")


def the_event(case: Case, **options: object) -> icalendar.Event:
    data = export([("priv.yaml", case)], now=NOW, **options).data  # type: ignore[arg-type]
    (event,) = vevents(icalendar.Calendar.from_ical(data))
    return event


def events_by_uid(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in vevents(icalendar.Calendar.from_ical(data))}


def unfolded(event: icalendar.Event) -> str:
    ical: bytes = event.to_ical()
    return ical.decode("utf-8").replace("\r\n ", "")


# --------------------------------------------------------------------------
# --method request refuses contacts with interpreting errors


WRONG_LANGUAGE = ("language: fr, interpreter: int-fr", "language: ru, interpreter: int-ru")


def test_request_refuses_an_interpreter_in_the_wrong_language() -> None:
    case = case_with(*WRONG_LANGUAGE)
    result = export([("priv.yaml", case)], method=Method.request, now=NOW)
    assert {(f.code, f.contact) for _, f in result.refused} == {("CP111", "ov-1")}
    assert "ov-1 (CP111)" in str(InvitationRefused(result.refused))
    assert result.events == 0 and b"BEGIN:VEVENT" not in result.data
    # a near miss: the right language is invited
    invited = export([("priv.yaml", case_with())], method=Method.request, now=NOW)
    assert invited.events == 1 and not invited.refused


def test_request_refuses_cp202() -> None:
    case = case_with(
        "languages: [{tag: fr, speaks: native, reads: basic}, {tag: en, speaks: fluent}]",
        "languages: [{tag: fr, speaks: native, reads: basic}, {tag: en, speaks: basic}]",
    )
    result = export([("priv.yaml", case)], method=Method.request, now=NOW)
    assert ("CP202", "ov-1") in {(f.code, f.contact) for _, f in result.refused}
    assert result.events == 0


def test_request_refuses_a_sibling_interpreting() -> None:
    result = export_calendar(
        [("f.yaml", load_case(FAILURES))], method="request", now=NOW, today=dt.date(2026, 11, 22)
    )
    assert {f.code for _, f in result.refused} >= {"CP101"}


SAFE_SECOND = """\
  - id: ov-2
    kind: office_visit
    start: 2026-12-15T16:00
    duration_minutes: 60
    location: Example Family Centre
    practitioners:
      - {name: Alex Morgan, role: Social Worker, email: alex.morgan@example.gov.uk}
      - {name: Sam Lee, role: Family Support Worker, email: sam.lee@example.gov.uk}
    attendees: [awa, ben]
"""


def test_request_decides_contact_by_contact() -> None:
    """One unsafe contact no longer holds back the safe one (cli.md, 2026-12)."""
    case = load_case_text(CASE.replace(*WRONG_LANGUAGE) + SAFE_SECOND, "priv.yaml")
    result = export([("priv.yaml", case)], method=Method.request, now=NOW)
    assert [f.contact for _, f in result.refused] == ["ov-1"]
    assert list(events_by_uid(result.data)) == [event_uid(case.reference, "ov-2")]
    # a near miss: both safe, both invited
    both = load_case_text(CASE + SAFE_SECOND, "priv.yaml")
    assert export([("priv.yaml", both)], method=Method.request, now=NOW).events == 2


def test_request_skips_a_contact_that_has_started() -> None:
    case = load_case_text(CASE + SAFE_SECOND, "priv.yaml")
    # on the day of ov-1 (16:00 on 8 Dec), from the start of that day: not started
    on_the_day = export([("priv.yaml", case)], method=Method.request, now=NOW, today=dt.date(2026, 12, 8))
    assert on_the_day.events == 2 and not on_the_day.skipped
    # the day after: ov-1 has started; ov-2 is still invited
    after = export([("priv.yaml", case)], method=Method.request, now=NOW, today=dt.date(2026, 12, 9))
    assert [s.contact_id for s in after.skipped] == ["ov-1"]
    assert "contacts[ov-1]: no invitation: it has already started (8 Dec 2026 at 16:00)" in str(
        after.skipped[0]
    )
    assert list(events_by_uid(after.data)) == [event_uid(case.reference, "ov-2")]
    # a month later: both have started, nothing is written and nothing is refused
    later = export([("priv.yaml", case)], method=Method.request, now=NOW, today=dt.date(2027, 1, 8))
    assert [s.contact_id for s in later.skipped] == ["ov-1", "ov-2"] and later.events == 0
    # without today, now decides: a minute before ov-1 it is invited, a minute after it is not
    zone = case.timezone()
    before = dt.datetime(2026, 12, 8, 15, 59, tzinfo=zone)
    assert export([("priv.yaml", case)], method=Method.request, now=before).events == 2
    assert (
        export([("priv.yaml", case)], method=Method.request, now=before + dt.timedelta(minutes=2)).events == 1
    )
    # publish writes every contact whatever the day: it is the record
    assert export([("priv.yaml", case)], now=NOW, today=dt.date(2027, 1, 8)).events == 2


def test_each_case_is_checked_once_whatever_its_contacts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Linear in the number of contacts: one check of each case for the
    blocking errors, however many cases and contacts are exported."""
    import contactplan.checks

    calls: list[str] = []
    real = contactplan.checks.run_checks

    def counted(case: Case, **kwargs: object) -> object:
        calls.append(case.reference)
        return real(case, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(contactplan.checks, "run_checks", counted)
    cases = [
        (f"c{n}.yaml", load_case_text((CASE + SAFE_SECOND).replace("CP-TEST-PRIV", f"CP-TEST-{n}"), "c.yaml"))
        for n in range(5)
    ]
    result = export(cases, method=Method.request, now=NOW)
    assert result.events == 10
    assert calls == [f"CP-TEST-{n}" for n in range(5)]


def test_cancel_still_goes_out_for_a_contact_that_has_started() -> None:
    """A cancellation takes the event out of calendars: it is never noise in
    a calendar file (``invite`` sends nothing for a contact that has started)."""
    case = load_case_text(
        CASE.replace("    duration_minutes: 90\n", "    duration_minutes: 90\n    status: cancelled\n"),
        "p.yaml",
    )
    result = export([("p.yaml", case)], method=Method.cancel, now=NOW, today=dt.date(2027, 1, 8))
    assert result.events == 1 and not result.skipped


def test_publish_still_writes_them_and_reports_the_findings() -> None:
    result = export([("priv.yaml", case_with(*WRONG_LANGUAGE))], now=NOW)
    assert result.events == 1
    assert [(name, f.code) for name, f in result.findings] == [("priv.yaml", "CP111")]
    assert export([("priv.yaml", case_with())], now=NOW).findings == []


def test_cli_request_refused_exit_1_naming_contact_and_code(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(CASE.replace(*WRONG_LANGUAGE), encoding="utf-8")
    target = tmp_path / "out.ics"
    result = runner.invoke(
        app, ["calendar", str(path), "--method", "request", "-o", str(target), "--today", "2026-12-01"]
    )
    assert result.exit_code == 1
    assert "ov-1" in result.stderr and "CP111" in result.stderr
    # the file holds the invitations that may go out: here none
    assert b"BEGIN:VEVENT" not in target.read_bytes() and result.stdout == ""
    assert "0 invitations written for the other contacts" in result.stderr
    published = runner.invoke(app, ["calendar", str(path), "--today", "2026-12-01"])
    assert published.exit_code == 0
    assert "CP111 [error]" in published.stderr and "contact: ov-1" in published.stderr
    assert b"BEGIN:VEVENT" in published.stdout_bytes


# --------------------------------------------------------------------------
# Members by role, never by id


def test_members_by_role_numbered_when_several() -> None:
    case = case_with()
    assert role_names(case) == {"awa": "subject child 1", "ben": "subject child 2", "mariette": "parent"}
    text = unfolded(the_event(case))
    for member_id in ("awa", "ben", "mariette"):
        assert member_id not in text.casefold()
    assert "subject child 1: 20 minutes" in text and "- parent" in text
    named = unfolded(the_event(case, include_names=True))
    assert "Awa Diallo" in named


def test_cli_members_by_role(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(CASE, encoding="utf-8")
    out = runner.invoke(app, ["calendar", str(path)]).stdout.replace("\r\n ", "")
    assert "subject child 1" in out and "awa" not in out.casefold().replace("awareness", "")


# --------------------------------------------------------------------------
# Alarms only for professional interpreters still requested


@pytest.mark.parametrize(
    ("arrangement", "alarm"),
    [
        ("{for: [mariette], language: fr, interpreter: int-fr, status: requested}", True),
        ("{for: [mariette], language: fr, status: requested}", True),  # not yet named
        ("{for: [mariette], language: fr, interpreter: int-fr, status: confirmed}", False),
        ("{for: [mariette], language: fr, by: awa, status: requested}", False),  # a family member
    ],
)
def test_alarm_only_for_professional_interpreters_still_requested(arrangement: str, alarm: bool) -> None:
    case = case_with(
        "{for: [mariette], language: fr, interpreter: int-fr, status: requested, booking_reference: ELS-1}",
        arrangement,
    )
    event = the_event(case)
    assert bool(event.walk("VALARM")) is alarm


# --------------------------------------------------------------------------
# ORGANIZER and attendees


def test_organizer_is_not_an_attendee_and_cancel_asks_no_reply() -> None:
    event = the_event(case_with(), method=Method.request)
    attendees = [str(a) for a in several(event, "ATTENDEE", vCalAddress)]
    assert "mailto:alex.morgan@example.gov.uk" not in attendees
    assert attendees == ["mailto:sam.lee@example.gov.uk", "mailto:claire@example.org"]
    assert all(a.params["RSVP"] == "TRUE" for a in several(event, "ATTENDEE", vCalAddress))
    cancelled = case_with("    duration_minutes: 90\n", "    duration_minutes: 90\n    status: cancelled\n")
    cancel = the_event(cancelled, method=Method.cancel)
    assert [str(a) for a in several(cancel, "ATTENDEE", vCalAddress)] == attendees
    assert all("RSVP" not in a.params for a in several(cancel, "ATTENDEE", vCalAddress))


@pytest.mark.parametrize(
    "email",
    [
        "a?cc=someone@elsewhere.org",
        "a?cc=someone@elsewhere",
        "x&to=y@example.org",
        "x@example.org?subject=hi",
        "x%40y@example.org",
        "not an address",
    ],
)
def test_an_email_that_is_not_a_plain_address_is_never_a_mailto(email: str) -> None:
    case = case_with("email: sam.lee@example.gov.uk", f"email: {email!r}".replace("'", '"'))
    result = export([("priv.yaml", case)], method=Method.request, now=NOW)
    assert b"cc=" not in result.data and b"subject=" not in result.data and b"to=y" not in result.data
    assert b"mailto:sam" not in result.data
    assert any("is not an e-mail address" in w for w in result.warnings)


def test_a_plain_address_is_kept() -> None:
    case = case_with("email: sam.lee@example.gov.uk", "email: sam.o'neil+cases@example.gov.uk")
    data = export([("priv.yaml", case)], method=Method.request, now=NOW).data
    assert b"mailto:sam.o'neil+cases@example.gov.uk" in data


# --------------------------------------------------------------------------
# Privacy of free text


@pytest.mark.parametrize(
    ("field", "old", "value"),
    [
        ("title", "    kind: office_visit\n", "Meeting with Mariette"),
        ("title", "    kind: office_visit\n", "Review for the Diallo family"),
        ("title", "    kind: office_visit\n", "Dial\u00adlo review"),  # a soft hyphen
        ("title", "    kind: office_visit\n", "Traore\u0301 review"),  # decomposed accents
        ("title", "    kind: office_visit\n", "Di\u200ballo review"),  # zero-width space
        ("title", "    kind: office_visit\n", "Review, born 04/03/2016"),
        ("title", "    kind: office_visit\n", "Review (2016-03-04)"),
        ("location", "    location: Example Family Centre\n", "14 Rue Example"),
    ],
)
def test_free_text_naming_the_family_is_withheld(field: str, old: str, value: str) -> None:
    line = f"    {field}: {value!r}\n".replace("'", '"')
    case = case_with(old, line if field == "location" else old + line)
    result = export([("priv.yaml", case)], now=NOW)
    text = result.data.decode("utf-8").replace("\r\n ", "")
    for leak in ("Mariette", "Diallo", "Dial", "Trao", "2016", "Rue Example"):
        assert leak not in text, leak
    assert any(f".{field}: names a family member" in w for w in result.warnings)
    # the warning does not repeat the value
    assert not any(value in w for w in result.warnings)
    # with --include-names it is shown
    shown = export([("priv.yaml", case)], now=NOW, include_names=True)
    assert not shown.warnings


@pytest.mark.parametrize("include_names", [False, True])
def test_case_notes_are_never_exported(include_names: bool) -> None:
    case = case_with("    kind: office_visit\n", "    kind: office_visit\n    notes: Ask about the bruise\n")
    data = export([("priv.yaml", case)], now=NOW, include_names=include_names).data
    assert b"bruise" not in data


def test_booking_reference_and_role_naming_the_family_are_withheld() -> None:
    case = case_with("booking_reference: ELS-1", "booking_reference: DIALLO-1")
    case = load_case_text(
        CASE.replace("booking_reference: ELS-1", "booking_reference: DIALLO-1").replace(
            "role: Family Support Worker", "role: Mariette's support worker"
        ),
        "priv.yaml",
    )
    result = export([("priv.yaml", case)], now=NOW)
    text = result.data.decode("utf-8").replace("\r\n ", "")
    assert "DIALLO" not in text and "Mariette" not in text
    fields = {w.split(": ")[1] for w in result.warnings}
    assert {"contacts[ov-1].interpreting.booking_reference", "contacts[ov-1].practitioners.role"} <= fields


def test_free_text_naming_nobody_is_kept() -> None:
    case = case_with("    kind: office_visit\n", "    kind: office_visit\n    title: Review meeting\n")
    event = the_event(case)
    assert str(event["LOCATION"]) == "Example Family Centre"
    assert "Review meeting" in unfolded(event)
    assert str(event["SUMMARY"]).startswith("Office appointment · CP-TEST-PRIV")  # the title never in SUMMARY


def test_summary_is_kind_reference_and_languages_only() -> None:
    case = case_with("    kind: office_visit\n", "    kind: office_visit\n    title: Review meeting\n")
    assert (
        str(the_event(case)["SUMMARY"]) == "Office appointment · CP-TEST-PRIV · French interpreter, in person"
    )


def test_a_home_visit_location_always_reads_home_address() -> None:
    case = case_with("kind: office_visit", "kind: home_visit")
    assert str(the_event(case)["LOCATION"]) == HIDDEN_ADDRESS
    case = case_with(
        "    kind: office_visit\n    start: 2026-12-08T16:00\n    duration_minutes: 90\n    location: Example Family Centre\n",
        "    kind: home_visit\n    start: 2026-12-08T16:00\n    duration_minutes: 90\n",
    )
    assert str(the_event(case)["LOCATION"]) == HIDDEN_ADDRESS


def test_cli_privacy_warning(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(
        CASE.replace("    kind: office_visit\n", "    kind: office_visit\n    title: Diallo review\n"),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["calendar", str(path)])
    assert result.exit_code == 0
    assert "Diallo" not in result.stdout
    assert "title: names a family member" in result.stderr


# --------------------------------------------------------------------------
# Dates a calendar can't hold


def test_contacts_out_of_range_are_left_out_with_a_warning() -> None:
    case = case_with()
    far = case.contacts[0].__class__(
        id="far",
        kind="office_visit",
        start=DateTime(9999, 12, 31, 23, 0),
        duration_minutes=2**31,
    )
    import msgspec

    case = msgspec.structs.replace(case, contacts=[*case.contacts, far])
    result = export([("priv.yaml", case)], now=NOW)
    assert result.events == 1
    assert any("contacts[far]" in w for w in result.warnings)
    assert event_uid(case.reference, "far").encode() not in result.data
