"""The web page (issue 15) through Flask's test client: every route, every
refusal, access, CSRF, headers, no lost work, and nothing in the logs.

The browser tests (``tests/browser/``) drive the same pages in Chromium.
"""

from __future__ import annotations

import datetime as dt
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
from flask.testing import FlaskClient
from typer.testing import CliRunner
from web_support import (
    FAILURES,
    GOOD,
    PASSWORD,
    REF,
    ROOT,
    TODAY,
    form_fields,
    import_file,
    post_form,
    signed_in,
    token,
    visible,
)
from werkzeug.datastructures import MultiDict

from contactplan.api import load_case
from contactplan.cli import app as cli_app
from contactplan.cli.serve import is_loopback
from contactplan.store import Store
from contactplan.store.users import MAX_FAILURES, add_user, disable_user, sign_in
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
        f"/cases/{REF}/case.yaml",
        f"/cases/{REF}/calendar.ics",
    ]:
        answer = client.get(path)
        assert answer.status_code == 302 and answer.headers["Location"] == "/sign-in", path


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


def test_sign_in_is_throttled_after_repeated_failures(app: Flask, store: Store) -> None:
    for _ in range(MAX_FAILURES - 1):
        assert sign_in(store, "Jo Smith", "not the password").value == "wrong"
    assert sign_in(store, "Jo Smith", "not the password").value == "held"
    client = app.test_client()
    answer = client.post(
        "/sign-in", data={"csrf_token": token(client, "/sign-in"), "name": "Jo Smith", "password": PASSWORD}
    )
    assert answer.status_code == 401 and "Too many wrong passwords" in answer.text
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=16)
    assert sign_in(store, "Jo Smith", PASSWORD, now=later).value == "ok"


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
    with client.session_transaction() as session:
        session["seen"] = time.time() - 31 * 60
    answer = client.get("/")
    assert answer.status_code == 302
    assert "signed out after a while" in client.get("/sign-in").text


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
        f"/cases/{REF}/acknowledge",
    ]:
        answer = client.post(path, data={"name": "x", "save": "1"})
        assert answer.status_code == 400, path
        assert "Your form expired" in answer.text


def test_trusted_header_from_a_sign_on_proxy(store: Store) -> None:
    app = create_app(store, trust_header="X-Remote-User", today=TODAY)
    client = app.test_client()
    assert client.get("/").status_code == 401
    assert client.get("/", headers={"X-Remote-User": "  "}).status_code == 401
    headers = {"X-Remote-User": "Priya Shah"}
    assert client.get("/", headers=headers).status_code == 200
    assert client.get("/sign-in", headers=headers).status_code == 302
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
    ]:
        html = client.get(path).text
        scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, flags=re.S)
        assert scripts and all(not body.strip() for body in scripts), path
        assert " on" not in " ".join(re.findall(r"<[^>]+\son\w+=", html)), path


# --------------------------------------------------------------------------
# Caseload, import, the case


def test_import_then_caseload_and_case(app: Flask) -> None:
    client = signed_in(app)
    answer = import_file(client)
    assert answer.status_code == 302 and answer.headers["Location"] == f"/cases/{REF}"
    caseload = visible(client.get("/").text)
    assert REF in caseload
    assert "8 errors" in caseload
    assert "Magda Nowak (Polish (polski))" in caseload
    assert "Home visit, 1 Dec 2026 at 10:00" in caseload
    raw = client.get(f"/cases/{REF}").text
    case = visible(raw)
    for text in [
        "CP101",
        "CP201",
        "sibling-interpreter",
        "Why it matters",
        "How to fix it",
        "Polish (polski)",
        "Kuba Nowak",
        "Jo Smith",
    ]:
        assert text in case, text
    # contacts in time order
    contacts = visible(raw[raw.index('id="contacts"') : raw.index('id="letters"')])
    order = [contacts.index(f"· {i}") for i in ("paed-01", "paed-02", "hv-01", "hv-02")]
    assert order == sorted(order)


def test_caseload_of_cases_saved_elsewhere(app: Flask, store: Store) -> None:
    """Cases saved by `contactplan db import` have no caseload facts yet: the
    caseload derives them once and keeps them."""
    store.import_cases(
        [load_case(FAILURES), load_case(ROOT / "examples" / "akhtar-haddad-family.yaml")], "Jo Smith"
    )
    client = signed_in(app)
    page = visible(client.get("/").text)
    assert "2 open cases" in page and "Magda Nowak (Polish (polski))" in page
    # a child who needs an interpreter is listed, but not as an adult who can't read
    assert "Kuba Nowak (Polish" in page and page.count("Kuba Nowak") == 1
    assert "Bilal Akhtar" not in page
    assert visible(client.get("/").text) == page


