"""From forms to case data and back, and saving a changed case.

A changed case goes through the same reader as a case file
(:func:`contactplan.api.load_case`), then :meth:`Store.save_many`, which
runs the checks and keeps their findings with the new version. Nothing here
decides what is right or wrong about a plan: the library does.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import msgspec

from ..errors import CaseFileError
from ..model import Case, Contact, Letter, Member
from ..store import Store
from ..store import document as doc
from .forms import ContactForm, LetterForm, MemberForm, NewCaseForm, parse_time, split_tags


class FormProblem(Exception):
    """Input the form can't turn into case data: ``field`` (a form field name or None) and what to fix."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def case_data(case: Case) -> dict[str, Any]:
    """The case as plain data (the store's document: defaults left out)."""
    data: dict[str, Any] = msgspec.json.decode(doc.encode(case))
    return data


def save(
    store: Store, reference: str, data: dict[str, Any], version: int, by: str, reason: str, today: dt.date
) -> tuple[Case, int]:
    """Read ``data`` back as a case file and save it as the version after
    ``version``. Raises :class:`FormProblem` with the reader's message, and
    :class:`~contactplan.store.ConflictError` when someone saved first."""
    from ..store.summaries import keep_summary

    if (data.get("case") or {}).get("reference") != reference:
        raise FormProblem("the case reference can't be changed here")
    case = read_case(data, reference)
    new = store.save_many([(case, version)], by, reason, today=today)[0]
    keep_summary(store, reference, new, case)
    return case, new


def read_case(data: dict[str, Any], name: str, fields: dict[str, str] | None = None) -> Case:
    """``data`` read as a case file is (:func:`contactplan.api.load_case`).
    Raises :class:`FormProblem` with the reader's message: beside the form
    field ``fields`` maps the reader's field to, else naming the reader's field."""
    from ..api import load_case

    try:
        return load_case(json.dumps(data, ensure_ascii=False), name=name)
    except CaseFileError as exc:
        hint = f" ({exc.hint})" if exc.hint else ""
        field = (fields or {}).get(exc.field or "")
        where = f"{exc.field}: " if exc.field and field is None else ""
        raise FormProblem(f"{where}{exc.message}{hint}", field) from None


#: Where the reader's message about a new case belongs on the form.
NEW_CASE_FIELDS = {
    "case.reference": "reference",
    "case.timezone": "timezone",
    "case.agency.name": "agency",
    "case.lead_practitioner.name": "lead_name",
    "case.lead_practitioner.email": "lead_email",
    "members[0].id": "member_id",
    "members[0].name": "member_name",
    "members[0].role": "member_role",
    "members[0].date_of_birth": "member_born",
}


def new_case(form: NewCaseForm) -> Case:
    """The case a new case form describes, read as a case file would be.
    Raises :class:`FormProblem` naming the form field the reader's message is about."""
    case: dict[str, Any] = {
        "reference": form.reference.data.strip(),
        "timezone": form.timezone.data.strip(),
    }
    if _text(form.agency.data):
        case["agency"] = {"name": _text(form.agency.data)}
    lead = _text(form.lead_name.data)
    if lead or _text(form.lead_email.data):
        if not lead:
            raise FormProblem("Enter the lead practitioner's name as well as their email", "lead_name")
        case["lead_practitioner"] = {"name": lead}
        if _text(form.lead_email.data):
            case["lead_practitioner"]["email"] = _text(form.lead_email.data)
    member: dict[str, Any] = {
        "id": form.member_id.data.strip(),
        "name": form.member_name.data.strip(),
        "role": form.member_role.data,
    }
    born = _date(form.member_born.form, "member_born")
    if born:
        member["date_of_birth"] = born
    return read_case({"contactplan": 1, "case": case, "members": [member]}, "the new case", NEW_CASE_FIELDS)


def without_item(data: dict[str, Any], section: str, item_id: str) -> dict[str, Any]:
    """The case data with one member, interpreter, contact or letter left out."""
    return {**data, section: [item for item in data.get(section) or [] if item.get("id") != item_id]}


def replace_item(
    items: list[dict[str, Any]], old_id: str | None, item: dict[str, Any]
) -> list[dict[str, Any]]:
    """``items`` with the one whose id is ``old_id`` replaced (or ``item`` added)."""
    if old_id is None:
        if any(existing.get("id") == item["id"] for existing in items):
            raise FormProblem(f"the id {item['id']!r} is already used: choose another", "id")
        return [*items, item]
    out = [item if existing.get("id") == old_id else existing for existing in items]
    if item["id"] != old_id and sum(1 for i in out if i.get("id") == item["id"]) > 1:
        raise FormProblem(f"the id {item['id']!r} is already used: choose another", "id")
    return out


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def _date(part: Any, field: str) -> str | None:
    try:
        value = part.value()
    except ValueError as exc:
        raise FormProblem(str(exc), field) from None
    return value.isoformat() if value else None


