"""Accounts (``contactplan users``, ``docs/web.md``, ``docs/store.md``):
who may sign in, with which role, in which team.

A password is kept only as an argon2 hash (argon2-cffi, the ``web``
extra); an account signed in by single sign-on (``source`` ``sso``) has
none. Accounts are never deleted, only disabled: every saved version names
who saved it. Disabling an account or giving it a new password moves its
``session_epoch`` on, which ends every session opened before, for good
(enabling it again brings none back).

Signing in (:func:`sign_in`) checks the password outside any database
transaction (a check takes tens of milliseconds of CPU: inside the store's
write lock, a handful of bogus sign-ins would hold every save), through the
process's :data:`~.throttle.gate`, and counts failures per client
(:data:`~.throttle.client_throttle`), never per account, so that nobody can
keep someone out of their account. Every outcome but ``OK`` must be shown
with one and the same message (no telling which names exist).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from .. import clock
from .access import AccessError, Actor, Role
from .engine import StoreError
from .schema import ROLES, sessions, teams, users
from .store import Store, team_id_of

if TYPE_CHECKING:
    from argon2 import PasswordHasher

__all__ = [
    "HOLD",
    "MAX_FAILURES",
    "Account",
    "SignIn",
    "UserError",
    "add_user",
    "disable_user",
    "enable_user",
    "ensure_sso_user",
    "list_teams",
    "list_users",
    "session_stamp",
    "set_password",
    "set_user",
    "sign_in",
    "user_is_active",
]

#: Wrong passwords in a row before an account is held, for callers of
#: :func:`sign_in` that don't name the client (the older throttling).
MAX_FAILURES = 5
#: How long an account is held after :data:`MAX_FAILURES` wrong passwords.
HOLD = dt.timedelta(minutes=15)
#: Longest password accepted (argon2 takes any length; a huge one is an attack).
MAX_PASSWORD = 1024


class UserError(StoreError):
    """An account that can't be added or changed as asked."""


class SignIn(enum.Enum):
    """The outcome of a sign-in attempt. The page shows the same message for
    every outcome but ``OK``; the outcomes differ for the audit only."""

    OK = "ok"
    WRONG = "wrong"  # unknown name or wrong password: never told apart
    HELD = "held"  # too many wrong passwords for this account (callers that name no client)
    DISABLED = "disabled"
    THROTTLED = "throttled"  # too many wrong sign-ins from this client: try again later
    BUSY = "busy"  # too many sign-ins at once: try again in a moment

    @property
    def failed(self) -> bool:
        return self is not SignIn.OK


@dataclass(frozen=True, slots=True)
class Account:
    name: str
    disabled: bool
    created_at: dt.datetime
    role: str = "practitioner"
    team: str | None = None
    source: str = "local"


def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()


def clean_name(name: str) -> str:
    """A user name as stored: single spaces, 1 to 200 characters, no control characters."""
    cleaned = " ".join(str(name).split())
    if not cleaned or len(cleaned) > 200 or any(ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in cleaned):
        raise UserError("a user name is 1 to 200 characters, without control characters")
    return cleaned


def clean_role(role: str) -> Role:
    if role not in ROLES:
        raise UserError(f"--role: {role!r} is not one of {', '.join(ROLES)}")
    return role  # type: ignore[return-value]


def check_password(password: str) -> str:
    if len(password) < 12:
        raise UserError("the password is too short: use at least 12 characters (a few words make a good one)")
    if len(password) > MAX_PASSWORD:
        raise UserError(f"the password is too long: at most {MAX_PASSWORD} characters")
    return password


def _now() -> dt.datetime:
    return clock.now()


def _admin_only(store: Store, actor: Actor | None, action: str, name: str) -> None:
    if actor is not None and not actor.is_admin:
        error = AccessError("only an admin may add or change accounts")
        store._audit(actor, [(action, None, None, "refused", f"account {name}")])
        raise error


