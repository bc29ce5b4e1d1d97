"""``contactplan db``: the shared record of cases (``docs/store.md``).

Every command takes ``--database URL``; without it ``CONTACTPLAN_DATABASE_URL``,
else the embedded SQLite store in the user's data folder. SQLAlchemy is
imported inside the commands: ``contactplan check`` never loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer

from .. import clock
from ..errors import ContactplanError
from . import (
    DatabaseOption,
    FormatOption,
    IgnoreOption,
    PolicyOption,
    SelectOption,
    TextOrJson,
    TodayOption,
    app,
    command,
    fail,
    print_json,
    say,
    table,
)

if TYPE_CHECKING:
    from ..store import Store

db_app = typer.Typer(
    name="db",
    help=(
        "The shared record of cases: SQLite by default, PostgreSQL for a team. Every save is "
        "a new version; nothing is ever deleted."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(db_app, name="db")

P = ParamSpec("P")
R = TypeVar("R")


def db_command(*args: Any, **kwargs: Any) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A ``db`` subcommand (:func:`contactplan.cli.command` on ``db_app``)."""
    return command(*args, group=db_app, **kwargs)


ByOption = Annotated[
    str | None,
    typer.Option(
        "--by", metavar="NAME", help="Who makes the change (default: your user name).", show_default=False
    ),
]
ReasonOption = Annotated[
    str | None, typer.Option("--reason", metavar="TEXT", help="Why, for the history.", show_default=False)
]
ReferenceArgument = Annotated[
    str, typer.Argument(metavar="REF", help="The case's reference.", show_default=False)
]


def _open(database: str | None, *, upgrade: bool = False) -> Store:
    from ..store import Store, resolve_url

    return Store(resolve_url(database), upgrade=upgrade)


@db_command("init")
def init(database: DatabaseOption = None) -> None:
    """Create the store's tables, or bring an older store up to date."""
    with _open(database, upgrade=True) as store:
        say(f"contactplan store {store.location}: schema revision {store.revision} (up to date).")


@db_command("import")
def import_(
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE", help="Case files (YAML or JSON).", show_default=False)
    ],
    database: DatabaseOption = None,
    by: ByOption = None,
    reason: ReasonOption = None,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Save a file whose case is already stored as its new version."),
    ] = False,
) -> None:
    """Import case files: each is read and checked like `check` reads it; all
    are imported, or none when one cannot be read."""
    from ..casefile import iter_case_files, load_case

    cases, problems = [], []
    for path in iter_case_files(files):
        try:
            cases.append(load_case(path))
        except ContactplanError as exc:
            problems.append(exc)
    for problem in problems:
        say(f"contactplan: error: {problem}", err=True)
    if problems:
        fail(f"nothing imported: {len(problems)} of {len(problems) + len(cases)} files could not be read")
    if not cases:
        fail(f"no case files (*.yaml, *.yml, *.json) in {', '.join(str(f) for f in files)}")
    with _open(database) as store:
        results = store.import_cases(cases, by, reason or "imported from a case file", replace=replace)
    for reference, version, what in results:
        say(f"{reference}: version {version} ({what})")
    created = sum(1 for *_, what in results if what == "created")
    saved = sum(1 for *_, what in results if what == "saved")
    say(
        f"{len(results)} cases: {created} new, {saved} new versions, "
        f"{len(results) - created - saved} unchanged."
    )


@db_command("export")
def export(
    reference: ReferenceArgument,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", metavar="FILE", help="Write here (.json: JSON; else YAML). Default: stdout."
        ),
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Write a case's newest version as a case file that reads back to the same case."""
    from ..files import write_atomic
    from ..store.document import case_json, case_yaml

    with _open(database) as store:
        stored = store.load_stored(reference)
    if output is not None and output.suffix.lower() == ".json":
        text = case_json(stored.case)
    else:
        text = case_yaml(
            stored.case, f"{reference}, version {stored.version} ({stored.status}), from {store.location}"
        )
    if output is None:
        typer.echo(text, nl=False)
        return
    write_atomic(output, text)
    say(f"Wrote {reference} version {stored.version} to {output}.")


