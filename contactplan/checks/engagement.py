"""Engagement: missed contacts followed up, invitations the family could
read, every adult in the household seen, what happened at each past contact
recorded, and a child not brought to health appointments again and again
(CP501-CP505)."""

from __future__ import annotations

from collections.abc import Iterator

from .. import languages as lang
from .. import timeline
from ..model import Contact
from ..vocabulary import CONTACT_KINDS
from ..wording import format_day, names
from ._examples import KID, case_file, contact
from .context import Context
from .letters import cannot_read, print_problem, unreadable
from .registry import Family, Hit

FAMILY = Family("engagement", "Engagement", 5)


def _missed_not_followed_up(context: Context) -> list[Contact]:
    """Missed contacts that nothing follows up: a follow-up is a held
    contact, a planned one (not past its outcome grace) or a sent letter;
    a missed contact or an unsent letter follows nothing up."""
    case = context.case
    followed = {i for c in context.active_contacts for i in c.follows_up}
    followed.update(i for letter in case.letters if letter.sent is not None for i in letter.follows_up)
    return [c for c in case.contacts if c.is_missed and c.id not in followed]


_MISSED = (
    contact(id="cl-1", kind="health_appointment", start="2026-10-06T14:00", duration=30,
            status="was_not_brought",
            seen_alone=None) + "\n"
    + contact(id="cl-2", kind="health_appointment", start="2026-10-27T14:00", duration=30,
              status="was_not_brought", seen_alone=None)
)  # fmt: skip


@FAMILY.check(
    "CP501",
    "missed-contacts-not-followed-up",
    "warning",
    "Missed contacts are not followed up",
    fix="Plan a follow-up contact or send a `missed_appointment` letter naming each missed contact in "
    "`follow_up_of:`.",
    example=case_file(contacts=_MISSED + "\n" + contact()),
    fixed=case_file(contacts=_MISSED + "\n" + contact(more="follow_up_of: [cl-1, cl-2]")),
)
def missed_contacts_not_followed_up(context: Context) -> Iterator[Hit]:
    """What it finds: at least `missed_contacts_threshold` (default 2)
    contacts with a missed status (`was_not_brought`, `no_access`,
    `did_not_attend`) that nothing follows up: no held contact, no planned
    one (still to come, or past and within `outcome_due_working_days`) and
    no sent letter names them in `follow_up_of` (one id or a list). A
    missed contact, a past one whose outcome was never recorded, or a
    letter not yet sent follows nothing up. Reported once per case.

    Why it matters: in the review behind this tool the child missed four
    antenatal, two developmental and three paediatric appointments, and none
    was followed up. Each on its own looked like nothing; together they were
    a child nobody was seeing.

    How to fix the plan: for each missed contact, plan a follow-up contact or
    send a `missed_appointment` letter (in the family's language, and record
    the date it went in `sent:`) with `follow_up_of:` naming it, and
    consider what the pattern means for the child.
    """
    missed = _missed_not_followed_up(context)
    if len(missed) >= context.policy.missed_contacts_threshold:
        listed = names([f"{context.describe(c).removeprefix('the ')} ({c.id})" for c in missed])
        yield Hit(f"{len(missed)} missed contacts are not followed up: {listed}")


_MISSED_CLINIC = contact(
    id="cl-1", kind="health_appointment", start="2026-11-16T09:30", duration=30, status="was_not_brought",
    seen_alone=None, more="",
)  # fmt: skip
_NON_READER = (
    "- {id: mum, name: Ana Example, role: parent, languages: [{tag: pl, speaks: native, reads: basic}]}\n"
    + KID
)
_CALL = contact(id="pc-1", kind="phone_call", start="2026-11-10T10:00", duration=30, status="held",
                attendees="[mum]", seen_alone=None)  # fmt: skip
_INVITED = "- {id: inv-1, template: appointment, to: mum, contact: cl-1, sent: 2026-11-02}"


