"""The planner: from a case and a request, the contact and letters that pass
the checks, each choice explained.

:class:`Planner` decides who comes, who interprets for whom in which
language, the time alone with each subject child, how long the contact must
last and which letters to send; it runs the checks on the case with the
proposal added to report what it could not avoid.
"""

from __future__ import annotations

import datetime as dt
import re
import typing
from collections.abc import Iterable
from dataclasses import dataclass

import msgspec

from .. import clock, timeline
from .. import languages as lang
from ..errors import DuplicateIdError, UsageError
from ..findings import Finding
from ..model import (
    ID_PATTERN,
    MISSED_STATUSES,
    Case,
    Contact,
    ContactKind,
    DateTime,
    Gender,
    Interpreter,
    Interpreting,
    InterpretingMode,
    Letter,
    Level,
    Member,
    Person,
    SeenAlone,
    Template,
    level_rank,
    overlap,
    skipped_time,
)
from ..timeline.started import start_of_day
from ..vocabulary import CONTACT_KINDS
from ..wording import did_you_mean, format_day, format_day_time, mode_words, names
from .diary import Diary, utc_span
from .request import ContactRequest, Proposal, StartRefused, Unresolved, with_added

DEFAULT_MINUTES = 60
SEEN_ALONE_MINUTES = 20
#: Interpreted conversation takes longer: time alone through an interpreter.
SEEN_ALONE_INTERPRETED_MINUTES = 30
LETTER_TEMPLATE: Template = "appointment"
_MAX_ID = 100
#: A call to go through a letter with someone who can't read it.
CALL_MINUTES = 30
#: The longest contact the planner will propose, and the years it plans in.
MAX_MINUTES = 24 * 60
YEARS = (1900, 2200)
#: School age (inclusive) and school hours on a weekday, for the home-visit warning.
SCHOOL_AGE = (5, 16)
SCHOOL_HOURS = (dt.time(9, 0), dt.time(15, 0))
#: Working hours: a contact the planner chooses the time of starts and ends
#: within them, on a working day (timeline.is_working_day).
WORKING_HOURS = (dt.time(9, 0), dt.time(18, 0))
#: The earliest a school-age child is seen at home on a school day.
AFTER_SCHOOL = dt.time(15, 30)
#: Times are tried every half hour.
SLOT_MINUTES = 30
#: How far ahead the planner looks for a time (beyond a visit's due date too).
HORIZON_DAYS = 56
#: A call to go through a letter is preferably this many working days before the visit, at 10:00.
CALL_WORKING_DAYS_BEFORE = 2
CALL_TIME = dt.time(10, 0)
#: Errors that a proposal does not cause when the case already had them for
#: the same child: a visit already overdue is late whenever it is planned.
_ALREADY_LATE = frozenset({"CP206"})


def _suggest(word: str, choices: Iterable[str]) -> str:
    hint = did_you_mean(word, choices)
    return f" ({hint})" if hint else ""


# --------------------------------------------------------------------------
# The planner


@dataclass
class _Group:
    """People interpreted for together: one spoken language, one interpreter."""

    members: list[Member]
    spoken: list[str]
    gender: Gender | None
    interpreter: Interpreter | None = None
    mode: InterpretingMode = "in_person"
    #: Interpreted for on their own (an alleged perpetrator never shares an
    #: interpreter with the people they are alleged to harm).
    separate: bool = False
    relay: Interpreter | None = None

    @property
    def language(self) -> str:
        """The most specific of the members' tags (``pt-BR`` over ``pt``)."""
        return max(self.spoken, key=len)

    def fits(self, spoken: str, gender: Gender | None, separate: bool = False) -> bool:
        if separate or self.separate:
            return False
        same = all(
            lang.match_spoken(spoken, other) is lang.Match.EXACT
            and lang.match_spoken(other, spoken) is lang.Match.EXACT
            for other in self.spoken
        )
        return same and (gender is None or self.gender in (None, gender))


@dataclass
class _Call:
    """People called together before a contact to go through its letter:
    one household, one interpreter (or none)."""

    members: list[Member]
    #: The interpreting, when they need an interpreter.
    group: _Group | None
    signer: bool
    #: Why they are called on their own: "perpetrator" (an alleged
    #: perpetrator), "elsewhere" (not in the household); None: together.
    apart: str | None = None


