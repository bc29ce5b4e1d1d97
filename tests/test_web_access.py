"""Who may see what on the web page, and on the record (issue 26), on a real
PostgreSQL store (``tests/store_support.py``):

- two teams and four accounts: each sees only what they should in the
  caseload, a case's pages, its downloads and its calendar file; a case
  they may not see is "Page not found", and the refusal is in the audit;
- views, downloads and calendar files are recorded;
- the admin pages (accounts, a case's team, restricting a case) and the
  audit page; auditors read everything and change nothing;
- sessions held by the server: a cookie replayed after sign-out, after the
  absolute lifetime, after disable and enable is refused;
- the sign-on proxy: its header believed only with its secret, names
  decoded as UTF-8, a Host outside the server's names refused;
- 32 bogus sign-ins at once against a real waitress server while a real
  sign-in and a real save go through (the figures are printed, not
  asserted against a clock: CI machines vary);
- acknowledgements signed by who made them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.client
import re
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from web_support import FAILURES, NOW, PASSWORD, REF, ROOT, ClientRequest, Page, browser_form, token

from contactplan import clock
from contactplan.casefile import load_case
from contactplan.store import Store
from contactplan.store.sessions import LIFETIME
from contactplan.store.throttle import client_throttle
from contactplan.store.users import add_user, disable_user, enable_user
from contactplan.web import create_app

pytest_plugins = ["store_support"]

OTHER = "CP-2026-0311"  # the Akhtar-Haddad family, in the south team
AKHTAR = ROOT / "examples" / "akhtar-haddad-family.yaml"
NOT_FOUND = "Page not found"


@pytest.fixture
def pg_store(pg_cluster: Any, cheap_passwords: None) -> Iterator[Store]:
    """Two teams (north, south), four accounts, a case in each team."""
    store = Store(pg_cluster.create_database())
    with store, clock.frozen(NOW - dt.timedelta(hours=1)):  # the set-up's audit entries: the day before
        add_user(store, "Ada Admin", PASSWORD, role="admin")
        admin = store.acting("Ada Admin")
        add_user(store, "Jo North", PASSWORD, team="north", actor=admin)
        add_user(store, "Sam South", PASSWORD, role="manager", team="south", actor=admin)
        add_user(store, "Ann Auditor", PASSWORD, role="auditor", actor=admin)
        add_user(store, "Kim North", PASSWORD, team="north", actor=admin)
        store.import_cases([load_case(FAILURES)], actor=admin, team="north")
        store.import_cases([load_case(AKHTAR)], actor=admin, team="south")
    with store:
        yield store


@pytest.fixture
def pg_app(pg_store: Store) -> Iterator[Flask]:
    client_throttle.clear()
    with clock.frozen(NOW):
        yield create_app(pg_store)
    client_throttle.clear()


def case_paths(reference: str) -> list[str]:
    quoted = urllib.parse.quote(reference, safe="")
    return [
        f"/cases/{quoted}",
        f"/cases/{quoted}/case.yaml",
        f"/cases/{quoted}/calendar.ics",
        f"/cases/{quoted}/settings",
        f"/cases/{quoted}/contacts/add",
    ]


def test_each_sees_only_their_team_s_cases(pg_app: Flask, pg_store: Store) -> None:
    jo, sam = ClientRequest(pg_app, "Jo North"), ClientRequest(pg_app, "Sam South")
    for who, mine, theirs in [(jo, REF, OTHER), (sam, OTHER, REF)]:
        caseload = who.get("/").text
        assert "1 open case." in caseload and mine in caseload and theirs not in caseload
        for path in case_paths(mine):
            who.get(path)
        for path in case_paths(theirs):
            page = who.get(path, expected=404)
            assert NOT_FOUND in page.text and theirs not in page.text
        # a letter of a case they may not see: no document, no preview
        who.get(f"/cases/{theirs}/letters/anything/letter.pdf", expected=404)
    # every refusal is in the audit, with who and from where
    refused = [e for e in pg_store.audit_entries(reference=OTHER, user="Jo North") if e.outcome == "refused"]
    assert len(refused) >= len(case_paths(OTHER)) and {e.via for e in refused} == {"web"}
    assert all(e.address == "127.0.0.1" for e in refused)
    # admins and auditors see both
    for name in ("Ada Admin", "Ann Auditor"):
        caseload = ClientRequest(pg_app, name).get("/").text
        assert "2 open cases." in caseload and REF in caseload and OTHER in caseload


def test_views_downloads_and_calendar_files_are_recorded(pg_app: Flask, pg_store: Store) -> None:
    jo = ClientRequest(pg_app, "Jo North")
    jo.get(f"/cases/{REF}")
    jo.get(f"/cases/{REF}/case.yaml")
    jo.get(f"/cases/{REF}/calendar.ics")
    actions = [(e.action, e.outcome) for e in pg_store.audit_entries(reference=REF, user="Jo North")]
    assert actions == [("view", "ok"), ("download", "ok"), ("calendar", "ok")]
    sam = ClientRequest(pg_app, "Sam South")
    sam.get(f"/cases/{OTHER}/letters/inv-hv-02-samina/letter.html")
    sam.get(f"/cases/{OTHER}/letters/inv-hv-02-samina/letter.html?download=1")
    entries = pg_store.audit_entries(reference=OTHER, user="Sam South")
    assert [(e.action, e.detail) for e in entries] == [
        ("view", "letter inv-hv-02-samina as HTML"),
        ("download", "letter inv-hv-02-samina as HTML"),
    ]


def test_an_admin_moves_and_restricts_a_case_on_the_page(pg_app: Flask, pg_store: Store) -> None:
    ada, jo, sam = (ClientRequest(pg_app, n) for n in ("Ada Admin", "Jo North", "Sam South"))
    page = ada.get("/admin/cases")
    assert "north" in page.text and "south" in page.text
    path = f"/admin/case?reference={REF}"
    # restricted to Kim North: Jo, in the same team, no longer sees it
    ada.submit(path, {"restrict-names": ["Kim North"]}, button=("action", "restrict"), form=1)
    assert pg_store.restricted_to(REF) == ["Kim North"]
    jo.get(f"/cases/{REF}", expected=404)
    assert REF not in jo.get("/").text
    assert ClientRequest(pg_app, "Kim North").get(f"/cases/{REF}").status == 200
    # lifted: the team sees it again
    ada.submit(path, {"restrict-names": None}, button=("action", "restrict"), form=1)
    assert jo.get(f"/cases/{REF}").status == 200
    # moved to the south team
    ada.submit(path, {"move-team": "south"}, button=("action", "move"), form=0)
    jo.get(f"/cases/{REF}", expected=404)
    assert REF in sam.get("/").text
    moves = [e for e in pg_store.audit_entries(reference=REF) if e.action in ("move", "restrict")]
    assert [(e.action, e.actor, e.detail) for e in moves] == [
        ("restrict", "Ada Admin", "to Kim North"),
        ("restrict", "Ada Admin", "restriction lifted"),
        ("move", "Ada Admin", "from north to south"),
    ]


def test_an_admin_adds_an_account_and_changes_its_role_team_and_access(
    pg_app: Flask, pg_store: Store
) -> None:
    from contactplan.store.users import list_users

    ada = ClientRequest(pg_app, "Ada Admin")
    ada.submit(
        "/admin/accounts/add",
        {"name": "Lee  West", "password": PASSWORD, "role": "practitioner", "team": "west"},
        button=None,
    )
    lee = {a.name: a for a in list_users(pg_store)}["Lee West"]
    assert (lee.role, lee.team, lee.disabled) == ("practitioner", "west", False)
    # a short password is said beside its field, and nothing is added
    page = ada.submit(
        "/admin/accounts/add",
        {"name": "Pat Short", "password": "short", "role": "practitioner"},
        button=None,
        expected=400,
    )
    assert "too short" in page.beside("password")
    assert "Pat Short" not in {a.name for a in list_users(pg_store)}
    # Lee signs in; moved to the north team, they see its case
    session = ClientRequest(pg_app, "Lee West")
    assert REF not in session.get("/").text
    ada.submit("/admin/accounts/Lee West", {"team": "north", "role": "manager"}, button=None)
    assert REF in session.get("/").text
    # disabled: the session ends at once, and enabling brings none back
    ada.submit("/admin/accounts/Lee West", {"access": "disabled"}, button=None)
    assert session.client.get("/").status_code == 302
    ada.submit("/admin/accounts/Lee West", {"access": "enabled"}, button=None)
    assert session.client.get("/").status_code == 302
    assert ClientRequest(pg_app, "Lee West").get("/").status == 200
    # an admin can't take their own role away or lock themselves out
    page = ada.submit("/admin/accounts/Ada Admin", {"role": "practitioner"}, button=None, expected=400)
    assert "your own administrator" in page.text


def test_auditors_read_everything_and_change_nothing(pg_app: Flask, pg_store: Store) -> None:
    ann = ClientRequest(pg_app, "Ann Auditor")
    for path in ("/admin/accounts", "/admin/cases", "/admin/audit"):
        page = ann.get(path)
        assert "Change" not in page.text and "Add an account" not in page.text, path
        assert "<button" not in page.html.split('class="app-audit-filters"')[0].split("<main")[-1], path
    ann.get(f"/admin/case?reference={REF}", expected=404)
    ann.get("/admin/accounts/Jo North", expected=404)
    assert "Start a new case" not in ann.get(f"/cases/{OTHER}").html.split("</header>")[0]
    # a case's page: no button or link that changes it (a practitioner's has them)
    changes = ("Plan a visit", "Add a member", "Add a contact", "Case settings", "Acknowledge it")

    def links(html: str) -> str:  # the words of the page's links and buttons (advice may name them)
        return " ".join(re.findall(r"<a\b[^>]*>(.*?)</a>", html, re.S))

    theirs = links(ClientRequest(pg_app, "Jo North").get(f"/cases/{REF}").html)
    assert all(words in theirs for words in changes)
    shown = links(ann.get(f"/cases/{REF}").html)
    # the forms that change a case are not shown to them either
    for form in (f"/cases/{REF}/plan", f"/cases/{REF}/members/add", f"/cases/{REF}/settings"):
        kept_out = ann.get(form, expected=403)
        assert "You can read this, not change it" in kept_out.text
        assert "<form" not in kept_out.html.split("<main")[-1]
    assert not any(words in shown for words in changes)
    assert "Record what happened" not in shown
    # a form posted anyway is refused, and recorded
    page = Page(
        ann.client.post(f"/cases/{REF}/settings", data={"csrf_token": token(ann.client, "/"), "save": "1"})
    )
    assert page.status == 403 and "change nothing" in page.text
    assert pg_store.load_stored(REF).version == 1
    refused = [e for e in pg_store.audit_entries(user="Ann Auditor") if e.outcome == "refused"]
    assert [(e.action, e.reference) for e in refused] == [
        ("admin page", None),
        ("admin page", None),
        ("change", REF),
    ]


def test_practitioners_and_managers_get_no_admin_page(pg_app: Flask, pg_store: Store) -> None:
    for name in ("Jo North", "Sam South"):
        who = ClientRequest(pg_app, name)
        assert "Administration" not in who.get("/").text
        for path in ("/admin/accounts", "/admin/cases", "/admin/audit", "/admin/accounts/add"):
            assert NOT_FOUND in who.get(path, expected=404).text
    assert len([e for e in pg_store.audit_entries(user="Jo North") if e.action == "admin page"]) == 4


def test_the_audit_page_filters_by_case_person_and_day(pg_app: Flask, pg_store: Store) -> None:
    ClientRequest(pg_app, "Jo North").get(f"/cases/{REF}")
    with clock.frozen(NOW + dt.timedelta(days=2)):
        ClientRequest(pg_app, "Sam South").get(f"/cases/{OTHER}")
        ada = ClientRequest(pg_app, "Ada Admin")
        everything = ada.get("/admin/audit").text
        assert "Jo North" in everything and "Sam South" in everything and "Imported" in everything
        by_case = ada.get(f"/admin/audit?case={REF}").text
        assert "Viewed" in by_case and OTHER not in by_case
        by_person = ada.get("/admin/audit?user=Sam+South").text
        assert "Sam South" in by_person and "Jo North" not in by_person
        day = NOW + dt.timedelta(days=1)
        since = ada.get(f"/admin/audit?since-day={day.day}&since-month={day.month}&since-year={day.year}")
        assert "Sam South" in since.text and "Jo North" not in since.text
        wrong = ada.get("/admin/audit?since-day=31&since-month=2&since-year=2026", expected=400)
        assert "must be a real date" in wrong.text


# --------------------------------------------------------------------------
# Sessions held by the server


def copy_of(app: Flask, client: Any) -> Any:
    """Another browser holding a copy of ``client``'s cookie."""
    other = app.test_client()
    cookie = client.get_cookie("contactplan")
    assert cookie is not None
    other.set_cookie("contactplan", cookie.value)
    return other


