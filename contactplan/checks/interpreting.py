"""Interpreting: who interprets, in which language, how, booked in time
(CP101-CP118)."""

from __future__ import annotations

import enum
from collections.abc import Iterator

from .. import languages as lang
from ..languages import Match
from ..model import Contact, Interpreting, SeenAlone, level_rank
from ..vocabulary import CONTACT_KINDS
from ..wording import names
from ._examples import EWA, KID, MUM, case_file
from ._examples import contact as visit
from .context import Context, covering, interpreted_for
from .registry import Family, Hit

FAMILY = Family("interpreting", "Interpreting", 1)

_SIS = "- {id: sis, name: Ola Example, role: sibling, date_of_birth: 2014-03-01,\n   languages: [{tag: pl, speaks: native}, {tag: en, speaks: fluent}]}"  # noqa: E501
_FAMILY = MUM + "\n" + KID + "\n" + _SIS

# --------------------------------------------------------------------------
# Who interprets: CP101-CP104 and CP602, the most specific code per arrangement


def interpreting_code(context: Context, holder: Interpreting | SeenAlone, contact: Contact) -> str | None:
    """The one code of CP101-CP104 and CP602 that an arrangement (or a child's
    time alone) falls under, the most specific one (CP602, then the lowest);
    None for a registered interpreter or nobody named yet."""
    if holder.by is not None:
        member = context.members[holder.by]
        if member.alleged_perpetrator:
            return "CP602"
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
            relay = arrangement.relay_interpreter
            if (
                code == "CP104"
                and relay is not None
                and not (context.interpreters[relay].registration or "").strip()
            ):
                found.setdefault(relay, []).append("")
        for alone in contact.seen_alone:
            if interpreting_code(context, alone, contact) == code:
                who = alone.by or alone.interpreter
                assert who is not None
                found.setdefault(who, []).append(f"for {context.name(alone.child)}'s time alone")
        for who, what in found.items():
            yield contact, who, [w for w in what if w]


def family_hits(context: Context, code: str, describe: str, fix: str) -> Iterator[Hit]:
    """The findings of CP101-CP103 and CP602: one per member and contact."""
    for contact, member_id, what in _uses(context, code):
        member = context.members[member_id]
        age = member.age_on(context.day(contact))
        aged = f", aged {age}" if age is not None and member.is_child(context.day(contact)) else ""
        yield Hit(
            f"{member.name} ({describe.format(role=member.role.replace('_', ' '))}{aged}) interprets "
            f"{' and '.join(what) + ' ' if what else ''}at {context.describe(contact)}: {fix}",
            member=member_id,
            contact=contact.id,
        )


_BY_SISTER = visit(interpreting="{for: [mum], language: pl, by: sis, status: confirmed}")


@FAMILY.check(
    "CP101",
    "sibling-interpreter",
    "error",
    "A sibling or the subject child interprets",
    fix="Book a professional interpreter from the register (`interpreter:` instead of `by:`) and keep "
    "the children out of the interpreting.",
    example=case_file(members=_FAMILY, contacts=_BY_SISTER),
    fixed=case_file(members=_FAMILY),
)
def sibling_interpreter(context: Context) -> Iterator[Hit]:
    """What it finds: a member with role `sibling` or `subject_child` interprets
    for anyone at a planned or held contact, in `interpreting` (`by:`) or for a
    child's time alone (`seen_alone` with `by:`). One finding per contact.

    Why it matters: a child who interprets for their family cannot say what
    they have seen, will soften or leave out what frightens them, and carries
    adult knowledge about abuse, illness and money. In the review behind this
    tool a young sister interpreted and was asked to confirm how her brother's
    arm was broken: the adults heard only what the family wanted said. A
    hearing child signing for Deaf parents at the GP is the same failure.

    How to fix the plan: book a professional interpreter from the register in
    the person's language (`interpreter:` instead of `by:`), and keep the
    children out of the interpreting altogether.
    """
    return family_hits(context, "CP101", "{role}", "book a professional interpreter")


