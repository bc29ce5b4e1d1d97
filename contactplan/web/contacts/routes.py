"""Add a contact, or change one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, request

from ...api import case_data
from ...model import Case, Member
from ..filters import ROLES, STATUSES
from ..naming import contact_words, ids, member_words, new_contact_id
from ..pages import Edit, case_page, has_started, opened, save, stored, today, web
from .forms import KIND_CHOICES, ContactForm


def may_interpret(member: Member, case: Case, on: dt.date, *, for_a_child: bool = False) -> bool:
    """Who a picker offers as a family member interpreting: never a young
    child, never a subject child, never an alleged perpetrator; never a
    child at all for a child's time alone. (The checks still report any
    family member interpreting: the picker is there to record what happened.)"""
    if member.role == "subject_child" or member.alleged_perpetrator:
        return False
    if member.is_young_child(on, case.policy.young_child_age_years):
        return False
    return not (for_a_child and member.is_child(on))


def _offer(form: ContactForm, case: Case, item: dict[str, Any] | None, contact_id: str | None) -> None:
    was = item or {}
    on = form.start.data.date() if form.start.data else today(case)
    members = [(m.id, member_words(m, on)) for m in case.members]
    register = [(i.id, i.name) for i in case.interpreters]
    form.kind.offer(KIND_CHOICES, keep=[was.get("kind")])
    form.status.offer(STATUSES.items(), keep=[was.get("status")])
    form.attendees.offer(members, keep=was.get("attendees") or [])
    form.seen.offer(members, keep=was.get("seen") or [])
    missed = [
        (c.id, f"{_capital(contact_words(case, c))} ({STATUSES[c.status].lower()})")
        for c in case.contacts
        if c.is_missed and c.id != contact_id
    ]
    was_follow = was.get("follow_up_of")
    keep = [was_follow] if isinstance(was_follow, str) else (was_follow or [])
    known = {c.id: c for c in case.contacts}
    labelled = dict(missed)
    for ident in keep:
        if ident in known and ident not in labelled:
            words = contact_words(case, known[ident])
            labelled[ident] = words[:1].upper() + words[1:]
    form.follow_up_of.offer(labelled.items(), keep=keep)
    adults_and_children = [
        (m.id, f"{member_words(m, on)}, {ROLES.get(m.role, m.role).lower()}")
        for m in case.members
        if may_interpret(m, case, on)
    ]
    adults = [
        (m.id, f"{member_words(m, on)}, {ROLES.get(m.role, m.role).lower()}")
        for m in case.members
        if may_interpret(m, case, on, for_a_child=True)
    ]
    children = [
        (m.id, member_words(m, on))
        for m in case.members
        if m.is_child(on) and not m.is_young_child(on, case.policy.young_child_age_years)
    ]
    before_rows = was.get("interpreting") or []
    for index, entry in enumerate(form.interpreting.entries):
        row = entry.form
        old = before_rows[index] if index < len(before_rows) else {}
        row["for"].offer(members, keep=old.get("for") or [])
        row.interpreter.offer([("", "Nobody named yet"), *register], keep=[old.get("interpreter")])
        row.by.offer([("", "Nobody from the family"), *adults_and_children], keep=[old.get("by")])
        row.relay_interpreter.offer([("", "None"), *register], keep=[old.get("relay_interpreter")])
        row.mode.offer(row.mode.options, keep=[old.get("mode")])
        row.status.offer(row.status.options, keep=[old.get("status")])
    before_alone = was.get("seen_alone") or []
    for index, entry in enumerate(form.seen_alone.entries):
        row = entry.form
        old = before_alone[index] if index < len(before_alone) else {}
        row.child.offer([("", "Choose a child"), *children], keep=[old.get("child")])
        row.interpreter.offer(
            [("", "No interpreter from the register"), *register], keep=[old.get("interpreter")]
        )
        row.by.offer([("", "Nobody from the family"), *adults], keep=[old.get("by")])


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _empty_rows(form: ContactForm, case: Case) -> None:
    for rows, blank in (
        (form.practitioners, {"name": ""}),
        (form.interpreting, {"status": "requested", "mode": "in_person"}),
        (form.seen_alone, {}),
    ):
        if not rows.entries or not rows.entries[-1].form.is_empty():
            rows.append_entry(blank)


@web.route("/cases/<reference:reference>/contacts/add", methods=["GET", "POST"], endpoint="add_contact")
@web.route("/cases/<reference:reference>/contacts/<contact_id>", methods=["GET", "POST"])
def contact(reference: str, contact_id: str | None = None) -> Any:
    current = stored(reference)
    case = opened(current).case
    data = case_data(case)
    item = next((c for c in data["contacts"] if c["id"] == contact_id), None)
    if contact_id is not None and item is None:
        abort(404)
    form = ContactForm()
    form.start.zone = case.case.timezone
    if request.method == "GET":
        if item is not None:
            form.fill(item)
        else:
            lead = data["case"].get("lead_practitioner")
            form.fill(
                {
                    "kind": "home_visit",
                    "duration_minutes": 60,
                    "status": "planned",
                    "practitioners": [lead] if lead else [],
                }
            )
        form.version.data = str(current.version)
    else:
        form.know(item)

    def again(status: int, **extra: Any) -> Any:
        _empty_rows(form, case)
        _offer(form, case, item, contact_id)
        if item is not None:
            words = contact_words(case, contact_id or "", time=True, article=True)
            title = f"Change {words}"
        else:
            title = "Add a contact"
        return case_page(
            "contacts/contact.html",
            current,
            status,
            form=form,
            contact_id=contact_id,
            title=title,
            started=contact_id is not None and has_started(case, case.contact(contact_id)),
            **extra,
        )

    _offer(form, case, item, contact_id)
    if request.form.get("save"):
        if not form.validate():
            return again(400)

        def change(whole: dict[str, Any]) -> dict[str, Any]:
            contacts = whole["contacts"]
            if contact_id is None:
                new = form.to_case({})
                new["id"] = new_contact_id(
                    ids(whole, "contacts"),
                    new.get("kind") or "contact",
                    form.start.data.date() if form.start.data else None,
                )
                contacts.append(new)
            else:
                position = ids(whole, "contacts").index(contact_id)
                contacts[position] = form.to_case(contacts[position])
            return whole

        def where(whole: dict[str, Any]) -> list[str | int]:
            found = ids(whole, "contacts")
            return ["contacts", found.index(contact_id) if contact_id in found else len(found) - 1]

        kind = dict(KIND_CHOICES).get(form.kind.data or "", "Contact")
        day = form.start.data
        what = f"{kind} on {day:%-d %b %Y}" if day else kind
        reason = form.why(f"{what}: changed" if contact_id else f"{what} added")
        return save(current, Edit(form, change, reason, again, where))
    return again(200)
