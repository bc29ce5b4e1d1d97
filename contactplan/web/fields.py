"""Form fields that draw their own GOV.UK Design System component.

Each field renders the component as the Design System documents it (label,
hint, error message, input: ``templates/components.html``), so a template
says ``{{ form.name }}`` (or ``{{ form.name(classes="govuk-input--width-10") }}``)
and gets the whole form group, error state and ``aria-describedby`` included.
The idea is alphagov/notifications-admin's ``GovukTextInputField`` family;
the fields here are written for the case model:

- a field's name is the case file's key (``date_of_birth``,
  ``language_assessment-method``, ``languages-0-tag``), so a form maps
  itself to case data and back (:mod:`contactplan.web.mapping`);
- :meth:`GovukField.case_value` turns what was posted into the value the
  case file keeps, given the value it had: a field sent back as it was shown
  keeps the value exactly as written (an offset, seconds, spaces), so that
  a form saved unchanged changes nothing;
- :meth:`GovukField.words` says a value in words, for the page that shows
  two people's values side by side.

The choice fields keep their options as ``(value, label)`` pairs
(:meth:`ChoiceField.offer`); WTForms' own choice handling changed between
versions and is not used.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from flask import get_template_attribute
from markupsafe import Markup
from wtforms import Field, FieldList, FormField
from wtforms.utils import unset_value
from wtforms.validators import ValidationError

from .. import model
from ..wording import format_day

__all__ = [
    "AddressInput",
    "Checkboxes",
    "ChoiceField",
    "Component",
    "DateInput",
    "DateTimeInput",
    "GovukField",
    "Group",
    "Number",
    "OneOrMore",
    "Radios",
    "Rows",
    "Select",
    "TagList",
    "TextArea",
    "TextInput",
    "YesNo",
    "parse_time",
]

TIME_RE = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)(?:[:.]([0-5]\d))?\s*$")
NOT_GIVEN = "Not given"


class Component:
    """A WTForms widget that draws a field with the macro named by its
    ``component`` (``templates/components.html``); keyword arguments are the
    component's options (``classes``, ``type``, ``autocomplete``, ...)."""

    def __call__(self, field: Any, **params: Any) -> Markup:
        macro = get_template_attribute("components.html", field.component)
        return Markup(macro(field, params))


class GovukField(Field):  # type: ignore[misc]
    """What every field here has: its component, whether it is a key of the
    case (``case=False`` for a field of the page only), and its value in the
    case's terms."""

    component = "text_input"
    widget = Component()
    errors: Any
    data: Any

    def __init__(self, label: str | None = None, validators: Any = None, *, case: bool = True, **kw: Any):
        super().__init__(label, validators, **kw)
        self.case = case

    @property
    def target_id(self) -> str:
        """The id the error summary links to: the (first) input."""
        ident: str = self.id
        return ident

    @property
    def error_message(self) -> str | None:
        found = [e for e in self.errors if isinstance(e, str)]
        return found[0] if found else None

    def add_error(self, message: str) -> None:
        self.errors = [*self.errors, message]

    def case_value(self, original: Any) -> Any:
        """The value the case keeps (``None``: not given)."""
        return self.data if self.data not in ("", []) else None

    def words(self, value: Any) -> str:
        """``value`` (a case value of this field) in words."""
        return str(value) if value not in (None, "", []) else NOT_GIVEN


# --------------------------------------------------------------------------
# Text


def _same_text(posted: str, original: Any, *, multiline: bool) -> bool:
    """Whether ``posted`` is ``original`` as a browser sends it back: line
    breaks as CR LF from a text area, dropped from a one-line input."""
    if not isinstance(original, str):
        return posted == ""
    if multiline:
        return posted.replace("\r\n", "\n") == original.replace("\r\n", "\n")
    return posted == original or posted == original.replace("\r", "").replace("\n", "")


class TextInput(GovukField):
    component = "text_input"

    def process_formdata(self, valuelist: Sequence[str]) -> None:
        if valuelist:
            self.data = valuelist[0]

    def process_data(self, value: Any) -> None:
        self.data = "" if value is None else str(value)

    def _value(self) -> str:
        return self.data if isinstance(self.data, str) else ""

    multiline = False

    def case_value(self, original: Any) -> Any:
        posted = self.data or ""
        if _same_text(posted, original, multiline=self.multiline):
            return original
        text = posted.replace("\r\n", "\n").strip()
        return text or None


class TextArea(TextInput):
    component = "textarea"
    multiline = True


