"""The pages. Each route reads the store, calls the library, and renders a
template; a change goes through :func:`edits.save` (the case file reader,
then the store, which checks the case and keeps the findings)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from ..errors import ContactplanError
from ..findings import Finding
from ..model import Case
from ..store import ConflictError, StoredCase, UnknownCaseError
from ..wording import format_day, format_day_time
from . import edits
from .app import current_store, current_user, now, today
from .filters import template_label
from .forms import (
    AcknowledgeForm,
    ConfirmForm,
    ContactForm,
    ImportForm,
    LetterForm,
    MemberForm,
    NewCaseForm,
    PlanForm,
    RemoveForm,
    SignInForm,
    choices,
    parse_time,
)

web = Blueprint("web", __name__)


# --------------------------------------------------------------------------
# Helpers


def _stored(reference: str, version: int | None = None) -> StoredCase:
    try:
        return current_store().load_stored(reference, version)
    except UnknownCaseError:
        abort(404)


def _version(form: Any, stored: StoredCase) -> int:
    """The version the form started from (the newest when the form has none)."""
    try:
        return int(form.version.data)
    except (TypeError, ValueError):
        return stored.version


def _findings(reference: str) -> list[Finding]:
    return current_store().findings(reference)


def _counts(findings: list[Finding]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0, "acknowledged": 0}
    for f in findings:
        if f.acknowledged:
            out["acknowledged"] += 1
        else:
            out[f.severity] += 1
    return out


def _page(template: str, stored: StoredCase, **context: Any) -> str:
    """A page of a case: every one shows the case's findings."""
    findings = context.pop("findings", None)
    if findings is None:
        findings = _findings(stored.reference)
    return render_template(
        template,
        stored=stored,
        case=stored.case,
        findings=findings,
        counts=_counts(findings),
        zone=stored.case.case.timezone,
        **context,
    )


def _saved(reference: str, version: int) -> Any:
    counts = _counts(_findings(reference))
    flash(
        f"Saved as version {version}. The checks found {counts['error']} "
        f"error{'s' if counts['error'] != 1 else ''} and {counts['warning']} "
        f"warning{'s' if counts['warning'] != 1 else ''}.",
        "success",
    )
    return redirect(url_for("web.case", reference=reference))


def _conflict_context(exc: ConflictError) -> dict[str, Any]:
    return {
        "conflict": {
            "by": exc.found_by,
            "at": exc.found_at,
            "version": exc.found_version,
            "theirs": exc.theirs,
            "mine": exc.mine,
        }
    }


def _reason(form: Any, default: str) -> str:
    given = " ".join((form.reason.data or "").split()) if hasattr(form, "reason") else ""
    return given or default


def _sorted_contacts(case: Case) -> list[Any]:
    return sorted(case.contacts, key=lambda c: (case.localize(c.start), c.id))


# --------------------------------------------------------------------------
# Signing in


@web.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Any:
    from ..store.users import HOLD, SignIn, session_stamp
    from ..store.users import sign_in as check

    if current_app.config["CONTACTPLAN_TRUST_HEADER"]:
        return redirect(url_for("web.caseload"))
    form = SignInForm()
    problem = None
    notice = None
    if session.pop("timed_out", None):
        notice = "You were signed out after a while without using the page. Sign in again."
    if form.validate_on_submit():
        outcome = check(current_store(), form.name.data, form.password.data)
        if outcome is SignIn.OK:
            wanted = session.get("next") or ""
            session.clear()
            session["user"] = " ".join(form.name.data.split())
            session["stamp"] = session_stamp(current_store(), session["user"])
            session["seen"] = time.time()
            session.permanent = True
            if not (wanted.startswith("/") and not wanted.startswith("//") and "\\" not in wanted):
                wanted = url_for("web.caseload")
            return redirect(wanted)
        if outcome is SignIn.HELD:
            problem = (
                f"Too many wrong passwords: this account can't sign in for "
                f"{int(HOLD.total_seconds() // 60)} minutes"
            )
        elif outcome is SignIn.DISABLED:
            problem = "This account is disabled: ask whoever runs this page"
        else:
            problem = "Enter a correct user name and password"
        form.password.data = ""
    return render_template("sign_in.html", form=form, problem=problem, notice=notice), (
        401 if problem else 200
    )


