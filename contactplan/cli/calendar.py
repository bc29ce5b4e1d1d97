"""``contactplan calendar``: iCalendar files for agency calendars."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from . import command, warn


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
        typer.Option("-o", "--output", metavar="FILE", help="Write to FILE (mode 0600), not to the screen."),
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
) -> None:
    """Write an iCalendar file of the planned and cancelled contacts, with
    interpreter bookings, the time alone with each child and a reminder to
    confirm the interpreter."""
    from ..api import export_calendar, load_case
    from ..casefile import iter_case_files
    from ..errors import UsageError
    from ..files import write_atomic

    cases = [(str(path), load_case(path)) for path in iter_case_files(paths)]
    if not cases:
        raise UsageError(f"{', '.join(map(str, paths))}: no case files (*.yaml, *.yml, *.json) found")
    result = export_calendar(cases, method=method.value, contact=contact, include_names=include_names)
    for message in result.warnings:
        warn(message)
    if output is None:
        typer.echo(result.data, nl=False)
    else:
        write_atomic(output, result.data)
