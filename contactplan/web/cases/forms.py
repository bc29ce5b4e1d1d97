"""The forms of the caseload and of a case's own page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ..fields import DateInput, Group, Rows, Select, TextArea, TextInput, YesNo
from ..filters import ROLES
from ..mapping import CaseForm, CaseMapping, RowForm
from ..validators import valid_email

__all__ = ["AcknowledgeForm", "ImportForm", "NewCaseForm", "RemoveForm"]


class ImportForm(FlaskForm):  # type: ignore[misc]
    file = FileField("Case file (YAML or JSON)")
    replace = YesNo("If the case is already here, save this file as its new version", case=False)


class Named(RowForm):
    name = TextInput(
        "Your service (optional)",
        validators=[Optional(), Length(max=500)],
        render_kw={"classes": "govuk-!-width-full"},
    )


class Lead(RowForm):
    name = TextInput(
        "Lead practitioner (optional)",
        validators=[Optional(), Length(max=500)],
        render_kw={"classes": "govuk-!-width-two-thirds", "autocomplete": "name"},
    )
    email = TextInput(
        "Lead practitioner's email (optional)",
        validators=[Optional(), Length(max=320), valid_email],
        render_kw={
            "classes": "govuk-!-width-two-thirds",
            "type": "email",
            "autocomplete": "email",
            "spellcheck": "false",
        },
    )


class NewCaseInfo(RowForm):
    reference = TextInput(
        "Case reference",
        description="As your case management system shows it, for example CP-2026-0412 or CP/2026/0412.",
        validators=[DataRequired("Enter the case reference"), Length(max=100)],
        render_kw={"classes": "govuk-input--width-20", "spellcheck": "false"},
    )
    timezone = TextInput(
        "Time zone",
        description="Where the family lives: times of contacts are in this zone.",
        default="Europe/London",
        validators=[DataRequired("Enter a time zone, for example Europe/London"), Length(max=64)],
        render_kw={"classes": "govuk-input--width-20", "spellcheck": "false"},
    )
    agency = Group(Named)
    lead_practitioner = Group(Lead)


class FirstMember(RowForm):
    name = TextInput(
        "Full name",
        validators=[DataRequired("Enter the name of the child or adult"), Length(max=500)],
        render_kw={"classes": "govuk-!-width-two-thirds"},
    )
    role = Select("Role in the family", choices=ROLES.items(), default="subject_child")
    date_of_birth = DateInput("Date of birth (optional)")


class NewCaseForm(CaseMapping, FlaskForm):  # type: ignore[misc]
    """A case started on the page: the case's keys and its first member (a
    case file has at least one); the rest is added on the case's page."""

    case = Group(NewCaseInfo)
    members = Rows(FirstMember, min_entries=1, max_entries=1)


class AcknowledgeForm(CaseForm):
    why = TextArea(
        "Why this is acknowledged",
        description="What was learnt, and what was done about it.",
        validators=[DataRequired("Say why the finding is acknowledged"), Length(max=2000)],
        case=False,
        render_kw={"rows": 4},
    )


class RemoveForm(CaseForm):
    """Removing a member, contact, letter or interpreter: the reason is kept in the history."""

    reason = TextInput(
        "Why it is removed",
        description="Kept in the case's history, with your name.",
        validators=[
            InputRequired("Say why it is removed"),
            DataRequired("Say why it is removed"),
            Length(max=500),
        ],
        case=False,
        render_kw={"classes": "govuk-!-width-full"},
    )