@web.route("/sign-out", methods=["POST"])
def sign_out() -> Any:
    form = ConfirmForm()
    if form.validate_on_submit():
        session.clear()
    return redirect(url_for("web.sign_in"))


# --------------------------------------------------------------------------
# Caseload and import


@web.route("/")
def caseload() -> Any:
    from markupsafe import Markup

    from ..store.summaries import caseload as rows
    from .filters import kind, language, when

    br = Markup("<br>")
    # Worked out here, once a row, rather than in the template: 2,000 rows
    # render within 300 ms (benchmarks/bench_web_caseload.py).
    shown = [
        {
            "reference": r.reference,
            "href": "/cases/" + quote(r.reference, safe=""),
            "errors": r.errors,
            "warnings": r.warnings,
            "next": f"{kind(r.next_kind)}, {when(r.next_start)}" if r.next_start and r.next_kind else "",
            "interpreter": br.join(
                Markup("{} ({})").format(p.name, language(p.language)) for p in r.interpreter
            ),
            "cannot_read": br.join(p.name for p in r.cannot_read),
        }
        for r in rows(current_store(), now=now())
    ]
    return render_template("caseload.html", rows=shown, form=ConfirmForm())


@web.route("/import", methods=["GET", "POST"])
def import_case() -> Any:
    from ..api import load_case
    from ..errors import CaseFileError
    from ..store import StoreError
    from ..store.summaries import keep_summary

    form = ImportForm()
    problem = None
    if form.validate_on_submit():
        upload = form.file.data
        if upload is None or not getattr(upload, "filename", ""):
            problem = "Choose a case file"
        else:
            name = upload.filename.replace("\\", "/").rsplit("/", 1)[-1][:100] or "case file"
            raw = upload.read(1024 * 1024 + 1)
            try:
                if len(raw) > 1024 * 1024:
                    raise CaseFileError(name, "the file is larger than 1 MiB")
                try:
                    text = raw.decode("utf-8-sig")
                except UnicodeDecodeError:
                    raise CaseFileError(name, "the file is not UTF-8 text") from None
                if "\n" not in text and not text.lstrip().startswith("{"):
                    text += "\n"
                case = load_case(text, name=name)
                done = current_store().import_cases(
                    [case], current_user(), "imported through the web page", replace=bool(form.replace.data)
                )
            except CaseFileError as exc:
                problem = str(exc)
            except StoreError as exc:
                problem = str(exc)
            except ContactplanError as exc:
                problem = str(exc)
            else:
                reference, version, what = done[0]
                keep_summary(current_store(), reference, version, case)
                words = {
                    "created": "Imported",
                    "saved": "Saved as a new version",
                    "unchanged": "Already up to date",
                }
                flash(f"{words[what]}: {reference} (version {version}).", "success")
                return redirect(url_for("web.case", reference=reference))
    return render_template("import.html", form=form, problem=problem), (400 if problem else 200)


@web.route("/new-case", methods=["GET", "POST"])
def new_case() -> Any:
    """Start a case on the page: its reference and its first member."""
    from ..store.summaries import keep_summary

    form = NewCaseForm()
    problem: dict[str, Any] | None = None
    existing: str | None = None
    if form.validate_on_submit():
        try:
            case = edits.new_case(form)
            version = current_store().save_many(
                [(case, None)], current_user(), "case started on the web page", today=today()
            )[0]
        except edits.FormProblem as exc:
            problem = {"message": exc.message, "field": exc.field}
        except ConflictError:
            existing = form.reference.data.strip()
            problem = {"message": "A case with this reference is already here", "field": "reference"}
        else:
            keep_summary(current_store(), case.reference, version, case)
            flash(
                f"Case {case.reference} started. Record each person's languages, then add the rest "
                "of the family, the interpreters and the contacts.",
                "success",
            )
            return redirect(url_for("web.case", reference=case.reference))
    status = 400 if (problem or form.errors) else 200
    return render_template("new_case.html", form=form, problem=problem, existing=existing), status


