"""The caseload page's list (issue 15): each open case with its stored
findings' counts, its next planned contact, who needs an interpreter and
who reads no language well enough, read without opening any case document.

Who needs an interpreter and who can't read are facts of a case version:
they are derived once (:func:`summarize`) and kept in ``case_summaries``
beside the version's findings. Versions saved by something that did not
keep them (``contactplan db import``) get them on the first caseload
request that meets them (:func:`caseload` fills the gaps in one pass).

A case whose stored document can't be read is still a row, with
``unreadable`` saying why, so that one bad document never takes the
caseload down. With an ``actor`` the list holds only the cases they may
see (:mod:`.access`), and the listing is recorded in the audit.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import msgspec
import sqlalchemy as sa

from .. import clock
from ..errors import CaseFileError
from ..model import Case
from . import document as doc
from .access import Actor, visible
from .schema import case_summaries, case_versions, cases, contacts, findings
from .store import Store

__all__ = ["CaseloadRow", "Person", "caseload", "keep_summary", "summarize"]


class Person(msgspec.Struct, frozen=True):
    """A member named on the caseload: name, role, and a language tag (the
    spoken language an interpreter must speak, or none)."""

    name: str
    role: str
    language: str | None = None


class Summary(msgspec.Struct, frozen=True):
    interpreter: list[Person] = []
    cannot_read: list[Person] = []


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    reference: str
    version: int
    updated_at: dt.datetime
    updated_by: str
    errors: int
    warnings: int
    next_kind: str | None
    next_start: dt.datetime | None
    interpreter: list[Person] = field(default_factory=list)
    cannot_read: list[Person] = field(default_factory=list)
    #: Why the case's stored document can't be read (None: it can): the page
    #: shows the row as a case that can't be read, and its reference.
    unreadable: str | None = None


_ENCODER = msgspec.json.Encoder()
_DECODER = msgspec.json.Decoder(Summary)


def summarize(case: Case) -> str:
    """The caseload facts of a case (JSON): who needs an interpreter, in which
    spoken language, and which adult reads no language well enough for a
    letter (letters go to adults: a child who can't read yet is not news)."""
    from ..languages import needs_for

    today = clock.today()
    interpreter, cannot_read = [], []
    for member in case.members:
        needs = needs_for(member, policy=case.policy)
        if not needs.known or needs.young_child:
            continue
        if needs.interpreter_needed:
            interpreter.append(Person(member.name, member.role, needs.spoken))
        if needs.written is None and not member.is_child(today):
            cannot_read.append(Person(member.name, member.role))
    return _ENCODER.encode(Summary(interpreter, cannot_read)).decode("utf-8")


def keep_summary(store: Store, reference: str, version: int, case: Case) -> None:
    """Keep the caseload facts of a version just saved."""
    text = summarize(case)
    with store._errors(), store._writer() as connection, connection.begin():
        case_id = connection.execute(sa.select(cases.c.id).where(cases.c.reference == reference)).scalar()
        if case_id is None:
            return
        known = connection.execute(
            sa.select(case_summaries.c.version).where(
                case_summaries.c.case_id == case_id, case_summaries.c.version == version
            )
        ).first()
        if known is None:
            connection.execute(
                sa.insert(case_summaries).values(case_id=case_id, version=version, summary=text)
            )


def _fill_gaps(store: Store, wanted: list[tuple[int, int]]) -> tuple[dict[int, str], dict[int, str]]:
    """Derive (and keep) the facts of the versions ``(case id, version)``
    that have none yet; and why those that can't be read can't."""
    if not wanted:
        return {}, {}
    out: dict[int, str] = {}
    broken: dict[int, str] = {}
    values: list[dict[str, Any]] = []
    with store._read() as connection:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            rows = connection.execute(
                sa.select(case_versions.c.case_id, case_versions.c.version, case_versions.c.document).where(
                    sa.tuple_(case_versions.c.case_id, case_versions.c.version).in_(chunk)
                )
            ).all()
            for row in rows:
                try:
                    case, _ = doc.read_stored(row.document, f"version {row.version} in the store")
                    out[row.case_id] = summarize(case)
                except CaseFileError as exc:
                    broken[row.case_id] = exc.message
                    continue
                except Exception as exc:  # a value a later rule refuses: this case only
                    broken[row.case_id] = f"could not be summarized ({type(exc).__name__})"
                    continue
                values.append({"case_id": row.case_id, "version": row.version, "summary": out[row.case_id]})
    if values and not store.read_only:
        # another request may have kept them first
        with (
            store._errors(),
            store._writer() as connection,
            contextlib.suppress(sa.exc.IntegrityError),
            connection.begin(),
        ):
            connection.execute(sa.insert(case_summaries), values)
    return out, broken


def caseload(
    store: Store, *, now: dt.datetime | None = None, actor: Actor | None = None, audit: str | None = "list"
) -> list[CaseloadRow]:
    """Every open case (that ``actor`` may see), by reference, with what the
    caseload page shows; a case that can't be read is a row with
    ``unreadable`` set. A few plain queries merged here: much faster on
    SQLite than one join."""
    instant = now or clock.now()
    current = sa.and_(cases.c.id == findings.c.case_id, cases.c.version == findings.c.version)
    counts = (
        sa.select(findings.c.case_id, findings.c.severity, sa.func.count().label("n"))
        .join(cases, current)
        .where(
            cases.c.status == "open",
            ~findings.c.acknowledged,
            findings.c.severity.in_(("error", "warning")),
            visible(actor),
        )
        .group_by(findings.c.case_id, findings.c.severity)
    )
    upcoming = sa.select(
        contacts.c.case_id, contacts.c.contact_id, contacts.c.kind, contacts.c.start_utc
    ).where(contacts.c.status == "planned", contacts.c.start_utc >= instant)
    kept = sa.select(case_summaries.c.case_id, case_summaries.c.summary).join(
        cases, sa.and_(cases.c.id == case_summaries.c.case_id, cases.c.version == case_summaries.c.version)
    )
    listed = (
        sa.select(cases.c.id, cases.c.reference, cases.c.version, cases.c.updated_at, cases.c.updated_by)
        .where(cases.c.status == "open", visible(actor))
        .order_by(cases.c.reference)
    )
    with store._read() as connection:
        tally: dict[tuple[int, str], int] = {(t.case_id, t.severity): t.n for t in connection.execute(counts)}
        nxt: dict[int, tuple[dt.datetime, str, str]] = {}
        for c in connection.execute(upcoming):
            candidate = (c.start_utc, c.contact_id, c.kind)
            if c.case_id not in nxt or candidate < nxt[c.case_id]:
                nxt[c.case_id] = candidate
        summaries = {k.case_id: k.summary for k in connection.execute(kept)}
        rows = connection.execute(listed).all()
    filled, broken = _fill_gaps(store, [(r.id, r.version) for r in rows if r.id not in summaries])
    summaries.update(filled)
    out: list[CaseloadRow] = []
    for r in rows:
        text = summaries.get(r.id)
        summary = _DECODER.decode(text) if text else Summary()
        coming = nxt.get(r.id)
        out.append(
            CaseloadRow(
                r.reference,
                r.version,
                r.updated_at,
                r.updated_by,
                tally.get((r.id, "error"), 0),
                tally.get((r.id, "warning"), 0),
                coming[2] if coming else None,
                coming[0] if coming else None,
                list(summary.interpreter),
                list(summary.cannot_read),
                broken.get(r.id),
            )
        )
    if audit is not None:
        store._audit(actor, [(audit, None, None, "ok", f"{len(out)} open cases")])
    return out