# --------------------------------------------------------------------------
# Members


def member_to_form(member: Member, form: MemberForm) -> None:
    form.id.data = member.id
    form.name.data = member.name
    form.role.data = member.role
    form.date_of_birth.form.set(member.date_of_birth)
    form.gender.data = member.gender or ""
    form.household.data = member.household
    form.address.data = member.address or ""
    while len(form.languages.entries):
        form.languages.pop_entry()
    for entry in member.languages:
        form.languages.append_entry({"tag": entry.tag, "speaks": entry.speaks, "reads": entry.reads})
    form.languages.append_entry({"tag": "", "speaks": "native", "reads": "none"})
    form.preferred_spoken.data = member.preferred_spoken or ""
    form.preferred_written.data = member.preferred_written or ""
    form.interpreter.data = member.interpreter
    prefs = member.interpreter_preferences
    form.interpreter_gender.data = (prefs.gender if prefs else None) or ""
    form.communication_needs.data = list(member.communication_needs)
    form.alleged_perpetrator.data = member.alleged_perpetrator
    assessment = member.language_assessment
    form.assessment_date.form.set(assessment.date if assessment else None)
    form.assessment_method.data = assessment.method if assessment else ""
    form.assessment_by.data = (assessment.by if assessment else None) or ""


def member_from_form(form: MemberForm, old: dict[str, Any] | None) -> dict[str, Any]:
    """The member as case data; keys the form doesn't show (safe_contact) are kept."""
    data: dict[str, Any] = {k: v for k, v in (old or {}).items() if k in {"safe_contact"}}
    data.update({"id": form.id.data.strip(), "name": form.name.data.strip(), "role": form.role.data})
    born = _date(form.date_of_birth.form, "date_of_birth")
    if born:
        data["date_of_birth"] = born
    if form.gender.data:
        data["gender"] = form.gender.data
    if not form.household.data:
        data["household"] = False
    if _text(form.address.data):
        data["address"] = _text(form.address.data)
    languages = []
    for row in form.languages.entries:
        tag = _text(row.form.tag.data)
        if tag:
            entry = {"tag": tag, "speaks": row.form.speaks.data}
            if row.form.reads.data != "none":
                entry["reads"] = row.form.reads.data
            languages.append(entry)
    if languages:
        data["languages"] = languages
    for key in ("preferred_spoken", "preferred_written"):
        value = _text(getattr(form, key).data)
        if value:
            data[key] = value
    if form.interpreter.data and form.interpreter.data != "auto":
        data["interpreter"] = form.interpreter.data
    if form.interpreter_gender.data:
        data["interpreter_preferences"] = {"gender": form.interpreter_gender.data}
    if form.communication_needs.data:
        data["communication_needs"] = list(form.communication_needs.data)
    if form.alleged_perpetrator.data:
        data["alleged_perpetrator"] = True
    assessed = _date(form.assessment_date.form, "assessment_date")
    if assessed or form.assessment_method.data:
        if not (assessed and form.assessment_method.data):
            raise FormProblem(
                "a language assessment needs both its date and how it was done", "assessment_method"
            )
        data["language_assessment"] = {"date": assessed, "method": form.assessment_method.data}
        if _text(form.assessment_by.data):
            data["language_assessment"]["by"] = _text(form.assessment_by.data)
    return data


# --------------------------------------------------------------------------
# Contacts


def who_choices(case: Case) -> list[tuple[str, str]]:
    """Who can interpret: nobody named yet, an interpreter from the register,
    or (reported by the checks) a member of the family."""
    choices = [("", "Nobody named yet (still to book)")]
    for interpreter in case.interpreters:
        languages = ", ".join(interpreter.languages)
        choices.append((f"int:{interpreter.id}", f"{interpreter.name} (register: {languages})"))
    for member in case.members:
        choices.append((f"by:{member.id}", f"{member.name} (family member)"))
    return choices


def _who(value: str | None) -> dict[str, str]:
    if not value:
        return {}
    kind, _, ident = value.partition(":")
    return {"interpreter": ident} if kind == "int" else {"by": ident} if kind == "by" else {}


def _who_value(interpreter: str | None, by: str | None) -> str:
    return f"int:{interpreter}" if interpreter else f"by:{by}" if by else ""