_COUSIN = (
    MUM + "\n" + KID + "\n- {id: cousin, name: Lena Example, role: relative, date_of_birth: 2010-01-01,\n"
    "   languages: [{tag: pl, speaks: native}, {tag: en, speaks: fluent}]}"
)


@FAMILY.check(
    "CP102",
    "child-interpreter",
    "error",
    "A child who is not a sibling interprets",
    fix="Book a professional interpreter from the register in the person's language for this contact.",
    example=case_file(
        members=_COUSIN,
        contacts=visit(interpreting="{for: [mum], language: pl, by: cousin, status: confirmed}"),
    ),
    fixed=case_file(members=_COUSIN),
)
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
    return family_hits(context, "CP102", "{role}, a child", "book a professional interpreter")


_AUNT = (
    MUM + "\n" + KID + "\n- {id: aunt, name: Zofia Example, role: relative,\n"
    "   languages: [{tag: pl, speaks: native}, {tag: en, speaks: fluent}]}"
)


@FAMILY.check(
    "CP103",
    "family-interpreter",
    "error",
    "A family member interprets",
    fix="Book a professional interpreter from the register; record the family member as an attendee only.",
    example=case_file(
        members=_AUNT,
        contacts=visit(interpreting="{for: [mum], language: pl, by: aunt, status: confirmed}"),
    ),
    fixed=case_file(members=_AUNT),
)
def family_interpreter(context: Context) -> Iterator[Hit]:
    """What it finds: any other member of the case (a parent, partner,
    relative, carer or other adult) interprets at a planned or held contact,
    for another member or for a child's time alone. An alleged perpetrator
    interpreting is CP602 instead.

    Why it matters: a family member is not neutral. A partner or relative who
    interprets decides what the practitioner hears and what the parent or
    child is told, and may be the person the child or parent is afraid of. A
    carer who speaks for the child is the most dangerous interpreter of all:
    a child seen "alone" through a family member is not seen alone.

    How to fix the plan: book a professional interpreter from the register in
    the person's language; record the family member as an attendee only.
    """
    return family_hits(context, "CP103", "{role}", "book a professional interpreter")


@FAMILY.check(
    "CP104",
    "unregistered-interpreter",
    "warning",
    "An interpreter from the register has no registration",
    fix="Book a registered interpreter, or record the interpreter's `registration:` in the register once "
    "checked.",
    example=case_file(interpreters="- {id: ewa, name: Ewa Example, languages: [pl], gender: female}"),
    fixed=case_file(),
)
def unregistered_interpreter(context: Context) -> Iterator[Hit]:
    """What it finds: a contact that uses an interpreter from the register who
    has no `registration` (such as an NRPSI or NRCPD number), as the
    interpreter or the Deaf relay interpreter of an arrangement or for a
    child's time alone. One finding per contact that uses them.

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


def _present(contact: Contact) -> list[str]:
    """Who is at a contact: its attendees, the people interpreted for, the children seen alone."""
    ids = [*contact.attendees]
    ids += [m for a in contact.live_interpreting() for m in a.for_]
    ids += [alone.child for alone in contact.seen_alone]
    return list(dict.fromkeys(ids))


def _working(contact: Contact) -> list[str]:
    """The register's interpreters who work at a contact."""
    ids: list[str] = []
    for arrangement in contact.live_interpreting():
        ids += [i for i in (arrangement.interpreter, arrangement.relay_interpreter) if i is not None]
    ids += [alone.interpreter for alone in contact.seen_alone if alone.interpreter is not None]
    return list(dict.fromkeys(ids))


