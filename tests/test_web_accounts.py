"""Accounts: signing in (throttled, back to the page asked for) and out,
sessions that end; looking after local accounts: a new password for someone
who lost theirs (their old sessions end), enabling an account again, listing
accounts; from the command line and as the page sees them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from typer.testing import CliRunner
from web_support import NOW, PASSWORD, signed_in, token

from contactplan import clock
from contactplan.cli import app as cli_app
from contactplan.store import Store
from contactplan.store.users import (
    MAX_FAILURES,
    add_user,
    disable_user,
    enable_user,
    list_users,
    session_stamp,
    set_password,
    sign_in,
)

NEW_PASSWORD = "a different long passphrase"


def test_sign_in_and_back_to_the_page_asked_for(app: Flask) -> None:
    client = app.test_client()
    client.get("/import")
    answer = client.post(
        "/sign-in", data={"csrf_token": token(client, "/sign-in"), "name": "Jo Smith", "password": PASSWORD}
    )
    assert answer.headers["Location"] == "/import"
    assert client.get("/").status_code == 200


def test_sign_in_refuses_a_wrong_password_and_an_unknown_name_alike(app: Flask) -> None:
    client = app.test_client()
    for name, password in [("Jo Smith", "wrong password here"), ("Nobody Here", PASSWORD)]:
        answer = client.post(
            "/sign-in", data={"csrf_token": token(client, "/sign-in"), "name": name, "password": password}
        )
        assert answer.status_code == 401
        assert "Enter a correct user name and password" in answer.text
    assert client.get("/").status_code == 302


def test_sign_in_is_throttled_by_client_and_nobody_can_lock_an_account(app: Flask, store: Store) -> None:
    from contactplan.store.throttle import CLIENT_FAILURES
    from contactplan.web.accounts.routes import SIGN_IN_FAILED

    # wrong passwords typed elsewhere (the older per-account hold) don't keep Jo out of the page
    for _ in range(MAX_FAILURES):
        sign_in(store, "Jo Smith", "not the password")
    assert signed_in(app).get("/").status_code == 200
    # one computer that keeps guessing is held back, even with the right password then ...
    guesser = app.test_client()
    guesser.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    for _ in range(CLIENT_FAILURES):
        answer = guesser.post(
            "/sign-in",
            data={"csrf_token": token(guesser, "/sign-in"), "name": "Jo Smith", "password": "a wrong guess"},
        )
        assert answer.status_code == 401
    answer = guesser.post(
        "/sign-in", data={"csrf_token": token(guesser, "/sign-in"), "name": "Jo Smith", "password": PASSWORD}
    )
    assert answer.status_code == 401 and " ".join(SIGN_IN_FAILED.split()) in " ".join(answer.text.split())
    # ... while Jo, from her own computer, signs in
    assert signed_in(app).get("/").status_code == 200
    # and 15 minutes later the guesser may try again
    with clock.frozen(NOW + dt.timedelta(minutes=16)):
        answer = guesser.post(
            "/sign-in",
            data={"csrf_token": token(guesser, "/sign-in"), "name": "Jo Smith", "password": PASSWORD},
        )
    assert answer.status_code == 302


def test_near_miss_failures_below_the_limit_are_forgotten_after_a_success(store: Store) -> None:
    for _ in range(MAX_FAILURES - 1):
        sign_in(store, "Jo Smith", "not the password")
    assert sign_in(store, "Jo Smith", PASSWORD).value == "ok"
    for _ in range(MAX_FAILURES - 1):
        sign_in(store, "Jo Smith", "not the password")
    assert sign_in(store, "Jo Smith", PASSWORD).value == "ok"


def test_a_disabled_account_can_not_sign_in_and_its_session_ends(app: Flask, store: Store) -> None:
    client = signed_in(app)
    disable_user(store, "Jo Smith")
    assert client.get("/").status_code == 302
    answer = app.test_client().post(
        "/sign-in",
        data={"csrf_token": token(app.test_client(), "/sign-in"), "name": "Jo Smith", "password": PASSWORD},
    )
    assert answer.status_code in (400, 401)


def test_a_session_ends_after_the_idle_timeout(app: Flask) -> None:
    client = signed_in(app)
    with clock.frozen(NOW + dt.timedelta(minutes=31)):
        answer = client.get("/")
        assert answer.status_code == 302
        assert "after a while without using the page" in client.get("/sign-in").text


def test_passwords_are_kept_only_as_argon2_hashes(store: Store) -> None:
    import sqlalchemy as sa

    with store.engine.connect() as connection:
        hashes = [row[0] for row in connection.execute(sa.text("SELECT password_hash FROM users"))]
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert not any(PASSWORD in h for h in hashes)


def test_sign_out_needs_a_post_with_its_token(app: Flask) -> None:
    client = signed_in(app)
    assert client.get("/sign-out").status_code == 405
    assert client.post("/sign-out").status_code == 400  # no CSRF token
    assert client.get("/").status_code == 200
    client.post("/sign-out", data={"csrf_token": token(client, "/")})
    assert client.get("/").status_code == 302


def test_a_new_password_ends_the_sessions_opened_with_the_old_one(app: Flask, store: Store) -> None:
    laptop, other = signed_in(app), signed_in(app, "Sam Patel")
    assert laptop.get("/").status_code == 200
    before = session_stamp(store, "Jo Smith")
    set_password(store, "Jo Smith", NEW_PASSWORD)
    assert session_stamp(store, "Jo Smith") not in (None, before)
    answer = laptop.get("/")
    assert answer.status_code == 302 and answer.headers["Location"].startswith("/sign-in")
    assert other.get("/").status_code == 200  # someone else's session is untouched
    assert sign_in(store, "Jo Smith", PASSWORD).value == "wrong"
    assert sign_in(store, "Jo Smith", NEW_PASSWORD).value == "ok"
    # signing in with the new password opens a session that lasts
    again = signed_in_with(app, "Jo Smith", NEW_PASSWORD)
    assert again.get("/").status_code == 200


def signed_in_with(app: Flask, name: str, password: str) -> FlaskClient:
    import re

    client = app.test_client()
    page = client.get("/sign-in")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found
    answer = client.post("/sign-in", data={"csrf_token": found[1], "name": name, "password": password})
    assert answer.status_code == 302, answer.text
    return client


def test_a_new_password_releases_an_account_held_after_wrong_ones(store: Store) -> None:
    now = dt.datetime.now(dt.UTC)
    for _ in range(MAX_FAILURES):
        sign_in(store, "Jo Smith", "not the password at all", now=now)
    assert sign_in(store, "Jo Smith", PASSWORD, now=now).value == "held"
    set_password(store, "Jo Smith", NEW_PASSWORD)
    assert sign_in(store, "Jo Smith", NEW_PASSWORD, now=now).value == "ok"


def test_a_disabled_account_enabled_again_signs_in_with_its_password(app: Flask, store: Store) -> None:
    disable_user(store, "Jo Smith")
    assert session_stamp(store, "Jo Smith") is None
    assert sign_in(store, "Jo Smith", PASSWORD).value == "disabled"
    enable_user(store, "Jo Smith")
    assert sign_in(store, "Jo Smith", PASSWORD).value == "ok"
    assert signed_in(app).get("/").status_code == 200


def test_the_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    runner = CliRunner()

    def run(*args: str, given: str | None = None) -> tuple[int, str]:
        done = runner.invoke(cli_app, ["users", *args, "--database", url], input=given)
        return done.exit_code, done.output

    assert run("list") == (0, "No accounts yet: add one with contactplan users add NAME\n")
    assert run("add", "Priya Shah", given=PASSWORD + "\n")[0] == 0
    assert run("add", "Tom  Reid", given=PASSWORD + "\n")[0] == 0
    status, said = run("password", "Priya Shah", given=NEW_PASSWORD + "\n")
    assert status == 0 and "any session opened with the old one has ended" in said
    assert run("disable", "Tom Reid") == (0, "Disabled Tom Reid: they can no longer sign in.\n")
    status, said = run("list")
    today = dt.datetime.now(dt.UTC).date().isoformat()
    assert status == 0
    assert said.splitlines() == [
        f"Priya Shah  enabled   added {today}",
        f"Tom Reid    disabled  added {today}",
    ]
    assert run("enable", "Tom Reid") == (0, "Enabled Tom Reid: they can sign in again.\n")
    with Store(url) as store:
        assert sign_in(store, "Priya Shah", NEW_PASSWORD).value == "ok"
        assert sign_in(store, "Tom Reid", PASSWORD).value == "ok"
        assert [a.disabled for a in list_users(store)] == [False, False]
    # refusals: one line, exit 2, nothing changed
    for args, given, words in [
        (("password", "Nobody"), NEW_PASSWORD + "\n", "no account 'Nobody'"),
        (("password", "Priya Shah"), "short\n", "too short"),
        (("enable", "Nobody"), None, "no account 'Nobody'"),
    ]:
        status, said = run(*args, given=given)
        assert status == 2 and words in said and "Traceback" not in said, (args, said)
    with Store(url) as store:
        assert sign_in(store, "Priya Shah", NEW_PASSWORD).value == "ok"


def test_an_account_added_later_is_listed_in_name_order(store: Store) -> None:
    add_user(store, "Ann Other", PASSWORD)
    assert [a.name for a in list_users(store)] == ["Ann Other", "Jo Smith", "Sam Patel"]
