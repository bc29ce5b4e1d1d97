"""The domain model: a case, its members, interpreters, contacts and letters.

Plain typed objects (msgspec structs) mirroring case file format version 1
(``docs/case-file.md``). Nothing here reads files, prints, or knows about
letters or calendars: :mod:`contactplan.casefile` builds these objects from a
file and :mod:`contactplan.languages` derives the language facts from them.

Field names are those of the file, except ``for`` (a Python keyword), which is
``for_`` here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Annotated, Literal, Protocol, TypeVar

import msgspec

from .vocabulary import CONTACT_KINDS

#: What an id may hold (``docs/case-file.md``): matched whole, with ``fullmatch``.
ID_PATTERN = r"[a-z0-9_-]{1,100}"
Id = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9_-]+$", min_length=1, max_length=100)]
Text = Annotated[str, msgspec.Meta(max_length=10_000)]
NonNegative = Annotated[int, msgspec.Meta(ge=0)]
Positive = Annotated[int, msgspec.Meta(gt=0)]

Level = Literal["none", "basic", "conversational", "fluent", "native"]
#: Levels in increasing order; compare with :func:`level_rank`.
LEVELS: tuple[Level, ...] = ("none", "basic", "conversational", "fluent", "native")

Role = Literal[
    "subject_child",
    "sibling",
    "other_child",
    "parent",
    "step_parent",
    "partner",
    "carer",
    "relative",
    "other_adult",
]
CHILD_ROLES: frozenset[str] = frozenset({"subject_child", "sibling", "other_child"})
Gender = Literal["female", "male", "other"]
InterpreterSetting = Literal["required", "not_needed", "auto"]
CommunicationNeed = Literal[
    "easy_read", "large_print", "braille", "audio", "sign_language_video", "deaf_relay", "lipspeaker"
]
#: Communication needs a printed letter meets as well as it meets anyone's.
PRINT_NEUTRAL_NEEDS: frozenset[str] = frozenset({"deaf_relay", "lipspeaker"})
AssessmentMethod = Literal[
    "professional_interpreter", "self_report", "family_interpreter", "records", "observation"
]
ContactKind = Literal[
    "home_visit",
    "school_visit",
    "office_visit",
    "health_appointment",
    "development_review",
    "antenatal",
    "strategy_meeting",
    "core_group",
    "case_conference",
    "phone_call",
    "video_call",
]
ContactStatus = Literal["planned", "held", "cancelled", "was_not_brought", "no_access", "did_not_attend"]
MISSED_STATUSES: frozenset[str] = frozenset({"was_not_brought", "no_access", "did_not_attend"})
#: Contacts that take part in the interpreting and child's-voice checks.
ACTIVE_STATUSES: frozenset[str] = frozenset({"planned", "held"})
InterpretingMode = Literal["in_person", "telephone", "video"]
ArrangementStatus = Literal["requested", "confirmed", "cancelled"]
Template = Literal["appointment", "missed_appointment", "domestic_abuse_support"]
PlanType = Literal["child_protection", "child_in_need", "looked_after", "private_fostering", "early_help"]
#: The plans a subject child may be on, in the order of the format.
PLAN_TYPES: tuple[PlanType, ...] = (
    "child_protection",
    "child_in_need",
    "looked_after",
    "private_fostering",
    "early_help",
)
#: Whose bank holidays are not working days (``policy.working_days``).
Region = Literal["england-and-wales", "scotland", "northern-ireland"]
REGIONS: tuple[Region, ...] = ("england-and-wales", "scotland", "northern-ireland")
#: How often a child on a plan is visited, as the policy writes it: "N working
#: days", "N days", "N weeks" or "none" (read by :func:`contactplan.timeline.parse_interval`).
IntervalText = Annotated[str, msgspec.Meta(max_length=100)]
Delivery = Literal["post", "by_hand", "safe_contact"]


class Date(dt.date):
    """A calendar date read from an ISO 8601 text (``2026-12-01``)."""


class DateTime(dt.datetime):
    """A date and time read from ISO 8601 text (``2026-12-01T10:00``).

    Naive values are local times in the case's time zone
    (:meth:`Case.localize` attaches it); values written with an offset keep it.
    """


class _Struct(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    pass


def level_rank(level: Level) -> int:
    """0 for ``none`` up to 4 for ``native``."""
    return LEVELS.index(level)


class Person(_Struct):
    """A practitioner: the case's lead practitioner, or one who goes to a contact."""

    name: Text
    role: Text | None = None
    email: Text | None = None
    phone: Text | None = None