def test_the_cookie_holds_a_session_id_only(pg_app: Flask) -> None:
    from flask.sessions import SecureCookieSessionInterface

    jo = ClientRequest(pg_app, "Jo North").client
    cookie = jo.get_cookie("contactplan")
    assert cookie is not None
    serializer = SecureCookieSessionInterface().get_signing_serializer(pg_app)
    assert serializer is not None
    data = serializer.loads(cookie.value)
    assert set(data) <= {"sid", "csrf_token", "_permanent"} and "Jo North" not in str(data)


def test_a_cookie_replayed_after_sign_out_is_refused(pg_app: Flask) -> None:
    jo = ClientRequest(pg_app, "Jo North").client
    thief = copy_of(pg_app, jo)
    assert thief.get("/").status_code == 200
    jo.post("/sign-out", data={"csrf_token": token(jo, "/")})
    assert thief.get("/").status_code == 302
    assert thief.get(f"/cases/{REF}").status_code == 302


def test_a_cookie_replayed_after_the_absolute_lifetime_is_refused(pg_app: Flask) -> None:
    jo = ClientRequest(pg_app, "Jo North").client
    thief = copy_of(pg_app, jo)
    step = dt.timedelta(minutes=25)  # under the idle limit: kept busy all along
    at = NOW
    while at + step < NOW + LIFETIME:
        at += step
        with clock.frozen(at):
            assert jo.get("/").status_code == 200, at
    with clock.frozen(NOW + LIFETIME + dt.timedelta(minutes=1)):
        assert jo.get("/").status_code == 302
        assert thief.get("/").status_code == 302


