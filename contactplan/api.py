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
from .model import Acknowledgement, Case, Contact, Letter, Member, Policy

if TYPE_CHECKING:
    from .calendar import CalendarExport
    from .checks.due import DueItem
    from .checks.registry import Check
    from .languages import LanguageNeeds
    from .planning import ContactRequest, Proposal
    from .timeline import Standing, VisitDue

__all__ = [
    "CheckReport",
    "DueReport",
    "FileReport",
    "LanguageCandidate",
    "LetterRefused",
    "LetterRequest",
    "MemberLanguages",
    "PdfRefused",
    "ProposalRefused",
    "RenderedLetter",
    "accept_proposal",
    "acknowledgement_of",
    "add_contact_to_file",
    "can_acknowledge",
    "case_data",
    "check_case",
    "check_paths",
    "contact_day",
    "contact_request",
    "contact_standing",
    "due_for_case",
    "due_for_cases",
    "due_for_paths",
    "due_sort_key",
    "export_calendar",
    "find_languages",
    "language_name",
    "language_needs",
    "load_case",
    "normalize_tag",
    "pdf_advice",
    "pdf_problems",
    "plain_email",
    "propose_contact",
    "read_case_data",
    "reference_warning",
    "render_letter",
    "rules",
    "started_contact_of",
    "unique_id",
    "visit_due",
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
    policy: Mapping[str, Any] | Policy | None = None,
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
    policy: Mapping[str, Any] | None = None,
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
# What is due


def due_for_case(
    case: Case, *, today: dt.date | None = None, within: int = 5, policy: Policy | None = None
) -> list[DueItem]:
    """What one case needs next, most urgent first (``contactplan due``,
    the case's page on the web): outcomes to record (CP504), visits to each
    child on a plan (CP206), time alone with each child (CP203) and
    interpreters to confirm (CP113), each with the date it is due and
    whether it is overdue. Everything overdue, and what falls due within
    ``within`` working days of ``today`` (default: today in the case's time
    zone)."""
    from .checks.due import due_items

    if within < 0:
        raise UsageError("--within: a number of working days, 0 or more")
    day = today if today is not None else clock.today(case.timezone())
    return due_items(case, today=day, within=within, policy=policy)


@dataclass
class DueReport:
    """What several cases need next (``contactplan due``): the items of
    every case, most urgent first, how many cases were read, and what could
    not be read."""

    items: list[DueItem] = field(default_factory=list)
    cases: int = 0
    unreadable: list[ContactplanError] = field(default_factory=list)

    @property
    def overdue(self) -> list[DueItem]:
        return [item for item in self.items if item.overdue]

    @property
    def exit_status(self) -> int:
        """0: nothing overdue; 1: something is; 2: something could not be read."""
        if self.unreadable:
            return 2
        return 1 if self.overdue else 0

    def as_json(self) -> list[dict[str, Any]]:
        """The ``due --format json`` array (``cli.md``)."""
        return [item.as_dict() for item in self.items]

    def summary(self, within: int) -> str:
        """``3 things due, 2 of them overdue, in 5 cases (within 5 working days).``"""
        from .wording import plural

        read = plural(self.cases, "case")
        unread = f"; {plural(len(self.unreadable), 'case file')} could not be read" if self.unreadable else ""
        if not self.items:
            return f"Nothing overdue or due within {plural(within, 'working day')} in {read}{unread}."
        things = "1 thing due" if len(self.items) == 1 else f"{len(self.items)} things due"
        late = len(self.overdue)
        if len(self.items) == 1:
            of_them = ", overdue" if late else ""
        else:
            of_them = f", {late} of them overdue" if late else ", none overdue"
        return f"{things}{of_them}, in {read} (within {plural(within, 'working day')}){unread}."


def due_for_cases(cases: Iterable[Case], *, today: dt.date | None = None, within: int = 5) -> DueReport:
    """:func:`due_for_case` for each case (a store's open cases, the files of
    a folder), merged most urgent first."""
    from .checks.due import sort_key

    report = DueReport()
    for case in cases:
        report.items += due_for_case(case, today=today, within=within)
        report.cases += 1
    report.items.sort(key=sort_key)
    return report


def due_for_paths(paths: Iterable[PathLike], *, today: dt.date | None = None, within: int = 5) -> DueReport:
    """:func:`due_for_cases` for case files (a folder: every ``*.yaml``,
    ``*.yml`` and ``*.json`` below it). A file that cannot be read is
    reported in :attr:`DueReport.unreadable` and the others are still read.
    Raises :class:`~contactplan.errors.UsageError` when no case file was found."""
    from .casefile import iter_case_files
    from .casefile import load_case as load_path

    given = [Path(p) for p in paths]
    cases: list[Case] = []
    unreadable: list[ContactplanError] = []
    for path in iter_case_files(given):
        try:
            cases.append(load_path(path))
        except ContactplanError as exc:
            unreadable.append(exc)
    if not cases and not unreadable:
        raise UsageError(f"no case files (*.yaml, *.yml, *.json) in {', '.join(str(p) for p in given)}")
    report = due_for_cases(cases, today=today, within=within)
    report.unreadable = unreadable
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


#: Letters that invite their recipient to the letter's contact.
INVITATION_TEMPLATES = frozenset({"appointment"})


def started_contact_of(case: Case, letter: Letter, today: dt.date | None = None) -> Contact | None:
    """The contact ``letter`` invites to, when it has already started (before
    the start of ``today`` in the case's time zone, or, without ``today``,
    before now: :mod:`contactplan.timeline.started`); else None. ``letters``
    writes no such invitation and says so. A letter about a past contact (a
    missed appointment) or about none is never "too late"."""
    from .timeline.started import has_started, moment

    if letter.template not in INVITATION_TEMPLATES or letter.contact is None:
        return None
    contact = next((c for c in case.contacts if c.id == letter.contact), None)
    if contact is None or not has_started(case, contact, moment(case, today)):
        return None
    return contact


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
    today: dt.date | None = None,
) -> CalendarExport:
    """One iCalendar file for the planned (and cancelled) contacts of
    ``cases`` (cases, or ``(file name, case)`` pairs). ``bytes(result)`` is
    the file; ``result.warnings`` what was left out and why.

    ``method``: ``publish`` (a file to import or subscribe to), ``request``
    (invitations) or ``cancel`` (cancellations). ``request`` decides contact
    by contact: ``result.refused`` (errors that would book the wrong
    interpreter or confirm an unsafe plan) and ``result.skipped`` (contacts
    that started before ``today``, or before now) get no invitation; the
    others are written.
    """
    from .calendar import Method, export

    named = [item if isinstance(item, tuple) else (item.reference, item) for item in cases]
    try:
        chosen = Method(method)
    except ValueError:
        raise UsageError(f"--method: {method!r} is not publish, request or cancel") from None
    return export(named, method=chosen, contact_id=contact, include_names=include_names, now=now, today=today)


