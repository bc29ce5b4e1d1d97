"""The shared record of cases: :class:`Store`.

Every save writes a new version of the case and keeps the old ones; a save
based on a version that is no longer the newest fails with
:class:`ConflictError` (nobody's edit is ever lost silently); nothing is
ever deleted (a case is closed or archived instead). See ``docs/store.md``.

Who may see and change what (:mod:`.access`): every method that reads or
changes cases takes an ``actor``; the store then keeps to what that person
may see (in SQL) and records the read, the change or the refusal in the
audit. Without an actor it is the library itself at work: every case, and
nothing recorded.
"""

from __future__ import annotations

import builtins
import contextlib
import datetime as dt
import getpass
import hashlib
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
from .access import AccessError, Actor, Via, visible
from .engine import StoreError, create_store_engine, redact
from .schema import (
    acknowledgement_sources,
    audit,
    bookings,
    case_access,
    case_teams,
    case_versions,
    cases,
    contacts,
    findings,
    sent_invitations,
    teams,
    users,
)

__all__ = [
    "AcknowledgementRecord",
    "AuditEntry",
    "CaseClosedError",
    "CaseSummary",
    "ConflictError",
    "HistoryEntry",
    "Store",
    "UnknownCaseError",
    "UnreadableCase",
]

Status = Literal["open", "closed", "archived"]
Outcome = Literal["ok", "refused", "not found", "unreadable"]


class UnknownCaseError(StoreError):
    """No case with this reference (or no such version) in the store, or
    none the person asking may see: the two are told apart only in the audit."""

    refused = False


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
    """One version of a case: what was done, by whom, when and why, and what
    changed; ``problem`` says why its stored document could not be read
    (None: it could)."""

    version: int
    action: str
    status: str
    by: str
    at: dt.datetime
    reason: str | None
    changes: list[str] = field(default_factory=list)
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """A case in a caseload list, with the counts of its stored findings
    (those of its current version, checked on ``checked_on``), its team and
    whether it is restricted to named people."""

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
    team: str | None = None
    restricted: bool = False


@dataclass(frozen=True, slots=True)
class StoredCase:
    """A case as loaded from the store, with its version's record.

    ``problems``: what this contactplan's reader refuses in a version saved
    under an earlier one (a rule added since: :func:`.document.read_stored`);
    the case is read as it was saved. Empty for nearly every case."""

    reference: str
    version: int
    status: str
    case: Case
    problems: list[str] = field(default_factory=list)

    readable = True


