"""The store's tables (SQLAlchemy Core), as the newest migration leaves them.

The record:

* ``cases``: one row a case: its reference, current version and status
  (``open``, ``closed`` or ``archived``).
* ``case_versions``: every version of every case, append-only: the
  validated case document (JSON), who saved it, when, why, and what was done
  (``created``, ``saved``, ``closed``, ``reopened``, ``archived``).
* ``sent_invitations``: what was sent to whom (calendar invitations by
  email), append-only.
* ``audit``: who read or changed what, when, from where, and every refused
  attempt (issue 26), append-only: the database itself refuses to change or
  delete a row (triggers on both engines).
* ``acknowledgement_sources``: where each acknowledgement of a case came
  from (an imported file, or a save by someone signed in), who brought it and
  when: what the page shows instead of the ``by`` an imported file claims.

Who may do what (issue 26): ``teams``; ``users`` with a role
(``practitioner``, ``manager``, ``admin``, ``auditor``) and a team; each
case's team and whether it is restricted to the people named in
``case_access``; ``sessions`` of the web page, held here so that signing out
ends a session everywhere.

Derived from the record, rewritten in the same transaction as each save:

* ``findings``: the findings of each version's checks when it was saved
  (the web page's caseload counts);
* ``contacts`` and ``bookings``: the current version's contacts with their
  UTC start and end, and each interpreter booked with registration and
  email, for caseload queries (CP701, interpreter double-booked).

``tests/test_store_migrations.py`` compares these tables with what the
migrations build, so the two cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

__all__ = [
    "ACTIONS",
    "ROLES",
    "STATUSES",
    "UTCDateTime",
    "acknowledgement_sources",
    "audit",
    "bookings",
    "case_access",
    "case_summaries",
    "case_teams",
    "case_versions",
    "cases",
    "contacts",
    "findings",
    "metadata",
    "sent_invitations",
    "sessions",
    "teams",
    "users",
]

#: A case's status: only open cases are checked and can be saved.
STATUSES = ("open", "closed", "archived")
#: What a version records.
ACTIONS = ("created", "saved", "closed", "archived", "reopened")
#: What an account may do (``docs/store.md``, "Teams and roles").
ROLES = ("practitioner", "manager", "admin", "auditor")


class UTCDateTime(sa.TypeDecorator[dt.datetime]):
    """An instant: stored in UTC (naive on SQLite, ``timestamptz`` on
    PostgreSQL), always read back as an aware UTC date-time."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("an instant needs a time zone")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if not isinstance(value, dt.datetime):  # pragma: no cover - drivers give datetimes
            value = dt.datetime.fromisoformat(str(value))
        instant: dt.datetime = value
        return instant.replace(tzinfo=dt.UTC) if instant.tzinfo is None else instant.astimezone(dt.UTC)


metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

Id = sa.String(100)

teams = sa.Table(
    "teams",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
)

cases = sa.Table(
    "cases",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("reference", sa.String(100), nullable=False, unique=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("updated_by", sa.Text, nullable=False),
)

#: Each case's team, whose practitioners and managers see it (None: admins and
#: auditors only), and whether it is restricted to the people named in
#: ``case_access`` (and admins and auditors). One row a case.
case_teams = sa.Table(
    "case_teams",
    metadata,
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), primary_key=True),
    sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), nullable=True),
    sa.Column("restricted", sa.Boolean, nullable=False),
    sa.Index(None, "team_id"),
)