@FAMILY.check(
    "CP502",
    "missed-after-unreadable-invitation",
    "error",
    "A contact was missed after an invitation its recipient could not read",
    fix="Re-invite in the recipient's written language, or go through the invitation with them by visit "
    "or phone with an interpreter (`explained_at:`), and record that it was not understood.",
    example=case_file(members=_NON_READER, contacts=_MISSED_CLINIC + "\n" + contact(), letters=_INVITED),
    fixed=case_file(
        members=_NON_READER,
        contacts=_CALL + "\n" + _MISSED_CLINIC + "\n" + contact(more="follow_up_of: cl-1"),
        letters=_INVITED[:-1] + ", explained_at: pc-1}",
    ),
)
def missed_after_unreadable_invitation(context: Context) -> Iterator[Hit]:
    """What it finds: a missed contact whose `appointment` letter went to a
    recipient who could not read it: the letter's languages left out their
    written language and they do not read English adequately (the CP301
    situation), or they read no language well enough, or have a need a
    printed letter does not meet, and nobody went through it with them (the
    CP303 situation: no valid `explained_at`).

    Why it matters: the family was never told. Recording "did not attend" or
    "was not brought" then blames them for a failure of the plan, and the
    pattern of missed appointments is read as disengagement.

    How to fix the plan: record that the invitation was not understood,
    re-invite in the recipient's written language (leave `languages:` out),
    and go through the new appointment with them in person or by phone with
    an interpreter (`explained_at:`).
    """
    by_contact: dict[str, list[str]] = {}
    for letter in context.case.letters:
        if letter.template == "appointment" and letter.contact is not None:
            by_contact.setdefault(letter.contact, []).append(letter.id)
    for contact_ in context.case.contacts:
        if not contact_.is_missed:
            continue
        for letter_id in by_contact.get(contact_.id, ()):
            letter = context.letters[letter_id]
            needs = context.needs(letter.to, context.day(contact_))
            if letter.languages and unreadable(needs, letter.languages):
                sent = names([lang.english_name(t) for t in letter.languages])
                why = f" in {sent}, which they do not read well enough"
            elif cannot_read(context, letter):
                problem = print_problem(context, letter) or ""
                why = (
                    ", who reads no language well enough, and nobody went through it with them"
                    if problem.startswith("reads")
                    else f", who {problem}, and nobody went through it with them"
                )
            else:
                continue
            yield Hit(
                f"{context.describe(contact_)} was missed after the invitation {letter.id} went to "
                f"{context.name(letter.to)}{why}",
                contact=contact_.id,
                letter=letter.id,
            )


_MUM = "- {id: mum, name: Ana Example, role: parent, languages: [{tag: pl, speaks: native, reads: fluent}]}"
_PARTNER = (
    "- {id: dad, name: Tom Example, role: partner, languages: [{tag: en, speaks: native, reads: native}]}"
)


@FAMILY.check(
    "CP503",
    "household-adult-never-seen",
    "warning",
    "An adult in the household is never seen",
    fix="Plan a contact that includes them (`attendees:`), with an interpreter if they need one; if they "
    "no longer live in the home, record `household: false`.",
    example=case_file(
        members=_MUM + "\n" + KID + "\n" + _PARTNER
    ),
    fixed=case_file(
        members=_MUM + "\n" + KID + "\n" + _PARTNER,
        contacts=contact(attendees="[mum, kid, dad]"),
    ),
)  # fmt: skip
def household_adult_never_seen(context: Context) -> Iterator[Hit]:
    """What it finds: an adult who lives in the household (`household: true`,
    the default) and attends no planned or held contact.

    Why it matters: in the review behind this tool the mother's male partners
    were hardly ever seen; the adults who lived with the child and posed the
    risk were unknown to the professionals. An adult in the home is part of
    the child's life whether or not they come to meetings.

    How to fix the plan: plan a contact that includes them (`attendees:`),
    with an interpreter if they need one; if they no longer live in the home,
    record `household: false`.
    """
    attending = {m for c in context.active_contacts for m in c.attendees}
    for member in context.case.members:
        if member.household and not member.is_child(context.today) and member.id not in attending:
            yield Hit(
                f"{member.name} ({member.role.replace('_', ' ')}) lives in the household and is not part "
                "of any planned or held contact",
                member=member.id,
            )


_UNRECORDED = contact(id="hv-0", start="2026-11-16T10:00")
_RECORDED = contact(id="hv-0", start="2026-11-16T10:00", status="held", more="seen: [mum, kid]")


