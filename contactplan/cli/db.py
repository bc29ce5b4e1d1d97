"""``contactplan db``: the shared record of cases (``docs/store.md``).

Every command takes ``--database URL``; without it ``CONTACTPLAN_DATABASE_URL``,
else the embedded SQLite store in the user's data folder. SQLAlchemy is
imported inside the commands: ``contactplan check`` never loads it.

Every command acts as someone (``--as NAME``, else ``CONTACTPLAN_USER``,
else the login name on this computer): it sees and changes only what that
account may, and what it reads, changes or is refused is recorded in the
store's audit, with the login and the computer it came from. A store with
no admin account yet belongs to whoever runs the command on it.
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
    warn,
)

if TYPE_CHECKING:
    from ..store import Store
    from ..store.access import Actor

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
        "--by",
        metavar="NAME",
        help="Who makes the change: the same as --as (default: your user name).",
        show_default=False,
    ),
]
AsOption = Annotated[
    str | None,
    typer.Option(
        "--as",
        metavar="NAME",
        help="The account to act as (default: CONTACTPLAN_USER, else your login name). Recorded in "
        "the audit with your login and computer.",
        show_default=False,
    ),
]
TeamOption = Annotated[
    str | None,
    typer.Option("--team", metavar="TEAM", help="The team the new cases belong to.", show_default=False),
]
ReasonOption = Annotated[
    str | None, typer.Option("--reason", metavar="TEXT", help="Why, for the history.", show_default=False)
]
ReferenceArgument = Annotated[
    str, typer.Argument(metavar="REF", help="The case's reference.", show_default=False)
]


def open_store(database: str | None, *, upgrade: bool = False) -> Store:
    from ..store import Store, resolve_url

    store = Store(resolve_url(database), upgrade=upgrade)
    for notice in store.notices:
        say(f"contactplan: note: {notice}", err=True)
    return store


def acting(store: Store, name: str | None, by: str | None = None) -> Actor:
    """Who the command line acts as in ``store`` (``--as``, else ``--by``,
    else ``CONTACTPLAN_USER``, else the login name); an account that may not
    is one message (and a refusal in the audit)."""
    from ..store.access import AccessError, Actor, command_line_address, command_line_name

    who = command_line_name(name or by)
    address = command_line_address()
    try:
        return store.acting(who, via="cli", address=address)
    except AccessError as exc:
        store.record(Actor(who, None, via="cli", address=address), "open", outcome="refused", detail=str(exc))
        raise AccessError(
            f"{exc}: the command line acts as {who!r}; name your account with --as NAME (or "
            "CONTACTPLAN_USER); an admin adds accounts with contactplan users add NAME --team TEAM "
            "--role ROLE"
        ) from None


@db_command("init")
def init(database: DatabaseOption = None) -> None:
    """Create the store's tables, or bring an older store up to date."""
    from ..store.users import list_users

    with open_store(database, upgrade=True) as store:
        say(f"contactplan store {store.location}: schema revision {store.revision} (up to date).")
        everyone = [a.name for a in list_users(store) if a.team == "everyone"]
        if everyone and not store.has_admin():
            say(
                f"contactplan: note: {len(everyone)} account(s) made before teams existed are in the team "
                "'everyone', with every case, so that nobody lost sight of a case: add an admin "
                "(contactplan users add NAME --role admin), then give each account its team "
                "(contactplan users set NAME --team TEAM) and move each case to its team "
                "(contactplan db move REF --team TEAM)",
                err=True,
            )


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
    team: TeamOption = None,
    as_: AsOption = None,
) -> None:
    """Import case files: each is read and checked like `check` reads it; all
    are imported, or none when one cannot be read. New cases go to --team
    (default: your team). Acknowledgements in the files are kept as coming
    from an imported file, imported by you, today."""
    from ..calendar.privacy import reference_names, screened_reference
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
    for case in cases:
        named = reference_names(case)
        if named:
            warn(
                f"{case.reference}: the case reference holds a family member's name or address "
                f"({', '.join(named)}): calendars and invitations show it as "
                f"{screened_reference(case)!r}; prefer a reference without names"
            )
    with open_store(database) as store:
        actor = acting(store, as_, by)
        results = store.import_cases(
            cases, reason=reason or "imported from a case file", replace=replace, actor=actor, team=team
        )
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
    as_: AsOption = None,
) -> None:
    """Write a case's newest version as a case file that reads back to the same case."""
    from ..files import write_atomic
    from ..store.document import case_json, case_yaml

    with open_store(database) as store:
        stored = store.load_stored(reference, actor=acting(store, as_), audit="export")
    _said_problems(stored.reference, stored.version, stored.problems)
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
    as_: AsOption = None,
) -> None:
    """The cases in the store (those you may see) with the counts of their
    findings (as checked when last saved), their team and whether they are
    restricted to named people."""
    from ..store import StoreError

    if status not in ("open", "closed", "archived", "all"):
        raise StoreError(f"--status: {status!r} is not open, closed, archived or all")
    with open_store(database) as store:
        summaries = store.list(status, actor=acting(store, as_))  # type: ignore[arg-type]
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
                    "team": s.team,
                    "restricted": s.restricted,
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
    header = ["case", "version", "status", "updated (UTC)", "by", "errors", "warnings", "checked on"]
    if any(s.team or s.restricted for s in summaries):
        header.append("team")
        for row, s in zip(rows, summaries, strict=True):
            row.append((s.team or "no team") + (", restricted" if s.restricted else ""))
    say(table(rows, header))


