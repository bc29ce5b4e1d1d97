"""Sessions held by the server and sign-in that holds (issue 26), on SQLite
and PostgreSQL: a session ends everywhere its cookie was copied, after the
idle limit, after its absolute lifetime, and for good when the account is
disabled or gets a new password; 32 bogus sign-ins at once leave a real save
under 2 s and a real sign-in working; failures are throttled per client,
never per account."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator

import pytest
from test_store_access import GOOD, PASSWORD

from contactplan.casefile import load_case
from contactplan.store import Store
from contactplan.store.access import AccessError
from contactplan.store.sessions import (
    IDLE,
    LIFETIME,
    end_session,
    end_user_sessions,
    open_session,
    session_user,
)
from contactplan.store.throttle import CLIENT_FAILURES, client_throttle
from contactplan.store.users import (
    SignIn,
    add_user,
    disable_user,
    enable_user,
    ensure_sso_user,
    session_stamp,
    set_password,
    sign_in,
)

pytest_plugins = ["store_support"]

T0 = dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    client_throttle.clear()
    with Store(store_url) as opened:
        add_user(opened, "Jo Smith", PASSWORD, team="north")
        add_user(opened, "Sam Patel", PASSWORD, team="north")
        yield opened
    client_throttle.clear()


def test_a_session_ends_everywhere_its_cookie_was_copied(store: Store) -> None:
    token = open_session(store, "Jo Smith", address="192.0.2.1", now=T0)
    live = session_user(store, token, address="192.0.2.1", now=T0 + dt.timedelta(minutes=1))
    assert live is not None and live.actor.name == "Jo Smith" and live.actor.team == "north"
    assert live.actor.via == "web" and live.expires_at == T0 + LIFETIME
    copied = token  # the same cookie on another machine
    assert end_session(store, token, now=T0 + dt.timedelta(minutes=2))
    assert session_user(store, copied, now=T0 + dt.timedelta(minutes=3)) is None
    assert not end_session(store, token)
    assert session_user(store, "not a token", now=T0) is None and session_user(store, None) is None


def test_idle_and_absolute_limits(store: Store) -> None:
    idle = open_session(store, "Jo Smith", now=T0)
    assert session_user(store, idle, now=T0 + IDLE - dt.timedelta(seconds=1)) is not None
    later = T0 + IDLE - dt.timedelta(seconds=1) + IDLE
    assert session_user(store, idle, now=later) is None
    assert session_user(store, idle, now=T0 + dt.timedelta(minutes=5)) is None  # ended for good
    # kept busy, a session still ends at its absolute lifetime
    busy = open_session(store, "Jo Smith", now=T0)
    when = T0
    while when + dt.timedelta(minutes=20) < T0 + LIFETIME:
        when += dt.timedelta(minutes=20)
        assert session_user(store, busy, now=when) is not None
    assert session_user(store, busy, now=T0 + LIFETIME) is None


def test_disable_and_enable_brings_no_session_back(store: Store) -> None:
    token = open_session(store, "Jo Smith", now=T0)
    stamp = session_stamp(store, "Jo Smith")
    disable_user(store, "Jo Smith")
    assert session_user(store, token, now=T0) is None
    with pytest.raises(AccessError):
        open_session(store, "Jo Smith", now=T0)
    enable_user(store, "Jo Smith")
    assert session_user(store, token, now=T0) is None
    # the page's cookie stamp changes for good too
    assert session_stamp(store, "Jo Smith") not in (None, stamp)
    fresh = open_session(store, "Jo Smith", now=T0)
    assert session_user(store, fresh, now=T0) is not None


def test_a_new_password_ends_the_sessions_and_an_admin_can_end_them_all(store: Store) -> None:
    token = open_session(store, "Jo Smith", now=T0)
    other = open_session(store, "Sam Patel", now=T0)
    set_password(store, "Jo Smith", "another long passphrase")
    assert session_user(store, token, now=T0) is None
    assert session_user(store, other, now=T0) is not None
    two = [open_session(store, "Sam Patel", now=T0) for _ in range(2)]
    assert end_user_sessions(store, "Sam Patel", now=T0) == 3
    assert all(session_user(store, t, now=T0) is None for t in [other, *two])


def test_32_bogus_sign_ins_at_once_leave_a_save_fast_and_a_real_sign_in_working(store: Store) -> None:
    case = load_case(GOOD)
    store.save(case, None, "Jo Smith")
    outcomes: list[SignIn] = []
    start = threading.Barrier(33)

    def bogus(n: int) -> None:
        start.wait()
        outcomes.append(sign_in(store, "Jo Smith", f"not the password {n}", client=f"198.51.100.{n}"))

    threads = [threading.Thread(target=bogus, args=(n,)) for n in range(32)]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.monotonic()
    store.save(case, 1, "Sam Patel", "saved while sign-ins are hammered")
    took = time.monotonic() - began
    signed = sign_in(store, "Sam Patel", PASSWORD, client="192.0.2.99")
    for thread in threads:
        thread.join()
    assert took < 2.0, f"a save took {took:.1f} s"
    assert signed is SignIn.OK
    assert len(outcomes) == 32 and set(outcomes) <= {SignIn.WRONG, SignIn.BUSY}
    # nobody is locked out of their account by someone else's wrong passwords
    assert sign_in(store, "Jo Smith", PASSWORD, client="192.0.2.100") is SignIn.OK


def test_failures_are_throttled_per_client_never_per_account(store: Store) -> None:
    attacker, owner = "203.0.113.5", "192.0.2.20"
    for _ in range(CLIENT_FAILURES):
        assert sign_in(store, "Jo Smith", "guessing", client=attacker, now=T0) is SignIn.WRONG
    assert sign_in(store, "Jo Smith", PASSWORD, client=attacker, now=T0) is SignIn.THROTTLED
    assert sign_in(store, "Jo Smith", PASSWORD, client=owner, now=T0) is SignIn.OK
    later = T0 + dt.timedelta(minutes=16)
    assert sign_in(store, "Jo Smith", PASSWORD, client=attacker, now=later) is SignIn.OK
    # unknown names and wrong passwords are the same outcome; a single sign-on account has no password
    ensure_sso_user(store, "Ola Single")
    for name, password in (("Nobody", PASSWORD), ("Jo Smith", "wrong one"), ("Ola Single", "")):
        assert sign_in(store, name, password, client="192.0.2.30", now=later) is SignIn.WRONG
    # each sign-in that reached a password check is in the audit, refused ones too
    entries = [e for e in store.audit_entries() if e.action == "sign-in"]
    assert {e.outcome for e in entries} == {"ok", "refused"}
    assert any(e.actor == "(unknown name)" and e.address == "192.0.2.30" for e in entries)
    assert all(e.via == "web" for e in entries)
    assert all(e.detail is None or "guessing" not in e.detail for e in entries)
