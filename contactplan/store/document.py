"""A case as the store keeps it: the validated case document as JSON, read
back through the same reader and model as a file; the rows derived from it;
and what changed between two versions.

* :func:`validated_document` turns a case into its JSON document and reads
  that document back with :func:`contactplan.casefile.load_case_text` (the
  reader every case file goes through): a case that doesn't pass is refused
  with the reader's message, and one that would not come back the same is
  refused too.
* :func:`read_stored` reads a stored document back for every use after the
  save: a document that passed the reader when it was saved stays readable
  when a later contactplan's reader is stricter (a language tag, an id, a
  reference it now refuses): it is read as it was stored and what the reader
  now refuses comes back as problems (``db check`` reports them as findings,
  :data:`STORED_RULE_CODE`), never as a read error. Only a document that is
  not a case document at all (cut short, not JSON, another format version)
  can't be read.
* :func:`contact_rows` and :func:`booking_rows` are the ``contacts`` and
  ``bookings`` rows of the current version (UTC times, interpreters with
  registration and email) for caseload queries.
* :func:`changes` says, in words, which members, interpreters, contacts,
  letters, acknowledgements and settings differ between two documents.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

import msgspec

from ..errors import CaseFileError
from ..model import Case

__all__ = [
    "STORED_RULE_CODE",
    "booking_rows",
    "changes",
    "contact_rows",
    "decode",
    "document_data",
    "encode",
    "encode_value",
    "identity",
    "read_stored",
    "validated_document",
]

#: The code of the finding a stored case gets for what this contactplan's
#: reader refuses in it (a rule added after it was saved). It is not a check
#: of the registry (those look at plans, not at how a document reads): the
#: finding says what to change, and the case can't be saved until it is.
STORED_RULE_CODE = "CP000"


def _enc_hook(value: Any) -> Any:
    if isinstance(value, dt.date):  # the model's Date and DateTime subclasses
        return value.isoformat()
    raise TypeError(f"cannot store a {type(value).__name__}")  # pragma: no cover - the model has no others


_ENCODER = msgspec.json.Encoder(enc_hook=_enc_hook)


def encode(case: Case) -> str:
    """The case document as compact JSON, every key of the format in its order
    (keys left empty are ``null``, which the reader takes as not given)."""
    return _ENCODER.encode(case).decode("utf-8")


def encode_value(value: Any) -> bytes:
    """Any model value (an acknowledgement, a member) as compact JSON bytes."""
    return _ENCODER.encode(value)


def decode(document: str, name: str) -> Case:
    """A stored document read back through the case file reader's checks.

    The document is JSON the store wrote, so it is parsed by msgspec's JSON
    decoder rather than the YAML reader (six times faster, and JSON has none
    of the YAML traps the reader guards against); the structure and every
    rule of the format are then checked by the same code as for a file
    (:mod:`contactplan.casefile`'s ``check_version``, ``convert`` and
    ``Validator``). Errors name ``name`` and the field; the line of compact
    JSON would mean nothing.
    """
    from ..casefile.structure import convert
    from ..casefile.validate import Validator, check_version
    from ..casefile.yaml12 import Document

    source = Document(name)
    try:
        data = msgspec.json.decode(document)
    except msgspec.DecodeError as exc:
        raise CaseFileError(name, f"not valid JSON: {exc}") from None
    try:
        check_version(data, source)
        case = convert(data, source)
        Validator(case, source).run()
    except CaseFileError as exc:
        raise CaseFileError(exc.file, exc.message, field=exc.field, hint=exc.hint) from None
    return case


def read_stored(document: str, name: str) -> tuple[Case, list[CaseFileError]]:
    """A stored document read back: the case, and what this contactplan's
    reader refuses in it (empty when it passes, as nearly every one does).

    The document is read as :func:`decode` reads it; when a rule refuses a
    value that the reader of the day it was saved accepted, it is read again
    as it was stored (the structure's types only, no pattern, length or
    vocabulary rule) and the refusal is returned beside the case. Raises
    :class:`CaseFileError` only for a document that is no case at all: cut
    short, not JSON, another format version, a value of the wrong type.
    """
    try:
        return decode(document, name), []
    except CaseFileError as strict:
        first = strict
    from ..casefile.structure import convert
    from ..casefile.validate import Validator, check_version
    from ..casefile.yaml12 import Document

    source = Document(name)
    try:
        data = msgspec.json.decode(document)
    except msgspec.DecodeError as exc:
        raise CaseFileError(
            name, f"could not be read: the stored document is cut short or damaged ({exc})"
        ) from None
    try:
        check_version(data, source)
    except CaseFileError as exc:
        raise CaseFileError(name, f"could not be read: {exc.message}", field=exc.field) from None
    problems: list[CaseFileError] = []
    try:
        case = convert(data, source)
    except CaseFileError as exc:
        problems.append(exc)
        try:
            case = _as_stored(Case, data)
        except _Mismatch as mismatch:
            raise CaseFileError(
                name, f"could not be read: not a case document ({mismatch})", field=exc.field
            ) from None
    try:
        Validator(case, source).run()
    except CaseFileError as exc:
        problems.append(exc)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        problems.append(CaseFileError(name, f"can't be checked as a case file ({type(exc).__name__})"))
    if not problems:  # pragma: no cover - decode refused it, so something does
        problems.append(first)
    return case, problems


class _Mismatch(Exception):
    """A stored value whose type is not the one the model has."""


def _as_stored(kind: Any, value: Any) -> Any:
    """``value`` as the model type ``kind``, built without the model's
    constraints (patterns, lengths, bounds, the words of a vocabulary): the
    types alone. Struct constructors don't validate, so a value a later rule
    refuses is kept as it was stored."""
    import types
    import typing

    from .. import model
    from ..casefile.structure import _date_hook

    while typing.get_origin(kind) is typing.Annotated:
        kind = typing.get_args(kind)[0]
    origin = typing.get_origin(kind)
    if value is None:
        return None
    if origin in (typing.Union, types.UnionType):
        for option in typing.get_args(kind):
            if option is type(None):
                continue
            try:
                return _as_stored(option, value)
            except _Mismatch:
                continue
        raise _Mismatch(f"unexpected {type(value).__name__}")
    if origin is list:
        if not isinstance(value, list):
            raise _Mismatch(f"expected a list, got {type(value).__name__}")
        (item,) = typing.get_args(kind)
        return [_as_stored(item, v) for v in value]
    if origin is typing.Literal:
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise _Mismatch(f"expected a word, got {type(value).__name__}")
        return value
    if isinstance(kind, type) and issubclass(kind, msgspec.Struct):
        if not isinstance(value, dict):
            raise _Mismatch(f"expected a mapping, got {type(value).__name__}")
        given: dict[str, Any] = {}
        for field in msgspec.structs.fields(kind):
            raw = value.get(field.encode_name)
            if raw is None:
                if field.required:
                    raise _Mismatch(f"missing {field.encode_name!r}")
                continue
            given[field.name] = _as_stored(field.type, raw)
        return kind(**given)
    if kind in (model.Date, model.DateTime):
        try:
            return _date_hook(kind, value)
        except (TypeError, ValueError):
            if isinstance(value, str):
                with contextlib.suppress(ValueError):
                    return kind.fromisoformat(value)
            raise _Mismatch(f"not a date: {str(value)[:40]!r}") from None
    if kind is bool:
        if not isinstance(value, bool):
            raise _Mismatch(f"expected true or false, got {type(value).__name__}")
        return value
    if kind is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise _Mismatch(f"expected a whole number, got {type(value).__name__}")
        return value
    if kind is str:
        if not isinstance(value, str):
            raise _Mismatch(f"expected text, got {type(value).__name__}")
        return value
    try:
        return msgspec.convert(value, kind)
    except msgspec.ValidationError as exc:
        raise _Mismatch(str(exc)) from None


def document_data(document: str) -> dict[str, Any]:
    """A stored document as plain data (no validation: for comparing versions)."""
    data: dict[str, Any] = msgspec.json.decode(document)
    return data


def validated_document(case: Case | str, name: str = "<case>") -> tuple[Case, str]:
    """The case, as read back by the reader, and its JSON document.

    ``case`` is a :class:`~contactplan.model.Case` or the text of a case file
    (YAML or JSON, read by :func:`contactplan.casefile.load_case_text`).
    Its document is read back (:func:`decode`) before it is stored: a case
    that does not pass the reader's checks is refused with the reader's
    message (:class:`CaseFileError`), and one that would not come back the
    same is refused too.
    """
    if isinstance(case, str):
        from ..casefile import load_case_text

        case = load_case_text(case, name)
    document = encode(case)
    back = decode(document, f"{case.case.reference} (as saved)")
    if back != case:  # pragma: no cover - a safety net: every model value has a JSON form
        raise CaseFileError(name, "the case does not come back the same from the store's JSON")
    return back, document


# --------------------------------------------------------------------------
# Derived rows


def identity(registration: str | None, email: str | None) -> str | None:
    """Who an interpreter is across cases (CP701): the same professional
    registration, else the same email; spaces and letter case don't count."""
    if registration and registration.strip():
        return "registration:" + " ".join(registration.split()).casefold()
    if email and email.strip():
        return "email:" + email.strip().casefold()
    return None