#: A UK postcode at the end of an address's last line.
POSTCODE_RE = re.compile(r"(?:^|[\s,]+)([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\s*$", re.IGNORECASE)


def address_parts(value: Any) -> tuple[list[str], str]:
    """An address as the case file has it (one text, its line breaks and
    commas parting the lines, or a list of lines) as its lines and its
    postcode (``""`` when the last line ends with none)."""
    if isinstance(value, list):
        lines = [str(line).strip() for line in value]
    elif isinstance(value, str):
        lines = [part.strip() for line in value.splitlines() for part in line.split(",")]
    else:
        lines = []
    lines = [line for line in lines if line]
    postcode = ""
    if lines:
        found = POSTCODE_RE.search(lines[-1])
        if found:
            postcode = found.group(1)
            rest = lines[-1][: found.start()].strip(" ,")
            lines = [*lines[:-1], rest] if rest else lines[:-1]
    return lines, postcode


def _takes_address_lines(struct: type) -> bool:
    """Whether the case model keeps the ``address`` of ``struct`` (a member,
    a safe contact) as its lines (``address: [line 1, ..., postcode]``) or
    only as one text."""
    import typing

    import msgspec

    kind = next(f.type for f in msgspec.structs.fields(struct) if f.name == "address")
    return any(typing.get_origin(t) is list for t in typing.get_args(kind))


class AddressInput(GovukField):
    """A postal address as the Design System asks for one: its lines, one
    input each (``NAME-line1``, ``NAME-line2``, ...), and a postcode
    (``NAME-postcode``). It reads an address written as one text or as a
    list of lines, and keeps a changed one as the list form (``[line 1, ...,
    postcode]``) where the case model has it, else as one text with the
    lines parted by commas. ``of`` is the model's struct whose address it is."""

    component = "address_input"
    SHOWN = 3
    MAX = 500

    def __init__(
        self, label: str | None = None, validators: Any = None, *, of: type = model.Member, **kw: Any
    ):
        super().__init__(label, validators, **kw)
        self.of = of

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        self.process_errors = []
        if data is unset_value:
            data = self.default
        self.object_data = data
        self.lines, self.postcode = address_parts(data)
        self.raw_data = []
        posted = formdata is not None and (
            f"{self.name}-line1" in formdata or f"{self.name}-postcode" in formdata
        )
        if posted:
            lines, number = [], 1
            while f"{self.name}-line{number}" in formdata:
                lines.append(str(formdata.get(f"{self.name}-line{number}", "")).strip())
                number += 1
            self.lines = [line for line in lines if line]
            self.postcode = str(formdata.get(f"{self.name}-postcode", "")).strip()
            self.raw_data = [*lines, self.postcode]
            if any(len(line) > self.MAX for line in [*self.lines, self.postcode]):
                self.process_errors.append(f"Each line of the address must be {self.MAX} characters or fewer")
        self.data = [*self.lines, *([self.postcode] if self.postcode else [])]

    def shown_lines(self) -> list[str]:
        """The lines to draw: the address's lines, and empty ones up to :attr:`SHOWN`."""
        return [*self.lines, *[""] * (self.SHOWN - len(self.lines))]

    @property
    def target_id(self) -> str:
        return f"{self.id}-line1"

    def case_value(self, original: Any) -> Any:
        if address_parts(original) == (self.lines, self.postcode):
            return original
        if not self.data:
            return None
        return list(self.data) if _takes_address_lines(self.of) else ", ".join(self.data)

    def words(self, value: Any) -> str:
        lines, postcode = address_parts(value)
        return ", ".join([*lines, *([postcode] if postcode else [])]) or NOT_GIVEN


class Number(GovukField):
    """A whole number, typed (``inputmode="numeric"``, as the Design System asks)."""

    component = "text_input"

    def __init__(self, label: str | None = None, validators: Any = None, *, unit: str = "", **kw: Any):
        super().__init__(label, validators, **kw)
        self.unit = unit
        self.typed = ""

    def process_data(self, value: Any) -> None:
        self.data = value if isinstance(value, int) and not isinstance(value, bool) else None
        self.typed = "" if self.data is None else str(self.data)

    def process_formdata(self, valuelist: Sequence[str]) -> None:
        if not valuelist:
            return
        self.typed = valuelist[0]
        text = self.typed.strip()
        if not text:
            self.data = None
            return
        if not text.isdigit() or len(text) > 9:
            self.data = None
            raise ValueError(f"{self.label.text} must be a whole number, like 60")
        self.data = int(text)

    def _value(self) -> str:
        return self.typed

    def words(self, value: Any) -> str:
        return f"{value} {self.unit}".strip() if value is not None else NOT_GIVEN


