"""The blueprint, and what every page needs.

``web`` is the one blueprint; each journey is a package beside this module
(``cases``, ``members``, ``contacts``, ``letters``, ``planning``,
``register``, ``settings``, ``accounts``) with its routes (``routes.py``),
its forms (``forms.py``) and its templates (``templates/<journey>/``). A
journey imports from here and from the shared modules beside it
(:mod:`.fields`, :mod:`.mapping`, :mod:`.merge`, :mod:`.naming`,
:mod:`.findings`, :mod:`.picker`, :mod:`.filters`), never from another
journey. A new journey (``outcomes``, "Record what happened") is a new
package of the same shape, listed in :data:`contactplan.web.app.JOURNEYS`.

Saving (:func:`save`) is the same for every form:

1. the form's version is the one it was opened at; a form without it is
   refused;
2. the change is laid over *that* version (:mod:`.mapping`), and read by
   the case file reader;
3. when someone saved meanwhile, the two changes are put together key by
   key (:mod:`.merge`): what only one of them changed is kept; where both
   changed the same thing the page shows both values and the user chooses;
4. a change that adds an error says so first ("This adds an error") and
   saves only when asked to;
5. a case closed meanwhile keeps what was typed and offers to reopen it;
6. a form sent back unchanged writes no version.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)

from .. import clock
from ..api import case_data, check_case, read_case_data
from ..errors import CaseFileError
from ..findings import Finding
from ..model import Case
from ..store import Actor, CaseClosedError, ConflictError, Store, StoredCase, UnknownCaseError, UnreadableCase
from .findings import page_finding, page_message
from .mapping import CaseForm, FormProblem, place_error
from .merge import ITEM_LISTS, Clash, merge
from .naming import KEY_WORDS, change_words

__all__ = [
    "Edit",
    "case_page",
    "current_actor",
    "current_store",
    "current_user",
    "download",
    "has_started",
    "opened",
    "save",
    "stored",
    "today",
    "web",
]

web = Blueprint("web", __name__)

#: Form names that steer a save rather than carry the user's input.
CONTROLS = frozenset({"csrf_token", "save", "change_it"})


def current_store() -> Store:
    store: Store = current_app.extensions["contactplan.store"]
    return store


def current_user() -> str:
    user: str = g.user
    return user


def current_actor() -> Actor:
    """Who is acting, as the store knows them (role, team, from where): every
    read and write of the store passes it, so that a case they may not see
    never reaches the page, and the audit records them."""
    actor: Actor = g.actor
    return actor


def today(case: Case | None = None) -> dt.date:
    """Today, in the case's time zone (the server's setting ``CONTACTPLAN_TODAY`` wins)."""
    fixed: dt.date | None = current_app.config.get("CONTACTPLAN_TODAY")
    if fixed is not None:
        return fixed
    return clock.today(case.timezone() if case is not None else None)


def has_started(case: Case, contact: Any, day: dt.date | None = None) -> bool:
    """Whether ``contact``'s start has passed on ``day`` (default: the page's
    today): from then on its outcome is recorded ("Record what happened"),
    not planned."""
    day = day or today(case)
    start = case.localize(contact.start)
    if start.date() != day:
        return start.date() < day
    return start <= clock.now()


def stored(reference: str, version: int | None = None, *, audit: str | None = "view") -> StoredCase:
    """The case (its newest version, or ``version``) as the signed-in user
    may see it; 404 ("Page not found") when there is none or they may not
    see it (that refusal is recorded in the audit). Showing it is recorded
    as ``audit`` (on a GET; a posted form is recorded by its save). A stored
    document that can't be read at all (cut short, damaged) is a page
    saying so, in words, never a server error: the other cases are still
    there."""
    try:
        found = current_store().read_case(
            reference,
            version,
            actor=current_actor(),
            audit=audit if request.method == "GET" else None,
        )
    except UnknownCaseError:
        abort(404)
    if isinstance(found, UnreadableCase):
        abort(
            make_response(
                render_template(
                    "error.html",
                    title="This case can't be read",
                    message=(
                        f"The stored record of case {reference} can't be read, so it can't be shown or "
                        "changed here. The other cases are not affected. Tell your administrator."
                    ),
                ),
                422,
            )
        )
    return found


def opened(newest: StoredCase) -> StoredCase:
    """The version of the case a posted form was opened at (its ``version``
    field): what the form's item and choices are read from. The newest on a
    GET, or when the form doesn't say (saving refuses that: :func:`save`)."""
    text = (request.form.get("version") or "").strip() if request.method == "POST" else ""
    if text.isdigit() and len(text) < 10 and int(text) != newest.version:
        try:
            return current_store().load_stored(newest.reference, int(text), actor=current_actor(), audit=None)
        except UnknownCaseError:
            return newest
    return newest


