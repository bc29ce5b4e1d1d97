"""``contactplan letter`` and ``letters``."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import UsageError
from . import EXIT_ERROR, EXIT_FINDINGS, LetterDateOption, command, say
from .check import finding_line

if TYPE_CHECKING:
    from ..api import LetterRefused, RenderedLetter


class LetterFormat(enum.StrEnum):
    html = "html"
    text = "text"
    pdf = "pdf"


class TemplateName(enum.StrEnum):
    appointment = "appointment"
    missed_appointment = "missed_appointment"
    domestic_abuse_support = "domestic_abuse_support"


_SUFFIXES = {LetterFormat.html: ".html", LetterFormat.text: ".txt", LetterFormat.pdf: ".pdf"}

FormatChoice = Annotated[
    LetterFormat,
    typer.Option("--format", help="html (a printable page), pdf (needs contactplan[pdf]) or text."),
]
EnglishCopyOption = Annotated[
    bool | None,
    typer.Option(
        "--english-copy/--no-english-copy",
        help="Add (or leave out) the same letter in English for the records after a translated letter. "
        "Default: added, except to a domestic abuse support letter.",
        show_default=False,
    ),
]


def report_refusal(case_file: Path, refusal: LetterRefused) -> None:
    """Each finding that refuses a letter, with the check's fix as the next step."""
    from ..checks import REGISTRY

    for finding in refusal.findings:
        say(f"contactplan: error: {finding_line(str(case_file), finding)}", err=True)
        fix = REGISTRY[finding.code].fix or f"fix the plan (contactplan explain {finding.code})."
        say(f"  next step: {fix[:1].lower() + fix[1:]}", err=True)
        if finding.code == "CP303":
            say(
                "  or, once it is arranged: add `explained_at: CONTACT` to the letter in the case file, "
                "or write it with --explained-at CONTACT.",
                err=True,
            )


def report_warnings(case_file: Path, rendered: RenderedLetter) -> None:
    """Findings that did not refuse the letter, each labelled with its own
    severity (CP304 is ``info``, not a warning)."""
    for finding in rendered.findings:
        if finding.severity != "error":
            say(f"contactplan: {finding.severity}: {finding_line(str(case_file), finding)}", err=True)


@command()
def letter(
    case_file: Annotated[Path, typer.Argument(help="The case file.", show_default=False)],
    letter_id: Annotated[
        str | None, typer.Argument(help="A letter's id in the case file.", show_default=False)
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write to FILE (default, or -: standard output)."),
    ] = None,
    format: FormatChoice = LetterFormat.html,
    language: Annotated[
        list[str] | None,
        typer.Option(
            "--language",
            metavar="TAG",
            help="Write it in this language (repeat for more); replaces `languages:`.",
        ),
    ] = None,
    english_copy: EnglishCopyOption = None,
    template: Annotated[
        TemplateName | None, typer.Option("--template", help="A letter not listed in the case file.")
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", metavar="MEMBER", help="Who it is for (with --template).")
    ] = None,
    contact: Annotated[
        str | None, typer.Option("--contact", metavar="ID", help="The contact it is about.")
    ] = None,
    explained_at: Annotated[
        str | None,
        typer.Option(
            "--explained-at",
            metavar="CONTACT",
            help="The contact (a visit, or a phone or video call) at which you go through the letter with "
            "the recipient, with an interpreter in their language: for someone who can't read it (CP303).",
        ),
    ] = None,
    today: LetterDateOption = None,
) -> None:
    """Write one letter in the recipient's written language, with an English
    copy for the record. Refused (exit 1) when it would go in a language they
    do not read (CP301), one with no translation (CP302), to someone who
    can't read it with no visit or call to go through it (CP303), or as a
    domestic abuse support letter with no safe route (CP601). As PDF,
    refused (exit 2, nothing written) when this machine has no font for a
    script in it: the message names the Debian package to install."""
    import sys

    from ..api import LetterRefused, LetterRequest, PdfRefused, load_case, render_letter, started_contact_of
    from ..files import is_stdout, write_output

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
    to_stdout = output is None or is_stdout(output)
    if format is LetterFormat.pdf and to_stdout and sys.stdout.isatty():
        raise UsageError("a PDF is not written to a terminal: give -o FILE.pdf (or redirect standard output)")
    try:
        rendered = render_letter(
            case,
            chosen,
            format=format.value,
            languages=language or None,
            english_copy=english_copy,
            today=today,
            explained_at=explained_at,
        )
    except LetterRefused as refusal:
        report_refusal(case_file, refusal)
        raise typer.Exit(EXIT_FINDINGS) from None
    except PdfRefused as refusal:  # boxes, too long to lay out, WeasyPrint crashed: nothing written
        say(f"contactplan: error: {case_file}: {refusal}", err=True)
        raise typer.Exit(EXIT_ERROR) from None
    report_warnings(case_file, rendered)
    started = started_contact_of(case, rendered.letter, today)
    if started is not None:  # asked for by name: written, with a word of warning
        from ..wording import format_day_time
        from . import warn

        warn(
            f"{case_file}: letter {rendered.letter.id} invites to the {started.title_in_sentence} on "
            f"{format_day_time(started.start)}, which has already started: is this the letter you want?"
        )
    write_output("-" if output is None else output, rendered.content)


