"""What several checks need to know about a case, computed once per case.

One place for the facts the checks share: each member's language needs
(from :mod:`contactplan.languages.needs`, on the date in question), what
each contact counts as today (:func:`contactplan.timeline.standing`: a past
contact still ``planned`` beyond its outcome grace counts for nothing),
which contacts are in play, who covers whom at a contact, the language of a
child's time alone and whether it is really time alone, whether a member is
a (young) child on a contact's date, and how people and contacts are named
in messages. Everything is looked up in the maps built here, never by
searching the case's lists again, so that checking stays linear.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import clock, timeline
from .. import languages as lang
from ..languages import LanguageNeeds, Match
from ..languages.needs import adult_needs, young_needs
from ..model import Case, Contact, Interpreter, Interpreting, Letter, Member, Policy, SeenAlone
from ..wording import format_day

if TYPE_CHECKING:
    from .caseload import Booking


@dataclass
class Context:
    """A case being checked, with ``today``, the instant time checks measure
    from (``reference``) and the policy in force."""

    case: Case
    today: dt.date
    reference: dt.datetime
    policy: Policy
    members: dict[str, Member] = field(init=False)
    interpreters: dict[str, Interpreter] = field(init=False)
    contacts: dict[str, Contact] = field(init=False)
    letters: dict[str, Letter] = field(init=False)
    _needs: dict[str, LanguageNeeds] = field(init=False, default_factory=dict)
    _young_needs: dict[str, LanguageNeeds] = field(init=False, default_factory=dict)
    _starts: dict[int, dt.datetime] = field(init=False, default_factory=dict)
    _days: dict[int, dt.date] = field(init=False, default_factory=dict)
    _young: dict[tuple[str, dt.date], bool] = field(init=False, default_factory=dict)
    _standings: dict[int, timeline.Standing] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.members = {m.id: m for m in self.case.members}
        self.interpreters = {i.id: i for i in self.case.interpreters}
        self.contacts = {c.id: c for c in self.case.contacts}
        self.letters = {item.id: item for item in self.case.letters}

    @classmethod
    def build(
        cls,
        case: Case,
        *,
        today: dt.date | None = None,
        now: dt.datetime | None = None,
        policy: Policy | None = None,
    ) -> Context:
        """``today`` given: time checks measure from the start of that day in
        the case's time zone; otherwise from ``now`` (default: this instant)."""
        zone = case.timezone()
        if today is not None:
            reference = dt.datetime.combine(today, dt.time(0, 0), tzinfo=zone)
        else:
            reference = now.astimezone(zone) if now is not None else clock.now().astimezone(zone)
            today = reference.date()
        return cls(case, today, reference, policy if policy is not None else case.policy)

    # -- people

    def is_young(self, member_id: str, on: dt.date | None = None) -> bool:
        """A young child on ``on`` (default: today): under the policy's
        ``young_child_age_years``."""
        day = self.today if on is None else on
        key = (member_id, day)
        found = self._young.get(key)
        if found is None:
            member = self.members[member_id]
            found = member.date_of_birth is not None and member.is_young_child(
                day, self.policy.young_child_age_years
            )
            self._young[key] = found
        return found

    def needs(self, member_id: str, on: dt.date | None = None) -> LanguageNeeds:
        """The member's language facts on ``on`` (default: today)."""
        if self.is_young(member_id, on):
            found = self._young_needs.get(member_id)
            if found is None:
                found = self._young_needs[member_id] = young_needs(self.members[member_id])
            return found
        found = self._needs.get(member_id)
        if found is None:
            found = self._needs[member_id] = adult_needs(self.members[member_id])
        return found

    def needs_interpreter(self, member_id: str, on: dt.date | None = None) -> bool:
        """Known to need an interpreter on ``on`` (unknown needs are CP401's, not this)."""
        return self.needs(member_id, on).interpreter_needed is True

    def name(self, member_id: str) -> str:
        return self.members[member_id].name

    def is_child_at(self, member_id: str, contact: Contact) -> bool:
        return self.members[member_id].is_child(self.day(contact))

    # -- contacts

    def standing(self, contact: Contact) -> timeline.Standing:
        """What ``contact`` counts as today (:func:`contactplan.timeline.standing`)."""
        key = id(contact)
        found = self._standings.get(key)
        if found is None:
            found = self._standings[key] = timeline.standing(
                contact.status,
                self.day(contact),
                self.today,
                self.policy.outcome_due_working_days,
                self.policy.working_days,
            )
        return found

    def counts(self, contact: Contact) -> bool:
        """Planned or held today: a past contact still ``planned`` beyond its
        outcome grace counts for nothing (CP504), like a cancelled one."""
        return self.standing(contact).active

    @functools.cached_property
    def active_contacts(self) -> list[Contact]:
        """The contacts that count as planned or held today: the ones the
        interpreting and child checks see."""
        return [c for c in self.case.contacts if self.counts(c)]

    def start(self, contact: Contact) -> dt.datetime:
        key = id(contact)
        found = self._starts.get(key)
        if found is None:
            found = self._starts[key] = self.case.localize(contact.start)
        return found

    def day(self, contact: Contact) -> dt.date:
        key = id(contact)
        found = self._days.get(key)
        if found is None:
            found = self._days[key] = self.start(contact).date()
        return found

    def describe(self, contact: Contact) -> str:
        """``the home visit on 10 Nov 2026``."""
        return f"the {contact.title_in_sentence} on {format_day(self.day(contact))}"

    @functools.cached_property
    def bookings(self) -> list[Booking]:
        """The interpreters booked at the case's planned contacts (CP701)."""
        from .caseload import bookings

        return bookings(self)

    # -- interpreting

    def interpreter_name(self, holder: Interpreting | SeenAlone) -> str | None:
        """Who interprets: the register's name or the member's, None when nobody is named."""
        if holder.interpreter is not None:
            return self.interpreters[holder.interpreter].name
        if holder.by is not None:
            return self.name(holder.by)
        return None

    def alone_family_interpreter(self, contact: Contact, alone: SeenAlone) -> str | None:
        """The member of the family who interprets a child's time alone: ``by``,
        or, for an entry naming only a ``language``, the family member of the
        contact's arrangement in that language when no professional one covers
        it. None when a professional interprets, or nobody does."""
        if alone.by is not None:
            return alone.by
        if alone.interpreter is not None or alone.language is None:
            return None
        family: str | None = None
        for arrangement in contact.live_interpreting():
            if lang.match_spoken(alone.language, arrangement.language) is not Match.EXACT:
                continue
            if arrangement.by is None:
                return None
            family = family or arrangement.by
        return family

    def alone_interpreters(self, contact: Contact, alone: SeenAlone) -> list[str]:
        """The register's interpreters who interpret a child's time alone:
        ``interpreter``, or, for an entry naming only a ``language``, those of
        the contact's arrangements in that language."""
        if alone.interpreter is not None:
            return [alone.interpreter]
        if alone.by is not None or alone.language is None:
            return []
        return list(
            dict.fromkeys(
                a.interpreter
                for a in contact.live_interpreting()
                if a.interpreter is not None and lang.match_spoken(alone.language, a.language) is Match.EXACT
            )
        )

    def knows_family(self, interpreter_id: str) -> list[str]:
        """The members of the case the interpreter knows personally (``known_to``)."""
        return [m for m in dict.fromkeys(self.interpreters[interpreter_id].known_to) if m in self.members]

    def alone_language_problem(self, contact: Contact, alone: SeenAlone) -> str | None:
        """What is wrong with the interpreting of a child's time alone for a
        child who needs an interpreter (CP202), as words that follow "is
        seen alone at the home visit on 1 Dec 2026": "with no interpreter",
        "through an interpreter in Romanian", ...; None when nothing is (a
        close variant is not wrong here), or the child needs no interpreter.
        A family member interpreting is CP101-CP103's, not this."""
        day = self.day(contact)
        needs = self.needs(alone.child, day)
        spoken = needs.spoken
        if not needs.interpreter_needed or spoken is None:
            return None
        if not has_interpreter(alone):
            return "with no interpreter"
        language = seen_alone_language(self, alone, day)
        who = self.interpreter_name(alone)
        through = f"through {who}" if who else "through the interpreter"
        if language is None:
            return f"{through}, whose register entry does not list {lang.english_name(spoken)}"
        if alone.interpreter is not None and not lang.lists_language(
            self.interpreters[alone.interpreter].languages, language
        ):
            return f"{through} in {lang.english_name(language)}, which their register entry does not list"
        if lang.match_spoken(spoken, language) is Match.MISMATCH:
            return f"through an interpreter in {lang.english_name(language)}"
        return None

    def not_really_alone(self, contact: Contact, alone: SeenAlone) -> str | None:
        """Why a child's time alone at ``contact`` is not time alone (CP201,
        CP203), in words: the contact has no recorded outcome, a member of
        the family interprets it, the interpreter knows the family (CP106),
        or the child can't understand the interpreting (CP202); None when it
        really is time alone. A contact that doesn't count for another
        reason (cancelled, missed) is "it did not take place"."""
        standing = self.standing(contact)
        if standing is timeline.Standing.NO_OUTCOME:
            return "no outcome is recorded"
        if not standing.active:
            return "it did not take place"
        family = self.alone_family_interpreter(contact, alone)
        if family is not None:
            return f"{self.name(family)} interprets it"
        for interpreter_id in self.alone_interpreters(contact, alone):
            if self.knows_family(interpreter_id):
                return f"the interpreter, {self.interpreters[interpreter_id].name}, knows the family"
        problem = self.alone_language_problem(contact, alone)
        if problem is not None:
            return f"the child is seen {problem}"
        return None

    def really_alone(self, contact: Contact, alone: SeenAlone) -> bool:
        """Time alone that counts as time alone (CP201, CP203): at a contact
        that counts today (planned, or held; not one with no recorded
        outcome), with nobody of the family interpreting it (CP101-CP103),
        no interpreter who knows the family (CP106), and, for a child who
        needs one, an interpreter in the child's language (CP202)."""
        return self.not_really_alone(contact, alone) is None