def counts(findings: list[Finding]) -> dict[str, int]:
    out = {"error": 0, "warning": 0, "info": 0, "acknowledged": 0}
    for f in findings:
        out["acknowledged" if f.acknowledged else f.severity] += 1
    return out


def case_page(template: str, case: StoredCase, status: int = 200, **context: Any) -> tuple[str, int]:
    """A page of a case: every one shows what the checks found, in words."""
    findings = context.pop("findings", None)
    if findings is None:
        # checked as the case stands today (a stored check goes stale as days pass)
        findings = check_case(case.case, today=today(case.case))
    shown = [page_finding(f, case.case) for f in findings]
    return render_template(
        template,
        stored=case,
        case=case.case,
        findings=findings,
        shown_findings=shown,
        counts=counts(findings),
        zone=case.case.case.timezone,
        today=today(case.case),
        **context,
    ), status


def download(
    content: bytes,
    filename: str,
    mimetype: str,
    *,
    case: StoredCase | None = None,
    action: str = "download",
    detail: str | None = None,
) -> Response:
    """A file to save; with ``case``, recorded in the audit as ``action``
    (``download``, ``calendar``) on that case, with ``detail``."""
    if case is not None:
        current_store().record(current_actor(), action, case.reference, version=case.version, detail=detail)
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in filename)
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = (
        f"attachment; filename=\"{safe}\"; filename*=UTF-8''{quote(safe)}"
    )
    return response


def case_url(reference: str) -> str:
    return url_for("web.case", reference=reference)


# --------------------------------------------------------------------------
# Saving


@dataclass
class Edit:
    """A change to a case from a posted form.

    ``change`` turns the case's data at the version the form was opened at
    into the data with the change (raising :class:`FormProblem` for input it
    can't take); ``again`` draws the form's page again (with its errors and
    ``extra`` context) with a status; ``item`` is where the form's item is
    in the case data (``("members", 1)``: the reader's errors about it go on
    the form's fields) and ``words`` the item's keys in words for a clash."""

    form: CaseForm
    change: Callable[[dict[str, Any]], dict[str, Any]]
    reason: str
    again: Callable[..., Any]
    item: Callable[[dict[str, Any]], list[str | int]] = lambda data: []
    done: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def save(newest: StoredCase, edit: Edit) -> Any:
    """Save ``edit`` (see this module's docstring): the redirect after a save,
    or the page that asks (a form with its errors, two values to choose
    between, an error it would add, a closed case to reopen)."""
    form = edit.form
    reference = newest.reference
    store = current_store()
    version = form.base_version()
    base: StoredCase | None = None
    if version is not None:
        try:
            base = store.load_stored(reference, version, actor=current_actor(), audit=None)
        except UnknownCaseError:
            base = None
    if base is None:
        form.form_errors.append(
            "This form was sent without the version of the case it was opened at, so it can't be "
            "saved safely. Open the page again from the case and make your change there."
        )
        return edit.again(400)
    base_data = case_data(base.case)
    try:
        mine = edit.change(copy.deepcopy(base_data))
        read_case_data(mine, name=reference)
    except FormProblem as exc:
        if exc.field is not None and hasattr(exc.field, "add_error"):
            exc.field.add_error(exc.message)
        else:
            form.form_errors.append(exc.message)
        return edit.again(400)
    except CaseFileError as exc:
        place_error(form, exc, edit.item(mine))
        return edit.again(400)
    chosen = {k[len("choose-") :]: v for k, v in request.form.items() if k.startswith("choose-")}
    current = newest
    for _ in range(3):
        theirs = case_data(current.case)
        clashes: list[Clash] = []
        if current.version == base.version:
            new = mine
        else:
            new, clashes = merge(base_data, theirs, fresh_ids(base_data, theirs, mine), chosen)
        if clashes:
            return _clash_page(current, base, edit, clashes)
        new = with_sequences(theirs, new)
        try:
            new_case = read_case_data(new, name=reference)
        except CaseFileError as exc:  # what they changed doesn't go with what you changed
            place_error(form, exc, edit.item(new))
            return edit.again(409, changed=_since(base, current))
        if new_case == current.case:
            flash("Nothing changed, so nothing was saved.", "info")
            return redirect(edit.done or case_url(reference))
        if current.status != "open" and request.form.get("reopen") != "1":
            return edit.again(409, closed=_closed(current))
        added = added_errors(current.case, new_case)
        if added and request.form.get("save") != "anyway":
            return _adds_error_page(current, edit, added, new_case)
        try:
            if current.status != "open":
                store.reopen_case(
                    reference,
                    reason="reopened to save a change",
                    expected_version=current.version,
                    actor=current_actor(),
                )
                current = store.load_stored(reference, actor=current_actor(), audit=None)
                continue
            saved = store.save_many(
                [(new_case, current.version)],
                reason=edit.reason,
                today=today(new_case),
                actor=current_actor(),
            )[0]
        except (ConflictError, CaseClosedError):
            current = store.load_stored(reference, actor=current_actor(), audit=None)
            continue
        _keep_summary(store, reference, saved, new_case)
        _flash_saved(saved, new_case, added, current, base)
        return redirect(edit.done or case_url(reference))
    form.form_errors.append("The case kept changing while this was saved: nothing was saved. Try again.")
    return edit.again(409)


