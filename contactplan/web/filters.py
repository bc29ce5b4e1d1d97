"""The page's words for the case file's values (roles, statuses, levels)
and the Jinja filters: the shared English wording
(:mod:`contactplan.wording`) and language names (:func:`contactplan.api.language_name`)."""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

from flask import Flask
from markupsafe import Markup

from ..vocabulary import CONTACT_KINDS
from ..wording import format_day, mode_words, plural
from .naming import template_label

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
    from ..api import language_name

    try:
        english, own = language_name(tag, written)
    except Exception:  # a tag the engine can't name: show it as written
        return Markup("{}").format(tag)
    if own == english:
        return Markup("{}").format(english)
    return Markup('{} (<bdi lang="{}">{}</bdi>)').format(english, tag, own)


def kind(name: str | None) -> str:
    return CONTACT_KINDS[name].title if name in CONTACT_KINDS else (name or "")


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
    from .mapping import error_list

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
    app.jinja_env.globals.update(error_list=error_list)
