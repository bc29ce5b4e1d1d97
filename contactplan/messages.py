"""The English source text of every letter, and which template uses which.

Each message is a whole sentence (or a label with its value) with named
placeholders (``{date}``, ``{language}``) the translator can move; nothing is
glued together from translated fragments. ``pybabel extract`` reads the
``_()`` and ``ngettext()`` calls below with the ``TRANSLATORS:`` comment just
above each (see ``docs/translating.md``); the calls only record the text,
translation happens when a letter is rendered (:mod:`contactplan.letters`).

Standard library only: :mod:`contactplan.catalogs` imports this module.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["KIND_NAMES", "TEMPLATES", "Message"]


class Message(NamedTuple):
    """A source message: ``id`` (the English singular) and, for messages that
    depend on a number, the English ``plural``."""

    id: str
    plural: str | None = None


def _(text: str) -> Message:
    return Message(text)


def ngettext(singular: str, plural: str) -> Message:
    return Message(singular, plural)


# ---- every letter

# TRANSLATORS: Top of every letter, under the sender's address. {reference} is the case reference, e.g.
# CP-2026-0142.
REFERENCE = _("Our reference: {reference}")
# TRANSLATORS: Top of every letter. {date} is the date the letter was written, e.g. "1 December 2026".
LETTER_DATE = _("Date: {date}")
# TRANSLATORS: Sender block at the top of every letter. {phone} is the agency's or social worker's phone
# number.
PHONE = _("Phone: {phone}")
# TRANSLATORS: Sender block at the top of every letter. {email} is an email address.
EMAIL = _("Email: {email}")
# TRANSLATORS: Opening of every letter. {name} is the full name of the person the letter is for.
GREETING = _("Dear {name},")
# TRANSLATORS: Near the end of every letter, before the signature.
INTERPRETER_FREE = _(
    "If you would like an interpreter to read this letter to you, or to help you talk to us, "
    "please tell us. An interpreter is free for you."
)
# TRANSLATORS: Near the end of every letter, before the signature.
CONTACT_US = _(
    "If you have any questions, please call or email us. Our details are at the top of this letter."
)
# TRANSLATORS: Closing of every letter, just above the name of the social worker who signs it.
SIGN_OFF = _("Yours sincerely,")
# TRANSLATORS: Last line of the translated letter when an English copy of the same letter is printed after it.
ENGLISH_COPY_FOLLOWS = _(
    "The English copy of this letter that follows is for our records. You do not need to read it."
)

COMMON = (
    REFERENCE,
    LETTER_DATE,
    PHONE,
    EMAIL,
    GREETING,
    INTERPRETER_FREE,
    CONTACT_US,
    SIGN_OFF,
    ENGLISH_COPY_FOLLOWS,
)

# ---- kinds of contact (a standalone name, shown after "What:")

KIND_NAMES: dict[str, Message] = {
    # TRANSLATORS: A kind of appointment, shown on its own after "What:". A social worker visits the family at
    # home.
    "home_visit": _("Home visit"),
    # TRANSLATORS: A kind of appointment, shown on its own after "What:". A social worker visits the child at
    # school.
    "school_visit": _("Visit at school"),
    # TRANSLATORS: A kind of appointment, shown on its own after "What:". The family comes to the social work
    # office.
    "office_visit": _("Appointment at our office"),
    # TRANSLATORS: A kind of appointment, shown on its own after "What:". A doctor or nurse sees the child.
    "health_appointment": _("Health appointment"),
    # TRANSLATORS: A kind of appointment, shown on its own after "What:". A health visitor checks how a young
    # child is growing and learning.
    "development_review": _("Check of your child's growth and development"),
    # TRANSLATORS: A kind of appointment, shown on its own after "What:". A midwife sees a pregnant woman.
    "antenatal": _("Pregnancy check-up with the midwife"),
    # TRANSLATORS: A kind of appointment, shown on its own after "What:". Professionals meet to plan how to
    # keep a child safe.
    "strategy_meeting": _("Meeting of professionals to plan how to keep your child safe"),
    # TRANSLATORS: A kind of appointment, shown on its own after "What:". The family and professionals meet
    # regularly to check the child protection plan.
    "core_group": _("Meeting about your child's plan (core group)"),
    # TRANSLATORS: A kind of appointment, shown on its own after "What:". A formal meeting that decides
    # whether a child needs a child protection plan.
    "case_conference": _("Child protection conference"),
    # TRANSLATORS: A kind of appointment, shown on its own after "What:". We will telephone the family.
    "phone_call": _("Phone call"),
    # TRANSLATORS: A kind of appointment, shown on its own after "What:". We will talk to the family on a
    # video call.
    "video_call": _("Video call"),
}

# ---- details of an appointment (appointment, and the new date in missed_appointment)

# TRANSLATORS: A line in the details of an appointment. {kind} is one of the kinds of appointment translated
# above.
WHAT = _("What: {kind}")
# TRANSLATORS: A line in the details of an appointment. {date} is the date with the day of the week ("Tuesday,
# 1 December 2026"), {time} the time it starts ("10:00").
WHEN = _("When: {date} at {time}")
# TRANSLATORS: A line in the details of an appointment. {place} is an address or the name of a place, as
# written in the case file.
WHERE = _("Where: {place}")
# TRANSLATORS: A line in the details of an appointment. {people} is a list of names of social workers, doctors
# or nurses.
WHO = _("Who will come: {people}")
# TRANSLATORS: A line in the details of an appointment. {minutes} is a number of minutes.
DURATION = ngettext(
    "It will take about {minutes} minute.",
    "It will take about {minutes} minutes.",
)
# TRANSLATORS: About the interpreter booked for the reader. {language} is the name of a language in the
# language of this letter, e.g. "Polish".
INTERPRETER_BOOKED = _("We have booked an interpreter who speaks {language} for you. It is free for you.")
# TRANSLATORS: About the interpreter for the reader when one is asked for but not yet confirmed. {language} is
# the name of a language.
INTERPRETER_REQUESTED = _(
    "We have asked for an interpreter who speaks {language} for you. It is free for you. "
    "We will tell you when it is confirmed."
)
# TRANSLATORS: After the sentence about the interpreter: how the interpreter will take part.
INTERPRETER_IN_PERSON = _("The interpreter will be there in person.")
# TRANSLATORS: After the sentence about the interpreter: how the interpreter will take part.
INTERPRETER_TELEPHONE = _("The interpreter will take part by telephone.")
# TRANSLATORS: After the sentence about the interpreter: how the interpreter will take part.
INTERPRETER_VIDEO = _("The interpreter will take part by video.")

DETAILS = (
    WHAT,
    WHEN,
    WHERE,
    WHO,
    DURATION,
    INTERPRETER_BOOKED,
    INTERPRETER_REQUESTED,
    INTERPRETER_IN_PERSON,
    INTERPRETER_TELEPHONE,
    INTERPRETER_VIDEO,
    *KIND_NAMES.values(),
)

# ---- appointment

# TRANSLATORS: Title of the letter inviting the reader to an appointment.
APPOINTMENT_TITLE = _("Invitation to an appointment")
# TRANSLATORS: First sentence of the invitation, before the details of the appointment.
APPOINTMENT_INTRO = _("We would like to meet you. Here are the details of the appointment.")
# TRANSLATORS: In the invitation. {children} is one child's name, or a list of children's names. The form is
# chosen by the number of children.
SEEN_ALONE = ngettext(
    "We will also want to spend some time with {children} on their own. We do this with every family.",
    "We will also want to spend some time with each of {children} on their own. "
    "We do this with every family.",
)
# TRANSLATORS: End of the invitation: how to change the date or time.
REARRANGE = _(
    "If you cannot come at this time, please tell us as soon as you can and we will find another time."
)

# ---- missed_appointment

# TRANSLATORS: Title of the letter sent after an appointment was missed.
MISSED_TITLE = _("We missed you at an appointment")
# TRANSLATORS: What happened. {children} is a child's name or a list of children's names, {date} a date
# ("Tuesday, 6 October 2026"), {time} a time. The form is chosen by the number of children.
MISSED_NOT_BROUGHT = ngettext(
    "{children} was not brought to the appointment on {date} at {time}.",
    "{children} were not brought to the appointment on {date} at {time}.",
)
# TRANSLATORS: What happened: we came to the home or called, and could not see or speak to anyone. {date} is a
# date, {time} a time.
MISSED_NO_ACCESS = _("We came to see you on {date} at {time}, but we could not see anyone.")
# TRANSLATORS: What happened: the reader did not come to the appointment. {date} is a date, {time} a time.
MISSED_DID_NOT_ATTEND = _("We expected to see you on {date} at {time}, but you did not come.")
# TRANSLATORS: Why the missed appointment matters. The form is chosen by the number of children.
MISSED_WHY = ngettext(
    "These appointments are important for your child's health and safety.",
    "These appointments are important for your children's health and safety.",
)
# TRANSLATORS: In the letter about a missed appointment, after why it matters.
MISSED_NOT_BLAME = _("We are not writing to blame you. We want to help you come to the next appointment.")
# TRANSLATORS: Before the details of the new appointment that has been booked.
MISSED_NEW_DATE = _("We have made a new appointment for you:")
# TRANSLATORS: When no new appointment has been booked yet.
MISSED_NO_NEW_DATE = _("We will contact you soon to make a new appointment.")

# ---- domestic_abuse_support

# TRANSLATORS: Title of the letter about help with domestic abuse.
ABUSE_TITLE = _("Help with domestic abuse")
# TRANSLATORS: First sentence of the letter about help with domestic abuse.
ABUSE_INTRO = _("You are not alone. Domestic abuse is never your fault, and help is available.")
# TRANSLATORS: {number} is the UK emergency number 999.
ABUSE_EMERGENCY = _("If you or your children are in danger now, call {number}.")
# TRANSLATORS: UK police "silent solution": a caller who cannot speak presses 55 on a mobile phone. {number}
# is 999.
ABUSE_SILENT = _("If you call {number} and cannot speak, stay on the line and press 55 when you are asked.")
# TRANSLATORS: {phone} is the phone number of the national domestic abuse helpline, 0808 2000 247.
ABUSE_HELPLINE = _("The National Domestic Abuse Helpline is free and open day and night, every day: {phone}.")
# TRANSLATORS: About the helpline, after its number.
ABUSE_CONFIDENTIAL = _(
    "The help is free and confidential. You do not have to give your name. "
    "The helpline can find an interpreter for you."
)
# TRANSLATORS: In the letter about domestic abuse: the reader can also talk to the social worker.
ABUSE_TALK_TO_US = _(
    "You can also talk to us. We can provide an interpreter for you, free of charge, whenever you talk to us."
)

#: Every message each template may use: a language is available for a
#: template only when all of them are translated.
TEMPLATES: dict[str, tuple[Message, ...]] = {
    "appointment": (*COMMON, *DETAILS, APPOINTMENT_TITLE, APPOINTMENT_INTRO, SEEN_ALONE, REARRANGE),
    "missed_appointment": (
        *COMMON,
        *DETAILS,
        MISSED_TITLE,
        MISSED_NOT_BROUGHT,
        MISSED_NO_ACCESS,
        MISSED_DID_NOT_ATTEND,
        MISSED_WHY,
        MISSED_NOT_BLAME,
        MISSED_NEW_DATE,
        MISSED_NO_NEW_DATE,
    ),
    "domestic_abuse_support": (
        *COMMON,
        ABUSE_TITLE,
        ABUSE_INTRO,
        ABUSE_EMERGENCY,
        ABUSE_SILENT,
        ABUSE_HELPLINE,
        ABUSE_CONFIDENTIAL,
        ABUSE_TALK_TO_US,
    ),
}
