"""``contactplan publish``: events stored on a real CalDAV server (Radicale 3
on 127.0.0.1, a throwaway storage folder), read back with the right
instants, updated in place after a change, cancelled after a cancellation."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from servers import RadicaleServer
from test_invite import DATA, FAMILY, edit, run

from contactplan.calendar import event_uid

LONDON = ZoneInfo("Europe/London")
UIDS = {c: event_uid("CP-TEST-SEND", c) for c in ("hv-01", "of-02", "cc-03", "hv-04")}


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
    with RadicaleServer(tmp_path_factory.mktemp("radicale")) as server:
        yield server


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    target = tmp_path / "invite-case.yaml"
    shutil.copyfile(DATA, target)
    return target


def login(server: RadicaleServer, **more: str) -> dict[str, str]:
    return {"CONTACTPLAN_CALDAV_USER": server.user, "CONTACTPLAN_CALDAV_PASSWORD": server.password, **more}


def stored(server: RadicaleServer, url: str) -> dict[str, tuple[str, Calendar]]:
    """Each stored object by the UID of its event: (resource name, calendar)."""
    found = {}
    for name, data in server.events(url).items():
        calendar = Calendar.from_ical(data)
        events = list(calendar.walk("VEVENT"))
        assert len(events) == 1
        found[str(events[0]["UID"])] = (unquote(name), calendar)
    return found


def event_of(calendar: Calendar) -> object:
    return next(iter(calendar.walk("VEVENT")))


def test_each_contact_is_one_event_named_from_its_uid_without_method(
    radicale: RadicaleServer, case_file: Path
) -> None:
    url = radicale.make_calendar("First")
    result = run("publish", case_file, "--caldav", url, env=login(radicale))
    assert result.returncode == 0, result.stderr
    assert "4 events published (1 cancelled)" in result.stderr
    # publish still stores hv-04 and shows its finding, as `calendar --method publish` does
    assert "CP101" in result.stderr
    events = stored(radicale, url)
    assert set(events) == set(UIDS.values())
    for uid, (name, calendar) in events.items():
        assert name == f"{uid}.ics"
        assert "METHOD" not in calendar
        assert "ATTENDEE" not in event_of(calendar)  # type: ignore[operator]
        text = calendar.to_ical().decode()
        for secret in FAMILY:
            assert secret not in text
    hv = event_of(events[UIDS["hv-01"]][1])
    assert hv.decoded("DTSTART") == dt.datetime(2030, 3, 5, 10, 0, tzinfo=LONDON)  # type: ignore[attr-defined]
    summer = event_of(events[UIDS["of-02"]][1])
    start = summer.decoded("DTSTART")  # type: ignore[attr-defined]
    assert start == dt.datetime(2030, 7, 9, 14, 30, tzinfo=LONDON)
    assert start.astimezone(dt.UTC) == dt.datetime(2030, 7, 9, 13, 30, tzinfo=dt.UTC)  # BST
    assert str(event_of(events[UIDS["cc-03"]][1])["STATUS"]) == "CANCELLED"  # type: ignore[index]


def test_a_change_updates_the_event_in_place_and_a_cancellation_cancels_it(
    radicale: RadicaleServer, case_file: Path
) -> None:
    url = radicale.make_calendar("Second")
    run("publish", case_file, "--caldav", url, env=login(radicale))
    before = stored(radicale, url)
    edit(case_file, "start: 2030-03-05T10:00", "start: 2030-03-06T11:00\n    sequence: 1")
    result = run("publish", case_file, "--caldav", url, env=login(radicale))
    assert result.returncode == 0, result.stderr
    after = stored(radicale, url)
    assert {uid: name for uid, (name, _) in after.items()} == {uid: name for uid, (name, _) in before.items()}
    hv = event_of(after[UIDS["hv-01"]][1])
    assert int(hv["SEQUENCE"]) == 1  # type: ignore[index]
    assert hv.decoded("DTSTART") == dt.datetime(2030, 3, 6, 11, 0, tzinfo=LONDON)  # type: ignore[attr-defined]
    edit(case_file, "status: planned\n    practitioners:\n      - {name: Jo Smith, role: Social Worker, "
         "email: jo.smith@example.gov.uk}\n    attendees: [magda]",
         "status: cancelled\n    sequence: 1\n    practitioners:\n      - {name: Jo Smith, role: Social Worker, "
         "email: jo.smith@example.gov.uk}\n    attendees: [magda]")  # fmt: skip
    run("publish", case_file, "--caldav", url, env=login(radicale))
    last = stored(radicale, url)
    assert len(last) == 4
    office = event_of(last[UIDS["of-02"]][1])
    assert str(office["STATUS"]) == "CANCELLED"  # type: ignore[index]
    assert int(office["SEQUENCE"]) == 1  # type: ignore[index]


def test_a_calendar_chosen_by_name(radicale: RadicaleServer, case_file: Path) -> None:
    url = radicale.make_calendar("Team Visits")
    result = run(
        "publish", case_file, "--caldav", radicale.url, "--calendar", "Team Visits", env=login(radicale)
    )
    assert result.returncode == 0, result.stderr
    assert len(stored(radicale, url)) == 4
    missing = run("publish", case_file, "--caldav", radicale.url, "--calendar", "Nope", env=login(radicale))
    assert missing.returncode == 2
    assert "no calendar called 'Nope'" in missing.stderr
    assert "'Team Visits'" in missing.stderr


def test_credentials_from_netrc(radicale: RadicaleServer, case_file: Path, tmp_path: Path) -> None:
    url = radicale.make_calendar("Netrc")
    netrc = tmp_path / "netrc"
    netrc.write_text(f"machine 127.0.0.1 login {radicale.user} password {radicale.password}\n")
    netrc.chmod(0o600)
    result = run("publish", case_file, "--caldav", url, env={"NETRC": str(netrc)})
    assert result.returncode == 0, result.stderr
    assert len(stored(radicale, url)) == 4


def test_a_wrong_password_is_one_message_that_never_shows_it(
    radicale: RadicaleServer, case_file: Path
) -> None:
    url = radicale.make_calendar("Wrong")
    result = run("publish", case_file, "--caldav", url,
                 env=login(radicale, CONTACTPLAN_CALDAV_PASSWORD="not-Th1s-one"))  # fmt: skip
    assert result.returncode == 2
    assert "refused the user name or password" in result.stderr
    assert "not-Th1s-one" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    assert stored(radicale, url) == {}


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("https://alex:pw@dav.example.org/cal/", "no user name or password in the URL"),
        ("http://dav.example.org/cal/", "http:// would send case details unencrypted"),
        ("ftp://dav.example.org/", "is not an https:// URL"),
        ("not a url", "is not an https:// URL"),
    ],
)
def test_bad_urls_are_refused_before_anything_is_sent(case_file: Path, url: str, says: str) -> None:
    result = run("publish", case_file, "--caldav", url)
    assert result.returncode == 2
    assert says in result.stderr
    assert ":pw@" not in result.stderr
    assert "Traceback" not in result.stderr


def test_a_server_that_is_not_there(case_file: Path) -> None:
    from servers import free_port

    result = run("publish", case_file, "--caldav", f"http://127.0.0.1:{free_port()}/alex/cal/")
    assert result.returncode == 2
    assert "cannot reach the CalDAV server" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_address_that_is_not_a_calendar_stores_nothing(radicale: RadicaleServer, case_file: Path) -> None:
    radicale.make_calendar("Listed")
    home = f"{radicale.url}{radicale.user}/"
    result = run("publish", case_file, "--caldav", home, env=login(radicale))
    assert result.returncode == 2
    assert "is not a calendar" in result.stderr
    assert "'Listed'" in result.stderr
    missing = run("publish", case_file, "--caldav", f"{home}no-such-calendar/", env=login(radicale))
    assert missing.returncode == 2
    assert "no CalDAV calendar at" in missing.stderr
