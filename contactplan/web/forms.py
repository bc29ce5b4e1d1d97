"""The page's forms (Flask-WTF: every form carries a CSRF token).

Fields follow the case file format (``docs/case-file.md``); the library
checks the values when the case is read back, so a form only checks what a
person can get wrong while typing (a date, a time, a number) and says how to
put it right, the GOV.UK way.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ..model import ID_PATTERN, LEVELS
from ..vocabulary import CONTACT_KINDS
from .filters import ROLES, STATUSES

try:  # WTForms 3.3 wants choices as SelectChoice; older ones as pairs
    from wtforms.fields.choices import SelectChoice

    def choices(pairs: Any) -> list[Any]:
        """Choices for a select, radios or checkboxes field, from (value, label) pairs."""
        return [
            SelectChoice(str(value), label if isinstance(label, str) else str(label))
            for value, label in pairs
        ]

except ImportError:  # pragma: no cover - WTForms before 3.3

    def choices(pairs: Any) -> list[Any]:
        return [(str(value), label if isinstance(label, str) else str(label)) for value, label in pairs]


def pairs(field: Any) -> list[tuple[str, str]]:
    """A field's choices as (value, label) pairs, for the templates."""
    out = []
    for choice in field.choices or []:
        value, label = (choice[0], choice[1]) if isinstance(choice, tuple) else (choice.value, choice.label)
        out.append((str(value), label if isinstance(label, str) else str(label)))
    return out


ID_RE = re.compile(rf"^{ID_PATTERN}$")
TIME_RE = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")

LEVEL_CHOICES = choices((level, level.capitalize()) for level in LEVELS)
KIND_CHOICES = choices((k, v.title) for k, v in CONTACT_KINDS.items())
STATUS_CHOICES = choices(STATUSES.items())
ROLE_CHOICES = choices(ROLES.items())
MODE_CHOICES = choices([("in_person", "In person"), ("video", "By video"), ("telephone", "By telephone")])
ARRANGEMENT_CHOICES = choices(
    [("requested", "Requested"), ("confirmed", "Confirmed"), ("cancelled", "Cancelled")]
)
NEED_CHOICES = choices(
    [
        ("easy_read", "Easy read"),
        ("large_print", "Large print"),
        ("braille", "Braille"),
        ("audio", "Audio"),
        ("sign_language_video", "Sign language video"),
        ("deaf_relay", "Needs a Deaf relay interpreter"),
        ("lipspeaker", "Lipspeaker"),
    ]
)
METHOD_CHOICES = choices(
    [
        ("", "Not recorded"),
        ("professional_interpreter", "With a professional interpreter"),
        ("self_report", "What they told us"),
        ("family_interpreter", "Through a family member interpreting"),
        ("records", "From records"),
        ("observation", "By observation"),
    ]
)
TEMPLATE_CHOICES = choices(
    [
        ("appointment", "Appointment letter"),
        ("missed_appointment", "Missed appointment letter"),
        ("domestic_abuse_support", "Support letter (domestic abuse)"),
    ]
)
DELIVERY_CHOICES = choices(
    [
        ("post", "By post"),
        ("by_hand", "By hand, at the contact where it is explained"),
        ("safe_contact", "To the recipient's safe contact"),
    ]
)


class Checkboxes(SelectMultipleField):
    """Several choices as GOV.UK checkboxes (the template draws them); no
    choice is valid."""

    def pre_validate(self, form: Any) -> None:
        values = {value for value, _ in pairs(self)}
        for value in self.data or []:
            if value not in values:
                raise ValidationError("Choose from the list")


def valid_id(form: Any, field: Any) -> None:
    if field.data and not ID_RE.fullmatch(field.data):
        raise ValidationError("Use only small letters a to z, numbers, hyphens (-) and underscores (_)")


def split_tags(text: str | None) -> list[str]:
    """The language tags typed in one field, separated by commas, as typed."""
    return [tag.strip() for tag in (text or "").split(",") if tag.strip()]


def valid_email(form: Any, field: Any) -> None:
    """An email address as the invitations will use it (``calendar.event.plain_email``)."""
    from ..calendar.event import plain_email

    if (field.data or "").strip() and plain_email(field.data) is None:
        raise ValidationError("Enter an email address in the correct format, like name@example.com")


class DateParts(Form):
    """A GOV.UK date input: day, month and year."""

    day = StringField("Day")
    month = StringField("Month")
    year = StringField("Year")

    def filled(self) -> bool:
        return any((f.data or "").strip() for f in (self.day, self.month, self.year))

    def value(self) -> dt.date | None:
        """The date, None when left empty; ValueError with what to fix."""
        parts = [(f.data or "").strip() for f in (self.day, self.month, self.year)]
        if not any(parts):
            return None
        names = ("a day", "a month", "a year")
        missing = [name for name, part in zip(names, parts, strict=True) if not part]
        if missing:
            raise ValueError("The date must include " + " and ".join(missing))
        if not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
            raise ValueError("Write the date with numbers, for example 27 3 2007")
        try:
            return dt.date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise ValueError("The date must be a real date, for example 27 3 2007") from None

    def set(self, value: dt.date | None) -> None:
        self.day.data = str(value.day) if value else ""
        self.month.data = str(value.month) if value else ""
        self.year.data = str(value.year) if value else ""