# --------------------------------------------------------------------------
# A case


@web.route("/cases/<reference:reference>")
def case(reference: str) -> Any:
    from ..api import language_needs
    from ..checks import REGISTRY
    from ..checks.acknowledgements import Acknowledgements, matches

    stored = _stored(reference)
    found = _findings(reference)
    rules = Acknowledgements.of(stored.case)
    explained: list[dict[str, Any]] = []
    for f in found:
        check = REGISTRY.get(f.code)
        sections = check.sections if check else {}
        reason = (
            next((a for a in stored.case.acknowledged if matches(a, f)), None) if f.acknowledged else None
        )
        explained.append(
            {
                "finding": f,
                "why": sections.get("Why it matters", ""),
                "fix": check.fix if check else "",
                "acknowledgement": reason,
                "can_acknowledge": not f.acknowledged and rules.can_acknowledge(f),
            }
        )
    order = {"error": 0, "warning": 1, "info": 2}
    explained.sort(key=lambda e: (e["finding"].acknowledged is not None, order.get(e["finding"].severity, 3)))
    return _page(
        "case.html",
        stored,
        findings=found,
        explained=explained,
        needs=language_needs(stored.case),
        contacts=_sorted_contacts(stored.case),
        history=list(reversed(current_store().history(reference))),
    )


@web.route("/cases/<reference:reference>/case.yaml")
def export_case(reference: str) -> Any:
    from ..store.document import case_yaml

    stored = _stored(reference)
    text = case_yaml(stored.case, header=f"{reference}, version {stored.version}, exported by contactplan")
    return _download(text.encode("utf-8"), f"{reference}.yaml", "application/yaml; charset=utf-8")


@web.route("/cases/<reference:reference>/calendar.ics")
def calendar(reference: str) -> Any:
    from ..api import export_calendar

    stored = _stored(reference)
    result = export_calendar([stored.case])
    return _download(result.data, f"{reference}.ics", "text/calendar; charset=utf-8")


def _download(content: bytes, filename: str, mimetype: str) -> Response:
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in filename)
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{safe}\"; filename*=UTF-8''{quote(safe)}"
    )
    return response


# --------------------------------------------------------------------------
# Members


def _language_picker(form: Any, spoken: bool = False) -> tuple[list[Any], str | None]:
    """The picker's candidates for what was typed in "Find a language", as
    the choices of "Which language?" (chosen already when there is one).
    ``spoken``: only spoken or signed languages (an interpreter's), unless
    the name is only of a written one."""
    from markupsafe import Markup

    from .filters import language
    from .picker import find_languages

    found, hint = find_languages(form.find_language.data or "")
    if spoken:
        found = [c for c in found if not c.written] or found
    form.pick_language.choices = choices(
        (c.tag, Markup("{} ({})").format(language(c.tag, c.written), c.tag)) for c in found
    )
    if len(found) == 1:
        form.pick_language.data = found[0].tag
    return found, hint


def find_language(form: Any, context: dict[str, Any], spoken: bool = False) -> None:
    """ "Find a language": the candidates (and any hint) into ``context``."""
    from .picker import NOTHING_FOUND, NOTHING_TYPED

    found, hint = _language_picker(form, spoken)
    context.update(found=found, hint=hint)
    if not found and not hint:
        context["hint"] = NOTHING_FOUND if (form.find_language.data or "").strip() else NOTHING_TYPED


def picked_language(form: Any, context: dict[str, Any], spoken: bool = False) -> str | None:
    """ "Add this language": the tag chosen among the candidates, the picker
    emptied for the next one; None, and the picker asking again, when
    nothing (or something not offered) was chosen."""
    found, _ = _language_picker(form, spoken)
    picked = request.form.get("pick_language")
    if picked and picked in {c.tag for c in found}:
        form.find_language.data = ""
        form.pick_language.choices = []
        return picked
    context.update(found=found, hint="Choose one of the languages found")
    return None