@FAMILY.check(
    "CP504",
    "contact-outcome-unrecorded",
    "error",
    "What happened at a past contact is not recorded",
    fix="Record the outcome: `status: held` with `seen:` (and `seen_alone:` as it happened), a missed "
    "status, or `cancelled`.",
    example=case_file(contacts=_UNRECORDED + "\n" + contact()),
    fixed=case_file(contacts=_RECORDED + "\n" + contact()),
)
def contact_outcome_unrecorded(context: Context) -> Iterator[Hit]:
    """What it finds: a contact that started more than
    `outcome_due_working_days` (default 2) working days before today and is
    still `planned`. Until its outcome is recorded it counts for nothing: no
    one was seen there, no child was seen alone, nobody interpreted, and it
    follows nothing up. One finding per contact; it can't be acknowledged.

    Why it matters: a visit still marked "planned" a week after its date did
    not happen as far as anyone can prove. Reviews keep finding that
    everyone believed someone else had seen the child: a plan full of
    planned visits looks like a child who is seen, until someone asks who
    saw them.

    How to fix the plan: record what happened: `status: held` with `seen:`
    (who was actually seen) and `seen_alone:` as it happened, a missed
    status (`was_not_brought`, `no_access`, `did_not_attend`), or
    `cancelled`; then plan what the record shows is needed.
    """
    grace = context.policy.outcome_due_working_days
    region = context.policy.working_days
    for contact_ in context.case.contacts:
        if context.standing(contact_) is not timeline.Standing.NO_OUTCOME:
            continue
        day = context.day(contact_)
        due = timeline.outcome_due(day, grace, region)
        later = timeline.working_days_between(day, context.today, region)
        yield Hit(
            f"{context.describe(contact_)} is still recorded as planned, {later} working days later (its "
            f"outcome was due by {format_day(due)}): record what happened (held, with who was seen and who "
            "was seen alone; missed; or cancelled). Until then it counts for nothing: nobody was seen there",
            contact=contact_.id,
        )


_NOT_BROUGHT = (
    contact(id="cl-1", kind="health_appointment", start="2026-10-06T14:00", duration=30,
            status="was_not_brought", seen_alone=None) + "\n"
    + contact(id="cl-2", kind="health_appointment", start="2026-10-27T14:00", duration=30,
              status="was_not_brought", seen_alone=None, more="follow_up_of: cl-1")
)  # fmt: skip
_SEEN_AT_CLINIC = contact(
    id="cl-3", kind="health_appointment", start="2026-11-10T14:00", duration=30, status="held",
    seen_alone=None, more="seen: [mum, kid]\nfollow_up_of: [cl-1, cl-2]",
)  # fmt: skip


@FAMILY.check(
    "CP505",
    "child-not-brought-repeatedly",
    "error",
    "A child is not brought to health appointments again and again",
    fix="Hold a safeguarding discussion about the missed health care, as NHS Was Not Brought policies ask, "
    "and see the child: plan a health appointment or visit that sees them.",
    example=case_file(contacts=_NOT_BROUGHT + "\n" + contact(more="follow_up_of: cl-2")),
    fixed=case_file(contacts=_NOT_BROUGHT + "\n" + _SEEN_AT_CLINIC + "\n" + contact()),
)
def child_not_brought_repeatedly(context: Context) -> Iterator[Hit]:
    """What it finds: a subject child was not brought (`was_not_brought`) to
    `missed_contacts_threshold` (default 2) or more health contacts
    (`health_appointment`, `development_review`) in a row that they were
    to attend, with no held health contact where they were seen since the
    first of them. One finding per child, with the latest missed contact;
    it can't be acknowledged (a follow-up letter or another appointment
    does not make it go away: seeing the child does).

    Why it matters: a young child can't bring themselves to an appointment.
    NHS "Was Not Brought" policies treat a child missing health care again
    and again as a safeguarding signal, not an administrative matter: in
    the review behind this tool the child missed two developmental checks
    and three paediatric appointments, and nobody put them together.

    How to fix the plan: hold a safeguarding discussion about the missed
    health care (with the health visitor or GP), make sure the child is
    seen, and plan a health appointment that they are brought to.
    """
    threshold = context.policy.missed_contacts_threshold
    for child in context.case.members:
        if child.role != "subject_child":
            continue
        run: list[Contact] = []
        health = [
            c
            for c in context.case.contacts
            if CONTACT_KINDS[c.kind].sees_child and CONTACT_KINDS[c.kind].health
        ]
        for contact_ in sorted(health, key=context.start):
            if child.id not in contact_.attendees:
                continue
            if contact_.status == "was_not_brought":
                run.append(contact_)
            elif contact_.status == "held" and child.id in (contact_.seen or ()):
                run = []
        if len(run) >= threshold:
            missed = names([context.describe(c).removeprefix("the ") for c in run])
            yield Hit(
                f"{child.name} was not brought to {len(run)} health appointments in a row ({missed}) and has "
                "not been seen at one since: their health needs are being missed; hold a safeguarding "
                'discussion, as NHS "Was Not Brought" policies ask, and see the child',
                member=child.id,
                contact=run[-1].id,
            )
