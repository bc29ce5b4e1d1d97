"""The letter form: its fields are the keys of a letter in the case file."""

from __future__ import annotations

from typing import Any

from wtforms.validators import Length, Optional, ValidationError

from ..fields import DateInput, OneOrMore, Radios, Select, TagList
from ..mapping import CaseForm
from ..picker import parse_tags

__all__ = ["LetterForm"]

TEMPLATES = [
    ("appointment", "Appointment letter"),
    ("missed_appointment", "Missed appointment letter"),
    ("domestic_abuse_support", "Support letter (domestic abuse)"),
]
DELIVERY = [
    ("post", "By post"),
    ("by_hand", "By hand, at the contact where it is gone through with them"),
    ("safe_contact", "To their safe contact"),
]


def _valid_tags(form: Any, field: Any) -> None:
    if (field.data or "") == ", ".join(getattr(field, "original", None) or []):
        return
    try:
        parse_tags(field.data)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


class LetterForm(CaseForm):
    template = Radios("Which letter", choices=TEMPLATES, default="appointment")
    to = Select("To")
    contact = Select("About")
    languages = TagList(
        "Languages (optional)",
        description=(
            "Leave it empty: the letter is then written in the "
            "language they read. Or give language tags, separated by commas."
        ),
        validators=[Optional(), Length(max=200), _valid_tags],
        render_kw={"classes": "govuk-input--width-20", "spellcheck": "false"},
    )
    delivery = Radios("How it reaches them", choices=DELIVERY, default="post", render_kw={"small": True})
    explained_at = Select(
        "Gone through with them at",
        description=(
            "For someone who can't read it: a visit, a call, or a video call for a "
            "signer, with an interpreter in their language, before the appointment."
        ),
    )
    follow_up_of = OneOrMore("This letter follows up")
    sent = DateInput("Date sent", description="Leave it empty until it goes out. For example, 20 11 2026")