@FAMILY.check(
    "CP105",
    "interpreter-known-to-family",
    "warning",
    "The interpreter knows a member of the family personally",
    fix="Book an interpreter who doesn't know the family, or ask the person in private whether they are "
    "content and record it.",
    example=case_file(interpreters=EWA[:-1] + ", known_to: [mum]}"),
    fixed=case_file(),
)
def interpreter_known_to_family(context: Context) -> Iterator[Hit]:
    """What it finds: an interpreter from the register works at a planned or
    held contact (interpreting, as Deaf relay interpreter, or for a child's
    time alone) that a member they know personally attends (`known_to` in
    the register: the same community, a neighbour, a relative, a friend).
    One finding per member and contact.

    Why it matters: in a small community the interpreter may be a neighbour
    or a relative's friend. The family may not speak freely in front of
    them, what is said may travel, and the interpreter may not be neutral.

    How to fix the plan: book an interpreter who doesn't know the family
    (another agency, or by video from further away); if none can be found,
    ask the person in private, with another interpreter, whether they are
    content, and record it.
    """
    for contact in context.active_contacts:
        present = set(_present(contact))
        for interpreter_id in _working(contact):
            interpreter = context.interpreters[interpreter_id]
            for member_id in dict.fromkeys(interpreter.known_to):
                if member_id in present:
                    yield Hit(
                        f"{interpreter.name} interprets at {context.describe(contact)} and knows "
                        f"{context.name(member_id)} personally: book an interpreter who doesn't know the "
                        "family, or ask them in private whether they are content",
                        member=member_id,
                        contact=contact.id,
                    )


_PL_KID = (
    "- {id: kid, name: Kit Example, role: subject_child, date_of_birth: 2016-05-01,\n"
    "   languages: [{tag: pl, speaks: native}, {tag: en, speaks: basic}]}"
)
_KNOWS_MUM = EWA[:-1] + ", known_to: [mum]}"
_OLA = "- {id: ola, name: Ola Example, languages: [pl], gender: female, registration: NRPSI 10009}"


@FAMILY.check(
    "CP106",
    "interpreter-known-to-family-alone",
    "error",
    "A child's time alone is interpreted by someone who knows the family",
    fix="Book an interpreter who doesn't know the family for the child's time alone (another agency, or by "
    "video from further away).",
    example=case_file(
        members=MUM + "\n" + _PL_KID,
        interpreters=_KNOWS_MUM + "\n" + _OLA,
        contacts=visit(
            interpreting="{for: [mum, kid], language: pl, interpreter: ola, status: confirmed}",
            seen_alone="{child: kid, interpreter: ewa}",
        ),
    ),
    fixed=case_file(
        members=MUM + "\n" + _PL_KID,
        interpreters=_KNOWS_MUM + "\n" + _OLA,
        contacts=visit(
            interpreting="{for: [mum, kid], language: pl, interpreter: ola, status: confirmed}",
            seen_alone="{child: kid, interpreter: ola}",
        ),
    ),
)
def interpreter_known_to_family_alone(context: Context) -> Iterator[Hit]:
    """What it finds: a child's time alone (`seen_alone`) at a planned or
    held contact is interpreted by an interpreter from the register who,
    the register says, knows any member of the case personally (`known_to`):
    named in the entry (`interpreter:`), or the contact's interpreter in the
    entry's `language`. One finding per child and contact. Such time alone
    is not time alone (CP201, CP203). CP105 still reports the contacts that
    the member the interpreter knows attends.

    Why it matters: a child will not tell an interpreter who goes to church
    with their father what happens at home; what they say may travel back
    to the family, and the child knows it. Time alone through such an
    interpreter is time alone in name only.

    How to fix the plan: book an interpreter who doesn't know the family for
    the child's time alone: another agency, or by video from further away.
    """
    for contact in context.active_contacts:
        for alone in contact.seen_alone:
            for interpreter_id in context.alone_interpreters(contact, alone):
                known = context.knows_family(interpreter_id)
                if not known:
                    continue
                interpreter = context.interpreters[interpreter_id]
                yield Hit(
                    f"{context.name(alone.child)}'s time alone at {context.describe(contact)} is interpreted "
                    f"by {interpreter.name}, who knows {names([context.name(m) for m in known])} personally: "
                    "a child will not speak freely through someone who knows their family; book another "
                    "interpreter for the time alone",
                    member=alone.child,
                    contact=contact.id,
                )


