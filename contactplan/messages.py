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

__all__ = [
    "FALLBACKS",
    "GENERIC_KIND",
    "INTERPRETER_GENDER_CONTEXTS",
    "KIND_NAMES",
    "LANGUAGE_NAMES",
    "OPTIONAL",
    "RECIPIENT_GENDER_CONTEXTS",
    "SIGNER",
    "TEMPLATES",
    "VARIANTS",
    "VOCATIVE_GREETINGS",
    "Message",
]


class Message(NamedTuple):
    """A source message: ``id`` (the English singular), for messages that
    depend on a number the English ``plural``, and for a variant of a
    message the gettext ``context`` (msgctxt) that names it."""

    id: str
    plural: str | None = None
    context: str | None = None


def _(text: str) -> Message:
    return Message(text)


def ngettext(singular: str, plural: str) -> Message:
    return Message(singular, plural)


def pgettext(context: str, text: str) -> Message:
    return Message(text, None, context)


#: The msgctxt of a sentence's variant addressed to a woman or to a man, for
#: languages whose grammar marks the gender of the person addressed. A
#: catalog may leave a variant empty: the neutral sentence is used then.
RECIPIENT_GENDER_CONTEXTS: dict[str, str] = {"female": "to a woman", "male": "to a man"}
#: The msgctxt of a sentence's variant about a female or male interpreter.
INTERPRETER_GENDER_CONTEXTS: dict[str, str] = {"female": "female interpreter", "male": "male interpreter"}


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
    # regularly to check the child protection plan (in English called a "core group"; do not keep the English
    # words, say what it is).
    "core_group": _("Meeting with you and the professionals to review your child's plan"),
    # TRANSLATORS: A kind of appointment, shown on its own after "What:". A formal meeting that decides
    # whether a child needs a child protection plan.
    "case_conference": _("Child protection conference"),
    # TRANSLATORS: A kind of appointment, shown on its own after "What:". We will telephone the family.
    "phone_call": _("Phone call"),
    # TRANSLATORS: A kind of appointment, shown on its own after "What:". We will talk to the family on a
    # video call.
    "video_call": _("Video call"),
}
# TRANSLATORS: A kind of appointment, shown on its own after "What:", used when the name of a new kind of
# appointment has not been translated yet. Say "appointment" in the most general way.
GENERIC_KIND = _("Appointment")

# ---- the appointment at a glance: the box at the top of the letter, in large letters

# TRANSLATORS: In the box at the top of a letter about an appointment, in large letters, one line each.
# {date} is the date with the day of the week ("Tuesday, 1 December 2026").
KEY_DATE = pgettext("appointment at a glance", "Date: {date}")
# TRANSLATORS: In the box at the top of a letter about an appointment, in large letters. {time} is the time
# it starts, already followed by which clock it is ("14:30 UK time").
KEY_TIME = pgettext("appointment at a glance", "Time: {time}")
# TRANSLATORS: In the box at the top of a letter about an appointment, in large letters. {place} is an
# address or the name of a clinic or office, as written in the case file.
KEY_PLACE = pgettext("appointment at a glance", "Place: {place}")

# ---- details of an appointment (appointment, and the new date in missed_appointment)

# TRANSLATORS: A line in the details of an appointment. {kind} is one of the kinds of appointment translated
# above.
WHAT = _("What: {kind}")
# TRANSLATORS: A time of day on the 24-hour clock and the country whose clock it is. {time} is e.g. "14:30".
# Keep the 24-hour time exactly as given; do not change it to a.m./p.m.
TIME_UK = _("{time} UK time")
# TRANSLATORS: A time of day and the time zone it is in, for an agency outside the UK. {time} is e.g. "14:30",
# {zone} the zone's name in this language (e.g. "Ireland Time").
TIME_IN_ZONE = _("{time} ({zone})")
# TRANSLATORS: Under the details of an appointment, for readers whose own clock may count hours differently
# (for example from dawn). Say clearly that times are the clock time in the UK, counted from midnight.
CLOCK_NOTE = _(
    "All times in this letter are on the 24-hour clock used in the UK, counted from midnight: "
    "14:30 is half past two in the afternoon."
)
# TRANSLATORS: A line in the details of an appointment (a visit, a clinic, an office appointment). {people} is
# a list of names of social workers, doctors or nurses the reader will meet.
WHO = _("Who you will see: {people}")
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

# ---- for a Deaf reader who signs: instead of "speaks", "read to you" and "call us"

