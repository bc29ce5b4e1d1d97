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

# No `from __future__ import annotations`: typer reads the annotations of every
# command when it runs; written as objects they cost nothing then (as strings,
# each would be compiled and evaluated on every start).
import datetime as dt
import enum
import functools
import json
import re
import sys
from collections.abc import Callable
from typing import Annotated, Any, NoReturn, ParamSpec, TypeVar

import typer

from .. import __version__
from ..errors import ContactplanError
from ..wording import terminal_safe

#: The module of each command; a command not listed here loads every module.
COMMAND_MODULES = {
    "check": "check",
    "rules": "check",
    "explain": "check",
    "due": "due",
    "languages": "languages",
    "letter": "letters",
    "letters": "letters",
    "translations": "letters",
    "calendar": "calendar",
    "plan": "plan",
    "db": "db",
    "serve": "serve",
    "users": "users",
    "invite": "send",
    "publish": "send",
}
#: Every module that registers commands.
MODULES = ("calendar", "check", "db", "due", "languages", "letters", "plan", "send", "serve", "users")


class _Commands(typer.Typer):
    """The application, whose command modules are imported when its commands
    are first asked for: all of them (``--help``, tests, ``from
    contactplan.cli import app``), or, through :func:`main`, only the module
    of the command being run, so that ``contactplan check`` neither imports
    nor builds the other commands (``benchmarks/bench_startup.py``)."""

    only: tuple[str, ...] | None = None
    _loading = False

    def _load(self) -> None:
        if self._loading:
            return
        self._loading = True
        import importlib

        for name in self.only or MODULES:
            importlib.import_module(f"{__name__}.{name}")

    @property
    def registered_commands(self) -> list[Any]:
        self._load()
        commands: list[Any] = self.__dict__["registered_commands"]
        return commands

    @registered_commands.setter
    def registered_commands(self, value: list[Any]) -> None:
        self.__dict__["registered_commands"] = value

    @property
    def registered_groups(self) -> list[Any]:
        self._load()
        groups: list[Any] = self.__dict__["registered_groups"]
        return groups

    @registered_groups.setter
    def registered_groups(self, value: list[Any]) -> None:
        self.__dict__["registered_groups"] = value


app = _Commands(
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


def command(
    *args: Any, group: typer.Typer | None = None, **kwargs: Any
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """``app.command`` (or ``group.command`` for a subcommand such as ``db
    check``) that turns any :class:`ContactplanError` the library raises into
    one message and exit status 2: the one place that does."""

    def register(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def run(*a: P.args, **k: P.kwargs) -> R:
            try:
                return function(*a, **k)
            except ContactplanError as exc:
                fail(exc)

        (group or app).command(*args, **kwargs)(run)
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


#: Characters JSON output writes as ``\\uXXXX``: C1 controls and invisible
#: format characters (U+202E and the other direction controls, zero-width
#: characters, line and paragraph separators), as the Unicode database lists them.
_INVISIBLE = re.compile(
    "[\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


def _json_escape(match: re.Match[str]) -> str:
    return json.dumps(match.group())[1:-1] if ord(match.group()) > 0xFFFF else f"\\u{ord(match.group()):04x}"


def json_text(data: Any) -> str:
    """JSON for programs, readable in a terminal: text as it is (``ł``, ``ب``),
    but every control and invisible format character escaped (``\\u202e``),
    so that printing it can't drive the terminal or reorder a line."""
    return _INVISIBLE.sub(_json_escape, json.dumps(data, ensure_ascii=False, indent=2))


def print_json(data: Any) -> None:
    typer.echo(json_text(data))


def table(rows: list[list[str]], header: list[str]) -> str:
    """Rows in aligned columns, for people reading a terminal: each cell made
    terminal-safe first (so that an escaped value keeps its column)."""
    rows = [[terminal_safe(str(cell)) for cell in row] for row in rows]
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
SelectOption = Annotated[
    str | None,
    typer.Option("--select", metavar="CODES", help="Only these checks: codes or prefixes (CP1,CP301)."),
]
IgnoreOption = Annotated[
    str | None,
    typer.Option("--ignore", metavar="CODES", help="Leave out these checks: codes or prefixes (CP115)."),
]
PolicyOption = Annotated[
    list[str] | None,
    typer.Option(
        "--policy",
        metavar="KEY=VALUE",
        help="Override a threshold (over the case file's policy), e.g. seen_alone_max_gap_days=10.",
    ),
]
DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        metavar="URL",
        help=(
            "sqlite:///PATH, a path, or postgresql://USER@HOST/NAME (default: "
            "CONTACTPLAN_DATABASE_URL, else the store in your data folder)."
        ),
        show_default=False,
    ),
]
LetterDateOption = Annotated[
    dt.date | None,
    typer.Option("--today", metavar="DATE", parser=_parse_date, help="The letter's date (default: today)."),
]


def main(argv: list[str] | None = None) -> None:
    """Run the command line (``contactplan.__main__`` calls this), importing
    only the module of the command named in ``argv``."""
    args = sys.argv[1:] if argv is None else argv
    word = next((arg for arg in args if not arg.startswith("-")), None)
    if word in COMMAND_MODULES and "--help" not in args[: args.index(word)]:
        app.only = (COMMAND_MODULES[word],)
    app(prog_name="contactplan", args=args)