def _team(connection: sa.Connection, team: str | None) -> int | None:
    """The id of ``team``, created when it is new (an admin names it)."""
    if team is None:
        return None
    name = " ".join(team.split())
    if not name or len(name) > 200 or any(ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in name):
        raise UserError("a team's name is 1 to 200 characters, without control characters")
    found = connection.execute(sa.select(teams.c.id).where(teams.c.name == name)).scalar()
    if found is not None:
        return int(found)
    return int(
        connection.execute(
            sa.insert(teams).values(name=name, created_at=_now()).returning(teams.c.id)
        ).scalar_one()
    )


def add_user(
    store: Store,
    name: str,
    password: str | None,
    *,
    role: str = "practitioner",
    team: str | None = None,
    actor: Actor | None = None,
    source: str = "local",
) -> str:
    """Add an account; returns the name as stored. Refuses a name already
    taken. ``team`` is created when it is new. With an ``actor``, only an
    admin (or the store's owner) may."""
    who = clean_name(name)
    chosen = clean_role(role)
    _admin_only(store, actor, "add account", who)
    digest = _hasher().hash(check_password(password)) if password is not None else None
    with store._errors(), store._writer() as connection, connection.begin():
        taken = connection.execute(sa.select(users.c.id).where(users.c.name == who)).first()
        if taken is not None:
            raise UserError(f"there is already an account {who!r}")
        connection.execute(
            sa.insert(users).values(
                name=who,
                password_hash=digest,
                disabled=False,
                created_at=_now(),
                failed_sign_ins=0,
                locked_until=None,
                role=chosen,
                team_id=_team(connection, team),
                source=source,
                session_epoch=0,
            )
        )
        detail = f"account {who}: {chosen}" + (f" in team {team}" if team else ", no team")
        store._audit(actor, [("add account", None, None, "ok", detail)], connection)
    return who


def ensure_sso_user(store: Store, name: str) -> str:
    """The account of someone the single sign-on proxy named: created, with
    no password, no team and the practitioner role, the first time they come
    (they see nothing until an admin gives them a team: ``users set``).
    Returns the name as stored."""
    who = clean_name(name)
    with store._read() as connection:
        if connection.execute(sa.select(users.c.id).where(users.c.name == who)).first() is not None:
            return who
    with contextlib.suppress(UserError, sa.exc.IntegrityError):
        add_user(store, who, None, source="sso")
    return who


def set_user(
    store: Store,
    name: str,
    *,
    role: str | None = None,
    team: str | None = None,
    no_team: bool = False,
    actor: Actor | None = None,
) -> Account:
    """Give an account another role or team (``no_team``: none). Only an
    admin (or the owner) may. Returns the account as it now is."""
    who = clean_name(name)
    _admin_only(store, actor, "change account", who)
    values: dict[str, object] = {}
    if role is not None:
        values["role"] = clean_role(role)
    with store._errors(), store._writer() as connection, connection.begin():
        if team is not None:
            values["team_id"] = _team(connection, team)
        elif no_team:
            values["team_id"] = None
        if values:
            done = connection.execute(sa.update(users).where(users.c.name == who).values(**values))
            if done.rowcount != 1:
                raise UserError(f"no account {who!r}")
        detail = ", ".join(
            f"{k.removesuffix('_id')} {team if k == 'team_id' else v}" for k, v in values.items()
        )
        store._audit(actor, [("change account", None, None, "ok", f"account {who}: {detail}")], connection)
    found = [a for a in list_users(store) if a.name == who]
    if not found:
        raise UserError(f"no account {who!r}")
    return found[0]


def disable_user(store: Store, name: str, *, actor: Actor | None = None) -> None:
    """Disable an account: it can no longer sign in, and every session it
    has ends for good (enabling it again brings none back)."""
    who = clean_name(name)
    _admin_only(store, actor, "disable account", who)
    _update(store, who, actor, "disable account", disabled=True, session_epoch=users.c.session_epoch + 1)
    _end_all(store, who, "disabled")


