"""The caseload, starting and importing a case, a case's page and its
downloads, acknowledging a finding about the past, removing something."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from markupsafe import Markup

from ...api import language_needs, load_case, read_case_data, reference_warning
from ...errors import CaseFileError, ContactplanError
from ...model import Case
from ...store import ConflictError, StoredCase, StoreError
from ..findings import page_finding
from ..mapping import place_error
from ..naming import contact_words, history_words, letter_words, new_member_id
from ..pages import (
    Edit,
    case_page,
    current_actor,
    current_store,
    current_user,
    download,
    has_started,
    opened,
    save,
    stored,
    today,
    web,
)
from .forms import AcknowledgeForm, ImportForm, NewCaseForm, RemoveForm

# --------------------------------------------------------------------------
# Caseload and import


#: Cases on one page of the caseload.
PAGE_SIZE = 50


@web.route("/")
def caseload() -> Any:
    """The open cases as they stand today, most urgent first: what each needs
    (``contactplan due``: outcomes to record, visits due or overdue), the
    checks' counts (stored findings are checked again once a day, on the
    first caseload of the day that meets them), the next contact, who needs
    an interpreter and who can't read a letter. "My cases": those whose lead
    practitioner is the user. 50 cases a page."""
    from ...api import due_sort_key as sort_key
    from ...store.summaries import caseload as rows
    from ..filters import kind, language, when

    store = current_store()
    day = today()
    listed = rows(store, actor=current_actor())
    facts = _facts_today(listed, day)
    todays = {ref: f.today for ref, f in facts.items()}
    leads = {ref: f.lead for ref, f in facts.items()}
    children = {ref: f.children for ref, f in facts.items()}
    mine = request.args.get("cases") == "mine"
    me = " ".join(current_user().split()).casefold()
    found = [r for r in listed if not mine or " ".join(leads.get(r.reference, "").split()).casefold() == me]

    def urgency(reference: str) -> tuple[int, Any, str]:
        first = todays[reference].first if reference in todays else None
        return (0, sort_key(first.item), reference) if first else (1, (), reference)

    found.sort(key=lambda r: urgency(r.reference))
    pages = max(1, -(-len(found) // PAGE_SIZE))
    number = request.args.get("page", "1")
    page = min(max(int(number), 1), pages) if number.isdigit() and len(number) < 7 else 1
    br = Markup("<br>")
    # Worked out here, once a row, rather than in the template.
    shown = []
    for r in found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]:
        now = todays.get(r.reference)
        shown.append(
            {
                "reference": r.reference,
                "unreadable": r.unreadable,
                "href": "/cases/" + quote(r.reference, safe=""),
                "children": children.get(r.reference, ""),
                "lead": leads.get(r.reference, ""),
                "errors": r.errors,
                "warnings": r.warnings,
                "overdue": len(now.overdue) if now else 0,
                "to_record": len(now.outcomes) if now else 0,
                "due": len(now.rows) if now else 0,
                "first": now.first if now else None,
                "next": f"{kind(r.next_kind)}, {when(r.next_start)}" if r.next_start and r.next_kind else "",
                "interpreter": br.join(
                    Markup("{} ({})").format(p.name, language(p.language)) for p in r.interpreter
                ),
                "cannot_read": br.join(p.name for p in r.cannot_read),
            }
        )
    return render_template(
        "cases/caseload.html",
        rows=shown,
        total=len(found),
        page=page,
        pages=pages,
        mine=mine,
        day=day,
        overdue=sum(1 for r in found if todays.get(r.reference) and todays[r.reference].overdue),
    )


@dataclass(frozen=True)
class _Facts:
    """What the caseload shows of a case version on a day, kept between requests."""

    version: int
    day: dt.date
    today: Any
    lead: str
    children: str


#: Where the app keeps :class:`_Facts` (by reference): a case is read and
#: worked out again only when it has a new version, or on a new day.
_FACTS = "contactplan.caseload_today"


def _stale(facts: _Facts | None, version: int, day: dt.date) -> bool:
    return facts is None or (facts.version, facts.day) != (version, day)


def _facts_today(listed: list[Any], day: dt.date) -> dict[str, _Facts]:
    """Each listed case's facts today: worked out for the versions (or on the
    day) not seen yet, read in one pass; the stored findings of those
    checked before today are checked again as they stand today."""
    from ...api import check_case
    from .today import case_today

    kept: dict[str, _Facts] = current_app.extensions.setdefault(_FACTS, {})
    missing = {r.reference for r in listed if _stale(kept.get(r.reference), r.version, day)}
    if missing:
        store = current_store()
        if len(missing) > 20:
            read = [c for c in store.open_cases(audit=None) if c.reference in missing]
        else:
            read = [store.read_case(reference, audit=None) for reference in sorted(missing)]
        # a document that can't be read has no facts: its row says it can't be read
        loaded = [c for c in read if isinstance(c, StoredCase)]
        for c in loaded:
            lead = c.case.case.lead_practitioner
            kept[c.reference] = _Facts(
                c.version,
                day,
                case_today(c.case, today(c.case)),
                lead.name if lead else "",
                ", ".join(m.name for m in c.case.subject_children()),
            )
        stale = {(s.reference, s.version) for s in store.list() if s.checked_on is None or s.checked_on < day}
        if stale & {(c.reference, c.version) for c in loaded}:
            store.refresh_findings(
                (
                    (c.reference, c.version, check_case(c.case, today=today(c.case)))
                    for c in loaded
                    if (c.reference, c.version) in stale
                ),
                day,
            )
    return {r.reference: kept[r.reference] for r in listed if r.reference in kept}


@web.route("/import", methods=["GET", "POST"])
def import_case() -> Any:
    from ...store.summaries import keep_summary

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
                    [case],
                    reason="imported through the web page",
                    replace=bool(form.replace.data),
                    actor=current_actor(),
                )
            except (CaseFileError, StoreError, ContactplanError) as exc:
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
                warning = reference_warning(case)
                if warning:
                    flash(warning, "important")
                return redirect(url_for("web.case", reference=reference))
    return render_template("cases/import.html", form=form, problem=problem), (400 if problem else 200)


@web.route("/new-case", methods=["GET", "POST"])
def new_case() -> Any:
    """Start a case on the page: the case's details and its first member."""
    from ...store.summaries import keep_summary

    form = NewCaseForm()
    existing: str | None = None
    if form.validate_on_submit():
        data = {"contactplan": 1, **form.to_case({"case": None, "members": None})}
        for member in data["members"] or []:
            member["id"] = new_member_id((), member.get("name") or "")
        try:
            case = read_case_data(data, name="the new case")
            version = current_store().save_many(
                [(case, None)],
                reason="case started on the web page",
                today=today(case),
                actor=current_actor(),
            )[0]
        except CaseFileError as exc:
            place_error(form, exc, [])
        except ConflictError:
            existing = " ".join((form.case.form.reference.data or "").split())
            form.case.form.reference.add_error("A case with this reference is already here")
        else:
            keep_summary(current_store(), case.reference, version, case)
            flash(
                f"Case {case.reference} started. Record each person's languages, then add the rest "
                "of the family, the interpreters and the contacts.",
                "success",
            )
            warning = reference_warning(case)
            if warning:
                flash(warning, "important")
            return redirect(url_for("web.case", reference=case.reference))
    status = 400 if (form.errors or form.form_errors or existing) else 200
    return render_template("cases/new_case.html", form=form, existing=existing), status