@web.route("/cases/<reference:reference>/members/add", methods=["GET", "POST"], endpoint="add_member")
@web.route("/cases/<reference:reference>/members/<member_id>", methods=["GET", "POST"])
def member(reference: str, member_id: str | None = None) -> Any:
    stored = _stored(reference)
    case = stored.case
    if member_id is not None and member_id not in {m.id for m in case.members}:
        abort(404)
    form = MemberForm()
    problem: dict[str, Any] | None = None
    context: dict[str, Any] = {"found": None, "hint": None}
    if request.method == "GET":
        form.version.data = str(stored.version)
        if member_id is not None:
            edits.member_to_form(case.member(member_id), form)
        else:
            form.household.data = True
    elif "find" in request.form:
        find_language(form, context)
    elif "add_language" in request.form:
        picked = picked_language(form, context)
        if picked:
            empty = next(
                (row for row in form.languages.entries if not (row.form.tag.data or "").strip()), None
            )
            if empty is None:
                form.languages.append_entry({"tag": picked, "speaks": "native", "reads": "none"})
            else:
                empty.form.tag.data = picked
    elif form.validate_on_submit():
        saved, problem = _save_item(
            reference,
            stored,
            form,
            "members",
            member_id,
            lambda old: edits.member_from_form(form, old),
            context,
        )
        if saved is not None:
            return saved
    if not (form.languages.entries and not (form.languages.entries[-1].form.tag.data or "").strip()):
        form.languages.append_entry({"tag": "", "speaks": "native", "reads": "none"})
    status = 409 if context.get("conflict") else 400 if (problem or form.errors) else 200
    return _page("member.html", stored, form=form, member_id=member_id, problem=problem, **context), status


def _save_item(
    reference: str,
    stored: Any,
    form: Any,
    section: str,
    item_id: str | None,
    build: Callable[[dict[str, Any] | None], dict[str, Any]],
    context: dict[str, Any],
) -> tuple[Any | None, dict[str, Any] | None]:
    """Add or change one member, contact or letter (``section``) from a form,
    as a new version on top of the version the form was opened at.

    Returns the redirect after a save, else None and the problem to show
    beside its field; when someone else saved first, ``context`` gets what
    they changed and the form keeps the user's input (a 409 page)."""
    noun = section[:-1]
    base = _stored(reference, _version(form, stored))
    data = edits.case_data(base.case)
    items = data.get(section) or []
    old = next((x for x in items if x["id"] == item_id), None)
    try:
        item = build(old)
        if item_id is not None and item["id"] != item_id:
            article = "an" if noun[0] in "aeiou" else "a"
            raise edits.FormProblem(f"{article} {noun}'s id can't be changed once saved", "id")
        data[section] = edits.replace_item(items, item_id, item)
    except edits.FormProblem as exc:
        return None, {"message": exc.message, "field": exc.field}
    reason = _reason(form, f"{noun} {item['id']} {'changed' if item_id else 'added'}")
    return _save_version(reference, base, data, form, reason, context)


def _save_version(
    reference: str,
    base: StoredCase,
    data: dict[str, Any],
    form: Any,
    reason: str,
    context: dict[str, Any],
    problem_prefix: str = "",
) -> tuple[Any | None, dict[str, Any] | None]:
    """Save ``data`` as the version after ``base`` (the version the form was
    opened at), by the signed-in user, for ``reason``.

    Returns the redirect to the case after a save; else None and the
    reader's problem (the field it is about, and what to fix); or, when
    someone else saved first, None and None, with what they changed in
    ``context`` and the form moved on to their version (a 409 page that keeps
    the user's input)."""
    try:
        _, version = edits.save(
            current_store(), reference, data, base.version, current_user(), reason, today()
        )
    except edits.FormProblem as exc:
        return None, {"message": problem_prefix + exc.message, "field": exc.field}
    except ConflictError as exc:
        context.update(_conflict_context(exc))
        form.version.data = str(exc.found_version)
        return None, None
    return _saved(reference, version), None


# --------------------------------------------------------------------------
# Contacts


