"""What a case file means, beyond its structure: the format version, language
tags, unique ids, references between ids, time zones and times."""

from __future__ import annotations

import re
from typing import Any

from .. import model
from ..errors import CaseFileError, UnknownLanguageError
from ..languages import english_name, is_sign_language
from ..model import Case
from ..vocabulary import CONTACT_KINDS, LETTER_TEMPLATES
from ..wording import did_you_mean
from .yaml12 import Document, PathKey

__all__ = [
    "MAX_ZONE_LENGTH",
    "POLICY_LIMITS",
    "REFERENCE_RULE",
    "ROUTE_WORDS",
    "Validator",
    "check_version",
    "reference_problem",
]

#: The longest time zone name read (IANA's longest is 32 characters).
MAX_ZONE_LENGTH = 64
PLACE = "write the place, e.g. Europe/London"
# Zones that are an abbreviation or a fixed offset, with no summer time.
_FIXED = re.compile(
    r"(?i)(?:etc/)?(?:gmt|utc|ut|uct|zulu|z|greenwich|universal)(?:[+-]\d{1,2}(?::?\d\d)?)?|[+-]\d{1,2}(?::?\d\d)?"
)
#: Durations in minutes: no contact lasts more than a day.
MAX_MINUTES = 24 * 60
#: The largest value of each policy key, and its unit, for the message.
POLICY_LIMITS: dict[str, tuple[int, str]] = {
    "seen_alone_max_gap_days": (3_650, "days (ten years)"),
    "language_assessment_max_age_days": (36_500, "days (a hundred years)"),
    "interpreted_contact_min_minutes": (MAX_MINUTES, "minutes (a day)"),
    "interpreted_appointment_min_minutes": (MAX_MINUTES, "minutes (a day)"),
    "young_child_age_years": (18, "years"),
    "interpreter_confirm_hours": (8_760, "hours (a year)"),
    "missed_contacts_threshold": (1_000, "contacts"),
}


#: Words the web page uses after a case's reference in its addresses
#: (``/cases/REF/members/add``): no part of a reference may be one of them,
#: or the case's links would open another page. The page's routes keep to these.
ROUTE_WORDS = frozenset(
    {
        "acknowledge", "add", "audit", "calendar", "close", "contacts", "download", "edit",
        "export", "history", "import", "interpreters", "letter", "letters", "members", "move",
        "plan", "remove", "reopen", "restrict", "versions",
    }
)  # fmt: skip
#: A case reference is a name, not a path (``docs/case-file.md``).
REFERENCE_RULE = (
    "a case reference is letters (A-Z, a-z), digits, '-' and '_', in parts joined by single "
    "slashes (CP/2026/0142), at most 100 characters, and no part may be a word the web page uses "
    "in its addresses (" + ", ".join(sorted(ROUTE_WORDS)) + ")"
)
_REFERENCE_PART = re.compile(r"[A-Za-z0-9_-]+")


def reference_problem(text: str) -> str | None:
    """What is wrong with ``text`` as a case reference, in words; None when
    it is one. The rule of ids (letters, digits, ``-``, ``_``) with upper case
    and ``/`` between parts: no control characters or spaces, no ``.`` or
    ``..`` part, no empty part, no part that is one of :data:`ROUTE_WORDS`."""
    if not text:
        return "the case reference is empty"
    if len(text) > 100:
        return "the case reference is longer than 100 characters"
    parts = text.split("/")
    if any(not part for part in parts):
        return "the case reference has an empty part (a '/' at either end, or '//')"
    bad = next((part for part in parts if not _REFERENCE_PART.fullmatch(part)), None)
    if bad is not None:
        return f"the case reference holds {_unusual(bad)}"
    word = next((part for part in parts if part.lower() in ROUTE_WORDS), None)
    if word is not None:
        return f"the case reference has a part {word!r}, a word the web page uses in its addresses"
    return None