@db_command("list")
def list_(
    database: DatabaseOption = None,
    status: Annotated[
        str, typer.Option("--status", metavar="STATUS", help="open, closed, archived or all.")
    ] = "open",
    format: FormatOption = TextOrJson.text,
) -> None:
    """The cases in the store with the counts of their findings (as checked when last saved)."""
    from ..store import StoreError

    if status not in ("open", "closed", "archived", "all"):
        raise StoreError(f"--status: {status!r} is not open, closed, archived or all")
    with _open(database) as store:
        summaries = store.list(status)  # type: ignore[arg-type]
    if format is TextOrJson.json:
        print_json(
            [
                {
                    "case": s.reference,
                    "version": s.version,
                    "status": s.status,
                    "updated_at": s.updated_at.isoformat(),
                    "updated_by": s.updated_by,
                    "errors": s.errors,
                    "warnings": s.warnings,
                    "info": s.info,
                    "acknowledged": s.acknowledged,
                    "checked_on": s.checked_on.isoformat() if s.checked_on else None,
                }
                for s in summaries
            ]
        )
        return
    if not summaries:
        say(f"No {'' if status == 'all' else status + ' '}cases in {store.location}.")
        return
    rows = [
        [
            s.reference,
            str(s.version),
            s.status,
            f"{s.updated_at:%Y-%m-%d %H:%M}",
            s.updated_by,
            str(s.errors),
            str(s.warnings),
            str(s.checked_on or ""),
        ]
        for s in summaries
    ]
    say(table(rows, ["case", "version", "status", "updated (UTC)", "by", "errors", "warnings", "checked on"]))


@db_command("history")
def history(
    reference: ReferenceArgument, database: DatabaseOption = None, format: FormatOption = TextOrJson.text
) -> None:
    """Every version of a case: who saved it, when, why and what changed."""
    with _open(database) as store:
        entries = store.history(reference)
    if format is TextOrJson.json:
        print_json(
            [
                {
                    "version": e.version,
                    "action": e.action,
                    "status": e.status,
                    "by": e.by,
                    "at": e.at.isoformat(),
                    "reason": e.reason,
                    "changes": e.changes,
                }
                for e in entries
            ]
        )
        return
    for e in entries:
        reason = f": {e.reason}" if e.reason else ""
        say(f"version {e.version}  {e.at:%Y-%m-%d %H:%M} UTC  {e.action} by {e.by}{reason}")
        if e.action in ("created", "saved"):
            for change in e.changes if e.action == "saved" else []:
                say(f"    {change}")
            if e.action == "saved" and not e.changes:
                say("    (no change to the case)")


@db_command("show")
def show(
    reference: ReferenceArgument,
    version: Annotated[
        int | None, typer.Option("--version", metavar="N", help="This version (default: the newest).", min=1)
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Print one version of a case as a case file, with who saved it, when and why."""
    with _open(database) as store:
        stored = store.load_stored(reference, version)
        entry = next(e for e in store.history(reference, changes=False) if e.version == stored.version)
    from ..store.document import case_yaml

    reason = f": {entry.reason}" if entry.reason else ""
    header = (
        f"{reference}, version {stored.version} ({entry.status}): {entry.action} by {entry.by} "
        f"at {entry.at:%Y-%m-%d %H:%M} UTC{reason}"
    )
    say(case_yaml(stored.case, header), nl=False)


@db_command("close")
def close(
    reference: ReferenceArgument,
    database: DatabaseOption = None,
    by: ByOption = None,
    reason: ReasonOption = None,
    archive: Annotated[
        bool, typer.Option("--archive", help="Archive the case rather than close it.")
    ] = False,
) -> None:
    """Close (or archive) a case: it leaves the caseload; nothing is deleted."""
    with _open(database) as store:
        version = store.close_case(reference, by, reason, status="archived" if archive else "closed")
    say(f"{reference}: {'archived' if archive else 'closed'} (version {version}).")


@db_command("reopen")
def reopen(
    reference: ReferenceArgument,
    database: DatabaseOption = None,
    by: ByOption = None,
    reason: ReasonOption = None,
) -> None:
    """Open a closed or archived case again."""
    with _open(database) as store:
        version = store.reopen_case(reference, by, reason)
    say(f"{reference}: open again (version {version}).")


@db_command("check")
def check(
    database: DatabaseOption = None,
    format: FormatOption = TextOrJson.text,
    today: TodayOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    policy: PolicyOption = None,
) -> None:
    """Check every open case in the store, and the caseload across them
    (CP701: an interpreter booked twice at once). Exit 0: no errors; 1: at
    least one error; 2: the store or a case could not be read."""

    from ..checks import parse_policy
    from ..store import check_store
    from .check import print_report

    overrides = parse_policy(policy or [])
    with _open(database) as store:
        report = check_store(
            store,
            today=today,
            policy=overrides,
            select=[select] if select else [],
            ignore=[ignore] if ignore else [],
        )
        if today is None and not select and not ignore and not overrides:
            # The stored findings (the caseload counts of `db list` and the
            # web page) are brought up to date once a day.
            day = clock.today()
            store.refresh_findings(((c.reference, c.version, c.own) for c in report.cases), day)
    print_report(report, format)