def test_a_cookie_replayed_after_disable_and_enable_is_refused(pg_app: Flask, pg_store: Store) -> None:
    jo = ClientRequest(pg_app, "Jo North").client
    thief = copy_of(pg_app, jo)
    disable_user(pg_store, "Jo North")
    enable_user(pg_store, "Jo North")
    assert thief.get("/").status_code == 302
    assert jo.get("/").status_code == 302
    assert ClientRequest(pg_app, "Jo North").get("/").status == 200  # signing in again works


def test_one_message_for_every_failed_sign_in(pg_app: Flask, pg_store: Store) -> None:
    from contactplan.web.accounts.routes import SIGN_IN_FAILED

    disable_user(pg_store, "Kim North")
    said = set()
    for name, password in [
        ("Jo North", "a wrong password"),
        ("Nobody At All", PASSWORD),
        ("Kim North", PASSWORD),
    ]:
        client = pg_app.test_client()
        answer = client.post(
            "/sign-in", data={"csrf_token": token(client, "/sign-in"), "name": name, "password": password}
        )
        assert answer.status_code == 401
        page = Page(answer)
        said.add(page.beside("name"))
    assert said == {" ".join(SIGN_IN_FAILED.split())}


# --------------------------------------------------------------------------
# The sign-on proxy