@dataclass(frozen=True, slots=True)
class UnreadableCase:
    """A stored case whose document can't be read at all (cut short,
    damaged): what :meth:`Store.read_case` and the caseload give instead of
    raising, so that one bad document never hides the others."""

    reference: str
    version: int
    status: str
    error: CaseFileError

    readable = False

    @property
    def message(self) -> str:
        return str(self.error)


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One line of the audit: who, in what role, how (``cli``, ``web``,
    ``api``) and from where, did what to which case, when, and whether it was
    allowed (``ok``, ``refused``, ``not found``, ``unreadable``)."""

    at: dt.datetime
    actor: str
    role: str | None
    via: str
    address: str | None
    action: str
    reference: str | None
    version: int | None
    outcome: str
    detail: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "user": self.actor,
            "role": self.role,
            "via": self.via,
            "from": self.address,
            "action": self.action,
            "case": self.reference,
            "version": self.version,
            "outcome": self.outcome,
            "detail": self.detail,
        }


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

    A store that can only be read (a SQLite file on a read-only disk or
    without write permission, a PostgreSQL server or user that only reads)
    opens read-only: ``read_only`` is True, reading works, every change is
    refused with a message, and reads are not recorded in the audit (there
    is nowhere to write them); ``notices`` says so for the front ends.
    """

    def __init__(self, url: str | None = None, *, upgrade: bool = False) -> None:
        self._url = url
        self.engine: Engine
        self.engine, self.location = create_store_engine(url)
        self.read_only = self.engine.url.query.get("mode") == "ro"
        self.notices: list[str] = []
        try:
            self._open(upgrade)
        except BaseException:
            self.engine.dispose()
            raise
        self.revision = migrate.head_revision()
        if self.read_only:
            self.notices.append(
                f"{self.location}: the store can only be read (no permission to write, or a "
                "read-only disk or server): it was opened read-only; nothing can be saved, and "
                "reads are not recorded in the audit"
            )

    def _open(self, upgrade: bool) -> None:
        with self._errors():
            with self.engine.connect() as connection:
                revision = migrate.current_revision(connection)
                tables = set(sa.inspect(connection).get_table_names())
                if not self.read_only and connection.dialect.name == "postgresql":
                    shown = connection.exec_driver_sql("SHOW transaction_read_only").scalar()
                    self.read_only = str(shown).lower() == "on"
            head = migrate.head_revision()
            if revision is None and "cases" in tables:
                raise StoreError(f"{self.location}: has a 'cases' table but is not a contactplan store")
            if revision is not None and revision not in migrate.revisions():
                raise self._newer(revision)
            if self.read_only and (revision is None or revision != head):
                raise StoreError(
                    f"{self.location}: the store can only be read, and "
                    + (
                        "holds no contactplan store"
                        if revision is None
                        else f"is at schema revision {revision}; this contactplan needs {head} "
                        "(`contactplan db init` brings it up to date where it can be written)"
                    )
                )
            if revision is None or (upgrade and revision != head):
                try:
                    migrate.upgrade(self.engine)
                except sa.exc.DBAPIError:
                    # Another process set the store up at the same moment: fine if it is done.
                    with self.engine.connect() as connection:
                        if migrate.current_revision(connection) != head:
                            raise
            elif revision != head:
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
        if self.read_only:
            raise StoreError(f"{self.location}: the store was opened read-only: nothing was saved")
        return self.engine.connect().execution_options(contactplan_write=True)

    def _case_row(self, connection: sa.Connection, reference: str, actor: Actor | None = None) -> Any:
        row = connection.execute(
            sa.select(cases.c.id, cases.c.version, cases.c.status, visible(actor).label("visible")).where(
                cases.c.reference == reference
            )
        ).first()
        if row is None or not row.visible:
            error = UnknownCaseError(f"no case {reference!r} in the store ({self.location})")
            error.refused = row is not None
            raise error
        return row

    @contextlib.contextmanager
    def _refusals(self, actor: Actor | None, action: str, reference: str | None) -> Iterator[None]:
        """Record in the audit a request ``actor`` was refused, then let the error go on."""
        try:
            yield
        except UnknownCaseError as exc:
            outcome: Outcome = "refused" if exc.refused else "not found"
            self._audit(actor, [(action, reference, None, outcome, None)])
            raise
        except AccessError as exc:
            self._audit(actor, [(action, reference, None, "refused", str(exc))])
            raise

    # ------------------------------------------------------------------
    # Who is acting

    def has_admin(self) -> bool:
        """Whether the store has an enabled admin account (until it has one,
        whoever runs the command line on it is its owner, with every right)."""
        with self._read() as connection:
            found = connection.execute(
                sa.select(users.c.id).where(users.c.role == "admin", ~users.c.disabled).limit(1)
            ).first()
        return found is not None

    def acting(self, name: str, *, via: Via = "api", address: str | None = None) -> Actor:
        """The :class:`Actor` named ``name``: their account's role and team.

        A name with no account is the store's owner (every right) while the
        store has no admin account and the request does not come from the
        web page; otherwise, and for a disabled account, :class:`AccessError`.
        """
        who = " ".join(str(name).split())[:200]
        with self._read() as connection:
            row = connection.execute(
                sa.select(
                    users.c.id, users.c.role, users.c.disabled, users.c.team_id, teams.c.name.label("team")
                )
                .select_from(users.outerjoin(teams, teams.c.id == users.c.team_id))
                .where(users.c.name == who)
            ).first()
        if row is not None:
            if row.disabled:
                raise AccessError(f"the account {who!r} is disabled")
            return Actor(who, row.role, row.team_id, row.team, row.id, via, address)
        if via != "web" and who and not self.has_admin():
            return Actor(who, None, via=via, address=address, owner=True)
        raise AccessError(f"there is no account {who!r} in this store")

    # ------------------------------------------------------------------
    # The audit

    def record(
        self,
        actor: Actor,
        action: str,
        reference: str | None = None,
        *,
        version: int | None = None,
        outcome: Outcome = "ok",
        detail: str | None = None,
    ) -> None:
        """Record in the audit that ``actor`` did ``action`` (``view``,
        ``download``, ``export``, ``calendar``, ...) on the case
        ``reference``, or was refused (``outcome``): what the web page calls
        for each page, letter, calendar file or download it shows, and for
        each request it refuses."""
        self._audit(actor, [(action, reference, version, outcome, detail)])

    def _audit(
        self,
        actor: Actor | None,
        entries: Sequence[tuple[str, str | None, int | None, Outcome, str | None]],
        connection: sa.Connection | None = None,
    ) -> None:
        """Append to the audit (in ``connection``'s transaction when given,
        else in a transaction of its own); nothing for the library itself
        (no actor) or a read-only store."""
        if actor is None or not entries or (self.read_only and connection is None):
            return
        now = _now()
        rows = [
            {
                "at": now,
                "actor": actor.name,
                "role": actor.role_name,
                "via": actor.via,
                "address": (actor.address or "")[:200] or None,
                "action": action[:32],
                "reference": None if reference is None else reference[:200],
                "version": version,
                "outcome": outcome,
                "detail": None if detail is None else detail[:1000],
            }
            for action, reference, version, outcome, detail in entries
        ]
        if connection is not None:
            connection.execute(sa.insert(audit), rows)
            return
        with self._errors(), self._writer() as writer, writer.begin():
            writer.execute(sa.insert(audit), rows)

    def audit_entries(
        self,
        *,
        actor: Actor | None = None,
        reference: str | None = None,
        user: str | None = None,
        since: dt.datetime | None = None,
        limit: int | None = None,
    ) -> builtins.list[AuditEntry]:
        """The audit, oldest first: every entry, or those about the case
        ``reference``, by ``user``, at or after ``since``. Only admins and
        auditors (and the owner) may read it; reading it is recorded too."""
        if actor is not None and not actor.sees_all:
            error = AccessError("only admins and auditors may read the audit")
            self._audit(actor, [("audit", reference, None, "refused", str(error))])
            raise error
        query = sa.select(audit).order_by(audit.c.at, audit.c.id)
        if reference is not None:
            query = query.where(audit.c.reference == reference)
        if user is not None:
            query = query.where(audit.c.actor == " ".join(user.split()))
        if since is not None:
            query = query.where(audit.c.at >= since)
        if limit is not None:
            query = query.limit(limit)
        with self._read() as connection:
            found = [
                AuditEntry(
                    r.at,
                    r.actor,
                    r.role,
                    r.via,
                    r.address,
                    r.action,
                    r.reference,
                    r.version,
                    r.outcome,
                    r.detail,
                )
                for r in connection.execute(query)
            ]
        self._audit(actor, [("audit", reference, None, "ok", f"{len(found)} entries")])
        return found

    # ------------------------------------------------------------------
    # Reading

    def load(
        self,
        reference: str,
        version: int | None = None,
        *,
        actor: Actor | None = None,
        audit: str | None = "read",
    ) -> tuple[Case, int]:
        """The case (its newest version, or ``version``) and its version number."""
        stored = self.load_stored(reference, version, actor=actor, audit=audit)
        return stored.case, stored.version

    def load_stored(
        self,
        reference: str,
        version: int | None = None,
        *,
        actor: Actor | None = None,
        audit: str | None = "read",
    ) -> StoredCase:
        """Like :meth:`load`, with the case's status and what this
        contactplan's reader now refuses in it (``problems``). A document
        that can't be read at all is a :class:`CaseFileError` (one message);
        :meth:`read_case` gives it as an :class:`UnreadableCase` instead."""
        found = self.read_case(reference, version, actor=actor, audit=audit)
        if isinstance(found, UnreadableCase):
            raise found.error
        return found

    def read_case(
        self,
        reference: str,
        version: int | None = None,
        *,
        actor: Actor | None = None,
        audit: str | None = "read",
    ) -> StoredCase | UnreadableCase:
        """The case as :meth:`load_stored` gives it, or, when its stored
        document can't be read, an :class:`UnreadableCase` saying why (never
        an exception for that: the web page shows it as a case that can't be
        read). An unknown reference, or one ``actor`` may not see, is
        :class:`UnknownCaseError`. ``audit``: the action recorded for
        ``actor`` (None: the caller records it)."""
        with self._refusals(actor, audit or "read", reference):
            with self._read() as connection:
                row = self._case_row(connection, reference, actor)
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
        found = _read_document(reference, wanted, row.status, text)
        if audit is not None:
            outcome: Outcome = "ok" if found.readable else "unreadable"
            self._audit(actor, [(audit, reference, wanted, outcome, None)])
        return found

    def history(
        self,
        reference: str,
        *,
        changes: bool = True,
        actor: Actor | None = None,
        audit: str | None = "history",
    ) -> builtins.list[HistoryEntry]:
        """Every version of the case, oldest first: who, when, why, and (with
        ``changes``) what changed from the version before, in words. A
        version whose document can't be read says so (``problem``) and the
        others are still told."""
        with self._refusals(actor, audit or "history", reference), self._read() as connection:
            row = self._case_row(connection, reference, actor)
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
        entries: list[HistoryEntry] = []
        before: dict[str, Any] | None = None
        before_text: str | None = None
        for r in rows:
            what: list[str] = []
            problem = None
            if changes and r.document != before_text:
                try:
                    data = doc.document_data(r.document)
                except Exception:
                    problem = "its stored document is cut short or damaged: it could not be read"
                else:
                    what = doc.changes(before, data)
                    before = data
                before_text = r.document
            entries.append(
                HistoryEntry(r.version, r.action, r.status, r.saved_by, r.saved_at, r.reason, what, problem)
            )
        if audit is not None:
            self._audit(actor, [(audit, reference, None, "ok", None)])
        return entries

    def findings(
        self,
        reference: str,
        version: int | None = None,
        *,
        actor: Actor | None = None,
        audit: str | None = "findings",
    ) -> builtins.list[Finding]:
        """The findings stored with a version (default: the newest) when it was saved."""
        with self._refusals(actor, audit or "findings", reference), self._read() as connection:
            row = self._case_row(connection, reference, actor)
            rows = connection.execute(
                sa.select(findings)
                .where(findings.c.case_id == row.id, findings.c.version == (version or row.version))
                .order_by(findings.c.position)
            ).all()
        if audit is not None:
            self._audit(actor, [(audit, reference, version or row.version, "ok", None)])
        return [_finding(r) for r in rows]

    def open_cases(
        self, *, actor: Actor | None = None, audit: str | None = "check"
    ) -> builtins.list[StoredCase | UnreadableCase]:
        """Every open case ``actor`` may see, at its newest version, read
        back as :meth:`read_case` reads it: a document that can't be read is
        an :class:`UnreadableCase` in its place, and every other case is
        still there. Each case read is recorded in the audit (``audit``)."""
        with self._read() as connection:
            result = connection.execute(
                sa.select(cases.c.reference, cases.c.version, cases.c.status, case_versions.c.document)
                .join(case_versions, _CURRENT)
                .where(cases.c.status == "open", visible(actor))
                .order_by(cases.c.reference)
            ).all()
        found = [_read_document(r.reference, r.version, r.status, r.document, in_store=True) for r in result]
        if audit is not None:
            self._audit(
                actor,
                [(audit, c.reference, c.version, "ok" if c.readable else "unreadable", None) for c in found],
            )
        return found

    def acknowledgements(
        self, reference: str, version: int | None = None, *, actor: Actor | None = None
    ) -> builtins.list[AcknowledgementRecord]:
        """Each acknowledgement of the case (its newest version, or
        ``version``) with where it came from: an imported file (who imported
        it, when) or a save by someone signed in. The page shows
        :attr:`AcknowledgementRecord.words`, never the file's ``by`` alone."""
        stored = self.load_stored(reference, version, actor=actor, audit=None)
        with self._read() as connection:
            case_id = connection.execute(
                sa.select(cases.c.id).where(cases.c.reference == reference)
            ).scalar_one()
            known = {
                r.entry: r
                for r in connection.execute(
                    sa.select(acknowledgement_sources).where(acknowledgement_sources.c.case_id == case_id)
                )
            }
            missing = [e for e in stored.case.acknowledged if _entry_key(e) not in known]
            earliest: dict[str, Any] = {}
            if missing:  # acknowledgements saved before the store kept their source
                wanted = {_entry_key(e) for e in missing}
                for r in connection.execute(
                    sa.select(
                        case_versions.c.version,
                        case_versions.c.saved_by,
                        case_versions.c.saved_at,
                        case_versions.c.document,
                    )
                    .where(case_versions.c.case_id == case_id, case_versions.c.version <= stored.version)
                    .order_by(case_versions.c.version)
                ):
                    with contextlib.suppress(Exception):
                        for entry in doc.document_data(r.document).get("acknowledged") or []:
                            key = _entry_key_of_data(entry)
                            if key in wanted and key not in earliest:
                                earliest[key] = r
        records = []
        for entry in stored.case.acknowledged:
            key = _entry_key(entry)
            if key in known:
                k = known[key]
                records.append(AcknowledgementRecord(entry, k.source, k.by, k.at, k.version))
            elif key in earliest:
                e = earliest[key]
                records.append(AcknowledgementRecord(entry, "earlier", e.saved_by, e.saved_at, e.version))
            else:  # pragma: no cover - every entry is in some version
                records.append(AcknowledgementRecord(entry, "earlier", "", None, stored.version))
        return records

    # ------------------------------------------------------------------
    # Writing

    def save(
        self,
        case: Case | str,
        expected_version: int | None,
        by: str | None = None,
        reason: str | None = None,
        *,
        actor: Actor | None = None,
        team: str | None = None,
    ) -> int:
        """Save ``case`` as a new version and return its number.

        ``expected_version`` is the version the change started from (None
        for a case new to the store). ``case`` is a
        :class:`~contactplan.model.Case` or the text of a case file; it must
        pass the case file reader (else :class:`CaseFileError` with the
        reader's message). Raises :class:`ConflictError` when someone saved
        first (or, for a new case, the reference is taken),
        :class:`CaseClosedError` for a closed case. With an ``actor``, the
        version records the actor's name (``by`` is not used), the actor
        must be allowed to change the case, and a new case goes to ``team``
        (default: the actor's team).
        """
        return self.save_many([(case, expected_version)], by, reason, actor=actor, team=team)[0]

    def save_many(
        self,
        items: Iterable[tuple[Case | str, int | None]],
        by: str | None = None,
        reason: str | None = None,
        *,
        today: dt.date | None = None,
        actor: Actor | None = None,
        team: str | None = None,
        source: Literal["imported", "recorded"] = "recorded",
    ) -> builtins.list[int]:
        """Save several cases in one transaction: all of them, or none
        (``contactplan db import``). Each item is ``(case, expected_version)``.
        ``source`` says where their acknowledgements come from: ``imported``
        (a case file someone imported) or ``recorded`` (saved by whoever saves)."""
        from ..api import check_case

        who = actor.name[:200] if actor is not None else _who(by)
        day = today or clock.today()
        prepared = []
        for case, expected in items:
            valid, text = doc.validated_document(case)
            given = case if isinstance(case, Case) else valid
            prepared.append((valid, text, expected, check_case(valid, today=day), given))
        references = [valid.reference for valid, *_ in prepared]
        if len(set(references)) != len(references):
            raise StoreError("the same case twice in one save: save it once")
        action = "import" if source == "imported" else "save"
        with self._refusals(actor, action, references[0] if len(references) == 1 else None):
            if actor is not None and not actor.may_change:
                raise AccessError(f"{actor.name} is an auditor: auditors read cases and change nothing")
        versions: list[int] = []
        conflict: tuple[Case, str, int | None] | None = None
        refused: Exception | None = None
        with self._errors(), self._writer() as connection:
            try:
                with connection.begin():
                    now = _now()
                    team_id = self._team_for_new(connection, actor, team, references)
                    replaced: list[int] = []
                    rows: dict[str, list[dict[str, Any]]] = {
                        "case_teams": [],
                        "contacts": [],
                        "bookings": [],
                        "findings": [],
                    }
                    entries: list[tuple[str, str | None, int | None, Outcome, str | None]] = []
                    for valid, text, expected, found, given in prepared:
                        new = self._write_version(
                            connection, valid, text, expected, who, reason, now, day, actor
                        )
                        if new is None:
                            conflict = (given, text, expected)
                            raise _Rollback
                        case_id, version = new
                        if version > 1:
                            replaced.append(case_id)
                        else:
                            rows["case_teams"].append(
                                {"case_id": case_id, "team_id": team_id, "restricted": False}
                            )
                        rows["contacts"] += [{"case_id": case_id, **r} for r in doc.contact_rows(valid)]
                        rows["bookings"] += [{"case_id": case_id, **r} for r in doc.booking_rows(valid)]
                        rows["findings"] += _finding_rows(case_id, version, found)
                        self._keep_sources(connection, case_id, version, valid, source, who, now)
                        entries.append((action, valid.reference, version, "ok", reason))
                        versions.append(version)
                    # the rows derived from each new version, in one statement a table
                    if replaced:
                        connection.execute(sa.delete(bookings).where(bookings.c.case_id.in_(replaced)))
                        connection.execute(sa.delete(contacts).where(contacts.c.case_id.in_(replaced)))
                    for table in (case_teams, contacts, bookings, findings):
                        if rows[table.name]:
                            connection.execute(sa.insert(table), rows[table.name])
                    self._audit(actor, entries, connection)
            except _Rollback:
                pass
            except (UnknownCaseError, AccessError) as exc:
                refused = exc
            except sa.exc.IntegrityError:
                # Two writers created the same case (or version) at once: the
                # database's keys refused the second.
                _, text, expected, _, given = prepared[min(len(versions), len(prepared) - 1)]
                conflict = (given, text, expected)
        if refused is not None:
            with self._refusals(actor, action, references[min(len(versions), len(references) - 1)]):
                raise refused
        if conflict is not None:
            raise self._conflict(*conflict)
        return versions

    def _team_for_new(
        self, connection: sa.Connection, actor: Actor | None, team: str | None, references: Sequence[str]
    ) -> int | None:
        """The team new cases go to: ``team`` (an admin may name any; a
        practitioner or manager only their own), else the actor's team."""
        if team is None:
            return actor.team_id if actor is not None else None
        team_id = team_id_of(connection, team)
        if actor is not None and not actor.is_admin and team_id != actor.team_id:
            raise AccessError(
                f"{actor.name} may add cases to their own team only"
                + (f" ({actor.team})" if actor.team else " (they have none yet: an admin gives them one)")
            )
        return team_id

    def import_cases(
        self,
        items: Sequence[Case],
        by: str | None = None,
        reason: str | None = None,
        *,
        replace: bool = False,
        actor: Actor | None = None,
        team: str | None = None,
    ) -> builtins.list[tuple[str, int, str]]:
        """Import cases read from files, in one transaction (all or none):
        ``(reference, version, what)`` for each, ``what`` being ``created``,
        ``saved`` (a new version of a case already stored, only with
        ``replace``) or ``unchanged`` (the same document is already the
        newest version: no new version). Their acknowledgements are kept as
        coming from an imported file, imported by ``actor`` (or ``by``)."""
        seen: set[str] = set()
        for case in items:
            if case.reference in seen:
                raise StoreError(f"{case.reference}: given twice; import one file per case")
            seen.add(case.reference)
        stored: dict[str, tuple[int, str, str, bool]] = {}
        with self._read() as connection:
            for r in connection.execute(
                sa.select(
                    cases.c.reference,
                    cases.c.version,
                    cases.c.status,
                    case_versions.c.document,
                    visible(actor).label("visible"),
                )
                .join(case_versions, _CURRENT)
                .where(cases.c.reference.in_(sorted(seen)))
            ):
                stored[r.reference] = (r.version, r.status, r.document, bool(r.visible))
        taken = [ref for ref in seen if ref in stored]
        hidden_taken = sorted(ref for ref in taken if not stored[ref][3])
        if hidden_taken and replace:
            self._audit(
                actor, [("import", ref, None, "refused", "a case they can't see") for ref in hidden_taken]
            )
            raise StoreError(
                f"already in the store, as {len(hidden_taken)} case(s) you can't see: nothing imported "
                "(ask an admin)"
            )
        if taken and not replace:
            shown = sorted(ref for ref in taken if stored[ref][3])
            hidden = len(taken) - len(shown)
            self._audit(
                actor, [("import", ref, None, "refused", "already in the store") for ref in sorted(taken)]
            )
            raise StoreError(
                "already in the store: "
                + ", ".join(shown + ([f"{hidden} case(s) you can't see"] if hidden else []))
                + ": nothing imported (--replace saves each file as a new version of its case)"
            )
        results: list[tuple[str, int, str]] = []
        to_save: list[tuple[Case | str, int | None]] = []
        for case in items:
            known = stored.get(case.reference)
            if known is not None and known[3] and known[2] == doc.encode(case):
                results.append((case.reference, known[0], "unchanged"))
            else:
                to_save.append((case, known[0] if known else None))
                results.append((case.reference, 0, "saved" if known else "created"))
        versions = iter(self.save_many(to_save, by, reason, actor=actor, team=team, source="imported"))
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
        actor: Actor | None,
    ) -> tuple[int, int] | None:
        """Insert the new version: (case id, version), or None on a conflict."""
        reference = case.reference
        row = connection.execute(
            sa.select(cases.c.id, cases.c.version, cases.c.status, visible(actor).label("visible")).where(
                cases.c.reference == reference
            )
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
            version = 1
            action = "created"
        else:
            if row is None or not row.visible:
                error = UnknownCaseError(
                    f"no case {reference!r} in the store ({self.location}): save it as a new case "
                    "(expected_version=None)"
                )
                error.refused = row is not None
                raise error
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

    def _keep_sources(
        self,
        connection: sa.Connection,
        case_id: int,
        version: int,
        case: Case,
        source: str,
        by: str,
        now: dt.datetime,
    ) -> None:
        """Where each acknowledgement new to the case came from."""
        if not case.acknowledged:
            return
        known: set[str] = set()
        if version > 1:
            known = set(
                connection.execute(
                    sa.select(acknowledgement_sources.c.entry).where(
                        acknowledgement_sources.c.case_id == case_id
                    )
                ).scalars()
            )
        new = {_entry_key(e) for e in case.acknowledged} - known
        if new:
            connection.execute(
                sa.insert(acknowledgement_sources),
                [
                    {
                        "case_id": case_id,
                        "entry": key,
                        "source": source,
                        "by": by,
                        "at": now,
                        "version": version,
                    }
                    for key in sorted(new)
                ],
            )

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
            with contextlib.suppress(Exception):  # a damaged version: its changes can't be told
                if expected is not None:
                    base = versions.get(expected)
                    base_data = doc.document_data(base.document) if base is not None else None
                    latest_data = doc.document_data(latest.document)
                    if base_data is None:
                        theirs = [f"there is no version {expected}"]
                    else:
                        theirs = doc.changes(base_data, latest_data)
                        mine = doc.changes(base_data, doc.document_data(text))
            found = _read_document(reference, row.version, "open", latest.document)
            return ConflictError(
                reference,
                case=case,
                expected_version=expected,
                found_version=row.version,
                found_by=latest.saved_by,
                found_at=latest.saved_at,
                current=found.case if isinstance(found, StoredCase) else None,
                theirs=theirs,
                mine=mine,
            )

    def close_case(
        self,
        reference: str,
        by: str | None = None,
        reason: str | None = None,
        *,
        expected_version: int | None = None,
        status: Literal["closed", "archived"] = "closed",
        actor: Actor | None = None,
    ) -> int:
        """Close (or archive) a case: a new version with the same document;
        it leaves the caseload (``list()``, ``db check``) but nothing is
        deleted. Returns the new version."""
        if status not in ("closed", "archived"):
            raise StoreError(f"a case can be closed or archived, not {status!r}")
        return self._set_status(reference, status, status, by, reason, expected_version, actor)

    def reopen_case(
        self,
        reference: str,
        by: str | None = None,
        reason: str | None = None,
        *,
        expected_version: int | None = None,
        actor: Actor | None = None,
    ) -> int:
        """Open a closed or archived case again (a new version)."""
        return self._set_status(reference, "open", "reopened", by, reason, expected_version, actor)

    def _set_status(
        self,
        reference: str,
        status: str,
        action: str,
        by: str | None,
        reason: str | None,
        expected: int | None,
        actor: Actor | None,
    ) -> int:
        who = actor.name[:200] if actor is not None else _who(by)
        verb = {"closed": "close", "archived": "archive", "reopened": "reopen"}[action]
        with self._refusals(actor, verb, reference):
            if actor is not None and not actor.may_change:
                raise AccessError(f"{actor.name} is an auditor: auditors read cases and change nothing")
            with self._errors(), self._writer() as connection, connection.begin():
                row = self._case_row(connection, reference, actor)
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
                self._audit(actor, [(verb, reference, version, "ok", reason)], connection)
        return version

    def move_case(self, reference: str, team: str | None, *, actor: Actor | None = None) -> str | None:
        """Give the case to ``team`` (None: to no team, seen by admins and
        auditors only). Only an admin (or the owner) may. Returns the team it
        was in. Recorded in the audit; the case's versions are unchanged."""
        with self._refusals(actor, "move", reference):
            if actor is not None and not actor.is_admin:
                raise AccessError("only an admin may move a case to another team")
            with self._errors(), self._writer() as connection, connection.begin():
                row = self._case_row(connection, reference, actor)
                team_id = team_id_of(connection, team) if team is not None else None
                before = connection.execute(
                    sa.select(teams.c.name)
                    .select_from(case_teams.outerjoin(teams, teams.c.id == case_teams.c.team_id))
                    .where(case_teams.c.case_id == row.id)
                ).scalar()
                connection.execute(
                    sa.update(case_teams).where(case_teams.c.case_id == row.id).values(team_id=team_id)
                )
                self._audit(
                    actor,
                    [
                        (
                            "move",
                            reference,
                            row.version,
                            "ok",
                            f"from {before or 'no team'} to {team or 'no team'}",
                        )
                    ],
                    connection,
                )
        return before

    def restrict_case(
        self, reference: str, names: Sequence[str] | None, *, actor: Actor | None = None
    ) -> builtins.list[str]:
        """Restrict the case to the accounts ``names`` (beside admins and
        auditors), whatever their team; None or empty lifts the restriction.
        An admin, the owner, or a manager who sees the case may. Returns the
        names as stored."""
        with self._refusals(actor, "restrict", reference):
            if actor is not None and not (actor.is_admin or actor.role == "manager"):
                raise AccessError("only an admin, or a manager of the case's team, may restrict a case")
            with self._errors(), self._writer() as connection, connection.begin():
                row = self._case_row(connection, reference, actor)
                wanted = [" ".join(n.split()) for n in names or []]
                found = {
                    r.name: r.id
                    for r in connection.execute(
                        sa.select(users.c.id, users.c.name).where(users.c.name.in_(wanted))
                    )
                }
                unknown = [n for n in wanted if n not in found]
                if unknown:
                    raise AccessError(f"no account {', '.join(repr(n) for n in unknown)} in this store")
                connection.execute(sa.delete(case_access).where(case_access.c.case_id == row.id))
                now = _now()
                granted_by = actor.name if actor is not None else _who(None)
                if wanted:
                    connection.execute(
                        sa.insert(case_access),
                        [
                            {
                                "case_id": row.id,
                                "user_id": found[n],
                                "granted_by": granted_by,
                                "granted_at": now,
                            }
                            for n in dict.fromkeys(wanted)
                        ],
                    )
                connection.execute(
                    sa.update(case_teams)
                    .where(case_teams.c.case_id == row.id)
                    .values(restricted=bool(wanted))
                )
                detail = f"to {', '.join(dict.fromkeys(wanted))}" if wanted else "restriction lifted"
                self._audit(actor, [("restrict", reference, row.version, "ok", detail)], connection)
        return list(dict.fromkeys(wanted))

    def restricted_to(self, reference: str, *, actor: Actor | None = None) -> builtins.list[str]:
        """The names of the people the case is restricted to (empty: it is
        not restricted), by name; for someone who may see the case."""
        with self._refusals(actor, "read", reference), self._read() as connection:
            row = self._case_row(connection, reference, actor)
            return list(
                connection.execute(
                    sa.select(users.c.name)
                    .join(case_access, case_access.c.user_id == users.c.id)
                    .where(case_access.c.case_id == row.id)
                    .order_by(users.c.name)
                ).scalars()
            )

    def refresh_findings(self, checked: Iterable[tuple[str, int, Sequence[Finding]]], day: dt.date) -> int:
        """Store fresh findings (``reference, version, findings``) for
        versions last checked before ``day``; returns how many were updated.
        Nothing on a read-only store."""
        if self.read_only:
            return 0
        updated = 0
        with self._errors(), self._writer() as connection, connection.begin():
            stale = {
                (r.reference, r.version): r.id
                for r in connection.execute(
                    sa.select(cases.c.id, cases.c.reference, cases.c.version)
                    .join(case_versions, _CURRENT)
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

    def double_bookings(self, *, actor: Actor | None = None) -> builtins.list[Booking]:
        """Interpreter bookings that clash (CP701): for each booked
        interpreter (``requested`` or ``confirmed``) at a planned contact of
        an open case, every other such booking of the same interpreter (same
        registration, else same email) whose time overlaps, in this case or
        another. One :class:`Booking` a contact involved, with what it clashes
        with. With an ``actor``, only the contacts of cases they may see; a
        clash with a case they may not see is kept (the interpreter is still
        booked twice) without its reference or contact (None)."""
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
                visible(actor, k2).label("other_visible"),
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
                visible(actor, k1),
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
                shown = bool(r.other_visible)
                other = (
                    r.other_reference if shown else None,
                    r.other_contact if shown else None,
                    r.other_start,
                    r.other_end,
                )
                if other not in entry.clashes:
                    entry.clashes.append(other)
        return list(clashes.values())

    def list(
        self,
        status: Status | Literal["all"] = "open",
        *,
        actor: Actor | None = None,
        audit: str | None = "list",
    ) -> builtins.list[CaseSummary]:
        """The cases with ``status`` (default: the open ones; ``all``: every
        case) that ``actor`` may see, by reference, with the counts of their
        stored findings, their team and whether they are restricted."""
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
                teams.c.name.label("team"),
                case_teams.c.restricted,
            )
            .join(case_versions, _CURRENT)
            .outerjoin(
                counted, sa.and_(counted.c.case_id == cases.c.id, counted.c.version == cases.c.version)
            )
            .outerjoin(case_teams, case_teams.c.case_id == cases.c.id)
            .outerjoin(teams, teams.c.id == case_teams.c.team_id)
            .where(visible(actor))
            .order_by(cases.c.reference)
        )
        if status != "all":
            query = query.where(cases.c.status == status)
        with self._read() as connection:
            found = [
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
                    r.team,
                    bool(r.restricted),
                )
                for r in connection.execute(query)
            ]
        if audit is not None:
            self._audit(actor, [(audit, None, None, "ok", f"{len(found)} {status} cases")])
        return found