def contact_to_form(contact: Contact, form: ContactForm) -> None:
    form.id.data = contact.id
    form.kind.data = contact.kind
    form.title.data = contact.title or ""
    form.date.form.set(contact.start.date())
    form.time.data = f"{contact.start:%H:%M}"
    form.duration.data = contact.duration_minutes
    form.location.data = contact.location or ""
    form.status.data = contact.status
    form.practitioners.data = "\n".join(
        f"{p.name} <{p.email}>" if p.email else p.name for p in contact.practitioners
    )
    form.attendees.data = list(contact.attendees)
    while len(form.interpreting.entries):
        form.interpreting.pop_entry()
    for a in [*contact.interpreting, None]:
        form.interpreting.append_entry()
        row = form.interpreting.entries[-1].form
        if a is not None:
            row.for_.data = list(a.for_)
            row.language.data = a.language
            row.who.data = _who_value(a.interpreter, a.by)
            row.mode.data = a.mode
            row.status.data = a.status
            row.booking_reference.data = a.booking_reference or ""
            row.relay.data = a.relay_interpreter or ""
    while len(form.seen_alone.entries):
        form.seen_alone.pop_entry()
    for s in [*contact.seen_alone, None]:
        form.seen_alone.append_entry()
        alone = form.seen_alone.entries[-1].form
        if s is not None:
            alone.child.data = s.child
            alone.minutes.data = s.duration_minutes
            alone.who.data = _who_value(s.interpreter, s.by)
            alone.language.data = s.language or ""
    form.seen.data = list(contact.seen or [])
    form.follow_up_of.data = list(contact.follows_up)
    form.notes.data = contact.notes or ""


def contact_from_form(form: ContactForm, old: dict[str, Any] | None) -> dict[str, Any]:
    from ..planning import parse_practitioner

    data: dict[str, Any] = {}
    day = _date(form.date.form, "date")
    if day is None:
        raise FormProblem("Enter the date", "date")
    try:
        at = parse_time(form.time.data)
    except ValueError as exc:
        raise FormProblem(str(exc), "time") from None
    if at is None:
        raise FormProblem("Enter the time", "time")
    data.update(
        {
            "id": form.id.data.strip(),
            "kind": form.kind.data,
            "start": f"{day}T{at:%H:%M}",
            "duration_minutes": form.duration.data,
            "status": form.status.data,
        }
    )
    if old is not None:  # a changed contact: calendars replace the entry they hold
        data["sequence"] = int(old.get("sequence", 0)) + 1
    for key in ("title", "location", "notes"):
        value = _text(getattr(form, key).data)
        if value:
            data[key] = value
    people = []
    for line in (form.practitioners.data or "").splitlines():
        if line.strip():
            try:
                person = parse_practitioner(line)
            except Exception as exc:
                raise FormProblem(str(exc), "practitioners") from None
            people.append({"name": person.name, **({"email": person.email} if person.email else {})})
    if people:
        data["practitioners"] = people
    if form.attendees.data:
        data["attendees"] = list(form.attendees.data)
    arrangements = []
    for row in form.interpreting.entries:
        r = row.form
        language = _text(r.language.data)
        if not language and not r.for_.data:
            continue
        if not language:
            raise FormProblem("each interpreting arrangement needs its language", "interpreting")
        if not r.for_.data:
            raise FormProblem("say whom each interpreting arrangement is for", "interpreting")
        item: dict[str, Any] = {"for": list(r.for_.data), "language": language, **_who(r.who.data)}
        item["mode"] = r.mode.data
        item["status"] = r.status.data
        if _text(r.booking_reference.data):
            item["booking_reference"] = _text(r.booking_reference.data)
        if r.relay.data:
            item["relay_interpreter"] = r.relay.data
        arrangements.append(item)
    if arrangements:
        data["interpreting"] = arrangements
    alone = []
    for row in form.seen_alone.entries:
        r = row.form
        if not r.child.data:
            continue
        entry: dict[str, Any] = {"child": r.child.data, **_who(r.who.data)}
        if r.minutes.data:
            entry["duration_minutes"] = r.minutes.data
        if _text(r.language.data):
            entry["language"] = _text(r.language.data)
        alone.append(entry)
    if alone:
        data["seen_alone"] = alone
    if form.seen.data:
        data["seen"] = list(form.seen.data)
    if form.follow_up_of.data:
        ids = list(form.follow_up_of.data)
        data["follow_up_of"] = ids[0] if len(ids) == 1 else ids
    return data


# --------------------------------------------------------------------------
# Letters


def letter_from_form(form: LetterForm) -> dict[str, Any]:
    data: dict[str, Any] = {"id": form.id.data.strip(), "template": form.template.data, "to": form.to.data}
    if form.contact.data:
        data["contact"] = form.contact.data
    tags = split_tags(form.languages.data)
    if tags:
        data["languages"] = tags
    sent = _date(form.sent.form, "sent")
    if sent:
        data["sent"] = sent
    if form.explained_at.data:
        data["explained_at"] = form.explained_at.data
    if form.delivery.data and form.delivery.data != "post":
        data["delivery"] = form.delivery.data
    return data


def letter_to_form(letter: Letter, form: LetterForm) -> None:
    form.id.data = letter.id
    form.template.data = letter.template
    form.to.data = letter.to
    form.contact.data = letter.contact or ""
    form.languages.data = ", ".join(letter.languages or [])
    form.sent.form.set(letter.sent)
    form.explained_at.data = letter.explained_at or ""
    form.delivery.data = letter.delivery
