"""Interpreting: who interprets, in which language, booked in time (CP101-CP115)."""

from __future__ import annotations

from collections.abc import Iterator

from .. import languages as lang
from ..languages import Match
from ..model import Contact, Interpreting, SeenAlone
from ..wording import names
from .context import Context, covering, interpreted_for
from .registry import Family, Hit

FAMILY = Family("interpreting", "Interpreting", 1)

# --------------------------------------------------------------------------
# Who interprets: CP101-CP104, the most specific code per arrangement


def interpreting_code(context: Context, holder: Interpreting | SeenAlone, contact: Contact) -> str | None:
    """The one code of CP101-CP104 that an arrangement (or a child's time alone)
    falls under, the most specific (lowest) one; None for a registered interpreter
    or nobody named yet."""
    if holder.by is not None:
        member = context.members[holder.by]
        if member.role in ("sibling", "subject_child"):
            return "CP101"
        if member.is_child(context.day(contact)):
            return "CP102"
        return "CP103"
    if holder.interpreter is not None:
        registration = context.interpreters[holder.interpreter].registration
        if not (registration or "").strip():
            return "CP104"
    return None


def _uses(context: Context, code: str) -> Iterator[tuple[Contact, str, list[str]]]:
    """For each contact in play, each interpreter (member id, or register id for
    CP104) whose use falls under ``code``, with what they interpret."""
    for contact in context.active_contacts:
        found: dict[str, list[str]] = {}
        for arrangement in contact.live_interpreting():
            if interpreting_code(context, arrangement, contact) == code:
                who = arrangement.by or arrangement.interpreter
                assert who is not None
                whom = [context.name(m) for m in arrangement.for_]
                found.setdefault(who, []).append(f"for {names(whom)}" if whom else "")
        for alone in contact.seen_alone:
            if interpreting_code(context, alone, contact) == code:
                who = alone.by or alone.interpreter
                assert who is not None
                found.setdefault(who, []).append(f"for {context.name(alone.child)}'s time alone")
        for who, what in found.items():
            yield contact, who, [w for w in what if w]


def _family_hits(context: Context, code: str, describe: str) -> Iterator[Hit]:
    for contact, member_id, what in _uses(context, code):
        member = context.members[member_id]
        age = member.age_on(context.day(contact))
        aged = f", aged {age}" if age is not None and member.is_child(context.day(contact)) else ""
        yield Hit(
            f"{member.name} ({describe.format(role=member.role.replace('_', ' '))}{aged}) interprets "
            f"{' and '.join(what) + ' ' if what else ''}at {context.describe(contact)}: "
            "book a professional interpreter",
            member=member_id,
            contact=contact.id,
        )


@FAMILY.check("CP101", "sibling-interpreter", "error", "A sibling or the subject child interprets")
def sibling_interpreter(context: Context) -> Iterator[Hit]:
    """What it finds: a member with role `sibling` or `subject_child` interprets
    for anyone at a planned or held contact, in `interpreting` (`by:`) or for a
    child's time alone (`seen_alone` with `by:`). One finding per contact.

    Why it matters: a child who interprets for their family cannot say what
    they have seen, will soften or leave out what frightens them, and carries
    adult knowledge about abuse, illness and money. In the review behind this
    tool a young sister interpreted and was asked to confirm how her brother's
    arm was broken: the adults heard only what the family wanted said.

    How to fix the plan: book a professional interpreter from the register in
    the person's language (`interpreter:` instead of `by:`), and keep the
    children out of the interpreting altogether.
    """
    return _family_hits(context, "CP101", "{role}")


