"""The member form: its fields are the keys of a member in the case file."""

from __future__ import annotations

import typing
from typing import Any

from wtforms.validators import DataRequired, Length, Optional

from ... import model
from ...model import LEVELS, CommunicationNeed
from ..fields import (
    AddressInput,
    Checkboxes,
    DateInput,
    Group,
    Radios,
    Rows,
    Select,
    TextArea,
    TextInput,
    YesNo,
)
from ..filters import ROLES
from ..mapping import CaseForm, RowForm
from ..picker import Picker, valid_tag
from ..validators import valid_email, valid_phone

__all__ = ["MemberForm"]

LEVEL_CHOICES = [(level, level.capitalize()) for level in LEVELS]
NEEDS = {
    "easy_read": "Easy read",
    "large_print": "Large print",
    "braille": "Braille",
    "audio": "Audio",
    "sign_language_video": "Sign language video",
    "deaf_relay": "Needs a Deaf relay interpreter beside the sign language interpreter",
    "lipspeaker": "Lipspeaker",
}
assert set(NEEDS) == set(typing.get_args(CommunicationNeed))
METHODS = [
    ("", "Not recorded"),
    ("professional_interpreter", "With a professional interpreter"),
    ("self_report", "What they told us"),
    ("family_interpreter", "Through a family member interpreting"),
    ("records", "From records"),
    ("observation", "By observation"),
]


class LanguageRow(RowForm):
    KEYS = ("tag",)

    tag = TextInput(
        "Language",
        description="Its tag: find it below by name.",
        validators=[Optional(), Length(max=64), valid_tag],
        render_kw={"classes": "govuk-input--width-10", "spellcheck": "false"},
    )
    speaks = Select("Speaks (or signs)", choices=LEVEL_CHOICES, default="native")
    reads = Select("Reads", choices=LEVEL_CHOICES, default="none")

    def describe(self, item: dict[str, Any]) -> str:
        from ..filters import language

        return (
            f"{language(item.get('tag'))}: speaks {item.get('speaks') or 'native'}, "
            f"reads {item.get('reads') or 'none'}"
        )


class Preferences(RowForm):
    gender = Select(
        "Asked for an interpreter who is",
        choices=[("", "No preference"), ("female", "A woman"), ("male", "A man"), ("other", "Other")],
    )


class SafeContact(RowForm):
    address = AddressInput("Safe address", of=model.SafeContact)
    phone = TextInput(
        "Safe telephone number",
        validators=[Optional(), Length(max=50), valid_phone],
        render_kw={"classes": "govuk-input--width-20", "type": "tel", "autocomplete": "off"},
    )
    email = TextInput(
        "Safe email address",
        validators=[Optional(), Length(max=320), valid_email],
        render_kw={
            "classes": "govuk-!-width-full",
            "type": "email",
            "autocomplete": "off",
            "spellcheck": "false",
        },
    )
    notes = TextArea(
        "How to reach them safely",
        description="For example: text first; only call on weekdays.",
        validators=[Optional(), Length(max=2000)],
    )


class Assessment(RowForm):
    date = DateInput("Date of the assessment")
    method = Select("How the language needs were established", choices=METHODS)
    by = TextInput(
        "Assessed by", validators=[Optional(), Length(max=500)], render_kw={"classes": "govuk-!-width-full"}
    )

    def validate(self, extra_validators: Any = None) -> bool:
        ok = bool(super().validate(extra_validators))
        if (self.date.data or self.method.data) and not (self.date.data and self.method.data):
            missing = self.method if not self.method.data else self.date
            missing.add_error(
                "Choose how the languages were assessed"
                if missing is self.method
                else "Enter the date of the assessment"
            )
            ok = False
        return ok


class MemberForm(Picker, CaseForm):
    name = TextInput(
        "Full name",
        validators=[DataRequired("Enter the person's name"), Length(max=500)],
        render_kw={"classes": "govuk-!-width-full", "spellcheck": "false"},
    )
    role = Select("Role in the family", choices=ROLES.items())
    date_of_birth = DateInput("Date of birth", description="Needed for children. For example, 27 3 2007")
    gender = Radios(
        "Gender",
        choices=[("", "Not recorded"), ("female", "Female"), ("male", "Male"), ("other", "Other")],
        render_kw={"inline": True, "small": True},
    )
    household = YesNo("Lives in the child's home", default=True)
    address = AddressInput("Address (for letters)")
    languages = Rows(LanguageRow, min_entries=0)
    preferred_spoken = Select("Preferred spoken language")
    preferred_written = Select("Preferred written language")
    interpreter = Radios(
        "Interpreter",
        choices=[
            ("auto", "Decide from the languages recorded"),
            ("required", "Always needs an interpreter"),
            ("not_needed", "Does not need an interpreter"),
        ],
        default="auto",
        render_kw={"small": True},
    )
    interpreter_preferences = Group(Preferences)
    communication_needs = Checkboxes("Communication needs", choices=NEEDS.items())
    alleged_perpetrator = YesNo(
        "Alleged to harm a member of the family",
        description="They are never asked to interpret, nor invited where the child or the victim is seen.",
    )
    safe_contact = Group(SafeContact)
    language_assessment = Group(Assessment)
