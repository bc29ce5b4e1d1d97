"""Things of a case named in words, never by id: "the home visit on 1 Dec
2026", "the appointment letter to Magda Nowak", "Zosia Nowak (7)"; what
changed between two versions, in words; and the ids the page makes up for
new things (a practitioner never types one)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from ..api import unique_id
from ..model import Case, Contact, Letter, Member
from ..vocabulary import CONTACT_KINDS, LETTER_TEMPLATES
from ..wording import format_day, format_day_time

__all__ = [
    "KEY_WORDS",
    "change_words",
    "contact_words",
    "ids",
    "letter_words",
    "member_words",
    "new_contact_id",
    "new_interpreter_id",
    "new_letter_id",
    "new_member_id",
    "template_label",
]


def template_label(name: str) -> str:
    """``Appointment letter``: a letter template's name on the page."""
    return LETTER_TEMPLATES[name].label.capitalize() if name in LETTER_TEMPLATES else "Letter"


def contact_words(case: Case, contact: Contact | str, *, time: bool = False, article: bool = False) -> str:
    """``Home visit on 1 Dec 2026`` (``at 10:00`` too with ``time``; ``the
    home visit ...`` with ``article``)."""
    if isinstance(contact, str):
        contact = case.contact(contact)
    start = case.localize(contact.start).astimezone(case.timezone())
    when = format_day_time(start) if time else format_day(start.date())
    title = contact.display_title
    if article:
        title = "the " + (
            title[:1].lower() + title[1:] if title == CONTACT_KINDS[contact.kind].title else title
        )
    return f"{title} on {when}"


def letter_words(case: Case, letter: Letter | str) -> str:
    """``Appointment letter to Magda Nowak`` (``about the home visit on 1 Dec 2026``)."""
    if isinstance(letter, str):
        letter = case.letter(letter)
    to = next((m.name for m in case.members if m.id == letter.to), "someone no longer in the case")
    words = f"{template_label(letter.template)} to {to}"
    if letter.contact and letter.contact in {c.id for c in case.contacts}:
        words += f" about {contact_words(case, letter.contact, article=True)}"
    return words


def member_words(member: Member, on: dt.date) -> str:
    """``Zosia Nowak (7)`` for a child, the name alone for an adult."""
    age = member.age_on(on)
    return f"{member.name} ({age})" if age is not None and member.is_child(on) else member.name


# --------------------------------------------------------------------------
# New ids


def new_member_id(taken: Iterable[str], name: str) -> str:
    """``magda`` for Magda Nowak (``magda-2`` when taken)."""
    first = name.split()[0] if name.split() else "member"
    return unique_id(first, taken, "member")


def new_interpreter_id(taken: Iterable[str], name: str) -> str:
    return unique_id(f"int-{name}", taken, "interpreter")


def new_contact_id(taken: Iterable[str], kind: str, day: dt.date | None) -> str:
    """``hv-2026-12-08``, as the planner names a contact."""
    prefix = CONTACT_KINDS[kind].prefix if kind in CONTACT_KINDS else "contact"
    return unique_id(f"{prefix}-{day:%Y-%m-%d}" if day else prefix, taken, "contact")


def new_letter_id(taken: Iterable[str], template: str, to: str | None, contact: str | None) -> str:
    """``inv-hv-02-magda``, as the planner names an invitation."""
    stem = {"appointment": "inv", "missed_appointment": "missed", "domestic_abuse_support": "support"}
    base = "-".join(x for x in (stem.get(template, "letter"), contact, to) if x)
    return unique_id(base, taken, "letter")


def ids(data: dict[str, Any], section: str) -> list[str]:
    """The ids of one list of the case data."""
    return [str(item.get("id")) for item in data.get(section) or []]


# --------------------------------------------------------------------------
# What changed, in words