# --------------------------------------------------------------------------
# Choices


class ChoiceField(GovukField):
    """A field whose options are ``(value, label)`` pairs; a value posted
    that is not among them is refused ("Choose from the list")."""

    def __init__(
        self,
        label: str | None = None,
        validators: Any = None,
        *,
        choices: Iterable[tuple[str, str]] = (),
        **kw: Any,
    ):
        super().__init__(label, validators, **kw)
        self.options: list[tuple[str, str]] = [(str(v), str(t)) for v, t in choices]

    def offer(self, pairs: Iterable[tuple[str, Any]], keep: Iterable[Any] = ()) -> None:
        """Offer ``pairs``; and each value of ``keep`` (what the case has now)
        even when it is no longer among them, so that a form saved unchanged
        keeps it."""
        self.options = [(str(v), t if isinstance(t, Markup) else str(t)) for v, t in pairs]
        values = {v for v, _ in self.options}
        for value in keep:
            if value not in (None, "") and str(value) not in values:
                self.options.append((str(value), str(value)))
                values.add(str(value))

    def label_of(self, value: Any) -> str:
        return dict(self.options).get(str(value), str(value))

    def words(self, value: Any) -> str:
        if value in (None, ""):
            return NOT_GIVEN
        return self.label_of(value)


class Select(ChoiceField):
    component = "select"

    def process_data(self, value: Any) -> None:
        self.data = "" if value is None else str(value)

    def process_formdata(self, valuelist: Sequence[str]) -> None:
        if valuelist:
            self.data = valuelist[0]

    def pre_validate(self, form: Any) -> None:
        if self.data not in ("", None) and self.data not in {v for v, _ in self.options}:
            raise ValidationError("Choose from the list")

    def case_value(self, original: Any) -> Any:
        return self.data or None


class Radios(Select):
    component = "radios"


class Checkboxes(ChoiceField):
    """Several choices. ``none`` is an exclusive option (GOV.UK's "or" and
    a last box that unticks the others): ticking it records an empty list,
    ticking nothing records nothing (``None``: not recorded)."""

    component = "checkboxes"
    NONE = "-none-"

    def __init__(self, label: str | None = None, validators: Any = None, *, none: str = "", **kw: Any):
        super().__init__(label, validators, **kw)
        self.none = none

    def process_data(self, value: Any) -> None:
        self.data = _as_list(value)
        self.none_ticked = value == [] and bool(self.none)

    def process_formdata(self, valuelist: Sequence[str]) -> None:
        self.none_ticked = bool(self.none) and self.NONE in valuelist
        self.data = [v for v in valuelist if v != self.NONE]

    def pre_validate(self, form: Any) -> None:
        if self.none_ticked and self.data:
            raise ValidationError(f"Choose who, or “{self.none}”, not both")
        values = {v for v, _ in self.options}
        if any(v not in values for v in self.data or []):
            raise ValidationError("Choose from the list")

    def case_value(self, original: Any) -> Any:
        chosen = list(self.data or [])
        same = sorted(chosen) == sorted(_as_list(original))  # the boxes are drawn in the case's order
        if same and (chosen or not self.none or self.none_ticked == (original == [])):
            return original
        if not chosen:
            return [] if self.none_ticked else None
        return chosen

    def words(self, value: Any) -> str:
        if value == [] and self.none:
            return self.none
        items = _as_list(value)
        return ", ".join(self.label_of(v) for v in items) if items else NOT_GIVEN


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [str(v) for v in value]


class OneOrMore(Checkboxes):
    """Checkboxes for a key that holds one id or a list of ids (``follow_up_of``)."""

    def case_value(self, original: Any) -> Any:
        chosen = list(self.data or [])
        if sorted(chosen) == sorted(_as_list(original)):
            return original
        if not chosen:
            return None
        return chosen[0] if len(chosen) == 1 else chosen


class YesNo(GovukField):
    """One checkbox: true when ticked."""

    component = "checkbox"

    def process_data(self, value: Any) -> None:
        self.data = bool(value)

    def process_formdata(self, valuelist: Sequence[str]) -> None:
        self.data = bool(valuelist) and valuelist[0] not in ("", "false", "n")

    def case_value(self, original: Any) -> Any:
        return bool(self.data)

    def words(self, value: Any) -> str:
        return "Yes" if value else "No"


# --------------------------------------------------------------------------
# Dates and times