def parse_time(text: str | None) -> dt.time | None:
    if not text or not text.strip():
        return None
    found = TIME_RE.match(text)
    if not found:
        raise ValueError("Write the time on the 24-hour clock, for example 14:30")
    return dt.time(int(found[1]), int(found[2]))


class SignInForm(FlaskForm):
    name = StringField("User name", validators=[DataRequired("Enter your user name"), Length(max=200)])
    password = PasswordField("Password", validators=[DataRequired("Enter your password"), Length(max=1024)])


class VersionForm(FlaskForm):
    """Every form that changes a case carries the version it started from."""

    version = HiddenField()
    reason = StringField("Why (for the history, optional)", validators=[Optional(), Length(max=500)])


class PickerForm(VersionForm):
    """A form with the language picker ("Find a language", then "Which
    language?" among every candidate): members and interpreters."""

    find_language = StringField(
        "Find a language",
        description=(
            "Its name in English or in the language itself, or its tag (for example Polish, polski, pl)."
        ),
        validators=[Optional(), Length(max=60)],
    )
    pick_language = RadioField("Which language?", choices=[], validate_choice=False)


class LanguageRow(Form):
    tag = StringField("Language tag", validators=[Optional(), Length(max=64)])
    speaks = SelectField("Speaks (or signs)", choices=LEVEL_CHOICES, default="native")
    reads = SelectField("Reads", choices=LEVEL_CHOICES, default="none")


class MemberForm(PickerForm):
    id = StringField(
        "Short id",
        description="Used in the case file to refer to this person: small letters, numbers and hyphens.",
        validators=[InputRequired("Enter a short id"), Length(max=100), valid_id],
    )
    name = StringField("Full name", validators=[DataRequired("Enter the person's name"), Length(max=500)])
    role = SelectField("Role in the family", choices=ROLE_CHOICES)
    date_of_birth = FormField(DateParts)
    gender = RadioField(
        "Gender",
        choices=choices([("", "Not recorded"), ("female", "Female"), ("male", "Male"), ("other", "Other")]),
        default="",
        validate_choice=False,
    )
    household = BooleanField("Lives in the child's home", default=True)
    address = TextAreaField("Address (for letters)", validators=[Optional(), Length(max=1000)])
    languages = FieldList(FormField(LanguageRow), min_entries=1)
    preferred_spoken = StringField(
        "Preferred spoken language (tag, optional)", validators=[Optional(), Length(max=64)]
    )
    preferred_written = StringField(
        "Preferred written language (tag, optional)", validators=[Optional(), Length(max=64)]
    )
    interpreter = RadioField(
        "Interpreter",
        choices=choices(
            [
                ("auto", "Decide from the languages recorded"),
                ("required", "Always needs an interpreter"),
                ("not_needed", "Does not need an interpreter"),
            ]
        ),
        default="auto",
    )
    interpreter_gender = SelectField(
        "Asked for an interpreter who is",
        choices=choices([("", "No preference"), ("female", "A woman"), ("male", "A man")]),
        default="",
    )
    communication_needs = Checkboxes("Communication needs", choices=NEED_CHOICES)
    alleged_perpetrator = BooleanField("Alleged to harm a member of the family")
    assessment_date = FormField(DateParts)
    assessment_method = SelectField(
        "How the language needs were established", choices=METHOD_CHOICES, default=""
    )
    assessment_by = StringField("Assessed by", validators=[Optional(), Length(max=500)])


class InterpretingRow(Form):
    for_ = Checkboxes("For", choices=[])
    language = StringField("Language tag", validators=[Optional(), Length(max=64)])
    who = SelectField("Interpreter", choices=[], validate_choice=False)
    mode = SelectField("How", choices=MODE_CHOICES, default="in_person")
    status = SelectField("Booking", choices=ARRANGEMENT_CHOICES, default="requested")
    booking_reference = StringField("Booking reference", validators=[Optional(), Length(max=200)])
    relay = SelectField("Deaf relay interpreter", choices=[], validate_choice=False)


class AloneRow(Form):
    child = SelectField("Child", choices=[], validate_choice=False)
    minutes = IntegerField("Minutes", validators=[Optional(), NumberRange(min=1, max=1440)])
    who = SelectField("Interpreter", choices=[], validate_choice=False)
    language = StringField("Language tag (optional)", validators=[Optional(), Length(max=64)])


