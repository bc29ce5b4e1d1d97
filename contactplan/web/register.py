"""The case's register of interpreters: "Add an interpreter" and "Change an
interpreter" (the ``interpreters`` of the case file).

Saved the same way as a member, a contact or a letter (``views._save_item``):
the case file reader, then the store, which checks the case and keeps its
findings with the new version; when someone else saved first, the form comes
back with what they changed and everything typed kept. The checks decide
what matters about an interpreter (CP104: no professional registration;
CP105: known to the family); the form only checks what a person can get
wrong while typing: an id, a language tag, an e-mail address, a telephone
number.
"""

from __future__ import annotations

import re
import typing
from typing import Any

from flask import abort, request
from wtforms import RadioField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from ..model import Gender, Interpreter
from . import edits
from .forms import Checkboxes, PickerForm, choices, split_tags, valid_email, valid_id
from .picker import NOTHING_FOUND
from .views import _page, _save_item, _stored, find_language, picked_language, web

__all__ = ["InterpreterForm", "interpreter", "interpreter_from_form", "interpreter_to_form", "parse_tags"]

_PHONE = re.compile(r"^\+?[\d\s().\-/]+(?:\s*(?:ext\.?|extension|x)\s*\d+)?$", re.IGNORECASE)


def parse_tags(text: str | None) -> list[str]:
    """The language tags in ``text`` (separated by commas), each in its
    canonical form; ValueError with what to write instead (the language
    picker's words: ``'Polish' is the name of a language: write its tag
    (did you mean 'pl'?)``)."""
    from ..errors import UnknownLanguageError
    from ..languages import LanguageTagRefused, normalize_tag

    tags: list[str] = []
    for typed in split_tags(text):
        try:
            tag = normalize_tag(typed)
        except LanguageTagRefused as refused:
            raise ValueError(f"{refused}" + (f" ({refused.hint})" if refused.hint else "")) from None
        except UnknownLanguageError:
            shown = typed if len(typed) <= 40 else typed[:40] + "..."
            raise ValueError(f"{shown!r}: {NOTHING_FOUND[0].lower()}{NOTHING_FOUND[1:]}") from None
        if tag not in tags:
            tags.append(tag)
    return tags


def _valid_tags(form: Any, field: Any) -> None:
    try:
        tags = parse_tags(field.data)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    if not tags:
        raise ValidationError("Enter at least one language the interpreter works in")


def _valid_phone(form: Any, field: Any) -> None:
    text = (field.data or "").strip()
    if text and not (_PHONE.fullmatch(text) and sum(ch.isdigit() for ch in text) >= 6):
        raise ValidationError("Enter a telephone number, like 01632 960 001 or +44 808 157 0192")


GENDER_CHOICES = choices(
    [("", "Not recorded"), *((value, value.capitalize()) for value in typing.get_args(Gender))]
)


class InterpreterForm(PickerForm):
    id = StringField(
        "Short id",
        description="For example int-ewa: small letters, numbers and hyphens. Fixed once saved.",
        validators=[InputRequired("Enter a short id"), Length(max=100), valid_id],
    )
    name = StringField(
        "Full name", validators=[DataRequired("Enter the interpreter's name"), Length(max=500)]
    )
    agency = StringField("Agency (optional)", validators=[Optional(), Length(max=500)])
    registration = StringField(
        "Professional registration (optional)",
        description=(
            "For example NRPSI 12345 (National Register of Public Service Interpreters). "
            "The checks flag an interpreter without one (CP104)."
        ),
        validators=[Optional(), Length(max=200)],
    )
    languages = StringField(
        "Languages they interpret",
        description=(
            "Their tags, separated by commas (for example pl, or bfi for British Sign Language). "
            "Don't know the tag? Find the language below."
        ),
        validators=[Length(max=500), _valid_tags],
    )
    gender = RadioField("Gender", choices=GENDER_CHOICES, default="")
    email = StringField("Email address (optional)", validators=[Optional(), Length(max=254), valid_email])
    phone = StringField("Telephone number (optional)", validators=[Optional(), Length(max=50), _valid_phone])
    known_to = Checkboxes(
        "Known to the family",
        description=(
            "Anyone in the family this interpreter knows personally: a relative, a friend, a neighbour, "
            "someone from the same small community. The checks flag them interpreting where that person "
            "is (CP105): the family may not speak freely."
        ),
        choices=[],
    )


def interpreter_to_form(interpreter: Interpreter, form: InterpreterForm) -> None:
    form.id.data = interpreter.id
    form.name.data = interpreter.name
    form.agency.data = interpreter.agency or ""
    form.registration.data = interpreter.registration or ""
    form.languages.data = ", ".join(interpreter.languages)
    form.gender.data = interpreter.gender or ""
    form.email.data = interpreter.email or ""
    form.phone.data = interpreter.phone or ""
    form.known_to.data = list(interpreter.known_to)


def interpreter_from_form(form: InterpreterForm) -> dict[str, Any]:
    """The interpreter as case data (the case file's ``interpreters`` entry)."""
    from ..calendar.event import plain_email

    ident = (form.id.data or "").strip()
    try:
        tags = parse_tags(form.languages.data)
    except ValueError as exc:  # checked by the form already; kept for a direct call
        raise edits.FormProblem(str(exc), "languages") from None
    data: dict[str, Any] = {"id": ident, "name": " ".join((form.name.data or "").split()), "languages": tags}
    for key in ("agency", "registration", "phone"):
        value = " ".join((getattr(form, key).data or "").split())
        if value:
            data[key] = value
    if form.gender.data:
        data["gender"] = form.gender.data
    if (form.email.data or "").strip():
        data["email"] = plain_email(form.email.data) or form.email.data.strip()
    if form.known_to.data:
        data["known_to"] = list(form.known_to.data)
    return data


@web.route(
    "/cases/<reference:reference>/interpreters/add", methods=["GET", "POST"], endpoint="add_interpreter"
)
@web.route("/cases/<reference:reference>/interpreters/<interpreter_id>", methods=["GET", "POST"])
def interpreter(reference: str, interpreter_id: str | None = None) -> Any:
    stored = _stored(reference)
    case = stored.case
    if interpreter_id is not None and interpreter_id not in {i.id for i in case.interpreters}:
        abort(404)
    form = InterpreterForm()
    form.known_to.choices = choices((m.id, m.name) for m in case.members)
    problem: dict[str, Any] | None = None
    context: dict[str, Any] = {"found": None, "hint": None}
    if request.method == "GET":
        form.version.data = str(stored.version)
        if interpreter_id is not None:
            interpreter_to_form(case.interpreter(interpreter_id), form)
    elif "find" in request.form:
        find_language(form, context, spoken=True)
    elif "add_language" in request.form:
        picked = picked_language(form, context, spoken=True)
        if picked:
            typed = split_tags(form.languages.data)
            if picked not in typed:
                typed.append(picked)
            form.languages.data = ", ".join(typed)
    elif form.validate_on_submit():
        saved, problem = _save_item(
            reference,
            stored,
            form,
            "interpreters",
            interpreter_id,
            lambda _old: interpreter_from_form(form),
            context,
        )
        if saved is not None:
            return saved
    try:
        context["named"] = parse_tags(form.languages.data)
    except ValueError:
        context["named"] = []
    status = 409 if context.get("conflict") else 400 if (problem or form.errors) else 200
    return _page(
        "interpreter.html", stored, form=form, interpreter_id=interpreter_id, problem=problem, **context
    ), status