@FAMILY.check("CP102", "child-interpreter", "error", "A child who is not a sibling interprets")
def child_interpreter(context: Context) -> Iterator[Hit]:
    """What it finds: any other member who is a child interprets: role
    `other_child`, or anyone under 18 on the contact's date (a 16-year-old
    cousin recorded as `relative`). Siblings and the subject child are CP101.

    Why it matters: no child should carry what is said between professionals
    and a family about risk and harm; they cannot refuse, cannot be neutral and
    may be harmed by what they hear. What reaches the practitioner is filtered
    by a child.

    How to fix the plan: book a professional interpreter from the register in
    the person's language for this contact.
    """
    return _family_hits(context, "CP102", "{role}, a child")


@FAMILY.check("CP103", "family-interpreter", "error", "A family member interprets")
def family_interpreter(context: Context) -> Iterator[Hit]:
    """What it finds: any other member of the case (a parent, partner,
    relative, carer or other adult) interprets at a planned or held contact,
    for another member or for a child's time alone.

    Why it matters: a family member is not neutral. A partner or relative who
    interprets decides what the practitioner hears and what the parent or
    child is told, and may be the person the child or parent is afraid of. A
    child seen "alone" through a family member is not seen alone.

    How to fix the plan: book a professional interpreter from the register in
    the person's language; record the family member as an attendee only.
    """
    return _family_hits(context, "CP103", "{role}")


@FAMILY.check(
    "CP104", "unregistered-interpreter", "warning", "An interpreter from the register has no registration"
)
def unregistered_interpreter(context: Context) -> Iterator[Hit]:
    """What it finds: a contact that uses an interpreter from the register who
    has no `registration` (such as an NRPSI number). One finding per contact
    that uses them.

    Why it matters: in child protection work an interpreter must be trained,
    bound by a code of conduct and confidentiality, and accountable. Someone
    on the list without a professional registration may be a volunteer or a
    community contact who knows the family.

    How to fix the plan: book a registered interpreter, or record the
    interpreter's registration in the register (`registration:`) once checked.
    """
    for contact, interpreter_id, _ in _uses(context, "CP104"):
        interpreter = context.interpreters[interpreter_id]
        yield Hit(
            f"{interpreter.name} has no professional registration in the register and interprets at "
            f"{context.describe(contact)}: book a registered interpreter or record the registration",
            contact=contact.id,
        )


# --------------------------------------------------------------------------
# The right interpreter for each person: CP110-CP115


def _spoken_phrase(context: Context, member_id: str) -> str:
    needs = context.needs(member_id)
    if needs.spoken is None:
        return ""
    verb = "signs" if needs.signer else "speaks"
    return f"{verb} {lang.english_name(needs.spoken)}"


def _fit(context: Context, arrangement: Interpreting, spoken: str) -> Match:
    """How an arrangement serves someone who speaks ``spoken``: its language
    against theirs, and a register interpreter who does not list it is a mismatch."""
    if arrangement.interpreter is not None and not lang.lists_language(
        context.interpreters[arrangement.interpreter].languages, arrangement.language
    ):
        return Match.MISMATCH
    return lang.match_spoken(spoken, arrangement.language)


_RANK = {Match.EXACT: 2, Match.CLOSE: 1, Match.MISMATCH: 0}


def _best_fit(context: Context, contact: Contact, member_id: str) -> tuple[Match, Interpreting] | None:
    """The best arrangement for someone who needs an interpreter, or None when
    they need none, their needs are unknown or nothing covers them."""
    spoken = context.needs(member_id).spoken
    if not context.needs_interpreter(member_id) or spoken is None:
        return None
    fits = [(_fit(context, a, spoken), a) for a in covering(contact, member_id)]
    if not fits:
        return None
    return max(fits, key=lambda fit: _RANK[fit[0]])


def _people_covered(contact: Contact) -> list[str]:
    return list(dict.fromkeys(member_id for _, member_id in interpreted_for(contact)))


