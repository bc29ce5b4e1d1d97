"""The structure of a case file, checked by msgspec against
:mod:`contactplan.model`, with messages a practitioner understands.

msgspec says ``Expected `str`, got `int` - at `$.members[0].name```; this
module says ``case.yaml:7: members[0].name: expected text, got a whole
number`` with the line, the field and a suggestion (``did you mean 'name'?``).
"""

from __future__ import annotations

import functools
import re
import types
import typing
from typing import Any

import msgspec

from .. import model
from ..errors import CaseFileError
from ..model import Case
from ..wording import did_you_mean
from .yaml12 import Document, PathKey, field_name

__all__ = ["convert", "parse_datetime"]

_BOUNDS = {">=": "at least", ">": "more than", "<=": "at most", "<": "less than"}
_HUMAN_TYPES = {
    "str": "text",
    "int": "a whole number",
    "float": "a number",
    "bool": "true or false",
    "null": "nothing",
    "array": "a list",
    "object": "a mapping of keys and values",
    "date": "a date (YYYY-MM-DD)",
}
_AT = re.compile(r"^(?P<msg>.*?)(?: - at `(?P<path>\$[^`]*)`)?$", re.S)
_PATH_PART = re.compile(r"\.([^.\[]+)|\[(\d+)\]")
_EXPECTED = re.compile(r"^Expected `(?P<want>[^`]+)`(?P<rest>.*?), got `(?P<got>[^`]+)`$")


def _human_type(spec: str) -> str:
    parts = [p.strip() for p in spec.split("|")]
    words = [_HUMAN_TYPES.get(p, p) for p in parts if p != "null"]
    text = " or ".join(words) if words else "nothing"
    return text + (" (or nothing)" if "null" in parts and words else "")


def _msgspec_path(text: str | None) -> PathKey:
    if not text:
        return ()
    return tuple(key if key else int(index) for key, index in _PATH_PART.findall(text[1:]))


