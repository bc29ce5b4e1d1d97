"""The web page as a whole, through Flask's test client: every page needs
signing in, every form its CSRF token; the headers, no inline script, no
family names in the logs, both store engines, and ``contactplan serve``.

Each journey has its own module (``test_web_cases.py``,
``test_web_members.py``, ...), as the app has its own package; saving
(merges, conflicts, errors it adds) is ``test_web_saving.py``. The browser
tests (``tests/browser/``) drive the same pages in Chromium.
"""

from __future__ import annotations

import logging
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from typer.testing import CliRunner
from web_support import (
    FAILURES,
    PASSWORD,
    REF,
    ROOT,
    TEAM,
    ClientRequest,
    address,
    address_of,
    import_file,
    signed_in,
)

from contactplan.api import load_case
from contactplan.cli import app as cli_app
from contactplan.cli.serve import is_loopback
from contactplan.store import Store
from contactplan.store.users import add_user, sign_in
from contactplan.web import create_app

pytest_plugins = ["store_support"]


# --------------------------------------------------------------------------
# Access


def test_every_page_needs_signing_in(app: Flask) -> None:
    client = app.test_client()
    for path in [
        "/",
        "/import",
        "/new-case",
        f"/cases/{REF}",
        f"/cases/{REF}/members/magda/remove",
        f"/cases/{REF}/interpreters/add",
        f"/cases/{REF}/plan",
        f"/cases/{REF}/members/add",
        f"/cases/{REF}/contacts/add",
        f"/cases/{REF}/letters/add",
        f"/cases/{REF}/settings",
        f"/cases/{REF}/case.yaml",
        f"/cases/{REF}/calendar.ics",
    ]:
        answer = client.get(path)
        assert answer.status_code == 302 and answer.headers["Location"] == "/sign-in", path


def test_every_form_refuses_a_post_without_its_csrf_token(app: Flask) -> None:
    client = signed_in(app)
    import_file(client)
    for path in [
        "/sign-in",
        "/import",
        f"/cases/{REF}/members/add",
        f"/cases/{REF}/members/magda",
        f"/cases/{REF}/contacts/add",
        f"/cases/{REF}/letters/add",
        f"/cases/{REF}/plan",
        f"/cases/{REF}/settings",
        f"/cases/{REF}/acknowledge",
    ]:
        answer = client.post(path, data={"name": "x", "save": "1"})
        assert answer.status_code == 400, path
        assert "Your form expired" in answer.text


def test_trusted_header_from_a_sign_on_proxy(store: Store) -> None:
    from contactplan.store.users import set_user

    app = create_app(store, trust_header="X-Remote-User", proxy_secret="s3cret-from-the-proxy-file")
    client = app.test_client()
    secret = {"X-Contactplan-Proxy-Secret": "s3cret-from-the-proxy-file"}
    # without the proxy's secret the name is not believed
    assert client.get("/", headers={"X-Remote-User": "Priya Shah"}).status_code == 403
    wrong = {"X-Contactplan-Proxy-Secret": "a guess", "X-Remote-User": "Priya Shah"}
    assert client.get("/", headers=wrong).status_code == 403
    assert client.get("/", headers=secret).status_code == 401
    assert client.get("/", headers={**secret, "X-Remote-User": "  "}).status_code == 401
    headers = {**secret, "X-Remote-User": "Priya Shah"}
    assert client.get("/", headers=headers).status_code == 200
    assert client.get("/sign-in", headers=headers).status_code == 302
    # her first visit made her account, with no team: an admin gives her one
    set_user(store, "Priya Shah", team=TEAM)
    page = client.get("/import", headers=headers)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)[1]  # type: ignore[index]
    with FAILURES.open("rb") as handle:
        client.post(
            "/import",
            data={"csrf_token": csrf, "file": (handle, "f.yaml")},
            content_type="multipart/form-data",
            headers=headers,
        )
    assert store.history(REF)[0].by == "Priya Shah"


