"""Engagement: missed contacts followed up, invitations the family could
read, and every adult in the household seen (CP501-CP503)."""

from __future__ import annotations

from collections.abc import Iterator

from .. import languages as lang
from ..model import Contact
from ..wording import names
from ._examples import KID, case_file, contact
from .context import Context
from .letters import cannot_read, print_problem, unreadable
from .registry import Family, Hit

FAMILY = Family("engagement", "Engagement", 5)


def _missed_not_followed_up(context: Context) -> list[Contact]:
    case = context.case
    followed = {i for c in case.contacts if c.status != "cancelled" for i in c.follows_up}
    followed.update(i for letter in case.letters for i in letter.follows_up)
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
    `did_not_attend`) that no contact or letter names in `follow_up_of` (one
    id or a list). Reported once per case.

    Why it matters: in the review behind this tool the child missed four
    antenatal, two developmental and three paediatric appointments, and none
    was followed up. Each on its own looked like nothing; together they were
    a child nobody was seeing.

    How to fix the plan: for each missed contact, plan a follow-up contact or
    send a `missed_appointment` letter (in the family's language) with
    `follow_up_of:` naming it, and consider what the pattern means for the
    child.
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
