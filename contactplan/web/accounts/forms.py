"""The forms of signing in and out."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms.validators import DataRequired, Length

from ..fields import TextInput

__all__ = ["ConfirmForm", "SignInForm"]


class SignInForm(FlaskForm):  # type: ignore[misc]
    name = TextInput(
        "User name",
        validators=[DataRequired("Enter your user name"), Length(max=200)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = TextInput(
        "Password",
        validators=[DataRequired("Enter your password"), Length(max=1024)],
        render_kw={"type": "password", "autocomplete": "current-password"},
    )


class ConfirmForm(FlaskForm):  # type: ignore[misc]
    """A form with nothing but its CSRF token (sign out)."""