@dataclass(slots=True)
class Booking:
    """An interpreter booked at a contact, and the bookings it clashes with
    (``(reference, contact, start, end)``, times in UTC; reference and
    contact None for a case the person asking may not see)."""

    reference: str
    contact: str
    start: dt.datetime
    end: dt.datetime
    name: str
    registration: str | None
    email: str | None
    clashes: builtins.list[tuple[str | None, str | None, dt.datetime, dt.datetime]] = field(
        default_factory=builtins.list
    )


@dataclass(frozen=True, slots=True)
class AcknowledgementRecord:
    """An acknowledgement with where it came from: ``imported`` (in a case
    file imported by ``recorded_by`` at ``recorded_at``), ``recorded`` (saved
    by ``recorded_by``, signed in, at ``recorded_at``) or ``earlier`` (saved
    before the store kept where acknowledgements came from: the version
    that first held it, saved by ``recorded_by``)."""

    entry: Any  # model.Acknowledgement
    source: str
    recorded_by: str
    recorded_at: dt.datetime | None
    version: int

    @property
    def words(self) -> str:
        """How the page says who acknowledged it: "from the imported file, by
        Head of Service on 2026-01-01, imported by Jo Smith on 2026-12-08";
        "by Jo Smith on 2026-12-08"; or, when the words claim someone else,
        "by X on D, recorded by Jo Smith on 2026-12-08"."""
        entry = self.entry
        claimed = f"by {entry.by} on {entry.date.isoformat()}"
        when = f" on {self.recorded_at:%Y-%m-%d}" if self.recorded_at is not None else ""
        if self.source == "imported":
            return f"from the imported file, {claimed}, imported by {self.recorded_by}{when}"
        if self.source == "recorded":
            same = self.recorded_at is not None and entry.by == self.recorded_by
            if same and entry.date.isoformat() == f"{self.recorded_at:%Y-%m-%d}":
                return claimed
            return f"{claimed}, recorded by {self.recorded_by}{when}"
        return f"{claimed}, in version {self.version} saved by {self.recorded_by}{when}"


