"""``contactplan translations``: which letters exist in which languages, and
how much of each a qualified translator has reviewed; ``translations export``
and ``translations import`` for a translation agency (``docs/translating.md``).

Babel and the Translate Toolkit are imported inside ``export`` and
``import`` only.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from . import FormatOption, LetterDateOption, TextOrJson, _parse_date, app, command, print_json, say, table

translations_app = typer.Typer(
    name="translations",
    help=(
        "Which letter templates exist in which languages: complete or not, and how much of each a "
        "qualified translator has reviewed, message by message. `export` writes what a translation "
        "agency needs; `import` takes their reviewed file back."
    ),
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(translations_app, name="translations")


def _share(done: int, total: int) -> str:
    """How much of a template is reviewed, for the table."""
    if done >= total:
        return f"yes: all {total} messages"
    said = "no (draft)" if done == 0 else "partly"
    return f"{said}: {done} of {total} messages ({100 * done // total}%)"


@translations_app.callback(invoke_without_command=True)
def translations(ctx: typer.Context, format: FormatOption = TextOrJson.text) -> None:
    """Which letter templates exist in which languages: complete or not, and
    how many of the messages each uses a qualified translator has reviewed
    (a letter counts as reviewed only when all of them are)."""
    if ctx.invoked_subcommand is not None:
        return
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
            "source text" if s.locale == "en" else _share(s.reviewed_messages, s.messages),
        ]
        for s in rows
    ]
    say(table(lines, ["language", "name", "template", "translation", "reviewed"]))
    tags = {s.language for s in rows}
    complete = {s.language for s in rows if s.available}
    reviewed = {(s.language, s.template) for s in rows if s.reviewed and s.locale != "en"}
    say(
        f"\n{len(tags)} languages, {len(complete)} with at least one complete template (English is the "
        f"source); {len(reviewed)} translated template{'s' if len(reviewed) != 1 else ''} fully reviewed "
        "by a qualified translator."
    )


@command("export", group=translations_app)
def export(
    language: Annotated[
        str,
        typer.Option(
            "--language", metavar="TAG", help="The language, e.g. ur, pl, pa-Guru.", show_default=False
        ),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", metavar="DIR", help="The folder to write the package into.")
    ],
    back_translation: Annotated[
        bool,
        typer.Option(
            "--back-translation",
            help="Add a spreadsheet (CSV) with a column for a back-translation into English.",
        ),
    ] = False,
    today: LetterDateOption = None,
) -> None:
    """Write what a translation agency needs to translate or review one
    language: an XLIFF 2.0 file and the same as a PO file (English source,
    notes, protected placeholders), each letter as a PDF with sample data in
    the language and in English, and a README. Needs the `translators`
    extra (pip install 'contactplan[translators]')."""
    from ..translation_exchange import export_package

    result = export_package(language, output, back_translation=back_translation, today=today)
    for name in result.files:
        say(str(output / name))
    say(
        f"contactplan: {result.locale}: {result.messages} messages, {result.reviewed} reviewed by a "
        "qualified translator; send the folder to the agency, then take their file back with "
        f'`contactplan translations import FILE --reviewer "NAME, QUALIFICATION"`',
        err=True,
    )
    if result.incomplete:
        say(
            f"contactplan: not complete yet, shown in English only: {', '.join(result.incomplete)}",
            err=True,
        )


@command("import", group=translations_app)
def import_(
    file: Annotated[
        Path, typer.Argument(help="The XLIFF (.xlf) or PO file the agency sent back.", show_default=False)
    ],
    reviewer: Annotated[
        str,
        typer.Option(
            "--reviewer",
            metavar='"NAME, QUALIFICATION"',
            help='Who reviewed it, e.g. "Amina Rahman, NRPSI 12345" (or CIOL, ITI, the agency\'s).',
            show_default=False,
        ),
    ],
    date: Annotated[
        dt.date | None,
        typer.Option(
            "--date", metavar="DATE", parser=_parse_date, help="When they reviewed it (default: today)."
        ),
    ] = None,
    locales: Annotated[
        Path | None,
        typer.Option(
            "--locales",
            metavar="DIR",
            help="The locales folder to update (default: CONTACTPLAN_LOCALES, else locales/ of this "
            "source checkout).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Take a reviewed file back: refused (exit 2, naming each message) when
    its English or placeholders don't match; otherwise changed translations
    are written into the catalog, each message the reviewer confirmed (a
    corrected translation, or a segment marked reviewed) is recorded as
    reviewed by them on DATE, and the catalog is compiled again."""
    from .. import clock
    from ..translation_exchange import import_file, parse_reviewer, summary_lines

    result = import_file(file, reviewer, date=date, locales=locales)
    name, qualification = parse_reviewer(reviewer)
    for line in summary_lines(result, f"{name} ({qualification})", date or clock.today()):
        say(line)