def test_the_proxy_s_header_is_believed_only_with_its_secret_and_read_as_utf_8(pg_store: Store) -> None:
    app = create_app(pg_store, trust_header="X-Remote-User", proxy_secret="the proxy's own secret 123")
    client = app.test_client()
    secret = {"X-Contactplan-Proxy-Secret": "the proxy's own secret 123"}
    name = "Łukasz Wójcik"
    raw = name.encode("utf-8").decode("latin-1")  # as WSGI hands a UTF-8 header over
    assert client.get("/", headers={"X-Remote-User": raw}).status_code == 403
    assert client.get("/", headers={"X-Remote-User": "Ada Admin"}).status_code == 403
    page = client.get("/", headers={**secret, "X-Remote-User": raw})
    assert page.status_code == 200 and name in Page(page).text
    from contactplan.store.users import list_users

    assert name in {a.name for a in list_users(pg_store)}
    # an account first seen through the proxy has no team: it sees nothing
    assert "0 open cases" in Page(page).text
    # a header that is not UTF-8 names nobody
    assert client.get("/", headers={**secret, "X-Remote-User": "\xff\xfe"}).status_code == 401
    # an account disabled by an admin can't come in through the proxy either
    disable_user(pg_store, name)
    assert client.get("/", headers={**secret, "X-Remote-User": raw}).status_code == 403
    # without a secret configured, nothing is believed
    bare = create_app(pg_store, trust_header="X-Remote-User").test_client()
    assert bare.get("/", headers={**secret, "X-Remote-User": "Ada Admin"}).status_code == 403


