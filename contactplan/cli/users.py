"""``contactplan users``: accounts, their roles and teams (``docs/web.md``,
``docs/store.md``).

The password is read from standard input when it is not a terminal (one
line), else asked for twice without echo. It is stored only as an argon2
hash. Adding and changing accounts is for admins (``--as NAME``, as for
``contactplan db``); until a store has an admin account, whoever runs the
command on it may (that is how the first admin is added).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from . import DatabaseOption, app, command, fail, say, table
from .db import AsOption, acting, open_store

users_app = typer.Typer(
    name="users",
    help=(
        "Accounts for the web page and the command line: add a person with a role and a team, "
        "change them, list, disable or enable them, or set a new password."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(users_app, name="users")

NameArgument = Annotated[
    str, typer.Argument(metavar="NAME", help="The person's user name.", show_default=False)
]


def _password() -> str:
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        return line.removesuffix("\n").removesuffix("\r")
    import getpass

    first = getpass.getpass("Password (at least 12 characters): ")
    again = getpass.getpass("The same password again: ")
    if first != again:
        fail("the two passwords differ: nothing was saved")
    return first


RoleOption = Annotated[
    str,
    typer.Option(
        "--role",
        metavar="ROLE",
        help="practitioner or manager (their team's cases), admin (every case, the accounts), "
        "auditor (reads every case and the audit, changes nothing).",
    ),
]
TeamOption = Annotated[
    str | None,
    typer.Option("--team", metavar="TEAM", help="Their team (created when it is new).", show_default=False),
]


@command("add", group=users_app)
def add(
    name: NameArgument,
    database: DatabaseOption = None,
    role: RoleOption = "practitioner",
    team: TeamOption = None,
    no_password: Annotated[
        bool,
        typer.Option(
            "--no-password", help="Someone who signs in by single sign-on only: no password is asked for."
        ),
    ] = False,
    as_: AsOption = None,
) -> None:
    """Add an account with a role and a team (the password from standard
    input, or asked for). A practitioner or manager without a team sees no case."""
    from ..store.users import add_user, check_password, clean_name, clean_role, team_exists

    who = clean_name(name)
    clean_role(role)
    password = None if no_password else check_password(_password())
    with open_store(database) as store:
        actor = acting(store, as_)
        new_team = team is not None and not team_exists(store, team)
        add_user(
            store, who, password, role=role, team=team, actor=actor, source="sso" if no_password else "local"
        )
    where = f" in team {' '.join(team.split())}" + (" (a new team)" if new_team else "") if team else ""
    said = f"Added {who}, {role}{where}"
    if role in ("practitioner", "manager") and team is None:
        said += ": they see no case until they have a team (contactplan users set NAME --team TEAM)"
    elif no_password:
        said += ": they sign in by single sign-on"
    else:
        said += ": they can sign in to the web page"
    say(said + ".")


@command("set", group=users_app)
def set_(
    name: NameArgument,
    database: DatabaseOption = None,
    role: Annotated[
        str | None,
        typer.Option(
            "--role", metavar="ROLE", help="practitioner, manager, admin or auditor.", show_default=False
        ),
    ] = None,
    team: TeamOption = None,
    no_team: Annotated[bool, typer.Option("--no-team", help="Take them out of their team.")] = False,
    as_: AsOption = None,
) -> None:
    """Give an account another role or team (admins only)."""
    from ..errors import UsageError
    from ..store.users import clean_name, set_user

    who = clean_name(name)
    if role is None and team is None and not no_team:
        raise UsageError("give a new --role, a --team or --no-team")
    if team is not None and no_team:
        raise UsageError("give --team or --no-team, not both")
    with open_store(database) as store:
        account = set_user(store, who, role=role, team=team, no_team=no_team, actor=acting(store, as_))
    say(f"{account.name}: {account.role}, " + (f"team {account.team}." if account.team else "no team."))


@command("password", group=users_app)
def password(name: NameArgument, database: DatabaseOption = None, as_: AsOption = None) -> None:
    """Set a new password for someone who lost theirs (from standard input, or
    asked for): sessions opened with the old one end, a held account is released."""
    from ..store.users import check_password, clean_name, set_password

    who = clean_name(name)
    new = check_password(_password())
    with open_store(database) as store:
        set_password(store, who, new, actor=acting(store, as_))
    say(f"New password set for {who}: any session opened with the old one has ended.")


@command("disable", group=users_app)
def disable(name: NameArgument, database: DatabaseOption = None, as_: AsOption = None) -> None:
    """Disable an account: it can no longer sign in and its sessions end for
    good (nothing it saved is changed)."""
    from ..store.users import clean_name, disable_user

    who = clean_name(name)
    with open_store(database) as store:
        disable_user(store, who, actor=acting(store, as_))
    say(f"Disabled {who}: they can no longer sign in.")


@command("enable", group=users_app)
def enable(name: NameArgument, database: DatabaseOption = None, as_: AsOption = None) -> None:
    """Enable a disabled account again, with the password it had (no old session comes back)."""
    from ..store.users import clean_name, enable_user

    who = clean_name(name)
    with open_store(database) as store:
        enable_user(store, who, actor=acting(store, as_))
    say(f"Enabled {who}: they can sign in again.")


@command("list", group=users_app)
def list_accounts(database: DatabaseOption = None, as_: AsOption = None) -> None:
    """Every account: its name, whether it can sign in, when it was added,
    and (once a store uses them) its role and team."""
    from ..store.users import list_users

    with open_store(database) as store:
        accounts = list_users(store, actor=acting(store, as_))
    if not accounts:
        say("No accounts yet: add one with contactplan users add NAME", err=True)
        return
    if all(a.role == "practitioner" and a.team is None and a.source == "local" for a in accounts):
        # a store that uses no roles or teams (yet): the short list
        width = max(len(a.name) for a in accounts)
        for account in accounts:
            state = "disabled" if account.disabled else "enabled"
            say(f"{account.name:<{width}}  {state:<8}  added {account.created_at:%Y-%m-%d}")
        return
    rows = [
        [
            a.name,
            "disabled" if a.disabled else "enabled",
            a.role,
            a.team or "no team",
            "single sign-on" if a.source == "sso" else "password",
            f"{a.created_at:%Y-%m-%d}",
        ]
        for a in accounts
    ]
    say(table(rows, ["name", "state", "role", "team", "signs in with", "added"]))
