"""``contactplan calendar``: iCalendar files for agency calendars."""

from __future__ import annotations

import datetime as dt
import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from ..findings import Finding

from . import EXIT_FINDINGS, _parse_date, command, say, warn

StartedTodayOption = Annotated[
    dt.date | None,
    typer.Option(
        "--today",
        metavar="DATE",
        parser=_parse_date,
        help="The day that counts as today: a contact that started before it gets no invitation "
        "(default: now).",
    ),
]


class CalendarMethod(enum.StrEnum):
    publish = "publish"
    request = "request"
    cancel = "cancel"


@command()
def calendar(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH",
            help="Case files, or folders to search for *.yaml, *.yml, *.json.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="Write to FILE (mode 0600; - for standard output), not to the screen.",
        ),
    ] = None,
    contact: Annotated[
        str | None, typer.Option("--contact", metavar="ID", help="Only the contact with this id.")
    ] = None,
    method: Annotated[
        CalendarMethod,
        typer.Option(
            "--method",
            help="publish: a file to import or subscribe to; request: invitations for planned "
            "contacts; cancel: cancellations.",
        ),
    ] = CalendarMethod.publish,
    include_names: Annotated[
        bool,
        typer.Option(
            "--include-names",
            help="Show family members' names, dates of birth and address (left out by default: "
            "calendars show on phones' lock screens).",
        ),
    ] = False,
    today: StartedTodayOption = None,
) -> None:
    """Write an iCalendar file of the planned and cancelled contacts, with
    interpreter bookings, the time alone with each child and a reminder to
    confirm the interpreter. Invitations (--method request) are decided
    contact by contact: none for a contact that has already started or has
    an error that would book the wrong interpreter or confirm an unsafe plan
    (each reported; exit 1 when any was refused); the others are written."""
    from ..api import export_calendar, load_case
    from ..casefile import iter_case_files
    from ..errors import UsageError
    from ..files import write_output

    cases = [(str(path), load_case(path)) for path in iter_case_files(paths)]
    if not cases:
        raise UsageError(f"{', '.join(map(str, paths))}: no case files (*.yaml, *.yml, *.json) found")
    result = export_calendar(
        cases, method=method.value, contact=contact, include_names=include_names, today=today
    )
    for message in result.warnings:
        warn(message)
    for skipped in result.skipped:
        say(f"contactplan: skipped: {skipped}", err=True)
    for name, finding in result.findings:
        say(_finding_line(name, finding), err=True)
    if output is None:
        typer.echo(result.data, nl=False)
    else:
        write_output(output, result.data)  # `-o -`: standard output
    if result.refused:
        from ..calendar import InvitationRefused

        for name, finding in result.refused:
            say(_finding_line(name, finding), err=True)
        say(f"contactplan: error: {InvitationRefused(result.refused)}", err=True)
        written = result.events
        say(
            f"contactplan: {written} invitation{'s' if written != 1 else ''} written for the other contacts",
            err=True,
        )
        raise typer.Exit(EXIT_FINDINGS)


def _finding_line(name: str, finding: Finding) -> str:
    """``FILE: CODE [severity] message (contact: ID)``, as ``check`` prints it."""
    return f"{name}: {finding.code} [{finding.severity}] {finding.message} (contact: {finding.contact})"
