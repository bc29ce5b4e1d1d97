"""The caseload and a case (``contactplan.web.cases``): importing, starting
a case on the page, the case's page and downloads, acknowledging a finding
about the past, removing something, and references with slashes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import msgspec
from web_support import FAILURES, GOOD, REF, ROOT, TEAM, ClientRequest, address, visible

from contactplan import clock
from contactplan.api import due_for_case, load_case
from contactplan.store import Store, StoredCase

# --------------------------------------------------------------------------
# Caseload and import


def test_import_then_caseload_and_case(client_request: ClientRequest) -> None:
    answer = client_request.import_file()
    assert answer.location == f"/cases/{REF}"
    caseload = client_request.get("/").text
    assert REF in caseload and "9 errors" in caseload
    assert "Magda Nowak (Polish (polski))" in caseload
    assert "Home visit, 1 Dec 2026 at 10:00" in caseload
    case = client_request.get(f"/cases/{REF}")
    for text in [
        "Zosia Nowak (sibling, aged 7) interprets for Magda Nowak at the home visit on 1 Dec 2026",
        "Check CP101, sibling-interpreter",
        "Why it matters",
        "How to put it right: Book a professional interpreter from the register",
        "Polish (polski)",
        "Kuba Nowak",
        "Jo Smith",
    ]:
        assert text in case.text, text
    # contacts in time order, named in words
    contacts = case.text[case.text.index("Contacts, in time order") : case.text.index("Letters ")]
    order = [contacts.index(words) for words in ("6 Oct 2026", "27 Oct 2026", "10 Nov 2026", "1 Dec 2026")]
    assert order == sorted(order)


def test_caseload_of_cases_saved_elsewhere(client_request: ClientRequest, store: Store) -> None:
    """Cases saved by `contactplan db import` have no caseload facts yet: the
    caseload derives them once and keeps them."""
    store.import_cases(
        [load_case(FAILURES), load_case(ROOT / "examples" / "akhtar-haddad-family.yaml")],
        actor=store.acting("Jo Smith"),
    )
    shown = client_request.get("/")
    page = shown.text
    assert "2 open cases" in page and "Magda Nowak (Polish (polski))" in page
    # a child who needs an interpreter is listed, but not as an adult who can't read
    assert page.count("Kuba Nowak (Polish") == 1
    cannot_read = re.findall(r'data-label="Can\'t read a letter">(.*?)</td>', shown.html, re.S)
    assert len(cannot_read) == 2 and not any("Kuba" in c or "Bilal" in c for c in cannot_read)
    assert client_request.get("/").text == page


def test_caseload_names_an_adult_who_cant_read(client_request: ClientRequest, tmp_path: Path) -> None:
    unread = tmp_path / "unread.yaml"
    unread.write_text(
        FAILURES.read_text().replace(
            "{tag: pl, speaks: native, reads: fluent}", "{tag: pl, speaks: native}", 1
        )
    )
    client_request.import_file(unread)
    page = client_request.get("/").text
    assert page.count("Magda Nowak") == 2  # needs an interpreter, and can't read a letter
    assert page.count("Marek Zielinski") == 1  # reads Polish: only needs an interpreter


def test_import_refusals(client_request: ClientRequest, store: Store, tmp_path: Path) -> None:
    from web_support import Page, import_file, token

    client = client_request.client
    bad = tmp_path / "bad.yaml"
    bad.write_text(FAILURES.read_text().replace("tag: pl", "tag: Polish", 1))
    answer = Page(import_file(client, bad))
    assert answer.status == 400 and "bad.yaml:" in answer.text and "'pl'" in answer.text
    client_request.import_file()
    again = Page(import_file(client))
    assert again.status == 400 and "already in the store" in again.text
    changed = tmp_path / "changed.yaml"
    changed.write_text(FAILURES.read_text().replace("status: was_not_brought", "status: did_not_attend", 1))
    client_request.import_file(changed, replace="y")
    assert [h.version for h in store.history(REF)] == [1, 2]
    empty = client_request.post("/import", {"csrf_token": token(client, "/import")}, expected=400)
    assert "Choose a case file" in empty.text


def test_unknown_case_member_contact_letter_are_not_found(client_request: ClientRequest) -> None:
    client_request.import_file()
    for path in [
        "/cases/CP-NONE",
        f"/cases/{REF}/members/nobody",
        f"/cases/{REF}/contacts/nothing",
        f"/cases/{REF}/letters/none",
        f"/cases/{REF}/letters/none/edit",
        f"/cases/{REF}/letters/none/letter.html",
        f"/cases/{REF}/interpreters/int-nobody",
        "/cases/CP-NONE/plan",
        "/cases/CP-NONE/settings",
    ]:
        client_request.get(path, expected=404)


def test_export_and_calendar(client_request: ClientRequest) -> None:
    client_request.import_file()
    exported = client_request.client.get(f"/cases/{REF}/case.yaml")
    assert "attachment" in exported.headers["Content-Disposition"]
    assert load_case(exported.data.decode("utf-8")).reference == REF
    ics = client_request.client.get(f"/cases/{REF}/calendar.ics")
    assert ics.data.startswith(b"BEGIN:VCALENDAR")
    assert b"Nowak" not in ics.data and b"Magda" not in ics.data


def test_the_history_says_who_changed_what_in_words(client_request: ClientRequest) -> None:
    client_request.import_file()
    client_request.submit(f"/cases/{REF}/members/marek", address("3 Other Street"))
    client_request.submit(f"/cases/{REF}/letters/inv-hv-02/remove", {"reason": "sent by hand instead"})
    history = client_request.get(f"/cases/{REF}").text.split("History", 1)[1]
    assert "Marek Zielinski: address changed" in history
    assert "Appointment letter to Magda Nowak about the home visit on 1 Dec 2026 removed" in history
    assert "sent by hand instead" in history
    assert "marek" not in history and "inv-hv-02" not in history


# --------------------------------------------------------------------------
# Starting a case

NEW = {
    "case-reference": "CP/2026/0412",
    "case-timezone": "Europe/London",
    "case-agency-name": "Northshire Children's Services",
    "case-lead_practitioner-name": "Jo Smith",
    "case-lead_practitioner-email": "jo.smith@northshire.example",
    "members-0-name": "Amira Haddad",
    "members-0-role": "subject_child",
    "members-0-date_of_birth-day": "3",
    "members-0-date_of_birth-month": "4",
    "members-0-date_of_birth-year": "2019",
}


def test_a_case_starts_on_the_page_with_its_first_member(client_request: ClientRequest, store: Store) -> None:
    answer = client_request.submit("/new-case", NEW, button=None)
    assert answer.location == "/cases/CP/2026/0412"
    case, version = store.load("CP/2026/0412")
    assert version == 1
    assert case.case.agency is not None and case.case.agency.name == "Northshire Children's Services"
    assert (
        case.case.lead_practitioner is not None
        and case.case.lead_practitioner.email == NEW["case-lead_practitioner-email"]
    )
    (amira,) = case.members
    assert (amira.id, amira.name, amira.role, str(amira.date_of_birth)) == (
        "amira",
        "Amira Haddad",
        "subject_child",
        "2019-04-03",
    )
    (entry,) = store.history("CP/2026/0412")
    assert entry.by == "Jo Smith" and entry.reason == "case started on the web page"
    page = client_request.get(answer.location)
    assert "Case CP/2026/0412 started" in page.text and "Amira Haddad" in page.text
    assert "is not seen alone in any planned or held contact" in page.text  # the checks ran
    link = re.search(r'href="(/cases/CP[^"]*0412)"', client_request.get("/").html)
    assert link is not None
    client_request.get(link[1])


def test_nobody_types_an_id(client_request: ClientRequest) -> None:
    page = client_request.get("/new-case")
    assert "id" not in {name.rsplit("-", 1)[-1] for name, _ in page.form()}
    assert "Short id" not in page.text


def test_a_reference_already_here_is_refused_with_a_link_to_it(
    client_request: ClientRequest, store: Store
) -> None:
    client_request.import_file()
    answer = client_request.submit("/new-case", {**NEW, "case-reference": REF}, button=None, expected=400)
    assert "A case with this reference is already here" in answer.text
    assert f'href="/cases/{REF}"' in answer.html
    assert store.load(REF)[1] == 1


def test_every_mistake_is_shown_at_once_beside_its_field(client_request: ClientRequest, store: Store) -> None:
    answer = client_request.submit(
        "/new-case",
        {
            **NEW,
            "case-reference": "",
            "members-0-name": "",
            "members-0-date_of_birth-month": "13",
            "case-lead_practitioner-email": "jo at northshire",
        },
        button=None,
        expected=400,
    )
    summary = answer.summary()
    assert [target for target, _ in summary] == [
        "case-reference",
        "case-lead_practitioner-email",
        "members-0-name",
        "members-0-date_of_birth-day",
    ]
    assert "Enter the case reference" in answer.beside("case-reference")
    assert "email address in the correct format" in answer.beside("case-lead_practitioner-email")
    assert "Enter the name" in answer.beside("members-0-name")
    assert "must be a real date" in answer.beside("members-0-date_of_birth")
    assert store.list() == []


def test_the_readers_error_goes_beside_its_field(client_request: ClientRequest, store: Store) -> None:
    answer = client_request.submit("/new-case", {**NEW, "case-timezone": "GMT"}, button=None, expected=400)
    assert answer.summary()[0][0] == "case-timezone"
    assert "Europe/London" in answer.beside("case-timezone")
    lead = client_request.submit(
        "/new-case", {**NEW, "case-lead_practitioner-name": ""}, button=None, expected=400
    )
    assert "Enter" in lead.beside("case-lead_practitioner-name") or lead.summary()
    assert store.list() == []


def test_a_case_may_be_called_new(client_request: ClientRequest) -> None:
    """Starting a case is not under /cases/, so no reference is hidden by it."""
    answer = client_request.submit("/new-case", {**NEW, "case-reference": "new"}, button=None)
    assert answer.location == "/cases/new"
    assert "Amira Haddad" in client_request.get("/cases/new").text


# --------------------------------------------------------------------------
# Acknowledging a finding about the past


def test_acknowledge_a_finding_about_the_past(client_request: ClientRequest, store: Store) -> None:
    client_request.import_file()
    query = f"/cases/{REF}/acknowledge?code=CP101&member=zosia&contact=hv-01"
    empty = client_request.submit(query, {"why": ""}, expected=400)
    assert "Say why" in empty.text
    client_request.submit(query, {"why": "Held before the case was opened; discussed in supervision."})
    entry = store.load(REF)[0].acknowledged[0]
    assert (entry.code, entry.contact, entry.by, str(entry.date)) == (
        "CP101",
        "hv-01",
        "Jo Smith",
        "2026-11-22",
    )
    assert "Acknowledged by Jo Smith" in client_request.get(f"/cases/{REF}").text
    hv01 = [f for f in store.findings(REF) if f.code == "CP101" and f.contact == "hv-01"]
    assert hv01 and all(f.acknowledged for f in hv01)


def test_an_error_about_what_is_still_planned_can_not_be_acknowledged(client_request: ClientRequest) -> None:
    client_request.import_file()
    answer = client_request.get(
        f"/cases/{REF}/acknowledge?code=CP101&member=zosia&contact=hv-02", expected=409
    )
    assert "can still be put right" in answer.text
    page = client_request.get(f"/cases/{REF}").html
    assert "code=CP101&amp;member=zosia&amp;contact=hv-02" not in page
    assert "code=CP101&amp;member=zosia&amp;contact=hv-01" in page
    client_request.get(f"/cases/{REF}/acknowledge?code=CP999", expected=404)


def test_two_people_acknowledging_at_once_keep_both(client_request: ClientRequest, store: Store) -> None:
    jo = client_request
    jo.import_file()
    sam = jo.as_user("Sam Patel")
    first = f"/cases/{REF}/acknowledge?code=CP101&member=zosia&contact=hv-01"
    second = f"/cases/{REF}/acknowledge?code=CP204&member=kuba&contact=hv-01"
    opened = jo.get(first)
    sam.submit(second, {"why": "Kuba was at school: seen there the next day."})
    jo.submit(first, {"why": "Held before the case was opened."}, page=opened)
    assert sorted(a.code for a in store.load(REF)[0].acknowledged) == ["CP101", "CP204"]


# --------------------------------------------------------------------------
# Removing


def test_a_member_nothing_names_is_removed_with_the_reason_kept(
    client_request: ClientRequest, store: Store
) -> None:
    client_request.import_file()
    assert (
        f'href="/cases/{REF}/members/marek/remove"' in client_request.get(f"/cases/{REF}/members/marek").html
    )
    confirm = client_request.get(f"/cases/{REF}/members/marek/remove")
    assert "Remove this member?" in confirm.text and "Marek Zielinski" in confirm.text
    client_request.submit(f"/cases/{REF}/members/marek/remove", {"reason": "recorded in the wrong case"})
    case, version = store.load(REF)
    assert version == 2 and "marek" not in {m.id for m in case.members}
    entry = store.history(REF)[-1]
    assert entry.by == "Jo Smith" and entry.reason == "Marek Zielinski removed: recorded in the wrong case"
    assert "marek" in {m.id for m in store.load(REF, 1)[0].members}  # the earlier version keeps him


def test_removing_needs_a_reason(client_request: ClientRequest, store: Store) -> None:
    client_request.import_file()
    answer = client_request.submit(f"/cases/{REF}/letters/inv-hv-02/remove", {"reason": ""}, expected=400)
    assert "Say why it is removed" in answer.text
    assert store.load(REF)[1] == 1


def test_what_the_case_still_names_is_not_removed_and_the_page_says_where(
    client_request: ClientRequest, store: Store
) -> None:
    from web_support import token

    client_request.import_file()
    expected = {
        "members/zosia": ["Home visit on 10 Nov 2026: expected there, seen there, interprets"],
        "contacts/hv-02": ["Appointment letter to Magda Nowak about the home visit on 1 Dec 2026: about it"],
    }
    for item, words in expected.items():
        path = f"/cases/{REF}/{item}/remove"
        page = client_request.get(path)
        assert "It can't be removed yet" in page.text and "Remove the" not in page.text, item
        for said in words:
            assert said in page.text, (item, said)
        # sent anyway (an old page, a crafted request): refused, nothing saved
        answer = client_request.post(
            path,
            {
                "csrf_token": token(client_request.client, path),
                "version": "1",
                "reason": "tidying",
                "save": "1",
            },
            expected=400,
        )
        assert "The case still names this" in answer.text
    assert store.load(REF)[1] == 1


def test_a_letter_a_contact_and_an_interpreter_can_be_removed(
    client_request: ClientRequest, store: Store
) -> None:
    client_request.import_file()
    for page, item in (
        ("letters/inv-hv-02/edit", "letters/inv-hv-02"),
        ("contacts/hv-02", "contacts/hv-02"),
        ("interpreters/int-pl-ewa", "interpreters/int-pl-ewa"),
    ):
        assert f'href="/cases/{REF}/{item}/remove"' in client_request.get(f"/cases/{REF}/{page}").html, page
    for item in ("letters/inv-hv-02", "contacts/hv-02", "interpreters/int-pl-ewa"):
        client_request.submit(f"/cases/{REF}/{item}/remove", {"reason": "entered twice"})
    case, version = store.load(REF)
    assert version == 4
    assert "inv-hv-02" not in {x.id for x in case.letters} and "hv-02" not in {c.id for c in case.contacts}
    assert case.interpreters == []


def test_removing_on_an_older_version_keeps_what_others_changed(
    client_request: ClientRequest, store: Store
) -> None:
    jo = client_request
    jo.import_file()
    sam = jo.as_user("Sam Patel")
    path = f"/cases/{REF}/members/marek/remove"
    opened = jo.get(path)
    sam.submit(f"/cases/{REF}/letters/inv-hv-02/remove", {"reason": "sent already"})
    jo.submit(path, {"reason": "not part of the household"}, page=opened)
    case = store.load(REF)[0]
    assert "marek" not in {m.id for m in case.members} and "inv-hv-02" not in {x.id for x in case.letters}


def test_removing_what_is_not_there_is_not_found(client_request: ClientRequest) -> None:
    client_request.import_file()
    client_request.get(f"/cases/{REF}/members/nobody/remove", expected=404)
    client_request.get(f"/cases/{REF}/policy/x/remove", expected=404)
    client_request.get("/cases/NO-SUCH-CASE/members/marek/remove", expected=404)


# --------------------------------------------------------------------------
# References with slashes


def test_a_reference_with_slashes_reaches_every_page_of_its_case(
    client_request: ClientRequest, tmp_path: Path
) -> None:
    file = tmp_path / "slashes.yaml"
    file.write_text(FAILURES.read_text().replace(REF, "CP/2026/0142"))
    assert client_request.import_file(file).location == "/cases/CP/2026/0142"
    for path in (
        "/cases/CP/2026/0142",
        "/cases/CP%2F2026%2F0142",
        "/cases/CP/2026/0142/members/zosia",
        "/cases/CP/2026/0142/members/add",
        "/cases/CP/2026/0142/contacts/hv-02",
        "/cases/CP/2026/0142/letters/inv-hv-02",
        "/cases/CP/2026/0142/plan",
        "/cases/CP/2026/0142/settings",
        "/cases/CP/2026/0142/case.yaml",
        "/cases/CP/2026/0142/calendar.ics",
        "/cases/CP/2026/0142/members/marek/remove",
    ):
        client_request.get(path)
    client_request.get("/cases/CP/2026/0142/members/nobody", expected=404)
    client_request.get("/cases/CP/2026", expected=404)


# --------------------------------------------------------------------------
# Today: the caseload and the case's page as they stand on the day shown

DAY_AFTER = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
MONTH_LATER = dt.datetime(2026, 12, 24, 9, 0, tzinfo=dt.UTC)


def test_caseload_on_the_day_after_a_visit_asks_for_its_outcome(client_request: ClientRequest) -> None:
    client_request.import_file(GOOD)
    before = client_request.get("/")
    # 22 Nov: nothing has happened yet, nothing to record; the next visit is planned in time
    assert "to record" not in before.text and "govuk-tag--green" in before.html
    with clock.frozen(DAY_AFTER):
        # days later the session has long ended (idle 30 minutes): sign in again
        client_request = client_request.as_user(client_request.user)
        page = client_request.get("/")
        assert "1 outcome to record" in page.text
        assert (
            f'href="/cases/{REF}/outcomes/paed-02">Record what happened at the Community paediatrician'
            in page.html
        )
        assert "(due tomorrow)" in page.text
        # nothing recorded: never green
        assert "govuk-tag--green" not in page.html and "No errors, but see what needs doing" in page.text


def test_caseload_a_month_later_most_urgent_first(client_request: ClientRequest, store: Store) -> None:
    client_request.import_file(GOOD)
    store.import_cases([load_case(ROOT / "examples" / "akhtar-haddad-family.yaml")], "Jo Smith", team=TEAM)
    with clock.frozen(MONTH_LATER):
        # days later the session has long ended (idle 30 minutes): sign in again
        client_request = client_request.as_user(client_request.user)
        page = client_request.get("/")
        assert "2 open cases, 2 with something overdue" in page.text
        assert "As they stand today, 24 Dec 2026" in page.text
        # the Nowak case's most urgent: paed-02's outcome, due by 26 Nov (28 days overdue)
        assert "4 overdue" in page.text and "2 outcomes to record" in page.text
        assert "28 days overdue" in page.text
        order = re.findall(r'<th scope="row"[^>]*><a class="govuk-link" href="/cases/([^"]+)"', page.html)
        earliest = {
            c.reference: due_for_case(c, today=MONTH_LATER.date())[0].due
            for c in (s.case for s in store.open_cases() if isinstance(s, StoredCase))
        }
        assert (
            order == sorted(earliest, key=lambda r: (earliest[r], r)) and "govuk-tag--green" not in page.html
        )
        # the stored findings were checked again today: CP504 counts now
        assert store.findings(REF) and any(f.code == "CP504" for f in store.findings(REF))


def test_my_cases_and_pages_of_cases(client_request: ClientRequest, store: Store) -> None:
    good = load_case(GOOD)
    cases = [
        msgspec.structs.replace(good, case=msgspec.structs.replace(good.case, reference=f"CP-2026-{i:04d}"))
        for i in range(60)
    ]
    store.import_cases(cases, "Jo Smith", team=TEAM)
    first = client_request.get("/")
    assert "60 open cases" in first.text and first.html.count('<th scope="row"') == 50
    assert 'aria-label="Page 2"' in first.html
    second = client_request.get("/?page=2")
    assert second.html.count('<th scope="row"') == 10
    assert client_request.get("/?page=99").html.count('<th scope="row"') == 10  # the last page
    assert client_request.get("/?cases=mine").html.count('<th scope="row"') == 50  # Jo Smith leads them
    sam = client_request.as_user("Sam Patel").get("/?cases=mine")
    assert "You are not the lead practitioner of any open case" in sam.text


def test_case_page_leads_with_the_children(client_request: ClientRequest) -> None:
    client_request.import_file(GOOD)
    with clock.frozen(DAY_AFTER):
        # days later the session has long ended (idle 30 minutes): sign in again
        client_request = client_request.as_user(client_request.user)
        page = client_request.get(f"/cases/{REF}")
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", page.html, re.S)
        assert heading and heading[1].strip() == "Kuba Nowak, 4"
        text = page.text
        assert "Lead practitioner: Jo Smith, Social Worker" in text
        assert text.index("What needs doing") < text.index("The children") < text.index("Family members")
        assert "Child protection plan since 17 Nov 2026" in text
        assert "Last seen 17 Nov 2026, at the home visit" in text, text[
            text.index("What needs doing") : text.index("Family members")
        ]
        # the planned 15 minutes alone at the paediatrician's (24 Nov) are not "seen alone"
        assert "Last seen alone 17 Nov 2026 for 20 minutes, at the home visit" in text
        assert "Next contact Home visit on 1 Dec 2026" in text
        assert "Next visit due By 1 Dec 2026, due in 6 days (one is planned in time)" in text
        assert "Record what happened" in text and "Outcome not recorded" in text
        # Zosia (7): a child, not on a plan
        assert "Zosia Nowak, 7" in text
    with clock.frozen(MONTH_LATER):
        # days later the session has long ended (idle 30 minutes): sign in again
        client_request = client_request.as_user(client_request.user)
        text = client_request.get(f"/cases/{REF}").text
        assert "Next visit due Overdue A visit was due by 1 Dec 2026 (23 days overdue)" in text
        assert "Visit overdue" in text
        # the findings are today's: the home visit of 1 Dec has no outcome (CP504)
        assert "Check CP504" in text


def test_case_page_after_recording_what_happened(client_request: ClientRequest) -> None:
    client_request.import_file(GOOD)
    with clock.frozen(DAY_AFTER):
        # days later the session has long ended (idle 30 minutes): sign in again
        client_request = client_request.as_user(client_request.user)
        path = f"/cases/{REF}/outcomes/paed-02"
        page = client_request.submit(path, {"status": "held"}, button=("continue", "1"), expected=200)
        page = client_request.submit(
            path,
            {
                "seen": ["magda", "kuba"],
                "alone_0": "yes",
                "minutes_0": "15",
                "through_0": "int-pl-ewa",
                "came_0": "yes",
            },
            button=("continue", "1"),
            page=page,
            expected=200,
        )
        client_request.submit(path, page=page)
        text = client_request.get(f"/cases/{REF}").text
        assert "Last seen alone 24 Nov 2026 for 15 minutes" in text
        assert "Outcome not recorded" not in text and "Change what happened" in text
        assert "to record" not in client_request.get("/").text


def test_a_case_that_cant_be_read_is_a_row_saying_so_never_green(
    client_request: ClientRequest, store: Store
) -> None:
    """Issue 25: a stored document cut short (or refused by a stricter
    reader) never takes the caseload down, and its row is never green."""
    from test_store_robust import three_cases_two_broken

    three_cases_two_broken(store, TEAM)
    page = client_request.get("/")
    text = visible(page.html)
    assert "Can't be read" in text and "tell your administrator" in text
    row = page.html[page.html.index("CP-2026-0311") :]
    row = row[: row.index("</tr>")]
    assert "govuk-tag--green" not in row and "Nothing due" not in row
    # the other cases are listed and open as ever
    assert "CP-2026-0142" in text and "CP-2026-0999" in text
    client_request.get(f"/cases/{REF}")
    # the bad case's own page says so, in words, not a server error
    bad = client_request.get("/cases/CP-2026-0311", expected=None)
    assert bad.status != 500 and "can't be read" in visible(bad.html).lower()


def test_a_reference_that_names_the_family_is_warned_about_on_import(
    client_request: ClientRequest, tmp_path: Path
) -> None:
    """Issue 26: a reference holding a member's name is said on import, with
    what calendars show instead; a plain reference (the near miss) is not."""
    named = tmp_path / "named.yaml"
    named.write_text(FAILURES.read_text(encoding="utf-8").replace(REF, "CP-NOWAK-KUBA"), encoding="utf-8")
    client_request.import_file(named)
    page = visible(client_request.get("/cases/CP-NOWAK-KUBA").html)
    assert "The case reference CP-NOWAK-KUBA holds a family member's name or address" in page
    assert "Calendars and invitations show it as" in page
    client_request.import_file(FAILURES)
    assert "holds a family member's name" not in visible(client_request.get(f"/cases/{REF}").html)