def contact_rows(case: Case) -> list[dict[str, Any]]:
    """One row a contact: kind, status and its UTC start and end."""
    rows = []
    for contact in case.contacts:
        start, end = case.span(contact)
        rows.append(
            {
                "contact_id": contact.id,
                "kind": contact.kind,
                "status": contact.status,
                "start_utc": start.astimezone(dt.UTC),
                "end_utc": end.astimezone(dt.UTC),
            }
        )
    return rows


def booking_rows(case: Case) -> list[dict[str, Any]]:
    """One row each interpreter from the register booked at a contact (relay
    interpreters included), with the arrangement's language and status. An
    interpreter with neither registration nor email is known by the case's
    reference and their id: the same person within that case only."""
    register = {i.id: i for i in case.interpreters}
    rows = []
    for contact in case.contacts:
        position = 0
        for arrangement in contact.interpreting:
            for interpreter_id, relay in (
                (arrangement.interpreter, False),
                (arrangement.relay_interpreter, True),
            ):
                if interpreter_id is None or interpreter_id not in register:
                    continue
                entry = register[interpreter_id]
                rows.append(
                    {
                        "contact_id": contact.id,
                        "position": position,
                        "interpreter_id": interpreter_id,
                        "relay": relay,
                        "language": arrangement.language,
                        "status": arrangement.status,
                        "name": entry.name,
                        "registration": entry.registration,
                        "email": entry.email,
                        "identity": identity(entry.registration, entry.email)
                        or f"id:{case.reference}:{interpreter_id}",
                    }
                )
                position += 1
    return rows


