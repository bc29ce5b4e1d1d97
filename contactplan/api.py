"""contactplan's Python API: what the command line, the web page and any
other front end call.

Every function here takes and returns plain objects (the model of
:mod:`contactplan.model`, findings, reports), never prints and never exits;
it raises the exceptions of :mod:`contactplan.errors`
(:class:`~contactplan.errors.CaseFileError` for a file that is not a valid
case file, :class:`LetterRefused` for a letter that must not be sent, ...).
Import it as ``import contactplan``: the package exports these names.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import clock
from .errors import ContactplanError, PdfRefused, UsageError
from .findings import Finding, FindingsReport
from .model import Case, Letter, Member, Policy

if TYPE_CHECKING:
    from .calendar import CalendarExport
    from .languages import LanguageNeeds
    from .planning import ContactRequest, Proposal

__all__ = [
    "CheckReport",
    "FileReport",
    "LetterRefused",
    "LetterRequest",
    "MemberLanguages",
    "PdfRefused",
    "RenderedLetter",
    "add_contact_to_file",
    "check_case",
    "check_paths",
    "export_calendar",
    "language_needs",
    "load_case",
    "pdf_advice",
    "pdf_problems",
    "propose_contact",
    "render_letter",
]

PathLike = str | os.PathLike[str]


# --------------------------------------------------------------------------
# Reading


def load_case(source: PathLike, *, name: str | None = None) -> Case:
    """A validated case from a case file's path, or from its text.

    ``source`` is read as the text of a case file when it is a ``str``
    holding a line break or starting with ``{`` (JSON), else as a path.
    ``name`` is what error messages call the file (default: the path, or
    ``<case>`` for text). Raises :class:`~contactplan.errors.CaseFileError`
    naming the file, the line and the field.
    """
    from .casefile import load_case as load_path
    from .casefile import load_case_text

    if isinstance(source, str) and ("\n" in source or source.lstrip().startswith("{")):
        return load_case_text(source, name or "<case>")
    return load_path(os.fspath(source))


# --------------------------------------------------------------------------
# Checking


def check_case(
    case: Case,
    *,
    today: dt.date | None = None,
    policy: Mapping[str, int] | Policy | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    now: dt.datetime | None = None,
) -> list[Finding]:
    """The findings for one case, in code order (``docs/checks.md``).

    ``today`` is the date time checks measure from (default: the machine's
    date); ``policy`` overrides thresholds (a mapping of ``KEY: VALUE`` or a
    whole :class:`~contactplan.model.Policy`); ``select``/``ignore`` are
    codes or their beginnings (``CP1``, ``CP301``).
    """
    from .checks import run_checks

    return run_checks(case, today=today, policy=policy, select=select, ignore=ignore, now=now)


@dataclass(frozen=True, slots=True)
class FileReport:
    """The findings of one case file."""

    path: str
    reference: str
    findings: list[Finding]


@dataclass
class CheckReport(FindingsReport):
    """What ``check`` found in several files: the findings per file, and the
    files that could not be read (each a :class:`CaseFileError`). Counts,
    ``exit_status`` and ``summary()`` are those of every report of findings
    (:class:`~contactplan.findings.FindingsReport`)."""

    files: list[FileReport] = field(default_factory=list)
    unreadable: list[ContactplanError] = field(default_factory=list)

    @property
    def findings(self) -> list[tuple[FileReport, Finding]]:
        return [(report, finding) for report in self.files for finding in report.findings]

    def groups(self) -> list[list[Finding]]:
        return [report.findings for report in self.files]

    def located(self) -> list[tuple[str, Finding]]:
        return [(report.path, finding) for report, finding in self.findings]

    def as_json(self) -> list[dict[str, Any]]:
        """The ``--format json`` array (``docs/checks.md``)."""
        return [
            {"file": report.path, "case": report.reference, **finding.as_dict()}
            for report, finding in self.findings
        ]


def check_paths(
    paths: Iterable[PathLike],
    *,
    today: dt.date | None = None,
    policy: Mapping[str, int] | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    now: dt.datetime | None = None,
) -> CheckReport:
    """Check case files (a folder: every ``*.yaml``, ``*.yml`` and ``*.json``
    below it). A file that cannot be read is reported in
    :attr:`CheckReport.unreadable` and the others are still checked. CP701
    (an interpreter double-booked) looks across every file checked. Raises
    :class:`~contactplan.errors.UsageError` when no case file was found."""
    from .casefile import iter_case_files
    from .casefile import load_case as load_path
    from .checks import CaseRun, parse_codes, start_checks
    from .checks.caseload import across_cases

    selected, ignored = parse_codes(list(select), "--select"), parse_codes(list(ignore), "--ignore")
    given = [Path(p) for p in paths]
    report = CheckReport()
    runs: list[tuple[str, str, CaseRun]] = []
    for path in iter_case_files(given):
        try:
            case = load_path(path)
            run = start_checks(
                case,
                today=today,
                policy=policy,
                select=selected,
                ignore=ignored,
                now=now,
                case_index=len(runs),
            )
        except ContactplanError as exc:
            report.unreadable.append(exc)
            continue
        runs.append((str(path), case.reference, run))
    # CP701 across the files checked together, then each file's acknowledgements
    double_booked = across_cases([run.bookings for _, _, run in runs]) if len(runs) > 1 else {}
    for index, (name, reference, run) in enumerate(runs):
        report.files.append(FileReport(name, reference, run.finish(double_booked.get(index, ()))))
    if not report.files and not report.unreadable:
        raise UsageError(f"no case files (*.yaml, *.yml, *.json) in {', '.join(str(p) for p in given)}")
    return report


# --------------------------------------------------------------------------
# Language needs


@dataclass(frozen=True, slots=True)
class MemberLanguages:
    """A member with the language facts every feature uses (``docs/case-file.md``)."""

    member: Member
    needs: LanguageNeeds

    def as_dict(self) -> dict[str, Any]:
        """The ``languages --format json`` object (``cli.md``)."""
        return {
            "member": self.member.id,
            "name": self.member.name,
            "role": self.member.role,
            "interpreter_needed": self.needs.interpreter_needed,
            "spoken": self.needs.spoken,
            "written": self.needs.written,
            "reads_english": self.needs.reads_english,
        }


def language_needs(case: Case) -> list[MemberLanguages]:
    """Each member's derived language facts, in the order of the case file."""
    from .languages import needs_for

    return [MemberLanguages(member, needs_for(member)) for member in case.members]


# --------------------------------------------------------------------------
# Letters


@dataclass(frozen=True, slots=True)
class LetterRequest:
    """A letter that is not listed in the case file: a template, a recipient
    and (for appointment and missed appointment letters) a contact."""

    template: str
    to: str
    contact: str | None = None
    id: str | None = None


@dataclass(frozen=True, slots=True)
class RenderedLetter:
    """A letter written out: its content (text for ``html`` and ``text``,
    bytes for ``pdf``), the languages it is in, and the findings that did not
    stop it (CP304, warnings) for the user to see."""

    letter: Letter
    format: str
    languages: list[str]
    content: str | bytes
    findings: list[Finding]


class LetterRefused(ContactplanError):
    """A letter that must not be written as asked: ``findings`` are the
    errors (CP301, CP302, ...) that refuse it, each with its fix."""

    def __init__(self, letter: Letter, findings: list[Finding]) -> None:
        self.letter = letter
        self.findings = findings
        codes = ", ".join(sorted({f.code for f in findings}))
        super().__init__(f"letter {letter.id} refused ({codes})")


def _letter(case: Case, letter: str | Letter | LetterRequest) -> Letter:
    if isinstance(letter, Letter):
        return letter
    if isinstance(letter, str):
        if letter not in {item.id for item in case.letters}:
            known = ", ".join(item.id for item in case.letters) or "none"
            raise UsageError(f"no letter {letter!r} in the case file (letters: {known})")
        return case.letter(letter)
    from .vocabulary import LETTER_TEMPLATES

    if letter.template not in LETTER_TEMPLATES:
        raise UsageError(f"--template: no template {letter.template!r} ({', '.join(LETTER_TEMPLATES)})")
    if letter.to not in {m.id for m in case.members}:
        raise UsageError(f"--to: no member {letter.to!r} in the case file")
    if letter.contact is not None and letter.contact not in {c.id for c in case.contacts}:
        raise UsageError(f"--contact: no contact {letter.contact!r} in the case file")
    return Letter(
        id=letter.id or f"{letter.template}-{letter.to}",
        template=letter.template,  # type: ignore[arg-type]
        to=letter.to,
        contact=letter.contact,
    )


def render_letter(
    case: Case,
    letter: str | Letter | LetterRequest,
    *,
    format: str = "html",
    languages: Sequence[str] | None = None,
    english_copy: bool | None = None,
    today: dt.date | None = None,
    explained_at: str | None = None,
) -> RenderedLetter:
    """Write one letter: a letter id of the case file, a
    :class:`~contactplan.model.Letter`, or a :class:`LetterRequest`.

    ``languages`` (BCP 47 tags) replaces the letter's own ``languages:``;
    by default contactplan writes it in the recipient's written language.
    ``english_copy``: None (default) adds an English copy after a translated
    letter, except to a domestic abuse support letter. ``explained_at`` (a
    contact id) replaces the letter's own ``explained_at``. ``format``:
    ``html``, ``text`` or ``pdf`` (bytes; needs the ``pdf`` extra).
    Raises :class:`LetterRefused` (carrying the findings, each with its fix)
    when the letter would repeat a failure the checks exist for.
    """
    from .checks.letters import due_languages, letter_findings
    from .languages import normalize_tag
    from .letters import render_letter as render

    chosen = _letter(case, letter)
    if explained_at is not None:
        if explained_at not in {c.id for c in case.contacts}:
            raise UsageError(f"--explained-at: no contact {explained_at!r} in the case file")
        import msgspec

        chosen = msgspec.structs.replace(chosen, explained_at=explained_at)
    day = today or clock.today()
    tags = [normalize_tag(t) for t in languages] if languages else None
    findings = letter_findings(case, chosen, languages=tags, today=day)
    refused = [f for f in findings if f.severity == "error"]
    if refused:
        raise LetterRefused(chosen, refused)
    due = due_languages(case, chosen, tags)
    content = render(case, chosen, due, format=format, english_copy=english_copy, today=day)  # type: ignore[arg-type]
    return RenderedLetter(chosen, format, due, content, findings)


def pdf_problems(
    case: Case,
    letter: str | Letter | LetterRequest,
    *,
    languages: Sequence[str] | None = None,
    english_copy: bool | None = None,
    today: dt.date | None = None,
) -> list[Any]:
    """Why this letter can't be written as PDF on this machine, without
    laying it out (fast enough to ask before offering a PDF): characters no
    font here covers well, each a :class:`~contactplan.letters.fonts.FontProblem`
    naming the language, the script and the Debian package to install
    (``fonts-noto-core`` for Bengali); values too long to lay out in good
    time (:class:`~contactplan.letters.pdf.TooLong`). Empty: it can. Each
    problem reads as a sentence (``str``); ``problem.what`` says what can't
    be printed ("Bengali letters").

    Raises :class:`LetterRefused` when the letter may not be written at all,
    :class:`~contactplan.errors.MissingExtraError` without the ``pdf`` extra,
    and :class:`~contactplan.letters.pdf.PdfUnavailable` without fontconfig.
    :func:`render_letter` with ``format="pdf"`` refuses with
    :class:`PdfRefused` for the same problems."""
    from .checks.letters import due_languages, letter_findings
    from .languages import normalize_tag
    from .letters import sections
    from .letters.pdf import pdf_problems as problems

    chosen = _letter(case, letter)
    day = today or clock.today()
    tags = [normalize_tag(t) for t in languages] if languages else None
    refused = [f for f in letter_findings(case, chosen, languages=tags, today=day) if f.severity == "error"]
    if refused:
        raise LetterRefused(chosen, refused)
    parts = sections(case, chosen, due_languages(case, chosen, tags), english_copy=english_copy, today=day)
    return list(problems(parts, case.reference))


def pdf_advice(problems: Sequence[object]) -> list[str]:
    """:func:`pdf_problems` (or a :class:`PdfRefused`'s ``problems``) in a
    practitioner's words, one sentence a package to install: "This server
    can't print Urdu letters: ask your administrator to install
    fonts-noto-core." Empty when none of them is about fonts or length."""
    from .letters.pdf import advice

    return advice(list(problems))


# --------------------------------------------------------------------------
# Calendar


def export_calendar(
    cases: Iterable[Case | tuple[str, Case]],
    *,
    method: str = "publish",
    contact: str | None = None,
    include_names: bool = False,
    now: dt.datetime | None = None,
) -> CalendarExport:
    """One iCalendar file for the planned (and cancelled) contacts of
    ``cases`` (cases, or ``(file name, case)`` pairs). ``bytes(result)`` is
    the file; ``result.warnings`` what was left out and why.

    ``method``: ``publish`` (a file to import or subscribe to), ``request``
    (invitations) or ``cancel`` (cancellations).
    """
    from .calendar import Method, export

    named = [item if isinstance(item, tuple) else (item.reference, item) for item in cases]
    try:
        chosen = Method(method)
    except ValueError:
        raise UsageError(f"--method: {method!r} is not publish, request or cancel") from None
    return export(named, method=chosen, contact_id=contact, include_names=include_names, now=now)


# --------------------------------------------------------------------------
# Planning


def propose_contact(case: Case, request: ContactRequest) -> Proposal:
    """A whole contact (who comes, who interprets, time alone with each child,
    how long) and its letters, planned to pass the checks, with the reasons
    for each choice (``docs/planning.md``)."""
    from .planning import propose_contact as propose

    return propose(case, request)


def add_contact_to_file(path: PathLike, proposal: Proposal, *, expected: bytes | None = None) -> Case:
    """Add a proposal's contact and letters to the case file at ``path``,
    keeping its comments and layout; returns the case as now written.
    Raises :class:`~contactplan.errors.DuplicateIdError` for an id already
    used and :class:`~contactplan.casefile.edit.CaseEditError` when the file
    cannot be changed safely (nothing is written then). Holds the file's
    lock throughout; ``expected`` (the bytes the proposal was made from, see
    :func:`contactplan.casefile.edit.read_case_for_edit`) refuses a file that
    changed since (:class:`~contactplan.casefile.edit.CaseChangedError`)."""
    from .casefile.edit import add_to_case_file

    data = proposal.data()
    return add_to_case_file(os.fspath(path), data["contacts"], data["letters"], expected=expected)
