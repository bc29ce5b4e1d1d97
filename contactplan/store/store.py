"""The shared record of cases: :class:`Store`.

Every save writes a new version of the case and keeps the old ones; a save
based on a version that is no longer the newest fails with
:class:`ConflictError` (nobody's edit is ever lost silently); nothing is
ever deleted (a case is closed or archived instead). See ``docs/store.md``.
"""

from __future__ import annotations

import builtins
import contextlib
import datetime as dt
import getpass
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .. import clock
from ..errors import CaseFileError, ContactplanError
from ..findings import Acknowledged, Finding
from ..model import Case
from . import document as doc
from . import migrate
from .engine import StoreError, create_store_engine, redact
from .schema import bookings, case_versions, cases, contacts, findings, sent_invitations

__all__ = [
    "CaseClosedError",
    "CaseSummary",
    "ConflictError",
    "HistoryEntry",
    "Store",
    "UnknownCaseError",
]

Status = Literal["open", "closed", "archived"]


class UnknownCaseError(StoreError):
    """No case with this reference (or no such version) in the store."""


class CaseClosedError(StoreError):
    """A save to a case that is closed or archived: reopen it first."""


class ConflictError(ContactplanError):
    """Someone else saved the case first: nothing was saved.

    ``case`` is the caller's case, kept so that nothing is lost;
    ``found_version`` the newest version in the store (None: there is none),
    ``found_by``/``found_at`` who saved it and when, ``current`` that
    version's case; ``theirs`` what changed since ``expected_version`` in
    the store and ``mine`` what the caller changed, in words.
    """

    def __init__(
        self,
        reference: str,
        *,
        case: Case,
        expected_version: int | None,
        found_version: int | None,
        found_by: str | None = None,
        found_at: dt.datetime | None = None,
        current: Case | None = None,
        theirs: Sequence[str] = (),
        mine: Sequence[str] = (),
    ) -> None:
        self.reference = reference
        self.case = case
        self.expected_version = expected_version
        self.found_version = found_version
        self.found_by = found_by
        self.found_at = found_at
        self.current = current
        self.theirs = list(theirs)
        self.mine = list(mine)
        super().__init__(self._message())

    def _message(self) -> str:
        when = f" by {self.found_by} at {self.found_at:%Y-%m-%d %H:%M} UTC" if self.found_at else ""
        if self.expected_version is None:
            return (
                f"{self.reference}: not saved: the store already has this case (version "
                f"{self.found_version}{when}); load it and make your changes to it"
            )
        if self.found_version is None:  # pragma: no cover - cases are never deleted
            return f"{self.reference}: not saved: the case is no longer in the store"
        theirs = "; ".join(self.theirs) or "nothing in the case itself"
        mine = "; ".join(self.mine) or "nothing"
        return (
            f"{self.reference}: not saved: version {self.found_version} was saved{when} after "
            f"version {self.expected_version}, which you started from. Changed there: {theirs}. "
            f"Your changes: {mine}. Your version is kept with this message: load version "
            f"{self.found_version}, make your changes again and save"
        )


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One version of a case: what was done, by whom, when and why, and what changed."""

    version: int
    action: str
    status: str
    by: str
    at: dt.datetime
    reason: str | None
    changes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """A case in a caseload list, with the counts of its stored findings
    (those of its current version, checked on ``checked_on``)."""

    reference: str
    version: int
    status: str
    updated_at: dt.datetime
    updated_by: str
    errors: int = 0
    warnings: int = 0
    info: int = 0
    acknowledged: int = 0
    checked_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class StoredCase:
    """A case as loaded from the store, with its version's record."""

    reference: str
    version: int
    status: str
    case: Case


#: Joins a case to its newest version.
_CURRENT = sa.and_(case_versions.c.case_id == cases.c.id, case_versions.c.version == cases.c.version)


def _now() -> dt.datetime:
    return clock.now()


def _who(by: str | None) -> str:
    if by is None:
        try:
            by = getpass.getuser()
        except Exception:  # pragma: no cover - no user name at all
            by = "unknown"
    by = " ".join(str(by).split())
    if not by:
        raise StoreError("who is saving? `by` must name a person")
    return by[:200]


_DB_ERRORS: tuple[type[BaseException], ...] = (
    sa.exc.OperationalError,
    sa.exc.InterfaceError,
    sa.exc.ProgrammingError,
    sa.exc.DatabaseError,
)


