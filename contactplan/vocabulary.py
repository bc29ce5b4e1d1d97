"""The words of the case file format, each defined once.

Every table a feature needs about a kind of contact, a letter template or an
interpreting mode lives here, typed, and everything else reads it: adding a
kind of contact is one entry in :data:`CONTACT_KINDS` (and its translated
name in :mod:`contactplan.messages`). A test fails when a ``Literal`` of
:mod:`contactplan.model` and its table here disagree.

Standard library only, no I/O: :mod:`contactplan.model` imports this module.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CONTACT_KINDS",
    "INTERPRETING_MODES",
    "LETTER_TEMPLATES",
    "ContactKindInfo",
    "LetterTemplateInfo",
    "kind_info",
]


@dataclass(frozen=True, slots=True)
class ContactKindInfo:
    """What contactplan knows about a kind of contact.

    ``in_person``: the practitioner and the family are in one room (a call is
    not: nobody can tell who else is listening). ``sees_child``: a visit or
    appointment where a child is seen and observed (CP205). ``visit``: a
    visit by the child's social worker that counts towards a plan's
    statutory visits when the child is seen there (CP206; meetings, calls
    and health appointments never do). ``health``: a
    clinical appointment, whose interpreted minimum is
    ``interpreted_appointment_min_minutes``. ``video``: a video call.
    """

    name: str
    title: str
    prefix: str
    help: str
    in_person: bool = True
    sees_child: bool = False
    visit: bool = False
    health: bool = False
    video: bool = False

    @property
    def is_call(self) -> bool:
        return not self.in_person


def _kinds(*kinds: ContactKindInfo) -> dict[str, ContactKindInfo]:
    return {kind.name: kind for kind in kinds}


K = ContactKindInfo
#: Every kind of contact, in the order of the format (``docs/case-file.md``).
CONTACT_KINDS: dict[str, ContactKindInfo] = _kinds(
    K("home_visit", "Home visit", "hv", "a visit to the family's home", sees_child=True, visit=True),
    K(
        "school_visit",
        "School visit",
        "sv",
        "a visit to the child at school or nursery",
        sees_child=True,
        visit=True,
    ),
    K(
        "office_visit",
        "Office appointment",
        "ov",
        "the family comes to the office",
        sees_child=True,
        visit=True,
    ),
    K(
        "health_appointment",
        "Health appointment",
        "health",
        "a doctor or nurse sees the child",
        sees_child=True,
        health=True,
    ),
    K(
        "development_review",
        "Development review",
        "dr",
        "a health visitor checks a young child's development",
        sees_child=True,
        health=True,
    ),
    K("antenatal", "Antenatal appointment", "an", "a midwife sees an expectant mother", health=True),
    K("strategy_meeting", "Strategy meeting", "sm", "professionals plan how to keep the child safe"),
    K("core_group", "Core group meeting", "cg", "the family and professionals review the child's plan"),
    K("case_conference", "Child protection conference", "cc", "decides whether a child needs a plan"),
    K("phone_call", "Phone call", "call", "a telephone call", in_person=False),
    K("video_call", "Video call", "video", "a video call", in_person=False, video=True),
)
del K


def kind_info(kind: str) -> ContactKindInfo:
    """The table entry of a kind of contact (``KeyError`` for an unknown one)."""
    return CONTACT_KINDS[kind]


@dataclass(frozen=True, slots=True)
class LetterTemplateInfo:
    """A letter template: its name in messages, and whether it is about one contact."""

    name: str
    label: str
    needs_contact: bool


#: Every letter template.
LETTER_TEMPLATES: dict[str, LetterTemplateInfo] = {
    t.name: t
    for t in (
        LetterTemplateInfo("appointment", "appointment letter", True),
        LetterTemplateInfo("missed_appointment", "missed appointment letter", True),
        LetterTemplateInfo("domestic_abuse_support", "domestic abuse support letter", False),
    )
}

#: How an interpreter takes part, as English words follow "interpreting ...".
INTERPRETING_MODES: dict[str, str] = {
    "in_person": "in person",
    "telephone": "by telephone",
    "video": "by video",
}