def _unusual(part: str) -> str:
    """The first character of ``part`` that a reference can't hold, described."""
    import unicodedata

    ch = next(c for c in part if not _REFERENCE_PART.fullmatch(c))
    if ch.isspace():
        return "a space or a line break"
    if unicodedata.category(ch).startswith("C"):
        return f"a control character (U+{ord(ch):04X})"
    if ch == ".":
        return "a '.'"
    return f"the character {ch!r}"


def check_version(data: Any, doc: Document) -> None:
    if not isinstance(data, dict):
        raise doc.error((), "a case file is a mapping that starts with 'contactplan: 1'")
    if "contactplan" not in data:
        raise CaseFileError(
            doc.name,
            "missing required key 'contactplan' (the format version: contactplan: 1)",
            line=1,
            field="contactplan",
        )
    version = data["contactplan"]
    if version != 1 or isinstance(version, bool):
        raise doc.error(
            ("contactplan",), f"unsupported format version {version!r}: this contactplan reads version 1"
        )


class Validator:
    def __init__(self, case: Case, doc: Document) -> None:
        self.case = case
        self.doc = doc

    def tag(self, text: str, path: PathKey) -> str:
        from ..languages import normalize_tag

        try:
            return normalize_tag(text)
        except UnknownLanguageError as exc:
            raise self.doc.error(path, str(exc), exc.hint) from None

    def unique(self, items: list[Any], name: str) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for i, item in enumerate(items):
            if item.id in seen:
                raise self.doc.error((name, i, "id"), f"duplicate id {item.id!r} in {name}")
            seen[item.id] = item
        return seen

    def refs(self, value: str | list[str] | None, known: dict[str, Any], path: PathKey, what: str) -> None:
        """One id or a list of ids (``follow_up_of``), each referring to something."""
        if isinstance(value, list):
            for k, item in enumerate(value):
                self.ref(item, known, (*path, k), what)
        elif value is not None:
            self.ref(value, known, path, what)

    def ref(self, value: str, known: dict[str, Any], path: PathKey, what: str) -> None:
        if value not in known:
            raise self.doc.error(
                path, f"{value!r} is not the id of any {what}", did_you_mean(value, list(known))
            )

    def run(self) -> None:
        case, doc = self.case, self.doc
        problem = reference_problem(case.case.reference)
        if problem is not None:
            raise doc.error(("case", "reference"), problem, REFERENCE_RULE)
        self.timezone(case.case.timezone)
        self.bounds()

        members = self.unique(case.members, "members")
        interpreters = self.unique(case.interpreters, "interpreters")
        contacts = self.unique(case.contacts, "contacts")
        self.unique(case.letters, "letters")

        if not any(m.role == "subject_child" for m in case.members):
            raise doc.error(("members",), "at least one member must have role 'subject_child'")
        for i, member in enumerate(case.members):
            self.member(member, ("members", i))
        for i, interpreter in enumerate(case.interpreters):
            interpreter.languages = [
                self.tag(t, ("interpreters", i, "languages", j)) for j, t in enumerate(interpreter.languages)
            ]
            for j, member_id in enumerate(interpreter.known_to):
                self.ref(member_id, members, ("interpreters", i, "known_to", j), "member")
        for i, contact in enumerate(case.contacts):
            self.contact(contact, ("contacts", i), members, interpreters, contacts)
        for i, letter in enumerate(case.letters):
            self.letter(letter, ("letters", i), members, contacts)
        letters = {item.id: item for item in case.letters}
        for i, entry in enumerate(case.acknowledged):
            path = ("acknowledged", i)
            if entry.member is not None:
                self.ref(entry.member, members, (*path, "member"), "member")
            if entry.contact is not None:
                self.ref(entry.contact, contacts, (*path, "contact"), "contact")
            if entry.letter is not None:
                self.ref(entry.letter, letters, (*path, "letter"), "letter")

    def timezone(self, zone: str) -> None:
        """A place (``Europe/London``): never an abbreviation or a fixed offset,
        which have no summer time (``docs/case-file.md``)."""
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

        path: PathKey = ("case", "timezone")
        if len(zone) > MAX_ZONE_LENGTH:
            raise self.doc.error(path, f"not a time zone (longer than {MAX_ZONE_LENGTH} characters)", PLACE)
        area = zone.split("/", 1)[0]
        if "/" not in zone or area.lower() == "etc":
            hint = PLACE
            if _FIXED.fullmatch(zone):
                hint += f": {zone.split('/')[-1]} has no summer time, so a June visit would show an hour late"
            elif "/" not in zone:
                places = sorted(
                    z
                    for z in available_timezones()
                    if z.lower().endswith("/" + zone.lower()) and not z.startswith("Etc/")
                )
                hint = f"write {places[0]!r}" if places else hint
            raise self.doc.error(path, f"time zone {zone!r} is not a place (Area/Location)", hint)
        try:
            if not re.fullmatch(r"[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*", zone):
                raise ValueError
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise self.doc.error(
                path,
                f"unknown time zone {zone!r}",
                did_you_mean(zone, sorted(available_timezones())) or PLACE,
            ) from None

    def bounds(self) -> None:
        """Numbers within what a case can mean: no visit lasts more than a day,
        no policy counts in centuries."""
        for i, contact in enumerate(self.case.contacts):
            self.at_most(
                contact.duration_minutes, MAX_MINUTES, ("contacts", i, "duration_minutes"), "minutes (a day)"
            )
            for j, alone in enumerate(contact.seen_alone):
                if alone.duration_minutes is not None:
                    at: PathKey = ("contacts", i, "seen_alone", j, "duration_minutes")
                    self.at_most(alone.duration_minutes, MAX_MINUTES, at, "minutes (a day)")
        for key, (limit, unit) in POLICY_LIMITS.items():
            self.at_most(getattr(self.case.policy, key), limit, ("policy", key), unit)

    def at_most(self, value: int, limit: int, path: PathKey, unit: str) -> None:
        if value > limit:
            raise self.doc.error(
                path, f"{value if value < 10**12 else 'a number this large'} is more than {limit} {unit}"
            )

    def letter(
        self, letter: model.Letter, path: PathKey, members: dict[str, Any], contacts: dict[str, Any]
    ) -> None:
        self.ref(letter.to, members, (*path, "to"), "member")
        if letter.contact is not None:
            self.ref(letter.contact, contacts, (*path, "contact"), "contact")
        elif LETTER_TEMPLATES[letter.template].needs_contact:
            raise self.doc.error(
                path,
                "missing required key 'contact'",
                f"a {letter.template} letter is about a contact: give its id",
            )
        self.refs(letter.follow_up_of, contacts, (*path, "follow_up_of"), "contact")
        if letter.languages is not None:
            letter.languages = [self.tag(t, (*path, "languages", j)) for j, t in enumerate(letter.languages)]
        if letter.explained_at is not None:
            self.ref(letter.explained_at, contacts, (*path, "explained_at"), "contact")
        if letter.delivery == "by_hand":
            if letter.explained_at is None:
                raise self.doc.error(
                    (*path, "delivery"),
                    "a letter delivered by_hand is handed over at a contact",
                    "name that contact in 'explained_at'",
                )
            where = contacts[letter.explained_at]
            if CONTACT_KINDS[where.kind].is_call:
                raise self.doc.error(
                    (*path, "delivery"),
                    f"a letter can't be handed over at a {CONTACT_KINDS[where.kind].title.lower()} "
                    f"({where.id})",
                    "name an in-person contact in 'explained_at', or use delivery: post or safe_contact",
                )

    def member(self, member: model.Member, path: PathKey) -> None:
        if member.role in model.CHILD_ROLES and member.date_of_birth is None:
            raise self.doc.error(
                path, "missing required key 'date_of_birth'", f"required for role {member.role}"
            )
        seen: dict[str, int] = {}
        for j, entry in enumerate(member.languages):
            entry.tag = self.tag(entry.tag, (*path, "languages", j, "tag"))
            if entry.tag in seen:
                raise self.doc.error(
                    (*path, "languages", j, "tag"),
                    f"language {entry.tag!r} is listed twice for this member",
                )
            seen[entry.tag] = j
            if entry.reads != "none" and is_sign_language(entry.tag):
                raise self.doc.error(
                    (*path, "languages", j, "reads"),
                    f"{english_name(entry.tag)} has no written form, so it can't be read",
                    "leave 'reads' out (none), and record the written language they read, e.g. "
                    "{tag: en, speaks: none, reads: fluent}",
                )
        if member.preferred_spoken is not None:
            member.preferred_spoken = self.tag(member.preferred_spoken, (*path, "preferred_spoken"))
        if member.preferred_written is not None:
            member.preferred_written = self.tag(member.preferred_written, (*path, "preferred_written"))

    def contact(
        self,
        contact: model.Contact,
        path: PathKey,
        members: dict[str, Any],
        interpreters: dict[str, Any],
        contacts: dict[str, Any],
    ) -> None:
        zone = self.case.timezone()
        if model.skipped_time(contact.start, zone):
            raise self.doc.error(
                (*path, "start"),
                f"{contact.start:%Y-%m-%d %H:%M} does not exist in {self.case.case.timezone}: "
                "the clocks go forward an hour that night",
                "give the time the visit really starts, e.g. an hour later",
            )
        for j, member_id in enumerate(contact.attendees):
            self.ref(member_id, members, (*path, "attendees", j), "member")
        for j, member_id in enumerate(contact.seen or []):
            self.ref(member_id, members, (*path, "seen", j), "member")
        self.refs(contact.follow_up_of, contacts, (*path, "follow_up_of"), "contact")
        for j, arrangement in enumerate(contact.interpreting):
            at: PathKey = (*path, "interpreting", j)
            arrangement.language = self.tag(arrangement.language, (*at, "language"))
            for k, member_id in enumerate(arrangement.for_):
                self.ref(member_id, members, (*at, "for", k), "member")
            self.who(arrangement.interpreter, arrangement.by, at, members, interpreters)
            if arrangement.relay_interpreter is not None:
                self.ref(
                    arrangement.relay_interpreter,
                    interpreters,
                    (*at, "relay_interpreter"),
                    "interpreter in the register",
                )
            if (
                arrangement.interpreter is None
                and arrangement.by is None
                and arrangement.status != "requested"
            ):
                raise self.doc.error(
                    at,
                    f"an arrangement with status {arrangement.status!r} names who interprets",
                    "give 'interpreter' (from the register) or 'by' (a member), or set status: requested",
                )
        for j, alone in enumerate(contact.seen_alone):
            at = (*path, "seen_alone", j)
            self.ref(alone.child, members, (*at, "child"), "member")
            self.who(alone.interpreter, alone.by, at, members, interpreters)
            if alone.language is not None:
                alone.language = self.tag(alone.language, (*at, "language"))
                if alone.interpreter is None and alone.by is None:
                    from ..languages import Match, match_spoken

                    if not any(
                        match_spoken(alone.language, a.language) is Match.EXACT
                        for a in contact.live_interpreting()
                    ):
                        raise self.doc.error(
                            (*at, "language"),
                            f"this contact has no interpreting arrangement in {alone.language!r} "
                            "(that is not cancelled) for the time alone",
                            "add one under 'interpreting', or name the interpreter here",
                        )

    def who(
        self,
        interpreter: str | None,
        by: str | None,
        at: PathKey,
        members: dict[str, Any],
        interpreters: dict[str, Any],
    ) -> None:
        if interpreter is not None and by is not None:
            raise self.doc.error(at, "give either 'interpreter' or 'by', not both")
        if interpreter is not None:
            self.ref(interpreter, interpreters, (*at, "interpreter"), "interpreter in the register")
        if by is not None:
            self.ref(by, members, (*at, "by"), "member")
