"""``contactplan users``: local accounts for the web page (``docs/web.md``).

The password is read from standard input when it is not a terminal (one
line), else asked for twice without echo. It is stored only as an argon2
hash.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from . import DatabaseOption, app, fail, say

users_app = typer.Typer(
    name="users",
    help="Local accounts for the web page (contactplan serve): add or disable a person.",
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


@users_app.command("add")
def add(name: NameArgument, database: DatabaseOption = None) -> None:
    """Add an account (the password from standard input, or asked for)."""
    from ..errors import ContactplanError
    from ..store import Store
    from ..store.users import add_user, check_password, clean_name

    try:
        who = clean_name(name)
        password = check_password(_password())
        with Store(database) as store:
            add_user(store, who, password)
    except ContactplanError as exc:
        fail(exc)
    say(f"Added {who}: they can sign in to the web page.")


@users_app.command("disable")
def disable(name: NameArgument, database: DatabaseOption = None) -> None:
    """Disable an account: it can no longer sign in (nothing it saved is changed)."""
    from ..errors import ContactplanError
    from ..store import Store
    from ..store.users import disable_user

    try:
        with Store(database) as store:
            disable_user(store, name)
    except ContactplanError as exc:
        fail(exc)
    say(f"Disabled {' '.join(name.split())}: they can no longer sign in.")