# --------------------------------------------------------------------------
# Planning


def propose_contact(case: Case, request: ContactRequest) -> Proposal:
    """A whole contact (who comes, who interprets, time alone with each child,
    how long) and its letters, planned to pass the checks, with the reasons
    for each choice (``docs/planning.md``). Without ``request.start``, at
    the first suitable time.

    Raises :class:`~contactplan.planning.StartRefused` (a
    :class:`~contactplan.errors.UsageError`, in plain words) for a start in
    the past or one at which a family member or practitioner is already at
    another contact, and when no suitable time can be found;
    :class:`~contactplan.errors.UsageError` for a request that can't be
    planned (an unknown kind or member)."""
    from .planning import propose_contact as propose

    return propose(case, request)


class ProposalRefused(ContactplanError):
    """A proposal that would bring errors into the case (``findings``, each
    an error the checks give the case with it added and not without it):
    it is not added. Errors the case already had are not its."""

    def __init__(self, proposal: Proposal) -> None:
        self.proposal = proposal
        self.findings = list(proposal.caused)
        listed = "; ".join(f"{f.message} ({f.code})" for f in self.findings)
        super().__init__(f"Not added to the case: it would bring errors into it: {listed}")


def accept_proposal(case: Case, proposal: Proposal) -> Case:
    """``case`` with the proposal's contacts and letters added (what the web
    page's "Accept" saves). Raises :class:`ProposalRefused` when the checks
    would give the case an error the proposal causes."""
    if proposal.caused:
        raise ProposalRefused(proposal)
    return proposal.applied_to(case)


def add_contact_to_file(path: PathLike, proposal: Proposal, *, expected: bytes | None = None) -> Case:
    """Add a proposal's contact and letters to the case file at ``path``,
    keeping its comments and layout; returns the case as now written.
    Raises :class:`ProposalRefused` (nothing written) when the proposal
    would bring an error into the case (:func:`accept_proposal`),
    :class:`~contactplan.errors.DuplicateIdError` for an id already
    used and :class:`~contactplan.casefile.edit.CaseEditError` when the file
    cannot be changed safely (nothing is written then). Holds the file's
    lock throughout; ``expected`` (the bytes the proposal was made from, see
    :func:`contactplan.casefile.edit.read_case_for_edit`) refuses a file that
    changed since (:class:`~contactplan.casefile.edit.CaseChangedError`)."""
    from .casefile.edit import add_to_case_file

    if proposal.caused:
        raise ProposalRefused(proposal)
    data = proposal.data()
    return add_to_case_file(os.fspath(path), data["contacts"], data["letters"], expected=expected)


