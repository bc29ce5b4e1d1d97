"""One mapping between the page's forms and the case model, each way.

A form's fields are named by the case file's keys, so:

- **case to form**: a form is filled from an item's plain data
  (:func:`contactplan.api.case_data`), key by key (:meth:`CaseMapping.fill`);
- **form to case**: :meth:`CaseMapping.to_case` lays what was posted over
  the item as it was (keys the form doesn't show stay as they were; a field
  sent back as it was shown keeps its value exactly as written), and the
  case is read by the same checks as a case file
  (:func:`contactplan.api.read_case_data`), never through YAML text;
- **the reader's errors** (``members[1].languages[0].tag: unknown
  language``) are put on the field they name (:func:`place_error`), in the
  page's words.

Nothing here decides what is right about a plan: the library does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Form, HiddenField

from ..errors import CaseFileError
from .fields import ChoiceField, TextInput

__all__ = [
    "CaseForm",
    "CaseMapping",
    "FormProblem",
    "RowForm",
    "error_list",
    "place_error",
    "split_path",
]


class FormProblem(Exception):
    """Input a form can't turn into case data: what to fix, and the field
    (a form field, or None for the whole form)."""

    def __init__(self, message: str, field: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class CaseMapping:
    """What a form of case data can do: fill itself from an item, lay
    itself over one, and say an item in words."""

    #: Fields that, left empty, make a row empty (not kept).
    KEYS: tuple[str, ...] = ()

    def case_fields(self) -> Iterator[Any]:
        for field in self:  # type: ignore[attr-defined]
            if getattr(field, "case", False):
                yield field

    def shown_keys(self) -> list[str]:
        return [f.short_name for f in self.case_fields()]

    def to_case(self, original: dict[str, Any] | None) -> dict[str, Any]:
        """The item with what was posted laid over ``original``."""
        out = dict(original or {})
        for field in self.case_fields():
            out[field.short_name] = field.case_value(out.get(field.short_name))
        return out

    def know(self, item: dict[str, Any] | None) -> None:
        """Tell each field what the case had (``field.original``), so that
        a check of what is typed leaves what was there alone."""
        for field in self.case_fields():
            value = (item or {}).get(field.short_name)
            field.original = value
            sub = getattr(field, "form", None)
            if sub is not None and hasattr(sub, "know"):
                sub.know(value if isinstance(value, dict) else None)
            for index, entry in enumerate(getattr(field, "entries", []) or []):
                rows = value if isinstance(value, list) else []
                entry.form.know(rows[index] if index < len(rows) and isinstance(rows[index], dict) else None)

    def fill(self, item: dict[str, Any] | None) -> None:
        """Show ``item`` (plain case data) in the form's fields."""
        for field in self.case_fields():
            field.process(None, (item or {}).get(field.short_name))

    def is_empty(self) -> bool:
        keys = self.KEYS or tuple(self.shown_keys())
        return all(self[k].case_value(None) in (None, [], False) for k in keys)  # type: ignore[index]

    def describe(self, item: dict[str, Any]) -> str:
        """``item`` in words: each key the form shows, by its label."""
        parts = []
        for field in self.case_fields():
            value = item.get(field.short_name)
            if value in (None, [], False, ""):
                continue
            words = field.words(value)
            label = getattr(getattr(field, "label", None), "text", field.short_name)
            parts.append(words if field.short_name in self.KEYS[:1] else f"{label.lower()}: {words}")
        return ", ".join(parts) or "nothing"


class RowForm(CaseMapping, Form):  # type: ignore[misc]
    """A row of a list, or a group of keys: part of a form, without a CSRF token."""


