"""Read and validate case files (format version 1, ``docs/case-file.md``).

Reading rules, each enforced here:

* YAML 1.2 core meanings: ``no``, ``yes``, ``on``, ``off`` are text
  (``tag: no`` is Norwegian); ``12:30`` is not a number; dates are text until
  the format says a date is expected. A plain scalar that YAML reads as a
  number or boolean stays the text the person wrote where the format expects
  text (``phone: 0123`` is ``"0123"``).
* A key given twice, a key the format does not know, a missing required key,
  a wrong type or value and an id that refers to nothing are errors naming the
  file, the line and the field, with a suggestion where there is one.
* Files over 1 MiB, binary files, and aliases that expand the document are
  refused. JSON is read as the YAML subset it is.

Parsing uses libyaml (PyYAML's C parser) where available; the structure is
checked by msgspec against :mod:`contactplan.model`; cross-references and
language tags are checked here.
"""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import msgspec
import yaml

from . import model
from .errors import CaseFileError, UnknownLanguageError
from .model import Case

__all__ = ["MAX_BYTES", "iter_case_files", "load_case", "load_case_text", "parse_datetime"]

MAX_BYTES = 1024 * 1024
CASE_SUFFIXES = (".yaml", ".yml", ".json")
_MAX_DEPTH = 64
_MAX_ALIAS_NODES = 5_000

PathKey = tuple[str | int, ...]


# --------------------------------------------------------------------------
# YAML 1.2 core schema on libyaml


class _Resolver(yaml.resolver.BaseResolver):
    """The YAML 1.2 core schema's implicit types (PyYAML implements 1.1)."""


for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    _Resolver.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), list(_first))

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


class _Document:
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
        if len(path) > _MAX_DEPTH:
            raise self.error(path, "nested too deeply to be a case file")
        if id(node) in self._seen:
            in_alias = True
        self._seen.add(id(node))
        if in_alias:
            self._alias_nodes += 1
            if self._alias_nodes > _MAX_ALIAS_NODES:
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


