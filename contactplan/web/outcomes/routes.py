"""Record what happened at a contact whose start has passed: a GOV.UK
question flow (what happened; for a held contact who was seen, whether each
child was seen on their own, for how long and through whom, or why not,
and whether each booked interpreter came; then "Check your answers").

Only what is confirmed is recorded: a contact recorded as missed or
cancelled keeps no one seen and no time alone (the *planned* time alone
goes), and a held one keeps the time alone the practitioner confirms here,
never the time that was planned. A contact still to come can't be given an
outcome (the page says when it can)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import abort, request, url_for

from ...api import language_name
from ...model import Case, Contact, Member
from ..filters import STATUSES
from ..naming import contact_words, ids, member_words
from ..pages import Edit, case_page, has_started, opened, save, stored, today, web
from .forms import OUTCOMES, Booked, OutcomeForm, outcome_form

__all__ = ["outcome_href"]

#: The pages of the flow, in order.
STEPS = ("what", "details", "check")


def outcome_href(reference: str, contact_id: str) -> str:
    return url_for("web.outcome", reference=reference, contact_id=contact_id)


def who_can_be_seen_alone(case: Case, contact: Contact, day: dt.date) -> list[Member]:
    """The children asked about: those old enough to be seen on their own
    (not young children) who were expected there or are the subject of the
    case, subject children first."""
    young = case.policy.young_child_age_years
    found = [
        m
        for m in case.members
        if m.is_child(day)
        and not m.is_young_child(day, young)
        and (m.id in contact.attendees or m.role == "subject_child")
    ]
    return sorted(found, key=lambda m: (m.role != "subject_child", m.id not in contact.attendees))


def booked_interpreters(case: Case, contact: Contact) -> list[Booked]:
    known = {i.id: i for i in case.interpreters}
    return [
        Booked(n, a.interpreter, known[a.interpreter].name, language_name(a.language)[0])
        for n, a in enumerate(contact.interpreting)
        if a.interpreter in known and a.status != "cancelled"
    ]


@web.route("/cases/<reference:reference>/outcomes/<contact_id>", methods=["GET", "POST"])
def outcome(reference: str, contact_id: str) -> Any:
    current = stored(reference)
    case = opened(current).case
    contact = next((c for c in case.contacts if c.id == contact_id), None)
    if contact is None:
        abort(404)
    day = today(case)
    what = contact_words(case, contact, time=True, article=True)
    if not has_started(case, contact, day):
        return case_page("outcomes/not_yet.html", current, 409, contact=contact, what=what)
    children = who_can_be_seen_alone(case, contact, day)
    booked = booked_interpreters(case, contact)
    form = outcome_form(case, contact, children, booked)()
    members = sorted(case.members, key=lambda m: m.id not in contact.attendees)
    form.seen.offer([(m.id, member_words(m, day)) for m in members])
    if request.method == "GET":
        _fill(form, contact)
        form.version.data = str(current.version)
        step = "what"
    else:
        step = _next_step(form)

    def again(status: int, **extra: Any) -> Any:
        return _page(current, case, contact, form, extra.pop("step", "check"), status, what=what, **extra)

    if request.method == "POST" and step == "save":
        return save(
            current,
            Edit(form, _change(form, contact_id), _reason(case, contact, form), again, _where(contact_id)),
        )
    return _page(current, case, contact, form, step, 400 if _has_errors(form) else 200, what=what)


def _page(
    current: Any, case: Case, contact: Contact, form: OutcomeForm, step: str, status: int, **extra: Any
) -> Any:
    shown = {"what": ["status"], "details": _detail_names(form), "check": []}[step]
    carried = [
        (field.name, value)
        for field in form
        if field.name not in ("csrf_token", "version", *shown)
        for value in _posted(field)
    ]
    return case_page(
        f"outcomes/{step}.html",
        current,
        status,
        form=form,
        contact=contact,
        carried=carried,
        step=step,
        answers=_answers(case, contact, form) if step == "check" else [],
        **extra,
    )


def _posted(field: Any) -> list[str]:
    data = field.data
    if data is None or (field.name == "seen" and not data):
        return []
    if isinstance(data, list):
        return [str(v) for v in data]
    text = getattr(field, "typed", None)
    return [str(text if text is not None else data)] if str(data if text is None else text) != "" else []


def _detail_names(form: OutcomeForm) -> list[str]:
    names = ["seen"]
    for n in range(len(form.children)):
        names += [f"alone_{n}", f"minutes_{n}", f"through_{n}", f"why_not_{n}"]
    names += [f"came_{n}" for n in range(len(form.booked))]
    return names


def _fill(form: OutcomeForm, contact: Contact) -> None:
    """An outcome already recorded, to be corrected; nothing for a planned
    contact (what was planned is not what happened)."""
    if contact.status == "planned":
        return
    form.status.data = contact.status
    if contact.status != "held":
        return
    form.seen.data = list(contact.seen or [])
    for n, child in enumerate(form.children):
        entry = next((s for s in contact.seen_alone if s.child == child.id), None)
        if child.id not in (contact.seen or []):
            continue
        form.alone(n).data = "yes" if entry is not None else "no"
        if entry is not None:
            form.minutes(n).data = entry.duration_minutes
            form.minutes(n).typed = str(entry.duration_minutes or "")
            form.through(n).data = entry.interpreter or ""
    for n in range(len(form.booked)):
        form.came(n).data = "yes"


def _next_step(form: OutcomeForm) -> str:
    """The page to show after this post (or ``save``), with the errors of
    the page that was sent on its fields."""
    sent = request.form.get("step") or "what"
    back = request.form.get("change")
    valid = form.validate()
    if back in STEPS:
        form.csrf_token.errors = []
        _clear(form)
        return back
    if sent == "what":
        _check_status(form)
        return "what" if _has_errors(form) else ("details" if form.status.data == "held" else "check")
    if sent == "details":
        _clear(form, keep=_detail_names(form))
        _check_details(form)
        return "details" if _has_errors(form) else "check"
    # the check page: everything again, then save
    _check_status(form)
    if _has_errors(form):
        return "what"
    if form.status.data == "held":
        _check_details(form)
        if _has_errors(form):
            return "details"
    if not valid:
        return "check"
    return "save" if request.form.get("save") else "check"


def _clear(form: OutcomeForm, keep: list[str] | tuple[str, ...] = ()) -> None:
    for field in form:
        if field.name not in keep and field.name != "csrf_token":
            field.errors = []


def _has_errors(form: OutcomeForm) -> bool:
    return any(field.errors for field in form) or bool(form.form_errors)


def _check_status(form: OutcomeForm) -> None:
    if not form.status.data:
        form.status.add_error("Say what happened")


def _check_details(form: OutcomeForm) -> None:
    if not form.seen.data:
        form.seen.add_error("Tick who was seen: if nobody was, go back and say it did not happen")
    seen = set(form.seen.data or [])
    for n, b in enumerate(form.booked):
        if form.came(n).data not in ("yes", "no"):
            form.came(n).add_error(f"Say whether {b.name} came")
    gone = {b.interpreter for n, b in enumerate(form.booked) if form.came(n).data == "no"}
    for n, child in enumerate(form.children):
        first = child.name.split()[0]
        if child.id not in seen:
            continue
        answer = form.alone(n).data
        if answer not in ("yes", "no"):
            form.alone(n).add_error(f"Say whether {first} was seen on their own")
        elif answer == "yes":
            minutes = form.minutes(n).data
            if not form.minutes(n).errors and (minutes is None or not 1 <= minutes <= 600):
                form.minutes(n).add_error(f"Enter how many minutes {first} was seen alone, from 1 to 600")
            if form.through(n).data in gone:
                form.through(n).add_error(
                    f"{form.through(n).label_of(form.through(n).data)} did not come: choose who interpreted"
                )
        elif not (form.why_not(n).data or "").strip():
            form.why_not(n).add_error(f"Say why {first} was not seen alone")


def _change(form: OutcomeForm, contact_id: str) -> Any:
    def change(data: dict[str, Any]) -> dict[str, Any]:
        position = ids(data, "contacts").index(contact_id)
        item = dict(data["contacts"][position])
        status = form.status.data
        item["status"] = status
        if status != "held":
            item.pop("seen", None)
            item.pop("seen_alone", None)
        else:
            seen = list(form.seen.data or [])
            item["seen"] = seen
            alone = []
            for n, child in enumerate(form.children):
                if child.id in seen and form.alone(n).data == "yes":
                    entry: dict[str, Any] = {"child": child.id, "duration_minutes": form.minutes(n).data}
                    if form.through(n).data:
                        entry["interpreter"] = form.through(n).data
                    alone.append(entry)
            if alone:
                item["seen_alone"] = alone
            else:
                item.pop("seen_alone", None)
            arrangements = [dict(a) for a in item.get("interpreting") or []]
            for n, b in enumerate(form.booked):
                if form.came(n).data == "no" and b.index < len(arrangements):
                    arrangements[b.index]["status"] = "cancelled"
            if arrangements:
                item["interpreting"] = arrangements
        data["contacts"][position] = item
        return data

    return change


def _where(contact_id: str) -> Any:
    def where(data: dict[str, Any]) -> list[str | int]:
        return ["contacts", ids(data, "contacts").index(contact_id)]

    return where


def _answers(case: Case, contact: Contact, form: OutcomeForm) -> list[dict[str, str]]:
    """The check page's rows: the question, the answer in words, the page that asks it."""
    label = dict(OUTCOMES).get(form.status.data or "", "Not given")
    rows = [{"key": "What happened", "value": label, "step": "what", "what": "what happened"}]
    if form.status.data != "held":
        rows.append(
            {
                "key": "Time alone",
                "value": "None is recorded: the contact did not happen",
                "step": "",
                "what": "",
            }
        )
        return rows
    names = {m.id: m.name for m in case.members}
    seen = list(form.seen.data or [])
    absent = [names[m] for m in contact.attendees if m not in seen and m in names]
    rows.append(
        {
            "key": "Seen",
            "value": ", ".join(names.get(m, m) for m in seen),
            "step": "details",
            "what": "who was seen",
        }
    )
    rows.append(
        {
            "key": "Expected but not seen",
            "value": ", ".join(absent) or "Nobody",
            "step": "details",
            "what": "who was seen",
        }
    )
    for n, child in enumerate(form.children):
        key = f"{child.name} seen alone"
        if child.id not in seen:
            value = "Not seen"
        elif form.alone(n).data == "yes":
            through = form.through(n).data
            value = f"Yes, for {form.minutes(n).data} minutes, " + (
                f"through {form.through(n).label_of(through)}" if through else "with no interpreter"
            )
        else:
            value = f"No: {' '.join((form.why_not(n).data or '').split())}"
        rows.append(
            {"key": key, "value": value, "step": "details", "what": f"whether {child.name} was seen alone"}
        )
    for n, b in enumerate(form.booked):
        came = form.came(n).data == "yes"
        rows.append(
            {
                "key": f"{b.name} ({b.language} interpreter)",
                "value": "Came" if came else "Did not come",
                "step": "details",
                "what": f"whether {b.name} came",
            }
        )
    return rows


def _reason(case: Case, contact: Contact, form: OutcomeForm) -> str:
    """The history's line: what happened, in words, with why a child was not
    seen alone (the case file has no place for it)."""
    words = contact_words(case, contact)
    text = f"{words[:1].upper() + words[1:]}: {STATUSES.get(form.status.data or '', '').lower()}"
    if form.status.data == "held":
        names = {m.id: m.name for m in case.members}
        text += "; seen: " + ", ".join(names.get(m, m) for m in form.seen.data or [])
        for n, child in enumerate(form.children):
            if child.id in (form.seen.data or []) and form.alone(n).data == "no":
                text += f"; {child.name} not seen alone: {' '.join((form.why_not(n).data or '').split())}"
        for n, b in enumerate(form.booked):
            if form.came(n).data == "no":
                text += f"; {b.name} did not come"
    given = " ".join((form.reason.data or "").split())
    if given:
        text += f" ({given})"
    return text[:500]
