"""The command line: parse, call the library, print. Nothing else lives here.

Each command is a few lines in the module of its area (:mod:`.check`,
:mod:`.letters`, :mod:`.calendar`, :mod:`.plan`, ...): parse the options,
call one function of the public API (:mod:`contactplan.api`), print. The
library raises :class:`~contactplan.errors.ContactplanError` subclasses;
:func:`command` turns them into one message on standard error and exit
status 2, in one place. Options shared by several commands are declared once
below. Heavy modules (babel, icalendar, SQLAlchemy) are imported inside the
commands that need them.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
import sys
from collections.abc import Callable
from typing import Annotated, Any, NoReturn, ParamSpec, TypeVar

import typer

from .. import __version__
from ..errors import ContactplanError
from ..wording import terminal_safe

app = typer.Typer(
    name="contactplan",
    help=(
        "Language needs, interpreters, translated letters and calendar entries for "
        "child-protection contact plans. Checks plans for the failures case reviews keep "
        "finding: a sibling interpreting, English-only letters, a child never seen alone."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

P = ParamSpec("P")
R = TypeVar("R")


def command(*args: Any, **kwargs: Any) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """``app.command`` that turns any :class:`ContactplanError` the library
    raises into one message and exit status 2: the one place that does."""

    def register(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def run(*a: P.args, **k: P.kwargs) -> R:
            try:
                return function(*a, **k)
            except ContactplanError as exc:
                fail(exc)

        app.command(*args, **kwargs)(run)
        return run

    return register


def _version(value: bool) -> None:
    if value:
        typer.echo(f"contactplan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """contactplan: plan contacts with families so that every person is understood."""


# --------------------------------------------------------------------------
# Printing


def say(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Print text whose values came from case files: control characters and
    direction controls are shown escaped, never sent to the terminal."""
    typer.echo(terminal_safe(text) if "\n" not in text else _each_line(text), err=err, nl=nl)


def _each_line(text: str) -> str:
    return "\n".join(terminal_safe(line) for line in text.split("\n"))


def fail(error: ContactplanError | str, code: int = EXIT_ERROR) -> NoReturn:
    """Print one message on standard error and exit (2 by default)."""
    say(f"contactplan: error: {error}", err=True)
    raise typer.Exit(code)


def warn(message: str) -> None:
    say(f"contactplan: warning: {message}", err=True)


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def table(rows: list[list[str]], header: list[str]) -> str:
    """Rows in aligned columns, for people reading a terminal."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def use_colour() -> bool:
    """Colour only on a terminal, and never with NO_COLOR set."""
    import os

    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


# --------------------------------------------------------------------------
# Options shared by several commands, declared once


class TextOrJson(enum.StrEnum):
    text = "text"
    json = "json"


def _parse_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date written as YYYY-MM-DD") from None


FormatOption = Annotated[TextOrJson, typer.Option("--format", help="text for people, json for programs.")]
TodayOption = Annotated[
    dt.date | None,
    typer.Option(
        "--today", metavar="DATE", parser=_parse_date, help="The date checks measure from (default: today)."
    ),
]
LetterDateOption = Annotated[
    dt.date | None,
    typer.Option("--today", metavar="DATE", parser=_parse_date, help="The letter's date (default: today)."),
]


def main() -> None:  # pragma: no cover - the console script is contactplan.__main__:main
    app(prog_name="contactplan")


# The commands register themselves on `app` when imported.
from . import calendar, check, languages, letters, plan  # noqa: E402, F401
