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

from .. import clock
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
from ..vocabulary import CONTACT_KINDS
from ..wording import did_you_mean, format_day, format_day_time, mode_words, names
from .request import ContactRequest, Proposal, Unresolved, with_added

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

    def practitioners(self) -> list[Person]:
        if self.request.practitioner is not None:
            return [self.request.practitioner]
        lead = self.case.case.lead_practitioner
        if lead is None:
            self.explain("No practitioner named and the case has no lead practitioner: add who will go.")
            return []
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

    def busy_at(self, interpreter: Interpreter, start: dt.datetime, minutes: int) -> list[Contact]:
        """Other contacts of this case (not cancelled) booking ``interpreter`` at an overlapping time."""
        span = _utc_span(start, minutes)
        clashes = []
        for contact in self.case.contacts:
            if contact.status == "cancelled":
                continue
            uses = {a.interpreter for a in contact.live_interpreting()}
            uses |= {a.relay_interpreter for a in contact.live_interpreting()}
            uses |= {s.interpreter for s in contact.seen_alone}
            if interpreter.id not in uses:
                continue
            other = self.span_of(contact)
            if other is not None and span is not None and overlap(other, span):
                clashes.append(contact)
        return clashes

    def span_of(self, contact: Contact) -> tuple[dt.datetime, dt.datetime] | None:
        try:
            start = self.case.localize(contact.start)
        except (OverflowError, ValueError):
            return None
        return _utc_span(start, contact.duration_minutes)

    def unsuitable(
        self, interpreter: Interpreter, group: _Group, start: dt.datetime, minutes: int, taken: set[str]
    ) -> str | None:
        if not (interpreter.registration or "").strip():
            return "has no professional registration"
        known = [m for m in interpreter.known_to if m in self.here]
        if known:
            return f"knows {names(known)} personally (known_to), and the family may not speak freely"
        if group.gender is not None and interpreter.gender != group.gender:
            wanted = [m.id for m in group.members if _gender_wanted(m) == group.gender]
            return f"is not {group.gender}, and {names(wanted)} asked for a {group.gender} interpreter"
        if interpreter.id in taken:
            return "is already interpreting another language at this contact"
        clashes = self.busy_at(interpreter, start, minutes)
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
        self, group: _Group, start: dt.datetime, minutes: int, taken: set[str]
    ) -> tuple[Interpreter | None, list[str]]:
        """The best interpreter in the register for ``group``, and why others were not chosen."""
        rejected: list[str] = []
        candidates: list[tuple[int, int, Interpreter]] = []
        for position, interpreter in enumerate(self.case.interpreters):
            if not all(lang.lists_language(interpreter.languages, t) for t in group.spoken):
                continue
            if _is_relay(interpreter) and lang.is_sign_language(group.language):
                continue  # a Deaf relay interpreter works beside the BSL/English interpreter
            reason = self.unsuitable(interpreter, group, start, minutes, taken)
            if reason is not None:
                rejected.append(f"{interpreter.name} ({interpreter.id}) {reason}")
                continue
            candidates.append((-self.familiarity(interpreter, group), position, interpreter))
        if not candidates:
            return None, rejected
        return min(candidates, key=lambda c: (c[0], c[1]))[2], rejected

    def choose_relay(
        self, group: _Group, start: dt.datetime, minutes: int, taken: set[str]
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
            reason = self.unsuitable(interpreter, relay_group, start, minutes, taken)
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
            interpreter, rejected = self.choose(group, start, minutes, taken)
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
        end = _utc_span(start, minutes)
        if end is None or not (start < closes and opens < end[1]):
            return
        pupils = []
        for member in attendees:
            age = member.age_on(day)
            if age is not None and SCHOOL_AGE[0] <= age <= SCHOOL_AGE[1]:
                pupils.append(f"{member.id} ({age})")
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
        taken = {letter.id for letter in self.case.letters}
        letters: list[Letter] = []
        calls: list[Contact] = []
        day = self.case.localize(contact.start).date()
        for member in attendees:
            if member.is_child(day):
                continue
            needs = self.needs[member.id]
            if not needs.known:
                continue  # CP401, reported with the interpreting
            letter_id = _unique(f"inv-{contact.id}-{member.id}", taken)
            letter = Letter(id=letter_id, template=LETTER_TEMPLATE, to=member.id, contact=contact.id)
            if needs.written is None:
                call = self.call_before(contact, member, practitioners, calls)
                calls.append(call)
                letter = msgspec.structs.replace(letter, explained_at=call.id)
                with_contact = with_added(self.case, contact, [], calls)
                chosen = self.unread_letter(letter, member, with_contact, letters, call)
            else:
                with_contact = with_added(self.case, contact, [], calls)
                chosen = self.letter(letter, member, with_contact, letters)
            if chosen is not None:
                taken.add(chosen.id)
                letters.append(chosen)
        return letters, calls

    def call_before(
        self, contact: Contact, member: Member, practitioners: list[Person], calls: list[Contact]
    ) -> Contact:
        """A call (a video call for a signer) with an interpreter before ``contact``,
        to go through the letter with ``member``, who can't read it."""
        needs = self.needs[member.id]
        kind: ContactKind = "video_call" if needs.signer else "phone_call"
        start = self._call_time(contact)
        aware = self.case.localize(start)
        taken = {c.id for c in self.case.contacts} | {contact.id} | {c.id for c in calls}
        call_id = _unique(f"{CONTACT_KINDS[kind].prefix}-{start:%Y-%m-%d}-{member.id}", taken)
        arrangements: list[Interpreting] = []
        if self.needs_interpreter(member) and needs.spoken is not None:
            group = _Group([member], [needs.spoken], _gender_wanted(member))
            group.mode = "video" if needs.signer else "telephone"
            arrangements = self.arrange([group], kind, aware, CALL_MINUTES, {})
        what = "video call" if needs.signer else "phone call"
        with_whom = (
            f"with an interpreter in {lang.label(needs.spoken)}"
            if arrangements and needs.spoken is not None
            else "without an interpreter (they need none)"
        )
        self.explain(
            f"{member.id} reads no language well enough for a letter: a {what} ({call_id}) on "
            f"{format_day_time(aware)}, {with_whom}, goes through the appointment letter with them "
            f"before the {CONTACT_KINDS[contact.kind].title.lower()} (the letter's explained_at)."
        )
        return Contact(
            id=call_id,
            kind=kind,
            start=start,
            duration_minutes=CALL_MINUTES,
            status="planned",
            practitioners=list(practitioners),
            attendees=[member.id],
            interpreting=arrangements,
        )

    def _call_time(self, contact: Contact) -> DateTime:
        """10:00 two working days before the contact, or, when that is already
        past, two hours before it."""
        visit = contact.start
        day = visit.date() - dt.timedelta(days=2)
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        when = dt.datetime.combine(day, dt.time(10, 0))
        if day < self.today() or when >= visit:
            when = visit - dt.timedelta(hours=2)
        if skipped_time(when, self.case.timezone()):
            when -= dt.timedelta(hours=1)
        return DateTime.fromisoformat(when.isoformat())

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
        return self.request.today or clock.today()

    def propose(self) -> Proposal:
        request = self.request
        kind = self.kind()
        start = DateTime.fromisoformat(request.start.isoformat())
        if not YEARS[0] <= start.year <= YEARS[1]:
            raise UsageError(f"--start: {start:%Y-%m-%d}: plan a date between {YEARS[0]} and {YEARS[1]}")
        if request.duration_minutes is not None and not 0 < request.duration_minutes <= MAX_MINUTES:
            raise UsageError(
                f"--duration: {request.duration_minutes} minutes: a contact lasts 1 to {MAX_MINUTES} minutes"
            )
        if skipped_time(start, self.case.timezone()):
            raise UsageError(
                f"--start: {start:%Y-%m-%d %H:%M} does not exist in {self.case.case.timezone}: "
                "the clocks go forward an hour that night"
            )
        aware = self.case.localize(start)
        day = aware.date()
        attendees = self.attendees(day)
        self.here = {m.id for m in attendees}
        kind = self.safe_kind(kind, attendees)
        contact_id = self.contact_id(kind, start)
        if day < self.today():
            self.explain(f"Note: {format_day_time(aware)} is before today ({self.today().isoformat()}).")
        self.interpreter_reasons(attendees, day)
        groups = self.groups(attendees, kind, day)
        alone = self.time_alone(attendees, kind, day)
        minutes = self.duration(kind, bool(groups), alone)
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
        letters, calls = self.letters(contact, attendees, practitioners)
        findings = self.findings(contact, letters, calls)
        return Proposal(
            contact=contact,
            letters=tuple(letters),
            explanations=tuple(self.explanations),
            bookings=tuple(self.bookings),
            unresolved=tuple(self.unresolved),
            findings=tuple(findings),
            calls=tuple(calls),
            warnings=tuple(self.warnings),
        )

    def note_overlaps(self, start: dt.datetime, minutes: int) -> None:
        span = _utc_span(start, minutes)
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

    def findings(self, contact: Contact, letters: list[Letter], calls: list[Contact]) -> list[Finding]:
        """What the checks report about the new contacts and letters (and anything
        else new in the case once they are added)."""
        from ..checks import run_checks

        earlier = run_checks(self.case, today=self.today())
        before = {f.key for f in earlier}
        self.note_other_errors(earlier)
        letter_ids = {letter.id for letter in letters}
        contact_ids = {contact.id} | {call.id for call in calls}
        return [
            finding
            for finding in run_checks(with_added(self.case, contact, letters, calls), today=self.today())
            if finding.contact in contact_ids or finding.letter in letter_ids or finding.key not in before
        ]


def _english_speaks(member: Member) -> Level:
    """The member's English ``speaks`` level as recorded (``none`` when no English entry)."""
    levels: list[Level] = [e.speaks for e in member.languages if lang.is_english(e.tag)]
    return max(levels, key=level_rank, default="none")


def _is_relay(interpreter: Interpreter) -> bool:
    """Recorded in the register as a Deaf relay (or Deaf) interpreter."""
    text = " ".join((interpreter.id, interpreter.name, interpreter.registration or "")).casefold()
    return "relay" in text or "deaf" in text


def _utc_span(start: dt.datetime, minutes: int) -> tuple[dt.datetime, dt.datetime] | None:
    """Start and end in UTC; the end clamped to the last representable instant
    (a duration of 2**31 minutes); None for a start that can't be placed."""
    try:
        begin = start.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        return None
    try:
        end = begin + dt.timedelta(minutes=minutes)
    except OverflowError:
        end = dt.datetime.max.replace(tzinfo=dt.UTC)
    return begin, end


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