class CaseForm(CaseMapping, FlaskForm):  # type: ignore[misc]
    """Every form that changes a case: the version it started from (a save
    without it is refused) and why, for the history."""

    version = HiddenField()
    reason = TextInput(
        "Why (for the history, optional)",
        case=False,
        render_kw={"classes": "govuk-!-width-full"},
    )

    def base_version(self) -> int | None:
        """The version of the case the form was opened at, or None when it wasn't sent."""
        text = (self.version.data or "").strip()
        return int(text) if text.isdigit() and len(text) < 10 else None

    def why(self, default: str) -> str:
        given = " ".join((self.reason.data or "").split())[:500]
        return given or default


# --------------------------------------------------------------------------
# The reader's errors, on the fields they name

_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def split_path(field: str) -> list[str | int]:
    """``members[1].languages[0].tag`` as ``["members", 1, "languages", 0, "tag"]``."""
    return [name if name else int(index) for name, index in _PART.findall(field)]


def place_error(form: Any, error: CaseFileError, prefix: list[str | int]) -> None:
    """Put the reader's ``error`` on the field of ``form`` it names (its path
    after ``prefix``, the item the form edits: ``["members", 1]``), in the
    page's words; on the form itself when it names no field of it."""
    path = split_path(error.field or "")
    message = reword(error.message + (f" ({error.hint})" if error.hint else ""), form)
    target: Any = None
    if path[: len(prefix)] == prefix:
        target = _resolve(form, path[len(prefix) :])
    if target is not None and hasattr(target, "add_error"):
        target.add_error(message)
    else:
        form.form_errors.append(message)


def _resolve(form: Any, path: list[str | int]) -> Any:
    """The deepest field of ``form`` along ``path``."""
    current: Any = form
    found: Any = None
    for part in path:
        if isinstance(part, int):
            entries = getattr(current, "entries", None)
            if entries is None or part >= len(entries):
                break
            current = entries[part].form
            continue
        fields = getattr(current, "_fields", None)
        if fields is None:
            fields = getattr(getattr(current, "form", None), "_fields", None)
        if not fields:
            break
        match = next((f for f in fields.values() if f.short_name == part and getattr(f, "case", False)), None)
        if match is None:
            break
        found = match
        current = match
    return found


_QUOTED = re.compile(r"'([a-z][a-z0-9]*(?:_[a-z0-9]+)+)'")


def reword(message: str, form: Any) -> str:
    """The reader's message for the page: a value written as the file
    writes it (``'subject_child'``) in the words the form offers it in."""
    labels: dict[str, str] = {}

    def collect(container: Any) -> None:
        for field in container:
            if isinstance(field, ChoiceField):
                labels.update({v: t for v, t in field.options if v})
            sub = getattr(field, "form", None)
            if sub is not None:
                collect(sub)
            for entry in getattr(field, "entries", []) or []:
                collect(entry.form)

    collect(form)
    text = _QUOTED.sub(lambda m: f"“{labels[m[1]]}”" if m[1] in labels else m[0], message)
    return text[:1].upper() + text[1:]


# --------------------------------------------------------------------------
# The error summary


def error_list(form: Any) -> list[tuple[str, str]]:
    """The error summary's entries, in the order of the form: (the id of
    the input to go to, or "" for the whole form; the message)."""
    out: list[tuple[str, str]] = []
    if form is None:
        return out
    for message in getattr(form, "form_errors", []) or []:
        out.append(("", _sentence(message)))
    _collect(form, out)
    return out


def _collect(container: Any, out: list[tuple[str, str]]) -> None:
    for field in container:
        kind = getattr(field, "type", "")
        if kind == "CSRFTokenField":
            continue
        sub = getattr(field, "form", None)
        if kind in ("Group", "FormField") and sub is not None:
            _collect(sub, out)
            continue
        if kind in ("Rows", "FieldList"):
            for message in field.errors or []:
                if isinstance(message, str):
                    out.append((field.target_id, _sentence(message)))
            for entry in field.entries:
                _collect(entry.form, out)
            continue
        for message in getattr(field, "errors", None) or []:
            if isinstance(message, str):
                out.append((getattr(field, "target_id", field.id), _sentence(message)))
                break  # one message a field, as the Design System asks


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