def enable_user(store: Store, name: str, *, actor: Actor | None = None) -> None:
    """Enable a disabled account again (with the password it had; no session comes back)."""
    who = clean_name(name)
    _admin_only(store, actor, "enable account", who)
    _update(store, who, actor, "enable account", disabled=False, failed_sign_ins=0, locked_until=None)


def set_password(store: Store, name: str, password: str, *, actor: Actor | None = None) -> None:
    """Give an account a new password (someone who lost theirs): every
    session opened with the old one ends, and an account held after wrong
    passwords is released."""
    who = clean_name(name)
    _admin_only(store, actor, "set password", who)
    digest = _hasher().hash(check_password(password))
    _update(
        store,
        who,
        actor,
        "set password",
        password_hash=digest,
        failed_sign_ins=0,
        locked_until=None,
        session_epoch=users.c.session_epoch + 1,
    )
    _end_all(store, who, "new password")


def _update(store: Store, who: str, actor: Actor | None, action: str, **values: object) -> None:
    with store._errors(), store._writer() as connection, connection.begin():
        done = connection.execute(sa.update(users).where(users.c.name == who).values(**values))
        if done.rowcount != 1:
            raise UserError(f"no account {who!r}")
        store._audit(actor, [(action, None, None, "ok", f"account {who}")], connection)


def _end_all(store: Store, who: str, why: str) -> None:
    with store._errors(), store._writer() as connection, connection.begin():
        user_id = connection.execute(sa.select(users.c.id).where(users.c.name == who)).scalar()
        connection.execute(
            sa.update(sessions)
            .where(sessions.c.user_id == user_id, sessions.c.ended_at.is_(None))
            .values(ended_at=_now(), ended_why=why)
        )


def list_users(store: Store, *, actor: Actor | None = None) -> list[Account]:
    """Every account, by name, with its role, team and source."""
    with store._read() as connection:
        found = [
            Account(r.name, bool(r.disabled), r.created_at, r.role, r.team, r.source)
            for r in connection.execute(
                sa.select(
                    users.c.name,
                    users.c.disabled,
                    users.c.created_at,
                    users.c.role,
                    users.c.source,
                    teams.c.name.label("team"),
                )
                .select_from(users.outerjoin(teams, teams.c.id == users.c.team_id))
                .order_by(users.c.name)
            )
        ]
    store._audit(actor, [("list accounts", None, None, "ok", f"{len(found)} accounts")])
    return found


def list_teams(store: Store) -> list[str]:
    with store._read() as connection:
        return list(connection.execute(sa.select(teams.c.name).order_by(teams.c.name)).scalars())


def team_exists(store: Store, team: str) -> bool:
    with store._read() as connection:
        try:
            team_id_of(connection, team)
        except AccessError:
            return False
        return True


def user_is_active(store: Store, name: str) -> bool:
    """Whether ``name`` is an account that may use the page now."""
    return session_stamp(store, name) is not None


def session_stamp(store: Store, name: str) -> str | None:
    """What a session opened by ``name`` keeps to stay valid: it changes
    with the account's password and its session epoch (disabled, new
    password), never back (a digest; the hash itself is never put in a
    cookie). None for an unknown or disabled account."""
    with store._read() as connection:
        row = connection.execute(
            sa.select(users.c.disabled, users.c.password_hash, users.c.session_epoch).where(
                users.c.name == name
            )
        ).first()
    if row is None or row.disabled:
        return None
    kept = f"{row.password_hash or ''}\x1f{row.session_epoch}"
    return hashlib.sha256(kept.encode("utf-8")).hexdigest()[:32]


# A hash of nothing anyone types, checked for unknown names so that an unknown
# name takes as long to refuse as a wrong password.
_DUMMY: list[str] = []


def _dummy(hasher: PasswordHasher) -> str:
    if not _DUMMY:
        _DUMMY.append(hasher.hash("not a password anyone types"))
    return _DUMMY[0]