class Planner:
    def __init__(self, case: Case, request: ContactRequest) -> None:
        self.case = case
        self.request = request
        self.explanations: list[str] = []
        self.bookings: list[str] = []
        self.unresolved: list[Unresolved] = []
        self.warnings: list[str] = []
        self.needs = {m.id: lang.needs_for(m) for m in case.members}
        self.here: set[str] = set()
        #: Who is busy when: the case's contacts, then the proposal's own as they are placed.
        self.diary = Diary(case)

    def explain(self, text: str) -> None:
        self.explanations.append(text)

    def young(self, member: Member, day: dt.date) -> bool:
        return member.is_young_child(day, self.case.policy.young_child_age_years)

    def needs_interpreter(self, member: Member) -> bool:
        """Whether ``member`` needs an interpreter (case-file.md): never for
        English when English is their preferred spoken language."""
        needs = self.needs[member.id]
        if not needs.known or not needs.interpreter_needed or needs.spoken is None:
            return False
        if needs.signer or member.interpreter == "required":
            return True
        return not lang.is_english(needs.spoken)

    # -- the request

    def kind(self) -> ContactKind:
        kinds: tuple[str, ...] = typing.get_args(ContactKind)
        kind = self.request.kind
        if kind not in kinds:
            raise UsageError(
                f"unknown kind of contact {kind!r}{_suggest(kind, kinds)}: use one of {', '.join(kinds)}"
            )
        return typing.cast(ContactKind, kind)

    def contact_id(self, kind: str, start: dt.datetime) -> str:
        taken = {c.id for c in self.case.contacts}
        wanted = self.request.contact_id
        if wanted is not None:
            if not re.fullmatch(ID_PATTERN, wanted):
                raise UsageError(f"contact id {wanted!r}: an id uses only lower-case a-z, 0-9, _ and -")
            if wanted in taken:
                raise DuplicateIdError(
                    f"the case already has a contact with id {wanted!r}: refusing to add it again "
                    "(choose another id, or edit that contact in the case file)"
                )
            return wanted
        return _unique(f"{CONTACT_KINDS[kind].prefix}-{start:%Y-%m-%d}", taken)

    def attendees(self, day: dt.date) -> list[Member]:
        members = {m.id: m for m in self.case.members}
        wanted = self.request.attendees
        if wanted:
            for member_id in wanted:
                if member_id not in members:
                    raise UsageError(
                        f"{member_id!r} is not the id of any member{_suggest(member_id, members)}"
                    )
            named = set(wanted)
            young = [m.id for m in self.case.subject_children() if m.id not in named and self.young(m, day)]
            chosen = [m for m in self.case.members if m.id in named or m.id in young]
            self.explain(f"Attendees as asked: {names([m.id for m in chosen if m.id in named])}.")
            if young:
                self.explain(
                    f"{names(young)} added: a young subject child is always among the attendees, "
                    "so that they are seen and observed."
                )
            for member in chosen:
                if member.alleged_perpetrator:
                    self.explain(
                        f"{member.id} is recorded as an alleged perpetrator and attends only because "
                        "named with --with: they are not present during any child's time alone, and "
                        "nobody is interpreted for together with them."
                    )
            return chosen
        chosen = []
        left_out = []
        for member in self.case.members:
            if not (member.household or member.role == "subject_child"):
                continue
            if member.alleged_perpetrator:
                left_out.append(member.id)
                continue
            chosen.append(member)
        self.explain(
            f"Attendees: {names([m.id for m in chosen])}: everyone who lives in the household and "
            "every subject child, so that nobody in the child's home goes unseen "
            "(choose others with --with)."
        )
        if left_out:
            self.explain(
                f"Not invited: {names(left_out)}, recorded as alleged perpetrator"
                f"{'s' if len(left_out) > 1 else ''}: never at a contact where the child or the "
                "person they are alleged to harm is seen, unless you name them with --with."
            )
        return chosen

    def safe_kind(self, kind: ContactKind, attendees: list[Member]) -> ContactKind:
        """A phone call that a signer attends becomes a video call (CP116)."""
        if kind != "phone_call":
            return kind
        signers = [m for m in attendees if self.needs[m.id].signer]
        if not signers:
            return kind
        tags = {self.needs[m.id].spoken or "" for m in signers}
        self.explain(
            f"A video call, not a phone call: {names([m.id for m in signers])} "
            f"sign{'s' if len(signers) == 1 else ''} ({', '.join(lang.label(t) for t in sorted(tags))}), "
            "and sign language can't be interpreted by telephone."
        )
        return "video_call"

    def practitioners(self, *, quiet: bool = False) -> list[Person]:
        if self.request.practitioner is not None:
            return [self.request.practitioner]
        lead = self.case.case.lead_practitioner
        if lead is None:
            if not quiet:
                self.explain("No practitioner named and the case has no lead practitioner: add who will go.")
            return []
        if not quiet:
            self.explain(f"Person: the case's lead practitioner, {lead.name}.")
        return [Person(name=lead.name, role=lead.role, email=lead.email, phone=lead.phone)]

    def location(self, kind: str, attendees: list[Member]) -> str | None:
        if self.request.location is not None:
            return self.request.location
        if kind != "home_visit":
            return None
        for member in attendees:
            if member.household and member.address:
                self.explain(f"Location: the family's home ({member.id}'s address in the case file).")
                return member.postal_address
        return None

    # -- who needs an interpreter, in the words of the record

    def interpreter_reasons(self, attendees: list[Member], day: dt.date) -> None:
        for member in attendees:
            reason = self.interpreter_reason(member, day)
            if reason is not None:
                self.explain(reason)

    def interpreter_reason(self, member: Member, day: dt.date) -> str | None:
        needs = self.needs[member.id]
        if self.young(member, day):
            return (
                f"{member.id} is a young child (under {self.case.policy.young_child_age_years}): no "
                "interpreter is expected for them; they are seen and observed."
            )
        if not needs.known or needs.spoken is None:
            return None  # CP401, reported with the interpreting
        spoken = lang.label(needs.spoken)
        english = _english_speaks(member)
        if needs.signer:
            return f"{member.id} needs an interpreter: their preferred language is {spoken}, a sign language."
        if member.interpreter == "required":
            return f"{member.id} needs an interpreter in {spoken}: recorded as needing one."
        if member.interpreter == "not_needed":
            text = f"{member.id} needs no interpreter: recorded as not needing one."
            if not lang.is_english(needs.spoken) and level_rank(english) < level_rank("fluent"):
                text += (
                    f" The record also gives {spoken} as their language and their English as "
                    f"{english!r}: check with a professional interpreter that they can follow (CP405)."
                )
            return text
        if lang.is_english(needs.spoken):
            return f"{member.id} needs no interpreter: their preferred spoken language is English."
        if not self.needs_interpreter(member):
            how = "natively" if english == "native" else "fluently"
            return f"{member.id} needs no interpreter: speaks English {how}."
        said = "no English recorded" if english == "none" else f"speaks English at level {english!r}"
        return f"{member.id} needs an interpreter in {spoken}: their preferred language; {said}."

    # -- interpreting

    def groups(self, attendees: list[Member], kind: str, day: dt.date) -> list[_Group]:
        groups: list[_Group] = []
        for member in attendees:
            needs = self.needs[member.id]
            if self.young(member, day):
                continue
            if not needs.known:
                self.unresolved.append(
                    Unresolved(
                        "CP401",
                        member.id,
                        f"{member.id} has no languages recorded, so whether they need an interpreter "
                        "is unknown: find out and record it (with a professional interpreter) before "
                        "the contact.",
                    )
                )
                continue
            if not self.needs_interpreter(member) or needs.spoken is None:
                continue
            gender = _gender_wanted(member)
            separate = member.alleged_perpetrator
            group = next((g for g in groups if g.fits(needs.spoken, gender, separate)), None)
            if group is None:
                groups.append(_Group([member], [needs.spoken], gender, separate=separate))
            else:
                group.members.append(member)
                group.spoken.append(needs.spoken)
                group.gender = group.gender or gender
        for group in groups:
            group.mode = self.mode(group, kind)
        return groups

    def mode(self, group: _Group, kind: str) -> InterpretingMode:
        if kind == "video_call":
            return "video"
        if kind == "phone_call":
            if lang.is_sign_language(group.language):
                return "video"  # never reached: a signer's phone call is a video call
            return "telephone"
        return "in_person"

    def busy_at(
        self, interpreter: Interpreter, start: dt.datetime, minutes: int, diary: Diary | None = None
    ) -> list[Contact]:
        """Contacts of this case (planned or held), and of the proposal so far,
        booking ``interpreter`` (the same person: the same registration or
        e-mail) at an overlapping time."""
        book = self.diary if diary is None else diary
        return [entry.contact for entry in book.clashes(start, minutes, interpreters=[interpreter])]

    def span_of(self, contact: Contact) -> tuple[dt.datetime, dt.datetime] | None:
        try:
            start = self.case.localize(contact.start)
        except (OverflowError, ValueError):
            return None
        return utc_span(start, contact.duration_minutes)

    def unsuitable(
        self,
        interpreter: Interpreter,
        group: _Group,
        start: dt.datetime,
        minutes: int,
        taken: set[str],
        *,
        diary: Diary | None = None,
        any_time: bool = False,
        alone: Iterable[str] = (),
    ) -> str | None:
        """Why ``interpreter`` can't interpret for ``group`` at this time, or
        None. ``alone``: children of the group seen alone with this
        interpreter; ``any_time``: leave out whether they are free then."""
        if not (interpreter.registration or "").strip():
            return "has no professional registration"
        known = [m for m in interpreter.known_to if m in self.here]
        if known:
            return f"knows {names(known)} personally (known_to), and the family may not speak freely"
        children = [m.id for m in group.members if m.id in set(alone)]
        members = {m.id for m in self.case.members}
        known_anywhere = [m for m in interpreter.known_to if m in members]
        if children and known_anywhere:
            return (
                f"knows {names(known_anywhere)} personally (known_to), and would interpret "
                f"{names(children)}'s time alone: a child will not speak freely through someone who "
                "knows their family (CP106)"
            )
        if group.gender is not None and interpreter.gender != group.gender:
            wanted = [m.id for m in group.members if _gender_wanted(m) == group.gender]
            return f"is not {group.gender}, and {names(wanted)} asked for a {group.gender} interpreter"
        if interpreter.id in taken:
            return "is already interpreting another language at this contact"
        if any_time:
            return None
        clashes = self.busy_at(interpreter, start, minutes, diary)
        if clashes:
            return f"is booked at an overlapping time ({', '.join(c.id for c in clashes)})"
        return None

    def familiarity(self, interpreter: Interpreter, group: _Group) -> int:
        """How many contacts of this case the interpreter has interpreted at for these people."""
        ids = {m.id for m in group.members}
        return sum(
            1
            for contact in self.case.contacts
            if contact.status != "cancelled"
            and any(
                a.interpreter == interpreter.id and ids & set(a.for_) for a in contact.live_interpreting()
            )
        )

    def choose(
        self,
        group: _Group,
        start: dt.datetime,
        minutes: int,
        taken: set[str],
        *,
        diary: Diary | None = None,
        any_time: bool = False,
        alone: Iterable[str] = (),
    ) -> tuple[Interpreter | None, list[str]]:
        """The best interpreter in the register for ``group``, and why others
        were not chosen (``any_time``: whoever would be, were they free)."""
        rejected: list[str] = []
        candidates: list[tuple[int, int, Interpreter]] = []
        for position, interpreter in enumerate(self.case.interpreters):
            if not all(lang.lists_language(interpreter.languages, t) for t in group.spoken):
                continue
            if _is_relay(interpreter) and lang.is_sign_language(group.language):
                continue  # a Deaf relay interpreter works beside the BSL/English interpreter
            reason = self.unsuitable(
                interpreter, group, start, minutes, taken, diary=diary, any_time=any_time, alone=alone
            )
            if reason is not None:
                rejected.append(f"{interpreter.name} ({interpreter.id}) {reason}")
                continue
            candidates.append((-self.familiarity(interpreter, group), position, interpreter))
        if not candidates:
            return None, rejected
        return min(candidates, key=lambda c: (c[0], c[1]))[2], rejected

    def choose_relay(
        self,
        group: _Group,
        start: dt.datetime,
        minutes: int,
        taken: set[str],
        *,
        diary: Diary | None = None,
        any_time: bool = False,
    ) -> tuple[Interpreter | None, list[str]]:
        """A Deaf relay interpreter from the register for a group with ``deaf_relay``:
        one that lists the sign language and is recorded as a relay (or Deaf)
        interpreter in its id, name or registration."""
        rejected: list[str] = []
        relay_group = _Group(group.members, group.spoken, None)
        for interpreter in self.case.interpreters:
            if not _is_relay(interpreter):
                continue
            if not lang.lists_language(interpreter.languages, group.language):
                continue
            reason = self.unsuitable(
                interpreter, relay_group, start, minutes, taken, diary=diary, any_time=any_time
            )
            if reason is not None:
                rejected.append(f"{interpreter.name} ({interpreter.id}) {reason}")
                continue
            return interpreter, rejected
        return None, rejected

    def arrange(
        self, groups: list[_Group], kind: str, start: dt.datetime, minutes: int, alone: dict[str, int]
    ) -> list[Interpreting]:
        taken: set[str] = set()
        arrangements = []
        for group in groups:
            interpreter, rejected = self.choose(group, start, minutes, taken, alone=alone)
            group.interpreter = interpreter
            whom = [m.id for m in group.members]
            label = lang.label(group.language)
            need = f"{names(whom)} need{'s' if len(whom) == 1 else ''} an interpreter in {label}"
            not_chosen = f" Not proposed: {'; '.join(rejected)}." if rejected else ""
            apart = (
                " Interpreted for on their own: recorded as an alleged perpetrator." if group.separate else ""
            )
            booking = self._booking(group, kind, start, minutes, alone)
            if interpreter is not None:
                taken.add(interpreter.id)
                self.explain(
                    f"{need}: {interpreter.name} ({interpreter.id}) from the register, registered "
                    f"({interpreter.registration}), works in {label}"
                    + (f", {group.gender} as asked" if group.gender else "")
                    + f", {mode_words(group.mode)}"
                    + (" (a child is among them)" if self._has_child(group, start) else "")
                    + ". Status requested until the booking is confirmed."
                    + not_chosen
                    + apart
                )
                self.bookings.append(
                    f"Confirm {interpreter.name} ({interpreter.id}"
                    + (f", {interpreter.agency}" if interpreter.agency else "")
                    + f") for {booking}; then set the "
                    "arrangement's status to confirmed and add the booking reference."
                )
            else:
                self.explain(
                    f"{need}: no suitable interpreter in the register, so the arrangement is "
                    "requested with nobody named yet." + not_chosen + apart
                )
                self.bookings.append(f"Book a registered interpreter for {booking}.")
            relay = self.relay(group, start, minutes, taken)
            arrangements.append(
                Interpreting(
                    for_=whom,
                    language=group.language,
                    interpreter=interpreter.id if interpreter is not None else None,
                    mode=group.mode,
                    status="requested",
                    relay_interpreter=relay.id if relay is not None else None,
                )
            )
        return arrangements

    def relay(self, group: _Group, start: dt.datetime, minutes: int, taken: set[str]) -> Interpreter | None:
        needing = [m.id for m in group.members if "deaf_relay" in m.communication_needs]
        if not needing:
            return None
        relay, rejected = self.choose_relay(group, start, minutes, taken)
        who = f"{names(needing)} need{'s' if len(needing) == 1 else ''} a Deaf relay interpreter"
        not_chosen = f" Not proposed: {'; '.join(rejected)}." if rejected else ""
        if relay is None:
            self.explain(
                f"{who} (recorded as deaf_relay) beside the {lang.label(group.language)} interpreter: "
                "none suitable in the register." + not_chosen
            )
            self.bookings.append(
                f"Book a Deaf relay interpreter ({lang.label(group.language)}) for {names(needing)} "
                f"on {format_day_time(start)}, add them to the register and name them as the "
                "arrangement's relay_interpreter."
            )
            self.unresolved.extend(
                Unresolved(
                    "CP118",
                    member_id,
                    f"No Deaf relay interpreter in the register for {member_id}: book one and "
                    "name them as the arrangement's relay_interpreter.",
                )
                for member_id in needing
            )
            return None
        taken.add(relay.id)
        group.relay = relay
        self.explain(
            f"{who} (recorded as deaf_relay): {relay.name} ({relay.id}) from the register works "
            f"beside the {lang.label(group.language)} interpreter." + not_chosen
        )
        self.bookings.append(
            f"Confirm the Deaf relay interpreter {relay.name} ({relay.id}) for {names(needing)} on "
            f"{format_day_time(start)}."
        )
        return relay

    def _has_child(self, group: _Group, start: dt.datetime) -> bool:
        return any(m.is_child(start.date()) for m in group.members)

    def _booking(
        self, group: _Group, kind: str, start: dt.datetime, minutes: int, alone: dict[str, int]
    ) -> str:
        children = [m.id for m in group.members if m.id in alone]
        parts = [lang.label(group.language)]
        if group.gender is not None:
            parts.append(group.gender)
        parts.append(mode_words(group.mode))
        text = (
            f"{', '.join(parts)}, for the {CONTACT_KINDS[kind].title.lower()} on {format_day_time(start)} "
            f"({minutes} minutes), interpreting for {names([m.id for m in group.members])}"
        )
        if children:
            text += ", including time alone with " + names(
                [f"{child} ({alone[child]} minutes)" for child in children]
            )
        return text

    # -- the child's voice

    def time_alone(self, attendees: list[Member], kind: str, day: dt.date) -> dict[str, int]:
        """Minutes alone for each subject child among the attendees (not a young child)."""
        here = {m.id for m in attendees}
        minutes: dict[str, int] = {}
        for child in self.case.subject_children():
            if child.id not in here:
                self.explain(
                    f"{child.id} is not among the attendees: no time alone with them at this contact."
                )
                continue
            if self.young(child, day):
                self.explain(
                    f"No time alone with {child.id}: a young child (under "
                    f"{self.case.policy.young_child_age_years}) is not spoken to alone; they attend "
                    "and are seen and observed."
                )
                if not CONTACT_KINDS[kind].sees_child and not self._seen_at_a_visit(child.id):
                    self.unresolved.append(
                        Unresolved(
                            "CP205",
                            child.id,
                            f"A {CONTACT_KINDS[kind].title.lower()} does not see {child.id}, a young "
                            "child, and no other planned visit does: plan a visit where they are seen "
                            "and observed.",
                        )
                    )
                continue
            if CONTACT_KINDS[kind].is_call:
                self.explain(
                    f"A {CONTACT_KINDS[kind].title.lower()} is no time alone with {child.id}: nobody "
                    "can tell who else is listening. Plan a visit where they are seen on their own."
                )
                if not self._alone_elsewhere(child.id):
                    self.unresolved.append(
                        Unresolved(
                            "CP201",
                            child.id,
                            f"{child.id} is seen alone at no planned or held contact, and a "
                            f"{CONTACT_KINDS[kind].title.lower()} can't be time alone: plan a visit.",
                        )
                    )
                continue
            interpreted = self.needs_interpreter(child)
            minutes[child.id] = SEEN_ALONE_INTERPRETED_MINUTES if interpreted else SEEN_ALONE_MINUTES
        perpetrators = [m.id for m in attendees if m.alleged_perpetrator]
        if minutes and perpetrators:
            self.explain(
                f"During the time alone with {names(list(minutes))}, {names(perpetrators)} "
                "(alleged perpetrator) is not present: see the child where they cannot be overheard."
            )
        return minutes

    def _alone_elsewhere(self, child_id: str) -> bool:
        """Time alone with the child at another planned or held contact (not
        with a family member interpreting)."""
        return any(
            s.child == child_id and s.by is None
            for c in self.case.contacts
            if c.is_active and not CONTACT_KINDS[c.kind].is_call
            for s in c.seen_alone
        )

    def _seen_at_a_visit(self, child_id: str) -> bool:
        return any(
            c.is_active and CONTACT_KINDS[c.kind].sees_child and child_id in c.attendees
            for c in self.case.contacts
        )

    def seen_alone(self, alone: dict[str, int], groups: list[_Group]) -> list[SeenAlone]:
        entries = []
        for child_id, minutes in alone.items():
            needs = self.needs[child_id]
            group = next((g for g in groups if any(m.id == child_id for m in g.members)), None)
            if group is None or needs.spoken is None:
                why = (
                    "their languages are not recorded"
                    if not needs.known
                    else "they do not need an interpreter"
                )
                self.explain(f"{child_id} is seen alone for {minutes} minutes, with no interpreter: {why}.")
                entries.append(SeenAlone(child=child_id, duration_minutes=minutes))
                continue
            label = lang.label(needs.spoken)
            who = (
                f"{group.interpreter.name} interpreting"
                if group.interpreter is not None
                else "the interpreter still to be booked"
            )
            self.explain(
                f"{child_id} is seen alone for {minutes} minutes with {who} in {label}, the child's "
                "own language; never with a family member interpreting."
            )
            entries.append(
                SeenAlone(
                    child=child_id,
                    duration_minutes=minutes,
                    interpreter=group.interpreter.id if group.interpreter is not None else None,
                    language=needs.spoken,
                )
            )
        return entries

    def duration(self, kind: str, interpreted: bool, alone: dict[str, int]) -> int:
        info = CONTACT_KINDS[kind]
        if info.is_call or not interpreted:
            policy_minimum = 0
        elif info.health:
            policy_minimum = self.case.policy.interpreted_appointment_min_minutes
        else:
            policy_minimum = self.case.policy.interpreted_contact_min_minutes
        alone_total = sum(alone.values())
        floor = max(1, policy_minimum + alone_total)
        why = []
        if policy_minimum:
            why.append(f"at least {policy_minimum} for a contact with interpreting (the case's policy)")
        if alone_total:
            why.append(f"plus {alone_total} for time alone with {names(list(alone))}")
        asked = self.request.duration_minutes
        if asked is None:
            minutes = max(DEFAULT_MINUTES, policy_minimum) + alone_total
            reasons = "; ".join(why) if why else f"the usual {DEFAULT_MINUTES}"
            self.explain(f"Duration {minutes} minutes: {reasons}.")
            return min(minutes, MAX_MINUTES)
        if asked < floor:
            self.explain(f"Duration raised from the {asked} minutes asked to {floor}: {'; '.join(why)}.")
            return min(floor, MAX_MINUTES)
        return asked

    # -- missed contacts and school hours

    def follow_ups(self) -> str | list[str] | None:
        """``follow_up_of`` for the missed contacts nothing follows up yet."""
        named: set[str] = set()
        for contact in self.case.contacts:
            named.update(contact.follows_up)
        for letter in self.case.letters:
            named.update(letter.follows_up)
        missed = [c for c in self.case.contacts if c.status in MISSED_STATUSES and c.id not in named]
        if not missed:
            return None
        listed = names(
            [f"{c.id} ({c.status.replace('_', ' ')}, {format_day(c.start.date())})" for c in missed]
        )
        self.explain(
            f"Follows up {listed}: missed, and nothing follows "
            f"{'it' if len(missed) == 1 else 'them'} up yet (follow_up_of)."
        )
        ids = [c.id for c in missed]
        return ids[0] if len(ids) == 1 else ids

    def school_hours(self, attendees: list[Member], kind: str, start: dt.datetime, minutes: int) -> None:
        """A warning when a school-age child is to be seen at home in school hours on a weekday."""
        if kind != "home_visit" or start.weekday() >= 5:
            return
        day = start.date()
        opens = dt.datetime.combine(day, SCHOOL_HOURS[0], start.tzinfo)
        closes = dt.datetime.combine(day, SCHOOL_HOURS[1], start.tzinfo)
        end = utc_span(start, minutes)
        if end is None or not (start < closes and opens < end[1]):
            return
        pupils = _pupils(attendees, day)
        if not pupils:
            return
        self.warnings.append(
            f"{names(pupils)} {'is' if len(pupils) == 1 else 'are'} of school age and should be at "
            f"school on {start:%A} {format_day_time(start)}: see "
            f"{'them' if len(pupils) > 1 else 'the child'} at home after school (from 15:30), or at "
            "school (--kind school_visit)."
        )

    # -- letters

    def letters(
        self, contact: Contact, attendees: list[Member], practitioners: list[Person]
    ) -> tuple[list[Letter], list[Contact]]:
        """An appointment letter to each adult who attends, and, for those who
        can't read it, the calls before the contact to go through it with them."""
        taken = {letter.id for letter in self.case.letters}
        letters: list[Letter] = []
        day = self.case.localize(contact.start).date()
        adults = [m for m in attendees if not m.is_child(day) and self.needs[m.id].known]
        non_readers = [m for m in adults if self.needs[m.id].written is None]
        calls, call_of = self.calls_before(contact, non_readers, practitioners)
        with_contact = with_added(self.case, contact, [], calls)
        for member in adults:
            letter_id = _unique(f"inv-{contact.id}-{member.id}", taken)
            letter = Letter(id=letter_id, template=LETTER_TEMPLATE, to=member.id, contact=contact.id)
            if self.needs[member.id].written is None:
                call = call_of.get(member.id)
                if call is None:
                    continue  # no time for a call: said under "could not arrange"
                letter = msgspec.structs.replace(letter, explained_at=call.id)
                chosen = self.unread_letter(letter, member, with_contact, letters, call)
            else:
                chosen = self.letter(letter, member, with_contact, letters)
            if chosen is not None:
                taken.add(chosen.id)
                letters.append(chosen)
        return letters, calls

    def call_groups(self, non_readers: list[Member]) -> list[_Call]:
        """Who is called together: the people of one household who need the
        same interpreter (or none), each alleged perpetrator and each person
        who lives elsewhere on their own."""
        calls: list[_Call] = []
        for member in non_readers:
            needs = self.needs[member.id]
            spoken = needs.spoken if self.needs_interpreter(member) else None
            gender = _gender_wanted(member)
            apart = "perpetrator" if member.alleged_perpetrator else None if member.household else "elsewhere"
            joined = None
            if apart is None:
                for call in calls:
                    if call.apart is not None:
                        continue
                    same = (
                        call.group is None
                        if spoken is None
                        else call.group is not None and call.group.fits(spoken, gender)
                    )
                    if same:
                        joined = call
                        break
            if joined is None:
                group = None
                if spoken is not None:
                    group = _Group([], [], gender)
                    group.mode = "video" if needs.signer else "telephone"
                calls.append(_Call([], group, needs.signer, apart))
                joined = calls[-1]
            joined.members.append(member)
            if joined.group is not None and spoken is not None:
                joined.group.members.append(member)
                joined.group.spoken.append(spoken)
                joined.group.gender = joined.group.gender or gender
        return calls

    def calls_before(
        self,
        contact: Contact,
        non_readers: list[Member],
        practitioners: list[Person],
        diary: Diary | None = None,
        *,
        trial: bool = False,
    ) -> tuple[list[Contact], dict[str, Contact]]:
        """A call (a video call for signers) with an interpreter before
        ``contact`` for each group of :meth:`call_groups`, each at a time when
        everyone on it is free, and which call goes through whose letter.
        ``trial``: only find out whether every call fits (nothing explained)."""
        book = self.diary if diary is None else diary
        visit = self.case.localize(contact.start)
        calls: list[Contact] = []
        call_of: dict[str, Contact] = {}
        taken = {c.id for c in self.case.contacts} | {contact.id}
        for group in self.call_groups(non_readers):
            when = self.call_time(group, visit, practitioners, book)
            who = [m.id for m in group.members]
            if when is None:
                if trial:
                    return [], {}
                self.unresolved.extend(
                    Unresolved(
                        "CP303",
                        member_id,
                        f"{member_id} reads no language well enough for a letter, and there is no time "
                        f"when they, the practitioner{'s' if len(practitioners) != 1 else ''} and an "
                        "interpreter are all free for a call before the contact: phone them with an "
                        "interpreter before it, or plan the contact later.",
                    )
                    for member_id in who
                )
                continue
            call = self.call_contact(
                group, when, contact, practitioners, taken, explain=not trial, diary=book
            )
            taken.add(call.id)
            book.add(call)
            calls.append(call)
            call_of.update((member_id, call) for member_id in who)
        calls.sort(key=lambda c: self.case.localize(c.start))
        return calls, call_of

    def call_times(self, visit: dt.datetime) -> Iterable[dt.datetime]:
        """Times for a call before ``visit``, best first: 10:00 two working
        days before, then later that day and on the days up to the visit,
        then earlier days back to today; on working days, within working
        hours, never before now, ending before the visit starts."""
        zone = self.case.timezone()
        region = self.case.policy.working_days
        cutoff = self.cutoff()
        first = cutoff.astimezone(zone).date()
        visit_day = visit.astimezone(zone).date()
        preferred = visit_day
        for _ in range(CALL_WORKING_DAYS_BEFORE):
            preferred -= dt.timedelta(days=1)
            while not timeline.is_working_day(preferred, region) and preferred > first:
                preferred -= dt.timedelta(days=1)
        preferred = max(preferred, first)
        days = [preferred + dt.timedelta(days=n) for n in range((visit_day - preferred).days + 1)]
        days += [preferred - dt.timedelta(days=n) for n in range(1, (preferred - first).days + 1)]
        times = [t for t in _day_times(WORKING_HOURS[0], CALL_MINUTES) if t >= CALL_TIME]
        times += [t for t in _day_times(WORKING_HOURS[0], CALL_MINUTES) if t < CALL_TIME]
        for day in days:
            if not timeline.is_working_day(day, region):
                continue
            for at in times:
                when = dt.datetime.combine(day, at, zone)
                if when >= cutoff and when + dt.timedelta(minutes=CALL_MINUTES) <= visit:
                    yield when

    def call_time(
        self, group: _Call, visit: dt.datetime, practitioners: list[Person], diary: Diary
    ) -> dt.datetime | None:
        """The first of :meth:`call_times` when everyone on the call is free,
        with a suitable interpreter free then if the register has one; None
        when no time before the visit will do."""
        who = [m.id for m in group.members]
        fallback = None
        for when in self.call_times(visit):
            if diary.clashes(when, CALL_MINUTES, members=who, practitioners=practitioners):
                continue
            if group.group is None or self.interpreters_free(group.group, when, CALL_MINUTES, diary, {}):
                return when
            fallback = fallback or when
        return fallback

    def interpreters_free(
        self, group: _Group, when: dt.datetime, minutes: int, diary: Diary, alone: dict[str, int]
    ) -> bool:
        """Whether the interpreter (and Deaf relay interpreter) the register
        would give ``group`` are free at ``when``; True when the register has
        nobody suitable at any time (they are to be booked)."""
        chosen, _ = self.choose(group, when, minutes, set(), diary=diary, alone=alone)
        if chosen is None:
            anyone, _ = self.choose(group, when, minutes, set(), diary=diary, any_time=True, alone=alone)
            if anyone is not None:
                return False
        if any("deaf_relay" in m.communication_needs for m in group.members):
            taken = {chosen.id} if chosen is not None else set()
            relay, _ = self.choose_relay(group, when, minutes, taken, diary=diary)
            if relay is None:
                anyone, _ = self.choose_relay(group, when, minutes, taken, diary=diary, any_time=True)
                if anyone is not None:
                    return False
        return True

    def call_contact(
        self,
        group: _Call,
        when: dt.datetime,
        contact: Contact,
        practitioners: list[Person],
        taken: set[str],
        *,
        explain: bool = True,
        diary: Diary | None = None,
    ) -> Contact:
        """The call at ``when`` that goes through the letter with ``group``."""
        kind: ContactKind = "video_call" if group.signer else "phone_call"
        who = [m.id for m in group.members]
        call_id = _unique(f"{CONTACT_KINDS[kind].prefix}-{when:%Y-%m-%d}-{'-'.join(who)}", taken)
        arrangements: list[Interpreting] = []
        if group.group is not None:
            if explain:
                arrangements = self.arrange([group.group], kind, when, CALL_MINUTES, {})
            else:  # a trial: who would be booked, so that the next call knows
                interpreter, _ = self.choose(group.group, when, CALL_MINUTES, set(), diary=diary)
                taken_here = {interpreter.id} if interpreter is not None else set()
                relay = None
                if any("deaf_relay" in m.communication_needs for m in group.members):
                    relay, _ = self.choose_relay(group.group, when, CALL_MINUTES, taken_here, diary=diary)
                arrangements = [
                    Interpreting(
                        for_=who,
                        language=group.group.language,
                        interpreter=interpreter.id if interpreter is not None else None,
                        mode=group.group.mode,
                        status="requested",
                        relay_interpreter=relay.id if relay is not None else None,
                    )
                ]
        if explain:
            what = "video call" if group.signer else "phone call"
            language = group.group.language if group.group is not None else None
            with_whom = (
                f"with an interpreter in {lang.label(language)}"
                if language is not None
                else "without an interpreter (they need none)"
            )
            visit = CONTACT_KINDS[contact.kind].title.lower()
            if len(who) == 1:
                text = (
                    f"{who[0]} reads no language well enough for a letter: a {what} ({call_id}) on "
                    f"{format_day_time(when)}, {with_whom}, goes through the appointment letter with "
                    f"them before the {visit} (the letter's explained_at)."
                )
            else:
                text = (
                    f"{names(who)} read no language well enough for a letter: one {what} together "
                    f"({call_id}) on {format_day_time(when)}, {with_whom}, goes through the appointment "
                    f"letters with them before the {visit} (the letters' explained_at)."
                )
            if group.apart == "perpetrator":
                text += (
                    " A call of their own, at a time of its own: recorded as an alleged perpetrator, "
                    "never on a call with the people they are alleged to harm."
                )
            elif group.apart == "elsewhere":
                text += " A call of their own: they do not live in the household."
            self.explain(text)
        return Contact(
            id=call_id,
            kind=kind,
            start=_wall_clock(when),
            duration_minutes=CALL_MINUTES,
            status="planned",
            practitioners=list(practitioners),
            attendees=who,
            interpreting=arrangements,
        )

    def unread_letter(
        self, letter: Letter, member: Member, with_contact: Case, others: list[Letter], call: Contact
    ) -> Letter | None:
        """The letter to someone who can't read it, gone through with them at ``call``."""
        errors = self.letter_errors(letter, with_contact, others)
        if not errors:
            self.explain(
                f"Appointment letter {letter.id} to {member.id}, for the record and for anyone they "
                f"trust to read it; it is gone through with them at {call.id}."
            )
            return letter
        in_english = msgspec.structs.replace(letter, languages=["en"])
        if not self.letter_errors(in_english, with_contact, others):
            self.explain(
                f"Appointment letter {letter.id} to {member.id} in English, for the record: "
                f"it is gone through with them at {call.id}, with an interpreter."
            )
            return in_english
        codes = sorted({f.code for f in errors})
        self.unresolved.append(
            Unresolved(
                codes[0],
                member.id,
                f"No appointment letter to {member.id} can be written "
                f"({'; '.join(f.message for f in errors)}): {call.id} tells them about the contact.",
            )
        )
        return None

    def letter(
        self, letter: Letter, member: Member, with_contact: Case, others: list[Letter]
    ) -> Letter | None:
        """The letter as it passes CP301 and CP302: in the recipient's written
        language; in English when there is no translation and they read English
        well; else None, with what to do instead."""
        needs = self.needs[member.id]
        written = needs.written
        assert written is not None
        label = lang.label(written)
        errors = self.letter_errors(letter, with_contact, others)
        if not errors:
            self.explain(
                f"Appointment letter {letter.id} to {member.id} in {label}, the language they read best "
                "(contactplan writes it in that language, with an English copy for the record)."
            )
            return letter
        if needs.reads_english and not lang.is_english(written):
            in_english = msgspec.structs.replace(letter, languages=["en"])
            if not self.letter_errors(in_english, with_contact, others):
                self.explain(
                    f"Appointment letter {letter.id} to {member.id} in English: contactplan has no "
                    f"translation of it in {label} yet, and {member.id} reads English well."
                )
                return in_english
        codes = sorted({f.code for f in errors})
        how = "make a video call to them" if needs.signer else "phone them"
        self.unresolved.append(
            Unresolved(
                codes[0],
                member.id,
                f"No appointment letter to {member.id} can be written in {label} "
                f"({'; '.join(f.message for f in errors)}): {how} with an interpreter in "
                f"{lang.label(needs.spoken or written)} instead, or have the letter translated.",
            )
        )
        return None

    def letter_errors(self, letter: Letter, with_contact: Case, others: list[Letter]) -> list[Finding]:
        from ..checks import run_checks

        trial = msgspec.structs.replace(with_contact, letters=[*with_contact.letters, *others, letter])
        found = run_checks(trial, today=self.today(), select=["CP301", "CP302", "CP303"])
        return [f for f in found if f.letter == letter.id and f.severity == "error"]

    # -- putting it together

    def today(self) -> dt.date:
        return self.request.today or clock.today(self.case.timezone())

    _cutoff: dt.datetime | None = None

    def cutoff(self) -> dt.datetime:
        """Nothing in a proposal starts before this moment: the request's
        ``now``; else this instant when ``today`` is today (or not given);
        else the start of ``today`` in the case's time zone (a plan made as
        of another day)."""
        if self._cutoff is None:
            request = self.request
            zone = self.case.timezone()
            if request.now is not None:
                moment = request.now if request.now.tzinfo is not None else request.now.replace(tzinfo=zone)
            else:
                real = clock.now()
                if request.today is None or request.today == real.astimezone(zone).date():
                    moment = real
                else:
                    moment = start_of_day(request.today, zone)
            self._cutoff = moment
        return self._cutoff

    def _from_when(self) -> str:
        """``now`` or ``the start of 8 Dec 2026``: what the cutoff is, in words."""
        cutoff = self.cutoff().astimezone(self.case.timezone())
        if cutoff == start_of_day(cutoff.date(), self.case.timezone()):
            return f"the start of {format_day(cutoff.date())}"
        return f"now ({format_day_time(cutoff)})"

    def explicit_start(self) -> DateTime:
        """The ``start`` asked for, refused when no calendar can hold it, when
        the clocks skip it, or when it is in the past."""
        assert self.request.start is not None
        start = DateTime.fromisoformat(self.request.start.isoformat())
        if not YEARS[0] <= start.year <= YEARS[1]:
            raise UsageError(f"--start: {start:%Y-%m-%d}: plan a date between {YEARS[0]} and {YEARS[1]}")
        if skipped_time(start, self.case.timezone()):
            raise UsageError(
                f"--start: {start:%Y-%m-%d %H:%M} does not exist in {self.case.case.timezone}: "
                "the clocks go forward an hour that night"
            )
        aware = self.case.localize(start)
        if aware < self.cutoff():
            raise StartRefused(
                f"The start, {format_day_time(aware.astimezone(self.case.timezone()))}, is in the past: "
                f"nothing is planned before {self._from_when()}. Choose a later time."
            )
        return start

    def propose(self) -> Proposal:
        request = self.request
        kind = self.kind()
        if request.duration_minutes is not None and not 0 < request.duration_minutes <= MAX_MINUTES:
            raise UsageError(
                f"--duration: {request.duration_minutes} minutes: a contact lasts 1 to {MAX_MINUTES} minutes"
            )
        chosen: str | None = None
        if request.start is None:
            when, chosen = self.first_suitable(kind)
            start = _wall_clock(when)
        else:
            start = self.explicit_start()
        aware = self.case.localize(start)
        day = aware.date()
        attendees = self.attendees(day)
        self.here = {m.id for m in attendees}
        kind = self.safe_kind(kind, attendees)
        contact_id = self.contact_id(kind, start)
        if chosen is not None:
            self.explain(chosen)
        self.interpreter_reasons(attendees, day)
        groups = self.groups(attendees, kind, day)
        alone = self.time_alone(attendees, kind, day)
        minutes = self.duration(kind, bool(groups), alone)
        practitioners = self.practitioners(quiet=True)
        self.refuse_clashes(aware, minutes, attendees, practitioners)
        self.note_overlaps(aware, minutes)
        arrangements = self.arrange(groups, kind, aware, minutes, alone)
        self.school_hours(attendees, kind, aware, minutes)
        practitioners = self.practitioners()
        contact = Contact(
            id=contact_id,
            kind=kind,
            start=start,
            duration_minutes=minutes,
            location=self.location(kind, attendees),
            status="planned",
            practitioners=practitioners,
            attendees=[m.id for m in attendees],
            interpreting=arrangements,
            seen_alone=self.seen_alone(alone, groups),
            follow_up_of=self.follow_ups(),
        )
        self.diary.add(contact)
        self.visits_due(contact, explicit=chosen is None)
        letters, calls = self.letters(contact, attendees, practitioners)
        findings, caused, case_errors = self.findings(contact, letters, calls)
        return Proposal(
            contact=contact,
            letters=tuple(letters),
            explanations=tuple(self.explanations),
            bookings=tuple(self.bookings),
            unresolved=tuple(self.unresolved),
            findings=tuple(findings),
            calls=tuple(calls),
            warnings=tuple(self.warnings),
            caused=tuple(caused),
            case_errors=tuple(case_errors),
        )

    # -- when: the first suitable time, and never twice at once

    def refuse_clashes(
        self, start: dt.datetime, minutes: int, attendees: list[Member], practitioners: list[Person]
    ) -> None:
        """Refuse a time when a family member or practitioner of the contact
        is at another contact of the case (:class:`StartRefused`)."""
        ids = [m.id for m in attendees]
        found = self.diary.clashes(start, minutes, members=ids, practitioners=practitioners)
        if not found:
            return
        zone = self.case.timezone()
        parts = []
        for entry in found:
            who = entry.who(ids, practitioners, [])
            begin, end = (t.astimezone(zone) for t in entry.span)
            parts.append(
                f"{names(who)} {'is' if len(who) == 1 else 'are'} at {entry.contact.id} "
                f"({entry.contact.display_title.lower()}, {format_day_time(begin)} to {end:%H:%M})"
            )
        raise StartRefused(
            f"{format_day_time(start.astimezone(zone))} ({minutes} minutes) clashes with another contact "
            f"of the case: {'; '.join(parts)}. Choose another time, or cancel the other contact first "
            "if this one takes its place.",
            tuple(entry.contact for entry in found),
        )

    def first_suitable(self, kind: ContactKind) -> tuple[dt.datetime, str]:
        """The first suitable time on or after the cutoff (:meth:`cutoff`): a
        working day, within working hours, after school for a school-age
        child seen at home, when every family member and practitioner of the
        contact and of the calls before it is free, and the interpreters the
        register would give them too; and why. Looks :data:`HORIZON_DAYS`
        ahead (and up to the day a visit is due, when that is later)."""
        scratch = Planner(self.case, self.request)  # its explanations are not this proposal's
        scratch._cutoff = cutoff = self.cutoff()
        zone = self.case.timezone()
        region = self.case.policy.working_days
        first = cutoff.astimezone(zone).date()
        attendees = scratch.attendees(first)
        scratch.here = {m.id for m in attendees}
        kind = scratch.safe_kind(kind, attendees)
        groups = scratch.groups(attendees, kind, first)
        alone = scratch.time_alone(attendees, kind, first)
        minutes = scratch.duration(kind, bool(groups), alone)
        practitioners = scratch.practitioners(quiet=True)
        adults = [m for m in attendees if not m.is_child(first) and self.needs[m.id].known]
        non_readers = [m for m in adults if self.needs[m.id].written is None]
        dues = [d for d in self.due_dates(kind, attendees) if d.due >= first]
        last = first + dt.timedelta(days=HORIZON_DAYS)
        if dues:
            last = max(last, min(d.due for d in dues))
        day = first
        while day <= last:
            if timeline.is_working_day(day, region):
                pupils = _pupils(attendees, day) if kind == "home_visit" else []
                for at in _day_times(AFTER_SCHOOL if pupils else WORKING_HOURS[0], minutes):
                    when = dt.datetime.combine(day, at, zone)
                    if when < cutoff:
                        continue
                    if scratch.fits(
                        kind, when, minutes, attendees, practitioners, groups, alone, non_readers
                    ):
                        return when, self._why_then(when, kind, attendees, pupils, non_readers)
            day += dt.timedelta(days=1)
        raise StartRefused(
            f"No suitable time from {self._from_when()} to {format_day(last)}: on every working day, "
            f"between {WORKING_HOURS[0]:%H:%M} and {WORKING_HOURS[1]:%H:%M}, someone who would be "
            "there (a family member, the practitioner or the interpreter) is already booked. Choose a "
            "time yourself, or move another contact."
        )

    def fits(
        self,
        kind: ContactKind,
        when: dt.datetime,
        minutes: int,
        attendees: list[Member],
        practitioners: list[Person],
        groups: list[_Group],
        alone: dict[str, int],
        non_readers: list[Member],
    ) -> bool:
        """Whether a contact at ``when`` clashes with nobody, its
        interpreters are free, and the calls before it fit too."""
        ids = [m.id for m in attendees]
        if self.diary.clashes(when, minutes, members=ids, practitioners=practitioners):
            return False
        trial = self.diary.copy()
        for group in groups:
            if not self.interpreters_free(group, when, minutes, trial, alone):
                return False
        if not non_readers:
            return True
        stub = Contact(
            id="proposed",
            kind=kind,
            start=_wall_clock(when),
            duration_minutes=minutes,
            practitioners=practitioners,
            attendees=ids,
        )
        trial.add(stub)
        calls, _ = self.calls_before(stub, non_readers, practitioners, trial, trial=True)
        return bool(calls)

    def _why_then(
        self,
        when: dt.datetime,
        kind: str,
        attendees: list[Member],
        pupils: list[str],
        non_readers: list[Member],
    ) -> str:
        reasons = [
            "a working day",
            f"between {WORKING_HOURS[0]:%H:%M} and {WORKING_HOURS[1]:%H:%M}",
        ]
        if pupils:
            reasons.append(f"after school for {names(pupils)}, seen at home")
        reasons.append("when everyone it needs is free (the family, the practitioner and the interpreter)")
        if non_readers:
            reasons.append("with time for a call before it to go through the letter")
        return (
            f"When: {when:%A} {format_day_time(when)}, the first suitable time from {self._from_when()}: "
            f"{', '.join(reasons)}."
        )

    def due_dates(self, kind: str, attendees: list[Member]) -> list[timeline.VisitDue]:
        """When each subject child on a plan among ``attendees`` is next due a
        visit (only for a kind of contact that counts as one)."""
        if kind not in timeline.VISIT_KINDS:
            return []
        here = {m.id for m in attendees}
        found = []
        for child in self.case.subject_children():
            if child.id in here:
                due = timeline.visit_due(self.case, child, self.today())
                if due is not None:
                    found.append(due)
        return found

    def visits_due(self, contact: Contact, *, explicit: bool) -> None:
        """Say when each child on a plan is due a visit, and warn when this
        one comes too late (CP206)."""
        attendees = [self.case.member(m) for m in contact.attendees]
        dues = self.due_dates(contact.kind, attendees)
        if not dues:
            return
        trial = with_added(self.case, contact, [])
        day = self.case.localize(contact.start).date()
        for due in dues:
            child = self.case.member(due.child)
            assert child.plan is not None
            plan = child.plan.type.replace("_", " ")
            stretch = next(
                (
                    s
                    for s in timeline.visit_stretches(trial, child, self.today())
                    if s.end_contact == contact.id
                ),
                None,
            )
            since = (
                f"since the last visit on {format_day(due.last)}"
                if due.last_contact is not None
                else f"since the plan began on {format_day(due.last)}"
            )
            if stretch is None or not stretch.too_long:
                self.explain(
                    f"{child.id} is on a {plan} plan, visited at least every {due.interval}: "
                    + (
                        f"this visit on {format_day(day)} is in time"
                        + (f" (due by {format_day(stretch.due)})." if stretch is not None else ".")
                    )
                )
                continue
            if explicit:
                self.warnings.append(
                    f"{child.id} is on a {plan} plan, visited at least every {due.interval}, and is "
                    f"due a visit by {format_day(stretch.due)} ({since}): this visit on "
                    f"{format_day(day)} is too late (CP206). Choose an earlier time, or leave the time "
                    "to the planner to take the first suitable one."
                )
            elif stretch.due < self.today():
                self.warnings.append(
                    f"{child.id}'s visit was due by {format_day(stretch.due)} ({plan} plan, at least every "
                    f"{due.interval}, {since}): it is already late, and this is the first suitable time "
                    "(CP206). Tell your manager."
                )
            else:
                self.warnings.append(
                    f"No suitable time on or before {format_day(stretch.due)}, when {child.id}'s next "
                    f"visit is due ({plan} plan, at least every {due.interval}, {since}): this is the "
                    "first (CP206). Every earlier time clashes with another contact of the family, the "
                    "practitioner or the interpreter: move one of them, or ask another practitioner "
                    "to go."
                )

    def note_overlaps(self, start: dt.datetime, minutes: int) -> None:
        span = utc_span(start, minutes)
        for contact in self.case.contacts:
            if not contact.is_active:
                continue
            other = self.span_of(contact)
            if other is not None and span is not None and overlap(other, span):
                self.explain(f"Note: {contact.id} is planned at an overlapping time for this family.")

    def note_other_errors(self, findings: list[Finding]) -> None:
        planned = {c.id for c in self.case.contacts if c.status == "planned"}
        codes: dict[str, set[str]] = {}
        for finding in findings:
            if finding.severity == "error" and finding.contact in planned:
                codes.setdefault(finding.contact, set()).add(finding.code)
        if codes:
            listed = "; ".join(f"{c} ({', '.join(sorted(found))})" for c, found in codes.items())
            self.explain(
                f"Other planned contacts still have errors this contact does not fix: {listed}. "
                "Change them, or set their status to cancelled if this contact takes their place."
            )

    def findings(
        self, contact: Contact, letters: list[Letter], calls: list[Contact]
    ) -> tuple[list[Finding], list[Finding], list[Finding]]:
        """What the checks report about the new contacts and letters (and
        anything else new in the case once they are added); the errors among
        them that the proposal causes; and the errors the case already had."""
        from ..checks import run_checks

        earlier = run_checks(self.case, today=self.today())
        before = {f.key for f in earlier}
        failing_before = {f.key for f in earlier if f.fails}
        planned = {c.id for c in self.case.contacts if c.status == "planned"}
        # a child whose visit is late already (up to today, or at a planned visit)
        late_before = {
            (f.code, f.member)
            for f in earlier
            if f.fails and f.code in _ALREADY_LATE and (f.contact is None or f.contact in planned)
        }
        self.note_other_errors(earlier)
        letter_ids = {letter.id for letter in letters}
        contact_ids = {contact.id} | {call.id for call in calls}
        after = run_checks(with_added(self.case, contact, letters, calls), today=self.today())
        found = [
            finding
            for finding in after
            if finding.contact in contact_ids or finding.letter in letter_ids or finding.key not in before
        ]
        caused = [
            f
            for f in found
            if f.fails and f.key not in failing_before and (f.code, f.member) not in late_before
        ]
        blamed = {f.key for f in caused}
        return found, caused, [f for f in after if f.fails and f.key not in blamed]