def test_a_host_outside_the_server_s_names_is_refused(pg_store: Store) -> None:
    app = create_app(pg_store, server_names=["127.0.0.1"])
    client = app.test_client()
    assert client.get("/sign-in", headers={"Host": "127.0.0.1:8000"}).status_code == 200
    for host in ("evil.example:8000", "evil.example", "127.0.0.1.evil.example"):
        answer = client.get("/sign-in", headers={"Host": host})
        assert answer.status_code == 400 and "not served at this address" in answer.text, host
    v6 = create_app(pg_store, server_names=["::1", "contactplan.example.org"]).test_client()
    assert v6.get("/sign-in", headers={"Host": "[::1]:8000"}).status_code == 200
    assert v6.get("/sign-in", headers={"Host": "Contactplan.Example.org"}).status_code == 200


# --------------------------------------------------------------------------
# A real server: bogus sign-ins at once, a real sign-in and a real save


@dataclass
class Browser:
    """A browser of a few lines over http.client: one cookie, a source address of its own."""

    port: int
    source: str = "127.0.0.1"
    cookie: str | None = None

    def request(
        self, method: str, path: str, form: Any = None, headers: dict[str, Any] | None = None
    ) -> tuple[int, str, str]:
        connection = http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=120, source_address=(self.source, 0)
        )
        sent: dict[str, Any] = dict(headers or {})
        body = None
        if self.cookie:
            sent["Cookie"] = self.cookie
        if form is not None:
            body = urllib.parse.urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=sent)
            answer = connection.getresponse()
            text = answer.read().decode("utf-8", "replace")
            for key, value in answer.getheaders():
                if key.lower() == "set-cookie" and value.startswith("contactplan="):
                    self.cookie = value.split(";", 1)[0]
            return answer.status, answer.getheader("Location") or "", text
        finally:
            connection.close()

    def csrf(self, path: str) -> str:
        status, _, text = self.request("GET", path)
        found = re.search(r'name="csrf_token" value="([^"]+)"', text)
        assert found, (path, status)
        return found[1]

    def sign_in(self, name: str, password: str) -> int:
        csrf = self.csrf("/sign-in")
        return self.request("POST", "/sign-in", {"csrf_token": csrf, "name": name, "password": password})[0]


@contextlib.contextmanager
def serving(app: Flask, threads: int = 8) -> Iterator[int]:
    """``app`` on a real waitress server on 127.0.0.1 (a thread of this
    process), set as ``serve`` sets it; its port. Stopped by closing it."""
    from waitress.server import create_server

    from contactplan.cli.serve import WAITRESS

    httpd = create_server(
        app, host="127.0.0.1", port=0, threads=threads, ident="contactplan-test", **WAITRESS
    )
    stopping = threading.Event()

    def run() -> None:
        try:
            httpd.run()
        except (OSError, ValueError):  # its sockets closed under it as it stops
            if not stopping.is_set():
                raise

    thread = threading.Thread(target=run, name="waitress", daemon=True)
    thread.start()
    try:
        yield int(httpd.effective_port)
    finally:
        stopping.set()
        httpd.close()
        thread.join(timeout=30)


