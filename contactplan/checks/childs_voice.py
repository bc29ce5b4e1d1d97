"""The child's voice: each subject child seen on their own, understood, often
enough, up to today; each young child seen and observed; each child on a
plan visited on its timetable (CP201-CP206)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

from .. import languages as lang
from .. import timeline
from ..model import Contact, Member, SeenAlone
from ..vocabulary import CONTACT_KINDS
from ..wording import format_day
from ._examples import KID, MUM, case_file, contact
from .context import Context
from .registry import Family, Hit

FAMILY = Family("childs_voice", "The child's voice", 2)


def seen_alone_days(context: Context, child_id: str) -> list[dt.date]:
    """The days the child really is seen alone (:meth:`Context.really_alone`:
    at a planned or held contact, not through the family, an interpreter who
    knows the family or one in the wrong language), sorted."""
    return sorted(
        {
            context.day(c)
            for c in context.active_contacts
            if any(alone.child == child_id and context.really_alone(c, alone) for alone in c.seen_alone)
        }
    )


def _discounted(context: Context, child_id: str) -> list[tuple[Contact, SeenAlone, str]]:
    """The child's time alone that does not count, with why (not cancelled
    or missed contacts: those simply did not take place)."""
    found = []
    for c in context.case.contacts:
        for alone in c.seen_alone:
            if alone.child != child_id:
                continue
            why = context.not_really_alone(c, alone)
            if why is not None and why != "it did not take place":
                found.append((c, alone, why))
    return found


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
    "the child's language when they need one; record what happened at past visits.",
    example=case_file(contacts=contact(seen_alone=None)),
    fixed=case_file(),
)
def child_never_seen_alone(context: Context) -> Iterator[Hit]:
    """What it finds: a subject child (not a young child) with no `seen_alone`
    time in any planned or held contact that really is time alone. Time
    "alone" while a family member interprets (CP101-CP103, CP602), through
    an interpreter who knows the family (CP106) or through no interpreter
    or one in the wrong language for a child who needs one (CP202) is not
    time alone; nor is time alone at a past contact whose outcome was never
    recorded (CP504): as far as anyone can show, it did not happen. Young
    children are CP205's. This finding can't be acknowledged: it is about
    a child who is still not being heard.

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
            discounted = _discounted(context, child.id)
            why = "; ".join(f"at {context.describe(c)}, {reason}" for c, _, reason in discounted[:3])
            more = f" (time alone that does not count: {why})" if why else ""
            yield Hit(
                f"{child.name} is not seen alone in any planned or held contact{more}",
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
    interpreter. Such time alone does not count as time alone (CP201,
    CP203).

    Why it matters: time alone through no interpreter, or the wrong one, is
    time alone in name only. The child cannot tell what is happening to them,
    and the record says they were seen.

    How to fix the plan: name a professional interpreter in the child's
    spoken language for the time alone (`interpreter:` and, when the
    interpreter works in several languages, `language:`).
    """
    for contact_ in context.active_contacts:
        for alone in contact_.seen_alone:
            problem = context.alone_language_problem(contact_, alone)
            if problem is None:
                continue
            child = alone.child
            needs = context.needs(child, context.day(contact_))
            assert needs.spoken is not None
            language = lang.english_name(needs.spoken)
            needed = f"{'signs' if needs.signer else 'speaks'} {language}"
            yield Hit(
                f"{context.name(child)} {needed} and is seen alone at {context.describe(contact_)} "
                f"{problem}: book a professional interpreter in {language} for the time alone",
                member=child,
                contact=contact_.id,
            )


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
    "visit; record what happened at past visits.",
    example=case_file(contacts=_EARLY + "\n" + contact(id="hv-2", start="2026-11-30T10:00", seen_alone=None)),
    fixed=case_file(contacts=_EARLY + "\n" + _MIDDLE + "\n" + contact(id="hv-2", start="2026-11-30T10:00")),
)
def seen_alone_gap(context: Context) -> Iterator[Hit]:
    """What it finds: from the case's first planned or held contact up to
    today or its last planned contact, whichever is later, a stretch longer
    than `seen_alone_max_gap_days` (default 15) passes without the subject
    child being seen alone: before the first time alone, between two, or
    after the last. Only time alone that really is time alone counts: not
    through a family member (CP101-CP103), an interpreter who knows the
    family (CP106) or the wrong interpreter (CP202), and not at a past
    contact whose outcome was never recorded (CP504). Reported once per
    child, for the longest stretch, "since" a date when it runs up to
    today; a child never seen alone is CP201 only, and young children are
    not expected to be seen alone (CP205).

    Why it matters: harm changes quickly in a small child's life, and a child
    seen alone once at the start of a plan is soon a child nobody has asked.
    Visits planned and never recorded hide the gap: "no one had ever spoken
    to him independently" is how reviews describe it afterwards.

    How to fix the plan: record what happened at past visits (who was seen
    alone), add time alone (`seen_alone:`) to a contact inside the gap, or
    add a contact, for example a school visit.
    """
    days = sorted({context.day(c) for c in context.active_contacts})
    if not days:
        return
    last_planned = max(
        (context.day(c) for c in context.active_contacts if c.status == "planned"), default=days[0]
    )
    end = max(context.today, last_planned)
    limit = context.policy.seen_alone_max_gap_days
    for child in _older_subject_children(context):
        alone = seen_alone_days(context, child.id)
        if not alone:
            continue
        marks = [days[0], *alone, end]
        gaps = [(later - earlier, earlier, later) for earlier, later in itertools.pairwise(marks)]
        longest, start, stop = max(gaps)
        if longest.days <= limit:
            continue
        if start == alone[-1] and stop == end == context.today:
            when = f"since {format_day(start)}, {longest.days} days up to today"
        else:
            when = f"for {longest.days} days, from {format_day(start)} to {format_day(stop)}"
        yield Hit(
            f"{child.name} is not seen alone {when} (the limit is {limit})",
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


_ON_PLAN = KID[:-1] + ",\n   plan: {type: child_protection, since: 2026-11-02}}"
_VISITED = contact(id="hv-1", start="2026-11-03T10:00", status="held", more="seen: [mum, kid]")

#: How each plan is named in a sentence.
PLAN_WORDS: dict[str, str] = {
    "child_protection": "a child protection plan",
    "child_in_need": "a child in need plan",
    "looked_after": "looked after (a care plan)",
    "private_fostering": "privately fostered",
    "early_help": "an early help plan",
}


@FAMILY.check(
    "CP206",
    "statutory-visit-overdue",
    "error",
    "A child on a plan is not visited as often as the plan requires",
    fix="Visit the child and see them (a home, school or office visit, with `seen:` recorded) within the "
    "plan's `visit_every`; bring a planned visit forward if it falls after the day one is due.",
    example=case_file(
        members=MUM + "\n" + _ON_PLAN,
        contacts=_VISITED + "\n" + contact(id="hv-2", start="2026-12-01T10:00"),
    ),
    fixed=case_file(
        members=MUM + "\n" + _ON_PLAN,
        contacts=_VISITED
        + "\n"
        + contact(id="hv-2", start="2026-11-16T10:00", status="held", more="seen: [mum, kid]")
        + "\n"
        + contact(id="hv-3", start="2026-11-27T10:00"),
    ),
)
def statutory_visit_overdue(context: Context) -> Iterator[Hit]:
    """What it finds: a subject child on a `plan` goes longer than the
    policy's `visit_every` for that plan (child protection: 10 working days;
    child in need: 20 working days; looked after and private fostering: 6
    weeks; early help: none) without a visit where they are seen: a held
    home, school or office visit that lists them in `seen`. Stretches are
    counted from `plan.since` to the first such visit, between two, and from
    the last one up to today. A planned visit (or a past one still within
    `outcome_due_working_days`) counts on its date: one that comes too late
    is reported with that visit; a past visit whose outcome was never
    recorded counts for nothing (CP504). Working days are Monday to Friday
    less the bank holidays of `working_days` (England and Wales, Scotland or
    Northern Ireland). Core groups, conferences, calls and health
    appointments never count; young children count when they are seen. One
    finding per child and stretch; it can't be acknowledged.

    Why it matters: local child protection procedures set how often a child
    on a plan is visited and seen (many areas: at least every 10 working
    days; looked-after children at least every 6 weeks under the Care
    Planning Regulations 2010). Christmas, bank holidays, a worker's leave
    and visits that never happened are exactly where the gaps open, and
    reviews keep finding that everyone believed someone else had seen the
    child.

    How to fix the plan: visit the child and see them, and record it
    (`status: held`, `seen:`); bring a planned visit forward to no later
    than the day one is due; set the service's own intervals in the case
    file's `policy: visit_every`.
    """
    for child in context.case.members:
        if child.role != "subject_child" or child.plan is None:
            continue
        interval = timeline.plan_interval(context.policy, child.plan.type)
        if interval is None:
            continue
        region = context.policy.working_days
        plan = f"{child.name} ({PLAN_WORDS[child.plan.type]}: a visit at least every {interval})"
        for stretch in timeline.visit_stretches(context.case, child, context.today, context.policy):
            if not stretch.too_long:
                continue
            if stretch.start_contact is None:
                since = f"the start of the plan on {format_day(stretch.start)}"
            else:
                since = context.describe(context.contacts[stretch.start_contact])
            if stretch.end is None or stretch.end_contact is None:
                length = interval.length(stretch.start, context.today, region)
                yield Hit(
                    f"{plan} has had no visit where they were seen since {since} ({length} up to today): "
                    f"a visit was due by {format_day(stretch.due)}; visit and see them now",
                    member=child.id,
                )
                continue
            ending = context.contacts[stretch.end_contact]
            length = interval.length(stretch.start, stretch.end, region)
            was = "was" if stretch.due < context.today else "is"
            planned = context.standing(ending) is not timeline.Standing.HELD
            yield Hit(
                f"{plan} is not seen at a visit from {since} to {context.describe(ending)} ({length}): "
                f"a visit {was} due by {format_day(stretch.due)}"
                + ("; bring the planned visit forward" if planned else ""),
                member=child.id,
                contact=ending.id,
            )
