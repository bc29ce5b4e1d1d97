"""The command line: parse, call the library, print. Nothing else lives here.

The library raises :class:`~contactplan.errors.ContactplanError` subclasses;
this module turns them into one message on standard error and exit status 2.
Heavy modules (babel, icalendar) are imported inside the commands that need
them.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from . import __version__
from .errors import ContactplanError

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


class TextOrJson(str, enum.Enum):
    text = "text"
    json = "json"


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


def fail(error: ContactplanError | str, code: int = EXIT_ERROR) -> NoReturn:
    """Print one message on standard error and exit (2 by default)."""
    typer.echo(f"contactplan: error: {error}", err=True)
    raise typer.Exit(code)


def warn(message: str) -> None:
    typer.echo(f"contactplan: warning: {message}", err=True)


def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: {value!r} is not a date written as YYYY-MM-DD")


def print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def table(rows: list[list[str]], header: list[str]) -> str:
    """Rows in aligned columns, for people reading a terminal."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


# --------------------------------------------------------------------------
# languages


@app.command()
def languages(
    case_file: Annotated[Path, typer.Argument(help="The case file.", show_default=False)],
    format: Annotated[TextOrJson, typer.Option("--format", help="text for people, json for programs.")] = TextOrJson.text,
) -> None:
    """Each member's language needs and what follows from them: interpreter
    needed, spoken and written language, reads English adequately."""
    from .casefile import load_case
    from .languages import english_name, needs_for, own_name

    try:
        case = load_case(case_file)
    except ContactplanError as exc:
        fail(exc)
    facts = [(m, needs_for(m)) for m in case.members]
    if format is TextOrJson.json:
        print_json(
            [
                {
                    "member": m.id,
                    "name": m.name,
                    "role": m.role,
                    "interpreter_needed": n.interpreter_needed,
                    "spoken": n.spoken,
                    "written": n.written,
                    "reads_english": n.reads_english,
                }
                for m, n in facts
            ]
        )
        return

    def described(tag: str | None, none: str) -> str:
        if tag is None:
            return none
        english, own = english_name(tag), own_name(tag)
        return f"{english} ({own}) [{tag}]" if own != english else f"{english} [{tag}]"

    def yes_no(value: bool | None, yes: str, no: str) -> str:
        return "unknown" if value is None else (yes if value else no)

    rows = [
        [
            m.id,
            m.name,
            m.role,
            yes_no(n.interpreter_needed, "needed", "not needed"),
            described(n.spoken, "unknown") if n.known else "unknown",
            described(n.written, "reads no language well enough") if n.known else "unknown",
            yes_no(n.reads_english, "yes", "no"),
        ]
        for m, n in facts
    ]
    typer.echo(f"{case.reference} ({case_file})")
    typer.echo(
        table(rows, ["member", "name", "role", "interpreter", "speaks", "reads (for letters)", "reads English"])
    )
    unknown = [m.id for m, n in facts if not n.known]
    if unknown:
        typer.echo(f"\nNo languages recorded for {', '.join(unknown)}: their needs are unknown (CP401).")


# --------------------------------------------------------------------------
# check


@app.command()
def check(
    paths: Annotated[list[Path], typer.Argument(help="Case files, or folders to search for *.yaml, *.yml, *.json.", show_default=False)],
    format: Annotated[TextOrJson, typer.Option("--format", help="text for people, json for programs.")] = TextOrJson.text,
    today: Annotated[str | None, typer.Option("--today", metavar="DATE", help="The date checks measure from (default: today).")] = None,
) -> None:
    """Check case files and report what in each plan repeats a failure case
    reviews keep finding. Exit 0: no errors; 1: at least one error; 2: a file
    could not be read."""
    from .casefile import iter_case_files, load_case

    parse_date(today, "--today")
    broken = 0
    checked = 0
    for path in iter_case_files(paths):
        try:
            load_case(path)
        except ContactplanError as exc:
            typer.echo(f"contactplan: error: {exc}", err=True)
            broken += 1
            continue
        checked += 1
    if format is TextOrJson.json:
        print_json([])
    else:
        typer.echo(f"{checked} file{'s' if checked != 1 else ''} checked, no findings.")
    if broken:
        raise typer.Exit(EXIT_ERROR)


def main() -> None:  # pragma: no cover - the console script is contactplan.__main__:main
    app(prog_name="contactplan")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