class Agency(_Struct):
    name: Text
    address: Text | None = None
    phone: Text | None = None
    email: Text | None = None


class CaseInfo(_Struct):
    reference: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    timezone: str = "Europe/London"
    agency: Agency | None = None
    lead_practitioner: Person | None = None


class LanguageEntry(_Struct):
    """One language a person uses, with a level for speaking and for reading."""

    tag: str
    speaks: Level
    reads: Level = "none"


class InterpreterPreferences(_Struct):
    gender: Gender | None = None


class LanguageAssessment(_Struct):
    date: Date
    method: AssessmentMethod
    by: Text | None = None


class SafeContact(_Struct):
    """How to reach someone safely, away from an alleged perpetrator."""

    address: Text | None = None
    phone: Text | None = None
    email: Text | None = None
    notes: Text | None = None


class Plan(_Struct):
    """The plan a subject child is on, and the date it began: statutory
    visits are counted from it (CP206)."""

    type: PlanType
    since: Date


class Member(_Struct):
    """A member of the family (or of the household) the case is about."""

    id: Id
    name: Text
    role: Role
    date_of_birth: Date | None = None
    gender: Gender | None = None
    household: bool = True
    address: Text | None = None
    languages: list[LanguageEntry] = []
    preferred_spoken: str | None = None
    preferred_written: str | None = None
    interpreter: InterpreterSetting = "auto"
    interpreter_preferences: InterpreterPreferences | None = None
    communication_needs: list[CommunicationNeed] = []
    alleged_perpetrator: bool = False
    safe_contact: SafeContact | None = None
    language_assessment: LanguageAssessment | None = None
    plan: Plan | None = None

    def age_on(self, day: dt.date) -> int | None:
        """Age in whole years on ``day``; None without a date of birth."""
        born = self.date_of_birth
        if born is None:
            return None
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def is_child(self, on: dt.date) -> bool:
        """A child: a child's role, or under 18 on ``on``."""
        if self.role in CHILD_ROLES:
            return True
        age = self.age_on(on)
        return age is not None and age < 18

    def is_young_child(self, on: dt.date, under: int) -> bool:
        """A young child: a child under ``under`` years (the policy's
        ``young_child_age_years``) on ``on``: seen and observed rather than
        spoken to alone, never asked to interpret, no languages expected."""
        age = self.age_on(on)
        return age is not None and age < under and self.is_child(on)


class Interpreter(_Struct):
    """An interpreter on the agency's register."""

    id: Id
    name: Text
    agency: Text | None = None
    languages: list[str] = []
    gender: Gender | None = None
    registration: Text | None = None
    email: Text | None = None
    phone: Text | None = None
    known_to: list[Id] = []


class Interpreting(_Struct):
    """Who interprets for whom at a contact: a registered interpreter
    (``interpreter``), a member of the family (``by``), or, while ``requested``,
    possibly nobody yet."""

    for_: list[Id] = msgspec.field(name="for")
    language: str
    interpreter: Id | None = None
    by: Id | None = None
    mode: InterpretingMode = "in_person"
    status: ArrangementStatus = "requested"
    booking_reference: Text | None = None
    relay_interpreter: Id | None = None

    @property
    def professional(self) -> bool:
        """An interpreter from the register, or one still to be booked: not a family member."""
        return self.by is None


class SeenAlone(_Struct):
    """Time with a child on their own, possibly through an interpreter."""

    child: Id
    duration_minutes: Positive | None = None
    interpreter: Id | None = None
    by: Id | None = None
    language: str | None = None


