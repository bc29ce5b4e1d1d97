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
from .output import one_line

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


class TextOrJson(enum.StrEnum):
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
    lines = [
        "  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


# --------------------------------------------------------------------------
# languages


@app.command()
def languages(
    case_file: Annotated[Path, typer.Argument(help="The case file.", show_default=False)],
    format: Annotated[
        TextOrJson, typer.Option("--format", help="text for people, json for programs.")
    ] = TextOrJson.text,
) -> None:
    """Each member's language needs and what follows from them: interpreter
    needed, spoken and written language, reads English adequately."""
    from .casefile import load_case
    from .languages import label, needs_for

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
        return f"{label(tag)} [{tag}]"

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
        table(
            rows, ["member", "name", "role", "interpreter", "speaks", "reads (for letters)", "reads English"]
        )
    )
    unknown = [m.id for m, n in facts if not n.known]
    if unknown:
        typer.echo(f"\nNo languages recorded for {', '.join(unknown)}: their needs are unknown (CP401).")


# --------------------------------------------------------------------------
# ---- checks (check, rules, explain)

_SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}
_FORMAT_OPTION = typer.Option("--format", help="text for people, json for programs.")


def _use_colour() -> bool:
    """Colour only on a terminal, and never with NO_COLOR set."""
    import os

    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _finding_line(file: str, finding: Any, colour: bool) -> str:
    labelled = (("member", finding.member), ("contact", finding.contact), ("letter", finding.letter))
    ids = ", ".join(f"{label}: {value}" for label, value in labelled if value is not None)
    code, severity = finding.code, f"[{finding.severity}]"
    if colour:
        code = typer.style(code, bold=True)
        severity = typer.style(severity, fg=_SEVERITY_COLOURS[finding.severity])
    line = f"{one_line(file)}: {code} {severity} {one_line(finding.message)}"
    return f"{line} ({ids})" if ids else line


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _summary(counts: dict[str, int], files_with: int, checked: int, broken: int) -> str:
    total = sum(counts.values())
    read = f"{_plural(checked, 'file')} checked"
    unread = f"; {_plural(broken, 'file')} could not be read" if broken else ""
    if total == 0:
        return f"{read}: no findings{unread}."
    parts = ", ".join(_plural(n, s) if s != "info" else f"{n} info" for s, n in counts.items() if n)
    return f"{_plural(total, 'finding')} ({parts}) in {files_with} of {read}{unread}."


@app.command()
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH", help="Case files, or folders holding *.yaml, *.yml, *.json.", show_default=False
        ),
    ],
    format: Annotated[TextOrJson, _FORMAT_OPTION] = TextOrJson.text,
    today: Annotated[
        str | None,
        typer.Option("--today", metavar="DATE", help="The date checks measure from (default: today)."),
    ] = None,
    select: Annotated[
        str | None,
        typer.Option("--select", metavar="CODES", help="Only these checks: codes or prefixes (CP1,CP301)."),
    ] = None,
    ignore: Annotated[
        str | None,
        typer.Option("--ignore", metavar="CODES", help="Leave out these checks: codes or prefixes (CP115)."),
    ] = None,
    policy: Annotated[
        list[str] | None,
        typer.Option(
            "--policy",
            metavar="KEY=VALUE",
            help="Override a threshold (over the case file's policy), e.g. seen_alone_max_gap_days=10.",
        ),
    ] = None,
) -> None:
    """Check case files and report what in each plan repeats a failure case
    reviews keep finding. Exit 0: no errors; 1: at least one error; 2: a file
    could not be read."""
    from .casefile import iter_case_files, load_case
    from .checks import parse_codes, parse_policy, run_checks

    day = parse_date(today, "--today")
    try:
        selected = parse_codes(select, "--select")
        ignored = parse_codes(ignore, "--ignore")
        overrides = parse_policy(policy or [])
    except ContactplanError as exc:
        fail(exc)
    colour = format is TextOrJson.text and _use_colour()
    counts = {"error": 0, "warning": 0, "info": 0}
    records: list[dict[str, Any]] = []
    checked = broken = files_with = 0
    for path in iter_case_files(paths):
        try:
            case = load_case(path)
            findings = run_checks(case, today=day, policy=overrides, select=selected, ignore=ignored)
        except ContactplanError as exc:
            typer.echo(f"contactplan: error: {exc}", err=True)
            broken += 1
            continue
        checked += 1
        files_with += bool(findings)
        for finding in findings:
            counts[finding.severity] += 1
        if format is TextOrJson.json:
            records += [{"file": str(path), "case": case.reference, **f.as_dict()} for f in findings]
        elif findings:
            typer.echo("\n".join(_finding_line(str(path), f, colour) for f in findings), color=colour)
    if checked + broken == 0:
        fail(f"no case files (*.yaml, *.yml, *.json) in {', '.join(str(p) for p in paths)}")
    if format is TextOrJson.json:
        print_json([{key: r[key] for key in _JSON_KEYS} for r in records])
    else:
        typer.echo(_summary(counts, files_with, checked, broken))
    if broken:
        raise typer.Exit(EXIT_ERROR)
    if counts["error"]:
        raise typer.Exit(EXIT_FINDINGS)