# TRANSLATORS: About the interpreter booked for a Deaf reader who uses a sign language. {language} is the
# name of a sign language in the language of this letter, e.g. "British Sign Language". The interpreter
# signs: do not say "speaks".
INTERPRETER_BOOKED_SIGN = _("We have booked a {language} interpreter for you. It is free for you.")
# TRANSLATORS: About the interpreter for a Deaf reader when one is asked for but not yet confirmed.
# {language} is the name of a sign language, e.g. "British Sign Language".
INTERPRETER_REQUESTED_SIGN = _(
    "We have asked for a {language} interpreter for you. It is free for you. "
    "We will tell you when it is confirmed."
)
# TRANSLATORS: For a Deaf reader, after the sentence about the sign language interpreter: a Deaf relay
# interpreter (a Deaf professional who works beside the sign language interpreter) is booked too. {name} is
# that interpreter's name.
RELAY_BOOKED = _("We have also booked a Deaf relay interpreter for you: {name}.")
# TRANSLATORS: Near the end of every letter to a Deaf reader who uses a sign language, instead of the
# sentence about an interpreter reading the letter to them. {language} is the sign language, e.g. "British
# Sign Language".
INTERPRETER_FREE_SIGN = _(
    "We can go through this letter with you in {language}, with an interpreter. "
    "Please tell us if you would like this. The interpreter is free for you."
)
# TRANSLATORS: Near the end of every letter to a Deaf reader, instead of asking them to call: they can email,
# send a text message, or use a video relay service (a sign language interpreter on a video call who relays
# the conversation).
CONTACT_US_SIGN = _(
    "If you have any questions, please email us or send us a text message, or contact us through a video "
    "relay service. Our details are at the top of this letter."
)


DETAILS = (
    KEY_DATE,
    KEY_TIME,
    KEY_PLACE,
    WHAT,
    GENERIC_KIND,
    TIME_UK,
    TIME_IN_ZONE,
    CLOCK_NOTE,
    WHO,
    DURATION,
    INTERPRETER_BOOKED,
    INTERPRETER_REQUESTED,
    INTERPRETER_IN_PERSON,
    INTERPRETER_TELEPHONE,
    INTERPRETER_VIDEO,
)

# ---- appointment

# TRANSLATORS: Title of the letter inviting the reader to an appointment.
APPOINTMENT_TITLE = _("Invitation to an appointment")
# TRANSLATORS: First sentence of the invitation, before the details of the appointment.
APPOINTMENT_INTRO = _("We would like to meet you. Here are the details of the appointment.")
# TRANSLATORS: In the invitation, when the letter is about one child. {child} is the child's name.
SEEN_ALONE_ONE = _(
    "We will also want to spend some time with {child} on their own. We do this with every family."
)
# TRANSLATORS: In the invitation, when the letter is about two or more children. {children} is a list of their
# names ("Anna and Kuba"). Each child is seen on their own, one at a time.
SEEN_ALONE_SEVERAL = _(
    "We will also want to spend some time with each of the children on their own, one at a time: "
    "{children}. We do this with every family."
)
# TRANSLATORS: End of the invitation: how to change the date or time.
REARRANGE = _(
    "If you cannot come at this time, please tell us as soon as you can and we will find another time."
)

# ---- missed_appointment

# TRANSLATORS: Title of the letter sent after an appointment was missed.
MISSED_TITLE = _("We missed you at an appointment")
# TRANSLATORS: What happened, about one child. {child} is the child's name, {date} a date ("Tuesday,
# 6 October 2026"), {time} a time ("14:30 UK time").
MISSED_NOT_BROUGHT_ONE = _("{child} was not brought to the appointment on {date} at {time}.")
# TRANSLATORS: What happened, about two or more children. {children} is a list of names ("Anna and Kuba").
MISSED_NOT_BROUGHT_SEVERAL = _("{children} were not brought to the appointment on {date} at {time}.")
# TRANSLATORS: What happened: we came to the home or called, and could not see or speak to anyone. {date} is a
# date, {time} a time.
MISSED_NO_ACCESS = _("We came to see you on {date} at {time}, but we could not see anyone.")
# TRANSLATORS: What happened: the reader did not come to the appointment. {date} is a date, {time} a time.
MISSED_DID_NOT_ATTEND = _("We expected to see you on {date} at {time}, but you did not come.")
# TRANSLATORS: Why the missed appointment matters, when the letter is about one child.
MISSED_WHY_ONE = _("These appointments are important for your child's health and safety.")
# TRANSLATORS: Why the missed appointment matters, when the letter is about two or more children.
MISSED_WHY_SEVERAL = _("These appointments are important for your children's health and safety.")
# TRANSLATORS: In the letter about a missed appointment, after why it matters.
MISSED_NOT_BLAME = _("We are not writing to blame you. We want to help you come to the next appointment.")
# TRANSLATORS: Before the details of the new appointment that has been booked.
MISSED_NEW_DATE = _("We have made a new appointment for you:")
# TRANSLATORS: Heading of the box at the top of the letter about a missed appointment when no new appointment
# has been made yet: the date, time and place of the appointment that was missed follow, in large letters.
MISSED_BOX_HEADING = _("The appointment that was missed:")
# TRANSLATORS: When no new appointment has been booked yet.
MISSED_NO_NEW_DATE = _("We will contact you soon to make a new appointment.")

# ---- domestic_abuse_support