# --------------------------------------------------------------------------
# The right interpreter for each person: CP110-CP118


def _spoken_phrase(context: Context, member_id: str, contact: Contact) -> str:
    needs = context.needs(member_id, context.day(contact))
    if needs.spoken is None:
        return ""
    verb = "signs" if needs.signer else "speaks"
    return f"{verb} {lang.english_name(needs.spoken)}"


class Fit(enum.IntEnum):
    """How an arrangement serves a person, worst first."""

    UNLISTED = 0  # a register interpreter who does not list the language: CP111
    MISMATCH = 1  # not their language: CP111
    SECOND = 2  # a language they speak fluently, not their preferred one: CP117
    CLOSE = 3  # a close variant: CP112
    EXACT = 4


def _fit(context: Context, arrangement: Interpreting, member_id: str, spoken: str) -> Fit:
    """How an arrangement serves someone who speaks ``spoken``."""
    if arrangement.interpreter is not None and not lang.lists_language(
        context.interpreters[arrangement.interpreter].languages, arrangement.language
    ):
        return Fit.UNLISTED
    match = lang.match_spoken(spoken, arrangement.language)
    if match is Match.EXACT:
        return Fit.EXACT
    if match is Match.CLOSE:
        return Fit.CLOSE
    fluent = level_rank("fluent")
    for entry in context.members[member_id].languages:
        if (
            level_rank(entry.speaks) >= fluent
            and lang.match_spoken(entry.tag, arrangement.language) is Match.EXACT
        ):
            return Fit.SECOND
    return Fit.MISMATCH


def _best_fit(context: Context, contact: Contact, member_id: str) -> tuple[Fit, Interpreting] | None:
    """The best arrangement for someone who needs an interpreter, or None when
    they need none, their needs are unknown or nothing covers them."""
    day = context.day(contact)
    spoken = context.needs(member_id, day).spoken
    if not context.needs_interpreter(member_id, day) or spoken is None:
        return None
    fits = [(_fit(context, a, member_id, spoken), a) for a in covering(contact, member_id)]
    if not fits:
        return None
    return max(fits, key=lambda fit: fit[0])


def _people_covered(contact: Contact) -> list[str]:
    return list(dict.fromkeys(member_id for _, member_id in interpreted_for(contact)))


@FAMILY.check(
    "CP110",
    "interpreter-missing",
    "error",
    "Someone who needs an interpreter has none",
    fix="Add an interpreting arrangement for the person in their preferred spoken language, or record "
    "`interpreter: not_needed` after assessing their English with a professional interpreter.",
    example=case_file(contacts=visit(interpreting=None)),
    fixed=case_file(),
)
def interpreter_missing(context: Context) -> Iterator[Hit]:
    """What it finds: an attendee of a planned or held contact who needs an
    interpreter (see `contactplan languages`) and whom no interpreting
    arrangement (status not `cancelled`) covers: they are not in any
    arrangement's `for`. A child's interpreted time alone does not cover
    them for the rest of the contact: a child who needs an interpreter needs
    one whenever adults talk about them. A young child needs none. One
    finding per person and contact.

    Why it matters: a parent who speaks little English nods along, and what
    they cannot say is never heard. The review behind this tool found that the
    mother's English was never assessed and an interpreter was used only a few
    times: every decision was made on what little could be said in English.

    How to fix the plan: add an interpreting arrangement for the person in
    their preferred spoken language, or record why none is needed
    (`interpreter: not_needed` after assessing their English).
    """
    for contact in context.active_contacts:
        day = context.day(contact)
        for member_id in dict.fromkeys(contact.attendees):
            if context.needs_interpreter(member_id, day) and not covering(contact, member_id):
                yield Hit(
                    f"{context.name(member_id)} needs an interpreter "
                    f"({_spoken_phrase(context, member_id, contact)}) "
                    f"and no interpreting arrangement covers them at {context.describe(contact)}",
                    member=member_id,
                    contact=contact.id,
                )