_JSON_KEYS = ("file", "case", "code", "name", "severity", "message", "member", "contact", "letter")


@app.command()
def rules(
    format: Annotated[TextOrJson, _FORMAT_OPTION] = TextOrJson.text,
) -> None:
    """List every check: code, name, severity and what it finds."""
    from .checks import REGISTRY

    checks = sorted(REGISTRY.values(), key=lambda c: c.code)
    if format is TextOrJson.json:
        print_json(
            [{"code": c.code, "name": c.name, "severity": c.severity, "finds": c.summary} for c in checks]
        )
        return
    rows = [[c.code, c.name, c.severity, c.summary] for c in checks]
    typer.echo(table(rows, ["code", "name", "severity", "finds"]))
    typer.echo("\n`contactplan explain CODE` documents one.")


@app.command()
def explain(
    code: Annotated[
        str, typer.Argument(help="A check's code (CP101) or name (sibling-interpreter).", show_default=False)
    ],
) -> None:
    """Document one check: what it finds, why it matters, how to fix the plan."""
    import shutil
    import textwrap

    from .checks import get_check

    try:
        found = get_check(code)
    except ContactplanError as exc:
        fail(exc)
    width = min(shutil.get_terminal_size((80, 24)).columns, 88) - 2
    lines = [f"{found.code} {found.name} ({found.severity})", found.summary + "."]
    for title, text in found.sections.items():
        lines += ["", title + ":", textwrap.fill(text, width, initial_indent="  ", subsequent_indent="  ")]
    typer.echo("\n".join(lines))


# --------------------------------------------------------------------------
# ---- plan


class YamlOrJson(enum.StrEnum):
    yaml = "yaml"
    json = "json"


_KINDS_HELP = (
    "home_visit, school_visit, office_visit, health_appointment, development_review, antenatal, "
    "strategy_meeting, core_group, case_conference, phone_call or video_call."
)


@app.command()
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
            "default: the household and every subject child.",
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
    today: Annotated[
        str | None,
        typer.Option("--today", metavar="DATE", help="The date the checks measure from (default: today)."),
    ] = None,
) -> None:
    """Propose a whole contact that passes the checks: who comes, which
    interpreters, time alone with each child, how long, and the letters.
    Exit 0: nothing wrong with it; 1: a finding it could not avoid is an error;
    2: bad input (nothing written)."""
    from .casefile import load_case, parse_datetime
    from .planning import ContactRequest, parse_practitioner, propose_contact

    day = parse_date(today, "--today")
    try:
        when = parse_datetime(start)
    except ValueError as exc:
        fail(f"--start: {exc}")
    attendees = tuple(m.strip() for item in with_ or [] for m in item.split(",") if m.strip())
    try:
        case = load_case(case_file)
        request = ContactRequest(
            kind=kind,
            start=when,
            duration_minutes=duration,
            attendees=attendees,
            practitioner=parse_practitioner(practitioner) if practitioner is not None else None,
            contact_id=contact_id,
            location=location,
            today=day,
        )
        proposal = propose_contact(case, request)
        data = proposal.data()
        if write:
            from .casefile_edit import add_to_case_file

            add_to_case_file(case_file, data["contacts"], data["letters"])
    except ContactplanError as exc:
        fail(exc)
    written = str(case_file) if write else None
    if format is YamlOrJson.json:
        print_json(
            {
                "contact": data["contacts"][0],
                "letters": data["letters"],
                "explanations": list(proposal.explanations),
                "bookings": list(proposal.bookings),
                "unresolved": [u.as_dict() for u in proposal.unresolved],
                "findings": [f.as_dict() for f in proposal.findings],
                "written": written,
            }
        )
    else:
        from .casefile_edit import render_yaml

        typer.echo(render_yaml(data), nl=False)
        typer.echo(_plan_notes(proposal, written), err=True, nl=False)
    if proposal.errors:
        raise typer.Exit(EXIT_FINDINGS)


