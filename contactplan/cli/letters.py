"""``contactplan letter``, ``letters`` and ``translations``."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import UsageError
from . import EXIT_FINDINGS, FormatOption, LetterDateOption, TextOrJson, command, print_json, say, table, warn
from .check import finding_line

if TYPE_CHECKING:
    from ..api import LetterRefused, RenderedLetter


class LetterFormat(enum.StrEnum):
    html = "html"
    text = "text"


class TemplateName(enum.StrEnum):
    appointment = "appointment"
    missed_appointment = "missed_appointment"
    domestic_abuse_support = "domestic_abuse_support"


def report_refusal(case_file: Path, refusal: LetterRefused) -> None:
    """Each finding that refuses a letter, with the check's fix as the next step."""
    from ..checks import REGISTRY

    for finding in refusal.findings:
        say(f"contactplan: error: {finding_line(str(case_file), finding)}", err=True)
        fix = REGISTRY[finding.code].fix or f"fix the plan (contactplan explain {finding.code})."
        say(f"  next step: {fix[:1].lower() + fix[1:]}", err=True)


def report_warnings(case_file: Path, rendered: RenderedLetter) -> None:
    for finding in rendered.findings:
        if finding.severity != "error":
            warn(finding_line(str(case_file), finding))


@command()
def letter(
    case_file: Annotated[Path, typer.Argument(help="The case file.", show_default=False)],
    letter_id: Annotated[
        str | None, typer.Argument(help="A letter's id in the case file.", show_default=False)
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to FILE (default: standard output).")
    ] = None,
    format: Annotated[
        LetterFormat, typer.Option("--format", help="html (a printable page) or text.")
    ] = LetterFormat.html,
    language: Annotated[
        list[str] | None,
        typer.Option(
            "--language",
            metavar="TAG",
            help="Write it in this language (repeat for more); replaces `languages:`.",
        ),
    ] = None,
    no_english_copy: Annotated[
        bool, typer.Option("--no-english-copy", help="Leave out the English copy.")
    ] = False,
    template: Annotated[
        TemplateName | None, typer.Option("--template", help="A letter not listed in the case file.")
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", metavar="MEMBER", help="Who it is for (with --template).")
    ] = None,
    contact: Annotated[
        str | None, typer.Option("--contact", metavar="ID", help="The contact it is about.")
    ] = None,
    today: LetterDateOption = None,
) -> None:
    """Write one letter in the recipient's written language, with an English
    copy for the record. Refused (exit 1) when it would go in a language they
    do not read (CP301) or one with no translation (CP302)."""
    from ..api import LetterRefused, LetterRequest, load_case, render_letter
    from ..files import write_atomic

    case = load_case(case_file)
    chosen: str | LetterRequest
    if letter_id is not None:
        if template is not None or to is not None or contact is not None:
            raise UsageError("give either LETTER_ID or --template/--to/--contact, not both")
        chosen = letter_id
    elif template is None or to is None:
        raise UsageError(
            "give a LETTER_ID from the case file, or --template and --to (and --contact for its contact)"
        )
    else:
        chosen = LetterRequest(template.value, to, contact)
    try:
        rendered = render_letter(
            case,
            chosen,
            format=format.value,
            languages=language or None,
            english_copy=not no_english_copy,
            today=today,
        )
    except LetterRefused as refusal:
        report_refusal(case_file, refusal)
        raise typer.Exit(EXIT_FINDINGS) from None
    report_warnings(case_file, rendered)
    if output is None:
        typer.echo(rendered.content, nl=False)
    else:
        write_atomic(output, rendered.content)


@command("letters")
def letters_command(
    case_file: Annotated[Path, typer.Argument(help="The case file.", show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", metavar="DIR", help="The folder to write into.")],
    format: Annotated[
        LetterFormat, typer.Option("--format", help="html (a printable page) or text.")
    ] = LetterFormat.html,
    no_english_copy: Annotated[
        bool, typer.Option("--no-english-copy", help="Leave out the English copies.")
    ] = False,
    today: LetterDateOption = None,
) -> None:
    """Write every letter listed in the case file into DIR, one file each
    (LETTER_ID.html or .txt). Nothing is written when any letter is refused."""
    from ..api import LetterRefused, load_case, render_letter
    from ..files import write_atomic

    case = load_case(case_file)
    rendered: list[RenderedLetter] = []
    refused = False
    for item in case.letters:
        try:
            rendered.append(
                render_letter(case, item, format=format.value, english_copy=not no_english_copy, today=today)
            )
        except LetterRefused as refusal:
            report_refusal(case_file, refusal)
            refused = True
    if refused:
        say("contactplan: no letters written: fix the refused letters first.", err=True)
        raise typer.Exit(EXIT_FINDINGS)
    for done in rendered:
        report_warnings(case_file, done)
    try:
        output.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{output}: {exc.strerror or exc}") from None
    suffix = ".html" if format is LetterFormat.html else ".txt"
    for done in rendered:
        target = output / f"{done.letter.id}{suffix}"
        write_atomic(target, done.content)
        say(str(target))


@command()
def translations(format: FormatOption = TextOrJson.text) -> None:
    """Which letter templates exist in which languages: complete or not,
    reviewed by a qualified translator or not."""
    from ..catalogs import translation_table
    from ..languages import english_name

    rows = translation_table()
    if format is TextOrJson.json:
        print_json([row.as_dict() for row in rows])
        return
    lines = [
        [
            s.language,
            english_name(s.language),
            s.template,
            "complete" if s.available else f"{len(s.missing)} missing",
            "source text" if s.locale == "en" else ("yes" if s.reviewed else "draft"),
        ]
        for s in rows
    ]
    say(table(lines, ["language", "name", "template", "translation", "reviewed"]))
    tags = {s.language for s in rows}
    complete = {s.language for s in rows if s.available}
    say(
        f"\n{len(tags)} languages, {len(complete)} with at least one complete template "
        "(English is the source)."
    )
