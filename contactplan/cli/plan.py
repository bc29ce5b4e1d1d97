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
    from ..findings import Finding
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
        str | None,
        typer.Option(
            "--start",
            metavar="DATETIME",
            help="When it starts, in the case's time zone: 2026-12-08T10:00. Default: the first "
            "suitable time from --today (a working day, within working hours, after school for a "
            "school-age child seen at home, when everyone is free), before a child on a plan is due "
            "a visit.",
            show_default=False,
        ),
    ] = None,
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
    Exit 0: nothing wrong with it; 1: it would bring an error into the case
    (--write then writes nothing); 2: bad input, a start in the past or when
    someone is already booked (nothing written)."""
    from ..api import ProposalRefused, add_contact_to_file, load_case, propose_contact
    from ..casefile import parse_datetime
    from ..errors import UsageError
    from ..planning import ContactRequest, StartRefused, parse_practitioner

    when = None
    if start is not None:
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
    try:
        proposal = propose_contact(case, request)
    except StartRefused as refused:
        hint = " (or leave out --start to take the first suitable time)" if start is not None else ""
        raise UsageError(f"--start: {refused}{hint}") from None
    refusal = None
    if write:
        try:
            add_contact_to_file(case_file, proposal, expected=read)
        except ProposalRefused as exc:
            refusal = exc
    written = str(case_file) if write and refusal is None else None
    if format is YamlOrJson.json:
        print_json(proposal.as_json(written))
    else:
        from ..casefile.serialize import render_yaml

        say(render_yaml(proposal.data()), nl=False)
        say(_notes(proposal, written), err=True, nl=False)
    if refusal is not None:
        from ..wording import shown_path

        say(
            f"contactplan: error: not added to {shown_path(case_file)}: the proposal would bring "
            f"{len(refusal.findings)} error{'s' if len(refusal.findings) != 1 else ''} into the case:",
            err=True,
        )
        for finding in refusal.findings:
            say(f"  {_finding(finding)}", err=True)
    if proposal.errors:
        raise typer.Exit(EXIT_FINDINGS)


def _finding(finding: Finding) -> str:
    """``CP701 [error] message (contact: ID)``."""
    named = (("member", finding.member), ("contact", finding.contact), ("letter", finding.letter))
    ids = ", ".join(f"{key}: {value}" for key, value in named if value is not None)
    return f"{finding.code} [{finding.severity}] {finding.message}" + (f" ({ids})" if ids else "")


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
    lines += block(
        "Errors this proposal would bring into the case (--write refuses it):",
        [_finding(f) for f in proposal.caused],
    )
    lines += block(
        "Errors the case already has (not this proposal's):",
        [_finding(f) for f in proposal.case_errors],
    )
    if written is not None:
        ids = [c.id for c in proposal.contacts] + [letter.id for letter in proposal.letters]
        from ..wording import shown_path  # a file name with a line break stays on this line

        lines.append(f"# Added {', '.join(ids)} to {shown_path(written)}.")
    return "".join(line + "\n" for line in lines)