# --------------------------------------------------------------------------
# A case


@web.route("/cases/<reference:reference>")
def case(reference: str) -> Any:
    from ...api import check_case
    from .today import case_today, children_today

    current = stored(reference)
    day = today(current.case)
    # checked as the case stands today: what depends on the date is never stale
    found = check_case(current.case, today=day)
    explained = [page_finding(f, current.case) for f in found]
    order = {"error": 0, "warning": 1, "info": 2}
    explained.sort(key=lambda e: (e.finding.acknowledged is not None, order.get(e.finding.severity, 3)))
    entries = list(reversed(current_store().history(reference, actor=current_actor(), audit=None)))
    records = current_store().acknowledgements(reference, actor=current_actor())

    def signed(entry: Any) -> str:
        """Who acknowledged it, and where that came from (an imported file
        says so: the file's words are not taken for who signed it)."""
        return next((r.words for r in records if r.entry == entry), f"by {entry.by} on {entry.date}")

    return case_page(
        "cases/case.html",
        current,
        findings=found,
        explained=explained,
        children=children_today(current.case, day),
        due=case_today(current.case, day),
        started={c.id for c in current.case.contacts if has_started(current.case, c, day)},
        needs=language_needs(current.case),
        contacts=sorted_contacts(current.case),
        history=history_words(entries, _history_cases(current, entries)),
        pdf=_pdf_available(),
        signed=signed,
    )


def _history_cases(current: StoredCase, entries: list[Any]) -> list[Case]:
    """The cases that name what the history mentions: the current one, and
    the version before each removal (for what is no longer there)."""
    cases = [current.case]
    for entry in entries[:20]:
        if any(c.endswith(" removed") for c in entry.changes) and entry.version > 1:
            try:
                cases.append(
                    current_store()
                    .load_stored(current.reference, entry.version - 1, actor=current_actor(), audit=None)
                    .case
                )
            except StoreError:
                continue
    return cases


def sorted_contacts(case: Case) -> list[Any]:
    return sorted(case.contacts, key=lambda c: (case.localize(c.start), c.id))


def _pdf_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("weasyprint") is not None


@web.route("/cases/<reference:reference>/case.yaml")
def export_case(reference: str) -> Any:
    from ...store.document import case_yaml

    current = stored(reference, audit=None)
    text = case_yaml(current.case, header=f"{reference}, version {current.version}, exported by contactplan")
    return download(
        text.encode("utf-8"),
        f"{reference}.yaml",
        "application/yaml; charset=utf-8",
        case=current,
        detail="case file",
    )


