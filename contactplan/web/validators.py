"""Checks a form makes while the user types (a date, an email address, a
telephone number), each saying how to put it right, the GOV.UK way. What
is right about a plan is for the library's checks, not these."""

from __future__ import annotations

import re
from typing import Any

from wtforms.validators import ValidationError

from ..api import plain_email

__all__ = ["changed", "valid_email", "valid_phone"]

_PHONE = re.compile(r"^\+?[\d\s().\-/]+(?:\s*(?:ext\.?|extension|x)\s*\d+)?$", re.IGNORECASE)


def changed(field: Any) -> bool:
    """Whether the field holds something other than what the case had
    (:meth:`~contactplan.web.mapping.CaseMapping.know`): what was there is
    never refused again, only what is typed. A value sent back as the browser
    shows it (a one-line input drops line breaks) is what was there."""
    original = getattr(field, "original", None)
    return bool((field.data or "").strip()) and field.case_value(original) is not original


def valid_email(form: Any, field: Any) -> None:
    """An email address as invitations will use it."""
    if changed(field) and plain_email(field.data) is None:
        raise ValidationError("Enter an email address in the correct format, like name@example.com")


def valid_phone(form: Any, field: Any) -> None:
    text = (field.data or "").strip()
    if changed(field) and not (_PHONE.fullmatch(text) and sum(ch.isdigit() for ch in text) >= 6):
        raise ValidationError("Enter a telephone number, like 01632 960 001 or +44 808 157 0192")