class Store:
    """The record of cases in one database.

    ``url``: ``None`` for the embedded default (SQLite in the user's data
    folder), ``sqlite:///PATH`` (or a path), or ``postgresql://...``.
    A new, empty database gets the tables on first use; a database made by
    an older contactplan must be brought up to date with ``upgrade=True``
    (``contactplan db init``). Raises :class:`StoreError` (never showing a
    password) when the database cannot be opened.
    """

    def __init__(self, url: str | None = None, *, upgrade: bool = False) -> None:
        self._url = url
        self.engine: Engine
        self.engine, self.location = create_store_engine(url)
        try:
            self._open(upgrade)
        except BaseException:
            self.engine.dispose()
            raise
        self.revision = migrate.head_revision()

    def _open(self, upgrade: bool) -> None:
        with self._errors():
            with self.engine.connect() as connection:
                revision = migrate.current_revision(connection)
                tables = set(sa.inspect(connection).get_table_names())
            head = migrate.head_revision()
            if revision is None and "cases" in tables:
                raise StoreError(f"{self.location}: has a 'cases' table but is not a contactplan store")
            if revision is None or (upgrade and revision != head):
                if revision is not None and revision not in migrate.revisions():
                    raise self._newer(revision)
                try:
                    migrate.upgrade(self.engine)
                except sa.exc.DBAPIError:
                    # Another process set the store up at the same moment: fine if it is done.
                    with self.engine.connect() as connection:
                        if migrate.current_revision(connection) != head:
                            raise
            elif revision != head:
                if revision not in migrate.revisions():
                    raise self._newer(revision)
                raise StoreError(
                    f"{self.location}: the store is at schema revision {revision}; this contactplan "
                    f"needs {head}: run `contactplan db init` to bring it up to date"
                )

    def _newer(self, revision: str) -> StoreError:
        return StoreError(
            f"{self.location}: the store was set up by a newer contactplan (schema revision "
            f"{revision}): upgrade contactplan"
        )

    # ------------------------------------------------------------------
    # Plumbing

    def close(self) -> None:
        """Let go of the database connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _errors(self) -> _ErrorTranslator:
        return _ErrorTranslator(self.location, self._url)

    @contextlib.contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        with self._errors(), self.engine.connect() as connection, connection.begin():
            yield connection

    def _writer(self) -> sa.Connection:
        return self.engine.connect().execution_options(contactplan_write=True)

    def _case_row(self, connection: sa.Connection, reference: str) -> Any:
        row = connection.execute(
            sa.select(cases.c.id, cases.c.version, cases.c.status).where(cases.c.reference == reference)
        ).first()
        if row is None:
            raise UnknownCaseError(f"no case {reference!r} in the store ({self.location})")
        return row

    # ------------------------------------------------------------------
    # Reading

    def load(self, reference: str, version: int | None = None) -> tuple[Case, int]:
        """The case (its newest version, or ``version``) and its version number."""
        stored = self.load_stored(reference, version)
        return stored.case, stored.version

    def load_stored(self, reference: str, version: int | None = None) -> StoredCase:
        """Like :meth:`load`, with the case's status."""
        with self._read() as connection:
            row = self._case_row(connection, reference)
            wanted = row.version if version is None else version
            text = connection.execute(
                sa.select(case_versions.c.document).where(
                    case_versions.c.case_id == row.id, case_versions.c.version == wanted
                )
            ).scalar()
            if text is None:
                raise UnknownCaseError(
                    f"{reference}: no version {wanted} in the store (versions 1 to {row.version})"
                )
            case = doc.decode(text, f"{reference} (version {wanted} in the store)")
            return StoredCase(reference, wanted, row.status, case)

    def history(self, reference: str, *, changes: bool = True) -> builtins.list[HistoryEntry]:
        """Every version of the case, oldest first: who, when, why, and (with
        ``changes``) what changed from the version before, in words."""
        with self._read() as connection:
            row = self._case_row(connection, reference)
            columns = [
                case_versions.c.version,
                case_versions.c.action,
                case_versions.c.status,
                case_versions.c.saved_by,
                case_versions.c.saved_at,
                case_versions.c.reason,
            ]
            if changes:
                columns.append(case_versions.c.document)
            rows = connection.execute(
                sa.select(*columns).where(case_versions.c.case_id == row.id).order_by(case_versions.c.version)
            ).all()
            entries, before, before_text = [], None, None
            for r in rows:
                what: list[str] = []
                if changes and r.document != before_text:
                    data = doc.document_data(r.document)
                    what = doc.changes(before, data)
                    before, before_text = data, r.document
                entries.append(
                    HistoryEntry(r.version, r.action, r.status, r.saved_by, r.saved_at, r.reason, what)
                )
            return entries

    def findings(self, reference: str, version: int | None = None) -> builtins.list[Finding]:
        """The findings stored with a version (default: the newest) when it was saved."""
        with self._read() as connection:
            row = self._case_row(connection, reference)
            rows = connection.execute(
                sa.select(findings)
                .where(findings.c.case_id == row.id, findings.c.version == (version or row.version))
                .order_by(findings.c.position)
            ).all()
            return [_finding(r) for r in rows]

    def open_cases(self) -> Iterator[StoredCase]:
        """Every open case at its newest version, read through the case file reader."""
        with self._read() as connection:
            result = connection.execute(
                sa.select(cases.c.reference, cases.c.version, cases.c.status, case_versions.c.document)
                .join(
                    case_versions,
                    _CURRENT,
                )
                .where(cases.c.status == "open")
                .order_by(cases.c.reference)
            ).all()
        for r in result:
            yield StoredCase(
                r.reference, r.version, r.status, doc.decode(r.document, f"{r.reference} (in the store)")
            )

    # ------------------------------------------------------------------
    # Writing

    def save(
        self, case: Case | str, expected_version: int | None, by: str | None, reason: str | None = None
    ) -> int:
        """Save ``case`` as a new version and return its number.

        ``expected_version`` is the version the change started from (None
        for a case new to the store). ``case`` is a
        :class:`~contactplan.model.Case` or the text of a case file; it must
        pass the case file reader (else :class:`CaseFileError` with the
        reader's message). Raises :class:`ConflictError` when someone saved
        first (or, for a new case, the reference is taken),
        :class:`CaseClosedError` for a closed case.
        """
        return self.save_many([(case, expected_version)], by, reason)[0]

    def save_many(
        self,
        items: Iterable[tuple[Case | str, int | None]],
        by: str | None,
        reason: str | None = None,
        *,
        today: dt.date | None = None,
    ) -> builtins.list[int]:
        """Save several cases in one transaction: all of them, or none
        (``contactplan db import``). Each item is ``(case, expected_version)``."""
        from ..api import check_case

        who = _who(by)
        day = today or clock.today()
        prepared = []
        for case, expected in items:
            valid, text = doc.validated_document(case)
            given = case if isinstance(case, Case) else valid
            prepared.append((valid, text, expected, check_case(valid, today=day), given))
        references = [valid.reference for valid, *_ in prepared]
        if len(set(references)) != len(references):
            raise StoreError("the same case twice in one save: save it once")
        versions: list[int] = []
        conflict: tuple[Case, str, int | None] | None = None
        with self._errors(), self._writer() as connection:
            try:
                with connection.begin():
                    now = _now()
                    replaced: list[int] = []
                    rows: dict[str, list[dict[str, Any]]] = {"contacts": [], "bookings": [], "findings": []}
                    for valid, text, expected, found, given in prepared:
                        new = self._write_version(connection, valid, text, expected, who, reason, now, day)
                        if new is None:
                            conflict = (given, text, expected)
                            raise _Rollback
                        case_id, version = new
                        if version > 1:
                            replaced.append(case_id)
                        rows["contacts"] += [{"case_id": case_id, **r} for r in doc.contact_rows(valid)]
                        rows["bookings"] += [{"case_id": case_id, **r} for r in doc.booking_rows(valid)]
                        rows["findings"] += _finding_rows(case_id, version, found)
                        versions.append(version)
                    # the rows derived from each new version, in one statement a table
                    if replaced:
                        connection.execute(sa.delete(bookings).where(bookings.c.case_id.in_(replaced)))
                        connection.execute(sa.delete(contacts).where(contacts.c.case_id.in_(replaced)))
                    for table in (contacts, bookings, findings):
                        if rows[table.name]:
                            connection.execute(sa.insert(table), rows[table.name])
            except _Rollback:
                pass
            except sa.exc.IntegrityError:
                # Two writers created the same case (or version) at once: the
                # database's keys refused the second.
                _, text, expected, _, given = prepared[min(len(versions), len(prepared) - 1)]
                conflict = (given, text, expected)
        if conflict is not None:
            raise self._conflict(*conflict)
        return versions

    def import_cases(
        self,
        items: Sequence[Case],
        by: str | None,
        reason: str | None = None,
        *,
        replace: bool = False,
    ) -> builtins.list[tuple[str, int, str]]:
        """Import cases read from files, in one transaction (all or none):
        ``(reference, version, what)`` for each, ``what`` being ``created``,
        ``saved`` (a new version of a case already stored, only with
        ``replace``) or ``unchanged`` (the same document is already the
        newest version: no new version)."""
        seen: set[str] = set()
        for case in items:
            if case.reference in seen:
                raise StoreError(f"{case.reference}: given twice; import one file per case")
            seen.add(case.reference)
        stored: dict[str, tuple[int, str, str]] = {}
        with self._read() as connection:
            for r in connection.execute(
                sa.select(cases.c.reference, cases.c.version, cases.c.status, case_versions.c.document)
                .join(
                    case_versions,
                    _CURRENT,
                )
                .where(cases.c.reference.in_(sorted(seen)))
            ):
                stored[r.reference] = (r.version, r.status, r.document)
        taken = [ref for ref in seen if ref in stored]
        if taken and not replace:
            raise StoreError(
                f"already in the store: {', '.join(sorted(taken))}: nothing imported "
                "(--replace saves each file as a new version of its case)"
            )
        results: list[tuple[str, int, str]] = []
        to_save: list[tuple[Case | str, int | None]] = []
        for case in items:
            known = stored.get(case.reference)
            if known is not None and known[2] == doc.encode(case):
                results.append((case.reference, known[0], "unchanged"))
            else:
                to_save.append((case, known[0] if known else None))
                results.append((case.reference, 0, "saved" if known else "created"))
        versions = iter(self.save_many(to_save, by, reason))
        return [(ref, next(versions) if what != "unchanged" else v, what) for ref, v, what in results]

    def _write_version(
        self,
        connection: sa.Connection,
        case: Case,
        text: str,
        expected: int | None,
        by: str,
        reason: str | None,
        now: dt.datetime,
        day: dt.date,
    ) -> tuple[int, int] | None:
        """Insert the new version: (case id, version), or None on a conflict."""
        reference = case.reference
        row = connection.execute(
            sa.select(cases.c.id, cases.c.version, cases.c.status).where(cases.c.reference == reference)
        ).first()
        if expected is None:
            if row is not None:
                return None
            case_id = connection.execute(
                sa.insert(cases)
                .values(
                    reference=reference,
                    version=1,
                    status="open",
                    created_at=now,
                    updated_at=now,
                    updated_by=by,
                )
                .returning(cases.c.id)
            ).scalar_one()
            version, action = 1, "created"
        else:
            if row is None:
                raise UnknownCaseError(
                    f"no case {reference!r} in the store ({self.location}): save it as a new case "
                    "(expected_version=None)"
                )
            if row.version != expected:
                return None
            if row.status != "open":
                raise CaseClosedError(
                    f"{reference}: the case is {row.status}: reopen it before saving changes "
                    "(`contactplan db reopen`)"
                )
            case_id, version, action = row.id, expected + 1, "saved"
            updated = connection.execute(
                sa.update(cases)
                .where(cases.c.id == case_id, cases.c.version == expected)
                .values(version=version, updated_at=now, updated_by=by)
            )
            if updated.rowcount != 1:
                return None
        connection.execute(
            sa.insert(case_versions).values(
                case_id=case_id,
                version=version,
                action=action,
                status="open",
                saved_by=by,
                saved_at=now,
                reason=reason,
                document=text,
                checked_on=day,
            )
        )
        return case_id, version

    def _write_findings(
        self, connection: sa.Connection, case_id: int, version: int, found: Sequence[Finding], day: dt.date
    ) -> None:
        connection.execute(
            sa.delete(findings).where(findings.c.case_id == case_id, findings.c.version == version)
        )
        if found:
            connection.execute(sa.insert(findings), _finding_rows(case_id, version, found))
        connection.execute(
            sa.update(case_versions)
            .where(case_versions.c.case_id == case_id, case_versions.c.version == version)
            .values(checked_on=day)
        )

    def _conflict(self, case: Case, text: str, expected: int | None) -> ConflictError:
        reference = case.reference
        with self._read() as connection:
            row = connection.execute(
                sa.select(cases.c.id, cases.c.version).where(cases.c.reference == reference)
            ).first()
            if row is None:  # pragma: no cover - cases are never deleted
                return ConflictError(reference, case=case, expected_version=expected, found_version=None)
            wanted = [row.version] + ([expected] if expected is not None else [])
            versions = {
                r.version: r
                for r in connection.execute(
                    sa.select(
                        case_versions.c.version,
                        case_versions.c.document,
                        case_versions.c.saved_by,
                        case_versions.c.saved_at,
                    ).where(case_versions.c.case_id == row.id, case_versions.c.version.in_(wanted))
                )
            }
            latest = versions[row.version]
            theirs: list[str] = []
            mine: list[str] = []
            if expected is not None:
                base = versions.get(expected)
                base_data = doc.document_data(base.document) if base is not None else None
                latest_data = doc.document_data(latest.document)
                if base_data is None:
                    theirs = [f"there is no version {expected}"]
                else:
                    theirs = doc.changes(base_data, latest_data)
                    mine = doc.changes(base_data, doc.document_data(text))
            try:
                current: Case | None = doc.decode(latest.document, f"{reference} (version {row.version})")
            except CaseFileError:  # pragma: no cover - stored documents passed the reader
                current = None
            return ConflictError(
                reference,
                case=case,
                expected_version=expected,
                found_version=row.version,
                found_by=latest.saved_by,
                found_at=latest.saved_at,
                current=current,
                theirs=theirs,
                mine=mine,
            )

    def close_case(
        self,
        reference: str,
        by: str | None,
        reason: str | None = None,
        *,
        expected_version: int | None = None,
        status: Literal["closed", "archived"] = "closed",
    ) -> int:
        """Close (or archive) a case: a new version with the same document;
        it leaves the caseload (``list()``, ``db check``) but nothing is
        deleted. Returns the new version."""
        if status not in ("closed", "archived"):
            raise StoreError(f"a case can be closed or archived, not {status!r}")
        return self._set_status(reference, status, status, by, reason, expected_version)

    def reopen_case(
        self,
        reference: str,
        by: str | None,
        reason: str | None = None,
        *,
        expected_version: int | None = None,
    ) -> int:
        """Open a closed or archived case again (a new version)."""
        return self._set_status(reference, "open", "reopened", by, reason, expected_version)

    def _set_status(
        self,
        reference: str,
        status: str,
        action: str,
        by: str | None,
        reason: str | None,
        expected: int | None,
    ) -> int:
        who = _who(by)
        with self._errors(), self._writer() as connection, connection.begin():
            row = self._case_row(connection, reference)
            if expected is not None and row.version != expected:
                raise StoreError(
                    f"{reference}: version {row.version} was saved after version {expected}: "
                    "look at it before changing the case's status"
                )
            if row.status == status:
                raise StoreError(f"{reference}: the case is already {status}")
            now, version = _now(), int(row.version) + 1
            updated = connection.execute(
                sa.update(cases)
                .where(cases.c.id == row.id, cases.c.version == row.version)
                .values(version=version, status=status, updated_at=now, updated_by=who)
            )
            if updated.rowcount != 1:  # pragma: no cover - the writer's transaction holds the row
                raise StoreError(f"{reference}: changed while closing it; try again")
            previous = connection.execute(
                sa.select(case_versions.c.document, case_versions.c.checked_on).where(
                    case_versions.c.case_id == row.id, case_versions.c.version == row.version
                )
            ).one()
            connection.execute(
                sa.insert(case_versions).values(
                    case_id=row.id,
                    version=version,
                    action=action,
                    status=status,
                    saved_by=who,
                    saved_at=now,
                    reason=reason,
                    document=previous.document,
                    checked_on=previous.checked_on,
                )
            )
            columns = [c.name for c in findings.columns if c.name != "version"]
            connection.execute(
                sa.insert(findings).from_select(
                    [*columns, "version"],
                    sa.select(*[findings.c[c] for c in columns], sa.literal(version)).where(
                        findings.c.case_id == row.id, findings.c.version == row.version
                    ),
                )
            )
        return version

    def refresh_findings(self, checked: Iterable[tuple[str, int, Sequence[Finding]]], day: dt.date) -> int:
        """Store fresh findings (``reference, version, findings``) for
        versions last checked before ``day``; returns how many were updated."""
        updated = 0
        with self._errors(), self._writer() as connection, connection.begin():
            stale = {
                (r.reference, r.version): r.id
                for r in connection.execute(
                    sa.select(cases.c.id, cases.c.reference, cases.c.version)
                    .join(
                        case_versions,
                        _CURRENT,
                    )
                    .where(sa.or_(case_versions.c.checked_on.is_(None), case_versions.c.checked_on < day))
                )
            }
            for reference, version, found in checked:
                case_id = stale.get((reference, version))
                if case_id is not None:
                    self._write_findings(connection, case_id, version, found, day)
                    updated += 1
        return updated

    # ------------------------------------------------------------------
    # Invitations sent (issue 16)

    def record_sent(self, uid: str, recipient: str, sequence: int, method: str, sent_at: dt.datetime) -> None:
        """Remember that an invitation (calendar ``uid``, ``sequence``,
        ``method``) went to ``recipient`` (an email address, compared without
        regard to letter case) at ``sent_at`` (an aware date-time)."""
        if sent_at.tzinfo is None:
            raise StoreError("record_sent: sent_at needs a time zone")
        with self._errors(), self._writer() as connection, connection.begin():
            connection.execute(
                sa.insert(sent_invitations).values(
                    uid=uid,
                    recipient=_recipient(recipient),
                    sequence=sequence,
                    method=method,
                    sent_at=sent_at,
                )
            )

    def last_sent(self, uid: str, recipient: str) -> tuple[int, str] | None:
        """``(sequence, method)`` of the last invitation recorded for ``uid``
        to ``recipient``; None when nothing was sent."""
        with self._read() as connection:
            row = connection.execute(
                sa.select(sent_invitations.c.sequence, sent_invitations.c.method)
                .where(sent_invitations.c.uid == uid, sent_invitations.c.recipient == _recipient(recipient))
                .order_by(sent_invitations.c.id.desc())
                .limit(1)
            ).first()
            return None if row is None else (row.sequence, row.method)

    # ------------------------------------------------------------------
    # Caseload

    def double_bookings(self) -> builtins.list[Booking]:
        """Interpreter bookings that clash (CP701): for each booked
        interpreter (``requested`` or ``confirmed``) at a planned contact of
        an open case, every other such booking of the same interpreter (same
        registration, else same email) whose time overlaps, in this case or
        another. One :class:`Booking` a contact involved, with what it clashes with."""
        b1, b2 = bookings.alias("b1"), bookings.alias("b2")
        c1, c2 = contacts.alias("c1"), contacts.alias("c2")
        k1, k2 = cases.alias("k1"), cases.alias("k2")
        live = ("requested", "confirmed")
        query = (
            sa.select(
                k1.c.reference,
                b1.c.contact_id,
                c1.c.start_utc,
                c1.c.end_utc,
                b1.c.name,
                b1.c.registration,
                b1.c.email,
                k2.c.reference.label("other_reference"),
                b2.c.contact_id.label("other_contact"),
                c2.c.start_utc.label("other_start"),
                c2.c.end_utc.label("other_end"),
            )
            .select_from(b1)
            .join(c1, sa.and_(c1.c.case_id == b1.c.case_id, c1.c.contact_id == b1.c.contact_id))
            .join(k1, k1.c.id == b1.c.case_id)
            .join(b2, b2.c.identity == b1.c.identity)
            .join(c2, sa.and_(c2.c.case_id == b2.c.case_id, c2.c.contact_id == b2.c.contact_id))
            .join(k2, k2.c.id == b2.c.case_id)
            .where(
                k1.c.status == "open",
                k2.c.status == "open",
                c1.c.status == "planned",
                c2.c.status == "planned",
                b1.c.status.in_(live),
                b2.c.status.in_(live),
                c1.c.start_utc < c2.c.end_utc,
                c2.c.start_utc < c1.c.end_utc,
                sa.not_(sa.and_(b1.c.case_id == b2.c.case_id, b1.c.contact_id == b2.c.contact_id)),
            )
            .order_by(k1.c.reference, b1.c.contact_id, k2.c.reference, b2.c.contact_id)
        )
        clashes: dict[tuple[str, str], Booking] = {}
        with self._read() as connection:
            for r in connection.execute(query):
                key = (r.reference, r.contact_id)
                entry = clashes.setdefault(
                    key,
                    Booking(
                        r.reference, r.contact_id, r.start_utc, r.end_utc, r.name, r.registration, r.email
                    ),
                )
                other = (r.other_reference, r.other_contact, r.other_start, r.other_end)
                if other not in entry.clashes:
                    entry.clashes.append(other)
        return list(clashes.values())

    def list(self, status: Status | Literal["all"] = "open") -> builtins.list[CaseSummary]:
        """The cases with ``status`` (default: the open ones; ``all``: every
        case), by reference, with the counts of their stored findings."""
        counted = (
            sa.select(
                findings.c.case_id,
                findings.c.version,
                sa.func.sum(
                    sa.case((sa.and_(findings.c.severity == "error", ~findings.c.acknowledged), 1), else_=0)
                ).label("errors"),
                sa.func.sum(sa.case((findings.c.severity == "warning", 1), else_=0)).label("warnings"),
                sa.func.sum(sa.case((findings.c.severity == "info", 1), else_=0)).label("info"),
                sa.func.sum(sa.case((findings.c.acknowledged, 1), else_=0)).label("acknowledged"),
            )
            .group_by(findings.c.case_id, findings.c.version)
            .subquery()
        )
        query = (
            sa.select(
                cases.c.reference,
                cases.c.version,
                cases.c.status,
                cases.c.updated_at,
                cases.c.updated_by,
                case_versions.c.checked_on,
                counted.c.errors,
                counted.c.warnings,
                counted.c.info,
                counted.c.acknowledged,
            )
            .join(
                case_versions,
                _CURRENT,
            )
            .outerjoin(
                counted, sa.and_(counted.c.case_id == cases.c.id, counted.c.version == cases.c.version)
            )
            .order_by(cases.c.reference)
        )
        if status != "all":
            query = query.where(cases.c.status == status)
        with self._read() as connection:
            return [
                CaseSummary(
                    r.reference,
                    r.version,
                    r.status,
                    r.updated_at,
                    r.updated_by,
                    int(r.errors or 0),
                    int(r.warnings or 0),
                    int(r.info or 0),
                    int(r.acknowledged or 0),
                    r.checked_on,
                )
                for r in connection.execute(query)
            ]