def sign_in(
    store: Store, name: str, password: str, *, client: str | None = None, now: dt.datetime | None = None
) -> SignIn:
    """Check a name and password.

    ``client`` names who is asking (the page's remote address): wrong
    sign-ins are then counted per client (:data:`~.throttle.client_throttle`),
    never per account, and each attempt that reached a password check is
    recorded in the audit (``sign-in``, ok or refused). Without ``client``,
    wrong passwords are counted per account and hold it for :data:`HOLD`
    after :data:`MAX_FAILURES` (the older throttling, which anyone can use
    to keep someone out: the page should name the client).

    The password check runs outside any database transaction, in its turn
    (:data:`~.throttle.gate`): a flood of sign-ins never holds a save."""
    from argon2.exceptions import InvalidHashError, VerificationError

    from .throttle import client_throttle, gate

    when = now or _now()
    if client is not None and client_throttle.blocked_until(client, when) is not None:
        return SignIn.THROTTLED
    hasher = _hasher()
    try:
        who = clean_name(name)
    except UserError:
        who = ""
    if len(password) > MAX_PASSWORD:
        password = password[:MAX_PASSWORD]
    with store._read() as connection:
        row = connection.execute(sa.select(users).where(users.c.name == who)).first() if who else None
    if row is not None and client is None and row.locked_until is not None and row.locked_until > when:
        return SignIn.HELD
    with gate.turn() as turn:
        if not turn:
            return SignIn.BUSY
        right = False
        with contextlib.suppress(VerificationError, InvalidHashError):
            right = hasher.verify(
                row.password_hash if row is not None and row.password_hash else _dummy(hasher), password
            )
        right = right and row is not None and row.password_hash is not None
    outcome = SignIn.WRONG
    if row is not None and right:
        outcome = SignIn.DISABLED if row.disabled else SignIn.OK
    if row is not None:
        _after_sign_in(store, row, outcome, client, when, hasher, password)
    if client is not None:
        if outcome is SignIn.OK:
            client_throttle.succeeded(client)
        else:
            client_throttle.failed(client, when)
        limited = client_throttle.blocked_until(client, when) is not None
        actor = Actor(
            row.name if row is not None else "(unknown name)",
            row.role if row is not None else None,
            via="web",
            address=client,
        )
        detail = (
            None
            if outcome is SignIn.OK
            else outcome.value + ("; this client must now wait" if limited else "")
        )
        store._audit(actor, [("sign-in", None, None, "ok" if outcome is SignIn.OK else "refused", detail)])
    if client is None and outcome is SignIn.WRONG and row is not None:
        return _held_now(store, row.id, when)
    return outcome


def _after_sign_in(
    store: Store,
    row: sa.Row[Any],
    outcome: SignIn,
    client: str | None,
    when: dt.datetime,
    hasher: PasswordHasher,
    password: str,
) -> None:
    """What a sign-in changes in the account, in a short transaction of its own."""
    values: dict[str, object] = {}
    user_id = row.id
    if outcome is SignIn.OK:
        if row.failed_sign_ins or row.locked_until is not None:
            values = {"failed_sign_ins": 0, "locked_until": None}
        if hasher.check_needs_rehash(row.password_hash):
            values["password_hash"] = hasher.hash(password)
    elif outcome is SignIn.WRONG and client is None:
        values = {"failed_sign_ins": users.c.failed_sign_ins + 1}
    if not values or store.read_only:
        return
    with store._errors(), store._writer() as connection, connection.begin():
        connection.execute(sa.update(users).where(users.c.id == user_id).values(**values))


def _held_now(store: Store, user_id: int, when: dt.datetime) -> SignIn:
    """The older per-account throttling: held after :data:`MAX_FAILURES` wrong passwords in a row."""
    if store.read_only:
        return SignIn.WRONG
    with store._errors(), store._writer() as connection, connection.begin():
        failures = connection.execute(
            sa.select(users.c.failed_sign_ins).where(users.c.id == user_id)
        ).scalar_one()
        if failures < MAX_FAILURES:
            return SignIn.WRONG
        connection.execute(
            sa.update(users).where(users.c.id == user_id).values(failed_sign_ins=0, locked_until=when + HOLD)
        )
    return SignIn.HELD
