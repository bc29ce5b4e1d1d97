"""The derived language facts every feature uses the same way (``docs/case-file.md``):
interpreter needed, spoken and written language, reads English adequately,
signer, young child.

Call :func:`needs_for` with the date in question (``on``: the contact's date
for a contact, today for the case as a whole) and the case's policy, so that
a young child (under ``young_child_age_years``) is treated as one::

    needs_for(member, on=contact_day, policy=case.policy)

Without ``on`` the date is today's; without ``policy`` the default policy's
age (3) is used.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import clock
from ..model import Level, Member, Policy, level_rank
from . import is_english, is_sign_language

__all__ = ["LanguageNeeds", "needs_for", "spoken_language", "written_language"]

_FLUENT = level_rank("fluent")
_CONVERSATIONAL = level_rank("conversational")
_DEFAULT_YOUNG_AGE = Policy().young_child_age_years


@dataclass(frozen=True, slots=True)
class LanguageNeeds:
    """The derived language facts for one member (``docs/case-file.md``).

    For a member with no languages recorded, ``known`` is False and the facts
    are None: their needs are unknown, neither needing nor not needing an
    interpreter. A young child (``young_child``) needs no languages and no
    interpreter: ``known`` is True, ``interpreter_needed`` and
    ``reads_english`` False, ``written`` None.
    """

    member: str
    known: bool
    interpreter_needed: bool | None
    spoken: str | None
    written: str | None
    reads_english: bool | None
    signer: bool
    young_child: bool = False


def _best(member: Member, attribute: str) -> tuple[str, Level] | None:
    """The language with the highest level; the first listed wins a tie."""
    best: tuple[str, Level] | None = None
    for entry in member.languages:
        level: Level = getattr(entry, attribute)
        if best is None or level_rank(level) > level_rank(best[1]):
            best = (entry.tag, level)
    return best


def _level(member: Member, tag: str, attribute: str) -> Level | None:
    levels: list[Level] = [getattr(e, attribute) for e in member.languages if e.tag == tag]
    if not levels:
        return None
    return max(levels, key=level_rank)


def _english_level(member: Member, attribute: str) -> int:
    ranks = [level_rank(getattr(e, attribute)) for e in member.languages if is_english(e.tag)]
    return max(ranks, default=0)


def spoken_language(member: Member) -> str | None:
    """``preferred_spoken``, else the language with the highest ``speaks``
    (the first listed wins a tie); None with no languages recorded."""
    if not member.languages:
        return None
    if member.preferred_spoken:
        return member.preferred_spoken
    best = _best(member, "speaks")
    return best[0] if best else None


def written_language(member: Member) -> str | None:
    """``preferred_written`` when it is read at ``conversational`` or above,
    else the language with the highest ``reads`` (first listed wins a tie);
    None for someone who reads nothing above ``basic``."""
    if member.preferred_written:
        level = _level(member, member.preferred_written, "reads")
        if level is not None and level_rank(level) >= _CONVERSATIONAL:
            return member.preferred_written
    best = _best(member, "reads")
    if best is None or level_rank(best[1]) < _CONVERSATIONAL:
        return None
    return best[0]


def needs_interpreter(member: Member, spoken: str | None, signer: bool) -> bool:
    """The case file's rule (not for young children): a signer always needs
    one; else ``required`` yes, ``not_needed`` no; ``auto``: yes when the
    preferred spoken language is not English and English ``speaks`` is below
    ``fluent``."""
    if signer or member.interpreter == "required":
        return True
    if member.interpreter == "not_needed":
        return False
    if spoken is not None and is_english(spoken):
        return False
    return _english_level(member, "speaks") < _FLUENT


def needs_for(
    member: Member,
    on: dt.date | None = None,
    *,
    policy: Policy | None = None,
    young_child_age_years: int | None = None,
) -> LanguageNeeds:
    """The language facts every feature uses for ``member`` on the date ``on``
    (default: today). A young child is one under ``young_child_age_years``
    (default: ``policy``'s, else 3) on that date."""
    under = young_child_age_years
    if under is None:
        under = policy.young_child_age_years if policy is not None else _DEFAULT_YOUNG_AGE
    day = on if on is not None else clock.today()
    young = member.is_young_child(day, under)
    return young_needs(member) if young else adult_needs(member)


def young_needs(member: Member) -> LanguageNeeds:
    """The facts for a young child: no interpreter, no written language."""
    spoken = spoken_language(member)
    signer = spoken is not None and is_sign_language(spoken)
    return LanguageNeeds(member.id, True, False, spoken, None, False, signer, True)


def adult_needs(member: Member) -> LanguageNeeds:
    """The facts for someone who is not a young child (whatever their age)."""
    if not member.languages:
        return LanguageNeeds(member.id, False, None, None, None, None, False)
    spoken = spoken_language(member)
    signer = spoken is not None and is_sign_language(spoken)
    return LanguageNeeds(
        member=member.id,
        known=True,
        interpreter_needed=needs_interpreter(member, spoken, signer),
        spoken=spoken,
        written=written_language(member),
        reads_english=_english_level(member, "reads") >= _FLUENT,
        signer=signer,
    )