@command("letters")
def letters_command(
    case_file: Annotated[Path, typer.Argument(help="The case file.", show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", metavar="DIR", help="The folder to write into.")],
    format: FormatChoice = LetterFormat.html,
    english_copy: EnglishCopyOption = None,
    today: LetterDateOption = None,
) -> None:
    """Write every letter listed in the case file into DIR, one file each
    (LETTER_ID.html, .pdf or .txt), except those already sent (`sent:`) and
    invitations to a contact that has already started (before --today, or
    now): each is reported. A refused letter is reported and the others are
    still written, all together; exit 1 if any was refused, 2 if this machine
    can't print one as PDF (no font for its script: the message names the
    package)."""
    from ..api import LetterRefused, PdfRefused, load_case, render_letter, started_contact_of
    from ..files import safe_file_name, write_files_together
    from ..wording import format_day_time

    case = load_case(case_file)
    rendered: list[RenderedLetter] = []
    refused: list[str] = []
    sent: list[str] = []
    too_late: list[str] = []
    unprintable: list[str] = []
    suffix = _SUFFIXES[format]
    for item in case.letters:
        if item.sent is not None:
            sent.append(item.id)
            continue
        started = started_contact_of(case, item, today)
        if started is not None:
            too_late.append(f"{item.id} ({started.title_in_sentence} on {format_day_time(started.start)})")
            continue
        safe_file_name(item.id, suffix)  # before any work: an id that can't be a file name is exit 2
        try:
            rendered.append(
                render_letter(case, item, format=format.value, english_copy=english_copy, today=today)
            )
        except LetterRefused as refusal:
            report_refusal(case_file, refusal)
            refused.append(item.id)
        except PdfRefused as refusal:  # this machine can't print it: exit 2, as for a missing extra
            say(f"contactplan: error: {case_file}: letters[{item.id}]: {refusal}", err=True)
            refused.append(item.id)
            unprintable.append(item.id)
    for done in rendered:
        report_warnings(case_file, done)
    files = {safe_file_name(done.letter.id, suffix): done.content for done in rendered}
    replaced = write_files_together(output, files) if files else []
    for name in files:
        say(str(output / name))
    if replaced:
        say(f"contactplan: replaced letters that were already in {output}: {', '.join(replaced)}", err=True)
    if sent:
        say(f"contactplan: not written again, already sent: {', '.join(sent)}", err=True)
    if too_late:
        say(
            "contactplan: skipped: not written, the contact has already started: "
            f"{'; '.join(too_late)}. Record what happened; a missed contact needs a "
            "missed_appointment letter, not an invitation.",
            err=True,
        )
    if refused:
        say(
            f"contactplan: {len(refused)} letter{'s' if len(refused) != 1 else ''} refused "
            f"({', '.join(refused)}), {len(files)} written: fix the plan and run letters again.",
            err=True,
        )
        raise typer.Exit(EXIT_ERROR if unprintable else EXIT_FINDINGS)
