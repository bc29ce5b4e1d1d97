"""Publishing contacts to a CalDAV calendar (RFC 4791) with the ``caldav`` library.

* one calendar object resource per event, named from its UID
  (``<uid>.ics``), so a later run updates it in place;
* no METHOD in stored objects (RFC 4791 §4.1): the event as ``calendar
  --method publish`` writes it (ORGANIZER, no ATTENDEE, so a server that
  schedules never mails anyone), with the VTIMEZONE it uses;
* a cancelled contact is stored again with STATUS:CANCELLED, never deleted:
  the cancellation shows in everyone's calendar;
* credentials from ``CONTACTPLAN_CALDAV_USER`` and
  ``CONTACTPLAN_CALDAV_PASSWORD``, else from ``~/.netrc`` (or ``$NETRC``)
  for the server's host name; never from the URL;
* ``https://`` only, except for a server on this machine.
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import SendError, redact
from .smtp import LOCAL_HOSTS

if TYPE_CHECKING:
    from ..calendar import CalendarExport
    from ..findings import Finding
    from ..model import Case

__all__ = ["Credentials", "PublishReport", "credentials", "publish", "resources"]

ENV_USER = "CONTACTPLAN_CALDAV_USER"
ENV_PASSWORD = "CONTACTPLAN_CALDAV_PASSWORD"
TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Credentials:
    user: str | None = None
    password: str | None = field(default=None, repr=False)


@dataclass
class PublishReport:
    #: ``(uid, status)`` of each event stored, in order.
    stored: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    findings: list[tuple[str, Finding]] = field(default_factory=list)
    calendar_url: str = ""


def check_url(url: str) -> urllib.parse.SplitResult:
    """The CalDAV URL, or :class:`SendError` saying what is wrong with it."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise SendError(f"--caldav: {_shown(url)!r} is not a URL") from None
    if parts.scheme not in ("https", "http") or not host:
        raise SendError(f"--caldav: {_shown(url)!r} is not an https:// URL of a CalDAV server")
    if parts.username is not None or parts.password is not None:
        raise SendError(
            f"--caldav: {_shown(url)!r}: no user name or password in the URL; set {ENV_USER} and "
            f"{ENV_PASSWORD}, or use ~/.netrc"
        )
    if parts.scheme == "http" and host.lower() not in LOCAL_HOSTS:
        raise SendError(
            f"--caldav: {_shown(url)!r}: http:// would send case details unencrypted; use https:// "
            "(http:// only for a server on this machine)"
        )
    return parts


def _shown(url: str) -> str:
    """A URL to show: any user information replaced."""
    head, sep, tail = url.partition("://")
    if sep and "@" in tail.split("/", 1)[0]:
        tail = "***@" + tail.split("@", 1)[1]
    return head + sep + tail


def credentials(url: str, environ: Mapping[str, str] | None = None) -> Credentials:
    """From ``CONTACTPLAN_CALDAV_USER`` and ``_PASSWORD``, else the netrc
    entry of the URL's host, else none (a server that needs no login)."""
    env = os.environ if environ is None else environ
    user, password = env.get(ENV_USER) or None, env.get(ENV_PASSWORD) or None
    if user or password:
        if not (user and password):
            raise SendError(f"{ENV_USER} and {ENV_PASSWORD}: set both, or neither (then ~/.netrc is used)")
        return Credentials(user, password)
    import netrc

    host = urllib.parse.urlsplit(url).hostname or ""
    file = env.get("NETRC") or os.path.join(os.path.expanduser("~"), ".netrc")
    if not os.path.isfile(file):
        return Credentials()
    try:
        entry = netrc.netrc(file).authenticators(host)
    except (netrc.NetrcParseError, OSError) as exc:
        reason = exc.msg if isinstance(exc, netrc.NetrcParseError) else (exc.strerror or str(exc))
        raise SendError(f"{file}: cannot be read: {reason}") from None
    if entry is None:
        return Credentials()
    login, _, secret = entry
    return Credentials(login or None, secret or None)


def resources(export: CalendarExport) -> list[tuple[str, str, bytes]]:
    """``(uid, status, data)`` for each event of a PUBLISH calendar: a
    calendar of its own with that event and the time zones it uses, no METHOD."""
    from icalendar import Calendar

    whole = Calendar.from_ical(export.data)
    zones = {str(z["TZID"]): z for z in whole.walk("VTIMEZONE")}
    found = []
    for event in whole.walk("VEVENT"):
        single = Calendar()
        for key, value in whole.items():
            if key != "METHOD":
                single[key] = value
        used = {
            str(event[name].params["TZID"])
            for name in ("DTSTART", "DTEND")
            if name in event and "TZID" in event[name].params
        }
        for tzid in sorted(used):
            if tzid in zones:
                single.add_component(zones[tzid])
        single.add_component(event)
        found.append((str(event["UID"]), str(event.get("STATUS", "")), single.to_ical()))
    return found