# --------------------------------------------------------------------------
# For front ends: what the web page (and any other) needs from the layers
# below, so that it reaches them only through this module.


def _encode_date(value: Any) -> Any:
    if isinstance(value, dt.date):  # the model's Date and DateTime
        return value.isoformat()
    raise TypeError(f"not case data: {type(value).__name__}")  # pragma: no cover - the model has no others


def case_data(case: Case) -> dict[str, Any]:
    """The case as plain data, as its case file's JSON reads: every key of
    the format (``None`` for one not given), dates and times as ISO text
    exactly as written (an offset and seconds kept). :func:`read_case_data`
    reads it back to an equal case."""
    import msgspec

    data: dict[str, Any] = msgspec.to_builtins(case, enc_hook=_encode_date)
    return data


def read_case_data(data: Mapping[str, Any], *, name: str = "<case>") -> Case:
    """A validated case from plain data (what a case file's YAML or JSON
    reads as), through the same checks as a file but without going through
    text. Keys whose value is ``None`` count as not given. Raises
    :class:`~contactplan.errors.CaseFileError` naming ``name`` and the field
    (``members[1].languages[0].tag``); there is no line."""
    from .casefile.structure import convert
    from .casefile.validate import Validator, check_version
    from .casefile.yaml12 import Document

    source = Document(name)
    plain = _without_nulls(data)
    check_version(plain, source)
    case = convert(plain, source)
    Validator(case, source).run()
    return case


def _without_nulls(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def rules() -> Mapping[str, Check]:
    """Every check by code (``contactplan rules``): name, severity, docs, fix."""
    from .checks import REGISTRY

    return REGISTRY


def can_acknowledge(case: Case, finding: Finding) -> bool:
    """Whether ``finding`` may be acknowledged (``docs/case-file.md``): not
    an error that can still be put right."""
    from .checks.acknowledgements import Acknowledgements

    return Acknowledgements.of(case).can_acknowledge(finding)


def acknowledgement_of(case: Case, finding: Finding) -> Acknowledgement | None:
    """The case's ``acknowledged`` entry covering ``finding``, if any."""
    from .checks.acknowledgements import matches

    return next((entry for entry in case.acknowledged if matches(entry, finding)), None)


def normalize_tag(text: str) -> str:
    """A language tag in its canonical form (``PL`` -> ``pl``). Raises
    :class:`~contactplan.errors.UnknownLanguageError` (a language's name,
    an unknown tag; ``hint`` says what to write) as the case file reader does."""
    from .languages import normalize_tag as normalize

    return normalize(text)


def language_name(tag: str, written: bool = False) -> tuple[str, str]:
    """A language's English name and its own name (``("Polish", "polski")``),
    as a written language (with its script) when ``written``."""
    from .languages import english_name, own_name, written_name

    return (written_name(tag) if written else english_name(tag)), own_name(tag, written)


@dataclass(frozen=True, slots=True)
class LanguageCandidate:
    """A language :func:`find_languages` offers: its tag, its name, a note
    (``the tag you typed``), and whether it is a written language (a tag
    with its script: ``pa-Arab``, ``zh-Hant``)."""

    tag: str
    label: str
    note: str = ""
    written: bool = False


def find_languages(text: str, limit: int = 12) -> tuple[list[LanguageCandidate], str | None]:
    """The languages ``text`` may mean (an English name, the language's own
    name or a tag), best first, every candidate where a name is ambiguous
    (``Kurdish``: Kurmanji, Sorani, ...); and what the language engine says
    of a tag that is easy to get wrong (``bsl``), if anything."""
    from .errors import UnknownLanguageError
    from .languages import LanguageTagRefused, english_name, label, own_name, suggest_tags
    from .languages import _cldr_tables as cldr
    from .languages import normalize_tag as normalize

    wanted = text.strip()
    if not wanted or len(wanted) > 60:
        return [], None
    found: list[str] = []
    notes: dict[str, str] = {}
    hint: str | None = None

    def add(tag: str, note: str = "") -> None:
        if tag not in found:
            found.append(tag)
            if note:
                notes[tag] = note

    try:
        add(normalize(wanted), "the tag you typed")
    except LanguageTagRefused as refused:
        for tag in refused.tags:
            add(tag)
        if not refused.tags:
            hint = f"{refused}" + (f" ({refused.hint})" if refused.hint else "")
    except UnknownLanguageError:
        pass
    curated = suggest_tags(wanted)
    for tag in curated:
        add(tag)

    def key(name: str) -> str:
        return " ".join(name.casefold().replace("-", " ").split())

    typed = key(wanted)
    if not curated:
        for tag in cldr.COMMON_TAGS:
            if any(key(n) == typed for n in (english_name(tag), own_name(tag))):
                add(tag)
        if len(typed) >= 3:
            for tag in cldr.COMMON_TAGS:
                if any(key(n).startswith(typed) for n in (english_name(tag), own_name(tag))):
                    add(tag)
    out = []
    for tag in found[:limit]:
        written = any(len(part) == 4 and part.isalpha() for part in tag.split("-")[1:])
        try:
            shown = label(tag, written)
        except Exception:
            shown = tag
        out.append(LanguageCandidate(tag, shown, notes.get(tag, ""), written))
    return out, hint


def plain_email(text: str | None) -> str | None:
    """The address when ``text`` is a plain e-mail address that invitations
    can use, else None."""
    from .calendar.event import plain_email as plain

    return plain(text)


def contact_request(
    kind: str,
    start: dt.datetime,
    *,
    duration_minutes: int | None = None,
    attendees: Sequence[str] = (),
    practitioner: str | None = None,
    location: str | None = None,
    today: dt.date | None = None,
) -> ContactRequest:
    """What :func:`propose_contact` plans from: ``practitioner`` is
    ``"Name <email>"`` or just a name (:class:`~contactplan.errors.UsageError`
    otherwise)."""
    from .planning import ContactRequest, parse_practitioner

    return ContactRequest(
        kind=kind,
        start=start,
        duration_minutes=duration_minutes,
        attendees=tuple(attendees),
        practitioner=parse_practitioner(practitioner) if practitioner and practitioner.strip() else None,
        location=location,
        today=today,
    )


_ASCII = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D", "ı": "i", "æ": "ae", "Æ": "AE"}
)