def _contact_choices(form: ContactForm, case: Case, contact_id: str | None) -> None:
    members = choices((m.id, m.name) for m in case.members)
    form.attendees.choices = members
    form.seen.choices = members
    form.follow_up_of.choices = choices(
        (c.id, f"{c.display_title}, {c.start:%d %b %Y} ({c.status.replace('_', ' ')})")
        for c in case.contacts
        if c.is_missed and c.id != contact_id
    )
    everyone = edits.who_choices(case)
    who = choices(everyone)
    relays = choices([("", "None")] + [(i.id, i.name) for i in case.interpreters])
    children = choices(
        [("", "No child")]
        + [(m.id, m.name) for m in case.members if m.role in {"subject_child", "sibling", "other_child"}]
    )
    alone_who = choices([("", "No interpreter"), *everyone[1:]])
    for row in form.interpreting.entries:
        row.form.for_.choices = members
        row.form.who.choices = who
        row.form.relay.choices = relays
    for row in form.seen_alone.entries:
        row.form.child.choices = children
        row.form.who.choices = alone_who


@web.route("/cases/<reference:reference>/contacts/add", methods=["GET", "POST"], endpoint="add_contact")
@web.route("/cases/<reference:reference>/contacts/<contact_id>", methods=["GET", "POST"])
def contact(reference: str, contact_id: str | None = None) -> Any:
    stored = _stored(reference)
    case = stored.case
    if contact_id is not None and contact_id not in {c.id for c in case.contacts}:
        abort(404)
    form = ContactForm()
    problem: dict[str, Any] | None = None
    context: dict[str, Any] = {}
    if request.method == "GET":
        form.version.data = str(stored.version)
        if contact_id is not None:
            edits.contact_to_form(case.contact(contact_id), form)
        elif case.case.lead_practitioner is not None:
            lead = case.case.lead_practitioner
            form.practitioners.data = f"{lead.name} <{lead.email}>" if lead.email else lead.name
    if "add_interpreting" in request.form:
        form.interpreting.append_entry()
    if "add_alone" in request.form:
        form.seen_alone.append_entry()
    _contact_choices(form, case, contact_id)
    if request.method == "POST" and "save" in request.form and form.validate_on_submit():
        saved, problem = _save_item(
            reference,
            stored,
            form,
            "contacts",
            contact_id,
            lambda old: edits.contact_from_form(form, old),
            context,
        )
        if saved is not None:
            return saved
    status = (
        409
        if context.get("conflict")
        else 400
        if (problem or (request.method == "POST" and "save" in request.form and form.errors))
        else 200
    )
    return _page("contact.html", stored, form=form, contact_id=contact_id, problem=problem, **context), status


# --------------------------------------------------------------------------
# Letters


def _letter_choices(form: LetterForm, case: Case) -> None:
    form.to.choices = choices((m.id, m.name) for m in case.members)
    listed = [(c.id, f"{c.display_title}, {c.start:%d %b %Y %H:%M} ({c.id})") for c in _sorted_contacts(case)]
    form.contact.choices = choices([("", "None"), *listed])
    form.explained_at.choices = choices([("", "Not arranged"), *listed])


@web.route("/cases/<reference:reference>/letters/add", methods=["GET", "POST"], endpoint="add_letter")
@web.route("/cases/<reference:reference>/letters/<letter_id>/edit", methods=["GET", "POST"])
def letter(reference: str, letter_id: str | None = None) -> Any:
    stored = _stored(reference)
    case = stored.case
    if letter_id is not None and letter_id not in {x.id for x in case.letters}:
        abort(404)
    form = LetterForm()
    _letter_choices(form, case)
    problem: dict[str, Any] | None = None
    context: dict[str, Any] = {}
    if request.method == "GET":
        form.version.data = str(stored.version)
        if letter_id is not None:
            edits.letter_to_form(case.letter(letter_id), form)
        else:
            wanted = request.args.get("contact")
            if wanted in {c.id for c in case.contacts}:
                form.contact.data = wanted
    elif form.validate_on_submit():
        saved, problem = _save_item(
            reference, stored, form, "letters", letter_id, lambda _old: edits.letter_from_form(form), context
        )
        if saved is not None:
            return saved
    status = 409 if context.get("conflict") else 400 if (problem or form.errors) else 200
    return _page(
        "letter_form.html", stored, form=form, letter_id=letter_id, problem=problem, **context
    ), status


