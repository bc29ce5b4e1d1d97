"""The messages ``invite`` builds and its SMTP settings, in-process: hostile
text from a case file can never add a header, a recipient or an event."""

from __future__ import annotations

import datetime as dt
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import cast

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from contactplan.api import load_case
from contactplan.model import Case, Person
from contactplan.sending import SendError
from contactplan.sending.imip import prepare
from contactplan.sending.ledger import STATE_SUFFIX, FileLedger, state_path
from contactplan.sending.smtp import SmtpSettings

DATA = Path(__file__).parent / "data" / "invite-case.yaml"
NOW = dt.datetime(2029, 1, 1, tzinfo=dt.UTC)
HEADERS = {
    "Subject",
    "From",
    "To",
    "Reply-To",
    "Date",
    "Message-ID",
    "Auto-Submitted",
    "MIME-Version",
    "Content-Type",
}


@pytest.fixture(autouse=True)
def no_user_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never the user's own ``smtp.toml``."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


class MemoryLedger:
    def __init__(self) -> None:
        self.sent: dict[tuple[str, str], tuple[int, str]] = {}

    def last_sent(self, source: str, uid: str, recipient: str) -> tuple[int, str] | None:
        return self.sent.get((uid, recipient.casefold()))

    def record_sent(
        self, source: str, uid: str, recipient: str, sequence: int, method: str, sent_at: dt.datetime
    ) -> None:
        self.sent[(uid, recipient.casefold())] = (sequence, method)


@pytest.fixture(scope="module")
def case() -> Case:
    return load_case(DATA)


def test_prepare_refuses_per_contact_and_sends_the_rest(case: Case) -> None:
    plan = prepare([("case.yaml", case)], MemoryLedger(), now=NOW)
    assert {(m.contact, m.recipient, m.method) for m in plan.messages} == {
        ("hv-01", "sam.patel@example.gov.uk", "request"),
        ("hv-01", "ewa.k@example-language.co.uk", "request"),
        ("of-02", "ewa.k@example-language.co.uk", "request"),
        ("cc-03", "ann.lee@example.nhs.uk", "cancel"),
        ("cc-03", "adam.l@example-language.co.uk", "cancel"),
    }
    assert {(f.contact, f.code) for _, f in plan.refused} >= {("hv-04", "CP101")}


def test_nothing_goes_out_for_a_contact_that_has_started(case: Case) -> None:
    """hv-01 starts at 10:00 on 5 Mar 2030 (London, GMT), cc-03 (cancelled) at 09:00 on 1 Apr 2030."""
    a_minute_before = prepare(
        [("case.yaml", case)], MemoryLedger(), now=dt.datetime(2030, 3, 5, 9, 59, tzinfo=dt.UTC)
    )
    assert "hv-01" in {m.contact for m in a_minute_before.messages}
    # the day after: no invitation to hv-01; the contacts still to come go out
    day_after = prepare(
        [("case.yaml", case)], MemoryLedger(), now=dt.datetime(2030, 3, 6, 9, 0, tzinfo=dt.UTC)
    )
    assert {m.contact for m in day_after.messages} == {"of-02", "cc-03"}
    assert any("contacts[hv-01]: already started: no invitation sent" in w for w in day_after.warnings)
    # a month after: cc-03 has started too: its cancellation would come too late
    month = prepare([("case.yaml", case)], MemoryLedger(), now=dt.datetime(2030, 4, 6, 9, 0, tzinfo=dt.UTC))
    assert {m.contact for m in month.messages} == {"of-02"}
    assert any("contacts[cc-03]: already started: no cancellation sent" in w for w in month.warnings)
    # hv-04 (19 Mar) has started as well: it is skipped, not refused
    assert not month.refused