def _keep_summary(store: Store, reference: str, version: int, case: Case) -> None:
    from ..store.summaries import keep_summary

    keep_summary(store, reference, version, case)


def fresh_ids(base: dict[str, Any], theirs: dict[str, Any], mine: dict[str, Any]) -> dict[str, Any]:
    """``mine`` with each thing it added under an id that they added too
    given a new id (and what else it added renamed to match)."""
    from ..api import unique_id

    mine = copy.deepcopy(mine)
    for section in ITEM_LISTS:
        old = {i.get("id") for i in base.get(section) or []}
        taken = {i.get("id") for i in theirs.get(section) or []} | {
            i.get("id") for i in mine.get(section) or []
        }
        for item in mine.get(section) or []:
            ident = item.get("id")
            if ident in old or ident not in {i.get("id") for i in theirs.get(section) or []}:
                continue
            new_id = unique_id(ident, taken)
            taken.add(new_id)
            item["id"] = new_id
            for other_section in ITEM_LISTS:
                for other in mine.get(other_section) or []:
                    if (
                        other.get("id") not in {i.get("id") for i in base.get(other_section) or []}
                        and other is not item
                    ):
                        _rename(other, ident, new_id)
    return mine


def _rename(value: Any, old: str, new: str) -> None:
    if isinstance(value, dict):
        for key, sub in value.items():
            if key == "id":
                continue
            if sub == old:
                value[key] = new
            elif isinstance(sub, list):
                value[key] = [new if x == old else x for x in sub]
                for x in value[key]:
                    _rename(x, old, new)
            else:
                _rename(sub, old, new)