# TRANSLATORS: Title of the letter about help with domestic abuse. It must not say what the letter is about:
# someone else in the home may see it. Keep it neutral and short.
ABUSE_TITLE = _("Information for you")
# TRANSLATORS: First sentence of the letter about help with domestic abuse.
ABUSE_INTRO = _("You are not alone. Domestic abuse is never your fault, and help is available.")
# TRANSLATORS: {number} is the UK emergency number 999.
ABUSE_EMERGENCY = _("If you or your children are in danger now, call {number}.")
# TRANSLATORS: Instead of the two sentences about calling 999, in the letter to a Deaf reader who signs.
# {number} is 999. "999 BSL" is the name of the UK's emergency video relay service (keep it, and the web
# address, as written); emergency SMS is the UK's emergency text service: keep the English word "register"
# as written, it is what the reader must text.
ABUSE_EMERGENCY_SIGN = _(
    "If you or your children are in danger now, contact {number} by video with a British Sign Language "
    "interpreter through 999 BSL (www.999bsl.co.uk or the 999 BSL app), or by text message if you have "
    "registered for emergency SMS (to register, text the word register to {number})."
)
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

#: What a letter to a Deaf reader who signs says instead of the hearing wording: (signer's, hearing).
SIGNER: dict[Message, Message] = {
    INTERPRETER_BOOKED_SIGN: INTERPRETER_BOOKED,
    INTERPRETER_REQUESTED_SIGN: INTERPRETER_REQUESTED,
    INTERPRETER_FREE_SIGN: INTERPRETER_FREE,
    CONTACT_US_SIGN: CONTACT_US,
    ABUSE_EMERGENCY_SIGN: ABUSE_EMERGENCY,
}

