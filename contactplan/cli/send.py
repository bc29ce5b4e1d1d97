"""``contactplan invite`` and ``contactplan publish``: calendar entries sent to
agency systems, by e-mail (iMIP) and to a CalDAV server."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import EXIT_FINDINGS, command, say, warn

if TYPE_CHECKING:
    import datetime as dt

    from ..findings import Finding
    from ..model import Case
    from ..sending.imip import Outgoing

PathsArgument = Annotated[
    list[Path],
    typer.Argument(
        metavar="PATH", help="Case files, or folders to search for *.yaml, *.yml, *.json.", show_default=False
    ),
]
IncludeNamesOption = Annotated[
    bool,
    typer.Option(
        "--include-names",
        help="Show family members' names, dates of birth and address (left out by default: "
        "calendars show on phones' lock screens, and e-mail is read by more people than you think).",
    ),
]


def _cases(paths: list[Path]) -> list[tuple[str, Case]]:
    from ..api import load_case
    from ..casefile import iter_case_files
    from ..errors import UsageError

    cases = [(str(path), load_case(path)) for path in iter_case_files(paths)]
    if not cases:
        raise UsageError(f"{', '.join(map(str, paths))}: no case files (*.yaml, *.yml, *.json) found")
    return cases


def _finding_line(name: str, finding: Finding) -> str:
    return f"{name}: {finding.code} [{finding.severity}] {finding.message} (contact: {finding.contact})"


@command()
def invite(
    paths: PathsArgument,
    contact: Annotated[
        str | None, typer.Option("--contact", metavar="ID", help="Only the contact with this id.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print each message instead of sending it; remember nothing.")
    ] = False,
    database: Annotated[
        str | None,
        typer.Option(
            "--database",
            metavar="URL",
            help="Remember what was sent in this store (default: $CONTACTPLAN_DATABASE_URL if set, "
            "else a file beside each case file).",
        ),
    ] = None,
    include_names: IncludeNamesOption = False,
) -> None:
    """Send invitations (iMIP, by e-mail) for planned contacts and cancellations
    for cancelled ones, to each practitioner and booked interpreter with an
    e-mail address (never to family members: they get letters). Sends only
    what changed since the last run. SMTP settings: CONTACTPLAN_SMTP_HOST,
    _PORT, _SECURITY (starttls, tls, none), _USER, _PASSWORD (see
    docs/calendar.md)."""
    import os

    from ..sending.imip import prepare, printable
    from ..sending.ledger import FileLedger, Ledger, StoreLedger
    from ..sending.smtp import SmtpSettings, send_all

    cases = _cases(paths)
    settings = None if dry_run else SmtpSettings.from_environment()
    url = database or os.environ.get("CONTACTPLAN_DATABASE_URL") or None
    with contextlib.ExitStack() as stack:
        ledger: Ledger
        if url:
            from ..store import Store

            ledger = StoreLedger(Store(url))
        else:
            ledger = stack.enter_context(FileLedger())
        plan = prepare(cases, ledger, contact_id=contact, include_names=include_names)
        for message in plan.warnings:
            warn(message)
        for name, finding in plan.refused:
            say(_finding_line(name, finding), err=True)
        if plan.refused:
            from ..calendar import InvitationRefused

            say(f"contactplan: error: {InvitationRefused(plan.refused)}", err=True)
        if dry_run:
            for outgoing in plan.messages:
                say(printable(outgoing.message))
            say(
                f"dry run: {len(plan.messages)} messages would be sent, {plan.up_to_date} recipients "
                "already have the latest version",
                err=True,
            )
        else:
            assert settings is not None

            def remember(outgoing: Outgoing, when: dt.datetime) -> None:
                say(
                    f"sent: {outgoing.method.upper()} {outgoing.source}: contact {outgoing.contact} "
                    f"to {outgoing.recipient}"
                )
                ledger.record_sent(
                    outgoing.source,
                    outgoing.uid,
                    outgoing.recipient,
                    outgoing.sequence,
                    outgoing.method,
                    when,
                )

            report = send_all(plan.messages, settings, remember)
            for outgoing, reason in report.refused:
                say(
                    f"contactplan: error: {outgoing.source}: contact {outgoing.contact}: the server "
                    f"refused the message to {outgoing.recipient}: {reason}",
                    err=True,
                )
            say(
                f"{len(report.sent)} messages sent, {plan.up_to_date} recipients already had the latest "
                "version",
                err=True,
            )
            if report.refused:
                raise typer.Exit(2)
    if plan.refused:
        raise typer.Exit(EXIT_FINDINGS)


@command()
def publish(
    paths: PathsArgument,
    caldav: Annotated[
        str,
        typer.Option(
            "--caldav",
            metavar="URL",
            help="The CalDAV calendar's URL (or the account's, with --calendar). Credentials: "
            "CONTACTPLAN_CALDAV_USER and CONTACTPLAN_CALDAV_PASSWORD, or ~/.netrc.",
        ),
    ],
    calendar: Annotated[
        str | None,
        typer.Option("--calendar", metavar="NAME", help="The calendar of the account with this name."),
    ] = None,
    include_names: IncludeNamesOption = False,
) -> None:
    """Publish the planned and cancelled contacts to a CalDAV calendar
    (Nextcloud, Radicale, Fastmail, ...): one event per contact, updated in
    place on each run, cancelled contacts marked cancelled."""
    from ..sending.publish import publish as publish_to

    cases = _cases(paths)
    report = publish_to(cases, url=caldav, calendar_name=calendar, include_names=include_names)
    for message in report.warnings:
        warn(message)
    for name, finding in report.findings:
        say(_finding_line(name, finding), err=True)
    cancelled = sum(1 for _, status in report.stored if status == "CANCELLED")
    say(
        f"{len(report.stored)} events published ({cancelled} cancelled) to {report.calendar_url or caldav}",
        err=True,
    )