@web.route("/cases/<reference:reference>/calendar.ics")
def calendar(reference: str) -> Any:
    from ...api import export_calendar

    current = stored(reference, audit=None)
    result = export_calendar([current.case])
    return download(
        result.data, f"{reference}.ics", "text/calendar; charset=utf-8", case=current, action="calendar"
    )


# --------------------------------------------------------------------------
# Acknowledging a finding about the past


@web.route("/cases/<reference:reference>/acknowledge", methods=["GET", "POST"])
def acknowledge(reference: str) -> Any:
    from ...api import can_acknowledge

    current = stored(reference)
    form = AcknowledgeForm()
    source = request.args if request.method == "GET" else request.form
    key = tuple((source.get(k) or None) for k in ("code", "member", "contact", "letter"))
    found = current_store().findings(reference, actor=current_actor(), audit=None)
    finding = next(
        (f for f in found if (f.code, f.member, f.contact, f.letter) == key and not f.acknowledged), None
    )
    if finding is None:
        abort(404)
    shown = page_finding(finding, current.case)
    if not can_acknowledge(current.case, finding):
        return case_page(
            "cases/cannot_acknowledge.html", current, 409, finding=finding, shown=shown, findings=found
        )

    def again(status: int, **extra: Any) -> Any:
        return case_page(
            "cases/acknowledge.html",
            current,
            status,
            form=form,
            finding=finding,
            shown=shown,
            key=key,
            findings=found,
            **extra,
        )

    if request.method == "GET":
        form.version.data = str(current.version)
    elif request.form.get("save") and form.validate():

        def change(data: dict[str, Any]) -> dict[str, Any]:
            entry: dict[str, Any] = {"code": finding.code}
            for k in ("member", "contact", "letter"):
                if getattr(finding, k):
                    entry[k] = getattr(finding, k)
            entry.update(
                {
                    "reason": " ".join(form.why.data.split()),
                    "by": current_user(),
                    "date": today(current.case).isoformat(),
                }
            )
            data["acknowledged"] = [*(data.get("acknowledged") or []), entry]
            return data

        return save(current, Edit(form, change, f"Acknowledged: {shown.message}", again))
    return again(400 if form.errors else 200)


# --------------------------------------------------------------------------
# Removing a member, interpreter, contact or letter


def _describe(case: Case, section: str, item_id: str) -> str:
    if section == "members":
        return case.member(item_id).name
    if section == "interpreters":
        return case.interpreter(item_id).name
    if section == "contacts":
        words = contact_words(case, item_id, time=True)
        return words[:1].upper() + words[1:]
    return letter_words(case, item_id)


NOUNS = {"members": "member", "interpreters": "interpreter", "contacts": "contact", "letters": "letter"}


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
            text = contact_words(case, where_id)
            text = text[:1].upper() + text[1:]
            href = url_for("web.contact", reference=case.reference, contact_id=where_id)
        elif where == "letter":
            text = letter_words(case, where_id)
            href = url_for("web.letter", reference=case.reference, letter_id=where_id)
        elif where == "interpreter":
            text = f"{case.interpreter(where_id).name}, on the register"
            href = url_for("web.interpreter", reference=case.reference, interpreter_id=where_id)
        else:
            text = f"An acknowledgement of a finding ({where_id.split(' ')[0]})"
        out.append({"text": text, "how": ", ".join(hows), "href": href})
    return out


@web.route(
    "/cases/<reference:reference>/<any(members, interpreters, contacts, letters):section>/<item_id>/remove",
    methods=["GET", "POST"],
)
def remove_item(reference: str, section: str, item_id: str) -> Any:
    """Remove one item from the case, as a new version with a reason. Earlier
    versions keep it. While something still names it (:meth:`Case.uses`)
    the page lists where, and the removal is refused; the reader would
    refuse it too."""
    current = stored(reference)
    base = opened(current).case
    if item_id not in {item.id for item in getattr(base, section)}:
        abort(404)
    noun = NOUNS[section]
    form = RemoveForm()
    uses = _uses(
        current.case if item_id in {i.id for i in getattr(current.case, section)} else base, section, item_id
    )
    what = _describe(base, section, item_id)

    def again(status: int, **extra: Any) -> Any:
        return case_page(
            "cases/remove.html",
            current,
            status,
            form=form,
            noun=noun,
            section=section,
            item_id=item_id,
            what=what,
            uses=uses,
            **extra,
        )

    if request.method == "GET":
        form.version.data = str(current.version)
    elif request.form.get("save") and form.validate():
        if uses:
            form.form_errors.append(f"The case still names this {noun}: change what names it first")
            return again(400)

        def change(data: dict[str, Any]) -> dict[str, Any]:
            return {**data, section: [i for i in data.get(section) or [] if i.get("id") != item_id]}

        reason = f"{what} removed: {' '.join(form.reason.data.split())}"
        return save(current, Edit(form, change, reason, again))
    return again(400 if form.errors else 200)