# --------------------------------------------------------------------------
# What changed

_LISTS = (
    ("members", "member"),
    ("interpreters", "interpreter"),
    ("contacts", "contact"),
    ("letters", "letter"),
)


def changes(old: dict[str, Any] | None, new: dict[str, Any]) -> list[str]:
    """What differs from ``old`` to ``new``, one phrase each:
    ``member magda changed (languages, language_assessment)``,
    ``contact hv-03 added``, ``letter inv-1 removed``. Values are never
    quoted, only ids and keys."""
    if old is None:
        return ["created"]
    out: list[str] = []
    keys = _changed_keys(old.get("case") or {}, new.get("case") or {})
    if keys:
        out.append(f"case details changed ({', '.join(keys)})")
    for section, label in _LISTS:
        before = {item.get("id"): item for item in old.get(section) or []}
        after = {item.get("id"): item for item in new.get(section) or []}
        for key, item in after.items():
            if key not in before:
                out.append(f"{label} {key} added")
            elif item != before[key]:
                out.append(f"{label} {key} changed ({', '.join(_changed_keys(before[key], item))})")
        out.extend(f"{label} {key} removed" for key in before if key not in after)
        if [item.get("id") for item in old.get(section) or [] if item.get("id") in after] != [
            item.get("id") for item in new.get(section) or [] if item.get("id") in before
        ]:
            out.append(f"{section} reordered")
    acknowledged_old, acknowledged_new = old.get("acknowledged") or [], new.get("acknowledged") or []
    if acknowledged_old != acknowledged_new:
        added = [a for a in acknowledged_new if a not in acknowledged_old]
        removed = [a for a in acknowledged_old if a not in acknowledged_new]
        out.extend(f"acknowledgement of {a.get('code')} added" for a in added)
        out.extend(f"acknowledgement of {a.get('code')} removed" for a in removed)
    keys = _changed_keys(old.get("policy") or {}, new.get("policy") or {})
    if keys:
        out.append(f"policy changed ({', '.join(keys)})")
    return out


def _changed_keys(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [k for k in [*new, *(k for k in old if k not in new)] if old.get(k) != new.get(k)]


# --------------------------------------------------------------------------
# Back to a file


def case_yaml(case: Case, header: str = "") -> str:
    """The case as a YAML case file a person would write (defaults left out),
    which reads back to the same case; ``header`` lines become comments."""
    import yaml

    from ..casefile.serialize import _Dumper, to_data
    from ..model import Date

    class _CaseDumper(_Dumper):
        pass

    _CaseDumper.add_representer(Date, yaml.SafeDumper.represent_date)
    body: str = yaml.dump(
        to_data(case),
        Dumper=_CaseDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=4096,
    )
    comments = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return comments + body


def case_json(case: Case) -> str:
    """The case as an indented JSON case file."""
    data = msgspec.json.decode(encode(case))
    return msgspec.json.format(msgspec.json.encode(data), indent=2).decode("utf-8") + "\n"
