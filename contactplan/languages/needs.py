"""The derived language facts every feature uses the same way (``docs/case-file.md``):
interpreter needed, spoken and written language, reads English adequately."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Level, Member, level_rank
from . import is_english, is_sign_language

__all__ = ["LanguageNeeds", "needs_for", "spoken_language", "written_language"]


@dataclass(frozen=True, slots=True)
class LanguageNeeds:
    """The derived language facts for one member (``docs/case-file.md``).

    For a member with no languages recorded, ``known`` is False and the facts
    are None: their needs are unknown, neither needing nor not needing an
    interpreter.
    """

    member: str
    known: bool
    interpreter_needed: bool | None
    spoken: str | None
    written: str | None
    reads_english: bool | None
    signer: bool


def _best(member: Member, attribute: str) -> tuple[str, Level] | None:
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
    threshold = level_rank("conversational")
    if member.preferred_written:
        level = _level(member, member.preferred_written, "reads")
        if level is not None and level_rank(level) >= threshold:
            return member.preferred_written
    best = _best(member, "reads")
    if best is None or level_rank(best[1]) < threshold:
        return None
    return best[0]


def needs_for(member: Member) -> LanguageNeeds:
    """The language facts every feature uses for ``member``."""
    if not member.languages:
        return LanguageNeeds(member.id, False, None, None, None, None, False)
    spoken = spoken_language(member)
    signer = spoken is not None and is_sign_language(spoken)
    if signer or member.interpreter == "required":
        needed = True
    elif member.interpreter == "not_needed":
        needed = False
    else:
        needed = _english_level(member, "speaks") < level_rank("fluent")
    return LanguageNeeds(
        member=member.id,
        known=True,
        interpreter_needed=needed,
        spoken=spoken,
        written=written_language(member),
        reads_english=_english_level(member, "reads") >= level_rank("fluent"),
        signer=signer,
    )
