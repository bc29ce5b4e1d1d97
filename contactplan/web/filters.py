"""Jinja filters: the shared English wording (:mod:`contactplan.wording`)
and language names (:mod:`contactplan.languages`), for the templates."""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

from flask import Flask
from markupsafe import Markup

from ..vocabulary import CONTACT_KINDS, LETTER_TEMPLATES
from ..wording import format_day, mode_words, plural

_LONDON = ZoneInfo("Europe/London")

ROLES = {
    "subject_child": "Subject child",
    "sibling": "Sibling",
    "other_child": "Other child",
    "parent": "Parent",
    "step_parent": "Step-parent",
    "partner": "Partner of a parent",
    "carer": "Carer",
    "relative": "Relative",
    "other_adult": "Other adult",
}
STATUSES = {
    "planned": "Planned",
    "held": "Held",
    "cancelled": "Cancelled",
    "was_not_brought": "Was not brought",
    "no_access": "No access",
    "did_not_attend": "Did not attend",
}
LEVELS = {
    "none": "None",
    "basic": "Basic",
    "conversational": "Conversational",
    "fluent": "Fluent",
    "native": "Native",
}


@functools.lru_cache(maxsize=1024)
def language(tag: str | None, written: bool = False) -> Markup:
    """``Polish (polski)``, the language's own name isolated (``<bdi>``) so
    that a right-to-left name doesn't scramble the line; the tag itself when
    the engine can't name it."""
    if not tag:
        return Markup("")
    from ..languages import english_name, own_name, written_name

    try:
        english = written_name(tag) if written else english_name(tag)
        own = own_name(tag, written)
    except Exception:  # a tag the engine can't name: show it as written
        return Markup("{}").format(tag)
    if own == english:
        return Markup("{}").format(english)
    return Markup('{} (<bdi lang="{}">{}</bdi>)').format(english, tag, own)


def kind(name: str | None) -> str:
    return CONTACT_KINDS[name].title if name in CONTACT_KINDS else (name or "")


def template_label(name: str) -> str:
    """``Appointment letter``: a letter template's name on the page."""
    return LETTER_TEMPLATES[name].label.capitalize() if name in LETTER_TEMPLATES else name


def day(value: dt.date | None) -> str:
    return format_day(value) if value else ""


@functools.lru_cache(maxsize=4096)
def when(value: dt.datetime | None, zone: str | dt.tzinfo | None = None) -> str:
    """A date and time in the case's zone (UTC instants are converted):
    ``10 Nov 2026 at 14:30``, as :func:`contactplan.wording.format_day_time`."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        tz = ZoneInfo(zone) if isinstance(zone, str) else (zone or _LONDON)
        value = value.astimezone(tz)
    return f"{format_day(value.date())} at {value.hour:02d}:{value.minute:02d}"


def register(app: Flask) -> None:
    app.jinja_env.filters.update(
        language=language,
        day=day,
        when=when,
        plural=plural,
        mode=mode_words,
        role=lambda r: ROLES.get(r, r),
        status=lambda s: STATUSES.get(s, s),
        level=lambda v: LEVELS.get(v, v),
        kind=kind,
        template=template_label,
    )
    app.jinja_env.globals.update(
        ROLES=ROLES,
        STATUSES=STATUSES,
        LEVELS=LEVELS,
        KINDS=CONTACT_KINDS,
        error_list=error_list,
        pairs=_pairs,
    )


def _pairs(field: object) -> list[tuple[str, str]]:
    from .forms import pairs

    return pairs(field)


def error_list(form: object | None, problem: dict[str, object] | str | None = None) -> list[tuple[str, str]]:
    """The error summary's entries: (the id of the field to go to, the message)."""
    out: list[tuple[str, str]] = []
    if isinstance(problem, str):
        out.append(("", problem))
    elif problem:
        field = problem.get("field")
        target = _field_id(form, str(field)) if field else ""
        out.append((target, _sentence(str(problem.get("message", "")))))
    if form is not None:
        for field in form:  # type: ignore[attr-defined]
            _collect(field, out)
    return out


def _field_id(form: object | None, name: str) -> str:
    if form is None:
        return ""
    field = getattr(form, name, None)
    if field is None:
        return ""
    if field.type == "FormField":
        return f"{field.id}-day"
    if field.type == "FieldList":
        return field.entries[0].id + "-" + next(iter(field.entries[0].form._fields)) if field.entries else ""
    ident: str = field.id
    return ident


def _collect(field: object, out: list[tuple[str, str]]) -> None:
    kind = getattr(field, "type", "")
    if kind == "FormField":
        for sub in field.form:  # type: ignore[attr-defined]
            _collect(sub, out)
        return
    if kind == "FieldList":
        for entry in field.entries:  # type: ignore[attr-defined]
            _collect(entry, out)
        return
    if kind == "CSRFTokenField":
        return
    for message in getattr(field, "errors", []) or []:
        if isinstance(message, str):
            out.append((getattr(field, "id", ""), _sentence(message)))


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