@FAMILY.check("CP110", "interpreter-missing", "error", "Someone who needs an interpreter has none")
def interpreter_missing(context: Context) -> Iterator[Hit]:
    """What it finds: an attendee of a planned or held contact who needs an
    interpreter (see `contactplan languages`) and whom no interpreting
    arrangement (status not `cancelled`) covers: they are not in any
    arrangement's `for`. A child's interpreted time alone does not cover
    them for the rest of the contact: a child who needs an interpreter needs
    one whenever adults talk about them. One finding per person and contact.

    Why it matters: a parent who speaks little English nods along, and what
    they cannot say is never heard. The review behind this tool found that the
    mother's English was never assessed and an interpreter was used only a few
    times: every decision was made on what little could be said in English.

    How to fix the plan: add an interpreting arrangement for the person in
    their preferred spoken language, or record why none is needed
    (`interpreter: not_needed` after assessing their English).
    """
    for contact in context.active_contacts:
        for member_id in dict.fromkeys(contact.attendees):
            if context.needs_interpreter(member_id) and not covering(contact, member_id):
                yield Hit(
                    f"{context.name(member_id)} needs an interpreter ({_spoken_phrase(context, member_id)}) "
                    f"and no interpreting arrangement covers them at {context.describe(contact)}",
                    member=member_id,
                    contact=contact.id,
                )


@FAMILY.check(
    "CP111",
    "interpreter-language-mismatch",
    "error",
    "The interpreter's language is not the person's",
)
def interpreter_language_mismatch(context: Context) -> Iterator[Hit]:
    """What it finds: the language of the interpreting arrangement is not the
    person's preferred spoken language: a different language, a spoken
    language for someone who signs, Bengali for a Sylheti speaker, Urdu for a
    Punjabi speaker, Kurmanji for a Sorani speaker, Cantonese for a Mandarin
    speaker; or the interpreter booked from the register does not list that
    language. One finding per person and contact.

    Why it matters: a language that is "close enough" on paper is often not
    understood in a room where a family's safety is discussed. The person
    appears to have had an interpreter, and nobody notices they understood
    little.

    How to fix the plan: book an interpreter in the person's own spoken
    language (check `contactplan languages`), and one whose register entry
    lists it.
    """
    for contact in context.active_contacts:
        for member_id in _people_covered(contact):
            fit = _best_fit(context, contact, member_id)
            if fit is None or fit[0] is not Match.MISMATCH:
                continue
            arrangement = fit[1]
            language = lang.english_name(arrangement.language)
            who = context.interpreter_name(arrangement)
            if arrangement.interpreter is not None and not lang.lists_language(
                context.interpreters[arrangement.interpreter].languages, arrangement.language
            ):
                problem = f"{who}, booked to interpret in {language}, does not list it in the register"
            else:
                problem = f"the interpreting is in {language}"
            yield Hit(
                f"{context.name(member_id)} {_spoken_phrase(context, member_id)} but {problem} "
                f"at {context.describe(contact)}",
                member=member_id,
                contact=contact.id,
            )


@FAMILY.check("CP112", "interpreter-variant", "warning", "The interpreter's language is a close variant")
def interpreter_variant(context: Context) -> Iterator[Hit]:
    """What it finds: the arrangement's language is a close variant of the
    person's, a regional form of the same language: Brazilian Portuguese for
    someone from Portugal, Dari for a Farsi speaker. One finding per person
    and contact.

    Why it matters: close variants are often understood, but not always, and
    words for family, body and feelings differ. Families rarely say they did
    not understand.

    How to fix the plan: ask the family whether they are happy with an
    interpreter in this variant and record it; otherwise book one in their
    own variant.
    """
    for contact in context.active_contacts:
        for member_id in _people_covered(contact):
            fit = _best_fit(context, contact, member_id)
            if fit is None or fit[0] is not Match.CLOSE:
                continue
            yield Hit(
                f"{context.name(member_id)} {_spoken_phrase(context, member_id)} and the interpreting at "
                f"{context.describe(contact)} is in {lang.english_name(fit[1].language)}, a close variant: "
                "confirm with the family",
                member=member_id,
                contact=contact.id,
            )


