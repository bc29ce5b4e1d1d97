"""The contact form: its fields are the keys of a contact in the case file."""

from __future__ import annotations

from typing import Any

from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ...vocabulary import CONTACT_KINDS
from ..fields import Checkboxes, DateTimeInput, Number, OneOrMore, Rows, Select, TextArea, TextInput
from ..filters import STATUSES
from ..mapping import CaseForm, RowForm
from ..picker import valid_tag
from ..validators import valid_email, valid_phone

__all__ = ["AloneRow", "ContactForm", "InterpretingRow", "PractitionerRow"]

KIND_CHOICES = [(k, v.title) for k, v in CONTACT_KINDS.items()]
MODE_CHOICES = [("in_person", "In person"), ("video", "By video"), ("telephone", "By telephone")]
BOOKING_CHOICES = [("requested", "Requested"), ("confirmed", "Confirmed"), ("cancelled", "Cancelled")]


class PractitionerRow(RowForm):
    KEYS = ("name",)

    name = TextInput(
        "Name",
        validators=[Optional(), Length(max=500)],
        render_kw={"classes": "govuk-!-width-full", "autocomplete": "off"},
    )
    role = TextInput(
        "Role (optional)",
        validators=[Optional(), Length(max=500)],
        render_kw={"classes": "govuk-!-width-full"},
    )
    email = TextInput(
        "Email (optional)",
        validators=[Optional(), Length(max=320), valid_email],
        render_kw={
            "classes": "govuk-!-width-full",
            "type": "email",
            "spellcheck": "false",
            "autocomplete": "off",
        },
    )
    phone = TextInput(
        "Telephone (optional)",
        validators=[Optional(), Length(max=50), valid_phone],
        render_kw={"classes": "govuk-input--width-20", "type": "tel", "autocomplete": "off"},
    )


class InterpretingRow(RowForm):
    KEYS = ("language", "for")

    language = TextInput(
        "Language",
        description="Its tag, as with the person's languages (for example pl).",
        validators=[Optional(), Length(max=64), valid_tag],
        render_kw={"classes": "govuk-input--width-10", "spellcheck": "false"},
    )
    interpreter = Select("Interpreter from the register")
    by = Select(
        "Or a family member interpreting",
        description="Only to record what happened: the checks report a family member interpreting.",
    )
    mode = Select("How", choices=MODE_CHOICES, default="in_person")
    status = Select("Booking", choices=BOOKING_CHOICES, default="requested")
    booking_reference = TextInput(
        "Booking reference (optional)",
        validators=[Optional(), Length(max=200)],
        render_kw={"classes": "govuk-input--width-20"},
    )
    relay_interpreter = Select("Deaf relay interpreter (optional)")

    def validate(self, extra_validators: Any = None) -> bool:
        ok = bool(super().validate(extra_validators))
        if self.is_empty():
            return ok
        if not (self.language.data or "").strip():
            self.language.add_error("Enter the language of this interpreting")
            ok = False
        if not self["for"].data:
            self["for"].add_error("Choose whom this interpreting is for")
            ok = False
        if self.interpreter.data and self.by.data:
            self.by.add_error("Choose an interpreter from the register or a family member, not both")
            ok = False
        if not (self.interpreter.data or self.by.data) and self.status.data != "requested":
            self.interpreter.add_error("Choose who interprets, or leave the booking as requested")
            ok = False
        return ok

    def describe(self, item: dict[str, Any]) -> str:
        from ..filters import language

        who = (
            self.interpreter.label_of(item["interpreter"])
            if item.get("interpreter")
            else (self.by.label_of(item["by"]) if item.get("by") else "nobody named yet")
        )
        names = ", ".join(self["for"].label_of(m) for m in item.get("for") or [])
        booking = self.status.label_of(item.get("status") or "requested").lower()
        return f"{language(item.get('language'))} for {names}: {who}, {booking}"


setattr(InterpretingRow, "for", Checkboxes("For"))  # "for" is a Python keyword: the key of the case file


class AloneRow(RowForm):
    KEYS = ("child",)

    child = Select("Child")
    duration_minutes = Number(
        "Minutes (optional)",
        validators=[Optional(), NumberRange(min=1, max=1440)],
        unit="minutes",
        render_kw={"classes": "govuk-input--width-4", "inputmode": "numeric"},
    )
    interpreter = Select("Interpreter from the register")
    by = Select(
        "Or a family member interpreting",
        description="Time alone with a family member interpreting is not time alone.",
    )
    language = TextInput(
        "Language (optional)",
        description="When the interpreter works in several.",
        validators=[Optional(), Length(max=64), valid_tag],
        render_kw={"classes": "govuk-input--width-10", "spellcheck": "false"},
    )

    def validate(self, extra_validators: Any = None) -> bool:
        ok = bool(super().validate(extra_validators))
        if self.interpreter.data and self.by.data:
            self.by.add_error("Choose an interpreter from the register or a family member, not both")
            ok = False
        return ok

    def describe(self, item: dict[str, Any]) -> str:
        words = self.child.label_of(item.get("child"))
        if item.get("duration_minutes"):
            words += f", {item['duration_minutes']} minutes"
        if item.get("interpreter"):
            words += f", with {self.interpreter.label_of(item['interpreter'])}"
        elif item.get("by"):
            words += f", with {self.by.label_of(item['by'])} interpreting"
        return words


class ContactForm(CaseForm):
    kind = Select("Kind of contact", choices=KIND_CHOICES, default="home_visit")
    title = TextInput(
        "Title (optional)",
        validators=[Optional(), Length(max=200)],
        render_kw={"classes": "govuk-!-width-full"},
    )
    start = DateTimeInput("When")
    duration_minutes = Number(
        "Length in minutes",
        default=60,
        unit="minutes",
        validators=[
            DataRequired("Enter how long it lasts, in minutes"),
            NumberRange(min=1, max=1440, message="The length must be between 1 and 1440 minutes"),
        ],
        render_kw={"classes": "govuk-input--width-4", "inputmode": "numeric"},
    )
    location = TextArea("Where (optional)", validators=[Optional(), Length(max=1000)])
    status = Select("What happened", choices=STATUSES.items(), default="planned")
    practitioners = Rows(PractitionerRow, min_entries=0)
    attendees = Checkboxes("Who is expected")
    interpreting = Rows(InterpretingRow, min_entries=0)
    seen_alone = Rows(AloneRow, min_entries=0)
    seen = Checkboxes(
        "Who was actually seen (once it has happened)",
        none="Nobody was seen",
        description="Leave it empty until it has happened.",
    )
    follow_up_of = OneOrMore("This contact follows up")
    notes = TextArea("Notes (optional)", validators=[Optional(), Length(max=5000)])

    def validate(self, extra_validators: Any = None) -> bool:
        ok = bool(super().validate(extra_validators))
        if self.start.data is None and not self.start.errors:
            self.start.add_error("Enter the date and time, for example 8 12 2026 at 14:30")
            ok = False
        return ok