def test_caseload_names_an_adult_who_cant_read(app: Flask, tmp_path: Path) -> None:
    client = signed_in(app)
    unread = tmp_path / "unread.yaml"
    unread.write_text(
        FAILURES.read_text().replace(
            "{tag: pl, speaks: native, reads: fluent}", "{tag: pl, speaks: native}", 1
        )
    )
    import_file(client, unread)
    page = visible(client.get("/").text)
    assert page.count("Magda Nowak") == 2  # needs an interpreter, and can't read a letter
    assert page.count("Marek Zielinski") == 1  # reads Polish: only needs an interpreter


def test_import_refusals(app: Flask, tmp_path: Path) -> None:
    client = signed_in(app)
    bad = tmp_path / "bad.yaml"
    bad.write_text(FAILURES.read_text().replace("tag: pl", "tag: Polish", 1))
    answer = import_file(client, bad)
    assert answer.status_code == 400
    assert "bad.yaml:" in answer.text and "Polish" in answer.text and "&#39;pl&#39;" in answer.text
    assert import_file(client).status_code == 302
    again = import_file(client)
    assert again.status_code == 400 and "already in the store" in again.text
    changed = tmp_path / "changed.yaml"
    changed.write_text(FAILURES.read_text().replace("status: was_not_brought", "status: did_not_attend", 1))
    assert import_file(client, changed, replace="y").status_code == 302
    assert [h.version for h in app.extensions["contactplan.store"].history(REF)] == [1, 2]
    empty = client.post("/import", data={"csrf_token": token(client, "/import")})
    assert empty.status_code == 400 and "Choose a case file" in empty.text


def test_unknown_case_member_contact_letter_are_not_found(app: Flask) -> None:
    client = signed_in(app)
    import_file(client)
    for path in [
        "/cases/CP-NONE",
        f"/cases/{REF}/members/nobody",
        f"/cases/{REF}/contacts/nothing",
        f"/cases/{REF}/letters/none",
        f"/cases/{REF}/letters/none/edit",
        f"/cases/{REF}/letters/none/letter.html",
        "/cases/CP-NONE/plan",
    ]:
        assert client.get(path).status_code == 404, path


def test_export_and_calendar(app: Flask) -> None:
    client = signed_in(app)
    import_file(client)
    exported = client.get(f"/cases/{REF}/case.yaml")
    assert "attachment" in exported.headers["Content-Disposition"]
    assert load_case(exported.data.decode("utf-8")).reference == REF
    ics = client.get(f"/cases/{REF}/calendar.ics")
    assert ics.data.startswith(b"BEGIN:VCALENDAR")
    assert b"Nowak" not in ics.data and b"Magda" not in ics.data


# --------------------------------------------------------------------------
# Editing, with the findings recomputed on every save


def test_add_a_member_with_the_language_picker(app: Flask, store: Store) -> None:
    client = signed_in(app)
    import_file(client)
    path = f"/cases/{REF}/members/add"
    found = post_form(client, path, {"name": "Rojin Nowak", "find_language": "Kurdish"}, button="find")
    assert found.status_code == 200
    assert "Kurmanji" in found.text and "Sorani" in found.text and "could mean more than one" in found.text
    page = client.post(
        path, data=MultiDict([*form_fields(found.text), ("pick_language", "ckb"), ("add_language", "1")])
    )
    assert 'value="ckb"' in page.text
    fields = [(k, v) for k, v in form_fields(page.text) if k not in {"id", "role"}]
    fields += [("id", "rojin"), ("role", "relative"), ("save", "1")]
    saved = client.post(path, data=MultiDict(fields))
    assert saved.status_code == 302, saved.text
    case, version = store.load(REF)
    assert version == 2 and case.member("rojin").languages[0].tag == "ckb"
    assert store.history(REF)[-1].by == "Jo Smith"
    assert "member rojin added" in client.get(f"/cases/{REF}").text


def test_the_picker_offers_a_tag_and_an_own_name(app: Flask) -> None:
    client = signed_in(app)
    import_file(client)
    for typed, shown in [("pl", "Polish (polski)"), ("polski", "Polish (polski)"), ("Punjabi", "Shahmukhi")]:
        answer = post_form(client, f"/cases/{REF}/members/add", {"find_language": typed}, button="find")
        assert shown in visible(answer.text), typed
    nothing = post_form(client, f"/cases/{REF}/members/add", {"find_language": "Qwertyuiop"}, button="find")
    assert "No language found" in nothing.text