def test_security_headers_and_cookie_flags(app: Flask, store: Store) -> None:
    client = app.test_client()
    answer = client.get("/sign-in")
    csp = answer.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["X-Frame-Options"] == "DENY"
    assert answer.headers["Cache-Control"] == "no-store"
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    proxied = create_app(store, behind_proxy=True).test_client()
    answer = proxied.get("/sign-in", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in answer.headers["Set-Cookie"] and answer.headers["Set-Cookie"].startswith("__Host-")
    assert "Strict-Transport-Security" in answer.headers


def test_no_page_has_inline_script(app: Flask) -> None:
    client = signed_in(app)
    import_file(client)
    for path in [
        "/",
        "/import",
        f"/cases/{REF}",
        f"/cases/{REF}/plan",
        f"/cases/{REF}/members/magda",
        f"/cases/{REF}/contacts/hv-02",
        f"/cases/{REF}/letters/add",
        f"/cases/{REF}/letters/inv-hv-02",
        f"/cases/{REF}/settings",
    ]:
        html = client.get(path).text
        scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, flags=re.S)
        assert scripts and all(not body.strip() for body in scripts), path
        assert " on" not in " ".join(re.findall(r"<[^>]+\son\w+=", html)), path


# --------------------------------------------------------------------------
# Both engines


def test_the_page_on_sqlite_and_postgresql(store_url: str) -> None:
    """Accounts, import, two people's edits put together, and the caseload on both engines."""
    from web_support import NOW

    from contactplan import clock

    with Store(store_url) as store, clock.frozen(NOW):
        add_user(store, "Jo Smith", PASSWORD, team=TEAM)
        add_user(store, "Sam Patel", PASSWORD, team=TEAM)
        app = create_app(store)
        jo, sam = ClientRequest(app, "Jo Smith"), ClientRequest(app, "Sam Patel")
        jo.import_file()
        path = f"/cases/{REF}/members/marek"
        opened = jo.get(path)
        sam.submit(path, address("3 Other Street"))
        jo.submit(path, {"name": "Marek Z"}, page=opened)
        marek = store.load(REF)[0].member("marek")
        assert (marek.name, address_of(marek)) == ("Marek Z", "3 Other Street")
        jo.get("/")  # the notice of Jo's save
        store.import_cases(
            [load_case(ROOT / "examples" / "akhtar-haddad-family.yaml")], actor=store.acting("Sam Patel")
        )
        caseload = jo.get("/").text  # the imported case's facts are derived here
        assert REF in caseload and "Marek Z (Polish (polski))" in caseload
        assert "CP-2026-0311" in caseload and "Samina Akhtar (Urdu" in caseload
        assert jo.get("/").text == caseload
        assert [h.by for h in store.history(REF)] == ["Jo Smith", "Sam Patel", "Jo Smith"]


# --------------------------------------------------------------------------
# Logs


def test_no_family_names_in_logs(
    app: Flask, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.DEBUG)
    client = signed_in(app)
    import_file(client)
    client.get(f"/cases/{REF}")
    ClientRequest(app).submit(f"/cases/{REF}/members/magda", address("1 New Street"))

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("Magda Nowak's case could not be read")

    monkeypatch.setattr("contactplan.web.cases.routes.language_needs", broken)
    answer = client.get(f"/cases/{REF}")
    assert answer.status_code == 500 and "Magda" not in answer.text
    assert "RuntimeError" in caplog.text
    for name in ["Magda", "Nowak", "Kuba", "Zosia", "Marek", "Zielinski"]:
        assert name not in caplog.text


# --------------------------------------------------------------------------
# The commands