def _plan_notes(proposal: Any, written: str | None) -> str:
    """The explanations as YAML comments, so that `2>&1` still gives YAML to paste."""
    import textwrap

    def block(title: str, items: list[str]) -> list[str]:
        if not items:
            return []
        lines = [f"# {title}"]
        for item in items:
            lines += textwrap.wrap(item, 100, initial_indent="#  - ", subsequent_indent="#    ") or ["#  -"]
        return lines

    lines = block("Why:", list(proposal.explanations))
    lines += block("To book:", list(proposal.bookings))
    lines += block(
        "Could not arrange:", [f"{u.code} {u.member or ''}: {u.message}" for u in proposal.unresolved]
    )
    lines += block(
        "The checks on the new contact and letters:",
        [f"{f.code} [{f.severity}] {f.message}" for f in proposal.findings] or ["nothing to report"],
    )
    if written is not None:
        ids = [proposal.contact.id] + [letter.id for letter in proposal.letters]
        lines.append(f"# Added {', '.join(ids)} to {written}.")
    return "".join(line + "\n" for line in lines)


# --------------------------------------------------------------------------
# ---- letters (letter, letters, translations)
class LetterFormat(enum.StrEnum):
    html = "html"
    text = "text"


class TemplateName(enum.StrEnum):
    appointment = "appointment"
    missed_appointment = "missed_appointment"
    domestic_abuse_support = "domestic_abuse_support"


_NEXT_STEPS = {
    "CP301": (
        "next step: leave out --language (or the letter's `languages:`) so that contactplan writes it "
        "in the language they read, or add that language; `contactplan languages CASE_FILE` shows it."
    ),
    "CP302": (
        "next step: book a telephone interpreter to read the letter to them in their language, and ask "
        "for a translation of the template (see docs/translating.md); `contactplan translations` lists "
        "what exists."
    ),
}


def _letter_verdict(
    case_file: Path, case: Any, letter: Any, languages: list[str] | None, today: dt.date
) -> bool:
    """Print CP301/CP302 as refusals and CP303/CP304 as warnings; True when
    the letter may be written."""
    from .checks.letters import letter_findings

    findings = letter_findings(case, letter, languages=languages, today=today)
    refused = [f for f in findings if f.severity == "error"]
    for finding in refused:
        typer.echo(f"contactplan: error: {_finding_line(str(case_file), finding, False)}", err=True)
        fallback = f"next step: fix the plan (contactplan explain {finding.code})."
        typer.echo(f"  {_NEXT_STEPS.get(finding.code, fallback)}", err=True)
    for finding in findings:
        if finding.severity != "error":
            warn(_finding_line(str(case_file), finding, False))
    return not refused


def _render(
    case: Any, letter: Any, languages: list[str] | None, fmt: LetterFormat, english_copy: bool, today: dt.date
) -> str:
    from .checks.letters import due_languages
    from .letters import render_letter

    due = due_languages(case, letter, languages)
    return render_letter(case, letter, due, format=fmt.value, english_copy=english_copy, today=today)


def _letter_to_write(
    case: Any, letter_id: str | None, template: TemplateName | None, to: str | None, contact: str | None
) -> Any:
    from .model import Letter

    if letter_id is not None:
        if template is not None or to is not None or contact is not None:
            fail("give either LETTER_ID or --template/--to/--contact, not both")
        if letter_id not in {item.id for item in case.letters}:
            known = ", ".join(item.id for item in case.letters) or "none"
            fail(f"no letter {letter_id!r} in the case file (letters: {known})")
        return case.letter(letter_id)
    if template is None or to is None:
        fail("give a LETTER_ID from the case file, or --template and --to (and --contact for its contact)")
    if to not in {m.id for m in case.members}:
        fail(f"--to: no member {to!r} in the case file")
    if contact is not None and contact not in {c.id for c in case.contacts}:
        fail(f"--contact: no contact {contact!r} in the case file")
    return Letter(id=f"{template.value}-{to}", template=template.value, to=to, contact=contact)


@app.command()
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
    today: Annotated[
        str | None, typer.Option("--today", metavar="DATE", help="The letter's date (default: today).")
    ] = None,
) -> None:
    """Write one letter in the recipient's written language, with an English
    copy for the record. Refused (exit 1) when it would go in a language they
    do not read (CP301) or one with no translation (CP302)."""
    from .casefile import load_case
    from .languages import normalize_tag
    from .output import write_atomic

    day = parse_date(today, "--today") or dt.date.today()
    try:
        case = load_case(case_file)
        languages = [normalize_tag(t) for t in language] if language else None
    except ContactplanError as exc:
        fail(exc)
    chosen = _letter_to_write(case, letter_id, template, to, contact)
    try:
        if not _letter_verdict(case_file, case, chosen, languages, day):
            raise typer.Exit(EXIT_FINDINGS)
        text = _render(case, chosen, languages, format, not no_english_copy, day)
        if output is None:
            typer.echo(text, nl=False)
        else:
            write_atomic(output, text)
    except ContactplanError as exc:
        fail(exc)