def test_a_member_form_refuses_what_the_reader_refuses(app: Flask, store: Store) -> None:
    client = signed_in(app)
    import_file(client)
    answer = post_form(client, f"/cases/{REF}/members/magda", {"languages-0-tag": "Polish"})
    assert answer.status_code == 400
    assert "There is a problem" in answer.text and "&#39;pl&#39;" in answer.text
    assert store.load(REF)[1] == 1  # nothing saved
    bad_date = post_form(client, f"/cases/{REF}/members/magda", {"date_of_birth-month": "13"})
    assert bad_date.status_code == 400 and "real date" in bad_date.text
    bad_id = post_form(client, f"/cases/{REF}/members/add", {"id": "Magda!", "name": "X"})
    assert bad_id.status_code == 400 and "small letters" in bad_id.text
    taken = post_form(client, f"/cases/{REF}/members/add", {"id": "magda", "name": "Another"})
    assert taken.status_code == 400 and "already used" in taken.text


def test_a_contact_with_a_sibling_interpreting_is_found_on_save(app: Flask, store: Store) -> None:
    client = signed_in(app)
    import_file(client, GOOD)
    reference = load_case(GOOD).reference
    before = {f.code for f in store.findings(reference) if f.severity == "error"}
    assert "CP101" not in before
    answer = post_form(
        client,
        f"/cases/{reference}/contacts/add",
        {
            "id": "hv-web-01",
            "kind": "home_visit",
            "date-day": "15",
            "date-month": "12",
            "date-year": "2026",
            "time": "16:00",
            "duration": "60",
            "attendees": "magda",
            "interpreting-0-for_": "magda",
            "interpreting-0-language": "pl",
            "interpreting-0-who": "by:zosia",
            "interpreting-0-status": "confirmed",
        },
    )
    assert answer.status_code == 302, answer.text
    after = store.findings(reference)
    assert any(f.code == "CP101" and f.contact == "hv-web-01" for f in after)
    page = client.get(f"/cases/{reference}").text
    assert "CP101" in page and "Saved as version 2" in page


def test_contact_form_needs_a_date_and_a_time(app: Flask) -> None:
    client = signed_in(app)
    import_file(client)
    answer = post_form(
        client,
        f"/cases/{REF}/contacts/add",
        {"id": "x-1", "time": "25:00", "date-day": "1", "date-month": "12", "date-year": "2026"},
    )
    assert answer.status_code == 400 and "24-hour clock" in answer.text
    answer = post_form(client, f"/cases/{REF}/contacts/add", {"id": "x-1", "time": "10:00"})
    assert answer.status_code == 400 and "Enter the date" in answer.text


def test_editing_a_contact_keeps_it_and_bumps_its_sequence(app: Flask, store: Store) -> None:
    client = signed_in(app)
    import_file(client)
    answer = post_form(client, f"/cases/{REF}/contacts/hv-02", {"status": "cancelled"})
    assert answer.status_code == 302, answer.text
    case, _ = store.load(REF)
    contact = case.contact("hv-02")
    assert contact.status == "cancelled" and contact.sequence == 1
    assert contact.interpreting and contact.interpreting[0].by == "zosia"  # nothing else lost


# --------------------------------------------------------------------------
# No lost work


def test_someone_else_saved_first_the_form_comes_back_with_what_changed(app: Flask, store: Store) -> None:
    jo = signed_in(app, "Jo Smith")
    sam = signed_in(app, "Sam Patel")
    import_file(jo)
    path = f"/cases/{REF}/members/marek"
    jo_page = jo.get(path)
    sam_answer = post_form(sam, path, {"address": "3 Other Street"})
    assert sam_answer.status_code == 302
    fields = [(k, v) for k, v in form_fields(jo_page.text) if k != "name"]
    fields += [("name", "Marek Zieliński"), ("save", "1")]
    clash = jo.post(path, data=MultiDict(fields))
    assert clash.status_code == 409
    assert "Someone else saved this case first" in clash.text and "Sam Patel" in clash.text
    assert "member marek changed (address)" in clash.text
    assert 'value="Marek Zieliński"' in clash.text  # Jo's input kept
    assert store.load(REF)[0].member("marek").name == "Marek Zielinski"  # nothing overwritten
    again = jo.post(path, data=MultiDict([*form_fields(clash.text), ("save", "1")]))
    assert again.status_code == 302
    marek = store.load(REF)[0].member("marek")
    assert marek.name == "Marek Zieliński"
    assert [h.by for h in store.history(REF)] == ["Jo Smith", "Sam Patel", "Jo Smith"]


