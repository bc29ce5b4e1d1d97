"""YAML 1.2 core semantics on libyaml, with the position of every value.

PyYAML implements YAML 1.1, where ``no`` is false and ``12:30`` a number of
minutes. A case file is read with YAML 1.2's core schema instead
(``no``, ``yes``, ``on``, ``off`` are text), by libyaml's C parser where
PyYAML has it. :func:`parse` returns the plain data and a
:class:`Document` that knows the line of every value and key, and the text of
every plain scalar YAML read as something other than text (``phone: 0123``),
so that the reader can put back what the person wrote where the format
expects text. Shared by reading (:mod:`.`) and editing (:mod:`.edit`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
        self._seen: set[int] = set()
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

    def build(self, node: yaml.Node, path: PathKey = (), in_alias: bool = False) -> Any:
        if len(path) > MAX_DEPTH:
            raise self.error(path, "nested too deeply to be a case file")
        if id(node) in self._seen:
            in_alias = True
        self._seen.add(id(node))
        if in_alias:
            self._alias_nodes += 1
            if self._alias_nodes > MAX_ALIAS_NODES:
                raise self.error(path, "aliases expand this file far beyond its size: refused")
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                raise self.error(path, f"YAML tag {node.tag!r} is not allowed in a case file")
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag in (_SEQ, _MAP):
                    raise self.error(path, "keys must be plain text")
                key = str(key_node.value)
                child = (*path, key)
                if key in result:
                    first = self.key_lines.get(child)
                    raise CaseFileError(
                        self.name,
                        f"duplicate key {key!r}" + (f" (first given on line {first})" if first else ""),
                        line=key_node.start_mark.line + 1,
                        field=field_name(child),
                    )
                self.key_lines[child] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, child, in_alias)
            return result
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise self.error(path, f"YAML tag {node.tag!r} is not allowed in a case file")
            return [self.build(item, (*path, i), in_alias) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _scalar(self, node: yaml.Node, path: PathKey) -> Any:
        text: str = node.value
        tag = node.tag
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
        if not getattr(node, "style", None):  # plain (libyaml says "", the Python parser None)
            self.raw[path] = text
        return value


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
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "not valid YAML"
        raise CaseFileError(name, f"not valid YAML: {problem}", line=line) from None
    except yaml.YAMLError as exc:
        raise CaseFileError(name, f"not valid YAML: {exc}") from None
    finally:
        loader.dispose()
    if node is None:
        raise CaseFileError(name, "the file is empty: a case file starts with 'contactplan: 1'")
    return document.build(node), document
