"""YAML 1.2 core semantics on libyaml, with the position of every value.

PyYAML implements YAML 1.1, where ``no`` is false and ``12:30`` a number of
minutes. A case file is read with YAML 1.2's core schema instead
(``no``, ``yes``, ``on``, ``off`` are text), by libyaml's C parser where
PyYAML has it. :func:`parse` returns the plain data and a
:class:`Document` that knows the line of every value and key, and the text of
every plain scalar YAML read as something other than text (``phone: 0123``),
so that the reader can put back what the person wrote where the format
expects text. The data is built from the parser's events, with no node tree
in between (see :meth:`Document.read`). Shared by reading (:mod:`.`) and
editing (:mod:`.edit`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import yaml

from ..errors import CaseFileError

__all__ = ["NOT_TEXT", "Document", "PathKey", "field_name", "parse"]

PathKey = tuple[str | int, ...]
MAX_DEPTH = 64
MAX_ALIAS_NODES = 5_000

# The YAML 1.2 core schema's implicit types, by tag: the pattern a plain
# scalar must match to be read as that type, and the characters it can start with.
_IMPLICIT: tuple[tuple[str, str, str | list[str]], ...] = (
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    (
        "float",
        r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
        "-+0123456789.",
    ),
    ("null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
)
#: Text a YAML 1.2 reader would take for a number, true/false or nothing:
#: written back quoted (:mod:`.serialize`).
NOT_TEXT = re.compile("|".join(f"(?:{pattern})" for _, pattern, _ in _IMPLICIT))


class _Resolver(yaml.resolver.BaseResolver):
    """The YAML 1.2 core schema's implicit types (PyYAML implements 1.1)."""


for _tag, _pattern, _first in _IMPLICIT:
    _Resolver.add_implicit_resolver(
        f"tag:yaml.org,2002:{_tag}", re.compile(f"^(?:{_pattern})$"), list(_first)
    )

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"