@pytest.fixture
def served(pg_store: Store, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, Store]]:
    """The page on a real waitress server with 8 threads (``serve``'s
    default: 4 sign-ins at once), Jo's password hashed at argon2's real cost."""
    from argon2 import PasswordHasher

    from contactplan.store.users import set_password

    monkeypatch.setattr("contactplan.store.users._hasher", PasswordHasher)
    set_password(pg_store, "Jo North", PASSWORD)
    client_throttle.clear()
    app = create_app(pg_store, server_names=["127.0.0.1"], sign_in_slots=8 // 2)
    with clock.frozen(NOW), serving(app, threads=8) as port:
        yield port, pg_store
    client_throttle.clear()


def test_32_bogus_sign_ins_at_once_leave_a_real_sign_in_and_a_save_working(
    served: tuple[int, Store],
) -> None:
    port, store = served
    # Sam is signed in and about to save the settings of his case
    sam = Browser(port, "127.0.0.1")
    assert sam.sign_in("Sam South", PASSWORD) == 302
    settings = f"/cases/{OTHER}/settings"
    _, _, html = sam.request("GET", settings)
    form = [(k, v) for k, v in browser_form(html) if k not in ("lead_practitioner-phone", "version")]

    def save(phone: str) -> tuple[float, int, str]:
        version = store.load_stored(OTHER).version
        began = time.monotonic()
        status, location, _ = sam.request(
            "POST",
            settings,
            [*form, ("version", str(version)), ("lead_practitioner-phone", phone), ("save", "1")],
        )
        return time.monotonic() - began, status, location

    quiet, status, _ = save("01632 960 998")  # the same save on a quiet server
    assert status == 302
    # 32 computers each guess a password, all at once (each from an address of its own,
    # so that none is held back by the per-client throttle: every guess is checked)
    guessers = [Browser(port, f"127.0.0.{n + 2}") for n in range(32)]
    tokens = [g.csrf("/sign-in") for g in guessers]
    start = threading.Barrier(33)
    statuses: list[int] = []

    def guess(n: int) -> None:
        start.wait()
        statuses.append(
            guessers[n].request(
                "POST",
                "/sign-in",
                {"csrf_token": tokens[n], "name": "Jo North", "password": f"guess number {n}"},
            )[0]
        )

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(32)]
    for thread in threads:
        thread.start()
    start.wait()
    time.sleep(0.05)  # the guesses are in first
    saved, status, location = save("01632 960 999")
    # Jo signs in meanwhile; turned away while the server is busy checking
    # guesses, she tries again a moment later, as the message tells her
    jo = Browser(port, "127.0.0.1")
    began = time.monotonic()
    tries = 0
    signed = 401
    while signed != 302 and time.monotonic() - began < 60:
        tries += 1
        signed = jo.sign_in("Jo North", PASSWORD)
        if signed != 302:
            time.sleep(0.5)
    sign_in_took = time.monotonic() - began
    for thread in threads:
        thread.join()
    print(
        f"\n32 bogus sign-ins at once (real argon2, 8 threads): a save took {saved:.2f} s "
        f"({quiet:.2f} s on a quiet server); "
        f"a real sign-in went through in {sign_in_took:.2f} s, at try {tries}"
    )
    assert status == 302 and location.endswith(f"/cases/{OTHER}"), status
    assert store.load(OTHER)[0].case.lead_practitioner.phone == "01632 960 999"  # type: ignore[union-attr]
    assert signed == 302 and jo.request("GET", "/")[0] == 200
    assert sorted(statuses) == [401] * 32
    # each guess is in the audit: checked (as Jo North) or turned away before any check
    refused = [e for e in store.audit_entries() if e.action == "sign-in" and e.outcome == "refused"]
    guesses = [e for e in refused if e.address != "127.0.0.1"]
    assert len(guesses) == 32 and len({e.address for e in guesses}) == 32


def test_a_real_server_refuses_a_foreign_host_and_reads_the_proxy_s_names_as_utf_8(
    pg_store: Store,
) -> None:
    app = create_app(
        pg_store, trust_header="X-Remote-User", proxy_secret="s3cret 0123456789", server_names=["127.0.0.1"]
    )
    with serving(app, threads=2) as port:
        name = "Łukasz Wójcik"
        headers = {"X-Contactplan-Proxy-Secret": "s3cret 0123456789", "X-Remote-User": name.encode("utf-8")}
        status, _, text = Browser(port).request("GET", "/", headers=headers)
        assert status == 200 and name in text
        foreign = {**headers, "Host": f"attacker.example:{port}"}
        assert Browser(port).request("GET", "/", headers=foreign)[0] == 400
        no_secret = {"X-Remote-User": name.encode("utf-8")}
        assert Browser(port).request("GET", "/", headers=no_secret)[0] == 403


# --------------------------------------------------------------------------
# Acknowledgements