def test_the_page_on_sqlite_and_postgresql(store_url: str) -> None:
    """Accounts, import, an edit, a conflict and the caseload on both engines."""
    with Store(store_url) as store:
        add_user(store, "Jo Smith", PASSWORD)
        add_user(store, "Sam Patel", PASSWORD)
        app = create_app(store, today=TODAY)
        jo, sam = signed_in(app, "Jo Smith"), signed_in(app, "Sam Patel")
        assert import_file(jo).status_code == 302
        page = jo.get(f"/cases/{REF}/members/marek")
        assert post_form(sam, f"/cases/{REF}/members/marek", {"address": "3 Other Street"}).status_code == 302
        fields = [(k, v) for k, v in form_fields(page.text) if k != "name"] + [
            ("name", "Marek Z"),
            ("save", "1"),
        ]
        assert jo.post(f"/cases/{REF}/members/marek", data=MultiDict(fields)).status_code == 409
        store.import_cases([load_case(ROOT / "examples" / "akhtar-haddad-family.yaml")], "Sam Patel")
        caseload = visible(jo.get("/").text)  # the imported case's facts are derived here
        assert REF in caseload and "Marek Zielinski (Polish (polski))" in caseload
        assert "CP-2026-0311" in caseload and "Samina Akhtar (Urdu" in caseload
        assert visible(jo.get("/").text) == caseload
        assert [h.by for h in store.history(REF)] == ["Jo Smith", "Sam Patel"]


# --------------------------------------------------------------------------
# Plan a visit


def plan_fields(client: FlaskClient) -> list[tuple[str, str]]:
    page = client.get(f"/cases/{REF}/plan")
    fields = [(k, v) for k, v in form_fields(page.text) if not k.startswith("date-") and k != "time"]
    return [*fields, ("date-day", "8"), ("date-month", "12"), ("date-year", "2026"), ("time", "16:00")]


def test_plan_a_visit_then_accept_it_in_one_step(app: Flask, store: Store) -> None:
    client = signed_in(app)
    import_file(client)
    proposed = client.post(f"/cases/{REF}/plan", data=MultiDict([*plan_fields(client), ("propose", "1")]))
    assert proposed.status_code == 200
    for text in ["The proposed home visit", "Why", "Ewa Kowalska", "Accept and add to the case"]:
        assert text in proposed.text, text
    assert store.load(REF)[1] == 1  # nothing saved by proposing
    accept = form_fields(proposed.text, form_index=-2)
    answer = client.post(f"/cases/{REF}/plan", data=MultiDict([*accept, ("accept", "1")]))
    assert answer.status_code == 302, answer.text
    case, version = store.load(REF)
    assert version == 2 and any(c.id.startswith("hv-2026-12-08") for c in case.contacts)
    codes = {f.code for f in store.findings(REF) if not f.acknowledged}
    assert "CP201" not in codes  # Kuba is now seen alone with an interpreter


def test_plan_accepted_after_someone_else_saved_is_planned_again(app: Flask, store: Store) -> None:
    jo = signed_in(app, "Jo Smith")
    sam = signed_in(app, "Sam Patel")
    import_file(jo)
    proposed = jo.post(f"/cases/{REF}/plan", data=MultiDict([*plan_fields(jo), ("propose", "1")]))
    post_form(sam, f"/cases/{REF}/members/marek", {"address": "3 Other Street"})
    accept = form_fields(proposed.text, form_index=-2)
    clash = jo.post(f"/cases/{REF}/plan", data=MultiDict([*accept, ("accept", "1")]))
    assert (
        clash.status_code == 409 and "Sam Patel" in clash.text and "Accept and add to the case" in clash.text
    )
    assert store.load(REF)[1] == 2
    answer = jo.post(
        f"/cases/{REF}/plan", data=MultiDict([*form_fields(clash.text, form_index=-2), ("accept", "1")])
    )
    assert answer.status_code == 302
    assert store.load(REF)[0].member("marek").address == "3 Other Street"


def test_plan_refusals(app: Flask) -> None:
    client = signed_in(app)
    import_file(client)
    fields = [(k, v) for k, v in plan_fields(client) if k != "time"] + [("time", ""), ("propose", "1")]
    assert "Enter the time" in client.post(f"/cases/{REF}/plan", data=MultiDict(fields)).text
    fields = [(k, v) for k, v in plan_fields(client) if k != "practitioner"]
    fields += [("practitioner", "Jo <<bad>>"), ("propose", "1")]
    answer = client.post(f"/cases/{REF}/plan", data=MultiDict(fields))
    assert answer.status_code == 400 and "There is a problem" in answer.text


# --------------------------------------------------------------------------
# Acknowledging a finding about the past


