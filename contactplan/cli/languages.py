"""``contactplan languages``: each member's language needs."""

# No `from __future__ import annotations`: typer reads the annotations of every
# command when it runs; written as objects they cost nothing then (as strings,
# each would be compiled and evaluated on every start).
from pathlib import Path
from typing import Annotated

import typer

from ..wording import shown_path
from . import FormatOption, TextOrJson, command, print_json, say, table


@command()
def languages(
    case_file: Annotated[Path, typer.Argument(help="The case file.", show_default=False)],
    format: FormatOption = TextOrJson.text,
) -> None:
    """Each member's language needs and what follows from them: interpreter
    needed, spoken and written language, reads English adequately."""
    from ..api import language_needs, load_case
    from ..languages import label

    case = load_case(case_file)
    facts = language_needs(case)
    if format is TextOrJson.json:
        print_json([fact.as_dict() for fact in facts])
        return

    def described(tag: str | None, none: str, written: bool = False) -> str:
        return none if tag is None else f"{label(tag, written=written)} [{tag}]"

    def yes_no(value: bool | None, yes: str, no: str) -> str:
        return "unknown" if value is None else (yes if value else no)

    rows = [
        [
            f.member.id,
            f.member.name,
            f.member.role,
            yes_no(f.needs.interpreter_needed, "needed", "not needed"),
            described(f.needs.spoken, "unknown") if f.needs.known else "unknown",
            described(f.needs.written, "reads no language well enough", written=True)
            if f.needs.known
            else "unknown",
            yes_no(f.needs.reads_english, "yes", "no"),
        ]
        for f in facts
    ]
    say(f"{case.reference} ({shown_path(case_file)})")
    say(
        table(
            rows, ["member", "name", "role", "interpreter", "speaks", "reads (for letters)", "reads English"]
        )
    )
    unknown = [f.member.id for f in facts if not f.needs.known]
    if unknown:
        say(f"\nNo languages recorded for {', '.join(unknown)}: their needs are unknown (CP401).")
