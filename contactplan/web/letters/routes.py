"""Add a letter, change one, preview it, download it."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, redirect, render_template, request, url_for

from ...api import LetterRefused, case_data, pdf_advice, pdf_problems, render_letter
from ...errors import ContactplanError, PdfRefused
from ...model import Case
from ..filters import STATUSES
from ..findings import page_finding
from ..naming import contact_words, ids, letter_words, member_words, new_letter_id
from ..pages import Edit, case_page, current_actor, current_store, download, opened, save, stored, today, web
from .forms import TEMPLATES, LetterForm

#: A letter shown inside the preview page: its own inline styles, still no script.
LETTER_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)


def _contact_label(case: Case, contact_id: str) -> str:
    words = contact_words(case, contact_id, time=True)
    return words[:1].upper() + words[1:]


def _offer(form: LetterForm, case: Case, item: dict[str, Any] | None, letter_id: str | None) -> None:
    was = item or {}
    day = today(case)
    form.template.offer(TEMPLATES, keep=[was.get("template")])
    form.to.offer([(m.id, member_words(m, day)) for m in case.members], keep=[was.get("to")])
    ordered = sorted(case.contacts, key=lambda c: (case.localize(c.start), c.id))
    listed = [(c.id, _contact_label(case, c.id)) for c in ordered]
    form.contact.offer([("", "No contact"), *listed], keep=[was.get("contact")])
    calls = [(c.id, _contact_label(case, c.id)) for c in ordered if c.status in ("planned", "held")]
    form.explained_at.offer([("", "Not arranged"), *calls], keep=[was.get("explained_at")])
    follow = was.get("follow_up_of")
    keep = [follow] if isinstance(follow, str) else (follow or [])
    missed = [
        (c.id, f"{_contact_label(case, c.id)} ({STATUSES[c.status].lower()})") for c in ordered if c.is_missed
    ]
    known = dict(missed)
    for ident in keep:
        if ident not in known and ident in {c.id for c in case.contacts}:
            known[ident] = _contact_label(case, ident)
    form.follow_up_of.offer(known.items(), keep=keep)
    form.delivery.offer(form.delivery.options, keep=[was.get("delivery")])


@web.route("/cases/<reference:reference>/letters/add", methods=["GET", "POST"], endpoint="add_letter")
@web.route("/cases/<reference:reference>/letters/<letter_id>/edit", methods=["GET", "POST"])
def letter(reference: str, letter_id: str | None = None) -> Any:
    current = stored(reference)
    case = opened(current).case
    data = case_data(case)
    item = next((x for x in data["letters"] if x["id"] == letter_id), None)
    if letter_id is not None and item is None:
        abort(404)
    form = LetterForm()
    if request.method == "GET":
        if item is not None:
            form.fill(item)
        else:
            wanted = request.args.get("contact")
            form.fill(
                {
                    "template": "appointment",
                    "delivery": "post",
                    "contact": wanted if wanted in ids(data, "contacts") else None,
                }
            )
        form.version.data = str(current.version)
    else:
        form.know(item)
    _offer(form, case, item, letter_id)

    def again(status: int, **extra: Any) -> Any:
        title = (
            f"Change the {letter_words(case, letter_id)[:1].lower()}{letter_words(case, letter_id)[1:]}"
            if letter_id
            else "Add a letter"
        )
        return case_page(
            "letters/letter.html", current, status, form=form, letter_id=letter_id, title=title, **extra
        )

    if request.form.get("save"):
        if not form.validate():
            return again(400)

        def change(whole: dict[str, Any]) -> dict[str, Any]:
            letters = whole["letters"]
            if letter_id is None:
                new = form.to_case({})
                new["id"] = new_letter_id(
                    ids(whole, "letters"), new.get("template") or "letter", new.get("to"), new.get("contact")
                )
                letters.append(new)
            else:
                position = ids(whole, "letters").index(letter_id)
                letters[position] = form.to_case(letters[position])
            return whole

        def where(whole: dict[str, Any]) -> list[str | int]:
            found = ids(whole, "letters")
            return ["letters", found.index(letter_id) if letter_id in found else len(found) - 1]

        what = dict(TEMPLATES).get(form.template.data or "", "Letter")
        to = form.to.label_of(form.to.data) if form.to.data else "someone"
        reason = form.why(f"{what} to {to}: changed" if letter_id else f"{what} to {to} added")
        return save(current, Edit(form, change, reason, again, where))
    return again(200)


def _pdf_words(refusal: Any) -> str:
    """A PDF refusal in a practitioner's words."""
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

    if importlib.util.find_spec("weasyprint") is None:
        return False, []
    try:
        problems = pdf_problems(case, letter_id, today=today(case))
    except ContactplanError as exc:
        return False, [str(exc)]
    return not problems, pdf_advice(problems)


@web.route("/cases/<reference:reference>/letters/<letter_id>")
def letter_preview(reference: str, letter_id: str) -> Any:
    current = stored(reference)
    if letter_id not in {x.id for x in current.case.letters}:
        abort(404)
    refused = None
    rendered = None
    problem = None
    try:
        rendered = render_letter(current.case, letter_id, format="html", today=today(current.case))
    except LetterRefused as exc:
        refused = [page_finding(f, current.case) for f in exc.findings]
    except ContactplanError as exc:
        problem = str(exc)
    pdf, pdf_problems_said = _pdf_offer(current.case, letter_id) if rendered is not None else (False, [])
    return case_page(
        "letters/preview.html",
        current,
        letter=current.case.letter(letter_id),
        title=letter_words(current.case, letter_id),
        rendered=rendered,
        notes=[page_finding(f, current.case) for f in rendered.findings] if rendered else [],
        refused=refused,
        problem=problem,
        pdf=pdf,
        pdf_problems=pdf_problems_said,
    )


@web.route("/cases/<reference:reference>/letters/<letter_id>/letter.<any(html, pdf):fmt>")
def letter_document(reference: str, letter_id: str, fmt: str) -> Any:
    current = stored(reference, audit=None)
    if letter_id not in {x.id for x in current.case.letters}:
        abort(404)
    try:
        rendered = render_letter(current.case, letter_id, format=fmt, today=today(current.case))
    except LetterRefused:
        return redirect(url_for("web.letter_preview", reference=reference, letter_id=letter_id))
    except PdfRefused as exc:  # no font, too long, or WeasyPrint crashed in its child: the server goes on
        return render_template(
            "error.html", title="The letter can't be printed", message=_pdf_words(exc)
        ), 422
    except ContactplanError as exc:
        return render_template("error.html", title="The letter can't be written", message=str(exc)), 422
    content = rendered.content if isinstance(rendered.content, bytes) else rendered.content.encode("utf-8")
    detail = f"letter {letter_id} as {fmt.upper()}"
    if fmt == "pdf":
        response = download(
            content, f"{reference}-{letter_id}.pdf", "application/pdf", case=current, detail=detail
        )
    elif request.args.get("download"):
        response = download(
            content, f"{reference}-{letter_id}.html", "text/html; charset=utf-8", case=current, detail=detail
        )
    else:
        current_store().record(current_actor(), "view", reference, version=current.version, detail=detail)
        response = Response(content, mimetype="text/html")
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
    response.headers["Content-Security-Policy"] = LETTER_CSP
    return response
