"""The child's voice: each subject child seen on their own, understood, often
enough; each young child seen and observed (CP201-CP205)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

from .. import languages as lang
from ..languages import Match
from ..model import Member
from ..vocabulary import CONTACT_KINDS
from ..wording import format_day
from ._examples import MUM, case_file, contact
from .context import Context, has_interpreter, seen_alone_language
from .registry import Family, Hit

FAMILY = Family("childs_voice", "The child's voice", 2)


def seen_alone_days(context: Context, child_id: str) -> list[dt.date]:
    """The days of the planned or held contacts with time alone for the child
    that counts (nobody of the family interpreting it), sorted."""
    return sorted(
        {
            context.day(c)
            for c in context.active_contacts
            if any(alone.child == child_id and context.really_alone(c, alone) for alone in c.seen_alone)
        }
    )


def _older_subject_children(context: Context) -> list[Member]:
    """Subject children who are not young children today."""
    return [m for m in context.case.members if m.role == "subject_child" and not context.is_young(m.id)]


_POLISH_KID = (
    "- {id: kid, name: Kit Example, role: subject_child, date_of_birth: 2016-05-01,\n"
    "   languages: [{tag: pl, speaks: native}, {tag: en, speaks: basic}]}"
)
_KID_WITH_EWA = "{for: [mum, kid], language: pl, interpreter: ewa, status: confirmed}"


@FAMILY.check(
    "CP201",
    "child-never-seen-alone",
    "error",
    "A subject child is never seen alone",
    fix="Plan time alone with the child (`seen_alone:` in a contact), with a professional interpreter in "
    "the child's language when they need one.",
    example=case_file(contacts=contact(seen_alone=None)),
    fixed=case_file(),
)
def child_never_seen_alone(context: Context) -> Iterator[Hit]:
    """What it finds: a subject child (not a young child) with no `seen_alone`
    time in any planned or held contact. Time "alone" while a family member
    interprets is not time alone: it does not count here (CP101-CP103 and
    CP602 report the interpreting). Young children are CP205's.

    Why it matters: a child seen only with their parents cannot say what
    happens at home. In the review behind this tool nobody ever spoke to the
    boy alone, or through an interpreter, about his life: his own account was
    never asked for. A carer who interprets for the child's time alone
    decides what the child is heard to say.

    How to fix the plan: plan time alone with the child (`seen_alone:` in a
    contact) at school, at home or at the office, with a professional
    interpreter in the child's language when the child needs one.
    """
    for child in _older_subject_children(context):
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
    fix="Name a professional interpreter in the child's spoken language for the time alone "
    "(`interpreter:`, and `language:` when they work in several).",
    example=case_file(members=MUM + "\n" + _POLISH_KID, contacts=contact(interpreting=_KID_WITH_EWA)),
    fixed=case_file(
        members=MUM + "\n" + _POLISH_KID,
        contacts=contact(interpreting=_KID_WITH_EWA, seen_alone="{child: kid, interpreter: ewa}"),
    ),
)
def seen_alone_without_interpreter(context: Context) -> Iterator[Hit]:
    """What it finds: a child who needs an interpreter is seen alone with no
    interpreter, or with one in a language that does not match the child's
    spoken language (a close variant is not reported here). A family member
    as interpreter is CP101-CP103, not this; young children need no
    interpreter.

    Why it matters: time alone through no interpreter, or the wrong one, is
    time alone in name only. The child cannot tell what is happening to them,
    and the record says they were seen.

    How to fix the plan: name a professional interpreter in the child's
    spoken language for the time alone (`interpreter:` and, when the
    interpreter works in several languages, `language:`).
    """
    for contact_ in context.active_contacts:
        day = context.day(contact_)
        for alone in contact_.seen_alone:
            child = alone.child
            needs = context.needs(child, day)
            spoken = needs.spoken
            if not needs.interpreter_needed or spoken is None:
                continue
            where = f"{context.name(child)} is seen alone at {context.describe(contact_)}"
            needed = f"{'signs' if needs.signer else 'speaks'} {lang.english_name(spoken)}"
            if not has_interpreter(alone):
                yield Hit(f"{where} with no interpreter and {needed}", member=child, contact=contact_.id)
                continue
            language = seen_alone_language(context, alone, day)
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
            yield Hit(f"{where}, who {needed}, and {problem}", member=child, contact=contact_.id)


_EARLY = contact(id="hv-1", start="2026-11-02T10:00", status="held", more="seen: [mum, kid]")
_MIDDLE = contact(
    id="sv-1",
    kind="school_visit",
    start="2026-11-16T10:00",
    status="held",
    attendees="[kid]",
    interpreting=None,
    more="seen: [kid]",
)


@FAMILY.check(
    "CP203",
    "seen-alone-gap",
    "warning",
    "Too long between times a child is seen alone",
    fix="Add time alone (`seen_alone:`) to a contact inside the gap, or add a contact such as a school "
    "visit.",
    example=case_file(contacts=_EARLY + "\n" + contact(id="hv-2", start="2026-11-30T10:00", seen_alone=None)),
    fixed=case_file(contacts=_EARLY + "\n" + _MIDDLE + "\n" + contact(id="hv-2", start="2026-11-30T10:00")),
)
def seen_alone_gap(context: Context) -> Iterator[Hit]:
    """What it finds: between the case's first and last planned or held
    contact, a stretch longer than `seen_alone_max_gap_days` (default 15)
    passes without the subject child being seen alone: before the first time
    alone, between two, or after the last. Time alone with a family member
    interpreting does not count. Reported once per child, for the longest
    stretch; a child never seen alone is CP201 only, and young children are
    not expected to be seen alone (CP205).

    Why it matters: harm changes quickly in a small child's life, and a child
    seen alone once at the start of a plan is soon a child nobody has asked.

    How to fix the plan: add time alone (`seen_alone:`) to a contact inside
    the gap, or add a contact, for example a school visit.
    """
    days = sorted({context.day(c) for c in context.active_contacts})
    if not days:
        return
    limit = context.policy.seen_alone_max_gap_days
    for child in _older_subject_children(context):
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


_HELD = contact(start="2026-11-20T10:00", status="held")


@FAMILY.check(
    "CP204",
    "child-not-seen",
    "warning",
    "A held contact did not record seeing the child",
    fix="Record who was actually seen (`seen:`); if the child was not seen, plan a contact that sees them "
    "soon.",
    example=case_file(contacts=_HELD + "\n  seen: [mum]"),
    fixed=case_file(contacts=_HELD + "\n  seen: [mum, kid]"),
)
def child_not_seen(context: Context) -> Iterator[Hit]:
    """What it finds: a held contact (not a phone call) lists a subject child
    among the `attendees` but not among `seen`, or has no `seen` at all: the
    record does not show the child was seen.

    Why it matters: "the child was asleep", "the child was at nursery": visits
    that count as contact with a child in which nobody saw the child are a
    finding of review after review.

    How to fix the plan: record who was actually seen (`seen:`); if the child
    was not seen, plan a contact that sees them soon.
    """
    subject = {m.id for m in context.case.members if m.role == "subject_child"}
    for contact_ in context.active_contacts:
        if contact_.status != "held" or contact_.kind == "phone_call":
            continue
        seen = set(contact_.seen or ())
        for member_id in dict.fromkeys(contact_.attendees):
            if member_id in subject and member_id not in seen:
                recorded = (
                    "records nobody as seen" if contact_.seen is None else "does not record seeing them"
                )
                who = context.name(member_id)
                yield Hit(
                    f"{context.describe(contact_)} lists {who} as attending but {recorded}",
                    member=member_id,
                    contact=contact_.id,
                )


_BABY = "- {id: baby, name: Mia Example, role: subject_child, date_of_birth: 2026-04-10}"
_CALL = contact(kind="phone_call", duration=30, attendees="[mum]", seen_alone=None)


def _age(member: Member, on: dt.date) -> str:
    """``aged 7 months``, ``aged 2``."""
    born = member.date_of_birth
    if born is None:
        return ""
    years = member.age_on(on) or 0
    if years >= 1:
        return f"aged {years}"
    months = (on.year - born.year) * 12 + on.month - born.month - (on.day < born.day)
    return f"aged {months} month{'s' if months != 1 else ''}"


@FAMILY.check(
    "CP205",
    "young-child-never-seen",
    "error",
    "A young child is never seen",
    fix="Plan a visit (home, school or nursery, office, health appointment or development review) that "
    "the young child attends, and record that they were seen.",
    example=case_file(members=MUM + "\n" + _BABY, contacts=_CALL),
    fixed=case_file(members=MUM + "\n" + _BABY, contacts=contact(attendees="[mum, baby]", seen_alone=None)),
)
def young_child_never_seen(context: Context) -> Iterator[Hit]:
    """What it finds: a subject child who is a young child (under
    `young_child_age_years`, default 3, on `--today`) attends no planned or
    held visit: a home, school or office visit, a health appointment or a
    development review. Phone calls, video calls and meetings don't see a
    child.

    Why it matters: babies and toddlers are not spoken to alone; they are
    seen and observed: how they look, move, feed and respond to their
    carers. A plan in which nobody ever sees the baby is the failure of
    review after review.

    How to fix the plan: plan a visit that the child attends (`attendees:`),
    and record that they were seen (`seen:`).
    """
    for child in context.case.members:
        if child.role != "subject_child" or not context.is_young(child.id):
            continue
        visits = [
            c for c in context.active_contacts if CONTACT_KINDS[c.kind].sees_child and child.id in c.attendees
        ]
        if not visits:
            yield Hit(
                f"{child.name} ({_age(child, context.today)}) is a young child and attends no planned or "
                "held visit: nobody sees and observes them",
                member=child.id,
            )
