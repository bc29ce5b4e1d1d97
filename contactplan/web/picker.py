"""The language picker, shared by the forms that take a language (a
member's, an interpreter's): "Find a language" (an English name, the
language's own name or its tag), then "Which language?" among every
candidate where a name could mean several (``Kurdish``: Kurmanji or
Sorani). The candidates come from the language engine
(:func:`contactplan.api.find_languages`), as the case file reader's
suggestions do."""

from __future__ import annotations

from typing import Any

from flask import request
from markupsafe import Markup
from wtforms.validators import Length, Optional, ValidationError

from ..api import LanguageCandidate, find_languages, normalize_tag
from ..errors import UnknownLanguageError
from .fields import Radios, TextInput
from .filters import language

__all__ = [
    "NOTHING_FOUND",
    "NOTHING_TYPED",
    "Picker",
    "find_language",
    "parse_tags",
    "picked_language",
    "valid_tag",
]

#: What the picker says when nothing matches what was typed, and when nothing was.
NOTHING_FOUND = "No language found by that name or tag: try its English name, its own name or its tag"
NOTHING_TYPED = "Type a language's name or its tag to find it"


class Picker:
    """The picker's two fields, for a form class to include."""

    find_language = TextInput(
        "Find a language",
        description=(
            "Its name in English or in the language itself, or its tag (for example Polish, polski, pl)."
        ),
        validators=[Optional(), Length(max=60)],
        case=False,
        render_kw={"classes": "govuk-input--width-20", "spellcheck": "false"},
    )
    pick_language = Radios("Which language?", case=False, render_kw={"small": True})


def _offer(form: Any, spoken: bool) -> list[LanguageCandidate]:
    found, hint = find_languages(form.find_language.data or "")
    if spoken:
        found = [c for c in found if not c.written] or found
    form.pick_language.offer(
        (c.tag, Markup("{} ({})").format(language(c.tag, c.written), c.tag)) for c in found
    )
    if len(found) == 1:
        form.pick_language.data = found[0].tag
    form.picker_hint = hint
    return found


def find_language(form: Any, context: dict[str, Any], spoken: bool = False) -> None:
    """ "Find the language": the candidates (and any hint) into ``context``.
    ``spoken``: only spoken or signed languages (an interpreter's), unless
    the name is only of a written one."""
    found = _offer(form, spoken)
    context.update(found=found, hint=form.picker_hint)
    if not found and not form.picker_hint:
        context["hint"] = NOTHING_FOUND if (form.find_language.data or "").strip() else NOTHING_TYPED


def picked_language(form: Any, context: dict[str, Any], spoken: bool = False) -> str | None:
    """ "Add this language": the tag chosen among the candidates, the picker
    emptied for the next one; None, and the picker asking again, when
    nothing (or something not offered) was chosen."""
    found = _offer(form, spoken)
    picked = request.form.get("pick_language")
    if picked and picked in {c.tag for c in found}:
        form.find_language.data = ""
        form.pick_language.options = []
        return picked
    context.update(found=found, hint="Choose one of the languages found")
    return None


def parse_tags(text: str | None) -> list[str]:
    """The language tags in ``text`` (separated by commas), each in its
    canonical form; ValueError with what to write instead (the picker's words)."""
    tags: list[str] = []
    for typed in [t.strip() for t in (text or "").split(",") if t.strip()]:
        tag = _tag(typed)
        if tag not in tags:
            tags.append(tag)
    return tags


def _tag(typed: str) -> str:
    try:
        return normalize_tag(typed)
    except UnknownLanguageError as refused:
        if type(refused) is not UnknownLanguageError:  # refused with a reason (bsl, Kurdish, ...)
            hint = getattr(refused, "hint", None)
            raise ValueError(f"{refused}" + (f" ({hint})" if hint else "")) from None
        shown = typed if len(typed) <= 40 else typed[:40] + "..."
        raise ValueError(f"{shown!r}: {NOTHING_FOUND[0].lower()}{NOTHING_FOUND[1:]}") from None


def valid_tag(form: Any, field: Any) -> None:
    """A validator: the field holds one language tag the reader takes."""
    text = (field.data or "").strip()
    if text and field.data != getattr(field, "original", None):
        try:
            _tag(text)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None
