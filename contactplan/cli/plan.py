"""``contactplan plan``: propose a contact that passes the checks."""

from __future__ import annotations

import enum
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..vocabulary import CONTACT_KINDS
from . import EXIT_FINDINGS, TodayOption, command, print_json, say

if TYPE_CHECKING:
    from ..planning import Proposal


class YamlOrJson(enum.StrEnum):
    yaml = "yaml"
    json = "json"


_KINDS_HELP = ", ".join(CONTACT_KINDS) + "."


@command()
def plan(
    case_file: Annotated[Path, typer.Argument(help="The case file.", show_default=False)],
    kind: Annotated[str, typer.Option("--kind", metavar="KIND", help=_KINDS_HELP, show_default=False)],
    start: Annotated[
        str,
        typer.Option(
            "--start",
            metavar="DATETIME",
            help="When it starts, in the case's time zone: 2026-12-08T10:00.",
            show_default=False,
        ),
    ],
    duration: Annotated[
        int | None,
        typer.Option(
            "--duration", metavar="MINUTES", min=1, help="How long (raised to what the checks need)."
        ),
    ] = None,
    with_: Annotated[
        list[str] | None,
        typer.Option(
            "--with",
            metavar="MEMBER",
            help="A member who attends (repeat, or separate with commas); "
            "default: the household and every subject child, but never an alleged perpetrator "
            "unless named here (a young subject child always attends).",
        ),
    ] = None,
    practitioner: Annotated[
        str | None,
        typer.Option(
            "--practitioner",
            metavar='"NAME <EMAIL>"',
            help="Who goes (default: the case's lead practitioner).",
        ),
    ] = None,
    contact_id: Annotated[
        str | None,
        typer.Option(
            "--id",
            metavar="ID",
            help="The new contact's id (default: from the kind and date, e.g. hv-2026-12-08).",
        ),
    ] = None,
    location: Annotated[
        str | None,
        typer.Option(
            "--location", metavar="TEXT", help="Where (default for a home visit: the family's address)."
        ),
    ] = None,
    write: Annotated[
        bool,
        typer.Option(
            "--write", help="Add the contact and letters to the case file, keeping its comments and layout."
        ),
    ] = False,
    format: Annotated[
        YamlOrJson, typer.Option("--format", help="yaml to paste into the case file, json for programs.")
    ] = YamlOrJson.yaml,
    today: TodayOption = None,
) -> None:
    """Propose a whole contact that passes the checks: who comes, which
    interpreters, time alone with each child, how long, and the letters.
    Exit 0: nothing wrong with it; 1: a finding it could not avoid is an error;
    2: bad input (nothing written)."""
    from ..api import add_contact_to_file, load_case, propose_contact
    from ..casefile import parse_datetime
    from ..errors import UsageError
    from ..planning import ContactRequest, parse_practitioner

    try:
        when = parse_datetime(start)
    except ValueError as exc:
        raise UsageError(f"--start: {exc}") from None
    attendees = tuple(m.strip() for item in with_ or [] for m in item.split(",") if m.strip())
    if write:  # the bytes the proposal is made from: only they are added to
        from ..casefile.edit import read_case_for_edit

        case, read = read_case_for_edit(case_file)
    else:
        case, read = load_case(case_file), None
    request = ContactRequest(
        kind=kind,
        start=when,
        duration_minutes=duration,
        attendees=attendees,
        practitioner=parse_practitioner(practitioner) if practitioner is not None else None,
        contact_id=contact_id,
        location=location,
        today=today,
    )
    proposal = propose_contact(case, request)
    if write:
        add_contact_to_file(case_file, proposal, expected=read)
    written = str(case_file) if write else None
    if format is YamlOrJson.json:
        print_json(proposal.as_json(written))
    else:
        from ..casefile.serialize import render_yaml

        say(render_yaml(proposal.data()), nl=False)
        say(_notes(proposal, written), err=True, nl=False)
    if proposal.errors:
        raise typer.Exit(EXIT_FINDINGS)


def _notes(proposal: Proposal, written: str | None) -> str:
    """The explanations as YAML comments, so that `2>&1` still gives YAML to paste."""

    def block(title: str, items: list[str]) -> list[str]:
        if not items:
            return []
        lines = [f"# {title}"]
        for item in items:
            lines += textwrap.wrap(item, 100, initial_indent="#  - ", subsequent_indent="#    ") or ["#  -"]
        return lines

    lines = block("Warnings:", list(proposal.warnings))
    lines += block("Why:", list(proposal.explanations))
    lines += block("To book:", list(proposal.bookings))
    lines += block(
        "Could not arrange:", [f"{u.code} {u.member or ''}: {u.message}" for u in proposal.unresolved]
    )
    lines += block(
        "The checks on the new contact and letters:",
        [f"{f.code} [{f.severity}] {f.message}" for f in proposal.findings] or ["nothing to report"],
    )
    if written is not None:
        ids = [c.id for c in proposal.contacts] + [letter.id for letter in proposal.letters]
        from ..wording import shown_path  # a file name with a line break stays on this line

        lines.append(f"# Added {', '.join(ids)} to {shown_path(written)}.")
    return "".join(line + "\n" for line in lines)