def _to_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def parse_time(text: str | None) -> dt.time | None:
    """``14:30`` (or ``14.30``, ``14:30:15``) on the 24-hour clock; None
    when empty; ValueError with what to write."""
    if not text or not text.strip():
        return None
    found = TIME_RE.match(text)
    if not found:
        raise ValueError("Write the time on the 24-hour clock, for example 14:30")
    return dt.time(int(found[1]), int(found[2]), int(found[3] or 0))


def time_text(value: dt.time) -> str:
    """``14:30``, or ``14:30:15`` when it has seconds."""
    return f"{value:%H:%M:%S}" if value.second else f"{value:%H:%M}"


class DateInput(GovukField):
    """A GOV.UK date input: day, month and year (``NAME-day``, ``NAME-month``, ``NAME-year``)."""

    component = "date_input"
    PARTS = ("day", "month", "year")

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        self.process_errors = []
        if data is unset_value:
            data = self.default
        self.object_data = data
        self.data = _to_date(data)
        self.parts = self._parts_of(self.data)
        self.raw_data = []
        if formdata is not None and any(f"{self.name}-{p}" in formdata for p in self.PARTS):
            self.parts = tuple(str(formdata.get(f"{self.name}-{p}", "")) for p in self.PARTS)
            self.raw_data = list(self.parts)
            try:
                self.data = self._parse(self.parts)
            except ValueError as exc:
                self.data = None
                self.process_errors.append(exc.args[0])

    @staticmethod
    def _parts_of(day: dt.date | None) -> tuple[str, ...]:
        return (str(day.day), str(day.month), str(day.year)) if day else ("", "", "")

    def _parse(self, parts: Sequence[str]) -> dt.date | None:
        """The date, None when left empty; ValueError with what to fix (the Design System's words)."""
        given = [p.strip() for p in parts]
        if not any(given):
            return None
        name = self.label.text
        missing = [p for p, v in zip(self.PARTS, given, strict=True) if not v]
        if missing:
            raise ValueError(f"{name} must include a {' and a '.join(missing)}")
        if not all(p.isdigit() for p in given) or len(given[2]) != 4:
            raise ValueError(f"{name} must be a real date, for example 27 3 2007")
        try:
            return dt.date(int(given[2]), int(given[1]), int(given[0]))
        except ValueError:
            raise ValueError(f"{name} must be a real date, for example 27 3 2007") from None

    @property
    def target_id(self) -> str:
        return f"{self.id}-day"

    def case_value(self, original: Any) -> Any:
        if self.data == _to_date(original):
            return original
        return self.data.isoformat() if self.data else None

    def words(self, value: Any) -> str:
        day = _to_date(value)
        return format_day(day) if day else NOT_GIVEN


class DateTimeInput(DateInput):
    """A date input and a time (``NAME-time``, 24-hour clock) in the case's
    time zone (``zone``). A time written with an offset is shown in the
    case's zone and kept as written unless the date or time is changed."""

    component = "date_time_input"

    def __init__(self, label: str | None = None, validators: Any = None, **kw: Any):
        super().__init__(label, validators, **kw)
        self.zone: str = "Europe/London"
        self.time_typed = ""

    def local(self, value: Any) -> dt.datetime | None:
        """``value`` (a case's date-time, or its text) as a naive time in the case's zone."""
        when: dt.datetime | None
        if isinstance(value, dt.datetime):
            when = value
        elif isinstance(value, str) and value:
            try:
                when = dt.datetime.fromisoformat(value)
            except ValueError:
                return None
        else:
            return None
        if when.tzinfo is not None:
            when = when.astimezone(ZoneInfo(self.zone)).replace(tzinfo=None)
        return when

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        self.process_errors = []
        if data is unset_value:
            data = self.default
        self.object_data = data
        shown = self.local(data)
        self.data = shown
        self.parts = self._parts_of(shown.date() if shown else None)
        self.time_typed = time_text(shown.time()) if shown else ""
        self.raw_data = []
        if formdata is None or not any(f"{self.name}-{p}" in formdata for p in (*self.PARTS, "time")):
            return
        self.parts = tuple(str(formdata.get(f"{self.name}-{p}", "")) for p in self.PARTS)
        self.time_typed = str(formdata.get(f"{self.name}-time", ""))
        self.raw_data = [*self.parts, self.time_typed]
        self.data = None
        try:
            day = self._parse(self.parts)
        except ValueError as exc:
            self.process_errors.append(exc.args[0])
            day = None
        try:
            at = parse_time(self.time_typed)
        except ValueError as exc:
            self.process_errors.append(exc.args[0])
            return
        if day is None and not self.process_errors:
            self.process_errors.append(f"Enter the date of the {self.label.text.lower()}")
        if at is None:
            self.process_errors.append("Enter the time, for example 14:30")
        if day is not None and at is not None:
            self.data = dt.datetime.combine(day, at)

    def refresh(self) -> None:
        """Show the value again in :attr:`zone` (set after the form was made)."""
        if not self.raw_data:
            self.process(None, self.object_data)

    @property
    def time_id(self) -> str:
        return f"{self.id}-time"

    @property
    def target_id(self) -> str:
        if self.process_errors and all("time" in e for e in self.process_errors):
            return self.time_id
        return f"{self.id}-day"

    def case_value(self, original: Any) -> Any:
        if self.data is None:
            return None
        if self.data == self.local(original):
            return original
        text = self.data.isoformat(timespec="seconds" if self.data.second else "minutes")
        return text

    def words(self, value: Any) -> str:
        when = self.local(value)
        return f"{format_day(when.date())} at {time_text(when.time())}" if when else NOT_GIVEN