def publish(
    cases: Sequence[tuple[str, Case]],
    *,
    url: str,
    calendar_name: str | None = None,
    include_names: bool = False,
    login: Credentials | None = None,
) -> PublishReport:
    """Store each planned and cancelled contact of the ``(file name, case)``
    pairs as an event of the CalDAV calendar at ``url`` (or the calendar
    called ``calendar_name`` of the account at ``url``)."""
    from ..calendar import Method, export

    check_url(url)
    made = export(cases, method=Method.publish, include_names=include_names)
    report = PublishReport(warnings=list(made.warnings), findings=list(made.findings))
    items = resources(made)
    if not items:
        return report
    login = login if login is not None else credentials(url)
    try:
        _store(url, calendar_name, login, items, report)
    except SendError:
        raise
    except Exception as exc:  # the caldav library and its HTTP client raise many kinds
        raise SendError(_caldav_message(exc, url, login, report)) from None
    return report


def _store(
    url: str,
    calendar_name: str | None,
    login: Credentials,
    items: list[tuple[str, str, bytes]],
    report: PublishReport,
) -> None:
    from caldav.calendarobjectresource import Event
    from caldav.davclient import DAVClient

    with DAVClient(url=url, username=login.user, password=login.password, timeout=TIMEOUT_SECONDS) as client:
        target = _calendar(client, url, calendar_name)
        report.calendar_url = str(target.url)
        for uid, status, data in items:
            resource = Event(client=client, parent=target)
            resource.save(raw_data=data)
            report.stored.append((uid, status))


_CALENDAR_TYPE = "{urn:ietf:params:xml:ns:caldav}calendar"


def _calendar(client: Any, url: str, calendar_name: str | None) -> Any:
    """The calendar collection to store in: checked to be one (RFC 4791
    §4.2), so that events never land in an account's home or another folder."""
    from caldav.elements import dav

    if calendar_name is None:
        target = client.calendar(url=url)
        found = target.get_properties([dav.ResourceType()]).get("{DAV:}resourcetype") or []
        if _CALENDAR_TYPE in (found if isinstance(found, list) else [found]):
            return target
        names = _names(client.principal().calendars())
        listed = ", ".join(repr(n) for n in sorted(names)) or "none"
        raise SendError(
            f"--caldav: {_shown(url)} is not a calendar: give a calendar's address, or this account's "
            f"address with --calendar NAME (calendars: {listed}); nothing published"
        )
    names = _names(client.principal().calendars())
    if calendar_name in names:
        return names[calendar_name]
    folded = {name.casefold(): found for name, found in names.items()}
    if calendar_name.casefold() in folded:
        return folded[calendar_name.casefold()]
    listed = ", ".join(repr(n) for n in sorted(names)) or "none"
    raise SendError(
        f"--calendar: no calendar called {calendar_name!r} at {_shown(url)} (calendars: {listed}); "
        "nothing published"
    )


def _names(calendars: list[Any]) -> dict[str, Any]:
    """Each calendar by the name calendar programs show (else the last part of its address)."""
    names = {}
    for calendar in calendars:
        shown = calendar.get_display_name() or str(calendar.url).rstrip("/").rsplit("/", 1)[-1]
        names[str(shown)] = calendar
    return names


def _caldav_message(exc: Exception, url: str, login: Credentials, report: PublishReport) -> str:
    from caldav.lib import error

    done = f"{len(report.stored)} events published before it failed; " if report.stored else ""
    where = _shown(url)
    status = _status(exc)
    if status == 403:
        what = (
            f"the CalDAV server at {where} does not let this account store events there (403 Forbidden): "
            "check --caldav and --calendar, and that the calendar is shared with write access"
        )
    elif isinstance(exc, error.AuthorizationError) or status == 401:
        what = (
            f"the CalDAV server at {where} refused the user name or password "
            f"({ENV_USER}, {ENV_PASSWORD} or ~/.netrc)"
        )
    elif isinstance(exc, error.NotFoundError) or status in (404, 409):
        what = f"no CalDAV calendar at {where} (check --caldav and --calendar)"
    elif isinstance(exc, error.DAVError):
        what = f"the CalDAV server at {where} refused: {_first_line(exc)}"
    else:
        what = f"cannot reach the CalDAV server at {where}: {_first_line(exc)}"
    return redact(f"{what}; {done}run the command again when it is fixed", login.password)


def _status(exc: Exception) -> int | None:
    """The HTTP status a caldav error reports (its message starts ``... at '403 Forbidden``)."""
    import re

    found = re.search(r"\b(4\d\d) [A-Z]", str(exc))
    return int(found.group(1)) if found else None


_KNOWN = (
    ("connection refused", "connection refused"),
    ("name or service not known", "unknown host name"),
    ("nodename nor servname", "unknown host name"),
    ("temporary failure in name resolution", "unknown host name"),
    ("certificate verify failed", "its certificate could not be verified"),
    ("timed out", "no answer (timed out)"),
)


def _first_line(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    for clue, meaning in _KNOWN:
        if clue in text.casefold():
            return meaning
    name = type(exc).__name__
    if not text:
        return name
    return text[:300] + ("..." if len(text) > 300 else "")