class Contact(_Struct):
    """A visit, appointment, call or meeting, planned or past."""

    id: Id
    kind: ContactKind
    start: DateTime
    title: Text | None = None
    duration_minutes: Positive = 60
    location: Text | None = None
    status: ContactStatus = "planned"
    practitioners: list[Person] = []
    attendees: list[Id] = []
    interpreting: list[Interpreting] = []
    seen_alone: list[SeenAlone] = []
    seen: list[Id] | None = None
    follow_up_of: Id | list[Id] | None = None
    sequence: Annotated[int, msgspec.Meta(ge=0, le=2_147_483_647)] = 0
    notes: Text | None = None

    @property
    def display_title(self) -> str:
        return self.title or CONTACT_KINDS[self.kind].title

    @property
    def title_in_sentence(self) -> str:
        """The title as it reads inside a sentence ("the ... on 10 Nov"): a
        title the practitioner wrote exactly as written (names and
        capitals kept: "Mia 2-2.5 year review"), a kind's own title in
        lower case ("home visit")."""
        return self.title or CONTACT_KINDS[self.kind].title.lower()

    @property
    def follows_up(self) -> list[str]:
        """The missed contacts this one follows up (``follow_up_of``, one id or several)."""
        return _ids(self.follow_up_of)

    @property
    def is_missed(self) -> bool:
        return self.status in MISSED_STATUSES

    @property
    def is_active(self) -> bool:
        """Planned or held: the contacts the interpreting and child checks see."""
        return self.status in ACTIVE_STATUSES

    def live_interpreting(self) -> Iterator[Interpreting]:
        """Arrangements that are not cancelled."""
        return (a for a in self.interpreting if a.status != "cancelled")


class Letter(_Struct):
    id: Id
    template: Template
    to: Id
    contact: Id | None = None
    languages: list[str] | None = None
    follow_up_of: Id | list[Id] | None = None
    sent: Date | None = None
    explained_at: Id | None = None
    delivery: Delivery = "post"

    @property
    def follows_up(self) -> list[str]:
        return _ids(self.follow_up_of)


class Acknowledgement(_Struct):
    """A practitioner's note that a finding about the past was seen and learnt
    from: it stays in the report, marked, and no longer fails the check."""

    code: Annotated[str, msgspec.Meta(pattern=r"^CP[1-9][0-9][0-9]$")]
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=10_000)]
    by: Annotated[str, msgspec.Meta(min_length=1, max_length=10_000)]
    date: Date
    member: Id | None = None
    contact: Id | None = None
    letter: Id | None = None


class VisitEvery(_Struct):
    """The longest a subject child on each kind of plan may go without a
    visit where they are seen (CP206): "N working days", "N days", "N weeks"
    or "none". Common local procedures; each service sets its own."""

    child_protection: IntervalText = "10 working days"
    child_in_need: IntervalText = "20 working days"
    looked_after: IntervalText = "6 weeks"
    private_fostering: IntervalText = "6 weeks"
    early_help: IntervalText = "none"

    def for_plan(self, plan_type: PlanType) -> str:
        """The interval, as written, for a plan of type ``plan_type``."""
        text: str = getattr(self, plan_type)
        return text


class Policy(_Struct):
    """Thresholds the checks use; each overridable in the file and on the command line."""

    seen_alone_max_gap_days: NonNegative = 15
    language_assessment_max_age_days: NonNegative = 365
    interpreted_contact_min_minutes: NonNegative = 60
    interpreted_appointment_min_minutes: NonNegative = 20
    young_child_age_years: NonNegative = 3
    interpreter_confirm_hours: NonNegative = 48
    missed_contacts_threshold: Positive = 2
    visit_every: VisitEvery = msgspec.field(default_factory=VisitEvery)
    outcome_due_working_days: NonNegative = 2
    working_days: Region = "england-and-wales"