def _pdf_words(refusal: Any) -> str:
    """A PDF refusal in a practitioner's words."""
    from ..api import pdf_advice

    said = pdf_advice(refusal.problems)
    if said:
        return " ".join(said)
    return (
        "This server couldn't print this letter as PDF. Download the letter as HTML and print it "
        "from your browser, and tell your administrator."
    )


def _pdf_offer(case: Any, letter_id: str) -> tuple[bool, list[str]]:
    """Whether to offer the letter as PDF and, when this server can't print
    it well, why, in words for the page (``api.pdf_problems``: no boxes)."""
    import importlib.util

    from ..api import pdf_advice, pdf_problems

    if importlib.util.find_spec("weasyprint") is None:
        return False, []
    try:
        problems = pdf_problems(case, letter_id, today=today())
    except ContactplanError as exc:
        return False, [str(exc)]
    return not problems, pdf_advice(problems)


@web.route("/cases/<reference:reference>/letters/<letter_id>")
def letter_preview(reference: str, letter_id: str) -> Any:
    from ..api import LetterRefused, render_letter
    from ..checks import REGISTRY

    stored = _stored(reference)
    if letter_id not in {x.id for x in stored.case.letters}:
        abort(404)
    refused = None
    rendered = None
    problem = None
    try:
        rendered = render_letter(stored.case, letter_id, format="html", today=today())
    except LetterRefused as exc:
        refused = [(f, REGISTRY[f.code].fix if f.code in REGISTRY else "") for f in exc.findings]
    except ContactplanError as exc:
        problem = str(exc)
    pdf, pdf_problems = _pdf_offer(stored.case, letter_id) if rendered is not None else (False, [])
    return _page(
        "letter.html",
        stored,
        letter=stored.case.letter(letter_id),
        rendered=rendered,
        refused=refused,
        problem=problem,
        pdf=pdf,
        pdf_problems=pdf_problems,
    )


@web.route("/cases/<reference:reference>/letters/<letter_id>/letter.<any(html, pdf):fmt>")
def letter_document(reference: str, letter_id: str, fmt: str) -> Any:
    from ..api import LetterRefused, PdfRefused, render_letter

    stored = _stored(reference)
    if letter_id not in {x.id for x in stored.case.letters}:
        abort(404)
    try:
        rendered = render_letter(stored.case, letter_id, format=fmt, today=today())
    except LetterRefused:
        return redirect(url_for("web.letter_preview", reference=reference, letter_id=letter_id))
    except PdfRefused as exc:  # no font, too long, or WeasyPrint crashed in its child: the server goes on
        return render_template(
            "error.html", title="The letter can't be printed", message=_pdf_words(exc)
        ), 422
    except ContactplanError as exc:
        return render_template("error.html", title="The letter can't be written", message=str(exc)), 422
    content = rendered.content if isinstance(rendered.content, bytes) else rendered.content.encode("utf-8")
    if fmt == "pdf":
        response = _download(content, f"{reference}-{letter_id}.pdf", "application/pdf")
    elif request.args.get("download"):
        response = _download(content, f"{reference}-{letter_id}.html", "text/html; charset=utf-8")
    else:
        response = Response(content, mimetype="text/html")
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Content-Security-Policy"] = _letter_csp()
    return response


def _letter_csp() -> str:
    from .app import LETTER_CSP

    return LETTER_CSP


# --------------------------------------------------------------------------
# Plan a visit


def _plan_request(form: PlanForm) -> Any:
    from ..planning import ContactRequest, parse_practitioner

    when = form.date.form.value()
    if when is None:
        raise edits.FormProblem("Enter the date", "date")
    try:
        at = parse_time(form.time.data)
    except ValueError as exc:
        raise edits.FormProblem(str(exc), "time") from None
    if at is None:
        raise edits.FormProblem("Enter the time", "time")
    try:
        practitioner = (
            parse_practitioner(form.practitioner.data) if (form.practitioner.data or "").strip() else None
        )
    except ContactplanError as exc:
        raise edits.FormProblem(str(exc), "practitioner") from None
    return ContactRequest(
        kind=form.kind.data,
        start=dt.datetime.combine(when, at),
        duration_minutes=form.duration.data or None,
        attendees=tuple(form.attendees.data or ()),
        practitioner=practitioner,
        location=(form.location.data or "").strip() or None,
        today=today(),
    )