if getattr(yaml, "__with_libyaml__", False):  # pragma: no branch
    from yaml.cyaml import CParser  # type: ignore[attr-defined]

    class _Loader(CParser, _Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Resolver.__init__(self)

else:  # pragma: no cover - PyYAML built without libyaml

    class _Loader(  # type: ignore[no-redef]
        yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, _Resolver
    ):
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            yaml.composer.Composer.__init__(self)
            _Resolver.__init__(self)


class Document:
    """The plain data of one file, and where each part of it is."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: dict[PathKey, int] = {}  # the value's first line
        self.key_lines: dict[PathKey, int] = {}  # the line of the key naming it
        self.raw: dict[PathKey, str] = {}  # plain scalars YAML read as non-text
        self._alias_nodes = 0

    def line(self, path: PathKey) -> int | None:
        while True:
            if path in self.key_lines:
                return self.key_lines[path]
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]

    def error(self, path: PathKey, message: str, hint: str | None = None) -> CaseFileError:
        return CaseFileError(
            self.name, message, line=self.line(path), field=field_name(path) or None, hint=hint
        )

    # -- building the data from libyaml's events -------------------------------
    #
    # The data is built straight from the parser's events, not from PyYAML's
    # node tree: composing the tree keeps three objects a value alive until the
    # end (the node and its two marks) and took two thirds of the reading
    # time, growing faster than the file (issue 17, benchmarks/bench_growth.py).
    # An anchored value's events are kept, and an alias replays them, so that
    # each copy has its own lines, as the tree gave.

    def _next(self) -> Any:
        if self._replaying:
            return next(self._replaying[-1])
        event = self._loader.get_event()
        for recording in self._recording:
            recording.append(event)
        return event

    def _value(self, event: Any, path: PathKey, in_alias: bool) -> Any:
        if len(path) > MAX_DEPTH:
            raise self.error(path, "nested too deeply to be a case file")
        kind = type(event)
        if kind is yaml.AliasEvent:
            return self._alias(event, path)
        if in_alias:
            self._alias_nodes += 1
            if self._alias_nodes > MAX_ALIAS_NODES:
                raise self.error(path, "aliases expand this file far beyond its size: refused")
        anchor = event.anchor if not self._replaying else None
        if anchor is not None:
            self._anchor(anchor, event)
        self.lines.setdefault(path, event.start_mark.line + 1)
        if kind is yaml.ScalarEvent:
            value = self._scalar(event, path)
        elif kind is yaml.MappingStartEvent:
            value = self._mapping(event, path, in_alias)
        elif kind is yaml.SequenceStartEvent:
            if event.tag not in (None, "!", _SEQ):
                raise self.error(path, f"YAML tag {event.tag!r} is not allowed in a case file")
            items: list[Any] = []
            item = self._next()
            while type(item) is not yaml.SequenceEndEvent:
                items.append(self._value(item, (*path, len(items)), in_alias))
                item = self._next()
            value = items
        else:  # pragma: no cover - libyaml sends nothing else where a value starts
            raise self.error(path, "not valid YAML here")
        if anchor is not None:
            self._anchors[anchor] = self._recording.pop()
        return value

    def _mapping(self, event: Any, path: PathKey, in_alias: bool) -> dict[str, Any]:
        if event.tag not in (None, "!", _MAP):
            raise self.error(path, f"YAML tag {event.tag!r} is not allowed in a case file")
        result: dict[str, Any] = {}
        key_event = self._next()
        while type(key_event) is not yaml.MappingEndEvent:
            key_event = self._key(key_event, path)
            key = str(key_event.value)
            child = (*path, key)
            line = key_event.start_mark.line + 1
            if key in result:
                first = self.key_lines.get(child)
                raise CaseFileError(
                    self.name,
                    f"duplicate key {key!r}" + (f" (first given on line {first})" if first else ""),
                    line=line,
                    field=field_name(child),
                )
            self.key_lines[child] = line
            result[key] = self._value(self._next(), child, in_alias)
            key_event = self._next()
        return result

    def _key(self, event: Any, path: PathKey) -> Any:
        """The scalar event naming a key (through an alias to one, if that is how it is written)."""
        if type(event) is yaml.AliasEvent:
            recorded = self._recorded(event)
            if len(recorded) == 1:
                event = recorded[0]
        elif type(event) is yaml.ScalarEvent and event.anchor is not None and not self._replaying:
            self._anchor(event.anchor, event)
            self._anchors[event.anchor] = self._recording.pop()
        if type(event) is not yaml.ScalarEvent or event.tag in (_SEQ, _MAP):
            raise CaseFileError(
                self.name,
                "keys must be plain text",
                line=event.start_mark.line + 1,
                field=field_name(path) or None,
            )
        return event

    def _anchor(self, anchor: str, event: Any) -> None:
        if anchor in self._anchors:
            recorded = self._anchors[anchor]
            first = f" (first on line {recorded[0].start_mark.line + 1})" if recorded else ""
            raise CaseFileError(
                self.name,
                f"not valid YAML: the anchor &{anchor} is given twice{first}",
                line=event.start_mark.line + 1,
            )
        self._anchors[anchor] = []  # being read: an alias to it now would never end
        self._recording.append([event])

    def _recorded(self, event: Any) -> list[Any]:
        """The events of the value an alias names."""
        recorded = self._anchors.get(event.anchor)
        if recorded is None:
            raise CaseFileError(
                self.name,
                f"not valid YAML: *{event.anchor} refers to no anchor &{event.anchor} before it",
                line=event.start_mark.line + 1,
            )
        return recorded

    def _alias(self, event: Any, path: PathKey) -> Any:
        recorded = self._recorded(event)
        if not recorded:
            raise self.error(
                path, f"*{event.anchor} is inside the value &{event.anchor} names: it would never end"
            )
        self._replaying.append(iter(recorded))
        try:
            return self._value(self._next(), path, True)
        finally:
            self._replaying.pop()

    def _scalar(self, event: Any, path: PathKey) -> Any:
        text: str = event.value
        tag = event.tag
        if tag is None or tag == "!":
            tag = _implicit_tag(text) if event.implicit[0] else _STR
        if tag == _STR:
            return text
        value: Any
        try:
            if tag == "tag:yaml.org,2002:null":
                value = None
            elif tag == "tag:yaml.org,2002:bool":
                value = text.lower() == "true"
            elif tag == "tag:yaml.org,2002:int":
                value = int(text, 0) if text[:2] in ("0o", "0x") else int(text)
            elif tag == "tag:yaml.org,2002:float":
                lowered = text.lower()
                value = float(lowered.replace(".inf", "inf").replace(".nan", "nan"))
            else:
                raise self.error(path, f"YAML tag {tag!r} is not allowed in a case file")
        except ValueError:
            raise self.error(path, f"{text!r} is not a valid {tag.rsplit(':', 1)[-1]}") from None
        if not event.style:  # plain (libyaml says "", the Python parser None)
            self.raw[path] = text
        return value

    def read(self, loader: Any) -> Any:
        """The data of the single document ``loader`` parses."""
        self._loader = loader
        self._anchors: dict[str, list[Any]] = {}
        self._recording: list[list[Any]] = []
        self._replaying: list[Iterator[Any]] = []
        try:
            loader.get_event()  # the stream starts
            if type(loader.peek_event()) is yaml.StreamEndEvent:
                raise CaseFileError(self.name, "the file is empty: a case file starts with 'contactplan: 1'")
            loader.get_event()  # the document starts
            data = self._value(self._next(), (), False)
            loader.get_event()  # the document ends
            if type(loader.peek_event()) is not yaml.StreamEndEvent:
                raise CaseFileError(
                    self.name,
                    "not valid YAML: a second document ('---') in one case file",
                    line=loader.peek_event().start_mark.line + 1,
                )
            return data
        finally:  # the document outlives the reading: it keeps only the data's positions
            del self._loader, self._anchors, self._recording, self._replaying


def _implicit_tag(text: str) -> str:
    """The YAML 1.2 core schema's type of a plain scalar, as PyYAML's resolver finds it."""
    for tag, pattern in _RESOLVERS.get(text[:1], ()):
        if pattern.match(text):
            return str(tag)
    return _STR


_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: list(found) for first, found in _Resolver.yaml_implicit_resolvers.items() if first is not None
}


_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,99}")


def field_name(path: Iterable[str | int]) -> str:
    """``('members', 1, 'languages', 0, 'tag')`` -> ``members[1].languages[0].tag``.

    A key that is not a plain word (a misspelt key holding a line break, a
    quote, or 5,000 characters) is shown quoted and cut short, so that a
    message stays one line whatever the file holds: ``case['a\\n']``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.fullmatch(part):
            out += f".{part}" if out else part
        else:
            out += f"[{(part if len(part) <= 40 else part[:40] + '...')!r}]"
    return out


def parse(text: str, name: str) -> tuple[Any, Document]:
    """The plain data of a YAML 1.2 text, and where each part of it is."""
    document = Document(name)
    loader = _Loader(text)
    try:
        data = document.read(loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "not valid YAML"
        raise CaseFileError(name, f"not valid YAML: {problem}", line=line) from None
    except yaml.YAMLError as exc:
        raise CaseFileError(name, f"not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    return data, document