def covering(contact: Contact, member_id: str) -> list[Interpreting]:
    """The arrangements (not cancelled) that interpret for ``member_id`` at ``contact``."""
    return [a for a in contact.live_interpreting() if member_id in a.for_]


def interpreted_for(contact: Contact) -> Iterator[tuple[Interpreting, str]]:
    """Each live arrangement at ``contact`` with each person it is for."""
    for arrangement in contact.live_interpreting():
        for member_id in arrangement.for_:
            yield arrangement, member_id


def seen_alone_language(context: Context, alone: SeenAlone, on: dt.date | None = None) -> str | None:
    """The language a child's time alone is interpreted in: ``language``; else
    the register interpreter's only language (or, when they list several, the
    child's spoken language if it is one of them); else, with ``by``, the
    child's spoken language; None when there is no interpreter or it is unknown."""
    if alone.language is not None:
        return alone.language
    spoken = context.needs(alone.child, on).spoken
    if alone.interpreter is not None:
        listed = context.interpreters[alone.interpreter].languages
        if len(listed) == 1:
            return listed[0]
        return spoken if spoken is not None and lang.lists_language(listed, spoken) else None
    if alone.by is not None:
        return spoken
    return None


def has_interpreter(alone: SeenAlone) -> bool:
    """Whether the time alone names any interpreter (register, member, or the contact's by language)."""
    return alone.interpreter is not None or alone.by is not None or alone.language is not None