# --------------------------------------------------------------------------
# Lists and groups of fields


class Rows(FieldList):  # type: ignore[misc]
    """A list of mappings (``languages``, ``practitioners``, ``interpreting``):
    one row a mapping, each row a form whose fields are its keys. A row left
    empty (its form's :meth:`RowForm.is_empty`) is not kept. Rows are matched
    to the list they were drawn from by position."""

    errors: Any

    case = True

    def __init__(self, row: type[Any], label: str | None = None, *, words_label: str = "", **kw: Any):
        super().__init__(FormField(row), label, **kw)
        self.words_label = words_label

    @property
    def target_id(self) -> str:
        for entry in self.entries:
            for field in entry.form:
                if getattr(field, "errors", None):
                    return str(field.target_id)
        if not self.entries:
            return ""
        first = next(iter(self.entries[0].form))
        return str(first.target_id)

    def add_error(self, message: str) -> None:
        self.errors = [*self.errors, message] if isinstance(self.errors, list) else [message]

    def case_value(self, original: Any) -> Any:
        before = original if isinstance(original, list) else []
        out = []
        for index, entry in enumerate(self.entries):
            row = entry.form
            if row.is_empty():
                continue
            was = before[index] if index < len(before) and isinstance(before[index], dict) else None
            out.append(row.to_case(was))
        if out == before:
            return original
        return out or None

    def words(self, value: Any) -> str:
        rows = value if isinstance(value, list) else []
        if not rows:
            return "None"
        probe = self.entries[0].form if self.entries else self.unbound_field.args[0].form_class()
        return "; ".join(probe.describe(item) for item in rows)


class Group(FormField):  # type: ignore[misc]
    """A mapping within the item (``language_assessment``,
    ``interpreter_preferences``, ``agency``): its fields are its keys; when
    all are empty the mapping is not given."""

    case = True

    @property
    def target_id(self) -> str:
        for field in self.form:
            if getattr(field, "errors", None):
                return str(field.target_id)
        first = next(iter(self.form), None)
        return str(first.target_id) if first is not None else ""

    def add_error(self, message: str) -> None:
        first = next((f for f in self.form if getattr(f, "case", False)), None)
        if first is not None:
            first.add_error(message)

    def case_value(self, original: Any) -> Any:
        was = original if isinstance(original, dict) else None
        value = self.form.to_case(was)
        keys = self.form.shown_keys()
        if all(value.get(k) in (None, [], False) for k in keys):
            # nothing given: the mapping is not given, unless it was there with nothing in it
            if was is not None and all(was.get(k) in (None, [], False) for k in keys):
                return original
            return None
        return value

    def words(self, value: Any) -> str:
        return str(self.form.describe(value)) if value else NOT_GIVEN

    @property
    def errors(self) -> Any:
        return self.form.errors

    @errors.setter
    def errors(self, value: Any) -> None:  # FormField keeps its form's errors
        pass


class TagList(TextInput):
    """Language tags, separated by commas (a letter's ``languages``): a list, or not given."""

    def process_data(self, value: Any) -> None:
        self.data = ", ".join(value) if isinstance(value, list) else ("" if value is None else str(value))

    def case_value(self, original: Any) -> Any:
        posted = self.data or ""
        shown = ", ".join(original) if isinstance(original, list) else ""
        if posted == shown:
            return original
        tags = [t.strip() for t in posted.split(",") if t.strip()]
        return tags or None

    def words(self, value: Any) -> str:
        return ", ".join(value) if value else "Chosen by contactplan: the language they read"