@db_command("history")
def history(
    reference: ReferenceArgument,
    database: DatabaseOption = None,
    format: FormatOption = TextOrJson.text,
    as_: AsOption = None,
) -> None:
    """Every version of a case: who saved it, when, why and what changed.
    Exit 2 when a version's stored document could not be read (it is named;
    the others are still shown)."""
    with open_store(database) as store:
        entries = store.history(reference, actor=acting(store, as_))
    broken = [e for e in entries if e.problem]
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
                    "problem": e.problem,
                }
                for e in entries
            ]
        )
    else:
        for e in entries:
            reason = f": {e.reason}" if e.reason else ""
            say(f"version {e.version}  {e.at:%Y-%m-%d %H:%M} UTC  {e.action} by {e.by}{reason}")
            if e.problem:
                say(f"    ({e.problem})")
            elif e.action in ("created", "saved"):
                for change in e.changes if e.action == "saved" else []:
                    say(f"    {change}")
                if e.action == "saved" and not e.changes:
                    say("    (no change to the case)")
    if broken:
        fail(
            f"{reference}: version {', '.join(str(e.version) for e in broken)} could not be read: its stored "
            "document is cut short or damaged (the other versions are shown)"
        )


@db_command("show")
def show(
    reference: ReferenceArgument,
    version: Annotated[
        int | None, typer.Option("--version", metavar="N", help="This version (default: the newest).", min=1)
    ] = None,
    database: DatabaseOption = None,
    as_: AsOption = None,
) -> None:
    """Print one version of a case as a case file, with who saved it, when and why."""
    with open_store(database) as store:
        actor = acting(store, as_)
        stored = store.load_stored(reference, version, actor=actor, audit="show")
        entry = next(
            e
            for e in store.history(reference, changes=False, actor=actor, audit=None)
            if e.version == stored.version
        )
    from ..store.document import case_yaml

    reason = f": {entry.reason}" if entry.reason else ""
    header = (
        f"{reference}, version {stored.version} ({entry.status}): {entry.action} by {entry.by} "
        f"at {entry.at:%Y-%m-%d %H:%M} UTC{reason}"
    )
    for problem in stored.problems:
        header += f"\nthis contactplan's reader refuses: {problem}"
    _said_problems(reference, stored.version, stored.problems)
    say(case_yaml(stored.case, header), nl=False)


def _said_problems(reference: str, version: int, problems: list[str]) -> None:
    for problem in problems:
        warn(
            f"{reference}: version {version} was saved under an earlier contactplan and this one's "
            f"reader refuses part of it: {problem}: it is shown as saved; correct it before importing "
            "it again"
        )


@db_command("close")
def close(
    reference: ReferenceArgument,
    database: DatabaseOption = None,
    by: ByOption = None,
    reason: ReasonOption = None,
    archive: Annotated[
        bool, typer.Option("--archive", help="Archive the case rather than close it.")
    ] = False,
    as_: AsOption = None,
) -> None:
    """Close (or archive) a case: it leaves the caseload; nothing is deleted."""
    with open_store(database) as store:
        version = store.close_case(
            reference, reason=reason, status="archived" if archive else "closed", actor=acting(store, as_, by)
        )
    say(f"{reference}: {'archived' if archive else 'closed'} (version {version}).")


@db_command("reopen")
def reopen(
    reference: ReferenceArgument,
    database: DatabaseOption = None,
    by: ByOption = None,
    reason: ReasonOption = None,
    as_: AsOption = None,
) -> None:
    """Open a closed or archived case again."""
    with open_store(database) as store:
        version = store.reopen_case(reference, reason=reason, actor=acting(store, as_, by))
    say(f"{reference}: open again (version {version}).")