def with_sequences(theirs: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Each contact that changed from the newest version one calendar
    sequence past it (calendars replace their entry); the others as they are."""
    before = {c.get("id"): c for c in theirs.get("contacts") or []}
    contacts = []
    for contact in new.get("contacts") or []:
        was = before.get(contact.get("id"))
        if was is not None:
            same = {**contact, "sequence": None} == {**was, "sequence": None}
            contact = {**contact, "sequence": (was.get("sequence") or 0) + (0 if same else 1)}
        contacts.append(contact)
    return {**new, "contacts": contacts}


def added_errors(before: Case, after: Case) -> list[Finding]:
    """The errors ``after`` has that ``before`` hasn't, checked today."""
    day = today(after)
    known = {_key(f) for f in check_case(before, today=day) if f.severity == "error" and not f.acknowledged}
    return [
        f
        for f in check_case(after, today=day)
        if f.severity == "error" and not f.acknowledged and _key(f) not in known
    ]


def _key(f: Finding) -> tuple[str, str | None, str | None, str | None]:
    return (f.code, f.member, f.contact, f.letter)


def _errors_now(case: Case) -> int:
    return sum(
        1
        for f in current_store().findings(case.reference, actor=current_actor(), audit=None)
        if f.severity == "error" and not f.acknowledged
    )


def _flash_saved(
    version: int, case: Case, added: list[Finding], before: StoredCase, base: StoredCase
) -> None:
    errors = _errors_now(case)
    merged = " Changes saved meanwhile by others are kept." if before.version != base.version else ""
    if added:
        said = "; ".join(page_message(f, case) for f in added)
        flash(f"Saved with {_count(len(added), 'new error')}: {said}.{merged}", "important")
    elif errors:
        flash(
            f"Saved.{merged} The case has {_count(errors, 'error')} to put right: see what the checks found.",
            "important",
        )
    else:
        flash(f"Saved.{merged} The checks found no errors.", "success")


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def hidden_fields(choices: bool = True) -> list[tuple[str, str]]:
    """What was posted, to be posted again from a question page (with the
    choices already made between two people's values, unless ``choices`` is false)."""
    return [
        (name, value)
        for name, value in request.form.items(multi=True)
        if name not in CONTROLS and (choices or not name.startswith("choose-"))
    ]


def _since(base: StoredCase, current: StoredCase) -> dict[str, Any]:
    """Who saved after ``base``, when, and what they changed, in words."""
    newer = [
        h
        for h in current_store().history(current.reference, actor=current_actor(), audit=None)
        if h.version > base.version
    ]
    cases = [current.case, base.case]
    return {
        "by": sorted({h.by for h in newer}),
        "at": newer[-1].at if newer else None,
        "version": current.version,
        "changes": [change_words(c, cases) for h in newer for c in h.changes],
    }


def _closed(current: StoredCase) -> dict[str, Any]:
    last = current_store().history(current.reference, changes=False, actor=current_actor(), audit=None)[-1]
    return {"status": current.status, "by": last.by, "at": last.at, "reason": last.reason}


def _clash_page(current: StoredCase, base: StoredCase, edit: Edit, clashes: list[Clash]) -> Any:
    prefix = [str(p) for p in edit.item(case_data(base.case))]
    shown = [_clash_words(c, edit.form, prefix, base.case, current.case) for c in clashes]
    page, _ = case_page(
        "conflict.html",
        current,
        clashes=shown,
        since=_since(base, current),
        hidden=hidden_fields(choices=False),
        action=request.full_path.rstrip("?"),
        back=case_url(current.reference),
    )
    return page, 409


def _item_name(case: Case, section: str, ident: str) -> str:
    from .naming import contact_words, letter_words

    try:
        if section == "members":
            return case.member(ident).name
        if section == "interpreters":
            return case.interpreter(ident).name
        if section == "contacts":
            words = contact_words(case, ident)
            return words[:1].upper() + words[1:]
        if section == "letters":
            return letter_words(case, ident)
    except KeyError:
        pass
    return "It"


def _clash_words(clash: Clash, form: Any, prefix: list[str], base: Case, current: Case) -> dict[str, Any]:
    """A clash for the page: what it is about and both values, in words."""
    path = list(clash.path)
    section = path[0] if path else ""
    # the item the form edits is named by index; the clash by id
    field: Any = None
    label = ""
    if section in ITEM_LISTS and len(path) >= 2:
        name = (
            _item_name(current, section, path[1])
            if path[1] in {getattr(i, "id", None) for i in getattr(current, section)}
            else _item_name(base, section, path[1])
        )
        keys = path[2:]
        if keys and prefix[:1] == [section]:
            field = _field_at(form, keys)
        label = f"{name}: {_key_label(field, keys)}" if keys else name
    elif section == "case":
        field = _field_at(form, path[1:])
        label = f"Case settings: {_key_label(field, path[1:])}"
    else:
        label = _key_label(None, path)

    def words(value: Any) -> str:
        if value is None and len(path) == 2 and section in ITEM_LISTS:
            return "Removed"
        if field is not None:
            return str(field.words(value))
        return _plain_words(value)

    return {"key": clash.key, "label": label, "theirs": words(clash.theirs), "mine": words(clash.mine)}


def _field_at(form: Any, keys: list[str]) -> Any:
    current: Any = form
    found: Any = None
    for key in keys:
        fields = getattr(current, "_fields", None) or getattr(getattr(current, "form", None), "_fields", None)
        if not fields:
            return found
        match = next((f for f in fields.values() if f.short_name == key and getattr(f, "case", False)), None)
        if match is None:
            return found
        found = current = match
    return found


def _key_label(field: Any, keys: list[str]) -> str:
    if field is not None:
        text = str(field.label.text)
        return text[:1].lower() + text[1:] if not text[:2].isupper() else text
    return " ".join(KEY_WORDS.get(k, k.replace("_", " ")) for k in keys) or "details"


def _plain_words(value: Any) -> str:
    if value in (None, "", []):
        return "Not given"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dict):
        return ", ".join(_plain_words(v) for v in value.values() if v not in (None, "", [])) or "Not given"
    if isinstance(value, list):
        return "; ".join(_plain_words(v) for v in value)
    return str(value)


def _adds_error_page(current: StoredCase, edit: Edit, added: list[Finding], new_case: Case) -> Any:
    page, _ = case_page(
        "adds_error.html",
        current,
        added=[page_message(f, new_case) for f in added],
        hidden=hidden_fields(),
        action=request.full_path.rstrip("?"),
    )
    return page, 200
