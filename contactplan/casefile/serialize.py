"""Model objects written back as case file data and as YAML for people.

:func:`to_data` turns a contact or letter into the plain data a case file
holds (the format's keys in its order, defaults left out);
:func:`render_yaml` writes such data as YAML a person would write, quoting
text a YAML 1.2 reader would take for something else (``"0123"``).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import msgspec
import yaml

from .yaml12 import NOT_TEXT

__all__ = ["format_datetime", "items_text", "render_yaml", "section_text", "to_data"]


def to_data(item: msgspec.Struct) -> dict[str, Any]:
    """A contact, letter or part of one as the plain data a case file holds:
    the format's keys in its order, values left at their default left out
    (except those a reader should see: status, duration, mode, ...)."""
    out: dict[str, Any] = {}
    for field in msgspec.structs.fields(item):
        value = getattr(item, field.name)
        if field.encode_name not in _ALWAYS_WRITTEN and (value is None or value == _default(field)):
            continue
        out[field.encode_name] = _plain(value)
    return out


_ALWAYS_WRITTEN = frozenset(
    {"id", "kind", "start", "duration_minutes", "status", "mode", "template", "to", "contact", "child"}
)


def _default(field: msgspec.structs.FieldInfo) -> Any:
    if field.default is not msgspec.NODEFAULT:
        return field.default
    if field.default_factory is not msgspec.NODEFAULT:
        return field.default_factory()
    return msgspec.NODEFAULT


def _plain(value: Any) -> Any:
    if isinstance(value, msgspec.Struct):
        return to_data(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    return value


def format_datetime(value: dt.datetime) -> str:
    """``2026-12-08T10:00`` (seconds only when there are some)."""
    spec = "minutes" if value.second == 0 and value.microsecond == 0 else "auto"
    return value.isoformat(timespec=spec)


class _Dumper(yaml.SafeDumper):
    """Safe YAML with sequences indented under their key, as people write them."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Quote text that a YAML 1.2 reader would take for a number, true/false or
    nothing (``"0123"``); the rest as PyYAML chooses."""
    if NOT_TEXT.fullmatch(value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_Dumper.add_representer(str, _represent_str)


def _hidden(value: Any) -> bool:
    """Whether ``value`` holds a character a reader of the YAML must not get
    raw: a control character, a direction control (U+202E reverses the rest
    of the line), another invisible format character (joiners are writing)."""
    if isinstance(value, str):
        return any(
            (unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") and ch not in "\n\t\u200c\u200d")
            for ch in value
        )
    if isinstance(value, dict):
        return any(_hidden(k) or _hidden(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_hidden(v) for v in value)
    return False


def _dump(data: Any) -> str:
    """YAML for ``data``; escaped (``"\\u202E"``) wherever it holds a
    character that would hide or reorder text (see :func:`_hidden`)."""
    text: str = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=not _hidden(data),
        default_flow_style=None,
        width=4096,
    )
    return text


def render_yaml(sections: dict[str, list[dict[str, Any]]]) -> str:
    """``contacts:`` and ``letters:`` sections to paste into a case file
    (empty sections left out)."""
    return "".join(section_text(key, items, 0, "\n") for key, items in sections.items() if items)


def _item(item: dict[str, Any], dash: int, newline: str) -> str:
    lines = _dump(item).splitlines()
    out = [" " * dash + "- " + lines[0]] + [" " * (dash + 2) + line for line in lines[1:]]
    return "".join(line + newline for line in out)


def items_text(items: list[dict[str, Any]], dash: int, newline: str) -> str:
    return "".join(_item(item, dash, newline) for item in items)


def section_text(key: str, items: list[dict[str, Any]], column: int, newline: str) -> str:
    return " " * column + f"{key}:{newline}" + items_text(items, column + 2, newline)