def field_name(path: Iterable[str | int]) -> str:
    """``('members', 1, 'languages', 0, 'tag')`` -> ``members[1].languages[0].tag``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _parse(text: str, name: str) -> tuple[Any, _Document]:
    document = _Document(name)
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


# --------------------------------------------------------------------------
# Structure (msgspec) with messages people understand

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
        if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
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


def _nearest(word: str, choices: list[str]) -> str | None:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


def _describe(doc: _Document, exc: msgspec.ValidationError) -> CaseFileError:
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
            _nearest(key, known) or (f"known keys: {', '.join(known)}" if known else None),
        )
    if m := re.match(r"Invalid enum value (.+)", message):
        choices = _choices_at(path)
        hint = _nearest(str(m[1]).strip("'\""), choices)
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


def _convert(data: Any, doc: _Document) -> Case:
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


# --------------------------------------------------------------------------
# Meaning: versions, tags, ids, cross-references


def _check_version(data: Any, doc: _Document) -> None:
    if not isinstance(data, dict):
        raise doc.error((), "a case file is a mapping that starts with 'contactplan: 1'")
    if "contactplan" not in data:
        raise CaseFileError(
            doc.name,
            "missing required key 'contactplan' (the format version: contactplan: 1)",
            line=1,
            field="contactplan",
        )
    version = data["contactplan"]
    if version != 1 or isinstance(version, bool):
        raise doc.error(
            ("contactplan",), f"unsupported format version {version!r}: this contactplan reads version 1"
        )


class _Validator:
    def __init__(self, case: Case, doc: _Document) -> None:
        self.case = case
        self.doc = doc

    def tag(self, text: str, path: PathKey) -> str:
        from .languages import normalize_tag

        try:
            return normalize_tag(text)
        except UnknownLanguageError as exc:
            raise self.doc.error(path, str(exc), exc.hint) from None

    def unique(self, items: list[Any], name: str) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for i, item in enumerate(items):
            if item.id in seen:
                raise self.doc.error((name, i, "id"), f"duplicate id {item.id!r} in {name}")
            seen[item.id] = item
        return seen

    def ref(self, value: str, known: dict[str, Any], path: PathKey, what: str) -> None:
        if value not in known:
            raise self.doc.error(path, f"{value!r} is not the id of any {what}", _nearest(value, list(known)))

    def run(self) -> None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

        case, doc = self.case, self.doc
        try:
            if not re.fullmatch(r"[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*", case.case.timezone):
                raise ValueError
            ZoneInfo(case.case.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise doc.error(
                ("case", "timezone"),
                f"unknown time zone {case.case.timezone!r}",
                _nearest(case.case.timezone, sorted(available_timezones()))
                or "an IANA name such as Europe/London",
            ) from None

        members = self.unique(case.members, "members")
        interpreters = self.unique(case.interpreters, "interpreters")
        contacts = self.unique(case.contacts, "contacts")
        self.unique(case.letters, "letters")

        if not any(m.role == "subject_child" for m in case.members):
            raise doc.error(("members",), "at least one member must have role 'subject_child'")
        for i, member in enumerate(case.members):
            self.member(member, ("members", i))
        for i, interpreter in enumerate(case.interpreters):
            interpreter.languages = [
                self.tag(t, ("interpreters", i, "languages", j)) for j, t in enumerate(interpreter.languages)
            ]
        for i, contact in enumerate(case.contacts):
            self.contact(contact, ("contacts", i), members, interpreters, contacts)
        for i, letter in enumerate(case.letters):
            path: PathKey = ("letters", i)
            self.ref(letter.to, members, (*path, "to"), "member")
            if letter.contact is not None:
                self.ref(letter.contact, contacts, (*path, "contact"), "contact")
            elif letter.template in model.CONTACT_TEMPLATES:
                raise doc.error(
                    path,
                    "missing required key 'contact'",
                    f"a {letter.template} letter is about a contact: give its id",
                )
            if letter.follow_up_of is not None:
                self.ref(letter.follow_up_of, contacts, (*path, "follow_up_of"), "contact")
            if letter.languages is not None:
                letter.languages = [
                    self.tag(t, (*path, "languages", j)) for j, t in enumerate(letter.languages)
                ]

    def member(self, member: model.Member, path: PathKey) -> None:
        if member.role in model.CHILD_ROLES and member.date_of_birth is None:
            raise self.doc.error(
                path, "missing required key 'date_of_birth'", f"required for role {member.role}"
            )
        seen: dict[str, int] = {}
        for j, entry in enumerate(member.languages):
            entry.tag = self.tag(entry.tag, (*path, "languages", j, "tag"))
            if entry.tag in seen:
                raise self.doc.error(
                    (*path, "languages", j, "tag"),
                    f"language {entry.tag!r} is listed twice for this member",
                )
            seen[entry.tag] = j
        if member.preferred_spoken is not None:
            member.preferred_spoken = self.tag(member.preferred_spoken, (*path, "preferred_spoken"))
        if member.preferred_written is not None:
            member.preferred_written = self.tag(member.preferred_written, (*path, "preferred_written"))

    def contact(
        self,
        contact: model.Contact,
        path: PathKey,
        members: dict[str, Any],
        interpreters: dict[str, Any],
        contacts: dict[str, Any],
    ) -> None:
        zone = self.case.timezone()
        if model.skipped_time(contact.start, zone):
            raise self.doc.error(
                (*path, "start"),
                f"{contact.start:%Y-%m-%d %H:%M} does not exist in {self.case.case.timezone}: "
                "the clocks go forward an hour that night",
                "give the time the visit really starts, e.g. an hour later",
            )
        for j, member_id in enumerate(contact.attendees):
            self.ref(member_id, members, (*path, "attendees", j), "member")
        for j, member_id in enumerate(contact.seen or []):
            self.ref(member_id, members, (*path, "seen", j), "member")
        if contact.follow_up_of is not None:
            self.ref(contact.follow_up_of, contacts, (*path, "follow_up_of"), "contact")
        for j, arrangement in enumerate(contact.interpreting):
            at: PathKey = (*path, "interpreting", j)
            arrangement.language = self.tag(arrangement.language, (*at, "language"))
            for k, member_id in enumerate(arrangement.for_):
                self.ref(member_id, members, (*at, "for", k), "member")
            self.who(arrangement.interpreter, arrangement.by, at, members, interpreters)
            if (
                arrangement.interpreter is None
                and arrangement.by is None
                and arrangement.status != "requested"
            ):
                raise self.doc.error(
                    at,
                    f"an arrangement with status {arrangement.status!r} names who interprets",
                    "give 'interpreter' (from the register) or 'by' (a member), or set status: requested",
                )
        for j, alone in enumerate(contact.seen_alone):
            at = (*path, "seen_alone", j)
            self.ref(alone.child, members, (*at, "child"), "member")
            self.who(alone.interpreter, alone.by, at, members, interpreters)
            if alone.language is not None:
                alone.language = self.tag(alone.language, (*at, "language"))
                if alone.interpreter is None and alone.by is None:
                    from .languages import Match, match_spoken

                    if not any(
                        match_spoken(alone.language, a.language) is Match.EXACT
                        for a in contact.live_interpreting()
                    ):
                        raise self.doc.error(
                            (*at, "language"),
                            f"this contact has no interpreting arrangement in {alone.language!r} "
                            "(that is not cancelled) for the time alone",
                            "add one under 'interpreting', or name the interpreter here",
                        )

    def who(
        self,
        interpreter: str | None,
        by: str | None,
        at: PathKey,
        members: dict[str, Any],
        interpreters: dict[str, Any],
    ) -> None:
        if interpreter is not None and by is not None:
            raise self.doc.error(at, "give either 'interpreter' or 'by', not both")
        if interpreter is not None:
            self.ref(interpreter, interpreters, (*at, "interpreter"), "interpreter in the register")
        if by is not None:
            self.ref(by, members, (*at, "by"), "member")


# --------------------------------------------------------------------------
# Entry points


def load_case_text(text: str, name: str = "<case>") -> Case:
    """A validated :class:`~contactplan.model.Case` from the text of a case file."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise CaseFileError(name, f"larger than {MAX_BYTES // 1024} KiB: refused")
    if "\x00" in text:
        raise CaseFileError(name, "not a text file (it contains NUL bytes)")
    if not text.strip():
        raise CaseFileError(name, "the file is empty: a case file starts with 'contactplan: 1'")
    data, doc = _parse(text, name)
    _check_version(data, doc)
    case = _convert(data, doc)
    _Validator(case, doc).run()
    return case


def load_case(path: str | Path) -> Case:
    """Read and validate the case file at ``path``.

    Raises :class:`~contactplan.errors.CaseFileError` naming the file, the line
    and the field for anything that is not a valid case file.
    """
    name = str(path)
    file = Path(path)
    try:
        size = file.stat().st_size
        if file.is_dir():
            raise CaseFileError(name, "is a folder, not a case file")
        if size > MAX_BYTES:
            raise CaseFileError(name, f"larger than {MAX_BYTES // 1024} KiB: refused")
        raw = file.read_bytes()
    except FileNotFoundError:
        raise CaseFileError(name, "no such file") from None
    except PermissionError:
        raise CaseFileError(name, "permission denied") from None
    except OSError as exc:
        raise CaseFileError(name, f"cannot be read: {exc.strerror or exc}") from None
    if b"\x00" in raw:
        raise CaseFileError(name, "not a text file (it contains NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CaseFileError(name, "not UTF-8 text", line=line) from None
    return load_case_text(text, name)


def iter_case_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Each path given, with folders replaced by every ``*.yaml``, ``*.yml``
    and ``*.json`` file below them, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in CASE_SUFFIXES and p.is_file())
        else:
            yield path


def parse_datetime(text: str) -> model.DateTime:
    """A date and time written as a case file writes one (``2026-12-08T10:00``,
    optionally with an offset). Raises ValueError with a message people understand."""
    try:
        value: model.DateTime = _date_hook(model.DateTime, text)
    except TypeError as exc:
        raise ValueError(str(exc)) from None
    return value