def test_prepare_checks_each_case_once_a_method_not_once_a_contact(
    case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Linear in the number of contacts: hv-01, of-02, hv-04 (invitations) and
    cc-03 (a cancellation) take two checks of the case, not four."""
    import contactplan.checks

    calls: list[str] = []
    real = contactplan.checks.run_checks

    def counted(*args: object, **kwargs: object) -> object:
        calls.append("run_checks")
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(contactplan.checks, "run_checks", counted)
    plan = prepare([("case.yaml", case)], MemoryLedger(), now=NOW)
    assert {m.contact for m in plan.messages} == {"hv-01", "of-02", "cc-03"}
    assert len(calls) == 2
    # each message still carries its own contact's event only
    for outgoing in plan.messages:
        part = next(p for p in outgoing.message.walk() if p.get_content_type() == "text/calendar")
        calendar = Calendar.from_ical(cast(bytes, part.get_payload(decode=True)))
        assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [outgoing.uid]


def test_what_was_sent_is_not_sent_again_and_a_lower_sequence_is_warned(case: Case) -> None:
    ledger = MemoryLedger()
    for message in prepare([("case.yaml", case)], ledger, now=NOW).messages:
        ledger.record_sent("case.yaml", message.uid, message.recipient, message.sequence, message.method, NOW)
    again = prepare([("case.yaml", case)], ledger, now=NOW)
    assert again.messages == []
    assert again.up_to_date == 5
    uid = next(iter(ledger.sent))[0]
    for key in list(ledger.sent):
        if key[0] == uid:
            ledger.sent[key] = (7, ledger.sent[key][1])
    lower = prepare([("case.yaml", case)], ledger, now=NOW)
    assert lower.messages == []
    assert any("is lower than the 7 already sent" in w for w in lower.warnings)


def test_a_contact_neither_planned_nor_cancelled_is_an_error(case: Case) -> None:
    held = msgspec.structs.replace(
        case,
        contacts=[msgspec.structs.replace(c, status="held") if c.id == "hv-01" else c for c in case.contacts],
    )
    from contactplan.errors import UsageError

    with pytest.raises(UsageError, match="status is 'held'"):
        prepare([("case.yaml", held)], MemoryLedger(), contact_id="hv-01", now=NOW)


hostile = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"])
    | st.sampled_from(list("\r\n\t,;:\"'<>@\\\x00\x85\u2028")),
    min_size=1,
    max_size=40,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=hostile, lead=hostile, reference=hostile, title=hostile)
def test_hostile_text_can_never_add_a_header_a_recipient_or_an_event(
    case: Case, name: str, lead: str, reference: str, title: str
) -> None:
    people = [
        msgspec.structs.replace(p, name=name) if p.email == "sam.patel@example.gov.uk" else p
        for p in case.contacts[0].practitioners
    ]
    first = msgspec.structs.replace(case.contacts[0], practitioners=people, title=title)
    info = msgspec.structs.replace(
        case.case,
        reference=reference,
        lead_practitioner=msgspec.structs.replace(cast(Person, case.case.lead_practitioner), name=lead),
    )
    changed = msgspec.structs.replace(case, case=info, contacts=[first])
    plan = prepare([("case.yaml", changed)], MemoryLedger(), contact_id="hv-01", now=NOW)
    assert {m.recipient for m in plan.messages} == {
        "sam.patel@example.gov.uk",
        "ewa.k@example-language.co.uk",
    }
    for outgoing in plan.messages:
        parsed = message_from_bytes(outgoing.message.as_bytes(policy=policy.SMTP), policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        assert set(parsed.keys()) <= HEADERS
        assert [a.addr_spec for a in parsed["To"].addresses] == [outgoing.recipient]
        assert [a.addr_spec for a in parsed["From"].addresses] == ["jo.smith@example.gov.uk"]
        assert "\n" not in str(parsed["Subject"]) and "\r" not in str(parsed["Subject"])
        parts = [p for p in parsed.walk() if not p.is_multipart()]
        assert [p.get_content_type() for p in parts] == ["text/plain", "text/calendar", "application/ics"]
        payload = parts[1].get_payload(decode=True)
        assert isinstance(payload, bytes)
        calendar = Calendar.from_ical(payload)
        events = list(calendar.walk("VEVENT"))
        assert len(events) == 1
        attendees = events[0].get("ATTENDEE")
        attendees = attendees if isinstance(attendees, list) else [attendees]
        assert {str(a) for a in attendees} == {
            "mailto:sam.patel@example.gov.uk",
            "mailto:ewa.k@example-language.co.uk",
        }


# --------------------------------------------------------------------------
# State files


def test_the_state_file_is_named_from_the_case_file_and_never_read_as_a_case_file(tmp_path: Path) -> None:
    from contactplan.casefile import iter_case_files

    case_file = tmp_path / "nowak.yaml"
    assert state_path(case_file) == tmp_path / f"nowak.yaml{STATE_SUFFIX}"
    case_file.write_text(DATA.read_text())
    with FileLedger() as ledger:
        ledger.record_sent(str(case_file), "uid-1", "A@Example.org", 2, "request", NOW)
        assert ledger.last_sent(str(case_file), "uid-1", "a@example.org") == (2, "request")
    assert list(iter_case_files([tmp_path])) == [case_file]
    with FileLedger() as again:
        assert again.last_sent(str(case_file), "uid-1", "a@example.org") == (2, "request")


def test_a_damaged_state_file_sends_nothing(tmp_path: Path) -> None:
    case_file = tmp_path / "c.yaml"
    state_path(case_file).write_text("{not json")
    with FileLedger() as ledger, pytest.raises(SendError, match="not a contactplan state file"):
        ledger.last_sent(str(case_file), "uid", "a@example.org")


# --------------------------------------------------------------------------
# SMTP settings


def test_settings_defaults() -> None:
    found = SmtpSettings.from_environment({"CONTACTPLAN_SMTP_HOST": "smtp.example.org"})
    assert (found.host, found.port, found.security, found.user) == ("smtp.example.org", 587, "starttls", None)
    tls = SmtpSettings.from_environment({"CONTACTPLAN_SMTP_HOST": "h", "CONTACTPLAN_SMTP_SECURITY": "TLS"})
    assert (tls.port, tls.security) == (465, "tls")
    local = SmtpSettings.from_environment(
        {"CONTACTPLAN_SMTP_HOST": "localhost", "CONTACTPLAN_SMTP_SECURITY": "none"}
    )
    assert local.port == 25


def test_the_password_is_never_shown_by_the_settings() -> None:
    found = SmtpSettings.from_environment(
        {"CONTACTPLAN_SMTP_HOST": "h", "CONTACTPLAN_SMTP_USER": "jo", "CONTACTPLAN_SMTP_PASSWORD": "pa55word"}
    )
    assert found.password == "pa55word"
    assert "pa55word" not in repr(found)


@pytest.mark.parametrize(
    ("environ", "says"),
    [
        ({}, "CONTACTPLAN_SMTP_HOST is not set"),
        ({"CONTACTPLAN_SMTP_HOST": "h", "CONTACTPLAN_SMTP_SECURITY": "ssl"}, "is not starttls, tls or none"),
        (
            {"CONTACTPLAN_SMTP_HOST": "h", "CONTACTPLAN_SMTP_SECURITY": "none"},
            "only for a server on this machine",
        ),
        ({"CONTACTPLAN_SMTP_HOST": "h", "CONTACTPLAN_SMTP_PORT": "smtp"}, "is not a port number"),
        ({"CONTACTPLAN_SMTP_HOST": "h", "CONTACTPLAN_SMTP_PORT": "70000"}, "is not a port number"),
        ({"CONTACTPLAN_SMTP_HOST": "h", "CONTACTPLAN_SMTP_USER": "jo"}, "PASSWORD is not"),
        ({"CONTACTPLAN_SMTP_HOST": "h", "CONTACTPLAN_SMTP_CA_FILE": "/nonexistent.pem"}, "is not a file"),
    ],
)
def test_bad_settings_say_what_to_fix(environ: dict[str, str], says: str) -> None:
    with pytest.raises(SendError, match=says):
        SmtpSettings.from_environment(environ)


def test_the_same_case_in_two_files_is_sent_once(case: Case) -> None:
    plan = prepare([("a.yaml", case), ("b.yaml", case)], MemoryLedger(), contact_id="hv-01", now=NOW)
    assert {m.source for m in plan.messages} == {"a.yaml"}
    assert any("b.yaml: contact 'hv-01': left out: a.yaml has the same" in w for w in plan.warnings)


def test_a_settings_file_and_the_environment_wins(tmp_path: Path) -> None:
    config = tmp_path / "smtp.toml"
    config.write_text('[smtp]\nhost = "smtp.example.org"\nport = 2525\nuser = "jo"\npassword = "from-file"\n')
    config.chmod(0o600)
    found = SmtpSettings.from_environment({"CONTACTPLAN_SMTP_CONFIG": str(config)})
    assert (found.host, found.port, found.user, found.password) == (
        "smtp.example.org",
        2525,
        "jo",
        "from-file",
    )
    env = {"CONTACTPLAN_SMTP_CONFIG": str(config), "CONTACTPLAN_SMTP_PORT": "587"}
    assert SmtpSettings.from_environment(env).port == 587


def test_a_settings_file_with_a_password_others_can_read_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "smtp.toml"
    config.write_text('host = "smtp.example.org"\nuser = "jo"\npassword = "x"\n')
    config.chmod(0o644)
    with pytest.raises(SendError, match="chmod 600"):
        SmtpSettings.from_environment({"CONTACTPLAN_SMTP_CONFIG": str(config)})
    config.write_text('host = "smtp.example.org"\npasword = "typo"\n')
    with pytest.raises(SendError, match="unknown settings pasword"):
        SmtpSettings.from_environment({"CONTACTPLAN_SMTP_CONFIG": str(config)})


def test_no_settings_file_is_fine_unless_one_is_named(tmp_path: Path) -> None:
    with pytest.raises(SendError, match="no such file"):
        SmtpSettings.from_environment({"CONTACTPLAN_SMTP_CONFIG": str(tmp_path / "none.toml")})


def test_a_family_members_address_given_as_a_practitioners_is_never_sent_to(case: Case) -> None:
    people = [
        msgspec.structs.replace(p, email="Magda.W@example.org")
        if p.email == "sam.patel@example.gov.uk"
        else p
        for p in case.contacts[0].practitioners
    ]
    changed = msgspec.structs.replace(
        case, contacts=[msgspec.structs.replace(case.contacts[0], practitioners=people), *case.contacts[1:]]
    )
    plan = prepare([("case.yaml", changed)], MemoryLedger(), contact_id="hv-01", now=NOW)
    assert plan.messages == []
    assert any("is a family member's (safe_contact.email): nothing sent" in w for w in plan.warnings)