@web.route("/cases/<reference:reference>/plan", methods=["GET", "POST"])
def plan(reference: str) -> Any:
    from ..api import propose_contact

    stored = _stored(reference)
    form = PlanForm()
    form.attendees.choices = choices((m.id, m.name) for m in stored.case.members)
    proposal = None
    problem: dict[str, Any] | None = None
    context: dict[str, Any] = {}
    if request.method == "GET":
        form.version.data = str(stored.version)
    elif form.validate_on_submit():
        accept = "accept" in request.form
        base = _stored(reference, _version(form, stored))
        try:
            try:
                wanted = _plan_request(form)
            except ValueError as exc:
                raise edits.FormProblem(str(exc), "date") from None
            if accept and base.version != stored.version:
                # Someone saved since the proposal was made: plan again on the
                # newest version and show it, never add it to an old one.
                base = stored
                history = current_store().history(reference)
                newer = [h for h in history if h.version > int(form.version.data)]
                context["conflict"] = {
                    "by": newer[-1].by if newer else None,
                    "at": newer[-1].at if newer else None,
                    "version": stored.version,
                    "theirs": [c for h in newer for c in h.changes],
                    "mine": ["the visit you planned (not added yet: it was planned again below)"],
                }
                accept = False
                form.version.data = str(stored.version)
            proposal = propose_contact(base.case, wanted)
            if accept:
                data = edits.case_data(proposal.applied_to(base.case))
                _, version = edits.save(
                    current_store(),
                    reference,
                    data,
                    base.version,
                    current_user(),
                    f"planned {proposal.contact.id} with contactplan's proposal",
                    today(),
                )
                return _saved(reference, version)
        except edits.FormProblem as exc:
            problem = {"message": exc.message, "field": exc.field}
            proposal = None
        except ConflictError as exc:
            context.update(_conflict_context(exc))
            form.version.data = str(exc.found_version)
            stored = _stored(reference)
            proposal = propose_contact(stored.case, _plan_request(form))
        except ContactplanError as exc:
            problem = {"message": str(exc), "field": None}
            proposal = None
    status = (
        409
        if context.get("conflict")
        else 400
        if (problem or (request.method == "POST" and form.errors))
        else 200
    )
    return _page("plan.html", stored, form=form, proposal=proposal, problem=problem, **context), status


# --------------------------------------------------------------------------
# Acknowledging a finding about the past


@web.route("/cases/<reference:reference>/acknowledge", methods=["GET", "POST"])
def acknowledge(reference: str) -> Any:
    from ..checks.acknowledgements import Acknowledgements

    stored = _stored(reference)
    form = AcknowledgeForm()
    source = request.args if request.method == "GET" else request.form
    key = tuple((source.get(k) or None) for k in ("code", "member", "contact", "letter"))
    found = _findings(reference)
    finding = next(
        (f for f in found if (f.code, f.member, f.contact, f.letter) == key and not f.acknowledged), None
    )
    if finding is None:
        abort(404)
    if not Acknowledgements.of(stored.case).can_acknowledge(finding):
        return _page("cannot_acknowledge.html", stored, finding=finding, findings=found), 409
    problem: dict[str, Any] | None = None
    context: dict[str, Any] = {}
    if request.method == "GET":
        form.version.data = str(stored.version)
        form.code.data, form.member.data, form.contact.data, form.letter.data = (v or "" for v in key)
    elif form.validate_on_submit():
        base = _stored(reference, _version(form, stored))
        data = edits.case_data(base.case)
        entry: dict[str, Any] = {"code": finding.code}
        for k in ("member", "contact", "letter"):
            if getattr(finding, k):
                entry[k] = getattr(finding, k)
        entry.update(
            {"reason": " ".join(form.why.data.split()), "by": current_user(), "date": today().isoformat()}
        )
        data["acknowledged"] = [*(data.get("acknowledged") or []), entry]
        saved, problem = _save_version(reference, base, data, form, f"acknowledged {finding.code}", context)
        if saved is not None:
            return saved
    status = 409 if context.get("conflict") else 400 if (problem or form.errors) else 200
    return _page(
        "acknowledge.html", stored, form=form, finding=finding, findings=found, problem=problem, **context
    ), status


