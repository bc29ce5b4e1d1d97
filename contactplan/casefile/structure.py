"""The structure of a case file, checked by msgspec against
:mod:`contactplan.model`, with messages a practitioner understands.

msgspec says ``Expected `str`, got `int` - at `$.members[0].name```; this
module says ``case.yaml:7: members[0].name: expected text, got a whole
number`` with the line, the field and a suggestion (``did you mean 'name'?``).
"""

from __future__ import annotations

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
_TEXT_WANTED = re.compile(r"^Expected `str(?: \| null)?`.*, got `(?:int|float|bool)`$")


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


def _describe(doc: Document, exc: msgspec.ValidationError) -> CaseFileError:
    found = _AT.match(str(exc))
    assert found is not None
    message = found["msg"]
    path = _msgspec_path(found["path"])
    if m := re.match(r"Object missing required field `(.+)`", message):
        key = m[1]
        return CaseFileError(
            doc.name,
            f"missing required key {key!r}",
            line=doc.line(path),
            field=field_name((*path, key)),
        )
    if m := re.match(r"Object contains unknown field `(.+)`", message):
        key = m[1]
        known = _keys_at(path)
        return doc.error(
            (*path, key),
            f"unknown key {key!r}",
            did_you_mean(key, known) or (f"known keys: {', '.join(known)}" if known else None),
        )
    if m := re.match(r"Invalid enum value (.+)", message):
        choices = _choices_at(path)
        hint = did_you_mean(str(m[1]).strip("'\""), choices)
        allowed = f": use one of {', '.join(choices)}" if choices else ""
        return doc.error(path, f"{m[1]} is not allowed here{allowed}", hint)
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


def _date_hook(kind: type, value: Any) -> Any:
    if kind is model.Date:
        if not isinstance(value, str):
            raise TypeError("expected a date written as YYYY-MM-DD")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(f"{value!r} is not a date written as YYYY-MM-DD")
        try:
            return model.Date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a valid date: {exc}") from None
    if kind is model.DateTime:
        if not isinstance(value, str):
            raise TypeError("expected a date and time written as YYYY-MM-DDTHH:MM")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?", value):
            raise ValueError(f"{value!r} is not a date and time written as YYYY-MM-DDTHH:MM")
        try:
            return model.DateTime.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a valid date and time: {exc}") from None
    raise NotImplementedError


def _set(data: Any, path: PathKey, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def convert(data: Any, doc: Document) -> Case:
    # A plain scalar YAML reads as a number or boolean is what the person wrote
    # where the format expects text: retry with the text at that place.
    for _ in range(len(doc.raw) + 1):
        try:
            return msgspec.convert(data, Case, dec_hook=_date_hook)
        except msgspec.ValidationError as exc:
            found = _AT.match(str(exc))
            assert found is not None
            path = _msgspec_path(found["path"])
            if _TEXT_WANTED.match(found["msg"]) and path in doc.raw:
                _set(data, path, doc.raw.pop(path))
                continue
            raise _describe(doc, exc) from None
    raise AssertionError("unreachable")  # pragma: no cover


def parse_datetime(text: str) -> model.DateTime:
    """A date and time written as a case file writes one (``2026-12-08T10:00``,
    optionally with an offset). Raises ValueError with a message people understand."""
    try:
        value: model.DateTime = _date_hook(model.DateTime, text)
    except TypeError as exc:
        raise ValueError(str(exc)) from None
    return value