def test_acknowledgements_are_signed_by_who_made_them(pg_app: Flask, pg_store: Store, tmp_path: Any) -> None:
    jo = ClientRequest(pg_app, "Jo North")
    # one made on the page is signed by the signed-in user, today
    case_page = jo.get(f"/cases/{REF}")
    link = re.search(r'href="(/cases/[^"]+/acknowledge\?[^"]+)"', case_page.html)
    assert link, "no finding to acknowledge"
    path = link[1].replace("&amp;", "&")
    jo.submit(path, {"why": "Held on the day: recorded late by the duty worker"})
    (mine,) = pg_store.acknowledgements(REF)
    assert (mine.source, mine.entry.by, mine.entry.date) == ("recorded", "Jo North", NOW.date())
    assert f"Acknowledged by Jo North on {NOW.date().isoformat()}" in jo.get(f"/cases/{REF}").text
    # a file claiming an acknowledgement by someone else, on another day, is
    # shown as what the file says, imported by who imported it
    text = jo.get(f"/cases/{REF}/case.yaml").html
    assert "by: Jo North" in text
    forged = tmp_path / "forged.yaml"
    forged.write_text(
        text.replace(REF, "CP-2026-0999")
        .replace("by: Jo North", "by: Head of Service")
        .replace(f"date: {NOW.date().isoformat()}", "date: 2026-01-01")
    )
    jo.import_file(forged)
    (record,) = pg_store.acknowledgements("CP-2026-0999")
    page = jo.get("/cases/CP-2026-0999").text
    assert record.source == "imported" and record.entry.by == "Head of Service"
    words = f"from the imported file, by Head of Service on 2026-01-01, imported by Jo North on {NOW.date()}"
    assert record.words == words and words in page
    assert "Acknowledged by Head of Service" not in page


# --------------------------------------------------------------------------
# contactplan serve: the proxy's options


def secret_file(
    tmp_path: Path, text: str = "0123456789abcdef0123456789abcdef\n", mode: int = 0o600, name: str = "secret"
) -> Path:
    path = tmp_path / name
    path.write_text(text)
    path.chmod(mode)
    return path


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--trust-header", "X-Remote-User"), "--trust-header X-Remote-User needs --proxy-secret-file FILE"),
        (("--proxy-secret-file", "{secret}"), "give --trust-header NAME too"),
        (("--trust-header", "X-Remote-User", "--proxy-secret-file", "{missing}"), "--proxy-secret-file"),
        (("--trust-header", "X-Remote-User", "--proxy-secret-file", "{open}"), "chmod 600"),
        (("--trust-header", "X-Remote-User", "--proxy-secret-file", "{short}"), "at least 16"),
        (("--server-name", "evil.example:80"), "--server-name 'evil.example:80': not a host name"),
        (("--host", "0.0.0.0", "--behind-proxy"), "name the page's address with --server-name"),
    ],
)
def test_bad_proxy_options_are_one_message(tmp_path: Path, args: tuple[str, ...], said: str) -> None:
    from typer.testing import CliRunner

    from contactplan.cli import app as cli_app

    files = {
        "{secret}": str(secret_file(tmp_path)),
        "{missing}": str(tmp_path / "no-such-file"),
        "{open}": str(secret_file(tmp_path, mode=0o644, name="open")),
        "{short}": str(secret_file(tmp_path, "short\n", name="short")),
    }
    given = [files.get(a, a) for a in args]
    database = f"sqlite:///{tmp_path / 's.sqlite3'}"
    answer = CliRunner().invoke(cli_app, ["serve", *given, "--database", database, "--port", "1"])
    assert answer.exit_code == 2, answer.output
    assert said in answer.output and "Traceback" not in answer.output
    assert answer.output.strip().count("\n") == 0, answer.output


def test_serve_behind_a_sign_on_proxy(tmp_path: Path) -> None:
    """The command as a process: the proxy's header only with its secret,
    names as UTF-8, a foreign Host refused."""
    import signal
    import socket
    import subprocess
    import sys

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    secret = secret_file(tmp_path)
    url = f"sqlite:///{tmp_path / 'serve.sqlite3'}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "contactplan",
            "serve",
            "--database",
            url,
            "--port",
            str(port),
            "--trust-header",
            "X-Remote-User",
            "--proxy-secret-file",
            str(secret),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        headers = {
            "X-Contactplan-Proxy-Secret": secret.read_text().strip(),
            "X-Remote-User": "Zoë Ławrence".encode(),
        }
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, text = Browser(port).request("GET", "/", headers=headers)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.3)
        assert status == 200 and "Zoë Ławrence" in text
        assert Browser(port).request("GET", "/", headers={**headers, "Host": f"localhost:{port}"})[0] == 200
        assert Browser(port).request("GET", "/", headers={**headers, "Host": "rebind.example"})[0] == 400
        assert Browser(port).request("GET", "/", headers={"X-Remote-User": "Ada Admin"})[0] == 403
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
