"""``contactplan users``: local accounts for the web page (``docs/web.md``).

The password is read from standard input when it is not a terminal (one
line), else asked for twice without echo. It is stored only as an argon2
hash.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from . import DatabaseOption, app, command, fail, say

users_app = typer.Typer(
    name="users",
    help=(
        "Local accounts for the web page (contactplan serve): add, list, disable or enable a "
        "person, or set a new password."
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


@command("add", group=users_app)
def add(name: NameArgument, database: DatabaseOption = None) -> None:
    """Add an account (the password from standard input, or asked for)."""
    from ..store import Store
    from ..store.users import add_user, check_password, clean_name

    who = clean_name(name)
    password = check_password(_password())
    with Store(database) as store:
        add_user(store, who, password)
    say(f"Added {who}: they can sign in to the web page.")


@command("password", group=users_app)
def password(name: NameArgument, database: DatabaseOption = None) -> None:
    """Set a new password for someone who lost theirs (from standard input, or
    asked for): sessions opened with the old one end, a held account is released."""
    from ..store import Store
    from ..store.users import check_password, clean_name, set_password

    who = clean_name(name)
    new = check_password(_password())
    with Store(database) as store:
        set_password(store, who, new)
    say(f"New password set for {who}: any session opened with the old one has ended.")


@command("disable", group=users_app)
def disable(name: NameArgument, database: DatabaseOption = None) -> None:
    """Disable an account: it can no longer sign in (nothing it saved is changed)."""
    from ..store import Store
    from ..store.users import clean_name, disable_user

    who = clean_name(name)
    with Store(database) as store:
        disable_user(store, who)
    say(f"Disabled {who}: they can no longer sign in.")


@command("enable", group=users_app)
def enable(name: NameArgument, database: DatabaseOption = None) -> None:
    """Enable a disabled account again, with the password it had."""
    from ..store import Store
    from ..store.users import clean_name, enable_user

    who = clean_name(name)
    with Store(database) as store:
        enable_user(store, who)
    say(f"Enabled {who}: they can sign in again.")


@command("list", group=users_app)
def list_accounts(database: DatabaseOption = None) -> None:
    """Every account: its name, whether it can sign in, and when it was added."""
    from ..store import Store
    from ..store.users import list_users

    with Store(database) as store:
        accounts = list_users(store)
    if not accounts:
        say("No accounts yet: add one with contactplan users add NAME", err=True)
    width = max((len(a.name) for a in accounts), default=0)
    for account in accounts:
        state = "disabled" if account.disabled else "enabled"
        say(f"{account.name:<{width}}  {state:<8}  added {account.created_at:%Y-%m-%d}")