@dataclass(slots=True)
class Booking:
    """An interpreter booked at a contact, and the bookings it clashes with
    (``(reference, contact, start, end)``, times in UTC)."""

    reference: str
    contact: str
    start: dt.datetime
    end: dt.datetime
    name: str
    registration: str | None
    email: str | None
    clashes: builtins.list[tuple[str, str, dt.datetime, dt.datetime]] = field(default_factory=builtins.list)


class _Rollback(Exception):
    pass


def _finding_rows(case_id: int, version: int, found: Sequence[Finding]) -> builtins.list[dict[str, Any]]:
    return [
        {
            "case_id": case_id,
            "version": version,
            "position": n,
            "code": f.code,
            "name": f.name,
            "severity": f.severity,
            "message": f.message,
            "member": f.member,
            "contact": f.contact,
            "letter": f.letter,
            "acknowledged": f.acknowledged is not None,
        }
        for n, f in enumerate(found)
    ]


def _recipient(address: str) -> str:
    return address.strip().casefold()


def _finding(row: sa.Row[Any]) -> Finding:
    return Finding(
        code=row.code,
        name=row.name,
        severity=row.severity,
        message=row.message,
        member=row.member,
        contact=row.contact,
        letter=row.letter,
        acknowledged=Acknowledged("acknowledged in the case file", "", "") if row.acknowledged else None,
    )


class _ErrorTranslator:
    """Database errors as one :class:`StoreError` naming the store, never a password."""

    def __init__(self, location: str, url: str | None) -> None:
        self.location = location
        self.url = url

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _tb: object
    ) -> Literal[False]:
        if error is None or not isinstance(error, _DB_ERRORS) or isinstance(error, sa.exc.IntegrityError):
            return False
        original = getattr(error, "orig", None) or error
        detail = " ".join(str(original).split())
        raise StoreError(redact(f"{self.location}: cannot use the store: {detail}", self.url)) from None