_ROMANIAN = "- {id: ion, name: Ion Example, languages: [ro], registration: NRPSI 10002}"


@FAMILY.check(
    "CP111",
    "interpreter-language-mismatch",
    "error",
    "The interpreter's language is not the person's",
    fix="Book an interpreter in the person's own spoken language (`contactplan languages` shows it) whose "
    "register entry lists it.",
    example=case_file(
        interpreters=_ROMANIAN,
        contacts=visit(interpreting="{for: [mum], language: ro, interpreter: ion, status: confirmed}"),
    ),
    fixed=case_file(),
)
def interpreter_language_mismatch(context: Context) -> Iterator[Hit]:
    """What it finds: the language of the interpreting arrangement is not the
    person's preferred spoken language: a different language, a spoken
    language for someone who signs, Bengali for a Sylheti speaker, Urdu for a
    Punjabi speaker, Kurmanji for a Sorani speaker, Cantonese for a Mandarin
    speaker; or the interpreter booked from the register does not list that
    language. A language the person speaks fluently is CP117 instead. One
    finding per person and contact.

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
            if fit is None or fit[0] > Fit.MISMATCH:
                continue
            arrangement = fit[1]
            language = lang.english_name(arrangement.language)
            who = context.interpreter_name(arrangement)
            if fit[0] is Fit.UNLISTED:
                problem = f"{who}, booked to interpret in {language}, does not list it in the register"
            else:
                problem = f"the interpreting is in {language}"
            yield Hit(
                f"{context.name(member_id)} {_spoken_phrase(context, member_id, contact)} but {problem} "
                f"at {context.describe(contact)}",
                member=member_id,
                contact=contact.id,
            )


_PT_MUM = (
    "- {id: mum, name: Ana Example, role: parent, languages: [{tag: pt-PT, speaks: native, reads: fluent}]}"
)


@FAMILY.check(
    "CP112",
    "interpreter-variant",
    "warning",
    "The interpreter's language is a close variant",
    fix="Ask the family whether an interpreter in this variant suits them and record it, or book one in "
    "their own variant.",
    example=case_file(
        members=_PT_MUM + "\n" + KID,
        interpreters="- {id: rui, name: Rui Example, languages: [pt-BR], registration: NRPSI 10003}",
        contacts=visit(interpreting="{for: [mum], language: pt-BR, interpreter: rui, status: confirmed}"),
    ),
    fixed=case_file(
        members=_PT_MUM + "\n" + KID,
        interpreters="- {id: rui, name: Rui Example, languages: [pt-PT], registration: NRPSI 10003}",
        contacts=visit(interpreting="{for: [mum], language: pt-PT, interpreter: rui, status: confirmed}"),
    ),
)
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
            if fit is None or fit[0] is not Fit.CLOSE:
                continue
            yield Hit(
                f"{context.name(member_id)} {_spoken_phrase(context, member_id, contact)} and the "
                f"interpreting at {context.describe(contact)} is in {lang.english_name(fit[1].language)}, "
                "a close variant: confirm with the family",
                member=member_id,
                contact=contact.id,
            )


@FAMILY.check(
    "CP113",
    "interpreter-unconfirmed",
    "warning",
    "An interpreter is still only requested shortly before",
    fix="Confirm the booking with the interpreting agency and set `status: confirmed` with its "
    "`booking_reference`, or move the contact.",
    example=case_file(
        contacts=visit(start="2026-11-23T10:00", interpreting="{for: [mum], language: pl, status: requested}")
    ),
    fixed=case_file(contacts=visit(start="2026-11-23T10:00")),
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


_ADAM = "- {id: adam, name: Adam Example, languages: [pl], gender: male, registration: NRPSI 10004}"
_MUM_WANTS_A_WOMAN = MUM[:-1] + ",\n   interpreter_preferences: {gender: female}}"


@FAMILY.check(
    "CP114",
    "interpreter-preference-unmet",
    "warning",
    "The interpreter is not of the gender asked for",
    fix="Book a professional interpreter of the gender asked for, or record the interpreter's gender in "
    "the register if it is missing.",
    example=case_file(
        members=_MUM_WANTS_A_WOMAN + "\n" + KID,
        interpreters=_ADAM,
        contacts=visit(interpreting="{for: [mum], language: pl, interpreter: adam, status: confirmed}"),
    ),
    fixed=case_file(members=_MUM_WANTS_A_WOMAN + "\n" + KID),
)
def interpreter_preference_unmet(context: Context) -> Iterator[Hit]:
    """What it finds: a person asked for an interpreter of a given gender
    (`interpreter_preferences: {gender: ...}`) and the professional
    interpreter from the register booked for them (confirmed or still
    `requested`) is not recorded as that gender. A family member
    interpreting is never this (it is CP101-CP103). One finding per person
    and contact.

    Why it matters: a woman asked about domestic abuse or her body may say
    nothing in front of a male interpreter. The preference is often the
    condition for being able to speak at all.

    How to fix the plan: book an interpreter of the gender asked for, or
    record the interpreter's gender in the register if it is missing.
    """
    for contact in context.active_contacts:
        for arrangement, member_id in interpreted_for(contact):
            if arrangement.interpreter is None:
                continue
            preferences = context.members[member_id].interpreter_preferences
            wanted = preferences.gender if preferences is not None else None
            if wanted is None:
                continue
            interpreter = context.interpreters[arrangement.interpreter]
            if interpreter.gender != wanted:
                recorded = f"not recorded as {wanted}" if interpreter.gender is None else interpreter.gender
                yield Hit(
                    f"{context.name(member_id)} asked for a {wanted} interpreter and {interpreter.name}, "
                    f"booked at {context.describe(contact)}, is {recorded}",
                    member=member_id,
                    contact=contact.id,
                )


@FAMILY.check(
    "CP115",
    "interpreted-contact-too-short",
    "warning",
    "A contact with a professional interpreter is too short",
    fix="Give the contact at least the policy's minimum (`duration_minutes`), or split it into two contacts.",
    example=case_file(contacts=visit(duration=45)),
    fixed=case_file(contacts=visit(duration=90)),
)
def interpreted_contact_too_short(context: Context) -> Iterator[Hit]:
    """What it finds: a planned or held contact with a professional
    interpreter's arrangement (an interpreter from the register, or a
    `requested` arrangement that names nobody yet) that lasts less than
    `interpreted_appointment_min_minutes` (default 20) for a
    health_appointment, development_review or antenatal appointment, or
    `interpreted_contact_min_minutes` (default 60) for the other kinds. Never
    for a phone or video call, nor where only family members interpret. One
    finding per contact.

    Why it matters: interpreting roughly doubles the time everything takes.
    A visit planned as if in English leaves no time for the child's time
    alone, for questions, or for checking the family understood.

    How to fix the plan: give the contact at least the policy's minimum
    (`duration_minutes`), or split it into two contacts.
    """
    for contact in context.active_contacts:
        kind = CONTACT_KINDS[contact.kind]
        if kind.is_call:
            continue
        if kind.health:
            minimum = context.policy.interpreted_appointment_min_minutes
        else:
            minimum = context.policy.interpreted_contact_min_minutes
        professional = any(a.professional for a in contact.live_interpreting())
        if professional and contact.duration_minutes < minimum:
            yield Hit(
                f"{context.describe(contact)} has interpreting but lasts {contact.duration_minutes} minutes, "
                f"less than {minimum}: interpreting takes twice the time",
                contact=contact.id,
            )


_DEAF_MUM = (
    "- {id: mum, name: Ana Example, role: parent,\n"
    "   languages: [{tag: bfi, speaks: native}, {tag: en, speaks: none, reads: fluent}]}"
)
_BSL = "- {id: bsl, name: Bea Example, languages: [bfi], registration: NRCPD 20001}"


@FAMILY.check(
    "CP116",
    "sign-language-by-telephone",
    "error",
    "Sign language is to be interpreted by telephone",
    fix="Book the sign language interpreter in person, or make the contact a video call (`mode: video`).",
    example=case_file(
        members=_DEAF_MUM + "\n" + KID,
        interpreters=_BSL,
        contacts=visit(
            interpreting="{for: [mum], language: bfi, interpreter: bsl, mode: telephone, status: confirmed}"
        ),
    ),
    fixed=case_file(
        members=_DEAF_MUM + "\n" + KID,
        interpreters=_BSL,
        contacts=visit(
            interpreting="{for: [mum], language: bfi, interpreter: bsl, mode: video, status: confirmed}"
        ),
    ),
)
def sign_language_by_telephone(context: Context) -> Iterator[Hit]:
    """What it finds: a sign language interpreting arrangement with mode
    `telephone`, or a `phone_call` contact that a signer (someone whose
    preferred spoken language is a sign language) attends, at a planned or
    held contact. One finding per person covered and contact.

    Why it matters: sign language is seen, not heard: it can't be
    interpreted by telephone. A Deaf parent "interpreted" by phone has in
    fact had no interpreter, and the call is often made through a hearing
    child instead, which is the sibling-interpreter failure again.

    How to fix the plan: book the sign language interpreter in person, or
    hold the contact as a video call with the interpreter on video (`kind:
    video_call`, `mode: video`).
    """
    for contact in context.active_contacts:
        day = context.day(contact)
        hits: dict[str, str] = {}
        for arrangement in contact.live_interpreting():
            if arrangement.mode == "telephone" and lang.is_sign_language(arrangement.language):
                language = lang.english_name(arrangement.language)
                for member_id in arrangement.for_:
                    hits.setdefault(
                        member_id,
                        f"the {language} interpreting for {context.name(member_id)} at "
                        f"{context.describe(contact)} is by telephone",
                    )
        if contact.kind == "phone_call":
            for member_id in dict.fromkeys(contact.attendees):
                needs = context.needs(member_id, day)
                if needs.signer and not needs.young_child and needs.spoken is not None:
                    hits.setdefault(
                        member_id,
                        f"{context.name(member_id)} signs {lang.english_name(needs.spoken)} and "
                        f"{context.describe(contact)} is by telephone",
                    )
        for member_id, problem in hits.items():
            yield Hit(
                f"{problem}: sign language can't be interpreted by telephone; meet in person or use video",
                member=member_id,
                contact=contact.id,
            )


_LT_MUM = (
    "- {id: mum, name: Ona Example, role: parent,\n"
    "   languages: [{tag: lt, speaks: native, reads: fluent}, {tag: ru, speaks: fluent, reads: fluent}]}"
)


@FAMILY.check(
    "CP117",
    "interpreter-second-language",
    "warning",
    "The interpreting is in the person's second language",
    fix="Book an interpreter in the person's preferred spoken language, or record that they chose this "
    "one (an acknowledgement with their reason).",
    example=case_file(
        members=_LT_MUM + "\n" + KID,
        interpreters="- {id: olga, name: Olga Example, languages: [ru], registration: NRPSI 10005}",
        contacts=visit(interpreting="{for: [mum], language: ru, interpreter: olga, status: confirmed}"),
    ),
    fixed=case_file(
        members=_LT_MUM + "\n" + KID,
        interpreters="- {id: rasa, name: Rasa Example, languages: [lt], registration: NRPSI 10006}",
        contacts=visit(interpreting="{for: [mum], language: lt, interpreter: rasa, status: confirmed}"),
    ),
)
def interpreter_second_language(context: Context) -> Iterator[Hit]:
    """What it finds: the arrangement's language is not the person's
    preferred spoken language but one they speak `fluent` or `native` (a
    Lithuanian mother fluent in Russian, given a Russian interpreter). It
    replaces CP111 for that arrangement and person; an interpreter from the
    register who does not list the language is still CP111. One finding per
    person and contact.

    Why it matters: a second language is a compromise. The person may
    accept it, but it must be their choice, not the default because an
    interpreter in their own language was harder to find; and others at the
    contact (a stepfather who speaks Russian only conversationally) are
    failed by the same booking.

    How to fix the plan: book an interpreter in the person's preferred
    spoken language; if they choose this one, ask them with an interpreter
    in their own language and record their choice (`acknowledged:` with code
    CP117, the member and their reason).
    """
    for contact in context.active_contacts:
        for member_id in _people_covered(contact):
            fit = _best_fit(context, contact, member_id)
            if fit is None or fit[0] is not Fit.SECOND:
                continue
            yield Hit(
                f"{context.name(member_id)} {_spoken_phrase(context, member_id, contact)} and the "
                f"interpreting at {context.describe(contact)} is in {lang.english_name(fit[1].language)}, "
                "a second language: confirm they agree, or book an interpreter in their own language",
                member=member_id,
                contact=contact.id,
            )


_RELAY_MUM = _DEAF_MUM[:-1] + ",\n   communication_needs: [deaf_relay]}"
_RELAY = _BSL + "\n- {id: relay, name: Dee Example, languages: [bfi], registration: NRCPD 20002}"


@FAMILY.check(
    "CP118",
    "deaf-relay-missing",
    "error",
    "Someone who needs a Deaf relay interpreter has none",
    fix="Add a Deaf relay interpreter from the register to the arrangement (`relay_interpreter:`).",
    example=case_file(
        members=_RELAY_MUM + "\n" + KID,
        interpreters=_RELAY,
        contacts=visit(interpreting="{for: [mum], language: bfi, interpreter: bsl, status: confirmed}"),
    ),
    fixed=case_file(
        members=_RELAY_MUM + "\n" + KID,
        interpreters=_RELAY,
        contacts=visit(
            interpreting="{for: [mum], language: bfi, interpreter: bsl, relay_interpreter: relay, "
            "status: confirmed}"
        ),
    ),
)
def deaf_relay_missing(context: Context) -> Iterator[Hit]:
    """What it finds: a person with the communication need `deaf_relay`
    attends a planned or held contact where the arrangements covering them
    have no `relay_interpreter`. No arrangement at all is CP110. One finding
    per person and contact.

    Why it matters: some Deaf people (with another first sign language,
    little schooling, or additional needs) can't follow a BSL/English
    interpreter alone; a Deaf relay interpreter works beside them. Without
    one the person appears to have had an interpreter and understood little.

    How to fix the plan: book a Deaf relay interpreter from the register and
    name them in the arrangement (`relay_interpreter:`).
    """
    for contact in context.active_contacts:
        day = context.day(contact)
        for member_id in dict.fromkeys(contact.attendees):
            member = context.members[member_id]
            if "deaf_relay" not in member.communication_needs or context.is_young(member_id, day):
                continue
            arrangements = covering(contact, member_id)
            if arrangements and not any(a.relay_interpreter for a in arrangements):
                yield Hit(
                    f"{member.name} needs a Deaf relay interpreter and the interpreting at "
                    f"{context.describe(contact)} has none: add a relay_interpreter from the register",
                    member=member_id,
                    contact=contact.id,
                )
