"""Local accounts for the web page (``contactplan users add|password|disable|enable|list``,
``docs/web.md``).

A password is kept only as an argon2 hash (argon2-cffi, the ``web``
extra). Sign-in is throttled per account: after :data:`MAX_FAILURES` wrong
passwords in a row the account is held for :data:`HOLD` (even the right
password is refused meanwhile), so that a password can't be guessed by
trying many. Accounts are never deleted, only disabled: every saved
version names who saved it. A session lasts only while its account is
enabled and its password unchanged (:func:`session_stamp`): a new password
set for someone who lost theirs ends any session opened with the old one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa

from .. import clock
from .engine import StoreError
from .schema import users
from .store import Store

if TYPE_CHECKING:
    from argon2 import PasswordHasher

__all__ = [
    "HOLD",
    "MAX_FAILURES",
    "SignIn",
    "UserError",
    "add_user",
    "disable_user",
    "enable_user",
    "list_users",
    "session_stamp",
    "set_password",
    "sign_in",
    "user_is_active",
]

#: Wrong passwords in a row before the account is held.
MAX_FAILURES = 5
#: How long an account is held after :data:`MAX_FAILURES` wrong passwords.
HOLD = dt.timedelta(minutes=15)
#: Longest password accepted (argon2 takes any length; a huge one is an attack).
MAX_PASSWORD = 1024


class UserError(StoreError):
    """An account that can't be added or changed as asked."""


class SignIn(enum.Enum):
    """The outcome of a sign-in attempt."""

    OK = "ok"
    WRONG = "wrong"  # unknown name or wrong password: never told apart
    HELD = "held"  # too many wrong passwords: try again later
    DISABLED = "disabled"


@dataclass(frozen=True, slots=True)
class Account:
    name: str
    disabled: bool
    created_at: dt.datetime


def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()


def clean_name(name: str) -> str:
    """A user name as stored: single spaces, 1 to 200 characters, no control characters."""
    cleaned = " ".join(str(name).split())
    if not cleaned or len(cleaned) > 200 or any(ord(ch) < 32 or ord(ch) == 127 for ch in cleaned):
        raise UserError("a user name is 1 to 200 characters, without control characters")
    return cleaned


def check_password(password: str) -> str:
    if len(password) < 12:
        raise UserError("the password is too short: use at least 12 characters (a few words make a good one)")
    if len(password) > MAX_PASSWORD:
        raise UserError(f"the password is too long: at most {MAX_PASSWORD} characters")
    return password


def _now() -> dt.datetime:
    return clock.now()


def add_user(store: Store, name: str, password: str) -> str:
    """Add a local account; returns the name as stored. Refuses a name already taken."""
    who = clean_name(name)
    digest = _hasher().hash(check_password(password))
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
            )
        )
    return who


def disable_user(store: Store, name: str) -> None:
    """Disable an account: it can no longer sign in (its sessions end at the next request)."""
    _update(store, name, disabled=True)


def enable_user(store: Store, name: str) -> None:
    """Enable a disabled account again (with the password it had)."""
    _update(store, name, disabled=False, failed_sign_ins=0, locked_until=None)


def set_password(store: Store, name: str, password: str) -> None:
    """Give an account a new password (someone who lost theirs): sessions
    opened with the old one end at their next request, and an account held
    after wrong passwords is released."""
    digest = _hasher().hash(check_password(password))
    _update(store, name, password_hash=digest, failed_sign_ins=0, locked_until=None)


def _update(store: Store, name: str, **values: object) -> None:
    who = clean_name(name)
    with store._errors(), store._writer() as connection, connection.begin():
        done = connection.execute(sa.update(users).where(users.c.name == who).values(**values))
        if done.rowcount != 1:
            raise UserError(f"no account {who!r}")


def list_users(store: Store) -> list[Account]:
    with store._read() as connection:
        return [
            Account(r.name, bool(r.disabled), r.created_at)
            for r in connection.execute(
                sa.select(users.c.name, users.c.disabled, users.c.created_at).order_by(users.c.name)
            )
        ]


def user_is_active(store: Store, name: str) -> bool:
    """Whether ``name`` is an account that may use the page now."""
    return session_stamp(store, name) is not None


def session_stamp(store: Store, name: str) -> str | None:
    """What a session opened by ``name`` keeps to stay valid: it changes
    with the account's password (a digest of the password's hash, which
    itself is never put in a cookie). None for an unknown or disabled account."""
    import hashlib

    with store._read() as connection:
        row = connection.execute(
            sa.select(users.c.disabled, users.c.password_hash).where(users.c.name == name)
        ).first()
    if row is None or row.disabled:
        return None
    return hashlib.sha256(row.password_hash.encode("utf-8")).hexdigest()[:32]


# A hash of nothing anyone types, checked for unknown names so that an unknown
# name takes as long to refuse as a wrong password.
_DUMMY: list[str] = []


def sign_in(store: Store, name: str, password: str, *, now: dt.datetime | None = None) -> SignIn:
    """Check a name and password, counting failures (throttling)."""
    from argon2.exceptions import InvalidHashError, VerificationError

    when = now or _now()
    hasher = _hasher()
    try:
        who = clean_name(name)
    except UserError:
        who = ""
    if len(password) > MAX_PASSWORD:
        password = password[:MAX_PASSWORD]
    with store._errors(), store._writer() as connection, connection.begin():
        row = connection.execute(sa.select(users).where(users.c.name == who)).first() if who else None
        if row is None:
            if not _DUMMY:
                _DUMMY.append(hasher.hash("not a password anyone types"))
            with contextlib.suppress(VerificationError, InvalidHashError):
                hasher.verify(_DUMMY[0], password)
            return SignIn.WRONG
        if row.locked_until is not None and row.locked_until > when:
            return SignIn.HELD
        try:
            hasher.verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            failures = row.failed_sign_ins + 1
            values: dict[str, object] = {"failed_sign_ins": failures}
            if failures >= MAX_FAILURES:
                values = {"failed_sign_ins": 0, "locked_until": when + HOLD}
            connection.execute(sa.update(users).where(users.c.id == row.id).values(**values))
            return SignIn.HELD if failures >= MAX_FAILURES else SignIn.WRONG
        if row.disabled:
            return SignIn.DISABLED
        values = {"failed_sign_ins": 0, "locked_until": None}
        if hasher.check_needs_rehash(row.password_hash):
            values["password_hash"] = hasher.hash(password)
        connection.execute(sa.update(users).where(users.c.id == row.id).values(**values))
        return SignIn.OK