@db_command("check")
def check(
    database: DatabaseOption = None,
    format: FormatOption = TextOrJson.text,
    today: TodayOption = None,
    select: SelectOption = None,
    ignore: IgnoreOption = None,
    policy: PolicyOption = None,
    as_: AsOption = None,
) -> None:
    """Check every open case in the store (those you may see), and the
    caseload across them (CP701: an interpreter booked twice at once). A case
    that can't be read is named and counted, and every other case is still
    checked. Exit 0: no errors; 1: at least one error; 2: the store or a
    case could not be read."""

    from ..checks import parse_policy
    from ..store import check_store
    from .check import print_report

    overrides = parse_policy(policy or [])
    with open_store(database) as store:
        report = check_store(
            store,
            today=today,
            policy=overrides,
            select=[select] if select else [],
            ignore=[ignore] if ignore else [],
            actor=acting(store, as_),
        )
        if today is None and not select and not ignore and not overrides:
            # The stored findings (the caseload counts of `db list` and the
            # web page) are brought up to date once a day.
            day = clock.today()
            store.refresh_findings(((c.reference, c.version, c.own) for c in report.cases), day)
    print_report(report, format)


@db_command("move")
def move(
    reference: ReferenceArgument,
    team: Annotated[
        str | None,
        typer.Option("--team", metavar="TEAM", help="The team the case goes to.", show_default=False),
    ] = None,
    no_team: Annotated[
        bool, typer.Option("--no-team", help="Take the case out of every team (admins and auditors see it).")
    ] = False,
    database: DatabaseOption = None,
    as_: AsOption = None,
) -> None:
    """Give a case to another team (admins only): its practitioners and
    managers see it from then on, the old team's no longer do."""
    from ..errors import UsageError

    if (team is None) == (not no_team):
        raise UsageError("give the team the case goes to (--team TEAM), or --no-team")
    with open_store(database) as store:
        before = store.move_case(reference, None if no_team else team, actor=acting(store, as_))
    say(f"{reference}: moved from {before or 'no team'} to {team or 'no team'}.")


@db_command("restrict")
def restrict(
    reference: ReferenceArgument,
    to: Annotated[
        list[str] | None,
        typer.Option(
            "--to",
            metavar="NAME",
            help="An account that may see the case (give --to once for each).",
            show_default=False,
        ),
    ] = None,
    lift: Annotated[
        bool, typer.Option("--lift", help="Lift the restriction: the team sees it again.")
    ] = False,
    database: DatabaseOption = None,
    as_: AsOption = None,
) -> None:
    """Restrict a case to named people (admins, or a manager of its team):
    only they (and admins and auditors) see it, whatever their team; --lift
    gives it back to its team."""
    from ..errors import UsageError

    if bool(to) == lift:
        raise UsageError("name who may see the case (--to NAME, once for each), or --lift")
    with open_store(database) as store:
        names = store.restrict_case(reference, [] if lift else list(to or []), actor=acting(store, as_))
    if names:
        say(f"{reference}: restricted to {', '.join(names)} (and admins and auditors).")
    else:
        say(f"{reference}: no longer restricted: its team sees it.")


@db_command("audit")
def audit(
    reference: Annotated[
        str | None, typer.Argument(metavar="[REF]", help="Only this case.", show_default=False)
    ] = None,
    user: Annotated[
        str | None,
        typer.Option("--user", metavar="NAME", help="Only what this account did.", show_default=False),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help="Only from this day on (YYYY-MM-DD, UTC).", show_default=False
        ),
    ] = None,
    format: FormatOption = TextOrJson.text,
    database: DatabaseOption = None,
    as_: AsOption = None,
) -> None:
    """Who saw and changed what, when and from where, refused attempts too
    (admins and auditors). Nothing ever changes or deletes it."""
    import datetime as dt

    from ..errors import UsageError

    start = None
    if since is not None:
        try:
            start = dt.datetime.combine(dt.date.fromisoformat(since), dt.time(), dt.UTC)
        except ValueError:
            raise UsageError(f"--since: {since!r} is not a date written as YYYY-MM-DD") from None
    with open_store(database) as store:
        entries = store.audit_entries(actor=acting(store, as_), reference=reference, user=user, since=start)
    if format is TextOrJson.json:
        print_json([e.as_dict() for e in entries])
        return
    if not entries:
        say("Nothing in the audit" + (f" about {reference}" if reference else "") + ".")
        return
    rows = [
        [
            f"{e.at:%Y-%m-%d %H:%M:%S}",
            e.actor,
            e.role or "",
            f"{e.via} {e.address or ''}".strip(),
            e.action,
            e.reference or "",
            "" if e.version is None else str(e.version),
            e.outcome,
            e.detail or "",
        ]
        for e in entries
    ]
    say(table(rows, ["when (UTC)", "who", "role", "from", "did", "case", "version", "outcome", "detail"]))
