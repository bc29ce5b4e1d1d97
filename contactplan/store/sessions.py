"""The web page's sessions, held by the server (issue 26).

A session is a random token (:func:`open_session`) that the page puts in its
cookie; the store keeps only the token's SHA-256. Each request asks
:func:`session_user` (with the token) who it is: the answer is None once the
session was ended (:func:`end_session`, "sign out", wherever a copy of the
cookie is), after :data:`IDLE` without a request, after :data:`LIFETIME`
whatever happens, and as soon as the account is disabled or gets a new
password (its ``session_epoch`` moves on: enabling it again brings no
session back). :func:`end_user_sessions` ends every session of an account.

``session_user`` writes ``last_seen`` at most once a :data:`TOUCH_EVERY`,
so that a busy page does not write on every request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

import sqlalchemy as sa

from .. import clock
from .access import Actor
from .schema import sessions, teams, users
from .store import Store

__all__ = [
    "IDLE",
    "LIFETIME",
    "TOUCH_EVERY",
    "LiveSession",
    "end_session",
    "end_user_sessions",
    "open_session",
    "session_user",
]

#: A session ends after this long without a request.
IDLE = dt.timedelta(minutes=30)
#: ... and this long after it was opened, whatever happens.
LIFETIME = dt.timedelta(hours=12)
#: ``last_seen`` is written at most this often.
TOUCH_EVERY = dt.timedelta(seconds=60)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def open_session(
    store: Store,
    name: str,
    *,
    address: str | None = None,
    lifetime: dt.timedelta = LIFETIME,
    now: dt.datetime | None = None,
) -> str:
    """Open a session for the enabled account ``name`` (just signed in) and
    return its token, for the cookie. Raises :class:`~.access.AccessError`
    for an unknown or disabled account."""
    from .access import AccessError

    when = now or clock.now()
    token = secrets.token_urlsafe(32)
    with store._errors(), store._writer() as connection, connection.begin():
        row = connection.execute(
            sa.select(users.c.id, users.c.disabled, users.c.session_epoch).where(users.c.name == name)
        ).first()
        if row is None or row.disabled:
            raise AccessError(f"no enabled account {name!r}: no session opened")
        connection.execute(
            sa.insert(sessions).values(
                token_hash=_digest(token),
                user_id=row.id,
                epoch=row.session_epoch,
                created_at=when,
                last_seen=when,
                expires_at=when + lifetime,
                ended_at=None,
                ended_why=None,
                address=(address or "")[:200] or None,
            )
        )
    return token


@dataclass(frozen=True, slots=True)
class LiveSession:
    """A session that is still good: its account as an :class:`Actor` (via
    the web page, from ``address``), and when it ends at the latest."""

    actor: Actor
    expires_at: dt.datetime
    opened_at: dt.datetime


def session_user(
    store: Store,
    token: str | None,
    *,
    address: str | None = None,
    idle: dt.timedelta = IDLE,
    now: dt.datetime | None = None,
) -> LiveSession | None:
    """The live session of ``token`` (None when there is none: unknown,
    ended, idle too long, past its lifetime, account disabled or given a new
    password since). Marks it seen now; ends it (for good) when it has
    run out."""
    if not token or len(token) > 200:
        return None
    when = now or clock.now()
    digest = _digest(token)
    with store._read() as connection:
        row = connection.execute(
            sa.select(
                sessions.c.id,
                sessions.c.epoch,
                sessions.c.created_at,
                sessions.c.last_seen,
                sessions.c.expires_at,
                sessions.c.ended_at,
                users.c.id.label("user_id"),
                users.c.name,
                users.c.role,
                users.c.disabled,
                users.c.session_epoch,
                users.c.team_id,
                teams.c.name.label("team"),
            )
            .select_from(
                sessions.join(users, users.c.id == sessions.c.user_id).outerjoin(
                    teams, teams.c.id == users.c.team_id
                )
            )
            .where(sessions.c.token_hash == digest)
        ).first()
    if row is None or row.ended_at is not None:
        return None
    why = None
    if row.disabled:
        why = "disabled"
    elif row.epoch != row.session_epoch:
        why = "new password"
    elif when >= row.expires_at:
        why = "lifetime"
    elif when - row.last_seen >= idle:
        why = "idle"
    if why is not None:
        _end(store, [row.id], why, when)
        return None
    if when - row.last_seen >= TOUCH_EVERY and not store.read_only:
        with store._errors(), store._writer() as connection, connection.begin():
            connection.execute(
                sa.update(sessions)
                .where(sessions.c.id == row.id, sessions.c.ended_at.is_(None))
                .values(last_seen=when)
            )
    actor = Actor(row.name, row.role, row.team_id, row.team, row.user_id, "web", address)
    return LiveSession(actor, row.expires_at, row.created_at)


def end_session(store: Store, token: str, *, why: str = "signed out", now: dt.datetime | None = None) -> bool:
    """End the session of ``token`` everywhere its cookie was copied; True
    when there was a live one."""
    if not token:
        return False
    with store._errors(), store._writer() as connection, connection.begin():
        done = connection.execute(
            sa.update(sessions)
            .where(sessions.c.token_hash == _digest(token), sessions.c.ended_at.is_(None))
            .values(ended_at=now or clock.now(), ended_why=why[:32])
        )
    return bool(done.rowcount)


def end_user_sessions(
    store: Store, name: str, *, why: str = "ended by an admin", now: dt.datetime | None = None
) -> int:
    """End every live session of the account ``name``; how many there were."""
    with store._errors(), store._writer() as connection, connection.begin():
        user_id = connection.execute(sa.select(users.c.id).where(users.c.name == name)).scalar()
        if user_id is None:
            return 0
        done = connection.execute(
            sa.update(sessions)
            .where(sessions.c.user_id == user_id, sessions.c.ended_at.is_(None))
            .values(ended_at=now or clock.now(), ended_why=why[:32])
        )
    return int(done.rowcount)


def _end(store: Store, ids: list[int], why: str, when: dt.datetime) -> None:
    if store.read_only:
        return
    with store._errors(), store._writer() as connection, connection.begin():
        connection.execute(
            sa.update(sessions)
            .where(sessions.c.id.in_(ids), sessions.c.ended_at.is_(None))
            .values(ended_at=when, ended_why=why)
        )