# --------------------------------------------------------------------------
# Removing a member, interpreter, contact or letter


def _contact_words(case: Case, contact_id: str, time: bool = False) -> str:
    """``Home visit, 1 Dec 2026`` (``at 10:00`` too, with ``time``), as the rest of the page words it."""
    contact = case.contact(contact_id)
    start = case.localize(contact.start)
    return f"{contact.display_title}, {format_day_time(start) if time else format_day(start.date())}"


def _letter_words(case: Case, letter_id: str) -> str:
    """``Appointment letter to Magda Nowak``."""
    letter = case.letter(letter_id)
    return f"{template_label(letter.template)} to {case.member(letter.to).name}"


#: What each kind of item is called, and how one is described on the page.
_REMOVABLE: dict[str, tuple[str, Callable[[Case, str], str]]] = {
    "members": ("member", lambda case, i: case.member(i).name),
    "interpreters": ("interpreter", lambda case, i: case.interpreter(i).name),
    "contacts": ("contact", lambda case, i: _contact_words(case, i, time=True)),
    "letters": ("letter", _letter_words),
}


def _uses(case: Case, section: str, item_id: str) -> list[dict[str, str]]:
    """Where the case names an item (:meth:`Case.uses`), in words, one line
    for each thing that names it, with the page to change it."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for where, where_id, how in case.uses(section, item_id):
        grouped.setdefault((where, where_id), []).append(how)
    out = []
    for (where, where_id), hows in grouped.items():
        href = ""
        if where == "contact":
            text = _contact_words(case, where_id)
            href = url_for("web.contact", reference=case.reference, contact_id=where_id)
        elif where == "letter":
            text = f"Letter {where_id}"
            href = url_for("web.letter", reference=case.reference, letter_id=where_id)
        elif where == "interpreter":
            text = f"{case.interpreter(where_id).name}, on the register"
        else:
            text = f"Acknowledgement of {where_id}"
        out.append({"text": text, "id": where_id, "how": ", ".join(hows), "href": href})
    return out


@web.route(
    "/cases/<reference:reference>/<any(members, interpreters, contacts, letters):section>/<item_id>/remove",
    methods=["GET", "POST"],
)
def remove_item(reference: str, section: str, item_id: str) -> Any:
    """Remove one item from the case, as a new version with a reason. Earlier
    versions keep it. While something still names it (a member still
    expected at a contact: :meth:`Case.uses`) the page lists where, and the
    removal is refused; the reader would refuse it too."""
    stored = _stored(reference)
    if item_id not in {item.id for item in getattr(stored.case, section)}:
        abort(404)
    noun, describe = _REMOVABLE[section]
    form = RemoveForm()
    problem: dict[str, Any] | None = None
    context: dict[str, Any] = {"uses": _uses(stored.case, section, item_id)}
    if request.method == "GET":
        form.version.data = str(stored.version)
    elif form.validate_on_submit():
        base = _stored(reference, _version(form, stored))
        context["uses"] = _uses(base.case, section, item_id)
        if context["uses"]:
            problem = {"message": f"The case still names this {noun}: change what names it first"}
        else:
            saved, problem = _save_version(
                reference,
                base,
                edits.without_item(edits.case_data(base.case), section, item_id),
                form,
                f"{noun} {item_id} removed: {' '.join(form.reason.data.split())}",
                context,
                problem_prefix="It can't be removed while the case still uses it: ",
            )
            if saved is not None:
                return saved
    status = 409 if context.get("conflict") else 400 if (problem or form.errors) else 200
    return _page(
        "remove.html",
        stored,
        form=form,
        noun=noun,
        section=section,
        item_id=item_id,
        what=describe(stored.case, item_id),
        problem=problem,
        **context,
    ), status


from . import register  # noqa: E402,F401  (its routes)