def _pupils(attendees: list[Member], day: dt.date) -> list[str]:
    """The attendees of school age on ``day``, as ``kuba (10)``."""
    found = []
    for member in attendees:
        age = member.age_on(day)
        if age is not None and SCHOOL_AGE[0] <= age <= SCHOOL_AGE[1]:
            found.append(f"{member.id} ({age})")
    return found


def _day_times(opens: dt.time, minutes: int) -> list[dt.time]:
    """Every half hour from ``opens`` at which something ``minutes`` long
    still ends within working hours."""
    found = []
    at = dt.datetime.combine(dt.date(2000, 1, 1), opens)
    closes = dt.datetime.combine(at.date(), WORKING_HOURS[1])
    while at + dt.timedelta(minutes=minutes) <= closes:
        found.append(at.time())
        at += dt.timedelta(minutes=SLOT_MINUTES)
    return found


def _wall_clock(when: dt.datetime) -> DateTime:
    """An aware time as the case file writes it: the wall-clock time, no offset."""
    return DateTime.fromisoformat(when.replace(tzinfo=None).isoformat())


def _english_speaks(member: Member) -> Level:
    """The member's English ``speaks`` level as recorded (``none`` when no English entry)."""
    levels: list[Level] = [e.speaks for e in member.languages if lang.is_english(e.tag)]
    return max(levels, key=level_rank, default="none")


def _is_relay(interpreter: Interpreter) -> bool:
    """Recorded in the register as a Deaf relay (or Deaf) interpreter."""
    text = " ".join((interpreter.id, interpreter.name, interpreter.registration or "")).casefold()
    return "relay" in text or "deaf" in text


def _gender_wanted(member: Member) -> Gender | None:
    preference = member.interpreter_preferences
    return preference.gender if preference is not None else None


def _unique(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``, ... whichever is free (at most 100 characters)."""
    base = base[: _MAX_ID - 4]
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
