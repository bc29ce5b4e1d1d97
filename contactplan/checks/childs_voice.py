"""The child's voice: each subject child seen on their own, understood, often
enough (CP201-CP204)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

from .. import languages as lang
from ..languages import Match
from ..wording import format_day
from .context import Context, has_interpreter, seen_alone_language
from .registry import Family, Hit

FAMILY = Family("childs_voice", "The child's voice", 2)


def seen_alone_days(context: Context, child_id: str) -> list[dt.date]:
    """The days of the planned or held contacts with time alone for the child, sorted."""
    return sorted(
        {
            context.day(c)
            for c in context.active_contacts
            if any(alone.child == child_id for alone in c.seen_alone)
        }
    )


@FAMILY.check("CP201", "child-never-seen-alone", "error", "A subject child is never seen alone")
def child_never_seen_alone(context: Context) -> Iterator[Hit]:
    """What it finds: a subject child with no `seen_alone` time in any planned
    or held contact. Time alone with a family member interpreting still counts
    here (CP101-CP103 report the interpreting).

    Why it matters: a child seen only with their parents cannot say what
    happens at home. In the review behind this tool nobody ever spoke to the
    boy alone, or through an interpreter, about his life: his own account was
    never asked for.

    How to fix the plan: plan time alone with the child (`seen_alone:` in a
    contact) at school, at home or at the office, with a professional
    interpreter in the child's language when the child needs one.
    """
    for child in context.case.subject_children():
        if not seen_alone_days(context, child.id):
            yield Hit(
                f"{child.name} is not seen alone in any planned or held contact",
                member=child.id,
            )


@FAMILY.check(
    "CP202",
    "seen-alone-without-interpreter",
    "error",
    "A child is seen alone without the right interpreter",
)
def seen_alone_without_interpreter(context: Context) -> Iterator[Hit]:
    """What it finds: a child who needs an interpreter is seen alone with no
    interpreter, or with one in a language that does not match the child's
    spoken language (a close variant is not reported here). A family member
    as interpreter is CP101-CP103, not this.

    Why it matters: time alone through no interpreter, or the wrong one, is
    time alone in name only. The child cannot tell what is happening to them,
    and the record says they were seen.

    How to fix the plan: name a professional interpreter in the child's
    spoken language for the time alone (`interpreter:` and, when the
    interpreter works in several languages, `language:`).
    """
    for contact in context.active_contacts:
        for alone in contact.seen_alone:
            child = alone.child
            spoken = context.needs(child).spoken
            if not context.needs_interpreter(child) or spoken is None:
                continue
            where = f"{context.name(child)} is seen alone at {context.describe(contact)}"
            needed = f"{'signs' if context.needs(child).signer else 'speaks'} {lang.english_name(spoken)}"
            if not has_interpreter(alone):
                yield Hit(f"{where} with no interpreter and {needed}", member=child, contact=contact.id)
                continue
            language = seen_alone_language(context, alone)
            who = context.interpreter_name(alone) or "the interpreter"
            if language is None:
                problem = f"{who} does not list the child's language"
            elif alone.interpreter is not None and not lang.lists_language(
                context.interpreters[alone.interpreter].languages, language
            ):
                problem = f"{who} does not list {lang.english_name(language)}"
            elif lang.match_spoken(spoken, language) is Match.MISMATCH:
                problem = f"the interpreting is in {lang.english_name(language)}"
            else:
                continue
            yield Hit(f"{where}, who {needed}, and {problem}", member=child, contact=contact.id)


@FAMILY.check("CP203", "seen-alone-gap", "warning", "Too long between times a child is seen alone")
def seen_alone_gap(context: Context) -> Iterator[Hit]:
    """What it finds: between the case's first and last planned or held
    contact, a stretch longer than `seen_alone_max_gap_days` (default 15)
    passes without the subject child being seen alone: before the first time
    alone, between two, or after the last. Reported once per child, for the
    longest stretch; a child never seen alone is CP201 only.

    Why it matters: harm changes quickly in a small child's life, and a child
    seen alone once at the start of a plan is soon a child nobody has asked.

    How to fix the plan: add time alone (`seen_alone:`) to a contact inside
    the gap, or add a contact, for example a school visit.
    """
    days = sorted({context.day(c) for c in context.active_contacts})
    if not days:
        return
    limit = context.policy.seen_alone_max_gap_days
    for child in context.case.subject_children():
        alone = seen_alone_days(context, child.id)
        if not alone:
            continue
        marks = [days[0], *alone, days[-1]]
        gaps = [(later - earlier, earlier, later) for earlier, later in itertools.pairwise(marks)]
        longest, start, end = max(gaps)
        if longest.days > limit:
            yield Hit(
                f"{child.name} is not seen alone for {longest.days} days, from {format_day(start)} "
                f"to {format_day(end)} (the limit is {limit})",
                member=child.id,
            )


@FAMILY.check("CP204", "child-not-seen", "warning", "A held contact did not record seeing the child")
def child_not_seen(context: Context) -> Iterator[Hit]:
    """What it finds: a held contact lists a subject child among the
    `attendees` but not among `seen`, or has no `seen` at all: the record
    does not show the child was seen.

    Why it matters: "the child was asleep", "the child was at nursery": visits
    that count as contact with a child in which nobody saw the child are a
    finding of review after review.

    How to fix the plan: record who was actually seen (`seen:`); if the child
    was not seen, plan a contact that sees them soon.
    """
    subject = {m.id for m in context.case.subject_children()}
    for contact in context.active_contacts:
        if contact.status != "held":
            continue
        for member_id in dict.fromkeys(contact.attendees):
            if member_id in subject and member_id not in (contact.seen or []):
                recorded = "records nobody as seen" if contact.seen is None else "does not record seeing them"
                who = context.name(member_id)
                yield Hit(
                    f"{context.describe(contact)} lists {who} as attending but {recorded}",
                    member=member_id,
                    contact=contact.id,
                )