class _Rollback(Exception):
    pass


def team_id_of(connection: sa.Connection, team: str) -> int:
    """The id of the team named ``team``; :class:`AccessError` naming the
    teams there are when there is none."""
    from ..wording import did_you_mean

    name = " ".join(team.split())
    found = connection.execute(sa.select(teams.c.id).where(teams.c.name == name)).scalar()
    if found is None:
        known = list(connection.execute(sa.select(teams.c.name).order_by(teams.c.name)).scalars())
        hint = did_you_mean(name, known) or (
            f"teams: {', '.join(known)}" if known else "there are no teams yet"
        )
        raise AccessError(
            f"no team {name!r} ({hint}); an admin creates one by giving it to an account: "
            "contactplan users add NAME --team TEAM"
        )
    return int(found)


def _entry_key(entry: Any) -> str:
    return hashlib.sha256(doc.encode_value(entry)).hexdigest()


def _entry_key_of_data(data: Any) -> str:
    from ..model import Acknowledgement

    try:
        import msgspec

        return _entry_key(msgspec.convert(data, Acknowledgement, dec_hook=_date_only))
    except Exception:
        return ""


def _date_only(kind: type, value: Any) -> Any:
    from ..model import Date

    if kind is Date and isinstance(value, str):
        return Date.fromisoformat(value)
    raise NotImplementedError


def _read_document(
    reference: str, version: int, status: str, text: str, *, in_store: bool = False
) -> StoredCase | UnreadableCase:
    name = f"{reference} (in the store)" if in_store else f"{reference} (version {version} in the store)"
    try:
        case, problems = doc.read_stored(text, name)
    except CaseFileError as error:
        return UnreadableCase(reference, version, status, error)
    said = [
        (f"{p.field}: " if p.field else "") + p.message + (f" ({p.hint})" if p.hint else "") for p in problems
    ]
    return StoredCase(reference, version, status, case, said)


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
        if "readonly database" in detail or "read-only transaction" in detail:
            detail += " (the store can only be read here: nothing was saved)"
        raise StoreError(redact(f"{self.location}: cannot use the store: {detail}", self.url)) from None
