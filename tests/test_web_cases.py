"""Starting a case and removing things from it on the web page, and case
references with slashes in their URLs (Flask's test client, an SQLite store)."""

from __future__ import annotations

import re

from flask import Flask
from web_support import FAILURES, REF, form_fields, import_file, post_form, signed_in, token, visible
from werkzeug.datastructures import MultiDict

from contactplan.store import Store

pytest_plugins = ["store_support"]

NEW = {
    "reference": "CP/2026/0412",
    "timezone": "Europe/London",
    "agency": "Northshire Children's Services",
    "lead_name": "Jo Smith",
    "lead_email": "jo.smith@northshire.example",
    "member_name": "Amira Haddad",
    "member_id": "amira",
    "member_role": "subject_child",
    "member_born-day": "3",
    "member_born-month": "4",
    "member_born-year": "2019",
}


def start(app: Flask, **changes: str) -> object:
    client = signed_in(app)
    data = {**NEW, **changes, "csrf_token": token(client, "/new-case")}
    return client.post("/new-case", data=data)


# --------------------------------------------------------------------------
# Starting a case


def test_a_case_starts_on_the_page_with_its_first_member(app: Flask, store: Store) -> None:
    client = signed_in(app)
    answer = client.post("/new-case", data={**NEW, "csrf_token": token(client, "/new-case")})
    assert answer.status_code == 302
    assert answer.headers["Location"] == "/cases/CP/2026/0412"
    case, version = store.load("CP/2026/0412")
    assert version == 1
    assert case.case.agency is not None and case.case.agency.name == "Northshire Children's Services"
    assert case.case.lead_practitioner is not None and case.case.lead_practitioner.email == NEW["lead_email"]
    (amira,) = case.members
    assert (amira.id, amira.name, amira.role, str(amira.date_of_birth)) == (
        "amira",
        "Amira Haddad",
        "subject_child",
        "2019-04-03",
    )
    (entry,) = store.history("CP/2026/0412")
    assert entry.by == "Jo Smith" and entry.reason == "case started on the web page"
    page = client.get(answer.headers["Location"])
    assert page.status_code == 200
    shown = visible(page.text)
    assert "Case CP/2026/0412 started" in shown and "Amira Haddad" in shown
    # the checks ran on the new case: no contact sees her alone yet (CP201)
    assert "CP201" in shown
    # and it is on the caseload, its link leading to it
    caseload = client.get("/")
    link = re.search(r'href="(/cases/CP[^"]*0412)"', caseload.text)
    assert link is not None and client.get(link[1]).status_code == 200


def test_the_caseload_offers_to_start_a_case(app: Flask) -> None:
    page = signed_in(app).get("/")
    assert 'href="/new-case"' in page.text and "Start a new case" in page.text


def test_a_reference_already_here_is_refused_with_a_link_to_it(app: Flask, store: Store) -> None:
    client = signed_in(app)
    assert import_file(client).status_code == 302
    answer = client.post(
        "/new-case", data={**NEW, "reference": REF, "csrf_token": token(client, "/new-case")}
    )
    assert answer.status_code == 400
    shown = visible(answer.text)
    assert "A case with this reference is already here" in shown
    assert f'href="/cases/{REF}"' in answer.text
    assert store.load(REF)[1] == 1  # not touched


def test_each_mistake_is_shown_beside_its_field(app: Flask, store: Store) -> None:
    cases = [
        ({"reference": ""}, "reference", "Enter the case reference"),
        ({"timezone": "Europe/Londn"}, "timezone", "Europe/London"),
        ({"member_id": "Amira Haddad"}, "member_id", "small letters"),
        ({"member_name": ""}, "member_name", "Enter the name"),
        ({"member_born-year": "19"}, "member_born", "Write the date with numbers"),
        ({"member_born-month": "13"}, "member_born", "real date"),
        ({"lead_email": "jo at northshire"}, "lead_email", "email address in the correct format"),
        ({"lead_name": ""}, "lead_name", "lead practitioner's name"),
    ]
    for changes, field, words in cases:
        answer = start(app, **changes)
        assert answer.status_code == 400, (changes, answer.status_code)  # type: ignore[attr-defined]
        text: str = answer.text  # type: ignore[attr-defined]
        assert "There is a problem" in text, changes
        assert re.search(rf'id="{field}[-a-z]*-error"', text), (changes, field)
        assert words.lower() in visible(text).lower(), (changes, visible(text)[:2000])
    assert store.list() == []


def test_starting_a_case_needs_the_csrf_token(app: Flask, store: Store) -> None:
    client = signed_in(app)
    answer = client.post("/new-case", data=NEW)
    assert answer.status_code == 400
    assert store.list() == []


# --------------------------------------------------------------------------
# Removing


def test_a_member_nothing_names_is_removed_with_the_reason_kept(app: Flask, store: Store) -> None:
    client = signed_in(app)
    import_file(client)
    page = client.get(f"/cases/{REF}/members/marek")
    assert f'href="/cases/{REF}/members/marek/remove"' in page.text
    confirm = client.get(f"/cases/{REF}/members/marek/remove")
    assert confirm.status_code == 200
    assert "Remove this member?" in visible(confirm.text) and "Marek Zielinski" in visible(confirm.text)
    answer = post_form(
        client, f"/cases/{REF}/members/marek/remove", {"reason": "recorded in the wrong case"}, button="go"
    )
    assert answer.status_code == 302
    case, version = store.load(REF)
    assert version == 2 and "marek" not in {m.id for m in case.members}
    entry = store.history(REF)[-1]
    assert entry.by == "Jo Smith" and entry.reason == "member marek removed: recorded in the wrong case"
    # the earlier version keeps him
    assert "marek" in {m.id for m in store.load(REF, 1)[0].members}