def test_acknowledge_a_finding_about_the_past(app: Flask, store: Store) -> None:
    client = signed_in(app)
    import_file(client)
    query = f"/cases/{REF}/acknowledge?code=CP101&member=zosia&contact=hv-01"
    empty = post_form(client, query, {"why": ""})
    assert empty.status_code == 400 and "Say why" in empty.text
    answer = post_form(client, query, {"why": "Held before the case was opened; discussed in supervision."})
    assert answer.status_code == 302, answer.text
    case, _ = store.load(REF)
    entry = case.acknowledged[0]
    assert (entry.code, entry.contact, entry.by, entry.date) == ("CP101", "hv-01", "Jo Smith", TODAY)
    page = client.get(f"/cases/{REF}").text
    assert "Acknowledged by Jo Smith" in page
    hv01 = [f for f in store.findings(REF) if f.code == "CP101" and f.contact == "hv-01"]
    assert hv01 and all(f.acknowledged for f in hv01)


def test_an_error_about_what_is_still_planned_can_not_be_acknowledged(app: Flask, store: Store) -> None:
    client = signed_in(app)
    import_file(client)
    answer = client.get(f"/cases/{REF}/acknowledge?code=CP101&member=zosia&contact=hv-02")
    assert answer.status_code == 409 and "can still be put right" in answer.text
    page = client.get(f"/cases/{REF}").text
    assert "code=CP101&amp;member=zosia&amp;contact=hv-02" not in page
    assert "code=CP101&amp;member=zosia&amp;contact=hv-01" in page
    assert client.get(f"/cases/{REF}/acknowledge?code=CP999").status_code == 404


# --------------------------------------------------------------------------
# Letters


def test_an_english_letter_to_someone_who_cant_read_it_is_refused(app: Flask) -> None:
    client = signed_in(app)
    import_file(client)
    answer = client.get(f"/cases/{REF}/letters/inv-hv-02")
    assert answer.status_code == 200
    assert "must not be sent" in answer.text and "CP301" in answer.text and "How to fix it" in answer.text
    document = client.get(f"/cases/{REF}/letters/inv-hv-02/letter.html")
    assert document.status_code == 302


def test_a_polish_letter_previewed_and_downloaded(app: Flask, store: Store) -> None:
    client = signed_in(app)
    import_file(client)
    answer = post_form(client, f"/cases/{REF}/letters/inv-hv-02/edit", {"languages": ""})
    assert answer.status_code == 302, answer.text
    preview = client.get(f"/cases/{REF}/letters/inv-hv-02")
    assert "CP302" not in preview.text, "the Polish catalog must translate the appointment letter"
    assert "Polish" in preview.text and "<iframe" in preview.text
    inline = client.get(f"/cases/{REF}/letters/inv-hv-02/letter.html")
    assert inline.status_code == 200 and 'lang="pl"' in inline.text
    assert inline.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert "script-src" not in inline.headers["Content-Security-Policy"]
    download = client.get(f"/cases/{REF}/letters/inv-hv-02/letter.html?download=1")
    assert download.headers["Content-Disposition"].startswith(
        'attachment; filename="CP-2026-0142-inv-hv-02.html"'
    )


def test_a_letter_as_pdf(app: Flask) -> None:
    client = signed_in(app)
    import_file(client)
    post_form(client, f"/cases/{REF}/letters/inv-hv-02/edit", {"languages": ""})
    preview = client.get(f"/cases/{REF}/letters/inv-hv-02")
    assert "CP302" not in preview.text, "the Polish catalog must translate the appointment letter"
    assert "Download as PDF" in preview.text
    pdf = client.get(f"/cases/{REF}/letters/inv-hv-02/letter.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert "attachment" in pdf.headers["Content-Disposition"]


def test_add_a_letter(app: Flask, store: Store) -> None:
    client = signed_in(app)
    import_file(client)
    answer = post_form(
        client,
        f"/cases/{REF}/letters/add",
        {"id": "inv-marek", "template": "appointment", "to": "marek", "contact": "hv-02"},
    )
    assert answer.status_code == 302, answer.text
    assert store.load(REF)[0].letter("inv-marek").to == "marek"


# --------------------------------------------------------------------------
# Logs


def test_no_family_names_in_logs(
    app: Flask, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.DEBUG)
    client = signed_in(app)
    import_file(client)
    client.get(f"/cases/{REF}")
    post_form(client, f"/cases/{REF}/members/magda", {"address": "1 New Street"})

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("Magda Nowak's case could not be read")

    monkeypatch.setattr("contactplan.api.language_needs", broken)
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