class Case(_Struct):
    """A whole case file."""

    contactplan: Literal[1]
    case: CaseInfo
    members: Annotated[list[Member], msgspec.Meta(min_length=1)]
    interpreters: list[Interpreter] = []
    contacts: list[Contact] = []
    letters: list[Letter] = []
    acknowledged: list[Acknowledgement] = []
    policy: Policy = msgspec.field(default_factory=Policy)

    @property
    def reference(self) -> str:
        return self.case.reference

    def member(self, member_id: str) -> Member:
        return _index(self.members)[member_id]

    def interpreter(self, interpreter_id: str) -> Interpreter:
        return _index(self.interpreters)[interpreter_id]

    def contact(self, contact_id: str) -> Contact:
        return _index(self.contacts)[contact_id]

    def letter(self, letter_id: str) -> Letter:
        return _index(self.letters)[letter_id]

    def subject_children(self) -> list[Member]:
        return [m for m in self.members if m.role == "subject_child"]

    def uses(self, section: str, item_id: str) -> list[tuple[str, str, str]]:
        """Where the case names the member, interpreter, contact or letter
        ``item_id`` (``section``: ``members``, ``interpreters``, ``contacts``,
        ``letters``): ``(what names it, its id, how)``, for example
        ``("contact", "hv-02", "interprets")``. Empty when nothing does, so
        that it can be removed."""
        found: list[tuple[str, str, str]] = []

        def named(where: str, where_id: str, how: str, ids: Iterable[str | None]) -> None:
            if item_id in ids and (where, where_id, how) not in found:
                found.append((where, where_id, how))

        member, interpreter, contact = (
            section == "members",
            section == "interpreters",
            section == "contacts",
        )
        for c in self.contacts:
            if member:
                named("contact", c.id, "expected there", c.attendees)
                named("contact", c.id, "seen there", c.seen or [])
                named("contact", c.id, "interpreted for", (i for a in c.interpreting for i in a.for_))
                named("contact", c.id, "interprets", [a.by for a in c.interpreting])
                named("contact", c.id, "seen alone", [s.child for s in c.seen_alone])
                named("contact", c.id, "interprets in time alone", [s.by for s in c.seen_alone])
            if interpreter:
                named("contact", c.id, "booked", [a.interpreter for a in c.interpreting])
                named("contact", c.id, "relay interpreter", [a.relay_interpreter for a in c.interpreting])
                named("contact", c.id, "in time alone", [s.interpreter for s in c.seen_alone])
            if contact:
                named("contact", c.id, "follows it up", c.follows_up)
        for letter in self.letters:
            if member:
                named("letter", letter.id, "addressed to", [letter.to])
            if contact:
                named("letter", letter.id, "about it", [letter.contact])
                named("letter", letter.id, "explained there", [letter.explained_at])
                named("letter", letter.id, "follows it up", letter.follows_up)
        if member:
            for i in self.interpreters:
                named("interpreter", i.id, "known to them", i.known_to)
        for n, note in enumerate(self.acknowledged):
            ids = {"members": note.member, "contacts": note.contact, "letters": note.letter}
            named("acknowledgement", f"{note.code} ({n + 1})", "about it", [ids.get(section)])
        return found

    def timezone(self) -> dt.tzinfo:
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.case.timezone)

    def span(self, contact: Contact) -> tuple[dt.datetime, dt.datetime]:
        """When ``contact`` starts and ends, as aware date-times."""
        start = self.localize(contact.start)
        return start, start + dt.timedelta(minutes=contact.duration_minutes)

    def localize(self, when: dt.datetime) -> dt.datetime:
        """``when`` as an aware date-time: naive values are in the case's zone.
        A wall-clock time the clocks show twice (01:30 on the night they go
        back) is the first of the two; one they skip is refused when the file
        is read (:func:`skipped_time`)."""
        if when.tzinfo is not None:
            return when
        return when.replace(tzinfo=self.timezone(), fold=0)


def skipped_time(when: dt.datetime, zone: dt.tzinfo) -> bool:
    """Whether the wall-clock time ``when`` (naive) never happens in ``zone``:
    01:30 on the night the clocks go forward from 01:00 to 02:00."""
    if when.tzinfo is not None:
        return False
    local = when.replace(tzinfo=zone)
    back = local.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
    return back != when


def overlap(a: tuple[dt.datetime, dt.datetime], b: tuple[dt.datetime, dt.datetime]) -> bool:
    """Whether two spans of time (start, end) overlap; touching ends do not."""
    return a[0] < b[1] and b[0] < a[1]


def _ids(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


class _HasId(Protocol):
    id: str


_T = TypeVar("_T", bound=_HasId)


def _index(items: list[_T]) -> dict[str, _T]:
    return {item.id: item for item in items}