case_versions = sa.Table(
    "case_versions",
    metadata,
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("action", sa.String(16), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("saved_by", sa.Text, nullable=False),
    sa.Column("saved_at", UTCDateTime, nullable=False),
    sa.Column("reason", sa.Text, nullable=True),
    sa.Column("document", sa.Text, nullable=False),
    sa.Column("checked_on", sa.Date, nullable=True),
)

findings = sa.Table(
    "findings",
    metadata,
    sa.Column("case_id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(8), nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("severity", sa.String(8), nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("member", Id, nullable=True),
    sa.Column("contact", Id, nullable=True),
    sa.Column("letter", Id, nullable=True),
    sa.Column("acknowledged", sa.Boolean, nullable=False),
    sa.ForeignKeyConstraint(["case_id", "version"], ["case_versions.case_id", "case_versions.version"]),
)

contacts = sa.Table(
    "contacts",
    metadata,
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), primary_key=True),
    sa.Column("contact_id", Id, primary_key=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("status", sa.String(32), nullable=False),
    sa.Column("start_utc", UTCDateTime, nullable=False),
    sa.Column("end_utc", UTCDateTime, nullable=False),
    sa.Index(None, "status", "start_utc"),
)

bookings = sa.Table(
    "bookings",
    metadata,
    sa.Column("case_id", sa.Integer, primary_key=True),
    sa.Column("contact_id", Id, primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("interpreter_id", Id, nullable=False),
    sa.Column("relay", sa.Boolean, nullable=False),
    sa.Column("language", sa.String(64), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("registration", sa.Text, nullable=True),
    sa.Column("email", sa.Text, nullable=True),
    sa.Column("identity", sa.Text, nullable=True),
    sa.ForeignKeyConstraint(["case_id", "contact_id"], ["contacts.case_id", "contacts.contact_id"]),
    sa.Index(None, "identity"),
)

sent_invitations = sa.Table(
    "sent_invitations",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("uid", sa.Text, nullable=False),
    sa.Column("recipient", sa.Text, nullable=False),
    sa.Column("sequence", sa.Integer, nullable=False),
    sa.Column("method", sa.String(16), nullable=False),
    sa.Column("sent_at", UTCDateTime, nullable=False),
    sa.Index(None, "uid", "recipient"),
)

#: Accounts (``contactplan users``): an argon2 hash of each password, never
#: the password (none for an account signed in by single sign-on, ``source``
#: ``sso``); a disabled account can't sign in; failed sign-ins in a row and
#: until when the account is held (the older throttling, kept for callers that
#: don't name the client); the role and team; ``session_epoch`` goes up when
#: the account is disabled or its password changes, which ends every session
#: opened before, for good.
users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False, unique=True),
    sa.Column("password_hash", sa.Text, nullable=True),
    sa.Column("disabled", sa.Boolean, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("failed_sign_ins", sa.Integer, nullable=False),
    sa.Column("locked_until", UTCDateTime, nullable=True),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id"), nullable=True),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("session_epoch", sa.Integer, nullable=False),
)

#: The people a restricted case is shown to (beside admins and auditors).
case_access = sa.Table(
    "case_access",
    metadata,
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), primary_key=True),
    sa.Column("granted_by", sa.Text, nullable=False),
    sa.Column("granted_at", UTCDateTime, nullable=False),
)

#: The web page's sessions, held by the server: the cookie carries a random
#: token, the store keeps its SHA-256 only. A session ends when signed out
#: (``ended_at``), after the idle limit, at ``expires_at`` (absolute), and
#: when the account's ``session_epoch`` moves on (disabled, new password).
sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("epoch", sa.Integer, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("last_seen", UTCDateTime, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Column("ended_at", UTCDateTime, nullable=True),
    sa.Column("ended_why", sa.String(32), nullable=True),
    sa.Column("address", sa.Text, nullable=True),
    sa.Index(None, "user_id"),
)

#: Who saw what (issue 26): every read of a case through the command line or
#: the page, every change, every refused attempt. Append-only: triggers make
#: the database refuse UPDATE and DELETE on it (``r0004``).
audit = sa.Table(
    "audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("role", sa.String(16), nullable=True),
    sa.Column("via", sa.String(16), nullable=False),
    sa.Column("address", sa.Text, nullable=True),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("reference", sa.Text, nullable=True),
    sa.Column("version", sa.Integer, nullable=True),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("detail", sa.Text, nullable=True),
    sa.Index(None, "reference", "at"),
    sa.Index(None, "actor", "at"),
    sa.Index(None, "at"),
)

#: Where each acknowledgement in a case came from: ``imported`` (in a case
#: file imported by ``by`` at ``at``) or ``recorded`` (saved by ``by``, signed
#: in, at ``at``), and the version it first appeared in. ``entry`` is the
#: SHA-256 of the entry's JSON: the same words again are the same entry.
acknowledgement_sources = sa.Table(
    "acknowledgement_sources",
    metadata,
    sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), primary_key=True),
    sa.Column("entry", sa.String(64), primary_key=True),
    sa.Column("source", sa.String(16), nullable=False),
    sa.Column("by", sa.Text, nullable=False),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
)

#: The caseload page's facts about each case version (issue 15), derived from
#: its document and kept, like ``findings``, so that a list of thousands of
#: cases reads no documents: who needs an interpreter (and in what language)
#: and who reads no language well enough, as JSON.
case_summaries = sa.Table(
    "case_summaries",
    metadata,
    sa.Column("case_id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("summary", sa.Text, nullable=False),
    sa.ForeignKeyConstraint(["case_id", "version"], ["case_versions.case_id", "case_versions.version"]),
)