class ContactForm(VersionForm):
    id = StringField(
        "Short id",
        description="For example hv-2026-12-08: small letters, numbers and hyphens.",
        validators=[InputRequired("Enter a short id"), Length(max=100), valid_id],
    )
    kind = SelectField("Kind of contact", choices=KIND_CHOICES)
    title = StringField("Title (optional)", validators=[Optional(), Length(max=200)])
    date = FormField(DateParts)
    time = StringField("Time", description="On the 24-hour clock, for example 14:30.")
    duration = IntegerField(
        "Length in minutes",
        default=60,
        validators=[InputRequired("Enter how long it lasts"), NumberRange(min=1, max=1440)],
    )
    location = TextAreaField("Where", validators=[Optional(), Length(max=1000)])
    status = SelectField("Status", choices=STATUS_CHOICES, default="planned")
    practitioners = TextAreaField(
        "Practitioners",
        description='One a line: "Name <email>" or just the name.',
        validators=[Optional(), Length(max=5000)],
    )
    attendees = Checkboxes("Who is expected", choices=[])
    interpreting = FieldList(FormField(InterpretingRow), min_entries=1)
    seen_alone = FieldList(FormField(AloneRow), min_entries=1)
    seen = Checkboxes("Who was actually seen (for a held contact)", choices=[])
    follow_up_of = Checkboxes("This contact follows up", choices=[])
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=5000)])


class LetterForm(VersionForm):
    id = StringField(
        "Short id",
        description="For example inv-hv-03: small letters, numbers and hyphens.",
        validators=[InputRequired("Enter a short id"), Length(max=100), valid_id],
    )
    template = RadioField("Letter", choices=TEMPLATE_CHOICES, default="appointment")
    to = SelectField("To", choices=[])
    contact = SelectField("About the contact", choices=[], validate_choice=False)
    languages = StringField(
        "Languages (optional)",
        description="Tags separated by commas; leave empty for the recipient's own written language.",
        validators=[Optional(), Length(max=200)],
    )
    delivery = RadioField("How it reaches them", choices=DELIVERY_CHOICES, default="post")
    explained_at = SelectField("Gone through with them at", choices=[], validate_choice=False)
    sent = FormField(DateParts)


class PlanForm(FlaskForm):
    version = HiddenField()
    kind = SelectField("Kind of contact", choices=KIND_CHOICES, default="home_visit")
    date = FormField(DateParts)
    time = StringField("Time", description="On the 24-hour clock, for example 10:00.")
    duration = IntegerField(
        "Length in minutes (optional)",
        description="Raised to what the checks need.",
        validators=[Optional(), NumberRange(min=1, max=1440)],
    )
    attendees = Checkboxes("Who attends (optional)", choices=[])
    practitioner = StringField(
        "Who goes (optional)",
        description='"Name <email>" or just the name; default: the lead practitioner.',
        validators=[Optional(), Length(max=300)],
    )
    location = StringField("Where (optional)", validators=[Optional(), Length(max=500)])


class AcknowledgeForm(VersionForm):
    code = HiddenField()
    member = HiddenField()
    contact = HiddenField()
    letter = HiddenField()
    why = TextAreaField(
        "Why this is acknowledged",
        description="What was learnt, and what was done about it.",
        validators=[DataRequired("Say why the finding is acknowledged"), Length(max=2000)],
    )


class NewCaseForm(FlaskForm):
    """A case started on the page: its reference and the first member (a
    case file has at least one); languages, the rest of the family, contacts
    and letters are added on the case's page."""

    reference = StringField(
        "Case reference",
        description="As your case management system shows it, for example CP-2026-0412 or CP/2026/0412.",
        validators=[DataRequired("Enter the case reference"), Length(max=100)],
    )
    timezone = StringField(
        "Time zone",
        description="Where the family lives: times of contacts are in this zone.",
        default="Europe/London",
        validators=[DataRequired("Enter a time zone, for example Europe/London"), Length(max=64)],
    )
    agency = StringField("Your service (optional)", validators=[Optional(), Length(max=500)])
    lead_name = StringField("Lead practitioner (optional)", validators=[Optional(), Length(max=500)])
    lead_email = StringField(
        "Lead practitioner's email (optional)", validators=[Optional(), Length(max=320), valid_email]
    )
    member_name = StringField(
        "Full name", validators=[DataRequired("Enter the name of the child or adult"), Length(max=500)]
    )
    member_id = StringField(
        "Short id",
        description="Used in the case file to refer to this person, for example ali or child-1.",
        validators=[InputRequired("Enter a short id"), Length(max=100), valid_id],
    )
    member_role = SelectField("Role in the family", choices=ROLE_CHOICES, default="subject_child")
    member_born = FormField(DateParts)


class RemoveForm(VersionForm):
    """Removing a member, contact, letter or interpreter: the reason is kept in the history."""

    reason = StringField(
        "Why it is removed",
        description="Kept in the case's history, with your name.",
        validators=[DataRequired("Say why it is removed"), Length(max=500)],
    )


class ImportForm(FlaskForm):
    file = FileField("Case file (YAML or JSON)")
    replace = BooleanField("If the case is already here, save this file as its new version")


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token (sign out)."""
