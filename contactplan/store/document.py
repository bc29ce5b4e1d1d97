"""A case as the store keeps it: the validated case document as JSON, read
back through the same reader and model as a file; the rows derived from it;
and what changed between two versions.

* :func:`validated_document` turns a case into its JSON document and reads
  that document back with :func:`contactplan.casefile.load_case_text` (the
  reader every case file goes through): a case that doesn't pass is refused
  with the reader's message, and one that would not come back the same is
  refused too.
* :func:`contact_rows` and :func:`booking_rows` are the ``contacts`` and
  ``bookings`` rows of the current version (UTC times, interpreters with
  registration and email) for caseload queries.
* :func:`changes` says, in words, which members, interpreters, contacts,
  letters, acknowledgements and settings differ between two documents.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec

from ..errors import CaseFileError
from ..model import Case

__all__ = [
    "booking_rows",
    "changes",
    "contact_rows",
    "decode",
    "document_data",
    "encode",
    "identity",
    "validated_document",
]


def _enc_hook(value: Any) -> Any:
    if isinstance(value, dt.date):  # the model's Date and DateTime subclasses
        return value.isoformat()
    raise TypeError(f"cannot store a {type(value).__name__}")  # pragma: no cover - the model has no others


_ENCODER = msgspec.json.Encoder(enc_hook=_enc_hook)


def encode(case: Case) -> str:
    """The case document as compact JSON, every key of the format in its order
    (keys left empty are ``null``, which the reader takes as not given)."""
    return _ENCODER.encode(case).decode("utf-8")


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