@FAMILY.check(
    "CP113", "interpreter-unconfirmed", "warning", "An interpreter is still only requested shortly before"
)
def interpreter_unconfirmed(context: Context) -> Iterator[Hit]:
    """What it finds: a planned contact that starts within
    `interpreter_confirm_hours` (default 48) of today (`--today`, from the
    start of that day in the case's time zone; without it, from now) with an
    interpreting arrangement still `requested`. One finding per contact.

    Why it matters: an unconfirmed booking is how a visit ends up going ahead
    with a child or a neighbour interpreting "just this once", or being
    cancelled at the door.

    How to fix the plan: confirm the booking with the interpreting agency and
    set the arrangement's `status: confirmed` (with its `booking_reference`),
    or move the contact.
    """
    window = context.policy.interpreter_confirm_hours * 3600
    for contact in context.active_contacts:
        if contact.status != "planned":
            continue
        ahead = (context.start(contact) - context.reference).total_seconds()
        requested = [a for a in contact.interpreting if a.status == "requested"]
        if 0 <= ahead <= window and requested:
            languages = names(list(dict.fromkeys(lang.english_name(a.language) for a in requested)))
            yield Hit(
                f"the {languages} interpreter for {context.describe(contact)} at "
                f"{context.start(contact):%H:%M} is still only requested: confirm the booking",
                contact=contact.id,
            )


@FAMILY.check(
    "CP114", "interpreter-preference-unmet", "warning", "The interpreter is not of the gender asked for"
)
def interpreter_preference_unmet(context: Context) -> Iterator[Hit]:
    """What it finds: a person asked for an interpreter of a given gender
    (`interpreter_preferences: {gender: ...}`) and the interpreter booked for
    them (confirmed or still `requested`) is not recorded as that gender. One
    finding per person and contact.

    Why it matters: a woman asked about domestic abuse or her body may say
    nothing in front of a male interpreter. The preference is often the
    condition for being able to speak at all.

    How to fix the plan: book an interpreter of the gender asked for, or
    record the interpreter's gender in the register if it is missing.
    """
    for contact in context.active_contacts:
        for arrangement, member_id in interpreted_for(contact):
            preferences = context.members[member_id].interpreter_preferences
            wanted = preferences.gender if preferences is not None else None
            who = context.interpreter_name(arrangement)
            if wanted is None or who is None:
                continue
            if arrangement.interpreter is not None:
                gender = context.interpreters[arrangement.interpreter].gender
            else:
                gender = context.members[arrangement.by or ""].gender
            if gender != wanted:
                recorded = f"not recorded as {wanted}" if gender is None else gender
                yield Hit(
                    f"{context.name(member_id)} asked for a {wanted} interpreter and {who}, booked at "
                    f"{context.describe(contact)}, is {recorded}",
                    member=member_id,
                    contact=contact.id,
                )


@FAMILY.check("CP115", "interpreted-contact-too-short", "warning", "A contact with interpreting is too short")
def interpreted_contact_too_short(context: Context) -> Iterator[Hit]:
    """What it finds: a planned or held contact with an interpreting
    arrangement (whoever interprets) that lasts less than
    `interpreted_contact_min_minutes` (default 60). One finding per contact.

    Why it matters: interpreting roughly doubles the time everything takes.
    A visit planned as if in English leaves no time for the child's time
    alone, for questions, or for checking the family understood.

    How to fix the plan: give the contact at least the policy's minimum
    (`duration_minutes`), or split it into two contacts.
    """
    minimum = context.policy.interpreted_contact_min_minutes
    for contact in context.active_contacts:
        if any(True for _ in contact.live_interpreting()) and contact.duration_minutes < minimum:
            yield Hit(
                f"{context.describe(contact)} has interpreting but lasts {contact.duration_minutes} minutes, "
                f"less than {minimum}: interpreting takes twice the time",
                contact=contact.id,
            )