@app.command("letters")
def letters_command(
    case_file: Annotated[Path, typer.Argument(help="The case file.", show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", metavar="DIR", help="The folder to write into.")],
    format: Annotated[
        LetterFormat, typer.Option("--format", help="html (a printable page) or text.")
    ] = LetterFormat.html,
    no_english_copy: Annotated[
        bool, typer.Option("--no-english-copy", help="Leave out the English copies.")
    ] = False,
    today: Annotated[
        str | None, typer.Option("--today", metavar="DATE", help="The letters' date (default: today).")
    ] = None,
) -> None:
    """Write every letter listed in the case file into DIR, one file each
    (LETTER_ID.html or .txt). Nothing is written when any letter is refused."""
    from .casefile import load_case
    from .output import write_atomic

    day = parse_date(today, "--today") or dt.date.today()
    try:
        case = load_case(case_file)
        allowed = [_letter_verdict(case_file, case, item, None, day) for item in case.letters]
        if not all(allowed):
            typer.echo("contactplan: no letters written: fix the refused letters first.", err=True)
            raise typer.Exit(EXIT_FINDINGS)
        rendered = [
            (item.id, _render(case, item, None, format, not no_english_copy, day)) for item in case.letters
        ]
        output.mkdir(mode=0o700, parents=True, exist_ok=True)
        suffix = ".html" if format is LetterFormat.html else ".txt"
        for letter_id, text in rendered:
            write_atomic(output / f"{letter_id}{suffix}", text)
            typer.echo(f"{output / (letter_id + suffix)}")
    except ContactplanError as exc:
        fail(exc)
    except OSError as exc:
        fail(f"{output}: {exc.strerror or exc}")


@app.command()
def translations(
    format: Annotated[
        TextOrJson, typer.Option("--format", help="text for people, json for programs.")
    ] = TextOrJson.text,
) -> None:
    """Which letter templates exist in which languages: complete or not,
    reviewed by a qualified translator or not."""
    from .catalogs import catalog_locales, locale_tag, status
    from .languages import english_name
    from .messages import TEMPLATES

    tags = ["en", *(locale_tag(locale) for locale in catalog_locales())]
    rows = [(tag, template, status(template, tag)) for tag in tags for template in TEMPLATES]
    if format is TextOrJson.json:
        print_json(
            [
                {"language": t, "template": n, "complete": s.available, "reviewed": s.reviewed}
                for t, n, s in rows
            ]
        )
        return
    lines = [
        [
            t,
            english_name(t),
            n,
            "complete" if s.available else f"{len(s.missing)} missing",
            "source text" if s.locale == "en" else ("yes" if s.reviewed else "draft"),
        ]
        for t, n, s in rows
    ]
    typer.echo(table(lines, ["language", "name", "template", "translation", "reviewed"]))
    complete = {t for t, _, s in rows if s.available}
    typer.echo(
        f"\n{len(tags)} languages, {len(complete)} with at least one complete template "
        "(English is the source)."
    )


# --------------------------------------------------------------------------
# ---- calendar


class CalendarMethod(enum.StrEnum):
    publish = "publish"
    request = "request"
    cancel = "cancel"


@app.command()
def calendar(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH",
            help="Case files, or folders to search for *.yaml, *.yml, *.json.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="FILE", help="Write to FILE (mode 0600), not to the screen."),
    ] = None,
    contact: Annotated[
        str | None, typer.Option("--contact", metavar="ID", help="Only the contact with this id.")
    ] = None,
    method: Annotated[
        CalendarMethod,
        typer.Option(
            "--method",
            help="publish: a file to import or subscribe to; request: invitations for planned "
            "contacts; cancel: cancellations.",
        ),
    ] = CalendarMethod.publish,
    include_names: Annotated[
        bool,
        typer.Option(
            "--include-names",
            help="Show family members' names, dates of birth and address (left out by default: "
            "calendars show on phones' lock screens).",
        ),
    ] = False,
) -> None:
    """Write an iCalendar file of the planned and cancelled contacts, with
    interpreter bookings, the time alone with each child and a reminder to
    confirm the interpreter."""
    from .calendar import Method, export
    from .casefile import iter_case_files, load_case
    from .output import write_atomic

    try:
        cases = [(str(path), load_case(path)) for path in iter_case_files(paths)]
        if not cases:
            fail(f"{', '.join(map(str, paths))}: no case files (*.yaml, *.yml, *.json) found")
        result = export(cases, method=Method(method.value), contact_id=contact, include_names=include_names)
        for message in result.warnings:
            warn(message)
        if output is None:
            typer.echo(result.data, nl=False)
        else:
            write_atomic(output, result.data)
    except ContactplanError as exc:
        fail(exc)


def main() -> None:  # pragma: no cover - the console script is contactplan.__main__:main
    app(prog_name="contactplan")


if __name__ == "__main__":  # pragma: no cover
    main()