def _strip(annotation: Any) -> Any:
    """The struct or list type inside Annotated / Optional wrappers."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) == 1:
                annotation = args[0]
                continue
        return annotation


def _type_at(path: PathKey) -> Any:
    current: Any = Case
    for part in path:
        current = _strip(current)
        if isinstance(part, int):
            if typing.get_origin(current) is list:
                current = typing.get_args(current)[0]
                continue
            return None
        if isinstance(current, type) and issubclass(current, msgspec.Struct):
            by_name = {f.encode_name: f.type for f in msgspec.structs.fields(current)}
            if part not in by_name:
                return None
            current = by_name[part]
            continue
        return None
    return _strip(current)


def _keys_at(path: PathKey) -> list[str]:
    struct = _type_at(path)
    if isinstance(struct, type) and issubclass(struct, msgspec.Struct):
        return [f.encode_name for f in msgspec.structs.fields(struct)]
    return []


def _choices_at(path: PathKey) -> list[str]:
    literal = _type_at(path)
    if typing.get_origin(literal) is typing.Literal:
        return [str(v) for v in typing.get_args(literal)]
    return []


# The shape of one entry of each list of mappings, for a list written as a
# list of words (``languages: [pl]``): ``{v}`` is the word given.
_SHAPES: dict[type, str] = {
    model.LanguageEntry: "{{tag: {v}, speaks: native}}",
    model.SeenAlone: "{{child: {v}}}",
    model.Interpreting: "{{for: [{v}], language: TAG, interpreter: INTERPRETER-ID}}",
    model.Member: "{{id: {v}, name: NAME, role: ROLE}}",
    model.Interpreter: "{{id: {v}, name: NAME, languages: [TAG]}}",
    model.Contact: "{{id: {v}, kind: home_visit, start: 2026-12-01T10:00}}",
    model.Letter: "{{id: {v}, template: appointment, to: MEMBER-ID, contact: CONTACT-ID}}",
    model.Person: "{{name: {v}}}",
    model.Acknowledgement: "{{code: {v}, reason: WHY, by: WHO, date: YYYY-MM-DD}}",
}


def _word(value: Any, path: PathKey) -> str:
    """A value given where a mapping is expected, as it goes into the example."""
    word = value if isinstance(value, str) else "..."
    word = word.strip() if len(word) <= 40 and word.strip() and "\n" not in word else "..."
    if path and path[-2:-1] == ("languages",) and word != "...":
        from ..languages import suggest_tags

        tags = suggest_tags(word)
        if len(tags) == 1:
            word = tags[0]
    return word


def _shape_hint(path: PathKey, value: Any) -> str | None:
    """``write: - {tag: pl, speaks: native}`` for a word where a mapping is expected."""
    struct = _type_at(path)
    if struct not in _SHAPES:
        return None
    shape = _SHAPES[struct].format(v=_word(value, path))
    return f"each entry is a mapping: write - {shape}"


def _describe(doc: Document, exc: msgspec.ValidationError, data: Any = None) -> CaseFileError:
    found = _AT.match(str(exc))
    assert found is not None
    message = found["msg"]
    path = _msgspec_path(found["path"])
    value: Any = None
    if data is not None:
        try:
            value = _get(data, path)
        except (KeyError, IndexError, TypeError):
            value = None
    if message.startswith("Expected `object`, got `") and path and isinstance(path[-1], int):
        hint = _shape_hint(path, value)
        if hint is not None:
            got = _human_type(message.rsplit("`", 2)[-2])
            return doc.error(path, f"expected a mapping of keys and values, got {got}", hint)
    if message.startswith("Expected `array`, got `"):
        item = _type_at((*path, 0))
        got = _human_type(message.rsplit("`", 2)[-2])
        if item in _SHAPES:
            example = _SHAPES[item].format(
                v=_word(value, (*path, 0)) if not isinstance(value, dict) else "..."
            )
            hint = f"a list: write each entry on its own line as - {example}"
        else:
            hint = "a list: write [a, b] or each entry on its own line after '- '"
        return doc.error(path, f"expected a list, got {got}", hint)
    if m := re.match(r"Object missing required field `(.+)`", message, re.S):
        key = m[1]
        return CaseFileError(
            doc.name,
            f"missing required key {key!r}",
            line=doc.line(path),
            field=field_name((*path, key)),
        )
    if m := re.match(r"Object contains unknown field `(.+)`", message, re.S):
        key = m[1]
        known = _keys_at(path)
        return doc.error(
            (*path, key),
            f"unknown key {_short(key)}",
            did_you_mean(key[:100], known) or (f"known keys: {', '.join(known)}" if known else None),
        )
    if m := re.match(r"Invalid enum value (.+)", message, re.S):
        choices = _choices_at(path)
        word = str(m[1]).strip("'\"")
        hint = did_you_mean(word[:100], choices)
        allowed = f": use one of {', '.join(choices)}" if choices else ""
        return doc.error(path, f"{_short(word)} is not allowed here{allowed}", hint)
    if "matching regex" in message and "[a-z0-9_-]" in message:
        return doc.error(path, "an id uses only lower-case a-z, 0-9, _ and -")
    if m := re.match(r"^Expected `([^`]+)` ([<>]=?) (-?\d+)$", message):
        return doc.error(path, f"expected {_human_type(m[1])} {_BOUNDS[m[2]]} {m[3]}")
    if m := _EXPECTED.match(message):
        want, rest, got = m["want"], m["rest"], m["got"]
        if "length >= 1" in rest:
            return doc.error(path, "needs at least one entry")
        bound = re.search(r"([<>]=?) (-?\d+)", rest)
        if bound:
            return doc.error(path, f"expected {_human_type(want)} {_BOUNDS[bound[1]]} {bound[2]}")
        return doc.error(path, f"expected {_human_type(want)}, got {_human_type(got)}")
    if m := re.match(r"Expected `(.+?)` of length <= (\d+)", message):
        return doc.error(path, f"too long (at most {m[2]} characters)")
    return doc.error(path, message[:1].lower() + message[1:])


#: Dates and times are refused outside these years: nothing a case file
#: records happens before 1900 or after 2200, and further out the calendar
#: and planning arithmetic would overflow.
YEARS = (1900, 2200)
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_DAY_FIRST = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_YEAR_FIRST = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")
_CLOCK = re.compile(r"(?:[T ,]\s*|\s+(?:at\s+)?)(\d{1,2})[:.](\d{2})")


def _iso_suggestion(value: str, with_time: bool) -> str | None:
    """``'01/12/2026'`` -> ``'2026-12-01 (1 December 2026)'``: a date written
    the UK way (day first) or with slashes, in the form the file wants."""
    found = _DAY_FIRST.match(value)
    if found:
        day, month, year = int(found[1]), int(found[2]), int(found[3])
    else:
        found = _YEAR_FIRST.match(value)
        if not found:
            return None
        year, month, day = int(found[1]), int(found[2]), int(found[3])
    try:
        date = model.Date(year, month, day)
    except ValueError:
        return None
    rest = value[found.end() :]
    words = f"{day} {_MONTH_NAMES[month - 1]} {year}"
    if not with_time:
        return f"{date.isoformat()} ({words})" if not rest.strip() else None
    clock = _CLOCK.fullmatch(rest)
    if not clock or int(clock[1]) > 23 or int(clock[2]) > 59:
        return None
    time = f"{int(clock[1]):02d}:{clock[2]}"
    return f"{date.isoformat()}T{time} ({words} at {time})"


def _in_years(value: str, when: model.Date | model.DateTime) -> None:
    if not YEARS[0] <= when.year <= YEARS[1]:
        raise ValueError(f"{value!r} is outside the years {YEARS[0]} to {YEARS[1]}")


def _date_hook(kind: type, value: Any) -> Any:
    if kind is model.Date:
        if not isinstance(value, str):
            raise TypeError("expected a date written as YYYY-MM-DD")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            iso = _iso_suggestion(value.strip(), with_time=False)
            if iso is not None:
                raise ValueError(f"{value!r} is a date written the UK way: write it as {iso}")
            raise ValueError(f"{_short(value)} is not a date written as YYYY-MM-DD")
        try:
            date = model.Date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a valid date: {exc}") from None
        _in_years(value, date)
        return date
    if kind is model.DateTime:
        if not isinstance(value, str):
            raise TypeError("expected a date and time written as YYYY-MM-DDTHH:MM")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?", value):
            iso = _iso_suggestion(value.strip(), with_time=True)
            if iso is not None:
                raise ValueError(f"{value!r} is a date written the UK way: write it as {iso}")
            raise ValueError(f"{_short(value)} is not a date and time written as YYYY-MM-DDTHH:MM")
        try:
            when = model.DateTime.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a valid date and time: {exc}") from None
        _in_years(value, when)
        return when
    raise NotImplementedError


def _short(value: str, limit: int = 40) -> str:
    """A value quoted for a message, cut short when long."""
    return repr(value if len(value) <= limit else value[:limit] + "...")


def _set(data: Any, path: PathKey, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _get(data: Any, path: PathKey) -> Any:
    for part in path:
        data = data[part]
    return data


def _accepts_text(annotation: Any) -> bool:
    """Whether a value of this type may be text (``str``, a ``Literal`` of
    words, or a union holding one of them)."""
    annotation = _strip(annotation)
    if annotation is str:
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return any(isinstance(v, str) for v in typing.get_args(annotation))
    if origin in (typing.Union, types.UnionType):
        return any(_accepts_text(a) for a in typing.get_args(annotation))
    return False


@functools.lru_cache(maxsize=512)
def _text_expected(shape: PathKey) -> bool:
    """Whether the format expects text at this place (list indexes as 0)."""
    current: Any = Case
    for part in shape:
        current = _strip(current)
        if typing.get_origin(current) in (typing.Union, types.UnionType):
            # ``Id | list[Id] | None``: the list when indexed, else not text
            if not isinstance(part, int):
                return False
            lists = [a for a in typing.get_args(current) if typing.get_origin(_strip(a)) is list]
            if len(lists) != 1:
                return False
            current = _strip(lists[0])
        if isinstance(part, int):
            if typing.get_origin(current) is not list:
                return False
            current = typing.get_args(current)[0]
        elif isinstance(current, type) and issubclass(current, msgspec.Struct):
            by_name = {f.encode_name: f.type for f in msgspec.structs.fields(current)}
            if part not in by_name:
                return False
            current = by_name[part]
        else:
            return False
    return _accepts_text(current)


def convert(data: Any, doc: Document) -> Case:
    """The :class:`~contactplan.model.Case` the plain data describes.

    A plain scalar YAML reads as a number or true/false (``phone: 0123``,
    ``name: 1984``) is what the person wrote where the format expects text: it
    is put back as written, everywhere at once, before one conversion (time
    linear in the size of the file)."""
    for path, text in doc.raw.items():
        if _text_expected(tuple(0 if isinstance(p, int) else p for p in path)):
            value = _get(data, path)
            if isinstance(value, (bool, int, float)):
                _set(data, path, text)
    try:
        return msgspec.convert(data, Case, dec_hook=_date_hook)
    except msgspec.ValidationError as exc:
        raise _describe(doc, exc, data) from None


def parse_datetime(text: str) -> model.DateTime:
    """A date and time written as a case file writes one (``2026-12-08T10:00``,
    optionally with an offset). Raises ValueError with a message people understand."""
    try:
        value: model.DateTime = _date_hook(model.DateTime, text)
    except TypeError as exc:
        raise ValueError(str(exc)) from None
    return value