def test_removing_needs_a_reason(app: Flask, store: Store) -> None:
    client = signed_in(app)
    import_file(client)
    answer = post_form(client, f"/cases/{REF}/letters/inv-hv-02/remove", {"reason": ""}, button="go")
    assert answer.status_code == 400 and "Say why it is removed" in answer.text
    assert store.load(REF)[1] == 1


def test_what_the_case_still_names_is_not_removed_and_the_page_says_where(app: Flask, store: Store) -> None:
    client = signed_in(app)
    import_file(client)
    # Zosia interprets at the home visits; hv-02 has a letter about it
    expected = {
        "members/zosia": ["Home visit, 10 Nov 2026 (hv-01): expected there, seen there, interprets"],
        "contacts/hv-02": ["Letter inv-hv-02 (inv-hv-02): about it"],
    }
    for item, words in expected.items():
        path = f"/cases/{REF}/{item}/remove"
        page = client.get(path)
        assert page.status_code == 200
        shown = " ".join(visible(page.text).split())
        assert "It can't be removed yet" in shown and "Remove the" not in shown, item
        for said in words:
            assert said in shown, (item, said, shown[shown.find("removed yet") :][:800])
        # sent anyway (an old page, a crafted request): refused, nothing saved
        answer = client.post(
            path, data={"csrf_token": token(client, path), "version": "1", "reason": "tidying"}
        )
        assert answer.status_code == 400 and "The case still names this" in visible(answer.text)
    assert store.load(REF)[1] == 1


def test_a_letter_a_contact_and_an_interpreter_can_be_removed(app: Flask, store: Store) -> None:
    client = signed_in(app)
    import_file(client)
    for page, item in (
        ("letters/inv-hv-02/edit", "letters/inv-hv-02"),
        ("contacts/hv-02", "contacts/hv-02"),
        ("interpreters/int-pl-ewa", "interpreters/int-pl-ewa"),
    ):
        assert f'href="/cases/{REF}/{item}/remove"' in client.get(f"/cases/{REF}/{page}").text, page
    for path in (
        f"/cases/{REF}/letters/inv-hv-02/remove",
        f"/cases/{REF}/contacts/hv-02/remove",
        f"/cases/{REF}/interpreters/int-pl-ewa/remove",
    ):
        answer = post_form(client, path, {"reason": "entered twice"}, button="go")
        assert answer.status_code == 302, (path, visible(answer.text)[:2000])
    case, version = store.load(REF)
    assert version == 4
    assert "inv-hv-02" not in {x.id for x in case.letters} and "hv-02" not in {c.id for c in case.contacts}
    assert case.interpreters == []


def test_removing_on_an_older_version_shows_what_changed_and_removes_nothing(
    app: Flask, store: Store
) -> None:
    jo, sam = signed_in(app), signed_in(app, "Sam Patel")
    import_file(jo)
    path = f"/cases/{REF}/members/marek/remove"
    fields = [(k, v) for k, v in form_fields(jo.get(path).text) if k != "reason"]
    fields.append(("reason", "not part of the household"))
    assert (
        post_form(sam, f"/cases/{REF}/letters/inv-hv-02/remove", {"reason": "sent already"}, "go").status_code
        == 302
    )
    clash = jo.post(path, data=MultiDict(fields))
    assert clash.status_code == 409
    shown = visible(clash.text)
    assert "Someone else saved this case first: Sam Patel" in shown
    assert "not part of the household" in clash.text  # the reason is kept
    assert "marek" in {m.id for m in store.load(REF)[0].members}
    # sent again, on top of Sam's version, it is removed
    again = jo.post(path, data=MultiDict(form_fields(clash.text)))
    assert again.status_code == 302
    assert "marek" not in {m.id for m in store.load(REF)[0].members}


def test_removing_what_is_not_there_is_not_found(app: Flask) -> None:
    client = signed_in(app)
    import_file(client)
    assert client.get(f"/cases/{REF}/members/nobody/remove").status_code == 404
    assert client.get(f"/cases/{REF}/policy/x/remove").status_code == 404
    assert client.get("/cases/NO-SUCH-CASE/members/marek/remove").status_code == 404


# --------------------------------------------------------------------------
# References with slashes


def test_a_reference_with_slashes_reaches_every_page_of_its_case(app: Flask, tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    client = signed_in(app)
    file = tmp_path / "slashes.yaml"
    file.write_text(FAILURES.read_text().replace(REF, "CP/2026/0142"))
    answer = import_file(client, file)
    assert answer.headers["Location"] == "/cases/CP/2026/0142"
    for path in (
        "/cases/CP/2026/0142",
        "/cases/CP%2F2026%2F0142",
        "/cases/CP/2026/0142/members/zosia",
        "/cases/CP/2026/0142/members/add",
        "/cases/CP/2026/0142/contacts/hv-02",
        "/cases/CP/2026/0142/letters/inv-hv-02",
        "/cases/CP/2026/0142/plan",
        "/cases/CP/2026/0142/case.yaml",
        "/cases/CP/2026/0142/calendar.ics",
        "/cases/CP/2026/0142/members/marek/remove",
    ):
        assert client.get(path).status_code == 200, path
    assert client.get("/cases/CP/2026/0142/members/nobody").status_code == 404
    assert client.get("/cases/CP/2026").status_code == 404


def test_a_case_may_be_called_new(app: Flask, store: Store) -> None:
    """Starting a case is not under /cases/, so no reference is hidden by it."""
    answer = start(app, reference="new")
    assert answer.status_code == 302 and answer.headers["Location"] == "/cases/new"  # type: ignore[attr-defined]
    page = signed_in(app).get("/cases/new")
    assert page.status_code == 200 and "Amira Haddad" in visible(page.text)
