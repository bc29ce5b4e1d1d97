"""Language needs: recorded, assessed, recently, and not through the family
(CP401-CP404)."""

from __future__ import annotations

from collections.abc import Iterator

from ..wording import format_day
from .context import Context
from .registry import Family, Hit

FAMILY = Family("language_needs", "Language needs", 4)


def _involved(context: Context) -> list[str]:
    """Members who attend a contact that is not cancelled or receive a letter, in member order."""
    ids = {m for c in context.case.contacts if c.status != "cancelled" for m in c.attendees}
    ids.update(letter.to for letter in context.case.letters)
    return [m.id for m in context.case.members if m.id in ids]


@FAMILY.check("CP401", "language-needs-unrecorded", "error", "Someone in the plan has no languages recorded")
def language_needs_unrecorded(context: Context) -> Iterator[Hit]:
    """What it finds: a member who attends a contact or receives a letter has
    no `languages`. Their needs are unknown, so no other check can tell
    whether they need an interpreter or can read a letter.

    Why it matters: the review behind this tool found that nobody ever
    explored the mother's ability in English. Unrecorded is not the same as
    "speaks English": it is the gap through which every later failure passes.

    How to fix the plan: ask the person, with a professional interpreter if
    there is any doubt, which languages they speak and read and how well, and
    record them under `languages:` with a `language_assessment`.
    """
    for member_id in _involved(context):
        if not context.needs(member_id).known:
            yield Hit(
                f"{context.name(member_id)} has no languages recorded: whether they need an interpreter "
                "or can read a letter is unknown",
                member=member_id,
            )


@FAMILY.check("CP402", "language-needs-unassessed", "warning", "Languages recorded without an assessment")
def language_needs_unassessed(context: Context) -> Iterator[Hit]:
    """What it finds: a member with languages recorded and no
    `language_assessment` saying when, how and by whom they were established.

    Why it matters: levels written down from a first impression ("speaks some
    English") decide whether an interpreter is booked. Without knowing how
    they were found out, nobody can tell whether to trust them.

    How to fix the plan: assess the person's languages, ideally with a
    professional interpreter, and record `language_assessment` (date, method,
    by).
    """
    for member in context.case.members:
        if member.languages and member.language_assessment is None:
            yield Hit(
                f"{member.name}'s languages are recorded but not how or when they were assessed",
                member=member.id,
            )


@FAMILY.check("CP403", "language-assessment-stale", "warning", "The language assessment is out of date")
def language_assessment_stale(context: Context) -> Iterator[Hit]:
    """What it finds: a language assessment older than
    `language_assessment_max_age_days` (default 365) on `--today`.

    Why it matters: people's English changes, children's languages change
    fast, and circumstances change who can speak freely. An old assessment
    keeps deciding about interpreters long after it stopped being true.

    How to fix the plan: assess the person's languages again and update
    `language_assessment`.
    """
    limit = context.policy.language_assessment_max_age_days
    for member in context.case.members:
        assessment = member.language_assessment
        if assessment is None:
            continue
        age = (context.today - assessment.date).days
        if age > limit:
            yield Hit(
                f"{member.name}'s languages were last assessed on {format_day(assessment.date)}, "
                f"{age} days ago (the limit is {limit})",
                member=member.id,
            )


@FAMILY.check(
    "CP404", "assessed-through-family", "warning", "Language needs were assessed through the family"
)
def assessed_through_family(context: Context) -> Iterator[Hit]:
    """What it finds: a language assessment whose method is
    `family_interpreter`: the person's languages were established with a
    family member interpreting.

    Why it matters: a relative interpreting will say the person "understands
    everything", and the person may not contradict them in front of the
    family. An assessment made that way often concludes that no interpreter
    is needed.

    How to fix the plan: assess again with a professional interpreter
    (`method: professional_interpreter`).
    """
    for member in context.case.members:
        assessment = member.language_assessment
        if assessment is not None and assessment.method == "family_interpreter":
            yield Hit(
                f"{member.name}'s languages were assessed with a family member interpreting: "
                "assess again with a professional interpreter",
                member=member.id,
            )
