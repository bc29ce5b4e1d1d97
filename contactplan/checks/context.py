"""What several checks need to know about a case, computed once per case.

One place for the facts the checks share: each member's language needs
(from :mod:`contactplan.languages.needs`, on the date in question), which
contacts are in play, who covers whom at a contact, the language of a
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

from .. import clock
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

    @functools.cached_property
    def active_contacts(self) -> list[Contact]:
        """Planned and held contacts: the ones the interpreting and child checks see."""
        return [c for c in self.case.contacts if c.is_active]

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
        return f"the {contact.display_title.lower()} on {format_day(self.day(contact))}"

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

    def really_alone(self, contact: Contact, alone: SeenAlone) -> bool:
        """Time alone that counts as time alone: nobody of the family interprets it."""
        return self.alone_family_interpreter(contact, alone) is None


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
