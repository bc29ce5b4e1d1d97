"""``contactplan invite``: iMIP invitations (RFC 6047) sent to a real SMTP
server (aiosmtpd on 127.0.0.1), parsed back with the ``email`` package and
read by icalendar (and by ical.js where it is installed)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import stat
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path
from typing import cast
from zoneinfo import ZoneInfo

import pytest
from ical_support import one
from icalendar import Calendar
from icalendar.prop import vInt
from servers import Received, SmtpServer, self_signed_certificate

DATA = Path(__file__).parent / "data" / "invite-case.yaml"
LONDON = ZoneInfo("Europe/London")
#: What must never leave the machine without --include-names.
FAMILY = ["Wrzosek", "Magda", "Kuba", "Zosia", "1990-04-12", "2022-06-02", "Heatherfield", "magda.w@"]
ORGANIZER = "jo.smith@example.gov.uk"
FIRST_RUN = {
    ("hv-01", "sam.patel@example.gov.uk", "REQUEST"),
    ("hv-01", "ewa.k@example-language.co.uk", "REQUEST"),
    ("of-02", "ewa.k@example-language.co.uk", "REQUEST"),
    ("cc-03", "ann.lee@example.nhs.uk", "CANCEL"),
    ("cc-03", "adam.l@example-language.co.uk", "CANCEL"),
}


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command as users run it, in its own process."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("CONTACTPLAN_")}
    clean["CONTACTPLAN_ICALJS"] = os.environ.get("CONTACTPLAN_ICALJS", "")
    clean["XDG_CONFIG_HOME"] = "/nonexistent"  # never the user's own smtp.toml
    return subprocess.run(
        [sys.executable, "-m", "contactplan", *map(str, args)],
        capture_output=True,
        text=True,
        env={**clean, **(env or {})},
        timeout=120,
    )


def smtp_env(server: SmtpServer, **more: str) -> dict[str, str]:
    return {
        "CONTACTPLAN_SMTP_HOST": "127.0.0.1",
        "CONTACTPLAN_SMTP_PORT": str(server.port),
        "CONTACTPLAN_SMTP_SECURITY": "none",
        **more,
    }


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    target = tmp_path / "cases" / "invite-case.yaml"
    target.parent.mkdir()
    shutil.copyfile(DATA, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def calendar_part(message: EmailMessage) -> tuple[str, bytes]:
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return str(part.get_param("method")), payload
    raise AssertionError("no text/calendar part")


def summary_of(received: list[Received]) -> set[tuple[str, str, str]]:
    found = set()
    for item in received:
        method, data = calendar_part(item.message)
        event = next(iter(Calendar.from_ical(data).walk("VEVENT")))
        contact = _contact_of(event)
        found.add((contact, item.rcpt_tos[0], method))
    return found


def _contact_of(event: object) -> str:
    from contactplan.calendar import event_uid

    uid = str(event["UID"])  # type: ignore[index]
    for contact in ("hv-01", "of-02", "cc-03", "hv-04"):
        if event_uid("CP-TEST-SEND", contact) == uid:
            return contact
    raise AssertionError(uid)


def everything_in(item: Received) -> str:
    """The raw message and every part decoded: where a name could hide."""
    texts = [item.data.decode("utf-8", "replace")]
    for part in item.message.walk():
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            texts.append(payload.decode("utf-8", "replace"))
    texts.append(str(item.message["Subject"]))
    return "\n".join(texts)


# --------------------------------------------------------------------------
# Sending


def test_invitations_reach_each_practitioner_and_interpreter_never_the_family(case_file: Path) -> None:
    with SmtpServer() as server:
        result = run("invite", case_file, env=smtp_env(server))
    # hv-04 has a sibling interpreting: refused as `calendar --method request` refuses it
    assert result.returncode == 1, result.stderr
    assert "hv-04 (CP101)" in result.stderr
    assert summary_of(server.received) == FIRST_RUN
    for item in server.received:
        assert len(item.rcpt_tos) == 1
        assert item.mail_from == ORGANIZER
        message = item.message
        assert message["From"].addresses[0].addr_spec == ORGANIZER
        assert message["To"].addresses[0].addr_spec == item.rcpt_tos[0]
        assert "magda.w@example.org" not in item.rcpt_tos
        text = everything_in(item)
        for secret in FAMILY:
            assert secret not in text, (secret, message["Subject"])


def test_each_message_is_imip_with_body_calendar_part_and_attachment(case_file: Path) -> None:
    with SmtpServer() as server:
        run("invite", case_file, "--contact", "hv-01", env=smtp_env(server))
    assert len(server.received) == 2
    message = next(i.message for i in server.received if i.rcpt_tos == ["ewa.k@example-language.co.uk"])
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = message.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    text, calendar = alternative.iter_parts()
    assert text.get_content_type() == "text/plain"
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_param("method") == "REQUEST"
    assert str(calendar.get_param("charset")).lower() == "utf-8"
    assert attachment.get_filename() == "invite.ics"
    assert attachment.get_content_disposition() == "attachment"
    assert attachment.get_payload(decode=True) == calendar.get_payload(decode=True)
    assert message["Subject"] == "Invitation: Home visit · CP-TEST-SEND · Polish interpreter, in person"
    body = text.get_content()
    assert "Hello Ewa Kowalska," in body
    assert "Jo Smith (Social Worker) invites you" in body
    assert "When:  Tuesday 5 March 2030, 10:00 to 11:30 GMT (Europe/London)" in body
    assert "Where: Home address (see case record)" in body
    assert "- Polish (polski), in person, confirmed" in body
    assert "Accept or decline with your calendar" in body
    assert "01234 567891" in body
    data = cast(bytes, calendar.get_payload(decode=True))  # decoded: the bytes of the .ics
    parsed = Calendar.from_ical(data)
    assert str(parsed["METHOD"]) == "REQUEST"
    event = next(iter(parsed.walk("VEVENT")))
    assert str(event["ORGANIZER"]) == f"mailto:{ORGANIZER}"
    attendees = {str(a) for a in event.get("ATTENDEE")}
    assert "mailto:ewa.k@example-language.co.uk" in attendees
    assert event.decoded("DTSTART") == dt.datetime(2030, 3, 5, 10, 0, tzinfo=LONDON)
    assert event.decoded("DTEND") == dt.datetime(2030, 3, 5, 11, 30, tzinfo=LONDON)


def test_a_cancellation_is_method_cancel(case_file: Path) -> None:
    with SmtpServer() as server:
        run("invite", case_file, "--contact", "cc-03", env=smtp_env(server))
    assert {i.rcpt_tos[0] for i in server.received} == {
        "ann.lee@example.nhs.uk",
        "adam.l@example-language.co.uk",
    }
    for item in server.received:
        message = item.message
        assert message["Subject"] == "Cancelled: Child protection conference · CP-TEST-SEND"
        method, data = calendar_part(message)
        assert method == "CANCEL"
        event = next(iter(Calendar.from_ical(data).walk("VEVENT")))
        assert str(event["STATUS"]) == "CANCELLED"
        assert int(one(event, "SEQUENCE", vInt)) == 1
        assert any(p.get_filename() == "cancel.ics" for p in message.walk())
        assert "Please do not attend" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_running_twice_sends_nothing_the_second_time(case_file: Path) -> None:
    with SmtpServer() as server:
        run("invite", case_file, env=smtp_env(server))
        assert len(server.received) == 5
        second = run("invite", case_file, env=smtp_env(server))
    assert len(server.received) == 5
    assert "0 messages sent, 5 recipients already had the latest version" in second.stderr
    state = case_file.with_name("invite-case.yaml.sent-invitations")
    assert stat.S_IMODE(state.stat().st_mode) == 0o600
    records = json.loads(state.read_text())["sent"]
    assert len(records) == 5
    # named from the case file's name, not from the family; nothing else written beside it
    assert sorted(p.name for p in case_file.parent.iterdir() if not p.name.startswith(".")) == [
        "invite-case.yaml",
        "invite-case.yaml.sent-invitations",
    ]


def test_a_change_with_a_new_sequence_sends_an_update_to_its_recipients_only(case_file: Path) -> None:
    with SmtpServer() as server:
        run("invite", case_file, env=smtp_env(server))
        edit(case_file, "start: 2030-03-05T10:00", "start: 2030-03-06T11:00\n    sequence: 1")
        run("invite", case_file, env=smtp_env(server))
    later = server.received[5:]
    assert summary_of(later) == {
        ("hv-01", "sam.patel@example.gov.uk", "REQUEST"),
        ("hv-01", "ewa.k@example-language.co.uk", "REQUEST"),
    }
    for item in later:
        assert str(item.message["Subject"]).startswith("Updated invitation: Home visit")
        event = next(iter(Calendar.from_ical(calendar_part(item.message)[1]).walk("VEVENT")))
        assert int(one(event, "SEQUENCE", vInt)) == 1
        assert event.decoded("DTSTART") == dt.datetime(2030, 3, 6, 11, 0, tzinfo=LONDON)


def test_a_replaced_interpreter_is_told_they_are_no_longer_expected(case_file: Path) -> None:
    with SmtpServer() as server:
        run("invite", case_file, "--contact", "hv-01", env=smtp_env(server))
        edit(case_file, "interpreter: int-pl-ewa, mode: in_person, status: confirmed, booking_reference: ELS-1",
             "interpreter: int-pl-adam, mode: in_person, status: confirmed, booking_reference: ELS-2")  # fmt: skip
        edit(case_file, "{child: kuba, duration_minutes: 20, interpreter: int-pl-ewa}",
             "{child: kuba, duration_minutes: 20, interpreter: int-pl-adam}\n    sequence: 2")  # fmt: skip
        run("invite", case_file, "--contact", "hv-01", env=smtp_env(server))
    later = server.received[2:]
    assert summary_of(later) == {
        ("hv-01", "sam.patel@example.gov.uk", "REQUEST"),
        ("hv-01", "adam.l@example-language.co.uk", "REQUEST"),
        ("hv-01", "ewa.k@example-language.co.uk", "CANCEL"),
    }
    ewa = next(i.message for i in later if i.rcpt_tos == ["ewa.k@example-language.co.uk"])
    event = next(iter(Calendar.from_ical(calendar_part(ewa)[1]).walk("VEVENT")))
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["ATTENDEE"]) == "mailto:ewa.k@example-language.co.uk"
    assert "no longer expected" in ewa.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_a_failure_half_way_sends_the_rest_next_time_and_says_what_smtp_cannot_promise(
    case_file: Path,
) -> None:
    # the server drops the connection after the third message's text went
    # (DATA), before saying whether it kept it: nobody can know
    with SmtpServer(drop_after=2) as failing:
        first = run("invite", case_file, env=smtp_env(failing))
    assert first.returncode == 2
    said = " ".join(first.stderr.split())
    assert "sending stopped: the server closed the connection; 2 of 5 messages were accepted" in said
    assert "was being handed over when it stopped: the server may or may not have kept it" in said
    assert "they may get it twice" in said and "nothing is sent twice" not in said
    assert "Traceback" not in first.stderr
    assert len(failing.received) == 2
    with SmtpServer() as server:
        second = run("invite", case_file, env=smtp_env(server))
        third = run("invite", case_file, env=smtp_env(server))
    assert second.returncode == 1  # hv-04 is still refused
    assert len(server.received) == 3
    both = summary_of(failing.received) | summary_of(server.received)
    assert both == FIRST_RUN
    assert len(failing.received) + len(server.received) == len(FIRST_RUN)
    assert "0 messages sent" in third.stderr


def test_the_store_remembers_what_was_sent_when_one_is_given(case_file: Path, tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path / 'team.sqlite3'}"
    with SmtpServer() as server:
        run("invite", case_file, "--database", database, env=smtp_env(server))
        run("invite", case_file, env=smtp_env(server, CONTACTPLAN_DATABASE_URL=database))
    assert len(server.received) == 5
    assert not case_file.with_name("invite-case.yaml.sent-invitations").exists()


def test_dry_run_prints_each_message_and_sends_and_remembers_nothing(case_file: Path) -> None:
    result = run("invite", case_file, "--dry-run")
    assert result.returncode == 1  # hv-04 refused
    assert result.stdout.count("Subject: ") == 5
    assert "To: Ewa Kowalska <ewa.k@example-language.co.uk>" in result.stdout
    assert "--- text/calendar (method=REQUEST)" in result.stdout
    assert "METHOD:CANCEL" in result.stdout
    assert "dry run: 5 messages would be sent" in result.stderr
    for secret in FAMILY:
        assert secret not in result.stdout
    assert not case_file.with_name("invite-case.yaml.sent-invitations").exists()


def test_include_names_shows_the_family_in_the_message(case_file: Path) -> None:
    result = run("invite", case_file, "--dry-run", "--contact", "hv-01", "--include-names")
    assert "Magda Wrzosek" in result.stdout
    assert "12 Heatherfield Road" in result.stdout


def test_contacts_that_are_over_get_nothing(case_file: Path) -> None:
    edit(case_file, "start: 2030-07-09T14:30", "start: 2020-07-09T14:30")
    result = run("invite", case_file, "--dry-run")
    assert "contacts[of-02]: already over: no invitation sent" in result.stderr
    assert result.stdout.count("Subject: ") == 4


def test_an_unknown_contact_is_an_error(case_file: Path) -> None:
    result = run("invite", case_file, "--dry-run", "--contact", "nope")
    assert result.returncode == 2
    assert "--contact: no contact with id 'nope'" in result.stderr


# --------------------------------------------------------------------------
# SMTP settings and errors


def test_no_encryption_only_for_a_server_on_this_machine(case_file: Path) -> None:
    env = {"CONTACTPLAN_SMTP_HOST": "smtp.example.org", "CONTACTPLAN_SMTP_SECURITY": "none"}
    result = run("invite", case_file, env=env)
    assert result.returncode == 2
    assert "allowed only for a server on this machine" in result.stderr


def test_no_host_is_an_error_saying_what_to_set(case_file: Path) -> None:
    result = run("invite", case_file)
    assert result.returncode == 2
    assert "CONTACTPLAN_SMTP_HOST is not set" in result.stderr


def test_a_server_that_is_not_there(case_file: Path) -> None:
    from servers import free_port

    env = {"CONTACTPLAN_SMTP_HOST": "127.0.0.1", "CONTACTPLAN_SMTP_PORT": str(free_port()),
           "CONTACTPLAN_SMTP_SECURITY": "none"}  # fmt: skip
    result = run("invite", case_file, env=env)
    assert result.returncode == 2
    assert "connection refused: nothing sent" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    made = self_signed_certificate(tmp_path_factory.mktemp("tls"))
    if made is None:
        pytest.skip("the openssl command is not installed: no certificate for the TLS tests")
    return made


def test_starttls_with_the_agency_certificate_and_a_login(
    case_file: Path, certificate: tuple[Path, Path]
) -> None:
    with SmtpServer(security="starttls", certificate=certificate, login=("jo", "s3cret pass")) as server:
        env = smtp_env(server, CONTACTPLAN_SMTP_SECURITY="starttls", CONTACTPLAN_SMTP_USER="jo",
                       CONTACTPLAN_SMTP_PASSWORD="s3cret pass", CONTACTPLAN_SMTP_CA_FILE=str(certificate[0]))  # fmt: skip
        result = run("invite", case_file, "--contact", "hv-01", env=env)
    assert result.returncode == 0, result.stderr
    assert len(server.received) == 2


def test_a_wrong_password_is_one_message_that_never_shows_it(
    case_file: Path, certificate: tuple[Path, Path]
) -> None:
    with SmtpServer(security="starttls", certificate=certificate, login=("jo", "right")) as server:
        env = smtp_env(server, CONTACTPLAN_SMTP_SECURITY="starttls", CONTACTPLAN_SMTP_USER="jo",
                       CONTACTPLAN_SMTP_PASSWORD="wrong-Pa55", CONTACTPLAN_SMTP_CA_FILE=str(certificate[0]))  # fmt: skip
        result = run("invite", case_file, env=env)
    assert result.returncode == 2
    assert "refused the user name or password" in result.stderr
    assert "wrong-Pa55" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert server.received == []


def test_an_unknown_certificate_is_refused(case_file: Path, certificate: tuple[Path, Path]) -> None:
    with SmtpServer(security="starttls", certificate=certificate) as server:
        result = run("invite", case_file, env=smtp_env(server, CONTACTPLAN_SMTP_SECURITY="starttls"))
    assert result.returncode == 2
    assert "certificate could not be verified" in result.stderr
    assert server.received == []


def test_implicit_tls(case_file: Path, certificate: tuple[Path, Path]) -> None:
    with SmtpServer(security="tls", certificate=certificate) as server:
        env = smtp_env(server, CONTACTPLAN_SMTP_SECURITY="tls", CONTACTPLAN_SMTP_CA_FILE=str(certificate[0]))
        result = run("invite", case_file, "--contact", "cc-03", env=env)
    assert result.returncode == 0, result.stderr
    assert len(server.received) == 2


# --------------------------------------------------------------------------
# Thunderbird's parser, where it is installed


def _icaljs() -> tuple[str, Path] | None:
    node = shutil.which("node")
    modules = os.environ.get("CONTACTPLAN_ICALJS")
    if node is None or not modules or not (Path(modules) / "ical.js").is_dir():
        return None
    return node, Path(modules)


READER_JS = """
const ICAL = require('ical.js');
const text = require('fs').readFileSync(0, 'utf8');
const calendar = new ICAL.Component(ICAL.parse(text));
for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent'));
console.log(JSON.stringify([calendar.getFirstPropertyValue('method'), event.startDate.toJSDate().toISOString()]));
"""


@pytest.mark.skipif(_icaljs() is None, reason="Node.js with ical.js not installed (set CONTACTPLAN_ICALJS)")
def test_icaljs_reads_the_invitation(case_file: Path) -> None:
    found = _icaljs()
    assert found is not None
    node, modules = found
    with SmtpServer() as server:
        run("invite", case_file, "--contact", "hv-01", env=smtp_env(server))
    _, data = calendar_part(server.received[0].message)
    result = subprocess.run([node, "-e", READER_JS], input=data.decode(), capture_output=True, text=True,
                            check=True, env={**os.environ, "NODE_PATH": str(modules)})  # fmt: skip
    method, start = json.loads(result.stdout)
    assert method == "REQUEST"
    assert start == "2030-03-05T10:00:00.000Z"


def test_a_server_without_starttls_gets_nothing_unencrypted(case_file: Path) -> None:
    with SmtpServer() as server:
        result = run("invite", case_file, env=smtp_env(server, CONTACTPLAN_SMTP_SECURITY="starttls"))
    assert result.returncode == 2
    assert "does not offer STARTTLS: nothing sent" in result.stderr
    assert server.received == []