def test_users_add_reads_the_password_from_standard_input(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'u.sqlite3'}"
    runner = CliRunner()
    done = runner.invoke(cli_app, ["users", "add", "Priya Shah", "--database", url], input=PASSWORD + "\n")
    assert done.exit_code == 0, done.output
    with Store(url) as store:
        assert sign_in(store, "Priya Shah", PASSWORD).value == "ok"
    again = runner.invoke(cli_app, ["users", "add", "Priya Shah", "--database", url], input=PASSWORD + "\n")
    assert again.exit_code == 2 and "already an account" in again.output
    short = runner.invoke(cli_app, ["users", "add", "Al", "--database", url], input="short\n")
    assert short.exit_code == 2 and "too short" in short.output
    off = runner.invoke(cli_app, ["users", "disable", "Priya Shah", "--database", url])
    assert off.exit_code == 0
    with Store(url) as store:
        assert sign_in(store, "Priya Shah", PASSWORD).value == "disabled"
    missing = runner.invoke(cli_app, ["users", "disable", "Nobody", "--database", url])
    assert missing.exit_code == 2 and "no account" in missing.output


def test_serve_refuses_another_address_unless_behind_a_proxy(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 's.sqlite3'}"
    answer = CliRunner().invoke(cli_app, ["serve", "--host", "0.0.0.0", "--database", url])
    assert answer.exit_code == 2 and "--behind-proxy" in answer.output
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.10") and not is_loopback("example.org")


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_serve(tmp_path: Path, port: int) -> subprocess.Popen[str]:
    url = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    return subprocess.Popen(
        [sys.executable, "-m", "contactplan", "serve", "--database", url, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_page(process: subprocess.Popen[str], port: int) -> tuple[str, Any]:
    import urllib.request

    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in", timeout=5) as answer:
                return answer.read().decode("utf-8"), answer.headers
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise
            time.sleep(0.3)


def _stop(process: subprocess.Popen[str], sig: int = signal.SIGTERM) -> tuple[int | None, str]:
    """Send ``sig``; give the server 20 seconds; kill it by its pid if it is still there."""
    process.send_signal(sig)
    try:
        _, err = process.communicate(timeout=20)
        return process.returncode, err
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        return None, "still running 20 seconds after the signal: killed"


def test_serve_starts_waitress_on_this_machine(tmp_path: Path) -> None:
    """The command itself, as a process: it answers on 127.0.0.1, then stops on SIGTERM."""
    port = _free_port()
    process = _start_serve(tmp_path, port)
    try:
        body, headers = _wait_for_page(process, port)
        assert "Sign in" in body and headers["Server"] == "contactplan"
        assert "script-src 'self'" in headers["Content-Security-Policy"]
    finally:
        status, err = _stop(process)
    assert status == 0, err
    assert "the web page has stopped" in err


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_serve_stops_on_a_signal_while_it_is_answering(tmp_path: Path, sig: int) -> None:
    """A service manager's SIGTERM (or a closed terminal's SIGHUP, or Ctrl-C) stops
    the server even when it arrives while requests are being handled: waitress's
    event loop must not swallow it and keep serving (it did, now and then)."""
    import threading
    import urllib.request

    port = _free_port()
    process = _start_serve(tmp_path, port)
    busy = threading.Event()

    def keep_asking() -> None:
        while not busy.is_set():
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in", timeout=2) as answer:
                    answer.read()
            except OSError:
                time.sleep(0.01)

    try:
        _wait_for_page(process, port)
        askers = [threading.Thread(target=keep_asking) for _ in range(4)]
        for asker in askers:
            asker.start()
        time.sleep(0.5)
    finally:
        status, err = _stop(process, sig)
        busy.set()
    for asker in askers:
        asker.join(timeout=10)
    assert status == 0, err
    assert "the web page has stopped" in err and "Traceback" not in err


def test_serve_says_when_the_port_is_taken(tmp_path: Path) -> None:
    """As a process (waitress leaves its wake-up pipe open when it can't bind,
    which is harmless in a command that then exits, but not in the test run)."""
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = _start_serve(tmp_path, port)
        _, err = process.communicate(timeout=60)
    assert process.returncode == 2, err
    assert f"--port {port}" in err and "Traceback" not in err
