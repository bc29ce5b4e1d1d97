"""Engagement: missed contacts followed up, and every adult in the household
seen (CP501-CP503)."""

from __future__ import annotations

from collections.abc import Iterator

from .. import languages as lang
from ..model import Contact
from ..wording import names
from .context import Context
from .letters import unreadable
from .registry import Family, Hit

FAMILY = Family("engagement", "Engagement", 5)


def _missed_not_followed_up(context: Context) -> list[Contact]:
    case = context.case
    followed = {c.follow_up_of for c in case.contacts if c.status != "cancelled"}
    followed.update(letter.follow_up_of for letter in case.letters)
    return [c for c in case.contacts if c.is_missed and c.id not in followed]


@FAMILY.check(
    "CP501",
    "missed-contacts-not-followed-up",
    "warning",
    "Missed contacts are not followed up",
)
def missed_contacts_not_followed_up(context: Context) -> Iterator[Hit]:
    """What it finds: at least `missed_contacts_threshold` (default 2)
    contacts with a missed status (`was_not_brought`, `no_access`,
    `did_not_attend`) that no contact or letter names in `follow_up_of`.
    Reported once per case.

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


@FAMILY.check(
    "CP502",
    "missed-after-unreadable-invitation",
    "error",
    "A contact was missed after an invitation its recipient could not read",
)
def missed_after_unreadable_invitation(context: Context) -> Iterator[Hit]:
    """What it finds: a missed contact whose `appointment` letter went to a
    recipient who could not read it: the letter's languages left out their
    written language, and they do not read English adequately (the CP301
    situation).

    Why it matters: the family was never told. Recording "did not attend" or
    "was not brought" then blames them for a failure of the plan, and the
    pattern of missed appointments is read as disengagement.

    How to fix the plan: record that the invitation was not understood,
    re-invite in the recipient's written language (leave `languages:` out),
    and confirm the new appointment in person or by phone with an interpreter.
    """
    case = context.case
    for contact in case.contacts:
        if not contact.is_missed:
            continue
        for letter in case.letters:
            if letter.template != "appointment" or letter.contact != contact.id:
                continue
            needs = context.needs(letter.to)
            if letter.languages and unreadable(needs, letter.languages):
                sent = names([lang.english_name(t) for t in letter.languages])
                yield Hit(
                    f"{context.describe(contact)} was missed after the invitation {letter.id} went to "
                    f"{context.name(letter.to)} in {sent}, "
                    "which they do not read well enough",
                    contact=contact.id,
                    letter=letter.id,
                )


@FAMILY.check("CP503", "household-adult-never-seen", "warning", "An adult in the household is never seen")
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
