"""The forms of the admin pages: an account (add, change), a case's team and
who may see it, and the audit's filters."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms.validators import DataRequired, Length, Optional

from ..fields import Checkboxes, DateInput, Radios, Select, TextInput

__all__ = [
    "ROLE_WORDS",
    "AccountForm",
    "AddAccountForm",
    "AuditFilterForm",
    "MoveForm",
    "RestrictForm",
]

#: Each role in words, with what it may do.
ROLE_WORDS = {
    "practitioner": ("Practitioner", "Sees and changes the cases of their team."),
    "manager": ("Manager", "As a practitioner, and may restrict their team's cases to named people."),
    "admin": ("Administrator", "Sees and changes every case; looks after accounts, teams and the audit."),
    "auditor": ("Auditor", "Reads every case and the audit; changes nothing."),
}
ROLES = [(value, words) for value, (words, _) in ROLE_WORDS.items()]

_TEAM_HINT = (
    "The team whose cases they see, as your organisation names it. A new name starts a new team. "
    "Leave it empty for no team: they then see no case until they are given one."
)


class AccountForm(FlaskForm):  # type: ignore[misc]
    """An account's role, team, whether it may sign in, and a new password."""

    role = Radios("Role", validators=[DataRequired("Choose a role")], choices=ROLES, case=False)
    team = TextInput("Team", description=_TEAM_HINT, validators=[Optional(), Length(max=200)], case=False)
    access = Radios(
        "Can they sign in?",
        validators=[DataRequired("Choose whether they can sign in")],
        choices=[
            ("enabled", "Yes"),
            ("disabled", "No, the account is disabled (every session it has ends now)"),
        ],
        case=False,
    )
    password = TextInput(
        "New password (optional)",
        description="Only for someone who lost theirs: at least 12 characters. Their sessions end.",
        validators=[Optional(), Length(max=1024)],
        render_kw={"type": "password", "autocomplete": "new-password"},
        case=False,
    )


class AddAccountForm(FlaskForm):  # type: ignore[misc]
    name = TextInput(
        "Name",
        description="As they will sign in, and as saved versions and the audit will show them.",
        validators=[DataRequired("Enter their name"), Length(max=200)],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
        case=False,
    )
    password = TextInput(
        "Password",
        description="At least 12 characters (a few words make a good one). Give it to them in person.",
        validators=[DataRequired("Enter a password"), Length(max=1024)],
        render_kw={"type": "password", "autocomplete": "new-password"},
        case=False,
    )
    role = Radios("Role", validators=[DataRequired("Choose a role")], choices=ROLES, case=False)
    team = TextInput("Team", description=_TEAM_HINT, validators=[Optional(), Length(max=200)], case=False)


class MoveForm(FlaskForm):  # type: ignore[misc]
    team = Select("Team", description="The team whose people see and change this case.", case=False)


class RestrictForm(FlaskForm):  # type: ignore[misc]
    names = Checkboxes(
        "Who may see this case",
        description=(
            "Tick the people who may see it, whatever their team (administrators and auditors always may). "
            "Tick nobody to let the whole team see it again."
        ),
        case=False,
    )


class AuditFilterForm(FlaskForm):  # type: ignore[misc]
    """The audit's filters, sent in the address (a GET form: no token)."""

    class Meta:
        csrf = False

    case = TextInput("Case reference", validators=[Optional(), Length(max=200)], case=False)
    user = TextInput("Person", validators=[Optional(), Length(max=200)], case=False)
    since = DateInput("Since", case=False)
