"""``contactplan due``: the team's list of what each case needs next."""

# No `from __future__ import annotations`: typer reads the annotations of every
# command when it runs (see contactplan.cli).
from pathlib import Path
from typing import Annotated

import typer

from ..checks.due import DueItem
from ..wording import terminal_safe
from . import (
    EXIT_CLEAN,
    DatabaseOption,
    FormatOption,
    TextOrJson,
    TodayOption,
    command,
    fail,
    print_json,
    say,
    use_colour,
)


def due_line(item: DueItem, colour: bool = False) -> str:
    """``CASE: CODE [overdue, due DATE] message (member: x, contact: y)``:
    one line, every value from a case file made terminal-safe."""
    when = f"overdue, due {item.due.isoformat()}" if item.overdue else f"due {item.due.isoformat()}"
    labelled = (("member", item.member), ("contact", item.contact))
    ids = ", ".join(f"{label}: {value}" for label, value in labelled if value is not None)
    message = terminal_safe(item.message)
    tag = f"[{when}]"
    if colour and item.overdue:
        tag = typer.style(tag, fg="red", bold=True)
    line = f"{terminal_safe(item.case)}: {item.code} {tag} {message}"
    return f"{line} ({terminal_safe(ids)})" if ids else line


@command()
def due(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="[PATH]...",
            help="Case files, or folders holding *.yaml, *.yml, *.json (or --database).",
            show_default=False,
        ),
    ] = None,
    database: DatabaseOption = None,
    today: TodayOption = None,
    within: Annotated[
        int,
        typer.Option(
            "--within",
            metavar="DAYS",
            min=0,
            max=260,
            help="Also list what falls due within this many working days (default 5).",
        ),
    ] = 5,
    format: FormatOption = TextOrJson.text,
) -> None:
    """What each case needs next, most urgent first: outcomes to record
    (CP504), visits to children on a plan (CP206), time alone with each
    child (CP203) and interpreters to confirm (CP113), each with the date it
    is due. Exit 0: nothing overdue; 1: something is; 2: a case could not be
    read."""
    from ..api import due_for_cases, due_for_paths

    if paths and database is not None:
        fail("give case files or --database, not both")
    if paths:
        report = due_for_paths(paths, today=today, within=within)
    else:
        from ..store import Store, resolve_url

        with Store(resolve_url(database)) as store:
            report = due_for_cases((s.case for s in store.open_cases()), today=today, within=within)
    for problem in report.unreadable:
        say(f"contactplan: error: {problem}", err=True)
    if format is TextOrJson.json:
        print_json(report.as_json())
    else:
        colour = use_colour()
        lines = [due_line(item, colour) for item in report.items]
        if lines:
            typer.echo("\n".join(lines), color=colour)
        say(report.summary(within))
    if report.exit_status != EXIT_CLEAN:
        raise typer.Exit(report.exit_status)