#: Case file keys in the page's words, for "what changed".
KEY_WORDS = {
    "reference": "reference",
    "timezone": "time zone",
    "agency": "service's details",
    "lead_practitioner": "lead practitioner",
    "name": "name",
    "role": "role",
    "date_of_birth": "date of birth",
    "gender": "gender",
    "household": "whether they live in the home",
    "address": "address",
    "languages": "languages",
    "preferred_spoken": "preferred spoken language",
    "preferred_written": "preferred written language",
    "interpreter": "interpreter",
    "interpreter_preferences": "interpreter preference",
    "communication_needs": "communication needs",
    "alleged_perpetrator": "alleged perpetrator",
    "safe_contact": "safe contact details",
    "language_assessment": "language assessment",
    "plan": "plan",
    "agency_name": "agency",
    "registration": "registration",
    "email": "email",
    "phone": "phone",
    "known_to": "who they know in the family",
    "kind": "kind",
    "start": "date and time",
    "title": "title",
    "duration_minutes": "length",
    "location": "place",
    "status": "outcome",
    "practitioners": "practitioners",
    "attendees": "who is expected",
    "interpreting": "interpreting",
    "seen_alone": "time alone",
    "seen": "who was seen",
    "follow_up_of": "what it follows up",
    "sequence": "calendar version",
    "notes": "notes",
    "template": "kind of letter",
    "to": "recipient",
    "contact": "what it is about",
    "sent": "date sent",
    "explained_at": "where it is gone through",
    "delivery": "how it is delivered",
}

#: Keys whose words depend on what they are a key of.
SECTION_WORDS = {"interpreter": {"agency": "agency", "languages": "languages they interpret"}}

_ITEM = re.compile(r"^(member|interpreter|contact|letter) (\S+) (added|removed|changed)(?: \((.*)\))?$")
_DETAILS = re.compile(r"^(case details|policy) changed \((.*)\)$")
_ACK = re.compile(r"^acknowledgement of (CP\d{3}) (added|removed)$")
_ORDER = re.compile(r"^(\w+) reordered$")


def _keys(text: str, what: str = "") -> str:
    table = {**KEY_WORDS, **SECTION_WORDS.get(what, {})}
    words = [table.get(k.strip(), k.strip().replace("_", " ")) for k in text.split(",") if k.strip()]
    return ", ".join(w for w in words if w != "calendar version") or "details"


def change_words(change: str, cases: Iterable[Case]) -> str:
    """One change of a version (the store's phrase: ``member magda changed
    (address)``) in the page's words (``Magda Nowak: address changed``),
    naming each thing from the first of ``cases`` that has it."""
    known = list(cases)
    if change == "created":
        return "Case started"
    found = _ITEM.match(change)
    if found:
        what, ident, how, keys = found.groups()
        name = _name(what, ident, known)
        if how == "changed":
            return f"{name}: {_keys(keys or '', what)} changed"
        return f"{name} {how}"
    found = _DETAILS.match(change)
    if found:
        label = "Case settings" if found[1] == "case details" else "Thresholds of the checks"
        return f"{label}: {_keys(found[2])} changed"
    found = _ACK.match(change)
    if found:
        return f"Acknowledgement {'added' if found[2] == 'added' else 'removed'} (check {found[1]})"
    found = _ORDER.match(change)
    if found:
        return f"Order of the {found[1]} changed"
    return "Changed"


def _name(what: str, ident: str, cases: list[Case]) -> str:
    for case in cases:
        try:
            if what == "member":
                return case.member(ident).name
            if what == "interpreter":
                return f"Interpreter {case.interpreter(ident).name}"
            if what == "contact":
                words = contact_words(case, ident)
                return words[:1].upper() + words[1:]
            if what == "letter":
                return letter_words(case, ident)
        except KeyError:
            continue
    return {
        "member": "A member",
        "interpreter": "An interpreter",
        "contact": "A contact",
        "letter": "A letter",
    }[what]


def history_words(entries: list[Any], cases: Iterable[Case]) -> list[dict[str, Any]]:
    """The case's history for the page: who, when, why, and what changed in words."""
    known = list(cases)
    out = []
    for entry in entries:
        changes = [change_words(c, known) for c in entry.changes]
        action = {"closed": "Case closed", "archived": "Case archived", "reopened": "Case reopened"}.get(
            entry.action, ""
        )
        out.append({"entry": entry, "changes": changes or ([action] if action else [])})
    return out
