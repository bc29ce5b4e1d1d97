"""The interpreter form: its fields are the keys of an interpreter on the case's register."""

from __future__ import annotations

from typing import Any

from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..fields import Checkboxes, Radios, TagList, TextInput
from ..mapping import CaseForm
from ..picker import Picker, parse_tags
from ..validators import valid_email, valid_phone

__all__ = ["InterpreterForm"]


def _valid_tags(form: Any, field: Any) -> None:
    if (field.data or "") == ", ".join(getattr(field, "original", None) or []) and field.data:
        return
    try:
        tags = parse_tags(field.data)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    if not tags:
        raise ValidationError("Enter at least one language the interpreter works in")


class InterpreterForm(Picker, CaseForm):
    name = TextInput(
        "Full name",
        validators=[DataRequired("Enter the interpreter's name"), Length(max=500)],
        render_kw={"classes": "govuk-!-width-full", "spellcheck": "false", "autocomplete": "off"},
    )
    agency = TextInput(
        "Agency (optional)",
        validators=[Optional(), Length(max=500)],
        render_kw={"classes": "govuk-!-width-full"},
    )
    registration = TextInput(
        "Professional registration (optional)",
        description=(
            "For example NRPSI 12345 (National Register of Public Service Interpreters). "
            "The checks flag an interpreter without one."
        ),
        validators=[Optional(), Length(max=200)],
        render_kw={"classes": "govuk-input--width-20", "spellcheck": "false"},
    )
    languages = TagList(
        "Languages they interpret",
        description=(
            "Their tags, separated by commas (for example pl, or bfi for British Sign Language). "
            "Don't know the tag? Find the language below."
        ),
        validators=[Length(max=500), _valid_tags],
        render_kw={"classes": "govuk-!-width-full", "spellcheck": "false"},
    )
    gender = Radios(
        "Gender",
        choices=[("", "Not recorded"), ("female", "Female"), ("male", "Male"), ("other", "Other")],
        render_kw={"inline": True, "small": True},
    )
    email = TextInput(
        "Email address (optional)",
        validators=[Optional(), Length(max=254), valid_email],
        render_kw={
            "classes": "govuk-!-width-full",
            "type": "email",
            "autocomplete": "off",
            "spellcheck": "false",
        },
    )
    phone = TextInput(
        "Telephone number (optional)",
        validators=[Optional(), Length(max=50), valid_phone],
        render_kw={"classes": "govuk-input--width-20", "type": "tel", "autocomplete": "off"},
    )
    known_to = Checkboxes(
        "Known to the family",
        description=(
            "Anyone in the family this interpreter knows personally: a relative, a friend, a neighbour, "
            "someone from the same small community. The checks flag them interpreting where that person "
            "is: the family may not speak freely, and a child "
            "will not tell an interpreter who knows their family."
        ),
    )

    def parsed_languages(self) -> list[str]:
        try:
            return parse_tags(self.languages.data)
        except ValueError:
            return []