#: Every message each template may use: a language is available for a
#: template only when all of them are translated.
TEMPLATES: dict[str, tuple[Message, ...]] = {
    "appointment": (
        *COMMON,
        *DETAILS,
        APPOINTMENT_TITLE,
        APPOINTMENT_INTRO,
        SEEN_ALONE_ONE,
        SEEN_ALONE_SEVERAL,
        REARRANGE,
    ),
    "missed_appointment": (
        *COMMON,
        *DETAILS,
        MISSED_TITLE,
        MISSED_NOT_BROUGHT_ONE,
        MISSED_NOT_BROUGHT_SEVERAL,
        MISSED_NO_ACCESS,
        MISSED_DID_NOT_ATTEND,
        MISSED_WHY_ONE,
        MISSED_WHY_SEVERAL,
        MISSED_NOT_BLAME,
        MISSED_NEW_DATE,
        MISSED_BOX_HEADING,
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

# ---- variants by gender

# A language whose grammar marks the gender of the person addressed (Arabic, Urdu, Polish, ...) translates
# these; a language that doesn't leaves them empty, and the neutral sentence above is used. The letter
# chooses by the recipient's recorded gender (neutral when it isn't recorded) and, for the interpreter
# sentences, by the booked interpreter's.

# TRANSLATORS: This sentence addressed to a woman. Leave it empty if your language says it the same way
# to anyone.
_GREETING__FEMALE = pgettext("to a woman", "Dear {name},")
# TRANSLATORS: This sentence addressed to a man. Leave it empty if your language says it the same way
# to anyone.
_GREETING__MALE = pgettext("to a man", "Dear {name},")
# TRANSLATORS: This sentence addressed to a woman. Leave it empty if your language says it the same way
# to anyone.
_APPOINTMENT_INTRO__FEMALE = pgettext(
    "to a woman", "We would like to meet you. Here are the details of the appointment."
)
# TRANSLATORS: This sentence addressed to a man. Leave it empty if your language says it the same way
# to anyone.
_APPOINTMENT_INTRO__MALE = pgettext(
    "to a man", "We would like to meet you. Here are the details of the appointment."
)
# TRANSLATORS: This sentence addressed to a woman. Leave it empty if your language says it the same way
# to anyone.
_INTERPRETER_FREE__FEMALE = pgettext(
    "to a woman",
    "If you would like an interpreter to read this letter to you, or to help you talk to us, please tell us. An interpreter is free for you.",
)
# TRANSLATORS: This sentence addressed to a man. Leave it empty if your language says it the same way
# to anyone.
_INTERPRETER_FREE__MALE = pgettext(
    "to a man",
    "If you would like an interpreter to read this letter to you, or to help you talk to us, please tell us. An interpreter is free for you.",
)
# TRANSLATORS: This sentence addressed to a woman. Leave it empty if your language says it the same way
# to anyone.
_CONTACT_US__FEMALE = pgettext(
    "to a woman",
    "If you have any questions, please call or email us. Our details are at the top of this letter.",
)
# TRANSLATORS: This sentence addressed to a man. Leave it empty if your language says it the same way
# to anyone.
_CONTACT_US__MALE = pgettext(
    "to a man",
    "If you have any questions, please call or email us. Our details are at the top of this letter.",
)
# TRANSLATORS: This sentence addressed to a woman. Leave it empty if your language says it the same way
# to anyone.
_REARRANGE__FEMALE = pgettext(
    "to a woman",
    "If you cannot come at this time, please tell us as soon as you can and we will find another time.",
)
# TRANSLATORS: This sentence addressed to a man. Leave it empty if your language says it the same way
# to anyone.
_REARRANGE__MALE = pgettext(
    "to a man",
    "If you cannot come at this time, please tell us as soon as you can and we will find another time.",
)
# TRANSLATORS: This sentence addressed to a woman. Leave it empty if your language says it the same way
# to anyone.
_MISSED_NO_ACCESS__FEMALE = pgettext(
    "to a woman", "We came to see you on {date} at {time}, but we could not see anyone."
)
# TRANSLATORS: This sentence addressed to a man. Leave it empty if your language says it the same way
# to anyone.
_MISSED_NO_ACCESS__MALE = pgettext(
    "to a man", "We came to see you on {date} at {time}, but we could not see anyone."
)
# TRANSLATORS: This sentence addressed to a woman. Leave it empty if your language says it the same way
# to anyone.
_MISSED_DID_NOT_ATTEND__FEMALE = pgettext(
    "to a woman", "We expected to see you on {date} at {time}, but you did not come."
)
# TRANSLATORS: This sentence addressed to a man. Leave it empty if your language says it the same way
# to anyone.
_MISSED_DID_NOT_ATTEND__MALE = pgettext(
    "to a man", "We expected to see you on {date} at {time}, but you did not come."
)
# TRANSLATORS: This sentence addressed to a woman. Leave it empty if your language says it the same way
# to anyone.
_MISSED_NOT_BLAME__FEMALE = pgettext(
    "to a woman", "We are not writing to blame you. We want to help you come to the next appointment."
)
# TRANSLATORS: This sentence addressed to a man. Leave it empty if your language says it the same way
# to anyone.
_MISSED_NOT_BLAME__MALE = pgettext(
    "to a man", "We are not writing to blame you. We want to help you come to the next appointment."
)
# TRANSLATORS: This sentence addressed to a woman. Leave it empty if your language says it the same way
# to anyone.
_MISSED_NEW_DATE__FEMALE = pgettext("to a woman", "We have made a new appointment for you:")
# TRANSLATORS: This sentence addressed to a man. Leave it empty if your language says it the same way
# to anyone.
_MISSED_NEW_DATE__MALE = pgettext("to a man", "We have made a new appointment for you:")
# TRANSLATORS: This sentence addressed to a woman. Leave it empty if your language says it the same way
# to anyone.
_MISSED_NO_NEW_DATE__FEMALE = pgettext("to a woman", "We will contact you soon to make a new appointment.")
# TRANSLATORS: This sentence addressed to a man. Leave it empty if your language says it the same way
# to anyone.
_MISSED_NO_NEW_DATE__MALE = pgettext("to a man", "We will contact you soon to make a new appointment.")
# TRANSLATORS: This sentence addressed to a woman. Leave it empty if your language says it the same way
# to anyone.
_ABUSE_INTRO__FEMALE = pgettext(
    "to a woman", "You are not alone. Domestic abuse is never your fault, and help is available."
)
# TRANSLATORS: This sentence addressed to a man. Leave it empty if your language says it the same way
# to anyone.
_ABUSE_INTRO__MALE = pgettext(
    "to a man", "You are not alone. Domestic abuse is never your fault, and help is available."
)
# TRANSLATORS: This sentence addressed to a woman. Leave it empty if your language says it the same way
# to anyone.
_ABUSE_EMERGENCY__FEMALE = pgettext("to a woman", "If you or your children are in danger now, call {number}.")
# TRANSLATORS: This sentence addressed to a man. Leave it empty if your language says it the same way
# to anyone.
_ABUSE_EMERGENCY__MALE = pgettext("to a man", "If you or your children are in danger now, call {number}.")
# TRANSLATORS: This sentence addressed to a woman. Leave it empty if your language says it the same way
# to anyone.
_ABUSE_SILENT__FEMALE = pgettext(
    "to a woman", "If you call {number} and cannot speak, stay on the line and press 55 when you are asked."
)
# TRANSLATORS: This sentence addressed to a man. Leave it empty if your language says it the same way
# to anyone.
_ABUSE_SILENT__MALE = pgettext(
    "to a man", "If you call {number} and cannot speak, stay on the line and press 55 when you are asked."
)
# TRANSLATORS: This sentence addressed to a woman. Leave it empty if your language says it the same way
# to anyone.
_ABUSE_CONFIDENTIAL__FEMALE = pgettext(
    "to a woman",
    "The help is free and confidential. You do not have to give your name. The helpline can find an interpreter for you.",
)
# TRANSLATORS: This sentence addressed to a man. Leave it empty if your language says it the same way
# to anyone.
_ABUSE_CONFIDENTIAL__MALE = pgettext(
    "to a man",
    "The help is free and confidential. You do not have to give your name. The helpline can find an interpreter for you.",
)
# TRANSLATORS: This sentence addressed to a woman. Leave it empty if your language says it the same way
# to anyone.
_ABUSE_TALK_TO_US__FEMALE = pgettext(
    "to a woman",
    "You can also talk to us. We can provide an interpreter for you, free of charge, whenever you talk to us.",
)
# TRANSLATORS: This sentence addressed to a man. Leave it empty if your language says it the same way
# to anyone.
_ABUSE_TALK_TO_US__MALE = pgettext(
    "to a man",
    "You can also talk to us. We can provide an interpreter for you, free of charge, whenever you talk to us.",
)
# TRANSLATORS: This sentence addressed to a woman. Leave it empty if your language says it the same way
# to anyone.
_ENGLISH_COPY_FOLLOWS__FEMALE = pgettext(
    "to a woman",
    "The English copy of this letter that follows is for our records. You do not need to read it.",
)
# TRANSLATORS: This sentence addressed to a man. Leave it empty if your language says it the same way
# to anyone.
_ENGLISH_COPY_FOLLOWS__MALE = pgettext(
    "to a man", "The English copy of this letter that follows is for our records. You do not need to read it."
)
# TRANSLATORS: This sentence when the interpreter is a woman. Leave it empty if your language says it the
# same way whoever interprets.
_INTERPRETER_BOOKED__FEMALE = pgettext(
    "female interpreter", "We have booked an interpreter who speaks {language} for you. It is free for you."
)
# TRANSLATORS: This sentence when the interpreter is a man. Leave it empty if your language says it the
# same way whoever interprets.
_INTERPRETER_BOOKED__MALE = pgettext(
    "male interpreter", "We have booked an interpreter who speaks {language} for you. It is free for you."
)
# TRANSLATORS: This sentence when the interpreter is a woman. Leave it empty if your language says it the
# same way whoever interprets.
_INTERPRETER_REQUESTED__FEMALE = pgettext(
    "female interpreter",
    "We have asked for an interpreter who speaks {language} for you. It is free for you. We will tell you when it is confirmed.",
)
# TRANSLATORS: This sentence when the interpreter is a man. Leave it empty if your language says it the
# same way whoever interprets.
_INTERPRETER_REQUESTED__MALE = pgettext(
    "male interpreter",
    "We have asked for an interpreter who speaks {language} for you. It is free for you. We will tell you when it is confirmed.",
)
# TRANSLATORS: This sentence when the interpreter is a woman. Leave it empty if your language says it the
# same way whoever interprets.
_INTERPRETER_IN_PERSON__FEMALE = pgettext("female interpreter", "The interpreter will be there in person.")
# TRANSLATORS: This sentence when the interpreter is a man. Leave it empty if your language says it the
# same way whoever interprets.
_INTERPRETER_IN_PERSON__MALE = pgettext("male interpreter", "The interpreter will be there in person.")
# TRANSLATORS: This sentence when the interpreter is a woman. Leave it empty if your language says it the
# same way whoever interprets.
_INTERPRETER_TELEPHONE__FEMALE = pgettext(
    "female interpreter", "The interpreter will take part by telephone."
)
# TRANSLATORS: This sentence when the interpreter is a man. Leave it empty if your language says it the
# same way whoever interprets.
_INTERPRETER_TELEPHONE__MALE = pgettext("male interpreter", "The interpreter will take part by telephone.")
# TRANSLATORS: This sentence when the interpreter is a woman. Leave it empty if your language says it the
# same way whoever interprets.
_INTERPRETER_VIDEO__FEMALE = pgettext("female interpreter", "The interpreter will take part by video.")
# TRANSLATORS: This sentence when the interpreter is a man. Leave it empty if your language says it the
# same way whoever interprets.
_INTERPRETER_VIDEO__MALE = pgettext("male interpreter", "The interpreter will take part by video.")

# TRANSLATORS: This sentence when the interpreter is a woman. Leave it empty if your language says it the
# same way whoever interprets.
_INTERPRETER_BOOKED_SIGN__FEMALE = pgettext(
    "female interpreter", "We have booked a {language} interpreter for you. It is free for you."
)
# TRANSLATORS: This sentence when the interpreter is a man. Leave it empty if your language says it the
# same way whoever interprets.
_INTERPRETER_BOOKED_SIGN__MALE = pgettext(
    "male interpreter", "We have booked a {language} interpreter for you. It is free for you."
)
# TRANSLATORS: This sentence when the interpreter is a woman. Leave it empty if your language says it the
# same way whoever interprets.
_INTERPRETER_REQUESTED_SIGN__FEMALE = pgettext(
    "female interpreter",
    "We have asked for a {language} interpreter for you. It is free for you. We will tell you when it is confirmed.",
)
# TRANSLATORS: This sentence when the interpreter is a man. Leave it empty if your language says it the
# same way whoever interprets.
_INTERPRETER_REQUESTED_SIGN__MALE = pgettext(
    "male interpreter",
    "We have asked for a {language} interpreter for you. It is free for you. We will tell you when it is confirmed.",
)
# TRANSLATORS: This sentence addressed to a woman. Leave it empty if your language says it the same way
# to anyone.
_INTERPRETER_FREE_SIGN__FEMALE = pgettext(
    "to a woman",
    "We can go through this letter with you in {language}, with an interpreter. Please tell us if you would like this. The interpreter is free for you.",
)
# TRANSLATORS: This sentence addressed to a man. Leave it empty if your language says it the same way
# to anyone.
_INTERPRETER_FREE_SIGN__MALE = pgettext(
    "to a man",
    "We can go through this letter with you in {language}, with an interpreter. Please tell us if you would like this. The interpreter is free for you.",
)
# TRANSLATORS: This sentence addressed to a woman. Leave it empty if your language says it the same way
# to anyone.
_CONTACT_US_SIGN__FEMALE = pgettext(
    "to a woman",
    "If you have any questions, please email us or send us a text message, or contact us through a video relay service. Our details are at the top of this letter.",
)
# TRANSLATORS: This sentence addressed to a man. Leave it empty if your language says it the same way
# to anyone.
_CONTACT_US_SIGN__MALE = pgettext(
    "to a man",
    "If you have any questions, please email us or send us a text message, or contact us through a video relay service. Our details are at the top of this letter.",
)

# TRANSLATORS: This sentence addressed to a woman. Leave it empty if your language says it the same way
# to anyone.
_ABUSE_EMERGENCY_SIGN__FEMALE = pgettext(
    "to a woman",
    "If you or your children are in danger now, contact {number} by video with a British Sign Language interpreter through 999 BSL (www.999bsl.co.uk or the 999 BSL app), or by text message if you have registered for emergency SMS (to register, text the word register to {number}).",
)
# TRANSLATORS: This sentence addressed to a man. Leave it empty if your language says it the same way
# to anyone.
_ABUSE_EMERGENCY_SIGN__MALE = pgettext(
    "to a man",
    "If you or your children are in danger now, contact {number} by video with a British Sign Language interpreter through 999 BSL (www.999bsl.co.uk or the 999 BSL app), or by text message if you have registered for emergency SMS (to register, text the word register to {number}).",
)

#: Each gendered variant: (the neutral message's id, whose gender, gender) -> the variant.
VARIANTS: dict[tuple[str, str, str], Message] = {
    (GREETING.id, "recipient", "female"): _GREETING__FEMALE,
    (GREETING.id, "recipient", "male"): _GREETING__MALE,
    (APPOINTMENT_INTRO.id, "recipient", "female"): _APPOINTMENT_INTRO__FEMALE,
    (APPOINTMENT_INTRO.id, "recipient", "male"): _APPOINTMENT_INTRO__MALE,
    (INTERPRETER_FREE.id, "recipient", "female"): _INTERPRETER_FREE__FEMALE,
    (INTERPRETER_FREE.id, "recipient", "male"): _INTERPRETER_FREE__MALE,
    (CONTACT_US.id, "recipient", "female"): _CONTACT_US__FEMALE,
    (CONTACT_US.id, "recipient", "male"): _CONTACT_US__MALE,
    (REARRANGE.id, "recipient", "female"): _REARRANGE__FEMALE,
    (REARRANGE.id, "recipient", "male"): _REARRANGE__MALE,
    (MISSED_NO_ACCESS.id, "recipient", "female"): _MISSED_NO_ACCESS__FEMALE,
    (MISSED_NO_ACCESS.id, "recipient", "male"): _MISSED_NO_ACCESS__MALE,
    (MISSED_DID_NOT_ATTEND.id, "recipient", "female"): _MISSED_DID_NOT_ATTEND__FEMALE,
    (MISSED_DID_NOT_ATTEND.id, "recipient", "male"): _MISSED_DID_NOT_ATTEND__MALE,
    (MISSED_NOT_BLAME.id, "recipient", "female"): _MISSED_NOT_BLAME__FEMALE,
    (MISSED_NOT_BLAME.id, "recipient", "male"): _MISSED_NOT_BLAME__MALE,
    (MISSED_NEW_DATE.id, "recipient", "female"): _MISSED_NEW_DATE__FEMALE,
    (MISSED_NEW_DATE.id, "recipient", "male"): _MISSED_NEW_DATE__MALE,
    (MISSED_NO_NEW_DATE.id, "recipient", "female"): _MISSED_NO_NEW_DATE__FEMALE,
    (MISSED_NO_NEW_DATE.id, "recipient", "male"): _MISSED_NO_NEW_DATE__MALE,
    (ABUSE_INTRO.id, "recipient", "female"): _ABUSE_INTRO__FEMALE,
    (ABUSE_INTRO.id, "recipient", "male"): _ABUSE_INTRO__MALE,
    (ABUSE_EMERGENCY.id, "recipient", "female"): _ABUSE_EMERGENCY__FEMALE,
    (ABUSE_EMERGENCY.id, "recipient", "male"): _ABUSE_EMERGENCY__MALE,
    (ABUSE_SILENT.id, "recipient", "female"): _ABUSE_SILENT__FEMALE,
    (ABUSE_SILENT.id, "recipient", "male"): _ABUSE_SILENT__MALE,
    (ABUSE_CONFIDENTIAL.id, "recipient", "female"): _ABUSE_CONFIDENTIAL__FEMALE,
    (ABUSE_CONFIDENTIAL.id, "recipient", "male"): _ABUSE_CONFIDENTIAL__MALE,
    (ABUSE_TALK_TO_US.id, "recipient", "female"): _ABUSE_TALK_TO_US__FEMALE,
    (ABUSE_TALK_TO_US.id, "recipient", "male"): _ABUSE_TALK_TO_US__MALE,
    (ENGLISH_COPY_FOLLOWS.id, "recipient", "female"): _ENGLISH_COPY_FOLLOWS__FEMALE,
    (ENGLISH_COPY_FOLLOWS.id, "recipient", "male"): _ENGLISH_COPY_FOLLOWS__MALE,
    (INTERPRETER_BOOKED.id, "interpreter", "female"): _INTERPRETER_BOOKED__FEMALE,
    (INTERPRETER_BOOKED.id, "interpreter", "male"): _INTERPRETER_BOOKED__MALE,
    (INTERPRETER_REQUESTED.id, "interpreter", "female"): _INTERPRETER_REQUESTED__FEMALE,
    (INTERPRETER_REQUESTED.id, "interpreter", "male"): _INTERPRETER_REQUESTED__MALE,
    (INTERPRETER_IN_PERSON.id, "interpreter", "female"): _INTERPRETER_IN_PERSON__FEMALE,
    (INTERPRETER_IN_PERSON.id, "interpreter", "male"): _INTERPRETER_IN_PERSON__MALE,
    (INTERPRETER_TELEPHONE.id, "interpreter", "female"): _INTERPRETER_TELEPHONE__FEMALE,
    (INTERPRETER_TELEPHONE.id, "interpreter", "male"): _INTERPRETER_TELEPHONE__MALE,
    (INTERPRETER_VIDEO.id, "interpreter", "female"): _INTERPRETER_VIDEO__FEMALE,
    (INTERPRETER_VIDEO.id, "interpreter", "male"): _INTERPRETER_VIDEO__MALE,
    (INTERPRETER_BOOKED_SIGN.id, "interpreter", "female"): _INTERPRETER_BOOKED_SIGN__FEMALE,
    (INTERPRETER_BOOKED_SIGN.id, "interpreter", "male"): _INTERPRETER_BOOKED_SIGN__MALE,
    (INTERPRETER_REQUESTED_SIGN.id, "interpreter", "female"): _INTERPRETER_REQUESTED_SIGN__FEMALE,
    (INTERPRETER_REQUESTED_SIGN.id, "interpreter", "male"): _INTERPRETER_REQUESTED_SIGN__MALE,
    (INTERPRETER_FREE_SIGN.id, "recipient", "female"): _INTERPRETER_FREE_SIGN__FEMALE,
    (INTERPRETER_FREE_SIGN.id, "recipient", "male"): _INTERPRETER_FREE_SIGN__MALE,
    (CONTACT_US_SIGN.id, "recipient", "female"): _CONTACT_US_SIGN__FEMALE,
    (CONTACT_US_SIGN.id, "recipient", "male"): _CONTACT_US_SIGN__MALE,
    (ABUSE_EMERGENCY_SIGN.id, "recipient", "female"): _ABUSE_EMERGENCY_SIGN__FEMALE,
    (ABUSE_EMERGENCY_SIGN.id, "recipient", "male"): _ABUSE_EMERGENCY_SIGN__MALE,
}

# ---- the greeting with the name in the vocative

# Languages that call someone by a form of their name of its own (the vocative: Polish "Magdo" for Magda,
# Lithuanian "Jonai" for Jonas, Ukrainian "Олено" for Олена) greet with the form the case file records in
# the member's `name_vocative`; with none recorded, or in a language that leaves these empty, the greeting
# is the usual one with the full name.

# TRANSLATORS: The greeting when the social worker has recorded the reader's name in the vocative, the form
# used to call someone by name (Polish "Magdo" for Magda, Ukrainian "Олено" for Олена): {name} is that form.
# Leave it empty if your language has no vocative: the usual greeting with the full name is used then.
GREETING_VOCATIVE = pgettext("name in the vocative", "Dear {name},")
# TRANSLATORS: The greeting with the name in the vocative (see above), to a woman. Leave it empty if your
# language has no vocative, or says it the same way to anyone.
_GREETING_VOCATIVE__FEMALE = pgettext("name in the vocative, to a woman", "Dear {name},")
# TRANSLATORS: The greeting with the name in the vocative (see above), to a man. Leave it empty if your
# language has no vocative, or says it the same way to anyone.
_GREETING_VOCATIVE__MALE = pgettext("name in the vocative, to a man", "Dear {name},")

#: The vocative greeting and its variants by the recipient's gender (None: not recorded).
VOCATIVE_GREETINGS: dict[str | None, Message] = {
    None: GREETING_VOCATIVE,
    "female": _GREETING_VOCATIVE__FEMALE,
    "male": _GREETING_VOCATIVE__MALE,
}

# ---- names of the languages interpreters work in

# Babel's names of languages name scripts and regions ("Chinese (Simplified)", "Punjabi (Arabic)"):
# the language an interpreter speaks is named from this table instead, where it has an entry, and by
# the language's name without script or region otherwise.
# TRANSLATORS: The name of a language an interpreter speaks, in your language: Mandarin Chinese, the spoken language (not a script).
_LANGUAGE_ZH = pgettext("language name", "Mandarin")
# TRANSLATORS: The name of a language an interpreter speaks, in your language: Cantonese, the spoken language of Hong Kong and Guangdong.
_LANGUAGE_YUE = pgettext("language name", "Cantonese")
# TRANSLATORS: The name of a language an interpreter speaks, in your language: the Kurdish spoken in Iraqi Kurdistan and Iran (Sorani).
_LANGUAGE_CKB = pgettext("language name", "Sorani Kurdish")
# TRANSLATORS: The name of a language an interpreter speaks, in your language: the Kurdish spoken in Turkey and Syria (Kurmanji).
_LANGUAGE_KMR = pgettext("language name", "Kurmanji Kurdish")
# TRANSLATORS: The name of a language an interpreter speaks, in your language: the Kurdish spoken in south-west Iran and east Iraq.
_LANGUAGE_SDH = pgettext("language name", "Southern Kurdish")
# TRANSLATORS: The name of a language an interpreter speaks, in your language: the Persian spoken in Afghanistan (Dari).
_LANGUAGE_FA_AF = pgettext("language name", "Dari")
# TRANSLATORS: The name of a language an interpreter speaks, in your language: the Persian spoken in Iran (Farsi).
_LANGUAGE_FA = pgettext("language name", "Farsi")
# TRANSLATORS: The name of a language an interpreter speaks, in your language: Punjabi, whichever script it is written in.
_LANGUAGE_PA = pgettext("language name", "Punjabi")
# TRANSLATORS: The name of a language an interpreter speaks, in your language: Sylheti, spoken in Sylhet, Bangladesh (not Bengali).
_LANGUAGE_SYL = pgettext("language name", "Sylheti")
# TRANSLATORS: The name of a language an interpreter speaks, in your language: the language of Mirpur and the Pothohar plateau, Pakistan.
_LANGUAGE_PHR = pgettext("language name", "Pahari-Pothwari (Mirpuri)")
# TRANSLATORS: The name of a language an interpreter speaks, in your language: the language of Roma people (not Romanian).
_LANGUAGE_ROM = pgettext("language name", "Romani")
# TRANSLATORS: The name of a language an interpreter speaks, in your language: British Sign Language (BSL), the sign language of Deaf people in the UK.
_LANGUAGE_BFI = pgettext("language name", "British Sign Language")
# TRANSLATORS: The name of a language an interpreter speaks, in your language: Portuguese as spoken in Brazil.
_LANGUAGE_PT_BR = pgettext("language name", "Brazilian Portuguese")
# TRANSLATORS: The name of a language an interpreter speaks, in your language: Portuguese as spoken in Portugal.
_LANGUAGE_PT_PT = pgettext("language name", "European Portuguese")
# TRANSLATORS: The name of a language an interpreter signs, in your language: Polish Sign Language (PJM),
# the sign language of Deaf people in Poland.
_LANGUAGE_PSO = pgettext("language name", "Polish Sign Language")

#: Names of interpreting languages, by BCP 47 tag (the spoken language, without script).
LANGUAGE_NAMES: dict[str, Message] = {
    "zh": _LANGUAGE_ZH,
    "yue": _LANGUAGE_YUE,
    "ckb": _LANGUAGE_CKB,
    "kmr": _LANGUAGE_KMR,
    "sdh": _LANGUAGE_SDH,
    "fa-AF": _LANGUAGE_FA_AF,
    "fa": _LANGUAGE_FA,
    "pa": _LANGUAGE_PA,
    "syl": _LANGUAGE_SYL,
    "phr": _LANGUAGE_PHR,
    "rom": _LANGUAGE_ROM,
    "bfi": _LANGUAGE_BFI,
    "pt-BR": _LANGUAGE_PT_BR,
    "pt-PT": _LANGUAGE_PT_PT,
    "pso": _LANGUAGE_PSO,
}

#: Messages only some letters use, and what such a letter says when a catalog leaves one out (None:
#: nothing). A kind of contact with no translated name is called by the generic name ("Appointment"); a
#: letter to a Deaf reader with no translation of the signer's wording says the hearing one; the Deaf relay
#: interpreter goes unnamed. The letter is still written, and says so (CP304): one missing word in one
#: language never refuses every letter of a template.
FALLBACKS: dict[Message, Message | None] = {
    **{name: GENERIC_KIND for name in KIND_NAMES.values()},
    **SIGNER,
    RELAY_BOOKED: None,
}

#: Messages every letter may use besides its template's own: a catalog need not translate these for a
#: template to be available (a missing variant falls back to the neutral sentence, a missing vocative
#: greeting to the usual greeting, a missing language name to the language's name from CLDR, and the
#: messages of :data:`FALLBACKS` to theirs).
OPTIONAL: tuple[Message, ...] = (
    *VARIANTS.values(),
    *VOCATIVE_GREETINGS.values(),
    *LANGUAGE_NAMES.values(),
    *FALLBACKS,
)