def unique_id(base: str, taken: Iterable[str], fallback: str = "item") -> str:
    """An id for something new: ``base`` made a valid id (lower case a-z,
    0-9, ``_`` and ``-``; other letters spelt in ASCII where they can be,
    ``fallback`` where nothing is left), or ``base-2``, ``base-3``, ...
    whichever is not ``taken``."""
    import re
    import unicodedata

    from .model import ID_PATTERN

    folded = unicodedata.normalize("NFKD", base.translate(_ASCII))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    stem = re.sub(r"[^a-z0-9_-]+", "-", ascii_text).strip("-_")[:90] or fallback
    used = set(taken)
    candidate, number = stem, 2
    while candidate in used:
        candidate, number = f"{stem}-{number}", number + 1
    assert re.fullmatch(ID_PATTERN, candidate)
    return candidate


# The case over time, for front ends (the caseload, the case's page): the
# rules of contactplan.timeline and `due`, never a second one.


def contact_standing(case: Case, contact: Contact, today: dt.date) -> Standing:
    """What ``contact`` counts as on ``today`` (:class:`contactplan.timeline.Standing`)."""
    from .timeline import contact_standing as standing

    return standing(case, contact, today)


def contact_day(case: Case, contact: Contact) -> dt.date:
    """The date ``contact`` starts on, in the case's time zone."""
    from .timeline import contact_day as day

    return day(case, contact)


def visit_due(case: Case, child: Member, today: dt.date) -> VisitDue | None:
    """When ``child`` is next due a visit on ``today`` (:func:`contactplan.timeline.visit_due`)."""
    from .timeline import visit_due as due

    return due(case, child, today)


def due_sort_key(item: DueItem) -> tuple[dt.date, int, str, str, str]:
    """The order of ``contactplan due``: most urgent first."""
    from .checks.due import sort_key

    return sort_key(item)


def reference_warning(case: Case) -> str | None:
    """When the case reference holds a family member's name or address, a
    sentence saying so for the practitioner who starts or imports the case
    (calendars and invitations show a screened reference instead); None
    when it holds nothing of the family's."""
    from .calendar.privacy import reference_names, screened_reference

    named = reference_names(case)
    if not named:
        return None
    return (
        f"The case reference {case.reference} holds a family member's name or address "
        f"({', '.join(named)}). Calendars and invitations show it as {screened_reference(case)}; "
        "a reference without names is safer wherever it is written down."
    )
