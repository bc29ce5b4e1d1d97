"""The form that asks for a visit to be planned."""

from __future__ import annotations

from wtforms.validators import Length, NumberRange, Optional

from ...vocabulary import CONTACT_KINDS
from ..fields import Checkboxes, DateTimeInput, Number, Select, TextInput
from ..mapping import CaseForm

__all__ = ["PlanForm"]


class PlanForm(CaseForm):
    """What the planner is asked for (``contactplan plan``'s options, in words)."""

    kind = Select(
        "Kind of contact",
        choices=[(k, v.title) for k, v in CONTACT_KINDS.items()],
        default="home_visit",
        case=False,
    )
    start = DateTimeInput("When", case=False)
    duration_minutes = Number(
        "Length in minutes (optional)",
        description="Raised to what the checks need.",
        validators=[Optional(), NumberRange(min=1, max=1440)],
        unit="minutes",
        case=False,
        render_kw={"classes": "govuk-input--width-4", "inputmode": "numeric"},
    )
    attendees = Checkboxes(
        "Who comes (optional)",
        description=(
            "Default: the household and every subject child, "
            "never an alleged perpetrator unless you choose them."
        ),
        case=False,
    )
    practitioner = TextInput(
        "Who goes (optional)",
        description=(
            "A name, or a name and email address like Jo Smith "
            "<jo.smith@example.gov.uk>; default: the lead practitioner."
        ),
        validators=[Optional(), Length(max=300)],
        case=False,
        render_kw={"classes": "govuk-!-width-full"},
    )
    location = TextInput(
        "Where (optional)",
        validators=[Optional(), Length(max=500)],
        case=False,
        render_kw={"classes": "govuk-!-width-full"},
    )
