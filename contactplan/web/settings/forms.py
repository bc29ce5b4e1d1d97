"""The settings form: the case's ``agency`` and ``lead_practitioner``."""

from __future__ import annotations

from typing import Any

from wtforms.validators import Length, Optional

from ..fields import Group, TextArea, TextInput
from ..mapping import CaseForm, RowForm
from ..validators import valid_email, valid_phone

__all__ = ["SettingsForm"]


class _Named(RowForm):
    """A mapping whose ``name`` is required once anything else is given."""

    WHOSE = ""

    def validate(self, extra_validators: Any = None) -> bool:
        ok = bool(super().validate(extra_validators))
        given = any((f.data or "").strip() for f in self.case_fields() if f.short_name != "name")
        if given and not (self["name"].data or "").strip():
            self["name"].add_error(f"Enter the {self.WHOSE} name as well")
            ok = False
        return ok


class Agency(_Named):
    WHOSE = "service's"

    name = TextInput(
        "Name of your service",
        description=(
            "As the family should read it at the top of a letter, for example Northshire Children's Services."
        ),
        validators=[Optional(), Length(max=500)],
        render_kw={"classes": "govuk-!-width-full"},
    )
    address = TextArea("Address", validators=[Optional(), Length(max=1000)], render_kw={"rows": 4})
    phone = TextInput(
        "Telephone number",
        description="The number families call to rearrange or ask for help.",
        validators=[Optional(), Length(max=50), valid_phone],
        render_kw={"classes": "govuk-input--width-20", "type": "tel"},
    )
    email = TextInput(
        "Email address",
        validators=[Optional(), Length(max=320), valid_email],
        render_kw={"classes": "govuk-!-width-full", "type": "email", "spellcheck": "false"},
    )


class Lead(_Named):
    WHOSE = "lead practitioner's"

    name = TextInput(
        "Name",
        validators=[Optional(), Length(max=500)],
        render_kw={"classes": "govuk-!-width-full", "autocomplete": "off"},
    )
    role = TextInput(
        "Role",
        description="For example Social Worker.",
        validators=[Optional(), Length(max=500)],
        render_kw={"classes": "govuk-!-width-full"},
    )
    phone = TextInput(
        "Telephone number",
        validators=[Optional(), Length(max=50), valid_phone],
        render_kw={"classes": "govuk-input--width-20", "type": "tel", "autocomplete": "off"},
    )
    email = TextInput(
        "Email address",
        description="Calendar invitations are sent from it.",
        validators=[Optional(), Length(max=320), valid_email],
        render_kw={
            "classes": "govuk-!-width-full",
            "type": "email",
            "spellcheck": "false",
            "autocomplete": "off",
        },
    )


class SettingsForm(CaseForm):
    agency = Group(Agency)
    lead_practitioner = Group(Lead)
