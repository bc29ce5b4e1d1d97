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

from .. import languages as lang
from ..errors import DuplicateIdError, UsageError
from ..findings import Finding
from ..model import (
    ID_PATTERN,
    Case,
    Contact,
    ContactKind,
    DateTime,
    Gender,
    Interpreter,
    Interpreting,
    InterpretingMode,
    Letter,
    Member,
    Person,
    SeenAlone,
    Template,
    skipped_time,
)
from ..vocabulary import CONTACT_KINDS
from ..wording import did_you_mean, format_day_time, mode_words, names
from .request import ContactRequest, Proposal, Unresolved, with_added

DEFAULT_MINUTES = 60
SEEN_ALONE_MINUTES = 20
#: Interpreted conversation takes longer: time alone through an interpreter.
SEEN_ALONE_INTERPRETED_MINUTES = 30
LETTER_TEMPLATE: Template = "appointment"
_MAX_ID = 100


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

    @property
    def language(self) -> str:
        """The most specific of the members' tags (``pt-BR`` over ``pt``)."""
        return max(self.spoken, key=len)

    def fits(self, spoken: str, gender: Gender | None) -> bool:
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
        self.needs = {m.id: lang.needs_for(m) for m in case.members}

    def explain(self, text: str) -> None:
        self.explanations.append(text)

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

    def attendees(self, kind: str) -> list[Member]:
        members = {m.id: m for m in self.case.members}
        wanted = self.request.attendees
        if wanted:
            for member_id in wanted:
                if member_id not in members:
                    raise UsageError(
                        f"{member_id!r} is not the id of any member{_suggest(member_id, members)}"
                    )
            chosen = [m for m in self.case.members if m.id in set(wanted)]
            self.explain(f"Attendees as asked: {names([m.id for m in chosen])}.")
            return chosen
        chosen = [m for m in self.case.members if m.household or m.role == "subject_child"]
        self.explain(
            f"Attendees: {names([m.id for m in chosen])}: everyone who lives in the household and "
            "every subject child, so that nobody in the child's home goes unseen "
            "(choose others with --with)."
        )
        return chosen

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
                return member.address
        return None

    # -- interpreting

    def groups(self, attendees: list[Member], kind: str) -> list[_Group]:
        groups: list[_Group] = []
        for member in attendees:
            needs = self.needs[member.id]
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
            if not needs.interpreter_needed or needs.spoken is None:
                continue
            preference = member.interpreter_preferences
            gender = preference.gender if preference is not None else None
            group = next((g for g in groups if g.fits(needs.spoken, gender)), None)
            if group is None:
                groups.append(_Group([member], [needs.spoken], gender))
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
                self.explain(
                    f"{lang.label(group.language)} cannot be interpreted by telephone: the "
                    "interpreter joins by video (better: make it a video call)."
                )
                return "video"
            return "telephone"
        return "in_person"

    def busy_at(self, interpreter: Interpreter, start: dt.datetime, minutes: int) -> list[Contact]:
        """Other contacts of this case (not cancelled) booking ``interpreter`` at an overlapping time."""
        end = start + dt.timedelta(minutes=minutes)
        clashes = []
        for contact in self.case.contacts:
            if contact.status == "cancelled":
                continue
            uses = {a.interpreter for a in contact.live_interpreting()}
            uses |= {s.interpreter for s in contact.seen_alone}
            if interpreter.id not in uses:
                continue
            other = self.case.localize(contact.start)
            if other < end and start < other + dt.timedelta(minutes=contact.duration_minutes):
                clashes.append(contact)
        return clashes

    def unsuitable(
        self, interpreter: Interpreter, group: _Group, start: dt.datetime, minutes: int, taken: set[str]
    ) -> str | None:
        if not (interpreter.registration or "").strip():
            return "has no professional registration"
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
            reason = self.unsuitable(interpreter, group, start, minutes, taken)
            if reason is not None:
                rejected.append(f"{interpreter.name} ({interpreter.id}) {reason}")
                continue
            candidates.append((-self.familiarity(interpreter, group), position, interpreter))
        if not candidates:
            return None, rejected
        return min(candidates, key=lambda c: (c[0], c[1]))[2], rejected

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
                )
                self.bookings.append(
                    f"Confirm {interpreter.name} ({interpreter.id}"
                    + (f", {interpreter.agency}" if interpreter.agency else "")
                    + f") for {self._booking(group, kind, start, minutes, alone)}; then set the "
                    "arrangement's status to confirmed and add the booking reference."
                )
            else:
                self.explain(
                    f"{need}: no suitable interpreter in the register, so the arrangement is "
                    "requested with nobody named yet." + not_chosen
                )
                self.bookings.append(
                    f"Book a registered interpreter for {self._booking(group, kind, start, minutes, alone)}."
                )
            arrangements.append(
                Interpreting(
                    for_=whom,
                    language=group.language,
                    interpreter=interpreter.id if interpreter is not None else None,
                    mode=group.mode,
                    status="requested",
                )
            )
        return arrangements

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

    def time_alone(self, attendees: list[Member], kind: str) -> dict[str, int]:
        """Minutes alone for each subject child among the attendees."""
        here = {m.id for m in attendees}
        minutes: dict[str, int] = {}
        for child in self.case.subject_children():
            if child.id not in here:
                self.explain(
                    f"{child.id} is not among the attendees: no time alone with them at this contact."
                )
                continue
            if CONTACT_KINDS[kind].is_call:
                self.explain(
                    f"A {CONTACT_KINDS[kind].title.lower()} is no time alone with {child.id}: nobody "
                    "can tell who else is listening. Plan a visit where they are seen on their own."
                )
                continue
            needs = self.needs[child.id]
            interpreted = bool(needs.interpreter_needed)
            minutes[child.id] = SEEN_ALONE_INTERPRETED_MINUTES if interpreted else SEEN_ALONE_MINUTES
        return minutes

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

    def duration(self, interpreted: bool, alone: dict[str, int]) -> int:
        policy_minimum = self.case.policy.interpreted_contact_min_minutes if interpreted else 0
        alone_total = sum(alone.values())
        floor = max(1, policy_minimum + alone_total)
        why = []
        if interpreted:
            why.append(f"at least {policy_minimum} for a contact with interpreting (the case's policy)")
        if alone_total:
            why.append(f"plus {alone_total} for time alone with {names(list(alone))}")
        asked = self.request.duration_minutes
        if asked is None:
            minutes = max(DEFAULT_MINUTES, policy_minimum) + alone_total
            reasons = "; ".join(why) if why else f"the usual {DEFAULT_MINUTES}"
            self.explain(f"Duration {minutes} minutes: {reasons}.")
            return minutes
        if asked < floor:
            self.explain(f"Duration raised from the {asked} minutes asked to {floor}: {'; '.join(why)}.")
            return floor
        return asked

    # -- letters

    def letters(self, contact: Contact, attendees: list[Member], with_contact: Case) -> list[Letter]:
        taken = {letter.id for letter in self.case.letters}
        letters: list[Letter] = []
        day = self.case.localize(contact.start).date()
        for member in attendees:
            if member.is_child(day):
                continue
            needs = self.needs[member.id]
            if not needs.known:
                continue  # CP401, reported with the interpreting
            if needs.written is None:
                spoken = lang.label(needs.spoken) if needs.spoken else "their language"
                self.unresolved.append(
                    Unresolved(
                        "CP303",
                        member.id,
                        f"{member.id} reads no language well enough for a letter: no letter proposed. "
                        f"Phone them with an interpreter in {spoken} to tell them about this contact.",
                    )
                )
                continue
            letter_id = _unique(f"inv-{contact.id}-{member.id}", taken)
            letter = self.letter(
                Letter(id=letter_id, template=LETTER_TEMPLATE, to=member.id, contact=contact.id),
                member,
                with_contact,
                letters,
            )
            if letter is not None:
                taken.add(letter.id)
                letters.append(letter)
        return letters

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
        self.unresolved.append(
            Unresolved(
                codes[0],
                member.id,
                f"No appointment letter to {member.id} can be written in {label} "
                f"({'; '.join(f.message for f in errors)}): phone them with an interpreter in "
                f"{lang.label(needs.spoken or written)} instead, or have the letter translated.",
            )
        )
        return None

    def letter_errors(self, letter: Letter, with_contact: Case, others: list[Letter]) -> list[Finding]:
        from ..checks import run_checks

        trial = msgspec.structs.replace(with_contact, letters=[*with_contact.letters, *others, letter])
        found = run_checks(trial, today=self.today(), select=["CP301", "CP302"])
        return [f for f in found if f.letter == letter.id and f.severity == "error"]

    # -- putting it together

    def today(self) -> dt.date:
        return self.request.today or dt.date.today()

    def propose(self) -> Proposal:
        request = self.request
        kind = self.kind()
        start = DateTime.fromisoformat(request.start.isoformat())
        if skipped_time(start, self.case.timezone()):
            raise UsageError(
                f"--start: {start:%Y-%m-%d %H:%M} does not exist in {self.case.case.timezone}: "
                "the clocks go forward an hour that night"
            )
        contact_id = self.contact_id(kind, start)
        aware = self.case.localize(start)
        if aware.date() < self.today():
            self.explain(f"Note: {format_day_time(aware)} is before today ({self.today().isoformat()}).")
        attendees = self.attendees(kind)
        groups = self.groups(attendees, kind)
        alone = self.time_alone(attendees, kind)
        minutes = self.duration(bool(groups), alone)
        self.note_overlaps(aware, minutes)
        arrangements = self.arrange(groups, kind, aware, minutes, alone)
        contact = Contact(
            id=contact_id,
            kind=kind,
            start=start,
            duration_minutes=minutes,
            location=self.location(kind, attendees),
            status="planned",
            practitioners=self.practitioners(),
            attendees=[m.id for m in attendees],
            interpreting=arrangements,
            seen_alone=self.seen_alone(alone, groups),
        )
        for member in attendees:
            needs = self.needs[member.id]
            if needs.known and not needs.interpreter_needed and member.id not in alone:
                self.explain(f"{member.id} needs no interpreter (they speak English well enough).")
        with_contact = with_added(self.case, contact, [])
        letters = self.letters(contact, attendees, with_contact)
        findings = self.findings(contact, letters)
        return Proposal(
            contact=contact,
            letters=tuple(letters),
            explanations=tuple(self.explanations),
            bookings=tuple(self.bookings),
            unresolved=tuple(self.unresolved),
            findings=tuple(findings),
        )

    def note_overlaps(self, start: dt.datetime, minutes: int) -> None:
        end = start + dt.timedelta(minutes=minutes)
        for contact in self.case.contacts:
            if not contact.is_active:
                continue
            other = self.case.localize(contact.start)
            if other < end and start < other + dt.timedelta(minutes=contact.duration_minutes):
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

    def findings(self, contact: Contact, letters: list[Letter]) -> list[Finding]:
        """What the checks report about the new contact and letters (and anything
        else new in the case once they are added)."""
        from ..checks import run_checks

        earlier = run_checks(self.case, today=self.today())
        before = {f.key for f in earlier}
        self.note_other_errors(earlier)
        letter_ids = {letter.id for letter in letters}
        return [
            finding
            for finding in run_checks(with_added(self.case, contact, letters), today=self.today())
            if finding.contact == contact.id or finding.letter in letter_ids or finding.key not in before
        ]


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
